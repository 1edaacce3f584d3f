import { normCdf } from './normal.js';

/*
 * Dollar gamma, vanna and charm of a book of European options summed over a grid of prices of one common
 * driver S (BTC), each option's own underlying being U = S · scale (ETF shares: scale = BTC per share; a
 * futures/forward: scale = forward / spot). Generalized BSM (Black-76 when q = r). Exposures per option:
 *   dollar gamma per 1 % = Γ_U · U² · 0.01 · units, vanna per vol point = vanna_U · U · 0.01 · units,
 *   charm per day = charm_U · U · units / 365 (exposures.ts), with Haug (2007) ch. 2: gamma
 *   e^{-qτ} n(d1)/(U σ√τ) (p. 27), vanna −e^{-qτ} n(d1) d2/σ (p. 33), charm φ q e^{-qτ} N(φ d1) −
 *   e^{-qτ} n(d1) [b/(σ√τ) − d2/(2τ)] (p. 24, calendar-time sign).
 *
 * Speed: per option it precomputes σ√τ, e^{-qτ}, position · units · scale and the constant part of d1; per
 * grid point x_j = ln(S_j / spot) once. Then d1 = x_j / (σ√τ) + c_i is one multiply-add and n(d1) one exp;
 * vanna and charm reuse that exp. Measuring ln S relative to spot keeps both parts of d1 small (a few ulps
 * of 1 rather than of ln S ≈ 11). Points with |d1| > 38.7 are skipped: exp(−d1²/2) underflows to exactly 0
 * there (e^{−748} is below the smallest subnormal), so skipping changes nothing. The common factor S_j is
 * applied once per point after the sum. Kernels: no validation (callers check the grid), never throw.
 */

const INV_SQRT_2PI = 0.3989422804014327;
/** exp(−38.7²/2) = e^{−748.8} is below the smallest subnormal (≈ e^{−744.4}): n(d1) is exactly 0 beyond. */
const D1_CUT = 38.7;

/** A book of options in struct-of-arrays form; option i's underlying at driver price S is S · scale[i]. */
export interface BsGridBook {
  readonly n: number;
  /** Driver price the log grid is measured from (any positive price; the book's spot). */
  readonly spot: number;
  /** +1 call, −1 put. */
  readonly sign: Int8Array;
  readonly strike: Float64Array;
  readonly scale: Float64Array;
  /** Years (ACT/365). */
  readonly tau: Float64Array;
  readonly rate: Float64Array;
  readonly divYield: Float64Array;
  readonly vol: Float64Array;
  /** Signed units of each option's own underlying (position × multiplier). */
  readonly units: Float64Array;
}

/** Per-option constants of the profile kernel, relative to ln(spot). */
interface Kernel {
  readonly sd: Float64Array;
  readonly invSd: Float64Array;
  /** d1 = x · invSd + c with x = ln(S/spot). */
  readonly c: Float64Array;
  /** Dollar gamma per 1 % = S · gA · exp(−d1²/2). */
  readonly gA: Float64Array;
}

function gammaKernel(book: BsGridBook): Kernel {
  const n = book.n;
  const sd = new Float64Array(n);
  const invSd = new Float64Array(n);
  const c = new Float64Array(n);
  const gA = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t = book.tau[i];
    const s = book.vol[i] * Math.sqrt(t);
    const b = book.rate[i] - book.divYield[i];
    sd[i] = s;
    invSd[i] = 1 / s;
    c[i] = (Math.log((book.spot * book.scale[i]) / book.strike[i]) + b * t) / s + 0.5 * s;
    // 0.01 · e^{-qτ} · n(d1) · U · units / (σ√τ), with U = S · scale and S applied after the sum.
    gA[i] = (0.01 * Math.exp(-book.divYield[i] * t) * book.scale[i] * book.units[i] * INV_SQRT_2PI) / s;
  }
  return { sd, invSd, c, gA };
}

/** First index j with x[j] >= v (x ascending). */
function lowerBound(x: Float64Array, v: number): number {
  let lo = 0;
  let hi = x.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (x[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function logGrid(grid: Float64Array, spot: number): Float64Array {
  const x = new Float64Array(grid.length);
  for (let j = 0; j < grid.length; j++) x[j] = Math.log(grid[j] / spot);
  return x;
}

/**
 * Total dollar gamma per 1 % move (USD) of the book at each driver price of `grid` (ascending), written into
 * `out` (length >= grid.length). One exp per option and point.
 * @example bsGammaGrid(book, new Float64Array([60000, 70000]), new Float64Array(2))
 */
export function bsGammaGrid(book: BsGridBook, grid: Float64Array, out: Float64Array): Float64Array {
  const m = grid.length;
  out.fill(0, 0, m);
  const x = logGrid(grid, book.spot);
  const k = gammaKernel(book);
  for (let i = 0; i < book.n; i++) {
    const s = k.sd[i];
    const inv = k.invSd[i];
    const c = k.c[i];
    const a = k.gA[i];
    const lo = lowerBound(x, (-D1_CUT - c) * s);
    const hi = lowerBound(x, (D1_CUT - c) * s);
    for (let j = lo; j < hi; j++) {
      const d1 = x[j] * inv + c;
      out[j] += a * Math.exp(-0.5 * d1 * d1);
    }
  }
  for (let j = 0; j < m; j++) out[j] *= grid[j];
  return out;
}

/** Per-group exposure accumulators, each `groups × grid.length`, row g at offset g · grid.length. */
export interface BsGridExposures {
  readonly gex: Float64Array;
  readonly vanna: Float64Array;
  readonly charm: Float64Array;
}

/**
 * Dollar gamma per 1 %, vanna per vol point and charm per day of the book at each driver price of `grid`,
 * summed per group (`group[i]` in [0, groups)): USD, rows of `groups × grid.length`.
 * @example bsExposureGrid(book, grid, new Int32Array(book.n), 1).gex // Float64Array(grid.length)
 */
export function bsExposureGrid(
  book: BsGridBook,
  grid: Float64Array,
  group: Int32Array,
  groups: number,
): BsGridExposures {
  const m = grid.length;
  const gAcc = new Float64Array(groups * m);
  const vAcc = new Float64Array(groups * m);
  const cAcc = new Float64Array(groups * m);
  const x = logGrid(grid, book.spot);
  const k = gammaKernel(book);
  for (let i = 0; i < book.n; i++) {
    const s = k.sd[i];
    const inv = k.invSd[i];
    const c = k.c[i];
    const ga = k.gA[i];
    const t = book.tau[i];
    const q = book.divYield[i];
    const b = book.rate[i] - q;
    const dfq = Math.exp(-q * t);
    // vanna · U · 0.01 · units = −0.01 e^{-qτ} n(d1) (d1 − sd) U units / σ
    const va = (-0.01 * dfq * book.scale[i] * book.units[i] * INV_SQRT_2PI) / book.vol[i];
    const vs = va * s;
    // charm · U · units / 365 with b/sd − d2/(2τ) = (b/sd + sd/(2τ)) − d1/(2τ)
    const ca = (book.scale[i] * book.units[i] * dfq) / 365;
    const cb = ca * INV_SQRT_2PI * (b / s + s / (2 * t));
    const cd = (ca * INV_SQRT_2PI) / (2 * t);
    const phi = book.sign[i];
    const cq = ca * phi * q;
    const off = group[i] * m;
    const lo = q === 0 ? lowerBound(x, (-D1_CUT - c) * s) : 0;
    const hi = q === 0 ? lowerBound(x, (D1_CUT - c) * s) : m;
    for (let j = lo; j < hi; j++) {
      const d1 = x[j] * inv + c;
      const e = Math.exp(-0.5 * d1 * d1);
      gAcc[off + j] += ga * e;
      vAcc[off + j] += e * (va * d1 - vs);
      cAcc[off + j] += e * (cd * d1 - cb);
      if (q !== 0) cAcc[off + j] += cq * normCdf(phi * d1);
    }
  }
  for (let g = 0; g < groups; g++) {
    const off = g * m;
    for (let j = 0; j < m; j++) {
      gAcc[off + j] *= grid[j];
      vAcc[off + j] *= grid[j];
      cAcc[off + j] *= grid[j];
    }
  }
  return { gex: gAcc, vanna: vAcc, charm: cAcc };
}

/**
 * Dollar gamma per 1 % and vanna per vol point (USD) of the whole book at each driver price of `grid` when
 * every option's vol moves with the price: σ_i(S_j) = max(σ_i + volShift[j], σ_min) with σ_min = 0.01.
 * One exp per option and point (d1 recomputed with that point's vol); written into `gex` and `vanna`.
 * @example bsGammaVannaGridVolPath(book, grid, shifts, new Float64Array(m), new Float64Array(m))
 */
export function bsGammaVannaGridVolPath(
  book: BsGridBook,
  grid: Float64Array,
  volShift: Float64Array,
  gex: Float64Array,
  vanna: Float64Array,
): void {
  const m = grid.length;
  gex.fill(0, 0, m);
  vanna.fill(0, 0, m);
  const x = logGrid(grid, book.spot);
  for (let i = 0; i < book.n; i++) {
    const t = book.tau[i];
    const sq = Math.sqrt(t);
    const q = book.divYield[i];
    const dfq = Math.exp(-q * t);
    const c0 = Math.log((book.spot * book.scale[i]) / book.strike[i]) + (book.rate[i] - q) * t;
    const ga = 0.01 * dfq * book.scale[i] * book.units[i] * INV_SQRT_2PI;
    for (let j = 0; j < m; j++) {
      let v = book.vol[i] + volShift[j];
      if (!(v > 0.01)) v = 0.01;
      const sd = v * sq;
      const d1 = (x[j] + c0) / sd + 0.5 * sd;
      if (d1 > D1_CUT || d1 < -D1_CUT) continue;
      const e = Math.exp(-0.5 * d1 * d1);
      gex[j] += (ga * e) / sd;
      // vanna · U · 0.01 · units = −0.01 e^{-qτ} n(d1) d2 U units / σ
      vanna[j] -= (ga * e * (d1 - sd)) / v;
    }
  }
  for (let j = 0; j < m; j++) {
    gex[j] *= grid[j];
    vanna[j] *= grid[j];
  }
}
