import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PACK_DIR, readManifest, readPackCsv } from './readPack.js';

/*
 * Every published figure the pack reproduces, written out here by hand from
 * shared/data/2026-02-05/published-facts.json (value and page), and looked up in the committed CSV
 * files: the cell must hold the figure exactly, the row must be quality 'published', and the page must
 * be the row's `source` or listed for that cell in manifest.json.
 */

const FORVEST = 'https://forvest.io/fortuna-abilities/news-review/weekly-crypto-analysis/';
const SKALININ_09 = 'https://skalinin.blogspot.com/2026/02/introduction-todays-regime-digestion.html';
const SKALININ_11 = 'https://skalinin.blogspot.com/2026/02/11-feb-2026-tactical-outlook.html';
const SKALININ_12 = 'https://skalinin.blogspot.com/2026/02/12-feb-2026-outflows-worsened.html';
const SKALININ_13 = 'https://skalinin.blogspot.com/';
const THJOURNAL =
  'https://www.thjournal.com/articles/bitcoin-crashes-45-percent-from-record-high-as-global-sell-off-deepens';
const COINAILS = 'https://coinails.com/?p=12831';
const BCDWIKI =
  'https://blockchaindatawiki.com/are-bitcoin-etf-outflows-crushing-retail-and-pressuring-price';
const ALTCOIN_OBSERVER = 'https://altcoin.observer/?p=60147';
const TRADINGKEY = 'https://www.tradingkey.com/news/cryptocurrencies/261565824-bitcoinist';

type Match = Readonly<Record<string, string>>;
interface Expected {
  readonly file: string;
  readonly match: Match;
  readonly column: string;
  readonly value: number;
  readonly source: string;
}

const btcDay = (date: string): Match => ({
  ts: `${date}T00:00:00Z`,
  venue: 'composite',
  symbol: 'BTC-USD',
  interval: '1d',
});
const btcMin = (ts: string): Match => ({ ts, venue: 'composite', symbol: 'BTC-USD', interval: '1m' });

const EXPECTED: readonly Expected[] = [
  // BTC UTC daily closes (one source per date; 02-05 uses forvest's 62,854, Yahoo's 62,702 is in facts).
  {
    file: 'bars.csv',
    match: btcDay('2025-12-31'),
    column: 'close',
    value: 87586,
    source:
      'https://cryptonewz.pages.dev/crypto-news-coindesk.com/markets/2026/01/20/bitcoin-falls-back-to-usd87-500-giving-up-entire-2026-gain',
  },
  { file: 'bars.csv', match: btcDay('2026-02-02'), column: 'close', value: 78768, source: FORVEST },
  { file: 'bars.csv', match: btcDay('2026-02-03'), column: 'close', value: 75639, source: FORVEST },
  { file: 'bars.csv', match: btcDay('2026-02-04'), column: 'close', value: 73172, source: FORVEST },
  { file: 'bars.csv', match: btcDay('2026-02-05'), column: 'close', value: 62854, source: FORVEST },
  { file: 'bars.csv', match: btcDay('2026-02-06'), column: 'close', value: 70524, source: FORVEST },
  { file: 'bars.csv', match: btcDay('2026-02-09'), column: 'close', value: 70086, source: SKALININ_09 },
  { file: 'bars.csv', match: btcDay('2026-02-10'), column: 'close', value: 68811, source: SKALININ_09 },
  { file: 'bars.csv', match: btcDay('2026-02-11'), column: 'close', value: 67066, source: SKALININ_11 },
  { file: 'bars.csv', match: btcDay('2026-02-12'), column: 'close', value: 66219, source: SKALININ_12 },
  { file: 'bars.csv', match: btcDay('2026-02-13'), column: 'close', value: 68812, source: SKALININ_13 },
  // Day extremes.
  { file: 'bars.csv', match: btcDay('2025-10-06'), column: 'high', value: 126080, source: THJOURNAL },
  {
    file: 'bars.csv',
    match: btcDay('2025-10-10'),
    column: 'low',
    value: 105896,
    source: 'https://www.binance.bh/en/square/post/30899838354146',
  },
  {
    file: 'bars.csv',
    match: btcDay('2026-01-21'),
    column: 'low',
    value: 87200,
    source: 'https://www.mexc.com/news/542404',
  },
  {
    file: 'bars.csv',
    match: btcDay('2026-01-21'),
    column: 'high',
    value: 90300,
    source: 'https://www.mexc.com/news/542404',
  },
  {
    file: 'bars.csv',
    match: btcDay('2026-01-28'),
    column: 'low',
    value: 87271,
    source: 'https://ts2.tech/en/bitcoin-price-nears-90000-again-as-fed-decision-looms-and-etf-flows-flip',
  },
  {
    file: 'bars.csv',
    match: btcDay('2026-01-29'),
    column: 'low',
    value: 84231,
    source: 'https://cryptonews.net/news/bitcoin/32356632',
  },
  {
    file: 'bars.csv',
    match: btcDay('2026-01-30'),
    column: 'low',
    value: 81104,
    source: 'https://arynews.tv/bitcoin-on-a-downward-trend',
  },
  {
    file: 'bars.csv',
    match: btcDay('2026-01-31'),
    column: 'low',
    value: 75709.88,
    source:
      'https://gazillions.com/trends/bitcoin-price-plunges-below-80-000-1-6b-etf-outflows-trigger-40-crash',
  },
  {
    file: 'bars.csv',
    match: btcDay('2026-02-02'),
    column: 'low',
    value: 74546,
    source: 'https://www.hotbookzone.com/news/614622',
  },
  { file: 'bars.csv', match: btcDay('2026-02-03'), column: 'low', value: 72884, source: THJOURNAL },
  {
    file: 'bars.csv',
    match: btcDay('2026-02-04'),
    column: 'low',
    value: 72412,
    source:
      'https://www.pointfxltd.com/news-room/news/how-did-cryptocurrency-prices-develop-over-the-past-24-hours-2026-02-04',
  },
  {
    file: 'bars.csv',
    match: btcDay('2026-02-05'),
    column: 'low',
    value: 62000,
    source: 'https://streamlinecrypto.com/?p=90537',
  },
  {
    file: 'bars.csv',
    match: btcDay('2026-02-06'),
    column: 'low',
    value: 60033,
    source: 'https://cryptovalleyjournal.com/news/bitcoin-drops-to-60000-worst-crash-since-ftx-collapse',
  },
  { file: 'bars.csv', match: btcDay('2026-02-06'), column: 'high', value: 71458, source: THJOURNAL },
  {
    file: 'bars.csv',
    match: btcDay('2026-02-08'),
    column: 'low',
    value: 68443,
    source: 'https://www.usfinancetimes.com/bitcoins-resilience-a-journey-from-60k-crash-to-recovery.html',
  },
  {
    file: 'bars.csv',
    match: btcDay('2026-02-08'),
    column: 'high',
    value: 70976,
    source: 'https://www.usfinancetimes.com/bitcoins-resilience-a-journey-from-60k-crash-to-recovery.html',
  },
  // Timed quotes on the 1-minute bars (the bar that closes at the quoted minute).
  {
    file: 'bars.1m.csv',
    match: btcMin('2026-02-05T12:23:00Z'),
    column: 'close',
    value: 69231.67,
    source:
      'https://www.livemint.com/market/cryptocurrency/bitcoin-prices-today-largest-crypto-token-falls-below-70-000-for-1st-time-after-trumps-return-to-white-house/amp-11770293294728.html',
  },
  {
    file: 'bars.1m.csv',
    match: btcMin('2026-02-05T12:30:00Z'),
    column: 'close',
    value: 69332,
    source: 'https://usaemall.com/bitcoin-drops-beneath-70000-as-sell-off-continues-usaemall-com/?amp=1',
  },
  {
    file: 'bars.1m.csv',
    match: btcMin('2026-02-05T14:15:00Z'),
    column: 'close',
    value: 69560,
    source: 'https://international.schwab.com/resource-center/insights/content/schwab-market-update',
  },
  {
    file: 'bars.1m.csv',
    match: btcMin('2026-02-05T21:14:00Z'),
    column: 'close',
    value: 63519,
    source: 'http://gate.tv/news/detail/18604058',
  },
  {
    file: 'bars.1m.csv',
    match: btcMin('2026-02-06T15:40:00Z'),
    column: 'close',
    value: 68402.96,
    source: 'https://coinmarketcap.com/cmc-ai/bitcoin/price-analysis',
  },
  {
    file: 'bars.1m.csv',
    match: btcMin('2026-02-06T19:52:00Z'),
    column: 'close',
    value: 70826.9,
    source:
      'https://www.tradevae.com/news/cryptocurrency/bitcoin-surges-back-above-70000-as-market-sees-short-lived-rally',
  },
  {
    file: 'bars.1h.csv',
    match: { ts: '2026-02-05T18:00:00Z', venue: 'composite', symbol: 'BTC-USD', interval: '1h' },
    column: 'low',
    value: 63000,
    source: 'https://www.mexc.co/en-NG/news/646403',
  },
  {
    file: 'bars.1h.csv',
    match: { ts: '2026-02-08T18:00:00Z', venue: 'composite', symbol: 'BTC-USD', interval: '1h' },
    column: 'close',
    value: 70854,
    source: 'https://www.usfinancetimes.com/bitcoins-resilience-a-journey-from-60k-crash-to-recovery.html',
  },
  // Cross-asset closes.
  {
    file: 'bars.csv',
    match: { ts: '2026-02-05T21:00:00Z', venue: 'composite', symbol: 'IBIT', interval: '1d' },
    column: 'close',
    value: 36.1,
    source: 'https://www.newsdirectory3.com/?p=5445869',
  },
  {
    file: 'bars.csv',
    match: { ts: '2025-10-06T20:00:00Z', venue: 'composite', symbol: 'IBIT', interval: '1d' },
    column: 'high',
    value: 71.82,
    source: COINAILS,
  },
  {
    file: 'bars.csv',
    match: { ts: '2026-02-05T21:00:00Z', venue: 'composite', symbol: 'IGV', interval: '1d' },
    column: 'close',
    value: 79.67,
    source: 'https://www.ginlix.ai/news/25704-SaaS-Pocalypse-Sweeps-Markets',
  },
  // ETFs.
  {
    file: 'etf_daily.csv',
    match: { date: '2026-02-05', ticker: 'IBIT' },
    column: 'close',
    value: 36.1,
    source: 'https://www.newsdirectory3.com/?p=5445869',
  },
  {
    file: 'etf_daily.csv',
    match: { date: '2026-02-05', ticker: 'IBIT' },
    column: 'volume_shares',
    value: 284_000_000,
    source: COINAILS,
  },
  {
    file: 'etf_daily.csv',
    match: { date: '2026-02-05', ticker: 'IBIT' },
    column: 'flow_usd',
    value: 230_000_000,
    source: ALTCOIN_OBSERVER,
  },
  {
    file: 'etf_daily.csv',
    match: { date: '2025-11-21', ticker: 'IBIT' },
    column: 'volume_shares',
    value: 169_210_000,
    source: COINAILS,
  },
  {
    file: 'etf_daily.csv',
    match: { date: '2026-02-04', ticker: 'IBIT' },
    column: 'aum_usd',
    value: 56_210_000_000,
    source: BCDWIKI,
  },
  {
    file: 'etf_daily.csv',
    match: { date: '2026-02-04', ticker: 'IBIT' },
    column: 'flow_usd',
    value: -373_440_000,
    source: BCDWIKI,
  },
  {
    file: 'etf_daily.csv',
    match: { date: '2026-01-30', ticker: 'IBIT' },
    column: 'flow_usd',
    value: -530_000_000,
    source: TRADINGKEY,
  },
  {
    file: 'etf_daily.csv',
    match: { date: '2026-02-04', ticker: 'FBTC' },
    column: 'flow_usd',
    value: -86_440_000,
    source: BCDWIKI,
  },
  {
    file: 'etf_daily.csv',
    match: { date: '2026-02-04', ticker: 'GBTC' },
    column: 'flow_usd',
    value: -41_770_000,
    source: BCDWIKI,
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

describe('published anchors in the committed pack', () => {
  const manifest = readManifest();

  it.each(
    EXPECTED.map(
      (e) => [`${e.file} ${Object.values(e.match).join(' ')} ${e.column} = ${e.value}`, e] as const,
    ),
  )('%s', (_, e) => {
    const row = findRow(e.file, e.match);
    expect(Number(row[e.column]), JSON.stringify(row)).toBe(e.value);
    expect(row.quality, JSON.stringify(row)).toBe('published');
    const listed = manifest.files
      .find((f) => f.path === e.file)!
      .anchors.some((a) => a.column === e.column && a.value === e.value && a.source === e.source);
    expect(
      row.source === e.source || listed,
      `${e.source} is neither the row's source nor listed in the manifest`,
    ).toBe(true);
  });

  it('the 02-05 CME front basis is 3.3% and the 02-06 one 9% against the 16:00 ET reference (Park)', () => {
    const ref = (d: string): number =>
      Number(readPackCsv('bars.csv').find((r) => r.venue === 'reference' && r.ts.startsWith(d))!.close);
    const basis = (d: string): number => {
      const r = findRow('futures_settlements.csv', {
        date: d,
        contract: d < '2026-01-01' ? 'BTCZ5' : 'BTCG6',
      });
      const days = (Date.parse(r.expiry) - Date.parse(d)) / 86_400_000;
      expect(
        r.source === ALTCOIN_OBSERVER || r.source === 'https://www.mexc.co/en-IN/news/221575',
        JSON.stringify(r),
      ).toBe(true);
      return ((Number(r.settle) / ref(d) - 1) * 365) / days;
    };
    expect(basis('2026-02-05')).toBeCloseTo(0.033, 5);
    expect(basis('2026-02-06')).toBeCloseTo(0.09, 5);
    expect(basis('2025-12-03')).toBeCloseTo(-0.0235, 5);
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
    expect(Number(o.put_volume)).toBeGreaterThan(Number(o.call_volume));
    expect(o.source).toBe('https://www.usfinancetimes.com/?p=11747');
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
    const ms2025 = notes.filter(
      (n) => n.issuer === 'Morgan Stanley Finance LLC' && n.pricing_date < '2026-01-01',
    );
    expect(ms2025.reduce((a, n) => a + Number(n.notional_usd), 0)).toBe(104_000_000);
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
