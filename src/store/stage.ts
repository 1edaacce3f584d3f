/**
 * Staging: turns a relation of text cells (a CSV scan, a Parquet scan cast to text, or a table of JSON
 * values) into a typed temporary table, validating every cell with SQL generated from the model's column
 * rules. Millions of rows are checked inside DuckDB in one pass; JS only ever sees the first bad row.
 *
 * The staged table keeps the input order, so rowid order is record order (DuckDB preserves insertion
 * order for CREATE TABLE AS; https://duckdb.org/docs/stable/sql/dialect/order_preservation).
 */

import { DAY_CELL_PATTERN, type DayStamp } from '../core/dailyBars.js';
import { NEW_YORK } from '../core/time.js';
import type { AggregateCheck, AnyColumn, Model } from '../data/models/defineModel.js';
import { INSTANT_PATTERN, NAIVE_INSTANT_PATTERN, TRIM_CHARS } from '../data/models/defineModel.js';
import type { Db, SqlValue } from './db.js';
import { quoteIdent, sqlString } from './db.js';

/** How a model column is read from the input relation. */
export type ColumnSource =
  /** the input has a text column of this name */
  | { readonly kind: 'column'; readonly name: string; readonly fallback?: string }
  /** the column is absent: NULL (nullable columns) or a constant (provenance defaults) */
  | { readonly kind: 'constant'; readonly value: string | null };

const TRIM_SQL = [...TRIM_CHARS].map((c) => (c === ' ' ? "' '" : `chr(${c.charCodeAt(0)})`)).join(' || ');

/**
 * SQL that converts the text expression `raw` to the column's type (NULL when it does not convert).
 * @example typedValueSql(num('close', 'USD', ''), 'c') // 'try_cast(c AS DOUBLE)'
 */
export function typedValueSql(column: AnyColumn, raw: string): string {
  switch (column.rule.kind) {
    case 'date':
      return `try_cast(${raw} AS DATE)`;
    case 'instant':
      return `try_cast(${raw} AS TIMESTAMPTZ)`;
    case 'number':
      return `try_cast(${raw} AS DOUBLE)`;
    default:
      return raw;
  }
}

function boundSql(expr: string, op: string, value: number): string {
  return `${expr} ${op} ${Number.isInteger(value) ? value.toFixed(1) : String(value)}`;
}

/**
 * SQL boolean, never NULL: true when the text expression `raw` is a valid value of the column (NULL is
 * valid for nullable columns only). Mirrors the column's zod schema; a property test checks they agree.
 * @example columnCheckSql(num('close', 'USD', '', { gt: 0 }), 'c') // 'coalesce(c IS NOT NULL AND isfinite(try_cast(c AS DOUBLE)) AND try_cast(c AS DOUBLE) > 0.0, false)'
 */
export function columnCheckSql(column: AnyColumn, raw: string): string {
  const rule = column.rule;
  let ok: string;
  switch (rule.kind) {
    case 'date':
      ok = `regexp_full_match(${raw}, '\\d{4}-\\d{2}-\\d{2}') AND try_cast(${raw} AS DATE) IS NOT NULL`;
      break;
    case 'instant':
      ok = `regexp_full_match(${raw}, ${sqlString(INSTANT_PATTERN)}) AND try_cast(${raw} AS TIMESTAMPTZ) IS NOT NULL`;
      break;
    case 'number': {
      const v = `try_cast(${raw} AS DOUBLE)`;
      const parts = [`isfinite(${v})`];
      if (rule.min) parts.push(boundSql(v, rule.min.inclusive ? '>=' : '>', rule.min.value));
      if (rule.max) parts.push(boundSql(v, rule.max.inclusive ? '<=' : '<', rule.max.value));
      ok = parts.join(' AND ');
      break;
    }
    case 'text':
      ok = `length(${raw}) > 0 AND ${raw} = trim(${raw}, ${TRIM_SQL})${rule.lowercase ? ` AND ${raw} = lower(${raw})` : ''}${
        // RE2 reads \x escapes itself; the SQL literal passes the backslashes through.
        rule.singleLine ? ` AND NOT regexp_matches(${raw}, '[\\x00-\\x1f\\x7f]')` : ''
      }`;
      break;
    case 'enum':
      ok = `${raw} IN (${rule.values.map(sqlString).join(', ')})`;
      break;
  }
  return column.nullable
    ? `(${raw} IS NULL OR coalesce(${ok}, false))`
    : `coalesce(${raw} IS NOT NULL AND ${ok}, false)`;
}

/** How `rawSelectSql` rewrites instant cells before they are checked. */
export interface InstantReading {
  /** IANA zone in which naive timestamps (`2026-02-05 16:00`, `2026-02-05T16:00:00`) are wall-clock time. */
  readonly tz?: string;
  /** Restamp daily bars (interval '1d') whose time cell is a date or a midnight stamp (`import --day-stamp`). */
  readonly dayStamp?: DayStamp;
}

/**
 * SQL text expression: the daily bar's time cell `raw` restamped to `stamp` when `interval` is '1d' and the
 * cell is a date or a midnight stamp (see restampDailyCell, the same rule in TS), else `raw`.
 */
export function dayStampSql(raw: string, interval: string, stamp: DayStamp): string {
  const day = `try_cast(substr(${raw}, 1, 10) AS DATE)`;
  const stamped =
    stamp === 'utc-open'
      ? `strftime(${day}, '%Y-%m-%dT00:00:00Z')`
      : `strftime(timezone('UTC', timezone(${sqlString(NEW_YORK)}, CAST(${day} AS TIMESTAMP) + INTERVAL 16 HOUR)), '%Y-%m-%dT%H:%M:%SZ')`;
  return `CASE WHEN ${interval} = '1d' AND regexp_full_match(${raw}, ${sqlString(DAY_CELL_PATTERN)}) AND ${day} IS NOT NULL THEN ${stamped} ELSE ${raw} END`;
}

/** SQL text expression: `raw` read as wall-clock time in `tz` when it is a naive timestamp, else `raw`. */
export function naiveInZoneSql(raw: string, tz: string): string {
  const utc = `timezone('UTC', timezone(${sqlString(tz)}, try_cast(${raw} AS TIMESTAMP)))`;
  return `CASE WHEN regexp_full_match(${raw}, ${sqlString(NAIVE_INSTANT_PATTERN)}) THEN strftime(${utc}, '%Y-%m-%dT%H:%M:%S.%fZ') ELSE ${raw} END`;
}

/**
 * SQL that selects the model's columns as text from `relation`, one output column per model column.
 * With `reading.tz`, naive timestamps in instant columns become UTC instants (zoned ones are kept).
 * @example rawSelectSql(bars, 'read_csv(...)', sources) // 'SELECT CAST("ts" AS VARCHAR) AS "ts", ... FROM read_csv(...)'
 */
export function rawSelectSql(
  model: Model,
  relation: string,
  sources: ReadonlyMap<string, ColumnSource>,
  reading: InstantReading = {},
): string {
  const textOf = (s: ColumnSource): string => {
    if (s.kind === 'constant') return s.value === null ? 'CAST(NULL AS VARCHAR)' : sqlString(s.value);
    const ref = `CAST(${quoteIdent(s.name)} AS VARCHAR)`;
    return s.fallback === undefined ? ref : `coalesce(${ref}, ${sqlString(s.fallback)})`;
  };
  const intervalSource = sources.get('interval');
  const cols = model.columns.map((c) => {
    const s = sources.get(c.name) ?? { kind: 'constant', value: null };
    if (s.kind === 'constant') {
      return `${s.value === null ? 'CAST(NULL AS VARCHAR)' : sqlString(s.value)} AS ${quoteIdent(c.name)}`;
    }
    const ref = `CAST(${quoteIdent(s.name)} AS VARCHAR)`;
    let text = s.fallback === undefined ? ref : `coalesce(${ref}, ${sqlString(s.fallback)})`;
    if (reading.dayStamp !== undefined && c.name === model.timeColumn && intervalSource !== undefined) {
      text = dayStampSql(text, textOf(intervalSource), reading.dayStamp);
    }
    if (c.rule.kind === 'instant' && reading.tz !== undefined) text = naiveInZoneSql(text, reading.tz);
    return `${text} AS ${quoteIdent(c.name)}`;
  });
  return `SELECT ${cols.join(', ')} FROM ${relation}`;
}

/** Result of `stageRaw`. */
export interface Staged {
  /** Temporary table: the model's columns, typed, plus `__bad` (index of the first failed check or NULL). */
  readonly table: string;
  readonly rows: number;
  /**
   * rowid of the first staged row. Rows written inside a transaction get rowids from 2^55 up (DuckDB's
   * transaction-local storage), beyond exact JS numbers, so record indices are computed in SQL.
   */
  readonly base: bigint;
}

/**
 * SQL expression of the 0-based input record index of a staged row (`alias` is a table alias or '').
 * @example indexSql({ table: 't', rows: 2, base: 36028797018963968n }, 's') // '(s.rowid - 36028797018963968)'
 */
export function indexSql(staged: Staged, alias = ''): string {
  return `(${alias ? `${alias}.` : ''}rowid - ${staged.base})`;
}

/**
 * Creates the typed staging table from the text relation `rawSql` (see `rawSelectSql`). Check indices in
 * `__bad`: 0..columns-1 for cell checks, columns+j for the model's row check j.
 * @example (await stageRaw(db, bars, rawSql)).rows // 1440
 */
export async function stageRaw(db: Db, model: Model, rawSql: string): Promise<Staged> {
  const table = db.tempName(`stage_${model.name}`);
  const inner = model.columns.flatMap((c, i) => {
    const raw = `__raw.${quoteIdent(c.name)}`;
    return [`${typedValueSql(c, raw)} AS ${quoteIdent(c.name)}`, `${columnCheckSql(c, raw)} AS __ok${i}`];
  });
  const whens = model.columns.map((_, i) => `WHEN NOT __ok${i} THEN ${i}`);
  model.checks.forEach((check, j) => {
    const nulls = check.withNulls ? [] : check.columns.map((c) => `${quoteIdent(c)} IS NULL`);
    whens.push(
      `WHEN NOT (${[...nulls, `coalesce(${check.sql}, false)`].join(' OR ')}) THEN ${model.columns.length + j}`,
    );
  });
  const names = model.columns.map((c) => quoteIdent(c.name)).join(', ');
  const sql = `CREATE TEMP TABLE ${quoteIdent(table)} AS
SELECT ${names}, CAST(CASE ${whens.join(' ')} END AS SMALLINT) AS __bad
FROM (SELECT ${inner.join(', ')} FROM (${rawSql}) AS __raw) AS __typed`;
  await db.run(sql);
  const info = await db.all(
    `SELECT count(*) AS n, CAST(coalesce(min(rowid), 0) AS VARCHAR) AS b FROM ${quoteIdent(table)}`,
  );
  return { table, rows: Number(info[0]!.n), base: BigInt(String(info[0]!.b)) };
}

/** The first row that failed a check. */
export interface BadRow {
  /** 0-based record index in the input. */
  readonly index: number;
  /** Index of the failed check (see `stageRaw`). */
  readonly check: number;
  /** Number of rows that failed some check. */
  readonly count: number;
}

/**
 * The first staged row (in input order) that failed a check, or null when all passed.
 * @example await firstBadRow(db, staged) // { index: 3, check: 2, count: 1 }
 */
export async function firstBadRow(db: Db, staged: Staged): Promise<BadRow | null> {
  const rows = await db.all(
    `SELECT ${indexSql(staged)} AS i, __bad AS k, count(*) OVER () AS n FROM ${quoteIdent(staged.table)}
     WHERE __bad IS NOT NULL ORDER BY rowid LIMIT 1`,
  );
  const r = rows[0];
  return r ? { index: Number(r.i), check: Number(r.k), count: Number(r.n) } : null;
}

/** Two input records with the same natural key. */
export interface DuplicateKey {
  /** 0-based record indices of the first two occurrences. */
  readonly first: number;
  readonly second: number;
  /** Key column -> value (as stored: ISO text for dates and instants). */
  readonly key: Readonly<Record<string, SqlValue>>;
}

/**
 * The first key that appears twice in the staged rows (by the position of its first occurrence), or null.
 * Keys are compared typed, so '2026-02-05T21:00:00Z' and '2026-02-05T16:00:00-05:00' are the same instant.
 */
export async function findDuplicateKey(db: Db, model: Model, staged: Staged): Promise<DuplicateKey | null> {
  const t = quoteIdent(staged.table);
  const keys = model.key.map(quoteIdent);
  const groups = await db.all(
    `SELECT min(${indexSql(staged)}) AS first FROM ${t} GROUP BY ${keys.join(', ')} HAVING count(*) > 1 ORDER BY first LIMIT 1`,
  );
  if (groups.length === 0) return null;
  const first = Number(groups[0]!.first);
  const join = keys.map((k) => `s.${k} = k.${k}`).join(' AND ');
  const pair = await db.all(
    `SELECT ${indexSql(staged, 's')} AS i, ${keys.map((k) => `s.${k}`).join(', ')} FROM ${t} s,
     (SELECT ${keys.join(', ')} FROM ${t} WHERE ${indexSql(staged)} = ${first}) k WHERE ${join} ORDER BY s.rowid LIMIT 2`,
  );
  const key: Record<string, SqlValue> = {};
  for (const k of model.key) key[k] = pair[0]![k] ?? null;
  return { first, second: Number(pair[1]!.i), key };
}

/**
 * Distinct values of `quality` in the staged rows.
 * @example await stagedQualities(db, staged) // ['published', 'reconstructed']
 */
export async function stagedQualities(db: Db, staged: Staged): Promise<readonly string[]> {
  const rows = await db.all(`SELECT DISTINCT quality AS q FROM ${quoteIdent(staged.table)} ORDER BY q`);
  return rows.map((r) => String(r.q));
}

/**
 * Drops a temporary table if it exists; never throws.
 * @example await dropTemp(db, staged.table) // undefined
 */
export async function dropTemp(db: Db, table: string): Promise<void> {
  // After a failed statement the transaction is aborted and rolls the table back anyway.
  await db.run(`DROP TABLE IF EXISTS temp.main.${quoteIdent(table)}`).catch(() => undefined);
}

/** A file-wide check that failed: the check, the median it measured and the first row beyond its bound. */
export interface AggregateViolation {
  readonly check: AggregateCheck;
  readonly median: number;
  /** 0-based input record index of the first row beyond the bound, and its value. */
  readonly index: number;
  readonly value: unknown;
}

/**
 * Runs the model's derivations on a staged table (`Model.derive`: e.g. open interest in BTC from USD and
 * a price, listed in `derived`). File imports and programmatic writes (provider ingest) both call it.
 */
export async function deriveStaged(db: Db, model: Model, staged: Staged): Promise<void> {
  for (const statement of model.derive) {
    await db.run(statement.replaceAll('{table}', quoteIdent(staged.table)));
  }
}

/**
 * The first of the model's file-wide checks (`Model.aggregateChecks`, e.g. funding rates in percent) that
 * the staged rows fail, or null. File imports and programmatic writes (provider ingest) both call it.
 */
export async function firstAggregateViolation(
  db: Db,
  model: Model,
  staged: Staged,
): Promise<AggregateViolation | null> {
  const t = quoteIdent(staged.table);
  for (const check of model.aggregateChecks) {
    const c = quoteIdent(check.column);
    const [agg] = await db.all(`SELECT median(abs(${c})) AS m FROM ${t}`);
    const median = agg?.m === null || agg?.m === undefined ? null : Number(agg.m);
    if (median === null || !(median > check.max)) continue;
    const [first] = await db.all(
      `SELECT ${indexSql(staged)} AS i, ${c} AS v FROM ${t} WHERE abs(${c}) > ${check.max} ORDER BY rowid LIMIT 1`,
    );
    return { check, median, index: Number(first!.i), value: first!.v };
  }
  return null;
}
