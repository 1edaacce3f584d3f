import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../errors.js';
import { chartContract } from '../testkit/chartContract.js';
import { optionsVolume } from './optionsVolume.js';

const days = [
  { date: '2026-02-03', underlying: 'IBIT', call_volume: 700, put_volume: 300 },
  { date: '2026-02-04', underlying: 'IBIT', call_volume: 500, put_volume: 500 },
  { date: '2026-02-05', underlying: 'IBIT', call_volume: 1000, put_volume: 3000 },
  { date: '2026-02-05', underlying: 'MSTR', call_volume: 9, put_volume: 9 },
  { date: '2026-02-06', underlying: 'IBIT', call_volume: null, put_volume: 200 },
];
const meta = { sourceNote: 'Source: OCC daily volume (observed)', reconstructed: false };
const build = () => optionsVolume({ underlying: 'IBIT', days, eventDate: '2026-02-05' }, meta);

chartContract('optionsVolume', build);
chartContract('optionsVolume (reconstructed)', () =>
  optionsVolume({ underlying: 'IBIT', days, eventDate: '2026-02-05' }, { ...meta, reconstructed: true }),
);

describe('optionsVolume', () => {
  const spec = build().spec as {
    vconcat: {
      data: { values: Record<string, unknown>[] };
      layer: { data?: { values: Record<string, unknown>[] } }[];
    }[];
  };

  it('splits calls and puts in thousands of contracts, ignoring other underlyings and missing sides', () => {
    expect(spec.vconcat[0].data.values).toEqual([
      { date: '2026-02-03', side: 'Calls', contractsK: 0.7 },
      { date: '2026-02-03', side: 'Puts', contractsK: 0.3 },
      { date: '2026-02-04', side: 'Calls', contractsK: 0.5 },
      { date: '2026-02-04', side: 'Puts', contractsK: 0.5 },
      { date: '2026-02-05', side: 'Calls', contractsK: 1 },
      { date: '2026-02-05', side: 'Puts', contractsK: 3 },
      { date: '2026-02-06', side: 'Puts', contractsK: 0.2 },
    ]);
  });

  it('computes the put share in percent (puts / (calls + puts)) where both sides exist', () => {
    expect(spec.vconcat[1].data.values).toEqual([
      { date: '2026-02-03', putSharePct: 30 },
      { date: '2026-02-04', putSharePct: 50 },
      { date: '2026-02-05', putSharePct: 75 },
    ]);
    const labels = spec.vconcat[1].layer.flatMap((l) =>
      (l.data?.values ?? []).map((v) => v.label).filter(Boolean),
    );
    expect(labels).toEqual(['put share 75.0%']);
  });

  it('throws InvalidInputError for an underlying with no rows', () => {
    expect(() => optionsVolume({ underlying: 'GBTC', days, eventDate: '2026-02-05' }, meta)).toThrow(
      InvalidInputError,
    );
  });
});
