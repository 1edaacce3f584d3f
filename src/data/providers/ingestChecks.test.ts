/**
 * Provider ingest runs the same derivations and file-wide checks as `import` (store/writeRows.ts):
 * open interest in one unit gets the others derived and listed in `derived`; funding rates in percent are
 * refused naming the provider, the row and its key, with nothing stored. A provider made for the test,
 * served on 127.0.0.1 by the providers' testkit.
 */
import { describe, expect, it } from 'vitest';
import { CrashscopeError, DataError } from '../../errors.js';
import { readRows } from '../../store/readers.js';
import { withStore } from '../../store/store.js';
import { joinUrl } from './http.js';
import { ingest, planIngest } from './ingest.js';
import { installNetworkGuard } from './testkit/networkGuard.js';
import { type Handler, startServer } from './testkit/server.js';
import { testTransport } from './testkit/transport.js';
import { type DataRowOf, defineDataset, defineProvider } from './types.js';

installNetworkGuard();

interface Q {
  readonly day: string;
}

/** Open interest as an aggregator gives it: dollars and the price used, nothing else. */
const oiDataset = defineDataset<Q, unknown, 'open_interest'>({
  model: 'open_interest',
  description: 'open interest in USD with its price',
  endpoint: '/oi',
  fills: ['ts', 'venue', 'symbol', 'oi_usd', 'price'],
  flags: {},
  transformQuery: () => ({ day: '2026-01-07' }),
  async extract(q, ctx) {
    return (await ctx.fetch(joinUrl(ctx.baseUrl, '/oi', { day: q.day }))).json();
  },
  transform(_q, raw) {
    const rows = (raw as [string, number, number][]).map(
      ([ts, usd, price]): DataRowOf<'open_interest'> => ({
        ts,
        venue: 'agg',
        symbol: 'BTC',
        oi_usd: usd,
        price,
      }),
    );
    return { rows };
  },
});

/** Funding rates as a vendor that reports percent would send them. */
const fundingDataset = defineDataset<Q, unknown, 'funding'>({
  model: 'funding',
  description: 'funding rates',
  endpoint: '/funding',
  fills: ['ts', 'venue', 'symbol', 'rate'],
  flags: {},
  transformQuery: () => ({ day: '2026-01-07' }),
  async extract(q, ctx) {
    return (await ctx.fetch(joinUrl(ctx.baseUrl, '/funding', { day: q.day }))).json();
  },
  transform(_q, raw) {
    const rows = (raw as [string, number][]).map(
      ([ts, rate]): DataRowOf<'funding'> => ({ ts, venue: 'agg', symbol: 'BTCUSDT', rate }),
    );
    return { rows };
  },
});

const agg = defineProvider({
  name: 'agg',
  title: 'Aggregator',
  description: 'a provider for tests',
  docs: 'https://example.com/docs',
  baseUrl: 'https://agg.example',
  rateLimit: { perSecond: 100, burst: 100 },
  vendorErrors: { codePath: ['error'], codes: {} },
  credentials: [],
  datasets: { open_interest: oiDataset, funding: fundingDataset },
});

async function run(dataset: 'open_interest' | 'funding', handler: Handler) {
  const server = await startServer(handler);
  try {
    return await withStore(':memory:', {}, async (db) => {
      const plan = planIngest({
        provider: 'agg',
        dataset,
        input: { now: '2026-01-08T00:00:00Z' },
        baseUrl: server.baseUrl,
        credentials: {},
        providers: [agg],
      });
      let error: CrashscopeError | null = null;
      try {
        await ingest(db, plan, { ingestedAt: '2026-01-08T00:00:00Z', transport: testTransport() });
      } catch (e) {
        if (!(e instanceof CrashscopeError)) throw e;
        error = e;
      }
      return { error, rows: await readRows(db, dataset, {}), requests: server.requests.length };
    });
  } finally {
    await server.close();
  }
}

describe('provider ingest runs the model derivations and file-wide checks', () => {
  it('open interest in USD with a price: BTC derived (oi_usd / price) and marked derived', async () => {
    const r = await run('open_interest', () => ({
      body: [
        ['2026-01-07T00:00:00Z', 6_000_000_000, 92_000],
        ['2026-01-07T04:00:00Z', 5_700_000_000, 91_200],
      ],
    }));
    expect(r.error).toBeNull();
    expect(r.requests).toBe(1);
    const rows = r.rows as readonly { oi_btc: number | null; oi_usd: number; derived: string | null }[];
    expect(rows.map((x) => x.oi_btc)).toEqual([6_000_000_000 / 92_000, 5_700_000_000 / 91_200]);
    expect(rows.map((x) => x.derived)).toEqual(['oi_btc', 'oi_btc']);
    expect(rows.map((x) => x.oi_usd)).toEqual([6_000_000_000, 5_700_000_000]);
  });

  it('funding rates in percent are refused like a file import: provider, row, key and fix named, nothing stored', async () => {
    const r = await run('funding', () => ({
      body: [
        ['2026-01-07T00:00:00Z', 0.01],
        ['2026-01-07T08:00:00Z', 0.0085],
        ['2026-01-07T16:00:00Z', -0.002],
      ],
    }));
    expect(r.error).toBeInstanceOf(DataError);
    expect(r.error?.code).toBe('looks_like_percent');
    expect(r.error?.message).toBe(
      'agg funding: funding rates look like percent (median |rate| 0.0085, more than 0.001): divide by 100; first such row: row 0 (ts=2026-01-07T00:00:00Z, venue=agg, symbol=BTCUSDT), rate=0.01; nothing was stored',
    );
    expect(r.rows).toHaveLength(0);
  });

  it('decimal funding rates pass', async () => {
    const r = await run('funding', () => ({
      body: [
        ['2026-01-07T00:00:00Z', 0.0001],
        ['2026-01-07T08:00:00Z', -0.00005],
      ],
    }));
    expect(r.error).toBeNull();
    expect(r.rows).toHaveLength(2);
  });
});
