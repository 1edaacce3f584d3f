/**
 * Opening the store from the CLI when another process may hold it (issue 8 section 5). DuckDB lets one
 * process write a file or several read it; an open that meets a conflicting lock is retried for a bounded
 * time (`--wait SECONDS`, default {@link DEFAULT_WAIT_SECONDS}), then fails with one line naming the
 * process that holds the lock (DuckDB reports its PID). The clock and sleep live here, at the edge.
 */
import { InvalidInputError, StoreError } from '../errors.js';
import type { Db } from '../store/db.js';
import { type OpenStoreOptions, openStore } from '../store/store.js';
import { parseNumberFlag } from './flags.js';

/** Seconds a command waits for a store another process holds. */
export const DEFAULT_WAIT_SECONDS = 10;

/** The `--wait <seconds>` option text. */
export const WAIT_OPTION_HELP = `seconds to wait when another process holds the store (default ${DEFAULT_WAIT_SECONDS})`;

/** Pause between attempts. */
const RETRY_MS = 200;

/**
 * Parses --wait: a number of seconds from 0 to 86400.
 * @example parseWait('2.5') // 2.5
 */
export function parseWait(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_WAIT_SECONDS;
  const n = parseNumberFlag('--wait', raw);
  if (!(n >= 0 && n <= 86_400)) {
    throw new InvalidInputError('bad_flag', `--wait: '${raw}' is not a number of seconds from 0 to 86400`, {
      details: { flag: '--wait', raw },
    });
  }
  return n;
}

/**
 * The holder named in DuckDB's lock error ("Conflicting lock is held in /usr/bin/node (PID 123)").
 * @example lockHolder('... Conflicting lock is held in /usr/bin/node (PID 29153). See also ...') // 'process 29153 (/usr/bin/node)'
 */
export function lockHolder(text: string): string {
  const m = /held in (.*?) \(PID (\d+)\)/.exec(text);
  return m ? `process ${m[2]} (${m[1]})` : 'another process';
}

function rootMessage(error: unknown): string {
  let e: unknown = error;
  while (e instanceof Error && e.cause !== undefined) e = e.cause;
  return e instanceof Error ? e.message : String(e);
}

/**
 * Opens the store (retrying while another process holds it, up to `waitSeconds`), runs `fn`, closes it.
 * @example await withStoreWaiting('/tmp/s.duckdb', { readOnly: true }, 10, (db) => db.all('SELECT 1'))
 */
export async function withStoreWaiting<T>(
  path: string,
  options: OpenStoreOptions,
  waitSeconds: number,
  fn: (db: Db) => Promise<T>,
): Promise<T> {
  const deadline = Date.now() + waitSeconds * 1000;
  let db: Db;
  for (;;) {
    try {
      db = await openStore(path, options);
      break;
    } catch (error) {
      if (!(error instanceof StoreError && error.code === 'store_locked')) throw error;
      if (Date.now() >= deadline) {
        const holder = lockHolder(rootMessage(error));
        throw new StoreError(
          'store_locked',
          `store ${path} is held by ${holder}; waited ${waitSeconds} s (pass --wait SECONDS to wait longer, or stop that process)`,
          { cause: error, details: { path, holder, waitSeconds } },
        );
      }
      await new Promise((r) => setTimeout(r, RETRY_MS));
    }
  }
  try {
    return await fn(db);
  } finally {
    db.close();
  }
}
