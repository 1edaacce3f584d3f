/*
 * A tiny seeded generator so that every run (and every library in a run) sees the same option rows.
 * xorshift32 with the shift triple (13, 17, 5) from G. Marsaglia, "Xorshift RNGs", Journal of Statistical
 * Software 8(14), 2003, p. 4; two 32-bit outputs make one double with 53 random bits, as in the usual
 * 27 + 26 bit construction (e.g. the MT19937 reference code's genrand_res53). Statistical quality is far
 * beyond what a benchmark grid needs; the point is determinism.
 */

export interface Rng {
  /** Uniform double in [0, 1). */
  next(): number;
  /** Uniform double in [lo, hi). */
  uniform(lo: number, hi: number): number;
  /** Uniform integer in [lo, hi] (both inclusive). */
  int(lo: number, hi: number): number;
}

/**
 * Seeded uniform generator; the same seed gives the same sequence on every platform.
 * @example seededRng(42).int(1, 6) // an integer in 1..6, identical on every run
 */
export function seededRng(seed: number): Rng {
  // xorshift32 has the fixed point 0: map a zero seed to an arbitrary non-zero state.
  let s = seed >>> 0 || 0x9e3779b9;
  const u32 = (): number => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s;
  };
  const next = (): number => ((u32() >>> 5) * 67108864 + (u32() >>> 6)) / 9007199254740992;
  return {
    next,
    uniform: (lo, hi) => lo + (hi - lo) * next(),
    int: (lo, hi) => lo + Math.floor((hi - lo + 1) * next()),
  };
}
