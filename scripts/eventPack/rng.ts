/*
 * Seeded random numbers for the event-pack generator. Nothing here reads the clock or Math.random, so a
 * seed fixes every draw and the pack regenerates byte for byte.
 *
 * - Generator: xoshiro128** 1.1, D. Blackman and S. Vigna, "Scrambled linear pseudorandom number
 *   generators", ACM TOMS 47(4), 2021; reference C code https://prng.di.unimi.it/xoshiro128starstar.c
 * - Seeding: the 128-bit state is filled from SplitMix64 (G. Steele, D. Lea, C. Flood, "Fast splittable
 *   pseudorandom number generators", OOPSLA 2014; constants as in https://prng.di.unimi.it/splitmix64.c),
 *   as the xoshiro authors recommend, so that nearby seeds give unrelated streams.
 * - Stream labels are hashed with 32-bit FNV-1a (G. Fowler, L. C. Noll, K.-P. Vo;
 *   http://www.isthe.com/chongo/tech/comp/fnv/) so each dataset draws from its own stream and adding
 *   draws to one dataset does not shift another.
 * - Normals: Box–Muller, G. E. P. Box and M. E. Muller, Ann. Math. Statist. 29(2), 610–611 (1958).
 * - Student t: Z / sqrt(V/nu) with V a chi-square of integer nu, rescaled to unit variance by
 *   sqrt((nu-2)/nu) (the variance of t_nu is nu/(nu-2)); fat tails for crypto returns as in J. Chu,
 *   S. Nadarajah, S. Chan, "Statistical analysis of the exchange rate of Bitcoin", PLoS ONE 10(7), 2015.
 */

/** A seeded stream of random numbers. */
export interface Rng {
  /** Next raw 32-bit output of xoshiro128** as an unsigned integer. */
  nextUint32(): number;
  /** Uniform on [0, 1) with 53 random bits. */
  uniform(): number;
  /** Standard normal draw. */
  normal(): number;
  /** Student-t draw with `nu` (integer > 2) degrees of freedom, scaled to unit variance. */
  studentT(nu: number): number;
  /** Integer uniform on [lo, hi] (inclusive). */
  int(lo: number, hi: number): number;
}

const MASK64 = (1n << 64n) - 1n;

/**
 * Four 32-bit words from SplitMix64 started at `seed` (the xoshiro authors' recommended seeding).
 * @example splitmix64Words(0)[0] // 0xe220a839 (high half of 0xe220a8397b1dcdaf, the first SplitMix64 output of 0)
 */
export function splitmix64Words(seed: number): [number, number, number, number] {
  let x = BigInt.asUintN(64, BigInt(Math.trunc(seed)));
  const out: number[] = [];
  for (let i = 0; i < 2; i++) {
    x = (x + 0x9e3779b97f4a7c15n) & MASK64;
    let z = x;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
    z = z ^ (z >> 31n);
    out.push(Number(z >> 32n), Number(z & 0xffffffffn));
  }
  return [out[0], out[1], out[2], out[3]];
}

/**
 * 32-bit FNV-1a hash of a string's UTF-16 code units (labels here are ASCII).
 * @example fnv1a32('a') // 0xe40c292c
 */
export function fnv1a32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i) & 0xff;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/**
 * xoshiro128** from an explicit 128-bit state (four uint32 words, not all zero).
 * @example rngFromState([1, 2, 3, 4]).nextUint32() // 11520
 */
export function rngFromState(state: readonly [number, number, number, number]): Rng {
  const s = new Uint32Array(state);
  if ((s[0] | s[1] | s[2] | s[3]) === 0) s[0] = 1;
  let spareNormal = Number.NaN;

  const nextUint32 = (): number => {
    const result = Math.imul(rotl(Math.imul(s[1], 5) >>> 0, 7), 9) >>> 0;
    const t = (s[1] << 9) >>> 0;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
  };

  const uniform = (): number => {
    // 27 + 26 bits, the usual construction of a 53-bit double from two 32-bit draws.
    const a = nextUint32() >>> 5;
    const b = nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  };

  const normal = (): number => {
    if (!Number.isNaN(spareNormal)) {
      const z = spareNormal;
      spareNormal = Number.NaN;
      return z;
    }
    // 1 - u keeps the argument of log in (0, 1].
    const u1 = 1 - uniform();
    const u2 = uniform();
    const r = Math.sqrt(-2 * Math.log(u1));
    const theta = 2 * Math.PI * u2;
    spareNormal = r * Math.sin(theta);
    return r * Math.cos(theta);
  };

  const studentT = (nu: number): number => {
    const n = Math.round(nu);
    if (!(n > 2)) return Number.NaN;
    let chi2 = 0;
    for (let i = 0; i < n; i++) {
      const z = normal();
      chi2 += z * z;
    }
    return (normal() / Math.sqrt(chi2 / n)) * Math.sqrt((n - 2) / n);
  };

  const int = (lo: number, hi: number): number => lo + Math.floor(uniform() * (hi - lo + 1));

  return { nextUint32, uniform, normal, studentT, int };
}

/**
 * A stream for `label` under the pack's `seed`: SplitMix64(seed XOR FNV-1a(label)) seeds xoshiro128**.
 * @example createRng(42, 'btc').uniform() // 0.6636936737904271
 */
export function createRng(seed: number, label = ''): Rng {
  const mixed = (Math.trunc(seed) ^ fnv1a32(label)) >>> 0;
  // Keep the seed's high bits too (seeds above 2^32 stay distinct).
  const high = Math.floor(Math.trunc(seed) / 4294967296);
  return rngFromState(splitmix64Words(high * 4294967296 + mixed));
}
