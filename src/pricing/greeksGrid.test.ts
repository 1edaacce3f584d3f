import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { bsGreeks } from './blackScholes.js';
import { bsGammaGrid } from './bsGrid.js';
import { dollarGamma1pct } from './exposures.js';
import { bsGreeksGrid, type GridOptions } from './greeksGrid.js';
import type { OptionType } from './types.js';
import { pricingWasmStatus, setPricingWasm } from './wasmKernel.js';

const EPS = 2 ** -52;

interface Opt {
  type: OptionType;
  strike: number;
  tau: number;
  rate: number;
  divYield: number;
  vol: number;
  weight: number;
  scale: number;
}

function book(opts: readonly Opt[]): GridOptions {
  return {
    type: Int8Array.from(opts, (o) => (o.type === 'call' ? 1 : -1)),
    strike: Float64Array.from(opts, (o) => o.strike),
    tau: Float64Array.from(opts, (o) => o.tau),
    rate: Float64Array.from(opts, (o) => o.rate),
    divYield: Float64Array.from(opts, (o) => o.divYield),
    vol: Float64Array.from(opts, (o) => o.vol),
    weight: Float64Array.from(opts, (o) => o.weight),
    scale: Float64Array.from(opts, (o) => o.scale),
  };
}

/** The same options as a bsGrid.ts book (driver = grid price, spot = any grid price). */
function gridBook(opts: readonly Opt[], spot: number) {
  return {
    n: opts.length,
    spot,
    sign: Int8Array.from(opts, (o) => (o.type === 'call' ? 1 : -1)),
    strike: Float64Array.from(opts, (o) => o.strike),
    scale: Float64Array.from(opts, (o) => o.scale),
    tau: Float64Array.from(opts, (o) => o.tau),
    rate: Float64Array.from(opts, (o) => o.rate),
    divYield: Float64Array.from(opts, (o) => o.divYield),
    vol: Float64Array.from(opts, (o) => o.vol),
    units: Float64Array.from(opts, (o) => o.weight),
  };
}

/**
 * The grid sums recomputed from the scalar bsGreeks (chain rule for the scale), with the error bound the
 * grid's rearranged d1 implies: d1 moves by δ ≲ 8·eps·(A/sd + |d1|), A = 1 + |ln(P/P₀)| + |ln(scale·P₀/K)| +
 * |(r−q)τ| with P₀ the grid's middle price (1 for the rounding of P/P₀);
 * a Gaussian or Φ tail moves by ≲ (1 + |d|)·δ relatively; plus a few ulps per term and the summation.
 */
function reference(opts: readonly Opt[], P: number, P0: number) {
  let price = 0;
  let delta = 0;
  let gamma = 0;
  let tolPrice = 0;
  let tolDelta = 0;
  let tolGamma = 0;
  for (const o of opts) {
    const S = o.scale * P;
    const g = bsGreeks({
      type: o.type,
      spot: S,
      strike: o.strike,
      tau: o.tau,
      rate: o.rate,
      divYield: o.divYield,
      vol: o.vol,
    });
    price += o.weight * g.price;
    delta += o.weight * o.scale * g.delta;
    gamma += o.weight * o.scale * o.scale * g.gamma;
    const sd = o.vol * Math.sqrt(o.tau);
    const b = o.rate - o.divYield;
    const d1 = (Math.log(S / o.strike) + b * o.tau) / sd + 0.5 * sd;
    const d2 = d1 - sd;
    const A =
      1 + Math.abs(Math.log(P / P0)) + Math.abs(Math.log((o.scale * P0) / o.strike)) + Math.abs(b * o.tau);
    const rel = EPS * (64 + 8 * (2 + Math.abs(d1) + Math.abs(d2)) * (A / sd + Math.abs(d1)));
    const dfq = Math.exp(-o.divYield * o.tau);
    const dfr = Math.exp(-o.rate * o.tau);
    // Magnitudes of the terms whose difference the price is.
    const terms = S * dfq + o.strike * dfr;
    tolPrice += Math.abs(o.weight) * terms * rel;
    tolDelta += Math.abs(o.weight * o.scale * g.delta) * rel + Math.abs(o.weight * o.scale) * EPS;
    tolGamma += Math.abs(o.weight * o.scale * o.scale * g.gamma) * rel;
  }
  const n = opts.length;
  return {
    price,
    delta,
    gamma,
    cashGamma: 0.01 * P * P * gamma,
    tolPrice: tolPrice + n * EPS * Math.abs(price) + 1e-300,
    tolDelta: tolDelta + n * EPS * Math.abs(delta) + 1e-300,
    // Underflow: terms below the smallest normal double lose their relative precision.
    tolGamma: tolGamma + n * EPS * Math.abs(gamma) + 1e-300,
  };
}

const optArb: fc.Arbitrary<Opt> = fc.record({
  type: fc.constantFrom<OptionType>('call', 'put'),
  strike: fc.double({ min: 20, max: 200, noNaN: true }),
  tau: fc.double({ min: 1 / 365, max: 3, noNaN: true }),
  rate: fc.double({ min: -0.02, max: 0.1, noNaN: true }),
  divYield: fc.double({ min: -0.02, max: 0.1, noNaN: true }),
  vol: fc.double({ min: 0.05, max: 2, noNaN: true }),
  // Contract counts (a subnormal weight would only test underflow of the product).
  weight: fc.integer({ min: -1000, max: 1000 }),
  scale: fc.constantFrom(1, 0.5, 2, 0.000568 * 1000),
});

describe('bsGreeksGrid: sums over options at every grid price', () => {
  it('equal the scalar bsGreeks summed per price within the stated bound (fresh seed each run)', () => {
    fc.assert(
      fc.property(
        fc.array(optArb, { minLength: 1, maxLength: 24 }),
        fc.array(fc.double({ min: 10, max: 400, noNaN: true }), { minLength: 1, maxLength: 12 }),
        (opts, ps) => {
          // Ascending, as bsGammaGrid requires.
          const prices = Float64Array.from(ps).sort();
          const g = bsGreeksGrid(book(opts), prices);
          const gg = bsGammaGrid(gridBook(opts, prices[0]), prices, new Float64Array(prices.length));
          const P0 = prices[prices.length >> 1];
          prices.forEach((P, j) => {
            const ref = reference(opts, P, P0);
            expect(Math.abs(g.price[j] - ref.price)).toBeLessThanOrEqual(ref.tolPrice);
            expect(Math.abs(g.delta[j] - ref.delta)).toBeLessThanOrEqual(ref.tolDelta);
            expect(Math.abs(g.gamma[j] - ref.gamma)).toBeLessThanOrEqual(ref.tolGamma);
            expect(Math.abs(g.cashGamma[j] - ref.cashGamma)).toBeLessThanOrEqual(
              0.01 * P * P * ref.tolGamma * 1.01,
            );
            // bsGammaGrid (bsGrid.ts, the dealer-profile kernel) agrees on the cash gamma within the same bound.
            expect(Math.abs(gg[j] - g.cashGamma[j])).toBeLessThanOrEqual(
              2 * 0.01 * P * P * ref.tolGamma * 1.01,
            );
          });
        },
      ),
      { numRuns: 200 },
    );
  });

  it('one option at one price is bsGreeks; cash gamma is dollarGamma1pct', () => {
    const o = { type: 'put' as const, strike: 95, tau: 0.5, rate: 0.1, divYield: 0.05, vol: 0.2 };
    const s = bsGreeks({ ...o, spot: 100 });
    const g = bsGreeksGrid(o, new Float64Array([100]));
    expect(g.price[0]).toBeCloseTo(2.4648, 4); // Haug 2007, p. 4 (put, S 100, K 95, τ ½, r 10 %, b 5 %, σ 20 %)
    const ref = reference([{ ...o, weight: 1, scale: 1 }], 100, 100);
    expect(ref.price).toBe(s.price);
    expect(Math.abs(g.price[0] - s.price)).toBeLessThanOrEqual(ref.tolPrice);
    expect(Math.abs(g.delta[0] - s.delta)).toBeLessThanOrEqual(ref.tolDelta);
    // The bound is tight enough to mean something: a few hundred ulps at most here.
    expect(ref.tolDelta).toBeLessThan(1e-13);
    expect(g.gamma[0] / s.gamma).toBeCloseTo(1, 13);
    expect(g.cashGamma[0] / dollarGamma1pct(s.gamma, 100)).toBeCloseTo(1, 13);
  });

  it('scale puts an option on its own underlying: derivatives are with respect to the grid price', () => {
    // An ETF share worth 0.000568 BTC, option on the share, BTC grid at 70,000: S = 39.76.
    const scale = 0.000568;
    const o = {
      type: 'call' as const,
      strike: 40,
      tau: 30 / 365,
      rate: 0.04,
      divYield: 0,
      vol: 0.55,
      weight: 100,
      scale,
    };
    const g = bsGreeksGrid(o, new Float64Array([70000]));
    const s = bsGreeks({ ...o, spot: scale * 70000 });
    expect(g.price[0] / (100 * s.price)).toBeCloseTo(1, 12);
    expect(g.delta[0] / (100 * scale * s.delta)).toBeCloseTo(1, 12);
    expect(g.gamma[0] / (100 * scale * scale * s.gamma)).toBeCloseTo(1, 12);
    // 0.01·P²·d²V/dP² = 0.01·S²·Γ per option (exposures.ts convention), times 100 units.
    expect(g.cashGamma[0] / (100 * dollarGamma1pct(s.gamma, scale * 70000))).toBeCloseTo(1, 12);
  });

  it('the deterministic limit (vol 0) and zero weights', () => {
    const g = bsGreeksGrid(
      { type: 'call', strike: 100, tau: 1, rate: 0, divYield: 0, vol: 0, weight: new Float64Array([2, 0]) },
      new Float64Array([90, 100, 110]),
    );
    expect(Array.from(g.price)).toEqual([0, 0, 20]);
    expect(Array.from(g.delta)).toEqual([0, 1, 2]); // ½ step at the forward, times weight 2
    expect(Array.from(g.gamma)).toEqual([0, 0, 0]);
  });

  it('rows [from, to) split the book: partial sums add up to the whole', () => {
    const opts = book(
      Array.from({ length: 9 }, (_, i) => ({
        type: i % 2 === 0 ? ('call' as const) : ('put' as const),
        strike: 60 + 10 * i,
        tau: 0.1 + 0.2 * i,
        rate: 0.03,
        divYield: 0.01,
        vol: 0.3 + 0.05 * i,
        weight: i - 4,
        scale: 1,
      })),
    );
    const prices = new Float64Array([70, 95, 100, 130]);
    const whole = bsGreeksGrid(opts, prices);
    const a = bsGreeksGrid(opts, prices, undefined, 0, 4);
    const b = bsGreeksGrid(opts, prices, undefined, 4, 9);
    for (let j = 0; j < 4; j++) {
      expect(Math.abs(a.cashGamma[j] + b.cashGamma[j] - whole.cashGamma[j])).toBeLessThanOrEqual(
        1e-13 * (Math.abs(a.cashGamma[j]) + Math.abs(b.cashGamma[j])),
      );
    }
  });

  it('bad options make the sums NaN; bad grid prices and lengths are rejected', () => {
    const g = bsGreeksGrid(
      { type: 'call', strike: new Float64Array([100, Number.NaN]), tau: 1, rate: 0, divYield: 0, vol: 0.2 },
      new Float64Array([100]),
    );
    expect(Number.isNaN(g.price[0]) && Number.isNaN(g.delta[0]) && Number.isNaN(g.cashGamma[0])).toBe(true);
    const opts = { type: 'call' as const, strike: 100, tau: 1, rate: 0, divYield: 0, vol: 0.2 };
    expect(() => bsGreeksGrid(opts, new Float64Array([100, 0]))).toThrow(/grid price 1/);
    expect(() => bsGreeksGrid(opts, new Float64Array([Number.NaN]))).toThrow(RangeError);
    expect(() =>
      bsGreeksGrid({ ...opts, vol: new Float64Array(2), tau: new Float64Array(3) }, new Float64Array([1])),
    ).toThrow(/different lengths/);
  });
});

describe('bsGreeksGrid: the WebAssembly kernel and the JavaScript loop give the same sums bit for bit', () => {
  afterAll(() => setPricingWasm(true));

  /** Every sum of both paths, as [path, column, point, value] where they differ (Object.is). */
  function differences(o: GridOptions, prices: Float64Array, from?: number, to?: number): string[] {
    setPricingWasm(true);
    const w = bsGreeksGrid(o, prices, undefined, from, to);
    expect(pricingWasmStatus()).toBe('wasm');
    setPricingWasm(false);
    const j = bsGreeksGrid(o, prices, undefined, from, to);
    setPricingWasm(true);
    const out: string[] = [];
    for (const k of ['price', 'delta', 'gamma', 'cashGamma'] as const)
      for (let i = 0; i < prices.length; i++)
        if (!Object.is(w[k][i], j[k][i])) out.push(`${k}[${i}] (P=${prices[i]}): ${w[k][i]} vs ${j[k][i]}`);
    return out;
  }

  const opt: fc.Arbitrary<Opt> = fc.record({
    type: fc.constantFrom<OptionType>('call', 'put'),
    strike: fc.double({ min: 20_000, max: 200_000, noNaN: true }),
    // Down to hours: tiny σ√τ puts most of a wide grid in Cody's third interval and past the Gaussian's underflow.
    tau: fc.oneof(
      fc.double({ min: 1e-4, max: 0.01, noNaN: true }),
      fc.double({ min: 0.01, max: 3, noNaN: true }),
    ),
    rate: fc.double({ min: -0.02, max: 0.1, noNaN: true }),
    divYield: fc.double({ min: -0.02, max: 0.1, noNaN: true }),
    vol: fc.oneof(fc.constant(0), fc.double({ min: 0.05, max: 2, noNaN: true })),
    weight: fc.oneof(fc.constant(0), fc.double({ min: -1e4, max: 1e4, noNaN: true })),
    scale: fc.oneof(fc.constant(1), fc.double({ min: 1e-4, max: 2, noNaN: true })),
  });

  it('on random books and grids, odd and even lengths (fresh seed each run)', () => {
    fc.assert(
      fc.property(
        fc.array(opt, { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1, max: 301 }),
        fc.double({ min: 0.05, max: 0.9, noNaN: true }),
        (opts, m, low) => {
          const prices = Float64Array.from({ length: m }, (_, i) => 70_000 * (low + ((2 - low) * i) / m));
          expect(differences(book(opts), prices)).toEqual([]);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('across the kernel’s chunks of options and prices, with constant columns, bad options and [from, to)', () => {
    let seed = Math.floor(Math.random() * 2 ** 31) || 1;
    const rand = () => {
      seed = (seed * 48271) % 2147483647;
      return seed / 2147483647;
    };
    const n = 9_001;
    const o: GridOptions = {
      type: Int8Array.from({ length: n }, () => (rand() < 0.5 ? 1 : -1)),
      strike: Float64Array.from({ length: n }, () => 70_000 * Math.exp(rand() - 0.5)),
      tau: Float64Array.from({ length: n }, () => (rand() < 0.1 ? 1 / 365 / 24 : 2 * rand())),
      rate: 0.04,
      divYield: 0,
      vol: Float64Array.from({ length: n }, () => (rand() < 0.02 ? 0 : 0.2 + rand())),
      weight: Float64Array.from({ length: n }, () => (rand() < 0.05 ? 0 : 200 * (rand() - 0.5))),
    };
    // 4,097 prices: one full chunk of the kernel and one more price.
    const prices = Float64Array.from({ length: 4_097 }, (_, i) => 30_000 + 30 * i);
    expect(differences(o, prices)).toEqual([]);
    expect(differences(o, prices, 4_000, 8_500)).toEqual([]);
    const bad = {
      ...o,
      vol: Float64Array.from(o.vol as Float64Array, (v, i) => (i === 5_000 ? Number.NaN : v)),
    };
    expect(differences(bad, prices.subarray(0, 101))).toEqual([]);
    expect(Number.isNaN(bsGreeksGrid(bad, prices.subarray(0, 3)).price[0])).toBe(true);
  });
});
