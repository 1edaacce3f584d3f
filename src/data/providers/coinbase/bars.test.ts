import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AccessDeniedError, InvalidInputError, PayloadError, ProviderError } from '../../../errors.js';
import { datasetContract } from '../testkit/contract.js';
import { installNetworkGuard } from '../testkit/networkGuard.js';
import { type IngestRun, type RunInput, runIngest } from '../testkit/runIngest.js';
import { type Handler, inSequence, type RecordedRequest } from '../testkit/server.js';
import { type TestTransport, testTransport } from '../testkit/transport.js';
import { coinbaseBars } from './bars.js';
import { coinbase } from './index.js';

/** 24 hourly BTC-USD candles of 2026-02-05 plus one of 02-04 23:00, newest first, shaped as documented. */
const fixture: unknown = JSON.parse(
  readFileSync(new URL('./fixtures/candles.BTC-USD.3600.2026-02-05.json', import.meta.url), 'utf8'),
);

datasetContract(coinbase, 'bars', {
  input: {
    symbol: 'BTC-USD',
    interval: '1h',
    from: '2026-02-05',
    to: '2026-02-05',
    now: '2026-02-10T00:00:00Z',
  },
  respond: (req) =>
    req.path === '/products/BTC-USD/candles'
      ? { body: fixture }
      : { status: 404, body: { message: 'NotFound' } },
  rows: 24,
});

installNetworkGuard();

const NOW = '2026-02-10T00:00:00Z';
const sec = (iso: string): number => Date.parse(iso) / 1000;

/** A candle as Coinbase sends it: [time, low, high, open, close, volume]. */
function candle(
  time: number,
  open: number,
  high: number,
  low: number,
  close: number,
  volume: number,
): number[] {
  return [time, low, high, open, close, volume];
}

/**
 * A server that answers like Coinbase for any window: one candle per minute/hour in [start, end], newest
 * first, except the times in `missing` (no trades, nothing published).
 */
function coinbaseLike(missing: ReadonlySet<number> = new Set()): Handler {
  return (req: RecordedRequest) => {
    const g = Number(req.query.granularity);
    const start = sec(req.query.start!);
    const end = sec(req.query.end!);
    const out: number[][] = [];
    for (let t = Math.ceil(start / g) * g; t <= end; t += g) {
      if (missing.has(t)) continue;
      const p = 70_000 + ((t / g) % 1000);
      out.push(candle(t, p - 1, p + 5, p - 5, p + 1, 1.5));
    }
    return { body: out.reverse() };
  };
}

const run = (handler: Handler, input: RunInput, transport?: TestTransport): Promise<IngestRun> =>
  runIngest({ provider: 'coinbase', dataset: 'bars', handler, input, transport, now: NOW });

const oneDay = { interval: '1h', from: '2026-02-05', to: '2026-02-05' };

describe('coinbase bars: query', () => {
  it('fills defaults: BTC-USD, 1d, the 365 days ending today, without the bucket in progress', () => {
    const q = coinbaseBars.transformQuery({ now: '2026-02-05T12:34:56Z' });
    expect(q).toEqual({
      productId: 'BTC-USD',
      interval: '1d',
      granularity: 86_400,
      start: '2025-02-06T00:00:00Z',
      end: '2026-02-05T00:00:00Z',
    });
    // 364 daily buckets: 300 + 64, the first chunk ending 300 days after 2025-02-06.
    expect(coinbaseBars.chunks!(q).map((c) => [c.start, c.end])).toEqual([
      ['2025-02-06T00:00:00Z', '2025-12-03T00:00:00Z'],
      ['2025-12-03T00:00:00Z', '2026-02-05T00:00:00Z'],
    ]);
  });

  it('normalizes the product id and cuts 1m windows into 300-candle chunks', () => {
    const q = coinbaseBars.transformQuery({
      symbol: 'eth-usd',
      interval: '1m',
      from: '2026-02-05',
      to: '2026-02-06',
      now: NOW,
    });
    expect(q.productId).toBe('ETH-USD');
    const chunks = coinbaseBars.chunks!(q);
    expect(chunks).toHaveLength(10); // 2880 minutes / 300, rounded up
    expect(chunks[9]).toMatchObject({ start: '2026-02-06T21:00:00Z', end: '2026-02-07T00:00:00Z' });
  });

  it('ends the window at the last completed bucket', () => {
    const q = coinbaseBars.transformQuery({ ...oneDay, now: '2026-02-05T10:30:00Z' });
    expect(q.end).toBe('2026-02-05T10:00:00Z');
    expect(
      coinbaseBars.chunks!(coinbaseBars.transformQuery({ ...oneDay, now: '2026-02-04T10:30:00Z' })),
    ).toEqual([]);
  });

  it('refuses bad flags, naming them', () => {
    const bad = [
      [{ symbol: 'BTC/USD' }, "--symbol: 'BTC/USD'"],
      [{ interval: '5m' }, "--interval: '5m' is not one of 1m, 1h, 1d"],
      [{ from: '2026-02-07', to: '2026-02-05' }, "--from: '2026-02-07' is after --to '2026-02-05'"],
    ] as const;
    for (const [patch, message] of bad) {
      const call = (): unknown => coinbaseBars.transformQuery({ now: NOW, ...patch });
      expect(call, JSON.stringify(patch)).toThrow(InvalidInputError);
      expect(call, JSON.stringify(patch)).toThrow(message);
    }
  });
});

describe('coinbase bars: transform', () => {
  const q = coinbaseBars.transformQuery({ ...oneDay, now: NOW });

  it('sorts the newest-first payload ascending and drops the bucket before start', () => {
    const out = coinbaseBars.transform(q, fixture);
    expect(out.rows).toHaveLength(24);
    // Hand-read from the fixture: [1770249600, 72855.12, 73240.5, 73120.5, 72950.12, 380] is its last line.
    expect(out.rows[0]).toEqual({
      ts: '2026-02-05T00:00:00Z',
      venue: 'coinbase',
      symbol: 'BTC-USD',
      interval: '1h',
      open: 73120.5,
      high: 73240.5,
      low: 72855.12,
      close: 72950.12,
      volume: 380,
    });
    expect(out.rows[23]).toMatchObject({
      ts: '2026-02-05T23:00:00Z',
      open: 62890.15,
      close: 63120.45,
      volume: 1341.3,
    });
    expect(out.skipped).toEqual([{ reason: 'outside_window', count: 1 }]);
    expect(out.gaps).toEqual([]);
  });

  it('reports the buckets Coinbase did not publish as gaps and invents no rows', () => {
    const t0 = sec('2026-02-05T00:00:00Z');
    const payload = [5, 2, 1, 0].map((h) => candle(t0 + h * 3600, 100, 101, 99, 100, 1));
    const out = coinbaseBars.transform(q, payload);
    expect(out.rows.map((r) => r.ts)).toEqual([
      '2026-02-05T00:00:00Z',
      '2026-02-05T01:00:00Z',
      '2026-02-05T02:00:00Z',
      '2026-02-05T05:00:00Z',
    ]);
    expect(out.gaps).toEqual([
      { from: '2026-02-05T03:00:00Z', to: '2026-02-05T05:00:00Z', missing: 2 },
      { from: '2026-02-05T06:00:00Z', to: '2026-02-06T00:00:00Z', missing: 18 },
    ]);
  });

  it('drops identical repeats and refuses conflicting ones', () => {
    const t = sec('2026-02-05T03:00:00Z');
    const c = candle(t, 100, 101, 99, 100, 1);
    expect(coinbaseBars.transform(q, [c, [...c]]).skipped).toEqual([{ reason: 'duplicate', count: 1 }]);
    expect(() => coinbaseBars.transform(q, [c, candle(t, 100, 102, 99, 100, 1)])).toThrow(
      'coinbase bars: payload field [1]: [1770260400,99,102,100,100,1]: expected one candle per time (another candle at 2026-02-05T03:00:00Z differs)',
    );
  });

  it('names the field of a payload that is not what Coinbase documents', () => {
    const t = sec('2026-02-05T03:00:00Z');
    const cases = [
      [{ message: 'oops' }, 'payload field (body)'],
      [[[t, 1, 2, 3]], 'payload field [0]: [1770260400,1,2,3]: expected a candle'],
      [[[t, 99, null, 100, 100, 1]], 'payload field [0][2] (high): null: expected a finite number'],
      [[[t, 99, 101, 100, '100', 1]], 'payload field [0][4] (close): "100"'],
      [
        [[t + 30, 99, 101, 100, 100, 1]],
        'payload field [0][0] (time): 1770260430: expected unix seconds on the 1h grid',
      ],
    ] as const;
    for (const [payload, message] of cases) {
      const call = (): unknown => coinbaseBars.transform(q, payload);
      expect(call, JSON.stringify(payload)).toThrow(PayloadError);
      expect(call, JSON.stringify(payload)).toThrow(message);
    }
  });
});

describe('coinbase bars: ingest from a local server shaped like Coinbase', () => {
  it('pages a 2-day 1m window in 10 requests of at most 300 candles, marking gaps across a chunk edge', async () => {
    const t0 = sec('2026-02-05T00:00:00Z');
    const missing = new Set([100, 101, 102, 299, 300, 301].map((m) => t0 + m * 60));
    const r = await run(coinbaseLike(missing), { interval: '1m', from: '2026-02-05', to: '2026-02-06' });
    expect(r.error).toBeUndefined();
    expect(r.requests).toHaveLength(10);
    expect(r.requests[0]!.query).toEqual({
      granularity: '60',
      start: '2026-02-05T00:00:00Z',
      end: '2026-02-05T04:59:59Z',
    });
    expect(r.requests[1]!.query.start).toBe('2026-02-05T05:00:00Z');
    expect(r.summary).toMatchObject({ rows: 2874, inserted: 2874, requests: 10 });
    expect(r.summary!.chunks).toHaveLength(10);
    // Minutes 100-102 are 01:40-01:42; 299-301 straddle the first chunk edge at 05:00 and are reported once.
    expect(r.summary!.gaps).toEqual([
      { from: '2026-02-05T01:40:00Z', to: '2026-02-05T01:43:00Z', missing: 3 },
      { from: '2026-02-05T04:59:00Z', to: '2026-02-05T05:02:00Z', missing: 3 },
    ]);
    expect(r.stored).toBe(2874);
  });

  it('stores zero rows for an empty window and reports the whole window as a gap', async () => {
    const r = await run(() => ({ body: [] }), oneDay);
    expect(r.summary).toMatchObject({ rows: 0, inserted: 0 });
    expect(r.summary!.gaps).toEqual([
      { from: '2026-02-05T00:00:00Z', to: '2026-02-06T00:00:00Z', missing: 24 },
    ]);
    expect(r.stored).toBe(0);
  });

  it('waits as long as Retry-After asks on 429, then succeeds', async () => {
    const transport = testTransport();
    const r = await run(
      inSequence(
        { status: 429, headers: { 'retry-after': '2' }, body: { message: 'Public rate limit exceeded' } },
        { body: fixture },
      ),
      oneDay,
      transport,
    );
    expect(r.summary?.rows).toBe(24);
    expect(r.requests).toHaveLength(2);
    expect(transport.sleeps).toEqual([2000]);
  });

  it('gives up on a 429 that persists with a RateLimitError', async () => {
    const r = await run(() => ({ status: 429, body: { message: 'Public rate limit exceeded' } }), oneDay);
    expect(r.error).toBeInstanceOf(ProviderError);
    expect((r.error as ProviderError).name).toBe('RateLimitError');
    expect(r.requests).toHaveLength(4);
    expect(r.stored).toBe(0);
  });

  it('retries 500 with backoff and fails after 4 attempts, storing nothing', async () => {
    const transport = testTransport();
    const r = await run(
      () => ({ status: 500, body: { message: 'Internal server error' } }),
      oneDay,
      transport,
    );
    expect(r.error).toBeInstanceOf(ProviderError);
    expect((r.error as ProviderError).code).toBe('server_error');
    expect((r.error as Error).message).toContain('after 4 attempts');
    expect(transport.sleeps).toEqual([250, 500, 1000]);
    expect(r.stored).toBe(0);
  });

  it('maps 451 to AccessDeniedError at once', async () => {
    const r = await run(() => ({ status: 451, body: '' }), oneDay);
    expect(r.error).toBeInstanceOf(AccessDeniedError);
    expect((r.error as Error).message).toContain('the provider refuses this location (HTTP 451)');
    expect(r.requests).toHaveLength(1);
  });

  it("maps Coinbase's NotFound to a ProviderError with the vendor code, without retrying", async () => {
    const r = await run(() => ({ status: 404, body: { message: 'NotFound' } }), {
      ...oneDay,
      symbol: 'XXX-YYY',
    });
    expect(r.error).toBeInstanceOf(ProviderError);
    expect((r.error as ProviderError).code).toBe('not_found');
    expect((r.error as Error).message).toContain('coinbase bars: NotFound (HTTP 404');
    expect(r.requests).toHaveLength(1);
  });

  it('refuses truncated JSON with a PayloadError naming provider and dataset, storing nothing', async () => {
    const body = JSON.stringify(fixture);
    const r = await run(() => ({ body: body.slice(0, body.length / 2) }), oneDay);
    expect(r.error).toBeInstanceOf(PayloadError);
    expect((r.error as Error).message).toMatch(
      /^coinbase bars: the response from http:\/\/127\.0\.0\.1:\d+\/products\/BTC-USD\/candles\?.* is not valid JSON/,
    );
    expect(r.stored).toBe(0);
  });

  it('refuses a candle whose low is above its high, naming the field, storing nothing', async () => {
    const t = sec('2026-02-05T03:00:00Z');
    const r = await run(() => ({ body: [candle(t, 100, 99, 101, 100, 1)] }), oneDay);
    expect(r.error).toBeInstanceOf(PayloadError);
    expect((r.error as Error).message).toContain(
      "coinbase bars: row 0 (ts=2026-02-05T03:00:00Z, venue=coinbase, symbol=BTC-USD, interval=1h), field 'low'",
    );
    expect(r.stored).toBe(0);
  });
});
