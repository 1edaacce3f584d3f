/*
 * Seeded random numbers for the simulator. Pure (no node:*), identical on every platform.
 *
 * Uniforms: xoshiro128** 1.1 (D. Blackman and S. Vigna, "Scrambled linear pseudorandom number generators",
 * ACM TOMS 47(4), 2021; reference code https://prng.di.unimi.it/xoshiro128starstar.c), state seeded with
 * splitmix32 (the 32-bit finaliser of MurmurHash3, A. Appleby, public domain) so that any 32-bit seed gives a
 * well-mixed non-zero state. A double in [0, 1) takes 53 random bits from two outputs.
 * Normals: the Marsaglia polar method on 32-bit uniforms (G. Marsaglia and T. A. Bray, "A convenient method for generating
 * normal variables", SIAM Review 6(3), 1964, 260–264), both variates of a pair used.
 *
 * Common random numbers: every Monte Carlo path p has its own stream `pathRng(seed, p)`, and the engine
 * draws exactly one normal per step whatever the channels do, so two runs with the same seed see the same
 * noise on every path (the comparison of coalitions in the Shapley attribution rests on this).
 */

export interface Rng {
  /** Uniform double in [0, 1). */
  next(): number;
  /** Standard normal. */
  normal(): number;
}

/** splitmix32 / MurmurHash3 fmix32 of `x + golden`: a bijective 32-bit mix. */
export function mix32(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** xoshiro128** with a splitmix32-seeded state. */
export function createRng(seed: number): Rng {
  const s0 = mix32(seed >>> 0);
  const s1 = mix32(s0 ^ 0x6a09e667);
  const s2 = mix32(s1 ^ 0xbb67ae85);
  const s3 = mix32(s2 ^ 0x3c6ef372);
  return rngFromState([(s0 | s1 | s2 | s3) === 0 ? 1 : s0, s1, s2, s3]);
}

/** xoshiro128** from an explicit 4-word state (not all zero). */
export function rngFromState(state: readonly [number, number, number, number]): Rng & { u32(): number } {
  let s0 = state[0] | 0;
  let s1 = state[1] | 0;
  let s2 = state[2] | 0;
  let s3 = state[3] | 0;
  const u32 = (): number => {
    const r = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
    return r;
  };
  const next = (): number => ((u32() >>> 5) * 67108864 + (u32() >>> 6)) / 9007199254740992;
  let spare = 0;
  let hasSpare = false;
  const normal = (): number => {
    if (hasSpare) {
      hasSpare = false;
      return spare;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      // 32-bit uniforms are plenty for the polar method (the smallest s is 2^−62: |z| ≤ 9.3).
      u = u32() * 4.656612873077393e-10 - 1;
      v = u32() * 4.656612873077393e-10 - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    spare = v * f;
    hasSpare = true;
    return u * f;
  };
  return { u32, next, normal };
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** The stream of Monte Carlo path `path` under `seed` (independent of how paths are split across workers). */
export function pathRng(seed: number, path: number): Rng {
  return createRng(mix32((seed >>> 0) ^ mix32(path >>> 0)));
}
