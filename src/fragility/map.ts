/*
 * The fragility map (docs/METHODS.md "Fragility map"): every channel's book on one BTC grid from one market
 * snapshot, their total, market depth and κ = total intensity / depth per 1 %, and the levels worth naming.
 * Pure: snapshot, assumptions and grid in, a JSON-ready `FragilityMap` (schema crashscope.fragility/1) out.
 */
import type {
  ChannelBook,
  ChannelId,
  ChannelLevel,
  Diagnostics,
  InputProvenance,
} from '../channels/channel.js';
import { interpLog, spotIndex } from '../channels/grid.js';
import { type AnyChannel, CHANNELS } from '../channels/registry.js';
import { fmtUsd } from '../core/format.js';
import type { Quality } from '../core/quality.js';
import { InvalidInputError } from '../errors.js';
import type { MarketSnapshot } from '../market/snapshot.js';

export const FRAGILITY_SCHEMA = 'crashscope.fragility/1';

/**
 * Default depth: one-sided BTC order-book depth within 1 % of mid, aggregated across major venues, USD.
 * Late-2025 readings were about $14–20M (issue 10's brief); it collapsed by one to two orders of magnitude on
 * 2025-10-10 (Amberdata, "How $3.21B vanished in 60 seconds", blog.amberdata.io, order-book depth chart).
 * An assumption (quality 'reconstructed'), used only when the store has no depth.
 */
export const DEFAULT_DEPTH_PER_PCT_USD = 15e6;
export const DEFAULT_DEPTH_SOURCE =
  'assumption: ~$14–20M one-sided ±1% BTC depth across major venues in late 2025 (issue 10); collapsed 1–2 orders of magnitude on 2025-10-10 (blog.amberdata.io)';

export interface FragilityChannel {
  readonly id: ChannelId;
  readonly title: string;
  readonly available: boolean;
  readonly trigger: 'price' | 'exogenous';
  readonly flowUsd: readonly number[];
  readonly perPctUsd: readonly number[];
  readonly exogenousUsd: number;
  readonly quality: Quality;
  readonly assumptions: Readonly<Record<string, unknown>>;
  readonly diagnostics: Diagnostics;
  readonly provenance: readonly InputProvenance[];
  readonly levels: readonly ChannelLevel[];
}

/** The depth κ is measured against, and which was used. */
export interface FragilityDepth {
  /**
   * One-sided depth per 1 % at each grid price, USD: from the store, the bids summed over venues below spot
   * and at spot (a forced sale meets the bids), the asks above; a flag or the default is the same everywhere.
   */
  readonly perPctUsd: readonly number[];
  readonly source: string;
  readonly quality: Quality;
  /** 'store': the `depth` table at asOf; 'flag': given by the user; 'default': the cited assumption. */
  readonly basis: 'store' | 'flag' | 'default';
  /** Store only: bids and asks within 1 % (and 2 %) of mid, summed over venues, USD. */
  readonly bidPerPctUsd: number | null;
  readonly askPerPctUsd: number | null;
  readonly bid2PctUsd: number | null;
  readonly ask2PctUsd: number | null;
  /** Store only: the readings summed (`venue:symbol`), the oldest one's instant and its age at asOf. */
  readonly venues: readonly string[];
  readonly readingAsOf: string | null;
  readonly ageHours: number | null;
}

/**
 * The depth of a map: a user's flag first (null = none), else the store's at the snapshot, else the cited
 * default. Store depth is one-sided by side of spot (bids at and below, asks above).
 */
export function depthOnGrid(
  snapshot: MarketSnapshot,
  flag: number | null | undefined,
  grid: Float64Array,
  spot: number,
): FragilityDepth | null {
  const m = grid.length;
  const flat = (usd: number, basis: 'flag' | 'default'): FragilityDepth => ({
    perPctUsd: new Array<number>(m).fill(usd),
    source: basis === 'flag' ? 'flag: --depth-per-pct-usd' : DEFAULT_DEPTH_SOURCE,
    quality: 'reconstructed',
    basis,
    bidPerPctUsd: null,
    askPerPctUsd: null,
    bid2PctUsd: null,
    ask2PctUsd: null,
    venues: [],
    readingAsOf: null,
    ageHours: null,
  });
  if (flag === null) return null;
  if (flag !== undefined) return flat(flag, 'flag');
  const d = snapshot.depth;
  if (d === null) return flat(DEFAULT_DEPTH_PER_PCT_USD, 'default');
  return {
    perPctUsd: Array.from(grid, (g) => (g <= spot ? d.bidPerPctUsd : d.askPerPctUsd)),
    source: `store: depth (${d.venues.join(', ')}) at ${d.provenance.asOf}, oldest reading ${d.ageHours.toFixed(1)} h before asOf; ${d.provenance.sources.join('; ')}`,
    quality: d.provenance.quality,
    basis: 'store',
    bidPerPctUsd: d.bidPerPctUsd,
    askPerPctUsd: d.askPerPctUsd,
    bid2PctUsd: d.bid2PctUsd,
    ask2PctUsd: d.ask2PctUsd,
    venues: d.venues,
    readingAsOf: d.oldestAsOf,
    ageHours: d.ageHours,
  };
}

/**
 * One line naming the depth used and where it came from.
 * @example describeDepth(map.depth) // 'bids $11.0M / asks $9.5M per 1% (store, observed: binance:BTCUSDT, coinbase:BTC-USD; oldest reading 0.5 h before asOf)'
 */
export function describeDepth(d: FragilityDepth | null): string {
  if (d === null) return 'no depth (κ not computed)';
  if (d.basis === 'store')
    return `bids ${fmtUsd(d.bidPerPctUsd ?? Number.NaN)} / asks ${fmtUsd(d.askPerPctUsd ?? Number.NaN)} per 1% (store, ${d.quality}: ${d.venues.join(', ')}; oldest reading ${(d.ageHours ?? 0).toFixed(1)} h before asOf)`;
  return `${fmtUsd(d.perPctUsd[0] ?? Number.NaN)} per 1% (${d.basis}, ${d.quality}: ${d.source})`;
}

export interface FragilityMap {
  readonly schema: typeof FRAGILITY_SCHEMA;
  readonly asOf: string;
  readonly spot: number;
  readonly spotSource: { readonly asOf: string; readonly quality: Quality; readonly source: string };
  readonly grid: readonly number[];
  readonly channels: readonly FragilityChannel[];
  readonly total: {
    readonly flowUsd: readonly number[];
    readonly perPctUsd: readonly number[];
    /** Sum of the exogenous channels' scenario trades (not in flowUsd). */
    readonly exogenousUsd: number;
  };
  readonly depth: FragilityDepth | null;
  /** The total trade of a 1 % move centred on each grid price / depth per 1 % (null without depth). */
  readonly kappa: readonly number[] | null;
  readonly levels: readonly ChannelLevel[];
  readonly provenance: readonly InputProvenance[];
}

export interface FragilityRequest {
  readonly snapshot: MarketSnapshot;
  readonly grid: Float64Array;
  /** Channels to build (default all). */
  readonly channels?: readonly ChannelId[];
  /** Per channel, assumptions as given (validated here against each channel's schema). */
  readonly assumptions?: Partial<Record<ChannelId, Readonly<Record<string, unknown>>>>;
  /**
   * Depth per 1 % (USD, one side) given by the user: it overrides the store's; null = no depth (no κ).
   * Undefined: the store's depth when the snapshot has one, else DEFAULT_DEPTH_PER_PCT_USD.
   */
  readonly depthPerPctUsd?: number | null;
  /**
   * Books already built on this snapshot and grid by {@link buildChannelBooks} (a forensics run builds them
   * once and its sections read the same books); `channels` and `assumptions` are then ignored.
   */
  readonly books?: readonly BuiltBook[];
}

/** One channel's book with the assumptions (parsed by its schema) it was built with. */
export interface BuiltBook {
  readonly channel: AnyChannel;
  readonly book: ChannelBook;
  readonly assumptions: Record<string, unknown>;
}

/**
 * Every requested channel's book on the request's snapshot and grid, assumptions validated by each schema.
 * @example buildChannelBooks({ snapshot, grid, channels: ['dealerOptions'] })[0].book.flowUsd
 */
export function buildChannelBooks(
  req: Pick<FragilityRequest, 'snapshot' | 'grid' | 'channels' | 'assumptions'>,
): BuiltBook[] {
  const ids = req.channels ?? CHANNELS.map((c) => c.id);
  const books: BuiltBook[] = [];
  for (const c of CHANNELS) {
    if (!ids.includes(c.id)) continue;
    const a = parseAssumptions(c, req.assumptions?.[c.id]);
    books.push({ channel: c, book: c.build(req.snapshot, a, req.grid), assumptions: a });
  }
  return books;
}

/** A channel's assumptions parsed by its schema; InvalidInputError naming the channel and the field. */
export function parseAssumptions(
  channel: AnyChannel,
  raw: Readonly<Record<string, unknown>> = {},
): Record<string, unknown> {
  const r = channel.assumptions.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0];
    const path = issue?.path.join('.') || '(object)';
    throw new InvalidInputError('bad_assumption', `${channel.id}.${path}: ${issue?.message ?? 'invalid'}`, {
      details: {
        channel: channel.id,
        path,
        issues: r.error.issues.map((i: { message: string }) => i.message),
      },
    });
  }
  return r.data as Record<string, unknown>;
}

/** Ranges where values[j] satisfies `pred`, as [lo, hi] grid prices (inclusive ends). */
function bands(
  grid: Float64Array,
  values: ArrayLike<number>,
  pred: (v: number) => boolean,
): [number, number][] {
  const out: [number, number][] = [];
  let start = -1;
  for (let j = 0; j <= grid.length; j++) {
    const ok = j < grid.length && pred(values[j]);
    if (ok && start < 0) start = j;
    if (!ok && start >= 0) {
      out.push([grid[start], grid[j - 1]]);
      start = -1;
    }
  }
  return out;
}

const arr = (a: ArrayLike<number>) => Array.from(a, (v) => (Number.isFinite(v) ? v : 0));

/**
 * Builds the map.
 * @example fragilityMap({ snapshot, grid: fragilityGrid(snapshot.spot.usd) }).total.flowUsd
 */
export function fragilityMap(req: FragilityRequest): FragilityMap {
  const { snapshot, grid } = req;
  const spot = snapshot.spot.usd;
  const m = grid.length;
  const books = req.books ?? buildChannelBooks(req);
  for (const { book } of books)
    if (book.grid.length !== m || book.spot !== spot)
      throw new InvalidInputError(
        'bad_books',
        `fragilityMap: the ${book.id} book was built on another grid or spot than the map's`,
        { details: { channel: book.id } },
      );
  const flow = new Float64Array(m);
  const perPct = new Float64Array(m);
  let exo = 0;
  for (const { book } of books) {
    for (let j = 0; j < m; j++) {
      flow[j] += book.flowUsd[j];
      perPct[j] += book.perPctUsd[j];
    }
    exo += book.exogenousUsd;
  }
  const depth = depthOnGrid(snapshot, req.depthPerPctUsd, grid, spot);
  // κ: the forced trade of a 1 % move centred on each price (a window, so one-shot triggers count with their
  // size rather than as spikes of the grid's spacing) over the depth per 1 %.
  const perPctWindow = Float64Array.from(grid, (g) =>
    g * Math.exp(0.005) > grid[m - 1] || g * Math.exp(-0.005) < grid[0]
      ? perPct[grid.indexOf(g)]
      : interpLog(grid, flow, g * Math.exp(0.005)) - interpLog(grid, flow, g * Math.exp(-0.005)),
  );
  const kappa =
    depth === null || !depth.perPctUsd.every((d) => d > 0)
      ? null
      : Array.from(perPctWindow, (v, j) => v / depth.perPctUsd[j]);
  const levels: ChannelLevel[] = books.flatMap(({ book }) => [...book.levels]);
  // Forced-sell zones: below spot where the total trades with the move (sells into the fall).
  const k = spotIndex(grid, spot);
  const zones = bands(grid.subarray(0, k + 1), perPctWindow.subarray(0, k + 1), (v) => v > 0)
    .map(([lo, hi]) => ({ lo, hi, size: interpLog(grid, flow, lo) - interpLog(grid, flow, hi) }))
    .filter((z) => z.size < 0)
    .sort((a, b) => a.size - b.size)
    .slice(0, 3);
  for (const z of zones)
    levels.push({ kind: 'forced-sell-zone', price: z.lo, hi: z.hi, channel: 'total', sizeUsd: z.size });
  if (kappa !== null)
    for (const [lo, hi] of bands(grid, kappa, (v) => v >= 1))
      levels.push({
        kind: 'kappa-above-1',
        price: lo,
        hi,
        channel: 'total',
        sizeUsd: interpLog(grid, flow, lo) - interpLog(grid, flow, hi),
      });
  const provenance = [
    {
      input: 'bars (BTC reference)',
      quality: snapshot.spot.quality,
      sources: [snapshot.spot.source],
      rows: 1,
      asOf: snapshot.spot.asOf,
    },
    ...snapshot.provenance.filter((p) => p.rows > 0),
  ];
  return {
    schema: FRAGILITY_SCHEMA,
    asOf: snapshot.asOf,
    spot,
    spotSource: { asOf: snapshot.spot.asOf, quality: snapshot.spot.quality, source: snapshot.spot.source },
    grid: Array.from(grid),
    channels: books.map(({ channel, book, assumptions }) => ({
      id: channel.id,
      title: channel.title,
      available: book.available,
      trigger: book.trigger,
      flowUsd: arr(book.flowUsd),
      perPctUsd: arr(book.perPctUsd),
      exogenousUsd: book.exogenousUsd,
      quality: book.quality,
      assumptions,
      diagnostics: book.diagnostics,
      provenance: book.provenance,
      levels: book.levels,
    })),
    total: { flowUsd: arr(flow), perPctUsd: arr(perPct), exogenousUsd: exo },
    depth,
    kappa,
    levels,
    provenance,
  };
}
