import { describe, expect, it } from 'vitest';
import type { BasisJump, BasisTermStructure } from '../../analytics/basis.js';
import { renderSvg } from '../render.js';
import { chartContract } from '../testkit/chartContract.js';
import { basis } from './basis.js';

function day(date: string, near: number, tenors: [number, number, boolean][]): BasisTermStructure {
  const c = {
    contract: 'BTCG6',
    expiry: '2026-02-27',
    days: 22,
    settle: 70000,
    spot: 69000,
    basis: 0.01,
    annualized: near,
    openInterest: 1000,
    multiplier: 5,
  };
  return {
    date,
    spot: 69000,
    contracts: [c],
    nearMonth: c,
    tenors: tenors.map(([tenor, value, extrapolated]) => ({
      tenor,
      value,
      method: extrapolated ? 'extrapolated-flat' : 'interpolated',
      extrapolated,
      lower: null,
      upper: null,
    })),
  };
}
const d4 = day('2026-02-04', 0.045, [
  [30, 0.046, false],
  [60, 0.05, false],
  [120, 0.05, true],
]);
const d5 = day('2026-02-05', 0.033, [
  [30, 0.034, false],
  [60, 0.041, false],
  [120, 0.041, true],
]);
const d6 = day('2026-02-06', 0.09, [
  [30, 0.09, false],
  [60, 0.082, false],
  [120, Number.NaN, true],
]);
const jump: BasisJump = {
  series: 'near-month',
  date: '2026-02-06',
  previousDate: '2026-02-05',
  before: 0.033,
  after: 0.09,
  jump: 0.057,
  extrapolated: false,
  contract: 'BTCG6',
  n: 500,
  rankAbs: 1,
  rankRise: 1,
  rankFall: 500,
};
const meta = { sourceNote: 'Sources: CME settlements (observed); BTC 16:00 ET', reconstructed: false };
const build = () => basis({ curves: [d6, d4, d5], history: [d4, d5, d6], jump }, meta);

chartContract('basis', build);
chartContract('basis (reconstructed, no jump)', () =>
  basis({ curves: [d5], history: [d4, d5], jump: null, venue: 'CME' }, { ...meta, reconstructed: true }),
);

type Panel = {
  data: { values: Record<string, unknown>[] };
  layer: { mark: { type: string; filled?: boolean }; data?: { values: unknown[] } }[];
};

describe('basis', () => {
  const spec = build().spec as { vconcat: Panel[] };

  it('plots each curve in percent by tenor, oldest first, without NaN tenors', () => {
    const rows = spec.vconcat[0].data.values;
    expect(rows.map((r) => r.date)).toEqual([
      '2026-02-04',
      '2026-02-04',
      '2026-02-04',
      '2026-02-05',
      '2026-02-05',
      '2026-02-05',
      '2026-02-06',
      '2026-02-06',
    ]);
    expect(rows.filter((r) => r.date === '2026-02-06').map((r) => r.basisPct)).toEqual([9, 8.2]);
  });

  it('draws extrapolated tenors as hollow points', () => {
    const hollow = spec.vconcat[0].layer.find((l) => l.mark.type === 'point' && l.mark.filled === false);
    expect(hollow?.data?.values).toHaveLength(2);
  });

  it('plots the near-month history and labels the jump with its size and rank', async () => {
    expect(spec.vconcat[1].data.values).toEqual([
      { date: '2026-02-04', basisPct: 4.5 },
      { date: '2026-02-05', basisPct: 3.3 },
      { date: '2026-02-06', basisPct: 9 },
    ]);
    const svg = await renderSvg(spec);
    expect(svg).toContain('+5.7 pts into 2026-02-06: 3.3% → 9.0% (rank 1 of 500 daily changes)');
  });
});
