import { InvalidInputError } from '../errors.js';
import { barrierKindCode, barrierPriceCore } from './barrierCore.js';
import { optionSign } from './blackScholes.js';
import { at, batchLength, outArray, signAt } from './columns.js';
import type { BarrierInput, BarrierKind, Col, TypeCol } from './types.js';

/*
 * Public entry points for single-barrier European options. The formulas, their sources (Haug 2007,
 * section 4.17.1; Broadie–Glasserman–Kou 1997) and the conventions live in barrierCore.ts; the Greeks in
 * barrierGreeks.ts. The scalar function and the batch loop call the same kernel, so they agree bit for bit.
 */

export {
  BGK_BETA,
  barrierKindCode,
  barrierPriceCore,
  KIND_DOWN_IN,
  KIND_DOWN_OUT,
  KIND_UP_IN,
  KIND_UP_OUT,
} from './barrierCore.js';
export { barrierGreeks, barrierGreeksKernel } from './barrierGreeks.js';

/**
 * Price of a single-barrier European option, in the currency of spot and strike. Rebate (default 0) is paid
 * at the hit for knock-outs and at expiry for knock-ins never knocked in; `monitoringInterval` (years)
 * switches on the Broadie–Glasserman–Kou discrete-monitoring correction. NaN outside the domain.
 * @example barrierPrice({ type: 'call', kind: 'down-out', spot: 100, strike: 90, barrier: 95, rebate: 3, tau: 0.5, rate: 0.08, divYield: 0.04, vol: 0.25 }) // ≈ 9.0246
 */
export function barrierPrice(p: BarrierInput): number {
  return barrierPriceCore(
    optionSign(p.type),
    barrierKindCode(p.kind),
    p.spot,
    p.strike,
    p.barrier,
    p.rebate ?? 0,
    p.tau,
    p.rate,
    p.divYield,
    p.vol,
    p.monitoringInterval ?? 0,
  );
}

/** Columns of {@link barrierPriceBatch}: one barrier kind for all rows, any other column per row or constant. */
export interface BarrierBatchColumns {
  readonly type: TypeCol;
  readonly kind: BarrierKind;
  readonly spot: Col;
  readonly strike: Col;
  readonly barrier: Col;
  readonly rebate: Col;
  readonly tau: Col;
  readonly rate: Col;
  readonly divYield: Col;
  readonly vol: Col;
  /** Monitoring interval in years; absent (or 0 in a row) means continuous monitoring. */
  readonly monitoringInterval?: Col;
}

/**
 * Prices of many single-barrier options over struct-of-arrays columns (a number where a column is
 * constant). Rows equal {@link barrierPrice} bit for bit; NaN marks a row outside the domain. Writes into
 * `out` when given; allocates nothing per row. Throws RangeError when array columns differ in length.
 * @example barrierPriceBatch({ type: 'call', kind: 'down-out', spot: new Float64Array([100, 94]), strike: 90, barrier: 95, rebate: 3, tau: 0.5, rate: 0.08, divYield: 0.04, vol: 0.25 })
 *   // ≈ Float64Array [9.0246, 3]
 */
export function barrierPriceBatch(c: BarrierBatchColumns, out?: Float64Array): Float64Array {
  const dtCol = c.monitoringInterval ?? 0;
  const n = batchLength([
    c.type,
    c.spot,
    c.strike,
    c.barrier,
    c.rebate,
    c.tau,
    c.rate,
    c.divYield,
    c.vol,
    dtCol,
  ]);
  if (n < 0) throw new RangeError('barrierPriceBatch: array columns have different lengths');
  const o = outArray(n, out);
  const kind = barrierKindCode(c.kind);
  for (let i = 0; i < n; i++) {
    o[i] = barrierPriceCore(
      signAt(c.type, i),
      kind,
      at(c.spot, i),
      at(c.strike, i),
      at(c.barrier, i),
      at(c.rebate, i),
      at(c.tau, i),
      at(c.rate, i),
      at(c.divYield, i),
      at(c.vol, i),
      at(dtCol, i),
    );
  }
  return o;
}

function fail(field: string, value: unknown, why: string): never {
  throw new InvalidInputError('invalid_barrier_input', `barrier option: ${field} ${String(value)} ${why}`, {
    details: { field, value },
  });
}

function positive(field: string, v: number): void {
  if (typeof v !== 'number' || !(v > 0 && v < Number.POSITIVE_INFINITY))
    fail(field, v, 'must be a finite number > 0');
}

function nonNegative(field: string, v: number): void {
  if (typeof v !== 'number' || !(v >= 0 && v < Number.POSITIVE_INFINITY))
    fail(field, v, 'must be a finite number >= 0');
}

function finite(field: string, v: number): void {
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(field, v, 'must be a finite number');
}

/**
 * Throws InvalidInputError (code 'invalid_barrier_input', details { field, value }) naming the first bad
 * field of a barrier option. Spot at or beyond the barrier is valid: it means the barrier was already touched.
 * @example validateBarrierInput({ type: 'put', kind: 'down-in', spot: 100, strike: 100, barrier: 80, tau: -1, rate: 0, divYield: 0, vol: 0.5 })
 *   // throws InvalidInputError: barrier option: tau -1 must be a finite number >= 0
 */
export function validateBarrierInput(p: BarrierInput): void {
  if (p.type !== 'call' && p.type !== 'put') fail('type', p.type, "must be 'call' or 'put'");
  if (Number.isNaN(barrierKindCode(p.kind)))
    fail('kind', p.kind, "must be one of 'down-in', 'down-out', 'up-in', 'up-out'");
  positive('spot', p.spot);
  positive('strike', p.strike);
  positive('barrier', p.barrier);
  nonNegative('tau', p.tau);
  finite('rate', p.rate);
  finite('divYield', p.divYield);
  nonNegative('vol', p.vol);
  if (p.rebate !== undefined) nonNegative('rebate', p.rebate);
  if (p.monitoringInterval !== undefined) nonNegative('monitoringInterval', p.monitoringInterval);
}
