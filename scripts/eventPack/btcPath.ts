import { DataError } from '../../src/errors.js';
import { bridgeLog, foldIntoBand, studentSteps } from './bridge.js';
import {
  btcAnchors,
  btcEnvelopes,
  btcVolAt,
  type Envelope,
  HOURLY_START,
  MINUTE_START,
  PATH_END,
  type PriceAnchor,
} from './btcAnchors.js';
import { createRng, type Rng } from './rng.js';

/*
 * The reconstructed BTC/USD path: an hourly grid from 2024-01-10 to 2026-01-20 and a 1-minute grid
 * from 2026-01-20 to 2026-02-14, each a chain of Brownian bridges in log-price between the anchors of
 * btcAnchors.ts, driven by unit-variance Student-t(4) increments scaled to the regime volatility
 * (btcVolAt). Lows and highs are enforced by reflecting the path into their windows (foldIntoBand);
 * anchors themselves are never moved. Bars (o/h/l/c) take the grid values as opens and closes and add
 * a small seeded intrabar excursion, clipped to the same windows, so a published low is the bar low.
 */

const MINUTE = 60_000;
const HOUR = 3_600_000;
const YEAR_MS = 365 * 86_400_000;
const NU = 4;

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
  readonly anchors: readonly PriceAnchor[];
  readonly envelopes: readonly Envelope[];
  /** Price at an instant on the grid (hour marks before MINUTE_START, minute marks after). */
  priceAt(ms: number): number;
  /** Hourly bars over the whole path. */
  readonly hourBars: BarSeries;
  /** 1-minute bars from MINUTE_START to PATH_END. */
  readonly minuteBars: BarSeries;
}

interface Grid {
  readonly startMs: number;
  readonly stepMs: number;
  readonly values: Float64Array;
  readonly isAnchor: Uint8Array;
}

function buildGrid(
  rng: Rng,
  startMs: number,
  endMs: number,
  stepMs: number,
  anchors: readonly PriceAnchor[],
  envelopes: readonly Envelope[],
): Grid {
  const n = Math.round((endMs - startMs) / stepMs);
  const values = new Float64Array(n + 1);
  const isAnchor = new Uint8Array(n + 1);
  const idx: number[] = [];
  for (const a of anchors) {
    const k = (Date.parse(a.at) - startMs) / stepMs;
    if (!Number.isInteger(k) || k < 0 || k > n) {
      throw new DataError(
        'event_pack_invariant',
        `anchor ${a.at} is not on the ${stepMs / MINUTE}-minute grid from ${new Date(startMs).toISOString()}`,
      );
    }
    if (isAnchor[k]) throw new DataError('event_pack_invariant', `two anchors at ${a.at}`);
    isAnchor[k] = 1;
    values[k] = a.price;
    idx.push(k);
  }
  if (idx[0] !== 0 || idx[idx.length - 1] !== n)
    throw new DataError('event_pack_invariant', 'the grid must start and end on anchors');
  for (let j = 0; j + 1 < idx.length; j++) {
    const [k0, k1] = [idx[j], idx[j + 1]];
    const m = k1 - k0;
    const sd = new Float64Array(m);
    const variances = new Float64Array(m);
    for (let i = 0; i < m; i++) {
      const t = startMs + (k0 + i) * stepMs;
      sd[i] = btcVolAt(t) * Math.sqrt(stepMs / YEAR_MS);
      variances[i] = sd[i] * sd[i];
    }
    const seg = bridgeLog(values[k0], values[k1], studentSteps(rng, m, sd, NU), variances);
    for (let i = 1; i < m; i++) values[k0 + i] = seg[i];
  }
  for (let k = 0; k <= n; k++) {
    if (isAnchor[k]) continue;
    const [lo, hi] = bandAt(envelopes, startMs + k * stepMs, startMs + k * stepMs);
    values[k] = foldIntoBand(values[k], lo, hi);
  }
  return { startMs, stepMs, values, isAnchor };
}

/** Tightest band of the envelopes that contain [fromMs, toMs] (NaN = no bound). */
function bandAt(envelopes: readonly Envelope[], fromMs: number, toMs: number): [number, number] {
  let lo = Number.NaN;
  let hi = Number.NaN;
  for (const e of envelopes) {
    if (Date.parse(e.from) <= fromMs && toMs <= Date.parse(e.to)) {
      if (!Number.isNaN(e.lo) && !(lo >= e.lo)) lo = e.lo;
      if (!Number.isNaN(e.hi) && !(hi <= e.hi)) hi = e.hi;
    }
  }
  return [lo, hi];
}

function barsFromGrid(rng: Rng, grid: Grid, envelopes: readonly Envelope[], wiggle: number): BarSeries {
  const n = grid.values.length - 1;
  const open = new Float64Array(n);
  const high = new Float64Array(n);
  const low = new Float64Array(n);
  const close = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t0 = grid.startMs + i * grid.stepMs;
    const o = grid.values[i];
    const c = grid.values[i + 1];
    const sd = btcVolAt(t0) * Math.sqrt(grid.stepMs / YEAR_MS) * wiggle;
    let h = Math.max(o, c) * Math.exp(Math.abs(rng.normal()) * sd);
    let l = Math.min(o, c) * Math.exp(-Math.abs(rng.normal()) * sd);
    const [lo, hi] = bandAt(envelopes, t0, t0 + grid.stepMs);
    if (!Number.isNaN(hi) && h > hi) h = Math.max(hi, Math.max(o, c));
    if (!Number.isNaN(lo) && l < lo) l = Math.min(lo, Math.min(o, c));
    open[i] = o;
    close[i] = c;
    high[i] = h;
    low[i] = l;
  }
  return { startMs: grid.startMs, stepMs: grid.stepMs, open, high, low, close };
}

/**
 * Aggregates consecutive bars `per` at a time (e.g. 60 one-minute bars into one hour).
 * @example aggregateBars(minuteBars, 60).stepMs // 3_600_000
 */
export function aggregateBars(src: BarSeries, per: number): BarSeries {
  const n = Math.floor(src.open.length / per);
  const open = new Float64Array(n);
  const high = new Float64Array(n);
  const low = new Float64Array(n);
  const close = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const a = i * per;
    open[i] = src.open[a];
    close[i] = src.close[a + per - 1];
    let h = -Infinity;
    let l = Infinity;
    for (let k = a; k < a + per; k++) {
      if (src.high[k] > h) h = src.high[k];
      if (src.low[k] < l) l = src.low[k];
    }
    high[i] = h;
    low[i] = l;
  }
  return { startMs: src.startMs, stepMs: src.stepMs * per, open, high, low, close };
}

function concatBars(a: BarSeries, b: BarSeries): BarSeries {
  if (a.stepMs !== b.stepMs || a.startMs + a.open.length * a.stepMs !== b.startMs) {
    throw new DataError('event_pack_invariant', 'concatBars: series are not adjacent');
  }
  const cat = (x: Float64Array, y: Float64Array): Float64Array => {
    const out = new Float64Array(x.length + y.length);
    out.set(x, 0);
    out.set(y, x.length);
    return out;
  };
  return {
    startMs: a.startMs,
    stepMs: a.stepMs,
    open: cat(a.open, b.open),
    high: cat(a.high, b.high),
    low: cat(a.low, b.low),
    close: cat(a.close, b.close),
  };
}

/**
 * Builds the BTC path for a seed.
 * @example buildBtcPath(20260205).priceAt(Date.parse('2026-02-05T00:00:00Z')) // 73172
 */
export function buildBtcPath(seed: number): BtcPath {
  const anchors = btcAnchors();
  const envelopes = btcEnvelopes(anchors);
  const hStart = Date.parse(HOURLY_START);
  const mStart = Date.parse(MINUTE_START);
  const end = Date.parse(PATH_END);
  const hourlyAnchors = anchors.filter((a) => Date.parse(a.at) <= mStart);
  const minuteAnchors = anchors.filter((a) => Date.parse(a.at) >= mStart);
  const hourly = buildGrid(createRng(seed, 'btc-hourly'), hStart, mStart, HOUR, hourlyAnchors, envelopes);
  const minute = buildGrid(createRng(seed, 'btc-minute'), mStart, end, MINUTE, minuteAnchors, envelopes);
  const barRng = createRng(seed, 'btc-bars');
  const hourBarsEarly = barsFromGrid(barRng, hourly, envelopes, 0.6);
  const minuteBars = barsFromGrid(barRng, minute, envelopes, 0.5);
  const hourBars = concatBars(hourBarsEarly, aggregateBars(minuteBars, 60));
  const priceAt = (ms: number): number => {
    if (ms >= mStart) {
      const k = (ms - mStart) / MINUTE;
      return Number.isInteger(k) && k < minute.values.length ? minute.values[k] : Number.NaN;
    }
    const k = (ms - hStart) / HOUR;
    return Number.isInteger(k) && k >= 0 ? hourly.values[k] : Number.NaN;
  };
  return { anchors, envelopes, priceAt, hourBars, minuteBars };
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
