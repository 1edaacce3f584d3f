import type { Command } from 'commander';
import { CrashscopeError, InvalidInputError, StoreError } from '../../errors.js';
import type { Db } from '../../store/db.js';
import { withStore } from '../../store/store.js';
import { DB_OPTION_HELP, resolveDbPath } from '../dbPath.js';
import { type CliIo, printJson } from '../io.js';
import { formatCsv, formatTable } from '../table.js';

interface SqlFlags {
  format: string;
  json?: boolean;
  db?: string;
}

const FORMATS = ['table', 'json', 'csv'] as const;

/**
 * Refuses anything but one read-only statement: SELECT (which covers WITH, FROM, VALUES, TABLE, DESCRIBE,
 * SHOW, SUMMARIZE and table-valued PRAGMAs) or EXPLAIN. The store is also opened read-only; this check
 * matters because read-only DuckDB still runs COPY ... TO, EXPORT, SET and ATTACH, which write files or
 * change the session.
 * @example await assertReadOnlyQuery(db, 'DELETE FROM bars') // throws InvalidInputError 'read_only'
 */
export async function assertReadOnlyQuery(db: Db, query: string): Promise<void> {
  let kinds: readonly string[];
  try {
    kinds = await db.statementKinds(query);
  } catch (error) {
    const text = error instanceof CrashscopeError ? error.message.replace(/^store: /, '') : String(error);
    throw new InvalidInputError('bad_sql', `sql: ${text.split('\n')[0]}`, {
      cause: error,
      details: { query },
    });
  }
  if (kinds.length !== 1) {
    throw new InvalidInputError('bad_sql', `sql: expected exactly one statement, got ${kinds.length}`, {
      details: { query, statements: kinds.length },
    });
  }
  // EXPLAIN ANALYZE runs the statement it explains.
  if (kinds[0] === 'other' || /^\s*explain\s+analy[sz]e\b/i.test(query)) {
    const head = query.trim().split(/\s+/).slice(0, 2).join(' ');
    throw new InvalidInputError(
      'read_only',
      `sql is read-only: '${head} ...' is refused; use SELECT, WITH, FROM, DESCRIBE, SHOW, SUMMARIZE or EXPLAIN`,
      { details: { query } },
    );
  }
}

/** `crashscope sql "<query>"`: one read-only query against the store. */
export function registerSql(program: Command, io: CliIo): void {
  program
    .command('sql')
    .description('run one read-only SQL query (SELECT/WITH/DESCRIBE/SHOW/...) against the store')
    .argument('<query>', 'the query, e.g. "SELECT * FROM etf_daily WHERE ticker = \'IBIT\' LIMIT 5"')
    .option('--format <format>', `output: ${FORMATS.join(' | ')}`, 'table')
    .option('--json', 'print JSON (same as --format json)')
    .option('--db <path>', DB_OPTION_HELP)
    .action(async (query: string, flags: SqlFlags) => {
      const format = flags.json ? 'json' : flags.format;
      if (!(FORMATS as readonly string[]).includes(format)) {
        throw new InvalidInputError('bad_flag', `--format: '${format}' is not one of ${FORMATS.join(', ')}`, {
          details: { flag: '--format', raw: format },
        });
      }
      const result = await withStore(resolveDbPath(flags.db, io), { readOnly: true }, async (db) => {
        await assertReadOnlyQuery(db, query);
        try {
          return await db.query(query);
        } catch (error) {
          if (!(error instanceof StoreError)) throw error;
          throw new InvalidInputError(
            'bad_sql',
            `sql: ${error.message.replace(/^store: /, '').split('\n')[0]}`,
            {
              cause: error,
              details: { query },
            },
          );
        }
      });
      if (format === 'json') printJson(io, result.rows);
      else if (format === 'csv') io.stdout(formatCsv(result.columns, result.rows));
      else io.stdout(formatTable(result.columns, result.rows));
    });
}
