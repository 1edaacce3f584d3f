import type { ChannelBook } from '../channels/channel.js';
import { addSpread, type Shock, shockSchedule } from './shocks.js';

/*
 * Precompute a coalition of channels for the engine (docs/METHODS.md §12.4). Pure.
 *
 * Every price channel's reversible curve (`decomposition.reversibleUsd`, USD traded for a move from spot)
 * is resampled, linearly in log price, onto one uniform log grid of step `gridStep` and summed, so that a
 * hedger's trade between two prices is R(to) − R(from) read off one array in O(1). Outside a book's grid its
 * curve is held flat (the channel does nothing beyond the prices it was built on). One-shot triggers of all
 * channels are merged into two sorted lists (down: by price descending; up: ascending) that each path walks
 * with a pointer, so nothing is re-priced per step. Exogenous channels and sale shocks become one flow
 * schedule per step.
 */

/** A channel taking part in a simulation, under a unique key (the channel id, or id#2 for a duplicate). */
export interface SimPlayer {
  readonly key: string;
  readonly book: ChannelBook;
}

export interface CompileSetup {
  readonly spot: number;
  readonly steps: number;
  readonly stepMinutes: number;
  readonly shocks: readonly Shock[];
  /** Minutes over which an exogenous channel's sale is spread from the start (0 = at once). */
  readonly exogenousMinutes: number;
  /** Step of the uniform log-price grid (e.g. 0.0005 = 0.05 %). */
  readonly gridStep: number;
  /** Keep each channel's own curve so that flows can be reported per channel (costs one lookup per channel per step). */
  readonly perChannel: boolean;
}

/** Plain data (structured-cloneable, so it can be sent to a worker thread). */
export interface CompiledRun {
  readonly spot: number;
  readonly spotLog: number;
  /** Player keys, in the order of the players given (owners below index into it). */
  readonly keys: readonly string[];
  /** 1 when the player is in the coalition. */
  readonly active: Uint8Array;
  readonly x0: number;
  readonly h: number;
  readonly n: number;
  /** Summed reversible curve at the nodes x0 + i·h (USD). */
  readonly R: Float64Array;
  /** Per player, its own resampled curve (only with `perChannel` and for active price players), else null. */
  readonly channelR: readonly (Float64Array | null)[];
  readonly downX: Float64Array;
  readonly downTrade: Float64Array;
  readonly downOwner: Int32Array;
  readonly upX: Float64Array;
  readonly upTrade: Float64Array;
  readonly upOwner: Int32Array;
  /** Total exogenous flow per step (USD, − sell): shocks plus active exogenous channels. */
  readonly exoFlow: Float64Array;
  /** Per player the exogenous flow per step (zeros for price channels), and last the shocks' own row. */
  readonly exoByPlayer: readonly Float64Array[];
  readonly gapLog: number;
  /** Largest feedback slope of the summed curve, dR/d ln S (USD per unit log move); κ = λ · this. */
  readonly maxSlopeUsd: number;
  /** BTC price at the middle of the cell where that slope is reached (spot when there is no curve). */
  readonly maxSlopeAt: number;
}

/** Resample a book's reversible curve onto nodes x0 + i·h (linear in log price, flat outside). */
export function resample(book: ChannelBook, x0: number, h: number, n: number): Float64Array {
  const g = book.grid;
  const r = book.decomposition.reversibleUsd;
  const out = new Float64Array(n);
  if (g.length === 0) return out;
  const lg = Float64Array.from(g, Math.log);
  let j = 0;
  for (let i = 0; i < n; i++) {
    const x = x0 + i * h;
    if (x <= lg[0]) out[i] = r[0];
    else if (x >= lg[lg.length - 1]) out[i] = r[lg.length - 1];
    else {
      while (j < lg.length - 2 && lg[j + 1] < x) j++;
      const w = (x - lg[j]) / (lg[j + 1] - lg[j]);
      out[i] = r[j] + w * (r[j + 1] - r[j]);
    }
  }
  return out;
}

function validateBook(key: string, b: ChannelBook): void {
  const g = b.grid;
  for (let i = 0; i < g.length; i++) {
    if (!(g[i] > 0) || (i > 0 && !(g[i] > g[i - 1])))
      throw new RangeError(`channel ${key}: grid must be positive and strictly increasing (index ${i})`);
  }
  if (b.decomposition.reversibleUsd.length !== g.length)
    throw new RangeError(
      `channel ${key}: reversibleUsd has ${b.decomposition.reversibleUsd.length} points, grid ${g.length}`,
    );
  for (const v of b.decomposition.reversibleUsd)
    if (!Number.isFinite(v)) throw new RangeError(`channel ${key}: reversibleUsd has a non-finite value`);
  for (const t of b.decomposition.triggers)
    if (!(t.price > 0 && Number.isFinite(t.tradeUsd)))
      throw new RangeError(`channel ${key}: trigger at ${t.price} with trade ${t.tradeUsd} is not valid`);
  if (!Number.isFinite(b.exogenousUsd)) throw new RangeError(`channel ${key}: exogenousUsd is not finite`);
}

/** Compile the players selected by `mask` (bit i = player i). */
export function compileRun(players: readonly SimPlayer[], mask: number, s: CompileSetup): CompiledRun {
  const spotLog = Math.log(s.spot);
  const active = new Uint8Array(players.length);
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  players.forEach((p, i) => {
    validateBook(p.key, p.book);
    if (!((mask >>> i) & 1) || !p.book.available) return;
    active[i] = 1;
    const g = p.book.grid;
    if (p.book.trigger === 'price' && g.length > 0) {
      lo = Math.min(lo, Math.log(g[0]));
      hi = Math.max(hi, Math.log(g[g.length - 1]));
    }
  });
  if (!(hi > lo)) {
    lo = spotLog - 1;
    hi = spotLog + 1;
  }
  const h = s.gridStep;
  const n = Math.max(2, Math.ceil((hi - lo) / h) + 1);
  const R = new Float64Array(n);
  const channelR: (Float64Array | null)[] = players.map(() => null);
  const down: { x: number; t: number; o: number }[] = [];
  const up: { x: number; t: number; o: number }[] = [];
  const exoByPlayer = players.map(() => new Float64Array(s.steps));
  const { flowUsd: shockFlow, gapLog } = shockSchedule(s.shocks, s.steps, s.stepMinutes);
  const exoFlow = Float64Array.from(shockFlow);
  players.forEach((p, i) => {
    if (!active[i]) return;
    const b = p.book;
    if (b.trigger === 'exogenous') {
      addSpread(exoByPlayer[i], b.exogenousUsd, s.exogenousMinutes, s.stepMinutes);
      for (let k = 0; k < s.steps; k++) exoFlow[k] += exoByPlayer[i][k];
      return;
    }
    const r = resample(b, lo, h, n);
    for (let k = 0; k < n; k++) R[k] += r[k];
    if (s.perChannel) channelR[i] = r;
    for (const t of b.decomposition.triggers) {
      (t.direction === 'down' ? down : up).push({ x: Math.log(t.price), t: t.tradeUsd, o: i });
    }
  });
  down.sort((a, b) => b.x - a.x || a.o - b.o);
  up.sort((a, b) => a.x - b.x || a.o - b.o);
  let maxSlopeUsd = 0;
  let maxSlopeAt = s.spot;
  for (let k = 0; k + 1 < n; k++) {
    const slope = (R[k + 1] - R[k]) / h;
    if (slope > maxSlopeUsd) {
      maxSlopeUsd = slope;
      maxSlopeAt = Math.exp(lo + (k + 0.5) * h);
    }
  }
  return {
    spot: s.spot,
    spotLog,
    keys: players.map((p) => p.key),
    active,
    x0: lo,
    h,
    n,
    R,
    channelR,
    downX: Float64Array.from(down, (d) => d.x),
    downTrade: Float64Array.from(down, (d) => d.t),
    downOwner: Int32Array.from(down, (d) => d.o),
    upX: Float64Array.from(up, (d) => d.x),
    upTrade: Float64Array.from(up, (d) => d.t),
    upOwner: Int32Array.from(up, (d) => d.o),
    exoFlow,
    exoByPlayer: [...exoByPlayer, shockFlow],
    gapLog,
    maxSlopeUsd,
    maxSlopeAt,
  };
}
