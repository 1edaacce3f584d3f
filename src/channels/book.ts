/*
 * Building ChannelBooks (channel.ts) from their parts, so every channel gets the same flow, intensity,
 * decomposition and `step` semantics:
 *  - a price-driven book = a reversible curve (delta hedges, rebalancing: a function of the price only) plus
 *    one-shot triggers (knock-ins, liquidations: consumed once per path);
 *  - an exogenous book (basis unwind, fund de-grossing) trades a scenario size, not a price path: its flow and
 *    intensity are 0 on the grid, `exogenousUsd` is the trade and `step` returns 0;
 *  - an unavailable book says why ("no data"), with zeros that are marked unavailable, never a result.
 */
import type { Quality } from '../core/quality.js';
import type {
  ChannelBook,
  ChannelId,
  ChannelLevel,
  Diagnostics,
  InputProvenance,
  Trigger,
} from './channel.js';
import { interpLog } from './grid.js';

/** Which one-shot triggers a path has consumed (index into the book's triggers). */
export interface TriggerState {
  readonly fired: Uint8Array;
}

export interface PriceBookParts {
  readonly id: ChannelId;
  readonly title: string;
  readonly spot: number;
  readonly grid: Float64Array;
  /** The reversible part of the flow on the grid (0 at spot), USD (+ buy, − sell). */
  readonly reversibleUsd: Float64Array;
  /** Its intensity, 0.01 · d(reversible)/d ln(price), USD per 1 %. */
  readonly reversiblePerPctUsd: Float64Array;
  /** One-shot trades; 'down' triggers must lie below spot and 'up' triggers above (others are dropped and counted). */
  readonly triggers: readonly Trigger[];
  readonly levels: readonly ChannelLevel[];
  readonly quality: Quality;
  readonly provenance: readonly InputProvenance[];
  readonly diagnostics: Diagnostics;
}

function fires(t: Trigger, from: number, to: number): boolean {
  return t.direction === 'down'
    ? to < from && t.price < from && t.price >= to
    : to > from && t.price > from && t.price <= to;
}

/** Adds a trigger's trade to the intensity as a hat between its two neighbouring grid points. */
function spreadTrigger(grid: Float64Array, perPct: Float64Array, t: Trigger, spot: number): void {
  const m = grid.length;
  if (m < 2 || t.price < grid[0] || t.price > grid[m - 1]) return;
  let j = 0;
  while (j < m - 2 && grid[j + 1] < t.price) j++;
  let w = Math.log(t.price / grid[j]) / Math.log(grid[j + 1] / grid[j]);
  // The spot point belongs to neither side: a trigger next to spot goes wholly on the point on its side.
  if (t.direction === 'down' && grid[j + 1] >= spot) w = 0;
  if (t.direction === 'up' && grid[j] <= spot) w = 1;
  // flow jumps by tradeUsd crossing the price downward ('down') or upward ('up'):
  // d(flow)/d ln S = −trade · δ (down) or +trade · δ (up).
  const mass = 0.01 * (t.direction === 'down' ? -t.tradeUsd : t.tradeUsd);
  // The trapezoid weight of each point (half of each adjacent interval), so that integrating the intensity
  // back with the trapezoid rule (grid.ts flowFromIntensity) returns the trade exactly.
  const cell = (i: number) => 0.5 * Math.log(grid[Math.min(i + 1, m - 1)] / grid[Math.max(i - 1, 0)]);
  if (w < 1) perPct[j] += (mass * (1 - w)) / cell(j);
  if (w > 0) perPct[j + 1] += (mass * w) / cell(j + 1);
}

/**
 * A price-driven book from its reversible curve and its triggers: flowUsd = reversible + the triggers between
 * spot and each grid price in their direction; perPctUsd = the reversible intensity + each trigger spread
 * over its grid cell; `step` consumes triggers once.
 */
export function priceBook(p: PriceBookParts): ChannelBook<TriggerState> {
  const { grid, spot } = p;
  const m = grid.length;
  const dropped = p.triggers.filter(
    (t) => !(t.direction === 'down' ? t.price < spot : t.price > spot),
  ).length;
  const triggers = p.triggers
    .filter((t) => (t.direction === 'down' ? t.price < spot : t.price > spot) && t.tradeUsd !== 0)
    .sort((a, b) => a.price - b.price);
  const flowUsd = Float64Array.from(p.reversibleUsd);
  const perPctUsd = Float64Array.from(p.reversiblePerPctUsd);
  for (const t of triggers) spreadTrigger(grid, perPctUsd, t, spot);
  // Cumulative one-shot trades from spot outward: O(grid + triggers).
  const downs = triggers.filter((t) => t.direction === 'down').sort((a, b) => b.price - a.price);
  const ups = triggers.filter((t) => t.direction === 'up').sort((a, b) => a.price - b.price);
  let acc = 0;
  let i = 0;
  for (let j = m - 1; j >= 0; j--) {
    if (grid[j] >= spot) continue;
    while (i < downs.length && downs[i].price >= grid[j]) acc += downs[i++].tradeUsd;
    flowUsd[j] += acc;
  }
  acc = 0;
  i = 0;
  for (let j = 0; j < m; j++) {
    if (grid[j] <= spot) continue;
    while (i < ups.length && ups[i].price <= grid[j]) acc += ups[i++].tradeUsd;
    flowUsd[j] += acc;
  }
  const reversible = p.reversibleUsd;
  return {
    id: p.id,
    title: p.title,
    spot,
    grid,
    flowUsd,
    perPctUsd,
    levels: p.levels,
    quality: p.quality,
    provenance: p.provenance,
    diagnostics: { ...p.diagnostics, triggers: triggers.length, triggersPastSpotDropped: dropped },
    trigger: 'price',
    exogenousUsd: 0,
    decomposition: { reversibleUsd: reversible, triggers },
    available: true,
    initialState: () => ({ fired: new Uint8Array(triggers.length) }),
    step(from, to, state) {
      let trade = interpLog(grid, reversible, to) - interpLog(grid, reversible, from);
      let fired: Uint8Array | null = null;
      for (let i = 0; i < triggers.length; i++) {
        if (state.fired[i] === 1 || !fires(triggers[i], from, to)) continue;
        fired ??= Uint8Array.from(state.fired);
        fired[i] = 1;
        trade += triggers[i].tradeUsd;
      }
      return { tradeUsd: trade, state: fired === null ? state : { fired } };
    },
  };
}

interface BaseParts {
  readonly id: ChannelId;
  readonly title: string;
  readonly spot: number;
  readonly grid: Float64Array;
  readonly quality: Quality;
  readonly provenance: readonly InputProvenance[];
  readonly diagnostics: Diagnostics;
}

const noState = (): TriggerState => ({ fired: new Uint8Array(0) });

/** An exogenous (scenario) book: zero flow on the grid, `exogenousUsd` the trade, `step` 0. */
export function exogenousBook(
  p: BaseParts & { readonly exogenousUsd: number; readonly levels?: readonly ChannelLevel[] },
): ChannelBook<TriggerState> {
  const m = p.grid.length;
  return {
    id: p.id,
    title: p.title,
    spot: p.spot,
    grid: p.grid,
    flowUsd: new Float64Array(m),
    perPctUsd: new Float64Array(m),
    levels: p.levels ?? [],
    quality: p.quality,
    provenance: p.provenance,
    diagnostics: p.diagnostics,
    trigger: 'exogenous',
    exogenousUsd: p.exogenousUsd,
    decomposition: { reversibleUsd: new Float64Array(m), triggers: [] },
    available: true,
    initialState: noState,
    step: (_from, _to, state) => ({ tradeUsd: 0, state }),
  };
}

/** A channel without data at the snapshot: `available` false and `diagnostics.reason` saying why. */
export function unavailableBook(
  p: Omit<BaseParts, 'quality' | 'diagnostics'> & {
    readonly reason: string;
    readonly trigger?: 'price' | 'exogenous';
  },
): ChannelBook<TriggerState> {
  const m = p.grid.length;
  return {
    id: p.id,
    title: p.title,
    spot: p.spot,
    grid: p.grid,
    flowUsd: new Float64Array(m),
    perPctUsd: new Float64Array(m),
    levels: [],
    quality: 'reconstructed',
    provenance: p.provenance,
    diagnostics: { reason: p.reason },
    trigger: p.trigger ?? 'price',
    exogenousUsd: 0,
    decomposition: { reversibleUsd: new Float64Array(m), triggers: [] },
    available: false,
    initialState: noState,
    step: (_from, _to, state) => ({ tradeUsd: 0, state }),
  };
}

/**
 * The largest clusters of triggers (prices within `width`, relative, of the cluster's lowest member) as
 * levels: |trade|-weighted price, range (`lo`, `hi` when it spans more than one price), summed trade.
 * @example clusterTriggers(triggers, 0.01, 5, 'liquidation-wall', 'perpLiquidations')
 */
export function clusterTriggers(
  triggers: readonly Trigger[],
  width: number,
  count: number,
  kind: ChannelLevel['kind'],
  channel: ChannelId,
): ChannelLevel[] {
  const sorted = [...triggers].sort((a, b) => a.price - b.price);
  const groups: { lo: number; hi: number; size: number; weighted: number; abs: number }[] = [];
  for (const t of sorted) {
    const last = groups.at(-1);
    const w = Math.abs(t.tradeUsd);
    if (last !== undefined && t.price <= last.lo * (1 + width)) {
      last.hi = t.price;
      last.size += t.tradeUsd;
      last.weighted += t.price * w;
      last.abs += w;
    } else groups.push({ lo: t.price, hi: t.price, size: t.tradeUsd, weighted: t.price * w, abs: w });
  }
  return groups
    .sort((a, b) => b.abs - a.abs)
    .slice(0, count)
    .map((g) => ({
      kind,
      price: g.abs > 0 ? g.weighted / g.abs : g.lo,
      ...(g.hi > g.lo ? { lo: g.lo, hi: g.hi } : {}),
      channel,
      sizeUsd: g.size,
    }));
}
