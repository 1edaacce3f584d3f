import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bridgeAdditive, bridgeLog, foldIntoBand, studentSteps } from './bridge.js';
import { createRng } from './rng.js';

describe('bridgeAdditive', () => {
  it('hits both endpoints exactly for any increments', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 1, maxLength: 50 }),
        (a, b, steps) => {
          const path = bridgeAdditive(a, b, Float64Array.from(steps));
          return path.length === steps.length + 1 && path[0] === a && path[steps.length] === b;
        },
      ),
    );
  });

  it('pins a walk: steps [1, 2, 3] from 0 to 0 give [0, -1, -1, 0] (hand-computed)', () => {
    // W = [1, 3, 6]; B_k = W_k - (k/3) * 6.
    expect(Array.from(bridgeAdditive(0, 0, Float64Array.of(1, 2, 3)))).toEqual([0, -1, -1, 0]);
  });

  it('uses the variance clock: with variances [1, 3] the midpoint sits 1/4 of the way', () => {
    expect(Array.from(bridgeAdditive(0, 8, Float64Array.of(0, 0), Float64Array.of(1, 3)))).toEqual([0, 2, 8]);
  });

  it('has the Brownian-bridge variance t (T - t) / T at the midpoint (4,000 paths)', () => {
    const rng = createRng(3, 'bridge-variance');
    const n = 10;
    const m = 4000;
    let s2 = 0;
    for (let j = 0; j < m; j++) {
      const steps = Float64Array.from({ length: n }, () => rng.normal());
      const x = bridgeAdditive(0, 0, steps)[5];
      s2 += x * x;
    }
    // Var = 5 * 5 / 10 = 2.5; the standard error of the sample variance is 2.5 * sqrt(2 / m).
    expect(Math.abs(s2 / m - 2.5)).toBeLessThan(4 * 2.5 * Math.sqrt(2 / m));
  });
});

describe('bridgeLog', () => {
  it('interpolates geometrically with zero increments', () => {
    const p = bridgeLog(100, 400, Float64Array.of(0, 0));
    expect(p[0]).toBe(100);
    expect(p[1]).toBeCloseTo(200, 10);
    expect(p[2]).toBe(400);
  });

  it('hits both endpoints exactly (no exp(log(x)) round-off) for any positive prices', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1, max: 1e6, noNaN: true }),
        fc.double({ min: 1, max: 1e6, noNaN: true }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 0, max: 1000 }),
        (a, b, n, seed) => {
          const steps = studentSteps(createRng(seed), n, 0.02, 4);
          const p = bridgeLog(a, b, steps);
          return p[0] === a && p[n] === b && p.every((x) => x > 0);
        },
      ),
    );
  });
});

describe('foldIntoBand', () => {
  it('reflects at the bounds (hand cases)', () => {
    expect(foldIntoBand(95, 100, 200)).toBe(105);
    expect(foldIntoBand(210, 100, 200)).toBe(190);
    expect(foldIntoBand(150, 100, 200)).toBe(150);
    expect(foldIntoBand(50, Number.NaN, 40)).toBe(30);
    expect(foldIntoBand(-1e9, 0, Number.NaN)).toBe(1e9);
  });

  it('always lands inside the band', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e4, max: 1e4, noNaN: true }),
        fc.double({ min: 0.001, max: 100, noNaN: true }),
        (x, w) => {
          const y = foldIntoBand(x, 10, 10 + w);
          return y >= 10 && y <= 10 + w;
        },
      ),
    );
  });
});
