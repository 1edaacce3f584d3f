import type { Command } from 'commander';
import { InvalidInputError, StoreError } from '../../errors.js';
import type { ResultColumn, Row } from '../../store/db.js';
import { checkReadOnlySql } from '../../store/readOnlySql.js';
import { DB_OPTION_HELP, resolveDbPath } from '../dbPath.js';
import type { CliIo } from '../io.js';
import { parseWait, WAIT_OPTION_HELP, withStoreWaiting } from '../storeAccess.js';
import { csvField, formatCsv, formatTable } from '../table.js';

interface SqlFlags {
  wait?: string;
  format: string;
  json?: boolean;
  db?: string;
  limit: string;
}

const FORMATS = ['table', 'json', 'csv'] as const;

/** Rows printed when --limit is not given: a screenful of context, never the whole of a 12M-row table. */
export const DEFAULT_SQL_LIMIT = 1000;

function parseLimit(raw: string): number {
  const n = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(n)) {
    throw new InvalidInputError('bad_flag', `--limit: '${raw}' is not a whole number of rows (0 = all)`, {
      details: { flag: '--limit', raw },
    });
  }
  return n;
}

/** JSON of one row, indented as a member of the printed array (same text as JSON.stringify(rows, null, 2)). */
function jsonRow(row: Row): string {
  return JSON.stringify(row, null, 2)
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
}

/**
 * Writes streamed rows: CSV and JSON as they arrive (constant memory), the aligned table once at the end
 * (it needs every width, so it is only offered with a limit).
 */
class Printer {
  private columnList: readonly ResultColumn[] = [];
  private readonly held: Row[] = [];
  private printed = 0;
  truncated = false;

  private readonly io: CliIo;
  private readonly format: (typeof FORMATS)[number];
  private readonly limit: number;

  constructor(io: CliIo, format: (typeof FORMATS)[number], limit: number) {
    this.io = io;
    this.format = format;
    this.limit = limit;
  }

  columns(columns: readonly ResultColumn[]): void {
    this.columnList = columns;
    if (this.format === 'csv') this.io.stdout(formatCsv(columns, []));
    if (this.format === 'json') this.io.stdout('[');
  }

  rows(rows: readonly Row[]): boolean {
    const room = this.limit === 0 ? rows.length : this.limit - this.printed;
    const take = rows.slice(0, room);
    if (rows.length > room) this.truncated = true;
    const names = this.columnList.map((c) => c.name);
    if (this.format === 'csv' && take.length > 0) {
      this.io.stdout(`${take.map((r) => names.map((n) => csvField(r[n] ?? null)).join(',')).join('\n')}\n`);
    } else if (this.format === 'json' && take.length > 0) {
      this.io.stdout(`${this.printed === 0 ? '\n' : ',\n'}${take.map(jsonRow).join(',\n')}`);
    } else this.held.push(...take);
    this.printed += take.length;
    // Past the limit, one more chunk is read only to learn whether rows were left out.
    return !this.truncated;
  }

  end(): void {
    if (this.format === 'json') this.io.stdout(this.printed === 0 ? ']\n' : '\n]\n');
    if (this.format === 'table') this.io.stdout(formatTable(this.columnList, this.held));
  }
}

/** `crashscope sql "<query>"`: one read-only query against the store, in DuckDB's sandbox. */
export function registerSql(program: Command, io: CliIo): void {
  program
    .command('sql')
    .description('run one read-only SQL query (SELECT/WITH/DESCRIBE/SHOW/...) against the store')
    .argument('<query>', 'the query, e.g. "SELECT * FROM etf_daily WHERE ticker = \'IBIT\' LIMIT 5"')
    .option('--format <format>', `output: ${FORMATS.join(' | ')}`, 'table')
    .option('--json', 'print JSON (same as --format json)')
    .option(
      '--limit <rows>',
      `print at most this many rows (0 = all, streamed; csv or json only); for a whole table use \`crashscope export\``,
      String(DEFAULT_SQL_LIMIT),
    )
    .option('--db <path>', DB_OPTION_HELP)
    .option('--wait <seconds>', WAIT_OPTION_HELP)
    .action(async (query: string, flags: SqlFlags) => {
      const format = (flags.json ? 'json' : flags.format) as (typeof FORMATS)[number];
      if (!(FORMATS as readonly string[]).includes(format)) {
        throw new InvalidInputError('bad_flag', `--format: '${format}' is not one of ${FORMATS.join(', ')}`, {
          details: { flag: '--format', raw: format },
        });
      }
      const limit = parseLimit(flags.limit);
      if (limit === 0 && format === 'table') {
        throw new InvalidInputError(
          'bad_flag',
          '--limit 0 streams every row and needs --format csv or --format json (a table needs all widths first)',
          { details: { flag: '--limit' } },
        );
      }
      // Decided from the text alone, before the store is opened: nothing is prepared or run to decide.
      await checkReadOnlySql(query);
      const printer = new Printer(io, format, limit);
      await withStoreWaiting(
        resolveDbPath(flags.db, io),
        { sandbox: true },
        parseWait(flags.wait),
        async (db) => {
          try {
            await db.stream(query, {
              columns: (c) => printer.columns(c),
              rows: (r) => printer.rows(r),
            });
          } catch (error) {
            if (!(error instanceof StoreError)) throw error;
            throw new InvalidInputError(
              'bad_sql',
              `sql: ${error.message.replace(/^store: /, '').split('\n')[0]}`,
              { cause: error, details: { query } },
            );
          }
        },
      );
      printer.end();
      if (printer.truncated) {
        io.stderr(
          `crashscope: printed the first ${limit} rows; more exist. Pass --limit N (0 = all, with --format csv or json), or write a whole table to a file with \`crashscope export <table> <file.csv|file.parquet>\`\n`,
        );
      }
    });
}
