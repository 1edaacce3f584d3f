import { BlackCalculator, Option } from '@quantlib/ql';
import { BlackScholes } from '@uqee/black-scholes';
import type { GridOptions } from '../../src/pricing/greeksGrid.js';

/*
 * Peers on the grid task: for every option and grid price, the library's price, delta and gamma at that
 * spot, weighted and summed per price (what a caller of a per-option library writes). QuantLib-js through
 * BlackCalculator (new per point), @uqee/black-scholes through .option() with its double-precision CDF (no
 * dividend yield: the grid book has none).
 */

export interface BookPeer {
  run(): void;
  readonly price: Float64Array;
  readonly delta: Float64Array;
  readonly gamma: Float64Array;
  /** Σ|weight·delta| and Σ|weight·gamma| per price (the scale of the sums, for relative differences). */
  readonly deltaAbs: Float64Array;
  readonly gammaAbs: Float64Array;
}

interface Book extends GridOptions {
  readonly n: number;
}

function col(c: Float64Array | number | undefined, i: number, dflt: number): number {
  return c === undefined ? dflt : typeof c === 'number' ? c : c[i];
}

function sums(m: number) {
  return {
    price: new Float64Array(m),
    delta: new Float64Array(m),
    gamma: new Float64Array(m),
    deltaAbs: new Float64Array(m),
    gammaAbs: new Float64Array(m),
  };
}

/**
 * QuantLib-js BlackCalculator at every option and price.
 * @example qlGridPeer(book, prices).run() // fills .price, .delta, .gamma
 */
export function qlGridPeer(b: Book, prices: Float64Array): BookPeer {
  const m = prices.length;
  const s = sums(m);
  const type = b.type as Int8Array;
  return {
    ...s,
    run: () => {
      s.price.fill(0);
      s.delta.fill(0);
      s.gamma.fill(0);
      s.deltaAbs.fill(0);
      s.gammaAbs.fill(0);
      for (let i = 0; i < b.n; i++) {
        const tau = col(b.tau, i, 0);
        const r = col(b.rate, i, 0);
        const q = col(b.divYield, i, 0);
        const w = col(b.weight, i, 1);
        const sd = col(b.vol, i, 0) * Math.sqrt(tau);
        const K = col(b.strike, i, 0);
        const t = type[i] === 1 ? Option.Type.Call : Option.Type.Put;
        // Per option, as a caller would hoist them: the discount factor and the growth to the forward.
        const discount = Math.exp(-r * tau);
        const growth = Math.exp((r - q) * tau);
        for (let j = 0; j < m; j++) {
          const S = prices[j];
          const bc = new BlackCalculator().init2(t, K, S * growth, sd, discount);
          const d = w * bc.delta(S);
          const g = w * bc.gamma(S);
          s.price[j] += w * bc.value();
          s.delta[j] += d;
          s.gamma[j] += g;
          s.deltaAbs[j] += Math.abs(d);
          s.gammaAbs[j] += Math.abs(g);
        }
      }
    },
  };
}

/**
 * @uqee/black-scholes .option() at every option and price (double-precision CDF).
 * @example uqeeGridPeer(book, prices).run() // fills .price, .delta, .gamma
 */
export function uqeeGridPeer(b: Book, prices: Float64Array): BookPeer {
  const m = prices.length;
  const s = sums(m);
  const bs = new BlackScholes({ sigmaToPricePrecision: 'double' });
  const type = Array.from(b.type as Int8Array, (x) => (x === 1 ? ('call' as const) : ('put' as const)));
  return {
    ...s,
    run: () => {
      s.price.fill(0);
      s.delta.fill(0);
      s.gamma.fill(0);
      for (let i = 0; i < b.n; i++) {
        const tau = col(b.tau, i, 0);
        const r = col(b.rate, i, 0);
        const w = col(b.weight, i, 1);
        const sigma = col(b.vol, i, 0);
        const strike = col(b.strike, i, 0);
        for (let j = 0; j < m; j++) {
          const o = bs.option({ rate: r, sigma, strike, time: tau, type: type[i], underlying: prices[j] });
          s.price[j] += w * o.price;
          s.delta[j] += w * o.delta;
          s.gamma[j] += w * o.gamma;
        }
      }
    },
  };
}
