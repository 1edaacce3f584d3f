/**
 * Published figures of the facts table as numbers in base units, for the rules that confront a
 * published figure with the data (docs/METHODS.md "Published figures and conflicts"). Matching is by
 * words of the metric as the source worded it, never by an event's date.
 */
import type { StoredRowOf } from '../data/models/index.js';

const UNIT_SCALE: Readonly<Record<string, number>> = {
  'USD bn': 1e9,
  'USD mn': 1e6,
  USD: 1,
  '% ann.': 0.01,
  '%': 0.01,
  'million shares': 1e6,
};

export interface PublishedValue {
  readonly date: string;
  readonly metric: string;
  /** In base units (USD, decimal, shares). */
  readonly value: number;
  readonly source: string;
}

/**
 * Facts on `date` whose metric matches every pattern, with a numeric value in a known unit.
 * @example publishedValues(facts, '2026-02-06', [/basis/i]).map((f) => f.value) // [0.09, 0.02]
 */
export function publishedValues(
  facts: readonly StoredRowOf<'facts'>[],
  date: string,
  patterns: readonly RegExp[],
): PublishedValue[] {
  const out: PublishedValue[] = [];
  for (const f of facts) {
    if (f.date !== date || f.value === null) continue;
    const scale = UNIT_SCALE[f.unit];
    if (scale === undefined || !patterns.every((p) => p.test(f.metric))) continue;
    out.push({ date: f.date, metric: f.metric, value: f.value * scale, source: f.source });
  }
  return out;
}
