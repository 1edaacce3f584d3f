/**
 * Error function family and the standard normal distribution, in full double precision.
 *
 * erf / erfc / erfcx use W. J. Cody's rational Chebyshev approximations (Cody, Math. Comp. 23 (1969) 631–637,
 * coefficients of his CALERF packet, see normalKernels.ts). Three intervals: erf on |x| <= 0.46875,
 * exp(x²)·erfc(x) on 0.46875 < |x| <= 4 and, in 1/x², on |x| > 4.
 *
 * Where Cody multiplies by exp(-x²) we do not round x² first: x² = p + e is split exactly (Dekker 1971) and
 * exp(-x²) is taken as exp(-p)·(1 - e). This keeps the far tail (erfc(26), Φ(-37)) at a relative error of a
 * few ulps instead of the ~x²·eps a rounded square would cost.
 *
 * normInv is Wichura's algorithm AS 241 (PPND16), Applied Statistics 37 (1988) 477–484, accurate to about
 * 1 part in 1e16.
 *
 * Kernels never throw: NaN in gives NaN out.
 */
import {
  erfcxTail,
  erfOverX,
  expNegScaledSquare,
  INV_SQRT_2PI,
  normInvCentral,
  normInvTail,
  THRESH,
} from './normalKernels.js';

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
 * tail (Φ(-37) = 5.725571222524576e-300, true value 5.72557122252457682e-300); exactly 0 only where Φ
 * underflows (x <= -38.5).
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

/**
 * Inverse standard normal distribution Φ⁻¹(p) (Wichura 1988, AS 241), relative error ~1e-16;
 * normInv(0) = -Infinity, normInv(1) = Infinity, NaN outside [0, 1].
 * @example normInv(0.975) // 1.9599639845400536
 */
export function normInv(p: number): number {
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) return normInvCentral(q);
  if (!(p > 0 && p < 1))
    return p === 0 ? Number.NEGATIVE_INFINITY : p === 1 ? Number.POSITIVE_INFINITY : Number.NaN;
  return q < 0 ? -normInvTail(p) : normInvTail(1 - p);
}
