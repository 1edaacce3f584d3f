import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  AccessDeniedError,
  InvalidInputError,
  PayloadError,
  ProviderError,
  RateLimitError,
} from '../../../errors.js';
import { readRows } from '../../../store/readers.js';
import { withStore } from '../../../store/store.js';
import type { HttpClient, HttpResponse } from '../http.js';
import { ingest, planIngest } from '../ingest.js';
import { datasetContract } from '../testkit/contract.js';
import { installNetworkGuard } from '../testkit/networkGuard.js';
import { type IngestRun, type RunInput, runIngest } from '../testkit/runIngest.js';
import { type Handler, inSequence, startServer } from '../testkit/server.js';
import { type TestTransport, testTransport } from '../testkit/transport.js';
import type { ExtractContext } from '../types.js';
import { binance } from './index.js';
import { metricsPath } from './metricsArchive.js';
import { type BinanceOpenInterestQuery, binanceOpenInterest } from './openInterest.js';

const fixture = (name: string): Buffer => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
/** 24 hourly BTCUSDT snapshots of 2026-02-05, shaped like the documented response (fixtures/README.md). */
const hist = JSON.parse(fixture('openInterestHist.BTCUSDT.1h.2026-02-05.json').toString('utf8')) as Record<
  string,
  unknown
>[];
const ZIP = fixture('BTCUSDT-metrics-2026-01-02.zip');
const CHECKSUM = fixture('BTCUSDT-metrics-2026-01-02.zip.CHECKSUM').toString('utf8');
const REST = '/futures/data/openInterestHist';
const ARCHIVE_PATH = metricsPath('BTCUSDT', '2026-01-02');
const NOW = '2026-02-10T00:00:00Z';
const H = 3_600_000;
const T0 = Date.parse('2026-02-05T00:00:00Z');
const BAD_SYMBOL = { status: 400, body: { code: -1121, msg: 'Invalid symbol.' } };

datasetContract(binance, 'open_interest', {
  input: { symbol: 'BTCUSDT', interval: '1h', from: '2026-02-05', to: '2026-02-05', now: NOW },
  respond: (req) => (req.path === REST ? { body: hist } : BAD_SYMBOL),
  rows: 24,
});

installNetworkGuard();

const query = (input: {
  interval?: string;
  from?: string;
  to?: string;
  now?: string;
}): BinanceOpenInterestQuery => binanceOpenInterest.transformQuery({ now: NOW, ...input });
const chunksOf = (input: {
  interval?: string;
  from?: string;
  to?: string;
  now?: string;
}): BinanceOpenInterestQuery[] => [...binanceOpenInterest.chunks!(query(input))];

/**
 * An HTTP client that keeps response bytes (HttpResponse.bytes(), which the archive files need; see
 * docs/providers/binance.md) and serves files from memory; a missing path is a 404 as the shared client
 * reports it, `refuse` paths a 451.
 */
function bytesClient(
  files: Readonly<Record<string, Buffer | string>>,
  refuse: readonly string[] = [],
): { fetch: HttpClient; urls: string[] } {
  const urls: string[] = [];
  const fetch: HttpClient = async (url) => {
    urls.push(url);
    const path = new URL(url).pathname;
    if (refuse.includes(path)) {
      throw new AccessDeniedError(
        'access_denied',
        `binance open_interest: the provider refuses this location (HTTP 451) for ${url}`,
        {
          details: { url, status: 451 },
        },
      );
    }
    const file = files[path];
    if (file === undefined) {
      throw new ProviderError('not_found', `binance open_interest: not found (HTTP 404): ${url}`, {
        details: { url, status: 404 },
      });
    }
    const buf = Buffer.isBuffer(file) ? file : Buffer.from(file, 'utf8');
    const response: HttpResponse & { bytes(): Uint8Array } = {
      url,
      status: 200,
      headers: {},
      body: buf.toString('utf8'),
      json: () => JSON.parse(buf.toString('utf8')) as unknown,
      bytes: () => new Uint8Array(buf),
    };
    return response;
  };
  return { fetch, urls };
}

function context(
  fetch: HttpClient,
  baseUrl = 'https://fapi.binance.com',
): { ctx: ExtractContext; notes: string[] } {
  const notes: string[] = [];
  return { ctx: { fetch, baseUrl, credentials: {}, progress: (m) => notes.push(m) }, notes };
}

const archiveFiles = { [ARCHIVE_PATH]: ZIP, [`${ARCHIVE_PATH}.CHECKSUM`]: CHECKSUM };

const run = (handler: Handler, input: RunInput, transport?: TestTransport): Promise<IngestRun> =>
  runIngest({ provider: 'binance', dataset: 'open_interest', handler, input, transport, now: NOW });

/** Answers like openInterestHist: snapshots on the period grid in [startTime, endTime], at most `limit`. */
function binanceLike(missing: ReadonlySet<number> = new Set()): Handler {
  return (req) => {
    if (req.path !== REST) return { status: 404, body: '<Error><Code>NoSuchKey</Code></Error>' };
    const step = { '5m': 300_000, '1h': H, '1d': 24 * H }[req.query.period!]!;
    const out: unknown[] = [];
    for (
      let t = Math.ceil(Number(req.query.startTime) / step) * step;
      t <= Number(req.query.endTime);
      t += step
    ) {
      if (missing.has(t) || out.length >= Number(req.query.limit)) continue;
      const oi = 80_000 + ((t / step) % 97);
      out.push({
        symbol: req.query.symbol,
        sumOpenInterest: oi.toFixed(8),
        sumOpenInterestValue: (oi * 65_000).toFixed(8),
        timestamp: t,
      });
    }
    return { body: out };
  };
}

describe('binance open_interest: query and routing', () => {
  it('defaults to BTCUSDT, 1h, the 7 days ending today, without the latest grid instant', () => {
    expect(query({ now: '2026-02-05T10:30:00Z' })).toEqual({
      symbol: 'BTCUSDT',
      period: '1h',
      from: '2026-01-30',
      to: '2026-02-05',
      start: '2026-01-30T00:00:00Z',
      end: '2026-02-05T10:00:00Z',
      now: '2026-02-05T10:30:00Z',
      route: 'auto',
    });
  });

  it('sends days older than 30 days to the archive, one day a chunk, and groups recent days for REST', () => {
    // now - 30 days = 2026-01-11T00:00Z: 01-09 and 01-10 start before it.
    expect(
      chunksOf({ from: '2026-01-09', to: '2026-01-12' }).map((c) => [c.route, c.from, c.to, c.start, c.end]),
    ).toEqual([
      ['archive', '2026-01-09', '2026-01-09', '2026-01-09T00:00:00Z', '2026-01-10T00:00:00Z'],
      ['archive', '2026-01-10', '2026-01-10', '2026-01-10T00:00:00Z', '2026-01-11T00:00:00Z'],
      ['rest', '2026-01-11', '2026-01-12', '2026-01-11T00:00:00Z', '2026-01-13T00:00:00Z'],
    ]);
  });

  it('sizes REST chunks to at most 500 snapshots: 1 day of 5m, 20 days of 1h', () => {
    expect(chunksOf({ interval: '5m', from: '2026-02-05', to: '2026-02-07' }).map((c) => c.from)).toEqual([
      '2026-02-05',
      '2026-02-06',
      '2026-02-07',
    ]);
    expect(chunksOf({ from: '2026-01-15', to: '2026-02-08' }).map((c) => [c.from, c.to])).toEqual([
      ['2026-01-15', '2026-02-03'],
      ['2026-02-04', '2026-02-08'],
    ]);
  });

  it('names a bad --interval or --symbol', () => {
    for (const [patch, message] of [
      [{ interval: '15m' }, "--interval: '15m' is not one of 5m, 1h, 1d"],
      [{ symbol: 'BTC/USDT' }, "--symbol: 'BTC/USDT' is not a Binance USD-M futures symbol"],
    ] as const) {
      const call = (): unknown => binanceOpenInterest.transformQuery({ now: NOW, ...patch });
      expect(call).toThrow(InvalidInputError);
      expect(call).toThrow(message);
    }
  });
});

describe('binance open_interest: transform', () => {
  const q = chunksOf({ from: '2026-02-05', to: '2026-02-05' })[0]!;
  const archive5m = chunksOf({ interval: '5m', from: '2026-01-02', to: '2026-01-02' })[0]!;
  const archive1h = chunksOf({ from: '2026-01-02', to: '2026-01-02' })[0]!;
  const published = {
    date: '2026-01-02',
    file: 'BTCUSDT-metrics-2026-01-02.zip',
    url: `https://data.binance.vision${ARCHIVE_PATH}`,
    published: true,
    checksum: CHECKSUM,
    zipBase64: ZIP.toString('base64'),
  } as const;

  it('maps REST snapshots: oi_btc = oi_contracts = sumOpenInterest, oi_usd = sumOpenInterestValue', () => {
    const out = binanceOpenInterest.transform(q, { route: 'rest', body: hist });
    expect(out.rows).toHaveLength(24);
    // Hand-read from the fixture's first record.
    expect(out.rows[0]).toEqual({
      ts: '2026-02-05T00:00:00Z',
      venue: 'binance',
      symbol: 'BTCUSDT',
      oi_contracts: 92561.857,
      oi_btc: 92561.857,
      // "6795891540.94000053" is the nearest double to that string.
      oi_usd: Number('6795891540.94000053'),
    });
    expect(out.rows[23]).toMatchObject({ ts: '2026-02-05T23:00:00Z', oi_btc: 82103.857 });
    expect(out.gaps).toEqual([]);
  });

  it('reads the timestamp as the documented example writes it (a string) and as recorded (a number)', () => {
    const asString = hist.slice(0, 2).map((r) => ({ ...r, timestamp: String(r.timestamp) }));
    expect(binanceOpenInterest.transform(q, { route: 'rest', body: asString }).rows.map((r) => r.ts)).toEqual(
      ['2026-02-05T00:00:00Z', '2026-02-05T01:00:00Z'],
    );
  });

  it('reports missing snapshots and an empty window as gaps; a repeated snapshot keeps the later record', () => {
    const empty = binanceOpenInterest.transform(q, { route: 'rest', body: [] });
    expect(empty.rows).toEqual([]);
    expect(empty.gaps).toEqual([{ from: '2026-02-05T00:00:00Z', to: '2026-02-06T00:00:00Z', missing: 24 }]);
    const again = { ...hist[3]!, sumOpenInterest: '1.00000000' };
    const out = binanceOpenInterest.transform(q, { route: 'rest', body: [hist[3], hist[3], again, hist[5]] });
    expect(out.rows.map((r) => [r.ts, r.oi_btc])).toEqual([
      ['2026-02-05T03:00:00Z', 1],
      ['2026-02-05T05:00:00Z', 90329.482],
    ]);
    expect(out.skipped).toEqual([
      { reason: 'duplicate', count: 1 },
      { reason: 'superseded', count: 1 },
    ]);
  });

  it('reads a day of the archive: checksum, zip, CSV, 5-minute grid', () => {
    const out = binanceOpenInterest.transform(archive5m, {
      route: 'archive',
      reason: 'old',
      days: [published],
    });
    expect(out.rows).toHaveLength(12);
    expect(out.rows[0]).toEqual({
      ts: '2026-01-02T00:00:00Z',
      venue: 'binance',
      symbol: 'BTCUSDT',
      oi_contracts: 96512.403,
      oi_btc: 96512.403,
      oi_usd: 8482513421.0452,
    });
    // 00:40 appears twice in the file: the later line wins.
    expect(out.rows.find((r) => r.ts === '2026-01-02T00:40:00Z')).toMatchObject({
      oi_btc: 96581.5,
      oi_usd: 8491977300,
    });
    expect(out.skipped).toEqual([
      { reason: 'null_values', count: 1 },
      { reason: 'superseded', count: 1 },
    ]);
    expect(out.gaps).toEqual([
      { from: '2026-01-02T00:35:00Z', to: '2026-01-02T00:40:00Z', missing: 1 },
      { from: '2026-01-02T01:05:00Z', to: '2026-01-03T00:00:00Z', missing: 275 },
    ]);
  });

  it('keeps only the snapshots on the hour for 1h, and reports an unpublished file as a gap', () => {
    const out = binanceOpenInterest.transform(archive1h, {
      route: 'archive',
      reason: 'old',
      days: [published],
    });
    expect(out.rows.map((r) => [r.ts, r.oi_btc])).toEqual([
      ['2026-01-02T00:00:00Z', 96512.403],
      ['2026-01-02T01:00:00Z', 96640.307],
    ]);
    expect(out.skipped).toEqual([
      { reason: 'null_values', count: 1 },
      { reason: 'between_periods', count: 11 },
    ]);
    const none = binanceOpenInterest.transform(archive1h, {
      route: 'archive',
      reason: 'old',
      days: [{ date: '2026-01-02', file: published.file, url: published.url, published: false }],
    });
    expect(none).toEqual({
      rows: [],
      skipped: [],
      gaps: [{ from: '2026-01-02T00:00:00Z', to: '2026-01-03T00:00:00Z', missing: 24 }],
    });
  });

  it('names the field of a REST payload that is not what Binance documents', () => {
    const r0 = hist[0]!;
    const cases = [
      [
        { code: -1121, msg: 'Invalid symbol.' },
        'payload field (body): {"code":-1121,"msg":"Invalid symbol."}: expected an array',
      ],
      [[{ ...r0, symbol: 'ETHUSDT' }], 'payload field [0].symbol: "ETHUSDT": expected \'BTCUSDT\''],
      [
        [{ ...r0, timestamp: T0 + 1000 }],
        'payload field [0].timestamp: 1770249601000: expected ms since the epoch on the 1h grid',
      ],
      [
        [{ ...r0, sumOpenInterest: 92561.857 }],
        'payload field [0].sumOpenInterest: 92561.857: expected a decimal string (BTC)',
      ],
      [[{ ...r0, sumOpenInterestValue: null }], 'payload field [0].sumOpenInterestValue: null'],
      [[null], 'payload field [0]: null'],
    ] as const;
    for (const [body, message] of cases) {
      const call = (): unknown => binanceOpenInterest.transform(q, { route: 'rest', body });
      expect(call, message).toThrow(PayloadError);
      expect(call, message).toThrow(`binance open_interest: ${message}`);
    }
  });
});

describe('binance open_interest: extract with a client that keeps response bytes', () => {
  it('reads old days from data.binance.vision by default, checksum first', async () => {
    const chunk = chunksOf({ interval: '5m', from: '2026-01-02', to: '2026-01-02' })[0]!;
    const client = bytesClient(archiveFiles);
    const raw = await binanceOpenInterest.extract(chunk, context(client.fetch).ctx);
    expect(client.urls).toEqual([
      `https://data.binance.vision${ARCHIVE_PATH}.CHECKSUM`,
      `https://data.binance.vision${ARCHIVE_PATH}`,
    ]);
    expect(binanceOpenInterest.transform(chunk, raw).rows).toHaveLength(12);
  });

  it('falls back to the archive after a 451, on the --base-url origin when one is given', async () => {
    // With now on 01-20, 2026-01-02 is within the REST endpoint's 30 days.
    const chunk = chunksOf({ from: '2026-01-02', to: '2026-01-02', now: '2026-01-20T00:00:00Z' })[0]!;
    expect(chunk.route).toBe('rest');
    const client = bytesClient(archiveFiles, [REST]);
    const { ctx, notes } = context(client.fetch, 'http://mirror.test:8080');
    const raw = await binanceOpenInterest.extract(chunk, ctx);
    expect(client.urls.map((u) => new URL(u).pathname)).toEqual([
      REST,
      `${ARCHIVE_PATH}.CHECKSUM`,
      ARCHIVE_PATH,
    ]);
    expect(new Set(client.urls.map((u) => new URL(u).origin))).toEqual(new Set(['http://mirror.test:8080']));
    expect(raw).toMatchObject({
      route: 'archive',
      reason: 'Binance refused the REST request from this location (HTTP 451)',
    });
    expect(notes).toEqual([
      'binance open_interest: Binance refused the REST request from this location (HTTP 451); reading the daily files of data.binance.vision for 2026-01-02..2026-01-02',
    ]);
    expect(binanceOpenInterest.transform(chunk, raw).rows.map((r) => r.ts)).toEqual([
      '2026-01-02T00:00:00Z',
      '2026-01-02T01:00:00Z',
    ]);
  });

  it('falls back to the archive when an offline replay holds no REST response', async () => {
    const chunk = chunksOf({ from: '2026-01-02', to: '2026-01-02', now: '2026-01-20T00:00:00Z' })[0]!;
    const files = bytesClient(archiveFiles);
    const fetch: HttpClient = async (url, options) => {
      if (new URL(url).pathname === REST) {
        throw new ProviderError('not_archived', `binance: no archived response for ${url}`, {
          details: { url },
        });
      }
      return files.fetch(url, options);
    };
    const raw = await binanceOpenInterest.extract(chunk, context(fetch).ctx);
    expect(raw).toMatchObject({
      route: 'archive',
      reason: 'the response archive holds no REST response for this window',
    });
  });

  it('refuses a downloaded file whose checksum does not match, storing nothing from it', async () => {
    const chunk = chunksOf({ from: '2026-01-02', to: '2026-01-02' })[0]!;
    const tampered = Buffer.from(ZIP);
    tampered[40] = tampered[40]! ^ 0xff;
    const client = bytesClient({ ...archiveFiles, [ARCHIVE_PATH]: tampered });
    const raw = await binanceOpenInterest.extract(chunk, context(client.fetch).ctx);
    expect(() => binanceOpenInterest.transform(chunk, raw)).toThrow(
      'binance open_interest: payload field BTCUSDT-metrics-2026-01-02.zip: "sha256 ',
    );
  });

  it('passes other errors through without falling back', async () => {
    const chunk = chunksOf({ from: '2026-02-05', to: '2026-02-05' })[0]!;
    const fetch: HttpClient = async (url) => {
      throw new ProviderError('server_error', `server error (HTTP 500) on ${url}`, {
        details: { url, status: 500 },
      });
    };
    await expect(binanceOpenInterest.extract(chunk, context(fetch).ctx)).rejects.toThrow(
      'server error (HTTP 500)',
    );
  });
});

describe('binance open_interest: ingest from a local server shaped like Binance', () => {
  const oneDay = { interval: '1h', from: '2026-02-05', to: '2026-02-05' };

  it('asks for the period and window, 500 at most, and pages 3 days of 5m in 3 requests', async () => {
    const r = await run(binanceLike(new Set([T0 + 300_000])), {
      interval: '5m',
      from: '2026-02-05',
      to: '2026-02-07',
    });
    expect(r.error).toBeUndefined();
    expect(r.requests.map((q) => q.query)).toEqual(
      [0, 1, 2].map((d) => ({
        symbol: 'BTCUSDT',
        period: '5m',
        startTime: String(T0 + d * 24 * H),
        endTime: String(T0 + (d + 1) * 24 * H - 1),
        limit: '500',
      })),
    );
    expect(r.summary).toMatchObject({ rows: 863, inserted: 863 });
    expect(r.summary!.gaps).toEqual([
      { from: '2026-02-05T00:05:00Z', to: '2026-02-05T00:10:00Z', missing: 1 },
    ]);
  });

  it('waits out a 429 with Retry-After, recovers from a 500, and stores the day', async () => {
    const transport = testTransport();
    const r = await run(
      inSequence(
        { status: 429, headers: { 'retry-after': '2' }, body: { code: -1003, msg: 'Too many requests.' } },
        { status: 500, body: '' },
        { body: hist },
      ),
      oneDay,
      transport,
    );
    expect(r.summary).toMatchObject({ rows: 24, requests: 3 });
    expect(transport.sleeps).toEqual([2000, 500]);
  });

  it("gives up on Binance's TOO_MANY_REQUESTS (-1003) with a RateLimitError", async () => {
    const r = await run(
      () => ({
        status: 429,
        body: { code: -1003, msg: 'Too many requests; current limit is 2400 requests per minute.' },
      }),
      oneDay,
    );
    expect(r.error).toBeInstanceOf(RateLimitError);
    expect(r.requests).toHaveLength(4);
    expect(r.stored).toBe(0);
  });

  it('maps -1121 Invalid symbol to a bad request, without retrying', async () => {
    const r = await run(() => BAD_SYMBOL, { ...oneDay, symbol: 'BTCUSDX' });
    expect(r.error).toBeInstanceOf(ProviderError);
    expect((r.error as ProviderError).code).toBe('bad_request');
    expect((r.error as Error).message).toContain('binance open_interest: -1121: Invalid symbol. (HTTP 400');
    expect(r.requests).toHaveLength(1);
  });

  it('refuses truncated JSON, storing nothing', async () => {
    const r = await run(() => ({ body: JSON.stringify(hist).slice(0, 500) }), oneDay);
    expect(r.error).toBeInstanceOf(PayloadError);
    expect((r.error as Error).message).toContain('is not valid JSON');
    expect(r.stored).toBe(0);
  });

  const refused451: Handler = (req) =>
    req.path === REST
      ? {
          status: 451,
          body: {
            code: 0,
            msg: "Service unavailable from a restricted location according to 'b. Eligibility' in https://www.binance.com/en/terms. Please contact customer service if you believe you received this message in error.",
          },
        }
      : {
          status: 404,
          headers: { 'content-type': 'application/xml' },
          body: '<?xml version="1.0"?><Error><Code>NoSuchKey</Code></Error>',
        };

  it('451 and no archive file yet: nothing stored is a failure naming the statuses, never a success with gaps', async () => {
    // The day before `now`: within the publication lag, so the archive file may not be out yet.
    const r = await run(refused451, { ...oneDay, now: '2026-02-06T12:00:00Z' });
    expect(r.requests.map((q) => q.path)).toEqual([REST, `${metricsPath('BTCUSDT', '2026-02-05')}.CHECKSUM`]);
    expect(r.error).toBeInstanceOf(ProviderError);
    expect((r.error as ProviderError).code).toBe('nothing_stored');
    expect((r.error as Error).message).toBe(
      'binance open_interest: nothing stored: every request was refused or missing (HTTP 451 x1, HTTP 404 x1); the provider refuses this location or client: run from an eligible location, or give a mirror or proxy you may use with --base-url; nothing is published for this --symbol and window: check --symbol and --from/--to',
    );
    expect(r.stored).toBe(0);
  });

  it('an archive file missing long after its publication lag is an error naming the file, not a gap', async () => {
    const r = await run(refused451, oneDay);
    expect((r.error as ProviderError).code).toBe('archive_missing');
    expect((r.error as Error).message).toBe(
      'binance open_interest: BTCUSDT-metrics-2026-02-05.zip is missing (HTTP 404) though files are published within 3 days and 2026-02-05 is older; check --symbol BTCUSDT (or whether it traded on 2026-02-05); nothing was stored',
    );
  });

  it('routes days older than 30 days straight to the archive, never to REST; a wrong symbol is an error', async () => {
    const r = await run(() => ({ status: 404, body: '' }), {
      interval: '1h',
      from: '2026-01-01',
      to: '2026-01-02',
      symbol: 'BTCUSDX',
    });
    expect(r.requests.map((q) => q.path)).toEqual([`${metricsPath('BTCUSDX', '2026-01-01')}.CHECKSUM`]);
    expect((r.error as ProviderError).code).toBe('archive_missing');
    expect((r.error as Error).message).toContain('check --symbol BTCUSDX');
  });

  it('after a 451, reads the zip from the archive files end to end: stored, archived, replayed offline', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'crashscope-binance-'));
    const handler: Handler = (req) =>
      req.path === REST
        ? { status: 451, body: { code: 0, msg: 'Service unavailable from a restricted location' } }
        : req.path === `${ARCHIVE_PATH}.CHECKSUM`
          ? { headers: { 'content-type': 'text/plain' }, body: CHECKSUM }
          : req.path === ARCHIVE_PATH
            ? { headers: { 'content-type': 'application/zip' }, body: new Uint8Array(ZIP) }
            : { status: 404, body: '' };
    const server = await startServer(handler);
    try {
      await withStore(':memory:', {}, async (db) => {
        const input = { interval: '5m', from: '2026-01-02', to: '2026-01-02', now: '2026-01-20T00:00:00Z' };
        const plan = planIngest({
          provider: 'binance',
          dataset: 'open_interest',
          input,
          baseUrl: server.baseUrl,
        });
        const runtime = { ingestedAt: NOW, transport: testTransport(), archiveDir: dir };
        const first = await ingest(db, plan, runtime);
        expect(first).toMatchObject({ rows: 12, inserted: 12, requests: 3, archived: 3 });
        // The refusal and the fallback are in the summary (the CLI prints them and --json lists them).
        expect(first.notices.map((n) => [n.kind, n.status])).toEqual([
          ['refused', 451],
          ['fallback', undefined],
        ]);
        const replay = await ingest(db, plan, {
          ...runtime,
          offline: true,
          transport: testTransport({ fetch: () => Promise.reject(new Error('offline')) }),
        });
        expect(replay).toMatchObject({ rows: 12, unchanged: 12 });
        expect((await readRows(db, 'open_interest', {})).length).toBe(12);
      });
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
