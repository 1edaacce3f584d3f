/**
 * The normalised Black function of P. Jäckel, "Let's Be Rational", Wilmott (January 2015) 40–53 (version of
 * 25 March 2016; region bounds as revised in the 2024 reference implementation), and the pieces of it that the
 * implied-volatility iteration needs. Internal to the pricing core.
 *
 * With x = ln(F/K), s = σ√T and θ = ±1 the normalised Black price is (paper, §2)
 *
 *   b(x, s, θ) = B/√(FK) = θ·[e^{x/2}·Φ(θ(x/s + s/2)) − e^{−x/2}·Φ(θ(x/s − s/2))],
 *
 * its out-of-the-money part (θx ≤ 0, reached by put–call parity) is b(−|x|, s), and with h = x/s, t = s/2
 *
 *   b = Φ(h+t)e^{ht} − Φ(h−t)e^{−ht} = b'(s)·[Y(h+t) − Y(h−t)],   b'(s) = e^{−(h²+t²)/2}/√(2π),
 *
 * where Y(z) = Φ(z)/φ(z) and bx := b/b' is the "scaled" normalised Black function. Three evaluations keep
 * full relative precision (paper §3): an asymptotic expansion of bx for h ≪ 0 (region I), a Taylor expansion
 * of bx in t for small t (region II), and elsewhere Cody's erfc/erfcx with as few exponentials as possible.
 */
import { erf, erfcx } from './normal.js';
import { codyTailRemainder, erfcxTail, erfOverX, INV_SQRT_2PI, THRESH } from './normalKernels.js';

const EPS = Number.EPSILON;
const SQRT_PI = 1.772453850905516;
const SQRT_PI_OVER_2 = 1.2533141373155003;
const SQRT_2PI = 2.5066282746310007;
const LN_SQRT_2PI = 0.9189385332046728;

/** Region I applies for h = x/s below η (the 2024 revision of the paper's η = -10). */
const ETA = -13;
/** Region II applies for t = s/2 below τ (+ |h|/(2|η|)); τ = 2·ε^(1/16) ≈ 0.21, paper §3. */
export const TAU = 2 * EPS ** (1 / 16);

/**
 * Asymptotic expansion of bx = Y(h+t) − Y(h−t) for h+t ≪ 0. From Abramowitz & Stegun 26.2.12,
 * Y(z) ~ Σ_n −(−1)^n (2n−1)!! z^{−(2n+1)} for z → −∞. Differencing term by term with u = h+t, v = h−t,
 * r = uv, e = (t/h)², q = (h/r)² gives (our own derivation; the paper writes the same expansion in q and e)
 *
 *   bx = (t/r)·Σ_n 2(−1)^n (2n−1)!!·q^n·Σ_{m=0..n} C(2n+1, 2m+1)·e^m,
 *
 * free of the cancellation between Y(h+t) and Y(h−t). The table holds the inner coefficients.
 */
const ASYM_TERMS = 17;
const ASYM = new Float64Array(((ASYM_TERMS + 1) * (ASYM_TERMS + 2)) / 2);
{
  let doubleFactorial = 1;
  for (let n = 0; n <= ASYM_TERMS; n++) {
    if (n > 0) doubleFactorial *= 2 * n - 1;
    const row = (n * (n + 1)) / 2;
    // C(2n+1, 2m+1) by the multiplicative formula; exact in binary64 for n <= 17.
    for (let m = 0; m <= n; m++) {
      let c = 1;
      for (let j = 1; j <= 2 * m + 1; j++) c = (c * (2 * n + 2 - j)) / j;
      ASYM[row + m] = 2 * (n % 2 === 0 ? 1 : -1) * doubleFactorial * Math.round(c);
    }
  }
}

function asymptoticScaledBlack(h: number, t: number): number {
  const u = h + t;
  const u2 = u * u;
  // Keep terms while the next one, ~ (2N+1)!!/u^(2N+2) relative, is above 1e-17 (region I has |u| > 12.29).
  let last = 0;
  let next = 1 / u2;
  while (next > 1e-17 && last < ASYM_TERMS) {
    last++;
    next *= (2 * last + 1) / u2;
  }
  const e = (t / h) * (t / h);
  const r = u * (h - t);
  const q = (h / r) * (h / r);
  let omega = 0;
  for (let n = last; n >= 0; n--) {
    const row = (n * (n + 1)) / 2;
    let c = ASYM[row + n];
    for (let m = n - 1; m >= 0; m--) c = c * e + ASYM[row + m];
    omega = c + q * omega;
  }
  return (t / r) * omega;
}

/**
 * Y'(h) = 1 + h·Y(h) for h <= 0 (Y' satisfies Y' = 1 + hY since φ' = −hφ). For h < −4√2, Cody's third
 * interval erfcx(z) = (1/√π − R(z))/z, z = −h/√2, turns 1 + hY into √π·R(z) with no cancellation.
 */
export function yPrime(h: number): number {
  const z = -h * Math.SQRT1_2;
  if (z > 4) return SQRT_PI * codyTailRemainder(z);
  return 1 + h * SQRT_PI_OVER_2 * erfcx(z);
}

/**
 * Taylor expansion of bx = Y(h+t) − Y(h−t) = 2Σ_{k odd} Y^(k)(h) t^k/k! to t^13. With a = Y'(h) and
 * Y^(n+1) = h·Y^(n) + n·Y^(n−1), every odd derivative is a polynomial in h² and a; we derived the
 * coefficients with sympy (they agree with the paper's small-t expansion, §3).
 */
function smallTScaledBlack(h: number, t: number): number {
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

/** Region I test: h < η and h + t < τ + 1/2 + η, written without dividing by s (2024 revision). */
function isRegionI(x: number, s: number): boolean {
  return x < s * ETA && s * (0.5 * s - (TAU + 0.5 + ETA)) + x < 0;
}

/** Region II test: t < τ + |h|/(2|η|), written without dividing by s (2024 revision). */
function isRegionII(x: number, s: number): boolean {
  return s * (s - 2 * TAU) - x / ETA < 0;
}

/**
 * b = ½[e^{x/2}·erfc(q₁) − e^{−x/2}·erfc(q₂)], q₁,₂ = −(h ± t)/√2 (paper §3), arranged so that the only
 * exponential is the Gaussian factor e^{−(h²+t²)/2} the caller already has: since −(h²+t²)/2 + q₁² = x/2,
 * e^{x/2}·erfc(q) = e^{−(h²+t²)/2}·erfcx(q) for q >= 0.46875, e^{x/2}·(2 − e^{−q²}erfcx(−q)) =
 * 2e^{x/2} − e^{−(h²+t²)/2}·erfcx(−q) for q <= −0.46875, and Cody's erf form in between.
 */
function codyBlack(h: number, t: number, gauss: number, bMax: number): number {
  const q1 = -(h + t) * Math.SQRT1_2;
  const q2 = -(h - t) * Math.SQRT1_2;
  let a: number;
  if (q1 >= THRESH) a = gauss * erfcxTail(q1);
  else if (q1 > -THRESH) a = bMax * (1 - q1 * erfOverX(q1));
  else a = 2 * bMax - gauss * erfcxTail(-q1);
  // q₂ >= 0 always (h <= 0 < t).
  const c = q2 >= THRESH ? gauss * erfcxTail(q2) : (1 - q2 * erfOverX(q2)) / bMax;
  const b = 0.5 * (a - c);
  return b > 0 ? b : 0;
}

// A typed-array slot, not a module `let`: V8 boxes a double stored in a context slot, one allocation per write.
const vegaOfLastCall = new Float64Array(1);

/** Normalised vega b'(s) of the last blackOtm call (saves the caller a second exp). */
export function lastVega(): number {
  return vegaOfLastCall[0];
}

/**
 * Out-of-the-money normalised Black b(x, s) for x <= 0, s > 0, given bMax = e^{x/2}; also records b'(s) for
 * lastVega().
 */
export function blackOtm(x: number, s: number, bMax: number): number {
  const h = x / s;
  const t = 0.5 * s;
  const vega = INV_SQRT_2PI * Math.exp(-0.5 * (h * h + t * t));
  vegaOfLastCall[0] = vega;
  // In region I an underflowed vega means b < b'·bx underflows too; h may be infinite there (s ~ 5e-324).
  if (isRegionI(x, s)) return vega === 0 ? 0 : asymptoticScaledBlack(h, t) * vega;
  if (isRegionII(x, s)) return smallTScaledBlack(h, t) * vega;
  return codyBlack(h, t, vega * SQRT_2PI, bMax);
}

/**
 * Scaled normalised Black bx = b/b'(s) for x < 0, s > 0 (bMax = e^{x/2}), computed without forming b where b
 * could underflow: ln b = ln bx − (h²+t²)/2 − ln√(2π) stays finite for prices far below 1e-308.
 */
export function scaledBlackOtm(x: number, s: number, bMax: number): number {
  const h = x / s;
  const t = 0.5 * s;
  if (isRegionI(x, s)) return asymptoticScaledBlack(h, t);
  if (isRegionII(x, s)) return smallTScaledBlack(h, t);
  const q1 = -(h + t) * Math.SQRT1_2;
  // b/b' = √(2π)·½·[erfcx(q₁) − erfcx(q₂)] when both erfc terms take the erfcx form.
  if (q1 >= THRESH) return SQRT_PI_OVER_2 * (erfcxTail(q1) - erfcxTail(-(h - t) * Math.SQRT1_2));
  const gauss = Math.exp(-0.5 * (h * h + t * t));
  return (codyBlack(h, t, gauss, bMax) / gauss) * SQRT_2PI;
}

/** ln b'(s) = −(h²+t²)/2 − ln√(2π). */
export function lnVega(x: number, s: number): number {
  const h = x / s;
  const t = 0.5 * s;
  return -0.5 * (h * h + t * t) - LN_SQRT_2PI;
}

/**
 * erfcx((t+h)/√2) + erfcx((t−h)/√2) for s >= √(2|x|) (t >= |h|). The complementary price
 * bₘₐₓ − b = ½·[that sum]·e^{−(h²+t²)/2} has no cancellation (reference implementation, 2023 revision:
 * bₘₐₓ − b = e^{x/2}Φ(−h−t) + e^{−x/2}Φ(h−t) with Φ(z) = erfc(−z/√2)/2 = erfcx(−z/√2)e^{−z²/2}/2).
 */
export function complementaryErfcxSum(x: number, s: number): number {
  const h = x / s;
  const t = 0.5 * s;
  return erfcx((t + h) * Math.SQRT1_2) + erfcx((t - h) * Math.SQRT1_2);
}

/**
 * Normalised Black price b(x, s, θ) = B/√(FK) with x = ln(F/K), s = σ√T, θ = +1 call / −1 put:
 * intrinsic value plus the out-of-the-money part (put–call parity), NaN for NaN or s < 0.
 * @example normalisedBlack(Math.log(100 / 95), 0.3 * Math.sqrt(0.5), 1) // 0.11259558142181655
 */
export function normalisedBlack(x: number, s: number, theta: number): number {
  if (!(s >= 0) || Number.isNaN(x) || !(theta === 1 || theta === -1)) return Number.NaN;
  const tx = theta * x;
  const intrinsic = tx > 0 ? 2 * Math.sinh(0.5 * tx) : 0;
  if (s === 0) return intrinsic;
  if (s === Number.POSITIVE_INFINITY) return Math.exp(0.5 * tx);
  // At x = 0, b(s) = 1 − 2Φ(−s/2) = erf(s/√8).
  if (x === 0) return erf(0.5 * Math.SQRT1_2 * s);
  const ax = -Math.abs(x);
  return intrinsic + blackOtm(ax, s, Math.exp(0.5 * ax));
}

/** Normalised vega ∂b/∂s = e^{−(x²/s² + s²/4)/2}/√(2π) (θ-independent); the s → 0 limit at s = 0. */
export function normalisedVega(x: number, s: number): number {
  if (x === 0) return INV_SQRT_2PI * Math.exp(-0.125 * s * s);
  if (s === 0) return 0;
  const h = x / s;
  const t = 0.5 * s;
  return INV_SQRT_2PI * Math.exp(-0.5 * (h * h + t * t));
}
