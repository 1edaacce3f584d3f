/**
 * Where the store lives, resolved once at the edge (shared/STYLE.md item 11): `--db` flag, then the
 * CRASHSCOPE_DB environment variable, then $XDG_DATA_HOME/crashscope/crashscope.duckdb, then
 * ~/.local/share/crashscope/crashscope.duckdb (XDG Base Directory default). ':memory:' is kept as is.
 */
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import type { CliIo } from './io.js';

export const DB_FILE = 'crashscope.duckdb';

/**
 * The store path for a command.
 * @example resolveDbPath(undefined, { env: { XDG_DATA_HOME: '/x' }, cwd: '/' } as CliIo) // '/x/crashscope/crashscope.duckdb'
 */
export function resolveDbPath(flag: string | undefined, io: Pick<CliIo, 'env' | 'cwd'>): string {
  const chosen = flag ?? (io.env.CRASHSCOPE_DB || undefined);
  if (chosen !== undefined) return chosen === ':memory:' ? chosen : resolve(io.cwd, chosen);
  const xdg = io.env.XDG_DATA_HOME;
  // The XDG spec says a relative XDG_DATA_HOME is invalid and must be ignored.
  const base = xdg && isAbsolute(xdg) ? xdg : join(io.env.HOME || homedir(), '.local', 'share');
  return join(base, 'crashscope', DB_FILE);
}

/** The `--db <path>` option text shared by every command that opens the store. */
export const DB_OPTION_HELP =
  'store file (default: $CRASHSCOPE_DB, else $XDG_DATA_HOME/crashscope/crashscope.duckdb)';
