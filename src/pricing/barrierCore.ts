import { bsPriceCore } from './blackScholes.js';
import { normCdf } from './normal.js';
import type { BarrierKind } from './types.js';

/*
 * Single-barrier European options under generalized Black–Scholes–Merton (cost of carry b = r - q), by the
 * Merton (1973) / Reiner–Rubinstein (1991) closed forms as tabulated in E. G. Haug, "The Complete Guide to
 * Option Pricing Formulas", 2nd ed. (2007), section 4.17.1 "Standard Barrier Options", pp. 152–155
 * (1st ed. 1998, pp. 69–72). With η = +1 for a down barrier and -1 for an up barrier, φ = +1 call / -1 put,
 * s = σ√T, h = ln(H/S), k = ln(S/X):
 *
 *   μ = (b - σ²/2)/σ²,  λ = √(μ² + 2r/σ²)
 *   x1 = k/s + (1+μ)s,  x2 = -h/s + (1+μ)s,  y1 = (2h + k)/s + (1+μ)s,  y2 = h/s + (1+μ)s,  z = h/s + λs
 *   A = φS e^{(b-r)T} N(φx1) - φX e^{-rT} N(φx1 - φs)
 *   B = φS e^{(b-r)T} N(φx2) - φX e^{-rT} N(φx2 - φs)
 *   C = φS e^{(b-r)T} (H/S)^{2(μ+1)} N(ηy1) - φX e^{-rT} (H/S)^{2μ} N(ηy1 - ηs)
 *   D = φS e^{(b-r)T} (H/S)^{2(μ+1)} N(ηy2) - φX e^{-rT} (H/S)^{2μ} N(ηy2 - ηs)
 *   E = K e^{-rT} [N(ηx2 - ηs) - (H/S)^{2μ} N(ηy2 - ηs)]               (rebate K at expiry if never hit)
 *   F = K [(H/S)^{μ+λ} N(ηz) + (H/S)^{μ-λ} N(ηz - 2ηλs)]               (rebate K at the hit)
 *
 * and the table of p. 153–155 (X = strike, H = barrier; at X = H both rows agree because x1 = x2, y1 = y2):
 *
 *                      X >= H               X < H
 *   down-in  call      C + E                A - B + D + E
 *   up-in    call      A + E                B - C + D + E
 *   down-in  put       B - C + D + E        A + E
 *   up-in    put       A - B + D + E        C + E
 *   down-out call      A - C + F            B - D + F
 *   up-out   call      F                    A - B + C - D + F
 *   down-out put       A - B + C - D + F    F
 *   up-out   put       B - D + F            A - C + F
 *
 * Discrete monitoring uses the continuity correction of M. Broadie, P. Glasserman, S. Kou, "A continuity
 * correction for discrete barrier options", Mathematical Finance 7(4) (1997) 325–348: the continuous formula
 * is evaluated at H·exp(±β σ √Δt), the barrier moved away from spot, with β = -ζ(1/2)/√(2π).
 *
 * The products (H/S)^p · N(x) can be ∞·0 in floating point when σ is small (|μ| ~ b/σ² is huge) although
 * they are bounded probabilities; above a threshold they are evaluated as exp(p·h + ln N(x)).
 */

/** Kind codes of {@link barrierPriceCore}: bit 0 = knock-out, bit 1 = up barrier. */
export const KIND_DOWN_IN = 0;
export const KIND_DOWN_OUT = 1;
export const KIND_UP_IN = 2;
export const KIND_UP_OUT = 3;

/**
 * β = -ζ(1/2)/√(2π) of Broadie–Glasserman–Kou (1997), quoted there as 0.5826. ζ(1/2) = -1.4603545088095868
 * (DLMF 25.6, OEIS A059750).
 */
export const BGK_BETA = 0.5825971579390107;

/** Kind code of a barrier kind, NaN for anything else. */
export function barrierKindCode(kind: BarrierKind): number {
  switch (kind) {
    case 'down-in':
      return KIND_DOWN_IN;
    case 'down-out':
      return KIND_DOWN_OUT;
    case 'up-in':
      return KIND_UP_IN;
    case 'up-out':
      return KIND_UP_OUT;
    default:
      return Number.NaN;
  }
}

/**
 * Coefficients of Haug's A, B, C, D per row 4·(4·kind + (put ? 2 : 0) + (X < H ? 1 : 0)), transcribing the
 * table in the header (Haug 2007, pp. 153–155). Knock-outs add F, knock-ins E, when the rebate is not 0.
 */
// biome-ignore format: one line per row of the table keeps it checkable against Haug
export const TERMS = Int8Array.from([
  /* down-in  call X>=H */ 0, 0, 1, 0,   /* X<H */ 1, -1, 0, 1,
  /* down-in  put  X>=H */ 0, 1, -1, 1,  /* X<H */ 1, 0, 0, 0,
  /* down-out call X>=H */ 1, 0, -1, 0,  /* X<H */ 0, 1, 0, -1,
  /* down-out put  X>=H */ 1, -1, 1, -1, /* X<H */ 0, 0, 0, 0,
  /* up-in    call X>=H */ 1, 0, 0, 0,   /* X<H */ 0, 1, -1, 1,
  /* up-in    put  X>=H */ 1, -1, 0, 1,  /* X<H */ 0, 0, 1, 0,
  /* up-out   call X>=H */ 0, 0, 0, 0,   /* X<H */ 1, -1, 1, -1,
  /* up-out   put  X>=H */ 0, 1, 0, -1,  /* X<H */ 1, 0, -1, 0,
]);

/**
 * Above this log-magnitude, (H/S)^p · N(x) is computed in log space. e^500 ≈ 1.4e217 leaves room for the
 * prefactors, and where N(x) underflows beside a factor below e^500 the lost product is below 1e-100.
 */
export const LOG_POW_MAX = 500;

/** Below this σ√T the deterministic-forward limit replaces the closed form (its error is O(S·σ√T)). */
export const SD_MIN = 1e-12;
/** Below this σ the deterministic limit is used whatever T is: σ² (in μ = b/σ² - 1/2) must not underflow. */
export const VOL_MIN = 1e-150;
/** Above this σ√T the σ → ∞ limit replaces the closed form (whose terms have converged long before). */
export const SD_MAX = 1e100;

const LN_SQRT_2PI = 0.9189385332046728;

/**
 * ln N(x). For x < -37, where N underflows soon, the asymptotic Mills-ratio series
 * N(x) = φ(x)/|x| · (1 - 1/x² + 3/x⁴ - 15/x⁶ + 105/x⁸ - ...) (Abramowitz & Stegun 26.2.12), whose first
 * omitted term is below 3e-13 there.
 */
export function logNormCdf(x: number): number {
  if (x >= -37) return Math.log(normCdf(x));
  const z = 1 / (x * x);
  const series = 1 - z * (1 - z * (3 - z * (15 - z * 105)));
  return -0.5 * x * x - Math.log(-x) - LN_SQRT_2PI + Math.log(series);
}

/** exp(logPow) · N(x) without overflow when logPow is large and N(x) tiny. */
export function expTimesCdf(logPow: number, x: number): number {
  if (logPow < LOG_POW_MAX) return Math.exp(logPow) * normCdf(x);
  return Math.exp(logPow + logNormCdf(x));
}

/** ln(a/b), also where a/b would over- or underflow. */
function logRatio(a: number, b: number): number {
  const x = a / b;
  return x > 1e-300 && x < 1e300 ? Math.log(x) : Math.log(a) - Math.log(b);
}

function inDomain(
  sign: number,
  kind: number,
  S: number,
  K: number,
  H: number,
  rebate: number,
  tau: number,
  r: number,
  q: number,
  vol: number,
  dt: number,
): boolean {
  // Positive comparisons so that NaN anywhere fails.
  return (
    (sign === 1 || sign === -1) &&
    (kind === 0 || kind === 1 || kind === 2 || kind === 3) &&
    S > 0 &&
    S < Number.POSITIVE_INFINITY &&
    K > 0 &&
    K < Number.POSITIVE_INFINITY &&
    H > 0 &&
    H < Number.POSITIVE_INFINITY &&
    Number.isFinite(rebate) &&
    tau >= 0 &&
    tau < Number.POSITIVE_INFINITY &&
    Number.isFinite(r) &&
    Number.isFinite(q) &&
    vol >= 0 &&
    vol < Number.POSITIVE_INFINITY &&
    dt >= 0 &&
    dt < Number.POSITIVE_INFINITY
  );
}

/**
 * Knock-out rebate paid at the hit, K·E[e^{-rτ_H}; τ_H <= T], when λ² = μ² + 2r/σ² < 0 (only possible with
 * r < 0), where Haug's F would need a complex λ. Integration by parts on the first-passage distribution G:
 *   ∫₀ᵀ e^{-rt} dG(t) = e^{-rT} G(T) + r ∫₀ᵀ e^{-rt} G(t) dt,
 * G(t) = N((h - νt)/(σ√t)) + e^{2νh/σ²} N((h + νt)/(σ√t)) for a down barrier (h < 0, ν = b - σ²/2) and the
 * mirror image for an up barrier: the hit probability behind Haug's E term, G(T) = 1 - E·e^{rT}/K, since
 * (H/S)^{2μ} = e^{2νh/σ²}. The remaining integral is taken by 64-point Gauss–Legendre on t = T·u², which
 * puts nodes where G rises.
 */
export function rebateAtHitComplex(
  up: boolean,
  h: number,
  tau: number,
  r: number,
  b: number,
  vol: number,
): number {
  const nu = b - 0.5 * vol * vol;
  const eta = up ? -1 : 1;
  let integral = 0;
  for (let i = 0; i < GL_N; i++) {
    const u = 0.5 * (1 + GL_X[i]);
    const t = tau * u * u;
    integral += GL_W[i] * Math.exp(-r * t) * firstPassageCdf(eta, h, nu, vol, t) * 2 * tau * u;
  }
  integral *= 0.5;
  return Math.exp(-r * tau) * firstPassageCdf(eta, h, nu, vol, tau) + r * integral;
}

/** P(τ_H <= t) for log-price drift ν, barrier at log-distance h (h < 0 down with eta 1, h > 0 up with eta -1). */
function firstPassageCdf(eta: number, h: number, nu: number, vol: number, t: number): number {
  if (!(t > 0)) return 0;
  const sd = vol * Math.sqrt(t);
  return (
    normCdf((eta * (h - nu * t)) / sd) + expTimesCdf((2 * nu * h) / (vol * vol), (eta * (h + nu * t)) / sd)
  );
}

// 64-point Gauss–Legendre nodes and weights on [-1, 1], filled once by Newton iteration on P_64
// (Golub–Welsch would do as well; W. H. Press et al., "Numerical Recipes", 3rd ed., 2007, section 4.6.1).
export const GL_N = 64;
export const GL_X = new Float64Array(GL_N);
export const GL_W = new Float64Array(GL_N);
(function fillGaussLegendre(): void {
  const n = GL_N;
  for (let i = 0; i < (n + 1) >> 1; i++) {
    let x = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let dp = 0;
    for (let iter = 0; iter < 100; iter++) {
      let p0 = 1;
      let p1 = 0;
      for (let j = 1; j <= n; j++) {
        const p2 = p1;
        p1 = p0;
        p0 = ((2 * j - 1) * x * p1 - (j - 1) * p2) / j;
      }
      dp = (n * (x * p0 - p1)) / (x * x - 1);
      const dx = p0 / dp;
      x -= dx;
      if (Math.abs(dx) < 1e-16) break;
    }
    GL_X[i] = -x;
    GL_X[n - 1 - i] = x;
    const w = 2 / ((1 - x * x) * dp * dp);
    GL_W[i] = w;
    GL_W[n - 1 - i] = w;
  }
})();

/**
 * Price of a single-barrier European option (sign 1 call, -1 put; kind one of the KIND_* codes), with
 * `rebate` paid at the hit for knock-outs and at expiry for knock-ins never knocked in, `dt` the monitoring
 * interval in years (0 = continuous). Spot at or beyond the barrier counts as already touched: knock-in =
 * vanilla, knock-out = rebate paid now. Allocation-free; NaN outside the domain.
 * @example barrierPriceCore(1, KIND_DOWN_OUT, 100, 90, 95, 3, 0.5, 0.08, 0.04, 0.25, 0) // ≈ 9.0246 (Haug 2007, p. 154)
 */
export function barrierPriceCore(
  sign: number,
  kind: number,
  S: number,
  K: number,
  H: number,
  rebate: number,
  tau: number,
  r: number,
  q: number,
  vol: number,
  dt: number,
): number {
  if (!inDomain(sign, kind, S, K, H, rebate, tau, r, q, vol, dt)) return Number.NaN;
  const up = kind >= 2;
  const out = (kind & 1) === 1;
  if (up ? S >= H : S <= H) return out ? rebate : bsPriceCore(sign, S, K, tau, r, q, vol);
  if (dt > 0) {
    H *= Math.exp((up ? BGK_BETA : -BGK_BETA) * vol * Math.sqrt(dt));
    // A shift so large that H' over- or underflows puts the barrier out of reach (the H → ∞ / H → 0 limit).
    if (!(H > 0 && H < Number.POSITIVE_INFINITY))
      return out ? bsPriceCore(sign, S, K, tau, r, q, vol) : rebate * Math.exp(-r * tau);
  }
  const sd = vol * Math.sqrt(tau);
  if (!(sd >= SD_MIN && vol >= VOL_MIN)) return deterministicPrice(sign, up, out, S, K, H, rebate, tau, r, q);
  if (!(sd <= SD_MAX)) return infiniteVolPrice(sign, up, out, S, K, H, rebate, tau, r, q);

  const b = r - q;
  const v2 = vol * vol;
  const mu = b / v2 - 0.5;
  const h = logRatio(H, S);
  const k = logRatio(S, K);
  const m1s = (1 + mu) * sd;
  const sF = S * Math.exp(-q * tau);
  const kF = K * Math.exp(-r * tau);
  const phi = sign;
  const eta = up ? -1 : 1;
  const logP2 = 2 * mu * h;
  // Powers (H/S)^{2μ} and (H/S)² once, unless they are so large that each product needs log space.
  const bigPow = !(logP2 < LOG_POW_MAX && logP2 + 2 * h < LOG_POW_MAX && h < 200 && h > -200);
  const p2 = bigPow ? 0 : Math.exp(logP2);
  const hs2 = bigPow ? 0 : (H / S) * (H / S);
  const x2 = -h / sd + m1s;
  const y2 = h / sd + m1s;

  // Coefficients of A..D from the table above.
  const row = 4 * (4 * kind + (phi > 0 ? 0 : 2) + (K >= H ? 0 : 1));
  const useA = TERMS[row];
  const useB = TERMS[row + 1];
  const useC = TERMS[row + 2];
  const useD = TERMS[row + 3];
  let v = 0;
  if (useA !== 0) {
    const x1 = k / sd + m1s;
    v += useA * phi * (sF * normCdf(phi * x1) - kF * normCdf(phi * (x1 - sd)));
  }
  if (useB !== 0) {
    v += useB * phi * (sF * normCdf(phi * x2) - kF * normCdf(phi * (x2 - sd)));
  }
  if (useC !== 0) {
    const y1 = (2 * h + k) / sd + m1s;
    const c = bigPow
      ? sF * expTimesCdf(logP2 + 2 * h, eta * y1) - kF * expTimesCdf(logP2, eta * (y1 - sd))
      : p2 * (sF * hs2 * normCdf(eta * y1) - kF * normCdf(eta * (y1 - sd)));
    v += useC * phi * c;
  }
  if (useD !== 0) {
    const d = bigPow
      ? sF * expTimesCdf(logP2 + 2 * h, eta * y2) - kF * expTimesCdf(logP2, eta * (y2 - sd))
      : p2 * (sF * hs2 * normCdf(eta * y2) - kF * normCdf(eta * (y2 - sd)));
    v += useD * phi * d;
  }
  if (rebate !== 0) {
    if (!out) {
      const reflected = bigPow ? expTimesCdf(logP2, eta * (y2 - sd)) : p2 * normCdf(eta * (y2 - sd));
      v += rebate * Math.exp(-r * tau) * (normCdf(eta * (x2 - sd)) - reflected);
    } else {
      const lam2 = mu * mu + (2 * r) / v2;
      if (lam2 >= 0) {
        const lam = Math.sqrt(lam2);
        // (μ+λ)(μ-λ) = -2r/σ²: take the larger-magnitude one directly and the other by division, so that
        // μ - λ does not cancel when |μ| ~ b/σ² is huge.
        let mpl: number;
        let mml: number;
        if (mu >= 0) {
          mpl = mu + lam;
          mml = mpl > 0 ? -(2 * r) / v2 / mpl : 0;
        } else {
          mml = mu - lam;
          mpl = -(2 * r) / v2 / mml;
        }
        const z = h / sd + lam * sd;
        v += rebate * (expTimesCdf(mpl * h, eta * z) + expTimesCdf(mml * h, eta * (z - 2 * lam * sd)));
      } else {
        v += rebate * rebateAtHitComplex(up, h, tau, r, b, vol);
      }
    }
  }
  return v;
}

/**
 * σ√T = 0: the underlying follows its forward S·e^{bt}. It reaches the barrier at t* = ln(H/S)/b if b moves
 * it toward H and t* <= T; a knock-out then pays the rebate discounted from t*, a knock-in becomes the
 * (deterministic) vanilla; otherwise the knock-out is the discounted forward intrinsic value and the
 * knock-in pays its rebate at expiry. At T = 0 this is the payoff by barrier state.
 */
function deterministicPrice(
  sign: number,
  up: boolean,
  out: boolean,
  S: number,
  K: number,
  H: number,
  rebate: number,
  tau: number,
  r: number,
  q: number,
): number {
  const b = r - q;
  const tHit = (up ? b > 0 : b < 0) ? logRatio(H, S) / b : Number.POSITIVE_INFINITY;
  const hit = tHit <= tau;
  const intrinsic = sign * (S * Math.exp(-q * tau) - K * Math.exp(-r * tau));
  const vanilla = Math.max(intrinsic, 0);
  if (out) return hit ? rebate * Math.exp(-r * tHit) : vanilla;
  return hit ? vanilla : rebate * Math.exp(-r * tau);
}

/**
 * σ√T → ∞. The log-price drifts to -∞ under the pricing measure Q (drift b - σ²/2) and to +∞ under the
 * share measure Q^S (drift b + σ²/2), so a call tends to S·e^{-qT}·Q^S(barrier condition) and a put to
 * X·e^{-rT}·Q(barrier condition). A level at distance ε against a drift c of Brownian motion is ever reached
 * with probability e^{-2cε} (the T → ∞ limit of the hit probability in Haug's E term); with c = σ/2 and
 * ε = |ln(H/S)|/σ that is S/H for an up barrier under Q and H/S for a down barrier under Q^S, and along the
 * drift the barrier is reached surely. The closed form reaches these values once σ√T ≳ 1e4.
 */
function infiniteVolPrice(
  sign: number,
  up: boolean,
  out: boolean,
  S: number,
  K: number,
  H: number,
  rebate: number,
  tau: number,
  r: number,
  q: number,
): number {
  const hitQ = up ? S / H : 1;
  const hitQS = up ? 1 : H / S;
  const hit = sign > 0 ? hitQS : hitQ;
  const exercised = sign > 0 ? S * Math.exp(-q * tau) : K * Math.exp(-r * tau);
  if (out) return exercised * (1 - hit) + rebate * hitQ;
  return exercised * hit + rebate * Math.exp(-r * tau) * (1 - hitQ);
}
