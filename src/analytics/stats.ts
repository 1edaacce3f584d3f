// biome-ignore-all lint/correctness/noPrecisionLoss: coefficients are kept with the digits their authors published.
/**
 * Numerical helpers shared by the analytics: descriptive statistics, correlations, ranks, least squares,
 * Huber robust regression and the Student-t distribution. Zero dependencies beyond src/pricing/normal.
 *
 * Kernels never throw: empty, mismatched or out-of-domain input gives NaN (or a fit whose numbers are NaN).
 */
import { normCdf, normInv } from '../pricing/normal.js';

/** A design matrix: one row per observation, one column per regressor (include a 1 for an intercept). */
export type Matrix = readonly (readonly number[])[];

/**
 * Arithmetic mean; NaN for an empty array.
 * @example mean([1, 2, 3, 6]) // 3
 */
export function mean(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

function sortedCopy(xs: readonly number[]): number[] | null {
  if (xs.length === 0 || xs.some(Number.isNaN)) return null;
  return [...xs].sort((a, b) => a - b);
}

/** Type-7 quantile of an already sorted, NaN-free, non-empty array. */
function quantileSorted(s: readonly number[], p: number): number {
  // Hyndman & Fan (1996), "Sample quantiles in statistical packages", Am. Statistician 50(4) 361–365,
  // definition 7 (R's default): h = (n − 1)p, Q = x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋+1] − x[⌊h⌋]) with 0-based x.
  const h = (s.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, s.length - 1);
  return s[lo] + (h - lo) * (s[hi] - s[lo]);
}

/**
 * Sample quantile, Hyndman & Fan (1996) type 7; NaN if empty, if any value is NaN or p is outside [0, 1].
 * @example quantile([1, 2, 3, 4], 0.25) // 1.75
 */
export function quantile(xs: readonly number[], p: number): number {
  const s = sortedCopy(xs);
  if (s === null || !(p >= 0 && p <= 1)) return Number.NaN;
  return quantileSorted(s, p);
}

/**
 * Median (type-7 quantile at 0.5: the mean of the two middle values for even n).
 * @example median([5, 1, 3, 2]) // 2.5
 */
export function median(xs: readonly number[]): number {
  return quantile(xs, 0.5);
}

/**
 * Sample standard deviation (denominator n − 1); NaN for fewer than two values. Corrected two-pass
 * algorithm: Chan, Golub & LeVeque (1983), "Algorithms for computing the sample variance", Am.
 * Statistician 37(3) 242–247, eq. 1.7.
 * @example sampleStd([2, 4, 4, 4, 5, 5, 7, 9]) // 2.138089935299395
 */
export function sampleStd(xs: readonly number[]): number {
  const n = xs.length;
  if (n < 2) return Number.NaN;
  const m = mean(xs);
  let ss = 0;
  let s = 0;
  for (const x of xs) {
    ss += (x - m) * (x - m);
    s += x - m;
  }
  return Math.sqrt(Math.max(0, ss - (s * s) / n) / (n - 1));
}

/**
 * Pearson correlation of paired samples, clamped to [−1, 1]; NaN if lengths differ, n < 2, a value is
 * not finite or either sample is constant. Two-pass centred sums.
 * @example pearson([1, 2, 3, 4], [2, 4, 5, 9]) // 0.9647638212377322
 */
export function pearson(xs: readonly number[], ys: readonly number[]): number {
  const n = xs.length;
  if (n !== ys.length || n < 2) return Number.NaN;
  const mx = mean(xs);
  const my = mean(ys);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i] - mx;
    const dy = ys[i] - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (!(sxx > 0 && syy > 0) || !Number.isFinite(sxy)) return Number.NaN;
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}

/**
 * Pearson correlation over a trailing window: out[i] uses pairs i−window+1..i; NaN before the first full
 * window or where the window holds a NaN.
 * @example rollingCorrelation([1, 2, 3, 4], [1, 2, 3, 1], 3) // [NaN, NaN, 1, -0.5]
 */
export function rollingCorrelation(xs: readonly number[], ys: readonly number[], window: number): number[] {
  return rollingPairs(xs, ys, window, pearson);
}

/** Applies `f` to each trailing window of paired samples (NaN before the first full window). */
export function rollingPairs(
  xs: readonly number[],
  ys: readonly number[],
  window: number,
  f: (x: readonly number[], y: readonly number[]) => number,
): number[] {
  const n = Math.min(xs.length, ys.length);
  const out = new Array<number>(n).fill(Number.NaN);
  if (!(Number.isInteger(window) && window >= 2) || xs.length !== ys.length) return out;
  for (let i = window - 1; i < n; i++) {
    out[i] = f(xs.slice(i - window + 1, i + 1), ys.slice(i - window + 1, i + 1));
  }
  return out;
}

/**
 * Which days count as "down" for the reference asset: return below 0, below its sample mean (Ang, Chen &
 * Xing 2006) or below its type-7 quantile at `quantile` (e.g. 0.25 for the worst quarter of days).
 */
export type DownsideCut = 'zero' | 'mean' | { readonly quantile: number };

export interface DownsideCorrelation {
  /** Pearson correlation over the selected days (NaN if fewer than 3 days or a constant sample). */
  readonly correlation: number;
  /** Number of days with the reference's return strictly below the cutoff. */
  readonly days: number;
  /** The cutoff on the reference's return (0, its mean or its quantile). */
  readonly cutoff: number;
}

/**
 * Downside correlation: the Pearson correlation of x and the reference over the days on which the
 * reference's return is strictly below a cutoff, ρ⁻ = corr(x, ref | ref < c). With c = mean this is the
 * downside correlation of A. Ang, J. Chen & Y. Xing (2006), "Downside risk", Rev. Financial Studies 19(4)
 * 1191–1239, eq. (3); the idea of conditioning on a tail is A. Ang & J. Chen (2002), "Asymmetric
 * correlations of equity portfolios", J. Financial Economics 63, 443–494. Caveat: conditioning on low
 * returns lowers the correlation of a bivariate normal mechanically (Boyer, Gibson & Loretan 1997, Fed
 * IFDP 597; Forbes & Rigobon 2002, J. Finance 57(5) 2223–2261), so compare ρ⁻ with its own history, not
 * with the unconditional ρ.
 * @example downsideCorrelation([1, -2, 3, -1, -3], [1, -1, 2, -2, -3], 'zero').correlation // 0.5
 */
export function downsideCorrelation(
  xs: readonly number[],
  ref: readonly number[],
  cut: DownsideCut = 'zero',
): DownsideCorrelation {
  const cutoff = cut === 'zero' ? 0 : cut === 'mean' ? mean(ref) : quantile(ref, cut.quantile);
  const x: number[] = [];
  const y: number[] = [];
  if (xs.length === ref.length) {
    for (let i = 0; i < ref.length; i++) {
      if (ref[i] < cutoff) {
        x.push(xs[i]);
        y.push(ref[i]);
      }
    }
  }
  return { correlation: x.length >= 3 ? pearson(x, y) : Number.NaN, days: x.length, cutoff };
}

export interface PercentileRank {
  /** Size of the history (NaN entries dropped). */
  readonly n: number;
  readonly below: number;
  readonly equal: number;
  readonly above: number;
  /** Mid-rank percentile in [0, 1]: (below + equal/2) / n; NaN for an empty history. */
  readonly percentile: number;
  /** Competition rank from the top: 1 + number of history values strictly above (1 = largest). */
  readonly rankFromTop: number;
  /** Competition rank from the bottom: 1 + number of history values strictly below (1 = smallest). */
  readonly rankFromBottom: number;
}

/**
 * Where `value` sits in `history` (the value itself is counted only if it is in `history`). The mid-rank
 * percentile splits ties evenly, so a value equal to every entry sits at 0.5.
 * @example percentileRank(3, [1, 2, 3, 4]).percentile // 0.625
 */
export function percentileRank(value: number, history: readonly number[]): PercentileRank {
  let below = 0;
  let equal = 0;
  let above = 0;
  for (const h of history) {
    if (Number.isNaN(h)) continue;
    if (h < value) below++;
    else if (h > value) above++;
    else if (h === value) equal++;
  }
  const n = below + equal + above;
  const percentile = n === 0 || Number.isNaN(value) ? Number.NaN : (below + equal / 2) / n;
  return { n, below, equal, above, percentile, rankFromTop: above + 1, rankFromBottom: below + 1 };
}

/**
 * Log returns ln(v[i]/v[i−1]) of a price series (length n − 1); NaN where a price is not positive.
 * @example logReturns([100, 110, 99]) // [0.09531017980432493, -0.10536051565782628]
 */
export function logReturns(values: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 1; i < values.length; i++) {
    const a = values[i - 1];
    const b = values[i];
    out.push(a > 0 && b > 0 ? Math.log(b / a) : Number.NaN);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Least squares. Normal equations solved by Cholesky (Golub & Van Loan, Matrix Computations, 4th ed.
// 2013, §4.2 Algorithm 4.2.1). Squaring the condition number is harmless here: the analytics regress on an
// intercept and a few daily returns (p <= 5, well-conditioned columns).
// ---------------------------------------------------------------------------------------------------------

/** Lower Cholesky factor of a symmetric positive-definite matrix, or null if it is not numerically SPD. */
function cholesky(a: readonly (readonly number[])[]): number[][] | null {
  const p = a.length;
  const l = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  for (let j = 0; j < p; j++) {
    let d = a[j][j];
    for (let k = 0; k < j; k++) d -= l[j][k] * l[j][k];
    if (!(d > 1e-13 * Math.abs(a[j][j]))) return null;
    l[j][j] = Math.sqrt(d);
    for (let i = j + 1; i < p; i++) {
      let s = a[i][j];
      for (let k = 0; k < j; k++) s -= l[i][k] * l[j][k];
      l[i][j] = s / l[j][j];
    }
  }
  return l;
}

/** Solves L Lᵀ x = b. */
function choleskySolve(l: readonly (readonly number[])[], b: readonly number[]): number[] {
  const p = l.length;
  const z = new Array<number>(p);
  for (let i = 0; i < p; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= l[i][k] * z[k];
    z[i] = s / l[i][i];
  }
  const x = new Array<number>(p);
  for (let i = p - 1; i >= 0; i--) {
    let s = z[i];
    for (let k = i + 1; k < p; k++) s -= l[k][i] * x[k];
    x[i] = s / l[i][i];
  }
  return x;
}

export interface LinearFit {
  readonly method: 'ols' | 'huber';
  /** One coefficient per column of the design matrix (NaN if the design is singular). */
  readonly coefficients: readonly number[];
  readonly fitted: readonly number[];
  readonly residuals: readonly number[];
  /** IRLS weights of the final weighted fit (all 1 for OLS). */
  readonly weights: readonly number[];
  /** OLS: √(RSS/(n − p)). Huber: the MAD scale median|rᵢ|/Φ⁻¹(0.75) of the final residuals. */
  readonly scale: number;
  readonly n: number;
  readonly p: number;
  readonly dfResidual: number;
  /** (XᵀWX)⁻¹, so that scale²·(XᵀWX)⁻¹ approximates the coefficients' covariance. */
  readonly xtwxInverse: readonly (readonly number[])[];
  readonly iterations: number;
  readonly converged: boolean;
}

interface WeightedSolution {
  readonly coefficients: number[];
  readonly fitted: number[];
  readonly residuals: number[];
  readonly xtwxInverse: number[][];
}

/** Weighted least squares by the normal equations; NaN everywhere if XᵀWX is singular. */
function weightedLeastSquares(y: readonly number[], x: Matrix, w: readonly number[]): WeightedSolution {
  const n = y.length;
  const p = n > 0 ? x[0].length : 0;
  const a = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  const b = new Array<number>(p).fill(0);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) {
      b[j] += w[i] * x[i][j] * y[i];
      for (let k = 0; k <= j; k++) a[j][k] += w[i] * x[i][j] * x[i][k];
    }
  }
  for (let j = 0; j < p; j++) for (let k = j + 1; k < p; k++) a[j][k] = a[k][j];
  const l = cholesky(a);
  const coefficients = l === null ? new Array<number>(p).fill(Number.NaN) : choleskySolve(l, b);
  const xtwxInverse = Array.from({ length: p }, (_, j) =>
    l === null ? new Array<number>(p).fill(Number.NaN) : choleskySolve(l, unitVector(p, j)),
  );
  const fitted = x.map((row) => dot(row, coefficients));
  const residuals = y.map((yi, i) => yi - fitted[i]);
  return { coefficients, fitted, residuals, xtwxInverse };
}

function unitVector(p: number, j: number): number[] {
  const e = new Array<number>(p).fill(0);
  e[j] = 1;
  return e;
}

function dot(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** True when y and X have matching, non-empty, rectangular, finite shapes with n > p. */
function validDesign(y: readonly number[], x: Matrix): boolean {
  if (y.length === 0 || x.length !== y.length) return false;
  const p = x[0].length;
  if (p === 0 || y.length <= p) return false;
  return x.every((r) => r.length === p && r.every(Number.isFinite)) && y.every(Number.isFinite);
}

function nanFit(method: 'ols' | 'huber', y: readonly number[], x: Matrix): LinearFit {
  const p = x.length > 0 ? x[0].length : 0;
  const nan = (k: number) => new Array<number>(k).fill(Number.NaN);
  return {
    method,
    coefficients: nan(p),
    fitted: nan(y.length),
    residuals: nan(y.length),
    weights: nan(y.length),
    scale: Number.NaN,
    n: y.length,
    p,
    dfResidual: y.length - p,
    xtwxInverse: Array.from({ length: p }, () => nan(p)),
    iterations: 0,
    converged: false,
  };
}

/**
 * Ordinary least squares of y on the columns of X (add a column of ones for an intercept). Needs n > p and
 * finite input, else every number of the fit is NaN.
 * @example ols([2, 4, 5, 4, 5], [[1, 1], [1, 2], [1, 3], [1, 4], [1, 5]]).coefficients // [2.2, 0.6] (to 1e-15)
 */
export function ols(y: readonly number[], x: Matrix): LinearFit {
  if (!validDesign(y, x)) return nanFit('ols', y, x);
  const n = y.length;
  const p = x[0].length;
  const s = weightedLeastSquares(y, x, new Array<number>(n).fill(1));
  const rss = s.residuals.reduce((acc, r) => acc + r * r, 0);
  return {
    method: 'ols',
    ...s,
    weights: new Array<number>(n).fill(1),
    scale: Math.sqrt(rss / (n - p)),
    n,
    p,
    dfResidual: n - p,
    iterations: 1,
    converged: Number.isFinite(rss),
  };
}

/** 1/Φ⁻¹(3/4) ≈ 1.4826: makes the median absolute residual a consistent estimate of σ under normal errors. */
const MAD_CONSISTENCY = 1 / normInv(0.75);

/**
 * Robust scale from residuals: median|rᵢ| / Φ⁻¹(0.75), the MAD about zero used by Huber IRLS in R's
 * MASS::rlm (Venables & Ripley, Modern Applied Statistics with S, 4th ed. 2002, §6.5) and statsmodels RLM.
 * @example madScale([1, -1, 2, -2]) // 2.223903327758403
 */
export function madScale(residuals: readonly number[]): number {
  return median(residuals.map(Math.abs)) * MAD_CONSISTENCY;
}

export interface HuberOptions {
  /** Huber's tuning constant; 1.345 gives 95% efficiency at the normal (Huber 1981, §7.7; Holland & Welsch 1977). */
  readonly k?: number;
  readonly maxIterations?: number;
  /** Stop when ‖r_new − r_old‖ / ‖r_old‖ falls below this (the residual criterion of MASS::rlm). */
  readonly tolerance?: number;
}

/** Huber weight ψ(u)/u: 1 inside [−k, k], k/|u| outside. */
function huberWeight(u: number, k: number): number {
  const a = Math.abs(u);
  return a <= k ? 1 : k / a;
}

/**
 * Huber M-estimator of regression (P. J. Huber 1964, "Robust estimation of a location parameter", Ann. Math.
 * Statist. 35, 73–101; regression form Huber 1973, Ann. Statist. 1(5) 799–821) by iteratively reweighted
 * least squares (P. W. Holland & R. E. Welsch 1977, "Robust regression using iteratively reweighted
 * least-squares", Commun. Statist. A6(9) 813–827). Starts from OLS; each step re-estimates the scale
 * s = median|rᵢ|/Φ⁻¹(0.75), sets wᵢ = min(1, k·s/|rᵢ|) and solves weighted least squares, until the
 * residuals stop moving. At convergence Σ ψ(rᵢ/s)·xᵢ = 0. If the scale collapses to 0 (more than half the
 * points fitted exactly) the last fit is kept. Matches statsmodels RLM(HuberT()) on the stackloss data.
 * @example huber([1, 2, 3, 4, 100], [[1], [1], [1], [1], [1]]).coefficients[0] // ≈ 3 (OLS gives the mean, 22)
 */
export function huber(y: readonly number[], x: Matrix, options: HuberOptions = {}): LinearFit {
  const k = options.k ?? 1.345;
  const maxIterations = options.maxIterations ?? 200;
  const tolerance = options.tolerance ?? 1e-12;
  if (!validDesign(y, x) || !(k > 0)) return nanFit('huber', y, x);
  let weights = new Array<number>(y.length).fill(1);
  let s = weightedLeastSquares(y, x, weights);
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations && !converged) {
    const scale = madScale(s.residuals);
    if (!(scale > 0) || !s.coefficients.every(Number.isFinite)) {
      converged = scale === 0;
      break;
    }
    weights = s.residuals.map((r) => huberWeight(r / scale, k));
    const next = weightedLeastSquares(y, x, weights);
    converged = residualChange(s.residuals, next.residuals) <= tolerance;
    s = next;
    iterations++;
  }
  return {
    method: 'huber',
    ...s,
    weights,
    scale: madScale(s.residuals),
    n: y.length,
    p: x[0].length,
    dfResidual: y.length - x[0].length,
    iterations,
    converged,
  };
}

function residualChange(before: readonly number[], after: readonly number[]): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < before.length; i++) {
    num += (before[i] - after[i]) ** 2;
    den += before[i] ** 2;
  }
  return Math.sqrt(num / Math.max(den, 1e-300));
}

export interface PredictionInterval {
  readonly x0: readonly number[];
  /** Point prediction x0ᵀβ. */
  readonly estimate: number;
  /** Standard error of a new observation: s·√(1 + x0ᵀ(XᵀWX)⁻¹x0). */
  readonly standardError: number;
  /** Student-t quantile at (1 + level)/2 with n − p degrees of freedom. */
  readonly tQuantile: number;
  readonly df: number;
  readonly level: number;
  readonly lower: number;
  readonly upper: number;
}

/**
 * Two-sided prediction interval for a new observation at x0 (include the intercept's 1):
 * x0ᵀβ ± t_{(1+level)/2, n−p} · s · √(1 + x0ᵀ(XᵀWX)⁻¹x0). For OLS this is exact under normal errors
 * (D. C. Montgomery, E. A. Peck & G. G. Vining, Introduction to Linear Regression Analysis, 5th ed. 2012,
 * §3.5 "Prediction of new observations"). For a Huber fit it is an approximation: s is the robust MAD scale and (XᵀWX)⁻¹ comes
 * from the final IRLS weights, i.e. the fit is treated as the weighted least-squares problem it converged
 * to, with the new observation given full weight and the t quantile standing in for the unknown error law.
 * @example predictionInterval(ols([2, 4, 5, 4, 5], [[1, 1], [1, 2], [1, 3], [1, 4], [1, 5]]), [1, 6], 0.9).upper // ≈ 8.8503
 */
export function predictionInterval(fit: LinearFit, x0: readonly number[], level = 0.9): PredictionInterval {
  const estimate = x0.length === fit.p ? dot(x0, fit.coefficients) : Number.NaN;
  let quad = 0;
  for (let i = 0; i < fit.p; i++) quad += x0[i] * dot(fit.xtwxInverse[i], x0);
  const standardError = fit.scale * Math.sqrt(1 + quad);
  const tq = level > 0 && level < 1 ? tInv((1 + level) / 2, fit.dfResidual) : Number.NaN;
  return {
    x0,
    estimate,
    standardError,
    tQuantile: tq,
    df: fit.dfResidual,
    level,
    lower: estimate - tq * standardError,
    upper: estimate + tq * standardError,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Student-t distribution through the regularized incomplete beta function.
// ---------------------------------------------------------------------------------------------------------

// C. Lanczos (1964), "A precision approximation of the gamma function", SIAM J. Numer. Anal. B 1, 86–96,
// with g = 7 and the nine coefficients computed by P. Godfrey (2001, "A note on the computation of the
// convergent Lanczos complex Gamma approximation"; tabulated in the Wikipedia article "Lanczos
// approximation"); relative error ~1e-15 for x >= 0.5, reflection Γ(x)Γ(1−x) = π/sin(πx) below.
const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
const HALF_LN_2PI = 0.91893853320467274178;

/**
 * ln Γ(x) for x > 0 (Lanczos 1964, g = 7); NaN for x <= 0.
 * @example lnGamma(0.5) // 0.5723649429247001 (= ln √π)
 */
export function lnGamma(x: number): number {
  if (!(x > 0)) return Number.NaN;
  if (x === Number.POSITIVE_INFINITY) return x;
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  const z = x - 1;
  let sum = LANCZOS[0];
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i] / (z + i);
  const t = z + LANCZOS_G + 0.5;
  return HALF_LN_2PI + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b). */
function lnBeta(a: number, b: number): number {
  return lnGamma(a) + lnGamma(b) - lnGamma(a + b);
}

const CF_TINY = 1e-300;
const CF_EPS = 1e-16;
const CF_MAX_ITER = 10_000;

/**
 * Continued fraction for I_x(a, b), Numerical Recipes 3rd ed. §6.4 eq. 6.4.5 (coefficients d_{2m},
 * d_{2m+1}), evaluated by the modified Lentz method (W. J. Lentz 1976, Appl. Optics 15(3) 668–671;
 * Thompson & Barnett 1986, J. Comput. Phys. 64, 490–509). Converges fast for x < (a + 1)/(a + b + 2).
 */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const guard = (v: number) => (Math.abs(v) < CF_TINY ? CF_TINY : v);
  let c = 1;
  let d = 1 / guard(1 - ((a + b) * x) / (a + 1));
  let h = d;
  for (let m = 1; m <= CF_MAX_ITER; m++) {
    const m2 = 2 * m;
    const even = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 / guard(1 + even * d);
    c = guard(1 + even / c);
    h *= d * c;
    const odd = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 / guard(1 + odd * d);
    c = guard(1 + odd / c);
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < CF_EPS) return h;
  }
  return h;
}

export interface BetaTails {
  /** I_x(a, b). */
  readonly lower: number;
  /** 1 − I_x(a, b) = I_{1−x}(b, a). */
  readonly upper: number;
}

/**
 * Regularized incomplete beta I_x(a, b) and its complement, each with full relative precision. The caller
 * passes y = 1 − x separately so that a y computed without cancellation (e.g. t²/(ν + t²)) is not lost.
 * @example betaIncRegTails(2, 3, 0.4, 0.6).lower // ≈ 0.5248 (I_0.4(2,3) = 1 − 0.6⁴ − 4·0.4·0.6³)
 */
export function betaIncRegTails(a: number, b: number, x: number, y = 1 - x): BetaTails {
  if (!(a > 0 && b > 0 && x >= 0 && y >= 0) || Math.abs(x + y - 1) > 1e-12) {
    return { lower: Number.NaN, upper: Number.NaN };
  }
  if (x === 0) return { lower: 0, upper: 1 };
  if (y === 0) return { lower: 1, upper: 0 };
  const front = Math.exp(a * Math.log(x) + b * Math.log(y) - lnBeta(a, b));
  if (x < (a + 1) / (a + b + 2)) {
    const lower = (front * betaContinuedFraction(a, b, x)) / a;
    return { lower, upper: 1 - lower };
  }
  const upper = (front * betaContinuedFraction(b, a, y)) / b;
  return { lower: 1 - upper, upper };
}

/**
 * Regularized incomplete beta function I_x(a, b) (Numerical Recipes 3rd ed. §6.4).
 * @example betaIncReg(1, 1, 0.3) // 0.3
 */
export function betaIncReg(a: number, b: number, x: number): number {
  return betaIncRegTails(a, b, x).lower;
}

/**
 * Upper tail P(T > t) of Student's t with ν > 0 degrees of freedom (ν may be fractional; ν = ∞ is the
 * normal). Uses P(|T| > t) = I_{ν/(ν+t²)}(ν/2, ½) (Abramowitz & Stegun 26.7.1 with 26.5.27; NR §6.14.2),
 * so the far tail keeps full relative precision.
 * @example tSf(2.776445105197799, 4) // ≈ 0.025
 */
export function tSf(t: number, nu: number): number {
  if (Number.isNaN(t) || !(nu > 0)) return Number.NaN;
  if (nu === Number.POSITIVE_INFINITY) return normCdf(-t);
  if (t === 0) return 0.5;
  const t2 = t * t;
  const { lower } = Number.isFinite(t2)
    ? betaIncRegTails(nu / 2, 0.5, nu / (nu + t2), t2 / (nu + t2))
    : { lower: 0 };
  return t > 0 ? lower / 2 : 1 - lower / 2;
}

/**
 * Distribution function P(T <= t) of Student's t with ν degrees of freedom.
 * @example tCdf(1, 1) // ≈ 0.75
 */
export function tCdf(t: number, nu: number): number {
  return tSf(-t, nu);
}

/**
 * Two-sided tail P(|T| >= |t|).
 * @example tTwoSided(1.8124611228107335, 10) // ≈ 0.1
 */
export function tTwoSided(t: number, nu: number): number {
  return Math.min(1, 2 * tSf(Math.abs(t), nu));
}

/**
 * Density of Student's t: Γ((ν+1)/2) / (√(νπ) Γ(ν/2)) · (1 + t²/ν)^(−(ν+1)/2).
 * @example tPdf(0, 4) // ≈ 0.375
 */
export function tPdf(t: number, nu: number): number {
  if (Number.isNaN(t) || !(nu > 0)) return Number.NaN;
  if (nu === Number.POSITIVE_INFINITY) return Math.exp(-0.5 * t * t) / Math.sqrt(2 * Math.PI);
  const lnC = lnGamma((nu + 1) / 2) - lnGamma(nu / 2) - 0.5 * Math.log(nu * Math.PI);
  return Math.exp(lnC - ((nu + 1) / 2) * Math.log1p((t * t) / nu));
}

/** Starting point for the t quantile: Cornish–Fisher expansion in 1/ν, Abramowitz & Stegun 26.7.5. */
function tQuantileGuess(z: number, nu: number): number {
  const z2 = z * z;
  const g1 = (z * (z2 + 1)) / 4;
  const g2 = (z * ((5 * z2 + 16) * z2 + 3)) / 96;
  const g3 = (z * (((3 * z2 + 19) * z2 + 17) * z2 - 15)) / 384;
  const g4 = (z * ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945)) / 92160;
  const guess = z + g1 / nu + g2 / nu ** 2 + g3 / nu ** 3 + g4 / nu ** 4;
  return Number.isFinite(guess) && guess > 0 ? guess : z;
}

/**
 * Quantile of Student's t: the t with P(T <= t) = p. Solves tSf(t) = min(p, 1 − p) for t > 0 by Newton's
 * method on ln tSf (derivative −pdf/sf), safeguarded by a bracket that falls back to bisection (Press et
 * al., Numerical Recipes 3rd ed. §9.4, rtsafe), from the A&S 26.7.5 expansion. Relative accuracy ~1e-13.
 * @example tInv(0.975, 4) // ≈ 2.776445105197799
 */
export function tInv(p: number, nu: number): number {
  if (!(p >= 0 && p <= 1) || !(nu > 0)) return Number.NaN;
  if (nu === Number.POSITIVE_INFINITY) return normInv(p);
  if (p === 0.5) return 0;
  if (p === 0 || p === 1) return p === 0 ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  const q = Math.min(p, 1 - p);
  const t = solveUpperTail(q, nu);
  return p < 0.5 ? -t : t;
}

/** t > 0 with tSf(t, ν) = q, for 0 < q < 0.5. */
function solveUpperTail(q: number, nu: number): number {
  const target = Math.log(q);
  let lo = 0;
  let hi = Math.max(1, tQuantileGuess(-normInv(q), nu));
  while (tSf(hi, nu) > q && hi < 1e300) {
    lo = hi;
    hi *= 4;
  }
  let t = Math.min(Math.max(tQuantileGuess(-normInv(q), nu), lo), hi);
  for (let i = 0; i < 200; i++) {
    const sf = tSf(t, nu);
    const f = Math.log(sf) - target;
    if (f === 0) return t;
    if (f > 0) lo = t;
    else hi = t;
    let next = t + f / (tPdf(t, nu) / sf);
    if (!(next > lo && next < hi)) next = lo > 0 && hi > 4 * lo ? Math.sqrt(lo * hi) : (lo + hi) / 2;
    if (Math.abs(next - t) <= 2e-15 * t || hi - lo <= 2e-15 * hi) return next;
    t = next;
  }
  return t;
}
