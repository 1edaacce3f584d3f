import {
  bsGreeksKernel,
  G_CHARM,
  G_COUNT,
  G_DELTA,
  G_GAMMA,
  G_PRICE,
  G_THETA,
  G_VANNA,
  G_VEGA,
  G_VOLGA,
} from './blackScholes.js';
import { at, batchLength, outArray, signAt } from './columns.js';
import type { Col, TypeCol } from './types.js';

export interface BsBatchColumns {
  readonly type: TypeCol;
  readonly spot: Col;
  readonly strike: Col;
  readonly tau: Col;
  readonly rate: Col;
  readonly divYield: Col;
  readonly vol: Col;
}

/** Output columns of {@link bsGreeksBatch}; same units as {@link bsGreeks}. */
export interface BsBatchGreeks {
  readonly price: Float64Array;
  readonly delta: Float64Array;
  readonly gamma: Float64Array;
  readonly vega: Float64Array;
  readonly theta: Float64Array;
  readonly vanna: Float64Array;
  readonly volga: Float64Array;
  readonly charm: Float64Array;
}

const row = new Float64Array(G_COUNT);

/**
 * Price and Greeks of many European options at once over struct-of-arrays columns (a plain number
 * where a column is constant). Rows equal {@link bsGreeks} bit for bit; NaN marks a row outside the
 * domain. Writes into `out` when given (no allocation per call or per row).
 * @example bsGreeksBatch({ type: 'call', spot: new Float64Array([90, 100]), strike: 100, tau: 1, rate: 0, divYield: 0, vol: 0.2 }).delta
 *   // ≈ Float64Array [0.3409, 0.5398]
 */
export function bsGreeksBatch(c: BsBatchColumns, out?: Partial<BsBatchGreeks>): BsBatchGreeks {
  const n = batchLength([c.type, c.spot, c.strike, c.tau, c.rate, c.divYield, c.vol]);
  if (n < 0) throw new RangeError('bsGreeksBatch: array columns have different lengths');
  const price = outArray(n, out?.price);
  const delta = outArray(n, out?.delta);
  const gamma = outArray(n, out?.gamma);
  const vega = outArray(n, out?.vega);
  const theta = outArray(n, out?.theta);
  const vanna = outArray(n, out?.vanna);
  const volga = outArray(n, out?.volga);
  const charm = outArray(n, out?.charm);
  for (let i = 0; i < n; i++) {
    bsGreeksKernel(
      signAt(c.type, i),
      at(c.spot, i),
      at(c.strike, i),
      at(c.tau, i),
      at(c.rate, i),
      at(c.divYield, i),
      at(c.vol, i),
      row,
      0,
    );
    price[i] = row[G_PRICE];
    delta[i] = row[G_DELTA];
    gamma[i] = row[G_GAMMA];
    vega[i] = row[G_VEGA];
    theta[i] = row[G_THETA];
    vanna[i] = row[G_VANNA];
    volga[i] = row[G_VOLGA];
    charm[i] = row[G_CHARM];
  }
  return { price, delta, gamma, vega, theta, vanna, volga, charm };
}
