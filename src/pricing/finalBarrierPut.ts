import { bsGreeksKernel, G_COUNT, G_DELTA, G_GAMMA, G_PRICE, G_VANNA } from './blackScholes.js';
import { normCdf, normPdf } from './normal.js';

/*
 * A put struck at K that pays only if the FINAL level is below B (< K), the knock-in put of a structured note
 * with final (European) barrier observation: payoff (K − S_T)·1{S_T < B}. With put(B) = (B − S_T)⁺ and the
 * cash-or-nothing put D(B) = 1{S_T < B}:
 *     (K − S_T)·1{S_T < B} = (B − S_T)⁺ + (K − B)·1{S_T < B}   (B < K),
 * a vanilla put at B plus K − B cash-or-nothing puts at B. Cash-or-nothing put e^{-rτ} N(−d2) (Reiner &
 * Rubinstein, "Unscrambling the binary code", Risk 4(9), 1991; Haug 2007, section 4.19.2).
 */

/** Value and Greeks per share: USD, shares/share, per USD, d(delta)/d(vol) per 1.00 of vol. */
export interface FinalBarrierPutGreeks {
  readonly price: number;
  readonly delta: number;
  readonly gamma: number;
  readonly vanna: number;
}

const vanilla = new Float64Array(G_COUNT);

/**
 * Value and Greeks of a put struck at K that pays only if the FINAL level is below B (< K): a vanilla put at
 * B plus K − B cash-or-nothing puts at B (header). Per share, USD; divYield q, rate r continuous. Kernel:
 * never throws, NaN outside the domain; B >= K is the plain vanilla put.
 * @example finalBarrierPutGreeks(100, 90, 80, 0.75, 0.06, 0.06, 0.35).price // ≈ put(80) + 2.6710 (Haug 2007 cash-or-nothing example)
 */
export function finalBarrierPutGreeks(
  S: number,
  K: number,
  B: number,
  tau: number,
  r: number,
  q: number,
  vol: number,
): FinalBarrierPutGreeks {
  if (!(B > 0 && B < Number.POSITIVE_INFINITY))
    return { price: Number.NaN, delta: Number.NaN, gamma: Number.NaN, vanna: Number.NaN };
  if (B >= K) {
    bsGreeksKernel(-1, S, K, tau, r, q, vol, vanilla, 0);
    return {
      price: vanilla[G_PRICE],
      delta: vanilla[G_DELTA],
      gamma: vanilla[G_GAMMA],
      vanna: vanilla[G_VANNA],
    };
  }
  bsGreeksKernel(-1, S, B, tau, r, q, vol, vanilla, 0);
  const cash = K - B;
  const dfr = Math.exp(-r * tau);
  const sqrtT = Math.sqrt(tau);
  const sd = vol * sqrtT;
  let dPrice: number;
  let dDelta = 0;
  let dGamma = 0;
  let dVanna = 0;
  if (!(sd > 1e-100)) {
    // Deterministic forward: pays when the forward ends below B (half at exactly B, as the vanilla kernel).
    const fwd = S * Math.exp((r - q) * tau);
    dPrice = Number.isNaN(vanilla[G_PRICE]) ? Number.NaN : dfr * (fwd < B ? 1 : fwd > B ? 0 : 0.5);
  } else {
    // Cash-or-nothing put e^{-rτ}N(−d2) (Reiner–Rubinstein 1991); its Greeks by differentiating:
    // Δ = −e^{-rτ} n(d2)/(S σ√τ), Γ = e^{-rτ} n(d2) d1/(S² σ²τ), vanna = −e^{-rτ} n(d2)(d1 d2 − 1)/(S σ² √τ).
    const d2 = (Math.log(S / B) + (r - q) * tau) / sd - 0.5 * sd;
    const d1 = d2 + sd;
    const n2 = normPdf(d2);
    dPrice = dfr * normCdf(-d2);
    dDelta = (-dfr * n2) / (S * sd);
    dGamma = (dfr * n2 * d1) / (S * S * sd * sd);
    dVanna = (-dfr * n2 * (d1 * d2 - 1)) / (S * sqrtT * vol * vol);
  }
  return {
    price: vanilla[G_PRICE] + cash * dPrice,
    delta: vanilla[G_DELTA] + cash * dDelta,
    gamma: vanilla[G_GAMMA] + cash * dGamma,
    vanna: vanilla[G_VANNA] + cash * dVanna,
  };
}
