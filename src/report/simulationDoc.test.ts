import { describe, expect, it } from 'vitest';
import { SimPool } from '../app/simPool.js';
import { simulate } from '../app/simulate.js';
import type { WhatItTook } from '../sim/simulationDoc.js';
import { liquidationCohortBook } from '../sim/testkit/books.js';
import { buildSimulationReport } from './simulationDoc.js';

const SPOT = 70_000;

async function doc() {
  const pool = new SimPool(1);
  try {
    const { doc } = await simulate(
      {
        market: {
          asOf: '2026-02-04T21:00:00Z',
          spot: { usd: SPOT, quality: 'observed', source: 'x' },
          dvol: null,
          depth: null,
        },
        books: [liquidationCohortBook(SPOT, 68_500, 30e6)],
        assumptions: {},
        options: { shocks: ['sell:43m:0'], paths: 3, attributionPaths: 2, horizonHours: 1, noiseVol: 0 },
      },
      pool,
      () => {},
    );
    return doc;
  } finally {
    await pool.close();
  }
}

const took = (cliff: boolean): WhatItTook => ({
  event: '2026-02-05',
  observed: {
    fromAsOf: '2026-02-04T21:00:00Z',
    toAsOf: '2026-02-04T22:00:00Z',
    fromUsd: SPOT,
    toUsd: SPOT * Math.exp(-0.025),
    logReturn: -0.025,
    quality: 'observed',
  },
  saleMinutes: 60,
  calibrationPaths: 3,
  saleAllUsd: cliff ? 43.4e6 : 20e6,
  saleNoneUsd: 50e6,
  statusAll: cliff ? 'cliff' : 'ok',
  statusNone: 'ok',
  cliffAll: cliff ? { belowLogReturn: -0.0217, atLogReturn: -0.0367 } : null,
  cliffNone: null,
  leverage: cliff ? null : 2.5,
  tracking: {
    points: 0,
    rmseLog: null,
    maxAbsLog: null,
    series: 'x:BTC-USD',
    quality: 'observed',
    observed: [],
  },
});

describe('simulation.html: the "what it took" section', () => {
  it('a cliff is said as a cliff: no sale "reproduces" the close with every channel, no leverage', async () => {
    const d = await doc();
    const s = buildSimulationReport({ ...d, whatItTook: took(true) }, 'f').sections.find(
      (x) => x.id === 'what-it-took',
    )!;
    const sale = s.numbers.find((n) => n.label === 'Sale that reproduces it, all channels')!;
    expect(sale.display).toBe('none: a cliff at $43.4M');
    expect(sale.value).toBeNull();
    expect(s.summary).toMatch(/a cliff, not a slope/);
    expect(s.summary).not.toMatch(/did the work of/);
    const ok = buildSimulationReport({ ...d, whatItTook: took(false) }, 'f').sections.find(
      (x) => x.id === 'what-it-took',
    )!;
    expect(ok.numbers.find((n) => n.label === 'Sale that reproduces it, all channels')!.display).toBe(
      '$20.0M',
    );
    expect(ok.summary).toMatch(/did the work of 2.50x the selling/);
  });
});
