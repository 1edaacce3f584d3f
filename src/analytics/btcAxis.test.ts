import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../errors.js';
import { btcEquivalent, btcPriceFromShare, checkedGrid, priceGrid, sharePriceFromBtc } from './btcAxis.js';

describe('IBIT ↔ BTC axis', () => {
  it('by hand: IBIT 38 at 0.000568 BTC/share is BTC 66901.41; 100 shares carry 0.0568 BTC', () => {
    expect(btcPriceFromShare(38, 0.000568)).toBeCloseTo(66901.408, 3);
    expect(sharePriceFromBtc(70000, 0.000568)).toBeCloseTo(39.76, 12);
    expect(btcEquivalent(100, 0.000568)).toBeCloseTo(0.0568, 15);
    expect(sharePriceFromBtc(btcPriceFromShare(43.6, 0.000568), 0.000568)).toBeCloseTo(43.6, 12);
  });

  it('priceGrid: equal steps, exact ends; bad arguments throw', () => {
    expect(Array.from(priceGrid(60000, 70000, 3))).toEqual([60000, 65000, 70000]);
    const g = priceGrid(30000, 150000, 1000);
    expect(g[999]).toBe(150000);
    expect(g[1] - g[0]).toBeCloseTo(120000 / 999, 9);
    expect(() => priceGrid(0, 1, 3)).toThrow(InvalidInputError);
    expect(() => priceGrid(2, 1, 3)).toThrow(/lo = 2, hi = 1/);
    expect(() => priceGrid(1, 2, 1)).toThrow(/n must be an integer >= 2/);
  });

  it('checkedGrid refuses unsorted, non-positive and empty grids, naming the point', () => {
    expect(Array.from(checkedGrid([1, 2, 3], 'here'))).toEqual([1, 2, 3]);
    expect(() => checkedGrid([1, 1], 'here')).toThrow(/here: grid\[1\] = 1/);
    expect(() => checkedGrid([-1], 'here')).toThrow(/grid\[0\] = -1/);
    expect(() => checkedGrid([1, Number.NaN], 'here')).toThrow(/grid\[1\] = NaN/);
    expect(() => checkedGrid([], 'here')).toThrow(/empty/);
  });
});
