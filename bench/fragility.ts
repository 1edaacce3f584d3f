import { fragilityGrid } from '../src/channels/grid.js';
import { sampleRows } from '../src/data/models/testkit/sampleRows.js';
import { fragilityMap } from '../src/fragility/map.js';
import type { MarketSnapshot } from '../src/market/snapshot.js';
import { type BenchOptions, DEFAULT_BENCH, measure } from './harness.js';
import { seededRng } from './rng.js';

/*
 * Target (issue 10): the full fragility map for 2,000 options + 200 structured notes + 500 perp cohorts on a
 * 2,000-point BTC grid in < 100 ms on one core. Seeded synthetic snapshot: IBIT and Deribit options 1–365
 * days, strikes ±60 % around spot, vols 30–120 %; notes on IBIT with barriers 50–90 % of initial levels,
 * daily or final monitoring, 0.2–3 years; cohorts long/short, entries ±20 %, leverage 2–50×. The timed work
 * is one `fragilityMap` call with every channel (books, total, κ, levels).
 */

export const FRAG_OPTIONS = 2000;
export const FRAG_NOTES = 200;
export const FRAG_COHORTS = 500;
export const FRAG_POINTS = 2000;
const SEED = 20260205;
const SPOT = 70000;
const BPS = 0.000568;
const AS_OF = '2026-02-04T21:00:00Z';
const I = '2026-01-01T00:00:00Z';

export function syntheticSnapshot(): MarketSnapshot {
  const rng = seededRng(SEED);
  const asOfMs = Date.parse(AS_OF);
  const chain = [];
  for (let i = 0; i < FRAG_OPTIONS; i++) {
    const ibit = rng.next() < 0.5;
    const days = rng.int(1, 365);
    const k = Math.exp(rng.uniform(-0.6, 0.6));
    chain.push({
      ...sampleRows.option_chain,
      as_of: AS_OF,
      venue: ibit ? 'cboe' : 'deribit',
      underlying: ibit ? 'IBIT' : 'BTC',
      expiry: `${new Date(asOfMs + days * 86_400_000).toISOString().slice(0, 19)}Z`,
      strike: ibit ? SPOT * BPS * k : SPOT * k,
      option_type: (rng.next() < 0.5 ? 'call' : 'put') as 'call' | 'put',
      open_interest: rng.int(1, 20000),
      iv: rng.uniform(0.3, 1.2),
      underlying_price: ibit ? SPOT * BPS : SPOT * (1 + 0.05 * (days / 365)),
      dealer_position: rng.int(-20000, 20000),
      multiplier: ibit ? 100 : 1,
      ingested_at: I,
    });
  }
  const notes = [];
  for (let i = 0; i < FRAG_NOTES; i++) {
    const initial = SPOT * BPS * Math.exp(rng.uniform(-0.3, 0.3));
    const b = rng.uniform(0.5, 0.9);
    notes.push({
      ...sampleRows.structured_notes,
      note_id: `N${i}`,
      underlying: 'IBIT',
      pricing_date: '2025-06-02',
      initial_level: initial,
      barrier_pct: b,
      barrier_level: initial * b,
      barrier_monitoring: (rng.next() < 0.5 ? 'daily' : 'final') as 'daily' | 'final',
      maturity: new Date(asOfMs + rng.int(73, 1095) * 86_400_000).toISOString().slice(0, 10),
      notional_usd: rng.int(1, 50) * 1e6,
      ingested_at: I,
    });
  }
  const cohorts = [];
  for (let i = 0; i < FRAG_COHORTS; i++) {
    cohorts.push({
      ...sampleRows.perp_cohorts,
      as_of: AS_OF,
      side: (rng.next() < 0.6 ? 'long' : 'short') as 'long' | 'short',
      entry_price: SPOT * Math.exp(rng.uniform(-0.2, 0.2)),
      leverage: rng.int(2, 50),
      notional_usd: rng.int(1, 200) * 1e6,
      ingested_at: I,
    });
  }
  return {
    asOf: AS_OF,
    etfTicker: 'IBIT',
    spot: { usd: SPOT, asOf: AS_OF, quality: 'reconstructed', source: 'bench' },
    btcPerShare: { IBIT: BPS },
    etfs: {},
    etfCloses: [],
    etfAdvUsd: null,
    chain,
    notes,
    cohorts,
    cftc: null,
    cmeOpenInterest: null,
    dvol: null,
    depth: null,
    provenance: [],
  };
}

/**
 * Wall time of one full fragility map.
 * @example benchFragility().msPerMap // e.g. 60 (target < 100)
 */
export function benchFragility(opts: BenchOptions = DEFAULT_BENCH): { label: string; msPerMap: number } {
  const snapshot = syntheticSnapshot();
  const grid = fragilityGrid(SPOT, {
    lo: SPOT * 0.6,
    hi: SPOT * 1.4,
    step: (0.8 * SPOT) / (FRAG_POINTS - 1),
  });
  let sink = 0;
  const r = measure(
    {
      opsPerPass: 1,
      pass: () => {
        const map = fragilityMap({ snapshot, grid });
        sink += map.total.flowUsd[0];
      },
    },
    opts,
  );
  if (Number.isNaN(sink)) throw new Error('fragility bench: NaN in the map');
  return {
    label: `fragility map (${FRAG_OPTIONS} options + ${FRAG_NOTES} notes + ${FRAG_COHORTS} cohorts × ${grid.length} BTC prices)`,
    msPerMap: 1000 / r.opsPerSec,
  };
}
