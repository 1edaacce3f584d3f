/**
 * Binance USD-M futures funding rate history -> `funding` (venue 'binance', symbol as asked, BTCUSDT by
 * default).
 *
 * Endpoint ("Get Funding Rate History",
 * https://developers.binance.com/docs/derivatives/usds-margined-futures/market-data/rest-api/Get-Funding-Rate-History):
 * `GET /fapi/v1/fundingRate?symbol=&startTime=&endTime=&limit=1000`, startTime and endTime inclusive,
 * "in ascending order", at most 1000 records; when more fall in the window, the first 1000 from
 * startTime come back. Records are `{ symbol, fundingRate: "-0.03750000", fundingTime: 1570608000000,
 * markPrice: "34287.54619963" }`: the rate is a decimal per funding interval (8 h for BTCUSDT), + = longs
 * pay shorts, exactly the model's convention, so it is stored as is.
 *
 * Chunks are 90-day windows (about 270 records at 8 h); a page that comes back full is followed by one
 * starting just after its last record, so a symbol funded every hour still arrives whole. `ts` is the
 * funding time floored to the second (Binance stamps some funding events a few milliseconds after the
 * hour). No gaps are reported: the funding interval is the exchange's to change. Identical repeats are
 * dropped; two different rates for one instant are refused.
 */
import { isoInstant } from '../../../store/align.js';
import { joinUrl } from '../http.js';
import { pageGuard } from '../pager.js';
import { payloadError, SkipCounter } from '../payload.js';
import { addDays, dateWindow, nowMs } from '../query.js';
import { type DataRowOf, defineDataset } from '../types.js';
import { explainLocationRefusal, isLocationRefusal } from './refusal.js';
import { decimalString, epochMs, symbolFlag } from './values.js';

const WHERE = { provider: 'binance', dataset: 'funding' } as const;
const DAY_MS = 86_400_000;
export const FUNDING_LIMIT = 1000;
const CHUNK_DAYS = 90;
const DEFAULT_DAYS = 90;
/** Pages followed within one chunk (90 days at one funding a minute would still fit). */
const MAX_PAGES = 200;

/** A normalized query (and a chunk: the same over a narrower window). */
export interface BinanceFundingQuery {
  readonly symbol: string;
  /** Funding instants in [start, end) (ISO, UTC). */
  readonly start: string;
  readonly end: string;
}

export const binanceFunding = defineDataset<BinanceFundingQuery, unknown, 'funding'>({
  model: 'funding',
  description: 'Binance USD-M perpetual funding rates (decimal per funding interval, + = longs pay shorts)',
  endpoint: '/fapi/v1/fundingRate',
  fills: ['ts', 'venue', 'symbol', 'rate'],
  flags: {
    symbol: 'USD-M perpetual symbol, e.g. BTCUSDT (default BTCUSDT)',
    from: 'first UTC day, YYYY-MM-DD (default: 90 days before --to)',
    to: 'last UTC day, inclusive (default: today, up to now)',
  },

  transformQuery(input) {
    const symbol = symbolFlag(input.symbol);
    const { from, to } = dateWindow(input, DEFAULT_DAYS);
    const startMs = Date.parse(`${from}T00:00:00Z`);
    const endMs = Math.max(startMs, Math.min(Date.parse(`${addDays(to, 1)}T00:00:00Z`), nowMs(input)));
    return { symbol, start: isoInstant(startMs), end: isoInstant(endMs) };
  },

  chunks(q) {
    const endMs = Date.parse(q.end);
    const out: BinanceFundingQuery[] = [];
    for (let t = Date.parse(q.start); t < endMs; t += CHUNK_DAYS * DAY_MS) {
      out.push({ ...q, start: isoInstant(t), end: isoInstant(Math.min(endMs, t + CHUNK_DAYS * DAY_MS)) });
    }
    return out;
  },

  async extract(q, ctx) {
    const endMs = Date.parse(q.end);
    let startMs = Date.parse(q.start);
    const pages: unknown[] = [];
    const guard = pageGuard('binance funding', startMs, { direction: 'up', maxPages: MAX_PAGES });
    while (startMs < endMs) {
      const url = joinUrl(ctx.baseUrl, '/fapi/v1/fundingRate', {
        symbol: q.symbol,
        startTime: startMs,
        endTime: endMs - 1,
        limit: FUNDING_LIMIT,
      });
      let body: unknown;
      try {
        body = (await ctx.fetch(url)).json();
      } catch (error) {
        if (isLocationRefusal(error)) {
          throw explainLocationRefusal(
            error,
            'run from an eligible location, or give a mirror or proxy with --base-url',
          );
        }
        throw error;
      }
      pages.push(body);
      const last = Array.isArray(body) && body.length >= FUNDING_LIMIT ? lastFundingTime(body) : undefined;
      if (last === undefined) break;
      guard.next(body, last + 1);
      startMs = last + 1;
    }
    return pages;
  },

  transform(q, raw) {
    if (!Array.isArray(raw)) throw payloadError(WHERE, '(pages)', raw, 'the list of pages extract received');
    const startMs = Date.parse(q.start);
    const endMs = Date.parse(q.end);
    const skipped = new SkipCounter();
    const byTs = new Map<number, number>();
    raw.forEach((body: unknown, k) => {
      const prefix = raw.length === 1 ? '' : `[page ${k}]`;
      if (!Array.isArray(body)) {
        throw payloadError(
          WHERE,
          prefix || '(body)',
          body,
          'an array of { symbol, fundingRate, fundingTime }',
        );
      }
      body.forEach((item: unknown, i) => {
        const p = `${prefix}[${i}]`;
        if (item === null || typeof item !== 'object' || Array.isArray(item)) {
          throw payloadError(WHERE, p, item, 'an object { symbol, fundingRate, fundingTime, markPrice }');
        }
        const o = item as Record<string, unknown>;
        if (o.symbol !== q.symbol)
          throw payloadError(WHERE, `${p}.symbol`, o.symbol, `'${q.symbol}', the symbol asked for`);
        const time = epochMs(o.fundingTime);
        if (time === undefined)
          throw payloadError(WHERE, `${p}.fundingTime`, o.fundingTime, 'ms since the epoch');
        const rate = decimalString(o.fundingRate);
        if (rate === undefined) {
          throw payloadError(
            WHERE,
            `${p}.fundingRate`,
            o.fundingRate,
            'a decimal string per funding interval',
          );
        }
        if (time < startMs || time >= endMs) {
          skipped.add('outside_window');
          return;
        }
        const ts = Math.floor(time / 1000) * 1000;
        const seen = byTs.get(ts);
        if (seen !== undefined) {
          if (seen === rate) {
            skipped.add('duplicate');
            return;
          }
          throw payloadError(
            WHERE,
            p,
            item,
            `one funding rate per instant (another at ${isoInstant(ts)} is ${seen})`,
          );
        }
        byTs.set(ts, rate);
      });
    });
    const rows: DataRowOf<'funding'>[] = [...byTs.keys()]
      .sort((a, b) => a - b)
      .map((ts) => ({ ts: isoInstant(ts), venue: 'binance', symbol: q.symbol, rate: byTs.get(ts)! }));
    return { rows, skipped: skipped.list() };
  },
});

/** fundingTime of a page's last record, when it is readable (transform judges the rest). */
function lastFundingTime(page: readonly unknown[]): number | undefined {
  const last = page[page.length - 1];
  return last !== null && typeof last === 'object'
    ? epochMs((last as Record<string, unknown>).fundingTime)
    : undefined;
}
