// biome-ignore-all lint/correctness/noPrecisionLoss: coefficients are kept with the digits their authors published.
/**
 * Error function family and the standard normal distribution, in full double precision.
 *
 * erf / erfc / erfcx use W. J. Cody's rational Chebyshev approximations: W. J. Cody, "Rational Chebyshev
 * approximations for the error function", Math. Comp. 23 (1969) 631–637, with the coefficients published in
 * his portable Fortran packet CALERF (netlib specfun/erf, latest modification 19 March 1990). Three
 * intervals: erf on |x| <= 0.46875, exp(x²)·erfc(x) on 0.46875 < |x| <= 4 and, in 1/x², on |x| > 4.
 *
 * Where Cody multiplies by exp(-x²) we do not round x² first: x² = p + e is split exactly (Dekker's
 * product via Veltkamp's splitting, T. J. Dekker, Numer. Math. 18 (1971) 224–242) and exp(-x²) is taken as
 * exp(-p)·(1 - e). This keeps the far tail (erfc(26), Φ(-37)) at a relative error of a few ulps instead of
 * the ~x²·eps a rounded square would cost.
 *
 * normInv is Wichura's algorithm AS 241 (PPND16), Applied Statistics 37 (1988) 477–484, accurate to about
 * 1 part in 1e16.
 *
 * Kernels never throw: NaN in gives NaN out.
 */

/** 1/√π. */
const INV_SQRT_PI = 0.56418958354775628695;
/** 1/√(2π). */
const INV_SQRT_2PI = 0.3989422804014326779399;
/** Veltkamp's splitter 2^27 + 1 for binary64. */
const SPLITTER = 134217729;
/** Cody's first breakpoint. */
const THRESH = 0.46875;

// Cody (1969) / CALERF, erf(x) = x·A(x²)/B(x²) on |x| <= 0.46875.
const A0 = 3.1611237438705656;
const A1 = 113.864154151050156;
const A2 = 377.485237685302021;
const A3 = 3209.37758913846947;
const A4 = 0.185777706184603153;
const B0 = 23.6012909523441209;
const B1 = 244.024637934444173;
const B2 = 1282.61652607737228;
const B3 = 2844.23683343917062;

// Cody (1969) / CALERF, exp(y²)·erfc(y) = C(y)/D(y) on 0.46875 < y <= 4.
const C0 = 0.564188496988670089;
const C1 = 8.88314979438837594;
const C2 = 66.1191906371416295;
const C3 = 298.635138197400131;
const C4 = 881.95222124176909;
const C5 = 1712.04761263407058;
const C6 = 2051.07837782607147;
const C7 = 1230.33935479799725;
const C8 = 2.15311535474403846e-8;
const D0 = 15.7449261107098347;
const D1 = 117.693950891312499;
const D2 = 537.181101862009858;
const D3 = 1621.38957456669019;
const D4 = 3290.79923573345963;
const D5 = 4362.61909014324716;
const D6 = 3439.36767414372164;
const D7 = 1230.33935480374942;

// Cody (1969) / CALERF, exp(y²)·erfc(y) = (1/√π - z·P(z)/Q(z))/y with z = 1/y², on y > 4.
const P0 = 0.305326634961232344;
const P1 = 0.360344899949804439;
const P2 = 0.125781726111229246;
const P3 = 0.0160837851487422766;
const P4 = 6.58749161529837803e-4;
const P5 = 0.0163153871373020978;
const Q0 = 2.56852019228982242;
const Q1 = 1.87295284992346047;
const Q2 = 0.527905102951428412;
const Q3 = 0.0605183413124413191;
const Q4 = 0.00233520497626869185;

/** erf(x)/x for |x| <= 0.46875 (Cody's first interval). */
function erfOverX(x: number): number {
  const z = x * x;
  const num = (((A4 * z + A0) * z + A1) * z + A2) * z + A3;
  const den = (((z + B0) * z + B1) * z + B2) * z + B3;
  return num / den;
}

/** exp(y²)·erfc(y) for y > 0.46875 (Cody's second and third intervals); +Infinity gives 0. */
function erfcxTail(y: number): number {
  if (y <= 4) {
    const num = (((((((C8 * y + C0) * y + C1) * y + C2) * y + C3) * y + C4) * y + C5) * y + C6) * y + C7;
    const den = (((((((y + D0) * y + D1) * y + D2) * y + D3) * y + D4) * y + D5) * y + D6) * y + D7;
    return num / den;
  }
  // For y > 1e154, z underflows to 0 and the result is 1/(y√π), Cody's XHUGE branch.
  const z = 1 / (y * y);
  const num = ((((P5 * z + P0) * z + P1) * z + P2) * z + P3) * z + P4;
  const den = ((((z + Q0) * z + Q1) * z + Q2) * z + Q3) * z + Q4;
  return (INV_SQRT_PI - (z * num) / den) / y;
}

/**
 * exp(-h·y²) for h = 1 or h = 0.5 (so that h·y² stays exact), with y² taken exactly as p + e (Dekker 1971).
 * Private to the pricing core; exported for implied volatility, which needs the same accurate Gaussian factor.
 */
export function expNegScaledSquare(y: number, h: number): number {
  const p = y * y;
  // exp(-746) underflows to 0; this also keeps the splitting below away from overflow.
  if (!(h * p < 746)) return Number.isNaN(p) ? Number.NaN : 0;
  const c = SPLITTER * y;
  const hi = c - (c - y);
  const lo = y - hi;
  const e = hi * hi - p + 2 * hi * lo + lo * lo;
  return Math.exp(-h * p) * (1 - h * e);
}

/**
 * Complementary error function erfc(x) = 1 - erf(x), relative error ~1e-15 for all x (Cody 1969).
 * @example erfc(1) // 0.15729920705028516
 */
export function erfc(x: number): number {
  const y = Math.abs(x);
  if (y <= THRESH) return 1 - x * erfOverX(x);
  if (!(y >= 0)) return Number.NaN;
  const tail = erfcxTail(y) * expNegScaledSquare(y, 1);
  return x < 0 ? 2 - tail : tail;
}

/**
 * Scaled complementary error function erfcx(x) = exp(x²)·erfc(x); overflows to +Infinity below x ≈ -26.63.
 * @example erfcx(1) // 0.42758357615580705
 */
export function erfcx(x: number): number {
  if (x > THRESH) return erfcxTail(x);
  const y = Math.abs(x);
  if (y <= THRESH) return (1 - x * erfOverX(x)) / expNegScaledSquare(x, 1);
  if (!(y >= 0)) return Number.NaN;
  // erfcx(-y) = 2·exp(y²) - erfcx(y) (DLMF 7.4.2 with 7.2.3).
  return 2 / expNegScaledSquare(y, 1) - erfcxTail(y);
}

/**
 * Error function erf(x), relative error ~1e-16 (Cody 1969).
 * @example erf(1) // 0.8427007929497148
 */
export function erf(x: number): number {
  const y = Math.abs(x);
  if (y <= THRESH) return x * erfOverX(x);
  if (!(y >= 0)) return Number.NaN;
  const r = 1 - erfcxTail(y) * expNegScaledSquare(y, 1);
  return x < 0 ? -r : r;
}

/**
 * Standard normal density φ(x) = exp(-x²/2)/√(2π), relative error of a few ulps wherever it does not
 * underflow (|x| < 38.6).
 * @example normPdf(0) // 0.3989422804014327
 */
export function normPdf(x: number): number {
  return INV_SQRT_2PI * expNegScaledSquare(x, 0.5);
}

/**
 * Standard normal distribution function Φ(x) = erfc(-x/√2)/2, with full relative precision in the lower
 * tail (Φ(-37) = 5.725571222524576e-300, true value 5.72557122252457682e-300); exactly 0 only where Φ underflows (x < -38.5).
 * @example normCdf(-1) // 0.15865525393145702
 */
export function normCdf(x: number): number {
  // y = -x/√2 is rounded, but erfcx is insensitive to that (d ln erfcx / d ln y → -1) and the Gaussian factor
  // is taken from the exact x, so the rounding of y never gets amplified by y².
  const y = -x * Math.SQRT1_2;
  if (y > THRESH) return 0.5 * erfcxTail(y) * expNegScaledSquare(x, 0.5);
  if (y >= -THRESH) return 0.5 - 0.5 * y * erfOverX(y);
  if (y < -THRESH) return 1 - 0.5 * erfcxTail(-y) * expNegScaledSquare(x, 0.5);
  return Number.NaN;
}

/**
 * Upper tail 1 - Φ(x) = Φ(-x), with full relative precision for large positive x.
 * @example normCdfComplement(10) // 7.619853024160525e-24
 */
export function normCdfComplement(x: number): number {
  return normCdf(-x);
}

// Wichura (1988), AS 241 PPND16: coefficients for |p - 0.5| <= 0.425.
const W_A0 = 3.387132872796366608;
const W_A1 = 133.14166789178437745;
const W_A2 = 1971.5909503065514427;
const W_A3 = 13731.693765509461125;
const W_A4 = 45921.953931549871457;
const W_A5 = 67265.770927008700853;
const W_A6 = 33430.575583588128105;
const W_A7 = 2509.0809287301226727;
const W_B1 = 42.313330701600911252;
const W_B2 = 687.1870074920579083;
const W_B3 = 5394.1960214247511077;
const W_B4 = 21213.794301586595867;
const W_B5 = 39307.89580009271061;
const W_B6 = 28729.085735721942674;
const W_B7 = 5226.495278852854561;
// AS 241: r = √(-ln min(p, 1-p)) <= 5.
const W_C0 = 1.42343711074968357734;
const W_C1 = 4.6303378461565452959;
const W_C2 = 5.7694972214606914055;
const W_C3 = 3.64784832476320460504;
const W_C4 = 1.27045825245236838258;
const W_C5 = 0.24178072517745061177;
const W_C6 = 0.0227238449892691845833;
const W_C7 = 7.7454501427834140764e-4;
const W_D1 = 2.05319162663775882187;
const W_D2 = 1.6763848301838038494;
const W_D3 = 0.68976733498510000455;
const W_D4 = 0.14810397642748007459;
const W_D5 = 0.0151986665636164571966;
const W_D6 = 5.475938084995344946e-4;
const W_D7 = 1.05075007164441684324e-9;
// AS 241: r > 5.
const W_E0 = 6.6579046435011037772;
const W_E1 = 5.4637849111641143699;
const W_E2 = 1.7848265399172913358;
const W_E3 = 0.29656057182850489123;
const W_E4 = 0.026532189526576123093;
const W_E5 = 0.0012426609473880784386;
const W_E6 = 2.71155556874348757815e-5;
const W_E7 = 2.01033439929228813265e-7;
const W_F1 = 0.59983220655588793769;
const W_F2 = 0.13692988092273580531;
const W_F3 = 0.0148753612908506148525;
const W_F4 = 7.868691311456132591e-4;
const W_F5 = 1.8463183175100546818e-5;
const W_F6 = 1.4215117583164458887e-7;
const W_F7 = 2.04426310338993978564e-15;

/**
 * Inverse standard normal distribution Φ⁻¹(p) (Wichura 1988, AS 241), relative error ~1e-16;
 * normInv(0) = -Infinity, normInv(1) = Infinity, NaN outside [0, 1].
 * @example normInv(0.975) // 1.9599639845400536
 */
export function normInv(p: number): number {
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (
      (q * (((((((W_A7 * r + W_A6) * r + W_A5) * r + W_A4) * r + W_A3) * r + W_A2) * r + W_A1) * r + W_A0)) /
      (((((((W_B7 * r + W_B6) * r + W_B5) * r + W_B4) * r + W_B3) * r + W_B2) * r + W_B1) * r + 1)
    );
  }
  if (!(p >= 0 && p <= 1)) return Number.NaN;
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  let r = Math.sqrt(-Math.log(q < 0 ? p : 1 - p));
  let v: number;
  if (r <= 5) {
    r -= 1.6;
    v =
      (((((((W_C7 * r + W_C6) * r + W_C5) * r + W_C4) * r + W_C3) * r + W_C2) * r + W_C1) * r + W_C0) /
      (((((((W_D7 * r + W_D6) * r + W_D5) * r + W_D4) * r + W_D3) * r + W_D2) * r + W_D1) * r + 1);
  } else {
    r -= 5;
    v =
      (((((((W_E7 * r + W_E6) * r + W_E5) * r + W_E4) * r + W_E3) * r + W_E2) * r + W_E1) * r + W_E0) /
      (((((((W_F7 * r + W_F6) * r + W_F5) * r + W_F4) * r + W_F3) * r + W_F2) * r + W_F1) * r + 1);
  }
  return q < 0 ? -v : v;
}
