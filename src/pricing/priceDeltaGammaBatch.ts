import { SD_MIN } from './blackScholes.js';
import type { BsBatchColumns } from './bsGreeksBatch.js';
import { batchLength, colArray, colStride, outArray, signArray } from './columns.js';
import { erfcxTail, erfOverX, expNegScaledSquare, INV_SQRT_2PI, THRESH } from './normalKernels.js';
import { pricingWasm, runKernel } from './wasmKernel.js';

/*
 * Price, delta and gamma of European options (generalized Black–Scholes–Merton, Haug 2007, section 1.1.6
 * p. 8 and section 2.1 pp. 21, 27) over struct-of-arrays columns: the work of a gamma-exposure profile or a
 * fragility grid, done in one loop with no call per row but Math.log / Math.exp / Math.sqrt.
 *
 * Four exponentials per row instead of the scalar path's five: φ(d1) and Φ(±d1) share G1 = exp(−d1²/2),
 * because Cody's erfc (normal.ts) is a rational function times that Gaussian factor (or a rational function
 * alone for |d1| ≤ 0.46875·√2). Φ(±d2) gets its own G2 = exp(−d2²/2). The identity G2 = G1·F/K (d1² − d2²
 * = 2·ln(F/K)) would save that fourth exp, and was tried: it was not measurably faster here (the two
 * rational functions, not the exps, dominate), and it moves Φ(d2) by the rounding of d2 (~|d1|·|d2|·2⁻⁵²
 * relative), which a deep out-of-the-money price, a difference of two nearly equal terms, amplifies to
 * ~1e-11 relative. With G2 taken directly, every value is computed by the same operations as the scalar
 * bsGreeks and is bit-identical to it (the bound stated and tested in priceDeltaGammaBatch.test.ts).
 * Gaussians are formed as in normal.ts: exact square of d (Dekker 1971), exp(−p)·(1 − e).
 */

/** Output columns of {@link bsPriceDeltaGammaBatch}. */
export interface PriceDeltaGamma {
  readonly price: Float64Array;
  readonly delta: Float64Array;
  readonly gamma: Float64Array;
}

/**
 * Price, delta and gamma of many European options over struct-of-arrays columns (a plain number where a
 * column is constant), written into `out` when given; nothing is allocated per row or, with `out`, per call.
 * Same conventions, NaN rules and values as {@link bsGreeks}: every row equals the scalar call bit for bit.
 * @example bsPriceDeltaGammaBatch({ type: 'call', spot: new Float64Array([90, 100]), strike: 100, tau: 1, rate: 0, divYield: 0, vol: 0.2 }).gamma
 *   // ≈ Float64Array [0.02070, 0.01985]
 */
export function bsPriceDeltaGammaBatch(c: BsBatchColumns, out?: Partial<PriceDeltaGamma>): PriceDeltaGamma {
  const n = batchLength([c.type, c.spot, c.strike, c.tau, c.rate, c.divYield, c.vol]);
  if (n < 0) throw new RangeError('bsPriceDeltaGammaBatch: array columns have different lengths');
  const price = outArray(n, out?.price);
  const delta = outArray(n, out?.delta);
  const gamma = outArray(n, out?.gamma);
  const wasm = pricingWasm();
  if (wasm !== undefined)
    runKernel(
      wasm,
      'priceDeltaGamma',
      n,
      c.type,
      [c.spot, c.strike, c.tau, c.rate, c.divYield, c.vol],
      [price, delta, gamma],
    );
  else
    pdgLoop(
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
      price,
      delta,
      gamma,
    );
  if (out !== undefined && out.price === price && out.delta === delta && out.gamma === gamma)
    return out as PriceDeltaGamma;
  return { price, delta, gamma };
}

/**
 * The loop of {@link bsPriceDeltaGammaBatch}, rows [0, n). Every input is read at `i * stride`. Written
 * out in full (no helper per row) so that V8 compiles one function with nothing to inline but Cody's two
 * small rational functions.
 */
function pdgLoop(
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
  price: Float64Array,
  delta: Float64Array,
  gamma: Float64Array,
): void {
  for (let i = 0; i < n; i++) {
    const sign = ty[i * sTy];
    const S = sp[i * sS];
    const K = kk[i * sK];
    const tau = tt[i * sT];
    const r = rr[i * sR];
    const q = qq[i * sQ];
    const vol = vv[i * sV];
    // The domain test of bsGreeks (blackScholes.ts), written as positive checks so that NaN fails them.
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
      continue;
    }
    const dfq = Math.exp(-q * tau);
    const dfr = Math.exp(-r * tau);
    const sd = vol * Math.sqrt(tau);
    const sDfq = S * dfq;
    const kDfr = K * dfr;
    if (!(sd > SD_MIN)) {
      // Deterministic limit, as in bsGreeksKernel.
      const fwdIntrinsic = sign * (sDfq - kDfr);
      const p = fwdIntrinsic > 0 ? 1 : fwdIntrinsic < 0 ? 0 : 0.5;
      price[i] = fwdIntrinsic > 0 ? fwdIntrinsic : 0;
      delta[i] = sign * dfq * p;
      gamma[i] = 0;
      continue;
    }
    const d1 = (Math.log(S / K) + (r - q) * tau) / sd + 0.5 * sd;
    const g1 = expNegScaledSquare(d1, 0.5);
    // Φ(sign·d1) as normCdf does it: y = −x/√2.
    const y1 = -sign * d1 * Math.SQRT1_2;
    const nd1 =
      y1 > THRESH
        ? 0.5 * erfcxTail(y1) * g1
        : y1 >= -THRESH
          ? 0.5 - 0.5 * y1 * erfOverX(y1)
          : 1 - 0.5 * erfcxTail(-y1) * g1;
    // Φ(sign·d2), likewise with its own Gaussian.
    const d2 = d1 - sd;
    const y2 = -sign * d2 * Math.SQRT1_2;
    const nd2 =
      y2 > THRESH
        ? 0.5 * erfcxTail(y2) * expNegScaledSquare(d2, 0.5)
        : y2 >= -THRESH
          ? 0.5 - 0.5 * y2 * erfOverX(y2)
          : 1 - 0.5 * erfcxTail(-y2) * expNegScaledSquare(d2, 0.5);
    const v = sign * (sDfq * nd1 - kDfr * nd2);
    price[i] = v > 0 ? v : 0;
    delta[i] = sign * dfq * nd1;
    gamma[i] = (dfq * (INV_SQRT_2PI * g1)) / (S * sd);
  }
}
