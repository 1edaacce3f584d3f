import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseCsv } from './csv.js';
import type { Manifest } from './generate.js';

/*
 * Reads the committed event pack (data/events/2026-02-05) for the tests that check its content.
 */

/** Absolute path of the committed pack directory. */
export const PACK_DIR = fileURLToPath(new URL('../../data/events/2026-02-05/', import.meta.url));

const cache = new Map<string, Record<string, string>[]>();

/**
 * Rows of a pack file as records of strings (empty cell = '').
 * @example readPackCsv('stress_series.csv')[0].series // 'pb_multistrat_perf_z'
 */
export function readPackCsv(name: string): Record<string, string>[] {
  let rows = cache.get(name);
  if (!rows) {
    rows = parseCsv(readFileSync(`${PACK_DIR}${name}`, 'utf8'));
    cache.set(name, rows);
  }
  return rows;
}

/**
 * The committed manifest.json.
 * @example readManifest().seed // 20260205
 */
export function readManifest(): Manifest {
  return JSON.parse(readFileSync(`${PACK_DIR}manifest.json`, 'utf8')) as Manifest;
}

/**
 * Quality and source of one value of a pack table: its provenance.csv entry, else its row's.
 * `rowKey` is the natural key's values joined by one space; `row` is the CSV record of that row.
 * @example valueQuality('options_daily', '2026-02-05 IBIT', 'put_volume', row).quality // 'reconstructed'
 */
export function valueQuality(
  table: string,
  rowKey: string,
  column: string,
  row: Readonly<Record<string, string>>,
): { quality: string; source: string } {
  const hit = readPackCsv('provenance.csv').find(
    (p) => p.dataset === table && p.row_key === rowKey && p.field === column,
  );
  return hit ? { quality: hit.quality, source: hit.source } : { quality: row.quality, source: row.source };
}
