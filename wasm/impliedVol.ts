// AssemblyScript port of the implied-volatility solver: src/pricing/impliedVol.ts (impliedVolCore),
// lbrImplied.ts, lbrBlack.ts and lbrRational.ts — P. Jäckel, "Let's Be Rational", Wilmott (January 2015)
// 40–53, with the 2024 reference implementation's refinements; see those files for the mathematics and the
// sources. Every function here repeats its JavaScript original operation for operation (exp, expm1 and log by
// the fdlibm ports of math.ts, Math.cbrt imported from the host's JavaScript, used only in the lowest branch), so a batch row
// equals impliedVol's result bit for bit. What the port saves: the boxing of every double passed between
// the solver's functions, which the JavaScript engine allocates on the heap.

import { inCol, outCol, SIGN_AT, stride } from './layout';
import {
  codyTailRemainder,
  erfc,
  erfcx,
  erfcxTail,
  erfOverX,
  fdExp,
  fdExpm1,
  fdLog,
  INV_SQRT_2PI,
  normInv,
  normInvCentral,
  THRESH,
} from './math';

// @ts-expect-error: AssemblyScript decorator
@external('env', 'cbrt')
declare function hostCbrt(x: f64): f64;

const EPS: f64 = 2.220446049250313e-16;
const MAX_VALUE: f64 = 1.7976931348623157e308;
const SQRT2: f64 = 1.4142135623730951;
const SQRT1_2: f64 = 0.7071067811865476;

// ---------------------------------------------------------------------------------------------------------
// lbrRational.ts

const MIN_R: f64 = -(1 - Math.sqrt(EPS));
const MAX_R: f64 = 2 / (EPS * EPS);
const TINY: f64 = 2.2250738585072014e-308;

function rationalCubic(x: f64, xl: f64, xr: f64, yl: f64, yr: f64, dl: f64, dr: f64, r: f64): f64 {
  const h = xr - xl;
  if (!(Math.abs(h) > 0)) return 0.5 * (yl + yr);
  const t = (x - xl) / h;
  if (r >= MAX_R) return yr * t + yl * (1 - t);
  const u = 1 - t;
  const t2 = t * t;
  const u2 = u * u;
  return (
    (yr * t2 * t + (r * yr - h * dr) * t2 * u + (r * yl + h * dl) * t * u2 + yl * u2 * u) /
    (1 + (r - 3) * t * u)
  );
}

function minimumR(dl: f64, dr: f64, s: f64, preferShape: bool): f64 {
  const monotonic = dl * s >= 0 && dr * s >= 0;
  const convex = dl <= s && s <= dr;
  const concave = dl >= s && s >= dr;
  if (!monotonic && !convex && !concave) return MIN_R;
  let r1: f64 = -MAX_VALUE;
  let r2: f64 = -MAX_VALUE;
  if (monotonic) {
    if (Math.abs(s) >= TINY) r1 = (dr + dl) / s;
    else if (preferShape) r1 = MAX_R;
  }
  if (convex || concave) {
    const sMinusDl = s - dl;
    const drMinusS = dr - s;
    if (Math.abs(sMinusDl) >= TINY && Math.abs(drMinusS) >= TINY) {
      r2 = Math.max(Math.abs((dr - dl) / drMinusS), Math.abs((dr - dl) / sMinusDl));
    } else if (preferShape) r2 = MAX_R;
  } else if (monotonic && preferShape) r2 = MAX_R;
  return Math.max(Math.max(MIN_R, r1), r2);
}

function rationalCubicRFitLeft(
  xl: f64,
  xr: f64,
  yl: f64,
  yr: f64,
  dl: f64,
  dr: f64,
  d2l: f64,
  preferShape: bool,
): f64 {
  const h = xr - xl;
  const s = (yr - yl) / h;
  const num = 0.5 * h * d2l + (dr - dl);
  const den = s - dl;
  const r = Math.abs(den) < TINY ? (num > 0 ? MAX_R : MIN_R) : num / den;
  return Math.max(r, minimumR(dl, dr, s, preferShape));
}

function rationalCubicRFitRight(
  xl: f64,
  xr: f64,
  yl: f64,
  yr: f64,
  dl: f64,
  dr: f64,
  d2r: f64,
  preferShape: bool,
): f64 {
  const h = xr - xl;
  const s = (yr - yl) / h;
  const num = 0.5 * h * d2r + (dr - dl);
  const den = dr - s;
  const r = Math.abs(den) < TINY ? (num > 0 ? MAX_R : MIN_R) : num / den;
  return Math.max(r, minimumR(dl, dr, s, preferShape));
}

// ---------------------------------------------------------------------------------------------------------
// lbrBlack.ts

const SQRT_PI: f64 = 1.772453850905516;
const SQRT_PI_OVER_2: f64 = 1.2533141373155003;
const SQRT_2PI: f64 = 2.5066282746310007;
const LN_SQRT_2PI: f64 = 0.9189385332046728;
const ETA: f64 = -13;
const ASYM_TERMS: i32 = 17;
// 2·EPS^(1/16), as the JavaScript computes it (2 * EPS ** (1 / 16)); set in initAsymptotic.
let TAU: f64 = 0;
/** Below the kernels' columns (layout.ts BASE = 65536), above the compiler's static data. */
const ASYM_AT: usize = 61440;
let asymReady = false;

/** The asymptotic expansion's coefficients (lbrBlack.ts ASYM), built once into memory at ASYM_AT. */
function initAsymptotic(tau: f64): void {
  TAU = tau;
  let doubleFactorial: f64 = 1;
  for (let n: i32 = 0; n <= ASYM_TERMS; n++) {
    if (n > 0) doubleFactorial *= <f64>(2 * n - 1);
    const row = (n * (n + 1)) / 2;
    for (let m: i32 = 0; m <= n; m++) {
      let c: f64 = 1;
      for (let j: i32 = 1; j <= 2 * m + 1; j++) c = (c * <f64>(2 * n + 2 - j)) / <f64>j;
      // Math.round of an exact integer (each partial product is a binomial coefficient).
      store<f64>(ASYM_AT + (<usize>(row + m) << 3), 2 * (n % 2 == 0 ? 1.0 : -1.0) * doubleFactorial * Math.floor(c + 0.5));
    }
  }
  asymReady = true;
}

// @ts-expect-error: AssemblyScript decorator
@inline
function asym(k: i32): f64 {
  return load<f64>(ASYM_AT + (<usize>k << 3));
}

function asymptoticScaledBlack(h: f64, t: f64): f64 {
  const u = h + t;
  const u2 = u * u;
  let last: i32 = 0;
  let next: f64 = 1 / u2;
  while (next > 1e-17 && last < ASYM_TERMS) {
    last++;
    next *= <f64>(2 * last + 1) / u2;
  }
  const e = (t / h) * (t / h);
  const r = u * (h - t);
  const q = (h / r) * (h / r);
  let omega: f64 = 0;
  for (let n = last; n >= 0; n--) {
    const row = (n * (n + 1)) / 2;
    let c = asym(row + n);
    for (let m = n - 1; m >= 0; m--) c = c * e + asym(row + m);
    omega = c + q * omega;
  }
  return (t / r) * omega;
}

function yPrime(h: f64): f64 {
  const z = -h * SQRT1_2;
  if (z > 4) return SQRT_PI * codyTailRemainder(z);
  return 1 + h * SQRT_PI_OVER_2 * erfcx(z);
}

function smallTScaledBlack(h: f64, t: f64): f64 {
  const a = yPrime(h);
  const g = h * h;
  const w = t * t;
  const b0 = 2 * a;
  const b1 = (a * (3 + g) - 1) / 3;
  const b2 = (a * (15 + g * (10 + g)) - 7 - g) / 60;
  const b3 = (a * (105 + g * (105 + g * (21 + g))) - 57 - g * (18 + g)) / 2520;
  const b4 = (a * (945 + g * (1260 + g * (378 + g * (36 + g)))) - 561 - g * (285 + g * (33 + g))) / 181440;
  const b5 =
    (a * (10395 + g * (17325 + g * (6930 + g * (990 + g * (55 + g))))) -
      6555 -
      g * (4680 + g * (840 + g * (52 + g)))) /
    19958400;
  const b6 =
    (a * (135135 + g * (270270 + g * (135135 + g * (25740 + g * (2145 + g * (78 + g)))))) -
      89055 -
      g * (82845 + g * (20370 + g * (1926 + g * (75 + g))))) /
    3113510400;
  return t * (b0 + w * (b1 + w * (b2 + w * (b3 + w * (b4 + w * (b5 + w * b6))))));
}

// @ts-expect-error: AssemblyScript decorator
@inline
function isRegionI(x: f64, s: f64): bool {
  return x < s * ETA && s * (0.5 * s - (TAU + 0.5 + ETA)) + x < 0;
}

// @ts-expect-error: AssemblyScript decorator
@inline
function isRegionII(x: f64, s: f64): bool {
  return s * (s - 2 * TAU) - x / ETA < 0;
}

function codyBlack(h: f64, t: f64, gauss: f64, bMax: f64): f64 {
  const q1 = -(h + t) * SQRT1_2;
  const q2 = -(h - t) * SQRT1_2;
  let a: f64;
  if (q1 >= THRESH) a = gauss * erfcxTail(q1);
  else if (q1 > -THRESH) a = bMax * (1 - q1 * erfOverX(q1));
  else a = 2 * bMax - gauss * erfcxTail(-q1);
  const c = q2 >= THRESH ? gauss * erfcxTail(q2) : (1 - q2 * erfOverX(q2)) / bMax;
  const b = 0.5 * (a - c);
  return b > 0 ? b : 0;
}

let lastVega: f64 = 0;

function blackOtm(x: f64, s: f64, bMax: f64): f64 {
  const h = x / s;
  const t = 0.5 * s;
  const vega = INV_SQRT_2PI * fdExp(-0.5 * (h * h + t * t));
  lastVega = vega;
  if (isRegionI(x, s)) return vega == 0 ? 0 : asymptoticScaledBlack(h, t) * vega;
  if (isRegionII(x, s)) return smallTScaledBlack(h, t) * vega;
  return codyBlack(h, t, vega * SQRT_2PI, bMax);
}

function scaledBlackOtm(x: f64, s: f64, bMax: f64): f64 {
  const h = x / s;
  const t = 0.5 * s;
  if (isRegionI(x, s)) return asymptoticScaledBlack(h, t);
  if (isRegionII(x, s)) return smallTScaledBlack(h, t);
  const q1 = -(h + t) * SQRT1_2;
  if (q1 >= THRESH) return SQRT_PI_OVER_2 * (erfcxTail(q1) - erfcxTail(-(h - t) * SQRT1_2));
  const gauss = fdExp(-0.5 * (h * h + t * t));
  return (codyBlack(h, t, gauss, bMax) / gauss) * SQRT_2PI;
}

function lnVega(x: f64, s: f64): f64 {
  const h = x / s;
  const t = 0.5 * s;
  return -0.5 * (h * h + t * t) - LN_SQRT_2PI;
}

function complementaryErfcxSum(x: f64, s: f64): f64 {
  const h = x / s;
  const t = 0.5 * s;
  return erfcx((t + h) * SQRT1_2) + erfcx((t - h) * SQRT1_2);
}

// ---------------------------------------------------------------------------------------------------------
// lbrImplied.ts

const SQRT_2_OVER_PI: f64 = 0.7978845608028654;
const TWO_PI: f64 = 6.283185307179586;
const SQRT_3: f64 = 1.7320508075688772;
const TWO_PI_OVER_SQRT_27: f64 = 1.2091995761561452;
const SQRT_3_OVER_CBRT_2PI: f64 = 0.9386434874273836;
const PI_OVER_6: f64 = 0.5235987755982989;
const LOWER_HH4_BELOW: f64 = -190;
const UPPER_HH4_BELOW: f64 = -580;

// @ts-expect-error: AssemblyScript decorator
@inline
function householder3(nu: f64, h2: f64, h3: f64): f64 {
  return (1 + 0.5 * h2 * nu) / (1 + nu * (h2 + (h3 * nu) / 6));
}

function householder4(nu: f64, h2: f64, h3: f64, h4: f64): f64 {
  return (
    (1 + nu * (h2 + (nu * h3) / 6)) / (1 + nu * (1.5 * h2 + nu * (0.25 * h2 * h2 + h3 / 3 + (nu * h4) / 24)))
  );
}

function oneMinusErfcx(y: f64): f64 {
  if (y > THRESH) return 1 - erfcxTail(y);
  const m = fdExpm1(y * y);
  return (1 + m) * y * erfOverX(y) - m;
}

function atmImpliedNormalisedVol(beta: f64): f64 {
  const half = 0.5 * beta;
  if (half <= 0.425) return 2 * normInvCentral(half);
  return -2 * normInv(0.5 * (1 - beta));
}

function lbrImpliedNormalisedVol(beta: f64, x: f64, maxIter: i32): f64 {
  if (!(beta > 0)) return beta == 0 ? 0 : NaN;
  const bMax = fdExp(0.5 * x);
  if (beta >= bMax) return Infinity;
  if (x == 0) return atmImpliedNormalisedVol(beta);
  if (!(x < 0)) return NaN;
  const sqrtAx = Math.sqrt(-x);
  const sC = SQRT2 * sqrtAx;
  const ome = oneMinusErfcx(sqrtAx);
  const bC = 0.5 * bMax * ome;
  const invVegaC = SQRT_2PI / bMax;

  let s: f64;
  if (beta < bC) {
    const sL = sC - SQRT_PI_OVER_2 * ome;
    const bL = blackOtm(x, sL, bMax);
    if (beta < bL) return lowestBranch(beta, x, bMax, sL, bL, maxIter);
    const invVegaL = 1 / lastVega;
    const r = rationalCubicRFitRight(bL, bC, sL, sC, invVegaL, invVegaC, 0, false);
    s = rationalCubic(beta, bL, bC, sL, sC, invVegaL, invVegaC, r);
  } else {
    const sU = sC + SQRT_PI_OVER_2 * (2 - ome);
    const bU = blackOtm(x, sU, bMax);
    if (beta <= bU) {
      const invVegaU = 1 / lastVega;
      const r = rationalCubicRFitLeft(bC, bU, sC, sU, invVegaC, invVegaU, 0, false);
      s = rationalCubic(beta, bC, bU, sC, sU, invVegaC, invVegaU, r);
    } else {
      s = upperMapGuess(beta, x, sU, bU, bMax);
      if (beta > 0.5 * bMax) return highestBranch(beta, x, s, bMax, maxIter);
    }
  }
  return middleIteration(beta, x, bMax, s, maxIter);
}

function middleIteration(beta: f64, x: f64, bMax: f64, s0: f64, maxIter: i32): f64 {
  let s = s0;
  let ds = MAX_VALUE;
  for (let n: i32 = 0; n < maxIter && Math.abs(ds) > EPS * s; n++) {
    const b = blackOtm(x, s, bMax);
    const nu = (beta - b) / lastVega;
    const h = x / s;
    const x2s3 = (h * h) / s;
    const h2 = x2s3 - 0.25 * s;
    const h3 = h2 * h2 - (3 * x2s3) / s - 0.25;
    ds = nu * householder3(nu, h2, h3);
    s += ds;
  }
  return s;
}

function lowestBranch(beta: f64, x: f64, bMax: f64, sL: f64, bL: f64, maxIter: i32): f64 {
  const ax = -x;
  const z = ax / (SQRT_3 * sL);
  const y = z * z;
  const s2 = sL * sL;
  const phiRatio = SQRT_PI_OVER_2 * erfcx(z * SQRT1_2);
  const cdf = 0.5 * erfc(z * SQRT1_2);
  const cdf2 = cdf * cdf;
  const f = TWO_PI_OVER_SQRT_27 * ax * cdf2 * cdf;
  const f1 = TWO_PI * y * cdf2 * fdExp(y + 0.125 * s2);
  const f2 =
    ((PI_OVER_6 * y) / (s2 * sL)) *
    cdf *
    (8 * SQRT_3 * sL * ax + (3 * s2 * (s2 - 8) - 8 * x * x) * phiRatio) *
    fdExp(2 * y + 0.25 * s2);
  const r = rationalCubicRFitRight(0, bL, 0, f, 1, f1, f2, true);
  let fg = rationalCubic(beta, 0, bL, 0, f, 1, f1, r);
  if (!(fg > 0)) {
    const u = beta / bL;
    fg = (f * u + bL * (1 - u)) * u;
  }
  let s = Math.abs(x / (SQRT_3 * normInv((SQRT_3_OVER_CBRT_2PI * hostCbrt(fg)) / hostCbrt(ax))));

  const lnBeta = fdLog(beta);
  let ds = MAX_VALUE;
  for (let n: i32 = 0; n < maxIter && Math.abs(ds) > EPS * s; n++) {
    const bx = scaledBlackOtm(x, s, bMax);
    const lnB = fdLog(bx) + lnVega(x, s);
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
  return s;
}

function upperMapGuess(beta: f64, x: f64, sU: f64, bU: f64, bMax: f64): f64 {
  const f = 0.5 * erfc(0.5 * SQRT1_2 * sU);
  const w = (x / sU) * (x / sU);
  const f1 = -0.5 * fdExp(0.5 * w);
  const f2 = (SQRT_PI_OVER_2 * fdExp(w + 0.125 * sU * sU) * w) / sU;
  let fg: f64 = NaN;
  if (f2 - f2 == 0) {
    const r = rationalCubicRFitLeft(bU, bMax, f, 0, f1, -0.5, f2, true);
    fg = rationalCubic(beta, bU, bMax, f, 0, f1, -0.5, r);
  }
  if (!(fg > 0)) {
    const hw = bMax - bU;
    const u = (beta - bU) / hw;
    fg = (f * (1 - u) + 0.5 * hw * u) * (1 - u);
  }
  return -2 * normInv(fg);
}

function highestBranch(beta: f64, x: f64, s0: f64, bMax: f64, maxIter: i32): f64 {
  const lnBetaBar = fdLog(bMax - beta);
  let s = s0;
  let ds = MAX_VALUE;
  for (let n: i32 = 0; n < maxIter && Math.abs(ds) > EPS * s; n++) {
    const sum = complementaryErfcxSum(x, s);
    const gp = SQRT_2_OVER_PI / sum;
    const h = x / s;
    const t = 0.5 * s;
    const lnBBar = fdLog(0.5 * sum) - 0.5 * (h * h + t * t);
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
  return s;
}

// ---------------------------------------------------------------------------------------------------------
// impliedVol.ts impliedVolCore, batch form.

const MIN_NORMAL: f64 = 2.2250738585072014e-308;

function impliedVolRow(
  sign: f64,
  price: f64,
  spot: f64,
  strike: f64,
  tau: f64,
  rate: f64,
  divYield: f64,
  maxIterations: i32,
): f64 {
  if (
    !(sign == 1 || sign == -1) ||
    !(price >= 0 && price < Infinity) ||
    !(spot > 0 && spot < Infinity) ||
    !(strike > 0 && strike < Infinity) ||
    !(tau > 0 && tau < Infinity) ||
    !(rate - rate == 0) ||
    !(divYield - divYield == 0)
  )
    return NaN;
  const carry = (rate - divYield) * tau;
  const growth = spot * fdExpm1(carry);
  const forward = spot + growth;
  const discount = fdExp(-rate * tau);
  if (!(forward > 0 && forward < Infinity && discount > 0 && discount < Infinity)) return NaN;
  const undiscounted = price / discount;
  if (!(undiscounted < (sign > 0 ? forward : strike))) return NaN;
  const intrinsic = sign > 0 ? spot - strike + growth : strike - spot - growth;
  let timeValue = undiscounted;
  if (intrinsic > 0) {
    if (undiscounted < intrinsic) return NaN;
    timeValue = undiscounted - intrinsic;
  }
  const ratio = spot / strike;
  const x = (ratio >= MIN_NORMAL && ratio < Infinity ? fdLog(ratio) : fdLog(spot) - fdLog(strike)) + carry;
  const beta = timeValue / (Math.sqrt(forward) * Math.sqrt(strike));
  const s = lbrImpliedNormalisedVol(beta, -Math.abs(x), maxIterations);
  if (!(s >= 0 && s < Infinity)) return NaN;
  return s / Math.sqrt(tau);
}

/**
 * impliedVolBatch's loop: implied vols of rows [0, n) into output 0, NaN where impliedVol fails. Inputs:
 * sign column, then spot, strike, tau, rate, divYield, price (input columns 0–5; `mask` bits 0–6 as in
 * priceDeltaGamma). `tau2` is 2·EPS^(1/16) as the host computes it (JavaScript's ** is not correctly
 * rounded everywhere, so the constant is taken from the host rather than recomputed).
 */
export function impliedVol(n: i32, mask: i32, maxIterations: i32, tau2: f64): void {
  if (!asymReady) initAsymptotic(tau2);
  const sTy = stride(mask, 0);
  const sS = stride(mask, 1) << 3;
  const sK = stride(mask, 2) << 3;
  const sT = stride(mask, 3) << 3;
  const sR = stride(mask, 4) << 3;
  const sQ = stride(mask, 5) << 3;
  const sP = stride(mask, 6) << 3;
  const out = outCol(0);
  for (let i: usize = 0; i < <usize>n; i++) {
    store<f64>(
      out + (i << 3),
      impliedVolRow(
        <f64>load<i8>(SIGN_AT + i * sTy),
        load<f64>(inCol(5) + i * sP),
        load<f64>(inCol(0) + i * sS),
        load<f64>(inCol(1) + i * sK),
        load<f64>(inCol(2) + i * sT),
        load<f64>(inCol(3) + i * sR),
        load<f64>(inCol(4) + i * sQ),
        maxIterations,
      ),
    );
  }
}
