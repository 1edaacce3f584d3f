import { type RealizedLiquidations, realizedLiquidations } from '../../analytics/realizedLiquidations.js';
import { nyDate } from '../../analytics/time.js';
import { nyDayMs } from '../../analytics/timeline.js';
import type { ChannelBook, ChannelLevel } from '../../channels/channel.js';
import { spotIndex } from '../../channels/grid.js';
import { bookOf, type EventBooks, flowTo } from '../books.js';
import type { FindingOf } from '../findings.js';
import type { EventInputs } from '../inputs.js';
import { fmtPct, fmtUsd, fmtX, metric, provenanceOf, worstOf, worstQuality } from '../metric.js';
import type { ForensicsOptions } from '../options.js';
import { publishedValues } from '../publishedFacts.js';
import { finding, unavailable } from './common.js';
import type { MarketContext } from './context.js';

/** What the perp-liquidation book forces between spot and a price: + buy, − sell, USD of BTC. */
export interface LiquidatedBetween {
  readonly fromPrice: number;
  readonly toPrice: number;
  /** Forced sales of long positions (≤ 0). */
  readonly longUsd: number;
  /** Forced purchases closing short positions (≥ 0). */
  readonly shortUsd: number;
  /** Cohorts liquidated on the way. */
  readonly cohorts: number;
}

/**
 * The ladder of the perp-liquidation channel's book (src/channels/perpLiquidations.ts) on every `step`-th
 * point of the run's grid (spot one of them): the USD traded by forced closes whose liquidation price lies in
 * each bucket [grid[j], grid[j+1]) — longs sold, shorts bought, as magnitudes for the chart — and the book's
 * own cumulative flow from spot to each point (its `flowUsd`, negated below spot so that the chart reads USD
 * sold, kept as is above spot: USD bought).
 */
export interface LiquidationLadderData {
  readonly asOf: string;
  readonly spot: number;
  /** The ladder on the BTC grid (bucket j = [grid[j], grid[j+1])), as plain arrays. */
  readonly grid: readonly number[];
  /** USD sold by long liquidations with trigger prices in the bucket. */
  readonly longByBucket: readonly number[];
  /** USD bought by short liquidations with trigger prices in the bucket. */
  readonly shortByBucket: readonly number[];
  /** −flowUsd at grid[j] ≤ spot: USD sold by long liquidations on a fall from spot to grid[j]. */
  readonly cumLongToLevel: readonly number[];
  /** flowUsd at grid[j] ≥ spot: USD bought by short liquidations on a rise from spot to grid[j]. */
  readonly cumShortToLevel: readonly number[];
  /** The channel's liquidation walls (its `levels`), + buy / − sell. */
  readonly walls: readonly ChannelLevel[];
  /** The book between spot and the event's low; null without the low. */
  readonly between: LiquidatedBetween | null;
}

export interface LiquidationsData {
  /** The ladder of the perp-liquidation channel's book (positioning cohorts); null when the store has none. */
  readonly ladder: LiquidationLadderData | null;
  /** Liquidations reported by venues on the event's New York day (the `liquidations` table); null when none. */
  readonly realized: RealizedLiquidations | null;
  /** The realized totals by side, USD. */
  readonly reportedUsd: { readonly long: number; readonly short: number } | null;
}

const TITLE = 'Perp liquidations: realized and the cohort ladder';
/** Ladder buckets: every 5th point of the run's grid (1 % of spot on the default 0.2 % grid). */
const LADDER_STEP = 5;

/**
 * The ladder of a perp-liquidation book (a pure read of its grid, flow and one-shot triggers).
 * @example liquidationLadderOf(book, 60000, 5).between?.longUsd // USD sold by longs liquidated to 60,000
 */
export function liquidationLadderOf(
  book: ChannelBook,
  asOf: string,
  low: number | null,
  step = LADDER_STEP,
): LiquidationLadderData {
  const { grid, spot, flowUsd } = book;
  const k = spotIndex(grid, spot);
  const idx: number[] = [];
  for (let j = k % step; j < grid.length; j += step) idx.push(j);
  const g = idx.map((j) => grid[j]);
  const longByBucket = new Array<number>(Math.max(g.length - 1, 0)).fill(0);
  const shortByBucket = new Array<number>(Math.max(g.length - 1, 0)).fill(0);
  for (const t of book.decomposition.triggers) {
    let j = -1;
    while (j + 1 < g.length && g[j + 1] <= t.price) j++;
    if (j < 0 || j >= g.length - 1) continue;
    if (t.direction === 'down') longByBucket[j] -= t.tradeUsd;
    else shortByBucket[j] += t.tradeUsd;
  }
  let between: LiquidatedBetween | null = null;
  if (low !== null && low < spot) {
    const hit = book.decomposition.triggers.filter(
      (t) => t.direction === 'down' && t.price < spot && t.price >= low,
    );
    between = {
      fromPrice: spot,
      toPrice: low,
      longUsd: flowTo(book, low),
      shortUsd: 0,
      cohorts: hit.length,
    };
  }
  return {
    asOf,
    spot,
    grid: g,
    longByBucket,
    shortByBucket,
    cumLongToLevel: idx.map((j) => (grid[j] <= spot ? -flowUsd[j] : 0)),
    cumShortToLevel: idx.map((j) => (grid[j] >= spot ? flowUsd[j] : 0)),
    walls: book.levels.filter((l) => l.kind === 'liquidation-wall'),
    between,
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
  books: EventBooks | null,
): FindingOf<'liquidations'> {
  const rows = books?.snapshot.cohorts ?? inputs.cohorts;
  const liq = inputs.liquidations;
  const dayLiq = liq.filter((r) => nyDate(r.ts) === o.eventDate);
  const prov = provenanceOf(['perp_cohorts', 'liquidations'], rows, dayLiq);
  // The ladder is the run's perp-liquidation book (forensics/books.ts), the one the fragility map holds.
  const book = books === null ? null : bookOf(books, 'perpLiquidations');
  const ladder =
    book?.available && books !== null
      ? liquidationLadderOf(book, rows[0]?.as_of ?? books.snapshot.asOf, ctx.btcEventLow)
      : null;
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
  const q = worstOf(book?.quality ?? worstQuality(rows), worstQuality(rows), ctx.quality);
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
  const ladderToPublished =
    between && pubHigh !== null && pubHigh > 0 ? Math.abs(between.longUsd) / pubHigh : null;
  const metrics = {
    longsLiquidatedToLow: metric(
      'forced sales of long liquidations between spot and the low (perp-liquidation book; + buy, - sell)',
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
      '|ladder’s long liquidations to the low| / the highest published BTC figure',
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
      `cohorts as of ${ladder.asOf} put ${fmtUsd(ladder.between === null ? null : -ladder.between.longUsd)} of forced long sales between ${fmtUsd(ladder.spot)} and the low ${fmtUsd(low)}` +
        (ladder.walls[0] === undefined
          ? ''
          : ` (largest liquidation wall ${fmtUsd(ladder.walls[0].price)}: ${fmtUsd(ladder.walls[0].sizeUsd)})`),
    );
  }
  const summary = `${parts.join('; ')}.`.replace(/^./, (c) => c.toUpperCase());
  const notes: string[] = [];
  if (ladder !== null && book !== null)
    notes.push(
      `the perp-liquidation channel's book: Binance BTCUSDT margin bracket (MMR ${fmtPct(Number(book.diagnostics.bracketMmr), 1)}), isolated margin; a forced close trades notional/entry BTC at the liquidation price`,
    );
  if (realized !== null && realized.bucketMinutes !== null)
    notes.push(`realized liquidations in ${realized.bucketMinutes}-minute buckets`);
  if (realized !== null && realized.longInFallingShare === null)
    notes.push('no intraday BTC bars on the day: the move of each bucket is unknown');
  return finding('liquidations', TITLE, summary, metrics, prov, notes, { ladder, realized, reportedUsd });
}
