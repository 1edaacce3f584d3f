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
