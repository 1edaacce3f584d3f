import {
  appendFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataError, ProviderError } from '../../errors.js';
import {
  archiveResponse,
  createReplayFetch,
  findArchived,
  INDEX_FILE,
  readArchivedBody,
  readArchiveIndex,
  sha256Hex,
} from './archive.js';
import { createHttpClient } from './http.js';
import { testTransport } from './testkit/transport.js';

const root = mkdtempSync(join(tmpdir(), 'crashscope-archive-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshDir = (): string => join(root, String(n++));

const raw = (url: string, body: string, status = 200, receivedAtMs = Date.UTC(2026, 1, 5)) => ({
  url,
  method: 'GET' as const,
  status,
  contentType: 'application/json',
  body,
  receivedAtMs,
});

describe('sha256Hex', () => {
  it('matches the published SHA-256 test vectors', () => {
    // FIPS 180-2 / NIST examples: "" and "abc"; "hello" is the common worked example.
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('hello')).toBe('2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824');
  });
});

describe('archiveResponse', () => {
  it('stores each body once under its hash and indexes every response with URL, status and time', () => {
    const dir = freshDir();
    const url = 'https://api.exchange.coinbase.com/products/BTC-USD/candles?granularity=60';
    const a = archiveResponse(dir, 'coinbase', 'bars', raw(url, 'abc'));
    archiveResponse(dir, 'coinbase', 'bars', raw(url, 'abc', 200, Date.UTC(2026, 1, 6)));
    archiveResponse(dir, 'coinbase', 'bars', raw(url, '{"message":"boom"}', 500));
    expect(a).toEqual({
      sha256: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
      provider: 'coinbase',
      dataset: 'bars',
      url,
      status: 200,
      receivedAt: '2026-02-05T00:00:00.000Z',
      bytes: 3,
      contentType: 'application/json',
    });
    const files = readdirSync(join(dir, 'coinbase')).sort();
    expect(files).toEqual([`${sha256Hex('{"message":"boom"}')}.json`, `${a.sha256}.json`, INDEX_FILE].sort());
    expect(readFileSync(join(dir, 'coinbase', `${a.sha256}.json`), 'utf8')).toBe('abc');
    const index = readArchiveIndex(dir, 'coinbase');
    expect(index.map((e) => [e.status, e.receivedAt])).toEqual([
      [200, '2026-02-05T00:00:00.000Z'],
      [200, '2026-02-06T00:00:00.000Z'],
      [500, '2026-02-05T00:00:00.000Z'],
    ]);
    expect(readArchiveIndex(dir, 'yahoo')).toEqual([]);
  });

  it('counts bytes as UTF-8', () => {
    expect(archiveResponse(freshDir(), 'p', undefined, raw('http://h/x', 'é')).bytes).toBe(2);
  });
});

describe('readArchiveIndex', () => {
  it('ignores a last line cut short by a crash but refuses a corrupt line in the middle', () => {
    const dir = freshDir();
    archiveResponse(dir, 'p', undefined, raw('http://h/x', '1'));
    const file = join(dir, 'p', INDEX_FILE);
    appendFileSync(file, '{"sha256":"ab');
    expect(readArchiveIndex(dir, 'p')).toHaveLength(1);
    appendFileSync(file, '\n');
    archiveResponse(dir, 'p', undefined, raw('http://h/y', '2'));
    expect(() => readArchiveIndex(dir, 'p')).toThrow(`${file} line 2 is not an archive index entry`);
  });
});

describe('findArchived and replay', () => {
  it('picks the latest 2xx response for the same path and query, whatever the origin', () => {
    const dir = freshDir();
    archiveResponse(dir, 'p', undefined, raw('https://real.example/a?x=1', 'old', 200, 1000));
    archiveResponse(dir, 'p', undefined, raw('http://127.0.0.1:5/a?x=1', 'new', 200, 2000));
    archiveResponse(dir, 'p', undefined, raw('https://real.example/a?x=1', 'err', 503, 3000));
    archiveResponse(dir, 'p', undefined, raw('https://real.example/a?x=2', 'other', 200, 4000));
    const entries = readArchiveIndex(dir, 'p');
    expect(readArchivedBody(dir, findArchived(entries, 'https://mirror.example/a?x=1')!)).toBe('new');
    expect(findArchived(entries, 'https://real.example/a')).toBeUndefined();
  });

  it('serves archived bodies through the same client, and names what is missing', async () => {
    const dir = freshDir();
    const url = 'http://127.0.0.1:9/v8/finance/chart/QQQ?interval=1d';
    archiveResponse(dir, 'yahoo', 'bars', raw(url, '{"chart":{"result":[],"error":null}}'));
    const provider = { name: 'yahoo', vendorErrors: { codePath: ['chart', 'error', 'code'], codes: {} } };
    const replay = createReplayFetch(dir, 'yahoo');
    const get = createHttpClient({
      provider,
      transport: testTransport({ fetch: replay }),
      policy: { maxAttempts: 1 },
    });
    expect((await get('https://query2.finance.yahoo.com/v8/finance/chart/QQQ?interval=1d')).json()).toEqual({
      chart: { result: [], error: null },
    });
    const missing = get('https://query2.finance.yahoo.com/v8/finance/chart/SPY?interval=1d');
    await expect(missing).rejects.toThrow(ProviderError);
    await expect(missing).rejects.toThrow(
      `yahoo: no archived response for /v8/finance/chart/SPY?interval=1d in ${join(dir, 'yahoo')}; run once without --offline`,
    );
  });

  it('keys POST queries on their body as well', async () => {
    const dir = freshDir();
    const url = 'https://api.example/info';
    const post = (requestBody: string, body: string) => ({
      ...raw(url, body),
      method: 'POST' as const,
      requestBody,
    });
    archiveResponse(dir, 'p', undefined, post('{"type":"meta"}', 'META'));
    archiveResponse(dir, 'p', undefined, post('{"type":"candles"}', 'CANDLES'));
    const entries = readArchiveIndex(dir, 'p');
    expect(entries[0]).toMatchObject({ method: 'POST', requestSha256: sha256Hex('{"type":"meta"}') });
    expect(readArchivedBody(dir, findArchived(entries, url, '{"type":"candles"}')!)).toBe('CANDLES');
    expect(findArchived(entries, url)).toBeUndefined();
    const provider = { name: 'p', vendorErrors: { codePath: ['error'], codes: {} } };
    const get = createHttpClient({
      provider,
      transport: testTransport({ fetch: createReplayFetch(dir, 'p') }),
      policy: { maxAttempts: 1 },
    });
    expect((await get(url, { body: '{"type":"meta"}' })).body).toBe('META');
    await expect(get(url, { body: '{"type":"other"}' })).rejects.toThrow(
      'p: no archived response for POST /info in',
    );
  });

  it('refuses a body that no longer matches its hash, or is gone', () => {
    const dir = freshDir();
    const e = archiveResponse(dir, 'p', undefined, raw('http://h/x', 'original'));
    const file = join(dir, 'p', `${e.sha256}.json`);
    writeFileSync(file, 'tampered');
    expect(() => readArchivedBody(dir, e)).toThrow(DataError);
    expect(() => readArchivedBody(dir, e)).toThrow('does not match its SHA-256 name');
    rmSync(file);
    expect(existsSync(file)).toBe(false);
    expect(() => readArchivedBody(dir, e)).toThrow('is missing');
  });
});
