import type { ChannelBook, ChannelId, Trigger } from '../../channels/channel.js';
import { bsGreeks } from '../../pricing/blackScholes.js';

/*
 * Synthetic channel books for the simulator's tests and bench: each satisfies the channel contract
 * (flowUsd = reversible + triggers between spot and the price in their direction; step consistent with it).
 */

export interface SyntheticSpec {
  readonly id?: ChannelId;
  readonly spot: number;
  /** Grid from spot·e^lo to spot·e^hi, `points` log-spaced points. */
  readonly lo?: number;
  readonly hi?: number;
  readonly points?: number;
  /** Reversible forced trade for a move from spot to S (USD, + buy), 0 at spot. */
  readonly reversible?: (s: number) => number;
  readonly triggers?: readonly Trigger[];
  readonly available?: boolean;
  readonly exogenousUsd?: number;
}

interface StepState {
  readonly fired: readonly boolean[];
}

export function syntheticBook(spec: SyntheticSpec): ChannelBook<StepState> {
  const { spot } = spec;
  const lo = spec.lo ?? -0.7;
  const hi = spec.hi ?? 0.7;
  const points = spec.points ?? 2801;
  const grid = new Float64Array(points);
  for (let i = 0; i < points; i++) grid[i] = spot * Math.exp(lo + ((hi - lo) * i) / (points - 1));
  const rev = spec.reversible ?? (() => 0);
  const r0 = rev(spot);
  const reversibleUsd = Float64Array.from(grid, (s) => rev(s) - r0);
  const triggers = [...(spec.triggers ?? [])].sort((a, b) => a.price - b.price);
  const crossed = (t: Trigger, s: number) =>
    t.direction === 'down' ? t.price < spot && s <= t.price : t.price > spot && s >= t.price;
  const flowUsd = Float64Array.from(grid, (s, i) => {
    let f = reversibleUsd[i];
    for (const t of triggers) if (crossed(t, s)) f += t.tradeUsd;
    return f;
  });
  const perPctUsd = new Float64Array(points);
  for (let i = 0; i < points; i++) {
    const a = Math.max(0, i - 1);
    const b = Math.min(points - 1, i + 1);
    perPctUsd[i] = (0.01 * (reversibleUsd[b] - reversibleUsd[a])) / Math.log(grid[b] / grid[a]);
  }
  const exo = spec.exogenousUsd ?? 0;
  const available = spec.available ?? true;
  return {
    id: spec.id ?? 'dealerOptions',
    title: 'synthetic',
    spot,
    grid,
    flowUsd: exo !== 0 ? new Float64Array(points).fill(exo) : flowUsd,
    perPctUsd,
    levels: [],
    quality: 'reconstructed',
    provenance: [],
    diagnostics: available ? {} : { reason: 'synthetic null book' },
    trigger: exo !== 0 ? 'exogenous' : 'price',
    exogenousUsd: exo,
    decomposition: { reversibleUsd, triggers },
    available,
    initialState: () => ({ fired: triggers.map(() => false) }),
    step(from, to, state) {
      if (exo !== 0) return { tradeUsd: 0, state };
      let trade = rev(to) - rev(from);
      const fired = [...state.fired];
      triggers.forEach((t, k) => {
        if (fired[k]) return;
        const hit =
          t.direction === 'down' ? from > t.price && to <= t.price : from < t.price && to >= t.price;
        if (hit) {
          fired[k] = true;
          trade += t.tradeUsd;
        }
      });
      return { tradeUsd: trade, state: { fired } };
    },
  };
}

/** Constant feedback ratio κ under linear impact with depth D per 1 %: R = 100·κ·D·ln(S/spot). */
export function constantKappaBook(spot: number, kappa: number, depth1PctUsd: number, id?: ChannelId) {
  return syntheticBook({ id, spot, reversible: (s) => 100 * kappa * depth1PctUsd * Math.log(s / spot) });
}

/**
 * Frey's feedback: a dealer short `n` Black–Scholes puts hedging continuously, with d ln S = ρ·dα per unit α of
 * hedge traded. Under linear impact λ (log move per USD) the hedge is expressed as USD-equivalent R = (ρ/λ)·α,
 * α = n·Δ_put(S) (the short-put hedge sells as S falls), so the feedback ratio is λ·dR/d ln S = ρ·n·S·Γ.
 */
export function freyPutBook(
  spot: number,
  o: { strike: number; vol: number; tau: number; n: number; rho: number; lambdaPerUsd: number },
) {
  return syntheticBook({
    spot,
    lo: -1.2,
    hi: 1.2,
    points: 24001,
    reversible: (s) =>
      (o.rho / o.lambdaPerUsd) *
      o.n *
      bsGreeks({ type: 'put', spot: s, strike: o.strike, tau: o.tau, rate: 0, divYield: 0, vol: o.vol })
        .delta,
  });
}

/** A cohort of longs liquidated (a market sale of `usd`) the first time BTC falls to `price`. */
export function liquidationCohortBook(spot: number, price: number, usd: number) {
  return syntheticBook({
    id: 'perpLiquidations',
    spot,
    triggers: [{ price, direction: 'down', tradeUsd: -usd }],
  });
}

/** A channel with no book (no data): trades nothing. */
export function nullBook(spot: number, id: ChannelId = 'leveredEtf') {
  return syntheticBook({ id, spot, available: false });
}

/** An exogenous seller (basis unwind, de-grossing): sells `usd` on its own. */
export function exogenousBook(spot: number, usd: number, id: ChannelId = 'fundDegrossing') {
  return syntheticBook({ id, spot, exogenousUsd: -usd });
}
