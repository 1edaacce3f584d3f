import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rationalCubic, rationalCubicRFitLeft, rationalCubicRFitRight } from './lbrRational.js';

// Delbourgo & Gregory (1985) rational cubic: checked against its defining properties, not against itself.

const D = 1e-4;

function derivatives(f: (x: number) => number, x: number): { d1: number; d2: number } {
  const fp = f(x + D);
  const f0 = f(x);
  const fm = f(x - D);
  return { d1: (fp - fm) / (2 * D), d2: (fp - 2 * f0 + fm) / (D * D) };
}

describe('rationalCubic', () => {
  it('interpolates values and slopes at both ends for any r > -1', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -5, max: 5, noNaN: true }),
        fc.double({ min: -5, max: 5, noNaN: true }),
        fc.double({ min: -3, max: 3, noNaN: true }),
        fc.double({ min: -3, max: 3, noNaN: true }),
        fc.double({ min: -0.9, max: 50, noNaN: true }),
        (yl, yr, dl, dr, r) => {
          const f = (x: number): number => rationalCubic(x, 1, 3, yl, yr, dl, dr, r);
          expect(Math.abs(f(1) - yl)).toBeLessThanOrEqual(1e-14 * (1 + Math.abs(yl)));
          expect(Math.abs(f(3) - yr)).toBeLessThanOrEqual(1e-14 * (1 + Math.abs(yr)));
          // One-sided slopes from inside the interval (second order).
          const sl = (-3 * f(1) + 4 * f(1 + D) - f(1 + 2 * D)) / (2 * D);
          const sr = (3 * f(3) - 4 * f(3 - D) + f(3 - 2 * D)) / (2 * D);
          const scale = 1 + Math.abs(yl) + Math.abs(yr) + Math.abs(dl) + Math.abs(dr);
          expect(Math.abs(sl - dl), `slope left r=${r}`).toBeLessThanOrEqual(
            1e-4 * scale * (1 + Math.abs(r)),
          );
          expect(Math.abs(sr - dr), `slope right r=${r}`).toBeLessThanOrEqual(
            1e-4 * scale * (1 + Math.abs(r)),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('is the cubic Hermite polynomial at r = 3 and the straight line for huge r', () => {
    // Hermite basis on [0, 1]: h00 = 2t³−3t²+1, h10 = t³−2t²+t, h01 = −2t³+3t², h11 = t³−t².
    for (const t of [0, 0.1, 0.37, 0.5, 0.9, 1]) {
      const x = 2 + 4 * t;
      const hermite =
        (2 * t ** 3 - 3 * t ** 2 + 1) * 1.5 +
        (t ** 3 - 2 * t ** 2 + t) * 4 * -0.7 +
        (-2 * t ** 3 + 3 * t ** 2) * 2.5 +
        (t ** 3 - t ** 2) * 4 * 0.3;
      expect(rationalCubic(x, 2, 6, 1.5, 2.5, -0.7, 0.3, 3)).toBeCloseTo(hermite, 14);
      expect(rationalCubic(x, 2, 6, 1.5, 2.5, -0.7, 0.3, 1e40)).toBeCloseTo(1.5 + t, 14);
    }
    expect(rationalCubic(5, 5, 5, 1, 3, 0, 0, 3)).toBe(2);
  });

  it('matches a prescribed second derivative at the left or right end when that r is admissible', () => {
    // Data of a convex increasing function, e^x on [0, 1]; curvature e^0 = 1 at the left, e at the right.
    const [yl, yr, dl, dr] = [1, Math.E, 1, Math.E];
    const rl = rationalCubicRFitLeft(0, 1, yl, yr, dl, dr, 1, false);
    const rr = rationalCubicRFitRight(0, 1, yl, yr, dl, dr, Math.E, false);
    const fl = (x: number): number => rationalCubic(x, 0, 1, yl, yr, dl, dr, rl);
    const fr = (x: number): number => rationalCubic(x, 0, 1, yl, yr, dl, dr, rr);
    // Second derivative one step inside the ends (the curve is smooth on [0, 1]).
    expect(Math.abs(derivatives(fl, 2 * D).d2 - 1)).toBeLessThan(1e-2);
    expect(Math.abs(derivatives(fr, 1 - 2 * D).d2 - Math.E)).toBeLessThan(1e-2);
    // And it interpolates e^x well in between.
    for (const x of [0.25, 0.5, 0.75]) {
      expect(Math.abs(fl(x) - Math.exp(x))).toBeLessThan(2e-3);
      expect(Math.abs(fr(x) - Math.exp(x))).toBeLessThan(2e-3);
    }
  });

  it('raises r to keep monotone convex data monotone and convex (D&G (3.8), (3.18))', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 2, noNaN: true }),
        fc.double({ min: 0.01, max: 5, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 1, max: 20, noNaN: true }),
        fc.double({ min: -50, max: 50, noNaN: true }),
        (h, rise, a, b, curvature) => {
          // Secant slope s = rise/h; slopes dl = a·s <= s <= dr = b·s: data of a convex increasing function.
          const s = rise / h;
          const dl = a * s;
          const dr = b * s;
          const r = rationalCubicRFitLeft(0, h, 0, rise, dl, dr, curvature, true);
          let prev = Number.NEGATIVE_INFINITY;
          let prevSlope = Number.NEGATIVE_INFINITY;
          const n = 64;
          for (let i = 0; i <= n; i++) {
            const v = rationalCubic((h * i) / n, 0, h, 0, rise, dl, dr, r);
            const tol = 1e-12 * rise;
            expect(v, `i=${i} r=${r}`).toBeGreaterThanOrEqual(prev - tol);
            if (i > 0) {
              const slope = (v - prev) * (n / h);
              expect(slope, `convexity at i=${i} r=${r}`).toBeGreaterThanOrEqual(
                prevSlope - 1e-9 * (1 + s * b),
              );
              prevSlope = slope;
            }
            prev = v;
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
