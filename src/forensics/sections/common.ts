import type { FindingDataById, FindingId, FindingOf, Metric, Provenance } from '../findings.js';

/** The sorted distinct trading dates of the ETF (the event calendar). */
export function tradingDates(
  rows: readonly { readonly date: string; readonly ticker: string }[],
  ticker: string,
): string[] {
  return [...new Set(rows.filter((r) => r.ticker === ticker).map((r) => r.date))].sort();
}

/** The trading dates just before and after `date` in `dates` (null at either end). */
export function neighbours(
  dates: readonly string[],
  date: string,
): { previous: string | null; next: string | null } {
  let previous: string | null = null;
  let next: string | null = null;
  for (const d of dates) {
    if (d < date) previous = d;
    else if (d > date && next === null) next = d;
  }
  return { previous, next };
}

/** A finding whose data is missing: no metrics, a note saying what was missing. */
export function unavailable<K extends FindingId>(
  id: K,
  title: string,
  why: string,
  provenance: Provenance,
): FindingOf<K> {
  return {
    id,
    title,
    available: false,
    summary: `Not available: ${why}.`,
    metrics: {},
    provenance,
    notes: [why],
    data: null,
  };
}

export function finding<K extends FindingId>(
  id: K,
  title: string,
  summary: string,
  metrics: Record<string, Metric>,
  provenance: Provenance,
  notes: readonly string[],
  data: FindingDataById[K],
): FindingOf<K> {
  return { id, title, available: true, summary, metrics, provenance, notes, data };
}
