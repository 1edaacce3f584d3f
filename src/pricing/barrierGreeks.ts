import {
  BGK_BETA,
  barrierKindCode,
  barrierPriceCore,
  GL_N,
  GL_W,
  GL_X,
  LOG_POW_MAX,
  logNormCdf,
  SD_MAX,
  SD_MIN,
  TERMS,
  VOL_MIN,
} from './barrierCore.js';
import {
  bsGreeksKernel,
  G_COUNT,
  G_DELTA,
  G_GAMMA,
  G_THETA,
  G_VANNA,
  G_VEGA,
  optionSign,
} from './blackScholes.js';
import { normCdf, normPdf } from './normal.js';
import type { BarrierGreeks, BarrierInput } from './types.js';

/*
 * Greeks of the closed forms in barrierCore.ts by forward-mode automatic differentiation: every
 * intermediate carries its value and its exact derivatives with respect to spot S, volatility σ and time to
 * expiry τ, plus the second derivatives ∂²/∂S² and ∂²/∂S∂σ (a truncated second-order Taylor jet; the chain
 * rule for f(u) is f'·u' and f''·u_a·u_b + f'·u_ab, L. B. Rall, "Automatic Differentiation: Techniques and
 * Applications", LNCS 120, Springer 1981, ch. 3; A. Griewank & A. Walther, "Evaluating Derivatives", 2nd ed.,
 * SIAM 2008, ch. 13). The derivatives are those of the formula itself — no bumps, so nothing can step across
 * the barrier, and large deltas next to it (|Δ| > 1 for a knock-in put close to expiry) come out as they are.
 */

/** Value and derivatives of one intermediate: d/dS, d/dσ, d/dτ, d²/dS², d²/dS dσ. */
interface Jet {
  readonly v: number;
  readonly s: number;
  readonly o: number;
  readonly t: number;
  readonly ss: number;
  readonly so: number;
}

function jet(v: number, s: number, o: number, t: number, ss: number, so: number): Jet {
  return { v, s, o, t, ss, so };
}

function cst(v: number): Jet {
  return jet(v, 0, 0, 0, 0, 0);
}

function add(a: Jet, b: Jet): Jet {
  return jet(a.v + b.v, a.s + b.s, a.o + b.o, a.t + b.t, a.ss + b.ss, a.so + b.so);
}

function sub(a: Jet, b: Jet): Jet {
  return jet(a.v - b.v, a.s - b.s, a.o - b.o, a.t - b.t, a.ss - b.ss, a.so - b.so);
}

function scale(a: Jet, c: number): Jet {
  return jet(a.v * c, a.s * c, a.o * c, a.t * c, a.ss * c, a.so * c);
}

function addC(a: Jet, c: number): Jet {
  return jet(a.v + c, a.s, a.o, a.t, a.ss, a.so);
}

function mul(a: Jet, b: Jet): Jet {
  return jet(
    a.v * b.v,
    a.s * b.v + a.v * b.s,
    a.o * b.v + a.v * b.o,
    a.t * b.v + a.v * b.t,
    a.ss * b.v + 2 * a.s * b.s + a.v * b.ss,
    a.so * b.v + a.s * b.o + a.o * b.s + a.v * b.so,
  );
}

/** f(a) given f(a.v) = f0, f'(a.v) = f1, f''(a.v) = f2. */
function chain(a: Jet, f0: number, f1: number, f2: number): Jet {
  return jet(f0, f1 * a.s, f1 * a.o, f1 * a.t, f2 * a.s * a.s + f1 * a.ss, f2 * a.s * a.o + f1 * a.so);
}

function div(a: Jet, b: Jet): Jet {
  const inv = 1 / b.v;
  return mul(a, chain(b, inv, -inv * inv, 2 * inv * inv * inv));
}

function exp(a: Jet): Jet {
  const e = Math.exp(a.v);
  return chain(a, e, e, e);
}

function log(a: Jet): Jet {
  const inv = 1 / a.v;
  return chain(a, Math.log(a.v), inv, -inv * inv);
}

function sqrt(a: Jet): Jet {
  const r = Math.sqrt(a.v);
  return chain(a, r, 0.5 / r, -0.25 / (r * a.v));
}

function cdf(a: Jet): Jet {
  const p = normPdf(a.v);
  return chain(a, normCdf(a.v), p, -a.v * p);
}

/** ln N(a); the derivative φ/N uses the Mills-ratio series where N underflows (see logNormCdf). */
function logCdf(a: Jet): Jet {
  const x = a.v;
  let f1: number;
  if (x >= -37) f1 = normPdf(x) / normCdf(x);
  else {
    const z = 1 / (x * x);
    f1 = -x / (1 - z * (1 - z * (3 - z * (15 - z * 105))));
  }
  return chain(a, logNormCdf(x), f1, -f1 * (x + f1));
}

/** exp(logPow)·N(x), in log space when logPow is large (same rule as expTimesCdf). */
function expCdf(logPow: Jet, x: Jet): Jet {
  if (logPow.v < LOG_POW_MAX) return mul(exp(logPow), cdf(x));
  return exp(add(logPow, logCdf(x)));
}

const ZERO = cst(0);

/** The closed form of barrierPriceCore on jets (same branches, same order of terms). */
function closedFormJet(
  sign: number,
  kind: number,
  S: Jet,
  K: number,
  H: number,
  h: Jet,
  rebate: number,
  tau: Jet,
  r: number,
  q: number,
  vol: Jet,
  sd: Jet,
): Jet {
  const up = kind >= 2;
  const out = (kind & 1) === 1;
  const b = r - q;
  const v2 = mul(vol, vol);
  const mu = addC(div(cst(b), v2), -0.5);
  const k = addC(log(S), -Math.log(K));
  const m1s = mul(addC(mu, 1), sd);
  const sF = mul(S, exp(scale(tau, -q)));
  const kF = scale(exp(scale(tau, -r)), K);
  const phi = sign;
  const eta = up ? -1 : 1;
  const logP2 = scale(mul(mu, h), 2);
  const x2 = add(scale(div(h, sd), -1), m1s);
  const y2 = add(div(h, sd), m1s);
  const row = 4 * (4 * kind + (phi > 0 ? 0 : 2) + (K >= H ? 0 : 1));
  const cA = TERMS[row];
  const cB = TERMS[row + 1];
  const cC = TERMS[row + 2];
  const cD = TERMS[row + 3];

  const vanillaLike = (x: Jet): Jet =>
    scale(sub(mul(sF, cdf(scale(x, phi))), mul(kF, cdf(scale(sub(x, sd), phi)))), phi);
  const reflected = (y: Jet): Jet =>
    scale(
      sub(
        mul(sF, expCdf(add(logP2, scale(h, 2)), scale(y, eta))),
        mul(kF, expCdf(logP2, scale(sub(y, sd), eta))),
      ),
      phi,
    );

  let v = ZERO;
  if (cA !== 0) v = add(v, scale(vanillaLike(add(div(k, sd), m1s)), cA));
  if (cB !== 0) v = add(v, scale(vanillaLike(x2), cB));
  if (cC !== 0) v = add(v, scale(reflected(add(div(add(scale(h, 2), k), sd), m1s)), cC));
  if (cD !== 0) v = add(v, scale(reflected(y2), cD));
  if (rebate !== 0) {
    if (!out) {
      const e = sub(cdf(scale(sub(x2, sd), eta)), expCdf(logP2, scale(sub(y2, sd), eta)));
      v = add(v, scale(mul(exp(scale(tau, -r)), e), rebate));
    } else {
      const twoROverV2 = div(cst(2 * r), v2);
      const lam2 = add(mul(mu, mu), twoROverV2);
      if (lam2.v >= 0) {
        const lam = sqrt(lam2);
        let mpl: Jet;
        let mml: Jet;
        if (mu.v >= 0) {
          mpl = add(mu, lam);
          mml = mpl.v > 0 ? scale(div(twoROverV2, mpl), -1) : ZERO;
        } else {
          mml = sub(mu, lam);
          mpl = scale(div(twoROverV2, mml), -1);
        }
        const z = add(div(h, sd), mul(lam, sd));
        const f = add(
          expCdf(mul(mpl, h), scale(z, eta)),
          expCdf(mul(mml, h), scale(sub(z, scale(mul(lam, sd), 2)), eta)),
        );
        v = add(v, scale(f, rebate));
      } else {
        v = add(v, scale(rebateAtHitComplexJet(up, h, tau, r, b, vol), rebate));
      }
    }
  }
  return v;
}

/** Jet version of rebateAtHitComplex in barrierCore.ts (same quadrature, same nodes). */
function rebateAtHitComplexJet(up: boolean, h: Jet, tau: Jet, r: number, b: number, vol: Jet): Jet {
  const nu = add(cst(b), scale(mul(vol, vol), -0.5));
  const eta = up ? -1 : 1;
  let integral = ZERO;
  for (let i = 0; i < GL_N; i++) {
    const u = 0.5 * (1 + GL_X[i]);
    const t = scale(tau, u * u);
    const g = firstPassageCdfJet(eta, h, nu, vol, t);
    integral = add(integral, scale(mul(exp(scale(t, -r)), mul(g, tau)), GL_W[i] * 2 * u));
  }
  integral = scale(integral, 0.5);
  return add(mul(exp(scale(tau, -r)), firstPassageCdfJet(eta, h, nu, vol, tau)), scale(integral, r));
}

function firstPassageCdfJet(eta: number, h: Jet, nu: Jet, vol: Jet, t: Jet): Jet {
  if (!(t.v > 0)) return ZERO;
  const sd = mul(vol, sqrt(t));
  const nut = mul(nu, t);
  return add(
    cdf(scale(div(sub(h, nut), sd), eta)),
    expCdf(div(scale(mul(nu, h), 2), mul(vol, vol)), scale(div(add(h, nut), sd), eta)),
  );
}

/** Deterministic-forward limit of barrierPriceCore on jets. */
function deterministicJet(
  sign: number,
  up: boolean,
  out: boolean,
  S: Jet,
  K: number,
  h: Jet,
  rebate: number,
  tau: Jet,
  r: number,
  q: number,
): Jet {
  const b = r - q;
  const towardBarrier = up ? b > 0 : b < 0;
  const tHit = towardBarrier ? scale(h, 1 / b) : cst(Number.POSITIVE_INFINITY);
  const hit = tHit.v <= tau.v;
  const intrinsic = scale(sub(mul(S, exp(scale(tau, -q))), scale(exp(scale(tau, -r)), K)), sign);
  const vanilla = intrinsic.v > 0 ? intrinsic : ZERO;
  if (out) return hit ? scale(exp(scale(tHit, -r)), rebate) : vanilla;
  return hit ? vanilla : scale(exp(scale(tau, -r)), rebate);
}

/** σ√T → ∞ limit of barrierPriceCore (infiniteVolPrice) on jets. */
function infiniteVolJet(
  sign: number,
  up: boolean,
  out: boolean,
  S: Jet,
  K: number,
  h: Jet,
  rebate: number,
  tau: Jet,
  r: number,
  q: number,
): Jet {
  const one = cst(1);
  const hitQ = up ? exp(scale(h, -1)) : one;
  const hitQS = up ? one : exp(h);
  const hit = sign > 0 ? hitQS : hitQ;
  const exercised = sign > 0 ? mul(S, exp(scale(tau, -q))) : scale(exp(scale(tau, -r)), K);
  if (out) return add(mul(exercised, sub(one, hit)), scale(hitQ, rebate));
  return add(mul(exercised, hit), scale(mul(exp(scale(tau, -r)), sub(one, hitQ)), rebate));
}

/** Offsets written by {@link barrierGreeksKernel}. */
export const BG_PRICE = 0;
export const BG_DELTA = 1;
export const BG_GAMMA = 2;
export const BG_VEGA = 3;
export const BG_VANNA = 4;
export const BG_THETA = 5;
export const BG_COUNT = 6;

const vanillaScratch = new Float64Array(G_COUNT);

/**
 * Writes price, delta, gamma, vega (per 1.00 of vol), vanna (∂²V/∂S∂σ) and theta (dV/dt per calendar year,
 * i.e. -∂V/∂τ) of a single-barrier option at `o[off + BG_*]`. Arguments as in barrierPriceCore; the price is
 * barrierPriceCore's, bit for bit. NaN everywhere outside the domain.
 */
export function barrierGreeksKernel(
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
  o: Float64Array,
  off: number,
): void {
  const price = barrierPriceCore(sign, kind, S, K, H, rebate, tau, r, q, vol, dt);
  o[off + BG_PRICE] = price;
  if (Number.isNaN(price)) {
    for (let i = 1; i < BG_COUNT; i++) o[off + i] = Number.NaN;
    return;
  }
  const up = kind >= 2;
  const out = (kind & 1) === 1;
  if (up ? S >= H : S <= H) {
    if (out) {
      for (let i = 1; i < BG_COUNT; i++) o[off + i] = 0;
      return;
    }
    bsGreeksKernel(sign, S, K, tau, r, q, vol, vanillaScratch, 0);
    o[off + BG_DELTA] = vanillaScratch[G_DELTA];
    o[off + BG_GAMMA] = vanillaScratch[G_GAMMA];
    o[off + BG_VEGA] = vanillaScratch[G_VEGA];
    o[off + BG_VANNA] = vanillaScratch[G_VANNA];
    o[off + BG_THETA] = vanillaScratch[G_THETA];
    return;
  }
  const Sj = jet(S, 1, 0, 0, 0, 0);
  const volJ = jet(vol, 0, 1, 0, 0, 0);
  const tauJ = jet(tau, 0, 0, 1, 0, 0);
  // BGK shift H' = H·exp(±βσ√Δt) depends on σ, so vega and vanna see it. H' as barrierPriceCore computes it
  // decides the branches; h = ln(H'/S) is built from logs so that extreme ratios keep finite derivatives.
  const shift = dt > 0 ? (up ? BGK_BETA : -BGK_BETA) * Math.sqrt(dt) : 0;
  const Hs = dt > 0 ? H * Math.exp(shift * vol) : H;
  const hJ = sub(addC(scale(volJ, shift), Math.log(H)), log(Sj));
  let v: Jet;
  if (!(Hs > 0 && Hs < Number.POSITIVE_INFINITY)) {
    // Barrier shifted out of reach (see barrierPriceCore): vanilla for knock-outs, discounted rebate for knock-ins.
    if (out) {
      bsGreeksKernel(sign, S, K, tau, r, q, vol, vanillaScratch, 0);
      v = jet(
        price,
        vanillaScratch[G_DELTA],
        vanillaScratch[G_VEGA],
        -vanillaScratch[G_THETA],
        vanillaScratch[G_GAMMA],
        vanillaScratch[G_VANNA],
      );
    } else v = scale(exp(scale(tauJ, -r)), rebate);
  } else if (!(tau > 0)) {
    v = deterministicJet(sign, up, out, Sj, K, hJ, rebate, tauJ, r, q);
  } else {
    const sd = mul(volJ, sqrt(tauJ));
    if (!(sd.v >= SD_MIN && vol >= VOL_MIN))
      v = deterministicJet(sign, up, out, Sj, K, hJ, rebate, tauJ, r, q);
    else if (!(sd.v <= SD_MAX)) v = infiniteVolJet(sign, up, out, Sj, K, hJ, rebate, tauJ, r, q);
    else v = closedFormJet(sign, kind, Sj, K, Hs, hJ, rebate, tauJ, r, q, volJ, sd);
  }
  o[off + BG_DELTA] = v.s;
  o[off + BG_GAMMA] = v.ss;
  o[off + BG_VEGA] = v.o;
  o[off + BG_VANNA] = v.so;
  o[off + BG_THETA] = 0 - v.t; // not -v.t: no -0 when theta vanishes
}

const scratch = new Float64Array(BG_COUNT);

/**
 * Price and Greeks of a single-barrier European option: delta, gamma per unit of spot, vega and vanna per
 * 1.00 of vol, theta = dV/dt per calendar year. Exact derivatives of the closed form (never clamped: |delta|
 * above 1 next to a barrier is real). NaN fields outside the domain.
 * @example barrierGreeks({ type: 'put', kind: 'down-in', spot: 70.5, strike: 100, barrier: 70, tau: 2 / 365, rate: 0.04, divYield: 0, vol: 0.6 }).delta // ≈ -7.416
 */
export function barrierGreeks(p: BarrierInput): BarrierGreeks {
  barrierGreeksKernel(
    optionSign(p.type),
    barrierKindCode(p.kind),
    p.spot,
    p.strike,
    p.barrier,
    p.rebate ?? 0,
    p.tau,
    p.rate,
    p.divYield,
    p.vol,
    p.monitoringInterval ?? 0,
    scratch,
    0,
  );
  return {
    price: scratch[BG_PRICE],
    delta: scratch[BG_DELTA],
    gamma: scratch[BG_GAMMA],
    vega: scratch[BG_VEGA],
    vanna: scratch[BG_VANNA],
    theta: scratch[BG_THETA],
  };
}
