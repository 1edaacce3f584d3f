// biome-ignore-all lint/correctness/noPrecisionLoss: coefficients are kept with the digits their authors published.
/**
 * Internal kernels behind normal.ts, shared with the implied-volatility solver (lbr*.ts). Not part of the
 * public API.
 *
 * Cody's rational Chebyshev approximations: W. J. Cody, "Rational Chebyshev approximations for the error
 * function", Math. Comp. 23 (1969) 631–637; coefficients as published in his Fortran packet CALERF (netlib
 * specfun/erf, latest modification 19 March 1990).
 * Wichura's AS 241 (PPND16): M. J. Wichura, "The percentage points of the normal distribution", Applied
 * Statistics 37 (1988) 477–484.
 * Exact square for the Gaussian factor: T. J. Dekker, "A floating-point technique for extending the available
 * precision", Numer. Math. 18 (1971) 224–242 (Veltkamp splitting, §5).
 */

/** 1/√π. */
export const INV_SQRT_PI = 0.56418958354775628695;
/** 1/√(2π). */
export const INV_SQRT_2PI = 0.3989422804014326779399;
/** Veltkamp's splitter 2^27 + 1 for binary64. */
const SPLITTER = 134217729;
/** Cody's first breakpoint. */
export const THRESH = 0.46875;

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
export function erfOverX(x: number): number {
  const z = x * x;
  const num = (((A4 * z + A0) * z + A1) * z + A2) * z + A3;
  const den = (((z + B0) * z + B1) * z + B2) * z + B3;
  return num / den;
}

/** exp(y²)·erfc(y) for y > 0.46875 (Cody's second and third intervals); +Infinity gives 0. */
export function erfcxTail(y: number): number {
  if (y <= 4) {
    const num = (((((((C8 * y + C0) * y + C1) * y + C2) * y + C3) * y + C4) * y + C5) * y + C6) * y + C7;
    const den = (((((((y + D0) * y + D1) * y + D2) * y + D3) * y + D4) * y + D5) * y + D6) * y + D7;
    return num / den;
  }
  return (INV_SQRT_PI - codyTailRemainder(y)) / y;
}

/**
 * Cody's third-interval correction R(y) = z·P(z)/Q(z), z = 1/y², so that exp(y²)·erfc(y) = (1/√π - R(y))/y
 * for y > 4. Exposed so that 1 - y·√π·erfcx(y) = √π·R(y) can be formed without cancellation.
 */
export function codyTailRemainder(y: number): number {
  // For y > 1e154, z underflows to 0: Cody's XHUGE branch, erfcx(y) = 1/(y√π).
  const z = 1 / (y * y);
  const num = ((((P5 * z + P0) * z + P1) * z + P2) * z + P3) * z + P4;
  const den = ((((z + Q0) * z + Q1) * z + Q2) * z + Q3) * z + Q4;
  return (z * num) / den;
}

/** exp(-h·y²) for h = 1 or h = 0.5 (so that h·y² stays exact), with y² taken exactly as p + e (Dekker 1971). */
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

/** Φ⁻¹(1/2 + q) for |q| <= 0.425 (AS 241 central region), without forming 1/2 + q. */
export function normInvCentral(q: number): number {
  const r = 0.180625 - q * q;
  return (
    (q * (((((((W_A7 * r + W_A6) * r + W_A5) * r + W_A4) * r + W_A3) * r + W_A2) * r + W_A1) * r + W_A0)) /
    (((((((W_B7 * r + W_B6) * r + W_B5) * r + W_B4) * r + W_B3) * r + W_B2) * r + W_B1) * r + 1)
  );
}

/** -Φ⁻¹(p) for a lower-tail probability 0 < p < 0.075 (AS 241 tail regions); p must be positive. */
export function normInvTail(p: number): number {
  let r = Math.sqrt(-Math.log(p));
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
