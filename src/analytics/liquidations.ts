import { InvalidInputError } from '../errors.js';
import { checkedGrid } from './btcAxis.js';

/*
 * Perp liquidation ladder from positioning cohorts (DESIGN.md H6; rows of `perp_cohorts`).
 *
 * Liquidation price. Binance's USDⓈ-M formula ("How to Calculate Liquidation Price of USDⓈ-M Futures
 * Contracts", https://www.binance.com/en/support/faq/b3c689c1f50a44cabb3a84e663b81d93) for one isolated
 * position (TMM = UPNL = 0) of size Q, entry EP, side s = +1 long / −1 short, wallet balance WB and
 * maintenance amount cum is LP = (WB + cum − s·Q·EP) / (Q·MMR − s·Q). With WB = Q·EP/L (the initial margin
 * at leverage L) and cum = 0 it becomes
 *     long  LP = EP·(1 − 1/L)/(1 − MMR),      short LP = EP·(1 + 1/L)/(1 + MMR)        ('isolated')
 * and, dropping the terms in MMR/L and MMR² of 1/(1 ∓ MMR) = 1 ± MMR + ...,
 *     long  LP = EP·(1 − 1/L + MMR),          short LP = EP·(1 + 1/L − MMR)            ('simple', default).
 * Simplifications, stated: one maintenance-margin rate for every cohort (no position brackets, cum = 0),
 * isolated margin at the cohort's nominal leverage (no added margin, no cross-margin offsets, no funding or
 * fees accrued since entry), mark price = traded price. A long price below 0 is floored at 0 (never liquidated).
 */

/** The columns of a `perp_cohorts` row (docs/DATA.md) the ladder reads. */
export interface PerpCohortRow {
  readonly side: 'long' | 'short';
  /** USD per BTC. */
  readonly entry_price: number;
  /** Notional / margin. */
  readonly leverage: number;
  readonly notional_usd: number;
}

export type LiquidationFormula = 'simple' | 'isolated';

export interface LiquidationOptions {
  /** Maintenance margin rate, decimal. Default 0.005 (Binance BTCUSDT first bracket at the time of writing: 0.4–0.5 %). */
  readonly maintenanceMarginRate?: number;
  /** Default 'simple'. */
  readonly formula?: LiquidationFormula;
}

export interface CohortLiquidation {
  /** Index of the row in the input. */
  readonly index: number;
  readonly side: 'long' | 'short';
  readonly entryPrice: number;
  readonly leverage: number;
  readonly notionalUsd: number;
  /** USD per BTC. */
  readonly liquidationPrice: number;
}

export interface LiquidationLadder {
  /** BTC prices, USD, ascending. */
  readonly grid: Float64Array;
  readonly spot: number;
  /** Long notional (USD) with liquidation price in [grid[j], grid[j+1]); length grid.length − 1. */
  readonly longByBucket: Float64Array;
  readonly shortByBucket: Float64Array;
  /** Notional with liquidation price outside [grid[0], grid[last]), by side. */
  readonly outsideGrid: {
    readonly longBelow: number;
    readonly longAbove: number;
    readonly shortBelow: number;
    readonly shortAbove: number;
  };
  /** Long notional liquidated by a fall from spot to grid[j] (liquidation price in [grid[j], spot)); 0 at and above spot. */
  readonly cumLongToLevel: Float64Array;
  /** Short notional liquidated by a rise from spot to grid[j] (liquidation price in (spot, grid[j]]); 0 at and below spot. */
  readonly cumShortToLevel: Float64Array;
  /** Cohorts already past their liquidation price at spot (longs at or above, shorts at or below): stale, left out of the cumulatives. */
  readonly staleAtSpot: { readonly longUsd: number; readonly shortUsd: number };
}

export interface LiquidatedBetween {
  readonly fromPrice: number;
  readonly toPrice: number;
  readonly longUsd: number;
  readonly shortUsd: number;
  readonly totalUsd: number;
  readonly cohorts: number;
}

/**
 * Liquidation price of a perp position, USD per BTC (header for the formulas). Kernel: NaN for bad input.
 * @example liquidationPrice('long', 70000, 10) // 63350 = 70000·(1 − 0.1 + 0.005)
 */
export function liquidationPrice(
  side: 'long' | 'short',
  entryPrice: number,
  leverage: number,
  maintenanceMarginRate = 0.005,
  formula: LiquidationFormula = 'simple',
): number {
  const mmr = maintenanceMarginRate;
  if (
    !(entryPrice > 0 && entryPrice < Number.POSITIVE_INFINITY) ||
    !(leverage > 0 && leverage < Number.POSITIVE_INFINITY) ||
    !(mmr >= 0 && mmr < 1) ||
    (formula !== 'simple' && formula !== 'isolated')
  )
    return Number.NaN;
  let lp: number;
  if (side === 'long') {
    lp =
      formula === 'isolated'
        ? (entryPrice * (1 - 1 / leverage)) / (1 - mmr)
        : entryPrice * (1 - 1 / leverage + mmr);
  } else if (side === 'short') {
    lp =
      formula === 'isolated'
        ? (entryPrice * (1 + 1 / leverage)) / (1 + mmr)
        : entryPrice * (1 + 1 / leverage - mmr);
  } else return Number.NaN;
  return Math.max(lp, 0);
}

function checkOptions(opts: LiquidationOptions): { mmr: number; formula: LiquidationFormula } {
  const mmr = opts.maintenanceMarginRate ?? 0.005;
  const formula = opts.formula ?? 'simple';
  if (!(mmr >= 0 && mmr < 1)) {
    throw new InvalidInputError('invalid_mmr', `maintenanceMarginRate must be in [0, 1), got ${mmr}`, {
      details: { maintenanceMarginRate: mmr },
    });
  }
  if (formula !== 'simple' && formula !== 'isolated') {
    throw new InvalidInputError(
      'invalid_formula',
      `formula must be 'simple' or 'isolated', got ${String(formula)}`,
      {
        details: { formula },
      },
    );
  }
  return { mmr, formula };
}

/**
 * Liquidation price of every cohort. Throws InvalidInputError naming the row for a bad side, entry price,
 * leverage or notional.
 * @example liquidationPrices([{ side: 'short', entry_price: 70000, leverage: 20, notional_usd: 1e6 }])[0].liquidationPrice // 73150
 */
export function liquidationPrices(
  rows: readonly PerpCohortRow[],
  opts: LiquidationOptions = {},
): CohortLiquidation[] {
  const { mmr, formula } = checkOptions(opts);
  return rows.map((r, i) => {
    const bad = (column: string, value: unknown, why: string) =>
      new InvalidInputError(
        'invalid_cohort_row',
        `perp cohort row ${i}: ${column} = ${String(value)} ${why}`,
        {
          details: { row: i, column, value },
        },
      );
    if (r.side !== 'long' && r.side !== 'short') throw bad('side', r.side, "is not 'long' or 'short'");
    if (!(r.entry_price > 0 && r.entry_price < Number.POSITIVE_INFINITY))
      throw bad('entry_price', r.entry_price, 'must be a positive price');
    if (!(r.leverage > 0 && r.leverage < Number.POSITIVE_INFINITY))
      throw bad('leverage', r.leverage, 'must be positive');
    if (!(r.notional_usd >= 0 && r.notional_usd < Number.POSITIVE_INFINITY))
      throw bad('notional_usd', r.notional_usd, 'must be a non-negative USD amount');
    return {
      index: i,
      side: r.side,
      entryPrice: r.entry_price,
      leverage: r.leverage,
      notionalUsd: r.notional_usd,
      liquidationPrice: liquidationPrice(r.side, r.entry_price, r.leverage, mmr, formula),
    };
  });
}

/**
 * Liquidation notional by BTC price bucket, and cumulative from spot: downward for longs, upward for shorts.
 * @example liquidationLadder(liquidationPrices(cohorts), 73000, priceGrid(55000, 90000, 36)).cumLongToLevel[5]
 *   // long USD liquidated by a fall from 73000 to 60000
 */
export function liquidationLadder(
  liqs: readonly CohortLiquidation[],
  spot: number,
  grid: Float64Array | readonly number[],
): LiquidationLadder {
  const g = checkedGrid(grid, 'liquidationLadder');
  if (!(spot > 0 && spot < Number.POSITIVE_INFINITY)) {
    throw new InvalidInputError(
      'invalid_spot',
      `liquidationLadder: spot must be a positive price, got ${spot}`,
      {
        details: { spot },
      },
    );
  }
  const m = g.length;
  const longByBucket = new Float64Array(Math.max(m - 1, 0));
  const shortByBucket = new Float64Array(Math.max(m - 1, 0));
  const cumLong = new Float64Array(m);
  const cumShort = new Float64Array(m);
  let longBelow = 0;
  let longAbove = 0;
  let shortBelow = 0;
  let shortAbove = 0;
  let staleLong = 0;
  let staleShort = 0;
  for (const c of liqs) {
    const lp = c.liquidationPrice;
    const usd = c.notionalUsd;
    const isLong = c.side === 'long';
    // Bucket j with g[j] <= lp < g[j+1]: the last index with g[j] <= lp.
    const j = upperBound(g, lp) - 1;
    if (j < 0) {
      if (isLong) longBelow += usd;
      else shortBelow += usd;
    } else if (j >= m - 1) {
      if (isLong) longAbove += usd;
      else shortAbove += usd;
    } else if (isLong) longByBucket[j] += usd;
    else shortByBucket[j] += usd;

    // Falling to g[k] liquidates a long when g[k] <= lp (every k <= j); rising to g[k] liquidates a short when
    // g[k] >= lp (every k from the first such index). Mark the boundary index, then sum once below.
    if (isLong) {
      if (lp >= spot) staleLong += usd;
      else if (j >= 0) cumLong[Math.min(j, m - 1)] += usd;
    } else if (lp <= spot) staleShort += usd;
    else {
      const k = lowerBound(g, lp);
      if (k < m) cumShort[k] += usd;
    }
  }
  for (let k = m - 2; k >= 0; k--) cumLong[k] += cumLong[k + 1];
  for (let k = 1; k < m; k++) cumShort[k] += cumShort[k - 1];
  return {
    grid: g,
    spot,
    longByBucket,
    shortByBucket,
    outsideGrid: { longBelow, longAbove, shortBelow, shortAbove },
    cumLongToLevel: cumLong,
    cumShortToLevel: cumShort,
    staleAtSpot: { longUsd: staleLong, shortUsd: staleShort },
  };
}

/**
 * Notional liquidated by a monotone move of BTC from `fromPrice` to `toPrice` (e.g. the 02-04 close to the
 * 02-05 low): longs with liquidation price in [to, from) on a fall, shorts in (from, to] on a rise.
 * @example liquidatedBetween(liqs, 73000, 60000).longUsd // long USD liquidated on the way down
 */
export function liquidatedBetween(
  liqs: readonly CohortLiquidation[],
  fromPrice: number,
  toPrice: number,
): LiquidatedBetween {
  for (const [name, v] of [
    ['fromPrice', fromPrice],
    ['toPrice', toPrice],
  ] as const) {
    if (!(v > 0 && v < Number.POSITIVE_INFINITY)) {
      throw new InvalidInputError(
        'invalid_price',
        `liquidatedBetween: ${name} must be a positive price, got ${v}`,
        {
          details: { [name]: v },
        },
      );
    }
  }
  let longUsd = 0;
  let shortUsd = 0;
  let cohorts = 0;
  for (const c of liqs) {
    const lp = c.liquidationPrice;
    if (c.side === 'long' && toPrice < fromPrice && lp >= toPrice && lp < fromPrice) {
      longUsd += c.notionalUsd;
      cohorts++;
    } else if (c.side === 'short' && toPrice > fromPrice && lp > fromPrice && lp <= toPrice) {
      shortUsd += c.notionalUsd;
      cohorts++;
    }
  }
  return { fromPrice, toPrice, longUsd, shortUsd, totalUsd: longUsd + shortUsd, cohorts };
}

/** First index with g[i] >= v. */
function lowerBound(g: Float64Array, v: number): number {
  let lo = 0;
  let hi = g.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (g[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index with g[i] > v. */
function upperBound(g: Float64Array, v: number): number {
  let lo = 0;
  let hi = g.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (g[mid] <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
