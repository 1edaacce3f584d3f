import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { barrierPrice } from './barrier.js';
import { bsPrice } from './blackScholes.js';
import { type DoubleBarrierInput, doubleBarrierPrice } from './doubleBarrier.js';
import type { OptionType } from './types.js';

interface Row {
  barrierType: 'KnockOut' | 'KnockIn';
  optionType: OptionType;
  L: number;
  U: number;
  K: number;
  S: number;
  q: number;
  r: number;
  T: number;
  vol: number;
  expected: number;
  tolerance: number;
}

const table = JSON.parse(
  readFileSync(
    new URL('../../test/fixtures/reference/pricing/double_barrier_haug.json', import.meta.url),
    'utf8',
  ),
) as { rows: Row[] };

const fromRow = (r: Row): DoubleBarrierInput => ({
  type: r.optionType,
  kind: r.barrierType === 'KnockOut' ? 'knock-out' : 'knock-in',
  spot: r.S,
  strike: r.K,
  lower: r.L,
  upper: r.U,
  tau: r.T,
  rate: r.r,
  divYield: r.q,
  vol: r.vol,
});

function near(actual: number, expected: number, tol: number, context: unknown): void {
  if (!(Math.abs(actual - expected) <= tol)) {
    throw new Error(`|${actual} - ${expected}| > ${tol} for ${JSON.stringify(context)}`);
  }
}

describe('doubleBarrierPrice: Haug (2007) p. 158 table via QuantLib testEuropeanHaugValues', () => {
  it('has the whole table', () => expect(table.rows.length).toBe(90));
  it.each(table.rows.map((r) => [JSON.stringify(r), r] as const))('%s', (_, row) => {
    near(doubleBarrierPrice(fromRow(row)), row.expected, row.tolerance, row);
  });
});

const base = { spot: 100, tau: 0.75, rate: 0.05, divYield: 0.02, vol: 0.35 };
const grid: DoubleBarrierInput[] = (['call', 'put'] as const).flatMap((type) =>
  [60, 95, 100, 110, 140].flatMap((strike) =>
    [
      [80, 120],
      [50, 105],
      [97, 200],
    ].map(([lower, upper]) => ({ ...base, type, kind: 'knock-out' as const, strike, lower, upper })),
  ),
);

describe('doubleBarrierPrice: relations and limits', () => {
  it('knock-in + knock-out = vanilla', () => {
    for (const p of grid) {
      const sum = doubleBarrierPrice(p) + doubleBarrierPrice({ ...p, kind: 'knock-in' });
      near(sum, bsPrice(p), 1e-12 * 100, p);
    }
  });

  it('a far upper barrier gives the single down-and-out; a far lower one the up-and-out (Haug 4.17.1)', () => {
    for (const p of grid) {
      const down = barrierPrice({ ...p, kind: 'down-out', barrier: p.lower });
      near(doubleBarrierPrice({ ...p, upper: 1e6 }), down, 1e-9, { p, down });
      const up = barrierPrice({ ...p, kind: 'up-out', barrier: p.upper });
      near(doubleBarrierPrice({ ...p, lower: 1e-6 }), up, 1e-9, { p, up });
    }
  });

  it('widening the corridor never lowers a knock-out', () => {
    for (const p of grid) {
      let prev = -1;
      for (const w of [1.01, 1.05, 1.2, 1.5, 2, 4, 10]) {
        const v = doubleBarrierPrice({ ...p, lower: 100 / w, upper: 100 * w });
        expect(v, JSON.stringify({ p, w, v, prev })).toBeGreaterThanOrEqual(prev - 1e-12);
        prev = v;
      }
    }
  });

  it('touched, tau = 0, vol = 0 and huge vol', () => {
    const p: DoubleBarrierInput = {
      ...base,
      type: 'call',
      kind: 'knock-out',
      strike: 100,
      lower: 90,
      upper: 130,
    };
    expect(doubleBarrierPrice({ ...p, spot: 90 })).toBe(0);
    expect(doubleBarrierPrice({ ...p, spot: 130, kind: 'knock-in' })).toBe(bsPrice({ ...p, spot: 130 }));
    expect(doubleBarrierPrice({ ...p, spot: 110, tau: 0 })).toBe(10);
    expect(doubleBarrierPrice({ ...p, spot: 110, tau: 0, kind: 'knock-in' })).toBe(0);
    // vol = 0: forward 110·e^{0.03·0.75} stays inside, pays the discounted forward intrinsic value.
    near(
      doubleBarrierPrice({ ...p, spot: 110, vol: 0 }),
      110 * Math.exp(-0.015) - 100 * Math.exp(-0.0375),
      1e-12,
      p,
    );
    expect(doubleBarrierPrice({ ...p, spot: 128, vol: 0, tau: 10 })).toBe(0);
    near(
      doubleBarrierPrice({ ...p, spot: 110, vol: 1e-9 }),
      doubleBarrierPrice({ ...p, spot: 110, vol: 0 }),
      1e-6,
      p,
    );
    expect(doubleBarrierPrice({ ...p, vol: 50 })).toBe(0);
    near(doubleBarrierPrice({ ...p, vol: 5 }), 0, 1e-12, p);
  });

  it('NaN outside the domain', () => {
    const p: DoubleBarrierInput = {
      ...base,
      type: 'call',
      kind: 'knock-out',
      strike: 100,
      lower: 90,
      upper: 130,
    };
    for (const bad of [
      { lower: 130, upper: 90 },
      { lower: 0 },
      { upper: Number.POSITIVE_INFINITY },
      { spot: -1 },
      { vol: -0.1 },
      { tau: Number.NaN },
      { kind: 'sideways' },
      { type: 'straddle' },
    ]) {
      expect(doubleBarrierPrice({ ...p, ...bad } as DoubleBarrierInput), JSON.stringify(bad)).toBeNaN();
    }
  });

  it('property: finite, between 0 and the vanilla', () => {
    fc.assert(
      fc.property(
        fc.record({
          type: fc.constantFrom<OptionType>('call', 'put'),
          kind: fc.constantFrom<DoubleBarrierInput['kind']>('knock-out', 'knock-in'),
          spot: fc.double({ min: 1, max: 1000, noNaN: true }),
          strikeRatio: fc.double({ min: 0.2, max: 5, noNaN: true }),
          lowerRatio: fc.double({ min: 0.01, max: 1.2, noNaN: true }),
          widthRatio: fc.double({ min: 1.0001, max: 50, noNaN: true }),
          tau: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 10, noNaN: true })),
          rate: fc.double({ min: -0.05, max: 0.2, noNaN: true }),
          divYield: fc.double({ min: -0.05, max: 0.2, noNaN: true }),
          vol: fc.oneof(fc.constantFrom(0, 1e-8), fc.double({ min: 0, max: 4, noNaN: true })),
        }),
        (x) => {
          const p: DoubleBarrierInput = {
            type: x.type,
            kind: x.kind,
            spot: x.spot,
            strike: x.spot * x.strikeRatio,
            lower: x.spot * x.lowerRatio,
            upper: x.spot * x.lowerRatio * x.widthRatio,
            tau: x.tau,
            rate: x.rate,
            divYield: x.divYield,
            vol: x.vol,
          };
          const v = doubleBarrierPrice(p);
          const ctx = JSON.stringify({ p, v });
          expect(Number.isFinite(v), ctx).toBe(true);
          expect(v, ctx).toBeGreaterThanOrEqual(-1e-9 * p.spot);
          expect(v, ctx).toBeLessThanOrEqual(bsPrice(p) + 1e-9 * p.spot);
        },
      ),
      { numRuns: 2000, seed: 20260205 },
    );
  });
});
