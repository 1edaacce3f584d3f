import type { ChannelBook, InputProvenance } from '../channels/channel.js';
import { type Quality, worstQuality } from '../core/quality.js';
import type { DepthCollapse, ImpactModel } from './impact.js';
import type { SimSummary } from './monteCarlo.js';
import type { Attribution } from './shapley.js';

/*
 * simulation.json (schema crashscope.simulation/1): what `crashscope simulate` writes, built from a Monte Carlo
 * summary, the Shapley attribution and the inputs. Pure. Prices in USD per BTC, drawdowns and returns as
 * decimals, flows in USD of BTC (+ buy, − sell), times in minutes from the start of the run.
 */

export const SIMULATION_SCHEMA = 'crashscope.simulation/1';

export interface SimulationParams {
  /** The shock specs as given (`sell:USD[:MINUTES]`, `gap:-5%`). */
  readonly shocks: readonly string[];
  readonly paths: number;
  /** Paths per coalition of the attribution (2^n runs). */
  readonly attributionPaths: number;
  readonly horizonHours: number;
  readonly stepMinutes: number;
  readonly impact: ImpactModel;
  readonly depthCollapse: DepthCollapse;
  /** Annualised fundamental noise on log price, and where it came from (`flag`, or the store series used). */
  readonly noiseVol: number;
  readonly noiseVolSource: string;
  /** Where the depth per 1 % came from: `flag`, the store's `depth` readings, or the cited default. */
  readonly depthSource?: string;
  readonly clearing: 'implicit' | 'lagged';
  readonly hedgeEverySteps: number;
  readonly hedgeBandPct: number;
  readonly exogenousMinutes: number;
  readonly gridStep: number;
  readonly seed: number;
  /** Channel assumptions as parsed (the channels' zod schemas), by channel key. */
  readonly assumptions: Readonly<Record<string, unknown>>;
}

export interface SimulationEvent {
  readonly kind: 'jump' | 'knock-in' | 'liquidation' | 'trigger';
  readonly channel: string | null;
  /** Trigger level, or the price a jump started from (geometric mean over the paths that jumped at that step). */
  readonly price: number;
  /** Where a jump landed (jumps only). */
  readonly toPrice: number | null;
  readonly tradeUsd: number | null;
  /** Share of paths on which it happened (for a jump: at that step). */
  readonly probability: number;
  /** Minute of a jump, or the mean minute over the paths where a trigger fired. */
  readonly minute: number;
  readonly firstMinute: number | null;
  readonly path: number | null;
}

export interface SimulationChannel {
  readonly channel: string;
  readonly title: string;
  readonly available: boolean;
  readonly trigger: 'price' | 'exogenous';
  readonly exogenousUsd: number;
  readonly quality: Quality;
  readonly provenance: readonly InputProvenance[];
  /** Why the book is empty, when it is. */
  readonly reason: string | null;
}

/** "What it took" on an event (src/app/whatItTook.ts; docs/METHODS.md §12.11). */
export interface WhatItTook {
  readonly event: string;
  readonly observed: {
    readonly fromAsOf: string;
    readonly toAsOf: string;
    readonly fromUsd: number;
    readonly toUsd: number;
    readonly logReturn: number;
    readonly quality: Quality;
  };
  readonly saleMinutes: number;
  readonly calibrationPaths: number;
  /** The sale (USD) reproducing the observed fall as the median path, with every channel / with none. */
  readonly saleAllUsd: number | null;
  readonly saleNoneUsd: number | null;
  /** 'ok', or 'cliff' (the median path jumps across the observed close at that size), or why not found. */
  readonly statusAll: string;
  readonly statusNone: string;
  /** At a cliff: the median log return just below the size (it is `achieved` at the size). */
  readonly cliffAll: { readonly belowLogReturn: number; readonly atLogReturn: number } | null;
  readonly cliffNone: { readonly belowLogReturn: number; readonly atLogReturn: number } | null;
  /** saleNone / saleAll: how many times more selling the market would have needed without the channels. */
  readonly leverage: number | null;
  /** Median path of the all-channels run against the observed hourly closes (log differences). */
  readonly tracking: {
    readonly points: number;
    readonly rmseLog: number | null;
    readonly maxAbsLog: number | null;
    /** The bars series of the observed hourly closes and its quality. */
    readonly series: string;
    readonly quality: Quality;
    readonly observed: readonly { readonly minute: number; readonly usd: number }[];
  };
}

export interface SimulationDoc {
  readonly schema: typeof SIMULATION_SCHEMA;
  readonly asOf: string;
  readonly spot: number;
  /** Where the spot came from (the market snapshot's BTC reference). */
  readonly spotSource: { readonly quality: Quality; readonly source: string };
  readonly params: SimulationParams;
  readonly paths: number;
  readonly steps: number;
  /** Minutes from the start at each entry of the per-step series. */
  readonly minutes: readonly number[];
  readonly quantiles: {
    readonly p05: readonly number[];
    readonly p25: readonly number[];
    readonly p50: readonly number[];
    readonly p75: readonly number[];
    readonly p95: readonly number[];
  };
  readonly drawdown: {
    readonly mean: number;
    readonly p05: number;
    readonly p50: number;
    readonly p95: number;
    readonly histogram: { readonly edges: readonly number[]; readonly counts: readonly number[] };
  };
  readonly final: { readonly mean: number; readonly p05: number; readonly p50: number; readonly p95: number };
  readonly attribution: readonly {
    readonly channel: string;
    readonly shapleyDrawdown: number;
    readonly share: number | null;
    readonly shapleyFinal: number;
  }[];
  /** Expected drawdown and final return with no channels (shocks and noise alone), and with all. */
  readonly baseline: { readonly drawdown: number; readonly final: number };
  readonly all: { readonly drawdown: number; readonly final: number };
  readonly amplification: number | null;
  /** Mean forced trade per channel (and 'shock') per interval between consecutive `minutes`. */
  readonly flows: readonly { readonly channel: string; readonly usd: readonly number[] }[];
  readonly jumps: {
    readonly count: number;
    readonly probability: number;
    /** A few jumps as they happened on single paths (path, step, prices). */
    readonly samples: readonly { path: number; step: number; fromPrice: number; toPrice: number }[];
  };
  /**
   * The largest feedback ratio κ = λ·dR/d ln S of all channels' summed hedging curve on the grid (linear-model
   * λ at normal depth) and where it is reached: κ ≥ 1 there means no continuous clearing (a jump).
   */
  readonly feedback: { readonly peakKappa: number; readonly atPrice: number };
  readonly events: readonly SimulationEvent[];
  readonly channels: readonly SimulationChannel[];
  /** Weakest quality of the inputs of the active channels (and of the spot, depth and noise inputs). */
  readonly quality: Quality;
  readonly notes: readonly string[];
  /** Present when the run was calibrated to an event's observed fall (`simulate --what-it-took`). */
  readonly whatItTook?: WhatItTook;
}

const KIND: Readonly<Record<string, SimulationEvent['kind']>> = {
  structuredNotes: 'knock-in',
  perpLiquidations: 'liquidation',
};

function kindOf(key: string): SimulationEvent['kind'] {
  return KIND[key.split('#')[0]] ?? 'trigger';
}

export interface SimulationDocInput {
  readonly asOf: string;
  readonly spotSource: { readonly quality: Quality; readonly source: string };
  readonly params: SimulationParams;
  readonly players: readonly { readonly key: string; readonly book: ChannelBook }[];
  readonly summary: SimSummary;
  readonly attribution: Attribution;
  /** Qualities of the non-channel inputs (spot, depth, volume, noise). */
  readonly inputQualities: readonly Quality[];
  readonly notes: readonly string[];
  readonly feedback: { readonly peakKappa: number; readonly atPrice: number };
}

export function buildSimulationDoc(i: SimulationDocInput): SimulationDoc {
  const s = i.summary;
  const minutes = s.reportSteps.map((t) => t * s.stepMinutes);
  const events: SimulationEvent[] = [];
  for (const t of s.triggers) {
    if (t.probability === 0 || t.meanStep === null) continue;
    events.push({
      kind: kindOf(t.channel),
      channel: t.channel,
      price: t.price,
      toPrice: null,
      tradeUsd: t.tradeUsd,
      probability: t.probability,
      minute: t.meanStep * s.stepMinutes,
      firstMinute: t.firstStep === null ? null : t.firstStep * s.stepMinutes,
      path: null,
    });
  }
  // Jumps by step (exact over all paths): the 30 steps where most paths jumped.
  const jumpSteps = [...s.jumps.byStep]
    .sort((a, b) => b.probability - a.probability || a.step - b.step)
    .slice(0, 30);
  for (const j of jumpSteps) {
    events.push({
      kind: 'jump',
      channel: null,
      price: j.fromPrice,
      toPrice: j.toPrice,
      tradeUsd: null,
      probability: j.probability,
      minute: j.step * s.stepMinutes,
      firstMinute: j.step * s.stepMinutes,
      path: null,
    });
  }
  events.sort((a, b) => a.minute - b.minute || b.probability - a.probability);
  const active = i.players.filter((p) => p.book.available);
  return {
    schema: SIMULATION_SCHEMA,
    asOf: i.asOf,
    spot: s.spot,
    spotSource: i.spotSource,
    params: i.params,
    paths: s.paths,
    steps: s.steps,
    minutes,
    quantiles: s.quantiles,
    drawdown: { ...s.drawdown, histogram: s.drawdownHistogram },
    final: s.final,
    attribution: i.attribution.rows,
    baseline: { drawdown: i.attribution.baselineDrawdown, final: i.attribution.baselineFinal },
    all: { drawdown: i.attribution.allDrawdown, final: i.attribution.allFinal },
    amplification: i.attribution.amplification,
    flows: s.flows.map((f) => ({ channel: f.key, usd: f.usd })),
    jumps: { count: s.jumps.count, probability: s.jumps.probability, samples: s.jumps.samples.slice(0, 20) },
    feedback: i.feedback,
    events,
    channels: i.players.map((p) => ({
      channel: p.key,
      title: p.book.title,
      available: p.book.available,
      trigger: p.book.trigger,
      exogenousUsd: p.book.exogenousUsd,
      quality: p.book.quality,
      provenance: p.book.provenance,
      reason: typeof p.book.diagnostics.reason === 'string' ? p.book.diagnostics.reason : null,
    })),
    quality: worstQuality([...active.map((p) => p.book.quality), ...i.inputQualities]),
    notes: i.notes,
  };
}
