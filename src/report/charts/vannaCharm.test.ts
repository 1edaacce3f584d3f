import { describe, expect, it } from 'vitest';
import { renderSvg } from '../render.js';
import { chartContract } from '../testkit/chartContract.js';
import { vannaCharm } from './vannaCharm.js';

const grid = [60000, 65000, 70000, 75000];
const vanna = [-12e6, -4e6, 3e6, 9e6];
const charm = [2.5e6, 1e6, -0.5e6, -2e6];
const meta = { sourceNote: 'Sources: Cboe and Deribit chains (reconstructed)', reconstructed: true };
const build = () => vannaCharm({ grid, vanna, charm, spot: 70100 }, meta);

chartContract('vannaCharm', build);

describe('vannaCharm', () => {
  it('two panels on one BTC axis, values in USD millions, the spot marked', async () => {
    const spec = build().spec as {
      vconcat: { data: { values: { btc: number; v: number }[] }; layer: { mark: { type: string } }[] }[];
    };
    expect(spec.vconcat).toHaveLength(2);
    expect(spec.vconcat[0].data.values).toEqual([
      { btc: 60000, v: -12 },
      { btc: 65000, v: -4 },
      { btc: 70000, v: 3 },
      { btc: 75000, v: 9 },
    ]);
    expect(spec.vconcat[1].data.values.map((r) => r.v)).toEqual([2.5, 1, -0.5, -2]);
    const svg = await renderSvg(build().spec);
    expect(svg).toContain('Vanna');
    expect(svg).toContain('Charm');
    expect(svg).toContain('spot $70.1k');
  });

  it('refuses a profile with no finite values', () => {
    expect(() => vannaCharm({ grid, vanna: grid.map(() => Number.NaN), charm, spot: 1 }, meta)).toThrow(
      /vanna/,
    );
  });
});
