import { normCdf, normPdf } from './normal.js';
import type { Black76Greeks, Black76Input, BsInput, Greeks, OptionType } from './types.js';

/*
 * Generalized Black–Scholes–Merton with continuous dividend yield q (cost of carry b = r - q), as in
 * E. G. Haug, "The Complete Guide to Option Pricing Formulas", 2nd ed. (2007), section 1.1.6,
 * pp. 8–9 (value) and section 2.1, pp. 20–44 (Greeks: delta p. 21, gamma p. 27, speed p. 30,
 * vega p. 31, vanna p. 33, volga p. 37, theta p. 39, rho p. 41, charm ("DdeltaDtime") p. 24).
 * Black-76 (p. 4) is the case b = 0 with the forward in place of spot.
 *
 * The kernel works on plain numbers and writes into a caller-given Float64Array so that the scalar
 * functions and the batch loops run the same instructions and agree bit for bit (STYLE.md item 4).
 */

/** Offsets of the Greeks written by {@link bsGreeksKernel}. */
export const G_PRICE = 0;
export const G_DELTA = 1;
export const G_GAMMA = 2;
export const G_VEGA = 3;
export const G_THETA = 4;
export const G_RHO = 5;
export const G_DIVRHO = 6;
export const G_VANNA = 7;
export const G_VOLGA = 8;
export const G_CHARM = 9;
export const G_SPEED = 10;
export const G_COUNT = 11;

/** +1 for a call, -1 for a put. */
export function optionSign(type: OptionType): number {
  return type === 'call' ? 1 : type === 'put' ? -1 : Number.NaN;
}

/**
 * Below this total deviation vol·√tau the lognormal is a point mass for every purpose of double
 * arithmetic (the time value is < 1e-100·S), and the Greek formulas would overflow (gamma ∝ 1/(S·sd)):
 * the deterministic limit is used instead.
 */
export const SD_MIN = 1e-100;

function inDomain(
  sign: number,
  S: number,
  K: number,
  tau: number,
  r: number,
  q: number,
  vol: number,
): boolean {
  // Written as positive checks so that NaN anywhere fails them.
  return (
    (sign === 1 || sign === -1) &&
    S > 0 &&
    S < Number.POSITIVE_INFINITY &&
    K > 0 &&
    K < Number.POSITIVE_INFINITY &&
    tau >= 0 &&
    tau < Number.POSITIVE_INFINITY &&
    vol >= 0 &&
    vol < Number.POSITIVE_INFINITY &&
    Number.isFinite(r) &&
    Number.isFinite(q)
  );
}

/**
 * Discounted price of a European option (sign 1 call, -1 put). NaN outside the domain.
 * @example bsPriceCore(1, 60, 65, 0.25, 0.08, 0, 0.3) // ≈ 2.1334 (Haug 2007, p. 3)
 */
export function bsPriceCore(
  sign: number,
  S: number,
  K: number,
  tau: number,
  r: number,
  q: number,
  vol: number,
): number {
  if (!inDomain(sign, S, K, tau, r, q, vol)) return Number.NaN;
  const dfq = Math.exp(-q * tau);
  const dfr = Math.exp(-r * tau);
  const sd = vol * Math.sqrt(tau);
  if (!(sd > SD_MIN)) {
    // vol = 0 or tau = 0: the forward is certain, the option is worth its discounted forward intrinsic value.
    const v = sign * (S * dfq - K * dfr);
    return v > 0 ? v : 0;
  }
  const d1 = (Math.log(S / K) + (r - q) * tau) / sd + 0.5 * sd;
  const d2 = d1 - sd;
  const v = sign * (S * dfq * normCdf(sign * d1) - K * dfr * normCdf(sign * d2));
  // Rounding can push a deep out-of-the-money value a hair below zero; a European option is never negative.
  return v > 0 ? v : 0;
}

/**
 * Writes price and the ten Greeks of {@link Greeks} at `o[off + G_*]`. Allocation-free.
 * Degenerate sd = vol·√tau = 0 is the deterministic limit: delta is the discounted step (½ at the money),
 * gamma, vega, vanna, volga, speed are 0, theta and rho those of the discounted forward intrinsic value.
 */
export function bsGreeksKernel(
  sign: number,
  S: number,
  K: number,
  tau: number,
  r: number,
  q: number,
  vol: number,
  o: Float64Array,
  off: number,
): void {
  if (!inDomain(sign, S, K, tau, r, q, vol)) {
    for (let k = 0; k < G_COUNT; k++) o[off + k] = Number.NaN;
    return;
  }
  const dfq = Math.exp(-q * tau);
  const dfr = Math.exp(-r * tau);
  const sqrtT = Math.sqrt(tau);
  const sd = vol * sqrtT;
  if (!(sd > SD_MIN)) {
    const fwdIntrinsic = sign * (S * dfq - K * dfr);
    // Exercise probability in the limit: 1 in the money, 0 out, ½ exactly at the forward.
    const p = fwdIntrinsic > 0 ? 1 : fwdIntrinsic < 0 ? 0 : 0.5;
    o[off + G_PRICE] = fwdIntrinsic > 0 ? fwdIntrinsic : 0;
    o[off + G_DELTA] = sign * dfq * p;
    o[off + G_GAMMA] = 0;
    o[off + G_VEGA] = 0;
    o[off + G_THETA] = p * sign * (q * S * dfq - r * K * dfr);
    o[off + G_RHO] = p * sign * K * tau * dfr;
    o[off + G_DIVRHO] = -p * sign * S * tau * dfq;
    o[off + G_VANNA] = 0;
    o[off + G_VOLGA] = 0;
    o[off + G_CHARM] = p * sign * q * dfq;
    o[off + G_SPEED] = 0;
    return;
  }
  const b = r - q;
  const d1 = (Math.log(S / K) + b * tau) / sd + 0.5 * sd;
  const d2 = d1 - sd;
  const nd1 = normPdf(d1);
  const Nd1 = normCdf(sign * d1);
  const Nd2 = normCdf(sign * d2);
  const sDfq = S * dfq;
  const kDfr = K * dfr;
  const price = sign * (sDfq * Nd1 - kDfr * Nd2);
  const gamma = (dfq * nd1) / (S * sd);
  const vega = sDfq * nd1 * sqrtT;
  o[off + G_PRICE] = price > 0 ? price : 0;
  o[off + G_DELTA] = sign * dfq * Nd1;
  o[off + G_GAMMA] = gamma;
  o[off + G_VEGA] = vega;
  // dV/dt = -dV/dtau (Haug p. 39 with b = r - q).
  o[off + G_THETA] = (-sDfq * nd1 * vol) / (2 * sqrtT) - sign * r * kDfr * Nd2 + sign * q * sDfq * Nd1;
  o[off + G_RHO] = sign * tau * kDfr * Nd2;
  o[off + G_DIVRHO] = -sign * tau * sDfq * Nd1;
  o[off + G_VANNA] = (-dfq * nd1 * d2) / vol;
  o[off + G_VOLGA] = (vega * d1 * d2) / vol;
  // d(delta)/dt per year of calendar time (Haug p. 24, sign flipped from d/dtau).
  o[off + G_CHARM] = sign * q * dfq * Nd1 - dfq * nd1 * (b / sd - d2 / (2 * tau));
  o[off + G_SPEED] = (-gamma / S) * (d1 / sd + 1);
}

const scratch = new Float64Array(G_COUNT);

function greeksFromScratch(): Greeks {
  return {
    price: scratch[G_PRICE],
    delta: scratch[G_DELTA],
    gamma: scratch[G_GAMMA],
    vega: scratch[G_VEGA],
    theta: scratch[G_THETA],
    rho: scratch[G_RHO],
    divRho: scratch[G_DIVRHO],
    vanna: scratch[G_VANNA],
    volga: scratch[G_VOLGA],
    charm: scratch[G_CHARM],
    speed: scratch[G_SPEED],
  };
}

/**
 * Discounted price of a European option under generalized Black–Scholes–Merton. NaN outside the domain.
 * @example bsPrice({ type: 'put', spot: 100, strike: 95, tau: 0.5, rate: 0.1, divYield: 0.05, vol: 0.2 }) // ≈ 2.4648
 */
export function bsPrice(p: BsInput): number {
  return bsPriceCore(optionSign(p.type), p.spot, p.strike, p.tau, p.rate, p.divYield, p.vol);
}

/**
 * Price and Greeks (units: see {@link Greeks}). NaN fields outside the domain.
 * @example bsGreeks({ type: 'call', spot: 105, strike: 100, tau: 0.5, rate: 0.1, divYield: 0.1, vol: 0.36 }).delta // ≈ 0.5946
 */
export function bsGreeks(p: BsInput): Greeks {
  bsGreeksKernel(optionSign(p.type), p.spot, p.strike, p.tau, p.rate, p.divYield, p.vol, scratch, 0);
  return greeksFromScratch();
}

/**
 * Black-76 price of an option on a forward or futures price (CME options on futures), discounted at `rate`.
 * @example black76Price({ type: 'call', forward: 19, strike: 19, tau: 0.75, rate: 0.1, vol: 0.28 }) // ≈ 1.7011
 */
export function black76Price(p: Black76Input): number {
  return bsPriceCore(optionSign(p.type), p.forward, p.strike, p.tau, p.rate, p.rate, p.vol);
}

/**
 * Black-76 Greeks with respect to the forward. Rho is d(price)/d(rate) holding the forward fixed (= -tau·price).
 * @example black76Greeks({ type: 'put', forward: 19, strike: 19, tau: 0.75, rate: 0.1, vol: 0.28 }).price // ≈ 1.7011
 */
export function black76Greeks(p: Black76Input): Black76Greeks {
  // BSM with q = r is Black-76 (b = 0); the forward's rate sensitivity is removed by adding divRho to rho.
  bsGreeksKernel(optionSign(p.type), p.forward, p.strike, p.tau, p.rate, p.rate, p.vol, scratch, 0);
  return {
    price: scratch[G_PRICE],
    delta: scratch[G_DELTA],
    gamma: scratch[G_GAMMA],
    vega: scratch[G_VEGA],
    theta: scratch[G_THETA],
    rho: scratch[G_RHO] + scratch[G_DIVRHO],
    vanna: scratch[G_VANNA],
    volga: scratch[G_VOLGA],
    charm: scratch[G_CHARM],
    speed: scratch[G_SPEED],
  };
}
