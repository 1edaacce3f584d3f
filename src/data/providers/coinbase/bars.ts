/**
 * Coinbase Exchange candles -> `bars` (venue 'coinbase').
 *
 * Endpoint (https://docs.cdp.coinbase.com/exchange/reference/exchangerestapi_getproductcandles):
 * `GET /products/{product_id}/candles?granularity=60|3600|86400&start=ISO&end=ISO`, public, no key. The
 * body is an array of buckets `[time (unix s, bucket start), low, high, open, close, volume]`, newest
 * first; at most 300 buckets per request (a wider range is rejected); "no data is published for
 * intervals where there are no ticks"; and some buckets "may precede your declared start".
 *
 * So: the query's window [start, end) is cut into chunks of 300 buckets (one request and one
 * transaction each); each request asks for `end` = chunk end - 1 s, so the bucket count never exceeds
 * 300 whether Coinbase treats `end` as inclusive or not; buckets outside the chunk are dropped (and
 * counted); identical repeats are dropped, conflicting ones refused; rows are sorted ascending; and the
 * buckets Coinbase did not publish are reported as gaps, never invented. The bucket still in progress at
 * `now` is left out (the window ends at the last completed bucket). Daily buckets start at 00:00 UTC,
 * so '1d' rows are UTC days stamped at their open, like the event pack's BTC-USD composite.
 */
import { InvalidInputError } from '../../../errors.js';
import { isoInstant } from '../../../store/align.js';
import { joinUrl } from '../http.js';
import { gapsOnGrid, isFiniteNumber, payloadError, SkipCounter } from '../payload.js';
import { addDays, dateWindow, nowMs, oneOfFlag } from '../query.js';
import { type DataRowOf, defineDataset } from '../types.js';

const WHERE = { provider: 'coinbase', dataset: 'bars' } as const;
const INTERVALS = ['1m', '1h', '1d'] as const;
type Interval = (typeof INTERVALS)[number];
/** Seconds per bucket, the `granularity` Coinbase takes. */
const GRANULARITY: Readonly<Record<Interval, number>> = { '1m': 60, '1h': 3600, '1d': 86_400 };
/** Days fetched when --from is not given. */
const DEFAULT_DAYS: Readonly<Record<Interval, number>> = { '1m': 1, '1h': 7, '1d': 365 };
export const MAX_CANDLES = 300;
const FIELDS = ['time', 'low', 'high', 'open', 'close', 'volume'] as const;
const PRODUCT_RE = /^[A-Z0-9]{2,12}-[A-Z0-9]{2,12}$/;

/** A normalized query (and a chunk: a chunk is a query over a narrower window). */
export interface CoinbaseBarsQuery {
  readonly productId: string;
  readonly interval: Interval;
  /** Seconds per bucket. */
  readonly granularity: number;
  /** First bucket start, inclusive (ISO instant, UTC). */
  readonly start: string;
  /** Window end, exclusive (ISO instant, UTC). */
  readonly end: string;
}

export const coinbaseBars = defineDataset<CoinbaseBarsQuery, unknown, 'bars'>({
  model: 'bars',
  description: 'OHLCV candles of a Coinbase Exchange product (default BTC-USD), 1m/1h/1d, UTC buckets',
  endpoint: '/products/{product_id}/candles',
  fills: ['ts', 'venue', 'symbol', 'interval', 'open', 'high', 'low', 'close', 'volume'],
  flags: {
    symbol: 'product id, e.g. BTC-USD (default BTC-USD)',
    interval: '1m | 1h | 1d (default 1d)',
    from: 'first UTC day, YYYY-MM-DD (default: 1, 7 or 365 days before --to for 1m, 1h, 1d)',
    to: 'last UTC day, inclusive (default: today; the bucket in progress is left out)',
  },

  transformQuery(input) {
    const productId = (input.symbol ?? 'BTC-USD').trim().toUpperCase();
    if (!PRODUCT_RE.test(productId)) {
      throw symbolError(input.symbol ?? '');
    }
    const interval = oneOfFlag('--interval', input.interval, INTERVALS, '1d');
    const { from, to } = dateWindow(input, DEFAULT_DAYS[interval]);
    const stepMs = GRANULARITY[interval] * 1000;
    const startMs = Date.parse(`${from}T00:00:00Z`);
    const lastCompleteEnd = Math.floor(nowMs(input) / stepMs) * stepMs;
    const endMs = Math.max(startMs, Math.min(Date.parse(`${addDays(to, 1)}T00:00:00Z`), lastCompleteEnd));
    return {
      productId,
      interval,
      granularity: GRANULARITY[interval],
      start: isoInstant(startMs),
      end: isoInstant(endMs),
    };
  },

  chunks(q) {
    const stepMs = q.granularity * 1000;
    const out: CoinbaseBarsQuery[] = [];
    const endMs = Date.parse(q.end);
    for (let t = Date.parse(q.start); t < endMs; t += MAX_CANDLES * stepMs) {
      out.push({ ...q, start: isoInstant(t), end: isoInstant(Math.min(endMs, t + MAX_CANDLES * stepMs)) });
    }
    return out;
  },

  async extract(q, ctx) {
    const url = joinUrl(ctx.baseUrl, `/products/${encodeURIComponent(q.productId)}/candles`, {
      granularity: q.granularity,
      start: q.start,
      end: isoInstant(Date.parse(q.end) - 1000),
    });
    return (await ctx.fetch(url)).json();
  },

  transform(q, raw) {
    if (!Array.isArray(raw)) {
      throw payloadError(WHERE, '(body)', raw, 'an array of candles [time, low, high, open, close, volume]');
    }
    const stepMs = q.granularity * 1000;
    const startMs = Date.parse(q.start);
    const endMs = Date.parse(q.end);
    const skipped = new SkipCounter();
    const byTime = new Map<number, readonly number[]>();
    raw.forEach((c: unknown, i) => {
      if (!Array.isArray(c) || c.length !== FIELDS.length) {
        throw payloadError(WHERE, `[${i}]`, c, 'a candle [time, low, high, open, close, volume]');
      }
      FIELDS.forEach((name, j) => {
        if (!isFiniteNumber(c[j]))
          throw payloadError(WHERE, `[${i}][${j}] (${name})`, c[j], 'a finite number');
      });
      const candle = c as readonly number[];
      const time = candle[0]!;
      if (!Number.isInteger(time) || time % q.granularity !== 0) {
        throw payloadError(WHERE, `[${i}][0] (time)`, time, `unix seconds on the ${q.interval} grid`);
      }
      const ms = time * 1000;
      if (ms < startMs || ms >= endMs) {
        skipped.add('outside_window');
        return;
      }
      const seen = byTime.get(ms);
      if (seen !== undefined) {
        if (seen.every((v, j) => v === candle[j])) {
          skipped.add('duplicate');
          return;
        }
        throw payloadError(
          WHERE,
          `[${i}]`,
          c,
          `one candle per time (another candle at ${isoInstant(ms)} differs)`,
        );
      }
      byTime.set(ms, candle);
    });
    const times = [...byTime.keys()].sort((a, b) => a - b);
    const rows: DataRowOf<'bars'>[] = times.map((ms) => {
      const [, low, high, open, close, volume] = byTime.get(ms)!;
      return {
        ts: isoInstant(ms),
        venue: 'coinbase',
        symbol: q.productId,
        interval: q.interval,
        open: open!,
        high: high!,
        low: low!,
        close: close!,
        volume: volume!,
      };
    });
    return { rows, skipped: skipped.list(), gaps: gapsOnGrid(startMs, endMs, stepMs, new Set(times)) };
  },
});

function symbolError(raw: string): InvalidInputError {
  return new InvalidInputError(
    'bad_flag',
    `--symbol: '${raw}' is not a Coinbase product id like BTC-USD (BASE-QUOTE, letters and digits)`,
    { details: { flag: '--symbol', raw } },
  );
}
