import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AccessDeniedError, PayloadError, ProviderError, RateLimitError } from '../../errors.js';
import {
  backoffMs,
  createHttpClient,
  createRateLimiter,
  DEFAULT_RETRY_POLICY,
  type FetchFn,
  type HttpClientOptions,
  type HttpEvent,
  joinUrl,
  normalizeBaseUrl,
  parseRetryAfter,
  type RawResponse,
  USER_AGENT,
} from './http.js';
import { installNetworkGuard } from './testkit/networkGuard.js';
import { inSequence, startServer } from './testkit/server.js';
import { testTransport } from './testkit/transport.js';
import type { VendorErrorTable } from './types.js';

installNetworkGuard();

const provider = {
  name: 'acme',
  vendorErrors: {
    codePath: ['error', 'code'],
    messagePath: ['error', 'message'],
    codes: {
      SLOW_DOWN: 'rate_limited',
      NO_SUCH: 'not_found',
      BAD_ARG: 'bad_request',
      MAINTENANCE: 'unavailable',
    },
  } satisfies VendorErrorTable,
};
const URL_ = 'https://acme.example/v1/things?x=1';

interface Canned {
  readonly status?: number;
  readonly body?: string;
  readonly headers?: Record<string, string>;
  readonly throws?: unknown;
}

/** A fetch that answers from a list (the last repeats) and records what it was sent. */
function cannedFetch(...answers: Canned[]): FetchFn & { calls: { url: string; init: RequestInit }[] } {
  const calls: { url: string; init: RequestInit }[] = [];
  const f = (async (url: string, init: RequestInit) => {
    const a = answers[Math.min(calls.length, answers.length - 1)]!;
    calls.push({ url, init });
    if (a.throws !== undefined) throw a.throws;
    return new Response(a.body ?? '{}', { status: a.status ?? 200, headers: a.headers ?? {} });
  }) as FetchFn & { calls: { url: string; init: RequestInit }[] };
  f.calls = calls;
  return f;
}

function client(fetch: FetchFn, extra: Partial<HttpClientOptions> = {}) {
  const transport = testTransport({ fetch, startMs: Date.UTC(2015, 9, 21, 7, 27, 30) });
  const events: HttpEvent[] = [];
  const archived: RawResponse[] = [];
  const get = createHttpClient({
    provider,
    dataset: 'things',
    transport,
    archive: (r) => archived.push(r),
    onEvent: (e) => events.push(e),
    ...extra,
  });
  return { get, transport, events, archived };
}

async function failure(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a rejection');
}

describe('parseRetryAfter (RFC 9110 section 10.2.3)', () => {
  const now = Date.UTC(2015, 9, 21, 7, 27, 30);
  it.each([
    ['120', 120_000],
    ['0', 0],
    // The RFC's own example date, 30 s after `now`.
    ['Wed, 21 Oct 2015 07:28:00 GMT', 30_000],
    ['Wed, 21 Oct 2015 07:00:00 GMT', 0],
    ['-5', undefined],
    ['1.5', undefined],
    ['soon', undefined],
    ['2026-02-05T00:00:00Z', undefined],
    ['', undefined],
  ])('%j -> %j ms', (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });
  it('is undefined without a header', () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

describe('backoffMs (full jitter, Brooker 2015)', () => {
  it('caps at base * 2^(n-1), then at maxDelay', () => {
    const almostOne = () => 0.999_999;
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => backoffMs(n, DEFAULT_RETRY_POLICY, almostOne) + 1)).toEqual([
      500, 1000, 2000, 4000, 8000, 16000, 30000, 30000,
    ]);
  });
  it('stays in [0, cap) for any random draw', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (n, r) => {
          const cap = Math.min(30_000, 500 * 2 ** (n - 1));
          const w = backoffMs(n, DEFAULT_RETRY_POLICY, () => r);
          return w >= 0 && w < cap;
        },
      ),
    );
  });
});

describe('createRateLimiter (token bucket)', () => {
  it('lets a burst through, then spaces requests at the steady rate, and refills only up to the burst', async () => {
    const t = testTransport();
    const limiter = createRateLimiter({ perSecond: 2, burst: 1 }, t);
    expect([await limiter.take(), await limiter.take(), await limiter.take()]).toEqual([0, 500, 500]);
    await t.sleep(10_000);
    expect([await limiter.take(), await limiter.take()]).toEqual([0, 500]);
  });

  it('makes n requests take (n - burst) / rate seconds, whatever the rate and burst', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.double({ min: 0.5, max: 20, noNaN: true }),
        fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: 1, max: 40 }),
        async (perSecond, burst, n) => {
          const t = testTransport();
          const start = t.now();
          const limiter = createRateLimiter({ perSecond, burst }, t);
          for (let i = 0; i < n; i++) await limiter.take();
          const ideal = (Math.max(0, n - burst) / perSecond) * 1000;
          const elapsed = t.now() - start;
          // Each wait is rounded up to a whole ms.
          return elapsed >= ideal - 1e-6 && elapsed <= ideal + n;
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('normalizeBaseUrl and joinUrl', () => {
  it('keeps scheme, host, port and a path prefix, and refuses the rest naming --base-url', () => {
    expect(normalizeBaseUrl('http://127.0.0.1:8080/')).toBe('http://127.0.0.1:8080');
    expect(normalizeBaseUrl('https://proxy.example/yahoo/')).toBe('https://proxy.example/yahoo');
    for (const bad of ['ftp://x', 'not a url', 'https://h/?a=1', 'https://u:p@h']) {
      expect(() => normalizeBaseUrl(bad), bad).toThrow(`--base-url: '${bad}'`);
    }
  });
  it('encodes the query', () => {
    expect(joinUrl('http://h', '/p', { start: '2026-02-05T00:00:00Z', n: 3 })).toBe(
      'http://h/p?start=2026-02-05T00%3A00%3A00Z&n=3',
    );
  });
});

describe('createHttpClient', () => {
  it('sends the descriptive User-Agent and asks for JSON', async () => {
    const fetch = cannedFetch({ body: '{"ok":true}' });
    const { get } = client(fetch);
    const res = await get(URL_);
    expect(res.json()).toEqual({ ok: true });
    const headers = fetch.calls[0]!.init.headers as Record<string, string>;
    expect(headers['user-agent']).toBe(USER_AGENT);
    expect(USER_AGENT).toMatch(
      /^crashscope\/\d+\.\d+\.\d+ \(\+https:\/\/www\.npmjs\.com\/package\/crashscope\)$/,
    );
    expect(headers.accept).toBe('application/json');
  });

  it('sends a request body as a JSON POST, and hands method and body to the archive', async () => {
    const fetch = cannedFetch({ body: '[]' });
    const { get, archived } = client(fetch);
    await get(URL_, { body: '{"type":"meta"}' });
    expect(fetch.calls[0]!.init).toMatchObject({ method: 'POST', body: '{"type":"meta"}' });
    expect((fetch.calls[0]!.init.headers as Record<string, string>)['content-type']).toBe('application/json');
    expect(archived[0]).toMatchObject({ method: 'POST', requestBody: '{"type":"meta"}', status: 200 });
    await get(URL_);
    expect(fetch.calls[1]!.init.method).toBe('GET');
    expect(fetch.calls[1]!.init.body).toBeUndefined();
  });

  it('retries 5xx with backoff 250, 500, 1000 ms (jitter 0.5), then throws ProviderError server_error', async () => {
    const { get, transport, archived } = client(cannedFetch({ status: 502, body: 'bad gateway' }));
    const e = await failure(get(URL_));
    expect(e).toBeInstanceOf(ProviderError);
    expect((e as ProviderError).code).toBe('server_error');
    expect(e.message).toBe(`acme things: server error (HTTP 502) on ${URL_} (after 4 attempts)`);
    expect(transport.sleeps).toEqual([250, 500, 1000]);
    expect(archived.map((a) => a.status)).toEqual([502, 502, 502, 502]);
  });

  it('honours Retry-After as seconds and as an HTTP-date', async () => {
    const a = client(cannedFetch({ status: 503, headers: { 'retry-after': '7' } }, { body: '[]' }));
    await a.get(URL_);
    expect(a.transport.sleeps).toEqual([7000]);
    const b = client(
      cannedFetch(
        { status: 429, headers: { 'retry-after': 'Wed, 21 Oct 2015 07:28:00 GMT' } },
        { body: '[]' },
      ),
    );
    await b.get(URL_);
    expect(b.transport.sleeps).toEqual([30_000]);
  });

  it('fails at once when Retry-After is longer than the policy allows', async () => {
    const fetch = cannedFetch({ status: 429, headers: { 'retry-after': '600' } });
    const e = await failure(client(fetch).get(URL_));
    expect(e).toBeInstanceOf(RateLimitError);
    expect(e.message).toContain('the provider asks to wait 600 s (Retry-After)');
    expect(fetch.calls).toHaveLength(1);
  });

  it.each([
    [451, 'access_denied', AccessDeniedError, 'acme things: the provider refuses this location (HTTP 451)'],
    [403, 'access_denied', AccessDeniedError, 'acme things: access denied (HTTP 403)'],
    [401, 'access_denied', AccessDeniedError, 'acme things: access denied (HTTP 401)'],
    [404, 'not_found', ProviderError, 'acme things: not found (HTTP 404)'],
    [400, 'http_error', ProviderError, 'acme things: HTTP 400'],
  ])('maps HTTP %i to %s without retrying', async (status, code, Class, message) => {
    const fetch = cannedFetch({ status, body: 'no' });
    const e = await failure(client(fetch).get(URL_));
    expect(e).toBeInstanceOf(Class);
    expect((e as ProviderError).code).toBe(code);
    expect(e.message.startsWith(message), e.message).toBe(true);
    expect(fetch.calls).toHaveLength(1);
  });

  it('retries 408 Request Timeout', async () => {
    const fetch = cannedFetch({ status: 408 }, { body: '[]' });
    await client(fetch).get(URL_);
    expect(fetch.calls).toHaveLength(2);
  });

  it('maps vendor codes through the table, on error and on 200 responses, with the vendor message', async () => {
    const body = (code: string) => JSON.stringify({ error: { code, message: `because ${code}` } });
    const slow = cannedFetch({ status: 200, body: body('SLOW_DOWN') });
    const e1 = await failure(client(slow).get(URL_));
    expect(e1).toBeInstanceOf(RateLimitError);
    expect(e1.message).toBe(
      `acme things: SLOW_DOWN: because SLOW_DOWN (HTTP 200 on ${URL_}) (after 4 attempts)`,
    );
    expect(slow.calls).toHaveLength(4);

    const missing = cannedFetch({ status: 400, body: body('NO_SUCH') });
    const e2 = await failure(client(missing).get(URL_));
    expect((e2 as ProviderError).code).toBe('not_found');
    expect(missing.calls).toHaveLength(1);

    const maintenance = cannedFetch({ status: 400, body: body('MAINTENANCE') }, { body: '[]' });
    await client(maintenance).get(URL_);
    expect(maintenance.calls).toHaveLength(2);

    const unknown = cannedFetch({ status: 200, body: body('WEIRD') });
    const e3 = await failure(client(unknown).get(URL_));
    expect((e3 as ProviderError).code).toBe('vendor_error');
    expect(e3.message).toContain('WEIRD: because WEIRD');

    const unknownOn500 = cannedFetch({ status: 500, body: body('WEIRD') });
    const e4 = await failure(client(unknownOn500).get(URL_));
    expect((e4 as ProviderError).code).toBe('server_error');
    expect(e4.message).toContain(': WEIRD: because WEIRD');
  });

  it('retries network errors and names the errno when it gives up', async () => {
    const reset = new TypeError('fetch failed', {
      cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }),
    });
    const fetch = cannedFetch({ throws: reset });
    const e = await failure(client(fetch).get(URL_));
    expect((e as ProviderError).code).toBe('network_error');
    expect(e.message).toBe(`acme things: network error on ${URL_}: read ECONNRESET (after 4 attempts)`);
    expect(fetch.calls).toHaveLength(4);
  });

  it('gives a PayloadError naming provider, dataset, URL and the body when the JSON is malformed', async () => {
    const res = await client(cannedFetch({ body: '[[1,2,' })).get(URL_);
    let e: unknown;
    try {
      res.json();
    } catch (error) {
      e = error;
    }
    expect(e).toBeInstanceOf(PayloadError);
    expect((e as PayloadError).message).toMatch(
      /^acme things: the response from https:\/\/acme\.example\/v1\/things\?x=1 is not valid JSON \(.+; 6 bytes\)$/,
    );
    expect((e as PayloadError).details).toMatchObject({
      provider: 'acme',
      dataset: 'things',
      field: '(body)',
    });
  });

  it('stops with ProviderError interrupted when the signal aborts, before a request or during a wait', async () => {
    const before = new AbortController();
    before.abort();
    const fetch = cannedFetch({ body: '[]' });
    const e1 = await failure(client(fetch, { signal: before.signal }).get(URL_));
    expect((e1 as ProviderError).code).toBe('interrupted');
    expect(fetch.calls).toHaveLength(0);

    const during = new AbortController();
    const c = client(cannedFetch({ status: 500 }), { signal: during.signal });
    const sleep = c.transport.sleep;
    const transport = {
      ...c.transport,
      sleep: (ms: number, s?: AbortSignal) => {
        during.abort();
        return sleep(ms, s);
      },
    };
    const get = createHttpClient({ provider, transport, signal: during.signal });
    expect(((await failure(get(URL_))) as ProviderError).code).toBe('interrupted');
  });

  it('reports requests, retries and throttling as events', async () => {
    const { get, events } = client(cannedFetch({ status: 500 }, { body: '[]' }), {
      limiter: createRateLimiter({ perSecond: 1, burst: 1 }, testTransport()),
    });
    await get(URL_);
    expect(events.map((e) => e.kind)).toEqual(['request', 'retry', 'throttle', 'request']);
    expect(events[1]).toEqual({ kind: 'retry', url: URL_, attempt: 1, waitMs: 250, reason: 'HTTP 500' });
  });
});

describe('createHttpClient against a local server', () => {
  const real = (extra: Partial<HttpClientOptions> = {}) =>
    createHttpClient({ provider, dataset: 'things', transport: testTransport(), ...extra });

  it('retries a connection reset and a transfer cut mid-body, then reads the full body', async () => {
    const server = await startServer(
      inSequence({ fault: 'reset' }, { fault: 'cut', body: { a: 'x'.repeat(1000) } }, { body: { a: 1 } }),
    );
    try {
      const res = await real()(`${server.baseUrl}/t`);
      expect(res.json()).toEqual({ a: 1 });
      expect(server.requests).toHaveLength(3);
    } finally {
      await server.close();
    }
  });

  it('times out a server that never answers, per attempt', async () => {
    const server = await startServer(() => ({ fault: 'hang' }));
    try {
      // 0.5 s, not 0.1 s: on a loaded 2-core machine a request can take longer than 0.1 s to reach the local
      // server, and the test counts what the server received.
      const e = await failure(real({ policy: { timeoutMs: 500, maxAttempts: 2 } })(`${server.baseUrl}/t`));
      expect((e as ProviderError).code).toBe('timeout');
      expect(e.message).toBe(
        `acme things: no complete response from ${server.baseUrl}/t within 0.5 s (after 2 attempts)`,
      );
      expect(server.requests).toHaveLength(2);
    } finally {
      await server.close();
    }
  });

  it('reports a refused connection as a network error with its errno', async () => {
    const server = await startServer(() => ({ body: [] }));
    await server.close();
    const e = await failure(real({ policy: { maxAttempts: 1 } })(`${server.baseUrl}/t`));
    expect((e as ProviderError).code).toBe('network_error');
    expect(e.message).toContain('ECONNREFUSED');
  });
});

describe('response body size cap (issue 8 section 4)', () => {
  it('has a stated default of 128 MiB', () => {
    expect(DEFAULT_RETRY_POLICY.maxBodyBytes).toBe(128 * 1024 * 1024);
  });

  it('refuses a body whose Content-Length passes the cap, without reading it, retrying it or archiving it', async () => {
    const fetch = cannedFetch({ body: '[1,2,3]', headers: { 'content-length': String(600 * 1024 * 1024) } });
    const { get, archived } = client(fetch);
    const e = await failure(get(URL_));
    expect(e).toBeInstanceOf(PayloadError);
    expect((e as PayloadError).code).toBe('body_too_large');
    expect(e.message).toBe(
      `acme things: the response from ${URL_} is larger than the 128 MiB cap (600 MiB or more, by Content-Length); raise it with --max-body-mb if this source really sends that much, or narrow the query`,
    );
    expect(fetch.calls).toHaveLength(1);
    expect(archived).toEqual([]);
  });

  it('stops a streamed body as soon as it passes the cap (no Content-Length), and does not download it again', async () => {
    // A server that sends 64 KiB chunks for as long as the client reads: only the cap stops it.
    let written = 0;
    let requests = 0;
    const server = createServer((_req, res) => {
      requests++;
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const pump = (): void => {
        while (!res.destroyed && written < 512 * 1024 * 1024) {
          written += chunk.length;
          if (!res.write(chunk)) {
            res.once('drain', pump);
            return;
          }
        }
        res.end();
      };
      pump();
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/big`;
    const archived: RawResponse[] = [];
    try {
      const get = createHttpClient({
        provider,
        dataset: 'things',
        transport: testTransport(),
        policy: { maxBodyBytes: 1024 * 1024 },
        archive: (r) => archived.push(r),
      });
      const e = await failure(get(url));
      expect((e as PayloadError).code).toBe('body_too_large');
      expect(e.message).toContain('is larger than the 1 MiB cap');
      expect(requests).toBe(1);
      expect(archived).toEqual([]);
      // Far less than the 512 MiB the server would send: the transfer was cancelled.
      expect(written).toBeLessThan(64 * 1024 * 1024);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((ok) => server.close(() => ok()));
    }
  });

  it('reads a body at the cap exactly', async () => {
    const fetch = cannedFetch({ body: '[1,2,3]' });
    const { get } = client(fetch, { policy: { maxBodyBytes: 7 } });
    expect((await get(URL_)).json()).toEqual([1, 2, 3]);
    const over = client(cannedFetch({ body: '[1,2,3,4]' }), { policy: { maxBodyBytes: 7 } });
    expect(((await failure(over.get(URL_))) as PayloadError).code).toBe('body_too_large');
  });
});
