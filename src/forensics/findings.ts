/**
 * The findings of a forensics run: a versioned, JSON-serializable record of every number the report
 * shows, with the inputs and provenance behind it. `findings.json` is this object; the report, the
 * terminal scorecard and the golden test all read it.
 */
import type {
  DataNeed,
  RuleDirection,
  RuleKind,
  RuleMeaning,
  RuleRole,
  SensitivityRow,
  Verdict,
} from '../analytics/hypotheses.js';
import type { Quality } from '../core/quality.js';
import type { BarriersData } from './sections/barriers.js';
import type { BasisData } from './sections/basis.js';
import type { CrossAssetData } from './sections/crossAsset.js';
import type { FactsData } from './sections/facts.js';
import type { FlowsData } from './sections/flows.js';
import type { FragilityData } from './sections/fragility.js';
import type { LiquidationsData } from './sections/liquidations.js';
import type { OpenInterestData } from './sections/openInterest.js';
import type { PositioningData } from './sections/positioning.js';
import type { StressData } from './sections/stress.js';
import type { TimelineData } from './sections/timeline.js';
import type { VolumeData } from './sections/volume.js';
import type { WhatItTookData } from './sections/whatItTook.js';

export type { Quality, Verdict };

/** Bumped whenever a field changes meaning or is removed (adding fields keeps the version). */
export const FINDINGS_SCHEMA = 'crashscope.findings/2';

export type MetricValue = number | string | boolean | null;

/** One number of a finding, with its unit and the worst quality among its inputs. */
export interface Metric {
  readonly label: string;
  readonly value: MetricValue;
  readonly unit: string | null;
  readonly quality: Quality;
  /** Formatted for people, e.g. "$10.7B". */
  readonly display: string;
}

export interface Provenance {
  readonly tables: readonly string[];
  /** Row counts by quality among the rows used. */
  readonly quality: Readonly<Partial<Record<Quality, number>>>;
  /** Distinct sources of the rows used (first 12, sorted). */
  readonly sources: readonly string[];
  /** Total rows used. */
  readonly rows: number;
}

/**
 * The data each finding carries, by id: the typed union the report dispatches on (no casts). Types only:
 * the sections define their data next to the code that builds it.
 */
export interface FindingDataById {
  readonly volume: VolumeData;
  readonly flows: FlowsData;
  readonly 'cross-asset': CrossAssetData;
  readonly stress: StressData;
  readonly basis: BasisData;
  readonly 'open-interest': OpenInterestData;
  readonly positioning: PositioningData;
  readonly barriers: BarriersData;
  readonly liquidations: LiquidationsData;
  readonly facts: FactsData;
  readonly timeline: TimelineData;
  readonly fragility: FragilityData;
  readonly 'what-it-took': WhatItTookData;
}

export type FindingId = keyof FindingDataById;

interface FindingCommon<K extends FindingId> {
  readonly id: K;
  readonly title: string;
  readonly summary: string;
  readonly metrics: Readonly<Record<string, Metric>>;
  readonly provenance: Provenance;
  readonly notes: readonly string[];
}

/**
 * One finding. `available` says whether the data it needs was present; when false, `metrics` are empty,
 * `notes` say why and `data` is null. `data` is the analysis output (series for charts, tables),
 * JSON-serializable.
 */
export type FindingOf<K extends FindingId> = FindingCommon<K> &
  (
    | { readonly available: true; readonly data: FindingDataById[K] }
    | { readonly available: false; readonly data: null }
  );

/** Any finding: a union discriminated by `id` (then by `available`). */
export type Finding = { [K in FindingId]: FindingOf<K> }[FindingId];

export interface EvidenceResult {
  readonly rule: string;
  readonly description: string;
  /** `<findingId>.<metricKey>` */
  readonly metric: string;
  readonly observed: number | null;
  /** The condition's bound (the lower one for 'between'). */
  readonly threshold: number;
  /** above: observed >= threshold; below: observed <= threshold; between: threshold <= observed <= upper. */
  readonly direction: RuleDirection;
  /** Upper bound of a 'between' rule (absent otherwise). */
  readonly upper?: number;
  /** Present when the condition holding contradicts the claim (absent: it supports it). */
  readonly means?: RuleMeaning;
  readonly weight: number;
  readonly outcome: 'supports' | 'contradicts' | 'missing';
  readonly quality: Quality;
  /** counted (observed or published evidence), illustration (reconstructed: shown, never counted), missing. */
  readonly role: RuleRole;
  /** existence, size (against the day's volume or move), timing, or published (a published figure). */
  readonly kind: RuleKind;
}

export interface HypothesisResult {
  readonly id: string;
  /** Short name from the hypothesis file (e.g. 'Dealer short gamma'); absent when the file gives none. */
  readonly title?: string;
  readonly claim: string;
  /** The channel or mechanism the claim is about, from the hypothesis file. */
  readonly channel?: string;
  readonly verdict: Verdict;
  /** 0..1: strength of the verdict × evidence coverage × data quality. */
  readonly confidence: number;
  /** Weighted vote in [-1, 1] over the counted rules. */
  readonly score: number;
  /** Share of rule weight that is counted evidence (observed or published). */
  readonly coverage: number;
  readonly reason: string;
  readonly evidence: readonly EvidenceResult[];
  /** What would make the uncounted rules evidence: model and the command that fills it. */
  readonly wouldTestWith: readonly DataNeed[];
}

export interface HypothesisSetRef {
  /** The file's `name`, e.g. 'crashscope general channel hypotheses'. */
  readonly name: string;
  /** 'event pack 2026-02-05', 'general set' or the user's file path as given. */
  readonly source: string;
}

export interface InputTableSummary {
  readonly table: string;
  readonly rows: number;
  readonly from: string | null;
  readonly to: string | null;
  readonly quality: Readonly<Partial<Record<Quality, number>>>;
}

export interface Findings {
  readonly schema: typeof FINDINGS_SCHEMA;
  readonly tool: { readonly name: 'crashscope'; readonly version: string };
  readonly event: {
    readonly date: string;
    /** The previous and next trading days found in the ETF calendar (null when absent). */
    readonly previousDate: string | null;
    readonly nextDate: string | null;
    /** 16:00 America/New_York of the event date, in UTC. */
    readonly closeUtc: string;
  };
  readonly options: Readonly<Record<string, MetricValue | readonly string[]>>;
  readonly inputs: readonly InputTableSummary[];
  /** Share of the rows used that are reconstructed (0..1). */
  readonly reconstructedShare: number;
  readonly findings: readonly Finding[];
  /** The hypothesis file that was scored: its name and where it came from. */
  readonly hypothesisSet: HypothesisSetRef;
  readonly hypotheses: readonly HypothesisResult[];
  /** Each verdict under alternative assumptions (sign model, note vol, every threshold ±20%). */
  readonly sensitivity: readonly SensitivityRow[];
  /**
   * Warnings about the store's data, one sentence each: daily series that look mis-stamped
   * (store/dayStampWarnings.ts). Set by the run that read the store (app/analyze.ts); absent when the
   * findings were computed from inputs in memory.
   */
  readonly dataWarnings?: readonly string[];
}
