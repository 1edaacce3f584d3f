import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BsGridBook, bsGammaGrid } from '../pricing/bsGrid.js';
import { bsGreeksGrid, type GridOptions } from '../pricing/greeksGrid.js';
import { bsPriceDeltaGammaBatch } from '../pricing/priceDeltaGammaBatch.js';
import { PricingPool, sharedFloat64, sharedInt8 } from './pricingPool.js';

/*
 * Correctness of the pooled results, not their speed (that lives in `npm run bench`). The workers run the
 * TypeScript sources through a small loader (test/setup/tsWorkerLoader.mjs); the built package runs
 * dist/parallel/pricingWorker.js directly.
 */

const LOADER = ['--import', new URL('../../test/setup/tsWorkerLoader.mjs', import.meta.url).href];

/** A deterministic pseudo-random sequence (an LCG is enough to spread test rows). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

function rows(n: number, shared: boolean, seed: number) {
  const f = shared ? sharedFloat64 : (k: number) => new Float64Array(k);
  const rnd = lcg(seed);
  const type = shared ? sharedInt8(n) : new Int8Array(n);
  const strike = f(n);
  const tau = f(n);
  const vol = f(n);
  for (let i = 0; i < n; i++) {
    type[i] = rnd() < 0.5 ? 1 : -1;
    strike[i] = 50 + 100 * rnd();
    tau[i] = i % 997 === 0 ? 0 : rnd() * 2; // some expired rows
    vol[i] = i % 1009 === 0 ? Number.NaN : 0.1 + rnd(); // some invalid rows
  }
  return { type, spot: 100, strike, tau, rate: 0.03, divYield: 0.01, vol };
}

describe('PricingPool', () => {
  let pool: PricingPool;
  beforeAll(() => {
    pool = new PricingPool({ threads: 3, minParallelRows: 1000, execArgv: LOADER });
  });
  afterAll(async () => {
    await pool.close();
  });

  it('priceDeltaGamma equals the single-thread batch bit for bit (shared and ordinary columns)', async () => {
    for (const shared of [true, false]) {
      const c = rows(25_001, shared, shared ? 1 : 2);
      const single = bsPriceDeltaGammaBatch(c);
      const pooled = await pool.priceDeltaGamma(c);
      for (const k of ['price', 'delta', 'gamma'] as const) {
        expect(pooled[k].length).toBe(single[k].length);
        let diff = 0;
        for (let i = 0; i < single[k].length; i++) if (!Object.is(pooled[k][i], single[k][i])) diff++;
        expect(diff).toBe(0);
      }
      // The rows are not trivial: NaN rows, expired rows and priced rows all occur.
      expect(single.price.some(Number.isNaN)).toBe(true);
      expect(single.price.filter((x) => x > 1).length).toBeGreaterThan(10_000);
    }
  });

  it('writes into caller outputs, shared or not', async () => {
    const c = rows(5000, true, 3);
    const single = bsPriceDeltaGammaBatch(c);
    const out = { price: sharedFloat64(5000), delta: new Float64Array(5000), gamma: new Float64Array(5001) };
    const r = await pool.priceDeltaGamma(c, out);
    expect(r.price).toBe(out.price);
    expect(r.delta).toBe(out.delta);
    expect(Array.from(out.delta)).toEqual(Array.from(single.delta));
    expect(Array.from(out.gamma.subarray(0, 5000))).toEqual(Array.from(single.gamma));
    await expect(pool.priceDeltaGamma(c, { price: new Float64Array(10) })).rejects.toThrow(RangeError);
  });

  it('small inputs run on the calling thread and give the same values', async () => {
    const c = rows(50, false, 4);
    expect(Array.from((await pool.priceDeltaGamma(c)).price)).toEqual(
      Array.from(bsPriceDeltaGammaBatch(c).price),
    );
  });

  it('grids equal the single-thread kernel on the same option slices, summed in slice order', async () => {
    const n = 301;
    const rnd = lcg(5);
    const options: GridOptions = {
      type: Int8Array.from({ length: n }, () => (rnd() < 0.5 ? 1 : -1)),
      strike: Float64Array.from({ length: n }, () => 40000 + 60000 * rnd()),
      tau: Float64Array.from({ length: n }, () => 0.01 + rnd()),
      rate: 0.04,
      divYield: 0,
      vol: Float64Array.from({ length: n }, () => 0.3 + rnd()),
      weight: Float64Array.from({ length: n }, () => Math.round(2000 * rnd() - 1000)),
    };
    const prices = Float64Array.from({ length: 40 }, (_, j) => 40000 + 1500 * j);
    const b = [0, 100, 200, 301]; // floor(n·k/3)
    const g = await pool.greeksGrid(options, prices);
    const parts = [0, 1, 2].map((k) => bsGreeksGrid(options, prices, undefined, b[k], b[k + 1]));
    for (const key of ['price', 'delta', 'gamma', 'cashGamma'] as const) {
      const expected = parts[0][key].map((x, j) => x + parts[1][key][j] + parts[2][key][j]);
      expect(Array.from(g[key])).toEqual(Array.from(expected));
    }
    // And within summation rounding of one single-thread pass.
    const whole = bsGreeksGrid(options, prices);
    prices.forEach((_, j) => {
      expect(Math.abs(g.cashGamma[j] - whole.cashGamma[j])).toBeLessThanOrEqual(
        1e-12 * Math.abs(whole.cashGamma[j]) + 1e-9,
      );
    });
  });

  it('gammaGrid (bsGrid.ts book) equals the single-thread kernel on the same option slices, summed in order', async () => {
    const n = 400;
    const rnd = lcg(7);
    const col = (f: () => number) => Float64Array.from({ length: n }, f);
    const book: BsGridBook = {
      n,
      spot: 70000,
      sign: Int8Array.from({ length: n }, () => (rnd() < 0.5 ? 1 : -1)),
      strike: col(() => 40000 + 60000 * rnd()),
      scale: col(() => (rnd() < 0.5 ? 1 : 0.000568)),
      tau: col(() => 0.01 + rnd()),
      rate: col(() => 0.04),
      divYield: col(() => 0),
      vol: col(() => 0.3 + rnd()),
      units: col(() => Math.round(2000 * rnd() - 1000)),
    };
    const grid = Float64Array.from({ length: 50 }, (_, j) => 40000 + 1500 * j);
    const pooled = await pool.gammaGrid(book, grid);
    const b = [0, 133, 266, 400]; // floor(n·k/3)
    const part = (k: number) => {
      const cut = <T extends Float64Array | Int8Array>(a: T) => a.subarray(b[k], b[k + 1]) as T;
      const sub: BsGridBook = {
        n: b[k + 1] - b[k],
        spot: book.spot,
        sign: cut(book.sign),
        strike: cut(book.strike),
        scale: cut(book.scale),
        tau: cut(book.tau),
        rate: cut(book.rate),
        divYield: cut(book.divYield),
        vol: cut(book.vol),
        units: cut(book.units),
      };
      return bsGammaGrid(sub, grid, new Float64Array(grid.length));
    };
    const [p0, p1, p2] = [part(0), part(1), part(2)];
    expect(Array.from(pooled)).toEqual(Array.from(p0, (x, j) => x + p1[j] + p2[j]));
    const whole = bsGammaGrid(book, grid, new Float64Array(grid.length));
    grid.forEach((_, j) => {
      expect(Math.abs(pooled[j] - whole[j])).toBeLessThanOrEqual(1e-12 * Math.abs(whole[j]) + 1e-6);
    });
    expect(whole.some((x) => Math.abs(x) > 1e3)).toBe(true);
  });

  it('a worker that dies fails the pending request and the pool, instead of hanging', async () => {
    const p = new PricingPool({
      threads: 2,
      minParallelRows: 10,
      execArgv: ['--import', 'data:text/javascript,throw new Error("boom")'],
    });
    await expect(p.priceDeltaGamma(rows(100, false, 8))).rejects.toThrow();
    await expect(p.priceDeltaGamma(rows(100, false, 8))).rejects.toThrow();
    await p.close();
  });

  it('rejects bad pools and use after close', async () => {
    expect(() => new PricingPool({ threads: 0 })).toThrow(RangeError);
    const p = new PricingPool({ threads: 1 });
    await p.close();
    await expect(p.priceDeltaGamma(rows(10, false, 6))).rejects.toThrow(/after close/);
  });
});
