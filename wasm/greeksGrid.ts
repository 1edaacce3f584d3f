// AssemblyScript port of bsGreeksGrid's loop (src/pricing/greeksGrid.ts): value, delta and gamma of N options
// at M grid prices, summed per price in option order, with the JavaScript loop's operations in its order
// (exp and log by the fdlibm ports of math.ts), so every sum equals the JavaScript path's bit for bit. Grid
// prices go two at a time through the f64x2 lane kernels of simd.ts; a pair goes through the scalar point
// below when a lane's d²/2 falls in [EXP_LANE_MAX, 746) (fdlibm's subnormal results; from 746 on the
// Gaussian is 0 in both).
//
// Memory (layout.ts): option i's sign at SIGN_AT + i (i8); strike, tau, rate, divYield, vol, weight, scale in
// input columns 0–6; grid prices, ln(P/P₀), and the three sums (value, delta, gamma·P) in output columns 0–4.
// `mask` bit 0: the sign column is an array; bits 1–7: the seven option columns are arrays.

import { cdfFromY, fdExp, fdLog, gauss, INV_SQRT_2PI, SD_MIN, SQRT1_2 } from './math';
import { inCol, outCol, SIGN_AT, stride } from './layout';
import { cdfAllV, F_EXP_LANE_MAX, F_GAUSS_ZERO, F_HALF, F_SQRT1_2, gaussZeroV, kf } from './simd';

/** Adds option terms at grid point j to the sums: greeksGrid.ts's inner loop body. */
// @ts-expect-error: AssemblyScript decorator
@inline
function point(j: usize, sign: f64, w: f64, ws: f64, wk: f64, sd: f64, inv: f64, c: f64, a: f64): void {
  const at = j << 3;
  const d1 = load<f64>(outCol(1) + at) * inv + c;
  const g1 = gauss(d1);
  const nd1 = cdfFromY(-sign * d1 * SQRT1_2, d1, g1);
  const d2 = d1 - sd;
  const nd2 = cdfFromY(-sign * d2 * SQRT1_2, d2, -1);
  const v = sign * (ws * load<f64>(outCol(0) + at) * nd1 - wk * nd2);
  store<f64>(outCol(2) + at, load<f64>(outCol(2) + at) + (w > 0 ? (v > 0 ? v : 0) : v < 0 ? v : 0));
  store<f64>(outCol(3) + at, load<f64>(outCol(3) + at) + sign * ws * nd1);
  store<f64>(outCol(4) + at, load<f64>(outCol(4) + at) + a * g1);
}

/**
 * Adds options [0, n) at grid points [0, m) to the sums (output columns 2–4, not cleared: the caller zeroes
 * them once and calls again for the next chunk of options). `p0` is the grid's middle price.
 */
export function greeksGrid(n: i32, m: i32, mask: i32, p0: f64): void {
  const sTy = stride(mask, 0);
  const sK = stride(mask, 1) << 3;
  const sT = stride(mask, 2) << 3;
  const sR = stride(mask, 3) << 3;
  const sQ = stride(mask, 4) << 3;
  const sV = stride(mask, 5) << 3;
  const sW = stride(mask, 6) << 3;
  const sC = stride(mask, 7) << 3;
  const mm = <usize>m;
  for (let i: usize = 0; i < <usize>n; i++) {
    const sign = <f64>load<i8>(SIGN_AT + i * sTy);
    const K = load<f64>(inCol(0) + i * sK);
    const tau = load<f64>(inCol(1) + i * sT);
    const r = load<f64>(inCol(2) + i * sR);
    const q = load<f64>(inCol(3) + i * sQ);
    const vol = load<f64>(inCol(4) + i * sV);
    const w = load<f64>(inCol(5) + i * sW);
    const scale = load<f64>(inCol(6) + i * sC);
    // optionInDomain (greeksGrid.ts), positive checks so that NaN fails them.
    if (
      !(
        (sign == 1 || sign == -1) &&
        K > 0 &&
        K < Infinity &&
        tau >= 0 &&
        tau < Infinity &&
        vol >= 0 &&
        vol < Infinity &&
        r - r == 0 &&
        q - q == 0 &&
        w - w == 0 &&
        scale > 0 &&
        scale < Infinity
      )
    ) {
      for (let j: usize = 0; j < mm; j++) {
        store<f64>(outCol(2) + (j << 3), NaN);
        store<f64>(outCol(3) + (j << 3), NaN);
        store<f64>(outCol(4) + (j << 3), NaN);
      }
      continue;
    }
    if (w == 0) continue;
    const dfq = fdExp(-q * tau);
    const dfr = fdExp(-r * tau);
    const sd = vol * Math.sqrt(tau);
    const ws = w * scale * dfq;
    const wk = w * K * dfr;
    if (!(sd > SD_MIN)) {
      for (let j: usize = 0; j < mm; j++) {
        const at = j << 3;
        const fwd = sign * (scale * load<f64>(outCol(0) + at) * dfq - K * dfr);
        const p: f64 = fwd > 0 ? 1 : fwd < 0 ? 0 : 0.5;
        store<f64>(outCol(2) + at, load<f64>(outCol(2) + at) + (fwd > 0 ? w * fwd : 0));
        store<f64>(outCol(3) + at, load<f64>(outCol(3) + at) + sign * ws * p);
      }
      continue;
    }
    const inv = 1 / sd;
    const c = (fdLog((scale * p0) / K) + (r - q) * tau) / sd + 0.5 * sd;
    const a = (ws * INV_SQRT_2PI) / sd;
    const vSign = f64x2.splat(sign);
    const nsign = f64x2.splat(-sign);
    const vInv = f64x2.splat(inv);
    const vC = f64x2.splat(c);
    const vSd = f64x2.splat(sd);
    const vWs = f64x2.splat(ws);
    const vWk = f64x2.splat(wk);
    const vA = f64x2.splat(a);
    const dWs = f64x2.splat(sign * ws);
    const zero = f64x2.splat(0);
    const lanePositive = w > 0;
    let j: usize = 0;
    for (; j + 1 < mm; j += 2) {
      const at = j << 3;
      const d1 = f64x2.add(f64x2.mul(v128.load(outCol(1) + at), vInv), vC);
      const d2 = f64x2.sub(d1, vSd);
      // d²/2 in [EXP_LANE_MAX, 746): fdlibm's subnormal exp, for the scalar point; from 746 on both give 0.
      const h1 = f64x2.mul(kf(F_HALF), f64x2.mul(d1, d1));
      const h2 = f64x2.mul(kf(F_HALF), f64x2.mul(d2, d2));
      const band = v128.or(
        v128.and(f64x2.ge(h1, kf(F_EXP_LANE_MAX)), f64x2.lt(h1, kf(F_GAUSS_ZERO))),
        v128.and(f64x2.ge(h2, kf(F_EXP_LANE_MAX)), f64x2.lt(h2, kf(F_GAUSS_ZERO))),
      );
      if (v128.any_true(band)) {
        point(j, sign, w, ws, wk, sd, inv, c, a);
        point(j + 1, sign, w, ws, wk, sd, inv, c, a);
        continue;
      }
      const g1 = gaussZeroV(d1);
      const nd1 = cdfAllV(f64x2.mul(f64x2.mul(nsign, d1), kf(F_SQRT1_2)), g1);
      const nd2 = cdfAllV(f64x2.mul(f64x2.mul(nsign, d2), kf(F_SQRT1_2)), gaussZeroV(d2));
      const v = f64x2.mul(
        vSign,
        f64x2.sub(f64x2.mul(f64x2.mul(vWs, v128.load(outCol(0) + at)), nd1), f64x2.mul(vWk, nd2)),
      );
      const kept = lanePositive ? v128.and(v, f64x2.gt(v, zero)) : v128.and(v, f64x2.lt(v, zero));
      v128.store(outCol(2) + at, f64x2.add(v128.load(outCol(2) + at), kept));
      v128.store(outCol(3) + at, f64x2.add(v128.load(outCol(3) + at), f64x2.mul(dWs, nd1)));
      v128.store(outCol(4) + at, f64x2.add(v128.load(outCol(4) + at), f64x2.mul(vA, g1)));
    }
    if (j < mm) point(j, sign, w, ws, wk, sd, inv, c, a);
  }
}
