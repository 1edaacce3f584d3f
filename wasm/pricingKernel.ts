// AssemblyScript source of the WebAssembly batch kernels behind crashscope/pricing
// (src/pricing/wasmKernel.ts). Built by `npm run build:wasm` (scripts/wasm/buildWasm.ts) into the base64
// module src/pricing/wasmBytes.generated.ts; a test rebuilds it and compares the bytes.
//
// Every row is computed with the same floating-point operations, in the same order, as the scalar JavaScript
// path (src/pricing/blackScholes.ts bsGreeksKernel, normal.ts, normalKernels.ts), and exp / log are ports of
// the fdlibm routines that V8 uses for Math.exp / Math.log (v8/src/base/ieee754.cc, from FreeBSD msun
// e_exp.c and e_log.c, Sun Microsystems 1993). WebAssembly f64 arithmetic is IEEE 754 binary64 with
// round-to-nearest and no contraction, and f64.sqrt is correctly rounded like Math.sqrt, so every value
// equals the JavaScript result bit for bit (tested in src/pricing/wasmKernel.test.ts and
// priceDeltaGammaBatch.test.ts). priceDeltaGamma and greeks run two rows at a time, greeksGrid (greeksGrid.ts)
// two grid prices at a time, in f64x2 lanes (simd.ts: the same operations lane by lane, so the same bits); the module therefore needs WebAssembly SIMD (Node >= 16.4 and
// every current browser) and, where it is missing, does not compile and the JavaScript loops run instead.
//
// Memory: rows are processed in chunks of CHUNK. The caller writes the sign column (i8) at SIGN_AT and the
// input columns (f64) at IN_AT + k·CHUNK·8, calls a kernel with the row count and a bit mask of which
// columns are arrays (a constant column is read from its slot 0), then reads the outputs at
// OUT_AT + k·CHUNK·8.

import { cdfFromY, fdExp, fdLog, gauss, INV_SQRT_2PI, SD_MIN, SQRT1_2 } from './math';

export { greeksGrid } from './greeksGrid';
export { impliedVol } from './impliedVol';

import { CHUNK, IN_AT, inCol, OUT_AT, outCol, SIGN_AT, stride } from './layout';
import {
  cdfV,
  expV,
  F_EXP_LANE_MAX,
  F_FOUR,
  F_HALF,
  F_INF,
  F_INV_SQRT_2PI,
  F_SD_MIN,
  F_SQRT1_2,
  F_TWO,
  gaussV,
  kf,
  logLaneBad,
  logV,
} from './simd';

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

// ---------------------------------------------------------------------------------------------------------
// Batch kernels.

/** bsGreeks's domain (blackScholes.ts), written as positive checks so that NaN fails them. */
// @ts-expect-error: AssemblyScript decorator
@inline
function inDomain(sign: f64, S: f64, K: f64, tau: f64, r: f64, q: f64, vol: f64): bool {
  return (
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
  );
}

/** Price, delta, gamma (outputs 0, 1, 2) of row i alone: the scalar form of {@link priceDeltaGamma}. */
// @ts-expect-error: AssemblyScript decorator
@inline
function pdgRow(i: usize, mask: i32): void {
  const sign = <f64>load<i8>(SIGN_AT + i * stride(mask, 0));
  const S = load<f64>(inCol(0) + i * (stride(mask, 1) << 3));
  const K = load<f64>(inCol(1) + i * (stride(mask, 2) << 3));
  const tau = load<f64>(inCol(2) + i * (stride(mask, 3) << 3));
  const r = load<f64>(inCol(3) + i * (stride(mask, 4) << 3));
  const q = load<f64>(inCol(4) + i * (stride(mask, 5) << 3));
  const vol = load<f64>(inCol(5) + i * (stride(mask, 6) << 3));
  const oP = outCol(0) + (i << 3);
  const oD = outCol(1) + (i << 3);
  const oG = outCol(2) + (i << 3);
  if (!inDomain(sign, S, K, tau, r, q, vol)) {
    store<f64>(oP, NaN);
    store<f64>(oD, NaN);
    store<f64>(oG, NaN);
    return;
  }
  const dfq = fdExp(-q * tau);
  const dfr = fdExp(-r * tau);
  const sd = vol * Math.sqrt(tau);
  const sDfq = S * dfq;
  const kDfr = K * dfr;
  if (!(sd > SD_MIN)) {
    const fwdIntrinsic = sign * (sDfq - kDfr);
    const p: f64 = fwdIntrinsic > 0 ? 1 : fwdIntrinsic < 0 ? 0 : 0.5;
    store<f64>(oP, fwdIntrinsic > 0 ? fwdIntrinsic : 0);
    store<f64>(oD, sign * dfq * p);
    store<f64>(oG, 0);
    return;
  }
  const d1 = (fdLog(S / K) + (r - q) * tau) / sd + 0.5 * sd;
  const g1 = gauss(d1);
  const y1 = -sign * d1 * SQRT1_2;
  const nd1 = cdfFromY(y1, d1, g1);
  const d2 = d1 - sd;
  const y2 = -sign * d2 * SQRT1_2;
  const nd2 = cdfFromY(y2, d2, -1);
  const v = sign * (sDfq * nd1 - kDfr * nd2);
  store<f64>(oP, v > 0 ? v : 0);
  store<f64>(oD, sign * dfq * nd1);
  store<f64>(oG, (dfq * (INV_SQRT_2PI * g1)) / (S * sd));
}

/** A column's values at addresses a and a + s as one lane pair (one 16-byte load when the column is an array). */
// @ts-expect-error: AssemblyScript decorator
@inline
function lanes(a: usize, s: usize): v128 {
  if (s == 8) return v128.load(a);
  return f64x2.replace_lane(f64x2.splat(load<f64>(a)), 1, load<f64>(a + s));
}

/** Lanes where !(x < limit), NaN included. */
// @ts-expect-error: AssemblyScript decorator
@inline
function notBelow(x: v128, limit: v128): v128 {
  return v128.not(f64x2.lt(x, limit));
}

/** Outputs 0–7 of row i alone: the scalar form of {@link greeks}. */
// @ts-expect-error: AssemblyScript decorator
@inline
function greeksRow(i: usize, mask: i32): void {
  const sign = <f64>load<i8>(SIGN_AT + i * stride(mask, 0));
  const S = load<f64>(inCol(0) + i * (stride(mask, 1) << 3));
  const K = load<f64>(inCol(1) + i * (stride(mask, 2) << 3));
  const tau = load<f64>(inCol(2) + i * (stride(mask, 3) << 3));
  const r = load<f64>(inCol(3) + i * (stride(mask, 4) << 3));
  const q = load<f64>(inCol(4) + i * (stride(mask, 5) << 3));
  const vol = load<f64>(inCol(5) + i * (stride(mask, 6) << 3));
  const at = i << 3;
  if (!inDomain(sign, S, K, tau, r, q, vol)) {
    for (let k: usize = 0; k < 8; k++) store<f64>(outCol(k) + at, NaN);
    return;
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
    return;
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

/** Row i alone through the scalar kernel: greeksRow when `full`, else pdgRow. */
// @ts-expect-error: AssemblyScript decorator
@inline
function oneRow(i: usize, mask: i32, full: bool): void {
  if (full) greeksRow(i, mask);
  else pdgRow(i, mask);
}

/**
 * Rows [0, n) two at a time through the f64x2 lane kernels of simd.ts, which perform the scalar kernel's
 * operations in its order on each lane (the same bits): outputs 0–2 (price, delta, gamma) or, when `full`,
 * 0–7 as greeksRow. A pair is recomputed by the scalar kernel when either row is invalid or degenerate
 * (sd <= SD_MIN), or when a lane would leave the lane kernels' domain: a discount exponent or d²/2 at or
 * beyond EXP_LANE_MAX, S/K not a positive normal number or within 2⁻²⁰ of a power of two, |d|/√2 beyond 4
 * (Cody's third interval). An odd last row goes through the scalar kernel.
 */
// @ts-expect-error: AssemblyScript decorator
@inline
function pairLoop(n: i32, mask: i32, full: bool): void {
  const sTy = stride(mask, 0);
  const sS = stride(mask, 1) << 3;
  const sK = stride(mask, 2) << 3;
  const sT = stride(mask, 3) << 3;
  const sR = stride(mask, 4) << 3;
  const sQ = stride(mask, 5) << 3;
  const sV = stride(mask, 6) << 3;
  let i: usize = 0;
  for (; i + 1 < <usize>n; i += 2) {
    const sg0 = <f64>load<i8>(SIGN_AT + i * sTy);
    const sg1 = <f64>load<i8>(SIGN_AT + (i + 1) * sTy);
    const S = lanes(inCol(0) + i * sS, sS);
    const K = lanes(inCol(1) + i * sK, sK);
    const tau = lanes(inCol(2) + i * sT, sT);
    const r = lanes(inCol(3) + i * sR, sR);
    const q = lanes(inCol(4) + i * sQ, sQ);
    const vol = lanes(inCol(5) + i * sV, sV);
    // pdgRow's domain test, lane by lane (NaN fails every comparison).
    const inf = kf(F_INF);
    const zero = f64x2.splat(0);
    const ok = v128.and(
      v128.and(
        v128.and(v128.and(f64x2.gt(S, zero), f64x2.lt(S, inf)), v128.and(f64x2.gt(K, zero), f64x2.lt(K, inf))),
        v128.and(
          v128.and(f64x2.ge(tau, zero), f64x2.lt(tau, inf)),
          v128.and(f64x2.ge(vol, zero), f64x2.lt(vol, inf)),
        ),
      ),
      v128.and(f64x2.eq(f64x2.sub(r, r), zero), f64x2.eq(f64x2.sub(q, q), zero)),
    );
    if (!((sg0 == 1 || sg0 == -1) && (sg1 == 1 || sg1 == -1) && i64x2.all_true(ok))) {
      oneRow(i, mask, full);
      oneRow(i + 1, mask, full);
      continue;
    }
    const sign = f64x2.replace_lane(f64x2.splat(sg0), 1, sg1);
    const xq = f64x2.mul(f64x2.neg(q), tau);
    const xr = f64x2.mul(f64x2.neg(r), tau);
    const sqrtT = f64x2.sqrt(tau);
    const sd = f64x2.mul(vol, sqrtT);
    const dfq = expV(xq);
    const dfr = expV(xr);
    const sDfq = f64x2.mul(S, dfq);
    const kDfr = f64x2.mul(K, dfr);
    const sk = f64x2.div(S, K);
    const b = f64x2.sub(r, q);
    const d1 = f64x2.add(
      f64x2.div(f64x2.add(logV(sk), f64x2.mul(b, tau)), sd),
      f64x2.mul(kf(F_HALF), sd),
    );
    const d2 = f64x2.sub(d1, sd);
    const g1 = gaussV(d1);
    const g2 = gaussV(d2);
    const nsign = f64x2.neg(sign);
    const y1 = f64x2.mul(f64x2.mul(nsign, d1), kf(F_SQRT1_2));
    const y2 = f64x2.mul(f64x2.mul(nsign, d2), kf(F_SQRT1_2));
    const nd1 = cdfV(y1, g1);
    const nd2 = cdfV(y2, g2);
    const expMax = kf(F_EXP_LANE_MAX);
    const four = kf(F_FOUR);
    const leave = v128.or(
      v128.or(
        v128.or(notBelow(f64x2.abs(xq), expMax), notBelow(f64x2.abs(xr), expMax)),
        v128.or(v128.not(f64x2.gt(sd, kf(F_SD_MIN))), logLaneBad(sk)),
      ),
      v128.or(
        v128.or(notBelow(f64x2.abs(y1), four), notBelow(f64x2.abs(y2), four)),
        v128.or(
          notBelow(f64x2.mul(kf(F_HALF), f64x2.mul(d1, d1)), expMax),
          notBelow(f64x2.mul(kf(F_HALF), f64x2.mul(d2, d2)), expMax),
        ),
      ),
    );
    if (v128.any_true(leave)) {
      oneRow(i, mask, full);
      oneRow(i + 1, mask, full);
      continue;
    }
    const v = f64x2.mul(sign, f64x2.sub(f64x2.mul(sDfq, nd1), f64x2.mul(kDfr, nd2)));
    const at = i << 3;
    const phi1 = f64x2.mul(kf(F_INV_SQRT_2PI), g1);
    store<v128>(outCol(0) + at, v128.and(v, f64x2.gt(v, zero)));
    store<v128>(outCol(1) + at, f64x2.mul(f64x2.mul(sign, dfq), nd1));
    store<v128>(outCol(2) + at, f64x2.div(f64x2.mul(dfq, phi1), f64x2.mul(S, sd)));
    if (full) {
      // greeksRow's vega, theta, vanna, volga, charm (Nd1, Nd2 are nd1, nd2 here; its nd1 is phi1).
      const vg = f64x2.mul(f64x2.mul(sDfq, phi1), sqrtT);
      const two = kf(F_TWO);
      store<v128>(outCol(3) + at, vg);
      const th = f64x2.add(
        f64x2.sub(
          f64x2.div(f64x2.mul(f64x2.mul(f64x2.neg(sDfq), phi1), vol), f64x2.mul(two, sqrtT)),
          f64x2.mul(f64x2.mul(f64x2.mul(sign, r), kDfr), nd2),
        ),
        f64x2.mul(f64x2.mul(f64x2.mul(sign, q), sDfq), nd1),
      );
      store<v128>(outCol(4) + at, th);
      store<v128>(outCol(5) + at, f64x2.div(f64x2.mul(f64x2.mul(f64x2.neg(dfq), phi1), d2), vol));
      store<v128>(outCol(6) + at, f64x2.div(f64x2.mul(f64x2.mul(vg, d1), d2), vol));
      const ch = f64x2.sub(
        f64x2.mul(f64x2.mul(f64x2.mul(sign, q), dfq), nd1),
        f64x2.mul(
          f64x2.mul(dfq, phi1),
          f64x2.sub(f64x2.div(b, sd), f64x2.div(d2, f64x2.mul(two, tau))),
        ),
      );
      store<v128>(outCol(7) + at, ch);
    }
  }
  if (i < <usize>n) oneRow(i, mask, full);
}


/**
 * Price, delta, gamma (outputs 0, 1, 2) of rows [0, n): priceDeltaGammaBatch.ts's loop. `mask` bit 0: the
 * sign column is an array; bits 1–6: spot, strike, tau, rate, divYield, vol are arrays.
 */
export function priceDeltaGamma(n: i32, mask: i32): void {
  pairLoop(n, mask, false);
}

/**
 * bsGreeksBatch.ts's loop: outputs 0–7 are price, delta, gamma, vega, theta, vanna, volga, charm. Same
 * inputs and mask as {@link priceDeltaGamma}.
 */
export function greeks(n: i32, mask: i32): void {
  pairLoop(n, mask, true);
}
