/**
 * OCC volume query -> `options_daily`: each trading day's call and put volume of one underlying.
 *
 * Endpoint: `GET https://marketdata.theocc.com/volume-query?reportDate=YYYYMMDD&format=csv&volumeQueryType=O
 * &symbolType=U&symbol={symbol}&reportType=D&accountType=ALL&productKind=ALL&porc=BOTH`, public, no key.
 * Parameters as OCC documents them for batch use
 * (http://www.optionsclearing.com/market-data/batch-processing.jsp): reportDate yyyymmdd; format
 * csv|txt; volumeQueryType O; symbolType U (underlying) | O (option root) | ALL; reportType D|W|M;
 * accountType C (customer) | M (market maker) | F (firm) | ALL; productKind OSTK|OIND|ODBT|ALL; porc
 * C|P|BOTH. The host moved from www.theocc.com/webapps to marketdata.theocc.com,
 * and `format=csv` is now required (public scrapers that probed it in 2026 report "Report Format is
 * Required" without it). The CSV (as recorded by those scrapers; OCC publishes no sample):
 *
 *   quantity,underlying,symbol,actype,porc,exchange,actdate
 *   4000000,NVDA,NVDA,C,C,CBOE,06/26/2026,
 *
 * one line per option root x account type x call/put x exchange, data lines ending in a trailing comma,
 * actdate MM/DD/YYYY. A day without data (weekend, holiday, or older than the ~2 years OCC keeps) is a
 * 200 response whose body is "No record(s) found": zero rows, not an error.
 *
 * Volume: "All values stated in this report represent contract sides (1 side long, 1 side short).
 * Therefore to get a number that reflects the total number of contracts ... you must divide the total
 * exchange volume shown by 2" (OCC, volume query form,
 * http://www.optionsclearing.com/market/volume/volbyproduct_form.jsp).
 * So call_volume = (sum of `quantity` over every account type and exchange of the calls) / 2, and the
 * same for puts; an odd side total contradicts that and is refused. Series of adjusted roots (a digit
 * in the root of an underlying that has none, such as 2XLK under XLK) deliver something other than 100
 * shares and are left out ('adjusted_root'; a day with nothing else gives no row). Open interest is not
 * in this report: call_oi and put_oi stay NULL. One request per weekday of --from..--to, each its own
 * chunk (and transaction), so an interrupted ingest resumes where it stopped; weekends are not requested.
 */

import { weekday } from '../../../core/time.js';
import { InvalidInputError } from '../../../errors.js';
import { joinUrl } from '../http.js';
import { payloadError, SkipCounter } from '../payload.js';
import { addDays, dateWindow, nowMs } from '../query.js';
import { type DataRowOf, defineDataset } from '../types.js';

const WHERE = { provider: 'occ', dataset: 'options_daily' } as const;
const SYMBOL_RE = /^[A-Z][A-Z0-9]{0,5}$/;
const COLUMNS = ['quantity', 'underlying', 'symbol', 'actype', 'porc', 'exchange', 'actdate'] as const;
const ACCOUNT_TYPES = ['C', 'F', 'M'];
const NO_RECORDS_RE = /^No record\(s\) found$/i;
const ACTDATE_RE = /^(\d{2})\/(\d{2})\/(\d{4})$/;
const DEFAULT_DAYS = 30;

/** A normalized query; a chunk is the same over one weekday. */
export interface OccVolumeQuery {
  readonly symbol: string;
  /** First day, inclusive (YYYY-MM-DD). */
  readonly from: string;
  /** Last day, inclusive. */
  readonly to: string;
}

/**
 * The Monday-to-Friday dates of an inclusive window, in order.
 * @example weekdaysOf('2026-02-06', '2026-02-09') // ['2026-02-06', '2026-02-09']
 */
export function weekdaysOf(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) {
    const w = weekday(d);
    if (w !== 0 && w !== 6) out.push(d);
  }
  return out;
}

/** One report (one day's CSV) -> that day's row, or none; throws a PayloadError naming the line and field. */
function dayRow(
  q: OccVolumeQuery,
  date: string,
  body: string,
  skipped: SkipCounter,
): DataRowOf<'options_daily'> | undefined {
  const where = `reportDate=${date.replaceAll('-', '')}`;
  const text = body.replace(/^\uFEFF/, '');
  if (NO_RECORDS_RE.test(text.trim())) return undefined;
  const lines = text.split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop();
  const header = (lines[0] ?? '').split(',').map((h) => h.trim());
  const index = COLUMNS.map((c) => header.indexOf(c));
  if (index.some((i) => i < 0)) {
    throw payloadError(
      WHERE,
      `${where} line 1 (header)`,
      lines[0] ?? '',
      `OCC's CSV header ${COLUMNS.join(',')} (or the body 'No record(s) found')`,
    );
  }
  const [iQty, iUnd, iRoot, iAcct, iPorc, iExch, iDate] = index as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const sides = { C: 0, P: 0 };
  const seen = new Set<string>();
  let counted = 0;
  for (let n = 2; n <= lines.length; n++) {
    const line = lines[n - 1]!;
    const at = `${where} line ${n}`;
    if (line.includes('"')) throw payloadError(WHERE, at, line, 'unquoted comma-separated fields');
    const f = line.split(',');
    // Data lines end in a trailing comma: one empty field more than the header.
    if (f.length === header.length + 1 && f[f.length - 1] === '') f.pop();
    if (f.length !== header.length) {
      throw payloadError(WHERE, at, line, `${header.length} comma-separated fields like the header`);
    }
    const qty = f[iQty]!.trim();
    if (!/^\d{1,12}$/.test(qty))
      throw payloadError(WHERE, `${at} (quantity)`, qty, 'a whole number of contract sides');
    if (f[iUnd]!.trim() !== q.symbol) {
      throw payloadError(WHERE, `${at} (underlying)`, f[iUnd], `'${q.symbol}', the underlying asked for`);
    }
    const root = f[iRoot]!.trim();
    if (!/^[A-Z0-9]{1,6}$/.test(root)) {
      throw payloadError(WHERE, `${at} (symbol)`, root, 'an option root (1-6 letters or digits)');
    }
    const acct = f[iAcct]!.trim();
    if (!ACCOUNT_TYPES.includes(acct)) {
      throw payloadError(WHERE, `${at} (actype)`, acct, 'C (customer), F (firm) or M (market maker)');
    }
    const porc = f[iPorc]!.trim();
    if (porc !== 'C' && porc !== 'P') throw payloadError(WHERE, `${at} (porc)`, porc, 'C (call) or P (put)');
    const exchange = f[iExch]!.trim();
    if (!/^[A-Z0-9]{1,8}$/.test(exchange))
      throw payloadError(WHERE, `${at} (exchange)`, exchange, 'an exchange code');
    const m = ACTDATE_RE.exec(f[iDate]!.trim());
    if (m === null || `${m[3]}-${m[1]}-${m[2]}` !== date) {
      throw payloadError(
        WHERE,
        `${at} (actdate)`,
        f[iDate],
        `${date.slice(5, 7)}/${date.slice(8)}/${date.slice(0, 4)}, the day asked for`,
      );
    }
    const key = `${root}|${acct}|${porc}|${exchange}`;
    if (seen.has(key)) {
      throw payloadError(
        WHERE,
        at,
        line,
        `one line per root, account type, call/put and exchange (${key} repeats)`,
      );
    }
    seen.add(key);
    if (root !== q.symbol && /\d/.test(root) && !/\d/.test(q.symbol)) {
      skipped.add('adjusted_root');
      continue;
    }
    sides[porc] += Number(qty);
    counted++;
  }
  if (counted === 0) return undefined;
  for (const porc of ['C', 'P'] as const) {
    if (sides[porc] % 2 !== 0) {
      throw payloadError(
        WHERE,
        `${where} (quantity, ${porc === 'C' ? 'calls' : 'puts'})`,
        sides[porc],
        'an even number of contract sides (OCC lists both sides of every contract)',
      );
    }
  }
  return { date, underlying: q.symbol, call_volume: sides.C / 2, put_volume: sides.P / 2 };
}

export const occOptionsDaily = defineDataset<OccVolumeQuery, unknown, 'options_daily'>({
  model: 'options_daily',
  description: 'OCC cleared option volume of one underlying per day: calls and puts (contracts, sides / 2)',
  endpoint: '/volume-query',
  fills: ['date', 'underlying', 'call_volume', 'put_volume'],
  flags: {
    symbol: 'underlying, e.g. IBIT (default IBIT)',
    from: `first day, YYYY-MM-DD (default: ${DEFAULT_DAYS} days before --to; OCC keeps about 2 years)`,
    to: 'last day, inclusive (default: today, UTC; a day without a report gives no row)',
  },

  transformQuery(input) {
    const raw = input.symbol ?? 'IBIT';
    const symbol = raw.trim().toUpperCase();
    if (!SYMBOL_RE.test(symbol)) {
      throw new InvalidInputError(
        'bad_flag',
        `--symbol: '${raw}' is not an underlying symbol (1-6 letters or digits)`,
        {
          details: { flag: '--symbol', raw },
        },
      );
    }
    nowMs(input);
    return { symbol, ...dateWindow(input, DEFAULT_DAYS) };
  },

  chunks(q) {
    return weekdaysOf(q.from, q.to).map((d) => ({ ...q, from: d, to: d }));
  },

  async extract(q, ctx) {
    const days = weekdaysOf(q.from, q.to);
    const bodies: string[] = [];
    for (const d of days) {
      if (days.length > 1) ctx.progress(`occ volume-query ${q.symbol} ${d}`);
      const url = joinUrl(ctx.baseUrl, '/volume-query', {
        reportDate: d.replaceAll('-', ''),
        format: 'csv',
        volumeQueryType: 'O',
        symbolType: 'U',
        symbol: q.symbol,
        reportType: 'D',
        accountType: 'ALL',
        productKind: 'ALL',
        porc: 'BOTH',
      });
      bodies.push(
        (await ctx.fetch(url, { headers: { accept: 'text/csv, text/plain;q=0.9, */*;q=0.5' } })).body,
      );
    }
    return bodies;
  },

  transform(q, raw) {
    const days = weekdaysOf(q.from, q.to);
    if (!Array.isArray(raw) || raw.length !== days.length || raw.some((b) => typeof b !== 'string')) {
      throw payloadError(
        WHERE,
        '(body)',
        raw,
        `${days.length} report bodies (text), one per weekday of ${q.from}..${q.to}`,
      );
    }
    const skipped = new SkipCounter();
    const rows: DataRowOf<'options_daily'>[] = [];
    days.forEach((d, i) => {
      const row = dayRow(q, d, raw[i] as string, skipped);
      if (row !== undefined) rows.push(row);
    });
    return { rows, skipped: skipped.list() };
  },
});
