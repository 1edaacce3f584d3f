import { describe, expect, it } from 'vitest';
import { createRng, pathRng, rngFromState } from './rng.js';

describe('xoshiro128**', () => {
  it('matches the reference C implementation from state {1, 2, 3, 4}', () => {
    // https://prng.di.unimi.it/xoshiro128starstar.c; first output rotl(2·5, 7)·9 = 11520 by hand.
    const rng = rngFromState([1, 2, 3, 4]);
    expect(Array.from({ length: 6 }, () => rng.u32())).toEqual([
      11520, 0, 5927040, 70819200, 2031721883, 1637235492,
    ]);
  });

  it('is deterministic per seed and path, and paths differ', () => {
    const a = pathRng(7, 3);
    const b = pathRng(7, 3);
    const c = pathRng(7, 4);
    const xa = Array.from({ length: 5 }, () => a.normal());
    expect(Array.from({ length: 5 }, () => b.normal())).toEqual(xa);
    expect(Array.from({ length: 5 }, () => c.normal())).not.toEqual(xa);
  });

  it('normals have mean 0, variance 1, kurtosis 3 within sampling error (n = 200,000)', () => {
    const rng = createRng(12345);
    const n = 200_000;
    let s1 = 0;
    let s2 = 0;
    let s4 = 0;
    let below = 0;
    for (let i = 0; i < n; i++) {
      const z = rng.normal();
      s1 += z;
      s2 += z * z;
      s4 += z ** 4;
      if (z < -1.959963984540054) below++;
    }
    // Standard errors: mean 1/√n = 0.0022, variance √(2/n) = 0.0032, fourth moment √(96/n) = 0.022,
    // tail share √(p(1−p)/n) = 0.00049; tolerances are ~5 standard errors.
    expect(Math.abs(s1 / n)).toBeLessThan(0.011);
    expect(Math.abs(s2 / n - 1)).toBeLessThan(0.016);
    expect(Math.abs(s4 / n - 3)).toBeLessThan(0.11);
    expect(Math.abs(below / n - 0.025)).toBeLessThan(0.0025);
  });

  it('uniforms lie in [0, 1)', () => {
    const rng = createRng(0);
    for (let i = 0; i < 10_000; i++) {
      const u = rng.next();
      expect(u >= 0 && u < 1).toBe(true);
    }
  });
});
