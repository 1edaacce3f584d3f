/*
 * Order-book depth at the snapshot instant (docs/DATA.md "depth"; docs/METHODS.md §11 "Depth and κ"). For
 * each venue and symbol, the latest `depth` reading at or before `asOf` (never after: no look-ahead) and no
 * older than DEPTH_MAX_AGE_HOURS; the venues' one-sided depths are summed (the books are separate, so a
 * forced trade split across them meets their sum). The age of the oldest reading used is stated.
 *
 * One number for a symmetric model (the simulator's linear impact): the mean of the bid and ask sides,
 * (bid + ask) / 2. The fragility map uses the side a forced trade meets: bids below spot (sales into a fall),
 * asks above (purchases into a rise).
 */
import type { InputProvenance } from '../channels/channel.js';
import { worstQuality } from '../core/quality.js';
import { parseInstantMs } from '../core/time.js';
import type { StoredRowOf } from '../data/models/index.js';

export type DepthRow = StoredRowOf<'depth'>;

/** A depth reading older than this (hours before asOf) is not used: an order book moves within hours. */
export const DEPTH_MAX_AGE_HOURS = 24;

/** Depth near mid from the store at one instant, summed over venues. */
export interface SnapshotDepth {
  /** One-sided depth per 1 %, the mean of the bid and ask sides, USD (for symmetric models). */
  readonly perPctUsd: number;
  /** Bids within 1 % below mid, summed over venues, USD. */
  readonly bidPerPctUsd: number;
  /** Asks within 1 % above mid, summed over venues, USD. */
  readonly askPerPctUsd: number;
  /** Bids within 2 % below mid, USD; null when a venue used has no 2 % figure. */
  readonly bid2PctUsd: number | null;
  /** Asks within 2 % above mid, USD; null when a venue used has no 2 % figure. */
  readonly ask2PctUsd: number | null;
  /** The readings used, `venue:symbol`, sorted. */
  readonly venues: readonly string[];
  /** Instant of the oldest reading used (ISO UTC). */
  readonly oldestAsOf: string;
  /** Hours between the oldest reading used and the snapshot instant (freshness). */
  readonly ageHours: number;
  readonly provenance: InputProvenance;
}

/**
 * The depth at `asOfMs` from stored rows (any superset: rows after asOf or too old are ignored); null when no
 * reading qualifies.
 * @example depthAt([{ as_of: '2026-02-04T20:00:00Z', venue: 'binance', symbol: 'BTCUSDT', bid_1pct_usd: 6e6, ask_1pct_usd: 5e6, ... }], Date.parse('2026-02-04T21:00:00Z'))?.bidPerPctUsd // 6e6
 */
export function depthAt(
  rows: readonly DepthRow[],
  asOfMs: number,
  maxAgeHours = DEPTH_MAX_AGE_HOURS,
): SnapshotDepth | null {
  const minMs = asOfMs - maxAgeHours * 3_600_000;
  const latest = new Map<string, { row: DepthRow; t: number }>();
  for (const r of rows) {
    const t = parseInstantMs(r.as_of);
    if (!(t <= asOfMs && t >= minMs)) continue;
    const key = `${r.venue}:${r.symbol}`;
    const prev = latest.get(key);
    if (prev === undefined || t > prev.t) latest.set(key, { row: r, t });
  }
  if (latest.size === 0) return null;
  const keys = [...latest.keys()].sort();
  const used = keys.map((k) => latest.get(k)!);
  let bid = 0;
  let ask = 0;
  let bid2: number | null = 0;
  let ask2: number | null = 0;
  let oldest = Number.POSITIVE_INFINITY;
  let oldestAsOf = '';
  for (const { row, t } of used) {
    bid += row.bid_1pct_usd;
    ask += row.ask_1pct_usd;
    bid2 = bid2 === null || row.bid_2pct_usd === null ? null : bid2 + row.bid_2pct_usd;
    ask2 = ask2 === null || row.ask_2pct_usd === null ? null : ask2 + row.ask_2pct_usd;
    if (t < oldest) {
      oldest = t;
      oldestAsOf = row.as_of;
    }
  }
  const newestAsOf = used.reduce((m, u) => (u.t > m.t ? u : m), used[0]).row.as_of;
  return {
    perPctUsd: (bid + ask) / 2,
    bidPerPctUsd: bid,
    askPerPctUsd: ask,
    bid2PctUsd: bid2,
    ask2PctUsd: ask2,
    venues: keys,
    oldestAsOf,
    ageHours: (asOfMs - oldest) / 3_600_000,
    provenance: {
      input: 'depth',
      quality: worstQuality(used.map((u) => u.row.quality)),
      sources: [...new Set(used.map((u) => u.row.source))].sort().slice(0, 12),
      rows: used.length,
      asOf: newestAsOf,
    },
  };
}
