import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bsGreeks } from './blackScholes.js';
import { type BsBatchColumns, bsGreeksBatch } from './bsGreeksBatch.js';
import { bsPriceDeltaGammaBatch } from './priceDeltaGammaBatch.js';
import type { OptionType } from './types.js';
import { pricingWasmStatus, setPricingWasm } from './wasmKernel.js';

/*
 * The stated bound of the batch kernels is the strictest one: every value equals the scalar bsGreeks bit
 * for bit (Object.is, so NaN equals NaN and 0 differs from -0). fast-check draws a fresh seed on every run
 * (it prints the seed and the shrunk counterexample on failure). Both paths are held to it: the WebAssembly
 * kernels (the default where WebAssembly runs) and the JavaScript loops (setPricingWasm(false)).
 */

interface Row {
  type: OptionType;
  spot: number;
  strike: number;
  tau: number;
  rate: number;
  divYield: number;
  vol: number;
}

function columns(rows: readonly Row[]): BsBatchColumns {
  return {
    type: Int8Array.from(rows, (r) => (r.type === 'call' ? 1 : -1)),
    spot: Float64Array.from(rows, (r) => r.spot),
    strike: Float64Array.from(rows, (r) => r.strike),
    tau: Float64Array.from(rows, (r) => r.tau),
    rate: Float64Array.from(rows, (r) => r.rate),
    divYield: Float64Array.from(rows, (r) => r.divYield),
    vol: Float64Array.from(rows, (r) => r.vol),
  };
}

const GREEK_KEYS = ['price', 'delta', 'gamma', 'vega', 'theta', 'vanna', 'volga', 'charm'] as const;

/** Rows where a batch value is not the scalar value bit for bit, as readable strings. */
function mismatches(rows: readonly Row[]): string[] {
  const c = columns(rows);
  const pdg = bsPriceDeltaGammaBatch(c);
  const all = bsGreeksBatch(c);
  const bad: string[] = [];
  rows.forEach((r, i) => {
    const s = bsGreeks(r);
    for (const k of ['price', 'delta', 'gamma'] as const) {
      if (!Object.is(pdg[k][i], s[k])) bad.push(`pdg ${k} row ${JSON.stringify(r)}: ${pdg[k][i]} vs ${s[k]}`);
    }
    for (const k of GREEK_KEYS) {
      if (!Object.is(all[k][i], s[k])) bad.push(`all ${k} row ${JSON.stringify(r)}: ${all[k][i]} vs ${s[k]}`);
    }
  });
  return bad;
}

const wideRow: fc.Arbitrary<Row> = fc.record({
  type: fc.constantFrom<OptionType>('call', 'put'),
  spot: fc.double({ min: 1e-6, max: 1e9, noNaN: true }),
  strike: fc.double({ min: 1e-6, max: 1e9, noNaN: true }),
  tau: fc.oneof(fc.double({ min: 0, max: 50, noNaN: true }), fc.double({ min: 0, max: 1e-6, noNaN: true })),
  rate: fc.double({ min: -0.2, max: 0.5, noNaN: true }),
  divYield: fc.double({ min: -0.2, max: 0.5, noNaN: true }),
  vol: fc.oneof(fc.double({ min: 0, max: 5, noNaN: true }), fc.double({ min: 0, max: 1e-6, noNaN: true })),
});

/** Near the money, where every branch of Cody's erfc is visited by d1 and d2. */
const nearRow: fc.Arbitrary<Row> = fc
  .record({
    type: fc.constantFrom<OptionType>('call', 'put'),
    spot: fc.double({ min: 1, max: 1e5, noNaN: true }),
    logMoneyness: fc.double({ min: -3, max: 3, noNaN: true }),
    tau: fc.double({ min: 1e-4, max: 5, noNaN: true }),
    rate: fc.double({ min: -0.05, max: 0.2, noNaN: true }),
    divYield: fc.double({ min: -0.05, max: 0.2, noNaN: true }),
    vol: fc.double({ min: 0.01, max: 3, noNaN: true }),
  })
  .map((a) => ({ ...a, strike: a.spot * Math.exp(a.logMoneyness) }));

describe.each(['wasm', 'js'] as const)(
  'bsPriceDeltaGammaBatch and bsGreeksBatch (%s path) equal bsGreeks bit for bit',
  (path) => {
    beforeAll(() => setPricingWasm(path === 'wasm'));
    afterAll(() => setPricingWasm(true));

    it('runs on the path under test', () => {
      bsPriceDeltaGammaBatch({
        type: 'call',
        spot: 100,
        strike: 100,
        tau: 1,
        rate: 0,
        divYield: 0,
        vol: 0.2,
      });
      expect(pricingWasmStatus()).toBe(path);
    });

    it('on a wide random grid (fresh seed each run)', () => {
      fc.assert(
        fc.property(fc.array(wideRow, { minLength: 1, maxLength: 64 }), (rows) => {
          expect(mismatches(rows)).toEqual([]);
        }),
        { numRuns: 300 },
      );
    });

    it('near the money, over every branch of the normal CDF', () => {
      fc.assert(
        fc.property(fc.array(nearRow, { minLength: 1, maxLength: 64 }), (rows) => {
          expect(mismatches(rows)).toEqual([]);
        }),
        { numRuns: 300 },
      );
    });

    it('at the edges: tau → 0, vol → 0, deep in and out of the money, NaN and invalid rows', () => {
      const base: Row = {
        type: 'call',
        spot: 100,
        strike: 100,
        tau: 0.5,
        rate: 0.03,
        divYield: 0.01,
        vol: 0.4,
      };
      const rows: Row[] = [];
      for (const type of ['call', 'put'] as const) {
        for (const tau of [0, 1e-300, 1e-200, 1e-12, 1e-6, 1 / 365, 0.5, 30])
          rows.push({ ...base, type, tau });
        for (const vol of [0, 1e-300, 1e-102, 1e-98, 1e-9, 0.4, 10]) rows.push({ ...base, type, vol });
        // Deep ITM / OTM: price tails down to underflow, Φ in its 1/x² interval (|d| > 4·√2).
        for (const strike of [1e-6, 1, 20, 50, 99.999, 100.001, 200, 1e3, 1e6, 1e12]) {
          rows.push({ ...base, type, strike }, { ...base, type, strike, vol: 0.05, tau: 0.01 });
        }
        // Exactly at the forward when vol = 0: delta is the discounted ½ step.
        rows.push({ ...base, type, rate: 0.01, divYield: 0.01, vol: 0 });
        for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, -1, 0]) {
          rows.push({ ...base, type, spot: bad }, { ...base, type, strike: bad });
        }
        for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, -1]) {
          rows.push({ ...base, type, tau: bad }, { ...base, type, vol: bad });
        }
        for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
          rows.push({ ...base, type, rate: bad }, { ...base, type, divYield: bad });
        }
        // Extreme carry: a discount factor that underflows.
        rows.push({ ...base, type, rate: 20, tau: 40 }, { ...base, type, divYield: 20, tau: 40 });
      }
      expect(mismatches(rows)).toEqual([]);
      // The edge rows are not all NaN or all zero: the comparison above has content.
      const pdg = bsPriceDeltaGammaBatch(columns(rows));
      expect(pdg.price.filter((x) => x > 0).length).toBeGreaterThan(40);
      expect(pdg.price.filter((x) => Number.isNaN(x)).length).toBeGreaterThan(20);
    });

    it('in pairs whose lanes sit on every branch boundary of the two-row kernel, in shuffled order', () => {
      const rows = boundaryRows();
      // Each boundary row beside each kind of neighbour: a plain row, another boundary row, an invalid row,
      // at even and odd positions (the WebAssembly kernel takes rows two by two).
      const plain: Row = {
        type: 'put',
        spot: 100,
        strike: 90,
        tau: 0.7,
        rate: 0.02,
        divYield: 0.01,
        vol: 0.5,
      };
      const invalid: Row = { ...plain, vol: Number.NaN };
      const laid: Row[] = [];
      for (const r of rows) laid.push(r, plain, r, invalid, plain, r);
      let seed = Math.floor(Math.random() * 2 ** 31) || 1;
      const shuffled = [...rows];
      for (let i = shuffled.length - 1; i > 0; i--) {
        seed = (seed * 48271) % 2147483647;
        const j = seed % (i + 1);
        [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
      }
      expect(mismatches(laid)).toEqual([]);
      expect(mismatches(shuffled)).toEqual([]);
      expect(mismatches([plain, ...shuffled])).toEqual([]);
    });
  },
);

/** The next double above (dir 1) or below (dir -1) x. */
function nextDouble(x: number, dir: 1 | -1): number {
  if (x === 0) return dir * Number.MIN_VALUE;
  const b = new DataView(new ArrayBuffer(8));
  b.setFloat64(0, x);
  b.setBigInt64(0, b.getBigInt64(0) + BigInt(x > 0 === dir > 0 ? 1 : -1));
  return b.getFloat64(0);
}

/** x and its neighbours two doubles either side. */
function around(x: number): number[] {
  const up = nextDouble(x, 1);
  const down = nextDouble(x, -1);
  return [nextDouble(down, -1), down, x, up, nextDouble(up, 1)];
}

/** The double whose high 32 bits are `hi` and low 32 bits zero (fdlibm compares high words). */
function fromHighWord(hi: number): number {
  const b = new DataView(new ArrayBuffer(8));
  b.setUint32(0, hi);
  b.setUint32(4, 0);
  return b.getFloat64(0);
}

/**
 * Rows that put the exponent of a discount factor, d²/2, |d|/√2 or S/K on the thresholds where fdlibm's exp
 * and log, Cody's erfc and the two-row kernel's hand-over to the scalar kernel change branch.
 */
function boundaryRows(): Row[] {
  // S/K = 100/97: not near a power of two, so a pair leaves the two-row kernel only for the edge under test.
  const base: Row = { type: 'call', spot: 100, strike: 97, tau: 1, rate: 0, divYield: 0, vol: 0.3 };
  const rows: Row[] = [];
  // Exponents of e^(−q·τ), e^(−r·τ) with τ = 1: fdlibm's no-reduction / ±ln 2 / k·ln 2 limits, 2⁻²⁸, ±707.
  const expEdges = [
    fromHighWord(0x3fd62e43),
    fromHighWord(0x3fd62e42),
    fromHighWord(0x3ff0a2b2),
    fromHighWord(0x3e300000),
    Math.LN2 / 2,
    1.5 * Math.LN2,
    707,
    708.5,
    709.2,
    709.7,
    709.79,
    720,
    745.1,
  ];
  for (const e of expEdges) {
    for (const x of around(e)) {
      for (const type of ['call', 'put'] as const) {
        // r = q keeps d1 near the money, so the pair stays in the two-row kernel unless the exponent leaves it.
        rows.push(
          { ...base, type, rate: x, divYield: x },
          { ...base, type, rate: -x, divYield: -x, strike: 95 },
        );
        rows.push(
          { ...base, type, divYield: x, rate: x / 2, strike: 110 },
          { ...base, type, rate: -x, divYield: 0 },
        );
      }
    }
  }
  rows.push({ ...base, divYield: 0 }, { ...base, divYield: -0 }, { ...base, rate: -0, divYield: 1e-300 });
  // d1 on a target: with r = q = 0 and τ = 1, d1 = ln(S/K)/σ + σ/2, so K = S·e^(−(d1 − σ/2)·σ).
  const sigma = 0.25;
  const dEdges = [
    0,
    2 ** -15,
    Math.sqrt(2 * fromHighWord(0x3fd62e43)),
    Math.sqrt(2 * fromHighWord(0x3ff0a2b2)),
    0.46875 * Math.SQRT2,
    0.46875 * Math.SQRT2 + sigma,
    4 * Math.SQRT2,
    4 * Math.SQRT2 + sigma,
    Math.sqrt(2 * 707),
    Math.sqrt(2 * 707) + sigma,
  ];
  for (const d of dEdges) {
    for (const sd of [d, -d]) {
      for (const k of [-2, -1, 0, 1, 2]) {
        const strike = base.spot * Math.exp(-(sd - sigma / 2) * sigma) * (1 + k * 2 ** -50);
        for (const type of ['call', 'put'] as const) rows.push({ ...base, type, vol: sigma, strike });
      }
    }
  }
  // S/K at and around powers of two (fdlibm log's |f| < 2⁻²⁰ branch), and just outside it.
  for (const ratio of [1, 2, 0.5, 1024, 2 ** -10]) {
    for (const rel of [
      0,
      2 ** -52,
      -(2 ** -53),
      2 ** -40,
      -(2 ** -40),
      2 ** -30,
      -(2 ** -30),
      2 ** -25,
      -(2 ** -25),
      2 ** -21,
      -(2 ** -21),
      2 ** -19,
      -(2 ** -19),
    ]) {
      rows.push(
        { ...base, strike: base.spot / (ratio * (1 + rel)) },
        { ...base, type: 'put', spot: base.strike * ratio * (1 + rel) },
      );
    }
  }
  // S/K that underflows or overflows (ln of 0 or ∞ in the lanes).
  rows.push({ ...base, spot: 1e-300, strike: 1e300 }, { ...base, spot: 1e300, strike: 1e-300 });
  return rows;
}

describe('WebAssembly and JavaScript paths', () => {
  afterAll(() => setPricingWasm(true));

  it('agree bit for bit over several chunks, with constant and array columns mixed', () => {
    // 10,007 rows: two full 4,096-row chunks of the kernel and a partial one.
    const n = 10_007;
    let seed = Math.floor(Math.random() * 2 ** 31);
    const rand = () => {
      seed = (seed * 48271) % 2147483647;
      return seed / 2147483647;
    };
    const cols: BsBatchColumns = {
      type: Int8Array.from({ length: n }, () => (rand() < 0.5 ? 1 : -1)),
      spot: 100,
      strike: Float64Array.from({ length: n }, () => 100 * Math.exp(4 * (rand() - 0.5))),
      tau: Float64Array.from({ length: n }, () => (rand() < 0.05 ? 0 : 3 * rand() ** 2)),
      rate: 0.04,
      divYield: Float64Array.from({ length: n }, () => 0.05 * rand()),
      vol: Float64Array.from({ length: n }, () => (rand() < 0.05 ? Number.NaN : 2 * rand())),
    };
    setPricingWasm(true);
    const w = bsPriceDeltaGammaBatch(cols);
    const wg = bsGreeksBatch(cols);
    expect(pricingWasmStatus()).toBe('wasm');
    setPricingWasm(false);
    const j = bsPriceDeltaGammaBatch(cols);
    const jg = bsGreeksBatch(cols);
    let differ = 0;
    for (let i = 0; i < n; i++) {
      for (const k of ['price', 'delta', 'gamma'] as const) if (!Object.is(w[k][i], j[k][i])) differ++;
      for (const k of GREEK_KEYS) if (!Object.is(wg[k][i], jg[k][i])) differ++;
    }
    expect(differ).toBe(0);
    expect(w.price.filter((x) => x > 0).length).toBeGreaterThan(n / 2);
  });
});

describe('batch columns', () => {
  it('a constant column (number, type string) equals the same value repeated', () => {
    const strike = new Float64Array([80, 95, 100, 105, 130]);
    const n = strike.length;
    const constant = bsPriceDeltaGammaBatch({
      type: 'put',
      spot: 100,
      strike,
      tau: 0.25,
      rate: 0.04,
      divYield: 0.0,
      vol: 0.6,
    });
    const full = bsPriceDeltaGammaBatch({
      type: new Int8Array(n).fill(-1),
      spot: new Float64Array(n).fill(100),
      strike,
      tau: new Float64Array(n).fill(0.25),
      rate: new Float64Array(n).fill(0.04),
      divYield: new Float64Array(n).fill(0),
      vol: new Float64Array(n).fill(0.6),
    });
    expect(Array.from(constant.price)).toEqual(Array.from(full.price));
    expect(Array.from(constant.gamma)).toEqual(Array.from(full.gamma));
    // Put delta at K = 100: −e^{−qτ}·Φ(−d1) (Haug 2007, p. 21), hand-evaluated d1 = (0.04·0.25)/0.3 + 0.15.
    const d1 = (0.04 * 0.25) / 0.3 + 0.15;
    const s = bsGreeks({ type: 'put', spot: 100, strike: 100, tau: 0.25, rate: 0.04, divYield: 0, vol: 0.6 });
    expect(constant.delta[2]).toBe(s.delta);
    expect(constant.delta[2]).toBeCloseTo(-0.5 * (1 + erfApprox(-d1 / Math.SQRT2)), 6);
  });

  it('writes into the given outputs and returns them; rejects mismatched lengths and short outputs', () => {
    const out = { price: new Float64Array(3), delta: new Float64Array(3), gamma: new Float64Array(3) };
    const cols = {
      type: 'call' as const,
      spot: 100,
      strike: new Float64Array([90, 100, 110]),
      tau: 1,
      rate: 0,
      divYield: 0,
      vol: 0.2,
    };
    const r = bsPriceDeltaGammaBatch(cols, out);
    expect(r).toBe(out);
    expect(out.price[1]).toBeCloseTo(7.965567455405804, 12); // ATM call, r = q = 0: S·(2Φ(σ√τ/2) − 1)
    expect(() => bsPriceDeltaGammaBatch({ ...cols, vol: new Float64Array(2) })).toThrow(RangeError);
    expect(() => bsPriceDeltaGammaBatch(cols, { price: new Float64Array(2) })).toThrow(RangeError);
    expect(() => bsGreeksBatch({ ...cols, tau: new Float64Array(4) })).toThrow(RangeError);
  });

  it('an invalid type string or sign gives NaN rows', () => {
    const r = bsPriceDeltaGammaBatch({
      type: new Int8Array([1, 0, -1, 2]),
      spot: 100,
      strike: 100,
      tau: 1,
      rate: 0,
      divYield: 0,
      vol: 0.2,
    });
    expect(Array.from(r.price, Number.isNaN)).toEqual([false, true, false, true]);
    const bad = bsPriceDeltaGammaBatch({
      type: 'straddle' as OptionType,
      spot: 100,
      strike: new Float64Array([100]),
      tau: 1,
      rate: 0,
      divYield: 0,
      vol: 0.2,
    });
    expect(Number.isNaN(bad.delta[0])).toBe(true);
  });
});

/** Abramowitz & Stegun 7.1.26 (|error| ≤ 1.5e-7): an independent check of the hand-computed delta. */
function erfApprox(x: number): number {
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-x * x);
  return x < 0 ? -y : y;
}
