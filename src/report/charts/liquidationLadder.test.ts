import { describe, expect, it } from 'vitest';
import { chartContract } from '../testkit/chartContract.js';
import { type LadderSeries, liquidationLadder } from './liquidationLadder.js';

const f = (xs: number[]) => Float64Array.from(xs);
// Spot 68k: longs liquidate below (60–65k: 1M, 65–70k: 2M), shorts above (70–75k: 5M).
const ladder: LadderSeries = {
  grid: f([60000, 65000, 70000, 75000]),
  spot: 68000,
  longByBucket: f([1e6, 2e6, 0]),
  shortByBucket: f([0, 0, 5e6]),
  cumLongToLevel: f([3e6, 2e6, 0, 0]),
  cumShortToLevel: f([0, 0, 0, 5e6]),
};
const meta = { sourceNote: 'Sources: perp cohorts (reconstructed)', reconstructed: true };

chartContract('liquidationLadder', () => liquidationLadder(ladder, meta));
chartContract('liquidationLadder (observed)', () =>
  liquidationLadder(ladder, { ...meta, reconstructed: false }),
);

describe('liquidationLadder', () => {
  const spec = liquidationLadder(ladder, meta).spec as {
    vconcat: { data: { values: Record<string, unknown>[] } }[];
  };

  it('draws long buckets below zero (forced sells) and short buckets above (forced buys), USD M', () => {
    expect(spec.vconcat[0].data.values.map((r) => [r.btc, r.btcHi, r.side, r.notionalM])).toEqual([
      [60000, 65000, 'Longs liquidated (forced sells)', -1],
      [65000, 70000, 'Longs liquidated (forced sells)', -2],
      [70000, 75000, 'Shorts liquidated (forced buys)', 5],
    ]);
  });

  it('draws cumulative longs below spot and shorts above it', () => {
    expect(spec.vconcat[1].data.values.map((r) => [r.btc, String(r.side).slice(0, 5), r.cumM])).toEqual([
      [60000, 'Longs', 3],
      [65000, 'Longs', 2],
      [70000, 'Short', 0],
      [75000, 'Short', 5],
    ]);
  });
});
