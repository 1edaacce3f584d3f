import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AccessDeniedError, PayloadError, type ProviderError } from '../../../errors.js';
import { datasetContract } from '../testkit/contract.js';
import { installNetworkGuard } from '../testkit/networkGuard.js';
import { type IngestRun, type RunInput, runIngest } from '../testkit/runIngest.js';
import { type Handler, inSequence } from '../testkit/server.js';
import { type TestTransport, testTransport } from '../testkit/transport.js';
import { binanceFunding } from './funding.js';
import { binance } from './index.js';

/** 27 funding events of BTCUSDT, 2026-02-01 to 02-09 every 8 h, shaped like the documented response. */
const fixture = JSON.parse(
  readFileSync(new URL('./fixtures/fundingRate.BTCUSDT.2026-02-01..09.json', import.meta.url), 'utf8'),
) as Record<string, unknown>[];
const PATH = '/fapi/v1/fundingRate';
const NOW = '2026-02-10T00:00:00Z';
const H = 3_600_000;
const week = { from: '2026-02-01', to: '2026-02-09' };

datasetContract(binance, 'funding', {
  input: { symbol: 'BTCUSDT', ...week, now: NOW },
  respond: (req) =>
    req.path === PATH ? { body: fixture } : { status: 400, body: { code: -1121, msg: 'Invalid symbol.' } },
  rows: 27,
});

installNetworkGuard();

/** Answers like the documented endpoint: records in [startTime, endTime], ascending, the first `limit`. */
function fundingEvery(hours: number): Handler {
  return (req) => {
    const step = hours * H;
    const out: unknown[] = [];
    for (
      let t = Math.ceil(Number(req.query.startTime) / step) * step;
      t <= Number(req.query.endTime);
      t += step
    ) {
      if (out.length >= Number(req.query.limit)) break;
      out.push({
        symbol: req.query.symbol,
        fundingRate: '0.00010000',
        fundingTime: t,
        markPrice: '65000.00000000',
      });
    }
    return { body: out };
  };
}

const run = (handler: Handler, input: RunInput, transport?: TestTransport): Promise<IngestRun> =>
  runIngest({ provider: 'binance', dataset: 'funding', handler, input, transport, now: NOW });

describe('binance funding: query', () => {
  it('defaults to BTCUSDT over the 90 days ending now, in 90-day chunks', () => {
    const q = binanceFunding.transformQuery({ now: '2026-02-05T12:34:56Z' });
    expect(q).toEqual({ symbol: 'BTCUSDT', start: '2025-11-08T00:00:00Z', end: '2026-02-05T12:34:56Z' });
    const long = binanceFunding.transformQuery({ from: '2025-01-01', to: '2025-12-31', now: NOW });
    expect(binanceFunding.chunks!(long).map((c) => c.start)).toEqual([
      '2025-01-01T00:00:00Z',
      '2025-04-01T00:00:00Z',
      '2025-06-30T00:00:00Z',
      '2025-09-28T00:00:00Z',
      '2025-12-27T00:00:00Z',
    ]);
  });
});

describe('binance funding: transform', () => {
  const q = binanceFunding.transformQuery({ ...week, now: NOW });

  it('stores fundingRate as the decimal per interval it is, at fundingTime', () => {
    const out = binanceFunding.transform(q, [fixture]);
    expect(out.rows).toHaveLength(27);
    // Hand-read from the fixture: the first, the most negative (02-04 16:00) and the last record.
    expect(out.rows[0]).toEqual({
      ts: '2026-02-01T00:00:00Z',
      venue: 'binance',
      symbol: 'BTCUSDT',
      rate: 0.0001,
    });
    expect(out.rows[11]).toEqual({
      ts: '2026-02-04T16:00:00Z',
      venue: 'binance',
      symbol: 'BTCUSDT',
      rate: -0.0002148,
    });
    expect(out.rows[26]).toMatchObject({ ts: '2026-02-09T16:00:00Z', rate: 0.000075 });
  });

  it('floors fundingTime to the second, drops records outside the window and identical repeats', () => {
    const rec = (t: string, rate: string): unknown => ({
      symbol: 'BTCUSDT',
      fundingRate: rate,
      fundingTime: Date.parse(t),
      markPrice: '',
    });
    const out = binanceFunding.transform(q, [
      [rec('2026-01-31T16:00:00.000Z', '0.0001'), rec('2026-02-02T08:00:00.007Z', '0.00005')],
      [rec('2026-02-02T08:00:00.007Z', '0.00005')],
    ]);
    expect(out.rows.map((r) => r.ts)).toEqual(['2026-02-02T08:00:00Z']);
    expect(out.skipped).toEqual([
      { reason: 'outside_window', count: 1 },
      { reason: 'duplicate', count: 1 },
    ]);
    expect(binanceFunding.transform(q, [[]])).toEqual({ rows: [], skipped: [] });
  });

  it('names the field of a payload that is not what Binance documents', () => {
    const r = fixture[0]!;
    const cases = [
      [
        [{ code: -1121, msg: 'Invalid symbol.' }],
        'payload field (body): {"code":-1121,"msg":"Invalid symbol."}',
      ],
      [
        [[{ ...r, fundingRate: 0.0001 }]],
        'payload field [0].fundingRate: 0.0001: expected a decimal string per funding interval',
      ],
      [[[{ ...r, fundingRate: '1e' }]], 'payload field [0].fundingRate: "1e"'],
      [[[{ ...r, fundingTime: null }]], 'payload field [0].fundingTime: null: expected ms since the epoch'],
      [[[{ ...r, symbol: 'ETHUSDT' }]], 'payload field [0].symbol: "ETHUSDT"'],
      [[[r], [{ ...r, fundingRate: '0.00020000' }]], 'payload field [page 1][0]'],
    ] as const;
    for (const [pages, message] of cases) {
      const call = (): unknown => binanceFunding.transform(q, pages);
      expect(call, message).toThrow(PayloadError);
      expect(call, message).toThrow(`binance funding: ${message}`);
    }
  });
});

describe('binance funding: ingest from a local server shaped like Binance', () => {
  it('follows a full page of 1000 with one starting just after its last record', async () => {
    // Hourly funding over 60 days: 1440 records, one chunk, pages of 1000 + 440.
    const r = await run(fundingEvery(1), { from: '2025-12-01', to: '2026-01-29' });
    expect(r.error).toBeUndefined();
    expect(r.requests).toHaveLength(2);
    const start = Date.parse('2025-12-01T00:00:00Z');
    expect(r.requests[0]!.query).toEqual({
      symbol: 'BTCUSDT',
      startTime: String(start),
      endTime: String(Date.parse('2026-01-30T00:00:00Z') - 1),
      limit: '1000',
    });
    expect(r.requests[1]!.query.startTime).toBe(String(start + 999 * H + 1));
    expect(r.summary).toMatchObject({ rows: 1440, inserted: 1440 });
  });

  it('stops at now and pages 8-hourly funding over a year in 5 chunks of one request each', async () => {
    const r = await run(fundingEvery(8), { from: '2025-01-01', to: '2025-12-31' });
    expect(r.requests).toHaveLength(5);
    expect(r.summary).toMatchObject({ rows: 365 * 3 });
  });

  it('explains a 451 from a restricted location', async () => {
    const r = await run(
      () => ({
        status: 451,
        body: {
          code: 0,
          msg: "Service unavailable from a restricted location according to 'b. Eligibility' in https://www.binance.com/en/terms.",
        },
      }),
      week,
    );
    expect(r.error).toBeInstanceOf(AccessDeniedError);
    const message = (r.error as Error).message;
    expect(message).toContain('binance funding: the provider refuses this location (HTTP 451)');
    expect(message).toContain(
      "Binance does not serve its futures API to restricted locations (https://www.binance.com/en/terms, 'b. Eligibility')",
    );
    expect(message).toContain('give a mirror or proxy with --base-url');
    expect(r.requests).toHaveLength(1);
    expect(r.stored).toBe(0);
  });

  it('waits out a 429 with Retry-After, recovers from a 500, maps -1121 and refuses truncated JSON', async () => {
    const transport = testTransport();
    const ok = await run(
      inSequence(
        { status: 429, headers: { 'retry-after': '4' }, body: '' },
        { status: 502, body: '' },
        { body: fixture },
      ),
      week,
      transport,
    );
    expect(ok.summary).toMatchObject({ rows: 27, requests: 3 });
    expect(transport.sleeps).toEqual([4000, 500]);
    const bad = await run(() => ({ status: 400, body: { code: -1121, msg: 'Invalid symbol.' } }), {
      ...week,
      symbol: 'BTCUSDX',
    });
    expect((bad.error as ProviderError).code).toBe('bad_request');
    expect(bad.requests).toHaveLength(1);
    const cut = await run(() => ({ body: JSON.stringify(fixture).slice(0, 100) }), week);
    expect(cut.error).toBeInstanceOf(PayloadError);
    expect(cut.stored).toBe(0);
  });
});
