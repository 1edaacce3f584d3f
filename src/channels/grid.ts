/*
 * The one BTC price grid of a fragility map (docs/METHODS.md "Fragility map"): ascending USD per BTC, and the
 * spot always one of its points (so "zero at spot" is exact on the grid). Helpers to interpolate a curve
 * between grid points in ln(price) and to integrate an intensity into a flow.
 */
import { InvalidInputError } from '../errors.js';

/** Default half-width of the grid around spot (±40 %) and its minimum number of points. */
export const DEFAULT_GRID_HALF_WIDTH = 0.4;
export const MIN_DEFAULT_POINTS = 401;

export interface GridSpec {
  /** USD per BTC. */
  readonly lo: number;
  readonly hi: number;
  /** USD between points. */
  readonly step: number;
}

function bad(why: string, details: Record<string, unknown>): InvalidInputError {
  return new InvalidInputError('bad_grid', `--grid: ${why}`, { details });
}

/**
 * The grid lo, lo + step, ..., hi (hi included) with `spot` inserted when it is not a point. The default is
 * ±40 % of spot with a step giving at least 401 points. Throws InvalidInputError naming the problem.
 * @example fragilityGrid(70000, { lo: 60000, hi: 80000, step: 5000 }) // [60000, 65000, 70000, 75000, 80000]
 */
export function fragilityGrid(spot: number, spec?: GridSpec): Float64Array {
  if (!(spot > 0 && spot < Number.POSITIVE_INFINITY)) throw bad(`spot ${spot} is not a price`, { spot });
  const s = spec ?? {
    lo: spot * (1 - DEFAULT_GRID_HALF_WIDTH),
    hi: spot * (1 + DEFAULT_GRID_HALF_WIDTH),
    step: (2 * DEFAULT_GRID_HALF_WIDTH * spot) / (MIN_DEFAULT_POINTS - 1),
  };
  if (!(s.lo > 0 && s.hi > s.lo && s.hi < Number.POSITIVE_INFINITY))
    throw bad(`need 0 < LO < HI, got ${s.lo}:${s.hi}`, { lo: s.lo, hi: s.hi });
  if (!(s.step > 0)) throw bad(`STEP must be positive, got ${s.step}`, { step: s.step });
  const n = Math.floor((s.hi - s.lo) / s.step + 1e-9) + 1;
  if (n > 1_000_000) throw bad(`${n} points is too many (at most 1,000,000)`, { points: n });
  if (!(spot >= s.lo && spot <= s.hi))
    throw bad(`spot ${spot} lies outside ${s.lo}:${s.hi}`, { spot, lo: s.lo, hi: s.hi });
  const pts: number[] = [];
  for (let j = 0; j < n; j++) pts.push(s.lo + j * s.step);
  if (pts[pts.length - 1] < s.hi - 1e-9 * s.hi) pts.push(s.hi);
  if (!pts.some((p) => Math.abs(p - spot) <= 1e-12 * spot)) pts.push(spot);
  pts.sort((a, b) => a - b);
  return Float64Array.from(pts);
}

/**
 * Parses `LO:HI:STEP` (USD per BTC).
 * @example parseGridSpec('40000:100000:100') // { lo: 40000, hi: 100000, step: 100 }
 */
export function parseGridSpec(raw: string): GridSpec {
  const parts = raw.split(':').map((x) => Number(x.trim()));
  if (
    parts.length !== 3 ||
    parts.some((x) => !Number.isFinite(x)) ||
    raw.split(':').some((x) => x.trim() === '')
  )
    throw bad(`'${raw}' is not LO:HI:STEP in USD per BTC, e.g. 40000:100000:100`, { raw });
  return { lo: parts[0], hi: parts[1], step: parts[2] };
}

/** Index of the grid point equal to spot (the grid from fragilityGrid holds it), else the nearest. */
export function spotIndex(grid: Float64Array, spot: number): number {
  let best = 0;
  for (let j = 1; j < grid.length; j++) if (Math.abs(grid[j] - spot) < Math.abs(grid[best] - spot)) best = j;
  return best;
}

/**
 * A curve given on the grid, read at `price` by linear interpolation in ln(price); clamped at the ends.
 * @example interpLog(new Float64Array([1, 4]), new Float64Array([0, 2]), 2) // 1
 */
export function interpLog(grid: Float64Array, values: ArrayLike<number>, price: number): number {
  const m = grid.length;
  if (price <= grid[0]) return values[0];
  if (price >= grid[m - 1]) return values[m - 1];
  let lo = 0;
  let hi = m - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (grid[mid] <= price) lo = mid;
    else hi = mid;
  }
  const w = Math.log(price / grid[lo]) / Math.log(grid[hi] / grid[lo]);
  return values[lo] + w * (values[hi] - values[lo]);
}

/**
 * The flow of an intensity: flow(grid[j]) = ∫ from spot to grid[j] of 100 · perPct d ln(price) (trapezoid on
 * the grid; the grid holds spot at index `k`), so that perPct = 0.01 · d(flow)/d ln(price) and flow(spot) = 0.
 */
export function flowFromIntensity(grid: Float64Array, perPct: ArrayLike<number>, k: number): Float64Array {
  const m = grid.length;
  const flow = new Float64Array(m);
  for (let j = k + 1; j < m; j++)
    flow[j] = flow[j - 1] + 50 * (perPct[j] + perPct[j - 1]) * Math.log(grid[j] / grid[j - 1]);
  for (let j = k - 1; j >= 0; j--)
    flow[j] = flow[j + 1] - 50 * (perPct[j] + perPct[j + 1]) * Math.log(grid[j + 1] / grid[j]);
  return flow;
}

/**
 * The intensity of a flow given on the grid: 0.01 · d(flow)/d ln(price), by centred differences in ln(price)
 * (one-sided at the ends).
 */
export function intensityFromFlow(grid: Float64Array, flow: ArrayLike<number>): Float64Array {
  const m = grid.length;
  const out = new Float64Array(m);
  if (m < 2) return out;
  for (let j = 0; j < m; j++) {
    const a = j === 0 ? 0 : j - 1;
    const b = j === m - 1 ? m - 1 : j + 1;
    out[j] = (0.01 * (flow[b] - flow[a])) / Math.log(grid[b] / grid[a]);
  }
  return out;
}

/**
 * The grid a smooth curve is computed on: `grid` itself when it has at most `maxPoints` points, else a
 * geometric grid of `maxPoints` points over the same range with spot added (the curve is then read off it by
 * {@link interpLog}). Keeps the cost of a book bounded on very fine output grids.
 * @example computeGrid(fragilityGrid(70000), 70000, 801) === grid // true for the default 401-point grid
 */
export function computeGrid(grid: Float64Array, spot: number, maxPoints: number): Float64Array {
  if (grid.length <= maxPoints) return grid;
  const lo = Math.min(grid[0], spot);
  const hi = Math.max(grid[grid.length - 1], spot);
  const pts = new Set<number>([spot]);
  for (let j = 0; j < maxPoints; j++) pts.add(lo * (hi / lo) ** (j / (maxPoints - 1)));
  return Float64Array.from([...pts].sort((a, b) => a - b));
}
