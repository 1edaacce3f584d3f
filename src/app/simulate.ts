import { z } from 'zod';
import type { ChannelBook, InputProvenance } from '../channels/channel.js';
import type { Quality } from '../core/quality.js';
import { InvalidInputError } from '../errors.js';
import { DEFAULT_DEPTH_PER_PCT_USD, DEFAULT_DEPTH_SOURCE } from '../fragility/map.js';
import type { EngineConfig } from '../sim/cascade.js';
import { type CompileSetup, compileRun, type SimPlayer } from '../sim/compile.js';
import { type ImpactModel, validateImpact } from '../sim/impact.js';
import { MAX_SHAPLEY_PLAYERS } from '../sim/shapley.js';
import { parseShock, type Shock, ShockSpecError } from '../sim/shocks.js';
import { buildSimulationDoc, type SimulationDoc } from '../sim/simulationDoc.js';
import { type Progress, SimCancelledError, type SimPool } from './simPool.js';

/*
 * The `simulate` use case (shared by the CLI and, later, the web): validate the options once (one zod schema,
 * the source of the CLI flags' defaults), resolve the inputs that may come from the store (depth, noise vol),
 * run the Monte Carlo and the Shapley attribution on a worker pool, and build simulation.json. Loading the
 * market snapshot and building the channel books happen in the caller, so this file runs on any books.
 */

/**
 * Default depth per 1 % when the store has none and no flag is given: the fragility map's (one source, so that
 * κ agrees between `fragility` and `simulate`); an assumption, marked reconstructed.
 */
export const DEFAULT_DEPTH_1PCT_USD = DEFAULT_DEPTH_PER_PCT_USD;
/** Fallback noise vol when 'auto' finds no DVOL in the store (an assumption, marked reconstructed). */
export const FALLBACK_NOISE_VOL = 0.5;

export const simulateOptionsSchema = z
  .object({
    shocks: z.array(z.string()).default([]),
    paths: z.number().int().min(1).max(1_000_000).default(2000),
    attributionPaths: z.number().int().min(1).max(100_000).default(500),
    horizonHours: z
      .number()
      .positive()
      .max(24 * 31)
      .default(24),
    stepMinutes: z
      .number()
      .positive()
      .max(24 * 60)
      .default(1),
    impact: z.enum(['linear', 'sqrt', 'propagator']).default('linear'),
    depth1PctUsd: z.number().positive().nullable().default(null),
    dailyVolumeUsd: z.number().positive().default(20e9),
    sqrtY: z.number().positive().default(1),
    kernel: z.enum(['exp', 'power']).default('exp'),
    permanent: z.number().min(0).max(1).default(0.5),
    halfLifeMinutes: z.number().positive().default(30),
    beta: z.number().positive().default(0.4),
    tau0Minutes: z.number().positive().default(1),
    depthCollapseFloor: z.number().gt(0).max(1).default(1),
    depthCollapseAt: z.number().positive().max(1).default(0.1),
    noiseVol: z.union([z.literal('auto'), z.number().min(0).max(10)]).default('auto'),
    clearing: z.enum(['implicit', 'lagged']).default('implicit'),
    hedgeEverySteps: z.number().int().min(1).default(1),
    /** Hedging band in percent of price (0 = rebalance on every hedging step). */
    hedgeBandPct: z.number().min(0).max(50).default(0),
    exogenousMinutes: z.number().min(0).default(60),
    gridStep: z.number().positive().max(0.01).default(0.0005),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 32 - 1)
      .default(20260205),
    reportPoints: z.number().int().min(2).max(5000).default(289),
  })
  .strict();

export type SimulateOptions = z.output<typeof simulateOptionsSchema>;

/** What the use case needs of the market snapshot (src/market/snapshot.ts has these fields). */
export interface SimMarket {
  readonly asOf: string;
  readonly spot: { readonly usd: number; readonly quality: Quality; readonly source: string };
  readonly dvol: { readonly value: number; readonly asOf: string; readonly quality: Quality } | null;
  readonly depth: { readonly perPctUsd: number; readonly provenance: InputProvenance } | null;
}

export interface SimulateRequest {
  readonly market: SimMarket;
  /** Channel books built on the snapshot, with their assumptions (for the record). */
  readonly books: readonly ChannelBook[];
  readonly assumptions: Readonly<Record<string, unknown>>;
  readonly options: Partial<SimulateOptions> | Record<string, unknown>;
}

/** Validate options; InvalidInputError (exit 2) naming the option. */
export function resolveSimulateOptions(raw: unknown): SimulateOptions {
  const r = simulateOptionsSchema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new InvalidInputError(
      'invalid_option',
      `simulate: ${issue.path.join('.') || 'options'}: ${issue.message}`,
      {
        details: { issues: r.error.issues },
      },
    );
  }
  return r.data;
}

function parseShocks(specs: readonly string[]): Shock[] {
  try {
    return specs.map(parseShock);
  } catch (e) {
    if (e instanceof ShockSpecError) throw new InvalidInputError('invalid_shock', e.message);
    throw e;
  }
}

/** Unique keys: the channel id, then id#2, id#3 for repeats. */
export function playersOf(books: readonly ChannelBook[]): SimPlayer[] {
  const seen = new Map<string, number>();
  return books.map((book) => {
    const k = (seen.get(book.id) ?? 0) + 1;
    seen.set(book.id, k);
    return { key: k === 1 ? book.id : `${book.id}#${k}`, book };
  });
}

export interface SimulateRun {
  readonly doc: SimulationDoc;
}

export interface EngineSetup {
  readonly cfg: EngineConfig;
  readonly setup: CompileSetup;
  readonly impact: ImpactModel;
  readonly depth: number;
  readonly depthCollapse: { readonly floor: number; readonly atDrawdown: number };
  readonly noiseVol: number;
  readonly noiseVolSource: string;
  readonly depthSource: string;
  readonly qualities: Quality[];
  readonly notes: string[];
}

/**
 * Resolved options + market -> the engine's configuration (depth and noise from the flags, else the snapshot,
 * else the stated defaults, each with its quality and a note when assumed). InvalidInputError for bad input.
 */
export function engineSetup(o: SimulateOptions, market: SimMarket, shocks: readonly Shock[]): EngineSetup {
  const spot = market.spot.usd;
  if (!(spot > 0 && Number.isFinite(spot)))
    throw new InvalidInputError('invalid_spot', `simulate: spot ${spot} is not a positive price`);
  const steps = Math.round((o.horizonHours * 60) / o.stepMinutes);
  if (!(steps >= 1 && Math.abs(steps * o.stepMinutes - o.horizonHours * 60) < 1e-9))
    throw new InvalidInputError(
      'invalid_option',
      `simulate: --horizon-hours ${o.horizonHours} is not a whole number of --step-minutes ${o.stepMinutes} steps`,
    );
  const qualities: Quality[] = [market.spot.quality];
  const notes: string[] = [];
  const depth = o.depth1PctUsd ?? market.depth?.perPctUsd ?? DEFAULT_DEPTH_1PCT_USD;
  let depthSource: string;
  if (o.depth1PctUsd !== null) depthSource = 'flag';
  else if (market.depth) {
    qualities.push(market.depth.provenance.quality);
    depthSource = `store: depth at ${market.depth.provenance.asOf} (${market.depth.provenance.rows} reading(s), ${market.depth.provenance.sources.join('; ')}; mean of bid and ask sides)`;
  } else {
    qualities.push('reconstructed');
    depthSource = `default: ${DEFAULT_DEPTH_SOURCE}`;
    notes.push(`Depth per 1 %: ${DEFAULT_DEPTH_SOURCE}.`);
  }
  let noiseVol: number;
  let noiseVolSource: string;
  if (o.noiseVol !== 'auto') {
    noiseVol = o.noiseVol;
    noiseVolSource = 'flag';
  } else if (market.dvol) {
    noiseVol = market.dvol.value;
    noiseVolSource = `deribit DVOL at ${market.dvol.asOf}`;
    qualities.push(market.dvol.quality);
  } else {
    noiseVol = FALLBACK_NOISE_VOL;
    noiseVolSource = `assumption ${FALLBACK_NOISE_VOL} (no DVOL in the store at the snapshot)`;
    qualities.push('reconstructed');
    notes.push(`Noise vol: no DVOL at or before ${market.asOf}; ${FALLBACK_NOISE_VOL} assumed.`);
  }
  const impact: ImpactModel =
    o.impact === 'linear'
      ? { kind: 'linear', depth1PctUsd: depth }
      : o.impact === 'sqrt'
        ? {
            kind: 'sqrt',
            depth1PctUsd: depth,
            dailyVolumeUsd: o.dailyVolumeUsd,
            dailyVol: Math.max(noiseVol, 1e-6) / Math.sqrt(365),
            y: o.sqrtY,
          }
        : {
            kind: 'propagator',
            depth1PctUsd: depth,
            kernel: o.kernel,
            permanent: o.permanent,
            halfLifeMinutes: o.halfLifeMinutes,
            beta: o.beta,
            tau0Minutes: o.tau0Minutes,
          };
  const depthCollapse = { floor: o.depthCollapseFloor, atDrawdown: o.depthCollapseAt };
  try {
    validateImpact(impact, depthCollapse);
  } catch (e) {
    throw new InvalidInputError('invalid_option', `simulate: ${(e as Error).message}`);
  }
  const cfg: EngineConfig = {
    steps,
    stepMinutes: o.stepMinutes,
    noiseVol,
    impact,
    depthCollapse,
    clearing: o.clearing,
    hedgeEverySteps: o.hedgeEverySteps,
    hedgeBand: Math.log1p(o.hedgeBandPct / 100),
    seed: o.seed,
    reportEvery: Math.max(1, Math.ceil(steps / (o.reportPoints - 1))),
    maxEventSamples: 100,
  };
  const setup: CompileSetup = {
    spot,
    steps,
    stepMinutes: o.stepMinutes,
    shocks,
    exogenousMinutes: o.exogenousMinutes,
    gridStep: o.gridStep,
    perChannel: true,
  };
  return {
    cfg,
    setup,
    impact,
    depth,
    depthSource,
    depthCollapse,
    noiseVol,
    noiseVolSource,
    qualities,
    notes,
  };
}

/**
 * Runs the simulation and the attribution. `progress(stage, done, total)` reports on long runs. When `signal`
 * fires, the pool is cancelled (its workers stopped) and the promise rejects with SimCancelledError.
 * @example await simulate({ market, books, assumptions: {}, options: { shocks: ['sell:500m:60'] } }, pool, () => {})
 */
export async function simulate(
  req: SimulateRequest,
  pool: SimPool,
  progress: (stage: string, done: number, total: number) => void,
  signal?: AbortSignal,
): Promise<SimulateRun> {
  const o = resolveSimulateOptions(req.options);
  if (signal?.aborted) throw new SimCancelledError();
  const onAbort = () => pool.cancel();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    return await runSimulation(req, o, pool, progress);
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}

async function runSimulation(
  req: SimulateRequest,
  o: SimulateOptions,
  pool: SimPool,
  progress: (stage: string, done: number, total: number) => void,
): Promise<SimulateRun> {
  const shocks = parseShocks(o.shocks);
  const {
    cfg,
    setup,
    impact,
    depth,
    depthSource,
    depthCollapse,
    noiseVol,
    noiseVolSource,
    qualities,
    notes,
  } = engineSetup(o, req.market, shocks);
  const spot = req.market.spot.usd;
  const players = playersOf(req.books);
  if (players.length > MAX_SHAPLEY_PLAYERS)
    throw new InvalidInputError(
      'invalid_option',
      `simulate: at most ${MAX_SHAPLEY_PLAYERS} channels, got ${players.length}`,
    );
  for (const b of req.books)
    if (Math.abs(b.spot / spot - 1) > 1e-9)
      throw new InvalidInputError(
        'invalid_book',
        `simulate: channel ${b.id} was built at spot ${b.spot}, not ${spot}`,
      );
  const all = (1 << players.length) - 1;
  const report =
    (stage: string): Progress =>
    (d, t) =>
      progress(stage, d, t);
  const compiled = compileRun(players, all, setup);
  const summary = await pool.simulate(compiled, cfg, o.paths, report('paths'));
  const attribution = await pool.attribute(players, setup, cfg, o.attributionPaths, report('coalitions'));
  const doc = buildSimulationDoc({
    asOf: req.market.asOf,
    spotSource: { quality: req.market.spot.quality, source: req.market.spot.source },
    params: {
      shocks: o.shocks,
      paths: o.paths,
      attributionPaths: o.attributionPaths,
      horizonHours: o.horizonHours,
      stepMinutes: o.stepMinutes,
      impact,
      depthCollapse,
      noiseVol,
      noiseVolSource,
      depthSource,
      clearing: o.clearing,
      hedgeEverySteps: o.hedgeEverySteps,
      hedgeBandPct: o.hedgeBandPct,
      exogenousMinutes: o.exogenousMinutes,
      gridStep: o.gridStep,
      seed: o.seed,
      assumptions: req.assumptions,
    },
    players,
    summary,
    attribution,
    inputQualities: qualities,
    notes,
    feedback: { peakKappa: compiled.maxSlopeUsd / (100 * depth), atPrice: compiled.maxSlopeAt },
  });
  return { doc };
}
