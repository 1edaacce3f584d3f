import { describe, expect, it } from 'vitest';
import { basisUnwind } from './basisUnwind.js';
import { fundDegrossing } from './fundDegrossing.js';
import { fragilityGrid, interpLog } from './grid.js';
import { leveredEtf, rebalanceUsd } from './leveredEtf.js';
import { channelContract } from './testkit/contract.js';
import { testSnapshot } from './testkit/snapshot.js';

channelContract(leveredEtf, { variation: { leverage: { BITX: 3 } } });
channelContract(basisUnwind, { variation: { fraction: 0.5 } });
channelContract(fundDegrossing, { assumptions: { holdingsUsd: 5e9 }, variation: { fraction: 0.5 } });

const grid = fragilityGrid(70_000);

describe('leveredEtf', () => {
  it("a levered ETF's rebalance for a 10% day, by hand (Cheng–Madhavan A·(L²−L)·r)", () => {
    expect(rebalanceUsd(1e9, 2, -0.1)).toBeCloseTo(-2e8, 6);
    expect(rebalanceUsd(1e9, -2, -0.1)).toBeCloseTo(-6e8, 6);
    expect(rebalanceUsd(1e9, 2, 0.1)).toBeCloseTo(2e8, 6);
    // test snapshot: BITX 2e9 at 2x, SBIT 0.1e9 at -2x: a 10% fall sells 2e9·2·0.1 + 0.1e9·6·0.1 = 460M
    const b = leveredEtf.build(testSnapshot(), leveredEtf.assumptions.parse({}), grid);
    expect(interpLog(grid, b.flowUsd, 63_000)).toBeCloseTo(-460e6, 0);
    expect(b.perPctUsd[0]).toBeGreaterThan(0);
  });

  it('no levered ETF in the store: "no data", not zeros dressed as a result', () => {
    const b = leveredEtf.build(testSnapshot({ etfs: {} }), leveredEtf.assumptions.parse({}), grid);
    expect(b.available).toBe(false);
    expect(b.diagnostics.reason).toMatch(/no etf_daily rows for the levered ETFs/);
  });
});

describe('basisUnwind and fundDegrossing (exogenous)', () => {
  it('basis unwind: fraction × leveraged-fund shorts × 5 BTC × spot, sold', () => {
    const b = basisUnwind.build(testSnapshot(), basisUnwind.assumptions.parse({ fraction: 0.25 }), grid);
    expect(b.trigger).toBe('exogenous');
    expect(b.exogenousUsd).toBeCloseTo(-0.25 * 25_000 * 5 * 70_000, 3);
    expect(b.diagnostics.spotSaleAt100pctUsd).toBeCloseTo(-25_000 * 5 * 70_000, 3);
    const none = basisUnwind.build(testSnapshot({ cftc: null }), basisUnwind.assumptions.parse({}), grid);
    expect(none.available).toBe(false);
    const given = basisUnwind.build(
      testSnapshot({ cftc: null }),
      basisUnwind.assumptions.parse({ levShortContracts: 1000 }),
      grid,
    );
    expect(given.exogenousUsd).toBeCloseTo(-0.1 * 1000 * 5 * 70_000, 3);
  });

  it('fund de-grossing: fraction × holdings, or "no data"', () => {
    const b = fundDegrossing.build(
      testSnapshot(),
      fundDegrossing.assumptions.parse({ holdingsUsd: 1e9 }),
      grid,
    );
    expect(b.exogenousUsd).toBeCloseTo(-0.2e9, 3);
    expect(fundDegrossing.build(testSnapshot(), fundDegrossing.assumptions.parse({}), grid).available).toBe(
      false,
    );
  });
});
