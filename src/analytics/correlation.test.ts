import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../errors.js';
import {
  alignedLogReturns,
  crossAssetCorrelations,
  pairCorrelation,
  type SymbolCloses,
} from './correlation.js';

const day = (i: number) => new Date(Date.UTC(2026, 0, 5 + i)).toISOString().slice(0, 10);

/** Closes whose log returns are exactly `returns` (in units of 1%), starting at 100 on day 0. */
function fromReturns(symbol: string, returns: readonly number[]): SymbolCloses {
  const closes = [{ date: day(0), close: 100 }];
  let logPrice = Math.log(100);
  returns.forEach((r, i) => {
    logPrice += r / 100;
    closes.push({ date: day(i + 1), close: Math.exp(logPrice) });
  });
  return { symbol, closes };
}

// base returns 1, 2, 3, 4, 1, −2 and other returns 2, 4, 5, 9, 3, −1 (%). 3-day correlations by hand:
// [1,2,3]/[2,4,5]: Sxy = 3, Sxx = 2, Syy = 42/9 → 0.98198;  [2,3,4]/[4,5,9]: 5/√28 = 0.94491;
// [3,4,1]/[5,9,3]: 78/√(42·168) = 0.92857;  event [4,1,−2]/[9,3,−1]: 30/√(18·456/9) = 30/√912 = 0.99340.
const IBIT = fromReturns('IBIT', [1, 2, 3, 4, 1, -2]);
const IGV = fromReturns('IGV', [2, 4, 5, 9, 3, -1]);
const EVENT = day(6);

describe('alignedLogReturns', () => {
  it('joins on common dates; a missing day merges two returns of the other asset', () => {
    const gappy = { symbol: 'IGV', closes: IGV.closes.filter((c) => c.date !== day(2)) };
    const a = alignedLogReturns(IBIT, gappy);
    expect(a.dates).toEqual([day(1), day(3), day(4), day(5), day(6)]);
    expect(a.base[1]).toBeCloseTo(0.05, 14);
    expect(a.other[1]).toBeCloseTo(0.09, 14);
  });
});

describe('pairCorrelation (hand-computed)', () => {
  const r = pairCorrelation(IBIT, IGV, EVENT, {
    windows: [3, 4],
    downsideWindow: 6,
    downsideCut: { quantile: 0.5 },
  });
  it('rolling 3-day value on the event date and its history', () => {
    const w3 = r.rolling[0];
    expect(w3.window).toBe(3);
    expect(w3.value).toBeCloseTo(30 / Math.sqrt(912), 12);
    expect([w3.from, w3.to]).toEqual([day(4), EVENT]);
    expect(w3.series.map((p) => p.date)).toEqual([day(3), day(4), day(5), day(6)]);
    expect(w3.history.n).toBe(3);
    expect(w3.history.from).toBe(day(3));
    expect([w3.history.percentile, w3.history.rankFromTop, w3.history.rankFromBottom]).toEqual([1, 1, 4]);
    expect(w3.history.median).toBeCloseTo(5 / Math.sqrt(28), 12);
    expect(w3.history.min).toBeCloseTo(78 / 84, 12);
    expect(w3.history.max).toBeCloseTo(3 / Math.sqrt(2 * (42 / 9)), 12);
  });
  it('4-day window ending on day 4 is 11/√130', () => {
    const w4 = r.rolling[1];
    expect(w4.series[0]).toEqual({ date: day(4), value: expect.closeTo(11 / Math.sqrt(130), 12) });
  });
  it('downside: IGV below its window median 3.5% on days 1, 5, 6 → base 1, 1, −2 vs 2, 3, −1 → 7/√52', () => {
    const d = r.downside;
    expect([d.reference, d.days, d.window]).toEqual(['IGV', 3, 6]);
    expect(d.cutoff).toBeCloseTo(0.035, 14);
    expect(d.value).toBeCloseTo(7 / Math.sqrt(52), 12);
    expect(d.history.n).toBe(0);
  });
  it('downside with the base as reference selects the same days here (base median 1.5%)', () => {
    const b = pairCorrelation(IBIT, IGV, EVENT, {
      downsideWindow: 6,
      downsideCut: { quantile: 0.5 },
      downsideReference: 'base',
    });
    expect([b.downside.reference, b.downside.days]).toEqual(['IBIT', 3]);
    expect(b.downside.value).toBeCloseTo(7 / Math.sqrt(52), 12);
    // default windows 20 and 60 are not full with six returns
    expect(b.rolling.map((w) => w.value)).toEqual([Number.NaN, Number.NaN]);
  });
  it('throws for an event date without an aligned return and for windows below 3', () => {
    expect(() => pairCorrelation(IBIT, IGV, day(0))).toThrowError(InvalidInputError);
    expect(() => pairCorrelation(IBIT, IGV, '2030-01-01')).toThrowError(/IBIT\/IGV.*2030-01-01/);
    expect(() => pairCorrelation(IBIT, IGV, EVENT, { windows: [2] })).toThrowError(InvalidInputError);
  });
  it('crossAssetCorrelations keeps the order of the symbols', () => {
    const gld = fromReturns('GLD', [1, -1, 1, -1, 1, 1]);
    expect(
      crossAssetCorrelations(IBIT, [IGV, gld], EVENT, { windows: [3], downsideWindow: 6 }).map(
        (p) => p.other,
      ),
    ).toEqual(['IGV', 'GLD']);
  });
  it('property: every rolling and downside value lies in [−1, 1]; the series never includes NaN', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: -500, max: 500 }), fc.integer({ min: -500, max: 500 })), {
          minLength: 12,
          maxLength: 40,
        }),
        (pairs) => {
          const a = fromReturns(
            'A',
            pairs.map((p) => p[0] / 100),
          );
          const b = fromReturns(
            'B',
            pairs.map((p) => p[1] / 100),
          );
          const res = pairCorrelation(a, b, day(pairs.length), { windows: [5, 10], downsideWindow: 10 });
          const all = [...res.rolling.flatMap((w) => w.series), ...res.downside.series].map((p) => p.value);
          return all.every((v) => v >= -1 && v <= 1);
        },
      ),
      { numRuns: 50 },
    );
  });
});
