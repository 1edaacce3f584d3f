import { priceGrid } from '../../analytics/btcAxis.js';
import { type DealerPositioning, dealerPositioning, type GammaBand } from '../../analytics/positioning.js';
import type { MarketSnapshot } from '../../market/snapshot.js';
import type { FindingOf } from '../findings.js';
import type { EventInputs } from '../inputs.js';
import { fmtNum, fmtPct, fmtUsd, metric, provenanceOf, worstOf, worstQuality } from '../metric.js';
import type { ForensicsOptions } from '../options.js';
import { finding, unavailable } from './common.js';
import type { MarketContext } from './context.js';

export interface PositioningData {
  readonly asOf: string;
  readonly spot: number;
  readonly signModel: string;
  readonly assumption: string;
  readonly grid: readonly number[];
  readonly gex: readonly number[];
  readonly vanna: readonly number[];
  readonly charm: readonly number[];
  readonly gexByVenue: Readonly<Record<string, readonly number[]>>;
  readonly zeroGamma: readonly number[];
  readonly shortGammaBands: readonly GammaBand[];
  readonly hedgeFlow: DealerPositioning['hedgeFlow'];
  readonly diagnostics: DealerPositioning['diagnostics'];
  readonly eventLow: number | null;
}

const TITLE = 'Dealer positioning on one BTC axis';

function bandAround(bands: readonly GammaBand[], price: number): GammaBand | null {
  return bands.find((b) => b.lo <= price && price <= b.hi) ?? null;
}

/** Section 6: dealer gamma/vanna/charm over a BTC grid from the ETF's and Deribit's option chains. */
export function positioningSection(
  inputs: EventInputs,
  o: ForensicsOptions,
  ctx: MarketContext,
  snap: MarketSnapshot | null,
): FindingOf<'positioning'> {
  const chain = snap?.chain ?? inputs.chain;
  const prov = provenanceOf(['option_chain', 'etf_daily', 'bars'], chain);
  if (snap === null)
    return unavailable('positioning', TITLE, `no market snapshot at the close before ${o.eventDate}`, prov);
  if (chain.length === 0)
    return unavailable('positioning', TITLE, `no option-chain snapshot at ${snap.asOf}`, prov);
  // One instant and one BTC spot for every book of the run (forensics/snapshot.ts).
  const spot = snap.spot.usd;
  const asOf = snap.asOf;
  const notes: string[] = [];
  const hasPositions = chain.some((r) => r.dealer_position !== null);
  let signModel = o.signModel;
  if (signModel === 'positions' && !hasPositions) {
    notes.push('the chain has no dealer_position column values: fell back to the naive sign model');
    signModel = 'naive';
  }
  const btcPerShare: Record<string, number> = { ...snap.btcPerShare };
  const usable = chain.filter((r) => r.underlying === 'BTC' || btcPerShare[r.underlying] !== undefined);
  if (usable.length < chain.length)
    notes.push(`${chain.length - usable.length} rows skipped: no BTC-per-share for their underlying`);
  const grid = priceGrid(spot * o.gridLo, spot * o.gridHi, o.gridPoints);
  const p = dealerPositioning(usable, {
    asOf,
    spot,
    btcPerShare,
    signModel,
    grid,
    ...(ctx.etfAdvUsd === null ? {} : { advUsd: ctx.etfAdvUsd }),
  });
  const q = worstOf(worstQuality(usable), ctx.quality);
  const low = ctx.btcEventLow;
  const bandAtSpot = bandAround(p.shortGammaBands, spot);
  const bandAtLow = low === null ? null : bandAround(p.shortGammaBands, low);
  const traversed = low === null ? [] : p.shortGammaBands.filter((b) => b.hi >= low && b.lo <= spot);
  const zeroBelow = p.zeroGamma.filter((z) => z <= spot).at(-1) ?? null;
  const metrics = {
    spot: metric('BTC at the snapshot', spot, 'USD', ctx.quality, (v) => fmtUsd(v)),
    gexAtSpot: metric('dealer gamma at spot (USD per 1%)', p.hedgeFlow.dollarGamma1pct, 'USD', q, fmtUsd),
    regime: metric('dealer gamma regime at spot', p.hedgeFlow.regime, null, q),
    tradeOnFall1pct: metric(
      'dealer hedge trade on a 1% fall',
      p.hedgeFlow.tradeOnFall1pctUsd,
      'USD',
      q,
      fmtUsd,
    ),
    fractionOfAdv: metric(
      `that trade vs ${o.etfTicker} 20-day ADV`,
      p.hedgeFlow.fractionOfAdv,
      'decimal',
      q,
      (v) => fmtPct(v, 2),
    ),
    zeroGammaBelowSpot: metric('zero-gamma level below spot', zeroBelow, 'USD', q, fmtUsd),
    shortGammaShareOfFall: metric(
      'share of the fall to the low spent in short gamma',
      low === null ? null : shareInBands(p.shortGammaBands, low, spot),
      'decimal',
      q,
      (v) => fmtPct(v, 0),
    ),
    // Without the day's low the fall is unknown: missing, never zero bands.
    shortBandsTraversed: metric(
      'short-gamma bands crossed by the fall',
      low === null ? null : traversed.length,
      'count',
      q,
      (v) => fmtNum(v),
    ),
    shortBandAtLowLo: metric('short-gamma band at the low: from', bandAtLow?.lo ?? null, 'USD', q, fmtUsd),
    shortBandAtLowHi: metric('short-gamma band at the low: to', bandAtLow?.hi ?? null, 'USD', q, fmtUsd),
    spotInShortBand: metric('spot inside a short-gamma band', bandAtSpot !== null, null, q),
  };
  const bands = p.shortGammaBands.map((b) => `${fmtUsd(b.lo)}–${fmtUsd(b.hi)}`).join(', ') || 'none';
  const summary =
    `With the ${signModel} sign model, dealers are ${p.hedgeFlow.regime} at ${fmtUsd(spot)} (${fmtUsd(p.hedgeFlow.dollarGamma1pct)} per 1%); ` +
    `short-gamma bands on the grid: ${bands}` +
    (low !== null
      ? `; the fall to ${fmtUsd(low)} spent ${fmtPct(shareInBands(p.shortGammaBands, low, spot), 0)} of its path in short gamma.`
      : '.');
  const d = p.diagnostics;
  if (d.ivFilled > 0)
    notes.push(`${d.ivFilled} options had no IV: the nearest strike's IV on the same expiry was used`);
  if (d.ivUnavailable > 0) notes.push(`${d.ivUnavailable} options dropped: no IV on their expiry`);
  const arr = (a: Float64Array) => Array.from(a);
  return finding('positioning', TITLE, summary, metrics, prov, notes, {
    asOf,
    spot,
    signModel,
    assumption: p.assumption,
    grid: arr(p.profile.grid),
    gex: arr(p.profile.gex),
    vanna: arr(p.profile.vanna),
    charm: arr(p.profile.charm),
    gexByVenue: Object.fromEntries(Object.entries(p.profile.byVenue).map(([k, v]) => [k, arr(v.gex)])),
    zeroGamma: p.zeroGamma,
    shortGammaBands: p.shortGammaBands,
    hedgeFlow: p.hedgeFlow,
    diagnostics: p.diagnostics,
    eventLow: low,
  });
}

/** Fraction of the price path [low, spot] that lies inside short-gamma bands. */
export function shareInBands(bands: readonly GammaBand[], low: number, spot: number): number {
  const lo = Math.min(low, spot);
  const hi = Math.max(low, spot);
  if (!(hi > lo)) return 0;
  let inside = 0;
  for (const b of bands) inside += Math.max(0, Math.min(hi, b.hi) - Math.max(lo, b.lo));
  return inside / (hi - lo);
}
