import { describe, expect, it } from 'vitest';
import { type ImpactModel, lambdaPerUsd, propagatorKernel } from './impact.js';
import { constantKappaBook, liquidationCohortBook, nullBook } from './testkit/books.js';
import { deterministicWhatItTook, saleOf } from './whatItTook.js';

const SPOT = 70_000;
const D = 20e6;
const linear: ImpactModel = { kind: 'linear', depth1PctUsd: D };
const sqrt: ImpactModel = { kind: 'sqrt', depth1PctUsd: D, dailyVolumeUsd: 2e10, dailyVol: 0.03, y: 1 };
const prop: Extract<ImpactModel, { kind: 'propagator' }> = {
  kind: 'propagator',
  depth1PctUsd: D,
  kernel: 'exp',
  permanent: 0.5,
  halfLifeMinutes: 30,
  beta: 0.4,
  tau0Minutes: 1,
};
const base = {
  spot: SPOT,
  horizonMinutes: 60,
  stepMinutes: 1,
  saleMinutes: 0,
  exogenousMinutes: 60,
  gridStep: 0.0005,
  reportEveryMinutes: 60,
};

describe('deterministicWhatItTook (the event report’s "what it took")', () => {
  const cohort = { key: 'perpLiquidations', book: liquidationCohortBook(SPOT, 68_500, 30e6) };
  const empty = { key: 'leveredEtf', book: nullBook(SPOT) };

  it('Proof 5 backwards under three impact models, computed by hand', () => {
    const r = deterministicWhatItTook({
      ...base,
      players: [cohort, empty],
      targetLogReturn: -0.04,
      impacts: [
        { label: 'linear', impact: linear },
        { label: 'sqrt', impact: sqrt },
        { label: 'propagator', impact: prop },
      ],
    });
    const [lin, sq, pr] = r.models;
    // linear: the cohort's $30M adds −1.5 %, so the sale makes −2.5 %: $50M; alone −4 % = $80M (bisection to
    // 1e-5 in log return: 4e-4 of the size at most).
    expect(lin.all.status).toBe('ok');
    expect(lin.all.saleUsd! / 50e6).toBeCloseTo(1, 3);
    expect(lin.none.saleUsd! / 80e6).toBeCloseTo(1, 3);
    // sqrt, no channel: 0.04 = Yσ√(Q/V) -> Q = V·(0.04/σ)² = $35.6B (far above the crossover).
    expect(sq.none.saleUsd! / (2e10 * (0.04 / 0.03) ** 2)).toBeCloseTo(1, 3);
    // propagator, a sale at once seen 59 minutes later: λQ·K(59) = 0.04.
    expect(pr.none.saleUsd! / (0.04 / (lambdaPerUsd(D) * propagatorKernel(prop, 59)))).toBeCloseTo(1, 3);
    // The path at the linear answers: −4 % at the end, hourly report points.
    expect(r.all!.minutes).toEqual([0, 60]);
    expect(Math.log(r.all!.prices[1] / SPOT)).toBeCloseTo(-0.04, 4);
    expect(Math.log(r.none!.prices[1] / SPOT)).toBeCloseTo(-0.04, 4);
    expect(r.all!.jumps).toBe(0);
  });

  it('attribution at the all-channels sale: efficiency, a null player gets exactly 0, amplification', () => {
    const r = deterministicWhatItTook({
      ...base,
      players: [cohort, empty],
      targetLogReturn: -0.04,
      impacts: [{ label: 'linear', impact: linear }],
    });
    const a = r.attribution!;
    expect(r.attributionSaleUsd! / 50e6).toBeCloseTo(1, 3);
    const sum = a.rows.reduce((s, x) => s + x.shapleyFinal, 0);
    expect(sum).toBeCloseTo(a.allFinal - a.baselineFinal, 12);
    expect(a.rows[1].shapleyFinal).toBe(0);
    // At $50M: −2.5 % alone, −4 % with the cohort (log); amplification of the drawdown 0.04/0.025 in simple terms.
    expect(a.baselineFinal).toBeCloseTo(Math.expm1(-0.025), 4);
    expect(a.allFinal).toBeCloseTo(Math.expm1(-0.04), 4);
    expect(a.amplification!).toBeCloseTo(-Math.expm1(-0.04) / -Math.expm1(-0.025), 3);
  });

  it('a cliff is reported as one: the attribution runs at the threshold, saleOf keeps it', () => {
    const r = deterministicWhatItTook({
      ...base,
      players: [cohort],
      targetLogReturn: -0.025,
      impacts: [{ label: 'linear', impact: linear }],
    });
    expect(r.models[0].all.status).toBe('cliff');
    const cross = -Math.log(68_500 / SPOT);
    expect(r.attributionSaleUsd! / (cross * 100 * D)).toBeCloseTo(1, 5);
    expect(saleOf(r.models[0].all)).toBe(r.attributionSaleUsd);
    expect(r.models[0].none.status).toBe('ok');
  });

  it('amplifying hedgers over a sale spread over the horizon: (1 − κ) of the sale, the path a straight line', () => {
    const hedger = { key: 'dealerOptions', book: constantKappaBook(SPOT, 0.5, D) };
    const r = deterministicWhatItTook({
      ...base,
      horizonMinutes: 240,
      saleMinutes: 240,
      players: [hedger],
      targetLogReturn: -0.02,
      impacts: [{ label: 'linear', impact: linear }],
    });
    expect(r.models[0].all.saleUsd! / 20e6).toBeCloseTo(1, 3);
    expect(r.models[0].none.saleUsd! / 40e6).toBeCloseTo(1, 3);
    expect(r.all!.minutes).toEqual([0, 60, 120, 180, 240]);
    r.all!.prices.forEach((p, k) => {
      expect(Math.log(p / SPOT)).toBeCloseTo(-0.005 * k, 4);
    });
  });

  it('no model asked: nothing run', () => {
    const r = deterministicWhatItTook({ ...base, players: [cohort], targetLogReturn: -0.04, impacts: [] });
    expect(r).toEqual({ models: [], attributionSaleUsd: null, attribution: null, all: null, none: null });
  });
});
