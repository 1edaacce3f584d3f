import { describe, expect, it } from 'vitest';
import { simulate } from '../sim/monteCarlo.js';
import { attribute } from '../sim/shapley.js';
import { constantKappaBook, liquidationCohortBook } from '../sim/testkit/books.js';
import { testCompile, testConfig } from '../sim/testkit/config.js';
import { SimPool } from './simPool.js';

const SPOT = 70_000;

describe('SimPool', () => {
  const players = [
    { key: 'dealerOptions', book: constantKappaBook(SPOT, 0.3, 20e6) },
    { key: 'perpLiquidations', book: liquidationCohortBook(SPOT, 69_000, 30e6) },
  ];
  const cfg = testConfig({ steps: 40, noiseVol: 0.8, reportEvery: 10 });
  const setup = {
    spot: SPOT,
    steps: 40,
    stepMinutes: 1,
    shocks: [],
    exogenousMinutes: 0,
    gridStep: 0.0005,
    perChannel: true,
  };

  it('gives the same summary as a single-thread run (chunking does not change paths)', async () => {
    const pool = new SimPool(2);
    const c = testCompile(players, SPOT, cfg);
    const a = await pool.simulate(c, cfg, 101);
    await pool.close();
    const b = simulate(c, cfg, 101);
    // Per-path results are identical; flow sums differ only by the order of floating-point additions.
    expect({ ...a, flows: [] }).toEqual({ ...b, flows: [] });
    a.flows.forEach((f, i) => {
      expect(f.key).toBe(b.flows[i].key);
      f.usd.forEach((u, k) => {
        expect(u).toBeCloseTo(b.flows[i].usd[k], 6);
      });
    });
  });

  it('gives the same attribution as the single-thread one', async () => {
    const pool = new SimPool(2);
    const a = await pool.attribute(players, setup, cfg, 50);
    await pool.close();
    expect(a).toEqual(attribute(players, setup, cfg, 50));
  });
});
