/**
 * Replace-on-key writes from a staged table into a model's table. A staged row whose key is new is
 * inserted; one whose key exists with different values replaces the stored row (new ingested_at); one
 * identical to the stored row is left alone, so re-importing the same file changes nothing at all.
 */
import type { Model } from '../data/models/defineModel.js';
import { INGESTED_AT, isIsoInstant } from '../data/models/defineModel.js';
import { InvalidInputError } from '../errors.js';
import type { Db } from './db.js';
import { quoteIdent } from './db.js';
import type { Staged } from './stage.js';

/** What an upsert did. */
export interface UpsertCounts {
  /** rows whose key was new */
  readonly inserted: number;
  /** rows whose key existed with different values (replaced) */
  readonly updated: number;
  /** rows identical to the stored ones (left alone) */
  readonly unchanged: number;
}

/**
 * Writes the staged rows into the model's table; run it inside the import's transaction. `ingestedAt` is an
 * ISO instant (the caller's clock: library code never reads it).
 * @example await upsertStaged(db, bars, staged, '2026-02-06T00:00:00Z') // { inserted: 10, updated: 0, unchanged: 0 }
 */
export async function upsertStaged(
  db: Db,
  model: Model,
  staged: Staged,
  ingestedAt: string,
): Promise<UpsertCounts> {
  if (!isIsoInstant(ingestedAt)) {
    throw new InvalidInputError(
      'bad_ingested_at',
      `ingestedAt '${ingestedAt}' is not an ISO instant with a zone`,
      {
        details: { ingestedAt },
      },
    );
  }
  const target = quoteIdent(model.name);
  const s = quoteIdent(staged.table);
  const match = quoteIdent(db.tempName(`match_${model.name}`));
  const keySet = new Set<string>(model.key);
  const on = model.key.map((k) => `s.${quoteIdent(k)} = t.${quoteIdent(k)}`).join(' AND ');
  const values = model.columns.filter((c) => !keySet.has(c.name)).map((c) => quoteIdent(c.name));
  const same =
    values.length === 0 ? 'true' : values.map((c) => `s.${c} IS NOT DISTINCT FROM t.${c}`).join(' AND ');
  try {
    await db.run(
      `CREATE TEMP TABLE ${match} AS SELECT s.rowid AS srow, t.rowid AS trow, (${same}) AS same
       FROM ${s} s JOIN ${target} t ON ${on}`,
    );
    const counts = await db.all(
      `SELECT count(*) AS matched, count(*) FILTER (WHERE same) AS same FROM ${match}`,
    );
    const matched = Number(counts[0]!.matched);
    const unchanged = Number(counts[0]!.same);
    if (matched > unchanged) {
      await db.run(`DELETE FROM ${target} WHERE rowid IN (SELECT trow FROM ${match} WHERE NOT same)`);
    }
    const cols = model.columns.map((c) => quoteIdent(c.name)).join(', ');
    const skip = unchanged > 0 ? ` WHERE rowid NOT IN (SELECT srow FROM ${match} WHERE same)` : '';
    const written = await db.run(
      `INSERT INTO ${target} (${cols}, ${quoteIdent(INGESTED_AT)})
       SELECT ${cols}, CAST($1 AS TIMESTAMPTZ) FROM ${s}${skip}`,
      [ingestedAt],
    );
    return { inserted: written - (matched - unchanged), updated: matched - unchanged, unchanged };
  } finally {
    // After a failed statement the transaction is aborted and rolls the table back anyway.
    await db.run(`DROP TABLE IF EXISTS temp.main.${match}`).catch(() => undefined);
  }
}
