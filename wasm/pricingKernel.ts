// AssemblyScript source of the WebAssembly batch kernels behind crashscope/pricing
// (src/pricing/wasmKernel.ts). Built by `npm run build:wasm` (scripts/wasm/buildWasm.ts) into the base64
// module src/pricing/wasmBytes.generated.ts; a test rebuilds it and compares the bytes.
//
// Every row is computed with the same floating-point operations, in the same order, as the scalar JavaScript
// path (src/pricing/blackScholes.ts bsGreeksKernel, normal.ts, normalKernels.ts), and exp / log are ports of
// the fdlibm routines that V8 uses for Math.exp / Math.log (v8/src/base/ieee754.cc, from FreeBSD msun
// e_exp.c and e_log.c, Sun Microsystems 1993). WebAssembly f64 arithmetic is IEEE 754 binary64 with
// round-to-nearest and no contraction, and f64.sqrt is correctly rounded like Math.sqrt, so every value
// equals the JavaScript result bit for bit (tested in src/pricing/wasmKernel.test.ts).
//
// Memory: rows are processed in chunks of CHUNK. The caller writes the sign column (i8) at SIGN_AT and the
// input columns (f64) at IN_AT + k·CHUNK·8, calls a kernel with the row count and a bit mask of which
// columns are arrays (a constant column is read from its slot 0), then reads the outputs at
// OUT_AT + k·CHUNK·8.

import {
  erfcxTail,
  erfOverX,
  fdExp,
  fdLog,
  gauss,
  INV_SQRT_2PI,
  SD_MIN,
  SQRT1_2,
  THRESH,
} from './math';

export { impliedVol } from './impliedVol';

import { CHUNK, IN_AT, inCol, OUT_AT, outCol, SIGN_AT, stride } from './layout';

/** Rows per chunk. */
export function chunkRows(): i32 {
  return CHUNK;
}

/** Byte offset of the sign column (i8: 1 call, -1 put). */
export function signOffset(): i32 {
  return <i32>SIGN_AT;
}

/** Byte offset of input column k (0 spot, 1 strike, 2 tau, 3 rate, 4 divYield, 5 vol or price, 6 spare). */
export function inputOffset(k: i32): i32 {
  return <i32>(IN_AT + <usize>k * <usize>CHUNK * 8);
}

/** Byte offset of output column k. */
export function outputOffset(k: i32): i32 {
  return <i32>(OUT_AT + <usize>k * <usize>CHUNK * 8);
}

/** Φ(−y·√2) given y and the Gaussian of x = −y·√2 (or 0 when not needed): normCdf in normal.ts. */
// @ts-expect-error: AssemblyScript decorator
@inline
function cdfFromY(y: f64, x: f64, g: f64): f64 {
  if (y > THRESH) return 0.5 * erfcxTail(y) * (g >= 0 ? g : gauss(x));
  if (y >= -THRESH) return 0.5 - 0.5 * y * erfOverX(y);
  return 1 - 0.5 * erfcxTail(-y) * (g >= 0 ? g : gauss(x));
}

// ---------------------------------------------------------------------------------------------------------
// Batch kernels.




/**
 * Price, delta, gamma (outputs 0, 1, 2) of rows [0, n): priceDeltaGammaBatch.ts's loop. `mask` bit 0: the
 * sign column is an array; bits 1–6: spot, strike, tau, rate, divYield, vol are arrays.
 */
export function priceDeltaGamma(n: i32, mask: i32): void {
  const sTy = stride(mask, 0);
  const sS = stride(mask, 1) << 3;
  const sK = stride(mask, 2) << 3;
  const sT = stride(mask, 3) << 3;
  const sR = stride(mask, 4) << 3;
  const sQ = stride(mask, 5) << 3;
  const sV = stride(mask, 6) << 3;
  const oP = outCol(0);
  const oD = outCol(1);
  const oG = outCol(2);
  for (let i: usize = 0; i < <usize>n; i++) {
    const sign = <f64>load<i8>(SIGN_AT + i * sTy);
    const S = load<f64>(inCol(0) + i * sS);
    const K = load<f64>(inCol(1) + i * sK);
    const tau = load<f64>(inCol(2) + i * sT);
    const r = load<f64>(inCol(3) + i * sR);
    const q = load<f64>(inCol(4) + i * sQ);
    const vol = load<f64>(inCol(5) + i * sV);
    const at = i << 3;
    if (
      !(
        (sign == 1 || sign == -1) &&
        S > 0 &&
        S < Infinity &&
        K > 0 &&
        K < Infinity &&
        tau >= 0 &&
        tau < Infinity &&
        vol >= 0 &&
        vol < Infinity &&
        r - r == 0 &&
        q - q == 0
      )
    ) {
      store<f64>(oP + at, NaN);
      store<f64>(oD + at, NaN);
      store<f64>(oG + at, NaN);
      continue;
    }
    const dfq = fdExp(-q * tau);
    const dfr = fdExp(-r * tau);
    const sd = vol * Math.sqrt(tau);
    const sDfq = S * dfq;
    const kDfr = K * dfr;
    if (!(sd > SD_MIN)) {
      const fwdIntrinsic = sign * (sDfq - kDfr);
      const p: f64 = fwdIntrinsic > 0 ? 1 : fwdIntrinsic < 0 ? 0 : 0.5;
      store<f64>(oP + at, fwdIntrinsic > 0 ? fwdIntrinsic : 0);
      store<f64>(oD + at, sign * dfq * p);
      store<f64>(oG + at, 0);
      continue;
    }
    const d1 = (fdLog(S / K) + (r - q) * tau) / sd + 0.5 * sd;
    const g1 = gauss(d1);
    const y1 = -sign * d1 * SQRT1_2;
    const nd1 = cdfFromY(y1, d1, g1);
    const d2 = d1 - sd;
    const y2 = -sign * d2 * SQRT1_2;
    const nd2 = cdfFromY(y2, d2, -1);
    const v = sign * (sDfq * nd1 - kDfr * nd2);
    store<f64>(oP + at, v > 0 ? v : 0);
    store<f64>(oD + at, sign * dfq * nd1);
    store<f64>(oG + at, (dfq * (INV_SQRT_2PI * g1)) / (S * sd));
  }
}

/**
 * bsGreeksBatch.ts's loop: outputs 0–7 are price, delta, gamma, vega, theta, vanna, volga, charm. Same
 * inputs and mask as {@link priceDeltaGamma}.
 */
export function greeks(n: i32, mask: i32): void {
  const sTy = stride(mask, 0);
  const sS = stride(mask, 1) << 3;
  const sK = stride(mask, 2) << 3;
  const sT = stride(mask, 3) << 3;
  const sR = stride(mask, 4) << 3;
  const sQ = stride(mask, 5) << 3;
  const sV = stride(mask, 6) << 3;
  for (let i: usize = 0; i < <usize>n; i++) {
    const sign = <f64>load<i8>(SIGN_AT + i * sTy);
    const S = load<f64>(inCol(0) + i * sS);
    const K = load<f64>(inCol(1) + i * sK);
    const tau = load<f64>(inCol(2) + i * sT);
    const r = load<f64>(inCol(3) + i * sR);
    const q = load<f64>(inCol(4) + i * sQ);
    const vol = load<f64>(inCol(5) + i * sV);
    const at = i << 3;
    if (
      !(
        (sign == 1 || sign == -1) &&
        S > 0 &&
        S < Infinity &&
        K > 0 &&
        K < Infinity &&
        tau >= 0 &&
        tau < Infinity &&
        vol >= 0 &&
        vol < Infinity &&
        r - r == 0 &&
        q - q == 0
      )
    ) {
      for (let k: usize = 0; k < 8; k++) store<f64>(outCol(k) + at, NaN);
      continue;
    }
    const dfq = fdExp(-q * tau);
    const dfr = fdExp(-r * tau);
    const sqrtT = Math.sqrt(tau);
    const sd = vol * sqrtT;
    if (!(sd > SD_MIN)) {
      const fwdIntrinsic = sign * (S * dfq - K * dfr);
      const p: f64 = fwdIntrinsic > 0 ? 1 : fwdIntrinsic < 0 ? 0 : 0.5;
      store<f64>(outCol(0) + at, fwdIntrinsic > 0 ? fwdIntrinsic : 0);
      store<f64>(outCol(1) + at, sign * dfq * p);
      store<f64>(outCol(2) + at, 0);
      store<f64>(outCol(3) + at, 0);
      store<f64>(outCol(4) + at, p * sign * (q * S * dfq - r * K * dfr));
      store<f64>(outCol(5) + at, 0);
      store<f64>(outCol(6) + at, 0);
      store<f64>(outCol(7) + at, p * sign * q * dfq);
      continue;
    }
    const b = r - q;
    const d1 = (fdLog(S / K) + b * tau) / sd + 0.5 * sd;
    const d2 = d1 - sd;
    const g1 = gauss(d1);
    const nd1 = INV_SQRT_2PI * g1;
    const y1 = -sign * d1 * SQRT1_2;
    const Nd1 = cdfFromY(y1, d1, g1);
    const y2 = -sign * d2 * SQRT1_2;
    const Nd2 = cdfFromY(y2, d2, -1);
    const sDfq = S * dfq;
    const kDfr = K * dfr;
    const pr = sign * (sDfq * Nd1 - kDfr * Nd2);
    const vg = sDfq * nd1 * sqrtT;
    store<f64>(outCol(0) + at, pr > 0 ? pr : 0);
    store<f64>(outCol(1) + at, sign * dfq * Nd1);
    store<f64>(outCol(2) + at, (dfq * nd1) / (S * sd));
    store<f64>(outCol(3) + at, vg);
    store<f64>(outCol(4) + at, (-sDfq * nd1 * vol) / (2 * sqrtT) - sign * r * kDfr * Nd2 + sign * q * sDfq * Nd1);
    store<f64>(outCol(5) + at, (-dfq * nd1 * d2) / vol);
    store<f64>(outCol(6) + at, (vg * d1 * d2) / vol);
    store<f64>(outCol(7) + at, sign * q * dfq * Nd1 - dfq * nd1 * (b / sd - d2 / (2 * tau)));
  }
}
