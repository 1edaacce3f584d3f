/**
 * File names are literal (issue 8 section 3). DuckDB's readers (`read_csv`, `read_parquet`) expand a path
 * as a glob pattern: `a[1].csv` reads `a1.csv`, `star*.csv` reads every match. A path that holds a glob
 * character is therefore read from a private copy with a plain name, and a file whose SHA-256 must match
 * (the event pack) is always read from the copy hashed while it was written, so the bytes checked are the
 * bytes parsed even if the original changes in between.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';

/** Characters DuckDB's file system treats as a pattern in a path (https://duckdb.org/docs/stable/data/multiple_files/overview). */
const GLOB = /[*?[\]{}]/;

/**
 * True when DuckDB would read `path` as a pattern rather than as one file.
 * @example hasGlobChars('/data/a[1].csv') // true
 */
export function hasGlobChars(path: string): boolean {
  return GLOB.test(path);
}

/** A file to hand to DuckDB: its path (the original or a private copy), the SHA-256 of those bytes when copied. */
export interface LiteralFile {
  readonly path: string;
  /** SHA-256 (hex) of the bytes at `path`, computed while copying; null when `path` is the original. */
  readonly sha256: string | null;
  /** Removes the private copy (nothing for an original). */
  cleanup(): Promise<void>;
}

/**
 * Copies `path` into a fresh private folder under a plain name (same extension), hashing the bytes as they
 * are written.
 * @example const f = await privateCopy('/data/b[1].csv'); f.path // '/tmp/crashscope-input-XXXX/input.csv'
 */
export async function privateCopy(path: string): Promise<LiteralFile> {
  const dir = await mkdtemp(join(tmpdir(), 'crashscope-input-'));
  const copy = join(dir, `input${extname(path).toLowerCase().replace(GLOB, '')}`);
  const hash = createHash('sha256');
  try {
    const source = createReadStream(path);
    source.on('data', (chunk) => hash.update(chunk as Buffer));
    await pipeline(source, createWriteStream(copy, { flags: 'wx', mode: 0o600 }));
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return { path: copy, sha256: hash.digest('hex'), cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * The file DuckDB should read for `path`: the original when its name is plain and no hash is required,
 * otherwise a private copy (hashed).
 * @example (await literalFile('/data/plain.csv', false)).path // '/data/plain.csv'
 */
export async function literalFile(path: string, needHash: boolean): Promise<LiteralFile> {
  if (!needHash && !hasGlobChars(path)) {
    return { path, sha256: null, cleanup: async () => undefined };
  }
  return privateCopy(path);
}
