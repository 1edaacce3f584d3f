import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  AccessDeniedError,
  InvalidInputError,
  PayloadError,
  ProviderError,
  RateLimitError,
} from '../../../errors.js';
import { inverseOption } from '../../../pricing/inverse.js';
import { datasetContract } from '../testkit/contract.js';
import { installNetworkGuard } from '../testkit/networkGuard.js';
import { type IngestRun, runIngest } from '../testkit/runIngest.js';
import { type Handler, inSequence } from '../testkit/server.js';
import { type TestTransport, testTransport } from '../testkit/transport.js';
import { deribit } from './index.js';
import { deribitOptionChain } from './optionChain.js';
import { parseOptionName } from './optionName.js';

type Summary = Record<string, unknown>;
interface Body {
  jsonrpc: string;
  result: Summary[];
  [k: string]: unknown;
}

function load<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as T;
}

/** A BTC option chain snapshot of 2026-02-04 21:00 UTC shaped field for field like Deribit's (fixtures/README.md). */
const chain = load<Body>('book_summary.BTC.option.2026-02-04T21.json');
/** Rows of real responses recorded by others (fixtures/README.md). */
const recorded = load<{ rows: Summary[] }>('book_summary.recorded-rows.json').rows;
const PATH = '/api/v2/public/get_book_summary_by_currency';
const NOW = '2026-02-04T21:00:05Z';

datasetContract(deribit, 'option_chain', {
  input: { symbol: 'BTC', now: NOW },
  respond: (req) =>
    req.path === PATH
      ? { body: chain }
      : { status: 400, body: { jsonrpc: '2.0', error: { code: -32601, message: 'Method not found' } } },
  rows: 11,
});

installNetworkGuard();

const q = deribitOptionChain.transformQuery({ now: NOW });
const body = (result: unknown[]): Body => ({ ...chain, result: result as Summary[] });
const entry = (name: string, patch: Summary = {}): Summary => {
  const found = chain.result.find((r) => r.instrument_name === name);
  if (found === undefined) throw new Error(`no ${name} in the fixture`);
  return { ...found, ...patch };
};

const run = (handler: Handler, transport?: TestTransport): Promise<IngestRun> =>
  runIngest({ provider: 'deribit', dataset: 'option_chain', handler, transport, now: NOW });

describe('deribit option names', () => {
  it('parse currency, expiry at 08:00 UTC, strike and type', () => {
    const cases = [
      ['BTC-27FEB26-70000-P', 'BTC', '2026-02-27T08:00:00.000Z', 70000, 'put'],
      ['BTC-5FEB26-72000-C', 'BTC', '2026-02-05T08:00:00.000Z', 72000, 'call'],
      ['ETH-31DEC27-4500-C', 'ETH', '2027-12-31T08:00:00.000Z', 4500, 'call'],
      // Linear options write a decimal point as 'd' (Deribit API docs, instrument naming).
      ['XRP_USDC-30JUN23-0d625-C', 'XRP_USDC', '2023-06-30T08:00:00.000Z', 0.625, 'call'],
    ] as const;
    for (const [name, currency, expiry, strike, optionType] of cases) {
      const t = parseOptionName(name);
      expect(t, name).toBeDefined();
      expect(
        {
          currency: t!.currency,
          expiry: new Date(t!.expiryMs).toISOString(),
          strike: t!.strike,
          optionType: t!.optionType,
        },
        name,
      ).toEqual({
        currency,
        expiry,
        strike,
        optionType,
      });
    }
  });

  it('refuse futures, combos and impossible dates', () => {
    for (const name of [
      'BTC-PERPETUAL',
      'BTC-27FEB26',
      'BTC-30FEB26-70000-C',
      'BTC-27FOO26-70000-C',
      'BTC-27FEB26-70000-X',
      'BTC-27FEB26-0-C',
      'BTC-CS-27FEB26-70000_80000',
      'btc-27FEB26-70000-C',
    ]) {
      expect(parseOptionName(name), name).toBeUndefined();
    }
  });
});

describe('deribit option_chain: query', () => {
  it('defaults to BTC, takes ETH, and names --symbol when it is neither', () => {
    expect(deribitOptionChain.transformQuery({ now: NOW })).toEqual({ currency: 'BTC' });
    expect(deribitOptionChain.transformQuery({ symbol: 'eth', now: NOW })).toEqual({ currency: 'ETH' });
    const call = (): unknown => deribitOptionChain.transformQuery({ symbol: 'SOL', now: NOW });
    expect(call).toThrow(InvalidInputError);
    expect(call).toThrow("--symbol: 'SOL' is not one of BTC, ETH");
  });
});

describe('deribit option_chain: transform', () => {
  it('maps a book summary to a row: expiry 08:00 UTC, IV percent -> decimal, mark in BTC, forward as underlying', () => {
    const out = deribitOptionChain.transform(q, chain);
    expect(out.rows).toHaveLength(11);
    // Hand-read from the fixture's first entry, BTC-5FEB26-72000-C.
    expect(out.rows[0]).toEqual({
      as_of: '2026-02-04T21:00:00Z',
      venue: 'deribit',
      underlying: 'BTC',
      expiry: '2026-02-05T08:00:00Z',
      strike: 72000,
      option_type: 'call',
      open_interest: 412.6,
      volume: 1894.1,
      iv: 0.6135,
      mark: 0.02249613,
      underlying_price: 73510.2,
      multiplier: 1,
    });
    // Sorted by expiry, strike, then call before put.
    expect(out.rows.map((r) => `${r.expiry.slice(0, 10)} ${r.strike} ${r.option_type}`)).toEqual([
      '2026-02-05 72000 call',
      '2026-02-05 72000 put',
      '2026-02-05 74000 call',
      '2026-02-05 74000 put',
      '2026-02-06 70000 put',
      '2026-02-06 76000 call',
      '2026-02-27 70000 call',
      '2026-02-27 70000 put',
      '2026-02-27 80000 call',
      '2026-03-27 60000 put',
      '2026-03-27 90000 call',
    ]);
    expect(out.skipped).toEqual([]);
  });

  it('stamps the whole snapshot with its latest creation_timestamp, floored to the second', () => {
    // creation_timestamp runs from 1770238800412 to 1770238800417 ms in the fixture.
    const late = body([
      entry('BTC-27MAR26-90000-C', { creation_timestamp: 1770238801999 }),
      entry('BTC-5FEB26-72000-C'),
    ]);
    const out = deribitOptionChain.transform(q, late);
    expect(new Set(out.rows.map((r) => r.as_of))).toEqual(new Set(['2026-02-04T21:00:01Z']));
  });

  it('agrees with the pricing core: recorded marks = inverseOption at mark_iv on the forward, within 1e-4 BTC', () => {
    for (const r of recorded) {
      const currency = String(r.instrument_name).split('-')[0] as 'BTC';
      // Two recordings kept only the pricing fields; open interest does not enter the check.
      const out = deribitOptionChain.transform({ currency }, body([{ open_interest: 0, ...r }]));
      expect(out.rows, String(r.instrument_name)).toHaveLength(1);
      const row = out.rows[0]!;
      const tau = (Date.parse(row.expiry) - Date.parse(row.as_of)) / (365 * 86_400_000);
      const model = inverseOption({
        type: row.option_type,
        forward: row.underlying_price,
        strike: row.strike,
        tau,
        vol: row.iv!,
      }).priceBtc;
      expect(Math.abs(model - row.mark!), JSON.stringify({ ...r, model })).toBeLessThan(1e-4);
    }
  });

  it('stores null marks, IVs and volumes as NULL and skips rows without open interest or forward', () => {
    const payload = body([
      entry('BTC-5FEB26-72000-C', { mark_price: null, mark_iv: null }),
      (() => {
        const e = entry('BTC-5FEB26-72000-P');
        delete e.volume;
        return e;
      })(),
      entry('BTC-5FEB26-74000-C', { open_interest: null }),
      entry('BTC-5FEB26-74000-P', { underlying_price: null }),
    ]);
    const out = deribitOptionChain.transform(q, payload);
    expect(out.rows.map((r) => [r.option_type, r.mark, r.iv, r.volume])).toEqual([
      ['call', null, null, 1894.1],
      ['put', 0.00195204, 0.6135, null],
    ]);
    expect(out.skipped).toEqual([{ reason: 'null_values', count: 2 }]);
    // A row stored without IV is reported, not stored silently.
    expect(out.notices).toEqual([
      {
        kind: 'incomplete',
        message: 'deribit option_chain: 1 row stored without IV (mark_iv null), first BTC-5FEB26-72000-C',
      },
    ]);
  });

  it('refuses a payload whose premiums are not in the chain currency (quote_currency, premium unit)', () => {
    const usdc = body([entry('BTC-5FEB26-72000-C', { quote_currency: 'USDC' })]);
    expect(() => deribitOptionChain.transform(q, usdc)).toThrow(PayloadError);
    expect(() => deribitOptionChain.transform(q, usdc)).toThrow(/result\[0\]\.quote_currency.*'BTC'/);
    const eth = body([entry('BTC-5FEB26-72000-C', { quote_currency: 'ETH' })]);
    expect(() => deribitOptionChain.transform(q, eth)).toThrow(/quote_currency/);
    // A premium in USD read as BTC: 1650 "BTC" x 73510 USD is far above the forward.
    const usd = body([entry('BTC-5FEB26-72000-C', { mark_price: 1650 })]);
    expect(() => deribitOptionChain.transform(q, usd)).toThrow(
      /result\[0\]\.mark_price.*a premium in BTC per option/,
    );
    // A put is worth at most its strike: 0.98 BTC x 73510 = 72040 USD > 1.1 x 60000.
    const put = body([
      entry('BTC-5FEB26-72000-P', { instrument_name: 'BTC-5FEB26-60000-P', mark_price: 0.98 }),
    ]);
    expect(() => deribitOptionChain.transform(q, put)).toThrow(/mark_price/);
    // A deep in-the-money put above 1 BTC is a legitimate coin premium: (150000 − 73510) / 73510 ≈ 1.04 BTC.
    const deep = body([
      entry('BTC-5FEB26-72000-P', { instrument_name: 'BTC-5FEB26-150000-P', mark_price: 1.04 }),
    ]);
    expect(deribitOptionChain.transform(q, deep).rows).toHaveLength(1);
  });

  it('skips options that expired at or before the snapshot, and gives zero rows for an empty chain', () => {
    const atExpiry = body([
      entry('BTC-5FEB26-72000-C', { creation_timestamp: Date.UTC(2026, 1, 5, 8, 0, 0, 250) }),
      entry('BTC-6FEB26-70000-P', { creation_timestamp: Date.UTC(2026, 1, 5, 8, 0, 0, 250) }),
    ]);
    const out = deribitOptionChain.transform(q, atExpiry);
    expect(out.rows.map((r) => r.expiry)).toEqual(['2026-02-06T08:00:00Z']);
    expect(out.skipped).toEqual([{ reason: 'expired', count: 1 }]);
    expect(deribitOptionChain.transform(q, body([]))).toEqual({ rows: [], skipped: [] });
  });

  it('drops identical repeats and refuses conflicting ones', () => {
    const e = entry('BTC-27FEB26-70000-P');
    expect(deribitOptionChain.transform(q, body([e, { ...e }])).skipped).toEqual([
      { reason: 'duplicate', count: 1 },
    ]);
    expect(() => deribitOptionChain.transform(q, body([e, { ...e, open_interest: 1 }]))).toThrow(
      'expected one summary per instrument (another BTC-27FEB26-70000-P differs)',
    );
  });

  it('names the field of a payload that is not what Deribit documents', () => {
    const e = entry('BTC-27FEB26-70000-P');
    const cases = [
      [{ result: [] }, 'payload field jsonrpc: missing'],
      [{ jsonrpc: '2.0' }, 'payload field result: missing'],
      [{ jsonrpc: '2.0', result: {} }, 'payload field result: {}: expected an array of book summaries'],
      [
        body([{ ...e, mark_iv: '56.2' }]),
        'payload field result[0].mark_iv: "56.2": expected a number or null',
      ],
      [
        body([{ ...e, mark_iv: 0 }]),
        'payload field result[0].mark_iv: 0: expected a positive implied volatility',
      ],
      [body([{ ...e, open_interest: '6120.9' }]), 'payload field result[0].open_interest: "6120.9"'],
      [
        body([{ ...e, instrument_name: 'BTC-PERPETUAL' }]),
        'payload field result[0].instrument_name: "BTC-PERPETUAL"',
      ],
      [
        body([{ ...e, instrument_name: 'ETH-27FEB26-2000-P' }]),
        'payload field result[0].instrument_name: "ETH-27FEB26-2000-P": expected an option on BTC, the currency asked for',
      ],
      [body([{ ...e, creation_timestamp: '1770238800412' }]), 'payload field result[0].creation_timestamp'],
      [body([e, 'x']), 'payload field result[1]: "x": expected a book summary object'],
    ] as const;
    for (const [payload, message] of cases) {
      const call = (): unknown => deribitOptionChain.transform(q, payload);
      expect(call, message).toThrow(PayloadError);
      expect(call, message).toThrow(`deribit option_chain: ${message}`);
    }
  });
});

describe('deribit option_chain: ingest from a local server shaped like Deribit', () => {
  const rpcError = (code: number, message: string): unknown => ({
    jsonrpc: '2.0',
    error: { code, message },
    usIn: 1770238800000000,
    usOut: 1770238800000100,
    usDiff: 100,
    testnet: false,
  });

  it('asks for the option book summaries of the currency', async () => {
    const r = await run(() => ({ body: chain }));
    expect(r.summary).toMatchObject({ rows: 11, inserted: 11, requests: 1 });
    expect(r.requests[0]).toMatchObject({ path: PATH, query: { currency: 'BTC', kind: 'option' } });
  });

  it('waits out a 429 with Retry-After, then stores the chain', async () => {
    const transport = testTransport();
    const r = await run(
      inSequence(
        { status: 429, headers: { 'retry-after': '3' }, body: rpcError(10028, 'too_many_requests') },
        { body: chain },
      ),
      transport,
    );
    expect(r.summary?.rows).toBe(11);
    expect(transport.sleeps).toEqual([3000]);
    expect(r.stored).toBe(11);
  });

  it("retries Deribit's too_many_requests (10028, HTTP 400) and gives up with a RateLimitError", async () => {
    const r = await run(() => ({ status: 400, body: rpcError(10028, 'too_many_requests') }));
    expect(r.error).toBeInstanceOf(RateLimitError);
    expect((r.error as Error).message).toContain('deribit option_chain: 10028: too_many_requests (HTTP 400');
    expect(r.requests).toHaveLength(4);
    expect(r.stored).toBe(0);
  });

  it('recovers from a 500 and from system_maintenance (11051)', async () => {
    const r = await run(
      inSequence(
        { status: 500, body: 'oops' },
        { status: 400, body: rpcError(11051, 'system_maintenance') },
        { body: chain },
      ),
    );
    expect(r.summary).toMatchObject({ rows: 11, requests: 3 });
  });

  it('maps Invalid params (-32602) to a bad request without retrying', async () => {
    const r = await run(() => ({ status: 400, body: rpcError(-32602, 'Invalid params') }));
    expect(r.error).toBeInstanceOf(ProviderError);
    expect((r.error as ProviderError).code).toBe('bad_request');
    expect(r.requests).toHaveLength(1);
  });

  it('maps 451 to AccessDeniedError', async () => {
    const r = await run(() => ({ status: 451, body: '' }));
    expect(r.error).toBeInstanceOf(AccessDeniedError);
    expect((r.error as Error).message).toContain('the provider refuses this location (HTTP 451)');
  });

  it('refuses truncated JSON and a mistyped field, storing nothing', async () => {
    const text = JSON.stringify(chain);
    const cut = await run(() => ({ body: text.slice(0, 2000) }));
    expect(cut.error).toBeInstanceOf(PayloadError);
    expect((cut.error as Error).message).toContain('is not valid JSON');
    expect(cut.stored).toBe(0);
    const bad = await run(() => ({
      body: body([...chain.result.slice(0, 5), entry('BTC-27FEB26-70000-P', { strike: 1, volume: 'many' })]),
    }));
    expect(bad.error).toBeInstanceOf(PayloadError);
    expect((bad.error as Error).message).toContain('payload field result[5].volume: "many"');
    expect(bad.stored).toBe(0);
  });
});
