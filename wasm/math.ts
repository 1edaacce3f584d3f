// AssemblyScript: fdlibm exp and log as V8 runs them, and Cody's erfc pieces as src/pricing/normalKernels.ts
// evaluates them (see pricingKernel.ts for why every operation is kept as in the JavaScript source).

// ---------------------------------------------------------------------------------------------------------
// fdlibm exp and log (as in V8's Math.exp / Math.log).

export const LN2_HI: f64 = 6.9314718036912381649e-1;
export const LN2_LO: f64 = 1.90821492927058770002e-10;
export const INV_LN2: f64 = 1.442695040888963387;
export const EXP_P1: f64 = 1.66666666666666019037e-1;
export const EXP_P2: f64 = -2.77777777770155933842e-3;
export const EXP_P3: f64 = 6.61375632143793436117e-5;
export const EXP_P4: f64 = -1.6533902205465251539e-6;
export const EXP_P5: f64 = 4.13813679705723846039e-8;
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

/** e^x, fdlibm __ieee754_exp (inlined: its call sites are hot). */
// @ts-expect-error: AssemblyScript decorator
@inline
export function fdExp(x: f64): f64 {
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
export const LG1: f64 = 6.66666666666673513e-1;
export const LG2: f64 = 3.999999999940941908e-1;
export const LG3: f64 = 2.857142874366239149e-1;
export const LG4: f64 = 2.222219843214978396e-1;
export const LG5: f64 = 1.818357216161805012e-1;
export const LG6: f64 = 1.531383769920937332e-1;
export const LG7: f64 = 1.479819860511658591e-1;

/** ln x, fdlibm __ieee754_log. */
export function fdLog(x: f64): f64 {
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

export const INV_SQRT_PI: f64 = 0.56418958354775628695;
export const INV_SQRT_2PI: f64 = 0.3989422804014326779399;
export const SQRT1_2: f64 = 0.7071067811865476;
export const SPLITTER: f64 = 134217729;
export const THRESH: f64 = 0.46875;
export const SD_MIN: f64 = 1e-100;

export const A0: f64 = 3.1611237438705656;
export const A1: f64 = 113.864154151050156;
export const A2: f64 = 377.485237685302021;
export const A3: f64 = 3209.37758913846947;
export const A4: f64 = 0.185777706184603153;
export const B0: f64 = 23.6012909523441209;
export const B1: f64 = 244.024637934444173;
export const B2: f64 = 1282.61652607737228;
export const B3: f64 = 2844.23683343917062;
export const C0: f64 = 0.564188496988670089;
export const C1: f64 = 8.88314979438837594;
export const C2: f64 = 66.1191906371416295;
export const C3: f64 = 298.635138197400131;
export const C4: f64 = 881.95222124176909;
export const C5: f64 = 1712.04761263407058;
export const C6: f64 = 2051.07837782607147;
export const C7: f64 = 1230.33935479799725;
export const C8: f64 = 2.15311535474403846e-8;
export const D0: f64 = 15.7449261107098347;
export const D1: f64 = 117.693950891312499;
export const D2: f64 = 537.181101862009858;
export const D3: f64 = 1621.38957456669019;
export const D4: f64 = 3290.79923573345963;
export const D5: f64 = 4362.61909014324716;
export const D6: f64 = 3439.36767414372164;
export const D7: f64 = 1230.33935480374942;
export const P0: f64 = 0.305326634961232344;
export const P1: f64 = 0.360344899949804439;
export const P2: f64 = 0.125781726111229246;
export const P3: f64 = 0.0160837851487422766;
export const P4: f64 = 6.58749161529837803e-4;
export const P5: f64 = 0.0163153871373020978;
export const Q0: f64 = 2.56852019228982242;
export const Q1: f64 = 1.87295284992346047;
export const Q2: f64 = 0.527905102951428412;
export const Q3: f64 = 0.0605183413124413191;
export const Q4: f64 = 0.00233520497626869185;

/** erf(x)/x for |x| <= 0.46875. */
// @ts-expect-error: AssemblyScript decorator
@inline
export function erfOverX(x: f64): f64 {
  const z = x * x;
  const num = (((A4 * z + A0) * z + A1) * z + A2) * z + A3;
  const den = (((z + B0) * z + B1) * z + B2) * z + B3;
  return num / den;
}

/** exp(y²)·erfc(y) for y > 0.46875. */
export function erfcxTail(y: f64): f64 {
  if (y <= 4) {
    const num = (((((((C8 * y + C0) * y + C1) * y + C2) * y + C3) * y + C4) * y + C5) * y + C6) * y + C7;
    const den = (((((((y + D0) * y + D1) * y + D2) * y + D3) * y + D4) * y + D5) * y + D6) * y + D7;
    return num / den;
  }
  return (INV_SQRT_PI - codyTailRemainder(y)) / y;
}

/** Cody's third-interval correction z·P(z)/Q(z), z = 1/y² (normalKernels.ts codyTailRemainder). */
export function codyTailRemainder(y: f64): f64 {
  const z = 1 / (y * y);
  const num = ((((P5 * z + P0) * z + P1) * z + P2) * z + P3) * z + P4;
  const den = ((((z + Q0) * z + Q1) * z + Q2) * z + Q3) * z + Q4;
  return (z * num) / den;
}

/** exp(-y²/2) with y² taken exactly as p + e (expNegScaledSquare(y, 0.5) in normalKernels.ts). */
export function gauss(y: f64): f64 {
  const p = y * y;
  if (!(0.5 * p < 746)) return p != p ? NaN : 0;
  const c = SPLITTER * y;
  const hi = c - (c - y);
  const lo = y - hi;
  const e = hi * hi - p + 2 * hi * lo + lo * lo;
  return fdExp(-0.5 * p) * (1 - 0.5 * e);
}


/**
 * Φ(−y·√2) given y and the Gaussian g of x = −y·√2 (a negative g: computed here when needed), as normCdf in
 * normal.ts: the batch and grid kernels' N(±d).
 */
// @ts-expect-error: AssemblyScript decorator
@inline
export function cdfFromY(y: f64, x: f64, g: f64): f64 {
  if (y > THRESH) return 0.5 * erfcxTail(y) * (g >= 0 ? g : gauss(x));
  if (y >= -THRESH) return 0.5 - 0.5 * y * erfOverX(y);
  return 1 - 0.5 * erfcxTail(-y) * (g >= 0 ? g : gauss(x));
}

/** exp(−y²) with y² taken exactly (expNegScaledSquare(y, 1) in normalKernels.ts). */
export function expNegSquare(y: f64): f64 {
  const p = y * y;
  if (!(1 * p < 746)) return p != p ? NaN : 0;
  const c = SPLITTER * y;
  const hi = c - (c - y);
  const lo = y - hi;
  const e = hi * hi - p + 2 * hi * lo + lo * lo;
  return fdExp(-1 * p) * (1 - 1 * e);
}

/** erfc(x) (normal.ts). */
export function erfc(x: f64): f64 {
  const y = Math.abs(x);
  if (y <= THRESH) return 1 - x * erfOverX(x);
  if (!(y >= 0)) return NaN;
  const tail = erfcxTail(y) * expNegSquare(y);
  return x < 0 ? 2 - tail : tail;
}

/** erfcx(x) = exp(x²)·erfc(x) (normal.ts). */
export function erfcx(x: f64): f64 {
  if (x > THRESH) return erfcxTail(x);
  const y = Math.abs(x);
  if (y <= THRESH) return (1 - x * erfOverX(x)) / expNegSquare(x);
  if (!(y >= 0)) return NaN;
  return 2 / expNegSquare(y) - erfcxTail(y);
}

// Wichura (1988), AS 241 PPND16 (normalKernels.ts).
const W_A0: f64 = 3.387132872796366608;
const W_A1: f64 = 133.14166789178437745;
const W_A2: f64 = 1971.5909503065514427;
const W_A3: f64 = 13731.693765509461125;
const W_A4: f64 = 45921.953931549871457;
const W_A5: f64 = 67265.770927008700853;
const W_A6: f64 = 33430.575583588128105;
const W_A7: f64 = 2509.0809287301226727;
const W_B1: f64 = 42.313330701600911252;
const W_B2: f64 = 687.1870074920579083;
const W_B3: f64 = 5394.1960214247511077;
const W_B4: f64 = 21213.794301586595867;
const W_B5: f64 = 39307.89580009271061;
const W_B6: f64 = 28729.085735721942674;
const W_B7: f64 = 5226.495278852854561;
const W_C0: f64 = 1.42343711074968357734;
const W_C1: f64 = 4.6303378461565452959;
const W_C2: f64 = 5.7694972214606914055;
const W_C3: f64 = 3.64784832476320460504;
const W_C4: f64 = 1.27045825245236838258;
const W_C5: f64 = 0.24178072517745061177;
const W_C6: f64 = 0.0227238449892691845833;
const W_C7: f64 = 7.7454501427834140764e-4;
const W_D1: f64 = 2.05319162663775882187;
const W_D2: f64 = 1.6763848301838038494;
const W_D3: f64 = 0.68976733498510000455;
const W_D4: f64 = 0.14810397642748007459;
const W_D5: f64 = 0.0151986665636164571966;
const W_D6: f64 = 5.475938084995344946e-4;
const W_D7: f64 = 1.05075007164441684324e-9;
const W_E0: f64 = 6.6579046435011037772;
const W_E1: f64 = 5.4637849111641143699;
const W_E2: f64 = 1.7848265399172913358;
const W_E3: f64 = 0.29656057182850489123;
const W_E4: f64 = 0.026532189526576123093;
const W_E5: f64 = 0.0012426609473880784386;
const W_E6: f64 = 2.71155556874348757815e-5;
const W_E7: f64 = 2.01033439929228813265e-7;
const W_F1: f64 = 0.59983220655588793769;
const W_F2: f64 = 0.13692988092273580531;
const W_F3: f64 = 0.0148753612908506148525;
const W_F4: f64 = 7.868691311456132591e-4;
const W_F5: f64 = 1.8463183175100546818e-5;
const W_F6: f64 = 1.4215117583164458887e-7;
const W_F7: f64 = 2.04426310338993978564e-15;

/** Φ⁻¹(1/2 + q) for |q| <= 0.425. */
export function normInvCentral(q: f64): f64 {
  const r = 0.180625 - q * q;
  return (
    (q * (((((((W_A7 * r + W_A6) * r + W_A5) * r + W_A4) * r + W_A3) * r + W_A2) * r + W_A1) * r + W_A0)) /
    (((((((W_B7 * r + W_B6) * r + W_B5) * r + W_B4) * r + W_B3) * r + W_B2) * r + W_B1) * r + 1)
  );
}

/** −Φ⁻¹(p) for 0 < p < 0.075. */
export function normInvTail(p: f64): f64 {
  let r = Math.sqrt(-fdLog(p));
  if (r <= 5) {
    r -= 1.6;
    return (
      (((((((W_C7 * r + W_C6) * r + W_C5) * r + W_C4) * r + W_C3) * r + W_C2) * r + W_C1) * r + W_C0) /
      (((((((W_D7 * r + W_D6) * r + W_D5) * r + W_D4) * r + W_D3) * r + W_D2) * r + W_D1) * r + 1)
    );
  }
  r -= 5;
  return (
    (((((((W_E7 * r + W_E6) * r + W_E5) * r + W_E4) * r + W_E3) * r + W_E2) * r + W_E1) * r + W_E0) /
    (((((((W_F7 * r + W_F6) * r + W_F5) * r + W_F4) * r + W_F3) * r + W_F2) * r + W_F1) * r + 1)
  );
}

/** Φ⁻¹(p) (normal.ts normInv). */
export function normInv(p: f64): f64 {
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) return normInvCentral(q);
  if (!(p > 0 && p < 1)) return p == 0 ? -Infinity : p == 1 ? Infinity : NaN;
  return q < 0 ? -normInvTail(p) : normInvTail(1 - p);
}

const EM1_Q1: f64 = -3.33333333333331316428e-2;
const EM1_Q2: f64 = 1.58730158725481460165e-3;
const EM1_Q3: f64 = -7.93650757867487942473e-5;
const EM1_Q4: f64 = 4.00821782732936239552e-6;
const EM1_Q5: f64 = -2.01099218183624371326e-7;

/** e^x − 1, fdlibm s_expm1.c (as V8's Math.expm1). */
export function fdExpm1(x: f64): f64 {
  let hx = <u32>(reinterpret<u64>(x) >> 32);
  const xsb = hx & 0x80000000;
  hx &= 0x7fffffff;
  let hi: f64 = 0;
  let lo: f64 = 0;
  let k: i32 = 0;
  let c: f64 = 0;
  if (hx >= 0x4043687a) {
    if (hx >= 0x40862e42) {
      if (hx >= 0x7ff00000) {
        if (x != x) return x + x;
        return xsb == 0 ? x : -1.0;
      }
      if (x > O_THRESHOLD) return Infinity;
    }
    if (xsb != 0) return -1.0;
  }
  if (hx > 0x3fd62e42) {
    if (hx < 0x3ff0a2b2) {
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
      const t0 = <f64>k;
      hi = x - t0 * LN2_HI;
      lo = t0 * LN2_LO;
    }
    x = hi - lo;
    c = hi - x - lo;
  } else if (hx < 0x3c900000) {
    return x;
  }
  const hfx = 0.5 * x;
  const hxs = x * hfx;
  const r1 = 1 + hxs * (EM1_Q1 + hxs * (EM1_Q2 + hxs * (EM1_Q3 + hxs * (EM1_Q4 + hxs * EM1_Q5))));
  let t = 3.0 - r1 * hfx;
  let e = hxs * ((r1 - t) / (6.0 - x * t));
  if (k == 0) return x - (x * e - hxs);
  e = x * (e - c) - c;
  e -= hxs;
  if (k == -1) return 0.5 * (x - e) - 0.5;
  if (k == 1) {
    if (x < -0.25) return -2.0 * (e - (x + 0.5));
    return 1 + 2.0 * (x - e);
  }
  let y: f64;
  if (k <= -2 || k > 56) {
    y = 1 - (e - x);
    if (k == 1024) y = y * 2.0 * TWO_1023;
    else y = y * pow2(k);
    return y - 1;
  }
  if (k < 20) {
    t = reinterpret<f64>(<u64>(0x3ff00000 - (0x200000 >> k)) << 32);
    y = t - (e - x);
  } else {
    t = reinterpret<f64>(<u64>((0x3ff - k) << 20) << 32);
    y = x - (e + t);
    y += 1;
  }
  return y * pow2(k);
}
