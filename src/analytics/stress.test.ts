import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../errors.js';
import { describeStress, stressHistoryRank, stressTail } from './stress.js';

// Closed-form ν = 4 upper tail: 1 − F(t) = ½ − (3/8)·u·(1 − t²/(12v)), v = 1 + t²/4, u = t/√v.
const sf4 = (t: number) => {
  const v = 1 + (t * t) / 4;
  return 0.5 - 0.375 * (t / Math.sqrt(v)) * (1 - (t * t) / (12 * v));
};

describe('stressTail', () => {
  it('normal tails against the published table: Φ(−3.5) = 2.326e-4, Φ(−3) = 1.350e-3 (A&S table 26.1)', () => {
    const t = stressTail(-3.5);
    expect(Math.abs(t.normal.oneSided - 2.326e-4)).toBeLessThan(1e-7);
    expect(Math.abs(t.normal.twoSided - 4.652e-4)).toBeLessThan(2e-7);
    expect(Math.abs(t.reference.normal.oneSided - 1.35e-3)).toBeLessThan(1e-6);
    // by hand: 2·1.3499e-3 / (2·2.3263e-4) = 5.803
    expect(Math.abs(t.rarerThanReference.normal - 5.803)).toBeLessThan(1e-3);
    expect(Math.abs(t.oneInDays.normal - 1 / 4.6526e-4)).toBeLessThan(0.1);
  });
  it('Student-t (ν = 4) scaled to unit variance: threshold 3.5·√2 on the t variable', () => {
    const t = stressTail(3.5);
    expect(t.studentT.tThreshold).toBeCloseTo(3.5 * Math.SQRT2, 14);
    expect(t.studentT.oneSided).toBeCloseTo(sf4(3.5 * Math.SQRT2), 14);
    expect(t.studentT.twoSided).toBeCloseTo(2 * sf4(3.5 * Math.SQRT2), 14);
    expect(t.rarerThanReference.studentT).toBeCloseTo(sf4(3 * Math.SQRT2) / sf4(3.5 * Math.SQRT2), 10);
    // by hand: t² = 24.5, v = 7.125, u = 1.85434, 1 − 24.5/85.5 = 0.71345 → sf = ½ − 0.375·1.85434·0.71345 = 0.00388
    expect(Math.abs(t.studentT.oneSided - 0.00388)).toBeLessThan(1e-5);
  });
  it('unscaled t uses z itself; ν <= 2 cannot be scaled (infinite variance)', () => {
    const u = stressTail(3.5, { scaleToUnitVariance: false });
    expect(u.studentT.oneSided).toBeCloseTo(sf4(3.5), 14);
    expect(stressTail(3.5, { nu: 2 }).studentT.oneSided).toBeNaN();
    expect(stressTail(3.5, { nu: 2, scaleToUnitVariance: false }).studentT.twoSided).toBeCloseTo(
      1 - 3.5 / Math.sqrt(2 + 12.25),
      14,
    );
  });
  it('property: tails shrink as |z| grows; beyond 3 sigma the fat tail is heavier; the reference day is 1x', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 3, max: 8, noNaN: true }),
        fc.double({ min: 0.01, max: 2, noNaN: true }),
        (z, dz) => {
          const a = stressTail(z);
          const b = stressTail(z + dz);
          return (
            b.normal.twoSided < a.normal.twoSided &&
            b.studentT.twoSided < a.studentT.twoSided &&
            a.studentT.twoSided > a.normal.twoSided &&
            stressTail(z, { referenceZ: z }).rarerThanReference.normal === 1
          );
        },
      ),
    );
  });
  it('NaN in, NaN out', () => {
    expect(stressTail(Number.NaN).normal.twoSided).toBeNaN();
  });
});

describe('describeStress', () => {
  it('the 3.5-sigma sentence (numbers checked by hand above: 0.047%, 1 in 2,149 = 8.5 years, 5.8x; 0.78%, 1.7x)', () => {
    expect(describeStress(stressTail(3.5))).toBe(
      'a 3.5-sigma day: p = 0.047% two-sided under a normal (1 trading day in 2,149, about once every 8.5 years), ' +
        '~5.8x rarer than a 3-sigma day; under a fat-tailed Student-t (ν = 4, unit variance) p = 0.78% ' +
        '(1 trading day in 129), ~1.7x rarer than a 3-sigma day',
    );
  });
  it('smaller than the reference reads as more common; huge numbers get separators', () => {
    expect(describeStress(stressTail(2))).toContain(
      'p = 4.6% two-sided under a normal (1 trading day in 22), ~17x more common than a 3-sigma day',
    );
    expect(describeStress(stressTail(-6, { nu: 3 }))).toContain(
      'about once every 2,000,000 years), ~1,400,000x rarer',
    );
  });
});

describe('stressHistoryRank', () => {
  const days = ['2026-01-26', '2026-01-27', '2026-01-28', '2026-01-29', '2026-01-30', '2026-02-04'];
  const rows = [0.5, -1, 3.6, 1, -2, 3.5].map((value, i) => ({ date: days[i], value }));
  it('3.5 after an earlier 3.6: rank 2, percentile (4 + ½)/6, one earlier day as extreme vs 5·2Φ(−3.5) expected', () => {
    const r = stressHistoryRank(rows, days[5]);
    expect(r).toEqual({
      date: days[5],
      value: 3.5,
      direction: 'high',
      since: days[0],
      n: 6,
      rank: 2,
      percentile: 0.75,
      earlierAsExtreme: 1,
      expectedUnderNormal: expect.closeTo(5 * 4.6526e-4, 6),
      lastAsExtreme: { date: days[2], value: 3.6 },
    });
  });
  it('a negative z ranks among the lowest; no earlier day as low', () => {
    const r = stressHistoryRank([...rows, { date: '2026-02-05', value: null }], days[4]);
    expect([r.direction, r.rank, r.n, r.earlierAsExtreme, r.lastAsExtreme]).toEqual(['low', 1, 5, 1, null]);
  });
  it('throws when the date has no value', () => {
    expect(() => stressHistoryRank(rows, '2026-02-05', 'pb_multistrat_perf_z')).toThrowError(
      InvalidInputError,
    );
  });
});
