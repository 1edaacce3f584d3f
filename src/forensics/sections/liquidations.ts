import { priceGrid } from '../../analytics/btcAxis.js';
import { liquidatedBetween, liquidationLadder, liquidationPrices } from '../../analytics/liquidations.js';
import { nyDate } from '../../analytics/time.js';
import type { MarketSnapshot } from '../../market/snapshot.js';
import type { FindingOf } from '../findings.js';
import type { EventInputs } from '../inputs.js';
import { fmtUsd, metric, provenanceOf, worstOf, worstQuality } from '../metric.js';
import type { ForensicsOptions } from '../options.js';
import { finding, unavailable } from './common.js';
import type { MarketContext } from './context.js';

export interface LiquidationsData {
  readonly asOf: string;
  readonly spot: number;
  /** The ladder on the BTC grid (bucket j = [grid[j], grid[j+1])), as plain arrays. */
  readonly grid: readonly number[];
  readonly longByBucket: readonly number[];
  readonly shortByBucket: readonly number[];
  readonly cumLongToLevel: readonly number[];
  readonly cumShortToLevel: readonly number[];
  readonly between: ReturnType<typeof liquidatedBetween> | null;
  /** Liquidations reported by venues on the event day (liquidations table), USD. */
  readonly reportedUsd: { readonly long: number; readonly short: number } | null;
}

const TITLE = 'Perp liquidation ladder';
const BUCKETS = 71;

/** Section 8: liquidation notional by BTC price from positioning cohorts, and what the fall reached. */
export function liquidationsSection(
  inputs: EventInputs,
  o: ForensicsOptions,
  ctx: MarketContext,
  snap: MarketSnapshot | null,
): FindingOf<'liquidations'> {
  const rows = snap?.cohorts ?? inputs.cohorts;
  const liq = inputs.liquidations;
  const prov = provenanceOf(['perp_cohorts', 'liquidations'], rows, liq);
  if (rows.length === 0 || snap === null) {
    return unavailable('liquidations', TITLE, `no perp cohorts (or BTC price) before ${o.eventDate}`, prov);
  }
  // One instant and one BTC spot for every book of the run (forensics/snapshot.ts).
  const spot = snap.spot.usd;
  const cohorts = liquidationPrices(rows);
  const grid = priceGrid(spot * o.gridLo, spot * o.gridHi, BUCKETS);
  const ladder = liquidationLadder(cohorts, spot, grid);
  const low = ctx.btcEventLow;
  const between = low === null ? null : liquidatedBetween(cohorts, spot, low);
  const dayLiq = liq.filter((r) => nyDate(r.ts) === o.eventDate);
  const reportedUsd =
    dayLiq.length === 0
      ? null
      : {
          long: dayLiq.filter((r) => r.side === 'long').reduce((s, r) => s + r.notional_usd, 0),
          short: dayLiq.filter((r) => r.side === 'short').reduce((s, r) => s + r.notional_usd, 0),
        };
  const q = worstOf(worstQuality(rows), ctx.quality);
  const qLiq = worstQuality(dayLiq);
  const metrics = {
    longsLiquidatedToLow: metric(
      'long notional with liquidation prices between spot and the low',
      between?.longUsd ?? null,
      'USD',
      q,
      fmtUsd,
    ),
    reportedLongLiquidations: metric(
      `long liquidations reported on ${o.eventDate} (New York day)`,
      reportedUsd?.long ?? null,
      'USD',
      qLiq,
      fmtUsd,
    ),
    reportedShortLiquidations: metric(
      `short liquidations reported on ${o.eventDate} (New York day)`,
      reportedUsd?.short ?? null,
      'USD',
      qLiq,
      fmtUsd,
    ),
  };
  const summary =
    `Cohorts as of ${rows[0].as_of} put ${fmtUsd(between?.longUsd)} of long positions' liquidation prices between ${fmtUsd(spot)} and the low ${fmtUsd(low)}` +
    (reportedUsd ? `; venues reported ${fmtUsd(reportedUsd.long)} of long liquidations on the day.` : '.');
  return finding(
    'liquidations',
    TITLE,
    summary,
    metrics,
    prov,
    ['maintenance margin 0.5%, no margin tiers (a simplification)'],
    {
      asOf: rows[0].as_of,
      spot,
      grid: Array.from(ladder.grid),
      longByBucket: Array.from(ladder.longByBucket),
      shortByBucket: Array.from(ladder.shortByBucket),
      cumLongToLevel: Array.from(ladder.cumLongToLevel),
      cumShortToLevel: Array.from(ladder.cumShortToLevel),
      between,
      reportedUsd,
    },
  );
}
