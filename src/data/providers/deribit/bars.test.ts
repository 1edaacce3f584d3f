import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InvalidInputError, PayloadError, ProviderError, RateLimitError } from '../../../errors.js';
import { datasetContract } from '../testkit/contract.js';
import { installNetworkGuard } from '../testkit/networkGuard.js';
import { type IngestRun, type RunInput, runIngest } from '../testkit/runIngest.js';
import { type Handler, inSequence, type RecordedRequest } from '../testkit/server.js';
import { type TestTransport, testTransport } from '../testkit/transport.js';
import { deribitBars } from './bars.js';
import { deribit } from './index.js';

type Candle = [number, number | null, number | null, number | null, number | null];
interface Body {
  jsonrpc: string;
  result: { data: Candle[]; continuation: number | null };
  [k: string]: unknown;
}

/** 24 hourly BTC DVOL candles of 2026-02-05 plus the last one of 02-04, shaped like Deribit's (fixtures/README.md). */
const fixture = JSON.parse(
  readFileSync(new URL('./fixtures/volatility_index.BTC.3600.2026-02-05.json', import.meta.url), 'utf8'),
) as Body;
const PATH = '/api/v2/public/get_volatility_index_data';
const NOW = '2026-02-10T00:00:00Z';
const H = 3_600_000;
const T0 = Date.parse('2026-02-05T00:00:00Z');

datasetContract(deribit, 'bars', {
  input: { symbol: 'DVOL', interval: '1h', from: '2026-02-05', to: '2026-02-05', now: NOW },
  respond: (req) =>
    req.path === PATH
      ? { body: fixture }
      : { status: 400, body: { jsonrpc: '2.0', error: { code: -32601, message: 'Method not found' } } },
  rows: 24,
});

installNetworkGuard();

const page = (data: unknown[], continuation: number | null = null): unknown => ({
  ...fixture,
  result: { data, continuation },
});

/**
 * A server that answers like Deribit is documented to: candles in [start_timestamp, end_timestamp], at
 * most `perPage` of them, the newest first taken; when older ones remain, `continuation` is the earliest
 * timestamp returned, to be sent as the next end_timestamp.
 */
function deribitLike(perPage: number, missing: ReadonlySet<number> = new Set()): Handler {
  return (req: RecordedRequest) => {
    const step = { '60': 60_000, '3600': H, '1D': 86_400_000 }[req.query.resolution!]!;
    const start = Number(req.query.start_timestamp);
    const end = Number(req.query.end_timestamp);
    const all: Candle[] = [];
    for (let t = Math.ceil(start / step) * step; t <= end; t += step) {
      if (missing.has(t)) continue;
      const v = 50 + ((t / step) % 17);
      all.push([t, v, v + 1, v - 1, v + 0.5]);
    }
    const taken = all.slice(-perPage);
    return { body: page(taken, all.length > perPage ? taken[0]![0] : null) };
  };
}

const run = (handler: Handler, input: RunInput, transport?: TestTransport): Promise<IngestRun> =>
  runIngest({ provider: 'deribit', dataset: 'bars', handler, input, transport, now: NOW });

const oneDay = { interval: '1h', from: '2026-02-05', to: '2026-02-05' };

describe('deribit bars (DVOL): query', () => {
  it('defaults to BTC DVOL, daily, the 365 days ending today without the day in progress', () => {
    const q = deribitBars.transformQuery({ now: '2026-02-05T12:00:00Z' });
    expect(q).toEqual({
      symbol: 'DVOL',
      currency: 'BTC',
      interval: '1d',
      start: '2025-02-06T00:00:00Z',
      end: '2026-02-05T00:00:00Z',
    });
    expect(deribitBars.chunks!(q)).toEqual([q]);
  });

  it('maps ETHDVOL to ETH and cuts 1m windows into 1000-candle chunks', () => {
    const q = deribitBars.transformQuery({
      symbol: 'ethdvol',
      interval: '1m',
      from: '2026-02-05',
      to: '2026-02-06',
      now: NOW,
    });
    expect(q).toMatchObject({ symbol: 'ETHDVOL', currency: 'ETH' });
    // 2880 minutes: 1000 + 1000 + 880.
    expect(deribitBars.chunks!(q).map((c) => [c.start, c.end])).toEqual([
      ['2026-02-05T00:00:00Z', '2026-02-05T16:40:00Z'],
      ['2026-02-05T16:40:00Z', '2026-02-06T09:20:00Z'],
      ['2026-02-06T09:20:00Z', '2026-02-07T00:00:00Z'],
    ]);
  });

  it('refuses a symbol that is not a Deribit volatility index, naming --symbol', () => {
    const call = (): unknown => deribitBars.transformQuery({ symbol: 'BTC', now: NOW });
    expect(call).toThrow(InvalidInputError);
    expect(call).toThrow("--symbol: 'BTC' is not a Deribit volatility index (DVOL for BTC, ETHDVOL for ETH)");
  });
});

describe('deribit bars (DVOL): transform', () => {
  const q = deribitBars.transformQuery({ ...oneDay, now: NOW });

  it('maps candles to bars in index points, volume left NULL, and drops the candle before the window', () => {
    const out = deribitBars.transform(q, [fixture]);
    expect(out.rows).toHaveLength(24);
    // Hand-read from the fixture: [1770249600000, 49.61, 50.19, 49.32, 49.82] is its second candle.
    expect(out.rows[0]).toEqual({
      ts: '2026-02-05T00:00:00Z',
      venue: 'deribit',
      symbol: 'DVOL',
      interval: '1h',
      open: 49.61,
      high: 50.19,
      low: 49.32,
      close: 49.82,
    });
    expect(out.rows[23]).toMatchObject({ ts: '2026-02-05T23:00:00Z', open: 66.42, close: 65.8 });
    expect(out.skipped).toEqual([{ reason: 'outside_window', count: 1 }]);
    expect(out.gaps).toEqual([]);
  });

  it('skips candles with nulls, reports the hours Deribit did not publish as gaps, and sorts pages', () => {
    const later = page([[T0 + 5 * H, 60, 61, 59, 60.5]]);
    const earlier = page(
      [
        [T0, 50, 51, 49, 50.5],
        [T0 + H, null, null, null, null],
      ],
      T0 + 5 * H,
    );
    const out = deribitBars.transform(q, [later, earlier]);
    expect(out.rows.map((r) => r.ts)).toEqual(['2026-02-05T00:00:00Z', '2026-02-05T05:00:00Z']);
    expect(out.skipped).toEqual([{ reason: 'null_values', count: 1 }]);
    expect(out.gaps).toEqual([
      { from: '2026-02-05T01:00:00Z', to: '2026-02-05T05:00:00Z', missing: 4 },
      { from: '2026-02-05T06:00:00Z', to: '2026-02-06T00:00:00Z', missing: 18 },
    ]);
  });

  it('drops the candle two pages repeat and refuses one they disagree on', () => {
    const c: Candle = [T0 + 3 * H, 55, 56, 54, 55.5];
    expect(deribitBars.transform(q, [page([c]), page([[...c]])]).skipped).toEqual([
      { reason: 'duplicate', count: 1 },
    ]);
    expect(() => deribitBars.transform(q, [page([c]), page([[T0 + 3 * H, 55, 57, 54, 55.5]])])).toThrow(
      'deribit bars: payload field [page 1].result.data[0]: [1770260400000,55,57,54,55.5]: expected one candle per time (another at 2026-02-05T03:00:00Z differs)',
    );
  });

  it('names the field of a payload that is not what Deribit documents', () => {
    const cases = [
      [
        [{ jsonrpc: '2.0', result: [] }],
        'payload field result: []: expected an object { data, continuation }',
      ],
      [[page('x' as never)], 'payload field result.data: "x"'],
      [
        [page([[T0, 50, 51, 49]])],
        'payload field result.data[0]: [1770249600000,50,51,49]: expected a candle',
      ],
      [
        [page([[T0 + 60_000, 50, 51, 49, 50]])],
        'payload field result.data[0][0] (timestamp): 1770249660000: expected ms since the epoch on the 1h grid',
      ],
      [
        [page([[T0, 50, '51', 49, 50]])],
        'payload field result.data[0][2] (high): "51": expected a number (index points)',
      ],
      [[page([], '1770249600000' as never)], 'payload field result.continuation: "1770249600000"'],
      [[{ ...fixture, jsonrpc: undefined }], 'payload field jsonrpc: missing'],
    ] as const;
    for (const [payload, message] of cases) {
      const call = (): unknown => deribitBars.transform(q, payload);
      expect(call, message).toThrow(PayloadError);
      expect(call, message).toThrow(`deribit bars: ${message}`);
    }
  });
});

describe('deribit bars (DVOL): ingest from a local server shaped like Deribit', () => {
  it('follows the continuation backwards until the window is covered', async () => {
    // 40 days of hourly candles (960) fit one chunk; 100 candles per page: 100 + 9 x 99 new >= 960.
    const r = await run(deribitLike(100), { interval: '1h', from: '2026-01-01', to: '2026-02-09' });
    expect(r.error).toBeUndefined();
    expect(r.requests).toHaveLength(10);
    expect(r.requests[0]!.query).toEqual({
      currency: 'BTC',
      resolution: '3600',
      start_timestamp: String(Date.parse('2026-01-01T00:00:00Z')),
      end_timestamp: String(Date.parse('2026-02-10T00:00:00Z') - 1),
    });
    // The second request ends at the earliest candle of the first page (the last 100 hours of the window).
    expect(r.requests[1]!.query.end_timestamp).toBe(String(Date.parse('2026-02-10T00:00:00Z') - 100 * H));
    expect(r.summary).toMatchObject({ rows: 960, inserted: 960, gaps: [] });
    expect(r.summary!.skipped).toEqual([{ reason: 'duplicate', count: 9 }]);
    expect(r.stored).toBe(960);
  });

  it('pages 2 days of minutes in 3 chunks and reports missing minutes across a chunk edge once', async () => {
    const edge = Date.parse('2026-02-05T16:40:00Z');
    const missing = new Set([edge - 60_000, edge, edge + 60_000]);
    const r = await run(deribitLike(600, missing), { interval: '1m', from: '2026-02-05', to: '2026-02-06' });
    expect(r.summary).toMatchObject({ rows: 2877, inserted: 2877 });
    expect(r.summary!.chunks).toHaveLength(3);
    expect(r.summary!.gaps).toEqual([
      { from: '2026-02-05T16:39:00Z', to: '2026-02-05T16:42:00Z', missing: 3 },
    ]);
  });

  it('stores nothing for an empty window and reports it as one gap', async () => {
    const r = await run(() => ({ body: page([]) }), oneDay);
    expect(r.summary).toMatchObject({ rows: 0, inserted: 0 });
    expect(r.summary!.gaps).toEqual([
      { from: '2026-02-05T00:00:00Z', to: '2026-02-06T00:00:00Z', missing: 24 },
    ]);
  });

  it('waits out a 429 with Retry-After and recovers from a 500', async () => {
    const transport = testTransport();
    const r = await run(
      inSequence(
        { status: 429, headers: { 'retry-after': '1' }, body: '' },
        { status: 500, body: '' },
        { body: fixture },
      ),
      oneDay,
      transport,
    );
    expect(r.summary).toMatchObject({ rows: 24, requests: 3 });
    // 1 s from Retry-After, then the second backoff step: jitter 0.5 of 1000 ms.
    expect(transport.sleeps).toEqual([1000, 500]);
  });

  it('gives up on a persistent too_many_requests with a RateLimitError, storing nothing', async () => {
    const r = await run(
      () => ({ status: 400, body: { jsonrpc: '2.0', error: { code: 10028, message: 'too_many_requests' } } }),
      oneDay,
    );
    expect(r.error).toBeInstanceOf(RateLimitError);
    expect(r.requests).toHaveLength(4);
    expect(r.stored).toBe(0);
  });

  it('refuses truncated JSON and maps invalid params to a bad request', async () => {
    const cut = await run(() => ({ body: JSON.stringify(fixture).slice(0, 300) }), oneDay);
    expect(cut.error).toBeInstanceOf(PayloadError);
    expect((cut.error as Error).message).toMatch(
      /^deribit bars: the response from http:\/\/127\.0\.0\.1:\d+\/api\/v2\/public\/get_volatility_index_data\?.* is not valid JSON/,
    );
    const bad = await run(
      () => ({
        status: 400,
        body: {
          jsonrpc: '2.0',
          error: { code: -32602, message: 'Invalid params', data: { param: 'resolution' } },
        },
      }),
      oneDay,
    );
    expect(bad.error).toBeInstanceOf(ProviderError);
    expect((bad.error as ProviderError).code).toBe('bad_request');
    expect(bad.requests).toHaveLength(1);
  });
});
