import { describe, expect, it } from 'vitest';
import { chartContract } from '../testkit/chartContract.js';
import { simFlows } from './simFlows.js';

const meta = {
  sourceNote: 'crashscope simulate: 2,000 paths, seed 20260205 (synthetic test input)',
  reconstructed: true,
};
const flows = {
  minutes: [0, 60, 120],
  flows: [
    { channel: 'perpLiquidations', usd: [-30e6, -10e6] },
    { channel: 'leveredEtf', usd: [0, 0] },
    { channel: 'shock', usd: [-50e6, 0] },
  ],
};
chartContract('simFlows', () => simFlows(flows, meta));

describe('simFlows', () => {
  it('flows: cumulative USD M per active channel, silent channels left out', () => {
    const data = (
      simFlows(flows, meta).spec.data as { values: { channel: string; cumM: number; h: number }[] }
    ).values;
    expect(new Set(data.map((d) => d.channel))).toEqual(new Set(['perpLiquidations', 'shock']));
    expect(data.filter((d) => d.channel === 'perpLiquidations').map((d) => d.cumM)).toEqual([0, -30, -40]);
  });
});
