/**
 * Black–Scholes–Merton implied volatility by P. Jäckel's "Let's Be Rational" (Wilmott, January 2015, 40–53;
 * 2024 revision of the reference implementation): any price strictly between intrinsic value and the upper
 * bound is inverted to full attainable precision in at most two Householder steps (see lbrImplied.ts).
 *
 * Conventions: `price` is the discounted premium with continuous dividend yield, so with
 * F = S·e^{(r−q)τ} and DF = e^{−rτ} the undiscounted Black price is price/DF. The solver works on the
 * out-of-the-money side: an in-the-money price minus its intrinsic value F − K (call) or K − F (put) is the
 * price of the out-of-the-money option of the other type (put–call parity), normalised by √(FK).
 *
 * Outcomes:
 *  - 'invalid_input': a non-finite field, S <= 0, K <= 0, tau <= 0, a negative price, maxIterations < 0.
 *  - 'price_below_intrinsic': undiscounted price strictly below max(θ(F − K), 0).
 *  - a price exactly at intrinsic value (including 0 for an out-of-the-money option) is ok with vol 0: the
 *    limit σ → 0 attains it, and "no time value" is a legitimate quote.
 *  - 'price_above_upper_bound': price >= F·DF (call) or K·DF (put), the σ → ∞ limit.
 *  - 'no_convergence': never expected; reported if the iteration ends on a non-finite value.
 */
import { batchLength, colArray, colStride, outArray, signArray } from './columns.js';
import { lastIterations, lbrImpliedNormalisedVol } from './lbrImplied.js';
import type {
  Col,
  ImpliedVolFailure,
  ImpliedVolOptions,
  ImpliedVolQuote,
  ImpliedVolResult,
  TypeCol,
} from './types.js';
import { pricingWasm, runKernel } from './wasmKernel.js';

const STATUS_OK = 0;
const STATUS_INVALID = 1;
const STATUS_BELOW = 2;
const STATUS_ABOVE = 3;
const STATUS_NO_CONVERGENCE = 4;
const FAILURE_CODES: readonly ImpliedVolFailure[] = [
  'invalid_input',
  'invalid_input',
  'price_below_intrinsic',
  'price_above_upper_bound',
  'no_convergence',
];
const MIN_NORMAL = 2.2250738585072014e-308;

/** Jäckel's iteration bound. */
const DEFAULT_MAX_ITERATIONS = 2;

let statusOfLastCall = STATUS_OK;
let iterationsOfLastCall = 0;

/**
 * Outcome of the last impliedVolCore call: 0 ok, 1 invalid input, 2 below intrinsic, 3 above bound,
 * 4 no convergence.
 * @example impliedVolCore(1, 49, 100, 50, 1, 0, 0, 2); impliedVolCoreStatus() // 2 (below intrinsic)
 */
export function impliedVolCoreStatus(): number {
  return statusOfLastCall;
}

/**
 * Householder steps taken by the last impliedVolCore call (0 when no iteration was needed).
 * @example impliedVolCore(-1, 3, 100, 100, 0.5, 0, 0, 2); impliedVolCoreIterations() // 0 (exactly at the money)
 */
export function impliedVolCoreIterations(): number {
  return iterationsOfLastCall;
}

/**
 * Numeric core shared by {@link impliedVol} and {@link impliedVolBatch}: the annualised implied volatility for
 * sign = +1 (call) / −1 (put), or NaN, with the outcome in impliedVolCoreStatus() and the step count in
 * impliedVolCoreIterations() (module scratch, so that the batch loop allocates nothing).
 * @example impliedVolCore(1, 10.450583572185566, 100, 100, 1, 0.05, 0, 2) // 0.2
 */
export function impliedVolCore(
  sign: number,
  price: number,
  spot: number,
  strike: number,
  tau: number,
  rate: number,
  divYield: number,
  maxIterations: number,
): number {
  iterationsOfLastCall = 0;
  if (
    !(sign === 1 || sign === -1) ||
    !(price >= 0 && price < Number.POSITIVE_INFINITY) ||
    !(spot > 0 && spot < Number.POSITIVE_INFINITY) ||
    !(strike > 0 && strike < Number.POSITIVE_INFINITY) ||
    !(tau > 0 && tau < Number.POSITIVE_INFINITY) ||
    !Number.isFinite(rate) ||
    !Number.isFinite(divYield) ||
    !(maxIterations >= 0)
  ) {
    statusOfLastCall = STATUS_INVALID;
    return Number.NaN;
  }
  const carry = (rate - divYield) * tau;
  // F − K = (S − K) + S·expm1((r−q)τ): exact S − K near the money and no rounded F in the intrinsic value.
  const growth = spot * Math.expm1(carry);
  const forward = spot + growth;
  const discount = Math.exp(-rate * tau);
  if (
    !(
      forward > 0 &&
      forward < Number.POSITIVE_INFINITY &&
      discount > 0 &&
      discount < Number.POSITIVE_INFINITY
    )
  ) {
    statusOfLastCall = STATUS_INVALID;
    return Number.NaN;
  }
  const undiscounted = price / discount;
  if (!(undiscounted < (sign > 0 ? forward : strike))) {
    statusOfLastCall = STATUS_ABOVE;
    return Number.NaN;
  }
  const intrinsic = sign > 0 ? spot - strike + growth : strike - spot - growth;
  let timeValue = undiscounted;
  if (intrinsic > 0) {
    if (undiscounted < intrinsic) {
      statusOfLastCall = STATUS_BELOW;
      return Number.NaN;
    }
    timeValue = undiscounted - intrinsic;
  }
  // ln(S/K) + (r−q)τ rather than ln(F/K): F carries a rounding that would shift tiny |x|.
  const ratio = spot / strike;
  const x =
    (ratio >= MIN_NORMAL && ratio < Number.POSITIVE_INFINITY
      ? Math.log(ratio)
      : Math.log(spot) - Math.log(strike)) + carry;
  const beta = timeValue / (Math.sqrt(forward) * Math.sqrt(strike));
  const s = lbrImpliedNormalisedVol(beta, -Math.abs(x), maxIterations);
  iterationsOfLastCall = lastIterations();
  if (s === Number.POSITIVE_INFINITY) {
    statusOfLastCall = STATUS_ABOVE;
    return Number.NaN;
  }
  if (!(s >= 0 && s < Number.POSITIVE_INFINITY)) {
    statusOfLastCall = STATUS_NO_CONVERGENCE;
    return Number.NaN;
  }
  statusOfLastCall = STATUS_OK;
  return s / Math.sqrt(tau);
}

/**
 * Implied volatility (annualised, decimal) of a European option under Black–Scholes–Merton from its
 * discounted premium; `iterations` counts Householder steps (at most `maxIterations`, default 2).
 * @example impliedVol({ type: 'call', price: 10.450583572185566, spot: 100, strike: 100, tau: 1, rate: 0.05, divYield: 0 })
 *   // { ok: true, vol: 0.2, iterations: 2 }
 */
export function impliedVol(q: ImpliedVolQuote, opts?: ImpliedVolOptions): ImpliedVolResult {
  const sign = q.type === 'call' ? 1 : q.type === 'put' ? -1 : Number.NaN;
  const maxIterations = opts?.maxIterations ?? DEFAULT_MAX_ITERATIONS;
  const vol = impliedVolCore(sign, q.price, q.spot, q.strike, q.tau, q.rate, q.divYield, maxIterations);
  if (statusOfLastCall === STATUS_OK) return { ok: true, vol, iterations: iterationsOfLastCall };
  return { ok: false, code: FAILURE_CODES[statusOfLastCall] };
}

/**
 * Implied volatilities of many options over struct-of-arrays columns (a plain number where a column is
 * constant); NaN for rows with no answer (see {@link impliedVol} for the reasons). Equal to the scalar
 * function bit for bit; writes into `out` when given and allocates nothing per row. Runs the WebAssembly
 * port of the solver (wasm/impliedVol.ts) where WebAssembly is available, else the same JavaScript loop.
 * @example impliedVolBatch({ type: 'call', price: new Float64Array([10.450583572185566, -1]), spot: 100, strike: 100, tau: 1, rate: 0.05, divYield: 0 })
 *   // Float64Array [0.2, NaN]
 */
export function impliedVolBatch(
  c: {
    readonly type: TypeCol;
    readonly price: Col;
    readonly spot: Col;
    readonly strike: Col;
    readonly tau: Col;
    readonly rate: Col;
    readonly divYield: Col;
  },
  out?: Float64Array,
): Float64Array {
  const n = batchLength([c.type, c.price, c.spot, c.strike, c.tau, c.rate, c.divYield]);
  if (n < 0) throw new RangeError('impliedVolBatch: array columns have different lengths');
  const result = outArray(n, out);
  const wasm = pricingWasm();
  if (wasm !== undefined) {
    runKernel(
      wasm,
      'impliedVol',
      n,
      c.type,
      [c.spot, c.strike, c.tau, c.rate, c.divYield, c.price],
      [result],
    );
    return result;
  }
  // Stride reads (columns.ts): one element kind per column, no typeof test per row.
  const ty = signArray(c.type);
  const sTy = colStride(c.type);
  const pr = colArray(c.price, 0);
  const sP = colStride(c.price);
  const sp = colArray(c.spot, 1);
  const sS = colStride(c.spot);
  const kk = colArray(c.strike, 2);
  const sK = colStride(c.strike);
  const tt = colArray(c.tau, 3);
  const sT = colStride(c.tau);
  const rr = colArray(c.rate, 4);
  const sR = colStride(c.rate);
  const qq = colArray(c.divYield, 5);
  const sQ = colStride(c.divYield);
  for (let i = 0; i < n; i++) {
    const sign = ty[i * sTy];
    result[i] = impliedVolCore(
      sign === 1 || sign === -1 ? sign : Number.NaN,
      pr[i * sP],
      sp[i * sS],
      kk[i * sK],
      tt[i * sT],
      rr[i * sR],
      qq[i * sQ],
      DEFAULT_MAX_ITERATIONS,
    );
  }
  return result;
}
