import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng, fnv1a32, rngFromState, splitmix64Words } from './rng.js';

describe('xoshiro128**', () => {
  it('matches the reference C implementation from state {1, 2, 3, 4}', () => {
    // https://prng.di.unimi.it/xoshiro128starstar.c; the first outputs are also derivable by hand
    // (e.g. rotl(2 * 5, 7) * 9 = 11520).
    const rng = rngFromState([1, 2, 3, 4]);
    const got = Array.from({ length: 6 }, () => rng.nextUint32());
    expect(got).toEqual([11520, 0, 5927040, 70819200, 2031721883, 1637235492]);
  });

  it('uniform() stays in [0, 1) for any seed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.string(), (seed, label) => {
        const rng = createRng(seed, label);
        for (let i = 0; i < 200; i++) {
          const u = rng.uniform();
          if (!(u >= 0 && u < 1)) return false;
        }
        return true;
      }),
    );
  });
});

describe('seeding', () => {
  it('SplitMix64 from 0 gives the published first outputs', () => {
    // 0xe220a8397b1dcdaf, 0x6e789e6aa1b965f4 (splitmix64.c from 0; cross-checked with a Python port).
    expect(splitmix64Words(0)).toEqual([0xe220a839, 0x7b1dcdaf, 0x6e789e6a, 0xa1b965f4]);
  });

  it('FNV-1a 32 matches the published test vectors', () => {
    // http://www.isthe.com/chongo/src/fnv/test_fnv.c
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
  });

  it('the same seed and label repeat the stream; another label does not', () => {
    const a = createRng(20260205, 'btc');
    const b = createRng(20260205, 'btc');
    const c = createRng(20260205, 'eth');
    const sa = Array.from({ length: 5 }, () => a.nextUint32());
    const sb = Array.from({ length: 5 }, () => b.nextUint32());
    const sc = Array.from({ length: 5 }, () => c.nextUint32());
    expect(sb).toEqual(sa);
    expect(sc).not.toEqual(sa);
  });
});

describe('distributions', () => {
  it('normal() has mean 0 and variance 1 (20,000 draws, 4 standard errors)', () => {
    const rng = createRng(7, 'normal-test');
    const n = 20_000;
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const z = rng.normal();
      s += z;
      s2 += z * z;
    }
    const mean = s / n;
    const variance = s2 / n - mean * mean;
    expect(Math.abs(mean)).toBeLessThan(4 / Math.sqrt(n));
    expect(Math.abs(variance - 1)).toBeLessThan(4 * Math.sqrt(2 / n));
  });

  it('studentT(5) has unit variance and fatter tails than the normal', () => {
    const rng = createRng(11, 't-test');
    const n = 40_000;
    let s2 = 0;
    let beyond3 = 0;
    for (let i = 0; i < n; i++) {
      const t = rng.studentT(5);
      s2 += t * t;
      if (Math.abs(t) > 3) beyond3++;
    }
    expect(Math.abs(s2 / n - 1)).toBeLessThan(0.06);
    // P(|Z| > 3) = 0.0027 for a normal; a unit-variance t5 has about 0.0077.
    expect(beyond3 / n).toBeGreaterThan(0.005);
  });

  it('studentT rejects nu <= 2 with NaN', () => {
    expect(createRng(1).studentT(2)).toBeNaN();
  });
});
