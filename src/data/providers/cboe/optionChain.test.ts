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
import { type IngestRun, runIngest } from '../testkit/runIngest.js';
import { type Handler, inSequence } from '../testkit/server.js';
import { type TestTransport, testTransport } from '../testkit/transport.js';
import { cboe } from './index.js';
import { cboeOptionChain } from './optionChain.js';

/** Built to the shape of a recorded Cboe file (see fixtures/README.md); values illustrative. */
const FIXTURE_TEXT = readFileSync(
  new URL('./fixtures/options.IBIT.2026-02-05.json', import.meta.url),
  'utf8',
);
type Chain = {
  timestamp: string;
  data: { options: Record<string, unknown>[] } & Record<string, unknown>;
  symbol: string;
};
const fixture = (): Chain => JSON.parse(FIXTURE_TEXT) as Chain;
const PATH = '/api/global/delayed_quotes/options/IBIT.json';

datasetContract(cboe, 'option_chain', {
  input: { symbol: 'IBIT', now: '2026-02-06T00:00:00Z' },
  respond: (req) =>
    req.path === PATH ? { body: fixture() } : { status: 404, body: '<Error>NoSuchKey</Error>' },
  rows: 8,
});

installNetworkGuard();

const NOW = '2026-02-06T00:00:00Z';

const run = (handler: Handler, symbol = 'IBIT', transport?: TestTransport): Promise<IngestRun> =>
  runIngest({ provider: 'cboe', dataset: 'option_chain', handler, input: { symbol }, transport, now: NOW });

const q = cboeOptionChain.transformQuery({ symbol: 'IBIT', now: NOW });

/** The fixture with its options replaced. */
function withOptions(options: Record<string, unknown>[]): Chain {
  const body = fixture();
  body.data.options = options;
  return body;
}

const series = (i: number): Record<string, unknown> => ({ ...fixture().data.options[i]! });

describe('cboe option_chain: query', () => {
  it('defaults to IBIT and maps an index to its underscore file', () => {
    expect(cboeOptionChain.transformQuery({ now: NOW })).toEqual({ underlying: 'IBIT', file: 'IBIT' });
    expect(cboeOptionChain.transformQuery({ symbol: '_spx', now: NOW })).toEqual({
      underlying: 'SPX',
      file: '_SPX',
    });
    expect(cboeOptionChain.transformQuery({ symbol: '^SPX', now: NOW })).toEqual({
      underlying: 'SPX',
      file: '_SPX',
    });
    const call = (): unknown => cboeOptionChain.transformQuery({ symbol: 'IBIT.json', now: NOW });
    expect(call).toThrow(InvalidInputError);
    expect(call).toThrow('--symbol');
  });
});

describe('cboe option_chain: transform of the fixture', () => {
  it('gives the live series with the expiry at 16:00 New York, mid marks and decimal IVs', () => {
    const out = cboeOptionChain.transform(q, fixture());
    // Read off the fixture by hand: the two 02-05 series expired at 21:00Z, before the 21:15:03Z snapshot.
    // 2026-03-20 is after the DST switch of 03-08: 16:00 EDT = 20:00Z.
    const base = {
      as_of: '2026-02-05T21:15:03Z',
      venue: 'cboe',
      underlying: 'IBIT',
      underlying_price: 36.1,
      multiplier: 100,
    };
    const expected = [
      ['2026-02-06T21:00:00Z', 36, 'call', 41235, 98412, 0.8712, (0.62 + 0.66) / 2],
      ['2026-02-06T21:00:00Z', 36, 'put', 38750, 120544, 0.9021, (0.55 + 0.6) / 2],
      // bid 0: the last trade, 0.01.
      ['2026-02-06T21:00:00Z', 40, 'call', 60210, 45112, 1.2004, 0.01],
      // iv 0 from Cboe: null.
      ['2026-02-06T21:00:00Z', 40, 'put', 20144, 8810, null, (3.85 + 4.0) / 2],
      ['2026-02-20T21:00:00Z', 40, 'call', 152300, 60477, 0.7655, (0.71 + 0.74) / 2],
      ['2026-02-20T21:00:00Z', 40, 'put', 98120, 70125, 0.7402, (4.35 + 4.5) / 2],
      // No quote and never traded: no mark.
      ['2026-03-20T20:00:00Z', 60, 'call', 0, 0, 0.8123, null],
      ['2026-03-20T20:00:00Z', 60, 'put', 12, 0, null, (23.6 + 24.2) / 2],
    ].map(([expiry, strike, option_type, open_interest, volume, iv, mark]) => ({
      ...base,
      expiry,
      strike,
      option_type,
      open_interest,
      volume,
      iv,
      mark,
    }));
    expect(out).toEqual({ rows: expected, skipped: [{ reason: 'expired', count: 2 }] });
  });

  it('sorts by expiry, strike and type whatever the payload order', () => {
    const body = fixture();
    body.data.options.reverse();
    expect(cboeOptionChain.transform(q, body)).toEqual(cboeOptionChain.transform(q, fixture()));
  });

  it('gives zero rows for an empty chain', () => {
    expect(cboeOptionChain.transform(q, withOptions([]))).toEqual({ rows: [], skipped: [] });
  });

  it('falls back to the last price when bid or ask is missing (null) or zero, and to null without a trade', () => {
    const s = series(6);
    const rows = cboeOptionChain.transform(
      q,
      withOptions([
        { ...s, bid: null, ask: 0.74, last_trade_price: 0.7 },
        { ...series(7), bid: 4.35, ask: null, last_trade_price: null, last_trade_time: null },
        { ...series(2), bid: undefined, ask: undefined },
      ]),
    ).rows;
    expect(rows.map((r) => [r.strike, r.option_type, r.mark])).toEqual([
      [36, 'call', 0.64],
      [40, 'call', 0.7],
      [40, 'put', null],
    ]);
  });

  it('leaves out series of another root (adjusted deliverables) and drops identical repeats', () => {
    const adjusted = { ...series(6), option: 'IBIT1260220C00040000' };
    const out = cboeOptionChain.transform(q, withOptions([series(6), adjusted, series(6)]));
    expect(out.rows).toHaveLength(1);
    expect(out.skipped).toEqual([
      { reason: 'other_root', count: 1 },
      { reason: 'duplicate', count: 1 },
    ]);
  });

  it('names the field of a payload that is not what the feed sends', () => {
    const body = fixture();
    const cases: [unknown, string][] = [
      [[], '(body): []'],
      [{ ...body, timestamp: '2026-02-05T21:15:03Z' }, 'timestamp: "2026-02-05T21:15:03Z"'],
      [{ ...body, timestamp: '2026-02-30 21:15:03' }, 'timestamp'],
      [{ ...body, data: null }, 'data: null'],
      [{ ...body, data: { ...body.data, symbol: 'SPY' } }, 'data.symbol: "SPY": expected \'IBIT\''],
      [{ ...body, data: { ...body.data, current_price: 0 } }, 'data.current_price: 0'],
      [{ ...body, data: { ...body.data, options: {} } }, 'data.options: {}'],
      [
        withOptions([series(2), { ...series(3), option: 'IBIT26026P00036000' }]),
        'data.options[1].option: "IBIT26026P00036000": expected an OCC option symbol (not ROOT',
      ],
      [
        withOptions([{ ...series(3), option: 'IBIT260230P00036000' }]),
        'data.options[0].option: "IBIT260230P00036000": expected an OCC option symbol (expiry 260230 is not a calendar date)',
      ],
      [
        withOptions([{ ...series(3), option: 40 }]),
        'data.options[0].option: 40: expected an OCC option symbol (a string)',
      ],
      [
        withOptions([{ ...series(3), bid: '0.55' }]),
        'data.options[0].bid: "0.55": expected a non-negative number or null',
      ],
      [withOptions([{ ...series(3), ask: -1 }]), 'data.options[0].ask: -1'],
      [
        withOptions([{ ...series(3), open_interest: null }]),
        'data.options[0].open_interest: null: expected open interest',
      ],
      [
        withOptions([{ ...series(3), iv: 90.21 }]),
        'data.options[0].iv: 90.21: expected an annualized decimal',
      ],
      [
        withOptions([series(3), { ...series(3), bid: 0.56 }]),
        'data.options[1].option: "IBIT260206P00036000": expected one quote per series',
      ],
    ];
    for (const [payload, message] of cases) {
      const call = (): unknown => cboeOptionChain.transform(q, payload);
      expect(call, message).toThrow(PayloadError);
      expect(call, message).toThrow(`cboe option_chain: payload field ${message}`);
    }
  });
});

describe('cboe option_chain: ingest against a local server shaped like the CDN', () => {
  it('requests the symbol file and stores the live series', async () => {
    const r = await run(() => ({ body: fixture() }));
    expect(r.error).toBeUndefined();
    expect(r.requests.map((x) => x.url)).toEqual([PATH]);
    expect(r.summary).toMatchObject({ rows: 8, inserted: 8, skipped: [{ reason: 'expired', count: 2 }] });
    expect(r.stored).toBe(8);
  });

  it('asks for the underscore file of an index', async () => {
    const body = withOptions([{ ...series(6), option: 'SPX260220C05800000' }]);
    body.data.symbol = '^SPX';
    const r = await run(() => ({ body }), '_SPX');
    expect(r.error).toBeUndefined();
    expect(r.requests[0]!.path).toBe('/api/global/delayed_quotes/options/_SPX.json');
    expect(r.stored).toBe(1);
  });

  it('keeps SPX monthlies (AM-settled: expiry at the 09:30 open) and SPXW weeklies (PM: 16:00), 100 multiplier', async () => {
    const body = withOptions([
      { ...series(6), option: 'SPX260220C05800000' },
      { ...series(6), option: 'SPXW260220C05800000' },
      { ...series(6), option: 'SPXW260213P05700000' },
      { ...series(6), option: 'SPXQ260220C05800000' },
    ]);
    body.data.symbol = '^SPX';
    const r = await run(() => ({ body }), '_SPX');
    expect(r.error).toBeUndefined();
    // February: EST, UTC-5. The AM series expires at 09:30 New York = 14:30 UTC, the PM ones at 21:00 UTC.
    expect(r.rows.map((x) => [x.underlying, x.expiry, x.strike, x.option_type, x.multiplier])).toEqual([
      ['SPX', '2026-02-13T21:00:00Z', 5700, 'put', 100],
      ['SPX', '2026-02-20T14:30:00Z', 5800, 'call', 100],
      ['SPX', '2026-02-20T21:00:00Z', 5800, 'call', 100],
    ]);
    expect(r.summary!.skipped).toEqual([{ reason: 'other_root', count: 1 }]);
  });

  it('stores nothing for an empty chain, without an error', async () => {
    const r = await run(() => ({ body: withOptions([]) }));
    expect(r.error).toBeUndefined();
    expect(r.summary).toMatchObject({ rows: 0, inserted: 0 });
  });

  it('maps 404 (no listed options) to not_found without retrying', async () => {
    const r = await run(() => ({
      status: 404,
      headers: { 'content-type': 'application/xml' },
      body: '<Error><Code>NoSuchKey</Code></Error>',
    }));
    expect(r.error).toBeInstanceOf(ProviderError);
    expect((r.error as ProviderError).code).toBe('not_found');
    expect(r.requests).toHaveLength(1);
  });

  it('waits out a 429 with Retry-After, then stores the chain', async () => {
    const transport = testTransport();
    const r = await run(
      inSequence({ status: 429, headers: { 'retry-after': '7' }, body: 'slow down' }, { body: fixture() }),
      'IBIT',
      transport,
    );
    expect(r.error).toBeUndefined();
    expect(r.requests).toHaveLength(2);
    // Retry-After 7 s beats the backoff (0.5 x 500 ms); the limiter (1 token per 2 s) is refilled by then.
    expect(transport.sleeps).toEqual([7000]);
    expect(r.stored).toBe(8);
  });

  it('gives up after repeated 429s with a RateLimitError and stores nothing', async () => {
    const r = await run(() => ({ status: 429, body: 'Too Many Requests' }));
    expect(r.error).toBeInstanceOf(RateLimitError);
    expect(r.requests).toHaveLength(4);
    expect(r.stored).toBe(0);
  });

  it('maps 451 to AccessDeniedError at once', async () => {
    const r = await run(() => ({
      status: 451,
      headers: { 'content-type': 'text/html' },
      body: '<html>blocked</html>',
    }));
    expect(r.error).toBeInstanceOf(AccessDeniedError);
    expect((r.error as Error).message).toContain('the provider refuses this location (HTTP 451)');
    expect(r.requests).toHaveLength(1);
  });

  it('recovers from a 500', async () => {
    const r = await run(inSequence({ status: 500, body: 'oops' }, { body: fixture() }));
    expect(r.summary).toMatchObject({ rows: 8, requests: 2 });
  });

  it('refuses truncated JSON (a transfer cut halfway) with a PayloadError and stores nothing', async () => {
    const r = await run(() => ({ body: FIXTURE_TEXT.slice(0, 900) }));
    expect(r.error).toBeInstanceOf(PayloadError);
    expect((r.error as Error).message).toContain('cboe option_chain: the response from');
    expect((r.error as Error).message).toContain('is not valid JSON');
    expect(r.stored).toBe(0);
  });

  it('refuses a bad OCC symbol with a PayloadError naming the field and stores nothing of the chain', async () => {
    const r = await run(() => ({ body: withOptions([series(2), { ...series(3), option: 'BAD' }]) }));
    expect(r.error).toBeInstanceOf(PayloadError);
    expect((r.error as Error).message).toContain('payload field data.options[1].option: "BAD"');
    expect(r.stored).toBe(0);
  });
});
