import {
  bsGreeksKernel,
  G_COUNT,
  G_DELTA,
  G_GAMMA,
  G_PRICE,
  G_THETA,
  G_VEGA,
  optionSign,
} from './blackScholes.js';
import type { OptionType } from './types.js';

/*
 * Coin-settled ("inverse") options as listed on Deribit: a BTC call of strike K pays max(S_T - K, 0) / S_T
 * BTC at expiry (08:00 UTC), i.e. exactly max(S_T - K, 0) USD converted at the settlement price. Its USD
 * value is therefore the ordinary Black-76 value on the forward of that expiry, and its premium in BTC is
 * that USD value divided by the underlying price (Deribit's `underlying_price`, the future or synthetic
 * forward of the expiry; Deribit marks use no discounting, hence rate 0 by default).
 * Sources: Deribit, "Inverse Options" and "Options Greeks" knowledge-base articles; premium-adjusted delta
 * as in FX practice, U. Wystup, "FX Options and Structured Products" (2006), section 1.2.5 (delta
 * conventions, p. 16): Δ_pa = Δ − V/S with V the premium paid in the underlying currency.
 */

export interface InverseOptionInput {
  readonly type: OptionType;
  /** Deribit's underlying price for the expiry, USD per BTC. */
  readonly forward: number;
  /** Strike, USD per BTC. */
  readonly strike: number;
  /** Years to expiry (ACT/365 to 08:00 UTC of the expiry date). */
  readonly tau: number;
  readonly vol: number;
  /** Discount rate for the USD value; Deribit marks use 0. */
  readonly rate?: number;
}

export interface InverseOptionValue {
  /** Premium in BTC per option on 1 BTC (Deribit's mark price unit). */
  readonly priceBtc: number;
  /** Value in USD per option on 1 BTC. */
  readonly priceUsd: number;
  /** USD delta: BTC of underlying per option, d(priceUsd)/d(forward) (the Black delta Deribit shows). */
  readonly delta: number;
  /** Premium-adjusted delta: delta − priceBtc, the BTC exposure of a holder whose premium is in BTC. */
  readonly deltaPremiumAdjusted: number;
  /** d(delta)/d(forward), per USD. */
  readonly gamma: number;
  /** USD per 1.00 of vol. */
  readonly vega: number;
  /** USD per year of calendar time. */
  readonly theta: number;
}

const scratch = new Float64Array(G_COUNT);

/**
 * Value and deltas of a Deribit-style inverse option. NaN fields outside the domain.
 * @example inverseOption({ type: 'call', forward: 70000, strike: 70000, tau: 0.25, vol: 0.5 }).priceBtc // ≈ 0.09945
 */
export function inverseOption(p: InverseOptionInput): InverseOptionValue {
  const r = p.rate ?? 0;
  // Black-76 is BSM with q = r on the forward.
  bsGreeksKernel(optionSign(p.type), p.forward, p.strike, p.tau, r, r, p.vol, scratch, 0);
  const priceUsd = scratch[G_PRICE];
  const priceBtc = priceUsd / p.forward;
  return {
    priceBtc,
    priceUsd,
    delta: scratch[G_DELTA],
    deltaPremiumAdjusted: scratch[G_DELTA] - priceBtc,
    gamma: scratch[G_GAMMA],
    vega: scratch[G_VEGA],
    theta: scratch[G_THETA],
  };
}

/** Converts a Deribit mark (BTC per option) to USD at the underlying price. */
export function inversePremiumToUsd(priceBtc: number, underlyingPrice: number): number {
  return priceBtc * underlyingPrice;
}
