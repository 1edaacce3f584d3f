import { DataError } from '../../src/errors.js';
import { bridgeLog, foldIntoBand, studentSteps } from './bridge.js';
import type { Observed } from './observed.js';
import { createRng } from './rng.js';

/*
 * The BTC/USD path every table of the pack is priced off: an hourly grid from HOURLY_START to PATH_END.
 * - From OBSERVED_FROM (2025-12-31T00Z) it IS the observed Binance BTC/USDT hourly series (USDT taken at
 *   par): the grid value at an hour mark is the close of the bar that ends there (the first is the
 *   first bar's open), and the hour bars are Binance's o/h/l/c.
 * - Before that only daily bars are observed (Yahoo BTC-USD, UTC days). The grid passes exactly through
 *   every observed UTC daily close (at the next day's 00:00Z); inside a day it is a seeded Brownian
 *   bridge in log-price (bridge.ts) with Student-t(4) increments whose size is the realized volatility
 *   of the previous 30 observed daily log returns, folded into the day's observed [low, high]. Those
 *   hours (and the 16:00 ET prices read off them) are reconstructed; nothing in them is tuned to a
 *   figure of the event.
 */

const HOUR = 3_600_000;
const NU = 4;

/** Start of the hourly grid and of the observed daily history it interpolates. */
export const HOURLY_START = '2024-01-10T00:00:00Z';
/** First hour of the observed Binance series. */
export const OBSERVED_FROM = '2025-12-31T00:00:00Z';
/** End of the grid (exclusive bar end): the Binance series ends with the 2026-02-28T23Z bar. */
export const PATH_END = '2026-03-01T00:00:00Z';

/** Open/high/low/close columns of consecutive bars of one interval. */
export interface BarSeries {
  readonly startMs: number;
  readonly stepMs: number;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
}

export interface BtcPath {
  /** Price at an hour mark (NaN off the grid). */
  priceAt(ms: number): number;
  /** Hourly bars over the whole grid. */
  readonly hourBars: BarSeries;
  /** Instant from which the hourly path is observed (before it: reconstructed inside observed days). */
  readonly observedFromMs: number;
}

/**
 * Builds the BTC path from the observed series (the seed only shapes the reconstructed hours before
 * OBSERVED_FROM).
 * @example buildBtcPath(20260205, observed).priceAt(Date.parse('2026-02-05T21:00:00Z')) // close of the 20:00Z bar
 */
export function buildBtcPath(seed: number, observed: Observed): BtcPath {
  const start = Date.parse(HOURLY_START);
  const obsFrom = Date.parse(OBSERVED_FROM);
  const end = Date.parse(PATH_END);
  const n = (end - start) / HOUR;
  const values = new Float64Array(n + 1);
  const open = new Float64Array(n);
  const high = new Float64Array(n);
  const low = new Float64Array(n);
  const close = new Float64Array(n);

  // Observed hours.
  const kObs = (obsFrom - start) / HOUR;
  const hourly = observed.btcHourly;
  if (hourly.length !== n - kObs || hourly[0].at !== OBSERVED_FROM) {
    throw new DataError(
      'event_pack_invariant',
      `Binance hourly bars must cover ${OBSERVED_FROM}..${PATH_END}`,
    );
  }
  values[kObs] = hourly[0].open;
  hourly.forEach((b, i) => {
    open[kObs + i] = b.open;
    high[kObs + i] = b.high;
    low[kObs + i] = b.low;
    close[kObs + i] = b.close;
    values[kObs + i + 1] = b.close;
  });

  // Observed days before: bridges between UTC daily closes.
  const days = (observed.yahooDaily.get('BTC-USD') ?? []).filter(
    (b) => b.at >= HOURLY_START.slice(0, 10) && b.at < OBSERVED_FROM.slice(0, 10),
  );
  if (days.length !== kObs / 24 || days[0].at !== HOURLY_START.slice(0, 10)) {
    throw new DataError(
      'event_pack_invariant',
      'Yahoo BTC-USD daily bars must cover every day before 2025-12-31',
    );
  }
  const allDaily = observed.yahooDaily.get('BTC-USD')!;
  const logRet = allDaily.map((b, i) => (i === 0 ? Number.NaN : Math.log(b.close / allDaily[i - 1].close)));
  const idxOf = new Map(allDaily.map((b, i) => [b.at, i]));
  const rng = createRng(seed, 'btc-hourly');
  const barRng = createRng(seed, 'btc-bars');
  values[0] = days[0].open;
  days.forEach((day, j) => {
    const k0 = j * 24;
    const k1 = k0 + 24;
    const to = j + 1 < days.length ? day.close : values[kObs];
    // Realized vol of the 30 observed daily returns before this day, spread over 24 hours.
    const i = idxOf.get(day.at)!;
    const window = logRet.slice(Math.max(1, i - 30), i).filter((x) => Number.isFinite(x));
    const mean = window.reduce((a, b) => a + b, 0) / window.length;
    const sdDay = Math.sqrt(window.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, window.length - 1));
    const sd = sdDay / Math.sqrt(24);
    const seg = bridgeLog(values[k0], to, studentSteps(rng, 24, sd, NU));
    for (let h = 1; h < 24; h++) values[k0 + h] = foldIntoBand(seg[h], day.low, day.high);
    values[k1] = to;
    for (let h = k0; h < k1; h++) {
      const [o, c] = [values[h], values[h + 1]];
      open[h] = o;
      close[h] = c;
      high[h] = Math.max(
        o,
        c,
        Math.min(day.high, Math.max(o, c) * Math.exp(Math.abs(barRng.normal()) * sd * 0.6)),
      );
      low[h] = Math.min(
        o,
        c,
        Math.max(day.low, Math.min(o, c) * Math.exp(-Math.abs(barRng.normal()) * sd * 0.6)),
      );
    }
  });

  const priceAt = (ms: number): number => {
    const k = (ms - start) / HOUR;
    return Number.isInteger(k) && k >= 0 && k <= n ? values[k] : Number.NaN;
  };
  return {
    priceAt,
    hourBars: { startMs: start, stepMs: HOUR, open, high, low, close },
    observedFromMs: obsFrom,
  };
}

/**
 * O/H/L/C of the `hours` hourly bars ending at `endMs` (an hour mark): the 24h bar of the 16:00 ET reference.
 * @example windowBar(path.hourBars, Date.parse('2026-02-05T21:00:00Z'), 24).close // the 16:00 ET price
 */
export function windowBar(bars: BarSeries, endMs: number, hours: number): [number, number, number, number] {
  const k1 = (endMs - bars.startMs) / bars.stepMs;
  const k0 = k1 - hours;
  if (!Number.isInteger(k1) || k0 < 0 || k1 > bars.open.length)
    return [Number.NaN, Number.NaN, Number.NaN, Number.NaN];
  let h = -Infinity;
  let l = Infinity;
  for (let k = k0; k < k1; k++) {
    if (bars.high[k] > h) h = bars.high[k];
    if (bars.low[k] < l) l = bars.low[k];
  }
  return [bars.open[k0], h, l, bars.close[k1 - 1]];
}
