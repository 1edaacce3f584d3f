import type { BarrierKind, OptionType } from '../src/pricing/types.js';
import { seededRng } from './rng.js';

/*
 * The seeded option rows every library in a suite is given. Maturities are whole days and tau = days/365,
 * so QuantLib-js (which derives time from dates with a day counter) sees exactly the same tau under
 * Actual365Fixed.
 */

export const SPOT = 100;
export const MIN_DAYS = 7;
export const MAX_DAYS = 730;

/** European option rows as struct-of-arrays columns. */
export interface VanillaGrid {
  readonly n: number;
  /** 1 = call, -1 = put. */
  readonly sign: Int8Array;
  readonly spot: Float64Array;
  readonly strike: Float64Array;
  /** Calendar days to expiry. */
  readonly days: Int32Array;
  /** days / 365, years. */
  readonly tau: Float64Array;
  readonly rate: Float64Array;
  readonly divYield: Float64Array;
  readonly vol: Float64Array;
}

export interface BarrierGrid extends VanillaGrid {
  readonly kind: readonly BarrierKind[];
  readonly barrier: Float64Array;
  readonly rebate: Float64Array;
}

export function typeOf(sign: number): OptionType {
  return sign === 1 ? 'call' : 'put';
}

/**
 * `n` rows: spot 100, strikes uniform 50–150, 7–730 days, vol 10–150 %, rate 0–8 %, dividend yield 0–3 %,
 * calls and puts with equal probability.
 * @example vanillaGrid(3, 1).strike.length // 3
 */
export function vanillaGrid(n: number, seed: number): VanillaGrid {
  const rng = seededRng(seed);
  const g = {
    n,
    sign: new Int8Array(n),
    spot: new Float64Array(n).fill(SPOT),
    strike: new Float64Array(n),
    days: new Int32Array(n),
    tau: new Float64Array(n),
    rate: new Float64Array(n),
    divYield: new Float64Array(n),
    vol: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    g.sign[i] = rng.next() < 0.5 ? 1 : -1;
    g.strike[i] = rng.uniform(50, 150);
    g.days[i] = rng.int(MIN_DAYS, MAX_DAYS);
    g.tau[i] = g.days[i] / 365;
    g.rate[i] = rng.uniform(0, 0.08);
    g.divYield[i] = rng.uniform(0, 0.03);
    g.vol[i] = rng.uniform(0.1, 1.5);
  }
  return g;
}

const KINDS: readonly BarrierKind[] = ['down-in', 'down-out', 'up-in', 'up-out'];

/**
 * Barrier rows on top of {@link vanillaGrid}: the eight kind × type combinations equally often, down
 * barriers at 50–99 % of spot and up barriers at 101–150 % (never already crossed), rebate 0 or 3.
 * @example barrierGrid(8, 1).kind.length // 8
 */
export function barrierGrid(n: number, seed: number): BarrierGrid {
  const base = vanillaGrid(n, seed);
  const rng = seededRng(seed ^ 0x5bd1e995);
  const kind: BarrierKind[] = [];
  const barrier = new Float64Array(n);
  const rebate = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const k = KINDS[rng.int(0, 3)];
    kind.push(k);
    barrier[i] = SPOT * (k.startsWith('down') ? rng.uniform(0.5, 0.99) : rng.uniform(1.01, 1.5));
    rebate[i] = rng.next() < 0.5 ? 0 : 3;
  }
  return { ...base, kind, barrier, rebate };
}

/** The rows at `idx`, copied into new columns (e.g. the well-conditioned subset for implied vol). */
export function pickRows(g: VanillaGrid, idx: readonly number[]): VanillaGrid {
  const m = idx.length;
  const out = {
    n: m,
    sign: new Int8Array(m),
    spot: new Float64Array(m),
    strike: new Float64Array(m),
    days: new Int32Array(m),
    tau: new Float64Array(m),
    rate: new Float64Array(m),
    divYield: new Float64Array(m),
    vol: new Float64Array(m),
  };
  for (let j = 0; j < m; j++) {
    const i = idx[j];
    out.sign[j] = g.sign[i];
    out.spot[j] = g.spot[i];
    out.strike[j] = g.strike[i];
    out.days[j] = g.days[i];
    out.tau[j] = g.tau[i];
    out.rate[j] = g.rate[i];
    out.divYield[j] = g.divYield[i];
    out.vol[j] = g.vol[i];
  }
  return out;
}
