import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PerpCohorts } from '../data/models/perpCohorts.js';
import { InvalidInputError } from '../errors.js';
import { priceGrid } from './btcAxis.js';
import {
  liquidatedBetween,
  liquidationLadder,
  liquidationPrice,
  liquidationPrices,
  type PerpCohortRow,
} from './liquidations.js';

describe('liquidation price', () => {
  it('by hand, simple form (default MMR 0.5 %)', () => {
    // long: 70000·(1 − 1/10 + 0.005) = 70000·0.905; short: 70000·(1 + 1/20 − 0.005) = 70000·1.045
    expect(liquidationPrice('long', 70000, 10)).toBeCloseTo(63350, 9);
    expect(liquidationPrice('short', 70000, 20)).toBeCloseTo(73150, 9);
    expect(liquidationPrice('long', 70000, 10, 0.01)).toBeCloseTo(63700, 9);
    // 1x long: only the maintenance margin separates it from 0
    expect(liquidationPrice('long', 70000, 1)).toBeCloseTo(350, 9);
  });

  it('by hand, Binance isolated form: long EP(1 − 1/L)/(1 − MMR), short EP(1 + 1/L)/(1 + MMR)', () => {
    expect(liquidationPrice('long', 70000, 10, 0.005, 'isolated')).toBeCloseTo(63000 / 0.995, 9); // 63316.58
    expect(liquidationPrice('short', 70000, 20, 0.005, 'isolated')).toBeCloseTo(73500 / 1.005, 9); // 73134.33
    expect(liquidationPrice('long', 70000, 1, 0.005, 'isolated')).toBe(0);
    // The simple form drops the MMR/L and MMR² terms of the isolated one: EP(1 − 1/L)(1 + MMR + MMR² ...).
    const a = liquidationPrice('long', 70000, 25, 1e-4, 'isolated');
    const b = liquidationPrice('long', 70000, 25, 1e-4);
    expect(Math.abs((a - b) / 70000 + 1e-4 / 25)).toBeLessThan(2e-8);
  });

  it('kernel gives NaN for bad input; the row API throws naming the row', () => {
    expect(liquidationPrice('long', -1, 10)).toBeNaN();
    expect(liquidationPrice('long', 70000, 0)).toBeNaN();
    expect(liquidationPrice('long', 70000, 10, 1)).toBeNaN();
    const rows: PerpCohortRow[] = [
      { side: 'long', entry_price: 70000, leverage: 10, notional_usd: 1 },
      { side: 'long', entry_price: 70000, leverage: Number.NaN, notional_usd: 1 },
    ];
    expect(() => liquidationPrices(rows)).toThrow(/row 1: leverage = NaN/);
    expect(() => liquidationPrices(rows.slice(0, 1), { maintenanceMarginRate: -0.1 })).toThrow(
      InvalidInputError,
    );
  });

  it('longs sit below entry and move up with leverage; shorts mirror', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1000, max: 200000, noNaN: true }),
        fc.double({ min: 1.5, max: 100, noNaN: true }),
        // An opening margin 1/L above the maintenance rate (otherwise the position could not be opened).
        fc.double({ min: 0, max: 0.0099, noNaN: true }),
        (ep, lev, mmr) => {
          const l1 = liquidationPrice('long', ep, lev, mmr);
          const l2 = liquidationPrice('long', ep, lev * 1.5, mmr);
          const s1 = liquidationPrice('short', ep, lev, mmr);
          const s2 = liquidationPrice('short', ep, lev * 1.5, mmr);
          return l1 < ep && l2 > l1 && s1 > ep && s2 < s1;
        },
      ),
    );
  });
});

describe('liquidation ladder', () => {
  // spot 72000, grid 60k..80k by 5k, MMR 0.5 %, simple form:
  const cohorts: PerpCohortRow[] = [
    { side: 'long', entry_price: 70000, leverage: 10, notional_usd: 1e6 }, // A: 63350
    { side: 'long', entry_price: 72000, leverage: 5, notional_usd: 2e6 }, // B: 57960, below the grid
    { side: 'long', entry_price: 75000, leverage: 20, notional_usd: 3e6 }, // C: 71625
    { side: 'short', entry_price: 70000, leverage: 20, notional_usd: 4e6 }, // D: 73150
    { side: 'short', entry_price: 72000, leverage: 10, notional_usd: 5e6 }, // E: 78840
    { side: 'short', entry_price: 65000, leverage: 50, notional_usd: 6e6 }, // F: 65975, stale at 72000
    { side: 'long', entry_price: 80000, leverage: 20, notional_usd: 7e6 }, // G: 76400, stale at 72000
  ];
  const liqs = liquidationPrices(cohorts);
  const grid = [60000, 65000, 70000, 75000, 80000];

  it('liquidation prices by hand', () => {
    const expected = [63350, 57960, 71625, 73150, 78840, 65975, 76400];
    for (const [i, l] of liqs.entries())
      expect(l.liquidationPrice, `cohort ${i}`).toBeCloseTo(expected[i], 8);
  });

  it('buckets, cumulatives from spot and stale cohorts', () => {
    const lad = liquidationLadder(liqs, 72000, grid);
    expect(Array.from(lad.longByBucket)).toEqual([1e6, 0, 3e6, 7e6]);
    expect(Array.from(lad.shortByBucket)).toEqual([0, 6e6, 4e6, 5e6]);
    expect(lad.outsideGrid).toEqual({ longBelow: 2e6, longAbove: 0, shortBelow: 0, shortAbove: 0 });
    // falling to 60k liquidates A and C; to 65k and 70k only C
    expect(Array.from(lad.cumLongToLevel)).toEqual([4e6, 3e6, 3e6, 0, 0]);
    // rising to 75k liquidates D; to 80k D and E
    expect(Array.from(lad.cumShortToLevel)).toEqual([0, 0, 0, 4e6, 9e6]);
    expect(lad.staleAtSpot).toEqual({ longUsd: 7e6, shortUsd: 6e6 });
  });

  it('notional liquidated between two prices (e.g. a close to the next day low)', () => {
    expect(liquidatedBetween(liqs, 73172, 60000)).toEqual({
      fromPrice: 73172,
      toPrice: 60000,
      longUsd: 4e6,
      shortUsd: 0,
      totalUsd: 4e6,
      cohorts: 2,
    });
    expect(liquidatedBetween(liqs, 72000, 80000).shortUsd).toBe(9e6);
    expect(liquidatedBetween(liqs, 72000, 72000).totalUsd).toBe(0);
    expect(() => liquidatedBetween(liqs, 0, 1)).toThrow(/fromPrice/);
  });

  it('cumulatives agree with liquidatedBetween from spot and are monotone', () => {
    const cohortArb = fc.record({
      side: fc.constantFrom('long' as const, 'short' as const),
      entry_price: fc.double({ min: 40000, max: 110000, noNaN: true }),
      leverage: fc.double({ min: 1, max: 125, noNaN: true }),
      notional_usd: fc.integer({ min: 0, max: 1e9 }),
    });
    fc.assert(
      fc.property(
        fc.array(cohortArb, { maxLength: 40 }),
        fc.double({ min: 50000, max: 100000, noNaN: true }),
        (rows, spot) => {
          const ls = liquidationPrices(rows);
          const g = priceGrid(30000, 130000, 51);
          const lad = liquidationLadder(ls, spot, g);
          for (let k = 0; k < g.length; k++) {
            if (k > 0 && lad.cumLongToLevel[k] > lad.cumLongToLevel[k - 1]) return false;
            if (k > 0 && lad.cumShortToLevel[k] < lad.cumShortToLevel[k - 1]) return false;
            const between = liquidatedBetween(ls, spot, g[k]);
            if (g[k] < spot && between.longUsd !== lad.cumLongToLevel[k]) return false;
            if (g[k] > spot && between.shortUsd !== lad.cumShortToLevel[k]) return false;
          }
          return true;
        },
      ),
      { numRuns: 100 },
    );
  });

  it('accepts rows of the perp_cohorts model', () => {
    const row: PerpCohorts = {
      as_of: '2026-02-04T21:00:00Z',
      venue: 'binance',
      symbol: 'BTCUSDT',
      side: 'long',
      entry_price: 70000,
      leverage: 10,
      notional_usd: 1e6,
      source: 'test',
      quality: 'reconstructed',
    };
    expect(liquidationPrices([row])[0].liquidationPrice).toBeCloseTo(63350, 9);
  });
});
