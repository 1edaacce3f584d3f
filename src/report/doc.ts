/**
 * The report document: what the forensics pipeline hands to the renderers (HTML, Markdown, terminal).
 * It holds no analysis logic; every number in it was computed upstream and every section names its
 * sources and data quality, so the renderers can mark reconstructed data visibly.
 */

import type { Verdict } from '../analytics/hypotheses.js';
import type { Quality } from '../core/quality.js';

export type { Quality, Verdict };

/** Where a section's numbers came from. */
export interface SectionProvenance {
  /** Store tables read. */
  readonly tables: readonly string[];
  /** Row counts per quality among the rows used. */
  readonly quality: Readonly<Partial<Record<Quality, number>>>;
  /** Distinct `source` values of the rows used (URLs, provider or generator names), at most ~10. */
  readonly sources: readonly string[];
}

/** A key figure shown in a section's table. */
export interface KeyNumber {
  readonly label: string;
  /** Already formatted for people, e.g. "$10.7B", "2.1x", "3.3% -> 9.0%". */
  readonly display: string;
  /** The raw value (for findings.json and tests); null when not available. */
  readonly value: number | string | boolean | null;
  readonly unit?: string;
  /** Worst quality among the inputs of this number. */
  readonly quality: Quality;
}

/** A chart: a Vega-Lite spec (with its data inlined) and a stable id used for file names. */
export interface ChartRef {
  /** File-name-safe id, e.g. "etf-volume". */
  readonly id: string;
  readonly title: string;
  /** The Vega-Lite spec (JSON-serializable). */
  readonly spec: Readonly<Record<string, unknown>>;
  /** One line naming the sources, shown under the chart. */
  readonly sourceNote: string;
  /** True when any plotted data is reconstructed: the chart is styled and labelled as such. */
  readonly reconstructed: boolean;
}

/** A table (e.g. the basis term structure). Cells are already formatted. */
export interface TableBlock {
  readonly title: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /**
   * Collapsed by default (an appendix group): HTML shows it inside a closed <details> whose summary is the
   * title; Markdown gives it its own heading.
   */
  readonly collapsed?: boolean;
}

export interface ReportSection {
  /** Stable id, e.g. "volume", "flows", "cross-asset", "stress", "basis", "open-interest", "positioning", "barriers", "liquidations". */
  readonly id: string;
  readonly title: string;
  /** One or two plain sentences saying what the data shows. */
  readonly summary: string;
  readonly numbers: readonly KeyNumber[];
  readonly tables: readonly TableBlock[];
  readonly charts: readonly ChartRef[];
  readonly provenance: SectionProvenance;
  /** Caveats (missing data, fallbacks used, conflicts between sources). */
  readonly notes: readonly string[];
}

export interface EvidenceLine {
  readonly rule: string;
  readonly metric: string;
  /** Observed value, null when the data was missing. */
  readonly observed: number | null;
  readonly threshold: number;
  /** above: observed >= threshold; below: observed <= threshold; between: threshold..upper. */
  readonly direction: 'above' | 'below' | 'between';
  readonly upper?: number;
  /** 'contradicts' when the condition holding contradicts the claim (absent: it supports it). */
  readonly means?: 'supports' | 'contradicts';
  readonly weight: number;
  readonly outcome: 'supports' | 'contradicts' | 'missing';
  readonly quality: Quality;
  /** counted (evidence), illustration (reconstructed: shown, never counted) or missing. */
  readonly role: 'counted' | 'illustration' | 'missing';
  /** existence, size, timing or published. */
  readonly kind: 'existence' | 'size' | 'timing' | 'published';
  /** Formatted observed value and threshold for people, e.g. "2.1x vs > 1.5x". */
  readonly display: string;
}

export interface HypothesisCard {
  readonly id: string;
  readonly claim: string;
  readonly verdict: Verdict;
  /** 0..1 */
  readonly confidence: number;
  /** One-line reason, e.g. "3 of 4 rules support; the basis jump is reconstructed". */
  readonly reason: string;
  readonly evidence: readonly EvidenceLine[];
  /** For an untestable or partly tested hypothesis: the data that would test it ('model: command'). */
  readonly wouldTestWith: readonly string[];
}

export interface ReportDoc {
  readonly title: string;
  /** The event date (ISO). */
  readonly eventDate: string;
  /** Shown as a banner at the top when any input is reconstructed; null hides the banner. */
  readonly reconstructedBanner: string | null;
  /** Warnings about the data read (e.g. a daily series that looks mis-stamped), shown at the top; none when empty. */
  readonly dataWarnings?: readonly string[];
  /** Short paragraph at the top. */
  readonly lede: string;
  readonly scorecard: readonly HypothesisCard[];
  readonly sections: readonly ReportSection[];
  /** Tool name and version, data store description: shown in the footer. */
  readonly footer: string;
  /** The line above the title; default `crashscope · forensics · event <eventDate>`. */
  readonly kicker?: string;
}
