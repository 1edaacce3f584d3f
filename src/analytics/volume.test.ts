import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DataError, InvalidInputError } from '../errors.js';
import { type DatedValue, etfVolumeRecords, optionVolumeRecords, volumeRecord } from './volume.js';

const D = ['2026-01-05', '2026-01-06', '2026-01-07', '2026-01-08', '2026-01-09'];
const series = (values: readonly (number | null)[]): DatedValue[] =>
  values.map((value, i) => ({ date: D[i], value }));

describe('volumeRecord (hand-computed on 5, 8, 3, 8, 16)', () => {
  const s = series([5, 8, 3, 8, 16]);
  it('a new record: rank 1, beats 8 set on day 2 (earliest of the tie) by 2x; 3-day median 8', () => {
    const r = volumeRecord(s, D[4], 'x', { window: 3 });
    expect(r).toEqual({
      series: 'x',
      date: D[4],
      value: 16,
      since: D[0],
      n: 5,
      rank: 1,
      tiedWith: [],
      isRecord: true,
      previousRecord: { date: D[1], value: 8 },
      ratioToPreviousRecord: 2,
      trailingMedian: 8,
      trailingWindow: 3,
      trailingDays: 3,
      trailingFrom: D[1],
      trailingTo: D[3],
      ratioToTrailingMedian: 2,
    });
  });
  it('a tie with the record is rank 1 but not a new record', () => {
    const r = volumeRecord(s, D[3], 'x');
    expect([r.rank, r.isRecord, r.tiedWith, r.previousRecord, r.ratioToPreviousRecord]).toEqual([
      1,
      false,
      [D[1]],
      { date: D[1], value: 8 },
      1,
    ]);
    // only 3 earlier days for a 20-day window: median of 5, 8, 3 = 5
    expect([r.trailingDays, r.trailingMedian, r.ratioToTrailingMedian]).toEqual([3, 5, 8 / 5]);
  });
  it('rank counts strictly larger days only: 3 after 5 and 8 is rank 3', () => {
    expect(volumeRecord(s, D[2], 'x').rank).toBe(3);
  });
  it('day one has no previous record and no trailing median', () => {
    const r = volumeRecord(s, D[0], 'x');
    expect([r.rank, r.n, r.isRecord, r.previousRecord, r.ratioToPreviousRecord]).toEqual([
      1,
      1,
      true,
      null,
      null,
    ]);
    expect([r.trailingMedian, r.trailingDays, r.trailingFrom, r.ratioToTrailingMedian]).toEqual([
      null,
      0,
      null,
      null,
    ]);
  });
  it('window longer than the history uses what exists: median(5, 8, 3, 8) = 6.5', () => {
    const r = volumeRecord(s, D[4], 'x');
    expect([r.trailingDays, r.trailingMedian, r.ratioToTrailingMedian]).toEqual([4, 6.5, 16 / 6.5]);
  });
  it('since restricts the ranked history (and the previous record) but not the trailing median', () => {
    const r = volumeRecord(s, D[4], 'x', { since: D[2], window: 2 });
    expect([r.since, r.n, r.previousRecord, r.trailingMedian]).toEqual([
      D[2],
      3,
      { date: D[3], value: 8 },
      5.5,
    ]);
  });
  it('skips null and NaN days and accepts unsorted rows', () => {
    const messy = [...series([5, null, 3, Number.NaN, 16])].reverse();
    const r = volumeRecord(messy, D[4], 'x');
    expect([r.n, r.previousRecord, r.trailingMedian]).toEqual([3, { date: D[0], value: 5 }, 4]);
  });
  it('throws typed errors naming the series and date', () => {
    expect(() => volumeRecord(s, '2026-02-05', 'IBIT volume_usd')).toThrowError(InvalidInputError);
    expect(() => volumeRecord(s, '2026-02-05', 'IBIT volume_usd')).toThrowError(
      /IBIT volume_usd.*2026-02-05/,
    );
    expect(() => volumeRecord(series([1, null, 3]), D[1], 'x')).toThrowError(InvalidInputError);
    expect(() => volumeRecord([...s, { date: D[0], value: 1 }], D[4], 'x')).toThrowError(DataError);
    expect(() => volumeRecord(s, D[4], 'x', { window: 0 })).toThrowError(InvalidInputError);
    expect(() => volumeRecord(s, D[1], 'x', { since: D[3] })).toThrowError(InvalidInputError);
  });
  it('property: rank in 1..n; rank 1 iff no earlier day is larger; isRecord implies rank 1 with no ties', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 40 }), (vals) => {
        const rows = vals.map((value, i) => ({
          date: `2025-${String(1 + Math.floor(i / 28)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
          value,
        }));
        return rows.every((row, i) => {
          const r = volumeRecord(rows, row.date, 'p');
          const earlier = vals.slice(0, i);
          const okRank = r.rank >= 1 && r.rank <= r.n && r.n === i + 1;
          const okTop = (r.rank === 1) === earlier.every((v) => v <= row.value);
          const okRecord = !r.isRecord || (r.rank === 1 && r.tiedWith.length === 0);
          return okRank && okTop && okRecord;
        });
      }),
    );
  });
});

describe('etfVolumeRecords', () => {
  it("IBIT's 284M shares vs the 169.21M record of 2025-11-21 is 1.678x (facts sheet: 'by 169%' is wrong)", () => {
    const rows = [
      { date: '2025-11-21', ticker: 'IBIT', volume_usd: 8.0e9, volume_shares: 169.21e6 },
      { date: '2025-11-21', ticker: 'FBTC', volume_usd: 1.0e9, volume_shares: 12e6 },
      { date: '2026-02-04', ticker: 'IBIT', volume_usd: 3.0e9, volume_shares: 70e6 },
      { date: '2026-02-05', ticker: 'IBIT', volume_usd: 10.2e9, volume_shares: 284e6 },
      { date: '2026-02-05', ticker: 'FBTC', volume_usd: 2.0e9, volume_shares: 30e6 },
    ];
    const r = etfVolumeRecords(rows, 'IBIT', '2026-02-05');
    expect(r.volumeShares.previousRecord).toEqual({ date: '2025-11-21', value: 169.21e6 });
    expect(r.volumeShares.ratioToPreviousRecord).toBeCloseTo(1.67839, 5);
    expect(r.volumeUsd.ratioToPreviousRecord).toBeCloseTo(1.275, 12);
    expect(r.volumeUsd.series).toBe('IBIT volume_usd');
    expect([r.volumeUsd.n, r.volumeUsd.rank, r.volumeUsd.trailingMedian]).toEqual([3, 1, 5.5e9]);
  });
});

describe('optionVolumeRecords', () => {
  const rows = [
    { date: D[0], underlying: 'IBIT', call_volume: 600, put_volume: 400 },
    { date: D[1], underlying: 'IBIT', call_volume: 700, put_volume: 300 },
    { date: D[2], underlying: 'IBIT', call_volume: 0, put_volume: 0 },
    { date: D[3], underlying: 'IBIT', call_volume: 900, put_volume: 2100 },
    { date: D[3], underlying: 'MSTR', call_volume: 1, put_volume: 1 },
  ];
  it('calls, puts, total and put share (2100/3000 = 0.7, a record over 0.4)', () => {
    const r = optionVolumeRecords(rows, 'IBIT', D[3]);
    expect([r.calls.value, r.calls.rank, r.calls.previousRecord?.value]).toEqual([900, 1, 700]);
    expect([r.puts.value, r.puts.ratioToPreviousRecord]).toEqual([2100, 2100 / 400]);
    expect([r.total.value, r.total.ratioToPreviousRecord, r.total.trailingMedian]).toEqual([3000, 3, 1000]);
    // the zero-volume day has no put share: it is skipped, not counted as 0
    expect([r.putShare.value, r.putShare.n, r.putShare.previousRecord]).toEqual([
      0.7,
      3,
      { date: D[0], value: 0.4 },
    ]);
  });
});
