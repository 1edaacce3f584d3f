/**
 * Building blocks of findings: metrics with their quality, provenance of the rows used, and the
 * number formats people read (USD with B/M, percentages, ratios).
 */
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

const finite = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);

/** "$10.7B", "-$175M", "$230K". */
export function fmtUsd(v: number | null | undefined): string {
  if (!finite(v)) return 'n/a';
  const a = Math.abs(v);
  if (a === 0) return '$0';
  const sign = v < 0 ? '-' : '';
  if (a >= 1e9) return `${sign}$${(a / 1e9).toFixed(a >= 1e11 ? 0 : a >= 1e10 ? 1 : 2)}B`;
  if (a >= 1e6) return `${sign}$${(a / 1e6).toFixed(a >= 1e8 ? 0 : 1)}M`;
  if (a >= 1e3) return `${sign}$${(a / 1e3).toFixed(a >= 1e5 ? 0 : 1)}K`;
  return `${sign}$${a.toFixed(2)}`;
}

/** 0.0331 -> "3.3%". */
export function fmtPct(v: number | null | undefined, digits = 1): string {
  return finite(v) ? `${(v * 100).toFixed(digits)}%` : 'n/a';
}

/** 2.07 -> "2.07x". */
export function fmtX(v: number | null | undefined, digits = 2): string {
  return finite(v) ? `${v.toFixed(digits)}x` : 'n/a';
}

/** Plain number with thousands separators. */
export function fmtNum(v: number | null | undefined, digits = 0): string {
  return finite(v)
    ? v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
    : 'n/a';
}

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
