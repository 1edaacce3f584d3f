import { describe, expect, it } from 'vitest';
import { bsGreeks } from '../pricing/blackScholes.js';
import { type EngineConfig, pathNoise, runPaths } from './cascade.js';
import { lambdaPerUsd } from './impact.js';
import { runChunkForRuns, simulate, splitPaths } from './monteCarlo.js';
import { constantKappaBook, freyPutBook } from './testkit/books.js';
import { testCompile, testConfig } from './testkit/config.js';

/*
 * The oracles of docs/METHODS.md §12.6 (issue 12, Proof 1–4). Tolerances are stated in standard errors:
 * for n normal increments the relative standard error of a realised vol is 1/√(2n).
 */

const SPOT = 70_000;
const D = 20e6;
const SIGMA = 0.5;

/** Log increments of all paths (report every step). */
function increments(cfg: EngineConfig, kappa: number, paths: number) {
  const c = testCompile([{ key: 'dealerOptions', book: constantKappaBook(SPOT, kappa, D) }], SPOT, cfg);
  const r = runPaths(c, cfg, 0, paths);
  const n = cfg.steps + 1;
  const dx: number[] = [];
  const lag: [number, number][] = [];
  for (let p = 0; p < paths; p++) {
    for (let t = 1; t < n; t++) {
      const d = r.logPrices[p * n + t] - r.logPrices[p * n + t - 1];
      dx.push(d);
      if (t > 1) lag.push([r.logPrices[p * n + t - 1] - r.logPrices[p * n + t - 2], d]);
    }
  }
  const sigmaStep = cfg.noiseVol * Math.sqrt(cfg.stepMinutes / 525_600);
  const m2 = dx.reduce((a, d) => a + d * d, 0) / dx.length;
  const corr =
    lag.reduce((a, [u, v]) => a + u * v, 0) /
    Math.sqrt(lag.reduce((a, [u]) => a + u * u, 0) * lag.reduce((a, [, v]) => a + v * v, 0));
  return { volRatio: Math.sqrt(m2) / sigmaStep, n: dx.length, corr, nLag: lag.length };
}

describe('Proof 1: constant gamma, linear impact, implicit clearing: vol = σ/(1 − λG)', () => {
  for (const [a, want] of [
    [0.3, 1.4286],
    [0.6, 2.5],
    [-0.5, 0.6667],
  ] as const) {
    for (const stepMinutes of [1, 15]) {
      it(`a = ${a}, Δt = ${stepMinutes} min: ${want}σ, increments uncorrelated`, () => {
        const cfg = testConfig({ steps: 100, stepMinutes, noiseVol: SIGMA, seed: 11 });
        const r = increments(cfg, a, 2000); // 200,000 increments: relative SE 0.16 %, 1 % is > 6 SE
        expect(1 / (1 - a)).toBeCloseTo(want, 4);
        expect(Math.abs(r.volRatio / (1 / (1 - a)) - 1)).toBeLessThan(0.01);
        expect(Math.abs(r.corr)).toBeLessThan(5 / Math.sqrt(r.nLag)); // 5 SE of a zero correlation
      });
    }
  }

  it('the lagged (explicit) scheme instead gives AR(1) increments: lag-1 correlation a, step vol σ/√(1 − a²)', () => {
    const a = 0.6;
    const cfg = testConfig({ steps: 200, noiseVol: SIGMA, seed: 12, clearing: 'lagged' });
    const r = increments(cfg, a, 1000);
    // Stationary AR(1) Δx_t = a·Δx_{t−1} + σε: corr a (SE ≈ (1 − a²)/√n = 0.0014), var σ²/(1 − a²).
    expect(Math.abs(r.corr - a)).toBeLessThan(0.01);
    expect(Math.abs(r.volRatio / (1 / Math.sqrt(1 - a * a)) - 1)).toBeLessThan(0.015);
  });
});

describe('Proof 2: Frey feedback with a short Black–Scholes put (K = 100, σ = 50 %, T = 0.1, ρ = 0.2, N = 1)', () => {
  // Effective vol σ/(1 − ρ·S·N·Γ(S)); with N = 1 (one put, r = q = 0) this gives the 0.8691, 1.0061,
  // 0.8333 (docs/METHODS.md §12.6 derives them).
  const depth = 20e6;
  const lam = lambdaPerUsd(depth);
  const cases = [
    [90, 0.8691],
    [100, 1.0061],
    [110, 0.8333],
  ] as const;
  for (const [S, want] of cases) {
    it(`S = ${S}: ${want} within 1 % on 100,000 samples`, () => {
      const g = bsGreeks({
        type: 'put',
        spot: S,
        strike: 100,
        tau: 0.1,
        rate: 0,
        divYield: 0,
        vol: SIGMA,
      }).gamma;
      const exact = SIGMA / (1 - 0.2 * S * 1 * g);
      expect(exact).toBeCloseTo(want, 4);
      const cfg = testConfig({
        steps: 1,
        stepMinutes: 1,
        noiseVol: SIGMA,
        seed: 21,
        impact: { kind: 'linear', depth1PctUsd: depth },
      });
      const book = freyPutBook(S, { strike: 100, vol: SIGMA, tau: 0.1, n: 1, rho: 0.2, lambdaPerUsd: lam });
      const c = testCompile([{ key: 'dealerOptions', book }], S, cfg, { gridStep: 1e-4 });
      const n = 100_000;
      const r = runPaths(c, cfg, 0, n);
      let m2 = 0;
      for (let p = 0; p < n; p++) m2 += (r.logPrices[2 * p + 1] - r.logPrices[2 * p]) ** 2;
      const vol = Math.sqrt(m2 / n / (1 / 525_600));
      // relative SE 1/√(2n) = 0.22 %: 1 % is 4.5 SE
      expect(Math.abs(vol / exact - 1)).toBeLessThan(0.01);
    });
  }
});

describe('Proof 3: long gamma damps, variance grows like (1 − κ)^−2, κ ≥ 1 jumps', () => {
  it('long gamma κ = −1: σ/2', () => {
    const cfg = testConfig({ steps: 100, noiseVol: SIGMA, seed: 31 });
    const r = increments(cfg, -1, 2000);
    expect(Math.abs(r.volRatio / 0.5 - 1)).toBeLessThan(0.01);
  });

  it('var · (1 − κ)² stays at σ² as κ -> 1 (κ = 0.5, 0.8, 0.9, 0.95)', () => {
    for (const k of [0.5, 0.8, 0.9, 0.95]) {
      const cfg = testConfig({ steps: 50, noiseVol: 0.1, seed: 32 });
      const r = increments(cfg, k, 2000); // 100,000 increments: relative SE of a variance 0.45 %
      expect(Math.abs(r.volRatio ** 2 * (1 - k) ** 2 - 1)).toBeLessThan(0.03);
    }
  });

  it('κ ≥ 1 everywhere: every path jumps on its first step, prices stay finite', () => {
    for (const k of [1, 1.2]) {
      const cfg = testConfig({ steps: 5, noiseVol: SIGMA, seed: 33 });
      const c = testCompile([{ key: 'dealerOptions', book: constantKappaBook(SPOT, k, D) }], SPOT, cfg);
      const s = simulate(c, cfg, 200);
      expect(s.jumps.probability).toBe(1);
      expect(s.jumps.samples[0].step).toBe(0);
      expect(s.jumps.byStep[0]).toMatchObject({ step: 0, probability: 1 });
      expect(s.quantiles.p05.every(Number.isFinite)).toBe(true);
    }
  });
});

describe('Proof 4: Δt convergence (implicit clearing, nonlinear Frey book over one day)', () => {
  it('halving the step leaves the final-return and drawdown statistics unchanged within Monte Carlo error', () => {
    const lam = lambdaPerUsd(D);
    const book = freyPutBook(100, { strike: 100, vol: SIGMA, tau: 0.1, n: 1, rho: 0.2, lambdaPerUsd: lam });
    const paths = 20_000;
    const stats = [30, 15].map((stepMinutes) => {
      const cfg = testConfig({
        steps: 1440 / stepMinutes,
        stepMinutes,
        noiseVol: SIGMA,
        seed: 40 + stepMinutes,
        reportEvery: 1440 / stepMinutes,
      });
      const c = testCompile([{ key: 'dealerOptions', book }], 100, cfg, { gridStep: 2e-4 });
      const r = runPaths(c, cfg, 0, paths);
      let m2 = 0;
      for (let p = 0; p < paths; p++) m2 += (r.logPrices[2 * p + 1] - r.logPrices[2 * p]) ** 2;
      const dd = r.drawdown.reduce((a, d) => a + d, 0) / paths;
      const ddSd = Math.sqrt(r.drawdown.reduce((a, d) => a + (d - dd) ** 2, 0) / paths);
      return { sd: Math.sqrt(m2 / paths), dd, ddSe: ddSd / Math.sqrt(paths) };
    });
    const [coarse, fine] = stats;
    // Each sd has relative SE 1/√(2n) = 0.5 %; their difference √2 · 0.5 % = 0.71 %: allow 3 %.
    expect(Math.abs(coarse.sd / fine.sd - 1)).toBeLessThan(0.03);
    // The expected drawdown sampled every Δt is biased low by O(√Δt) (the discretely monitored maximum,
    // Broadie–Glasserman–Kou 1997): the finer step must not be smaller, and the gap is a few percent.
    expect(fine.dd).toBeGreaterThan(coarse.dd - 3 * Math.hypot(coarse.ddSe, fine.ddSe));
    expect(Math.abs(fine.dd / coarse.dd - 1)).toBeLessThan(0.08);
    // Effective daily vol sits near σ/(1 − ρSΓ) ≈ 1.006 annualised at S = 100 (it drifts with S over the day).
    const annual = fine.sd * Math.sqrt(365);
    expect(annual).toBeGreaterThan(0.8);
    expect(annual).toBeLessThan(1.05);
  });
});

describe('chunking', () => {
  it('noise drawn once (pathNoise) gives the same paths as the per-path generators, for every run', () => {
    const cfg = testConfig({ steps: 30, noiseVol: 0.7, seed: 9 });
    const runs = [0.2, -0.3].map((k) =>
      testCompile([{ key: 'dealerOptions', book: constantKappaBook(SPOT, k, D) }], SPOT, cfg),
    );
    const shared = runChunkForRuns(runs, cfg, 5, 7);
    runs.forEach((c, i) => {
      expect(shared[i].logPrices).toEqual(runPaths(c, cfg, 5, 7).logPrices);
    });
    expect(() => runPaths(runs[0], cfg, 0, 2, pathNoise(cfg, 0, 3))).toThrow(/noise has 90 values/);
  });

  it('splitPaths covers [0, N) in contiguous pieces', () => {
    expect(splitPaths(10, 3)).toEqual([
      { from: 0, count: 3 },
      { from: 3, count: 3 },
      { from: 6, count: 4 },
    ]);
    expect(splitPaths(2, 5)).toEqual([
      { from: 0, count: 1 },
      { from: 1, count: 1 },
    ]);
  });
});
