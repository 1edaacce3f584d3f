import { describe, expect, it } from 'vitest';
import { BINANCE_BTCUSDT_BRACKETS, bracketFor, liquidationPrice } from './binanceBrackets.js';
import { fragilityGrid } from './grid.js';
import { perpLiquidations } from './perpLiquidations.js';
import { channelContract } from './testkit/contract.js';
import { testSnapshot } from './testkit/snapshot.js';

channelContract(perpLiquidations, { variation: { positionNotionalUsd: 5_000_000 } });

describe('Binance BTCUSDT brackets (2021-03-18 table)', () => {
  it('maintenance amounts make the maintenance margin continuous at every floor', () => {
    for (let i = 1; i < BINANCE_BTCUSDT_BRACKETS.length; i++) {
      const a = BINANCE_BTCUSDT_BRACKETS[i - 1];
      const b = BINANCE_BTCUSDT_BRACKETS[i];
      expect(b.floor * b.mmr - b.cum).toBeCloseTo(b.floor * a.mmr - a.cum, 6);
    }
    // by hand: 250k·0.5% − 50 = 1,200 = 250k·1% − 1,300
    expect(bracketFor(1_000_000).cum).toBe(1_300);
    expect(bracketFor(5_000_000)).toMatchObject({ mmr: 0.025, cum: 16_300, maxLeverage: 20 });
  });

  it("one cohort's liquidation price on a given bracket, by hand", () => {
    // tier 1 (<= 50k, MMR 0.4%, cum 0): 73000 · (1 − 1/10) / (1 − 0.004)
    expect(liquidationPrice('long', 73_000, 10, 50_000)).toBeCloseTo((73_000 * 0.9) / 0.996, 8);
    // tier 4 (1M–10M, MMR 2.5%, cum 16,300) at 2M: long 73000 (1 − 0.1 − 16300/2e6) / 0.975
    expect(liquidationPrice('long', 73_000, 10, 2_000_000)).toBeCloseTo(
      (73_000 * (0.9 - 16_300 / 2e6)) / 0.975,
      8,
    );
    // short: 73000 (1 + 1/20) / 1.004
    expect(liquidationPrice('short', 73_000, 20, 50_000)).toBeCloseTo((73_000 * 1.05) / 1.004, 8);
    // a 1x long has no liquidation price
    expect(liquidationPrice('long', 73_000, 1, 50_000)).toBeNaN();
  });

  it('longs are sold on the way down at their liquidation price, shorts bought on the way up', () => {
    const snap = testSnapshot();
    const book = perpLiquidations.build(snap, perpLiquidations.assumptions.parse({}), fragilityGrid(70_000));
    const lp = liquidationPrice('long', 72_000, 10, 50_000);
    const t = book.decomposition.triggers.find((x) => Math.abs(x.price - lp) < 1e-6);
    expect(t).toEqual({ price: lp, direction: 'down', tradeUsd: -(300e6 / 72_000) * lp });
    expect(book.diagnostics.noLiquidationPrice).toBe(1);
    expect(book.decomposition.triggers.filter((x) => x.direction === 'up')).toHaveLength(1);
    // the whole grid below: every long liquidated; intensity positive (amplifying) where triggers sit
    expect(book.flowUsd[0]).toBeCloseTo(Number(book.diagnostics.longUsd), 3);
    expect(Math.min(...book.perPctUsd)).toBeGreaterThanOrEqual(0);
    expect(book.levels[0].kind).toBe('liquidation-wall');
  });

  it('no cohorts: an unavailable book that says why', () => {
    const b = perpLiquidations.build(
      testSnapshot({ cohorts: [] }),
      perpLiquidations.assumptions.parse({}),
      fragilityGrid(70_000),
    );
    expect(b.available).toBe(false);
    expect(b.diagnostics.reason).toMatch(/no perp cohorts/);
  });
});
