import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PACK_DIR, readManifest, readPackCsv, valueQuality } from './readPack.js';

/*
 * Every published figure the pack reproduces in a data table, written out here by hand from
 * shared/data/2026-02-05/published-facts.json (value and page), and looked up in the committed CSV
 * files: the cell must hold the figure exactly, the VALUE must be quality 'published' (its
 * provenance.csv entry, else its row's quality) with that page as its source, and the manifest must
 * list it. Figures that observed data now supply are not reproduced: they are checked against the
 * observed values below (cross-checks) and stay in facts.csv.
 */

const SKALININ_09 = 'https://skalinin.blogspot.com/2026/02/introduction-todays-regime-digestion.html';
const SKALININ_11 = 'https://skalinin.blogspot.com/2026/02/11-feb-2026-tactical-outlook.html';
const SKALININ_12 = 'https://skalinin.blogspot.com/2026/02/12-feb-2026-outflows-worsened.html';
const SKALININ_13 = 'https://skalinin.blogspot.com/';
const COINAILS = 'https://coinails.com/?p=12831';
const BCDWIKI =
  'https://blockchaindatawiki.com/are-bitcoin-etf-outflows-crushing-retail-and-pressuring-price';
const ALTCOIN_OBSERVER = 'https://altcoin.observer/?p=60147';
const TRADINGKEY = 'https://www.tradingkey.com/news/cryptocurrencies/261565824-bitcoinist';

type Match = Readonly<Record<string, string>>;
interface Expected {
  readonly file: string;
  /** Natural-key columns of the file, in key order (for the provenance lookup). */
  readonly key?: readonly string[];
  readonly match: Match;
  readonly column: string;
  readonly value: number;
  readonly source: string;
}

const EXPECTED: readonly Expected[] = [
  // ETFs.
  {
    file: 'etf_daily.csv',
    match: { date: '2026-02-05', ticker: 'IBIT' },
    column: 'volume_shares',
    value: 284_000_000,
    source: COINAILS,
  },
  {
    file: 'etf_flows.csv',
    match: { date: '2026-02-05', ticker: 'IBIT', flow_source: 'sosovalue' },
    column: 'flow_usd',
    value: -175_330_000,
    source: COINAILS,
  },
  {
    file: 'etf_flows.csv',
    match: { date: '2026-02-05', ticker: 'IBIT', flow_source: 'jeff_park' },
    column: 'flow_usd',
    value: 230_000_000,
    source: ALTCOIN_OBSERVER,
  },
  {
    file: 'etf_flows.csv',
    match: { date: '2026-02-04', ticker: 'IBIT', flow_source: 'sosovalue' },
    column: 'flow_usd',
    value: -373_440_000,
    source: BCDWIKI,
  },
  {
    file: 'etf_flows.csv',
    match: { date: '2026-01-30', ticker: 'IBIT', flow_source: 'jeff_park' },
    column: 'flow_usd',
    value: -530_000_000,
    source: TRADINGKEY,
  },
  {
    file: 'etf_flows.csv',
    match: { date: '2026-02-04', ticker: 'FBTC', flow_source: 'blockchaindatawiki' },
    column: 'flow_usd',
    value: -86_440_000,
    source: BCDWIKI,
  },
  {
    file: 'etf_flows.csv',
    match: { date: '2026-02-04', ticker: 'GBTC', flow_source: 'blockchaindatawiki' },
    column: 'flow_usd',
    value: -41_770_000,
    source: BCDWIKI,
  },
  // IBIT options.
  {
    file: 'options_daily.csv',
    match: { date: '2024-11-19', underlying: 'IBIT' },
    column: 'call_volume',
    value: 289_000,
    source: 'https://newsformal.com/us/news-62185342',
  },
  {
    file: 'options_daily.csv',
    match: { date: '2024-11-19', underlying: 'IBIT' },
    column: 'put_volume',
    value: 65_000,
    source: 'https://newsformal.com/us/news-62185342',
  },
  // CME front month (published closes and open interest).
  {
    file: 'futures_settlements.csv',
    match: { date: '2026-02-10', contract: 'BTCG6' },
    column: 'settle',
    value: 68810,
    source: SKALININ_09,
  },
  {
    file: 'futures_settlements.csv',
    match: { date: '2026-02-11', contract: 'BTCG6' },
    column: 'settle',
    value: 67635,
    source: SKALININ_11,
  },
  {
    file: 'futures_settlements.csv',
    match: { date: '2026-02-12', contract: 'BTCG6' },
    column: 'settle',
    value: 66240,
    source: SKALININ_12,
  },
  {
    file: 'futures_settlements.csv',
    match: { date: '2026-02-13', contract: 'BTCG6' },
    column: 'settle',
    value: 68835,
    source: SKALININ_13,
  },
  {
    file: 'futures_settlements.csv',
    match: { date: '2026-02-09', contract: 'BTCG6' },
    column: 'open_interest',
    value: 18933,
    source: SKALININ_09,
  },
  {
    file: 'futures_settlements.csv',
    match: { date: '2026-02-10', contract: 'BTCG6' },
    column: 'open_interest',
    value: 19187,
    source: SKALININ_09,
  },
  {
    file: 'futures_settlements.csv',
    match: { date: '2026-02-11', contract: 'BTCG6' },
    column: 'open_interest',
    value: 17768,
    source: SKALININ_11,
  },
  {
    file: 'futures_settlements.csv',
    match: { date: '2026-02-12', contract: 'BTCG6' },
    column: 'open_interest',
    value: 17605,
    source: SKALININ_12,
  },
  {
    file: 'futures_settlements.csv',
    match: { date: '2026-02-13', contract: 'BTCG6' },
    column: 'open_interest',
    value: 16846,
    source: SKALININ_13,
  },
  // Stress.
  {
    file: 'stress_series.csv',
    match: { date: '2026-02-04', series: 'pb_multistrat_perf_z' },
    column: 'value',
    value: 3.5,
    source: TRADINGKEY,
  },
];

function findRow(file: string, match: Match): Record<string, string> {
  const rows = readPackCsv(file).filter((r) => Object.entries(match).every(([k, v]) => r[k] === v));
  expect(rows, `${file} ${JSON.stringify(match)}`).toHaveLength(1);
  return rows[0];
}

const KEYS: Readonly<Record<string, readonly string[]>> = {
  'etf_daily.csv': ['date', 'ticker'],
  'etf_flows.csv': ['date', 'ticker', 'flow_source'],
  'options_daily.csv': ['date', 'underlying'],
  'futures_settlements.csv': ['date', 'venue', 'contract'],
  'stress_series.csv': ['date', 'series'],
};

describe('published anchors in the committed pack', () => {
  const manifest = readManifest();

  it.each(
    EXPECTED.map(
      (e) => [`${e.file} ${Object.values(e.match).join(' ')} ${e.column} = ${e.value}`, e] as const,
    ),
  )('%s', (_, e) => {
    const row = findRow(e.file, e.match);
    expect(Number(row[e.column]), JSON.stringify(row)).toBe(e.value);
    const key = KEYS[e.file].map((k) => row[k]).join(' ');
    const q = valueQuality(e.file.replace('.csv', ''), key, e.column, row);
    expect(q, JSON.stringify(row)).toEqual({ quality: 'published', source: e.source });
    const listed = manifest.files
      .find((f) => f.path === e.file)!
      .anchors.some((a) => a.column === e.column && a.value === e.value && a.source === e.source);
    expect(listed, `${e.source} is not listed in the manifest for ${key} ${e.column}`).toBe(true);
  });

  it('the 02-05 CME front basis is 3.3% and the 02-06 one 9% against the observed 16:00 ET reference (Park)', () => {
    const ref = (d: string): number =>
      Number(readPackCsv('bars.csv').find((r) => r.venue === 'reference' && r.ts.startsWith(d))!.close);
    const basis = (d: string): { b: number; tol: number } => {
      const r = findRow('futures_settlements.csv', {
        date: d,
        contract: d < '2026-01-01' ? 'BTCZ5' : 'BTCG6',
      });
      const days = (Date.parse(r.expiry) - Date.parse(d)) / 86_400_000;
      const b = ((Number(r.settle) / ref(d) - 1) * 365) / days;
      // The settle is on a $5 tick: the basis is the published one within half a tick.
      return { b, tol: ((2.5 / ref(d)) * 365) / days };
    };
    for (const [d, published] of [
      ['2026-02-05', 0.033],
      ['2026-02-06', 0.09],
      ['2025-12-03', -0.0235],
    ] as const) {
      const { b, tol } = basis(d);
      expect(Math.abs(b - published), d).toBeLessThanOrEqual(tol + 1e-12);
    }
  });

  it('CME open interest totals of 02-09..02-13 are the published ones', () => {
    const totals: Record<string, number> = {
      '2026-02-09': 23643,
      '2026-02-10': 24157,
      '2026-02-11': 23019,
      '2026-02-12': 23375,
      '2026-02-13': 23084,
    };
    for (const [d, total] of Object.entries(totals)) {
      const sum = readPackCsv('futures_settlements.csv')
        .filter((r) => r.date === d)
        .reduce((a, r) => a + Number(r.open_interest), 0);
      expect(sum, d).toBe(total);
    }
  });

  it('IBIT: 2.33M option contracts on 02-05, ~+6M shares created, >$10B traded', () => {
    const o = findRow('options_daily.csv', { date: '2026-02-05', underlying: 'IBIT' });
    expect(Number(o.call_volume) + Number(o.put_volume)).toBe(2_330_000);
    expect(valueQuality('options_daily', '2026-02-05 IBIT', 'call_volume+put_volume', o)).toEqual({
      quality: 'published',
      source: 'https://www.usfinancetimes.com/?p=11747',
    });
    const d5 = findRow('etf_daily.csv', { date: '2026-02-05', ticker: 'IBIT' });
    const d4 = findRow('etf_daily.csv', { date: '2026-02-04', ticker: 'IBIT' });
    expect(Number(d5.shares_outstanding) - Number(d4.shares_outstanding)).toBe(6_000_000);
    expect(Number(d5.volume_usd)).toBeGreaterThan(10e9);
  });

  it('the published JPMorgan notes keep their terms', () => {
    const notes = readPackCsv('structured_notes.csv');
    const acci = notes.find(
      (n) =>
        n.source_url ===
        'https://www.stocktitan.net/sec-filings/AMJB/424b2-jpmorgan-chase-co-prospectus-supplement-7d2e0bdaa964.html',
    )!;
    expect([
      Number(acci.initial_level),
      Number(acci.barrier_pct),
      Number(acci.barrier_level),
      Number(acci.coupon_pct),
    ]).toEqual([50.57, 0.7, 35.399, 0.1425]);
    expect(Number(acci.notional_usd)).toBe(200_000);
    expect(acci.quality).toBe('published');
    const capped = notes.find(
      (n) =>
        n.source_url ===
        'https://www.stocktitan.net/sec-filings/amjb/424b2-jpmorgan-chase-co-prospectus-supplement-f680008e4374.html',
    )!;
    expect([Number(capped.barrier_pct), capped.maturity, capped.autocall_pct]).toEqual([
      0.7,
      '2028-11-29',
      '',
    ]);
  });

  it('every numeric published fact is in facts.csv with its value, unit and page', () => {
    const facts = JSON.parse(readFileSync(`${PACK_DIR}published-facts.json`, 'utf8')) as {
      date: string;
      metric: string;
      value: number | string;
      unit: string;
      source: string;
    }[];
    const rows = readPackCsv('facts.csv');
    for (const f of facts) {
      if (typeof f.value !== 'number') continue;
      const hit = rows.find(
        (r) => r.metric === f.metric && r.source === f.source && Number(r.value) === f.value,
      );
      expect(hit, JSON.stringify(f)).toBeDefined();
      expect(hit!.unit).toBe(f.unit);
      expect(hit!.quality).toBe('published');
    }
  });

  it('keeps conflicting figures side by side: both 02-05 closes and both IBIT 02-05 flows', () => {
    const facts = readPackCsv('facts.csv').filter((r) => r.date === '2026-02-05');
    const closes = facts.filter((r) => r.metric.startsWith('BTC daily close')).map((r) => Number(r.value));
    expect(closes.sort((a, b) => a - b)).toEqual([62702, 62854]);
    const flows = readPackCsv('etf_flows.csv').filter(
      (r) => r.date === '2026-02-05' && r.ticker === 'IBIT' && r.quality === 'published',
    );
    expect(flows.map((r) => [r.flow_source, r.method, Number(r.flow_usd)]).sort()).toEqual([
      ['jeff_park', 'shares_outstanding_t', 230_000_000],
      ['sosovalue', 'reported', -175_330_000],
    ]);
  });
});

describe('provenance per value', () => {
  const RANK: Readonly<Record<string, number>> = { observed: 0, published: 1, reconstructed: 2 };

  it('the 2026-02-05 IBIT put and call volumes are reconstructed; only their sum is published', () => {
    const o = findRow('options_daily.csv', { date: '2026-02-05', underlying: 'IBIT' });
    expect(o.quality).toBe('reconstructed');
    expect(valueQuality('options_daily', '2026-02-05 IBIT', 'put_volume', o).quality).toBe('reconstructed');
    expect(valueQuality('options_daily', '2026-02-05 IBIT', 'call_volume', o).quality).toBe('reconstructed');
    expect(valueQuality('options_daily', '2026-02-05 IBIT', 'call_volume+put_volume', o).quality).toBe(
      'published',
    );
  });

  it('a row is as weak as its weakest value: every provenance entry is stronger than its row', () => {
    const files: Readonly<Record<string, string>> = {
      etf_daily: 'etf_daily.csv',
      options_daily: 'options_daily.csv',
      futures_settlements: 'futures_settlements.csv',
      bars: 'bars.csv',
    };
    const keys: Readonly<Record<string, readonly string[]>> = {
      etf_daily: ['date', 'ticker'],
      options_daily: ['date', 'underlying'],
      futures_settlements: ['date', 'venue', 'contract'],
      bars: ['ts', 'venue', 'symbol', 'interval'],
    };
    const prov = readPackCsv('provenance.csv');
    expect(prov.length).toBeGreaterThan(0);
    for (const p of prov) {
      const rows = readPackCsv(files[p.dataset]);
      const row = rows.find((r) => keys[p.dataset].map((k) => r[k]).join(' ') === p.row_key);
      expect(row, `${p.dataset} ${p.row_key}`).toBeDefined();
      expect(RANK[p.quality], `${p.dataset} ${p.row_key} ${p.field}`).toBeLessThan(RANK[row!.quality]);
      for (const c of p.field.split('+')) expect(Object.keys(row!), p.field).toContain(c);
      expect(p.date).toBe(p.row_key.slice(0, 10));
    }
  });
});

describe('published figures against the observed data (cross-checks, not anchors)', () => {
  const bars = readPackCsv('bars.csv');
  const hourly = readPackCsv('bars.1h.csv');
  const yahoo = (symbol: string, ts: string): Record<string, string> =>
    bars.find((r) => r.venue === 'yahoo' && r.symbol === symbol && r.ts === ts)!;

  it('BTC 2026-02-05: Yahoo close 62,702.10 is the published Yahoo figure; forvest 62,854 is within 0.25%', () => {
    const c = Number(yahoo('BTC-USD', '2026-02-05T00:00:00Z').close);
    expect(c).toBe(62702.1);
    expect(Math.abs(62854 / c - 1)).toBeLessThan(0.0025);
  });

  it('BTC low 60,000.00 is in the Binance bar of 2026-02-06 00:00 UTC (evening of 02-05 in New York)', () => {
    const low = hourly.reduce((a, r) => (Number(r.low) < Number(a.low) ? r : a));
    expect([low.ts, Number(low.low)]).toEqual(['2026-02-06T00:00:00Z', 60000]);
  });

  it('Binance UTC day 2026-02-05: open 73,165.84, close 62,909.86 (-14.02%)', () => {
    const day = hourly.filter((r) => r.ts.startsWith('2026-02-05'));
    expect(day).toHaveLength(24);
    const [o, c] = [Number(day[0].open), Number(day[23].close)];
    expect([o, c]).toEqual([73165.84, 62909.86]);
    expect(c / o - 1).toBeCloseTo(-0.1402, 4);
  });

  it('the 16:00 ET reference of 2026-02-05 is the close of the 20:00 UTC Binance bar', () => {
    const ref = bars.find((r) => r.venue === 'reference' && r.ts === '2026-02-05T21:00:00Z')!;
    const bar = hourly.find((r) => r.ts === '2026-02-05T20:00:00Z')!;
    expect(ref.close).toBe(bar.close);
    expect(ref.quality).toBe('observed');
  });

  it('IBIT close 36.10 and IGV close 79.67 on 2026-02-05 are what Yahoo observed', () => {
    const ibit = findRow('etf_daily.csv', { date: '2026-02-05', ticker: 'IBIT' });
    expect(Number(ibit.close)).toBe(36.1);
    expect(valueQuality('etf_daily', '2026-02-05 IBIT', 'close', ibit)).toEqual({
      quality: 'observed',
      source: 'yahoo',
    });
    expect(Number(yahoo('IGV', '2026-02-05T21:00:00Z').close)).toBe(79.67);
  });

  it('IBIT 2025-11-21: consolidated volume 168.2M observed, 0.6% under the published 169.21M record', () => {
    const r = findRow('etf_daily.csv', { date: '2025-11-21', ticker: 'IBIT' });
    expect(Number(r.volume_shares)).toBe(168_213_523);
    expect(Math.abs(Number(r.volume_shares) / 169_210_000 - 1)).toBeLessThan(0.01);
  });

  it('Farside IBIT flows equal the published SoSoValue figures to $0.1M (02-04, 02-05)', () => {
    for (const [d, pub] of [
      ['2026-02-04', -373_440_000],
      ['2026-02-05', -175_330_000],
    ] as const) {
      const f = findRow('etf_flows.csv', { date: d, ticker: 'IBIT', flow_source: 'farside' });
      expect(f.quality).toBe('observed');
      expect(Math.abs(Number(f.flow_usd) - pub), d).toBeLessThanOrEqual(100_000);
    }
  });
});
