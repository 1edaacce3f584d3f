import { priceGrid } from '../src/analytics/btcAxis.js';
import { type ChainOptionRow, dealerBook, gammaProfile } from '../src/analytics/positioning.js';
import { type BenchOptions, DEFAULT_BENCH, measure } from './harness.js';
import { seededRng } from './rng.js';

/*
 * Target (issue 4): a 2,000-option × 1,000-point dealer gamma profile in < 100 ms on one core. The book is a
 * seeded mix of IBIT options (100 shares, BSM on the share price) and Deribit options (Black-76 on the
 * forward), 1–365 days, strikes ±60 % around spot, vols 30–120 %; the grid spans 30k–150k USD. The timed
 * work is one full `gammaProfile` call: per-option precomputation, the log grid and every option × point.
 */

export const GAMMA_OPTIONS = 2000;
export const GAMMA_POINTS = 1000;
const SEED = 20260205;
const SPOT = 70000;
const BTC_PER_SHARE = 0.000568;
const AS_OF = '2026-02-04T21:00:00Z';

function syntheticChain(n: number, seed: number): ChainOptionRow[] {
  const rng = seededRng(seed);
  const asOfMs = Date.parse(AS_OF);
  const rows: ChainOptionRow[] = [];
  for (let i = 0; i < n; i++) {
    const ibit = rng.next() < 0.5;
    const days = rng.int(1, 365);
    const moneyness = Math.exp(rng.uniform(-0.6, 0.6));
    rows.push({
      venue: ibit ? 'cboe' : 'deribit',
      underlying: ibit ? 'IBIT' : 'BTC',
      expiry: new Date(asOfMs + days * 86_400_000).toISOString(),
      strike: ibit ? SPOT * BTC_PER_SHARE * moneyness : SPOT * moneyness,
      option_type: rng.next() < 0.5 ? 'call' : 'put',
      open_interest: rng.int(1, 20000),
      iv: rng.uniform(0.3, 1.2),
      underlying_price: ibit ? SPOT * BTC_PER_SHARE : SPOT * (1 + 0.05 * (days / 365)),
      dealer_position: null,
      multiplier: ibit ? 100 : 1,
    });
  }
  return rows;
}

/**
 * Throughput of the dealer gamma profile; ops are option × grid-point evaluations (2e6 per profile).
 * @example benchGammaProfile().msPerProfile // e.g. 20 (target < 100)
 */
export function benchGammaProfile(opts: BenchOptions = DEFAULT_BENCH): {
  label: string;
  opsPerSec: number;
  msPerProfile: number;
} {
  const book = dealerBook(syntheticChain(GAMMA_OPTIONS, SEED), {
    asOf: AS_OF,
    spot: SPOT,
    btcPerShare: { IBIT: BTC_PER_SHARE },
    rate: 0.04,
  });
  const grid = priceGrid(30000, 150000, GAMMA_POINTS);
  const out = new Float64Array(GAMMA_POINTS);
  let sink = 0;
  const opsPerPass = book.n * GAMMA_POINTS;
  const r = measure(
    {
      opsPerPass,
      pass: () => {
        gammaProfile(book, grid, out);
        sink += out[GAMMA_POINTS >> 1];
      },
    },
    opts,
  );
  // Keeps the result observable so that the work cannot be optimized away.
  if (Number.isNaN(sink)) throw new Error('gamma profile bench: NaN in the profile');
  return {
    label: `dealer gamma profile (${book.n} options × ${GAMMA_POINTS} BTC prices)`,
    opsPerSec: r.opsPerSec,
    msPerProfile: (1000 * opsPerPass) / r.opsPerSec,
  };
}
