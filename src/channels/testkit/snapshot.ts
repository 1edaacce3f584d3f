/*
 * A small hand-written market snapshot for channel tests: BTC at 70,000 USD on 2026-02-04 at the New York
 * close, IBIT at 0.00057 BTC per share, a few options on IBIT and Deribit, a few notes, cohorts, a CFTC
 * report and a 2× and a −2× levered ETF. Numbers are round so that tests can be computed by hand.
 */
import { sampleRows } from '../../data/models/testkit/sampleRows.js';
import type { MarketSnapshot } from '../../market/snapshot.js';

const I = '2026-01-01T00:00:00Z';
export const TEST_AS_OF = '2026-02-04T21:00:00Z';
export const TEST_SPOT = 70_000;
export const TEST_BPS = 0.00057;

const chainRow = (
  venue: string,
  underlying: string,
  expiry: string,
  strike: number,
  option_type: 'call' | 'put',
  dealer_position: number | null,
  open_interest: number,
  iv: number,
) => ({
  ...sampleRows.option_chain,
  as_of: TEST_AS_OF,
  venue,
  underlying,
  expiry,
  strike,
  option_type,
  dealer_position,
  open_interest,
  iv,
  underlying_price: underlying === 'BTC' ? TEST_SPOT * 1.002 : TEST_SPOT * TEST_BPS,
  multiplier: underlying === 'BTC' ? 1 : 100,
  ingested_at: I,
});

const noteRow = (
  note_id: string,
  barrier_level: number,
  monitoring: 'daily' | 'final',
  maturity: string,
) => ({
  ...sampleRows.structured_notes,
  note_id,
  underlying: 'IBIT',
  pricing_date: '2025-06-02',
  initial_level: 45,
  barrier_level,
  barrier_pct: barrier_level / 45,
  barrier_monitoring: monitoring,
  maturity,
  notional_usd: 20_000_000,
  ingested_at: I,
});

const cohort = (side: 'long' | 'short', entry_price: number, leverage: number, notional_usd: number) => ({
  ...sampleRows.perp_cohorts,
  as_of: TEST_AS_OF,
  side,
  entry_price,
  leverage,
  notional_usd,
  ingested_at: I,
});

const etf = (ticker: string, aumUsd: number, close: number) => ({
  ticker,
  date: '2026-02-04',
  close,
  btcPerShare: ticker === 'IBIT' ? TEST_BPS : close / TEST_SPOT,
  aumUsd,
  quality: 'published' as const,
});

const prov = (input: string, rows: number) => ({
  input,
  quality: 'reconstructed' as const,
  sources: ['test'],
  rows,
  asOf: TEST_AS_OF,
});

/** The test snapshot; `over` replaces fields. */
export function testSnapshot(over: Partial<MarketSnapshot> = {}): MarketSnapshot {
  const chain = [
    chainRow('cboe', 'IBIT', '2026-02-20T21:00:00Z', 40, 'put', -20_000, 30_000, 0.6),
    chainRow('cboe', 'IBIT', '2026-03-20T20:00:00Z', 42, 'call', 15_000, 25_000, 0.55),
    chainRow('deribit', 'BTC', '2026-02-27T08:00:00Z', 65_000, 'put', -800, 1_500, 0.58),
    chainRow('deribit', 'BTC', '2026-03-27T08:00:00Z', 80_000, 'call', -500, 900, 0.5),
  ];
  const notes = [
    noteRow('N-daily-1', 31.5, 'daily', '2026-06-01'),
    noteRow('N-daily-2', 29.25, 'daily', '2027-06-01'),
    noteRow('N-final', 27, 'final', '2027-12-01'),
  ];
  const cohorts = [
    cohort('long', 72_000, 10, 300_000_000),
    cohort('long', 69_000, 5, 200_000_000),
    cohort('short', 71_000, 20, 150_000_000),
    cohort('long', 60_000, 1, 50_000_000),
  ];
  const base: MarketSnapshot = {
    asOf: TEST_AS_OF,
    etfTicker: 'IBIT',
    spot: { usd: TEST_SPOT, asOf: TEST_AS_OF, quality: 'reconstructed', source: 'test' },
    btcPerShare: { IBIT: TEST_BPS },
    etfs: {
      IBIT: etf('IBIT', 56e9, TEST_SPOT * TEST_BPS),
      BITX: etf('BITX', 2e9, 40),
      SBIT: etf('SBIT', 0.1e9, 20),
    },
    etfCloses: [
      { date: '2026-02-03', close: 41 },
      { date: '2026-02-04', close: TEST_SPOT * TEST_BPS },
    ],
    etfAdvUsd: 3e9,
    chain,
    notes,
    cohorts,
    cftc: {
      ...sampleRows.cftc_positions,
      published_at: '2026-01-30T20:30:00Z',
      report_date: '2026-01-27',
      ingested_at: I,
    },
    cmeOpenInterest: null,
    dvol: { value: 0.5, asOf: TEST_AS_OF, quality: 'observed' },
    depth: null,
    provenance: [
      prov('option_chain', chain.length),
      prov('structured_notes', notes.length),
      prov('perp_cohorts', cohorts.length),
      prov('cftc_positions', 1),
      prov('etf_daily', 3),
    ],
  };
  return { ...base, ...over };
}
