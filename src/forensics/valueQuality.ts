/**
 * Provenance per value (docs/DATA.md "Provenance per value"): a row's `quality` is its weakest value's;
 * `value_provenance` lists the values stronger than their row. This index answers "what is the quality
 * and source of this value?" for the sections, so every metric carries the quality of its weakest
 * INPUT VALUE rather than of the weakest row it touched.
 */

import { type Quality, worstQuality } from '../core/quality.js';
import { modelByName } from '../data/models/index.js';

export interface ValueQuality {
  readonly quality: Quality;
  readonly source: string;
}

/** Entries of value_provenance by `${dataset}|${row_key}|${field}`. */
export type ValueIndex = ReadonlyMap<string, ValueQuality>;

/** An empty index: every value has its row's quality. */
export const NO_VALUES: ValueIndex = new Map();

/**
 * Builds the index from value_provenance rows.
 * @example valueIndex([{ dataset: 'options_daily', row_key: '2026-02-05 IBIT', field: 'call_volume+put_volume', quality: 'published', source: 'u' }]).size // 1
 */
export function valueIndex(
  rows: readonly {
    readonly dataset: string;
    readonly row_key: string;
    readonly field: string;
    readonly quality: string;
    readonly source: string;
  }[],
): ValueIndex {
  const m = new Map<string, ValueQuality>();
  for (const r of rows) {
    const q = r.quality === 'observed' || r.quality === 'published' ? r.quality : 'reconstructed';
    m.set(`${r.dataset}|${r.row_key}|${r.field}`, { quality: q, source: r.source });
  }
  return m;
}

/** The natural key of a row of `dataset`, its values joined by one space (docs/DATA.md). */
export function rowKey(dataset: string, row: Readonly<Record<string, unknown>>): string {
  return modelByName(dataset as Parameters<typeof modelByName>[0])
    .key.map((k) => String(row[k]))
    .join(' ');
}

function asQuality(q: unknown): Quality {
  return q === 'observed' || q === 'published' ? q : 'reconstructed';
}

/**
 * Quality and source of one value: its value_provenance entry, else its row's. `field` may be 'a+b'
 * (a published sum): its own entry if any, else the weakest of the parts.
 * @example qualityOfValue(index, 'options_daily', row, 'put_volume').quality // 'reconstructed'
 */
export function qualityOfValue(
  index: ValueIndex,
  dataset: string,
  row: Readonly<Record<string, unknown>> & { readonly quality: string; readonly source: string },
  field: string,
): ValueQuality {
  const hit = index.get(`${dataset}|${rowKey(dataset, row)}|${field}`);
  if (hit) return hit;
  if (field.includes('+')) {
    const parts = field.split('+').map((f) => qualityOfValue(index, dataset, row, f));
    const q = worstQuality(parts.map((p) => p.quality));
    return { quality: q, source: parts.find((p) => p.quality === q)!.source };
  }
  return { quality: asQuality(row.quality), source: row.source };
}

/** Weakest quality of some values of some rows (observed for none). */
export function worstValue(
  index: ValueIndex,
  dataset: string,
  rows: readonly (Readonly<Record<string, unknown>> & {
    readonly quality: string;
    readonly source: string;
  })[],
  fields: readonly string[],
): Quality {
  const qs: Quality[] = [];
  for (const r of rows) for (const f of fields) qs.push(qualityOfValue(index, dataset, r, f).quality);
  return worstQuality(qs);
}
