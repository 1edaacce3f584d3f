import type { z } from 'zod';
import type { InputProvenance } from '../core/provenance.js';
import type { Quality } from '../core/quality.js';

/*
 * The channel contract (DESIGN.md section 2; docs/ARCHITECTURE.md "Channels"; docs/ADD_A_CHANNEL.md).
 *
 * A channel is one mechanism that forces BTC to be bought or sold when the price moves (dealer option
 * hedging, structured-note knock-ins, perp liquidations, levered-ETF rebalancing) or that sells on its own
 * (basis unwind, fund de-grossing). Each channel is a pure module: typed assumptions (one zod schema with
 * defaults: the single source for CLI flags, JSON input and the dashboard's forms) and a `build` that turns a
 * market snapshot at one instant into a book on a BTC price grid.
 *
 * Units and signs, for every channel:
 *  - prices are USD per BTC on one BTC axis (ETF and CME positions mapped through BTC per share / contract);
 *  - trades are USD of BTC: + buy, − sell;
 *  - `flowUsd[i]`: the cumulative forced trade for a monotone move from spot to `grid[i]` (0 at spot);
 *  - `perPctUsd[i]`: 0.01 · d(flowUsd)/d ln(price) at `grid[i]`, the USD traded per 1 % move, with the sign
 *    flipped so that positive = the channel trades WITH the move (amplifies: sells into a fall, buys into a
 *    rise) and negative = against it (damps). For a smooth hedger, perPctUsd = −(dealer dollar gamma per 1 %).
 */

/** The channels crashscope knows. */
export const CHANNEL_IDS = [
  'dealerOptions',
  'structuredNotes',
  'perpLiquidations',
  'basisUnwind',
  'leveredEtf',
  'fundDegrossing',
] as const;

export type ChannelId = (typeof CHANNEL_IDS)[number];

/** A price level worth naming on the fragility map. */
export type LevelKind =
  | 'zero-gamma'
  | 'short-gamma-band'
  | 'knock-in'
  | 'liquidation-wall'
  | 'forced-sell-zone'
  | 'kappa-above-1';

export interface ChannelLevel {
  readonly kind: LevelKind;
  /** BTC USD. For a band, the low end; `hi` is its high end. For a cluster (knock-ins, walls), its size-weighted centre. */
  readonly price: number;
  readonly hi?: number;
  /** For a cluster spanning more than one price: its lowest member (`hi` its highest). */
  readonly lo?: number;
  readonly channel: ChannelId | 'total';
  /** Size of the trade at or across the level, USD of BTC (+ buy, − sell); null when not a size. */
  readonly sizeUsd: number | null;
}

/** Where an input of a book came from (defined in core/, below the market snapshot and the channels). */
export type { InputProvenance };

/**
 * A one-shot trade (a knock-in lump, a liquidation) that happens the first time BTC reaches `price`
 * moving in `direction`, and never again on that path.
 */
export interface Trigger {
  readonly price: number;
  readonly direction: 'down' | 'up';
  /** USD of BTC, + buy, − sell. */
  readonly tradeUsd: number;
}

/**
 * `flowUsd` split for fast simulation: `reversibleUsd[i]` is the part that depends only on the price
 * (delta hedges: trade = reversible(to) − reversible(from) on any path), and `triggers` the one-shot part
 * (sorted by price; consumed once per path). On the grid, flowUsd[i] = reversibleUsd[i] + Σ trades of the
 * triggers between spot and grid[i] in their direction (a contract test checks it).
 */
export interface FlowDecomposition {
  readonly reversibleUsd: Float64Array;
  readonly triggers: readonly Trigger[];
}

export type Diagnostics = Readonly<Record<string, number | string | boolean | null>>;

/**
 * What a channel built at one instant. The `grid` is the one it was built on (shared by all channels of a map).
 *
 * `step` is the path-dependent form for the simulator: the trade the channel forces when BTC moves from `from`
 * to `to` given its state, and the state after (knock-ins and liquidations happen once and are consumed;
 * hedgers rebalance to their delta at `to`). Along a monotone path from spot, the sum of `step` trades equals
 * `flowUsd` interpolated at the end price (a contract test checks it). `step` never mutates its input state.
 */
export interface ChannelBook<S = unknown> {
  readonly id: ChannelId;
  readonly title: string;
  /** BTC USD per BTC at which the book was built. */
  readonly spot: number;
  readonly grid: Float64Array;
  readonly flowUsd: Float64Array;
  readonly perPctUsd: Float64Array;
  readonly levels: readonly ChannelLevel[];
  /** The weakest quality of the inputs the book rests on. */
  readonly quality: Quality;
  readonly provenance: readonly InputProvenance[];
  readonly diagnostics: Diagnostics;
  /**
   * `exogenous`: the channel trades on its own (a scenario size), not because the price moved; its
   * `flowUsd` is then the same at every grid price and `step` returns 0 — the simulator takes its trade as a
   * shock. `price`: the trade is a function of the price path.
   */
  readonly trigger: 'price' | 'exogenous';
  /** The exogenous trade (USD, − sell) for `exogenous` channels, else 0. */
  readonly exogenousUsd: number;
  readonly decomposition: FlowDecomposition;
  /** False when the snapshot has no data for this channel: the book is empty and says why in `diagnostics.reason`. */
  readonly available: boolean;
  initialState(): S;
  step(from: number, to: number, state: S): { readonly tradeUsd: number; readonly state: S };
}

/**
 * A channel module. `Snapshot` is the market snapshot type (src/market/snapshot.ts); it is a type parameter
 * here so the contract stays below the market layer in the import diagram.
 */
export interface Channel<Snapshot, A extends z.ZodType = z.ZodType, S = unknown> {
  readonly id: ChannelId;
  readonly title: string;
  /** One zod schema with defaults; `schema.parse({})` gives the default assumptions. */
  readonly assumptions: A;
  build(snapshot: Snapshot, assumptions: z.output<A>, grid: Float64Array): ChannelBook<S>;
}
