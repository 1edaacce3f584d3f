import { type Cell, roundTo, type Table } from './csv.js';
import type { Market } from './market.js';
import { createRng } from './rng.js';
import { GENERATOR_SOURCE } from './sources.js';

/*
 * perp_cohorts: Binance BTCUSDT perpetual positions open at 2026-02-04 16:00 ET, bucketed by entry
 * price ($2,000 buckets, labelled by their centre) x leverage x side (reconstructed; no public source
 * gives this). Method:
 * - where positions were opened: volume-at-price of the last 120 days of the hourly path (time spent
 *   near a price, weighted up on large moves and on recent days);
 * - leverage mix per side (retail-heavy: most notional at 10-25x);
 * - survival: a cohort is kept only if it would not have been liquidated since the last time the price
 *   traded at its entry bucket: long liquidation price P (1 - 1/L + mmr), short P (1 + 1/L - mmr), with
 *   Binance's 0.4% maintenance margin of the first tier (https://www.binance.com/en/futures/trading-rules/perpetual/leverage-margin);
 * - each side's total equals the reconstructed Binance open interest (USD) at the snapshot.
 */

const LEVERAGES = [2, 3, 5, 10, 15, 20, 25, 50, 75, 100] as const;
const LONG_MIX = [0.05, 0.06, 0.11, 0.2, 0.12, 0.17, 0.12, 0.09, 0.04, 0.04];
const SHORT_MIX = [0.08, 0.09, 0.14, 0.22, 0.12, 0.13, 0.09, 0.07, 0.03, 0.03];
const MMR = 0.004;
const BUCKET = 2000;

export const COHORT_AS_OF = '2026-02-04T21:00:00Z';

/**
 * Builds perp_cohorts.
 * @example buildPerpCohorts(market, oiUsd).table.rows[0][1] // 'binance'
 */
export function buildPerpCohorts(m: Market, openInterestUsd: number): { table: Table } {
  const rng = createRng(m.seed, 'perp-cohorts');
  const hb = m.path.hourBars;
  const asOfMs = Date.parse(COHORT_AS_OF);
  const kEnd = (asOfMs - hb.startMs) / hb.stepMs;
  const lookback = 120 * 24;
  const buckets: number[] = [];
  for (let p = 61_000; p <= 125_000; p += BUCKET) buckets.push(p);
  const weight = new Float64Array(buckets.length);
  for (let k = kEnd - lookback; k < kEnd; k++) {
    const ageDays = (kEnd - k) / 24;
    const move = Math.abs(Math.log(hb.close[k] / hb.open[k]));
    const w = (1 + 30 * move) * Math.exp(-ageDays / 45);
    const b = Math.floor((hb.close[k] - (buckets[0] - BUCKET / 2)) / BUCKET);
    if (b >= 0 && b < buckets.length) weight[b] += w;
  }
  const rows: Cell[][] = [];
  for (const side of ['long', 'short'] as const) {
    const mix = side === 'long' ? LONG_MIX : SHORT_MIX;
    const cells: { price: number; lev: number; w: number }[] = [];
    buckets.forEach((p, bi) => {
      if (weight[bi] === 0) return;
      // Last hour at or before the snapshot whose range contains the bucket centre.
      let last = -1;
      for (let k = kEnd - 1; k >= 0; k--) {
        if (hb.low[k] <= p && p <= hb.high[k]) {
          last = k;
          break;
        }
      }
      let minAfter = Infinity;
      let maxAfter = -Infinity;
      for (let k = Math.max(0, last + 1); k < kEnd; k++) {
        if (hb.low[k] < minAfter) minAfter = hb.low[k];
        if (hb.high[k] > maxAfter) maxAfter = hb.high[k];
      }
      LEVERAGES.forEach((lev, li) => {
        const alive =
          side === 'long' ? p * (1 - 1 / lev + MMR) < minAfter : p * (1 + 1 / lev - MMR) > maxAfter;
        if (!alive) return;
        // Longs favour dips bought into; shorts favour entries below the top of the range.
        cells.push({ price: p, lev, w: weight[bi] * mix[li] * (0.8 + 0.4 * rng.uniform()) });
      });
    });
    const total = cells.reduce((a, c) => a + c.w, 0);
    let assigned = 0;
    cells.forEach((c, i) => {
      const usd =
        i === cells.length - 1
          ? roundTo(openInterestUsd - assigned, 0)
          : roundTo((openInterestUsd * c.w) / total, 0);
      assigned += usd;
      rows.push([
        COHORT_AS_OF,
        'binance',
        'BTCUSDT',
        side,
        c.price,
        c.lev,
        usd,
        GENERATOR_SOURCE,
        'reconstructed',
      ]);
    });
  }
  return {
    table: {
      columns: [
        'as_of',
        'venue',
        'symbol',
        'side',
        'entry_price',
        'leverage',
        'notional_usd',
        'source',
        'quality',
      ],
      rows,
    },
  };
}
