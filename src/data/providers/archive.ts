/**
 * The archive of raw responses, so that history can be re-derived when a transform changes or a bug is
 * found: `<dir>/<provider>/<sha256>.json` holds each distinct body once (content-addressed by the SHA-256
 * of its UTF-8 bytes), and `<dir>/<provider>/index.jsonl` gets one JSON line per response received (URL,
 * status, time, hash), errors included. The directory is resolved by the CLI (`--archive`,
 * CRASHSCOPE_ARCHIVE, else next to the default store) and passed in as a value.
 *
 * Offline replay serves archived bodies through a `fetch` look-alike, so `extract` runs unchanged and
 * makes the same requests: a request matches the most recent 2xx response archived for the same path and
 * query string, and for a POST the same body (the origin is ignored, so a run through a mirror replays
 * with or without `--base-url`).
 */
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataError, ProviderError, StoreError } from '../../errors.js';
import type { FetchFn, RawResponse } from './http.js';

/** One line of the index. */
export interface ArchiveEntry {
  /** SHA-256 of the body's UTF-8 bytes, hex; the body is `<sha256>.json`. */
  readonly sha256: string;
  readonly provider: string;
  readonly dataset?: string;
  readonly url: string;
  /** 'GET' when absent (index lines written before POST support). */
  readonly method?: 'GET' | 'POST';
  /** SHA-256 of the request body of a POST. */
  readonly requestSha256?: string;
  readonly status: number;
  /** When the response was received (ISO instant, UTC). */
  readonly receivedAt: string;
  readonly bytes: number;
  readonly contentType: string | null;
}

export const INDEX_FILE = 'index.jsonl';

/**
 * SHA-256 of a string's UTF-8 bytes, hex.
 * @example sha256Hex('hello') // '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824'
 */
export function sha256Hex(text: string | Uint8Array): string {
  return typeof text === 'string'
    ? createHash('sha256').update(text, 'utf8').digest('hex')
    : createHash('sha256').update(text).digest('hex');
}

/**
 * The part of a URL a replay matches on: path and query string.
 * @example replayKey('https://h:1/a/b?x=1') // '/a/b?x=1'
 */
export function replayKey(url: string): string {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
}

/**
 * Stores a raw response: the body once by hash, and an index line.
 * @example archiveResponse('/tmp/a', 'coinbase', 'bars', { url, status: 200, contentType: null, body: '[]', receivedAtMs: 0 }).sha256 // '4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945'
 */
export function archiveResponse(
  dir: string,
  provider: string,
  dataset: string | undefined,
  raw: RawResponse,
): ArchiveEntry {
  const folder = join(dir, provider);
  // The bytes as received, so that binary bodies (zip files) replay intact; for text they are its UTF-8.
  const bytes = raw.bytes ?? Buffer.from(raw.body, 'utf8');
  const sha256 = sha256Hex(bytes);
  const entry: ArchiveEntry = {
    sha256,
    provider,
    ...(dataset === undefined ? {} : { dataset }),
    url: raw.url,
    ...(raw.method === 'POST' ? { method: 'POST' as const } : {}),
    ...(raw.requestBody === undefined ? {} : { requestSha256: sha256Hex(raw.requestBody) }),
    status: raw.status,
    receivedAt: new Date(raw.receivedAtMs).toISOString(),
    bytes: bytes.length,
    contentType: raw.contentType,
  };
  try {
    mkdirSync(folder, { recursive: true });
    const file = join(folder, `${sha256}.json`);
    if (!existsSync(file)) {
      // Written aside and renamed, so a crash never leaves a body that does not match its name.
      const partial = `${file}.partial`;
      writeFileSync(partial, bytes);
      renameSync(partial, file);
    }
    appendFileSync(join(folder, INDEX_FILE), `${JSON.stringify(entry)}\n`, 'utf8');
  } catch (error) {
    throw new StoreError('archive_write', `cannot write the response archive in ${folder}`, {
      details: { dir: folder },
      cause: error,
    });
  }
  return entry;
}

/**
 * The index of a provider's archive, oldest first ([] when there is none). A last line cut short by a
 * crash is ignored; any other unreadable line is an error naming the file and line.
 * @example readArchiveIndex('/tmp/a', 'coinbase').length // 1
 */
export function readArchiveIndex(dir: string, provider: string): ArchiveEntry[] {
  const file = join(dir, provider, INDEX_FILE);
  if (!existsSync(file)) return [];
  const lines = readFileSync(file, 'utf8').split('\n');
  const entries: ArchiveEntry[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    let entry: ArchiveEntry | undefined;
    try {
      const v = JSON.parse(line) as Partial<ArchiveEntry>;
      if (typeof v.sha256 === 'string' && typeof v.url === 'string' && typeof v.status === 'number') {
        entry = v as ArchiveEntry;
      }
    } catch {
      entry = undefined;
    }
    if (entry !== undefined) {
      entries.push(entry);
      return;
    }
    const isLast = lines.slice(i + 1).every((l) => l.trim() === '');
    if (isLast) return;
    throw new DataError('archive_corrupt', `${file} line ${i + 1} is not an archive index entry`, {
      details: { file, line: i + 1 },
    });
  });
  return entries;
}

/**
 * The archived response a replay of a request uses: the latest 2xx one with the same path and query
 * (and, for a POST, the same body).
 * @example findArchived(entries, 'http://127.0.0.1:9/products/BTC-USD/candles?granularity=60')?.status // 200
 */
export function findArchived(
  entries: readonly ArchiveEntry[],
  url: string,
  requestBody?: string,
): ArchiveEntry | undefined {
  const key = replayKey(url);
  const method = requestBody === undefined ? 'GET' : 'POST';
  const bodySha = requestBody === undefined ? undefined : sha256Hex(requestBody);
  let best: ArchiveEntry | undefined;
  for (const e of entries) {
    if (e.status < 200 || e.status >= 300 || replayKey(e.url) !== key) continue;
    if ((e.method ?? 'GET') !== method || e.requestSha256 !== bodySha) continue;
    if (best === undefined || e.receivedAt >= best.receivedAt) best = e;
  }
  return best;
}

/**
 * The body of an archived response, checked against its hash.
 * @example readArchivedBody('/tmp/a', entry) // '[]'
 */
export function readArchivedBody(dir: string, entry: ArchiveEntry): string {
  return new TextDecoder().decode(readArchivedBytes(dir, entry));
}

/**
 * The bytes of an archived response, checked against its hash.
 * @example readArchivedBytes('/tmp/a', entry).length // 2
 */
export function readArchivedBytes(dir: string, entry: ArchiveEntry): Uint8Array<ArrayBuffer> {
  const file = join(dir, entry.provider, `${entry.sha256}.json`);
  if (!existsSync(file)) {
    throw new DataError(
      'archive_corrupt',
      `archived body ${file} is missing (index entry for ${entry.url})`,
      {
        details: { file, url: entry.url },
      },
    );
  }
  const body = new Uint8Array(readFileSync(file));
  if (sha256Hex(body) !== entry.sha256) {
    throw new DataError('archive_corrupt', `archived body ${file} does not match its SHA-256 name`, {
      details: { file, url: entry.url },
    });
  }
  return body;
}

/**
 * A `fetch` that answers from the archive and never touches the network: the latest archived 2xx
 * response for the same path and query, or ProviderError 'not_archived'.
 * @example await (await createReplayFetch('/tmp/a', 'coinbase')('http://x/products/BTC-USD/candles?granularity=60', {})).text() // '[]'
 */
export function createReplayFetch(dir: string, provider: string): FetchFn {
  let entries: ArchiveEntry[] | undefined;
  return async (url, init) => {
    entries ??= readArchiveIndex(dir, provider);
    const requestBody = typeof init.body === 'string' ? init.body : undefined;
    const entry = findArchived(entries, url, requestBody);
    if (entry === undefined) {
      throw new ProviderError(
        'not_archived',
        `${provider}: no archived response for ${requestBody === undefined ? '' : 'POST '}${replayKey(url)} in ${join(dir, provider)}; run once without --offline (same flags, explicit --from/--to) to fetch it`,
        { details: { provider, url, archive: dir } },
      );
    }
    const body = readArchivedBytes(dir, entry);
    // 204 and 205 may not carry a body in a Response.
    return new Response(body.length === 0 ? null : body, {
      status: entry.status,
      headers: entry.contentType === null ? {} : { 'content-type': entry.contentType },
    });
  };
}
