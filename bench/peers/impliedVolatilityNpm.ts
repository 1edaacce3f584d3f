import { createRequire } from 'node:module';
import type { VanillaGrid } from '../grid.js';

/*
 * Adapter for the `implied-volatility` npm package (https://github.com/MattL922/implied-volatility,
 * CommonJS, no types): getImpliedVolatility(price, s, k, t, r, callPut[, estimate = 0.1]) -> vol, by
 * bisection over the `black-scholes` package's price for at most 100 steps. It stops early only when
 * price·100 equals floor(model price·100), i.e. practically never for unrounded prices, so it nearly
 * always does all 100 steps. No dividend yield: solved on the spot S·e^{-qτ} (exact for European
 * options, Haug 2007, section 1.1.6, p. 8), computed per row in the timed loop.
 */

interface ImpliedVolatilityPackage {
  getImpliedVolatility(
    price: number,
    s: number,
    k: number,
    t: number,
    r: number,
    callPut: 'call' | 'put',
    estimate?: number,
  ): number;
}

const pkg = createRequire(import.meta.url)('implied-volatility') as ImpliedVolatilityPackage;

export interface ImpliedVolatilityNpmBook {
  readonly rows: number;
  impliedVol(price: Float64Array, vol: Float64Array): void;
}

/**
 * The first `rows` rows of a grid solved with `implied-volatility`.
 * @example impliedVolatilityNpmBook(vanillaGrid(10, 1), 10).impliedVol(prices, vols) // fills vols
 */
export function impliedVolatilityNpmBook(g: VanillaGrid, rows: number): ImpliedVolatilityNpmBook {
  const n = Math.min(rows, g.n);
  const type: ('call' | 'put')[] = [];
  for (let i = 0; i < n; i++) type.push(g.sign[i] === 1 ? 'call' : 'put');
  return {
    rows: n,
    impliedVol: (price, vol) => {
      for (let i = 0; i < n; i++) {
        vol[i] = pkg.getImpliedVolatility(
          price[i],
          g.spot[i] * Math.exp(-g.divYield[i] * g.tau[i]),
          g.strike[i],
          g.tau[i],
          g.rate[i],
          type[i],
        );
      }
    },
  };
}
