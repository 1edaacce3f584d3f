/**
 * The store a dashboard reads: the user's DuckDB file (`--db`), or an embedded event pack loaded once into
 * a private temporary store file (`--event`), which is removed when the server closes. Each request uses the
 * least powerful open that does its job (docs/ARCHITECTURE.md "How the store is opened"): read-only for
 * pages, DuckDB's sandbox for typed SQL. Handles are pooled per mode (handlePool.ts): a burst of requests
 * reuses a few open handles instead of opening hundreds, and an idle dashboard holds none.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPack } from '../data/eventPack.js';
import type { Db } from '../store/db.js';
import { openStore, withStore } from '../store/store.js';
import { HandlePool } from './handlePool.js';

/** Store handles open at once per mode (read-only, sandbox); more requests wait their turn. */
const MAX_OPEN = 4;
/** A handle unused this long is closed, so the dashboard does not hold a user's store open while idle. */
const IDLE_MS = 2000;

export interface StoreSource {
  /** For people: "embedded event pack 2026-02-05" or the store's path. */
  readonly label: string;
  /** The store file (the use cases in src/app/ open it themselves, read-only). */
  readonly path: string;
  /** The embedded event this store was loaded from, or null for a user store. */
  readonly event: string | null;
  /**
   * True when nothing but this source can change the store (a pack's private temporary store): what is
   * read from it may be kept. A user's store may be written by `crashscope import` at any time.
   */
  readonly immutable: boolean;
  /** Runs `fn` on a read-only open of the store. */
  read<T>(fn: (db: Db) => Promise<T>): Promise<T>;
  /** Runs `fn` on a sandboxed open (no file access but `allowedDirectory` when given). */
  sandboxed<T>(fn: (db: Db) => Promise<T>, allowedDirectory?: string): Promise<T>;
  /** Closes the open handles and removes what the source created (the temporary store of a pack). */
  close(): Promise<void>;
}

function fileSource(
  path: string,
  label: string,
  event: string | null,
  cleanup: () => Promise<void>,
): StoreSource {
  const readers = new HandlePool(() => openStore(path, { readOnly: true }), MAX_OPEN, IDLE_MS);
  const sandboxes = new HandlePool(() => openStore(path, { sandbox: true }), MAX_OPEN, IDLE_MS);
  // Downloads open their own sandbox (it may write one private folder): two at a time, so a pool of two tokens.
  const downloads = new HandlePool(async () => ({ close() {} }), 2, 0);
  return {
    label,
    path,
    event,
    immutable: event !== null,
    read: (fn) => readers.run(fn),
    sandboxed: (fn, allowedDirectory) =>
      allowedDirectory === undefined
        ? sandboxes.run(fn)
        : downloads.run(() => withStore(path, { sandbox: true, allowedDirectory }, fn)),
    close: async () => {
      readers.closeAll();
      sandboxes.closeAll();
      await cleanup();
    },
  };
}

/** The user's store at `path` (it must exist: the dashboard never creates one). */
export function userStore(path: string): StoreSource {
  return fileSource(path, path, null, async () => {});
}

/**
 * The embedded event pack in `packDir` loaded into a fresh temporary store.
 * @example const s = await eventPackStore('data/events/2026-02-05', '2026-02-05', new Date().toISOString()); await s.close()
 */
export async function eventPackStore(
  packDir: string,
  event: string,
  ingestedAt: string,
): Promise<StoreSource> {
  const dir = await mkdtemp(join(tmpdir(), 'crashscope-serve-'));
  const path = join(dir, 'store.duckdb');
  try {
    await withStore(path, {}, (db) => loadPack(db, packDir, { ingestedAt }));
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return fileSource(path, `embedded event pack ${event}`, event, () =>
    rm(dir, { recursive: true, force: true }),
  );
}
