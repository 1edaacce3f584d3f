/**
 * Building blocks of findings: metrics with their quality, provenance of the rows used, and the
 * number formats people read (USD with B/M, percentages, ratios).
 */

import { fmtNum } from '../core/format.js';
import { type Quality, worstQuality as worstOfQualities } from '../core/quality.js';
import type { Metric, MetricValue, Provenance } from './findings.js';

export interface ProvenancedRow {
  readonly source: string;
  readonly quality: string;
}

function asQuality(q: string): Quality {
  return q === 'observed' || q === 'published' ? q : 'reconstructed';
}

/** The worst quality among rows (reconstructed < published < observed); 'observed' for none. */
export function worstQuality(rows: readonly ProvenancedRow[]): Quality {
  return worstOfQualities(rows.map((r) => asQuality(r.quality)));
}

/** Worst of several qualities. */
export function worstOf(...qs: readonly Quality[]): Quality {
  return worstOfQualities(qs);
}

/** Provenance of the rows a finding used. */
export function provenanceOf(
  tables: readonly string[],
  ...groups: readonly (readonly ProvenancedRow[])[]
): Provenance {
  const quality: Partial<Record<Quality, number>> = {};
  const sources = new Set<string>();
  let rows = 0;
  for (const g of groups) {
    for (const r of g) {
      const q = asQuality(r.quality);
      quality[q] = (quality[q] ?? 0) + 1;
      sources.add(r.source);
      rows++;
    }
  }
  return { tables: [...tables], quality, sources: [...sources].sort().slice(0, 12), rows };
}

export { fmtNum, fmtPct, fmtUsd, fmtX } from '../core/format.js';

/** A metric; non-finite numbers become null so findings.json stays valid JSON. */
export function metric(
  label: string,
  value: MetricValue | undefined,
  unit: string | null,
  quality: Quality,
  display: (v: number) => string = (v) => fmtNum(v, 2),
): Metric {
  const v = value === undefined ? null : typeof value === 'number' && !Number.isFinite(value) ? null : value;
  const shown = v === null ? 'n/a' : typeof v === 'number' ? display(v) : String(v);
  return { label, value: v, unit, quality, display: shown };
}
