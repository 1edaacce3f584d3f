import type { ChannelId } from '../../channels/channel.js';
import { fragilityMap } from '../../fragility/map.js';
import { type EventBooks, flowTo } from '../books.js';
import type { FindingOf } from '../findings.js';
import type { EventInputs } from '../inputs.js';
import { fmtNum, fmtPct, fmtUsd, metric, provenanceOf, worstOf, worstQuality } from '../metric.js';
import type { ForensicsOptions } from '../options.js';
import { finding, unavailable } from './common.js';
import type { MarketContext } from './context.js';

/** The fragility map at the close before the event, thinned for the chart (findings.json stays small). */
export interface FragilityData {
  readonly asOf: string;
  readonly spot: number;
  readonly eventLow: number | null;
  readonly grid: readonly number[];
  readonly channels: readonly {
    readonly id: string;
    readonly title: string;
    readonly available: boolean;
    readonly trigger: 'price' | 'exogenous';
    readonly quality: string;
    readonly flowUsd: readonly number[];
  }[];
  readonly totalFlowUsd: readonly number[];
  readonly kappa: readonly number[] | null;
  readonly depthPerPctUsd: number | null;
  readonly levels: readonly {
    readonly kind: string;
    readonly price: number;
    readonly hi?: number;
    readonly channel: string;
    readonly sizeUsd: number | null;
  }[];
}

const TITLE = 'Fragility map at the close before the event';
const CHART_POINTS = 161;

/**
 * Section 9: every channel (src/channels/) built from one market snapshot at the New York close before the
 * event — the same books as `crashscope fragility`, and the very books the positioning, barriers and
 * liquidations sections read (forensics/books.ts) — and what they implied for the fall to the day's low.
 * A trade "to the low" is one `step` of each book from spot to the low (books.ts flowTo), so the sections
 * and this one print the same number for a channel.
 */
export function fragilitySection(
  inputs: EventInputs,
  o: ForensicsOptions,
  ctx: MarketContext,
  books: EventBooks | null,
): FindingOf<'fragility'> {
  const prov = provenanceOf(
    ['option_chain', 'structured_notes', 'perp_cohorts', 'etf_daily', 'bars'],
    inputs.chain,
    inputs.notes,
    inputs.cohorts,
  );
  if (books === null)
    return unavailable('fragility', TITLE, `no market snapshot at the close before ${o.eventDate}`, prov);
  const { snapshot, grid } = books;
  const asOf = snapshot.asOf;
  const map = fragilityMap({ snapshot, grid, books: books.books });
  const spot = map.spot;
  const low = ctx.btcEventLow;
  const total = (price: number) => books.books.reduce((s, b) => s + flowTo(b.book, price), 0);
  const toLow = (id: ChannelId) => {
    const b = books.books.find((x) => x.book.id === id)?.book;
    return b?.available && low !== null ? flowTo(b, low) : null;
  };
  let kappaMax: number | null = null;
  let above = 0;
  let counted = 0;
  if (map.kappa !== null && low !== null) {
    for (let j = 0; j < grid.length; j++) {
      if (grid[j] < low || grid[j] > spot) continue;
      counted++;
      if (map.kappa[j] >= 1) above++;
      kappaMax = Math.max(kappaMax ?? Number.NEGATIVE_INFINITY, map.kappa[j]);
    }
  }
  const q = worstOf(
    worstQuality([...inputs.chain, ...inputs.notes, ...inputs.cohorts]),
    ctx.quality,
    map.depth?.quality ?? 'observed',
  );
  // Size against the move: the sale that would move BTC from spot to the low under linear permanent impact
  // at the stated depth (log move × 100 × depth per 1%, docs/METHODS.md §9 "size"), and each channel's
  // forced selling to the low as a share of it (> 0: the channel sold into the fall).
  const depth1pct = map.depth?.perPctUsd[0] ?? null;
  const moveSale =
    low === null || depth1pct === null || !(depth1pct > 0)
      ? null
      : Math.abs(Math.log(low / spot)) * 100 * depth1pct;
  const qMove = worstOf(ctx.quality, map.depth?.quality ?? 'observed');
  const shareOfMove = (id: ChannelId) => {
    const f = toLow(id);
    return f === null || moveSale === null ? null : -f / moveSale;
  };
  const walls = map.levels.filter((l) => l.kind === 'liquidation-wall');
  const zones = map.levels.filter((l) => l.kind === 'forced-sell-zone');
  const metrics = {
    spot: metric('BTC at the snapshot (previous close)', spot, 'USD', ctx.quality, fmtUsd),
    totalFlowToLow: metric(
      'forced trade of all channels for the fall to the low (+ buy, - sell)',
      low === null ? null : total(low),
      'USD',
      q,
      fmtUsd,
    ),
    totalFlowOn10pctFall: metric('forced trade for a 10% fall', total(spot * 0.9), 'USD', q, fmtUsd),
    dealerFlowToLow: metric(
      'dealer option hedging for the fall to the low',
      toLow('dealerOptions'),
      'USD',
      q,
      fmtUsd,
    ),
    notesFlowToLow: metric(
      'structured-note hedging and knock-ins for the fall to the low',
      toLow('structuredNotes'),
      'USD',
      q,
      fmtUsd,
    ),
    liquidationsToLow: metric(
      'perp liquidations for the fall to the low',
      toLow('perpLiquidations'),
      'USD',
      q,
      fmtUsd,
    ),
    moveSaleAtDepth: metric(
      'sale that moves BTC from spot to the low at the stated depth (linear impact)',
      moveSale,
      'USD',
      qMove,
      fmtUsd,
    ),
    dealerShareOfMove: metric(
      'dealer hedge selling to the low / the sale the move implies',
      shareOfMove('dealerOptions'),
      'decimal',
      worstOf(q, qMove),
      (v) => fmtPct(v, 0),
    ),
    notesShareOfMove: metric(
      'structured-note selling to the low / the sale the move implies',
      shareOfMove('structuredNotes'),
      'decimal',
      worstOf(q, qMove),
      (v) => fmtPct(v, 0),
    ),
    liquidationsShareOfMove: metric(
      'perp liquidations to the low / the sale the move implies',
      shareOfMove('perpLiquidations'),
      'decimal',
      worstOf(q, qMove),
      (v) => fmtPct(v, 0),
    ),
    kappaMaxOnFall: metric(
      'largest κ (forced trade per 1% / depth per 1%) on the fall',
      kappaMax,
      'x',
      q,
      (v) => fmtNum(v, 2),
    ),
    kappaAbove1ShareOfFall: metric(
      'share of the fall with κ ≥ 1',
      counted > 0 ? above / counted : null,
      'decimal',
      q,
      (v) => fmtPct(v, 0),
    ),
    largestWall: metric('largest liquidation wall (BTC)', walls[0]?.price ?? null, 'USD', q, fmtUsd),
    largestForcedSellZoneUsd: metric(
      'largest forced-sell zone below spot',
      zones[0]?.sizeUsd ?? null,
      'USD',
      q,
      fmtUsd,
    ),
  };
  const notes = [
    `depth ${map.depth === null ? 'none' : `${fmtUsd(map.depth.perPctUsd[0])} per 1% (${map.depth.quality}: ${map.depth.source})`}`,
    ...map.channels.filter((c) => !c.available).map((c) => `${c.title}: no data (${c.diagnostics.reason})`),
  ];
  const summary =
    `At the ${asOf} close (BTC ${fmtUsd(spot)}), the channels implied ${fmtUsd(metrics.totalFlowToLow.value as number | null)} of forced trade for the fall to the low ${fmtUsd(low)}` +
    ` (dealers ${fmtUsd(metrics.dealerFlowToLow.value as number | null)}, notes ${fmtUsd(metrics.notesFlowToLow.value as number | null)}, liquidations ${fmtUsd(metrics.liquidationsToLow.value as number | null)});` +
    ` κ ≥ 1 over ${fmtPct(metrics.kappaAbove1ShareOfFall.value as number | null, 0)} of that fall.`;
  const step = Math.max(1, Math.ceil(grid.length / CHART_POINTS));
  const thin = <T>(xs: readonly T[]) => xs.filter((_x, j) => j % step === 0 || j === xs.length - 1);
  return finding('fragility', TITLE, summary, metrics, prov, notes, {
    asOf,
    spot,
    eventLow: low,
    grid: thin(map.grid),
    channels: map.channels.map((c) => ({
      id: c.id,
      title: c.title,
      available: c.available,
      trigger: c.trigger,
      quality: c.quality,
      flowUsd: thin(c.flowUsd),
    })),
    totalFlowUsd: thin(map.total.flowUsd),
    kappa: map.kappa === null ? null : thin(map.kappa),
    depthPerPctUsd: map.depth?.perPctUsd[0] ?? null,
    levels: map.levels,
  });
}
