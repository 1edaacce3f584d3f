import { createRequire } from 'node:module';
import type { VanillaGrid } from '../grid.js';

/*
 * Adapter for the `black-scholes` npm package (https://github.com/MattL922/black-scholes, CommonJS, no
 * types): blackScholes(s, k, t, v, r, callPut) -> price only, no Greeks, no dividend yield. Its normal CDF
 * is a 100-term Taylor series (clamped to 0/1 beyond |x| >= 8), which is what makes it slow.
 *
 * Dividend yield: priced on the spot S·e^{-qτ}, which is exact for European options (Haug 2007, section
 * 1.1.6, p. 8); the adjusted spot is computed per row in the timed loop.
 */

interface BlackScholesPackage {
  blackScholes(s: number, k: number, t: number, v: number, r: number, callPut: 'call' | 'put'): number;
}

const pkg = createRequire(import.meta.url)('black-scholes') as BlackScholesPackage;

export interface BlackScholesNpmBook {
  readonly rows: number;
  prices(price: Float64Array): void;
}

/**
 * The first `rows` rows of a grid priced with `black-scholes`.
 * @example blackScholesNpmBook(vanillaGrid(10, 1), 10).prices(p) // fills p
 */
export function blackScholesNpmBook(g: VanillaGrid, rows: number): BlackScholesNpmBook {
  const n = Math.min(rows, g.n);
  const type: ('call' | 'put')[] = [];
  for (let i = 0; i < n; i++) type.push(g.sign[i] === 1 ? 'call' : 'put');
  return {
    rows: n,
    prices: (price) => {
      for (let i = 0; i < n; i++) {
        price[i] = pkg.blackScholes(
          g.spot[i] * Math.exp(-g.divYield[i] * g.tau[i]),
          g.strike[i],
          g.tau[i],
          g.vol[i],
          g.rate[i],
          type[i],
        );
      }
    },
  };
}
