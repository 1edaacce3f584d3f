import { dealerBook } from '../src/analytics/positioning.js';
import { addPremiumAdjustment } from '../src/channels/dealerOptions.js';
import { computeGrid, fragilityGrid } from '../src/channels/grid.js';
import { sampleRows } from '../src/data/models/testkit/sampleRows.js';
import { fragilityMap } from '../src/fragility/map.js';
import type { MarketSnapshot } from '../src/market/snapshot.js';
import { bsGreeksKernel, G_COUNT, G_DELTA, G_PRICE } from '../src/pricing/index.js';
import { type BenchOptions, DEFAULT_BENCH, measure, measureInterleaved } from './harness.js';
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

/**
 * The premium-adjusted intensity of the coin-settled options of the synthetic book on the dealer channel's
 * compute grid (801 points), before and after the grid kernels, interleaved in one run: "before" is the
 * previous code (the full scalar Greeks kernel per option × point, kept here as the baseline), "after" is
 * `addPremiumAdjustment` (bsGreeksGrid for sticky strike; bsPriceDeltaGammaBatch per point with a vol path).
 * Also the full map with `inverseDelta: 'premium-adjusted'` (after only; the default map does not run this).
 */
export function benchPremiumAdjusted(opts: BenchOptions = DEFAULT_BENCH): {
  readonly options: number;
  readonly points: number;
  readonly stickyBeforeMs: number;
  readonly stickyAfterMs: number;
  readonly pathBeforeMs: number;
  readonly pathAfterMs: number;
  readonly mapDefaultMs: number;
  readonly mapPremiumAdjustedMs: number;
} {
  const snapshot = syntheticSnapshot();
  const book = dealerBook(snapshot.chain, {
    asOf: snapshot.asOf,
    spot: SPOT,
    btcPerShare: snapshot.btcPerShare,
    signModel: 'positions',
  });
  const inverse = Uint8Array.from({ length: book.n }, (_, i) =>
    snapshot.chain[book.rowIndex[i]].underlying === 'BTC' ? 1 : 0,
  );
  const grid = fragilityGrid(SPOT, {
    lo: SPOT * 0.6,
    hi: SPOT * 1.4,
    step: (0.8 * SPOT) / (FRAG_POINTS - 1),
  });
  const xs = computeGrid(grid, SPOT, 801);
  const sticky = new Float64Array(xs.length);
  const path = Float64Array.from(xs, (x) => -0.5 * Math.log(x / SPOT));
  const out = new Float64Array(xs.length);
  const g = new Float64Array(G_COUNT);
  const before = (shift: Float64Array) => () => {
    out.fill(0);
    for (let i = 0; i < book.n; i++) {
      if (inverse[i] !== 1) continue;
      for (let j = 0; j < xs.length; j++) {
        const f = xs[j] * book.scale[i];
        const vol = Math.max(book.vol[i] + shift[j], 0.01);
        bsGreeksKernel(
          book.sign[i],
          f,
          book.strike[i],
          book.tau[i],
          book.rate[i],
          book.divYield[i],
          vol,
          g,
          0,
        );
        out[j] += 0.01 * book.units[i] * (g[G_DELTA] * f - g[G_PRICE]);
      }
    }
  };
  const after = (shift: Float64Array) => () => {
    out.fill(0);
    addPremiumAdjustment(book, inverse, xs, shift, out);
  };
  const pa = { dealerOptions: { inverseDelta: 'premium-adjusted' } };
  const [sb, sa, pb, pf, md, mp] = measureInterleaved(
    [
      { opsPerPass: 1, pass: before(sticky) },
      { opsPerPass: 1, pass: after(sticky) },
      { opsPerPass: 1, pass: before(path) },
      { opsPerPass: 1, pass: after(path) },
      { opsPerPass: 1, pass: () => void fragilityMap({ snapshot, grid }) },
      { opsPerPass: 1, pass: () => void fragilityMap({ snapshot, grid, assumptions: pa }) },
    ],
    opts,
  );
  const ms = (r: { opsPerSec: number }) => 1000 / r.opsPerSec;
  return {
    options: inverse.reduce((s, v) => s + v, 0),
    points: xs.length,
    stickyBeforeMs: ms(sb),
    stickyAfterMs: ms(sa),
    pathBeforeMs: ms(pb),
    pathAfterMs: ms(pf),
    mapDefaultMs: ms(md),
    mapPremiumAdjustedMs: ms(mp),
  };
}
