/**
 * Replace-on-key writes from a staged table into a model's table. A staged row whose key is new is
 * inserted; one identical to the stored row is left alone, so re-importing the same file changes nothing
 * at all. A row whose key exists with different values is a conflict: refused by default (DataError
 * 'conflict' naming the first conflicting keys with old and new values; nothing written), replaced with
 * `overwrite` (new ingested_at), and the counts then say how many values changed and the largest relative
 * change, so a file of prices ×100 can never pass as "1 updated".
 */
import type { Model } from '../data/models/defineModel.js';
import { INGESTED_AT, isIsoInstant } from '../data/models/defineModel.js';
import { DataError, InvalidInputError } from '../errors.js';
import type { Db, SqlValue } from './db.js';
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
  /** values (cells) that differed in the updated rows (present when rows were updated) */
  readonly changedValues?: number;
  /** the largest relative change |new − old| / |old| of a numeric value in the updated rows */
  readonly largestChange?: LargestChange | null;
}

/** Where the largest relative change of an overwrite happened. */
export interface LargestChange {
  readonly column: string;
  readonly key: Readonly<Record<string, SqlValue>>;
  readonly old: number;
  readonly new: number;
  /** |new − old| / |old|; Infinity when old is 0 */
  readonly relative: number;
}

/** Options of `upsertStaged`. */
export interface UpsertOptions {
  /** Replace stored rows whose values differ (default false: refuse them). */
  readonly overwrite?: boolean;
  /** How the input is named in a conflict message (e.g. the file). */
  readonly what?: string;
}

/** Conflicting rows shown in the refusal message. */
const SHOWN_CONFLICTS = 3;

function showKey(key: Readonly<Record<string, SqlValue>>): string {
  return Object.entries(key)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
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
  options: UpsertOptions = {},
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
    let changes: { values: number; largest: LargestChange | null } = { values: 0, largest: null };
    if (matched > unchanged) {
      changes = await describeChanges(db, model, staged, match);
      if (!options.overwrite)
        throw await conflictError(db, model, staged, match, matched - unchanged, options);
    }
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
    const result: UpsertCounts = {
      inserted: written - (matched - unchanged),
      updated: matched - unchanged,
      unchanged,
    };
    return matched > unchanged
      ? { ...result, changedValues: changes.values, largestChange: changes.largest }
      : result;
  } finally {
    // After a failed statement the transaction is aborted and rolls the table back anyway.
    await db.run(`DROP TABLE IF EXISTS temp.main.${match}`).catch(() => undefined);
  }
}

/** Value columns (not key) of the model; numeric ones are DOUBLE. */
function valueColumns(model: Model): { all: string[]; numeric: string[] } {
  const keySet = new Set<string>(model.key);
  const cols = model.columns.filter((c) => !keySet.has(c.name));
  return {
    all: cols.map((c) => c.name),
    numeric: cols.filter((c) => c.sqlType === 'DOUBLE').map((c) => c.name),
  };
}

/** Cells that differ, and the largest relative change of a numeric cell, over the conflicting rows. */
async function describeChanges(
  db: Db,
  model: Model,
  staged: Staged,
  match: string,
): Promise<{ values: number; largest: LargestChange | null }> {
  const { all, numeric } = valueColumns(model);
  const s = quoteIdent(staged.table);
  const join = `FROM ${match} m JOIN ${s} s ON s.rowid = m.srow JOIN ${quoteIdent(model.name)} t ON t.rowid = m.trow WHERE NOT m.same`;
  const diff = all.map((c) => `(s.${quoteIdent(c)} IS DISTINCT FROM t.${quoteIdent(c)})::INT`).join(' + ');
  const n = await db.all(`SELECT coalesce(sum(${diff || '0'}), 0) AS n ${join}`);
  let largest: LargestChange | null = null;
  if (numeric.length > 0) {
    const keys = model.key.map((k) => `s.${quoteIdent(k)} AS ${quoteIdent(`k_${k}`)}`).join(', ');
    const parts = numeric.map(
      (c) =>
        `SELECT ${sqlLiteral(c)} AS col, ${keys}, t.${quoteIdent(c)} AS old, s.${quoteIdent(c)} AS new,
           CASE WHEN t.${quoteIdent(c)} = 0 THEN 'Infinity'::DOUBLE ELSE abs(s.${quoteIdent(c)} - t.${quoteIdent(c)}) / abs(t.${quoteIdent(c)}) END AS rel
         ${join} AND s.${quoteIdent(c)} IS NOT NULL AND t.${quoteIdent(c)} IS NOT NULL AND s.${quoteIdent(c)} <> t.${quoteIdent(c)}`,
    );
    const top = await db.all(`SELECT * FROM (${parts.join(' UNION ALL ')}) ORDER BY rel DESC, col LIMIT 1`);
    const r = top[0];
    if (r) {
      largest = {
        column: String(r.col),
        key: Object.fromEntries(model.key.map((k) => [k, r[`k_${k}`] ?? null])),
        old: Number(r.old),
        new: Number(r.new),
        relative: Number(r.rel),
      };
    }
  }
  return { values: Number(n[0]?.n ?? 0), largest };
}

function sqlLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** The refusal of a conflicting write: the first keys, each with the columns whose values differ. */
async function conflictError(
  db: Db,
  model: Model,
  staged: Staged,
  match: string,
  count: number,
  options: UpsertOptions,
): Promise<DataError> {
  const { all } = valueColumns(model);
  const s = quoteIdent(staged.table);
  const keys = model.key.map((k) => `s.${quoteIdent(k)} AS ${quoteIdent(`k_${k}`)}`).join(', ');
  const pairs = all
    .map(
      (c) => `t.${quoteIdent(c)} AS ${quoteIdent(`o_${c}`)}, s.${quoteIdent(c)} AS ${quoteIdent(`n_${c}`)}`,
    )
    .join(', ');
  const rows = await db.all(
    `SELECT ${keys}, ${pairs} FROM ${match} m JOIN ${s} s ON s.rowid = m.srow JOIN ${quoteIdent(model.name)} t ON t.rowid = m.trow
     WHERE NOT m.same ORDER BY m.srow LIMIT ${SHOWN_CONFLICTS}`,
  );
  const conflicts = rows.map((r) => {
    const key = Object.fromEntries(model.key.map((k) => [k, r[`k_${k}`] ?? null]));
    const changed = all
      .filter((c) => (r[`o_${c}`] ?? null) !== (r[`n_${c}`] ?? null))
      .map((c) => ({ column: c, old: r[`o_${c}`] ?? null, new: r[`n_${c}`] ?? null }));
    return { key, changed };
  });
  const first = conflicts
    .map(
      (c) =>
        `(${showKey(c.key)}: ${c.changed.map((v) => `${v.column} ${String(v.old)} -> ${String(v.new)}`).join(', ')})`,
    )
    .join('; ');
  const what = options.what ? `${options.what}: ` : '';
  return new DataError(
    'conflict',
    `${what}${count} row${count === 1 ? '' : 's'} of ${model.name} would change stored values, first ${first}; nothing written (pass --overwrite to replace them)`,
    { details: { table: model.name, rows: count, conflicts } },
  );
}
