import { priceGrid } from '../../analytics/btcAxis.js';
import { liquidatedBetween, liquidationLadder, liquidationPrices } from '../../analytics/liquidations.js';
import { type RealizedLiquidations, realizedLiquidations } from '../../analytics/realizedLiquidations.js';
import { nyDate } from '../../analytics/time.js';
import { nyDayMs } from '../../analytics/timeline.js';
import type { MarketSnapshot } from '../../market/snapshot.js';
import type { FindingOf } from '../findings.js';
import type { EventInputs } from '../inputs.js';
import { fmtPct, fmtUsd, fmtX, metric, provenanceOf, worstOf, worstQuality } from '../metric.js';
import type { ForensicsOptions } from '../options.js';
import { publishedValues } from '../publishedFacts.js';
import { finding, unavailable } from './common.js';
import type { MarketContext } from './context.js';

export interface LiquidationLadderData {
  readonly asOf: string;
  readonly spot: number;
  /** The ladder on the BTC grid (bucket j = [grid[j], grid[j+1])), as plain arrays. */
  readonly grid: readonly number[];
  readonly longByBucket: readonly number[];
  readonly shortByBucket: readonly number[];
  readonly cumLongToLevel: readonly number[];
  readonly cumShortToLevel: readonly number[];
  readonly between: ReturnType<typeof liquidatedBetween> | null;
}

export interface LiquidationsData {
  /** The ladder estimated from positioning cohorts; null when the store has none. */
  readonly ladder: LiquidationLadderData | null;
  /** Liquidations reported by venues on the event's New York day (the `liquidations` table); null when none. */
  readonly realized: RealizedLiquidations | null;
  /** The realized totals by side, USD. */
  readonly reportedUsd: { readonly long: number; readonly short: number } | null;
}

const TITLE = 'Perp liquidations: realized and the cohort ladder';
const BUCKETS = 71;

function ladderOf(
  inputs: EventInputs,
  o: ForensicsOptions,
  ctx: MarketContext,
  snap: MarketSnapshot | null,
): LiquidationLadderData | null {
  // One instant and one BTC spot for every book of the run (forensics/snapshot.ts) when there is a snapshot.
  const rows = snap?.cohorts ?? inputs.cohorts;
  const spot = snap?.spot.usd ?? ctx.btcPrevClose;
  if (rows.length === 0 || spot === null) return null;
  const cohorts = liquidationPrices(rows);
  const grid = priceGrid(spot * o.gridLo, spot * o.gridHi, BUCKETS);
  const ladder = liquidationLadder(cohorts, spot, grid);
  const low = ctx.btcEventLow;
  return {
    asOf: rows[0].as_of,
    spot,
    grid: Array.from(ladder.grid),
    longByBucket: Array.from(ladder.longByBucket),
    shortByBucket: Array.from(ladder.shortByBucket),
    cumLongToLevel: Array.from(ladder.cumLongToLevel),
    cumShortToLevel: Array.from(ladder.cumShortToLevel),
    between: low === null ? null : liquidatedBetween(cohorts, spot, low),
  };
}

/**
 * Section 8: perp liquidations. Realized liquidations (what venues and aggregators report, by bucket and
 * side, against the hour's BTC move) when the store has them, and the ladder of liquidation prices from
 * positioning cohorts when it has those; either alone is enough.
 */
export function liquidationsSection(
  inputs: EventInputs,
  o: ForensicsOptions,
  ctx: MarketContext,
  snap: MarketSnapshot | null,
): FindingOf<'liquidations'> {
  const rows = snap?.cohorts ?? inputs.cohorts;
  const liq = inputs.liquidations;
  const dayLiq = liq.filter((r) => nyDate(r.ts) === o.eventDate);
  const prov = provenanceOf(['perp_cohorts', 'liquidations'], rows, dayLiq);
  const ladder = ladderOf(inputs, o, ctx, snap);
  if (ladder === null && dayLiq.length === 0) {
    return unavailable(
      'liquidations',
      TITLE,
      `no realized liquidations on ${o.eventDate} and no perp cohorts (with a BTC price) before it (import liquidation events: crashscope import FILE --model liquidations; or cohorts: --model perp_cohorts)`,
      prov,
    );
  }
  const realized = dayLiq.length === 0 ? null : realizedLiquidations(dayLiq, inputs.btcIntraday, o.eventDate);
  const reportedUsd = realized === null ? null : { long: realized.longUsd, short: realized.shortUsd };
  const q = worstOf(worstQuality(rows), ctx.quality);
  const qLiq = worstQuality(dayLiq);
  const qMove = worstOf(qLiq, worstQuality(inputs.btcIntraday));
  const low = ctx.btcEventLow;
  // Published BTC liquidations of the day (facts), and the day's BTC spot volume in the store (USD).
  const pub = publishedValues(inputs.facts, o.eventDate, [/liquidat/i, /\bBTC\b/]);
  const pubLow = pub.length > 0 ? Math.min(...pub.map((p) => p.value)) : null;
  const pubHigh = pub.length > 0 ? Math.max(...pub.map((p) => p.value)) : null;
  const [d0, d1] = nyDayMs(o.eventDate);
  const dayBars = inputs.btcHourly.filter(
    (b) => b.volume !== null && Date.parse(b.ts) >= d0 && Date.parse(b.ts) < d1,
  );
  const spotVolumeUsd =
    dayBars.length > 0 ? dayBars.reduce((a, b) => a + (b.volume ?? 0) * b.close, 0) : null;
  const qSpot = worstQuality(dayBars);
  const between = ladder?.between ?? null;
  const ladderToPublished = between && pubHigh !== null && pubHigh > 0 ? between.longUsd / pubHigh : null;
  const metrics = {
    longsLiquidatedToLow: metric(
      'long notional with liquidation prices between spot and the low',
      ladder?.between?.longUsd ?? null,
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
    peakLongShare: metric(
      "share of the day's long liquidations in its largest bucket",
      realized?.peakLongShare ?? null,
      'decimal',
      qLiq,
      (v) => fmtPct(v),
    ),
    longInFallingShare: metric(
      'share of long liquidations in buckets where BTC fell',
      realized?.longInFallingShare ?? null,
      'decimal',
      qMove,
      (v) => fmtPct(v),
    ),
    publishedBtcLiquidationsLow: metric(
      'published BTC liquidations, lowest figure',
      pubLow,
      'USD',
      'published',
      fmtUsd,
    ),
    publishedBtcLiquidationsHigh: metric(
      'published BTC liquidations, highest figure',
      pubHigh,
      'USD',
      'published',
      fmtUsd,
    ),
    spotVolumeUsd: metric(
      `BTC spot volume in the store, New York day (${dayBars[0]?.venue ?? 'none'})`,
      spotVolumeUsd,
      'USD',
      qSpot,
      fmtUsd,
    ),
    publishedLiqShareOfSpotVolume: metric(
      'published BTC liquidations (lowest) / the day’s spot volume',
      pubLow !== null && spotVolumeUsd ? pubLow / spotVolumeUsd : null,
      'decimal',
      worstOf('published', qSpot),
      (v) => fmtPct(v),
    ),
    ladderToPublished: metric(
      'ladder’s long liquidations to the low / the highest published BTC figure',
      ladderToPublished,
      'x',
      q,
      (v) => fmtX(v),
    ),
  };
  const parts: string[] = [];
  if (realized !== null) {
    parts.push(
      `${realized.venues.join(', ')} reported ${fmtUsd(realized.longUsd)} of long and ${fmtUsd(realized.shortUsd)} of short liquidations on ${o.eventDate}` +
        (realized.peak === null ? '' : `, the largest bucket at ${realized.peak.ts}`) +
        (realized.longInFallingShare === null
          ? ''
          : `; ${fmtPct(realized.longInFallingShare)} of the long notional came in buckets where BTC fell`),
    );
  }
  if (ladder !== null) {
    parts.push(
      `cohorts as of ${ladder.asOf} put ${fmtUsd(ladder.between?.longUsd)} of long positions' liquidation prices between ${fmtUsd(ladder.spot)} and the low ${fmtUsd(low)}`,
    );
  }
  const summary = `${parts.join('; ')}.`.replace(/^./, (c) => c.toUpperCase());
  const notes: string[] = [];
  if (ladder !== null) notes.push('maintenance margin 0.5%, no margin tiers (a simplification)');
  if (realized !== null && realized.bucketMinutes !== null)
    notes.push(`realized liquidations in ${realized.bucketMinutes}-minute buckets`);
  if (realized !== null && realized.longInFallingShare === null)
    notes.push('no intraday BTC bars on the day: the move of each bucket is unknown');
  return finding('liquidations', TITLE, summary, metrics, prov, notes, { ladder, realized, reportedUsd });
}
