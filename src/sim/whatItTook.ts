import { type SaleSolution, solveSale } from './calibrate.js';
import { type EngineConfig, runPaths } from './cascade.js';
import { type CompileSetup, compileRun, type SimPlayer } from './compile.js';
import { type ImpactModel, NO_COLLAPSE } from './impact.js';
import { type Attribution, attribute } from './shapley.js';
import type { Shock } from './shocks.js';

/*
 * "What it took", deterministic (docs/METHODS.md §12.11): with no fundamental noise a run is one path, so the
 * sale that reproduces an observed close-to-close log return is found by bisection on one path per trial
 * (calibrate.ts), with every channel and with none, under each impact model asked for. At the first model's
 * all-channels sale (or, where the answer is a cliff, at the size where the cascade switches on) the 2^n
 * coalitions give the exact Shapley attribution of the fall, and the path itself is kept hour by hour for the
 * comparison with the observed closes. Pure and fast (no Monte Carlo): the event report runs it.
 */

export interface DeterministicRequest {
  readonly players: readonly SimPlayer[];
  readonly spot: number;
  /** Minutes from the start to the observed close. */
  readonly horizonMinutes: number;
  readonly stepMinutes: number;
  /** The sale is spread evenly over this many minutes from the start. */
  readonly saleMinutes: number;
  /** The observed log return to reproduce (< 0 for a fall). */
  readonly targetLogReturn: number;
  /** Impact models, the first one is the reference (attribution and paths). */
  readonly impacts: readonly { readonly label: string; readonly impact: ImpactModel }[];
  readonly exogenousMinutes: number;
  readonly gridStep: number;
  /** Report the path every this many minutes (e.g. 60: hourly). */
  readonly reportEveryMinutes: number;
}

export interface ModelAnswer {
  readonly label: string;
  readonly impact: ImpactModel;
  readonly all: SaleSolution;
  readonly none: SaleSolution;
}

export interface DeterministicPath {
  readonly saleUsd: number;
  readonly minutes: readonly number[];
  readonly prices: readonly number[];
  /** Jump events (κ ≥ 1 crossings) on the path. */
  readonly jumps: number;
}

export interface DeterministicWhatItTook {
  readonly models: readonly ModelAnswer[];
  /** The reference model's all-channels sale (or cliff size) the attribution and `all` path were run at. */
  readonly attributionSaleUsd: number | null;
  readonly attribution: Attribution | null;
  readonly all: DeterministicPath | null;
  readonly none: DeterministicPath | null;
}

function engine(r: DeterministicRequest, impact: ImpactModel, steps: number): EngineConfig {
  return {
    steps,
    stepMinutes: r.stepMinutes,
    noiseVol: 0,
    impact,
    depthCollapse: NO_COLLAPSE,
    clearing: 'implicit',
    hedgeEverySteps: 1,
    hedgeBand: 0,
    seed: 0,
    reportEvery: Math.max(1, Math.round(r.reportEveryMinutes / r.stepMinutes)),
    maxEventSamples: 0,
  };
}

/** A sale's size when it is a usable answer: solved ('ok') or the size at which a cliff is crossed. */
export function saleOf(s: SaleSolution): number | null {
  return (s.status === 'ok' || s.status === 'cliff') && s.saleUsd !== null && s.saleUsd > 0
    ? s.saleUsd
    : null;
}

/**
 * @example deterministicWhatItTook({ players, spot: 70_000, horizonMinutes: 60, stepMinutes: 1, saleMinutes: 0, targetLogReturn: -0.04, impacts: [{ label: 'linear', impact: { kind: 'linear', depth1PctUsd: 2e7 } }], exogenousMinutes: 60, gridStep: 0.0005, reportEveryMinutes: 60 }).models[0].all.saleUsd // 5e7 (Proof 5)
 */
export function deterministicWhatItTook(r: DeterministicRequest): DeterministicWhatItTook {
  const steps = Math.round(r.horizonMinutes / r.stepMinutes);
  if (!(steps >= 1 && Math.abs(steps * r.stepMinutes - r.horizonMinutes) < 1e-9))
    throw new RangeError(
      `horizon ${r.horizonMinutes} min is not a whole number of ${r.stepMinutes}-min steps`,
    );
  const setup: CompileSetup = {
    spot: r.spot,
    steps,
    stepMinutes: r.stepMinutes,
    shocks: [],
    exogenousMinutes: r.exogenousMinutes,
    gridStep: r.gridStep,
    perChannel: false,
  };
  const allMask = (1 << r.players.length) - 1;
  const models = r.impacts.map(({ label, impact }) => {
    const cfg = engine(r, impact, steps);
    return {
      label,
      impact,
      all: solveSale(r.players, allMask, setup, cfg, 1, r.targetLogReturn, r.saleMinutes),
      none: solveSale(r.players, 0, setup, cfg, 1, r.targetLogReturn, r.saleMinutes),
    };
  });
  const ref = models[0];
  if (ref === undefined)
    return { models, attributionSaleUsd: null, attribution: null, all: null, none: null };
  const cfg = engine(r, ref.impact, steps);
  const sale = (usd: number): Shock[] => (usd > 0 ? [{ kind: 'sell', usd, minutes: r.saleMinutes }] : []);
  const path = (mask: number, usd: number): DeterministicPath => {
    const c = compileRun(r.players, mask, { ...setup, shocks: sale(usd) });
    const res = runPaths(c, cfg, 0, 1);
    return {
      saleUsd: usd,
      minutes: res.reportSteps.map((s) => s * r.stepMinutes),
      prices: Array.from(res.logPrices, (x) => Math.exp(x)),
      jumps: res.jumpCount,
    };
  };
  const allSale = saleOf(ref.all);
  const noneSale = saleOf(ref.none);
  return {
    models,
    attributionSaleUsd: allSale,
    attribution: allSale === null ? null : attribute(r.players, { ...setup, shocks: sale(allSale) }, cfg, 1),
    all: allSale === null ? null : path(allMask, allSale),
    none: noneSale === null ? null : path(0, noneSale),
  };
}
