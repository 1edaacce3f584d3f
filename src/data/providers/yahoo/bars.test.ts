import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  AccessDeniedError,
  InvalidInputError,
  PayloadError,
  ProviderError,
  RateLimitError,
} from '../../../errors.js';
import { datasetContract } from '../testkit/contract.js';
import { installNetworkGuard } from '../testkit/networkGuard.js';
import { type IngestRun, type RunInput, runIngest } from '../testkit/runIngest.js';
import { type Handler, inSequence } from '../testkit/server.js';
import { type TestTransport, testTransport } from '../testkit/transport.js';
import { yahooBars } from './bars.js';
import { yahoo } from './index.js';

interface Recorded {
  readonly request_url: string;
  readonly status: number;
  readonly bodyJson: { chart: { result: [Record<string, unknown>]; error: null } };
}

function recorded(name: string): { readonly text: string; readonly value: Recorded } {
  const text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
  return { text, value: JSON.parse(text) as Recorded };
}

/** Real responses recorded by gadicc/node-yahoo-finance2 (source, path and commit inside each file). */
const qqq = recorded('chart.QQQ.1d.2020-01-02.json');
const weekend = recorded('chart.AAPL.1m.weekend-empty.json');

datasetContract(yahoo, 'bars', {
  input: { symbol: 'QQQ', interval: '1d', from: '2020-01-02', to: '2020-01-02', now: '2025-02-20T12:00:00Z' },
  respond: (req) =>
    req.path === '/v8/finance/chart/QQQ'
      ? { body: qqq.value.bodyJson }
      : {
          status: 404,
          body: { chart: { result: null, error: { code: 'Not Found', description: 'No data found' } } },
        },
  rows: 1,
});

installNetworkGuard();

const sec = (iso: string): number => Date.parse(iso) / 1000;

/** A chart body shaped like the recorded QQQ one, with other bars. */
function chart(
  symbol: string,
  granularity: string,
  bars: readonly [number, number | null, number | null, number | null, number | null, number | null][],
): unknown {
  const meta = {
    ...(qqq.value.bodyJson.chart.result[0].meta as object),
    symbol,
    dataGranularity: granularity,
  };
  const col = (j: number): (number | null)[] => bars.map((b) => b[j]!);
  return {
    chart: {
      result: [
        {
          meta,
          timestamp: bars.map((b) => b[0]),
          indicators: { quote: [{ open: col(1), high: col(2), low: col(3), close: col(4), volume: col(5) }] },
        },
      ],
      error: null,
    },
  };
}

const run = (handler: Handler, input: RunInput, transport?: TestTransport): Promise<IngestRun> =>
  runIngest({ provider: 'yahoo', dataset: 'bars', handler, input, transport, now: '2026-02-10T00:00:00Z' });

const qqqDay = {
  symbol: 'QQQ',
  interval: '1d',
  from: '2020-01-02',
  to: '2020-01-02',
  now: '2025-02-20T12:00:00Z',
};

describe('yahoo bars: recorded payloads', () => {
  it('are the recorded responses, unchanged (SHA-256 of their canonical JSON, as published in shared/reference-data/payloads/yahoo)', () => {
    const canonical = (t: string): string =>
      createHash('sha256')
        .update(JSON.stringify(JSON.parse(t)))
        .digest('hex');
    expect(canonical(qqq.text)).toBe('aaaef28d0ebcb9ed6c51e929839da9cd35a8f562862b079e3c32e107a6b4e4f2');
    expect(canonical(weekend.text)).toBe('d1cabad98cf2405b3aab064931af846482e9343f75346b4f98c1d9ec26b54321');
  });

  it('stamps the daily QQQ bar of 2020-01-02 (Yahoo: 09:30 ET open) at the 16:00 ET close, 21:00 UTC', () => {
    const q = yahooBars.transformQuery(qqqDay);
    expect(qqq.value.bodyJson.chart.result[0].timestamp).toEqual([sec('2020-01-02T14:30:00Z')]);
    expect(yahooBars.transform(q, qqq.value.bodyJson)).toEqual({
      rows: [
        {
          ts: '2020-01-02T21:00:00Z',
          venue: 'yahoo',
          symbol: 'QQQ',
          interval: '1d',
          open: 214.39999389648438,
          high: 216.16000366210938,
          low: 213.97999572753906,
          close: 216.16000366210938,
          volume: 30969400,
        },
      ],
      skipped: [],
    });
  });

  it('gives zero rows, and no error, for the recorded weekend window without a timestamp key', async () => {
    const r = await run(() => ({ body: weekend.value.bodyJson }), {
      symbol: 'AAPL',
      interval: '1m',
      from: '2025-02-01',
      to: '2025-02-01',
      now: '2025-02-20T11:47:42Z',
    });
    expect(r.error).toBeUndefined();
    expect(r.summary).toMatchObject({ rows: 0, inserted: 0, skipped: [] });
    expect(r.requests[0]!.path).toBe('/v8/finance/chart/AAPL');
  });
});

describe('yahoo bars: query', () => {
  it('needs a symbol and names the flag', () => {
    const call = (): unknown => yahooBars.transformQuery({ now: '2026-02-10T00:00:00Z' });
    expect(call).toThrow(InvalidInputError);
    expect(call).toThrow('--symbol is required');
  });

  it('asks from 00:00 New York on --from to 00:00 New York after --to, in 7-day chunks for 1m', () => {
    const q = yahooBars.transformQuery({
      symbol: 'ibit',
      interval: '1m',
      from: '2026-02-01',
      to: '2026-02-20',
      now: '2026-02-21T00:00:00Z',
    });
    // 2026-02-01 00:00 EST = 05:00 UTC.
    expect(q).toMatchObject({
      symbol: 'IBIT',
      period1: sec('2026-02-01T05:00:00Z'),
      period2: sec('2026-02-21T05:00:00Z'),
    });
    expect(yahooBars.chunks!(q).map((c) => [c.from, c.to, c.period1])).toEqual([
      ['2026-02-01', '2026-02-07', sec('2026-02-01T05:00:00Z')],
      ['2026-02-08', '2026-02-14', sec('2026-02-08T05:00:00Z')],
      ['2026-02-15', '2026-02-20', sec('2026-02-15T05:00:00Z')],
    ]);
  });
});

describe('yahoo bars: transform', () => {
  it('uses the time-zone database across the DST switch of 2026-03-08, and sorts newest-first input', () => {
    const q = yahooBars.transformQuery({
      symbol: 'IBIT',
      from: '2026-03-06',
      to: '2026-03-09',
      now: '2026-03-10T00:00:00Z',
    });
    // 09:30 New York is 14:30 UTC on Friday 03-06 (EST) and 13:30 UTC on Monday 03-09 (EDT).
    const body = chart('IBIT', '1d', [
      [sec('2026-03-09T13:30:00Z'), 40.1, 41, 39.5, 40.6, 5e7],
      [sec('2026-03-06T14:30:00Z'), 39.2, 40.3, 38.9, 40, 6e7],
    ]);
    const out = yahooBars.transform(q, body);
    expect(out.rows.map((r) => [r.ts, r.close])).toEqual([
      ['2026-03-06T21:00:00Z', 40],
      ['2026-03-09T20:00:00Z', 40.6],
    ]);
  });

  it('skips bars with null prices and counts them; keeps a bar whose volume alone is null', () => {
    const q = yahooBars.transformQuery({
      symbol: 'QQQ',
      from: '2020-01-02',
      to: '2020-01-06',
      now: '2025-01-01T00:00:00Z',
    });
    const body = chart('QQQ', '1d', [
      [sec('2020-01-02T14:30:00Z'), 214.4, 216.16, 213.98, 216.16, 30969400],
      [sec('2020-01-03T14:30:00Z'), null, null, null, null, null],
      [sec('2020-01-06T14:30:00Z'), 212.5, 215.6, 212.2, 215.5, null],
    ]);
    const out = yahooBars.transform(q, body);
    expect(out.rows.map((r) => [r.ts, r.volume])).toEqual([
      ['2020-01-02T21:00:00Z', 30969400],
      ['2020-01-06T21:00:00Z', null],
    ]);
    expect(out.skipped).toEqual([{ reason: 'null_values', count: 1 }]);
  });

  it('keeps intraday stamps (bar open) and leaves out the bar still in progress', () => {
    const q = yahooBars.transformQuery({
      symbol: 'IBIT',
      interval: '1h',
      from: '2026-02-05',
      to: '2026-02-05',
      now: '2026-02-05T15:10:00Z',
    });
    const body = chart('IBIT', '1h', [
      [sec('2026-02-05T14:30:00Z'), 36, 36.2, 35.1, 35.3, 9e6],
      [sec('2026-02-05T15:30:00Z'), 35.3, 35.4, 34.9, 35, 8e6],
    ]);
    const out = yahooBars.transform(q, body);
    expect(out.rows.map((r) => r.ts)).toEqual([]);
    expect(out.skipped).toEqual([{ reason: 'in_progress', count: 2 }]);
    const later = yahooBars.transform({ ...q, now: '2026-02-05T15:30:00Z' }, body);
    expect(later.rows.map((r) => r.ts)).toEqual(['2026-02-05T14:30:00Z']);
  });

  it('keeps the later of two bars Yahoo sends for one day (a refreshed live bar)', () => {
    const q = yahooBars.transformQuery({
      symbol: 'QQQ',
      from: '2020-01-02',
      to: '2020-01-02',
      now: '2025-01-01T00:00:00Z',
    });
    const body = chart('QQQ', '1d', [
      [sec('2020-01-02T14:30:00Z'), 214.4, 216, 213.98, 215, 2e7],
      [sec('2020-01-02T20:59:00Z'), 214.4, 216.16, 213.98, 216.16, 30969400],
    ]);
    const out = yahooBars.transform(q, body);
    expect(out.rows.map((r) => r.close)).toEqual([216.16]);
    expect(out.skipped).toEqual([{ reason: 'superseded', count: 1 }]);
  });

  it('names the field of a payload that is not shaped like the chart response', () => {
    const q = yahooBars.transformQuery(qqqDay);
    const good = qqq.value.bodyJson;
    const r0 = good.chart.result[0];
    const quote = (r0.indicators as { quote: [Record<string, unknown>] }).quote[0];
    const cases = [
      [{}, 'payload field chart: missing'],
      [{ chart: { result: null, error: null } }, 'payload field chart.result: null'],
      [
        { chart: { ...good.chart, result: [{ ...r0, meta: { ...(r0.meta as object), symbol: 'SPY' } }] } },
        'payload field chart.result[0].meta.symbol: "SPY": expected \'QQQ\'',
      ],
      [
        {
          chart: {
            ...good.chart,
            result: [{ ...r0, meta: { ...(r0.meta as object), dataGranularity: '1wk' } }],
          },
        },
        'payload field chart.result[0].meta.dataGranularity',
      ],
      [
        { chart: { ...good.chart, result: [{ ...r0, indicators: { quote: [{ ...quote, close: [] }] } }] } },
        'payload field chart.result[0].indicators.quote[0].close: []: expected an array of 1 numbers or nulls',
      ],
      [
        {
          chart: {
            ...good.chart,
            result: [{ ...r0, indicators: { quote: [{ ...quote, low: ['213.98'] }] } }],
          },
        },
        'payload field chart.result[0].indicators.quote[0].low[0]: "213.98": expected a number or null',
      ],
    ] as const;
    for (const [payload, message] of cases) {
      const call = (): unknown => yahooBars.transform(q, payload);
      expect(call, message).toThrow(PayloadError);
      expect(call, message).toThrow(`yahoo bars: ${message}`);
    }
  });
});

describe('yahoo bars: errors from a local server shaped like Yahoo', () => {
  it("maps chart.error 'Not Found' through the vendor table, with Yahoo's description, without retrying", async () => {
    const r = await run(
      () => ({
        status: 404,
        body: {
          chart: {
            result: null,
            error: { code: 'Not Found', description: 'No data found, symbol may be delisted' },
          },
        },
      }),
      { ...qqqDay, symbol: 'NOSUCH' },
    );
    expect(r.error).toBeInstanceOf(ProviderError);
    expect((r.error as ProviderError).code).toBe('not_found');
    expect((r.error as Error).message).toContain(
      'yahoo bars: Not Found: No data found, symbol may be delisted (HTTP 404',
    );
    expect(r.requests).toHaveLength(1);
  });

  it('maps 451 to AccessDeniedError naming the location refusal', async () => {
    const r = await run(
      () => ({ status: 451, headers: { 'content-type': 'text/html' }, body: '<html>unavailable</html>' }),
      qqqDay,
    );
    expect(r.error).toBeInstanceOf(AccessDeniedError);
    expect((r.error as Error).message).toContain('the provider refuses this location (HTTP 451)');
    expect(r.requests).toHaveLength(1);
  });

  it("retries Yahoo's plain-text 429 and gives up with a RateLimitError", async () => {
    const transport = testTransport();
    const r = await run(
      () => ({ status: 429, headers: { 'content-type': 'text/plain' }, body: 'Too Many Requests' }),
      qqqDay,
      transport,
    );
    expect(r.error).toBeInstanceOf(RateLimitError);
    expect(r.requests).toHaveLength(4);
    // Backoff waits 250, 500, 1000 ms (jitter 0.5 of 500 * 2^n). The limiter (1 token/s, burst 2) has
    // 2 - 1 + 0.25 - 1 + 0.5 = 0.75 tokens before request 3, so it waits 250 ms more there.
    expect(transport.sleeps).toEqual([250, 500, 250, 1000]);
    expect(r.stored).toBe(0);
  });

  it('recovers from a 500 then stores the bar', async () => {
    const r = await run(inSequence({ status: 500, body: 'oops' }, { body: qqq.value.bodyJson }), qqqDay);
    expect(r.summary).toMatchObject({ rows: 1, inserted: 1, requests: 2 });
    expect(r.stored).toBe(1);
  });

  it('refuses truncated JSON with a PayloadError and stores nothing', async () => {
    const text = JSON.stringify(qqq.value.bodyJson);
    const r = await run(() => ({ body: text.slice(0, 700) }), qqqDay);
    expect(r.error).toBeInstanceOf(PayloadError);
    expect((r.error as Error).message).toContain('yahoo bars: the response from');
    expect((r.error as Error).message).toContain('is not valid JSON');
    expect(r.stored).toBe(0);
  });

  it('sends period1, period2, interval and includePrePost=false', async () => {
    const r = await run(() => ({ body: chart('IBIT', '1h', []) }), {
      symbol: 'IBIT',
      interval: '1h',
      from: '2026-02-05',
      to: '2026-02-05',
      now: '2026-02-10T00:00:00Z',
    });
    expect(r.error).toBeUndefined();
    // 00:00 New York on 02-05 and 02-06 (EST): 05:00 UTC.
    expect(r.requests[0]!.query).toEqual({
      period1: String(sec('2026-02-05T05:00:00Z')),
      period2: String(sec('2026-02-06T05:00:00Z')),
      interval: '1h',
      includePrePost: 'false',
    });
  });
});
