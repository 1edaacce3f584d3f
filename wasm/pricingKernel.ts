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

const CHUNK: i32 = 4096;
const BASE: usize = 65536;
const SIGN_AT: usize = BASE;
const IN_AT: usize = BASE + <usize>CHUNK;
const IN_COLS: usize = 7;
const OUT_AT: usize = IN_AT + IN_COLS * <usize>CHUNK * 8;

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
// fdlibm exp and log (as in V8's Math.exp / Math.log).

const LN2_HI: f64 = 6.9314718036912381649e-1;
const LN2_LO: f64 = 1.90821492927058770002e-10;
const INV_LN2: f64 = 1.442695040888963387;
const EXP_P1: f64 = 1.66666666666666019037e-1;
const EXP_P2: f64 = -2.77777777770155933842e-3;
const EXP_P3: f64 = 6.61375632143793436117e-5;
const EXP_P4: f64 = -1.6533902205465251539e-6;
const EXP_P5: f64 = 4.13813679705723846039e-8;
const O_THRESHOLD: f64 = 7.09782712893383973096e2;
const U_THRESHOLD: f64 = -7.4513321910194110842e2;
const TWO_M1000: f64 = 9.3326361850321887899e-302;
const TWO_1023: f64 = 8.98846567431158e307;

/** 2^k for -1022 <= k <= 1023. */
// @ts-expect-error: AssemblyScript decorator
@inline
function pow2(k: i32): f64 {
  return reinterpret<f64>(<u64>(k + 1023) << 52);
}

/** e^x, fdlibm __ieee754_exp. */
function fdExp(x: f64): f64 {
  let hx = <u32>(reinterpret<u64>(x) >> 32);
  const xsb = hx >> 31;
  hx &= 0x7fffffff;
  let hi: f64 = 0;
  let lo: f64 = 0;
  let k: i32 = 0;
  if (hx >= 0x40862e42) {
    if (hx >= 0x7ff00000) {
      if (x != x) return x + x;
      return xsb == 0 ? x : 0;
    }
    if (x > O_THRESHOLD) return Infinity;
    if (x < U_THRESHOLD) return 0;
  }
  if (hx > 0x3fd62e42) {
    if (hx < 0x3ff0a2b2) {
      // x - ln2HI[xsb] with ln2HI[1] = -LN2_HI: a - (-b) is a + b exactly.
      if (xsb == 0) {
        hi = x - LN2_HI;
        lo = LN2_LO;
        k = 1;
      } else {
        hi = x + LN2_HI;
        lo = -LN2_LO;
        k = -1;
      }
    } else {
      k = <i32>(INV_LN2 * x + (xsb == 0 ? 0.5 : -0.5));
      const t = <f64>k;
      hi = x - t * LN2_HI;
      lo = t * LN2_LO;
    }
    x = hi - lo;
  } else if (hx < 0x3e300000) {
    return 1 + x;
  }
  const t = x * x;
  const c = x - t * (EXP_P1 + t * (EXP_P2 + t * (EXP_P3 + t * (EXP_P4 + t * EXP_P5))));
  if (k == 0) return 1 - ((x * c) / (c - 2.0) - x);
  const y = 1 - (lo - (x * c) / (2.0 - c) - hi);
  if (k >= -1021) {
    if (k == 1024) return y * 2.0 * TWO_1023;
    return y * pow2(k);
  }
  return y * pow2(k + 1000) * TWO_M1000;
}

const TWO54: f64 = 1.8014398509481984e16;
const LG1: f64 = 6.66666666666673513e-1;
const LG2: f64 = 3.999999999940941908e-1;
const LG3: f64 = 2.857142874366239149e-1;
const LG4: f64 = 2.222219843214978396e-1;
const LG5: f64 = 1.818357216161805012e-1;
const LG6: f64 = 1.531383769920937332e-1;
const LG7: f64 = 1.479819860511658591e-1;

/** ln x, fdlibm __ieee754_log. */
function fdLog(x: f64): f64 {
  let bits = reinterpret<u64>(x);
  let hx = <i32>(bits >> 32);
  const lx = <u32>bits;
  let k: i32 = 0;
  if (hx < 0x00100000) {
    if (((hx & 0x7fffffff) | lx) == 0) return -Infinity;
    if (hx < 0) return NaN;
    k -= 54;
    x *= TWO54;
    bits = reinterpret<u64>(x);
    hx = <i32>(bits >> 32);
  }
  if (hx >= 0x7ff00000) return x + x;
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  const i0 = (hx + 0x95f64) & 0x100000;
  x = reinterpret<f64>((<u64>(hx | (i0 ^ 0x3ff00000)) << 32) | (bits & 0xffffffff));
  k += i0 >> 20;
  const f = x - 1.0;
  if ((0x000fffff & (2 + hx)) < 3) {
    if (f == 0) {
      if (k == 0) return 0;
      const dk0 = <f64>k;
      return dk0 * LN2_HI + dk0 * LN2_LO;
    }
    const R0 = f * f * (0.5 - 0.33333333333333333 * f);
    if (k == 0) return f - R0;
    const dk1 = <f64>k;
    return dk1 * LN2_HI - (R0 - dk1 * LN2_LO - f);
  }
  const s = f / (2.0 + f);
  const dk = <f64>k;
  const z = s * s;
  let i = hx - 0x6147a;
  const w = z * z;
  const j = 0x6b851 - hx;
  const t1 = w * (LG2 + w * (LG4 + w * LG6));
  const t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  i |= j;
  const R = t2 + t1;
  if (i > 0) {
    const hfsq = 0.5 * f * f;
    if (k == 0) return f - (hfsq - s * (hfsq + R));
    return dk * LN2_HI - (hfsq - (s * (hfsq + R) + dk * LN2_LO) - f);
  }
  if (k == 0) return f - s * (f - R);
  return dk * LN2_HI - (s * (f - R) - dk * LN2_LO - f);
}

// ---------------------------------------------------------------------------------------------------------
// Cody's erfc pieces and the exact Gaussian factor, as in src/pricing/normalKernels.ts (same coefficients:
// W. J. Cody, Math. Comp. 23 (1969) 631–637, CALERF; Dekker 1971 exact square).

const INV_SQRT_PI: f64 = 0.56418958354775628695;
const INV_SQRT_2PI: f64 = 0.3989422804014326779399;
const SQRT1_2: f64 = 0.7071067811865476;
const SPLITTER: f64 = 134217729;
const THRESH: f64 = 0.46875;
const SD_MIN: f64 = 1e-100;

const A0: f64 = 3.1611237438705656;
const A1: f64 = 113.864154151050156;
const A2: f64 = 377.485237685302021;
const A3: f64 = 3209.37758913846947;
const A4: f64 = 0.185777706184603153;
const B0: f64 = 23.6012909523441209;
const B1: f64 = 244.024637934444173;
const B2: f64 = 1282.61652607737228;
const B3: f64 = 2844.23683343917062;
const C0: f64 = 0.564188496988670089;
const C1: f64 = 8.88314979438837594;
const C2: f64 = 66.1191906371416295;
const C3: f64 = 298.635138197400131;
const C4: f64 = 881.95222124176909;
const C5: f64 = 1712.04761263407058;
const C6: f64 = 2051.07837782607147;
const C7: f64 = 1230.33935479799725;
const C8: f64 = 2.15311535474403846e-8;
const D0: f64 = 15.7449261107098347;
const D1: f64 = 117.693950891312499;
const D2: f64 = 537.181101862009858;
const D3: f64 = 1621.38957456669019;
const D4: f64 = 3290.79923573345963;
const D5: f64 = 4362.61909014324716;
const D6: f64 = 3439.36767414372164;
const D7: f64 = 1230.33935480374942;
const P0: f64 = 0.305326634961232344;
const P1: f64 = 0.360344899949804439;
const P2: f64 = 0.125781726111229246;
const P3: f64 = 0.0160837851487422766;
const P4: f64 = 6.58749161529837803e-4;
const P5: f64 = 0.0163153871373020978;
const Q0: f64 = 2.56852019228982242;
const Q1: f64 = 1.87295284992346047;
const Q2: f64 = 0.527905102951428412;
const Q3: f64 = 0.0605183413124413191;
const Q4: f64 = 0.00233520497626869185;

/** erf(x)/x for |x| <= 0.46875. */
// @ts-expect-error: AssemblyScript decorator
@inline
function erfOverX(x: f64): f64 {
  const z = x * x;
  const num = (((A4 * z + A0) * z + A1) * z + A2) * z + A3;
  const den = (((z + B0) * z + B1) * z + B2) * z + B3;
  return num / den;
}

/** exp(y²)·erfc(y) for y > 0.46875. */
function erfcxTail(y: f64): f64 {
  if (y <= 4) {
    const num = (((((((C8 * y + C0) * y + C1) * y + C2) * y + C3) * y + C4) * y + C5) * y + C6) * y + C7;
    const den = (((((((y + D0) * y + D1) * y + D2) * y + D3) * y + D4) * y + D5) * y + D6) * y + D7;
    return num / den;
  }
  const z = 1 / (y * y);
  const num = ((((P5 * z + P0) * z + P1) * z + P2) * z + P3) * z + P4;
  const den = ((((z + Q0) * z + Q1) * z + Q2) * z + Q3) * z + Q4;
  return (INV_SQRT_PI - (z * num) / den) / y;
}

/** exp(-y²/2) with y² taken exactly as p + e (expNegScaledSquare(y, 0.5) in normalKernels.ts). */
function gauss(y: f64): f64 {
  const p = y * y;
  if (!(0.5 * p < 746)) return p != p ? NaN : 0;
  const c = SPLITTER * y;
  const hi = c - (c - y);
  const lo = y - hi;
  const e = hi * hi - p + 2 * hi * lo + lo * lo;
  return fdExp(-0.5 * p) * (1 - 0.5 * e);
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

// @ts-expect-error: AssemblyScript decorator
@inline
function stride(mask: i32, bit: i32): usize {
  return <usize>((mask >> bit) & 1);
}

// @ts-expect-error: AssemblyScript decorator
@inline
function inCol(k: usize): usize {
  return IN_AT + k * <usize>CHUNK * 8;
}

// @ts-expect-error: AssemblyScript decorator
@inline
function outCol(k: usize): usize {
  return OUT_AT + k * <usize>CHUNK * 8;
}

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
