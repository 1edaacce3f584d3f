import type { GammaBand } from '../../analytics/positioning.js';
import type { ChannelBook } from '../../channels/channel.js';
import { dealerOptionsExposure } from '../../channels/dealerOptions.js';
import { spotIndex } from '../../channels/grid.js';
import { NEW_YORK, nyDate, zonedWallTimeToUtcMs } from '../../core/time.js';
import { bookOf, type EventBooks, flowTo } from '../books.js';
import type { FindingOf } from '../findings.js';
import type { EventInputs } from '../inputs.js';
import { fmtNum, fmtPct, fmtUsd, metric, provenanceOf, worstOf } from '../metric.js';
import type { ForensicsOptions } from '../options.js';
import { FORWARD_AS_SPOT } from '../snapshot.js';
import { finding, unavailable } from './common.js';
import type { MarketContext } from './context.js';

/** A short-gamma band of the dealer book, with the book's trade across it (+ buy, − sell). */
export interface DealerGammaBand extends GammaBand {
  /** flowUsd(lo) − flowUsd(hi): the dealers' hedge trade for a fall across the band, USD of BTC. */
  readonly sizeUsd: number | null;
}

/** The dealers' hedge trade for a 1 % move from spot, read off the dealer-options book. */
export interface DealerHedgeFlow {
  readonly spot: number;
  /** Dealer gamma at spot, USD per 1 % (= −perPctUsd of the book at spot; + long gamma). */
  readonly dollarGamma1pct: number;
  /** The book's trade for a 1 % fall / rise from spot, USD of BTC: + buy, − sell. */
  readonly tradeOnFall1pctUsd: number;
  readonly tradeOnRise1pctUsd: number;
  readonly tradeOnFall1pctBtc: number;
  readonly advUsd: number | null;
  /** |perPctUsd at spot| / ADV, or null without an ADV. */
  readonly fractionOfAdv: number | null;
  readonly regime: 'short-gamma' | 'long-gamma' | 'flat';
  readonly direction: string;
}

export interface PositioningData {
  readonly asOf: string;
  readonly spot: number;
  readonly signModel: string;
  readonly assumption: string;
  /** The run's grid (forensics/books.ts), BTC USD. */
  readonly grid: readonly number[];
  /** Dealer gamma per 1 % at each grid price, USD (+ long gamma) = −perPctUsd of the dealer-options book. */
  readonly gex: readonly number[];
  /**
   * Dealer vanna (USD of delta per vol point) and charm (USD of delta per day) at each grid price, sticky
   * strike, for the chain the book prices (channels/dealerOptions.ts dealerOptionsExposure); empty when none.
   */
  readonly vanna: readonly number[];
  readonly charm: readonly number[];
  /** The book's cumulative hedge trade from spot to each grid price, USD of BTC (+ buy, − sell). */
  readonly flowUsd: readonly number[];
  /** The same for each venue's options alone (the channel built on that venue; venues sum to the total). */
  readonly gexByVenue: Readonly<Record<string, readonly number[]>>;
  /** The book's zero-gamma levels (channel levels of kind 'zero-gamma'). */
  readonly zeroGamma: readonly number[];
  /** The book's short-gamma bands (channel levels of kind 'short-gamma-band'). */
  readonly shortGammaBands: readonly DealerGammaBand[];
  readonly hedgeFlow: DealerHedgeFlow;
  /** The dealer-options book's diagnostics (rows used, IV fills, sign model, Greeks at spot). */
  readonly diagnostics: ChannelBook['diagnostics'];
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

const ASSUMPTION: Readonly<Record<string, string>> = {
  naive:
    'naive: customers sell calls and buy puts, so dealers are long calls (+OI) and short puts (−OI) on every venue',
  positions:
    "positions: the chain's signed dealer_position column (dealer's side; missing values taken as 0)",
};

/**
 * The dealer gamma profile, zero-gamma levels and short-gamma bands of a dealer-options book: gex = −perPctUsd
 * (so zero gamma is where the book's intensity changes sign), the bands its 'short-gamma-band' levels with the
 * most negative gamma inside each, the hedge trade for a 1 % move its flow.
 * @example dealerProfileOf(book, 3e9).zeroGamma // the book's 'zero-gamma' level prices
 */
export function dealerProfileOf(
  book: ChannelBook,
  advUsd: number | null,
): Pick<PositioningData, 'grid' | 'gex' | 'flowUsd' | 'zeroGamma' | 'shortGammaBands' | 'hedgeFlow'> {
  const { grid, spot } = book;
  const m = grid.length;
  const gex = Array.from(book.perPctUsd, (v) => -v);
  const bands = book.levels
    .filter((l) => l.kind === 'short-gamma-band')
    .map((l) => {
      const lo = l.price;
      const hi = l.hi ?? l.price;
      let minGex = Number.POSITIVE_INFINITY;
      let minGexAt = lo;
      for (let j = 0; j < m; j++)
        if (grid[j] >= lo && grid[j] <= hi && gex[j] < minGex) {
          minGex = gex[j];
          minGexAt = grid[j];
        }
      return {
        lo,
        hi,
        extendsBelowGrid: lo <= grid[0],
        extendsAboveGrid: hi >= grid[m - 1],
        minGex: Number.isFinite(minGex) ? minGex : 0,
        minGexAt,
        sizeUsd: l.sizeUsd,
      };
    })
    .sort((a, b) => a.lo - b.lo);
  const g0 = gex[spotIndex(grid, spot)];
  const regime = g0 < 0 ? 'short-gamma' : g0 > 0 ? 'long-gamma' : 'flat';
  const fall = flowTo(book, spot * 0.99);
  return {
    grid: Array.from(grid),
    gex,
    flowUsd: Array.from(book.flowUsd),
    zeroGamma: book.levels.filter((l) => l.kind === 'zero-gamma').map((l) => l.price),
    shortGammaBands: bands,
    hedgeFlow: {
      spot,
      dollarGamma1pct: g0,
      tradeOnFall1pctUsd: fall,
      tradeOnRise1pctUsd: flowTo(book, spot * 1.01),
      tradeOnFall1pctBtc: fall / spot,
      advUsd,
      fractionOfAdv: advUsd !== null && advUsd > 0 ? Math.abs(g0) / advUsd : null,
      regime,
      direction:
        regime === 'short-gamma'
          ? 'dealers short gamma: hedging sells into falls and buys into rises (amplifies moves)'
          : regime === 'long-gamma'
            ? 'dealers long gamma: hedging buys into falls and sells into rises (dampens moves)'
            : 'dealers flat gamma: no hedge flow from gamma',
    },
  };
}

/**
 * Dealer gamma per venue: the dealer-options channel built on each venue's options alone, with the total
 * book's assumptions and its effective sign model (a venue whose rows all lack a dealer position counts 0 in
 * the total, as it does here). Linear in the options, so the venues sum to the total.
 */
export function gexByVenue(books: EventBooks, book: ChannelBook): Record<string, number[]> {
  const built = books.books.find((b) => b.book === book);
  if (built === undefined) return {};
  const venues = String(book.diagnostics.venues ?? '')
    .split(',')
    .filter((v) => v !== '');
  const signModel = book.diagnostics.signModel;
  const out: Record<string, number[]> = {};
  for (const v of venues) {
    const vb = built.channel.build(
      books.snapshot,
      { ...built.assumptions, venues: [v], signModel },
      books.grid,
    );
    out[v] =
      vb.available && vb.diagnostics.signModel === signModel
        ? Array.from(vb.perPctUsd, (x) => -x)
        : new Array<number>(books.grid.length).fill(0);
  }
  return out;
}

/**
 * Section 6: dealer gamma over the run's BTC grid, an adapter over the dealer-options channel's book
 * (src/channels/dealerOptions.ts, built once per run in forensics/books.ts): the ETF's and Deribit's chains
 * at the snapshot, one BTC spot, the book's intensity, flow and levels.
 */
export function positioningSection(
  inputs: EventInputs,
  o: ForensicsOptions,
  ctx: MarketContext,
  books: EventBooks | null,
): FindingOf<'positioning'> {
  const chain = books?.snapshot.chain ?? inputs.chain;
  const prov = provenanceOf(['option_chain', 'etf_daily', 'bars'], chain);
  if (chain.length === 0)
    return unavailable('positioning', TITLE, `no option-chain snapshot before ${o.eventDate}`, prov);
  if (books === null)
    return unavailable(
      'positioning',
      TITLE,
      `no market snapshot at the close before ${o.eventDate} (no previous trading day or no BTC price by then)`,
      prov,
    );
  const snap = books.snapshot;
  const spot = snap.spot.usd;
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
  const book = bookOf(books, 'dealerOptions');
  if (!book.available)
    return unavailable('positioning', TITLE, String(book.diagnostics.reason ?? 'no dealer book'), prov);
  const notes: string[] = [
    `option-chain snapshot ${oldest === asOf ? asOf : `${oldest} … ${asOf}`}, ${ageHours.toFixed(1)} h before ${o.eventDate} began in New York`,
    "the dealer-options channel's book (the fragility section's): gamma = −its intensity per 1%, flows + buy / − sell",
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
  if (snap.spot.source.startsWith(FORWARD_AS_SPOT)) notes.push(`${snap.spot.source}: used as spot`);
  const d = book.diagnostics;
  const signModel = String(d.signModel);
  if (d.signModelFellBack === true)
    notes.push('the chain has no dealer_position column values: fell back to the naive sign model');
  if (Number(d.rowsWithoutBtcPerShare) > 0)
    notes.push(`${d.rowsWithoutBtcPerShare} rows skipped: no BTC-per-share for their underlying`);
  const p = dealerProfileOf(book, ctx.etfAdvUsd);
  const q = worstOf(book.quality, ctx.quality);
  const low = ctx.btcEventLow;
  const bands = p.shortGammaBands;
  const bandAtSpot = bandAround(bands, spot);
  const bandAtLow = low === null ? null : bandAround(bands, low);
  const traversed = low === null ? [] : bands.filter((b) => b.hi >= low && b.lo <= spot);
  const zeroBelow = p.zeroGamma.filter((z) => z <= spot).at(-1) ?? null;
  const num = (v: unknown) => (typeof v === 'number' ? v : null);
  // With a spot–vol beta the book's intensity is gamma plus vanna through the vol move (METHODS §11.1).
  const beta = num(d.spotVolBeta) ?? 0;
  if (beta > 0)
    notes.push(
      `spot–vol beta ${beta.toFixed(2)} vol points per 1% fall (${String(d.spotVolBetaBasis ?? 'flag')}${d.spotVolBetaSe !== undefined ? ` ± ${Number(d.spotVolBetaSe).toFixed(2)}` : ''}): gamma and hedge trades include vanna`,
    );
  const metrics = {
    vannaAtSpot: metric(
      'dealer vanna at spot (USD of delta per vol point)',
      num(d.vannaAtSpotUsd),
      'USD',
      q,
      fmtUsd,
    ),
    charmAtSpot: metric(
      'dealer charm at spot (USD of delta per day)',
      num(d.charmPerDayAtSpotUsd),
      'USD',
      q,
      fmtUsd,
    ),
    spot: metric('BTC at the snapshot', spot, 'USD', ctx.quality, (v) => fmtUsd(v)),
    gexAtSpot: metric(
      beta > 0
        ? `dealer effective gamma at spot, vanna included at β = ${beta.toFixed(2)} vol pt per 1% (USD per 1%)`
        : 'dealer gamma at spot (USD per 1%)',
      p.hedgeFlow.dollarGamma1pct,
      'USD',
      q,
      fmtUsd,
    ),
    regime: metric('dealer gamma regime at spot', p.hedgeFlow.regime, null, q),
    tradeOnFall1pct: metric(
      'dealer hedge trade on a 1% fall (+ buy, - sell)',
      p.hedgeFlow.tradeOnFall1pctUsd,
      'USD',
      q,
      fmtUsd,
    ),
    fractionOfAdv: metric(
      `dealer gamma per 1% vs ${o.etfTicker} 20-day ADV`,
      p.hedgeFlow.fractionOfAdv,
      'decimal',
      q,
      (v) => fmtPct(v, 2),
    ),
    zeroGammaBelowSpot: metric('zero-gamma level below spot', zeroBelow, 'USD', q, fmtUsd),
    shortGammaShareOfFall: metric(
      'share of the fall to the low spent in short gamma',
      low === null ? null : shareInBands(bands, low, spot),
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
    dealerFlowToLow: metric(
      'dealer hedge trade for the fall to the low (+ buy, - sell)',
      low === null ? null : flowTo(book, low),
      'USD',
      q,
      fmtUsd,
    ),
    snapshotAgeHours: metric("age of the chain snapshot at the day's start", ageHours, 'hours', q, (v) =>
      fmtNum(v, 1),
    ),
    partialChain: metric('the chain covers only part of a venue', partial.length > 0, null, q),
  };
  const bandText = bands.map((b) => `${fmtUsd(b.lo)}–${fmtUsd(b.hi)}`).join(', ') || 'none';
  const summary =
    `${partial.length > 0 ? 'From a partial chain: w' : 'W'}ith the ${signModel} sign model, dealers are ${p.hedgeFlow.regime} at ${fmtUsd(spot)} (${fmtUsd(p.hedgeFlow.dollarGamma1pct)} per 1%); ` +
    `short-gamma bands on the grid: ${bandText}` +
    (low !== null
      ? `; the fall to ${fmtUsd(low)} spent ${fmtPct(shareInBands(bands, low, spot), 0)} of its path in short gamma, and the dealers' hedges traded ${fmtUsd(flowTo(book, low))} on it.`
      : '.');
  if (Number(d.ivFilled) > 0)
    notes.push(`${d.ivFilled} options had no IV: the nearest strike's IV on the same expiry was used`);
  if (Number(d.ivUnavailable) > 0) notes.push(`${d.ivUnavailable} options dropped: no IV on their expiry`);
  // Vanna and charm over the same grid, for the chain the book prices (the report draws them beside gamma).
  const greeks = dealerOptionsExposure(snap, books.assumptions.dealerOptions ?? {}, book.grid);
  return finding('positioning', TITLE, summary, metrics, prov, notes, {
    asOf,
    spot,
    signModel,
    assumption: ASSUMPTION[signModel] ?? signModel,
    ...p,
    vanna: greeks ? Array.from(greeks.vanna) : [],
    charm: greeks ? Array.from(greeks.charm) : [],
    gexByVenue: gexByVenue(books, book),
    diagnostics: d,
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
