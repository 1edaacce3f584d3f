import type { Rng } from './rng.js';

/*
 * Brownian bridges between anchors. A random walk W_k = x_1 + ... + x_k with step variances v_i is
 * pinned at both ends by B_k = W_k - (V_k / V_n) W_n, V_k = v_1 + ... + v_k: the standard construction
 * of a (time-changed) Brownian bridge from a Brownian motion, e.g. P. Glasserman, "Monte Carlo Methods
 * in Financial Engineering" (Springer, 2003), section 3.1.1, eq. (3.12)-(3.14), with the time change
 * t -> V(t) for non-constant variance. The drift between the anchors is spread with the same
 * fraction V_k / V_n. The first and last values are assigned, not computed, so the anchors are hit
 * exactly in floating point.
 */

/**
 * Additive bridge from `start` to `end` driven by the increments `steps` (n steps -> n + 1 values).
 * `variances` (default all 1) is the variance of each increment, used as the bridge's clock.
 * @example bridgeAdditive(1, 3, Float64Array.of(0, 0))  // Float64Array [1, 2, 3]
 */
export function bridgeAdditive(
  start: number,
  end: number,
  steps: Float64Array,
  variances?: Float64Array,
): Float64Array {
  const n = steps.length;
  const out = new Float64Array(n + 1);
  out[0] = start;
  if (n === 0) return out;
  let totalVar = 0;
  let totalW = 0;
  for (let i = 0; i < n; i++) {
    totalVar += variances ? variances[i] : 1;
    totalW += steps[i];
  }
  if (!(totalVar > 0)) totalVar = n;
  let cumVar = 0;
  let w = 0;
  for (let k = 1; k < n; k++) {
    cumVar += variances ? variances[k - 1] : 1;
    w += steps[k - 1];
    const f = cumVar / totalVar;
    out[k] = start + f * (end - start) + (w - f * totalW);
  }
  out[n] = end;
  return out;
}

/**
 * Geometric bridge: the additive bridge in log-price, exponentiated; first and last values are exact.
 * @example bridgeLog(100, 400, Float64Array.of(0, 0))  // Float64Array [100, 200, 400]
 */
export function bridgeLog(
  start: number,
  end: number,
  logSteps: Float64Array,
  variances?: Float64Array,
): Float64Array {
  const logPath = bridgeAdditive(Math.log(start), Math.log(end), logSteps, variances);
  const out = new Float64Array(logPath.length);
  for (let i = 0; i < logPath.length; i++) out[i] = Math.exp(logPath[i]);
  out[0] = start;
  out[out.length - 1] = end;
  return out;
}

/**
 * Draws `n` fat-tailed log-return increments with per-step standard deviations `sd` (scalar or array).
 * @example studentSteps(rng, 3, 0.01, 4).length // 3
 */
export function studentSteps(rng: Rng, n: number, sd: number | Float64Array, nu: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = (typeof sd === 'number' ? sd : sd[i]) * rng.studentT(nu);
  return out;
}

/**
 * Folds `x` into [lo, hi] by reflecting at the bounds (a reflected path stays continuous, unlike a
 * clamped one, and keeps its local volatility). Either bound may be NaN (= none).
 * @example foldIntoBand(95, 100, 200) // 105
 */
export function foldIntoBand(x: number, lo: number, hi: number): number {
  const hasLo = !Number.isNaN(lo);
  const hasHi = !Number.isNaN(hi);
  let v = x;
  for (let i = 0; i < 64; i++) {
    if (hasLo && v < lo) v = lo + (lo - v);
    else if (hasHi && v > hi) v = hi - (v - hi);
    else return v;
  }
  // The band is narrower than the excursion many times over: fall back to the nearest bound.
  return hasLo && v < lo ? lo : hasHi && v > hi ? hi : v;
}
