/**
 * CME Group settlements JSON -> `futures_settlements` (venue 'cme', CME Bitcoin futures, 5 BTC each).
 *
 * Endpoint: `GET /CmeWS/mvc/Settlements/Futures/Settlements/8478/FUT?strategy=DEFAULT&tradeDate=MM/DD/YYYY`,
 * the JSON behind the settlements tab of CME's product pages. Product id 8478 is Bitcoin futures (BTC);
 * undocumented, but used with that id by public tools (e.g. "8478 = Bitcoin Futures, checked against the
 * ProductSlate API" in a public fetcher; the same endpoint family with other ids in OpenBB's CME provider,
 * openbb_platform/providers/cme/openbb_cme/utils/helpers.py). The body, as recorded by OpenBB
 * (tests/record/http/test_cme_fetchers/test_cme_futures_curve_fetcher_urllib3_v2.yaml) and by others, is
 * `{ empty, tradeDate: 'MM/DD/YYYY', reportType: 'Final'|'Preliminary', settlements: [{ month: 'FEB 26',
 * open, high, low, last, change, settle, volume, openInterest }] }` with every value a string: numbers with
 * thousands commas, '-' where there is none, high/low/last sometimes suffixed 'A'/'B' (ask/bid), and a
 * last row `month: 'Total'`. A day without trading comes as `{ empty: true, settlements: [] }`.
 *
 * Conventions applied here:
 * - One chunk (one request, one transaction) per trade date, Monday to Friday; a holiday gives zero rows.
 * - CME posts settlements on the website at midnight Chicago time after the trade date
 *   (https://www.cmegroup.com/articles/faqs/access-to-cme-group-settlement-data-faq.html), so --to is
 *   clamped to the latest trade date published at `now`.
 * - Contract 'FEB 26' -> 'BTCG6'; expiry from cmeBtcExpiry (last Friday, holiday-adjusted).
 * - A contract whose settle, volume or open interest is '-' is skipped ('null_values'): the model has no
 *   place for a missing volume and '-' is not zero. The 'Total' row is skipped ('total_row'). A contract
 *   listed after its own expiry is skipped ('after_expiry').
 * - Preliminary and final settlements are stored alike; re-running after CME finalizes replaces them.
 *
 * CME's site often refuses scripts (HTTP 403, an HTML "blocked" page, or no answer). Such a refusal ends
 * in one message telling the user to save the JSON from a browser and import it with
 * `--param file=<saved.json>`, which runs the same transform on the file (read in `extract`).
 */
import { readFileSync } from 'node:fs';
import { zonedWallTimeToUtcMs } from '../../../core/time.js';
import { AccessDeniedError, CrashscopeError, DataError, InvalidInputError } from '../../../errors.js';
import { joinUrl } from '../http.js';
import { isFiniteNumber, payloadError, SkipCounter } from '../payload.js';
import { addDays, dateFlag, dateWindow, nowMs } from '../query.js';
import { type DataRowOf, defineDataset } from '../types.js';
import { cmeBtcExpiry, contractCode } from './cmeBtcExpiry.js';

const WHERE = { provider: 'cme', dataset: 'futures_settlements' } as const;
/** CME product id of Bitcoin futures (BTC). */
export const BTC_PRODUCT_ID = 8478;
export const SETTLEMENTS_PATH = `/CmeWS/mvc/Settlements/Futures/Settlements/${BTC_PRODUCT_ID}/FUT`;
/** Bitcoin per contract (CME contract specs: "5 bitcoin"). */
const MULTIPLIER = 5;
const CHICAGO = 'America/Chicago';
const DEFAULT_DAYS = 7;
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const MONTH_RE = /^([A-Z]{3}) (\d{2})$/;
/** '63930', '63,930', '63930.00', '1,547,837'. */
const NUMBER_RE = /^(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$/;
/** Failures after which the user is told to import a saved file instead. */
const REFUSALS = new Set(['access_denied', 'rate_limited', 'timeout', 'network_error', 'server_error']);

/** A normalized query; a chunk is the same with `from` = `to` (one trade date). */
export interface CmeSettlementsQuery {
  /** First trade date, inclusive (YYYY-MM-DD). */
  readonly from: string;
  /** Last trade date, inclusive. */
  readonly to: string;
  /** A saved settlements JSON read instead of requesting CME (`--param file=`), or null. */
  readonly file: string | null;
}

/**
 * A trade date as CME writes it.
 * @example cmeDate('2026-02-05') // '02/05/2026'
 */
export function cmeDate(date: string): string {
  return `${date.slice(5, 7)}/${date.slice(8, 10)}/${date.slice(0, 4)}`;
}

/** The URL to open in a browser (slashes of the date unencoded, as CME's own page requests it). */
function browserUrl(baseUrl: string, date: string): string {
  return `${baseUrl}${SETTLEMENTS_PATH}?strategy=DEFAULT&tradeDate=${cmeDate(date)}`;
}

function importAdvice(baseUrl: string, date: string): string {
  return `save the settlements JSON from ${browserUrl(baseUrl, date)} in a browser and run \`crashscope ingest cme futures_settlements --param file=<saved.json> --from ${date} --to ${date}\``;
}

/** Why a request failed, in a few words, from the framework's error. */
function refusalReason(error: CrashscopeError): string {
  const d = error.details;
  if (error.code === 'timeout') return `no answer within ${Number(d.timeoutMs) / 1000} s`;
  if (error.code === 'network_error') {
    return `connection failed${typeof d.errno === 'string' ? `: ${d.errno}` : ''}`;
  }
  return `HTTP ${String(d.status)}`;
}

/** The latest trade date whose settlements are on CME's website at `now` (posted at midnight Chicago). */
function latestPublished(date: string, now: number): string {
  let d = date;
  while (zonedWallTimeToUtcMs(addDays(d, 1), 0, 0, CHICAGO) > now) d = addDays(d, -1);
  return d;
}

function isWeekday(date: string): boolean {
  const wd = new Date(`${date}T00:00:00Z`).getUTCDay();
  return wd !== 0 && wd !== 6;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** A CME number string ('63,930.00'), null for '-', undefined when it is neither. */
function cmeNumber(v: unknown): number | null | undefined {
  if (isFiniteNumber(v)) return v;
  if (typeof v !== 'string') return undefined;
  const s = v.trim();
  if (s === '-') return null;
  return NUMBER_RE.test(s) ? Number(s.replaceAll(',', '')) : undefined;
}

function readSavedFile(path: string, baseUrl: string, date: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code ?? String(error);
    throw new InvalidInputError('bad_flag', `--param file=${path}: cannot read it (${code})`, {
      details: { flag: '--param', param: 'file', path },
      cause: error,
    });
  }
  const body = text.replace(/^\uFEFF/, '').trimStart();
  if (body.startsWith('<')) {
    throw new DataError(
      'bad_file',
      `--param file=${path}: an HTML page, not the settlements JSON; open ${browserUrl(baseUrl, date)} itself in the browser and save what it shows`,
      { details: { path } },
    );
  }
  try {
    return JSON.parse(body);
  } catch (error) {
    throw new DataError('bad_file', `--param file=${path}: not valid JSON (${(error as Error).message})`, {
      details: { path },
      cause: error,
    });
  }
}

export const cmeFuturesSettlements = defineDataset<CmeSettlementsQuery, unknown, 'futures_settlements'>({
  model: 'futures_settlements',
  description:
    'CME Bitcoin futures (BTC, 5 BTC) daily settlement, volume and open interest per contract month',
  endpoint: SETTLEMENTS_PATH,
  fills: ['date', 'venue', 'contract', 'expiry', 'settle', 'volume', 'open_interest', 'multiplier'],
  flags: {
    from: 'first trade date, YYYY-MM-DD (default: 6 days before --to)',
    to: 'last trade date, inclusive (default: the latest published, i.e. before the last midnight in Chicago)',
  },
  params: [
    {
      name: 'file',
      description:
        'a settlements JSON saved from a browser, read instead of requesting CME (needs --from D --to D, its trade date)',
    },
  ],

  transformQuery(input) {
    const file = input.params?.file;
    if (file !== undefined) {
      if (file.trim() === '') {
        throw new InvalidInputError('bad_flag', '--param file=: the path is empty', {
          details: { flag: '--param', param: 'file' },
        });
      }
      if (input.from === undefined || input.to === undefined || input.from !== input.to) {
        throw new InvalidInputError(
          'bad_flag',
          `--param file=${file}: a saved file holds one trade date; give it as --from D --to D`,
          { details: { flag: '--from', param: 'file', from: input.from, to: input.to } },
        );
      }
      const date = dateFlag('--from', input.from);
      nowMs(input);
      return { from: date, to: date, file };
    }
    const now = nowMs(input);
    const window = dateWindow(input, DEFAULT_DAYS);
    const to = latestPublished(window.to, now);
    if (window.from > to) {
      throw new InvalidInputError(
        'bad_flag',
        `--from: '${window.from}' is after ${to}, the latest trade date CME has published at ${input.now} (settlements are posted at midnight Chicago time after the trade date)`,
        { details: { flag: '--from', from: window.from, latest: to } },
      );
    }
    return { from: window.from, to, file: null };
  },

  chunks(q) {
    if (q.file !== null) return [q];
    const out: CmeSettlementsQuery[] = [];
    for (let d = q.from; d <= q.to; d = addDays(d, 1)) {
      if (isWeekday(d)) out.push({ from: d, to: d, file: null });
    }
    return out;
  },

  async extract(q, ctx) {
    if (q.file !== null) return readSavedFile(q.file, ctx.baseUrl, q.from);
    const url = joinUrl(ctx.baseUrl, SETTLEMENTS_PATH, { strategy: 'DEFAULT', tradeDate: cmeDate(q.from) });
    let response: Awaited<ReturnType<typeof ctx.fetch>>;
    try {
      response = await ctx.fetch(url);
    } catch (error) {
      if (error instanceof CrashscopeError && REFUSALS.has(error.code)) {
        const Class = error.constructor as typeof AccessDeniedError;
        throw new Class(
          error.code,
          `cme futures_settlements: CME refused the request (${refusalReason(error)}): ${importAdvice(ctx.baseUrl, q.from)}`,
          { details: { ...error.details, tradeDate: q.from }, cause: error },
        );
      }
      throw error;
    }
    // Akamai's block page comes with a 200 as often as with a 403.
    if (response.body.trimStart().startsWith('<')) {
      throw new AccessDeniedError(
        'access_denied',
        `cme futures_settlements: CME refused the request (HTTP ${response.status}, an HTML page instead of the settlements JSON): ${importAdvice(ctx.baseUrl, q.from)}`,
        { details: { provider: 'cme', dataset: 'futures_settlements', url, status: response.status } },
      );
    }
    return response.json();
  },

  transform(q, raw) {
    if (!isRecord(raw)) {
      throw payloadError(WHERE, '(body)', raw, 'an object { tradeDate, settlements: [...] }');
    }
    if (raw.tradeDate !== undefined && raw.tradeDate !== cmeDate(q.from)) {
      throw payloadError(WHERE, 'tradeDate', raw.tradeDate, `'${cmeDate(q.from)}', the trade date asked for`);
    }
    const settlements = raw.settlements ?? (raw.empty === true ? [] : undefined);
    if (!Array.isArray(settlements)) {
      throw payloadError(WHERE, 'settlements', settlements, 'an array of contract months');
    }
    if (raw.empty === true && settlements.length > 0) {
      throw payloadError(WHERE, 'settlements', settlements.length, 'no contract months when empty is true');
    }
    const skipped = new SkipCounter();
    const byContract = new Map<string, DataRowOf<'futures_settlements'>>();
    settlements.forEach((s: unknown, i) => {
      const at = `settlements[${i}]`;
      if (!isRecord(s)) throw payloadError(WHERE, at, s, 'an object { month, settle, volume, openInterest }');
      if (s.month === 'Total') {
        skipped.add('total_row');
        return;
      }
      const m = typeof s.month === 'string' ? MONTH_RE.exec(s.month.trim().toUpperCase()) : null;
      const monthIndex = m === null ? -1 : MONTHS.indexOf(m[1]!);
      if (m === null || monthIndex < 0) {
        throw payloadError(WHERE, `${at}.month`, s.month, "a contract month like 'FEB 26' or 'Total'");
      }
      const values = {} as Record<'settle' | 'volume' | 'openInterest', number | null>;
      for (const field of ['settle', 'volume', 'openInterest'] as const) {
        const v = cmeNumber(s[field]);
        if (v === undefined) {
          throw payloadError(WHERE, `${at}.${field}`, s[field], "a number string like '63,930.00', or '-'");
        }
        if (v !== null && field !== 'settle' && !Number.isInteger(v)) {
          throw payloadError(WHERE, `${at}.${field}`, s[field], 'a whole number of contracts');
        }
        values[field] = v;
      }
      if (values.settle === null || values.volume === null || values.openInterest === null) {
        skipped.add('null_values');
        return;
      }
      const year = 2000 + Number(m[2]);
      const month = monthIndex + 1;
      const expiry = cmeBtcExpiry(year, month);
      if (expiry < q.from) {
        skipped.add('after_expiry');
        return;
      }
      const row: DataRowOf<'futures_settlements'> = {
        date: q.from,
        venue: 'cme',
        contract: contractCode('BTC', year, month),
        expiry,
        settle: values.settle,
        volume: values.volume,
        open_interest: values.openInterest,
        multiplier: MULTIPLIER,
      };
      const seen = byContract.get(row.contract);
      if (seen !== undefined) {
        if (
          seen.settle === row.settle &&
          seen.volume === row.volume &&
          seen.open_interest === row.open_interest
        ) {
          skipped.add('duplicate');
          return;
        }
        throw payloadError(WHERE, at, s, `one entry per contract month (another ${s.month} differs)`);
      }
      byContract.set(row.contract, row);
    });
    const rows = [...byContract.values()].sort((a, b) => (a.expiry < b.expiry ? -1 : 1));
    return { rows, skipped: skipped.list() };
  },
});
