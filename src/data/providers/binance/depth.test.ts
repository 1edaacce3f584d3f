import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PayloadError, RateLimitError } from '../../../errors.js';
import { datasetContract } from '../testkit/contract.js';
import { installNetworkGuard } from '../testkit/networkGuard.js';
import { type IngestRun, runIngest } from '../testkit/runIngest.js';
import { type Handler, inSequence } from '../testkit/server.js';
import { testTransport } from '../testkit/transport.js';
import { binanceDepth, DEPTH_LIMIT } from './depth.js';
import { binance } from './index.js';

/** 400 levels a side, 5 USDT apart from 73,499.9 / 73,500.1, 2 BTC each, T = 2026-02-04T21:00:00Z (fixtures/README.md). */
type Book = { lastUpdateId: number; E: number; T: number; bids: string[][]; asks: string[][] };
const fixture = JSON.parse(
  readFileSync(new URL('./fixtures/depth.BTCUSDT.2026-02-04T21.json', import.meta.url), 'utf8'),
) as Book;
const PATH = '/fapi/v1/depth';
const NOW = '2026-02-04T21:00:05Z';

datasetContract(binance, 'depth', {
  input: { symbol: 'BTCUSDT', now: NOW },
  respond: (req) =>
    req.path === PATH ? { body: fixture } : { status: 400, body: { code: -1121, msg: 'Invalid symbol.' } },
  rows: 1,
});

installNetworkGuard();

const run = (handler: Handler): Promise<IngestRun> =>
  runIngest({ provider: 'binance', dataset: 'depth', handler, input: { symbol: 'BTCUSDT' }, now: NOW });

describe('binance depth: transform', () => {
  const q = binanceDepth.transformQuery({ now: NOW });

  it('asks for the 1000-level book of BTCUSDT by default', () => {
    expect(q).toEqual({ symbol: 'BTCUSDT', limit: DEPTH_LIMIT });
  });

  it('sums price × qty within 1 % and 2 % of mid on each side (closed forms by hand)', () => {
    const { rows } = binanceDepth.transform(q, fixture);
    expect(rows).toHaveLength(1);
    const r = rows[0]!;
    expect(r).toMatchObject({
      as_of: '2026-02-04T21:00:00Z',
      venue: 'binance',
      symbol: 'BTCUSDT',
      mid_price: 73_500,
    });
    // bids ≥ 72,765 (mid − 1 %): 73,499.9 − 5k for k = 0..146, 147 levels:
    // 2 · (147 · 73,499.9 − 5 · 146·147/2) = 2 · 10,750,830.3
    expect(r.bid_1pct_usd).toBeCloseTo(21_501_660.6, 1);
    // asks ≤ 74,235: 73,500.1 + 5k, k = 0..146: 2 · (147 · 73,500.1 + 53,655) = 2 · 10,858,169.7
    expect(r.ask_1pct_usd).toBeCloseTo(21_716_339.4, 1);
    // 2 %: k = 0..293 (294 levels) each side: 2 · (294 · 73,499.9 − 215,355), 2 · (294 · 73,500.1 + 215,355)
    expect(r.bid_2pct_usd).toBeCloseTo(42_787_231.2, 1);
    expect(r.ask_2pct_usd).toBeCloseTo(43_648_768.8, 1);
  });

  it('a book truncated before 2 % stores NULL there; before 1 % it stores nothing and says why', () => {
    const cut = (n: number): Book => ({
      ...fixture,
      bids: fixture.bids.slice(0, n),
      asks: fixture.asks.slice(0, n),
    });
    // 200 levels returned out of a 200-level request: 1 % is reached (147 levels), 2 % is not (294)
    const mid = binanceDepth.transform({ symbol: 'BTCUSDT', limit: 200 }, cut(200));
    expect(mid.rows[0]).toMatchObject({ bid_2pct_usd: null, ask_2pct_usd: null });
    expect(mid.rows[0]!.bid_1pct_usd).toBeCloseTo(21_501_660.6, 1);
    // ... but 200 levels out of a 1000-level request are the whole book: the 2 % sums are the book's
    expect(binanceDepth.transform(q, cut(200)).rows[0]!.bid_2pct_usd).toBeCloseTo(
      2 * (200 * 73_499.9 - 5 * 199 * 100),
      1,
    );
    const shallow = binanceDepth.transform({ symbol: 'BTCUSDT', limit: 100 }, cut(100));
    expect(shallow.rows).toEqual([]);
    expect(shallow.skipped).toEqual([{ reason: 'book_shallower_than_1pct', count: 1 }]);
  });

  it('names the field of a payload that is not what Binance documents', () => {
    const cases: [unknown, string][] = [
      [[], 'payload field (body)'],
      [{ ...fixture, T: 'soon' }, 'payload field T: '],
      [{ ...fixture, bids: [[73_499.9, '2.000']] }, 'payload field bids[0][0]: 73499.9'],
      [{ ...fixture, asks: [['73500.1']] }, 'payload field asks[0]'],
      [{ ...fixture, bids: [fixture.bids[1], fixture.bids[0]] }, 'bids in descending price order'],
      [{ ...fixture, asks: [['73499.0', '1']] }, 'above the best bid'],
      [{ ...fixture, asks: [] }, 'at least one level on each side'],
    ];
    for (const [raw, message] of cases) {
      const call = () => binanceDepth.transform(q, raw);
      expect(call, message).toThrow(PayloadError);
      expect(call, message).toThrow(message);
    }
  });
});

describe('binance depth: ingest through the local server', () => {
  it('stores the snapshot of now with the symbol and limit asked for', async () => {
    const r = await run(() => ({ body: fixture }));
    expect(r.error).toBeUndefined();
    expect(r.requests).toHaveLength(1);
    expect(r.requests[0]!.path).toBe(PATH);
    expect(r.requests[0]!.query).toEqual({ symbol: 'BTCUSDT', limit: '1000' });
    expect(r.summary).toMatchObject({ rows: 1, inserted: 1 });
  });

  it('429 with Retry-After is retried, then a vendor rate-limit error fails the run', async () => {
    const once = await runIngest({
      provider: 'binance',
      dataset: 'depth',
      handler: inSequence(
        { status: 429, headers: { 'retry-after': '1' }, body: { code: -1003, msg: 'Too many requests.' } },
        { body: fixture },
      ),
      input: { symbol: 'BTCUSDT' },
      now: NOW,
      transport: testTransport(),
    });
    expect(once.error).toBeUndefined();
    expect(once.summary).toMatchObject({ rows: 1 });
    const always = await runIngest({
      provider: 'binance',
      dataset: 'depth',
      handler: () => ({ status: 429, body: { code: -1003, msg: 'Too many requests.' } }),
      input: { symbol: 'BTCUSDT' },
      now: NOW,
      transport: testTransport(),
    });
    expect(always.error).toBeInstanceOf(RateLimitError);
  });
});
