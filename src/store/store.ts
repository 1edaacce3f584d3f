/**
 * Opening the store: a DuckDB file (or ':memory:') migrated to the schema this build writes. The path is
 * resolved by the CLI (flag > CRASHSCOPE_DB > XDG data dir) and passed in as a value.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { StoreError } from '../errors.js';
import { type Db, openDb } from './db.js';
import { LATEST_SCHEMA_VERSION, migrations } from './migrations/index.js';

export type { Db } from './db.js';

/** Options of `openStore`. */
export interface OpenStoreOptions {
  /**
   * Open without write access (the `sql`, `db info` and `export` commands). The file must exist. An
   * older schema is migrated first through a short read-write open, so readers always see the latest.
   */
  readonly readOnly?: boolean;
  /**
   * Open read-only inside DuckDB's sandbox (`crashscope sql`): no file or network access besides the
   * store, no extensions fetched or loaded, configuration locked. See `openDb`. Implies `readOnly`.
   */
  readonly sandbox?: boolean;
  /** With `sandbox`: the one folder the sandbox may write to (see `openDb`). */
  readonly allowedDirectory?: string;
  readonly threads?: number;
}

export const MEMORY = ':memory:';

/**
 * Schema version recorded in the store (0 for an empty database).
 * @example await schemaVersion(await openDb(':memory:')) // 0
 */
export async function schemaVersion(db: Db): Promise<number> {
  const exists = await db.all(
    "SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = 'schema_migrations' AND schema_name = 'main' AND NOT temporary",
  );
  if (Number(exists[0]?.n) === 0) return 0;
  const rows = await db.all('SELECT max(version) AS v FROM schema_migrations');
  return Number(rows[0]?.v ?? 0);
}

/**
 * Applies the migrations newer than the store's version, each in its own transaction.
 * @example await migrate(await openDb(':memory:')) // { from: 0, to: 1 }
 */
export async function migrate(db: Db): Promise<{ readonly from: number; readonly to: number }> {
  const from = await schemaVersion(db);
  if (from > LATEST_SCHEMA_VERSION) {
    throw new StoreError(
      'store_too_new',
      `store ${db.path} has schema version ${from}, newer than this crashscope understands (${LATEST_SCHEMA_VERSION}); upgrade crashscope`,
      { details: { path: db.path, version: from, latest: LATEST_SCHEMA_VERSION } },
    );
  }
  for (const m of migrations) {
    if (m.version <= from) continue;
    await db.transaction(async () => {
      await db.run(m.sql);
      await db.run('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
    });
  }
  return { from, to: Math.max(from, LATEST_SCHEMA_VERSION) };
}

/**
 * Opens (creating if needed, unless read-only) and migrates the store at `path`.
 * @example const db = await openStore(':memory:'); await schemaVersion(db) // 1
 */
export async function openStore(path: string, options: OpenStoreOptions = {}): Promise<Db> {
  const memory = path === MEMORY;
  // DuckDB refuses a read-only in-memory database; an in-memory store is private to this process anyway.
  const readOnly = (options.readOnly ?? options.sandbox ?? false) && !memory;
  const threads = options.threads === undefined ? {} : { threads: options.threads };
  const sandbox = options.sandbox
    ? {
        sandbox: true,
        ...(options.allowedDirectory === undefined ? {} : { allowedDirectory: options.allowedDirectory }),
      }
    : {};
  if (!memory && !existsSync(path)) {
    if (readOnly) {
      throw new StoreError('store_missing', `no store at ${path} (import data or load a pack first)`, {
        details: { path },
      });
    }
    try {
      mkdirSync(dirname(path), { recursive: true });
    } catch (error) {
      throw new StoreError('store_open', `cannot create the directory of store ${path}`, { cause: error });
    }
  }
  if (readOnly) {
    const db = await openDb(path, { readOnly: true, ...sandbox, ...threads });
    const version = await schemaVersion(db).catch((e: unknown) => {
      db.close();
      throw e;
    });
    if (version === LATEST_SCHEMA_VERSION) return db;
    db.close();
    const rw = await openDb(path, threads);
    try {
      await migrate(rw);
    } finally {
      rw.close();
    }
    return openDb(path, { readOnly: true, ...sandbox, ...threads });
  }
  const db = await openDb(path, { ...sandbox, ...threads });
  try {
    await migrate(db);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

/**
 * Opens the store, runs `fn` and closes the store whatever happens.
 * @example await withStore(':memory:', {}, (db) => schemaVersion(db)) // 1
 */
export async function withStore<T>(
  path: string,
  options: OpenStoreOptions,
  fn: (db: Db) => Promise<T>,
): Promise<T> {
  const db = await openStore(path, options);
  try {
    return await fn(db);
  } finally {
    db.close();
  }
}
