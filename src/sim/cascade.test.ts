import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runPaths } from './cascade.js';
import { simulate } from './monteCarlo.js';
import { constantKappaBook, liquidationCohortBook, nullBook, syntheticBook } from './testkit/books.js';
import { testCompile, testConfig } from './testkit/config.js';

const SPOT = 70_000;
const D = 20e6;

describe('deterministic cascades (linear impact, no noise)', () => {
  it('Proof 5: $50M sale at once, depth $20M/1 %, a $30M long cohort at 68,500 -> 70,000·e^−0.04', () => {
    // By hand: the sale alone moves ln S by −50/(100·20) = −0.025 -> 68,271 < 68,500, so the cohort sells
    // $30M more: −0.015; no further trigger: final 70,000·e^(−0.04) = 67,255.3.
    const cfg = testConfig({ steps: 5 });
    const c = testCompile(
      [{ key: 'perpLiquidations', book: liquidationCohortBook(SPOT, 68_500, 30e6) }],
      SPOT,
      cfg,
      {
        shocks: [{ kind: 'sell', usd: 50e6, minutes: 0 }],
      },
    );
    const r = runPaths(c, cfg, 0, 1);
    const final = Math.exp(r.logPrices[r.logPrices.length - 1]);
    expect(final).toBeCloseTo(SPOT * Math.exp(-0.04), 6);
    expect(Math.exp(r.logPrices[1])).toBeCloseTo(SPOT * Math.exp(-0.04), 6);
    expect(r.downFiredPaths[0]).toBe(1);
    expect(r.downMinStep[0]).toBe(0);
    expect(r.drawdown[0]).toBeCloseTo(1 - Math.exp(-0.04), 12);
    expect(r.jumpCount).toBe(0);
  });

  it('a cohort below the reach of the sale does not fire', () => {
    const cfg = testConfig({ steps: 3 });
    const c = testCompile(
      [{ key: 'perpLiquidations', book: liquidationCohortBook(SPOT, 68_000, 30e6) }],
      SPOT,
      cfg,
      {
        shocks: [{ kind: 'sell', usd: 50e6, minutes: 0 }],
      },
    );
    const r = runPaths(c, cfg, 0, 1);
    expect(Math.exp(r.logPrices[3])).toBeCloseTo(SPOT * Math.exp(-0.025), 6);
    expect(r.downFiredPaths[0]).toBe(0);
  });

  it('a ladder of cohorts cascades to the hand-computed fixed point, each fires once', () => {
    // Sale 40M: −0.02 -> 68,614 reaches 69,000 (−20M: −0.01 more -> 67,935), which reaches 68,000 (−20M ->
    // −0.04 in all, 67,255), not 67,000: final e^−0.04. Then a rebound buy of 100M (+0.05) does not refire.
    const cfg = testConfig({ steps: 4 });
    const book = syntheticBook({
      id: 'perpLiquidations',
      spot: SPOT,
      triggers: [
        { price: 69_000, direction: 'down', tradeUsd: -20e6 },
        { price: 68_000, direction: 'down', tradeUsd: -20e6 },
        { price: 67_000, direction: 'down', tradeUsd: -20e6 },
      ],
    });
    const c = testCompile([{ key: 'perpLiquidations', book }], SPOT, cfg, {
      shocks: [{ kind: 'sell', usd: 40e6, minutes: 0 }],
    });
    const r = runPaths(c, cfg, 0, 1);
    expect(Math.exp(r.logPrices[1])).toBeCloseTo(SPOT * Math.exp(-0.04), 6);
    expect(Array.from(r.downFiredPaths)).toEqual([1, 1, 0]);
  });

  it('a sale spread over 10 minutes moves the price by the same total, linearly in time', () => {
    const cfg = testConfig({ steps: 20 });
    const c = testCompile([], SPOT, cfg, { shocks: [{ kind: 'sell', usd: 50e6, minutes: 10 }] });
    const r = runPaths(c, cfg, 0, 1);
    expect(r.logPrices[5] - Math.log(SPOT)).toBeCloseTo(-0.0125, 12);
    expect(r.logPrices[20] - Math.log(SPOT)).toBeCloseTo(-0.025, 12);
  });

  it('a gap shock is amplified by a constant-κ book: ln move = ln(0.95)/(1 − κ)', () => {
    const cfg = testConfig({ steps: 2 });
    const c = testCompile([{ key: 'dealerOptions', book: constantKappaBook(SPOT, 0.4, D) }], SPOT, cfg, {
      shocks: [{ kind: 'gap', pct: -0.05 }],
    });
    const r = runPaths(c, cfg, 0, 1);
    expect(r.logPrices[2] - Math.log(SPOT)).toBeCloseTo(Math.log(0.95) / 0.6, 9);
  });

  it('hedging interval: hedgers trade only every k steps, then for the whole move since their last hedge', () => {
    // k = 2, κ = 0.3, a −1 % sale at step 0: step 0 unhedged (−0.01); step 1 hedges from spot: y = −0.01 + κ·y.
    const cfg = testConfig({ steps: 2, hedgeEverySteps: 2 });
    const c = testCompile([{ key: 'dealerOptions', book: constantKappaBook(SPOT, 0.3, D) }], SPOT, cfg, {
      shocks: [{ kind: 'sell', usd: 20e6, minutes: 0 }],
    });
    const r = runPaths(c, cfg, 0, 1);
    expect(r.logPrices[1] - Math.log(SPOT)).toBeCloseTo(-0.01, 12);
    expect(r.logPrices[2] - Math.log(SPOT)).toBeCloseTo(-0.01 / 0.7, 12);
  });

  it('hedging band: no trade while the price stays inside the band, a full rebalance once it leaves it', () => {
    const run = (usd: number) => {
      const cfg = testConfig({ steps: 2, hedgeBand: 0.005 });
      const c = testCompile([{ key: 'dealerOptions', book: constantKappaBook(SPOT, 0.3, D) }], SPOT, cfg, {
        shocks: [{ kind: 'sell', usd, minutes: 0 }],
      });
      const r = runPaths(c, cfg, 0, 1);
      return [r.logPrices[1] - Math.log(SPOT), r.logPrices[2] - Math.log(SPOT)];
    };
    // −0.4 % stays inside a 0.5 % band: never hedged.
    const inside = run(8e6);
    expect(inside[0]).toBeCloseTo(-0.004, 12);
    expect(inside[1]).toBeCloseTo(-0.004, 12);
    // −1 % leaves it: the next step rebalances from spot, y = −0.01/(1 − κ).
    const outside = run(20e6);
    expect(outside[0]).toBeCloseTo(-0.01, 12);
    expect(outside[1]).toBeCloseTo(-0.01 / 0.7, 12);
  });

  it('Proof 3: κ ≥ 1 on a band emits a jump event to the next stable price, finite, no oscillation', () => {
    // κ = 1.5 between 69,000 and 66,000, 0 elsewhere. A small sale reaching the band cannot clear inside it:
    // the price falls through the band; below it κ = 0, so the landing solves the linear equation by hand.
    const lo = Math.log(66_000 / SPOT);
    const hi = Math.log(69_000 / SPOT);
    const k = 1.5;
    const rev = (s: number) => {
      const x = Math.log(s / SPOT);
      const clamp = Math.min(hi, Math.max(lo, x));
      return 100 * k * D * (clamp - hi);
    };
    const cfg = testConfig({ steps: 3 });
    const book = syntheticBook({ spot: SPOT, reversible: rev, points: 14001 });
    const sale = 30e6; // −0.015 alone: 68,958 < 69,000 -> inside the band
    const c = testCompile([{ key: 'dealerOptions', book }], SPOT, cfg, {
      shocks: [{ kind: 'sell', usd: sale, minutes: 0 }],
    });
    const r = runPaths(c, cfg, 0, 1);
    // Landing y below the band: y = −sale/(100D) + κ·(lo − hi) (the band's whole sale).
    const y = -sale / (100 * D) + k * (lo - hi);
    expect(r.logPrices[1] - Math.log(SPOT)).toBeCloseTo(y, 6);
    expect(r.jumpCount).toBe(1);
    expect(r.largestJump?.fromPrice).toBeCloseTo(SPOT, 6);
    expect(r.largestJump?.toPrice).toBeCloseTo(SPOT * Math.exp(y), 3);
    // no further moves without noise
    expect(r.logPrices[3]).toBeCloseTo(r.logPrices[1], 12);
  });

  it('never NaN, never hangs: random books, triggers and shocks (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            k: fc.double({ min: -2, max: 3, noNaN: true }),
            c: fc.double({ min: -0.3, max: 0.3, noNaN: true }),
          }),
          {
            minLength: 1,
            maxLength: 4,
          },
        ),
        fc.array(
          fc.record({
            p: fc.double({ min: 0.6, max: 1.4, noNaN: true }),
            up: fc.boolean(),
            t: fc.double({ min: -80e6, max: 80e6, noNaN: true }),
          }),
          { maxLength: 6 },
        ),
        fc.double({ min: 0, max: 300e6, noNaN: true }),
        (bumps, trig, sale) => {
          // A sum of tanh bumps: local κ up to a few, of either sign.
          const rev = (s: number) =>
            bumps.reduce(
              (a, b) => a + 100 * D * b.k * 0.02 * Math.tanh((Math.log(s / SPOT) - b.c) / 0.02),
              0,
            );
          const book = syntheticBook({
            spot: SPOT,
            points: 1401,
            reversible: rev,
            triggers: trig.map((t) => ({
              price: SPOT * t.p,
              direction: t.up ? 'up' : 'down',
              tradeUsd: t.t,
            })),
          });
          const cfg = testConfig({ steps: 30, noiseVol: 1.5, seed: 3 });
          const c = testCompile([{ key: 'dealerOptions', book }], SPOT, cfg, {
            shocks: [{ kind: 'sell', usd: sale + 1, minutes: 5 }],
          });
          const r = runPaths(c, cfg, 0, 4);
          return r.logPrices.every(Number.isFinite) && r.drawdown.every((d) => d >= 0 && d < 1);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('a null channel changes nothing; chunking changes nothing', () => {
    const cfg = testConfig({ steps: 50, noiseVol: 0.8, reportEvery: 10 });
    const players = [
      { key: 'dealerOptions', book: constantKappaBook(SPOT, 0.3, D) },
      { key: 'leveredEtf', book: nullBook(SPOT) },
    ];
    const all = simulate(testCompile(players, SPOT, cfg), cfg, 64, 1);
    const without = simulate(testCompile(players, SPOT, cfg, {}, 1), cfg, 64, 3);
    expect(without.quantiles.p50).toEqual(all.quantiles.p50);
    expect(without.drawdown).toEqual(all.drawdown);
  });
});
