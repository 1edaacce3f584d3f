import { describe, expect, it } from 'vitest';
import type { VolumeRecord } from '../../analytics/volume.js';
import { InvalidInputError } from '../../errors.js';
import { renderSvg } from '../render.js';
import { chartContract } from '../testkit/chartContract.js';
import { etfVolume } from './etfVolume.js';

// Hand-made: five days, the previous record 5.1B on 01-03, the event 10.7B on 01-06 (2.1x).
const history = [
  { date: '2026-01-02', value: 2.0e9 },
  { date: '2026-01-03', value: 5.1e9 },
  { date: '2026-01-04', value: null },
  { date: '2026-01-05', value: 3.0e9 },
  { date: '2026-01-06', value: 10.71e9 },
];
const record: VolumeRecord = {
  series: 'IBIT volume_usd',
  date: '2026-01-06',
  value: 10.71e9,
  since: '2026-01-02',
  n: 4,
  rank: 1,
  tiedWith: [],
  isRecord: true,
  previousRecord: { date: '2026-01-03', value: 5.1e9 },
  ratioToPreviousRecord: 2.1,
  trailingMedian: 3.0e9,
  trailingWindow: 20,
  trailingDays: 3,
  trailingFrom: '2026-01-02',
  trailingTo: '2026-01-05',
  ratioToTrailingMedian: 3.57,
};
const meta = { sourceNote: 'Source: iShares IBIT daily (observed)', reconstructed: false };

chartContract('etfVolume', () => etfVolume({ ticker: 'IBIT', history, record }, meta));
chartContract('etfVolume (reconstructed)', () =>
  etfVolume({ ticker: 'IBIT', history, record }, { ...meta, reconstructed: true, id: 'etf-volume-rec' }),
);

describe('etfVolume', () => {
  const spec = etfVolume({ ticker: 'IBIT', history, record }, meta).spec as {
    data: { values: { date: string; volumeBn: number }[] };
    layer: { mark: { type: string }; data?: { values: Record<string, unknown>[] } }[];
  };

  it('plots the valid days in USD billions, sorted, skipping nulls', () => {
    expect(spec.data.values).toEqual([
      { date: '2026-01-02', volumeBn: 2 },
      { date: '2026-01-03', volumeBn: 5.1 },
      { date: '2026-01-05', volumeBn: 3 },
      { date: '2026-01-06', volumeBn: 10.71 },
    ]);
  });

  it('labels the event day with its value and multiple, and marks the previous record level', async () => {
    const texts = spec.layer.flatMap((l) => (l.data?.values ?? []).map((v) => v.label).filter(Boolean));
    expect(texts).toContain('2026-01-06: $10.7B (record, 2.1x the previous record)');
    expect(texts).toContain('previous record $5.1B');
    expect(texts).toContain('2026-01-03');
    const svg = await renderSvg(spec);
    expect(svg).toContain('2026-01-06: $10.7B (record, 2.1x the previous record)');
  });

  it('says the rank when the day is not a record', () => {
    const s = etfVolume(
      { ticker: 'IBIT', history, record: { ...record, isRecord: false, rank: 3, n: 4 } },
      meta,
    ).spec as typeof spec;
    const texts = s.layer.flatMap((l) => (l.data?.values ?? []).map((v) => v.label).filter(Boolean));
    expect(texts).toContain('2026-01-06: $10.7B (rank 3 of 4 days)');
  });

  it('throws InvalidInputError with nothing to plot', () => {
    expect(() =>
      etfVolume({ ticker: 'IBIT', history: [{ date: '2026-01-02', value: null }], record }, meta),
    ).toThrow(InvalidInputError);
  });
});
