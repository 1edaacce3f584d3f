import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pathAt, trackPath } from './tracking.js';

describe('trackPath (simulated path vs observed closes)', () => {
  it('hand case: gaps of +2 % and −1 % in log price', () => {
    const t = trackPath(
      [0, 60, 120],
      [100, 100, 100],
      [
        { minute: 60, usd: 100 * Math.exp(-0.02) },
        { minute: 120, usd: 100 * Math.exp(0.01) },
      ],
    );
    expect(t.points).toBe(2);
    expect(t.rmseLog).toBeCloseTo(Math.sqrt((0.02 ** 2 + 0.01 ** 2) / 2), 14);
    expect(t.maxAbsLog).toBeCloseTo(0.02, 14);
    expect(t.maxAtMinute).toBe(60);
    expect(t.gaps[1]).toBeCloseTo(-0.01, 14);
  });

  it('reads the path linearly in log price between report minutes, flat beyond them', () => {
    expect(pathAt([0, 60], [100, 400], 30)).toBeCloseTo(200, 10); // the geometric midpoint
    expect(pathAt([0, 60], [100, 400], 90)).toBe(400);
    expect(pathAt([0, 60], [100, 400], -5)).toBe(100);
  });

  it('no observed points: null figures, not zeros', () => {
    const t = trackPath([0, 60], [1, 1], []);
    expect(t).toMatchObject({ points: 0, rmseLog: null, maxAbsLog: null, maxAtMinute: null });
  });

  it('a path that is the observed one has no gap; RMSE ≤ max gap always', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 10, max: 1e6, noNaN: true }), { minLength: 2, maxLength: 30 }),
        fc.double({ min: -0.5, max: 0.5, noNaN: true }),
        (prices, shift) => {
          const minutes = prices.map((_, i) => 60 * i);
          const obs = prices.map((usd, i) => ({ minute: 60 * i, usd }));
          expect(trackPath(minutes, prices, obs).maxAbsLog).toBeLessThan(1e-12);
          const moved = trackPath(
            minutes,
            prices.map((p) => p * Math.exp(shift)),
            obs,
          );
          expect(moved.rmseLog! - moved.maxAbsLog!).toBeLessThanOrEqual(1e-12);
          expect(moved.rmseLog!).toBeCloseTo(Math.abs(shift), 9);
        },
      ),
    );
  });
});
