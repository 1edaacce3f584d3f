import { describe, expect, it } from 'vitest';
import { chartContract } from '../testkit/chartContract.js';
import { simAttribution } from './simAttribution.js';

const meta = {
  sourceNote: 'crashscope simulate: 2,000 paths, seed 20260205 (synthetic test input)',
  reconstructed: true,
};
const waterfall = {
  baseline: 0.025,
  all: 0.05,
  rows: [
    { channel: 'perpLiquidations', value: 0.03 },
    { channel: 'dealerOptions', value: -0.005 },
  ],
};

chartContract('simAttribution', () => simAttribution(waterfall, meta));

describe('simAttribution', () => {
  it('waterfall: bars chain from the baseline to the total, a cushion steps down', () => {
    const bars = (
      simAttribution(waterfall, meta).spec.data as {
        values: { label: string; lo: number; hi: number; kind: string }[];
      }
    ).values;
    expect(bars.map((b) => [b.label, b.lo, b.hi, b.kind])).toEqual([
      ['No channels', 0, 2.5, 'total'],
      ['perpLiquidations', 2.5, 5.5, 'deepens'],
      ['dealerOptions', 5, 5.5, 'cushions'],
      ['All channels', 0, 5, 'total'],
    ]);
  });
});
