import { nyDate } from './time.js';

/*
 * Realized liquidations (rows of the `liquidations` model: liquidated notional per bucket, venue, symbol and
 * side of the liquidated position), the data aggregators publish, as opposed to the ladder estimated from
 * positioning cohorts (liquidations.ts). What a forensics run asks of them:
 *  - how much was liquidated on the day, by side (New York calendar day, the day the ETFs trade);
 *  - when: per bucket, the peak bucket and the share of the day's long liquidations in its largest bucket;
 *  - against the move: the share of long liquidation notional that fell in buckets where BTC fell (longs are
 *    sold into a fall, so a cascade puts most of it there), from BTC bars covering the same buckets.
 * A bucket's length is the spacing of its rows (a 4-hour aggregator gives 4 h) unless the caller says.
 */

export interface LiquidationRowIn {
  readonly ts: string;
  readonly venue: string;
  readonly side: 'long' | 'short';
  readonly notional_usd: number;
}

export interface PriceBarIn {
  readonly ts: string;
  readonly open: number;
  readonly close: number;
}

export interface LiquidationBucket {
  readonly ts: string;
  readonly longUsd: number;
  readonly shortUsd: number;
  /** BTC return over the bucket (close of the last bar in it / open of the first − 1); null without bars. */
  readonly btcReturn: number | null;
}

export interface RealizedLiquidations {
  readonly date: string;
  readonly venues: readonly string[];
  readonly longUsd: number;
  readonly shortUsd: number;
  /** Bucket length in minutes (the smallest spacing between distinct bucket instants), null for one bucket. */
  readonly bucketMinutes: number | null;
  readonly buckets: readonly LiquidationBucket[];
  readonly peak: LiquidationBucket | null;
  /** Largest bucket's long notional / the day's long notional; null when no longs were liquidated. */
  readonly peakLongShare: number | null;
  /** Long notional in buckets where BTC fell / long notional in buckets with a BTC return; null without bars. */
  readonly longInFallingShare: number | null;
}

/**
 * Realized liquidations of one New York day, by bucket, with the BTC move of each bucket.
 * @example realizedLiquidations(rows, bars, '2026-02-05').longUsd // Σ long notional liquidated that day
 */
export function realizedLiquidations(
  rows: readonly LiquidationRowIn[],
  bars: readonly PriceBarIn[],
  date: string,
  options: { readonly bucketMinutes?: number } = {},
): RealizedLiquidations {
  const day = rows.filter((r) => nyDate(r.ts) === date);
  const byTs = new Map<number, { long: number; short: number }>();
  for (const r of day) {
    const t = Date.parse(r.ts);
    const e = byTs.get(t) ?? { long: 0, short: 0 };
    if (r.side === 'long') e.long += r.notional_usd;
    else e.short += r.notional_usd;
    byTs.set(t, e);
  }
  const times = [...byTs.keys()].sort((a, b) => a - b);
  let spacing = Number.POSITIVE_INFINITY;
  for (let i = 1; i < times.length; i++) spacing = Math.min(spacing, times[i] - times[i - 1]);
  const bucketMs =
    options.bucketMinutes !== undefined
      ? options.bucketMinutes * 60_000
      : Number.isFinite(spacing)
        ? spacing
        : null;
  const sortedBars = bars
    .map((b) => ({ t: Date.parse(b.ts), open: b.open, close: b.close }))
    .filter((b) => Number.isFinite(b.t))
    .sort((a, b) => a.t - b.t);
  const bucketReturn = (t: number): number | null => {
    if (bucketMs === null) return null;
    const inside = sortedBars.filter((b) => b.t >= t && b.t < t + bucketMs);
    if (inside.length === 0) return null;
    return inside[inside.length - 1].close / inside[0].open - 1;
  };
  const buckets: LiquidationBucket[] = times.map((t) => {
    const e = byTs.get(t) as { long: number; short: number };
    return {
      ts: `${new Date(t).toISOString().slice(0, 19)}Z`,
      longUsd: e.long,
      shortUsd: e.short,
      btcReturn: bucketReturn(t),
    };
  });
  const longUsd = buckets.reduce((s, b) => s + b.longUsd, 0);
  const shortUsd = buckets.reduce((s, b) => s + b.shortUsd, 0);
  let peak: LiquidationBucket | null = null;
  for (const b of buckets)
    if (peak === null || b.longUsd + b.shortUsd > peak.longUsd + peak.shortUsd) peak = b;
  const maxLong = buckets.reduce((m, b) => Math.max(m, b.longUsd), 0);
  const withMove = buckets.filter((b) => b.btcReturn !== null);
  const longWithMove = withMove.reduce((s, b) => s + b.longUsd, 0);
  const longFalling = withMove.filter((b) => (b.btcReturn as number) < 0).reduce((s, b) => s + b.longUsd, 0);
  return {
    date,
    venues: [...new Set(day.map((r) => r.venue))].sort(),
    longUsd,
    shortUsd,
    bucketMinutes: bucketMs === null ? null : bucketMs / 60_000,
    buckets,
    peak,
    peakLongShare: longUsd > 0 ? maxLong / longUsd : null,
    longInFallingShare: longWithMove > 0 ? longFalling / longWithMove : null,
  };
}
