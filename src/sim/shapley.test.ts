import { describe, expect, it } from 'vitest';
import { attribute, shapleyFromTable } from './shapley.js';
import { constantKappaBook, exogenousBook, liquidationCohortBook, nullBook } from './testkit/books.js';
import { testConfig } from './testkit/config.js';

const SPOT = 70_000;
const D = 20e6;
const setup = (shocks = [] as { kind: 'sell'; usd: number; minutes: number }[]) => ({
  spot: SPOT,
  steps: 60,
  stepMinutes: 1,
  shocks,
  exogenousMinutes: 30,
  gridStep: 0.0005,
  perChannel: false,
});

describe('shapleyFromTable', () => {
  it('two players by hand: v = {∅: 0, 1: 1, 2: 2, 12: 4} -> (1.5, 2.5)', () => {
    // φ1 = ½(v1 − v∅) + ½(v12 − v2) = ½·1 + ½·2; φ2 = ½·2 + ½·3.
    expect(shapleyFromTable(2, [0, 1, 2, 4])).toEqual([1.5, 2.5]);
  });

  it('glove game: player 0 with either of 1, 2 makes 1 -> (2/3, 1/6, 1/6)', () => {
    const v = Array.from({ length: 8 }, (_, m) => (m & 1 && m & 6 ? 1 : 0));
    const phi = shapleyFromTable(3, v);
    expect(phi[0]).toBeCloseTo(2 / 3, 14);
    expect(phi[1]).toBeCloseTo(1 / 6, 14);
    expect(phi[2]).toBeCloseTo(1 / 6, 14);
  });

  it('rejects a table of the wrong size', () => {
    expect(() => shapleyFromTable(3, [0, 1])).toThrow(/expected 8/);
  });
});

describe('Proof 6: Shapley axioms on simulated coalitions (common random numbers)', () => {
  const cfg = testConfig({ steps: 60, noiseVol: 0.6, seed: 5 });
  const players = [
    { key: 'dealerOptions', book: constantKappaBook(SPOT, 0.25, D) },
    { key: 'dealerOptions#2', book: constantKappaBook(SPOT, 0.25, D) },
    { key: 'perpLiquidations', book: liquidationCohortBook(SPOT, 68_500, 30e6) },
    { key: 'leveredEtf', book: nullBook(SPOT) },
    { key: 'fundDegrossing', book: exogenousBook(SPOT, 20e6) },
  ];
  const a = attribute(players, setup([{ kind: 'sell', usd: 40e6, minutes: 10 }]), cfg, 300);
  const phi = a.rows.map((r) => r.shapleyDrawdown);

  it('efficiency: the values sum to v(all) − v(none), for drawdown and final return', () => {
    const sum = phi.reduce((x, y) => x + y, 0);
    expect(sum).toBeCloseTo(a.allDrawdown - a.baselineDrawdown, 12);
    const sumF = a.rows.reduce((x, r) => x + r.shapleyFinal, 0);
    expect(sumF).toBeCloseTo(a.allFinal - a.baselineFinal, 12);
    expect(a.rows.reduce((x, r) => x + (r.share ?? 0), 0)).toBeCloseTo(1, 12);
  });

  it('symmetry: two identical channels get equal values', () => {
    expect(phi[0]).toBe(phi[1]);
    expect(phi[0]).toBeGreaterThan(0);
  });

  it('null player: a channel with no book gets 0', () => {
    expect(phi[3]).toBe(0);
    expect(a.rows[3].shapleyFinal).toBe(0);
  });

  it('an exogenous seller deepens the fall; amplification = v(all)/v(none) > 1', () => {
    expect(phi[4]).toBeGreaterThan(0);
    expect(a.rows[4].shapleyFinal).toBeLessThan(0);
    expect(a.amplification).toBeCloseTo(a.allDrawdown / a.baselineDrawdown, 14);
    expect(a.amplification!).toBeGreaterThan(1);
  });

  it('deterministic cascade: the cohort gets exactly its own 1.5 % of log move', () => {
    const det = attribute(
      [{ key: 'perpLiquidations', book: liquidationCohortBook(SPOT, 68_500, 30e6) }],
      setup([{ kind: 'sell', usd: 50e6, minutes: 0 }]),
      testConfig({ steps: 5 }),
      1,
    );
    expect(det.baselineDrawdown).toBeCloseTo(1 - Math.exp(-0.025), 12);
    expect(det.allDrawdown).toBeCloseTo(1 - Math.exp(-0.04), 12);
    expect(det.rows[0].shapleyDrawdown).toBeCloseTo(Math.exp(-0.025) - Math.exp(-0.04), 12);
    expect(det.amplification).toBeCloseTo((1 - Math.exp(-0.04)) / (1 - Math.exp(-0.025)), 12);
  });

  it('refuses more than 8 channels', () => {
    const many = Array.from({ length: 9 }, (_, i) => ({ key: `c${i}`, book: nullBook(SPOT) }));
    expect(() => attribute(many, setup(), cfg, 1)).toThrow(/at most 8/);
  });
});
