import { SD_MIN } from './blackScholes.js';
import { batchLength, colArray, colStride, outArray, signArray } from './columns.js';
import { erfcxTail, erfOverX, expNegScaledSquare, INV_SQRT_2PI, THRESH } from './normalKernels.js';
import type { Col, TypeCol } from './types.js';
import { pricingWasm, runGridKernel } from './wasmKernel.js';

/*
 * "N options × M underlying prices": a book of European options (generalized Black–Scholes–Merton, Haug
 * 2007, section 1.1.6 p. 8, section 2.1 pp. 21, 27) revalued at every price of a grid, summed per price.
 * This is the work of a dealer gamma-exposure profile or of a fragility scan over the underlying.
 *
 * Each option may sit on its own underlying, priced at `scale`·P for a grid price P (an ETF share worth
 * 0.000568 BTC has scale 0.000568 on a BTC grid; default 1). Outputs are sums over options of
 * weight × (value, dV/dP, d²V/dP², 0.01·P²·d²V/dP²), i.e. derivatives with respect to the grid price; the
 * last is the "dollar gamma per 1 % move" of exposures.ts (Γ·S²·0.01 with S = scale·P, since
 * d²V/dP² = scale²·Γ).
 *
 * Per option the constants are computed once; per point d1 = x·(1/sd) + c with x = ln(P/P₀) (P₀ the
 * middle grid price, so that both parts stay small) and c = (ln(scale·P₀/K) + (r − q)τ)/sd + sd/2, so a
 * point costs two exps and Cody's erfc twice, and no log. The rearrangement moves d1 by at most a few ulps
 * of (|x| + |ln(scale·P₀/K)| + |(r − q)τ|)/sd; greeksGrid.test.ts checks every sum against the scalar
 * bsGreeks summed in the same order, within the error bound that this implies. Gamma alone (dealer gamma
 * profiles) is bsGammaGrid in bsGrid.ts: one exp per point.
 *
 * Where WebAssembly runs, the loop runs there (wasm/greeksGrid.ts, two grid prices per SIMD instruction) with
 * the same operations in the same order: the sums equal this loop's bit for bit (tested), and
 * setPricingWasm(false) runs this loop.
 */

/** The options of a grid: struct-of-arrays columns, a plain number where a column is constant. */
export interface GridOptions {
  readonly type: TypeCol;
  readonly strike: Col;
  readonly tau: Col;
  readonly rate: Col;
  readonly divYield: Col;
  readonly vol: Col;
  /** Position size: signed units of the option (contracts × multiplier). Default 1. */
  readonly weight?: Col;
  /** Option underlying price per unit of grid price. Default 1. */
  readonly scale?: Col;
}

/** Sums over the options at each grid price (derivatives with respect to the grid price P). */
export interface GridGreeks {
  readonly price: Float64Array;
  readonly delta: Float64Array;
  readonly gamma: Float64Array;
  /** Σ weight·0.01·P²·d²V/dP²: change of the delta position, in money, for a 1 % move of P. */
  readonly cashGamma: Float64Array;
}

function gridLength(o: GridOptions, where: string): number {
  const n = batchLength([o.type, o.strike, o.tau, o.rate, o.divYield, o.vol, o.weight, o.scale]);
  if (n < 0) throw new RangeError(`${where}: option columns have different lengths`);
  return n;
}

function checkPrices(prices: Float64Array, where: string): void {
  for (let j = 0; j < prices.length; j++) {
    const p = prices[j];
    if (!(p > 0 && p < Number.POSITIVE_INFINITY)) {
      throw new RangeError(`${where}: grid price ${j} is ${p}; prices must be positive and finite`);
    }
  }
}

/**
 * Value, delta, gamma and cash gamma (per 1 %) of a book of options at every grid price, summed over
 * options (see the module header for units). Options outside the domain of bsGreeks make the sums NaN.
 * Writes into `out` when given; `options` rows [from, to) only when given.
 * @example bsGreeksGrid({ type: new Int8Array([1, -1]), strike: 100, tau: 0.5, rate: 0.03, divYield: 0, vol: 0.4, weight: new Float64Array([1, -2]) }, new Float64Array([90, 100, 110])).delta
 *   // Float64Array of 3 book deltas
 */
export function bsGreeksGrid(
  options: GridOptions,
  prices: Float64Array,
  out?: Partial<GridGreeks>,
  from = 0,
  to?: number,
): GridGreeks {
  const n = gridLength(options, 'bsGreeksGrid');
  checkPrices(prices, 'bsGreeksGrid');
  const m = prices.length;
  const price = outArray(m, out?.price);
  const delta = outArray(m, out?.delta);
  const gamma = outArray(m, out?.gamma);
  const cashGamma = outArray(m, out?.cashGamma);
  price.fill(0, 0, m);
  delta.fill(0, 0, m);
  gamma.fill(0, 0, m);
  const p0 = m > 0 ? prices[m >> 1] : 1;
  const lnP = new Float64Array(m);
  for (let j = 0; j < m; j++) lnP[j] = Math.log(prices[j] / p0);
  const end = to === undefined ? n : Math.min(to, n);
  const o = options;
  const ty = signArray(o.type);
  const sTy = colStride(o.type);
  const kk = colArray(o.strike, 0);
  const sK = colStride(o.strike);
  const tt = colArray(o.tau, 1);
  const sT = colStride(o.tau);
  const rr = colArray(o.rate, 2);
  const sR = colStride(o.rate);
  const qq = colArray(o.divYield, 3);
  const sQ = colStride(o.divYield);
  const vv = colArray(o.vol, 4);
  const sV = colStride(o.vol);
  const ww = colArray(o.weight ?? 1, 5);
  const sW = colStride(o.weight ?? 1);
  const cc = colArray(o.scale ?? 1, 6);
  const sC = colStride(o.scale ?? 1);
  // Accumulated per point: price Σ w·V, delta Σ w·dV/dP, gamma Σ a·G1 (then /P).
  const wasm = pricingWasm();
  if (wasm !== undefined && from < end) {
    // The same loop in WebAssembly (wasm/greeksGrid.ts), two grid prices per instruction: the same sums bit for bit.
    runGridKernel(
      wasm,
      o.type,
      [o.strike, o.tau, o.rate, o.divYield, o.vol, o.weight ?? 1, o.scale ?? 1],
      from,
      end,
      prices,
      lnP,
      p0,
      [price, delta, gamma],
    );
  }
  // The JavaScript loop: all the options without WebAssembly, none with it (the kernel did them above).
  for (let i = wasm === undefined ? from : end; i < end; i++) {
    const sign = ty[i * sTy];
    const K = kk[i * sK];
    const tau = tt[i * sT];
    const r = rr[i * sR];
    const q = qq[i * sQ];
    const vol = vv[i * sV];
    const w = ww[i * sW];
    const scale = cc[i * sC];
    if (!optionInDomain(sign, K, tau, r, q, vol, w, scale)) {
      for (let j = 0; j < m; j++) {
        price[j] = Number.NaN;
        delta[j] = Number.NaN;
        gamma[j] = Number.NaN;
      }
      continue;
    }
    if (w === 0) continue;
    const dfq = Math.exp(-q * tau);
    const dfr = Math.exp(-r * tau);
    const sd = vol * Math.sqrt(tau);
    // Value = w·sign·(scale·P·dfq·Φ(sign·d1) − K·dfr·Φ(sign·d2)); dV/dP = w·scale·sign·dfq·Φ(sign·d1).
    const ws = w * scale * dfq;
    const wk = w * K * dfr;
    if (!(sd > SD_MIN)) {
      // Deterministic limit (bsGreeksKernel): discounted forward intrinsic value, step delta, no gamma.
      for (let j = 0; j < m; j++) {
        const fwd = sign * (scale * prices[j] * dfq - K * dfr);
        const p = fwd > 0 ? 1 : fwd < 0 ? 0 : 0.5;
        price[j] += fwd > 0 ? w * fwd : 0;
        delta[j] += sign * ws * p;
      }
      continue;
    }
    const inv = 1 / sd;
    const c = (Math.log((scale * p0) / K) + (r - q) * tau) / sd + 0.5 * sd;
    const a = (ws * INV_SQRT_2PI) / sd;
    for (let j = 0; j < m; j++) {
      const d1 = lnP[j] * inv + c;
      const g1 = expNegScaledSquare(d1, 0.5);
      const y1 = -sign * d1 * Math.SQRT1_2;
      const nd1 =
        y1 > THRESH
          ? 0.5 * erfcxTail(y1) * g1
          : y1 >= -THRESH
            ? 0.5 - 0.5 * y1 * erfOverX(y1)
            : 1 - 0.5 * erfcxTail(-y1) * g1;
      const d2 = d1 - sd;
      const y2 = -sign * d2 * Math.SQRT1_2;
      const nd2 =
        y2 > THRESH
          ? 0.5 * erfcxTail(y2) * expNegScaledSquare(d2, 0.5)
          : y2 >= -THRESH
            ? 0.5 - 0.5 * y2 * erfOverX(y2)
            : 1 - 0.5 * erfcxTail(-y2) * expNegScaledSquare(d2, 0.5);
      const v = sign * (ws * prices[j] * nd1 - wk * nd2);
      // A European option is never worth less than 0: the scalar floors rounding noise at 0 (w·0 = 0).
      price[j] += w > 0 ? (v > 0 ? v : 0) : v < 0 ? v : 0;
      delta[j] += sign * ws * nd1;
      gamma[j] += a * g1;
    }
  }
  for (let j = 0; j < m; j++) {
    const acc = gamma[j];
    gamma[j] = acc / prices[j];
    cashGamma[j] = 0.01 * acc * prices[j];
  }
  return out !== undefined &&
    out.price === price &&
    out.delta === delta &&
    out.gamma === gamma &&
    out.cashGamma === cashGamma
    ? (out as GridGreeks)
    : { price, delta, gamma, cashGamma };
}

/** The domain of bsGreeks for everything but the spot, plus a finite weight and a positive finite scale. */
function optionInDomain(
  sign: number,
  K: number,
  tau: number,
  r: number,
  q: number,
  vol: number,
  w: number,
  scale: number,
): boolean {
  return (
    (sign === 1 || sign === -1) &&
    K > 0 &&
    K < Number.POSITIVE_INFINITY &&
    tau >= 0 &&
    tau < Number.POSITIVE_INFINITY &&
    vol >= 0 &&
    vol < Number.POSITIVE_INFINITY &&
    r - r === 0 &&
    q - q === 0 &&
    w - w === 0 &&
    scale > 0 &&
    scale < Number.POSITIVE_INFINITY
  );
}
