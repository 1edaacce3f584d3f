import { describe, expect, it } from 'vitest';
import { solveSale } from './calibrate.js';
import { constantKappaBook, liquidationCohortBook } from './testkit/books.js';
import { testConfig } from './testkit/config.js';

const SPOT = 70_000;
const setup = {
  spot: SPOT,
  steps: 5,
  stepMinutes: 1,
  shocks: [],
  exogenousMinutes: 0,
  gridStep: 0.0005,
  perChannel: false,
};

describe('solveSale (what it took)', () => {
  const players = [{ key: 'perpLiquidations', book: liquidationCohortBook(SPOT, 68_500, 30e6) }];
  const cfg = testConfig({ steps: 5 });

  it('Proof 5 backwards: a −4 % close takes $50M with the cohort, $80M without (by hand)', () => {
    const all = solveSale(players, 1, setup, cfg, 1, -0.04, 0);
    expect(all.status).toBe('ok');
    expect(all.saleUsd).toBeGreaterThan(49.9e6);
    expect(all.saleUsd).toBeLessThan(50.1e6);
    const none = solveSale(players, 0, setup, cfg, 1, -0.04, 0);
    expect(none.saleUsd! / 80e6).toBeCloseTo(1, 3);
  });

  it('amplifying hedgers shrink what it takes by (1 − κ)', () => {
    const kappa = [{ key: 'dealerOptions', book: constantKappaBook(SPOT, 0.5, 20e6) }];
    const r = solveSale(kappa, 1, setup, cfg, 1, -0.02, 3);
    expect(r.saleUsd! / 20e6).toBeCloseTo(1, 3); // −0.02 = −λQ/(1 − κ) -> Q = 0.02·(1 − 0.5)·2e9
  });

  it('reports a cliff when the median jumps across the target (a cascade switching on)', () => {
    // A −2.5 % target: the sale alone reaches 68,500 (−2.17 %) at $43.4M, where the cohort adds −1.5 %, so the
    // close jumps from −2.17 % to −3.67 % and no sale ends at −2.5 %.
    const r = solveSale(players, 1, setup, cfg, 1, -0.025, 0);
    expect(r.status).toBe('cliff');
    const cross = -Math.log(68_500 / SPOT); // the sale's own move at the cohort
    expect(r.saleUsd! / (cross * 2e9)).toBeCloseTo(1, 6);
    expect(r.cliffFrom).toBeCloseTo(-cross, 6);
    expect(r.achievedLogReturn).toBeCloseTo(-cross - 0.015, 6);
  });

  it('adds the trial sale to the shocks already in the run (compiled once per solve)', () => {
    // A $30M sale at once is in the run; a −4 % close with no channel then takes $50M more (80M − 30M).
    const withSale = { ...setup, shocks: [{ kind: 'sell' as const, usd: 30e6, minutes: 0 }] };
    const r = solveSale(players, 0, withSale, cfg, 1, -0.04, 0);
    expect(r.status).toBe('ok');
    expect(r.saleUsd! / 50e6).toBeCloseTo(1, 3);
  });

  it('says when the target is passed without any sale, or out of reach', () => {
    expect(
      solveSale(players, 1, { ...setup, shocks: [{ kind: 'gap', pct: -0.1 }] }, cfg, 1, -0.04, 0).status,
    ).toBe('target-above-baseline');
    expect(solveSale(players, 1, setup, cfg, 1, -1e9, 0).status).toBe('beyond-range');
  });
});
