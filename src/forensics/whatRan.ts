import type { Findings } from './findings.js';

/** What a run could do with the data it had: analyses that produced a result, hypotheses scored. */
export interface WhatRan {
  readonly analysesRan: number;
  readonly analyses: number;
  /** Hypotheses with a verdict (supported, contradicted or inconclusive). */
  readonly hypothesesScored: number;
  readonly hypothesesUntestable: number;
  readonly hypotheses: number;
  /** The hypothesis file's name. */
  readonly hypothesisSet: string;
}

/**
 * Counts what ran, for the summaries (the report's lede, the terminal, --json): never a fixed number.
 * @example whatRanLine(whatRan(findings)) // '12 of 13 analyses ran; 2 of 7 hypotheses scored, 5 untestable (…)'
 */
export function whatRan(f: Pick<Findings, 'findings' | 'hypotheses' | 'hypothesisSet'>): WhatRan {
  const untestable = f.hypotheses.filter((h) => h.verdict === 'untestable').length;
  return {
    analysesRan: f.findings.filter((x) => x.available).length,
    analyses: f.findings.length,
    hypothesesScored: f.hypotheses.length - untestable,
    hypothesesUntestable: untestable,
    hypotheses: f.hypotheses.length,
    hypothesisSet: f.hypothesisSet.name,
  };
}

/** One line: 'k of n analyses ran; s of h hypotheses scored, u untestable (set name)'. */
export function whatRanLine(w: WhatRan): string {
  return (
    `${w.analysesRan} of ${w.analyses} analyses ran; ${w.hypothesesScored} of ${w.hypotheses} hypotheses scored, ` +
    `${w.hypothesesUntestable} untestable (${w.hypothesisSet})`
  );
}
