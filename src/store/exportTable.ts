/**
 * Export of a model table to CSV or Parquet, in the layout import reads back: the model's columns in
 * order (ending with source and quality), ordered by time and key. `ingested_at` is left out so the file
 * re-imports as is. CSV instants are written '2026-02-05T21:00:00Z' like the event pack.
 */
import { rename, rm, stat } from 'node:fs/promises';
import { dirname, extname, join } from 'node:path';
import type { AnyColumn } from '../data/models/defineModel.js';
import { isModelName, modelByName, modelNames } from '../data/models/index.js';
import { InvalidInputError, StoreError } from '../errors.js';
import { type Db, quoteIdent, sqlString } from './db.js';

export type ExportFormat = 'csv' | 'parquet';

/** What `exportTable` wrote. */
export interface ExportResult {
  readonly table: string;
  readonly file: string;
  readonly format: ExportFormat;
  readonly rows: number;
}

function csvExpr(c: AnyColumn): string {
  const col = quoteIdent(c.name);
  if (c.sqlType === 'DOUBLE') {
    // Whole numbers without DuckDB's '.0', as JS String(number) writes them (the event pack's form).
    return `CASE WHEN ${col} = trunc(${col}) AND abs(${col}) < 1e15 THEN CAST(CAST(${col} AS BIGINT) AS VARCHAR) ELSE CAST(${col} AS VARCHAR) END AS ${col}`;
  }
  if (c.sqlType !== 'TIMESTAMPTZ') return col;
  // microsecond() is the sub-minute part in microseconds; keep a fraction only when there is one.
  const frac = `microsecond(${col}) % 1000000`;
  return `strftime(${col}, '%Y-%m-%dT%H:%M:%S') || CASE WHEN ${frac} = 0 THEN '' ELSE '.' || rtrim(lpad(CAST(${frac} AS VARCHAR), 6, '0'), '0') END || 'Z' AS ${col}`;
}

/** A file-system error in words (no raw EISDIR/ENOENT codes). */
function fsReason(error: unknown): string {
  const code = (error as { code?: string }).code;
  if (code === 'EISDIR') return 'it is a folder';
  if (code === 'ENOENT') return 'its folder does not exist';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return error instanceof Error ? error.message : String(error);
}

/** Refuses, in one line, a target that is a folder or whose folder is missing (before anything is written). */
async function assertWritableFile(file: string, table: string): Promise<void> {
  const info = await stat(file).catch(() => null);
  if (info?.isDirectory()) {
    throw new InvalidInputError(
      'is_a_folder',
      `${file} is a folder; give a file to write, e.g. ${join(file, `${table}.csv`)} or .parquet`,
      { details: { file } },
    );
  }
  const parent = await stat(dirname(file)).catch(() => null);
  if (!parent?.isDirectory()) {
    throw new InvalidInputError('no_such_folder', `${file}: folder ${dirname(file)} does not exist`, {
      details: { file },
    });
  }
}

/**
 * Writes `table` to `file` (.csv or .parquet, chosen by extension). The file appears only when complete:
 * it is written under a temporary name and renamed.
 * @example await exportTable(db, 'bars', '/tmp/bars.parquet') // { table: 'bars', file: '/tmp/bars.parquet', format: 'parquet', rows: 1440 }
 */
export async function exportTable(db: Db, table: string, file: string): Promise<ExportResult> {
  if (!isModelName(table)) {
    throw new InvalidInputError(
      'unknown_table',
      `unknown table '${table}' (tables: ${modelNames.join(', ')})`,
      {
        details: { table },
      },
    );
  }
  await assertWritableFile(file, table);
  const ext = extname(file).toLowerCase();
  const format: ExportFormat | null = ext === '.csv' ? 'csv' : ext === '.parquet' ? 'parquet' : null;
  if (format === null) {
    throw new InvalidInputError(
      'unknown_file_type',
      `${file}: export writes .csv or .parquet, not '${ext || '(none)'}'`,
      {
        details: { file },
      },
    );
  }
  const model = modelByName(table);
  const cols = model.columns.map((c) => (format === 'csv' ? csvExpr(c) : quoteIdent(c.name))).join(', ');
  const order = [model.timeColumn, ...model.key.filter((k) => k !== model.timeColumn)]
    .map(quoteIdent)
    .join(', ');
  const partial = `${file}.partial`;
  const options = format === 'csv' ? "FORMAT csv, HEADER true, DELIMITER ','" : 'FORMAT parquet';
  try {
    const rows = await db.run(
      `COPY (SELECT ${cols} FROM ${quoteIdent(table)} ORDER BY ${order}) TO ${sqlString(partial)} (${options})`,
    );
    try {
      await rename(partial, file);
    } catch (error) {
      throw new StoreError('export_failed', `cannot write ${file}: ${fsReason(error)}`, {
        cause: error,
        details: { file, table },
      });
    }
    return { table, file, format, rows };
  } catch (error) {
    await rm(partial, { force: true });
    if (error instanceof StoreError && error.code === 'export_failed') throw error;
    if (error instanceof StoreError) {
      throw new StoreError(
        'export_failed',
        `cannot write ${file}: ${error.message.replace(/^store: /, '')}`,
        {
          cause: error,
          details: { file, table },
        },
      );
    }
    throw error;
  }
}
