/**
 * Shape-preserving rational cubic interpolation on one interval, used by the implied-volatility initial guess.
 *
 * R. Delbourgo and J. A. Gregory, "Shape preserving piecewise rational interpolation", SIAM J. Sci. Stat.
 * Comput. 6 (1985) 967–976: on [x_l, x_r] with values y_l, y_r, slopes d_l, d_r and control parameter r > -1,
 *
 *   R(t) = [y_r t³ + (r y_r - h d_r) t² (1-t) + (r y_l + h d_l) t (1-t)² + y_l (1-t)³] / [1 + (r-3) t (1-t)]
 *
 * with h = x_r - x_l and t = (x - x_l)/h (their (2.4)/(2.5)); r = 3 is the cubic Hermite spline and r → ∞
 * the straight line. P. Jäckel, "Let's Be Rational", Wilmott (January 2015) 40–53, §3, chooses r to match a
 * known second derivative at one end, bounded below by the shape-preservation conditions (3.8) (monotone)
 * and (3.18) (convex) of Delbourgo–Gregory. The second-derivative matches below were re-derived by
 * differentiating R twice at t = 0 and t = 1.
 */

const EPS = Number.EPSILON;
/** Lower bound of r, just above Delbourgo–Gregory's r > -1. */
const MIN_R = -(1 - Math.sqrt(EPS));
/** r large enough that R is the straight line to machine precision. */
const MAX_R = 2 / (EPS * EPS);
const TINY = 2.2250738585072014e-308;

/** R(x) of Delbourgo–Gregory (2.4)/(2.5); for r at MAX_R the straight line, free of over/underflow. */
export function rationalCubic(
  x: number,
  xl: number,
  xr: number,
  yl: number,
  yr: number,
  dl: number,
  dr: number,
  r: number,
): number {
  const h = xr - xl;
  if (!(Math.abs(h) > 0)) return 0.5 * (yl + yr);
  const t = (x - xl) / h;
  if (r >= MAX_R) return yr * t + yl * (1 - t);
  const u = 1 - t;
  const t2 = t * t;
  const u2 = u * u;
  return (
    (yr * t2 * t + (r * yr - h * dr) * t2 * u + (r * yl + h * dl) * t * u2 + yl * u2 * u) /
    (1 + (r - 3) * t * u)
  );
}

/**
 * Smallest r keeping R monotone (D&G (3.8)) and convex or concave (D&G (3.18)) when the data allow it;
 * s is the secant slope. With `preferShape`, degenerate cases fall back to the straight line.
 */
function minimumR(dl: number, dr: number, s: number, preferShape: boolean): number {
  const monotonic = dl * s >= 0 && dr * s >= 0;
  const convex = dl <= s && s <= dr;
  const concave = dl >= s && s >= dr;
  if (!monotonic && !convex && !concave) return MIN_R;
  let r1 = -Number.MAX_VALUE;
  let r2 = -Number.MAX_VALUE;
  if (monotonic) {
    if (Math.abs(s) >= TINY) r1 = (dr + dl) / s;
    else if (preferShape) r1 = MAX_R;
  }
  if (convex || concave) {
    const sMinusDl = s - dl;
    const drMinusS = dr - s;
    if (Math.abs(sMinusDl) >= TINY && Math.abs(drMinusS) >= TINY) {
      r2 = Math.max(Math.abs((dr - dl) / drMinusS), Math.abs((dr - dl) / sMinusDl));
    } else if (preferShape) r2 = MAX_R;
  } else if (monotonic && preferShape) r2 = MAX_R;
  return Math.max(MIN_R, r1, r2);
}

/** r such that R''(x_l) = d2l, raised to the shape-preserving minimum. */
export function rationalCubicRFitLeft(
  xl: number,
  xr: number,
  yl: number,
  yr: number,
  dl: number,
  dr: number,
  d2l: number,
  preferShape: boolean,
): number {
  const h = xr - xl;
  const s = (yr - yl) / h;
  // Solving R''(x_l) = d2l, with R'' at t = 0 differentiated from (2.4)/(2.5): r = (h·d2l/2 + d_r − d_l)/(s − d_l).
  const num = 0.5 * h * d2l + (dr - dl);
  const den = s - dl;
  const r = Math.abs(den) < TINY ? (num > 0 ? MAX_R : MIN_R) : num / den;
  return Math.max(r, minimumR(dl, dr, s, preferShape));
}

/** r such that R''(x_r) = d2r, raised to the shape-preserving minimum. */
export function rationalCubicRFitRight(
  xl: number,
  xr: number,
  yl: number,
  yr: number,
  dl: number,
  dr: number,
  d2r: number,
  preferShape: boolean,
): number {
  const h = xr - xl;
  const s = (yr - yl) / h;
  // Solving R''(x_r) = d2r: r = (h·d2r/2 + d_r − d_l)/(d_r − s).
  const num = 0.5 * h * d2r + (dr - dl);
  const den = dr - s;
  const r = Math.abs(den) < TINY ? (num > 0 ? MAX_R : MIN_R) : num / den;
  return Math.max(r, minimumR(dl, dr, s, preferShape));
}
