import {
  type Assumption,
  type ObservedMetric,
  scoreHypothesis,
  sensitivity,
} from '../analytics/hypotheses.js';
import { nyCloseUtc } from '../analytics/time.js';
import { VERSION } from '../version.js';
import { type EventBooks, eventBooks } from './books.js';
import {
  FINDINGS_SCHEMA,
  type Finding,
  type Findings,
  type HypothesisResult,
  type InputTableSummary,
  type Quality,
} from './findings.js';
import type { EventInputs } from './inputs.js';
import type { ForensicsOptions } from './options.js';
import { hypothesisSpecs } from './rules.js';
import { barriersSection } from './sections/barriers.js';
import { basisSection } from './sections/basis.js';
import { marketContext } from './sections/context.js';
import { crossAssetSection } from './sections/crossAsset.js';
import { factsSection } from './sections/facts.js';
import { flowsSection } from './sections/flows.js';
import { fragilitySection } from './sections/fragility.js';
import { liquidationsSection } from './sections/liquidations.js';
import { openInterestSection } from './sections/openInterest.js';
import { positioningSection } from './sections/positioning.js';
import { stressSection } from './sections/stress.js';
import { timelineSection } from './sections/timeline.js';
import { volumeSection } from './sections/volume.js';
import { eventSnapshot } from './snapshot.js';

/** Progress callback: called before each step with its name. */
export type Progress = (step: string) => void;

const TABLES: readonly [keyof EventInputs, string][] = [
  ['etfDaily', 'etf_daily'],
  ['etfFlows', 'etf_flows'],
  ['optionsDaily', 'options_daily'],
  ['futures', 'futures_settlements'],
  ['btcDaily', 'bars'],
  ['btcIntraday', 'bars'],
  ['crossDaily', 'bars'],
  ['stress', 'stress_series'],
  ['openInterest', 'open_interest'],
  ['chain', 'option_chain'],
  ['notes', 'structured_notes'],
  ['cohorts', 'perp_cohorts'],
  ['liquidations', 'liquidations'],
  ['facts', 'facts'],
];

function timeOf(row: Readonly<Record<string, unknown>>): string | null {
  const t = row.date ?? row.ts ?? row.as_of ?? row.pricing_date;
  return typeof t === 'string' ? t : null;
}

function summarizeInputs(inputs: EventInputs): InputTableSummary[] {
  return TABLES.map(([k, table]) => {
    const rows = inputs[k] as readonly (Readonly<Record<string, unknown>> & { quality: string })[];
    const quality: Partial<Record<Quality, number>> = {};
    let from: string | null = null;
    let to: string | null = null;
    for (const r of rows) {
      const q = r.quality as Quality;
      quality[q] = (quality[q] ?? 0) + 1;
      const t = timeOf(r);
      if (t !== null && (from === null || t < from)) from = t;
      if (t !== null && (to === null || t > to)) to = t;
    }
    return { table: `${table} (${k})`, rows: rows.length, from, to, quality };
  });
}

/** Metric lookup over findings: 'basis.jump' -> the metric's number (booleans as 0/1) and quality. */
export function metricLookup(findings: readonly Finding[]): (ref: string) => ObservedMetric | undefined {
  const byId = new Map(findings.map((f) => [f.id as string, f]));
  return (ref) => {
    const dot = ref.indexOf('.');
    const f = byId.get(ref.slice(0, dot));
    const m = f?.metrics[ref.slice(dot + 1)];
    if (m === undefined) return undefined;
    const v = typeof m.value === 'boolean' ? (m.value ? 1 : 0) : typeof m.value === 'number' ? m.value : null;
    return { value: v, quality: m.quality };
  };
}

/** The run's snapshot at the close before the event and its channel books; null without a snapshot. */
function runBooks(
  inputs: EventInputs,
  o: ForensicsOptions,
  ctx: ReturnType<typeof marketContext>,
): EventBooks | null {
  const snap = eventSnapshot(inputs, o, ctx);
  return snap === null ? null : eventBooks(snap, o);
}

/**
 * Runs every analysis on the inputs of one event and scores the hypotheses. Pure: same inputs, same findings.
 * @example analyzeEvent(inputs, resolveOptions({ eventDate: '2026-02-05' })).hypotheses.map((h) => h.verdict)
 */
export function analyzeEvent(
  inputs: EventInputs,
  o: ForensicsOptions,
  progress: Progress = () => {},
): Findings {
  progress('market context');
  const ctx = marketContext(inputs, o);
  // The run's one snapshot and its channel books, built once: positioning, barriers, liquidations and
  // fragility are adapters over the same books.
  const books = runBooks(inputs, o, ctx);
  const steps: [string, () => Finding][] = [
    ['volume records', () => volumeSection(inputs, o)],
    ['ETF flows', () => flowsSection(inputs, o)],
    ['cross-asset correlations', () => crossAssetSection(inputs, o)],
    ['fund stress', () => stressSection(inputs, o)],
    ['CME basis', () => basisSection(inputs, o)],
    ['venue open interest', () => openInterestSection(inputs, o)],
    ['dealer positioning', () => positioningSection(inputs, o, ctx, books)],
    ['barrier book', () => barriersSection(inputs, o, ctx, books)],
    ['liquidation ladder', () => liquidationsSection(inputs, o, ctx, books)],
    ['fragility map', () => fragilitySection(inputs, o, ctx, books)],
    ['published figures', () => factsSection(inputs, o, ctx.previousDate, ctx.nextDate)],
    ['timeline', () => timelineSection(inputs, o)],
  ];
  const findings = steps.map(([name, run]) => {
    progress(name);
    return run();
  });
  progress('hypotheses');
  const lookup = metricLookup(findings);
  const specs = hypothesisSpecs();
  const hypotheses: HypothesisResult[] = specs.map((spec) => {
    const s = scoreHypothesis(spec, lookup);
    return {
      ...s,
      evidence: s.evidence.map((e) => ({
        rule: e.rule,
        description: e.description,
        metric: e.metric,
        observed: e.observed,
        threshold: e.threshold,
        direction: e.direction,
        weight: e.weight,
        outcome: e.outcome,
        quality: e.quality,
        role: e.role,
        kind: e.kind ?? 'existence',
      })),
    };
  });
  // Alternative assumptions: the other dealer sign model, and flat note vols below and above the default.
  progress('sensitivity');
  const rerun = (alt: ForensicsOptions): Assumption['lookup'] => {
    const altCtx = marketContext(inputs, alt);
    const altBooks = runBooks(inputs, alt, altCtx);
    const swapped = findings.map((f) =>
      f.id === 'positioning'
        ? positioningSection(inputs, alt, altCtx, altBooks)
        : f.id === 'barriers'
          ? barriersSection(inputs, alt, altCtx, altBooks)
          : f,
    );
    return metricLookup(swapped);
  };
  const assumptions: Assumption[] = [
    {
      name: `sign model: ${o.signModel === 'naive' ? 'positions' : 'naive'}`,
      lookup: rerun({ ...o, signModel: o.signModel === 'naive' ? 'positions' : 'naive' }),
    },
    ...[0.5, 1.0].map((v) => ({
      name: `note vol: flat ${Math.round(v * 100)}%`,
      lookup: rerun({ ...o, noteVol: v }),
    })),
  ];
  const sens = specs.map((spec) => sensitivity(spec, lookup, assumptions));
  const used = findings.reduce(
    (acc, f) => {
      for (const [q, n] of Object.entries(f.provenance.quality)) {
        acc.total += n ?? 0;
        if (q === 'reconstructed') acc.recon += n ?? 0;
      }
      return acc;
    },
    { total: 0, recon: 0 },
  );
  return {
    schema: FINDINGS_SCHEMA,
    tool: { name: 'crashscope', version: VERSION },
    event: {
      date: o.eventDate,
      previousDate: ctx.previousDate,
      nextDate: ctx.nextDate,
      closeUtc: nyCloseUtc(o.eventDate),
    },
    options: {
      etfTicker: o.etfTicker,
      peerTickers: o.peerTickers,
      optionsUnderlying: o.optionsUnderlying,
      btcReference: `${o.btcReference.venue}:${o.btcReference.symbol}`,
      crossAssets: o.crossAssets,
      stressSeries: o.stressSeries,
      since: o.since,
      signModel: o.signModel,
      noteVol: o.noteVol,
      oiVenues: o.oiVenues,
      grid: `${o.gridLo}..${o.gridHi} x spot, ${o.gridPoints} points`,
    },
    inputs: summarizeInputs(inputs),
    reconstructedShare: used.total > 0 ? Math.round((used.recon / used.total) * 1000) / 1000 : 0,
    findings,
    hypotheses,
    sensitivity: sens,
  };
}
