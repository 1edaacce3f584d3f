import { describe, expect, it } from 'vitest';
import { renderSvg } from '../render.js';
import { chartContract } from '../testkit/chartContract.js';
import { fragilityMapChart } from './fragilityMap.js';

const grid = [60000, 65000, 70000, 75000];
const series = {
  grid,
  spot: 70000,
  eventLow: 62000,
  channels: [
    {
      title: 'Dealer option hedging',
      available: true,
      trigger: 'price' as const,
      flowUsd: [-3e8, -1e8, 0, 5e7],
    },
    { title: 'Perp liquidations', available: true, trigger: 'price' as const, flowUsd: [-9e8, -4e8, 0, 2e8] },
    { title: 'Levered ETFs', available: false, trigger: 'price' as const, flowUsd: [0, 0, 0, 0] },
  ],
  totalFlowUsd: [-1.2e9, -5e8, 0, 2.5e8],
};
const meta = { sourceNote: 'Sources: test', reconstructed: true };

chartContract('fragilityMap', () => fragilityMapChart(series, meta));

describe('fragilityMapChart', () => {
  it('stacks only the available price-driven channels and marks spot and the low', async () => {
    const c = fragilityMapChart(series, meta);
    const layers = (c.spec as { layer: { data: { values: { channel?: string; label?: string }[] } }[] })
      .layer;
    expect(new Set(layers[0].data.values.map((r) => r.channel))).toEqual(
      new Set(['Dealer option hedging', 'Perp liquidations']),
    );
    expect(layers[2].data.values.map((r) => r.label)).toEqual(['previous close', 'event low']);
    expect(await renderSvg(c.spec)).toMatch(/^<svg/);
  });
});
