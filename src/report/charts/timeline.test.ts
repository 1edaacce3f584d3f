import { describe, expect, it } from 'vitest';
import { renderSvg } from '../render.js';
import { chartContract } from '../testkit/chartContract.js';
import { timeline } from './timeline.js';

const hours = (from: string, values: number[]) =>
  values.map((close, i) => ({
    ts: new Date(Date.parse(from) + i * 3_600_000).toISOString().replace('.000', ''),
    close,
  }));
const btc = hours('2026-02-05T18:00:00Z', [66_000, 65_265.66, 63_775.67, 62_400, 61_000, 60_500, 60_000]);
const dvol = hours('2026-02-05T18:00:00Z', [70.1, 74.1, 87.8, 89.78, 86.4, 82.6, 84.4]);
const events = [
  { ts: '2026-02-05T21:00:00Z', label: 'US close' },
  { ts: '2026-02-06T00:00:00Z', label: 'low $60.0K' },
];
const meta = { sourceNote: 'Source: Binance, Deribit (observed)', reconstructed: false };
const build = () => timeline({ btc, dvol, events }, meta);

chartContract('timeline', build);

describe('timeline', () => {
  it('two panels on one UTC time axis whose labels carry the year', () => {
    const spec = build().spec as {
      vconcat: {
        data: { values: { ts: string; v: number }[] };
        layer: { encoding: { x: { axis: { format: string } } } }[];
      }[];
    };
    expect(spec.vconcat).toHaveLength(2);
    expect(spec.vconcat[0].data.values.map((r) => r.v)).toEqual(btc.map((b) => b.close));
    expect(spec.vconcat[1].data.values.map((r) => r.v)).toEqual(dvol.map((b) => b.close));
    expect(spec.vconcat[0].layer[0].encoding.x.axis.format).toContain('%Y');
  });

  it('renders without DVOL as one panel, and marks the events', async () => {
    const one = timeline({ btc, dvol: [], events }, meta).spec as { vconcat: unknown[] };
    expect(one.vconcat).toHaveLength(1);
    const svg = await renderSvg(build().spec);
    expect(svg).toContain('2026');
  });
});
