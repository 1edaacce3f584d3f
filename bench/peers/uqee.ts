import { BlackScholes } from '@uqee/black-scholes';
import type { VanillaGrid } from '../grid.js';

/*
 * Adapter for @uqee/black-scholes (https://github.com/uqee/black-scholes): class BlackScholes with
 * .option({ rate, sigma, strike, time, type, underlying }) -> { price, delta, gamma, ... } and
 * .sigma({ price, rate, strike, time, type, underlying }) -> implied vol (0 when it gives up).
 *
 * It has no dividend yield. Generalized BSM with yield q equals plain Black–Scholes on the spot
 * S·e^{-qτ} (Haug 2007, section 1.1.6, p. 8: the yield only enters through S·e^{(b-r)τ}); then
 * delta_q = e^{-qτ}·delta(S·e^{-qτ}) and gamma_q = e^{-2qτ}·gamma(S·e^{-qτ}). e^{-qτ} is computed per row
 * inside the timed loop (a user with dividend-paying rows must do it; every other library in the suite
 * computes its discount factors in its timed work too), and the two rescalings are applied to the outputs.
 */

export interface UqeeSettings {
  /** 'single' (the package default, a 5-term polynomial CDF) or 'double'. */
  readonly precision: 'single' | 'double';
  /** Stop when |price error| < accuracy (package default 1e-3). */
  readonly ivAccuracy?: number;
  readonly ivMethod?: 'bisection' | 'newton-raphson';
  /** Newton-Raphson iteration cap (package default 10). */
  readonly ivNewtonIterations?: number;
}

export interface UqeeBook {
  readonly rows: number;
  greeks(price: Float64Array, delta: Float64Array, gamma: Float64Array): void;
  /** Implied vols into `vol`; the package returns 0 on failure, kept as 0. */
  impliedVol(price: Float64Array, vol: Float64Array): void;
}

/**
 * The first `rows` rows of a grid priced with @uqee/black-scholes.
 * @example uqeeBook(vanillaGrid(10, 1), 10, { precision: 'double' }).greeks(p, d, g) // fills p, d, g
 */
export function uqeeBook(g: VanillaGrid, rows: number, s: UqeeSettings): UqeeBook {
  const n = Math.min(rows, g.n);
  const bs = new BlackScholes({
    sigmaToPricePrecision: s.precision,
    priceToSigmaAccuracy: s.ivAccuracy,
    priceToSigmaMethod: s.ivMethod,
    priceToSigmaNRIteractions: s.ivNewtonIterations,
  });
  const type: ('call' | 'put')[] = [];
  for (let i = 0; i < n; i++) type.push(g.sign[i] === 1 ? 'call' : 'put');
  return {
    rows: n,
    greeks: (price, delta, gamma) => {
      for (let i = 0; i < n; i++) {
        const tau = g.tau[i];
        const dfq = Math.exp(-g.divYield[i] * tau);
        const o = bs.option({
          rate: g.rate[i],
          sigma: g.vol[i],
          strike: g.strike[i],
          time: tau,
          type: type[i],
          underlying: g.spot[i] * dfq,
        });
        price[i] = o.price;
        delta[i] = o.delta * dfq;
        gamma[i] = o.gamma * dfq * dfq;
      }
    },
    impliedVol: (price, vol) => {
      for (let i = 0; i < n; i++) {
        const tau = g.tau[i];
        vol[i] = bs.sigma({
          price: price[i],
          rate: g.rate[i],
          strike: g.strike[i],
          time: tau,
          type: type[i],
          underlying: g.spot[i] * Math.exp(-g.divYield[i] * tau),
        });
      }
    },
  };
}
