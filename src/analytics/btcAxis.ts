import { InvalidInputError } from '../errors.js';

/*
 * One BTC price axis for every venue (DESIGN.md section 3, "IBIT <-> BTC"). A spot-ETF share holds
 * `btcPerShare` BTC (from NAV and holdings; it decays with the sponsor fee), so an ETF price P maps to the
 * BTC price P / btcPerShare, and n shares carry n · btcPerShare BTC of exposure. The mapping is taken as
 * fixed over the horizon of a profile: the fee drift (0.25 %/yr for IBIT) moves it by < 0.1 % over the
 * option tenors involved, far below the uncertainty of the positioning itself.
 */

/**
 * BTC price (USD per BTC) implied by an ETF share price.
 * @example btcPriceFromShare(38, 0.000568) // ≈ 66901.4
 */
export function btcPriceFromShare(sharePrice: number, btcPerShare: number): number {
  return sharePrice / btcPerShare;
}

/**
 * ETF share price (USD per share) at a BTC price.
 * @example sharePriceFromBtc(70000, 0.000568) // 39.76
 */
export function sharePriceFromBtc(btcPrice: number, btcPerShare: number): number {
  return btcPrice * btcPerShare;
}

/**
 * BTC-equivalent size of a number of ETF shares (an IBIT option on 100 shares carries 100 · btcPerShare BTC).
 * @example btcEquivalent(100, 0.000568) // 0.0568
 */
export function btcEquivalent(shares: number, btcPerShare: number): number {
  return shares * btcPerShare;
}

/**
 * `n` equally spaced BTC prices from `lo` to `hi` inclusive (USD per BTC). Throws InvalidInputError unless
 * 0 < lo < hi and n >= 2.
 * @example priceGrid(60000, 70000, 3) // Float64Array [60000, 65000, 70000]
 */
export function priceGrid(lo: number, hi: number, n: number): Float64Array {
  if (!(lo > 0 && hi > lo && hi < Number.POSITIVE_INFINITY)) {
    throw new InvalidInputError('invalid_grid', `priceGrid: need 0 < lo < hi, got lo = ${lo}, hi = ${hi}`, {
      details: { lo, hi },
    });
  }
  if (!(Number.isInteger(n) && n >= 2)) {
    throw new InvalidInputError('invalid_grid', `priceGrid: n must be an integer >= 2, got ${n}`, {
      details: { n },
    });
  }
  const g = new Float64Array(n);
  const step = (hi - lo) / (n - 1);
  for (let j = 0; j < n; j++) g[j] = lo + step * j;
  // The last point exactly hi, whatever the rounding of step.
  g[n - 1] = hi;
  return g;
}

/**
 * A caller's grid as a Float64Array, checked strictly increasing, positive and finite. `where` names the
 * caller in the error.
 */
export function checkedGrid(grid: Float64Array | readonly number[], where: string): Float64Array {
  const g = grid instanceof Float64Array ? grid : Float64Array.from(grid);
  if (g.length < 1) {
    throw new InvalidInputError('invalid_grid', `${where}: the price grid is empty`, {
      details: { length: 0 },
    });
  }
  for (let j = 0; j < g.length; j++) {
    const ok = g[j] > 0 && g[j] < Number.POSITIVE_INFINITY && (j === 0 || g[j] > g[j - 1]);
    if (!ok) {
      throw new InvalidInputError(
        'invalid_grid',
        `${where}: grid[${j}] = ${g[j]} must be positive, finite and above grid[${j - 1}] = ${j > 0 ? g[j - 1] : 'none'}`,
        { details: { index: j, value: g[j] } },
      );
    }
  }
  return g;
}
