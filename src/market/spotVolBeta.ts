/*
 * Spot–vol beta from the store (docs/METHODS.md §11.1 "Vol dynamics"): how many vol points implied vol rises
 * per 1 % fall of BTC, estimated from Deribit's DVOL index (deribit.com, "DVOL — Deribit Implied Volatility
 * Index": a 30-day implied vol of BTC options, in vol points) against BTC hourly returns over the window
 * before the snapshot instant.
 *
 * Estimator: ordinary least squares with an intercept over hourly pairs,
 *   ΔDVOL_t = a + b · r_t + e_t,   r_t = 100 · ln(C_t / C_{t−1}) (BTC, percent),   ΔDVOL_t = D_t − D_{t−1}
 * (vol points), on the hours t where both series have a bar at t and at t − 1 h and that ENDED at or before
 * asOf (bars are stamped with their open; no look-ahead). β̂ = −b (vol points per 1 % fall) with the classical
 * standard error se(b) = √(Σe² / (n − 2) / Σ(r − r̄)²) (homoskedastic, no autocorrelation correction: a
 * floor on the uncertainty, stated as such). DVOL is an index of 30-day implied vol, so β̂ is the beta of
 * the at-the-money term level, applied to every option of the book as a parallel shift.
 */
import { type Quality, worstQuality } from '../core/quality.js';
import { parseInstantMs, toIsoInstant } from '../core/time.js';
import type { StoredRowOf } from '../data/models/index.js';

type BarRow = StoredRowOf<'bars'>;

/** Days of hourly data before asOf the estimate uses. */
export const SPOT_VOL_BETA_WINDOW_DAYS = 30;
/** Fewest hourly pairs for an estimate (3 days). */
export const SPOT_VOL_BETA_MIN_PAIRS = 72;
const HOUR = 3_600_000;

export const SPOT_VOL_BETA_ESTIMATOR =
  'OLS with intercept of hourly ΔDVOL (vol points) on hourly BTC log return (%); β = −slope; classical standard error';

export interface SpotVolBetaEstimate {
  readonly ok: true;
  /** −slope: vol points of DVOL per 1 % fall of BTC (unclamped). */
  readonly beta: number;
  readonly se: number;
  /** Hourly pairs used. */
  readonly n: number;
  /** Correlation of ΔDVOL and the BTC return over the pairs. */
  readonly correlation: number;
  /** First and last hour (bar open) of the pairs used, ISO UTC. */
  readonly from: string;
  readonly to: string;
  readonly windowDays: number;
  readonly estimator: string;
  /** 'deribit:DVOL 1h vs binance:BTC-USD 1h' */
  readonly source: string;
  readonly quality: Quality;
}

export type SpotVolBetaResult = SpotVolBetaEstimate | { readonly ok: false; readonly reason: string };

/** Closes of the bars that ended by `asOfMs` within the window, by bar-open instant (ms). */
function closesByHour(bars: readonly BarRow[], fromMs: number, asOfMs: number): Map<number, BarRow> {
  const out = new Map<number, BarRow>();
  for (const b of bars) {
    if (b.interval !== '1h') continue;
    const t = parseInstantMs(b.ts);
    if (t + HOUR <= asOfMs && t >= fromMs && b.close > 0) out.set(t, b);
  }
  return out;
}

/**
 * β̂ from hourly DVOL bars and hourly BTC bars (one venue each; any superset of rows, only the window before
 * asOf is read).
 * @example estimateSpotVolBeta(dvol1h, btc1h, Date.parse('2026-02-04T21:00:00Z')) // { ok: true, beta: 0.4, se: 0.05, n: 719, ... }
 */
export function estimateSpotVolBeta(
  dvolBars: readonly BarRow[],
  btcBars: readonly BarRow[],
  asOfMs: number,
  windowDays = SPOT_VOL_BETA_WINDOW_DAYS,
  minPairs = SPOT_VOL_BETA_MIN_PAIRS,
): SpotVolBetaResult {
  const fromMs = asOfMs - windowDays * 86_400_000;
  const dvol = closesByHour(dvolBars, fromMs, asOfMs);
  const btc = closesByHour(btcBars, fromMs, asOfMs);
  if (dvol.size === 0)
    return { ok: false, reason: `no hourly DVOL in the ${windowDays} days before the instant` };
  if (btc.size === 0)
    return { ok: false, reason: `no hourly BTC bars in the ${windowDays} days before the instant` };
  const hours = [...btc.keys()].filter((t) => dvol.has(t) && dvol.has(t - HOUR) && btc.has(t - HOUR));
  hours.sort((a, b) => a - b);
  const n = hours.length;
  if (n < minPairs)
    return {
      ok: false,
      reason: `${n} hourly DVOL/BTC pairs in the ${windowDays} days before the instant (at least ${minPairs} needed)`,
    };
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const t = hours[k];
    x[k] = 100 * Math.log(btc.get(t)!.close / btc.get(t - HOUR)!.close);
    y[k] = dvol.get(t)!.close - dvol.get(t - HOUR)!.close;
  }
  let mx = 0;
  let my = 0;
  for (let k = 0; k < n; k++) {
    mx += x[k];
    my += y[k];
  }
  mx /= n;
  my /= n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let k = 0; k < n; k++) {
    sxx += (x[k] - mx) ** 2;
    sxy += (x[k] - mx) * (y[k] - my);
    syy += (y[k] - my) ** 2;
  }
  if (!(sxx > 0)) return { ok: false, reason: 'BTC did not move over the window: the slope is undefined' };
  const b = sxy / sxx;
  const ssr = Math.max(syy - b * sxy, 0);
  const se = Math.sqrt(ssr / (n - 2) / sxx);
  const used = hours.flatMap((t) => [dvol.get(t)!, btc.get(t)!, dvol.get(t - HOUR)!, btc.get(t - HOUR)!]);
  const d0 = dvol.get(hours[0])!;
  const b0 = btc.get(hours[0])!;
  return {
    ok: true,
    beta: -b,
    se,
    n,
    correlation: syy > 0 ? sxy / Math.sqrt(sxx * syy) : 0,
    from: toIsoInstant(hours[0] - HOUR),
    to: toIsoInstant(hours[n - 1]),
    windowDays,
    estimator: SPOT_VOL_BETA_ESTIMATOR,
    source: `${d0.venue}:${d0.symbol} 1h (${d0.source}) vs ${b0.venue}:${b0.symbol} 1h (${b0.source})`,
    quality: worstQuality(used.map((r) => r.quality)),
  };
}

/**
 * The hourly BTC series to estimate on: the reference venue's when it has hourly bars, else the venue with the
 * most hourly bars of the symbol.
 */
export function pickHourlySeries(bars: readonly BarRow[], preferVenue: string): BarRow[] {
  const hourly = bars.filter((b) => b.interval === '1h');
  const counts = new Map<string, number>();
  for (const b of hourly) counts.set(b.venue, (counts.get(b.venue) ?? 0) + 1);
  if (counts.size === 0) return [];
  const venue = counts.has(preferVenue)
    ? preferVenue
    : [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0][0];
  return hourly.filter((b) => b.venue === venue);
}
