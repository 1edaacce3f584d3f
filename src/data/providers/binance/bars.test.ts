import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AccessDeniedError, PayloadError, type ProviderError, RateLimitError } from '../../../errors.js';
import { datasetContract } from '../testkit/contract.js';
import { installNetworkGuard } from '../testkit/networkGuard.js';
import { type IngestRun, type RunInput, runIngest } from '../testkit/runIngest.js';
import { type Handler, inSequence } from '../testkit/server.js';
import { type TestTransport, testTransport } from '../testkit/transport.js';
import { binanceBars } from './bars.js';
import { binance } from './index.js';

type Kline = (number | string)[];
/** 24 hourly BTCUSDT perpetual klines of 2026-02-05, shaped like the documented response. */
const fixture = JSON.parse(
  readFileSync(new URL('./fixtures/klines.BTCUSDT.1h.2026-02-05.json', import.meta.url), 'utf8'),
) as Kline[];
const PATH = '/fapi/v1/klines';
const NOW = '2026-02-10T00:00:00Z';
const H = 3_600_000;
const T0 = Date.parse('2026-02-05T00:00:00Z');
const oneDay = { interval: '1h', from: '2026-02-05', to: '2026-02-05' };

datasetContract(binance, 'bars', {
  input: { symbol: 'BTCUSDT', ...oneDay, now: NOW },
  respond: (req) =>
    req.path === PATH ? { body: fixture } : { status: 400, body: { code: -1121, msg: 'Invalid symbol.' } },
  rows: 24,
});

installNetworkGuard();

const kline = (open: number, step: number, o: string, h: string, l: string, c: string, v: string): Kline => [
  open,
  o,
  h,
  l,
  c,
  v,
  open + step - 1,
  '0',
  1,
  '0',
  '0',
  '0',
];

/** Answers like the documented endpoint: klines opening in [startTime, endTime], oldest first, `limit` at most. */
function klinesLike(missing: ReadonlySet<number> = new Set()): Handler {
  return (req) => {
    const step = { '1m': 60_000, '1h': H, '1d': 24 * H }[req.query.interval!]!;
    const out: Kline[] = [];
    for (
      let t = Math.ceil(Number(req.query.startTime) / step) * step;
      t <= Number(req.query.endTime);
      t += step
    ) {
      if (out.length >= Number(req.query.limit)) break;
      if (!missing.has(t)) out.push(kline(t, step, '65000.0', '65100.0', '64900.0', '65050.0', '12.345'));
    }
    return { body: out };
  };
}

const run = (handler: Handler, input: RunInput, transport?: TestTransport): Promise<IngestRun> =>
  runIngest({ provider: 'binance', dataset: 'bars', handler, input, transport, now: NOW });

describe('binance bars: query', () => {
  it('defaults to BTCUSDT daily klines over the 365 days ending today, without the day in progress', () => {
    expect(binanceBars.transformQuery({ now: '2026-02-05T12:00:00Z' })).toEqual({
      symbol: 'BTCUSDT',
      interval: '1d',
      start: '2025-02-06T00:00:00Z',
      end: '2026-02-05T00:00:00Z',
    });
    const q = binanceBars.transformQuery({ ...oneDay, now: '2026-02-05T10:30:00Z' });
    expect(q.end).toBe('2026-02-05T10:00:00Z');
  });
});

describe('binance bars: transform', () => {
  const q = binanceBars.transformQuery({ ...oneDay, now: NOW });

  it('reads the decimal strings of a kline, volume in BTC', () => {
    const out = binanceBars.transform(q, fixture);
    expect(out.rows).toHaveLength(24);
    // Hand-read from the fixture's first kline: [1770249600000,"73420.0","73574.2","72912.3","73102.4","9000.000",...].
    expect(out.rows[0]).toEqual({
      ts: '2026-02-05T00:00:00Z',
      venue: 'binance',
      symbol: 'BTCUSDT',
      interval: '1h',
      open: 73420,
      high: 73574.2,
      low: 72912.3,
      close: 73102.4,
      volume: 9000,
    });
    expect(out.rows[23]).toMatchObject({ ts: '2026-02-05T23:00:00Z', close: 63120.4 });
    expect(out.gaps).toEqual([]);
  });

  it('reports hours without a kline as gaps; drops identical repeats and refuses conflicting ones', () => {
    const a = kline(T0 + 2 * H, H, '1', '2', '0.5', '1.5', '3');
    const out = binanceBars.transform(q, [a, [...a], kline(T0 + 4 * H, H, '1', '2', '0.5', '1.5', '3')]);
    expect(out.rows.map((r) => r.ts)).toEqual(['2026-02-05T02:00:00Z', '2026-02-05T04:00:00Z']);
    expect(out.skipped).toEqual([{ reason: 'duplicate', count: 1 }]);
    expect(out.gaps).toEqual([
      { from: '2026-02-05T00:00:00Z', to: '2026-02-05T02:00:00Z', missing: 2 },
      { from: '2026-02-05T03:00:00Z', to: '2026-02-05T04:00:00Z', missing: 1 },
      { from: '2026-02-05T05:00:00Z', to: '2026-02-06T00:00:00Z', missing: 19 },
    ]);
    expect(() => binanceBars.transform(q, [a, kline(T0 + 2 * H, H, '1', '2', '0.5', '1.6', '3')])).toThrow(
      'expected one kline per time (another at 2026-02-05T02:00:00Z differs)',
    );
  });

  it('names the field of a payload that is not what Binance documents', () => {
    const k = fixture[0]!;
    const with_ = (j: number, v: unknown): unknown[] => [k.map((x, i) => (i === j ? v : x))];
    const cases = [
      [{ code: -1121, msg: 'Invalid symbol.' }, 'payload field (body)'],
      [
        [k.slice(0, 6)],
        'payload field [0]: [1770249600000,"73420.0","73574.2","72912.3","73102.4","9000.000"]: expected a kline',
      ],
      [with_(1, 73420), 'payload field [0][1] (open): 73420: expected a decimal string'],
      [with_(5, null), 'payload field [0][5] (volume): null'],
      [
        with_(0, T0 + 1),
        'payload field [0][0] (open time): 1770249600001: expected ms since the epoch on the 1h grid',
      ],
      [
        with_(6, T0 + H),
        'payload field [0][6] (close time): 1770253200000: expected 1770253199999, the last ms of the 1h kline',
      ],
    ] as const;
    for (const [payload, message] of cases) {
      const call = (): unknown => binanceBars.transform(q, payload);
      expect(call, message).toThrow(PayloadError);
      expect(call, message).toThrow(`binance bars: ${message}`);
    }
  });
});

describe('binance bars: ingest from a local server shaped like Binance', () => {
  it('pages 2 days of minutes in 2 requests of at most 1500 klines, reporting a gap across the chunk edge once', async () => {
    const edge = T0 + 1500 * 60_000;
    const r = await run(klinesLike(new Set([edge - 60_000, edge])), {
      interval: '1m',
      from: '2026-02-05',
      to: '2026-02-06',
    });
    expect(r.error).toBeUndefined();
    expect(r.requests.map((x) => x.query)).toEqual([
      { symbol: 'BTCUSDT', interval: '1m', startTime: String(T0), endTime: String(edge - 1), limit: '1500' },
      {
        symbol: 'BTCUSDT',
        interval: '1m',
        startTime: String(edge),
        endTime: String(T0 + 48 * H - 1),
        limit: '1500',
      },
    ]);
    expect(r.summary).toMatchObject({ rows: 2878, inserted: 2878 });
    expect(r.summary!.gaps).toEqual([
      { from: '2026-02-06T00:59:00Z', to: '2026-02-06T01:01:00Z', missing: 2 },
    ]);
  });

  it('stores nothing for an empty window and reports it as one gap', async () => {
    const r = await run(() => ({ body: [] }), oneDay);
    expect(r.summary).toMatchObject({ rows: 0 });
    expect(r.summary!.gaps).toEqual([
      { from: '2026-02-05T00:00:00Z', to: '2026-02-06T00:00:00Z', missing: 24 },
    ]);
  });

  it('explains a 451 from a restricted location and does not retry it', async () => {
    const r = await run(
      () => ({ status: 451, body: { code: 0, msg: 'Service unavailable from a restricted location' } }),
      oneDay,
    );
    expect(r.error).toBeInstanceOf(AccessDeniedError);
    expect((r.error as Error).message).toMatch(
      /^binance bars: the provider refuses this location \(HTTP 451\).*restricted location.*'b\. Eligibility'/,
    );
    expect(r.requests).toHaveLength(1);
  });

  it('waits out a 429 with Retry-After, recovers from a 500, and gives up on a persistent -1003', async () => {
    const transport = testTransport();
    const ok = await run(
      inSequence(
        { status: 429, headers: { 'retry-after': '1' }, body: { code: -1003, msg: 'Too many requests.' } },
        { status: 500, body: '' },
        { body: fixture },
      ),
      oneDay,
      transport,
    );
    expect(ok.summary).toMatchObject({ rows: 24, requests: 3 });
    expect(transport.sleeps).toEqual([1000, 500]);
    const limited = await run(
      () => ({ status: 429, body: { code: -1003, msg: 'Too many requests.' } }),
      oneDay,
    );
    expect(limited.error).toBeInstanceOf(RateLimitError);
    expect(limited.requests).toHaveLength(4);
  });

  it('refuses truncated JSON and maps -1120 (bad interval) to a bad request', async () => {
    const cut = await run(() => ({ body: JSON.stringify(fixture).slice(0, 400) }), oneDay);
    expect(cut.error).toBeInstanceOf(PayloadError);
    expect(cut.stored).toBe(0);
    const bad = await run(() => ({ status: 400, body: { code: -1120, msg: 'Invalid interval.' } }), oneDay);
    expect((bad.error as ProviderError).code).toBe('bad_request');
    expect(bad.requests).toHaveLength(1);
  });
});
