/**
 * One valid row per model, hand-written from the data contract (.helpers/DATA_CONTRACT.md) with figures
 * of the 2026-02-05 event where there are published ones. Tests derive bad rows from these by changing
 * one field at a time.
 */
import type { ModelName, RowOf } from '../index.js';

const SRC = 'https://example.com/source';

export const sampleRows: { readonly [M in ModelName]: RowOf<M> } = {
  etf_daily: {
    date: '2026-02-05',
    ticker: 'IBIT',
    close: 35.2,
    volume_shares: 284_000_000,
    volume_usd: 10_000_000_000,
    shares_outstanding: 1_376_000_000,
    nav: 35.25,
    btc_per_share: 0.000568,
    aum_usd: 48_504_000_000,
    flow_usd: 230_000_000,
    flow_source: 'shares_outstanding_t',
    source: SRC,
    quality: 'published',
  },
  etf_flows: {
    date: '2026-02-05',
    ticker: 'IBIT',
    flow_usd: -175_000_000,
    method: 'reported',
    flow_source: 'farside',
    source: SRC,
    quality: 'published',
  },
  options_daily: {
    date: '2026-02-05',
    underlying: 'IBIT',
    call_volume: 1_200_000,
    put_volume: 2_100_000,
    call_oi: null,
    put_oi: 5_000_000,
    source: SRC,
    quality: 'reconstructed',
  },
  option_chain: {
    as_of: '2026-02-05T21:00:00Z',
    venue: 'cboe',
    underlying: 'IBIT',
    expiry: '2026-02-20T21:00:00Z',
    strike: 35,
    option_type: 'put',
    open_interest: 120_000,
    volume: 45_000,
    iv: 0.9,
    mark: 2.15,
    underlying_price: 35.2,
    dealer_position: -80_000,
    multiplier: 100,
    source: SRC,
    quality: 'reconstructed',
  },
  futures_settlements: {
    date: '2026-02-05',
    venue: 'cme',
    contract: 'BTCG6',
    expiry: '2026-02-27',
    settle: 63_250,
    volume: 25_000,
    open_interest: 14_500,
    multiplier: 5,
    source: SRC,
    quality: 'reconstructed',
  },
  bars: {
    ts: '2026-02-05T21:00:00Z',
    venue: 'reference',
    symbol: 'BTC-USD',
    interval: '1d',
    open: 73_172,
    high: 73_500,
    low: 60_074,
    close: 62_854,
    volume: null,
    source: SRC,
    quality: 'published',
  },
  open_interest: {
    ts: '2026-02-05T21:00:00Z',
    venue: 'binance',
    symbol: 'BTCUSDT',
    oi_contracts: 80_000,
    oi_btc: 80_000,
    oi_usd: 5_028_320_000,
    source: SRC,
    quality: 'reconstructed',
  },
  funding: {
    ts: '2026-02-05T16:00:00Z',
    venue: 'binance',
    symbol: 'BTCUSDT',
    rate: -0.0002,
    source: SRC,
    quality: 'reconstructed',
  },
  liquidations: {
    ts: '2026-02-05T20:00:00Z',
    venue: 'binance',
    symbol: 'BTCUSDT',
    side: 'long',
    notional_usd: 350_000_000,
    source: SRC,
    quality: 'reconstructed',
  },
  stress_series: {
    date: '2026-02-04',
    series: 'pb_multistrat_perf_z',
    value: -3.5,
    unit: 'z',
    source: SRC,
    quality: 'published',
  },
  structured_notes: {
    note_id: 'JPM-IBIT-2025-11',
    issuer: 'JPMorgan',
    underlying: 'IBIT',
    pricing_date: '2025-11-26',
    initial_level: 50.57,
    barrier_pct: 0.7,
    barrier_level: 35.4,
    barrier_monitoring: 'final',
    autocall_pct: 1,
    coupon_pct: 0.1425,
    maturity: '2028-11-29',
    notional_usd: 10_000_000,
    source_url: 'https://www.sec.gov/',
    source: SRC,
    quality: 'published',
  },
  perp_cohorts: {
    as_of: '2026-02-05T21:00:00Z',
    venue: 'binance',
    symbol: 'BTCUSDT',
    side: 'long',
    entry_price: 70_000,
    leverage: 10,
    notional_usd: 120_000_000,
    source: SRC,
    quality: 'reconstructed',
  },
  cftc_positions: {
    report_date: '2026-02-03',
    contract: 'BITCOIN - CHICAGO MERCANTILE EXCHANGE',
    lev_long: 10_000,
    lev_short: 25_000,
    am_long: 12_000,
    am_short: 2_000,
    published_at: '2026-02-06T20:30:00Z',
    source: SRC,
    quality: 'reconstructed',
  },
  facts: {
    date: '2026-02-05',
    metric: 'IBIT net creations (Park, share count)',
    value: 230,
    unit: 'USD mn',
    source: 'https://altcoin.observer/?p=60147',
    confidence: 'conflicting',
    note: null,
    quality: 'published',
  },
  value_provenance: {
    date: '2026-02-05',
    dataset: 'options_daily',
    row_key: '2026-02-05 IBIT',
    field: 'call_volume+put_volume',
    source: 'https://www.usfinancetimes.com/?p=11747',
    quality: 'published',
  },
};

/** A cell of a sample row written as a CSV/JSON text cell ('' for null). */
export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** CSV text (header + rows) of rows of one model, columns in model order. */
export function toCsv(
  columns: readonly string[],
  rows: readonly Readonly<Record<string, unknown>>[],
): string {
  return `${[columns.join(','), ...rows.map((r) => columns.map((c) => csvCell(r[c])).join(','))].join('\n')}\n`;
}
