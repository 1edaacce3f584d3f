/** Test helpers: the whole content of a store, to prove that a failed command changed nothing. */
import { modelNames } from '../../data/models/index.js';
import { quoteIdent, type Row } from '../db.js';
import { withStore } from '../store.js';

/** Every model table's rows (ingested_at included), in a stable order. */
export async function storeSnapshot(path: string): Promise<Readonly<Record<string, readonly Row[]>>> {
  return withStore(path, { readOnly: true }, async (db) => {
    const out: Record<string, readonly Row[]> = {};
    for (const name of modelNames) out[name] = await db.all(`SELECT * FROM ${quoteIdent(name)} ORDER BY ALL`);
    return out;
  });
}

/** Row count per model table. */
export async function storeCounts(path: string): Promise<Readonly<Record<string, number>>> {
  const snap = await storeSnapshot(path);
  return Object.fromEntries(Object.entries(snap).map(([k, rows]) => [k, rows.length]));
}
