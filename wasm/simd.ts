// AssemblyScript: two rows at a time in f64x2 lanes, with the same IEEE operations in the same order as the
// scalar kernels of math.ts (WebAssembly SIMD f64x2 arithmetic is binary64, round to nearest, lane by lane,
// with no contraction), so that every lane equals the scalar result bit for bit. Branches of the scalar code
// become lane selects: both sides are computed and each lane keeps its own (a branch that goes one way for
// one lane and the other way for the next cannot be predicted; computing both was measured faster). A lane
// that would take a rare branch (an exponent out of the normal range, a logarithm of a number within 2⁻²⁰
// of a power of two, Cody's third interval) is reported by a mask, and the caller recomputes that pair of
// rows with the scalar kernel.
//
// Constants are read from a table in linear memory (one 16-byte load each): V8 builds a v128 constant from
// general registers (three instructions a constant), which cost several per cent of the kernel.

import {
  A0, A1, A2, A3, A4, B0, B1, B2, B3, C0, C1, C2, C3, C4, C5, C6, C7, C8, D0, D1, D2, D3, D4, D5, D6, D7,
  EXP_P1, EXP_P2, EXP_P3, EXP_P4, EXP_P5, INV_LN2, LG1, LG2, LG3, LG4, LG5, LG6, LG7, LN2_HI, LN2_LO, SPLITTER,
  INV_SQRT_2PI, INV_SQRT_PI, P0, P1, P2, P3, P4, P5, Q0, Q1, Q2, Q3, Q4, SD_MIN, SQRT1_2, THRESH,
} from './math';

/** |x| with the high word above 0x3fd62e42 (fdlibm exp's test hx > 0x3fd62e42): reduce by k·ln 2. */
const EXP_MID_LO: f64 = reinterpret<f64>(0x3fd62e4300000000);
/** |x| with the high word below 0x3ff0a2b2: k = ±1. */
const EXP_MID_HI: f64 = reinterpret<f64>(0x3ff0a2b200000000);
/** |x| with the high word below 0x3e300000 (2⁻²⁸): e^x = 1 + x. */
const EXP_TINY: f64 = reinterpret<f64>(0x3e30000000000000);
/** Largest |x| a lane takes (so that k >= −1021 and nothing overflows); beyond, the scalar exp. */
export const EXP_LANE_MAX: f64 = 707;
/** 2⁵² + 1023: for an integer t, t + this holds t + 1023 in its low mantissa bits. */
const POW2_MAGIC: f64 = 4503599627371519;
/** 2⁵² + 2⁵¹: a small i64 k added to its bits gives the double MAGIC + k. */
const I2F_MAGIC: f64 = 6755399441055744;
const DBL_MIN: f64 = 2.2250738585072014e-308;

// The f64 table: each value twice (both lanes), 16 bytes apart, in the order of the indices below.
const KF = memory.data<f64>(
  [
    1, 1, 2, 2, 0.5, 0.5, -0.5, -0.5, -1, -1, 4, 4, THRESH, THRESH, Infinity, Infinity,
    INV_LN2, INV_LN2, LN2_HI, LN2_HI, LN2_LO, LN2_LO, EXP_P1, EXP_P1, EXP_P2, EXP_P2, EXP_P3, EXP_P3,
    EXP_P4, EXP_P4, EXP_P5, EXP_P5, EXP_MID_LO, EXP_MID_LO, EXP_MID_HI, EXP_MID_HI, EXP_TINY, EXP_TINY,
    POW2_MAGIC, POW2_MAGIC, EXP_LANE_MAX, EXP_LANE_MAX,
    LG1, LG1, LG2, LG2, LG3, LG3, LG4, LG4, LG5, LG5, LG6, LG6, LG7, LG7, I2F_MAGIC, I2F_MAGIC,
    DBL_MIN, DBL_MIN, SPLITTER, SPLITTER,
    A0, A0, A1, A1, A2, A2, A3, A3, A4, A4, B0, B0, B1, B1, B2, B2, B3, B3,
    C0, C0, C1, C1, C2, C2, C3, C3, C4, C4, C5, C5, C6, C6, C7, C7, C8, C8,
    D0, D0, D1, D1, D2, D2, D3, D3, D4, D4, D5, D5, D6, D6, D7, D7,
    SQRT1_2, SQRT1_2, INV_SQRT_2PI, INV_SQRT_2PI, SD_MIN, SD_MIN,
    INV_SQRT_PI, INV_SQRT_PI, P0, P0, P1, P1, P2, P2, P3, P3, P4, P4, P5, P5, Q0, Q0, Q1, Q1, Q2, Q2, Q3, Q3, Q4, Q4,
    746, 746,
  ],
  16,
);
export const F_ONE: usize = 0;
export const F_TWO: usize = 1;
export const F_HALF: usize = 2;
const F_NEG_HALF: usize = 3;
const F_NEG_ONE: usize = 4;
export const F_FOUR: usize = 5;
const F_THRESH: usize = 6;
export const F_INF: usize = 7;
const F_INV_LN2: usize = 8;
const F_LN2_HI: usize = 9;
const F_LN2_LO: usize = 10;
const F_EXP_P1: usize = 11;
const F_EXP_MID_LO: usize = 16;
const F_EXP_MID_HI: usize = 17;
const F_EXP_TINY: usize = 18;
const F_POW2_MAGIC: usize = 19;
export const F_EXP_LANE_MAX: usize = 20;
const F_LG1: usize = 21;
const F_I2F_MAGIC: usize = 28;
const F_DBL_MIN: usize = 29;
const F_SPLITTER: usize = 30;
const F_A0: usize = 31;
const F_B0: usize = 36;
const F_C0: usize = 40;
const F_D0: usize = 49;
export const F_SQRT1_2: usize = 57;
export const F_INV_SQRT_2PI: usize = 58;
export const F_SD_MIN: usize = 59;
const F_INV_SQRT_PI: usize = 60;
const F_P0: usize = 61;
const F_Q0: usize = 67;
/** exp(−y²/2) is 0 from y²/2 = 746 on (gauss in math.ts). */
export const F_GAUSS_ZERO: usize = 72;

// The i64 table (fdlibm log's bit masks), likewise.
const KI = memory.data<i64>(
  [0xfffff, 0xfffff, 0x95f64, 0x95f64, 0x100000, 0x100000, 0x3ff00000, 0x3ff00000, 0xffffffff, 0xffffffff,
   0x6147a, 0x6147a, 0x6b851, 0x6b851, 2, 2, 3, 3, 1023, 1023],
  16,
);
const I_LOW20: usize = 0;
const I_ROUND: usize = 1;
const I_BIT20: usize = 2;
const I_ONE_HI: usize = 3;
const I_LOW32: usize = 4;
const I_LG_A: usize = 5;
const I_LG_B: usize = 6;
const I_TWO: usize = 7;
const I_THREE: usize = 8;
const I_BIAS: usize = 9;

/** Lane pair of the f64 table at index k. */
// @ts-expect-error: AssemblyScript decorator
@inline
export function kf(k: usize): v128 {
  return v128.load(KF + (k << 4));
}

// @ts-expect-error: AssemblyScript decorator
@inline
function ki(k: usize): v128 {
  return v128.load(KI + (k << 4));
}

// @ts-expect-error: AssemblyScript decorator
@inline
function sel(a: v128, b: v128, m: v128): v128 {
  return v128.bitselect(a, b, m);
}

/** a·x + table[k] (a Horner step; two roundings, as in the scalar source). */
// @ts-expect-error: AssemblyScript decorator
@inline
function mad(a: v128, x: v128, k: usize): v128 {
  return f64x2.add(f64x2.mul(a, x), kf(k));
}

/** fdlibm's exp polynomial c = x − x²·(P1 + x²·(P2 + …)). */
// @ts-expect-error: AssemblyScript decorator
@inline
function expC(x: v128): v128 {
  const t = f64x2.mul(x, x);
  const p = f64x2.add(
    kf(F_EXP_P1),
    f64x2.mul(t, f64x2.add(kf(F_EXP_P1 + 1), f64x2.mul(t, f64x2.add(kf(F_EXP_P1 + 2), f64x2.mul(t, mad(kf(F_EXP_P1 + 4), t, F_EXP_P1 + 3)))))),
  );
  return f64x2.sub(x, f64x2.mul(t, p));
}

/** e^x lane by lane as fdExp for lanes with |x| < EXP_MID_LO (fdlibm's k = 0: no reduction). */
// @ts-expect-error: AssemblyScript decorator
@inline
function expSmall(x: v128): v128 {
  const c = expC(x);
  const y = f64x2.sub(kf(F_ONE), f64x2.sub(f64x2.div(f64x2.mul(x, c), f64x2.sub(c, kf(F_TWO))), x));
  return sel(f64x2.add(kf(F_ONE), x), y, f64x2.lt(f64x2.abs(x), kf(F_EXP_TINY)));
}

/**
 * e^x lane by lane as fdExp for |x| < EXP_LANE_MAX: fdlibm's three reductions (none, ±ln 2, trunc(x/ln 2
 * ± 1/2)·ln 2) give (hi, lo, k); with k = 0, hi = x and lo = 0 the general reconstruction
 * 1 − (lo − x·c/(2 − c) − hi) is fdlibm's 1 − (x·c/(c − 2) − x) exactly.
 */
// @ts-expect-error: AssemblyScript decorator
@inline
function expGeneral(x: v128): v128 {
  const ax = f64x2.abs(x);
  const pos = f64x2.ge(x, f64x2.splat(0));
  const big = f64x2.trunc(f64x2.add(f64x2.mul(kf(F_INV_LN2), x), sel(kf(F_HALF), kf(F_NEG_HALF), pos)));
  const near = sel(kf(F_ONE), kf(F_NEG_ONE), pos);
  const t = v128.and(sel(near, big, f64x2.lt(ax, kf(F_EXP_MID_HI))), f64x2.ge(ax, kf(F_EXP_MID_LO)));
  const hi = f64x2.sub(x, f64x2.mul(t, kf(F_LN2_HI)));
  const lo = f64x2.mul(t, kf(F_LN2_LO));
  const xr = f64x2.sub(hi, lo);
  const c = expC(xr);
  const y = f64x2.sub(kf(F_ONE), f64x2.sub(f64x2.sub(lo, f64x2.div(f64x2.mul(xr, c), f64x2.sub(kf(F_TWO), c))), hi));
  const scale = i64x2.shl(f64x2.add(t, kf(F_POW2_MAGIC)), 52);
  return sel(f64x2.add(kf(F_ONE), x), f64x2.mul(y, scale), f64x2.lt(ax, kf(F_EXP_TINY)));
}

/**
 * e^x lane by lane as fdExp for |x| < EXP_LANE_MAX (lanes beyond are the caller's to flag): the short path
 * when no lane needs a reduction (discount factors: a branch that is predictable).
 */
// @ts-expect-error: AssemblyScript decorator
@inline
export function expV(x: v128): v128 {
  if (v128.any_true(f64x2.ge(f64x2.abs(x), kf(F_EXP_MID_LO)))) return expGeneral(x);
  return expSmall(x);
}

/**
 * ln x lane by lane as fdLog for positive normal x whose high word h has ((h & 0xfffff) + 2) & 0xfffff >= 3
 * (fdlibm's |f| < 2⁻²⁰ branch excluded); {@link logLaneBad} flags the other lanes. With k = 0 the general
 * formulas are fdlibm's k = 0 ones exactly (0 − (a − f) = f − a).
 */
// @ts-expect-error: AssemblyScript decorator
@inline
export function logV(x: v128): v128 {
  const hx = i64x2.shr_u(x, 32);
  const hm = v128.and(hx, ki(I_LOW20));
  const i0 = v128.and(i64x2.add(hm, ki(I_ROUND)), ki(I_BIT20));
  const k = i64x2.add(i64x2.sub(i64x2.shr_u(hx, 20), ki(I_BIAS)), i64x2.shr_u(i0, 20));
  const xn = v128.or(i64x2.shl(v128.or(hm, v128.xor(i0, ki(I_ONE_HI))), 32), v128.and(x, ki(I_LOW32)));
  const f = f64x2.sub(xn, kf(F_ONE));
  const s = f64x2.div(f, f64x2.add(kf(F_TWO), f));
  const dk = f64x2.sub(i64x2.add(k, kf(F_I2F_MAGIC)), kf(F_I2F_MAGIC));
  const z = f64x2.mul(s, s);
  const w = f64x2.mul(z, z);
  const t1 = f64x2.mul(w, f64x2.add(kf(F_LG1 + 1), f64x2.mul(w, mad(w, kf(F_LG1 + 5), F_LG1 + 3))));
  const t2 = f64x2.mul(
    z,
    f64x2.add(kf(F_LG1), f64x2.mul(w, f64x2.add(kf(F_LG1 + 2), f64x2.mul(w, mad(w, kf(F_LG1 + 6), F_LG1 + 4))))),
  );
  const iv = v128.or(i64x2.sub(hm, ki(I_LG_A)), i64x2.sub(ki(I_LG_B), hm));
  const R = f64x2.add(t2, t1);
  const hfsq = f64x2.mul(f64x2.mul(kf(F_HALF), f), f);
  const dkHi = f64x2.mul(dk, kf(F_LN2_HI));
  const dkLo = f64x2.mul(dk, kf(F_LN2_LO));
  const a = f64x2.sub(dkHi, f64x2.sub(f64x2.sub(hfsq, f64x2.add(f64x2.mul(s, f64x2.add(hfsq, R)), dkLo)), f));
  const b = f64x2.sub(dkHi, f64x2.sub(f64x2.sub(f64x2.mul(s, f64x2.sub(f, R)), dkLo), f));
  return sel(a, b, i64x2.gt_s(iv, f64x2.splat(0)));
}

/** Lanes {@link logV} cannot take: not a positive normal number, or within 2⁻²⁰ of a power of two. */
// @ts-expect-error: AssemblyScript decorator
@inline
export function logLaneBad(x: v128): v128 {
  const hm = v128.and(i64x2.shr_u(x, 32), ki(I_LOW20));
  const special = i64x2.lt_s(v128.and(i64x2.add(hm, ki(I_TWO)), ki(I_LOW20)), ki(I_THREE));
  const range = v128.or(v128.not(f64x2.ge(x, kf(F_DBL_MIN))), f64x2.eq(x, kf(F_INF)));
  return v128.or(special, range);
}

/** exp(−y²/2) with y² exact (gauss in math.ts) for 0.5·y² < EXP_LANE_MAX (the caller flags other lanes). */
// @ts-expect-error: AssemblyScript decorator
@inline
export function gaussV(y: v128): v128 {
  const p = f64x2.mul(y, y);
  const c = f64x2.mul(kf(F_SPLITTER), y);
  const hi = f64x2.sub(c, f64x2.sub(c, y));
  const lo = f64x2.sub(y, hi);
  const e = f64x2.add(
    f64x2.add(f64x2.sub(f64x2.mul(hi, hi), p), f64x2.mul(f64x2.mul(kf(F_TWO), hi), lo)),
    f64x2.mul(lo, lo),
  );
  // The general exp: whether both lanes of a Gaussian need no reduction is not predictable.
  return f64x2.mul(expGeneral(f64x2.mul(kf(F_NEG_HALF), p)), f64x2.sub(kf(F_ONE), f64x2.mul(kf(F_HALF), e)));
}

/** Cody's second-interval erfcx rational C(y)/D(y) (erfcxTail in math.ts for y <= 4), lane by lane. */
// @ts-expect-error: AssemblyScript decorator
@inline
function erfcxMid(ay: v128): v128 {
  let num = mad(kf(F_C0 + 8), ay, F_C0);
  num = mad(num, ay, F_C0 + 1);
  num = mad(num, ay, F_C0 + 2);
  num = mad(num, ay, F_C0 + 3);
  num = mad(num, ay, F_C0 + 4);
  num = mad(num, ay, F_C0 + 5);
  num = mad(num, ay, F_C0 + 6);
  num = mad(num, ay, F_C0 + 7);
  let den = f64x2.add(ay, kf(F_D0));
  den = mad(den, ay, F_D0 + 1);
  den = mad(den, ay, F_D0 + 2);
  den = mad(den, ay, F_D0 + 3);
  den = mad(den, ay, F_D0 + 4);
  den = mad(den, ay, F_D0 + 5);
  den = mad(den, ay, F_D0 + 6);
  den = mad(den, ay, F_D0 + 7);
  return f64x2.div(num, den);
}

/** Cody's third-interval erfcx (1/√π − z·P(z)/Q(z))/y, z = 1/y² (erfcxTail in math.ts for y > 4), lane by lane. */
// @ts-expect-error: AssemblyScript decorator
@inline
function erfcxFar(ay: v128): v128 {
  const z = f64x2.div(kf(F_ONE), f64x2.mul(ay, ay));
  let num = mad(kf(F_P0 + 5), z, F_P0);
  num = mad(num, z, F_P0 + 1);
  num = mad(num, z, F_P0 + 2);
  num = mad(num, z, F_P0 + 3);
  num = mad(num, z, F_P0 + 4);
  let den = f64x2.add(z, kf(F_Q0));
  den = mad(den, z, F_Q0 + 1);
  den = mad(den, z, F_Q0 + 2);
  den = mad(den, z, F_Q0 + 3);
  den = mad(den, z, F_Q0 + 4);
  const r = f64x2.div(f64x2.mul(z, num), den);
  return f64x2.div(f64x2.sub(kf(F_INV_SQRT_PI), r), ay);
}

/** Φ from y, g and exp(y²)·erfc(|y|) = e, as cdfFromY: the central rational for |y| <= THRESH, else the tail. */
// @ts-expect-error: AssemblyScript decorator
@inline
function cdfFrom(y: v128, ay: v128, g: v128, e: v128): v128 {
  const inner = f64x2.le(ay, kf(F_THRESH));
  const t = f64x2.mul(f64x2.mul(kf(F_HALF), e), g);
  const tail = sel(t, f64x2.sub(kf(F_ONE), t), f64x2.gt(y, f64x2.splat(0)));
  const z = f64x2.mul(y, y);
  const numA = mad(mad(mad(mad(kf(F_A0 + 4), z, F_A0), z, F_A0 + 1), z, F_A0 + 2), z, F_A0 + 3);
  const denA = mad(mad(mad(f64x2.add(z, kf(F_B0)), z, F_B0 + 1), z, F_B0 + 2), z, F_B0 + 3);
  const central = f64x2.sub(kf(F_HALF), f64x2.mul(f64x2.mul(kf(F_HALF), y), f64x2.div(numA, denA)));
  return sel(central, tail, inner);
}

/**
 * Φ(−y·√2) lane by lane as cdfFromY (pricingKernel.ts) given g = exp(−y²) (the Gaussian of x = −y·√2), for
 * |y| <= 4 (Cody's first and second intervals; the caller flags lanes beyond 4).
 */
// @ts-expect-error: AssemblyScript decorator
@inline
export function cdfV(y: v128, g: v128): v128 {
  const ay = f64x2.abs(y);
  return cdfFrom(y, ay, g, erfcxMid(ay));
}

/**
 * {@link cdfV} over all three of Cody's intervals: the third (|y| > 4) is computed, and kept by the lanes
 * beyond 4, when a lane needs it (a branch that a sweep over grid prices takes in long runs).
 */
// @ts-expect-error: AssemblyScript decorator
@inline
export function cdfAllV(y: v128, g: v128): v128 {
  const ay = f64x2.abs(y);
  const far = f64x2.gt(ay, kf(F_FOUR));
  let e = erfcxMid(ay);
  if (v128.any_true(far)) e = sel(erfcxFar(ay), e, far);
  return cdfFrom(y, ay, g, e);
}

/** {@link gaussV} with gauss's underflow to 0 from y²/2 = 746 on; the caller flags 707 <= y²/2 < 746. */
// @ts-expect-error: AssemblyScript decorator
@inline
export function gaussZeroV(y: v128): v128 {
  const half = f64x2.mul(kf(F_HALF), f64x2.mul(y, y));
  return v128.and(gaussV(y), f64x2.lt(half, kf(F_GAUSS_ZERO)));
}
