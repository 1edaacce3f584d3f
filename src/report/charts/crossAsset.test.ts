import { describe, expect, it } from 'vitest';
import type { PairCorrelation, WindowCorrelation } from '../../analytics/correlation.js';
import { InvalidInputError } from '../../errors.js';
import { chartContract } from '../testkit/chartContract.js';
import { crossAsset } from './crossAsset.js';

const dates = ['2026-02-02', '2026-02-03', '2026-02-04', '2026-02-05', '2026-02-06'];
const ibit = { symbol: 'IBIT', closes: [40, 50, 55, 45, 46].map((close, i) => ({ date: dates[i], close })) };
const igv = { symbol: 'IGV', closes: [80, 100, 90, 80, 0].map((close, i) => ({ date: dates[i], close })) };
const gld = {
  symbol: 'GLD',
  closes: [200, 200, 210, 220, 230].map((close, i) => ({ date: dates[i], close })),
};

function windowOf(w: number, values: number[]): WindowCorrelation {
  return {
    window: w,
    value: values[2],
    from: dates[1],
    to: dates[3],
    history: {
      n: 2,
      from: dates[1],
      percentile: 0.9,
      rankFromTop: 1,
      rankFromBottom: 3,
      median: 0.2,
      min: 0.1,
      max: 0.5,
    },
    series: values.map((value, i) => ({ date: dates[i + 1], value })),
  };
}
function pair(other: string, w20: number[], w60: number[]): PairCorrelation {
  return {
    base: 'IBIT',
    other,
    eventDate: '2026-02-05',
    observations: 4,
    rolling: [windowOf(20, w20), windowOf(60, w60)],
    downside: { ...windowOf(60, w60), reference: other, cut: 'zero', days: 2, cutoff: 0 },
  };
}
const correlations = [
  pair('IGV', [0.1, 0.5, 0.8, 0.7], [0.2, 0.3, 0.4, 0.45]),
  pair('GLD', [0, -0.2, 0.1, 0], [0, 0, 0, 0]),
];
const meta = { sourceNote: 'Source: 16:00 ET closes (observed)', reconstructed: false };
const input = { base: ibit, others: [igv, gld], correlations, eventDate: '2026-02-05', from: '2026-02-03' };

chartContract('crossAsset', () => crossAsset(input, meta));
chartContract('crossAsset (reconstructed, 60d)', () =>
  crossAsset({ ...input, window: 60 }, { ...meta, reconstructed: true }),
);

type Panel = { data: { values: Record<string, unknown>[] } };

describe('crossAsset', () => {
  it('indexes each symbol to 100 at its first valid close in the window', () => {
    const top = (crossAsset(input, meta).spec as { vconcat: Panel[] }).vconcat[0].data.values;
    const of = (s: string) => top.filter((r) => r.symbol === s).map((r) => r.index);
    expect(of('IBIT')).toEqual([100, 110, 90, 92]);
    // IGV's 0 close on 02-06 is not a price: left out.
    expect(of('IGV')).toEqual([100, 90, 80]);
    expect(of('GLD')).toEqual([100, 105, 110, 115]);
  });

  it('plots the chosen rolling window per pair within the window, labelled with it', () => {
    const rows = (crossAsset({ ...input, window: 60 }, meta).spec as { vconcat: Panel[] }).vconcat[1].data
      .values;
    expect(rows.filter((r) => r.pair === 'IBIT vs IGV (60d)').map((r) => r.correlation)).toEqual([
      0.2, 0.3, 0.4, 0.45,
    ]);
    const first = (crossAsset(input, meta).spec as { vconcat: Panel[] }).vconcat[1].data.values;
    expect([...new Set(first.map((r) => r.pair))]).toEqual(['IBIT vs IGV (20d)', 'IBIT vs GLD (20d)']);
  });

  it('throws InvalidInputError when no close falls in the window', () => {
    expect(() => crossAsset({ ...input, from: '2027-01-01' }, meta)).toThrow(InvalidInputError);
  });
});
