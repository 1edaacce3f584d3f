/**
 * Normalised implied volatility by P. Jäckel, "Let's Be Rational", Wilmott (January 2015) 40–53 (version of
 * 25 March 2016), with the refinements of the 2024 reference implementation (revision 1520): closed forms for
 * s_c, b_c, s_l, s_u, the complementary price in the upper branch, and Householder(4) steps for extreme
 * moneyness. Internal to the pricing core; the market-convention wrapper is impliedVol.ts.
 *
 * Solves b(x, s) = β for s = σ√T with x = ln(F/K) <= 0 (out of the money) and 0 <= β < bₘₐₓ = e^{x/2}.
 * The initial guess uses four branches split at s_l < s_c = √(2|x|) < s_u (paper §4):
 *   β < b_l          rational cubic of the lower map f_l(β) = (2π/√27)|x|·Φ(−|x|/(√3 s))³, then invert;
 *   b_l <= β < b_c   rational cubic of s(β) through (b_l, s_l), (b_c, s_c) with slopes 1/b';
 *   b_c <= β <= b_u  the same through (b_c, s_c), (b_u, s_u);
 *   β > b_u          rational cubic of the upper map f_u(β) = Φ(−s/2), then s = −2Φ⁻¹(f).
 * Each cubic matches the second derivative at the node shared with the neighbouring branch (paper §4,
 * b_c being the inflection point of b(s)). Householder's method of order 3 (convergence order 4,
 * paper §5) then runs on a branch-dependent objective:
 *   lowest branch   g = 1/ln b(s) − 1/ln β,
 *   middle branches g = b(s) − β,
 *   highest branch  g = ln(bₘₐₓ − β) − ln(bₘₐₓ − b(s))   (when β > bₘₐₓ/2).
 * The ratios ν = −g/g', h₂ = g''/g', h₃ = g'''/g', h₄ = g''''/g' below were derived with sympy from
 * b''/b' = x²/s³ − s/4 and b'''/b' = (b''/b')² − 3x²/s⁴ − 1/4 (b' = normalised vega).
 */
import { blackOtm, complementaryErfcxSum, lastVega, lnVega, scaledBlackOtm } from './lbrBlack.js';
import { rationalCubic, rationalCubicRFitLeft, rationalCubicRFitRight } from './lbrRational.js';
import { erfc, erfcx, normInv } from './normal.js';
import { erfcxTail, erfOverX, normInvCentral, THRESH } from './normalKernels.js';

const EPS = Number.EPSILON;
const SQRT_PI_OVER_2 = 1.2533141373155003;
const SQRT_2PI = 2.5066282746310007;
const SQRT_2_OVER_PI = 0.7978845608028654;
const TWO_PI = 6.283185307179586;
const SQRT_3 = 1.7320508075688772;
const TWO_PI_OVER_SQRT_27 = 1.2091995761561452;
/** √3/∛(2π). */
const SQRT_3_OVER_CBRT_2PI = 0.9386434874273836;
const PI_OVER_6 = 0.5235987755982989;

/** Below these log-moneyness values the transformed branches use Householder(4) (2024 revision). */
const LOWER_HH4_BELOW = -190;
const UPPER_HH4_BELOW = -580;

let iterationsOfLastCall = 0;

/** Householder steps taken by the last lbrImpliedNormalisedVol call. */
export function lastIterations(): number {
  return iterationsOfLastCall;
}

/** Step factor of Householder's method of order 3: s += ν·(1 + νh₂/2)/(1 + ν(h₂ + νh₃/6)). */
function householder3(nu: number, h2: number, h3: number): number {
  return (1 + 0.5 * h2 * nu) / (1 + nu * (h2 + (h3 * nu) / 6));
}

/** Step factor of Householder's method of order 4 (derived from d·(1/g)^(d−1)/(1/g)^(d), d = 4). */
function householder4(nu: number, h2: number, h3: number, h4: number): number {
  return (
    (1 + nu * (h2 + (nu * h3) / 6)) / (1 + nu * (1.5 * h2 + nu * (0.25 * h2 * h2 + h3 / 3 + (nu * h4) / 24)))
  );
}

/**
 * 1 − erfcx(y) for y >= 0 without cancellation at small y: with erfcx(y) = e^{y²}(1 − y·E(y)), E = erf(y)/y
 * (Cody's first interval), 1 − erfcx(y) = e^{y²}·y·E(y) − expm1(y²).
 */
function oneMinusErfcx(y: number): number {
  if (y > THRESH) return 1 - erfcxTail(y);
  const m = Math.expm1(y * y);
  return (1 + m) * y * erfOverX(y) - m;
}

/** s such that b(0, s) = erf(s/√8) = β, i.e. s = 2Φ⁻¹((1+β)/2), 0 <= β < 1. */
function atmImpliedNormalisedVol(beta: number): number {
  const half = 0.5 * beta;
  // AS 241 takes q = Φ − 1/2 directly in its central region, so small β loses nothing to 1/2 + β/2.
  if (half <= 0.425) return 2 * normInvCentral(half);
  return -2 * normInv(0.5 * (1 - beta));
}

/**
 * Implied normalised volatility s = σ√T for 0 <= β and x <= 0, at most `maxIter` Householder steps.
 * Returns 0 for β = 0 and +Infinity for β >= bₘₐₓ = e^{x/2} (no solution); NaN for NaN input.
 */
export function lbrImpliedNormalisedVol(beta: number, x: number, maxIter: number): number {
  iterationsOfLastCall = 0;
  if (!(beta > 0)) return beta === 0 ? 0 : Number.NaN;
  const bMax = Math.exp(0.5 * x);
  if (beta >= bMax) return Number.POSITIVE_INFINITY;
  if (x === 0) return atmImpliedNormalisedVol(beta);
  if (!(x < 0)) return Number.NaN;

  // Closed forms (2024 revision, derived from h = −t at s_c): b_c = b(x, s_c) = ½bₘₐₓ(1 − erfcx(√|x|)),
  // b'(s_c) = bₘₐₓ/√(2π), s_l = s_c − b_c/b'(s_c), s_u = s_c + (bₘₐₓ − b_c)/b'(s_c).
  const sqrtAx = Math.sqrt(-x);
  const sC = Math.SQRT2 * sqrtAx;
  const ome = oneMinusErfcx(sqrtAx);
  const bC = 0.5 * bMax * ome;
  const invVegaC = SQRT_2PI / bMax;

  let s: number;
  if (beta < bC) {
    const sL = sC - SQRT_PI_OVER_2 * ome;
    const bL = blackOtm(x, sL, bMax);
    if (beta < bL) return lowestBranch(beta, x, bMax, sL, bL, maxIter);
    const invVegaL = 1 / lastVega();
    const r = rationalCubicRFitRight(bL, bC, sL, sC, invVegaL, invVegaC, 0, false);
    s = rationalCubic(beta, bL, bC, sL, sC, invVegaL, invVegaC, r);
  } else {
    const sU = sC + SQRT_PI_OVER_2 * (2 - ome);
    const bU = blackOtm(x, sU, bMax);
    if (beta <= bU) {
      const invVegaU = 1 / lastVega();
      const r = rationalCubicRFitLeft(bC, bU, sC, sU, invVegaC, invVegaU, 0, false);
      s = rationalCubic(beta, bC, bU, sC, sU, invVegaC, invVegaU, r);
    } else {
      s = upperMapGuess(beta, x, sU, bU, bMax);
      if (beta > 0.5 * bMax) return highestBranch(beta, x, s, bMax, maxIter);
    }
  }
  return middleIteration(beta, x, bMax, s, maxIter);
}

/** Objective g = b(s) − β: ν = (β − b)/b', h₂ = b''/b', h₃ = b'''/b'. */
function middleIteration(beta: number, x: number, bMax: number, s0: number, maxIter: number): number {
  let s = s0;
  let ds = Number.MAX_VALUE;
  let n = 0;
  for (; n < maxIter && Math.abs(ds) > EPS * s; n++) {
    const b = blackOtm(x, s, bMax);
    const nu = (beta - b) / lastVega();
    const h = x / s;
    const x2s3 = (h * h) / s;
    const h2 = x2s3 - 0.25 * s;
    const h3 = h2 * h2 - (3 * x2s3) / s - 0.25;
    ds = nu * householder3(nu, h2, h3);
    s += ds;
  }
  iterationsOfLastCall = n;
  return s;
}

/** Initial guess in the lowest branch and iteration on g = 1/ln b − 1/ln β. */
function lowestBranch(
  beta: number,
  x: number,
  bMax: number,
  sL: number,
  bL: number,
  maxIter: number,
): number {
  // Lower map at s_l and its first two β-derivatives (our sympy derivation, matching the paper's §4):
  //   f  = (2π/√27)|x|Φ(−z)³, z = |x|/(√3 s), y = z²,
  //   f' = 2π·y·Φ(−z)²·e^{y + s²/8},
  //   f''= (π/6)(y/s³)Φ(−z)[8√3·s|x| + (3s²(s²−8) − 8x²)·Φ(−z)/φ(z)]·e^{2y + s²/4}.
  const ax = -x;
  const z = ax / (SQRT_3 * sL);
  const y = z * z;
  const s2 = sL * sL;
  const phiRatio = SQRT_PI_OVER_2 * erfcx(z * Math.SQRT1_2); // Φ(−z)/φ(z)
  const cdf = 0.5 * erfc(z * Math.SQRT1_2); // Φ(−z)
  const cdf2 = cdf * cdf;
  const f = TWO_PI_OVER_SQRT_27 * ax * cdf2 * cdf;
  const f1 = TWO_PI * y * cdf2 * Math.exp(y + 0.125 * s2);
  const f2 =
    ((PI_OVER_6 * y) / (s2 * sL)) *
    cdf *
    (8 * SQRT_3 * sL * ax + (3 * s2 * (s2 - 8) - 8 * x * x) * phiRatio) *
    Math.exp(2 * y + 0.25 * s2);
  // f(0) = 0 and f'(0) = 1: the map is built so that f ≈ β for small β (paper §4).
  const r = rationalCubicRFitRight(0, bL, 0, f, 1, f1, f2, true);
  let fg = rationalCubic(beta, 0, bL, 0, f, 1, f1, r);
  if (!(fg > 0)) {
    // Roundoff for extreme |x|: the quadratic through f(0) = 0, f'(0) = 1 and f(b_l) (reference code).
    const u = beta / bL;
    fg = (f * u + bL * (1 - u)) * u;
  }
  // Invert f_l: Φ(−z) = (f·√27/(2π|x|))^(1/3); the two cube roots stay separate to avoid underflow.
  let s = Math.abs(x / (SQRT_3 * normInv((SQRT_3_OVER_CBRT_2PI * Math.cbrt(fg)) / Math.cbrt(ax))));

  const lnBeta = Math.log(beta);
  let ds = Number.MAX_VALUE;
  let n = 0;
  for (; n < maxIter && Math.abs(ds) > EPS * s; n++) {
    const bx = scaledBlackOtm(x, s, bMax);
    const lnB = Math.log(bx) + lnVega(x, s);
    // p = b'/b = 1/bx; λ = 1/ln b.
    const p = 1 / bx;
    const lambda = 1 / lnB;
    const nu = (((lnBeta - lnB) * lnB) / lnBeta) * bx;
    const h = x / s;
    const x2s3 = (h * h) / s;
    const q2 = x2s3 - 0.25 * s;
    const c = (3 * x2s3) / s;
    const q3 = q2 * q2 - c - 0.25;
    const otl = 1 + 2 * lambda;
    const h2 = q2 - p * otl;
    const h3 = q3 + p * p * (2 + 6 * lambda * (1 + lambda)) - 3 * p * q2 * otl;
    if (x < LOWER_HH4_BELOW) {
      // b''''/b' = h₂(h₃ − ½) − (h₂ − 2/s)·6x²/s⁴ for b' = vega.
      const q4 = q2 * (q3 - 0.5) - (q2 - 2 / s) * 2 * c;
      const h4 =
        q4 -
        p * p * p * (6 + lambda * (22 + lambda * (36 + 24 * lambda))) +
        p * p * q2 * (12 + 36 * lambda * (1 + lambda)) -
        3 * p * q2 * q2 * otl -
        4 * p * q3 * otl;
      ds = nu * householder4(nu, h2, h3, h4);
    } else ds = nu * householder3(nu, h2, h3);
    s += ds;
  }
  iterationsOfLastCall = n;
  return s;
}

/** Initial guess from the upper map f_u = Φ(−s/2) on [b_u, bₘₐₓ). */
function upperMapGuess(beta: number, x: number, sU: number, bU: number, bMax: number): number {
  // f = Φ(−s/2), f' = −½e^{w/2}, f'' = √(π/2)·e^{w + s²/8}·w/s with w = (x/s)² (our derivation, paper §4);
  // at bₘₐₓ, f = 0 and f' = −½.
  const f = 0.5 * erfc(0.5 * Math.SQRT1_2 * sU);
  const w = (x / sU) * (x / sU);
  const f1 = -0.5 * Math.exp(0.5 * w);
  const f2 = (SQRT_PI_OVER_2 * Math.exp(w + 0.125 * sU * sU) * w) / sU;
  let fg = Number.NaN;
  if (Number.isFinite(f2)) {
    const r = rationalCubicRFitLeft(bU, bMax, f, 0, f1, -0.5, f2, true);
    fg = rationalCubic(beta, bU, bMax, f, 0, f1, -0.5, r);
  }
  if (!(fg > 0)) {
    // The quadratic through f(b_u), f(bₘₐₓ) = 0 and f'(bₘₐₓ) = −½ (reference code fallback).
    const hw = bMax - bU;
    const u = (beta - bU) / hw;
    fg = (f * (1 - u) + 0.5 * hw * u) * (1 - u);
  }
  return -2 * normInv(fg);
}

/**
 * Iteration on g = ln(bₘₐₓ − β) − ln(bₘₐₓ − b(s)) with the complementary price b̄ = bₘₐₓ − b formed
 * without cancellation: b̄ = ½(erfcx((t+h)/√2) + erfcx((t−h)/√2))·e^{−(h²+t²)/2}, so g' = b'/b̄ =
 * √(2/π)/(sum of the two erfcx).
 */
function highestBranch(beta: number, x: number, s0: number, bMax: number, maxIter: number): number {
  const lnBetaBar = Math.log(bMax - beta);
  let s = s0;
  let ds = Number.MAX_VALUE;
  let n = 0;
  for (; n < maxIter && Math.abs(ds) > EPS * s; n++) {
    const sum = complementaryErfcxSum(x, s);
    const gp = SQRT_2_OVER_PI / sum;
    const h = x / s;
    const t = 0.5 * s;
    const lnBBar = Math.log(0.5 * sum) - 0.5 * (h * h + t * t);
    const nu = (lnBBar - lnBetaBar) / gp;
    const x2s3 = (h * h) / s;
    const q2 = x2s3 - 0.25 * s;
    const c = (3 * x2s3) / s;
    const q3 = q2 * q2 - c - 0.25;
    const h2 = q2 + gp;
    const h3 = q3 + gp * (2 * gp + 3 * q2);
    if (x < UPPER_HH4_BELOW) {
      const q4 = q2 * (q3 - 0.5) - (q2 - 2 / s) * 2 * c;
      const h4 = q4 + gp * (6 * gp * (gp + 2 * q2) + 3 * q2 * q2 + 4 * q3);
      ds = nu * householder4(nu, h2, h3, h4);
    } else ds = nu * householder3(nu, h2, h3);
    s += ds;
  }
  iterationsOfLastCall = n;
  return s;
}
