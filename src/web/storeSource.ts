/**
 * The store a dashboard reads: the user's DuckDB file (`--db`), or an embedded event pack loaded once into
 * a private temporary store file (`--event`), which is removed when the server closes. Each request opens
 * the file for as short a time as it can and the least powerful way that does its job (docs/ARCHITECTURE.md
 * "How the store is opened"): read-only for pages, DuckDB's sandbox for typed SQL. Opens are bounded, so
 * a burst of requests queues instead of opening hundreds of DuckDB instances.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPack } from '../data/eventPack.js';
import type { Db } from '../store/db.js';
import { withStore } from '../store/store.js';

/** Store opens at once; more wait their turn. */
const MAX_OPEN = 4;

export interface StoreSource {
  /** For people: "embedded event pack 2026-02-05" or the store's path. */
  readonly label: string;
  /** The store file (the use cases in src/app/ open it themselves, read-only). */
  readonly path: string;
  /** The embedded event this store was loaded from, or null for a user store. */
  readonly event: string | null;
  /** Runs `fn` on a read-only open of the store. */
  read<T>(fn: (db: Db) => Promise<T>): Promise<T>;
  /** Runs `fn` on a sandboxed open (no file access but `allowedDirectory` when given). */
  sandboxed<T>(fn: (db: Db) => Promise<T>, allowedDirectory?: string): Promise<T>;
  /** Removes what the source created (the temporary store of a pack). */
  close(): Promise<void>;
}

/** A counting semaphore: at most `size` holders at once, the rest wait in order. */
class Gate {
  private free: number;
  private readonly waiting: (() => void)[] = [];

  constructor(size: number) {
    this.free = size;
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.free > 0) this.free--;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await fn();
    } finally {
      const next = this.waiting.shift();
      if (next !== undefined) next();
      else this.free++;
    }
  }
}

function fileSource(
  path: string,
  label: string,
  event: string | null,
  cleanup: () => Promise<void>,
): StoreSource {
  const gate = new Gate(MAX_OPEN);
  return {
    label,
    path,
    event,
    read: (fn) => gate.run(() => withStore(path, { readOnly: true }, fn)),
    sandboxed: (fn, allowedDirectory) =>
      gate.run(() =>
        withStore(
          path,
          { sandbox: true, ...(allowedDirectory === undefined ? {} : { allowedDirectory }) },
          fn,
        ),
      ),
    close: cleanup,
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
