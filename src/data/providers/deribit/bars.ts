/**
 * Deribit volatility index (DVOL) candles -> `bars` (venue 'deribit', symbol 'DVOL' for BTC, 'ETHDVOL'
 * for ETH, the names Deribit and TradingView list them under).
 *
 * Endpoint (https://docs.deribit.com/api-reference/market-data/public-get_volatility_index_data):
 * `GET /api/v2/public/get_volatility_index_data?currency=BTC&resolution=60|3600|1D&start_timestamp=&
 * end_timestamp=` (ms), public, no key. `result` is `{ data: [[timestamp ms, open, high, low, close], ...],
 * continuation }`; "continuation - to be used as the end_timestamp parameter on the next request. NULL
 * when no continuation". So a long window comes back newest part first: `extract` follows the
 * continuation (end_timestamp = continuation) until it is null, no longer moves back, or falls before the
 * window, and returns every page it received. The documentation states no number of candles per page;
 * chunks are cut at 1000 candles so that a chunk is normally one request.
 *
 * Values are DVOL index points as Deribit publishes them (an annualized 30-day implied volatility in
 * percent: 55.3 means 55.3%), not decimals: `bars` holds prices and index levels in their own units, and
 * DVOL's unit is the point. The index has no traded volume: `volume` stays NULL. Candles are stamped at
 * their open in UTC; '1d' candles are UTC days. Candles still in progress at `now` are left out (the window
 * ends at the last completed candle); candles Deribit did not publish are reported as gaps; identical
 * repeats (page overlaps) are dropped, conflicting ones refused.
 */
import { InvalidInputError } from '../../../errors.js';
import { isoInstant } from '../../../store/align.js';
import { joinUrl } from '../http.js';
import { pageGuard } from '../pager.js';
import { gapsOnGrid, isFiniteNumber, payloadError, SkipCounter } from '../payload.js';
import { addDays, dateWindow, nowMs, oneOfFlag } from '../query.js';
import { type DataRowOf, defineDataset } from '../types.js';
import { isRecord, rpcResult } from './rpc.js';

const WHERE = { provider: 'deribit', dataset: 'bars' } as const;
const INTERVALS = ['1m', '1h', '1d'] as const;
type Interval = (typeof INTERVALS)[number];
/** Deribit's `resolution` parameter per interval (seconds, or the keyword 1D). */
const RESOLUTION: Readonly<Record<Interval, string>> = { '1m': '60', '1h': '3600', '1d': '1D' };
const STEP_MS: Readonly<Record<Interval, number>> = { '1m': 60_000, '1h': 3_600_000, '1d': 86_400_000 };
const DEFAULT_DAYS: Readonly<Record<Interval, number>> = { '1m': 1, '1h': 30, '1d': 365 };
/** Candles per chunk (one transaction, normally one request). */
export const CANDLES_PER_CHUNK = 1000;
/** Continuation pages followed within one chunk before giving up (what is left shows as gaps). */
export const MAX_PAGES = 50;
const SYMBOLS = { DVOL: 'BTC', ETHDVOL: 'ETH' } as const;
type DvolSymbol = keyof typeof SYMBOLS;

/** A normalized query (and a chunk: the same over a narrower window). */
export interface DeribitBarsQuery {
  readonly symbol: DvolSymbol;
  readonly currency: (typeof SYMBOLS)[DvolSymbol];
  readonly interval: Interval;
  /** First candle open, inclusive (ISO instant, UTC). */
  readonly start: string;
  /** Window end, exclusive (ISO instant, UTC). */
  readonly end: string;
}

export const deribitBars = defineDataset<DeribitBarsQuery, unknown, 'bars'>({
  model: 'bars',
  description: 'Deribit DVOL volatility index candles (BTC: DVOL, ETH: ETHDVOL), 1m/1h/1d, index points',
  endpoint: '/api/v2/public/get_volatility_index_data',
  fills: ['ts', 'venue', 'symbol', 'interval', 'open', 'high', 'low', 'close'],
  flags: {
    symbol: 'DVOL (BTC, default) | ETHDVOL (ETH)',
    interval: '1m | 1h | 1d (default 1d)',
    from: 'first UTC day, YYYY-MM-DD (default: 1, 30 or 365 days before --to for 1m, 1h, 1d)',
    to: 'last UTC day, inclusive (default: today; the candle in progress is left out)',
  },

  transformQuery(input) {
    const raw = input.symbol?.trim().toUpperCase() ?? 'DVOL';
    if (!Object.hasOwn(SYMBOLS, raw)) {
      throw new InvalidInputError(
        'bad_flag',
        `--symbol: '${input.symbol}' is not a Deribit volatility index (DVOL for BTC, ETHDVOL for ETH)`,
        { details: { flag: '--symbol', raw: input.symbol } },
      );
    }
    const symbol = raw as DvolSymbol;
    const interval = oneOfFlag('--interval', input.interval, INTERVALS, '1d');
    const { from, to } = dateWindow(input, DEFAULT_DAYS[interval]);
    const step = STEP_MS[interval];
    const startMs = Date.parse(`${from}T00:00:00Z`);
    const lastCompleteEnd = Math.floor(nowMs(input) / step) * step;
    const endMs = Math.max(startMs, Math.min(Date.parse(`${addDays(to, 1)}T00:00:00Z`), lastCompleteEnd));
    return {
      symbol,
      currency: SYMBOLS[symbol],
      interval,
      start: isoInstant(startMs),
      end: isoInstant(endMs),
    };
  },

  chunks(q) {
    const span = CANDLES_PER_CHUNK * STEP_MS[q.interval];
    const endMs = Date.parse(q.end);
    const out: DeribitBarsQuery[] = [];
    for (let t = Date.parse(q.start); t < endMs; t += span) {
      out.push({ ...q, start: isoInstant(t), end: isoInstant(Math.min(endMs, t + span)) });
    }
    return out;
  },

  async extract(q, ctx) {
    const startMs = Date.parse(q.start);
    // end_timestamp is "the most recent timestamp to return result from": inclusive, so 1 ms before the
    // chunk end keeps the next chunk's first candle out.
    let endMs = Date.parse(q.end) - 1;
    const pages: unknown[] = [];
    const guard = pageGuard('deribit bars', endMs, { direction: 'down', maxPages: MAX_PAGES });
    for (;;) {
      const url = joinUrl(ctx.baseUrl, '/api/v2/public/get_volatility_index_data', {
        currency: q.currency,
        resolution: RESOLUTION[q.interval],
        start_timestamp: startMs,
        end_timestamp: endMs,
      });
      const body = (await ctx.fetch(url)).json();
      pages.push(body);
      const next = continuationOf(body);
      if (next === undefined || next <= startMs) break;
      guard.next(body, next);
      endMs = next;
    }
    return pages;
  },

  transform(q, raw) {
    if (!Array.isArray(raw)) throw payloadError(WHERE, '(pages)', raw, 'the list of pages extract received');
    const step = STEP_MS[q.interval];
    const startMs = Date.parse(q.start);
    const endMs = Date.parse(q.end);
    const skipped = new SkipCounter();
    const byTime = new Map<number, readonly number[]>();
    raw.forEach((body: unknown, k) => {
      const prefix = raw.length === 1 ? '' : `[page ${k}].`;
      const result = rpcResult(WHERE, body, prefix);
      if (!isRecord(result))
        throw payloadError(WHERE, `${prefix}result`, result, 'an object { data, continuation }');
      const c = result.continuation;
      if (c !== null && c !== undefined && !(isFiniteNumber(c) && Number.isInteger(c))) {
        throw payloadError(WHERE, `${prefix}result.continuation`, c, 'null or a timestamp in ms');
      }
      const data = result.data;
      if (!Array.isArray(data)) {
        throw payloadError(
          WHERE,
          `${prefix}result.data`,
          data,
          'an array of candles [ts, open, high, low, close]',
        );
      }
      data.forEach((candle: unknown, j) => {
        const p = `${prefix}result.data[${j}]`;
        if (!Array.isArray(candle) || candle.length < 5) {
          throw payloadError(WHERE, p, candle, 'a candle [timestamp ms, open, high, low, close]');
        }
        const ts = candle[0];
        if (!isFiniteNumber(ts) || !Number.isInteger(ts) || ts % step !== 0) {
          throw payloadError(
            WHERE,
            `${p}[0] (timestamp)`,
            ts,
            `ms since the epoch on the ${q.interval} grid`,
          );
        }
        const ohlc = candle.slice(1, 5) as unknown[];
        if (ohlc.some((v) => v === null)) {
          skipped.add('null_values');
          return;
        }
        ohlc.forEach((v, m) => {
          if (!isFiniteNumber(v)) {
            throw payloadError(WHERE, `${p}[${m + 1}] (${OHLC[m]})`, v, 'a number (index points)');
          }
        });
        if (ts < startMs || ts >= endMs) {
          skipped.add('outside_window');
          return;
        }
        const values = ohlc as number[];
        const seen = byTime.get(ts);
        if (seen !== undefined) {
          if (seen.every((v, m) => v === values[m])) {
            skipped.add('duplicate');
            return;
          }
          throw payloadError(WHERE, p, candle, `one candle per time (another at ${isoInstant(ts)} differs)`);
        }
        byTime.set(ts, values);
      });
    });
    const times = [...byTime.keys()].sort((a, b) => a - b);
    const rows: DataRowOf<'bars'>[] = times.map((ts) => {
      const [open, high, low, close] = byTime.get(ts)!;
      return {
        ts: isoInstant(ts),
        venue: 'deribit',
        symbol: q.symbol,
        interval: q.interval,
        open: open!,
        high: high!,
        low: low!,
        close: close!,
      };
    });
    return { rows, skipped: skipped.list(), gaps: gapsOnGrid(startMs, endMs, step, new Set(times)) };
  },
});

const OHLC = ['open', 'high', 'low', 'close'] as const;

/** The page's continuation when it is a timestamp; anything else ends the paging (transform judges it). */
function continuationOf(body: unknown): number | undefined {
  const result = isRecord(body) ? body.result : undefined;
  const c = isRecord(result) ? result.continuation : undefined;
  return isFiniteNumber(c) && Number.isInteger(c) ? c : undefined;
}
