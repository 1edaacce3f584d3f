import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runPaths } from './cascade.js';
import {
  depthFactor,
  type ImpactModel,
  lambdaPerUsd,
  propagatorKernel,
  sqrtCrossoverUsd,
  sqrtImpact,
  validateImpact,
} from './impact.js';
import { constantKappaBook } from './testkit/books.js';
import { testCompile, testConfig } from './testkit/config.js';

const SPOT = 70_000;
const D = 20e6;
const SQRT: Extract<ImpactModel, { kind: 'sqrt' }> = {
  kind: 'sqrt',
  depth1PctUsd: D,
  dailyVolumeUsd: 20e9,
  dailyVol: 0.03,
  y: 1,
};

describe('square-root law with its linear small-size regime', () => {
  const qStar = sqrtCrossoverUsd(SQRT);

  it('crossover Q* = (Yσ)²/(λ²V) where both branches meet; linear below, Yσ√(Q/V) above', () => {
    // λ = 1/(2e9); (0.03)²·(2e9)²/2e10 = 1.8e5 USD.
    expect(qStar).toBeCloseTo(1.8e5, 6);
    expect(sqrtImpact(qStar, D, 0.03, 20e9, 1)).toBeCloseTo(lambdaPerUsd(D) * qStar, 15);
    expect(sqrtImpact(1e5, D, 0.03, 20e9, 1)).toBeCloseTo(1e5 / 2e9, 15);
    expect(sqrtImpact(2e9, D, 0.03, 20e9, 1)).toBeCloseTo(0.03 * Math.sqrt(0.1), 15);
  });

  it('is odd, increasing, concave in |Q| and never above the linear model (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1, max: 1e10, noNaN: true }),
        fc.double({ min: 1, max: 1e10, noNaN: true }),
        (a, b) => {
          const [lo, hi] = a < b ? [a, b] : [b, a];
          const f = (q: number) => sqrtImpact(q, D, 0.03, 20e9, 1);
          const mid = f(0.5 * (lo + hi));
          return (
            f(-lo) === -f(lo) &&
            f(hi) >= f(lo) &&
            mid >= 0.5 * (f(lo) + f(hi)) - 1e-15 &&
            f(hi) <= lambdaPerUsd(D) * hi * (1 + 1e-12)
          );
        },
      ),
    );
  });

  it('in the engine: a metaorder moves the price by I(total) whether sent at once or over 30 minutes', () => {
    const cfg = testConfig({ steps: 40, impact: SQRT });
    for (const minutes of [0, 30]) {
      const c = testCompile([], SPOT, cfg, { shocks: [{ kind: 'sell', usd: 1e9, minutes }] });
      const r = runPaths(c, cfg, 0, 1);
      expect(r.logPrices[40] - Math.log(SPOT)).toBeCloseTo(-0.03 * Math.sqrt(0.05), 12);
    }
  });

  it('in the engine: with a hedger, the clearing price solves y = I(sale + R(y)) (κ = 0.5)', () => {
    const cfg = testConfig({ steps: 1, impact: SQRT });
    const c = testCompile([{ key: 'dealerOptions', book: constantKappaBook(SPOT, 0.5, D) }], SPOT, cfg, {
      shocks: [{ kind: 'sell', usd: 1e9, minutes: 0 }],
    });
    const r = runPaths(c, cfg, 0, 1);
    const y = r.logPrices[1] - Math.log(SPOT);
    const hedge = 100 * 0.5 * D * y; // R(y) for the constant-κ book
    expect(y).toBeCloseTo(sqrtImpact(-1e9 + hedge, D, 0.03, 20e9, 1), 10);
    expect(y).toBeLessThan(-0.03 * Math.sqrt(0.05)); // amplified
  });
});

describe('propagator', () => {
  const exp: Extract<ImpactModel, { kind: 'propagator' }> = {
    kind: 'propagator',
    depth1PctUsd: D,
    kernel: 'exp',
    permanent: 0.4,
    halfLifeMinutes: 10,
    beta: 0.5,
    tau0Minutes: 5,
  };
  const power = { ...exp, kernel: 'power' as const };

  it('kernels: K(0) = 1, exp halves the transient part per half-life, power decays as (1 + τ/τ0)^−β', () => {
    expect(propagatorKernel(exp, 0)).toBe(1);
    expect(propagatorKernel(exp, 10)).toBeCloseTo(0.4 + 0.6 / 2, 15);
    expect(propagatorKernel(exp, 1e6)).toBeCloseTo(0.4, 12);
    expect(propagatorKernel(power, 15)).toBeCloseTo(0.4 + 0.6 * 4 ** -0.5, 15);
  });

  for (const m of [exp, power]) {
    it(`${m.kernel}: a sale at once decays as λQ·K(τ) in the engine`, () => {
      const cfg = testConfig({ steps: 30, impact: m });
      const c = testCompile([], SPOT, cfg, { shocks: [{ kind: 'sell', usd: 40e6, minutes: 0 }] });
      const r = runPaths(c, cfg, 0, 1);
      for (const tau of [0, 1, 9, 29]) {
        expect(r.logPrices[tau + 1] - Math.log(SPOT)).toBeCloseTo(-0.02 * propagatorKernel(m, tau), 12);
      }
    });
  }

  it('a sale spread over 10 minutes: the price is the sum of the decayed slices (superposition)', () => {
    const cfg = testConfig({ steps: 20, impact: power });
    const c = testCompile([], SPOT, cfg, { shocks: [{ kind: 'sell', usd: 40e6, minutes: 10 }] });
    const r = runPaths(c, cfg, 0, 1);
    let want = 0;
    for (let s = 0; s < 10; s++) want += -0.002 * propagatorKernel(power, 19 - s);
    expect(r.logPrices[20] - Math.log(SPOT)).toBeCloseTo(want, 12);
  });
});

describe('depth collapse', () => {
  it('factor falls linearly to the floor at atDrawdown', () => {
    const c = { floor: 0.5, atDrawdown: 0.1 };
    expect(depthFactor(c, 0)).toBe(1);
    expect(depthFactor(c, 0.05)).toBeCloseTo(0.75, 15);
    expect(depthFactor(c, 0.3)).toBeCloseTo(0.5, 15);
    expect(depthFactor({ floor: 1, atDrawdown: 0.1 }, 0.3)).toBe(1);
  });

  it('in the engine: the second slice of a sale meets thinner depth (by hand)', () => {
    // Slice 1 (20M at D = 20M): −0.01. Drawdown 1 − e^−0.01 = 0.995 %, factor 1 − 0.5·0.0995 = 0.95025, so
    // slice 2 moves −0.01/0.95025.
    const cfg = testConfig({ steps: 2, depthCollapse: { floor: 0.5, atDrawdown: 0.1 } });
    const c = testCompile([], SPOT, cfg, { shocks: [{ kind: 'sell', usd: 40e6, minutes: 2 }] });
    const r = runPaths(c, cfg, 0, 1);
    const dd = -Math.expm1(-0.01);
    expect(r.logPrices[2] - Math.log(SPOT)).toBeCloseTo(-0.01 - 0.01 / (1 - 0.5 * (dd / 0.1)), 12);
  });
});

describe('validateImpact', () => {
  it('names the bad field', () => {
    expect(() => validateImpact({ kind: 'linear', depth1PctUsd: 0 }, { floor: 1, atDrawdown: 0.1 })).toThrow(
      /depth1PctUsd/,
    );
    expect(() => validateImpact({ ...SQRT, y: Number.NaN }, { floor: 1, atDrawdown: 0.1 })).toThrow(/\by\b/);
    expect(() => validateImpact({ kind: 'linear', depth1PctUsd: 1 }, { floor: 0, atDrawdown: 0.1 })).toThrow(
      /floor/,
    );
  });
});
