/**
 * Shared types of the pricing core. Units (docs/DATA.md): `tau` in years (ACT/365), `vol` annualized
 * decimal, `rate` and `divYield` continuously compounded decimals, money in the option's currency.
 */

export type OptionType = 'call' | 'put';

/** Inputs of a European option under generalized Black–Scholes–Merton (cost of carry b = rate - divYield). */
export interface BsInput {
  readonly type: OptionType;
  readonly spot: number;
  readonly strike: number;
  /** Time to expiry in years. */
  readonly tau: number;
  /** Continuously compounded risk-free rate. */
  readonly rate: number;
  /** Continuously compounded dividend (or borrow / foreign) yield. */
  readonly divYield: number;
  /** Annualized volatility, decimal. */
  readonly vol: number;
}

/**
 * Greeks of a European option. vega/volga per 1.00 of vol; theta = dV/dt per year of calendar time
 * (negative for a decaying long option); rho/divRho per 1.00 of rate; charm = d(delta)/dt per year;
 * vanna = d(delta)/d(vol); speed = d(gamma)/d(spot).
 */
export interface Greeks {
  readonly price: number;
  readonly delta: number;
  readonly gamma: number;
  readonly vega: number;
  readonly theta: number;
  readonly rho: number;
  readonly divRho: number;
  readonly vanna: number;
  readonly volga: number;
  readonly charm: number;
  readonly speed: number;
}

/** Inputs of an option on a futures/forward price (Black-76): `forward` replaces spot, no dividend yield. */
export interface Black76Input {
  readonly type: OptionType;
  readonly forward: number;
  readonly strike: number;
  readonly tau: number;
  /** Discount rate, continuously compounded. */
  readonly rate: number;
  readonly vol: number;
}

/** Black-76 Greeks: delta/gamma/speed with respect to the forward; rho is d(price)/d(rate) at fixed forward. */
export interface Black76Greeks {
  readonly price: number;
  readonly delta: number;
  readonly gamma: number;
  readonly vega: number;
  readonly theta: number;
  readonly rho: number;
  readonly vanna: number;
  readonly volga: number;
  readonly charm: number;
  readonly speed: number;
}

export interface ImpliedVolQuote {
  readonly type: OptionType;
  /** Discounted option premium, in the same currency as spot and strike. */
  readonly price: number;
  readonly spot: number;
  readonly strike: number;
  readonly tau: number;
  readonly rate: number;
  readonly divYield: number;
}

/** Why an implied volatility does not exist or was not computed. */
export type ImpliedVolFailure =
  | 'invalid_input'
  | 'price_below_intrinsic'
  | 'price_above_upper_bound'
  | 'no_convergence';

export type ImpliedVolResult =
  | { readonly ok: true; readonly vol: number; readonly iterations: number }
  | { readonly ok: false; readonly code: ImpliedVolFailure };

export interface ImpliedVolOptions {
  /** Maximum Householder iterations after the initial guess (default 2, Jäckel's bound). */
  readonly maxIterations?: number;
}

export type BarrierKind = 'down-in' | 'down-out' | 'up-in' | 'up-out';

export interface BarrierInput extends BsInput {
  readonly kind: BarrierKind;
  readonly barrier: number;
  /** Cash rebate: paid at the hit for knock-outs, at expiry for knock-ins never knocked in. Default 0. */
  readonly rebate?: number;
  /** Monitoring interval in years (e.g. 1/252 for daily); absent means continuous monitoring. */
  readonly monitoringInterval?: number;
}

export interface BarrierGreeks {
  readonly price: number;
  readonly delta: number;
  readonly gamma: number;
  readonly vega: number;
  readonly vanna: number;
  readonly theta: number;
}

/** A batch column: one value per row, or a single number when the column is constant. */
export type Col = Float64Array | number;

/** Option type column: one string for all rows, or per row 1 = call, -1 = put. */
export type TypeCol = OptionType | Int8Array;
