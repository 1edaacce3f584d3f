/**
 * Binance USD-M futures klines -> `bars` (venue 'binance', symbol as asked, BTCUSDT by default).
 *
 * Endpoint ("Kline/Candlestick Data",
 * https://developers.binance.com/docs/derivatives/usds-margined-futures/market-data/rest-api/Kline-Candlestick-Data):
 * `GET /fapi/v1/klines?symbol=&interval=1m|1h|1d&startTime=&endTime=&limit=1500`, at most 1500 klines
 * per request, oldest first. Each kline is an array `[open time (ms), "open", "high", "low", "close",
 * "volume", close time (ms), "quote asset volume", number of trades, "taker buy base asset volume",
 * "taker buy quote asset volume", "ignore"]`, prices as decimal strings. `volume` is in the base asset
 * (BTC for BTCUSDT), the model's "base units".
 *
 * Chunks are 1500 klines (one request each). Klines are stamped at their open in UTC; '1d' klines are
 * UTC days. The kline still in progress at `now` is left out (the window ends at the last completed
 * kline); minutes or hours without a kline are reported as gaps, never filled; identical repeats are
 * dropped and conflicting ones refused.
 */
import { isoInstant } from '../../../store/align.js';
import { joinUrl } from '../http.js';
import { gapsOnGrid, payloadError, SkipCounter } from '../payload.js';
import { addDays, dateWindow, nowMs, oneOfFlag } from '../query.js';
import { type DataRowOf, defineDataset } from '../types.js';
import { explainLocationRefusal, isLocationRefusal } from './refusal.js';
import { decimalString, epochMs, symbolFlag } from './values.js';

const WHERE = { provider: 'binance', dataset: 'bars' } as const;
const INTERVALS = ['1m', '1h', '1d'] as const;
type Interval = (typeof INTERVALS)[number];
const STEP_MS: Readonly<Record<Interval, number>> = { '1m': 60_000, '1h': 3_600_000, '1d': 86_400_000 };
const DEFAULT_DAYS: Readonly<Record<Interval, number>> = { '1m': 1, '1h': 7, '1d': 365 };
export const KLINES_LIMIT = 1500;
const PRICES = ['open', 'high', 'low', 'close', 'volume'] as const;

/** A normalized query (and a chunk: the same over a narrower window). */
export interface BinanceBarsQuery {
  readonly symbol: string;
  readonly interval: Interval;
  /** First kline open, inclusive (ISO instant, UTC). */
  readonly start: string;
  /** Window end, exclusive (ISO instant, UTC). */
  readonly end: string;
}

export const binanceBars = defineDataset<BinanceBarsQuery, unknown, 'bars'>({
  model: 'bars',
  description:
    'Binance USD-M futures klines (default BTCUSDT perpetual), 1m/1h/1d, UTC, volume in the base asset',
  endpoint: '/fapi/v1/klines',
  fills: ['ts', 'venue', 'symbol', 'interval', 'open', 'high', 'low', 'close', 'volume'],
  flags: {
    symbol: 'USD-M futures symbol, e.g. BTCUSDT (default BTCUSDT)',
    interval: '1m | 1h | 1d (default 1d)',
    from: 'first UTC day, YYYY-MM-DD (default: 1, 7 or 365 days before --to for 1m, 1h, 1d)',
    to: 'last UTC day, inclusive (default: today; the kline in progress is left out)',
  },

  transformQuery(input) {
    const symbol = symbolFlag(input.symbol);
    const interval = oneOfFlag('--interval', input.interval, INTERVALS, '1d');
    const { from, to } = dateWindow(input, DEFAULT_DAYS[interval]);
    const step = STEP_MS[interval];
    const startMs = Date.parse(`${from}T00:00:00Z`);
    const lastCompleteEnd = Math.floor(nowMs(input) / step) * step;
    const endMs = Math.max(startMs, Math.min(Date.parse(`${addDays(to, 1)}T00:00:00Z`), lastCompleteEnd));
    return { symbol, interval, start: isoInstant(startMs), end: isoInstant(endMs) };
  },

  chunks(q) {
    const span = KLINES_LIMIT * STEP_MS[q.interval];
    const endMs = Date.parse(q.end);
    const out: BinanceBarsQuery[] = [];
    for (let t = Date.parse(q.start); t < endMs; t += span) {
      out.push({ ...q, start: isoInstant(t), end: isoInstant(Math.min(endMs, t + span)) });
    }
    return out;
  },

  async extract(q, ctx) {
    const url = joinUrl(ctx.baseUrl, '/fapi/v1/klines', {
      symbol: q.symbol,
      interval: q.interval,
      startTime: Date.parse(q.start),
      endTime: Date.parse(q.end) - 1,
      limit: KLINES_LIMIT,
    });
    try {
      return (await ctx.fetch(url)).json();
    } catch (error) {
      if (isLocationRefusal(error)) {
        throw explainLocationRefusal(
          error,
          'run from an eligible location, or give a mirror or proxy with --base-url',
        );
      }
      throw error;
    }
  },

  transform(q, raw) {
    if (!Array.isArray(raw)) throw payloadError(WHERE, '(body)', raw, 'an array of klines');
    const step = STEP_MS[q.interval];
    const startMs = Date.parse(q.start);
    const endMs = Date.parse(q.end);
    const skipped = new SkipCounter();
    const byTime = new Map<number, readonly number[]>();
    raw.forEach((k: unknown, i) => {
      if (!Array.isArray(k) || k.length < 7) {
        throw payloadError(
          WHERE,
          `[${i}]`,
          k,
          'a kline [open time, open, high, low, close, volume, close time, ...]',
        );
      }
      const open = epochMs(k[0]);
      if (open === undefined || open % step !== 0) {
        throw payloadError(
          WHERE,
          `[${i}][0] (open time)`,
          k[0],
          `ms since the epoch on the ${q.interval} grid`,
        );
      }
      const values = PRICES.map((name, j) => {
        const v = decimalString(k[j + 1]);
        if (v === undefined)
          throw payloadError(WHERE, `[${i}][${j + 1}] (${name})`, k[j + 1], 'a decimal string');
        return v;
      });
      const close = epochMs(k[6]);
      if (close !== open + step - 1) {
        throw payloadError(
          WHERE,
          `[${i}][6] (close time)`,
          k[6],
          `${open + step - 1}, the last ms of the ${q.interval} kline`,
        );
      }
      if (open < startMs || open >= endMs) {
        skipped.add('outside_window');
        return;
      }
      const seen = byTime.get(open);
      if (seen !== undefined) {
        if (seen.every((v, j) => v === values[j])) {
          skipped.add('duplicate');
          return;
        }
        throw payloadError(WHERE, `[${i}]`, k, `one kline per time (another at ${isoInstant(open)} differs)`);
      }
      byTime.set(open, values);
    });
    const times = [...byTime.keys()].sort((a, b) => a - b);
    const rows: DataRowOf<'bars'>[] = times.map((ms) => {
      const [open, high, low, close, volume] = byTime.get(ms)!;
      return {
        ts: isoInstant(ms),
        venue: 'binance',
        symbol: q.symbol,
        interval: q.interval,
        open: open!,
        high: high!,
        low: low!,
        close: close!,
        volume: volume!,
      };
    });
    return { rows, skipped: skipped.list(), gaps: gapsOnGrid(startMs, endMs, step, new Set(times)) };
  },
});
