import { describe, expect, it } from 'vitest';
import type { ExposureProfile } from '../../analytics/positioning.js';
import { renderSvg } from '../render.js';
import { chartContract } from '../testkit/chartContract.js';
import { gammaProfile } from './gammaProfile.js';

const f = (xs: number[]) => Float64Array.from(xs);
const zero = f([0, 0, 0, 0]);
const profile: ExposureProfile = {
  grid: f([60000, 65000, 70000, 75000]),
  gex: f([-30e6, -10e6, 5e6, 20e6]),
  vanna: zero,
  charm: zero,
  byVenue: {
    cboe: { gex: f([-20e6, -8e6, 1e6, 12e6]), vanna: zero, charm: zero },
    deribit: { gex: f([-10e6, -2e6, 4e6, 8e6]), vanna: zero, charm: zero },
  },
};
const bands = [
  { lo: 60000, hi: 67000, extendsBelowGrid: true, extendsAboveGrid: false, minGex: -30e6, minGexAt: 60000 },
];
const meta = { sourceNote: 'Sources: Cboe and Deribit chains (reconstructed)', reconstructed: true };
const build = () => gammaProfile({ profile, zeroGamma: [67000], shortGammaBands: bands, spot: 70100 }, meta);

chartContract('gammaProfile', build);
chartContract('gammaProfile (no bands, observed)', () =>
  gammaProfile(
    { profile, zeroGamma: [], shortGammaBands: [], spot: 70100 },
    { ...meta, reconstructed: false },
  ),
);

type Layer = { mark: { type: string; strokeWidth?: number }; data?: { values: Record<string, unknown>[] } };

describe('gammaProfile', () => {
  const spec = build().spec as { layer: Layer[] };

  it('has one row per grid point and series (venues + total) in USD millions, total drawn thickest', () => {
    const lines = spec.layer.filter((l) => l.mark.type === 'line');
    const rows = lines.flatMap((l) => l.data?.values ?? []);
    expect(rows).toHaveLength(4 * 3);
    const total = lines.find((l) => l.data?.values[0]?.series === 'Total');
    expect(total?.data?.values.map((r) => r.gexM)).toEqual([-30, -10, 5, 20]);
    expect(total?.mark.strokeWidth).toBeGreaterThan(lines[0].mark.strokeWidth ?? 0);
    expect([...new Set(rows.map((r) => r.series))]).toEqual(['IBIT options (Cboe)', 'Deribit', 'Total']);
  });

  it('shades the short-gamma band and marks zero gamma and spot', async () => {
    const rect = spec.layer.find((l) => l.mark.type === 'rect');
    expect(rect?.data?.values).toEqual([{ btc: 60000, btcHi: 67000 }]);
    const svg = await renderSvg(spec);
    expect(svg).toContain('zero gamma $67k');
    expect(svg).toContain('spot $70.1k');
    expect(svg).toContain('dealers short gamma');
  });
});
