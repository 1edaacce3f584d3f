/**
 * iShares fund download -> `etf_flows`: creations/redemptions derived from the daily shares-outstanding
 * history of an iShares fund (default IBIT), method 'shares_outstanding_t', flow_source 'ishares'.
 *
 * Endpoint: the "Download" (fund data, "XML Spreadsheet 2003") link of an iShares US product page,
 * `GET https://www.blackrock.com/varnish-api/blk-one01-product-data/product-data/api/v1/get-fund-document
 * ?appType=PRODUCT_PAGE&appSubType=ISHARES&targetSite=us-ishares&locale=en_US&portfolioId={id}
 * &component=fundDownload&userType=individual` (IBIT: portfolioId 333011, the id in its product URL
 * https://www.ishares.com/us/products/333011/ishares-bitcoin-trust-etf). Public, no key, undocumented:
 * the address and layout come from open-source readers of the file (several 2025-26 scrapers use this
 * URL for IBIT; the older `/us/products/{id}/{slug}/1521942788811.ajax?fileType=xls&dataType=fund`
 * address now serves a page shell). The body is SpreadsheetML with an `ss:` prefix; its worksheet
 * "Historical" has a header row `As Of | NAV per Share | Ex-Dividends | Shares Outstanding` (other funds
 * add columns, e.g. "Non-FV NAV"), then one row per day, newest first, dates as "Jan 11, 2024", numbers as
 * Number cells, and "--" where there is no value (the days before the fund's first NAV).
 *
 * Why etf_flows and not etf_daily: the file has NAV and shares outstanding but no market close, traded
 * volume or dollar volume, which etf_daily requires (non-null); its Holdings sheet gives bitcoin held
 * only for the latest day, so btc_per_share has no history either. Inventing those columns is not an
 * option, so this provider fills etf_flows, and NAV and shares are used only to derive the flow.
 *
 * Flow on day t = (shares_t - shares_prev) x NAV_t, where prev is the row before t in the sheet: shares
 * created or redeemed, valued at the day's NAV, attributed to the "As Of" day as iShares reports it
 * (method 'shares_outstanding_t'; docs/DATA.md "etf_flows"; analytics/flows.ts uses the same formula).
 * A day whose previous row has no share count (the first day of the file or of the fund) gives no flow
 * ('no_previous_day'); a day without NAV or shares gives none ('null_values'). The window (--from/--to)
 * filters the days reported, never the previous row a flow needs. The whole history is one document,
 * so an ingest is one request and one chunk.
 */
import { InvalidInputError } from '../../../errors.js';
import { joinUrl } from '../http.js';
import { payloadError, SkipCounter } from '../payload.js';
import { dateFlag, nowMs } from '../query.js';
import { type DataRowOf, defineDataset } from '../types.js';
import { parseSpreadsheetMl, type SheetCell, type Worksheet } from './spreadsheetMl.js';

const WHERE = { provider: 'ishares', dataset: 'etf_flows' } as const;
export const FUND_DOCUMENT_PATH = '/varnish-api/blk-one01-product-data/product-data/api/v1/get-fund-document';
/** portfolioId of the fund-document API by ticker (confirmed in public readers of the file). */
export const PORTFOLIO_IDS: Readonly<Record<string, string>> = { IBIT: '333011' };
const TICKER_RE = /^[A-Z]{1,6}$/;
const SHEET = 'Historical';
const HEADERS = { date: 'As Of', nav: 'NAV per Share', shares: 'Shares Outstanding' } as const;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const LONG_DATE_RE = /^([A-Z][a-z]{2}) (\d{1,2}), (\d{4})$/;
const ISO_DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const NUMBER_TEXT_RE = /^-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$/;

/** A normalized query: the whole history is one request. */
export interface IsharesFlowsQuery {
  readonly ticker: string;
  readonly portfolioId: string;
  /** First day reported, inclusive (YYYY-MM-DD), or null for the fund's first day. */
  readonly from: string | null;
  /** Last day reported, inclusive. */
  readonly to: string;
}

/** One day of the Historical sheet. */
interface Day {
  readonly date: string;
  readonly nav: number | null;
  readonly shares: number | null;
  readonly ref: string;
}

/** Spreadsheet column letters of a 0-based index (0 -> A, 26 -> AA). */
function column(c: number): string {
  let s = '';
  for (let n = c + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

function isRealDate(iso: string): boolean {
  const ms = Date.parse(`${iso}T00:00:00Z`);
  return Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 10) === iso;
}

/** "Jan 11, 2024", "2024-01-11" or a DateTime cell -> YYYY-MM-DD; undefined when it is none of these. */
function dateOf(cell: SheetCell | null): string | undefined {
  if (cell === null) return undefined;
  const t = cell.text.trim();
  let iso: string | undefined;
  if (cell.type === 'DateTime') iso = t.slice(0, 10);
  else if (cell.type === 'String') {
    const m = LONG_DATE_RE.exec(t);
    const month = m === null ? -1 : MONTHS.indexOf(m[1]!);
    if (m !== null && month >= 0)
      iso = `${m[3]}-${String(month + 1).padStart(2, '0')}-${m[2]!.padStart(2, '0')}`;
    else if (ISO_DATE_RE.test(t)) iso = t;
  }
  return iso !== undefined && isRealDate(iso) ? iso : undefined;
}

/** A Number cell, a numeric String cell (thousands separators allowed), or null for "--" and blanks. */
function numberOf(cell: SheetCell | null): number | null | undefined {
  if (cell === null) return null;
  const t = cell.text.trim();
  if (cell.type === 'Number') return Number(t);
  if (cell.type !== 'String') return undefined;
  if (t === '--' || t === '') return null;
  return NUMBER_TEXT_RE.test(t) ? Number(t.replaceAll(',', '')) : undefined;
}

function historicalSheet(raw: unknown): Worksheet {
  if (typeof raw !== 'string') {
    throw payloadError(WHERE, '(body)', raw, 'the text of the SpreadsheetML fund download');
  }
  const head = raw.trimStart().slice(0, 200).toLowerCase();
  if (head.startsWith('<!doctype html') || head.startsWith('<html')) {
    throw payloadError(
      WHERE,
      '(body)',
      raw.trimStart().slice(0, 60),
      'the SpreadsheetML fund download, not an HTML page (the download address may have moved)',
    );
  }
  const parsed = parseSpreadsheetMl(raw);
  if (!parsed.ok) {
    throw payloadError(
      WHERE,
      `(body) line ${parsed.line}, column ${parsed.column}`,
      parsed.excerpt,
      `well-formed SpreadsheetML (${parsed.reason})`,
    );
  }
  const sheets = parsed.workbook.worksheets.filter((w) => w.name === SHEET);
  if (sheets.length !== 1) {
    throw payloadError(
      WHERE,
      `Worksheet "${SHEET}"`,
      parsed.workbook.worksheets.map((w) => w.name),
      `exactly one worksheet named "${SHEET}" (found ${sheets.length})`,
    );
  }
  return sheets[0]!;
}

function daysOf(sheet: Worksheet): Day[] {
  const header = (sheet.rows[0] ?? []).map((c) => (c?.type === 'String' ? c.text.trim() : ''));
  const at = {
    date: header.indexOf(HEADERS.date),
    nav: header.indexOf(HEADERS.nav),
    shares: header.indexOf(HEADERS.shares),
  };
  if (at.date < 0 || at.nav < 0 || at.shares < 0) {
    throw payloadError(
      WHERE,
      `${SHEET}!1 (header row)`,
      header,
      `a header row with '${HEADERS.date}', '${HEADERS.nav}' and '${HEADERS.shares}'`,
    );
  }
  const days: Day[] = [];
  sheet.rows.forEach((row, r) => {
    if (r === 0 || row.every((c) => c === null || c.text.trim() === '')) return;
    const ref = (key: keyof typeof at): string => `${SHEET}!${column(at[key])}${r + 1} (${HEADERS[key]})`;
    const date = dateOf(row[at.date] ?? null);
    if (date === undefined) {
      throw payloadError(
        WHERE,
        ref('date'),
        row[at.date]?.text ?? null,
        "a date like 'Jan 11, 2024' or 2024-01-11",
      );
    }
    const nav = numberOf(row[at.nav] ?? null);
    if (nav === undefined || (nav !== null && !(nav > 0))) {
      throw payloadError(WHERE, ref('nav'), row[at.nav]?.text ?? null, "a NAV > 0, or '--'");
    }
    const shares = numberOf(row[at.shares] ?? null);
    if (shares === undefined || (shares !== null && !(shares >= 0))) {
      throw payloadError(WHERE, ref('shares'), row[at.shares]?.text ?? null, "a share count >= 0, or '--'");
    }
    days.push({ date, nav, shares, ref: ref('date') });
  });
  return days;
}

export const isharesEtfFlows = defineDataset<IsharesFlowsQuery, unknown, 'etf_flows'>({
  model: 'etf_flows',
  description:
    'Daily creations/redemptions of an iShares fund (default IBIT) from its shares outstanding x NAV',
  endpoint: FUND_DOCUMENT_PATH,
  fills: ['date', 'ticker', 'flow_usd', 'method', 'flow_source'],
  flags: {
    symbol: 'fund ticker (default IBIT; other iShares funds need --param portfolioId=<id>)',
    from: 'first day reported, YYYY-MM-DD (default: the first day in the file)',
    to: 'last day reported, inclusive (default: today, UTC)',
  },
  params: [
    {
      name: 'portfolioId',
      description: 'portfolioId of the fund-document API (default for IBIT: 333011)',
    },
  ],

  transformQuery(input) {
    const raw = input.symbol ?? 'IBIT';
    const ticker = raw.trim().toUpperCase();
    if (!TICKER_RE.test(ticker)) {
      throw new InvalidInputError('bad_flag', `--symbol: '${raw}' is not a fund ticker (1-6 letters)`, {
        details: { flag: '--symbol', raw },
      });
    }
    const given = input.params?.portfolioId;
    const portfolioId = given ?? PORTFOLIO_IDS[ticker];
    if (portfolioId === undefined) {
      throw new InvalidInputError(
        'missing_flag',
        `--param portfolioId is required for ${ticker} (known: ${Object.keys(PORTFOLIO_IDS).join(', ')})`,
        { details: { flag: '--param portfolioId', ticker } },
      );
    }
    if (!/^\d{3,9}$/.test(portfolioId)) {
      throw new InvalidInputError('bad_flag', `--param portfolioId: '${portfolioId}' is not a number`, {
        details: { flag: '--param portfolioId', raw: portfolioId },
      });
    }
    const to =
      input.to === undefined ? new Date(nowMs(input)).toISOString().slice(0, 10) : dateFlag('--to', input.to);
    const from = input.from === undefined ? null : dateFlag('--from', input.from);
    if (from !== null && from > to) {
      throw new InvalidInputError('bad_flag', `--from: '${from}' is after --to '${to}'`, {
        details: { flag: '--from', from, to },
      });
    }
    return { ticker, portfolioId, from, to };
  },

  async extract(q, ctx) {
    const url = joinUrl(ctx.baseUrl, FUND_DOCUMENT_PATH, {
      appType: 'PRODUCT_PAGE',
      appSubType: 'ISHARES',
      targetSite: 'us-ishares',
      locale: 'en_US',
      portfolioId: q.portfolioId,
      component: 'fundDownload',
      userType: 'individual',
    });
    const accept = 'application/vnd.ms-excel, application/xml;q=0.9, */*;q=0.5';
    return (await ctx.fetch(url, { headers: { accept } })).body;
  },

  transform(q, raw) {
    const days = daysOf(historicalSheet(raw));
    const skipped = new SkipCounter();
    const byDate = new Map<string, Day>();
    for (const d of days) {
      const seen = byDate.get(d.date);
      if (seen === undefined) byDate.set(d.date, d);
      else if (seen.nav === d.nav && seen.shares === d.shares) skipped.add('duplicate');
      else throw payloadError(WHERE, d.ref, d.date, `one row per day (${seen.ref} differs)`);
    }
    const sorted = [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    const rows: DataRowOf<'etf_flows'>[] = [];
    sorted.forEach((d, i) => {
      if ((q.from !== null && d.date < q.from) || d.date > q.to) {
        skipped.add('outside_window');
        return;
      }
      const prev = sorted[i - 1];
      if (d.nav === null || d.shares === null) skipped.add('null_values');
      else if (prev === undefined || prev.shares === null) skipped.add('no_previous_day');
      else {
        rows.push({
          date: d.date,
          ticker: q.ticker,
          flow_usd: (d.shares - prev.shares) * d.nav,
          method: 'shares_outstanding_t',
          flow_source: 'ishares',
        });
      }
    });
    return { rows, skipped: skipped.list() };
  },
});
