import { describe, expect, it } from 'vitest';
import type { ExpectedFlowModel } from '../../analytics/flows.js';
import { renderSvg } from '../render.js';
import { chartContract } from '../testkit/chartContract.js';
import { flows } from './flows.js';

// A hand-made model: flow = 50M + 3e9·r_t + 1e9·r_{t−1} + 0·r_{t−2}; event r_t = −14 %, r_{t−1} = +1 %.
// Expected on the event day: 50M − 420M + 10M = −360M; interval −600M .. −120M.
const model: ExpectedFlowModel = {
  eventDate: '2026-02-05',
  lags: 2,
  level: 0.9,
  fitFrom: '2026-01-02',
  fitTo: '2026-02-04',
  n: 4,
  coefficients: { intercept: 50e6, returns: [3e9, 1e9, 0] },
  robustScaleUsd: 150e6,
  converged: true,
  iterations: 5,
  eventReturns: [
    { date: '2026-02-05', logReturn: -0.14 },
    { date: '2026-02-04', logReturn: 0.01 },
    { date: '2026-02-03', logReturn: -0.02 },
  ],
  expectedUsd: -360e6,
  interval: {
    x0: [1, -0.14, 0.01, -0.02],
    estimate: -360e6,
    standardError: 140e6,
    tQuantile: 1.714,
    df: 1,
    level: 0.9,
    lower: -600e6,
    upper: -120e6,
  },
  observedUsd: 230e6,
  surprise: null,
  ols: { intercept: 40e6, returns: [3.1e9, 0.9e9, 0], expectedUsd: -385e6 },
};
const history = [
  { date: '2026-01-30', logReturn: -0.05, flowUsd: -100e6 },
  { date: '2026-02-02', logReturn: 0.04, flowUsd: 200e6 },
  { date: '2026-02-03', logReturn: -0.02, flowUsd: null },
  { date: '2026-02-04', logReturn: 0.01, flowUsd: 80e6 },
];
const eventFigures = [
  { label: 'Share count (T)', flowUsd: 230e6 },
  { label: 'Share count (T+1)', flowUsd: null },
  { label: 'Reported', flowUsd: -175e6 },
];
const meta = {
  sourceNote: 'Sources: iShares shares outstanding (observed); tracker (published)',
  reconstructed: false,
};
const build = () => flows({ ticker: 'IBIT', model, history, eventFigures }, meta);

chartContract('flows', build);
chartContract('flows (reconstructed)', () =>
  flows({ ticker: 'IBIT', model, history, eventFigures }, { ...meta, reconstructed: true }),
);

type Layer = { mark: { type: string; shape?: string }; data?: { values: Record<string, unknown>[] } };

describe('flows', () => {
  const spec = build().spec as { data: { values: Record<string, unknown>[] }; layer: Layer[] };

  it('plots earlier days as (return %, flow USD M), dropping days without a flow', () => {
    expect(spec.data.values).toEqual([
      { date: '2026-01-30', series: 'Earlier days', retPct: -5, flowM: -100 },
      { date: '2026-02-02', series: 'Earlier days', retPct: 4, flowM: 200 },
      { date: '2026-02-04', series: 'Earlier days', retPct: 1, flowM: 80 },
    ]);
  });

  it("draws the fit through the event day's lagged returns: 60M + 3e9·r over the x range", () => {
    const line = spec.layer.find((l) => l.mark.type === 'line');
    // x from −14 % (the event) to +4 %: (60M − 420M)/1M = −360 and (60M + 120M)/1M = 180.
    expect(line?.data?.values).toEqual([
      { retPct: -14, flowM: -360 },
      { retPct: 4, flowM: 180 },
    ]);
  });

  it('draws the prediction interval at the event return and the event figures that have a value', () => {
    const bar = spec.layer.find((l) => l.mark.type === 'bar');
    expect(bar?.data?.values).toEqual([{ retPct: -14, flowM: -600, upperM: -120 }]);
    const diamonds = spec.layer.find((l) => l.mark.shape === 'diamond');
    expect(diamonds?.data?.values).toEqual([
      { date: '2026-02-05', series: 'Share count (T): $230M', retPct: -14, flowM: 230 },
      { date: '2026-02-05', series: 'Reported: -$175M', retPct: -14, flowM: -175 },
    ]);
  });

  it('states the interval and the expected flow in the chart', async () => {
    const svg = await renderSvg(spec);
    expect(svg).toContain('90% prediction interval -$600M to -$120M');
    expect(svg).toContain('expected -$360M');
  });
});
