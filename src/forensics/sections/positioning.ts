import { priceGrid } from '../../analytics/btcAxis.js';
import { type DealerPositioning, dealerPositioning, type GammaBand } from '../../analytics/positioning.js';
import { NEW_YORK, nyDate, zonedWallTimeToUtcMs } from '../../core/time.js';
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

/** A chain older than this before the event day's New York start is refused. */
export const MAX_SNAPSHOT_AGE_HOURS = 96;
/** With no venue total to compare with, fewer series than this make a chain partial. */
const MIN_SERIES = 20;
/** A chain holding less than this share of the venue's open interest (options_daily) is partial. */
const MIN_OI_SHARE = 0.5;

export interface ChainCoverage {
  readonly venue: string;
  readonly underlying: string;
  readonly series: number;
  readonly expiries: number;
  readonly openInterest: number;
  /** Share of the underlying's listed open interest (options_daily call_oi + put_oi) in the chain; null when unknown. */
  readonly share: number | null;
  readonly partial: boolean;
}

/** How much of each venue's market a chain snapshot covers. */
export function chainCoverage(
  chain: EventInputs['chain'],
  optionsDaily: EventInputs['optionsDaily'],
): ChainCoverage[] {
  const groups = new Map<string, EventInputs['chain'][number][]>();
  for (const r of chain) {
    const k = `${r.venue}|${r.underlying}`;
    const g = groups.get(k) ?? [];
    g.push(r);
    groups.set(k, g);
  }
  return [...groups.values()].map((rows) => {
    const { venue, underlying } = rows[0];
    const oi = rows.reduce((s, r) => s + r.open_interest, 0);
    const date = nyDate(rows[0].as_of);
    // The underlying's listed open interest on the snapshot's date or the latest day of the week before it.
    const weekBefore = new Date(Date.parse(`${date}T00:00:00Z`) - 7 * 86_400_000).toISOString().slice(0, 10);
    const total = optionsDaily
      .filter(
        (d) =>
          d.underlying === underlying &&
          d.date <= date &&
          d.date >= weekBefore &&
          d.call_oi !== null &&
          d.put_oi !== null,
      )
      .reduce<EventInputs['optionsDaily'][number] | undefined>(
        (m, d) => (m === undefined || d.date > m.date ? d : m),
        undefined,
      );
    const totalOi = total === undefined ? null : (total.call_oi as number) + (total.put_oi as number);
    const share = totalOi !== null && totalOi > 0 ? oi / totalOi : null;
    const series = rows.length;
    return {
      venue,
      underlying,
      series,
      expiries: new Set(rows.map((r) => r.expiry)).size,
      openInterest: oi,
      share,
      partial: share !== null ? share < MIN_OI_SHARE : series < MIN_SERIES,
    };
  });
}

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
  // The run's one snapshot (forensics/snapshot.ts) when there is one: its chains and its BTC spot.
  const chain = snap?.chain.length ? snap.chain : inputs.chain;
  const prov = provenanceOf(['option_chain', 'etf_daily', 'bars'], chain);
  if (chain.length === 0)
    return unavailable('positioning', TITLE, `no option-chain snapshot before ${o.eventDate}`, prov);
  const coin = chain.find((r) => r.underlying === 'BTC');
  const spot = snap?.spot.usd ?? ctx.btcPrevClose ?? coin?.underlying_price ?? null;
  if (spot === null) return unavailable('positioning', TITLE, 'no BTC price for the snapshot', prov);
  const asOf = chain.reduce((m, r) => (r.as_of > m ? r.as_of : m), chain[0].as_of);
  const oldest = chain.reduce((m, r) => (r.as_of < m ? r.as_of : m), chain[0].as_of);
  // Freshness: the book is valued at the New York start of the event day; a snapshot older than the limit
  // describes another market (a long weekend is 3–4 days, so the limit is 4 days).
  const ageHours = (zonedWallTimeToUtcMs(o.eventDate, 0, 0, NEW_YORK) - Date.parse(oldest)) / 3_600_000;
  if (ageHours > MAX_SNAPSHOT_AGE_HOURS) {
    return unavailable(
      'positioning',
      TITLE,
      `the option-chain snapshot of ${oldest} is ${(ageHours / 24).toFixed(1)} days older than the start of ${o.eventDate} (limit ${MAX_SNAPSHOT_AGE_HOURS / 24} days): ingest a chain taken before the event (crashscope ingest deribit option_chain, crashscope ingest cboe option_chain, or import one)`,
      prov,
    );
  }
  const notes: string[] = [
    `option-chain snapshot ${oldest === asOf ? asOf : `${oldest} … ${asOf}`}, ${ageHours.toFixed(1)} h before ${o.eventDate} began in New York`,
  ];
  const coverage = chainCoverage(chain, inputs.optionsDaily);
  const partial = coverage.filter((c) => c.partial);
  if (partial.length > 0)
    notes.push(
      `partial chain: ${partial
        .map(
          (c) =>
            `${c.venue} ${c.underlying} ${c.series} series on ${c.expiries} expiries${c.share === null ? '' : `, ${fmtPct(c.share, 0)} of its open interest`}`,
        )
        .join('; ')} — venue-level gamma is understated`,
    );
  if (ctx.btcPrevClose === null && coin !== undefined)
    notes.push(
      `no BTC reference close: the ${coin.venue} chain's underlying (forward) price is used as spot`,
    );
  const hasPositions = chain.some((r) => r.dealer_position !== null);
  let signModel = o.signModel;
  if (signModel === 'positions' && !hasPositions) {
    notes.push('the chain has no dealer_position column values: fell back to the naive sign model');
    signModel = 'naive';
  }
  const btcPerShare: Record<string, number> = {};
  if (ctx.btcPerShare !== null) btcPerShare[o.etfTicker] = ctx.btcPerShare;
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
  // Vanna and charm at the grid point nearest spot (profiles in analytics/positioning.ts, dealer side).
  let iSpot = 0;
  for (let i = 1; i < p.profile.grid.length; i++)
    if (Math.abs(p.profile.grid[i] - spot) < Math.abs(p.profile.grid[iSpot] - spot)) iSpot = i;
  const metrics = {
    vannaAtSpot: metric(
      'dealer vanna at spot (USD of delta per vol point)',
      p.profile.vanna[iSpot] ?? null,
      'USD',
      q,
      fmtUsd,
    ),
    charmAtSpot: metric(
      'dealer charm at spot (USD of delta per day)',
      p.profile.charm[iSpot] ?? null,
      'USD',
      q,
      fmtUsd,
    ),
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
    snapshotAgeHours: metric("age of the chain snapshot at the day's start", ageHours, 'hours', q, (v) =>
      fmtNum(v, 1),
    ),
    partialChain: metric('the chain covers only part of a venue', partial.length > 0, null, q),
  };
  const bands = p.shortGammaBands.map((b) => `${fmtUsd(b.lo)}–${fmtUsd(b.hi)}`).join(', ') || 'none';
  const summary =
    `${partial.length > 0 ? 'From a partial chain: w' : 'W'}ith the ${signModel} sign model, dealers are ${p.hedgeFlow.regime} at ${fmtUsd(spot)} (${fmtUsd(p.hedgeFlow.dollarGamma1pct)} per 1%); ` +
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
