import { expTimesCdf, SD_MIN, VOL_MIN } from './barrierCore.js';
import { bsPriceCore, optionSign } from './blackScholes.js';
import type { BsInput } from './types.js';

/*
 * Double-barrier European options with flat barriers L < S < U, continuously monitored, no rebate:
 * Ikeda & Kunitomo, "Pricing options with curved boundaries", Mathematical Finance 2 (1992) 275–298, as
 * tabulated in E. G. Haug, "The Complete Guide to Option Pricing Formulas", 2nd ed. (2007), section 4.17.3,
 * pp. 156–158, with both curvatures δ1 = δ2 = 0 (so F = U, E = L, μ2 = 0, μ1 = μ3 = 2b/σ² + 1):
 *
 *   c = S e^{(b-r)T} Σₙ [ (Uⁿ/Lⁿ)^{μ1} (N(d1) - N(d2)) - (L^{n+1}/(Uⁿ S))^{μ3} (N(d3) - N(d4)) ]
 *     - X e^{-rT}   Σₙ [ (Uⁿ/Lⁿ)^{μ1-2} (N(d1-s) - N(d2-s)) - (L^{n+1}/(Uⁿ S))^{μ3-2} (N(d3-s) - N(d4-s)) ]
 *   d1 = [ln(S U^{2n}/(X L^{2n})) + (b + σ²/2)T]/s,   d2 = same with X → U,
 *   d3 = [ln(L^{2n+2}/(X S U^{2n})) + (b + σ²/2)T]/s, d4 = same with X → U,   s = σ√T,
 *
 * and the put with the roles of (X, U) played by (L, X) and the opposite sign. Both are the integral of the
 * payoff against the method-of-images density of the killed process over (lo, hi) = (max(X, L), U) for a call
 * and (L, min(X, U)) for a put; written that way, strikes outside (L, U) are handled too. Knock-in = vanilla -
 * knock-out. The image terms fall off like exp(-2n²ln(U/L)²/s²); |n| <= 5·s/ln(U/L) + 5 terms leave less than
 * e^{-50} of the largest. Products (U/L)^{n·p}·N(d) are formed in log space where they would overflow.
 */

export type DoubleBarrierKind = 'knock-out' | 'knock-in';

/** A European option knocked out (or in) when spot touches `lower` or `upper`; no rebate. */
export interface DoubleBarrierInput extends BsInput {
  readonly kind: DoubleBarrierKind;
  readonly lower: number;
  readonly upper: number;
}

/**
 * Beyond this s/ln(U/L) the killed process survives with probability below exp(-π²·40²/2) ≈ e^{-7900}:
 * the knock-out is 0 and the knock-in the vanilla, to double precision.
 */
const MAX_SD_PER_WIDTH = 40;

/**
 * Price of a double-barrier option (sign 1 call, -1 put; out true for knock-out). Spot at or outside a
 * barrier counts as touched (knock-out 0, knock-in vanilla). Allocation-free; NaN outside the domain
 * (including lower >= upper).
 * @example doubleBarrierPriceCore(1, true, 100, 100, 50, 150, 0.25, 0.1, 0, 0.15) // ≈ 4.3515 (Haug 2007, p. 158)
 */
export function doubleBarrierPriceCore(
  sign: number,
  out: boolean,
  S: number,
  K: number,
  L: number,
  U: number,
  tau: number,
  r: number,
  q: number,
  vol: number,
): number {
  if (
    !(
      (sign === 1 || sign === -1) &&
      S > 0 &&
      S < Number.POSITIVE_INFINITY &&
      K > 0 &&
      K < Number.POSITIVE_INFINITY &&
      L > 0 &&
      U > L &&
      U < Number.POSITIVE_INFINITY &&
      tau >= 0 &&
      tau < Number.POSITIVE_INFINITY &&
      Number.isFinite(r) &&
      Number.isFinite(q) &&
      vol >= 0 &&
      vol < Number.POSITIVE_INFINITY
    )
  ) {
    return Number.NaN;
  }
  const vanilla = bsPriceCore(sign, S, K, tau, r, q, vol);
  if (S <= L || S >= U) return out ? 0 : vanilla;
  const ko = knockOut(sign, S, K, L, U, tau, r, q, vol);
  return out ? ko : vanilla - ko;
}

function knockOut(
  sign: number,
  S: number,
  K: number,
  L: number,
  U: number,
  tau: number,
  r: number,
  q: number,
  vol: number,
): number {
  const lo = sign > 0 ? Math.max(K, L) : L;
  const hi = sign > 0 ? U : Math.min(K, U);
  if (!(lo < hi)) return 0;
  const width = Math.log(U / L);
  const sd = vol * Math.sqrt(tau);
  if (!(sd >= SD_MIN && vol >= VOL_MIN)) {
    // Deterministic forward path S·e^{bt}: it leaves (L, U) before expiry or pays the discounted forward payoff.
    const fwd = S * Math.exp((r - q) * tau);
    if (fwd <= L || fwd >= U) return 0;
    return Math.max(sign * (S * Math.exp(-q * tau) - K * Math.exp(-r * tau)), 0);
  }
  if (sd > MAX_SD_PER_WIDTH * width) return 0;
  const b = r - q;
  const mu1 = (2 * b) / (vol * vol) + 1;
  const drift = (b + 0.5 * vol * vol) * tau;
  const lnS = Math.log(S);
  const lnL = Math.log(L);
  const lnLo = Math.log(lo);
  const lnHi = Math.log(hi);
  const lnLS = lnL - lnS;
  const nMax = Math.ceil((5 * sd) / width) + 5;
  let sumS = 0;
  let sumK = 0;
  for (let n = -nMax; n <= nMax; n++) {
    const shift = 2 * n * width;
    const dLo = (lnS - lnLo + shift + drift) / sd;
    const dHi = (lnS - lnHi + shift + drift) / sd;
    const eLo = (2 * lnL - lnLo - lnS - shift + drift) / sd;
    const eHi = (2 * lnL - lnHi - lnS - shift + drift) / sd;
    const a = n * width;
    const c = lnLS - n * width;
    sumS += expCdfDiff(a * mu1, dLo, dHi) - expCdfDiff(c * mu1, eLo, eHi);
    sumK += expCdfDiff(a * (mu1 - 2), dLo - sd, dHi - sd) - expCdfDiff(c * (mu1 - 2), eLo - sd, eHi - sd);
  }
  const v = sign * (S * Math.exp(-q * tau) * sumS - K * Math.exp(-r * tau) * sumK);
  // The knock-out is a probability-weighted payoff: rounding in the image sum must not make it negative.
  return Math.max(v, 0);
}

/** e^{logPow}·(N(a) - N(b)) for a >= b, taking complements in the upper tail so that nothing cancels. */
function expCdfDiff(logPow: number, a: number, b: number): number {
  if (b > 0) return expTimesCdf(logPow, -b) - expTimesCdf(logPow, -a);
  return expTimesCdf(logPow, a) - expTimesCdf(logPow, b);
}

/**
 * Price of a double-barrier European option (knock-out or knock-in on touching `lower` or `upper`, no
 * rebate), continuous monitoring. NaN outside the domain.
 * @example doubleBarrierPrice({ type: 'put', kind: 'knock-out', spot: 100, strike: 100, lower: 80, upper: 120, tau: 0.25, rate: 0.1, divYield: 0, vol: 0.25 }) // ≈ 2.6866
 */
export function doubleBarrierPrice(p: DoubleBarrierInput): number {
  const kind = p.kind === 'knock-out' ? 1 : p.kind === 'knock-in' ? 0 : -1;
  if (kind < 0) return Number.NaN;
  return doubleBarrierPriceCore(
    optionSign(p.type),
    kind === 1,
    p.spot,
    p.strike,
    p.lower,
    p.upper,
    p.tau,
    p.rate,
    p.divYield,
    p.vol,
  );
}
