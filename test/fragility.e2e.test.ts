/**
 * End to end: `crashscope fragility --event 2026-02-05` on the embedded pack (the New York close before the
 * crash): exit status, the summary, fragility.json (schema, relations) and a self-contained fragility.html;
 * bad usage exits 2 with one line.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { interpLog } from '../src/channels/grid.js';
import { runCli } from '../src/cli/testkit/captureIo.js';
import { loadPack } from '../src/data/eventPack.js';
import type { FragilityMap } from '../src/fragility/map.js';
import { openStore } from '../src/store/store.js';

const PACK = fileURLToPath(new URL('../data/events/2026-02-05', import.meta.url));

/** A temporary folder holding a store loaded with the event pack; removed after `body`. */
async function withPackStore(prefix: string, body: (work: string, path: string) => Promise<void>) {
  const work = await mkdtemp(join(tmpdir(), prefix));
  try {
    const path = join(work, 'store.duckdb');
    const db = await openStore(path);
    try {
      await loadPack(db, PACK, { ingestedAt: '2026-11-25T00:00:00Z' });
    } finally {
      db.close();
    }
    await body(work, path);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

describe('crashscope fragility --event 2026-02-05', () => {
  let work = '';
  let code = -1;
  let stdout = '';
  let stderr = '';
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'crashscope-fragility-'));
    ({ code, stdout, stderr } = await runCli([
      'fragility',
      '--event',
      '2026-02-05',
      '--out',
      join(work, 'f'),
    ]));
  });
  afterAll(async () => {
    if (work !== '') await rm(work, { recursive: true, force: true });
  });

  it('exits 0 and prints the summary', () => {
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(
      /Fragility map at 2026-02-04T21:00:00Z: BTC \$73,500|Fragility map at 2026-02-04T21:00:00Z/,
    );
    expect(stdout).toMatch(/Largest forced-sell zones/);
    expect(stdout).toMatch(/Liquidation walls/);
    expect(stdout).toMatch(/RECONSTRUCTED/);
  });

  it('writes fragility.json with the schema fields and the relations', () => {
    const map = JSON.parse(readFileSync(join(work, 'f', 'fragility.json'), 'utf8')) as FragilityMap;
    expect(map.schema).toBe('crashscope.fragility/1');
    expect(map.asOf).toBe('2026-02-04T21:00:00Z');
    // BTC at 16:00 ET on 02-04: the observed close of the Binance hour ending then (bars.csv reference).
    expect(map.spot).toBe(73_516.3);
    expect(map.grid.length).toBeGreaterThanOrEqual(400);
    expect(map.grid[0]).toBeCloseTo(73_516.3 * 0.6, 6);
    const k = map.grid.indexOf(map.spot);
    expect(map.total.flowUsd[k]).toBe(0);
    for (const c of map.channels) {
      expect(c.flowUsd).toHaveLength(map.grid.length);
      expect(c.perPctUsd).toHaveLength(map.grid.length);
      expect(typeof c.quality).toBe('string');
    }
    const j = 10;
    expect(map.total.flowUsd[j]).toBeCloseTo(
      map.channels.reduce((s, c) => s + c.flowUsd[j], 0),
      2,
    );
    expect(map.channels.find((c) => c.id === 'leveredEtf')?.available).toBe(false);
    expect(map.channels.find((c) => c.id === 'dealerOptions')?.available).toBe(true);
    expect(map.depth).not.toBeNull();
    for (const l of map.levels)
      expect([
        'zero-gamma',
        'short-gamma-band',
        'knock-in',
        'liquidation-wall',
        'forced-sell-zone',
        'kappa-above-1',
      ]).toContain(l.kind);
  });

  it('writes a self-contained fragility.html with two charts and the reconstructed banner', () => {
    const html = readFileSync(join(work, 'f', 'fragility.html'), 'utf8');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html.match(/<svg/g)?.length).toBe(2);
    expect(html).toMatch(/id="reconstructed-banner"/);
    expect(html).not.toMatch(/<script|https?:\/\/[^"]*\.(js|css)/);
  });
});

describe('crashscope fragility --db --as-of (your store, any instant) --json', () => {
  it('reads the store at the instant and prints fragility.json on stdout', async () => {
    await withPackStore('crashscope-fragility-db-', async (_work, path) => {
      const r = await runCli([
        'fragility',
        '--db',
        path,
        '--as-of',
        '2026-02-05T21:00:00Z',
        '--grid',
        '40000:90000:100',
        '--channels',
        'perpLiquidations,dealerOptions',
        '--dealer-options-sign-model',
        'naive',
        '--json',
        '--no-report',
      ]);
      expect(r.code, r.stderr).toBe(0);
      const map = JSON.parse(r.stdout) as FragilityMap;
      expect(map.asOf).toBe('2026-02-05T21:00:00Z');
      // The 16:00 New York reference of 2026-02-05: the close of the Binance bar that opened at 20:00 UTC (observed).
      expect(map.spot).toBe(63_775.67);
      expect(map.grid[0]).toBe(40_000);
      expect(map.grid).toContain(63_775.67);
      expect(map.channels.map((c) => c.id)).toEqual(['dealerOptions', 'perpLiquidations']);
      expect(map.channels[0].assumptions.signModel).toBe('naive');
    });
  });
});

describe('crashscope fragility with order-book depth imported into the store (import --model depth)', () => {
  it('κ uses the store depth at the instant (bids below spot, asks above), says so; a flag overrides it', async () => {
    await withPackStore('crashscope-fragility-depth-', async (work, path) => {
      // Hand-made readings (reconstructed): two venues before the close, one after it (never read).
      const csv = join(work, 'depth.csv');
      writeFileSync(
        csv,
        [
          'as_of,venue,symbol,mid_price,bid_1pct_usd,ask_1pct_usd,bid_2pct_usd,ask_2pct_usd,source,quality',
          '2026-02-04T20:00:00Z,binance,BTCUSDT,73400,6000000,5000000,11000000,9000000,hand-made test,reconstructed',
          '2026-02-04T20:30:00Z,coinbase,BTC-USD,73450,4000000,3000000,,,hand-made test,reconstructed',
          '2026-02-04T22:00:00Z,binance,BTCUSDT,73000,1000,1000,2000,2000,hand-made test,reconstructed',
        ].join('\n'),
      );
      const imp = await runCli(['import', csv, '--model', 'depth', '--db', path]);
      expect(imp.code, imp.stderr).toBe(0);
      const run = (extra: string[]) =>
        runCli([
          'fragility',
          '--db',
          path,
          '--as-of',
          '2026-02-04T21:00:00Z',
          '--channels',
          'perpLiquidations',
          '--json',
          '--no-report',
          ...extra,
        ]);
      const r = await run([]);
      expect(r.code, r.stderr).toBe(0);
      const map = JSON.parse(r.stdout) as FragilityMap;
      expect(map.depth?.basis).toBe('store');
      expect(map.depth?.bidPerPctUsd).toBe(10e6);
      expect(map.depth?.askPerPctUsd).toBe(8e6);
      expect(map.depth?.bid2PctUsd).toBeNull(); // coinbase gave no 2 % figure
      expect(map.depth?.venues).toEqual(['binance:BTCUSDT', 'coinbase:BTC-USD']);
      expect(map.depth?.ageHours).toBe(1);
      expect(map.depth?.quality).toBe('reconstructed');
      const k = map.grid.indexOf(map.spot);
      expect(map.depth?.perPctUsd[0]).toBe(10e6);
      expect(map.depth?.perPctUsd[k]).toBe(10e6);
      expect(map.depth?.perPctUsd.at(-1)).toBe(8e6);
      const j = Math.floor(k / 2);
      const g = map.grid[j];
      const win =
        interpLog(Float64Array.from(map.grid), map.total.flowUsd, g * Math.exp(0.005)) -
        interpLog(Float64Array.from(map.grid), map.total.flowUsd, g * Math.exp(-0.005));
      expect(map.kappa?.[j]).toBeCloseTo(win / 10e6, 9);
      expect(map.provenance.some((p) => p.input === 'depth' && p.rows === 2)).toBe(true);
      const flagged = JSON.parse((await run(['--depth-per-pct-usd', '2e7'])).stdout) as FragilityMap;
      expect(flagged.depth?.basis).toBe('flag');
      expect(flagged.depth?.perPctUsd[0]).toBe(2e7);
      const text = await runCli([
        'fragility',
        '--db',
        path,
        '--as-of',
        '2026-02-04T21:00:00Z',
        '--channels',
        'perpLiquidations',
        '--no-report',
      ]);
      expect(text.stdout).toMatch(
        /depth: bids \$10(\.0)?M \/ asks \$8(\.0)?M per 1% \(store, reconstructed: binance:BTCUSDT, coinbase:BTC-USD; oldest reading 1\.0 h before asOf\)/,
      );
    });
  });
});

describe('crashscope fragility --dealer-options-sign-model flow (import --model option_trades)', () => {
  it('no trades: the dealer channel is "no data" naming the import; with trades it runs on their positions', async () => {
    await withPackStore('crashscope-fragility-flow-', async (work, path) => {
      const run = () =>
        runCli([
          'fragility',
          '--db',
          path,
          '--as-of',
          '2026-02-04T21:00:00Z',
          '--channels',
          'dealerOptions',
          '--dealer-options-sign-model',
          'flow',
          '--json',
          '--no-report',
        ]);
      const none = JSON.parse((await run()).stdout) as FragilityMap;
      expect(none.channels[0].available).toBe(false);
      expect(String(none.channels[0].diagnostics.reason)).toMatch(/no option trades .*--model option_trades/);
      // Hand-made trades (reconstructed) on two Deribit series of the pack's chain at the 02-04 close.
      const csv = join(work, 'trades.csv');
      writeFileSync(
        csv,
        [
          'ts,venue,trade_id,underlying,expiry,strike,option_type,taker_side,contracts,price,source,quality',
          '2026-02-03T10:00:00Z,deribit,t1,BTC,2026-02-27T08:00:00Z,70000,put,buy,120,0.03,hand-made test,reconstructed',
          '2026-02-04T12:00:00Z,deribit,t2,BTC,2026-02-27T08:00:00Z,70000,put,sell,20,0.03,hand-made test,reconstructed',
          '2026-02-04T13:00:00Z,deribit,t3,BTC,2026-02-27T08:00:00Z,80000,call,sell,50,,hand-made test,reconstructed',
        ].join('\n'),
      );
      const imp = await runCli(['import', csv, '--model', 'option_trades', '--db', path]);
      expect(imp.code, imp.stderr).toBe(0);
      const some = JSON.parse((await run()).stdout) as FragilityMap;
      const d = some.channels[0];
      expect(d.available).toBe(true);
      expect(d.diagnostics).toMatchObject({ signModel: 'flow', flowTrades: 3, flowSeriesMatched: 2 });
      expect(d.provenance.some((p) => p.input === 'option_trades' && p.rows === 3)).toBe(true);
      expect(d.quality).toBe('reconstructed');
    });
  });
});

describe('crashscope fragility: bad usage', () => {
  for (const argv of [
    ['fragility'],
    ['fragility', '--event', '1999-01-01'],
    ['fragility', '--event', '2026-02-05', '--grid', '1:2'],
    ['fragility', '--event', '2026-02-05', '--channels', 'nope'],
    ['fragility', '--event', '2026-02-05', '--basis-unwind-fraction', '2'],
    ['fragility', '--event', '2026-02-05', '--dealer-options-sign-model', 'maybe'],
    ['fragility', '--db', 'x.duckdb', '--as-of', '2026-02-04'],
    ['fragility', '--db', '/nonexistent/store.duckdb', '--as-of', '2026-02-04T21:00:00Z'],
  ]) {
    it(`${JSON.stringify(argv)} exits 2 with one line`, async () => {
      const r = await runCli([...argv, '--no-report']);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    });
  }
});
