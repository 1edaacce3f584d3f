/** What is in the store: per table row count, time range, quality mix and last import; schema version. */
import { QUALITIES, type Quality } from '../core/quality.js';
import { modelByName, modelNames } from '../data/models/index.js';
import { type Db, quoteIdent } from './db.js';
import { schemaVersion } from './store.js';

/** One table in `dbInfo`. */
export interface TableInfo {
  readonly table: string;
  readonly rows: number;
  /** The column `from` and `to` refer to. */
  readonly timeColumn: string;
  /** Earliest and latest value of the time column (ISO), null for an empty table. */
  readonly from: string | null;
  readonly to: string | null;
  /** Row count per quality. */
  readonly quality: Readonly<Record<Quality, number>>;
  /** Number of distinct sources. */
  readonly sources: number;
  readonly lastIngestedAt: string | null;
}

export interface DbInfo {
  readonly path: string;
  readonly schemaVersion: number;
  readonly tables: readonly TableInfo[];
}

/**
 * Summary of every model table.
 * @example (await dbInfo(db)).tables[0] // { table: 'etf_daily', rows: 0, from: null, ... }
 */
export async function dbInfo(db: Db): Promise<DbInfo> {
  const tables: TableInfo[] = [];
  for (const name of modelNames) {
    const model = modelByName(name);
    const t = quoteIdent(model.timeColumn);
    const q = QUALITIES.map((k, i) => `count(*) FILTER (WHERE quality = '${k}') AS q${i}`).join(', ');
    const [r] = await db.all(
      `SELECT count(*) AS n, min(${t}) AS lo, max(${t}) AS hi, ${q}, count(DISTINCT source) AS s,
       max(ingested_at) AS last FROM ${quoteIdent(model.name)}`,
    );
    const row = r!;
    tables.push({
      table: model.name,
      rows: Number(row.n),
      timeColumn: model.timeColumn,
      from: row.lo === null ? null : String(row.lo),
      to: row.hi === null ? null : String(row.hi),
      quality: Object.fromEntries(QUALITIES.map((k, i) => [k, Number(row[`q${i}`])])) as Record<
        Quality,
        number
      >,
      sources: Number(row.s),
      lastIngestedAt: row.last === null ? null : String(row.last),
    });
  }
  return { path: db.path, schemaVersion: await schemaVersion(db), tables };
}
