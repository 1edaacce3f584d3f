/**
 * The findings of a forensics run: a versioned, JSON-serializable record of every number the report
 * shows, with the inputs and provenance behind it. `findings.json` is this object; the report, the
 * terminal scorecard and the golden test all read it.
 */
import type { Verdict } from '../analytics/hypotheses.js';
import type { Quality } from '../core/quality.js';

export type { Quality, Verdict };

/** Bumped whenever a field changes meaning or is removed (adding fields keeps the version). */
export const FINDINGS_SCHEMA = 'crashscope.findings/1';

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

export type FindingId =
  | 'volume'
  | 'flows'
  | 'cross-asset'
  | 'stress'
  | 'basis'
  | 'open-interest'
  | 'positioning'
  | 'barriers'
  | 'liquidations'
  | 'facts';

export interface Finding<D = unknown> {
  readonly id: FindingId;
  readonly title: string;
  /** Whether the data this finding needs was present; when false, `metrics` are null and `notes` say why. */
  readonly available: boolean;
  readonly summary: string;
  readonly metrics: Readonly<Record<string, Metric>>;
  readonly provenance: Provenance;
  readonly notes: readonly string[];
  /** The analysis output (series for charts, tables), JSON-serializable. */
  readonly data: D;
}

export interface EvidenceResult {
  readonly rule: string;
  readonly description: string;
  /** `<findingId>.<metricKey>` */
  readonly metric: string;
  readonly observed: number | null;
  readonly threshold: number;
  readonly direction: 'above' | 'below';
  readonly weight: number;
  readonly outcome: 'supports' | 'contradicts' | 'missing';
  readonly quality: Quality;
}

export interface HypothesisResult {
  readonly id: string;
  readonly claim: string;
  readonly verdict: Verdict;
  /** 0..1: strength of the verdict × evidence coverage × data quality. */
  readonly confidence: number;
  /** Weighted vote in [-1, 1] over the rules with data. */
  readonly score: number;
  /** Share of rule weight whose metric was available. */
  readonly coverage: number;
  readonly reason: string;
  readonly evidence: readonly EvidenceResult[];
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
  readonly hypotheses: readonly HypothesisResult[];
}
