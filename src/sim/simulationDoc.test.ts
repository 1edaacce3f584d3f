import { describe, expect, it } from 'vitest';
import { simulate } from './monteCarlo.js';
import { attribute } from './shapley.js';
import { buildSimulationDoc, SIMULATION_SCHEMA } from './simulationDoc.js';
import { liquidationCohortBook, nullBook } from './testkit/books.js';
import { testCompile, testConfig } from './testkit/config.js';

const SPOT = 70_000;

describe('buildSimulationDoc', () => {
  const cfg = testConfig({ steps: 10, stepMinutes: 2, reportEvery: 5 });
  const players = [
    { key: 'perpLiquidations', book: liquidationCohortBook(SPOT, 68_500, 30e6) },
    { key: 'leveredEtf', book: nullBook(SPOT) },
  ];
  const setup = {
    spot: SPOT,
    steps: 10,
    stepMinutes: 2,
    shocks: [{ kind: 'sell' as const, usd: 50e6, minutes: 0 }],
    exogenousMinutes: 0,
    gridStep: 0.0005,
    perChannel: true,
  };
  const summary = simulate(testCompile(players, SPOT, cfg, setup), cfg, 3);
  const attribution = attribute(players, setup, cfg, 3);
  const doc = buildSimulationDoc({
    asOf: '2026-02-05T14:30:00Z',
    spotSource: { quality: 'observed', source: 'reference:BTC-USD' },
    params: {
      shocks: ['sell:50m'],
      paths: 3,
      attributionPaths: 3,
      horizonHours: 20 / 60,
      stepMinutes: 2,
      impact: cfg.impact,
      depthCollapse: cfg.depthCollapse,
      noiseVol: 0,
      noiseVolSource: 'flag',
      clearing: 'implicit',
      hedgeEverySteps: 1,
      hedgeBandPct: 0,
      exogenousMinutes: 0,
      gridStep: 0.0005,
      seed: 1,
      assumptions: {},
    },
    players,
    summary,
    attribution,
    inputQualities: ['observed'],
    notes: [],
    feedback: { peakKappa: 0, atPrice: SPOT },
  });

  it('carries the schema fields of the issue, in minutes and USD', () => {
    expect(doc.schema).toBe(SIMULATION_SCHEMA);
    expect(doc.spot).toBe(SPOT);
    expect(doc.minutes).toEqual([0, 10, 20]);
    expect(doc.quantiles.p50[2]).toBeCloseTo(SPOT * Math.exp(-0.04), 6);
    expect(doc.drawdown.mean).toBeCloseTo(1 - Math.exp(-0.04), 12);
    expect(doc.baseline.drawdown).toBeCloseTo(1 - Math.exp(-0.025), 12);
    expect(doc.attribution.map((a) => a.channel)).toEqual(['perpLiquidations', 'leveredEtf']);
    expect(doc.attribution[1].shapleyDrawdown).toBe(0);
    expect(doc.amplification).toBeCloseTo((1 - Math.exp(-0.04)) / (1 - Math.exp(-0.025)), 12);
  });

  it('lists the liquidation as an event at minute 0 on every path, flows per channel and shock', () => {
    expect(doc.events).toEqual([
      {
        kind: 'liquidation',
        channel: 'perpLiquidations',
        price: expect.closeTo(68_500, 6),
        toPrice: null,
        tradeUsd: -30e6,
        probability: 1,
        minute: 0,
        firstMinute: 0,
        path: null,
      },
    ]);
    const liq = doc.flows.find((f) => f.channel === 'perpLiquidations');
    expect(liq?.usd).toEqual([-30e6, 0]);
    expect(doc.flows.find((f) => f.channel === 'shock')?.usd).toEqual([-50e6, 0]);
  });

  it('names its quality (synthetic books are reconstructed) and why a book is empty; survives JSON', () => {
    expect(doc.quality).toBe('reconstructed');
    expect(doc.channels[1]).toMatchObject({
      channel: 'leveredEtf',
      available: false,
      reason: 'synthetic null book',
    });
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
  });
});
