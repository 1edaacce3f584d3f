import { describe, expect, it } from 'vitest';
import {
  AccessDeniedError,
  CrashscopeError,
  InvalidInputError,
  PayloadError,
  ProviderError,
} from '../../errors.js';
import type { Db } from '../../store/db.js';
import { readRows } from '../../store/readers.js';
import { withStore } from '../../store/store.js';
import { joinUrl } from './http.js';
import { type IngestEvent, type IngestRuntime, type IngestSummary, ingest, planIngest } from './ingest.js';
import { isFiniteNumber, payloadError } from './payload.js';
import { dateFlag } from './query.js';
import { providers } from './registry.js';
import { installNetworkGuard } from './testkit/networkGuard.js';
import { type Handler, type Reply, startServer, type TestServer } from './testkit/server.js';
import { testTransport } from './testkit/transport.js';
import { type DataRowOf, defineDataset, defineProvider, type QueryInput } from './types.js';

installNetworkGuard();

/**
 * A provider made for these tests: `pages` pages of hourly bars of one day, page p holding hours
 * 6(p-1) .. 6p-1, each page one chunk; the server checks the credential header.
 */
interface PageQuery {
  readonly day: string;
  readonly pages: number;
  readonly page: number;
}

const pagesDataset = defineDataset<PageQuery, unknown, 'bars'>({
  model: 'bars',
  description: 'hourly test bars, six per page',
  endpoint: '/days/{day}/pages/{page}',
  fills: ['ts', 'venue', 'symbol', 'interval', 'open', 'high', 'low', 'close'],
  flags: { from: 'the day' },
  params: [{ name: 'pages', description: 'how many pages (default 4)' }],
  transformQuery(input) {
    return {
      day: dateFlag('--from', input.from ?? '2026-02-05'),
      pages: Number(input.params?.pages ?? 4),
      page: 0,
    };
  },
  chunks(q) {
    return Array.from({ length: q.pages }, (_, i) => ({ ...q, page: i + 1 }));
  },
  async extract(q, ctx) {
    const url = joinUrl(ctx.baseUrl, `/days/${q.day}/pages/${q.page}`);
    return (await ctx.fetch(url, { headers: { 'x-key': ctx.credentials.FAKE_KEY ?? '' } })).json();
  },
  transform(q, raw) {
    const where = { provider: 'fake', dataset: 'bars' };
    if (!Array.isArray(raw)) throw payloadError(where, '(body)', raw, 'an array of [hour, price]');
    const rows: DataRowOf<'bars'>[] = raw.map((item: unknown, i) => {
      const [hour, price] = Array.isArray(item) ? item : [];
      if (!isFiniteNumber(price)) throw payloadError(where, `[${i}][1] (price)`, price, 'a number');
      return {
        ts: `${q.day}T${String(hour).padStart(2, '0')}:00:00Z`,
        venue: 'fake',
        symbol: 'TEST',
        interval: '1h',
        open: price,
        high: price,
        low: price,
        close: price,
      };
    });
    return { rows };
  },
});

const fake = defineProvider({
  name: 'fake',
  title: 'Fake',
  description: 'a provider for tests',
  docs: 'https://example.com/docs',
  baseUrl: 'https://fake.example',
  rateLimit: { perSecond: 100, burst: 100 },
  vendorErrors: { codePath: ['error'], codes: {} },
  credentials: [{ env: 'FAKE_KEY', description: 'the test key', required: true }],
  datasets: { bars: pagesDataset },
});

const page = (p: number): [number, number][] =>
  Array.from({ length: 6 }, (_, i) => [6 * (p - 1) + i, 100 + 6 * (p - 1) + i]);

/** Serves good pages, except those in `bad` (replaced by the given reply). */
function pagesServer(bad: Readonly<Record<number, Reply>> = {}): Handler {
  return (req) => {
    if (req.headers['x-key'] !== 'secret') return { status: 401, body: { error: 'no key' } };
    const p = Number(/\/pages\/(\d+)$/.exec(req.path)?.[1]);
    return bad[p] ?? { body: page(p) };
  };
}

const baseInput: QueryInput = { from: '2026-02-05', now: '2026-02-10T00:00:00Z' };

function plan(server: TestServer, input: QueryInput = baseInput) {
  return planIngest({
    provider: 'fake',
    dataset: 'bars',
    input,
    baseUrl: server.baseUrl,
    credentials: { FAKE_KEY: 'secret' },
    providers: [fake],
  });
}

async function attempt(
  db: Db,
  server: TestServer,
  runtime: Partial<IngestRuntime> = {},
): Promise<{ summary?: IngestSummary; error?: CrashscopeError }> {
  try {
    return {
      summary: await ingest(db, plan(server), {
        ingestedAt: '2026-02-10T00:00:00Z',
        transport: testTransport(),
        ...runtime,
      }),
    };
  } catch (e) {
    if (e instanceof CrashscopeError) return { error: e };
    throw e;
  }
}

async function withServer<T>(handler: Handler, fn: (server: TestServer) => Promise<T>): Promise<T> {
  const server = await startServer(handler);
  try {
    return await fn(server);
  } finally {
    await server.close();
  }
}

describe('planIngest', () => {
  const req = {
    provider: 'fake',
    dataset: 'bars',
    input: baseInput,
    credentials: { FAKE_KEY: 'k' },
    providers: [fake],
  };

  it('resolves, normalizes and chunks a request without touching anything', () => {
    const p = planIngest(req);
    expect(p.query).toEqual({ day: '2026-02-05', pages: 4, page: 0 });
    expect(p.chunks).toHaveLength(4);
    expect(p.baseUrl).toBe('https://fake.example');
    expect(p.source).toBe('fake:/days/{day}/pages/{page}');
  });

  it.each([
    [{ provider: 'nope' }, InvalidInputError, "unknown provider 'nope' (providers: fake)"],
    [{ dataset: 'funding' }, InvalidInputError, "provider fake has no dataset 'funding' (datasets: bars)"],
    [
      { input: { ...baseInput, symbol: 'X' } },
      InvalidInputError,
      '--symbol is not used by fake bars (it takes: --from)',
    ],
    [
      { input: { ...baseInput, params: { color: 'red' } } },
      InvalidInputError,
      '--param color: not a parameter of fake bars (parameters: pages)',
    ],
    [{ credentials: {} }, InvalidInputError, 'fake needs FAKE_KEY (the test key)'],
    [{ baseUrl: 'localhost:8080' }, InvalidInputError, "--base-url: 'localhost:8080' is not an http(s) URL"],
    [
      { input: { ...baseInput, from: '2026-13-01' } },
      InvalidInputError,
      "--from: '2026-13-01' is not an ISO date",
    ],
  ])('refuses %j naming the problem', (patch, Class, message) => {
    const call = () => planIngest({ ...req, ...patch });
    expect(call).toThrow(Class);
    expect(call).toThrow(message);
  });

  it('knows the built-in providers', () => {
    expect(() => planIngest({ provider: 'nope', dataset: 'bars', input: baseInput })).toThrow(
      `unknown provider 'nope' (providers: ${providers.map((p) => p.name).join(', ')})`,
    );
  });
});

describe('ingest', () => {
  it('writes each chunk in its own transaction with provenance, and reports progress', async () => {
    await withServer(pagesServer(), async (server) => {
      await withStore(':memory:', {}, async (db) => {
        const events: IngestEvent[] = [];
        const { summary } = await attempt(db, server, { onEvent: (e) => events.push(e) });
        expect(summary).toMatchObject({
          provider: 'fake',
          dataset: 'bars',
          rows: 24,
          inserted: 24,
          requests: 4,
          archived: 0,
        });
        expect(summary!.chunks.map((c) => c.inserted)).toEqual([6, 6, 6, 6]);
        expect(events.filter((e) => e.kind !== 'request').map((e) => e.kind)).toEqual([
          'plan',
          'chunk',
          'chunk',
          'chunk',
          'chunk',
        ]);
        expect(events[0]).toEqual({
          kind: 'plan',
          provider: 'fake',
          dataset: 'bars',
          chunks: 4,
          offline: false,
        });
        const rows = await readRows(db, 'bars', {});
        expect(rows[5]).toEqual({
          ts: '2026-02-05T05:00:00Z',
          venue: 'fake',
          symbol: 'TEST',
          interval: '1h',
          open: 105,
          high: 105,
          low: 105,
          close: 105,
          volume: null,
          quote_volume: null,
          source: 'fake:/days/{day}/pages/{page}',
          quality: 'observed',
          ingested_at: '2026-02-10T00:00:00Z',
        });
      });
    });
  });

  it('keeps pages 1-2 and stores nothing of page 3 when page 3 is bad; a re-run resumes without duplicates', async () => {
    await withStore(':memory:', {}, async (db) => {
      // Page 3's first five bars are valid; its sixth has no price: the whole page must be refused.
      const bad = page(3).map((b, i) => (i === 5 ? [b[0], null] : b));
      const failed = await withServer(pagesServer({ 3: { body: bad } }), (server) => attempt(db, server));
      expect(failed.error).toBeInstanceOf(PayloadError);
      expect(failed.error!.message).toBe(
        'fake bars: payload field [5][1] (price): null: expected a number; chunk 3/4: nothing from it was stored; chunks 1-2 (12 rows) were stored; re-run the same command to resume',
      );
      expect(failed.error!.details).toMatchObject({
        provider: 'fake',
        dataset: 'bars',
        chunk: 3,
        chunks: 4,
        rowsStored: 12,
      });
      const kept = await readRows(db, 'bars', {});
      expect(kept.map((r) => r.ts.slice(11, 13))).toEqual([
        '00',
        '01',
        '02',
        '03',
        '04',
        '05',
        '06',
        '07',
        '08',
        '09',
        '10',
        '11',
      ]);

      const resumed = await withServer(pagesServer(), (server) => attempt(db, server));
      expect(resumed.summary!.chunks.map((c) => [c.inserted, c.unchanged])).toEqual([
        [0, 6],
        [0, 6],
        [6, 0],
        [6, 0],
      ]);
      const all = await readRows(db, 'bars', {});
      expect(all).toHaveLength(24);
      expect(new Set(all.map((r) => r.ts)).size).toBe(24);
    });
  });

  it('refuses a chunk whose rows break the model or repeat a key, naming the row and field', async () => {
    await withStore(':memory:', {}, async (db) => {
      const negative = await withServer(
        pagesServer({
          1: {
            body: [
              [0, 1],
              [1, -2],
            ],
          },
        }),
        (s) => attempt(db, s),
      );
      expect(negative.error).toBeInstanceOf(PayloadError);
      expect(negative.error!.message).toBe(
        "fake bars: row 1 (ts=2026-02-05T01:00:00Z, venue=fake, symbol=TEST, interval=1h), field 'open': -2: expected a number > 0 (quote currency); chunk 1/4: nothing was stored",
      );
      const repeated = await withServer(
        pagesServer({
          1: {
            body: [
              [0, 1],
              [0, 1],
            ],
          },
        }),
        (s) => attempt(db, s),
      );
      expect(repeated.error!.code).toBe('duplicate_key');
      expect(repeated.error!.message).toContain(
        'fake bars: rows 0 and 1 have the same key (ts=2026-02-05T00:00:00Z',
      );
      expect(await readRows(db, 'bars', {})).toHaveLength(0);
    });
  });

  it('keeps the class of an HTTP error and says what was stored before it', async () => {
    await withStore(':memory:', {}, async (db) => {
      const r = await withServer(pagesServer({ 2: { status: 451, body: '' } }), (s) => attempt(db, s));
      expect(r.error).toBeInstanceOf(AccessDeniedError);
      expect(r.error!.message).toContain('the provider refuses this location (HTTP 451)');
      expect(r.error!.message).toContain(
        'chunk 2/4: nothing from it was stored; chunk 1 (6 rows) was stored; re-run the same command to resume',
      );
      expect(await readRows(db, 'bars', {})).toHaveLength(6);
    });
  });

  it('stops between chunks on interrupt, and aborts a request in flight', async () => {
    await withStore(':memory:', {}, async (db) => {
      const between = new AbortController();
      const r1 = await withServer(pagesServer(), (s) =>
        attempt(db, s, {
          signal: between.signal,
          onEvent: (e) => e.kind === 'chunk' && e.index === 1 && between.abort(),
        }),
      );
      expect(r1.error).toBeInstanceOf(ProviderError);
      expect(r1.error!.message).toBe(
        'fake bars: interrupted before chunk 2/4; chunk 1 (6 rows) was stored; re-run the same command to resume',
      );

      const inFlight = new AbortController();
      const r2 = await withServer(pagesServer({ 3: { fault: 'hang' } }), (s) =>
        attempt(db, s, {
          signal: inFlight.signal,
          onEvent: (e) => {
            if (e.kind === 'request' && e.url.endsWith('/pages/3')) setTimeout(() => inFlight.abort(), 20);
          },
        }),
      );
      expect(r2.error!.code).toBe('interrupted');
      expect(r2.error!.message).toContain(
        'chunk 3/4: nothing from it was stored; chunks 1-2 (12 rows) were stored',
      );
      expect(await readRows(db, 'bars', {})).toHaveLength(12);
    });
  });

  it('needs an archive directory to replay offline', async () => {
    await withServer(pagesServer(), async (server) => {
      await withStore(':memory:', {}, async (db) => {
        const r = await attempt(db, server, { offline: true });
        expect(r.error).toBeInstanceOf(InvalidInputError);
        expect(r.error!.message).toBe('--offline needs an archive directory (--archive)');
      });
    });
  });
});
