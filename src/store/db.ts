/**
 * The only file that knows the DuckDB driver (@duckdb/node-api). Everything else talks to the store
 * through the small `Db` interface below, with plain JS values: numbers, strings, booleans, null.
 * DATE values come back as 'YYYY-MM-DD' and TIMESTAMP(TZ) values as ISO instants in UTC
 * ('2026-02-05T21:00:00Z'), so rows are comparable with the strings files are written in.
 *
 * Driver docs: https://duckdb.org/docs/stable/clients/node_neo/overview
 */
import {
  type DuckDBConnection,
  type DuckDBDateValue,
  DuckDBInstance,
  type DuckDBResultReader,
  type DuckDBTimestampTZValue,
  DuckDBTypeId,
  type DuckDBValue,
} from '@duckdb/node-api';
import { StoreError } from '../errors.js';

/** A value as it comes out of (or goes into) the store. */
export type SqlValue = string | number | boolean | null;

/** One result row, column name -> value. */
export type Row = Readonly<Record<string, SqlValue>>;

/** A column of a result: name and DuckDB type name. */
export interface ResultColumn {
  readonly name: string;
  readonly type: string;
}

/** Rows plus their column names and types (column order is kept even for zero rows). */
export interface Result {
  readonly columns: readonly ResultColumn[];
  readonly rows: readonly Row[];
}

/** Progress of the statement running on the store's connection, as reported by DuckDB. */
export interface QueryProgress {
  /** 0..100, or -1 when DuckDB cannot tell. */
  readonly percentage: number;
  readonly rowsProcessed: number;
  readonly totalRows: number;
}

/** Appends rows of VARCHAR/DOUBLE/NULL values to a table, fast (DuckDB appender). */
export interface Appender {
  appendRow(values: readonly SqlValue[]): void;
  close(): void;
}

/** An open store connection. */
export interface Db {
  /** File path, or ':memory:'. */
  readonly path: string;
  readonly readOnly: boolean;
  /** Runs a statement and returns all rows. `$1`-style parameters. */
  all(sql: string, params?: readonly SqlValue[]): Promise<readonly Row[]>;
  /** Runs a statement and returns rows with column names and types. */
  query(sql: string, params?: readonly SqlValue[]): Promise<Result>;
  /** Runs a statement and returns the number of rows it changed. */
  run(sql: string, params?: readonly SqlValue[]): Promise<number>;
  /**
   * Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. Nested calls
   * join the outer transaction.
   */
  transaction<T>(fn: () => Promise<T>): Promise<T>;
  /**
   * Number of statements in `sql`, from DuckDB's parser alone: nothing is bound, prepared or run (preparing
   * has side effects: `EXPORT DATABASE` creates its folder when prepared). Throws StoreError on a syntax error.
   */
  statementCount(sql: string): Promise<number>;
  /**
   * Runs one statement and hands its rows to `sink` chunk by chunk (DuckDB's streaming result, about 2,048
   * rows at a time), so a large result never sits in memory whole. Stops early when `rows` returns false.
   */
  stream(sql: string, sink: RowSink): Promise<void>;
  /** Appender on a table (`temp` true for a temporary table). */
  appender(table: string, options?: { readonly temp?: boolean }): Promise<Appender>;
  /** Progress of the statement currently running, or null when nothing is. */
  progress(): QueryProgress | null;
  /** A fresh name for a temporary table, unique on this connection. */
  tempName(prefix: string): string;
  close(): void;
}

/** Receives a streamed result: the columns once, then rows chunk by chunk. */
export interface RowSink {
  columns(columns: readonly ResultColumn[]): void;
  /** Returns false to stop reading (the rest of the result is discarded). */
  rows(rows: readonly Row[]): boolean;
}

/** Options of `openDb`. */
export interface OpenDbOptions {
  readonly readOnly?: boolean;
  /**
   * The sandbox of ad-hoc SQL (`crashscope sql`; docs/ARCHITECTURE.md "How the store is opened"): read-only,
   * no file system or network access beyond the store file itself (`enable_external_access=false`), no
   * extension installed or loaded on demand, and the configuration locked after the session settings so
   * no statement can undo any of it. Implies `readOnly` for a file.
   */
  readonly sandbox?: boolean;
  /**
   * With `sandbox`: the one folder the sandbox may write to (and read from), e.g. a fresh private folder
   * that receives a query's result as CSV/Parquet (`exportQuery`). DuckDB's `allowed_directories`, set
   * before the configuration is locked.
   */
  readonly allowedDirectory?: string;
  /** DuckDB threads; default: DuckDB's choice (number of cores). */
  readonly threads?: number;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const MS_PER_DAY = 86_400_000;

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/**
 * ISO instant in UTC from microseconds since the epoch; seconds always shown, the fraction only when
 * non-zero, so whole-second instants read exactly as files write them.
 * @example isoFromMicros(1770325200000000n) // '2026-02-05T21:00:00Z'
 */
export function isoFromMicros(micros: bigint): string {
  // Floor division: BigInt division truncates toward zero, which is wrong before 1970.
  const floorSec = micros >= 0n ? micros / 1_000_000n : -((-micros + 999_999n) / 1_000_000n);
  const frac = Number(micros - floorSec * 1_000_000n);
  const d = new Date(Number(floorSec) * 1000);
  const base = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  if (frac === 0) return `${base}Z`;
  return `${base}.${String(frac).padStart(6, '0').replace(/0+$/, '')}Z`;
}

/** ISO date from days since 1970-01-01. */
function isoFromDays(days: number): string {
  return new Date(days * MS_PER_DAY).toISOString().slice(0, 10);
}

function toJs(value: DuckDBValue, typeId: DuckDBTypeId): SqlValue {
  if (value === null) return null;
  switch (typeId) {
    case DuckDBTypeId.BOOLEAN:
      return value as boolean;
    case DuckDBTypeId.DOUBLE:
    case DuckDBTypeId.FLOAT:
    case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.SMALLINT:
    case DuckDBTypeId.TINYINT:
    case DuckDBTypeId.UINTEGER:
    case DuckDBTypeId.USMALLINT:
    case DuckDBTypeId.UTINYINT:
      return value as number;
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UHUGEINT: {
      // Counts fit in a double; an integer beyond 2^53 stays exact as a string.
      const big = value as bigint;
      const n = Number(big);
      return Number.isSafeInteger(n) ? n : big.toString();
    }
    case DuckDBTypeId.DECIMAL:
      return Number(String(value));
    case DuckDBTypeId.DATE: {
      const d = value as DuckDBDateValue;
      return d.isFinite ? isoFromDays(d.days) : d.toString();
    }
    case DuckDBTypeId.TIMESTAMP_TZ: {
      const t = value as DuckDBTimestampTZValue;
      return t.isFinite ? isoFromMicros(t.micros) : t.toString();
    }
    case DuckDBTypeId.TIMESTAMP: {
      // A timestamp without a zone (only from ad-hoc SQL; the store keeps none) is shown without 'Z'.
      const t = value as DuckDBTimestampTZValue;
      return t.isFinite ? isoFromMicros(t.micros).slice(0, -1) : t.toString();
    }
    case DuckDBTypeId.VARCHAR:
      return value as string;
    default:
      return String(value);
  }
}

function readRows(reader: DuckDBResultReader): Result {
  const names = reader.deduplicatedColumnNames();
  const types = reader.columnTypes();
  const columns = names.map((name, i) => ({ name, type: types[i]!.toString() }));
  const rows: Row[] = [];
  for (const raw of reader.getRows()) {
    const row: Record<string, SqlValue> = {};
    for (let i = 0; i < names.length; i++) row[names[i]!] = toJs(raw[i]!, types[i]!.typeId);
    rows.push(row);
  }
  return { columns, rows };
}

class DuckDb implements Db {
  readonly path: string;
  readonly readOnly: boolean;
  private readonly instance: DuckDBInstance;
  private readonly conn: DuckDBConnection;
  private depth = 0;
  private running = 0;
  private names = 0;
  private closed = false;

  constructor(path: string, readOnly: boolean, instance: DuckDBInstance, conn: DuckDBConnection) {
    this.path = path;
    this.readOnly = readOnly;
    this.instance = instance;
    this.conn = conn;
  }

  private async exec<T>(
    sql: string,
    params: readonly SqlValue[] | undefined,
    f: (r: DuckDBResultReader) => T,
  ) {
    this.running++;
    try {
      const reader = await this.conn.runAndReadAll(sql, params ? [...params] : undefined);
      return f(reader);
    } catch (error) {
      throw new StoreError('store_query', `store: ${message(error)}`, { cause: error, details: { sql } });
    } finally {
      this.running--;
    }
  }

  all(sql: string, params?: readonly SqlValue[]): Promise<readonly Row[]> {
    return this.exec(sql, params, (r) => readRows(r).rows);
  }

  query(sql: string, params?: readonly SqlValue[]): Promise<Result> {
    return this.exec(sql, params, readRows);
  }

  run(sql: string, params?: readonly SqlValue[]): Promise<number> {
    return this.exec(sql, params, (r) => r.rowsChanged);
  }

  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    if (this.depth > 0) {
      this.depth++;
      try {
        return await fn();
      } finally {
        this.depth--;
      }
    }
    await this.run('BEGIN TRANSACTION');
    this.depth = 1;
    try {
      const value = await fn();
      await this.run('COMMIT');
      return value;
    } catch (error) {
      // A failed statement may already have aborted the transaction; ROLLBACK then only confirms it.
      await this.conn.run('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      this.depth = 0;
    }
  }

  async statementCount(sql: string): Promise<number> {
    try {
      return (await this.conn.extractStatements(sql)).count;
    } catch (error) {
      throw new StoreError('store_query', `store: ${message(error)}`, { cause: error, details: { sql } });
    }
  }

  async stream(sql: string, sink: RowSink): Promise<void> {
    this.running++;
    try {
      const result = await this.conn.stream(sql);
      const names = result.deduplicatedColumnNames();
      const types = result.columnTypes();
      sink.columns(names.map((name, i) => ({ name, type: types[i]!.toString() })));
      for (;;) {
        const chunk = await result.fetchChunk();
        if (chunk === null || chunk.rowCount === 0) break;
        const rows: Row[] = [];
        for (const raw of chunk.getRows()) {
          const row: Record<string, SqlValue> = {};
          for (let i = 0; i < names.length; i++) row[names[i]!] = toJs(raw[i]!, types[i]!.typeId);
          rows.push(row);
        }
        if (!sink.rows(rows)) break;
      }
    } catch (error) {
      throw new StoreError('store_query', `store: ${message(error)}`, { cause: error, details: { sql } });
    } finally {
      this.running--;
    }
  }

  async appender(table: string, options: { readonly temp?: boolean } = {}): Promise<Appender> {
    const appender = options.temp
      ? await this.conn.createAppender(table, 'main', 'temp')
      : await this.conn.createAppender(table);
    const width = appender.columnCount;
    return {
      appendRow(values: readonly SqlValue[]): void {
        if (values.length !== width) {
          throw new StoreError(
            'store_append',
            `appender on ${table}: ${values.length} values for ${width} columns`,
          );
        }
        for (const v of values) {
          if (v === null) appender.appendNull();
          else if (typeof v === 'number') appender.appendDouble(v);
          else if (typeof v === 'boolean') appender.appendBoolean(v);
          else appender.appendVarchar(v);
        }
        appender.endRow();
      },
      close(): void {
        appender.flushSync();
        appender.closeSync();
      },
    };
  }

  progress(): QueryProgress | null {
    if (this.running === 0) return null;
    const p = this.conn.progress;
    return {
      percentage: p.percentage,
      rowsProcessed: Number(p.rows_processed),
      totalRows: Number(p.total_rows_to_process),
    };
  }

  tempName(prefix: string): string {
    this.names++;
    return `__${prefix}_${this.names}`;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.conn.closeSync();
    this.instance.closeSync();
  }
}

/**
 * Opens a DuckDB database file (or ':memory:') without migrating it; `openStore` in store.ts is the
 * entry point that also migrates. Sessions run in UTC so that TIMESTAMPTZ text and date casts never
 * depend on the machine's time zone.
 * @example (await openDb(':memory:')).path // ':memory:'
 */
export async function openDb(path: string, options: OpenDbOptions = {}): Promise<Db> {
  const sandbox = options.sandbox ?? false;
  // DuckDB refuses a read-only in-memory database (and it is private to this process anyway).
  const readOnly = (options.readOnly ?? false) || (sandbox && path !== ':memory:');
  const config: Record<string, string> = {};
  if (readOnly) config.access_mode = 'READ_ONLY';
  if (sandbox) {
    // https://duckdb.org/docs/stable/operations_manual/securing_duckdb/overview
    // With an allowed folder, external access is turned off in the session instead, right after the folder
    // is named: DuckDB takes allowed_directories only while external access is still on.
    if (options.allowedDirectory === undefined) config.enable_external_access = 'false';
    config.autoinstall_known_extensions = 'false';
    config.autoload_known_extensions = 'false';
  }
  if (options.threads !== undefined) config.threads = String(options.threads);
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(path, config);
  } catch (error) {
    const text = message(error);
    const locked = /lock/i.test(text);
    throw new StoreError(
      locked ? 'store_locked' : 'store_open',
      locked
        ? `store ${path} is in use by another process (${text.split('\n')[0]})`
        : `cannot open store ${path}: ${text.split('\n')[0]}`,
      { cause: error, details: { path } },
    );
  }
  const conn = await instance.connect();
  try {
    await conn.run("SET TimeZone = 'UTC'");
    // Progress is tracked (not printed) so long imports can draw their own bar on stderr.
    await conn.run('SET enable_progress_bar = true');
    await conn.run('SET enable_progress_bar_print = false');
    if (sandbox && options.allowedDirectory !== undefined) {
      const dir = options.allowedDirectory.endsWith('/')
        ? options.allowedDirectory
        : `${options.allowedDirectory}/`;
      await conn.run(`SET allowed_directories = [${sqlString(dir)}]`);
      await conn.run('SET enable_external_access = false');
    }
    // Last: from here on no SET/RESET/PRAGMA can change a setting, the sandbox's included.
    if (sandbox) await conn.run('SET lock_configuration = true');
  } catch (error) {
    conn.closeSync();
    instance.closeSync();
    throw new StoreError('store_open', `cannot configure store ${path}: ${message(error)}`, { cause: error });
  }
  return new DuckDb(path, readOnly, instance, conn);
}

/**
 * SQL identifier in double quotes (column names such as "open", "close" and "interval" are keywords).
 * @example quoteIdent('close') // '"close"'
 */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * SQL string literal.
 * @example sqlString("it's") // "'it''s'"
 */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
