import { SD_MIN } from './blackScholes.js';
import { batchLength, colArray, colStride, outArray, signArray } from './columns.js';
import { erfcxTail, erfOverX, expNegScaledSquare, INV_SQRT_2PI, THRESH } from './normalKernels.js';
import type { Col, TypeCol } from './types.js';
import { pricingWasm, runKernel } from './wasmKernel.js';

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

/**
 * Price and Greeks of many European options at once over struct-of-arrays columns (a plain number where a
 * column is constant). Rows equal {@link bsGreeks} bit for bit; NaN marks a row outside the
 * domain. Writes into `out` when given (no allocation per call or per row).
 * @example bsGreeksBatch({ type: 'call', spot: new Float64Array([90, 100]), strike: 100, tau: 1, rate: 0, divYield: 0, vol: 0.2 }).delta
 *   // ≈ Float64Array [0.3409, 0.5398]
 */
export function bsGreeksBatch(c: BsBatchColumns, out?: Partial<BsBatchGreeks>): BsBatchGreeks {
  const n = batchLength([c.type, c.spot, c.strike, c.tau, c.rate, c.divYield, c.vol]);
  if (n < 0) throw new RangeError('bsGreeksBatch: array columns have different lengths');
  const o: BsBatchGreeks = {
    price: outArray(n, out?.price),
    delta: outArray(n, out?.delta),
    gamma: outArray(n, out?.gamma),
    vega: outArray(n, out?.vega),
    theta: outArray(n, out?.theta),
    vanna: outArray(n, out?.vanna),
    volga: outArray(n, out?.volga),
    charm: outArray(n, out?.charm),
  };
  const wasm = pricingWasm();
  if (wasm !== undefined) {
    runKernel(
      wasm,
      'greeks',
      n,
      c.type,
      [c.spot, c.strike, c.tau, c.rate, c.divYield, c.vol],
      [o.price, o.delta, o.gamma, o.vega, o.theta, o.vanna, o.volga, o.charm],
    );
    return o;
  }
  greeksLoop(
    n,
    signArray(c.type),
    colStride(c.type),
    colArray(c.spot, 0),
    colStride(c.spot),
    colArray(c.strike, 1),
    colStride(c.strike),
    colArray(c.tau, 2),
    colStride(c.tau),
    colArray(c.rate, 3),
    colStride(c.rate),
    colArray(c.divYield, 4),
    colStride(c.divYield),
    colArray(c.vol, 5),
    colStride(c.vol),
    o,
  );
  return o;
}

/**
 * The loop of {@link bsGreeksBatch}: bsGreeksKernel (blackScholes.ts) written out inside the loop with the
 * same operations in the same order, so that V8 compiles one function (the kernel itself is too large to be
 * inlined, and a call per row passes seven heap numbers). One Gaussian serves φ(d1) and Φ(±d1), as in
 * priceDeltaGammaBatch.ts.
 */
function greeksLoop(
  n: number,
  ty: Int8Array,
  sTy: number,
  sp: Float64Array,
  sS: number,
  kk: Float64Array,
  sK: number,
  tt: Float64Array,
  sT: number,
  rr: Float64Array,
  sR: number,
  qq: Float64Array,
  sQ: number,
  vv: Float64Array,
  sV: number,
  o: BsBatchGreeks,
): void {
  const { price, delta, gamma, vega, theta, vanna, volga, charm } = o;
  for (let i = 0; i < n; i++) {
    const sign = ty[i * sTy];
    const S = sp[i * sS];
    const K = kk[i * sK];
    const tau = tt[i * sT];
    const r = rr[i * sR];
    const q = qq[i * sQ];
    const vol = vv[i * sV];
    if (
      !(
        (sign === 1 || sign === -1) &&
        S > 0 &&
        S < Number.POSITIVE_INFINITY &&
        K > 0 &&
        K < Number.POSITIVE_INFINITY &&
        tau >= 0 &&
        tau < Number.POSITIVE_INFINITY &&
        vol >= 0 &&
        vol < Number.POSITIVE_INFINITY &&
        r - r === 0 &&
        q - q === 0
      )
    ) {
      price[i] = Number.NaN;
      delta[i] = Number.NaN;
      gamma[i] = Number.NaN;
      vega[i] = Number.NaN;
      theta[i] = Number.NaN;
      vanna[i] = Number.NaN;
      volga[i] = Number.NaN;
      charm[i] = Number.NaN;
      continue;
    }
    const dfq = Math.exp(-q * tau);
    const dfr = Math.exp(-r * tau);
    const sqrtT = Math.sqrt(tau);
    const sd = vol * sqrtT;
    if (!(sd > SD_MIN)) {
      const fwdIntrinsic = sign * (S * dfq - K * dfr);
      const p = fwdIntrinsic > 0 ? 1 : fwdIntrinsic < 0 ? 0 : 0.5;
      price[i] = fwdIntrinsic > 0 ? fwdIntrinsic : 0;
      delta[i] = sign * dfq * p;
      gamma[i] = 0;
      vega[i] = 0;
      theta[i] = p * sign * (q * S * dfq - r * K * dfr);
      vanna[i] = 0;
      volga[i] = 0;
      charm[i] = p * sign * q * dfq;
      continue;
    }
    const b = r - q;
    const d1 = (Math.log(S / K) + b * tau) / sd + 0.5 * sd;
    const d2 = d1 - sd;
    const g1 = expNegScaledSquare(d1, 0.5);
    const nd1 = INV_SQRT_2PI * g1;
    const y1 = -sign * d1 * Math.SQRT1_2;
    const Nd1 =
      y1 > THRESH
        ? 0.5 * erfcxTail(y1) * g1
        : y1 >= -THRESH
          ? 0.5 - 0.5 * y1 * erfOverX(y1)
          : 1 - 0.5 * erfcxTail(-y1) * g1;
    const y2 = -sign * d2 * Math.SQRT1_2;
    const Nd2 =
      y2 > THRESH
        ? 0.5 * erfcxTail(y2) * expNegScaledSquare(d2, 0.5)
        : y2 >= -THRESH
          ? 0.5 - 0.5 * y2 * erfOverX(y2)
          : 1 - 0.5 * erfcxTail(-y2) * expNegScaledSquare(d2, 0.5);
    const sDfq = S * dfq;
    const kDfr = K * dfr;
    const pr = sign * (sDfq * Nd1 - kDfr * Nd2);
    const vg = sDfq * nd1 * sqrtT;
    price[i] = pr > 0 ? pr : 0;
    delta[i] = sign * dfq * Nd1;
    gamma[i] = (dfq * nd1) / (S * sd);
    vega[i] = vg;
    theta[i] = (-sDfq * nd1 * vol) / (2 * sqrtT) - sign * r * kDfr * Nd2 + sign * q * sDfq * Nd1;
    vanna[i] = (-dfq * nd1 * d2) / vol;
    volga[i] = (vg * d1 * d2) / vol;
    charm[i] = sign * q * dfq * Nd1 - dfq * nd1 * (b / sd - d2 / (2 * tau));
  }
}
