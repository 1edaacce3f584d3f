/**
 * The result of one read-only query written to a CSV or Parquet file, for the dashboard's downloads.
 *
 * The query must already have passed `checkReadOnlySql` (exactly one SELECT-like statement), and `db` must
 * be a sandboxed store whose only writable folder is the file's folder (`openStore(path, { sandbox: true,
 * allowedDirectory })`): the COPY below is ours, and even a query that tried to reach past its parentheses
 * could touch nothing but that private folder.
 */
import { extname } from 'node:path';
import { InvalidInputError, StoreError } from '../errors.js';
import type { Db } from './db.js';
import { sqlString } from './db.js';
import type { ExportFormat } from './exportTable.js';
import { lexSql } from './readOnlySql.js';

/** What `exportQuery` wrote. */
export interface QueryExportResult {
  readonly file: string;
  readonly format: ExportFormat;
  readonly rows: number;
}

/**
 * The statement without a trailing `;` (and anything after it, which can only be comments), so it can sit
 * inside `COPY ( … )`.
 * @example statementBody('SELECT 1; -- done') // 'SELECT 1'
 */
export function statementBody(query: string): string {
  const tokens = lexSql(query);
  const last = tokens.at(-1);
  if (last === undefined) return '';
  return last.text === ';' ? query.slice(0, last.start).trimEnd() : query.slice(0, last.end);
}

/**
 * Writes the rows of `query` to `file` (.csv with a header, or .parquet).
 * @example await exportQuery(sandboxed, 'SELECT * FROM bars LIMIT 5', '/tmp/x/q.csv') // { file: '/tmp/x/q.csv', format: 'csv', rows: 5 }
 */
export async function exportQuery(db: Db, query: string, file: string): Promise<QueryExportResult> {
  const ext = extname(file).toLowerCase();
  const format: ExportFormat | null = ext === '.csv' ? 'csv' : ext === '.parquet' ? 'parquet' : null;
  if (format === null) {
    throw new InvalidInputError('unknown_file_type', `${file}: a query is written as .csv or .parquet`, {
      details: { file },
    });
  }
  const options = format === 'csv' ? "FORMAT csv, HEADER true, DELIMITER ','" : 'FORMAT parquet';
  // The newline ends a trailing line comment before the closing parenthesis.
  const copy = `COPY (${statementBody(query)}\n) TO ${sqlString(file)} (${options})`;
  try {
    return { file, format, rows: await db.run(copy) };
  } catch (error) {
    if (!(error instanceof StoreError)) throw error;
    throw new InvalidInputError(
      'bad_sql',
      `sql: ${error.message.replace(/^store: /, '').split('\n')[0]} (a download takes a SELECT)`,
      { cause: error, details: { query } },
    );
  }
}
