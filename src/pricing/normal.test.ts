// biome-ignore-all lint/correctness/noPrecisionLoss: reference values are quoted with their published digits.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { erf, erfc, erfcx, normCdf, normCdfComplement, normInv, normPdf } from './normal.js';
import { normInvCentral } from './normalKernels.js';

const EPS = Number.EPSILON;

// ---------------------------------------------------------------------------------------------------------
// Independent reference: exact binary fixed-point arithmetic on BigInt. A value v stands for v / 2^bits.
// Φ and erfc come from their Maclaurin series (DLMF 7.6.1: erf z = 2/√π Σ (-1)^n z^(2n+1) / (n! (2n+1))),
// summed with enough guard bits to absorb the cancellation (~e^(z²)) and the size of the result, so that the
// reference is exact to far below one double ulp. π comes from Machin's formula, √ from integer Newton.
// ---------------------------------------------------------------------------------------------------------

/** x = m / 2^e exactly, with m a BigInt (x finite). */
function exactDyadic(x: number): { m: bigint; e: number } {
  let v = Math.abs(x);
  let e = 0;
  while (!Number.isInteger(v)) {
    v *= 2;
    e++;
  }
  const m = BigInt(v);
  return { m: x < 0 ? -m : m, e };
}

/** Nearest-ish double of v / 2^bits (relative error below 2^-60 before the final rounding). */
function toNumber(v: bigint, bits: number): number {
  if (v === 0n) return 0;
  const neg = v < 0n;
  const a = neg ? -v : v;
  const len = a.toString(2).length;
  const shift = len - 64;
  const top = shift > 0 ? a >> BigInt(shift) : a << BigInt(-shift);
  const k = shift - bits;
  // Two steps so that 2^k does not underflow before the product is formed.
  const r = Number(top) * 2 ** Math.trunc(k / 2) * 2 ** (k - Math.trunc(k / 2));
  return neg ? -r : r;
}

function arctanInv(n: bigint, one: bigint): bigint {
  let sum = 0n;
  let power = one / n;
  const n2 = n * n;
  for (let k = 0n; power !== 0n; k++) {
    const term = power / (2n * k + 1n);
    sum += k % 2n === 0n ? term : -term;
    power /= n2;
  }
  return sum;
}

function isqrt(a: bigint): bigint {
  if (a < 2n) return a;
  let x = 1n << BigInt(Math.ceil(a.toString(2).length / 2));
  for (;;) {
    const y = (x + a / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

/** √(2π)·2^bits and √π·2^bits. */
function sqrtPiFixed(bits: number): { sqrtPi: bigint; sqrt2Pi: bigint } {
  const guard = 32;
  const one = 1n << BigInt(bits + guard);
  const pi = 16n * arctanInv(5n, one) - 4n * arctanInv(239n, one);
  // pi carries bits+guard fractional bits; √(pi·2^(bits-guard)) = √π·2^bits.
  return {
    sqrtPi: isqrt(pi << BigInt(bits - guard)),
    sqrt2Pi: isqrt((2n * pi) << BigInt(bits - guard)),
  };
}

/** Σ_{n>=0} (-c·z²)^n / (n! (2n+1)) in fixed point, z = m/2^e exactly, c = 1 or 1/2. */
function erfSeries(x: number, halfSquare: boolean, bits: number): bigint {
  const { m, e } = exactDyadic(x);
  const num = m * m;
  const denShift = BigInt(2 * e + (halfSquare ? 1 : 0));
  let term = 1n << BigInt(bits);
  let sum = term;
  for (let n = 1n; term !== 0n; n++) {
    term = -(term * num) / (n << denShift);
    sum += term / (2n * n + 1n);
  }
  return sum;
}

function guardBits(z2: number): number {
  // e^(z²) of cancellation plus e^(-z²) of result size, plus 128 bits of accuracy.
  return Math.ceil(2 * z2 * Math.LOG2E) + 128;
}

/** Φ(x) = 1/2 + x/√(2π)·Σ (-x²/2)^n/(n!(2n+1)), exact to ~2^-100 relative. */
function refNormCdf(x: number): number {
  const bits = guardBits((x * x) / 2);
  const { sqrt2Pi } = sqrtPiFixed(bits);
  const { m, e } = exactDyadic(x);
  const s = erfSeries(x, true, bits);
  // x·s/√(2π): (m/2^e)·(s/2^bits)/(sqrt2Pi/2^bits) = m·s/(2^e·sqrt2Pi), rescaled to `bits`.
  const frac = ((m * s) << BigInt(bits)) / (sqrt2Pi << BigInt(e));
  return toNumber((1n << BigInt(bits - 1)) + frac, bits);
}

/** erfc(x) = 1 - 2x/√π·Σ (-x²)^n/(n!(2n+1)). */
function refErfcFixed(x: number): { v: bigint; bits: number } {
  const bits = guardBits(x * x);
  const { sqrtPi } = sqrtPiFixed(bits);
  const { m, e } = exactDyadic(x);
  const s = erfSeries(x, false, bits);
  const frac = ((2n * m * s) << BigInt(bits)) / (sqrtPi << BigInt(e));
  return { v: (1n << BigInt(bits)) - frac, bits };
}

function refErfc(x: number): number {
  const { v, bits } = refErfcFixed(x);
  return toNumber(v, bits);
}

/** exp(a) for a = m/2^e >= 0, fixed point with `bits` fractional bits (Maclaurin series, all terms > 0). */
function expFixed(m: bigint, e: number, bits: number): bigint {
  let term = 1n << BigInt(bits);
  let sum = term;
  for (let n = 1n; term !== 0n; n++) {
    term = (term * m) / (n << BigInt(e));
    sum += term;
  }
  return sum;
}

/** erfcx(x) = exp(x²)·erfc(x). */
function refErfcx(x: number): number {
  const { v, bits } = refErfcFixed(x);
  const { m, e } = exactDyadic(x);
  const ex = expFixed(m * m, 2 * e, bits);
  return toNumber(v * ex, 2 * bits);
}

/** φ(x) = exp(-x²/2)/√(2π). */
function refNormPdf(x: number): number {
  const bits = guardBits((x * x) / 2);
  const { sqrt2Pi } = sqrtPiFixed(bits);
  const { m, e } = exactDyadic(x);
  const ex = expFixed(m * m, 2 * e + 1, bits);
  // 2^bits/(ex/2^bits · sqrt2Pi/2^bits) = 2^(3 bits)/(ex·sqrt2Pi), a fixed-point number with `bits` bits.
  return toNumber((1n << BigInt(3 * bits)) / (ex * sqrt2Pi), bits);
}

function relErr(a: number, b: number): number {
  return b === 0 ? Math.abs(a) : Math.abs(a - b) / Math.abs(b);
}

function grid(from: number, to: number, n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i <= n; i++) out.push(from + ((to - from) * i) / n);
  return out;
}

describe('reference implementation sanity (BigInt series)', () => {
  it('reproduces published digits, so the grid comparisons below test against the truth', () => {
    // erf(1) = 0.842700792949714869341... (A&S Table 7.1, p. 310; OEIS A099286)
    const { v, bits } = refErfcFixed(1);
    expect(relErr(1 - toNumber(v, bits), 0.8427007929497148693)).toBeLessThan(2e-16);
    // Φ(-1) = 0.158655253931457051414767... (A&S Table 26.1 gives 1 - P(1) = 0.15865 52539 31457)
    expect(relErr(refNormCdf(-1), 0.15865525393145705141)).toBeLessThan(2e-16);
  });
});

describe('erf / erfc / erfcx against published values', () => {
  // Abramowitz & Stegun, Handbook of Mathematical Functions (1964), Table 7.1 (erf x, 15 decimals, p. 310ff);
  // the erfc tail digits agree with DLMF §7.2 evaluated by mpmath 1.3.0 (mp.dps = 40).
  const cases: [string, (x: number) => number, number, number, number][] = [
    ['erf', erf, 0.5, 0.5204998778130465377, 2e-16],
    ['erf', erf, 1, 0.8427007929497148693, 2e-16],
    ['erf', erf, 2, 0.9953222650189527342, 2e-16],
    ['erfc', erfc, 1, 0.157299207050285130659, 5e-16],
    ['erfc', erfc, 3, 2.209049699858544137e-5, 5e-16],
    ['erfc', erfc, 5, 1.53745979442803485e-12, 5e-16],
    ['erfc', erfc, 10, 2.088487583762544757e-45, 5e-16],
    ['erfc', erfc, 26, 5.663192408856142846e-296, 1e-15],
    ['erfcx', erfcx, 1, 0.4275835761558070044, 5e-16],
  ];
  it.each(cases)('%s(%d)', (_name, f, x, expected, tol) => {
    const got = f(x);
    expect(relErr(got, expected), `x=${x} got=${got} expected=${expected}`).toBeLessThanOrEqual(tol);
  });
});

describe('normCdf against published values', () => {
  // Lower-tail values of the standard normal: A&S Table 26.1 (Φ(-1)), and Φ(-10), Φ(-37) as tabulated by
  // mpmath 1.3.0 ncdf at 40 digits (7.6198530241605260659733e-24, 5.7255712225245768226832e-300). Note
  // that a frequently quoted Φ(-37) ≈ 5.7255712225239e-300 is itself wrong in the 13th digit.
  const cases: [number, number][] = [
    [-1, 0.15865525393145705141],
    [-10, 7.6198530241605260659733e-24],
    [-37, 5.7255712225245768226832e-300],
  ];
  it.each(cases)('Φ(%d)', (x, expected) => {
    const got = normCdf(x);
    expect(relErr(got, expected), `x=${x} got=${got} expected=${expected}`).toBeLessThanOrEqual(4 * EPS);
    expect(relErr(normCdfComplement(-x), expected)).toBeLessThanOrEqual(4 * EPS);
  });

  it('is exactly 0 only where Φ underflows (x <= -38.5) and exactly 1 far right', () => {
    expect(normCdf(-38.4)).toBeGreaterThan(0);
    expect(normCdf(-38.5)).toBe(0); // Φ(-38.5) = 1.4e-324 < half the smallest subnormal
    expect(normCdf(Number.NEGATIVE_INFINITY)).toBe(0);
    expect(normCdf(Number.POSITIVE_INFINITY)).toBe(1);
    expect(normCdf(40)).toBe(1);
    expect(normCdf(0)).toBe(0.5);
  });
});

describe('relative error over grids against the BigInt reference', () => {
  it('normCdf on [-37.5, 8] within 4 ulps relative (8 ulps absolute above 0)', () => {
    for (const x of grid(-37.5, 8, 180)) {
      const ref = refNormCdf(x);
      const got = normCdf(x);
      const err = x < 0 ? relErr(got, ref) : Math.abs(got - ref);
      expect(err, `x=${x} got=${got} ref=${ref}`).toBeLessThanOrEqual(4 * EPS);
    }
  });

  it('erfc on [-6, 26.5] within 4 ulps relative', () => {
    for (const x of grid(-6, 26.5, 160)) {
      const ref = refErfc(x);
      const got = erfc(x);
      expect(relErr(got, ref), `x=${x} got=${got} ref=${ref}`).toBeLessThanOrEqual(4 * EPS);
    }
  });

  it('erf on [-6, 6] within 3 ulps relative', () => {
    for (const x of grid(-6, 6, 120)) {
      if (x === 0) continue;
      const { v, bits } = refErfcFixed(x);
      const ref = toNumber((1n << BigInt(bits)) - v, bits);
      const got = erf(x);
      expect(relErr(got, ref), `x=${x} got=${got} ref=${ref}`).toBeLessThanOrEqual(3 * EPS);
    }
  });

  it('erfcx on [-25, 26] within 4 ulps relative, and its asymptotic series far right', () => {
    for (const x of grid(-25, 26, 100)) {
      const ref = refErfcx(x);
      const got = erfcx(x);
      expect(relErr(got, ref), `x=${x} got=${got} ref=${ref}`).toBeLessThanOrEqual(4 * EPS);
    }
    // DLMF 7.12.1: erfcx(x) ~ 1/(x√π)·(1 - 1/(2x²) + 3/(4x⁴) - 15/(8x⁶) + 105/(16x⁸)), error < next term.
    for (const x of [100, 1234.5, 1e5, 6.8e7, 1e10, 1e150, 1e200, 1e300]) {
      const u = 1 / (x * x);
      const ref = (1 / (x * Math.sqrt(Math.PI))) * (1 - u / 2 + (3 * u * u) / 4 - (15 * u * u * u) / 8);
      expect(relErr(erfcx(x), ref), `x=${x}`).toBeLessThanOrEqual(4 * EPS);
    }
    expect(erfcx(Number.POSITIVE_INFINITY)).toBe(0);
    expect(erfcx(-27)).toBe(Number.POSITIVE_INFINITY);
  });

  it('normPdf on [-38, 38] within 3 ulps relative', () => {
    for (const x of grid(-38, 38, 120)) {
      const ref = refNormPdf(x);
      const got = normPdf(x);
      expect(relErr(got, ref), `x=${x} got=${got} ref=${ref}`).toBeLessThanOrEqual(3 * EPS);
    }
    expect(normPdf(0)).toBe(0.3989422804014327);
  });
});

describe('normInv', () => {
  // Quantiles to 60 digits by mpmath 1.3.0 (findroot on ncdf, mp.dps = 60): Φ⁻¹(1e-20) = -9.26234008979840757,
  // Φ⁻¹(0.001) = -3.09023230616781354, Φ⁻¹(0.25) = -0.67448975019608174; and the textbook 97.5% / 99.5% points.
  const cases: [number, number][] = [
    [0.25, -0.674489750196081743],
    [0.001, -3.09023230616781354],
    [1e-20, -9.26234008979840757],
    [0.975, 1.95996398454005424],
    [0.995, 2.57582930354890076],
  ];
  it.each(cases)('Φ⁻¹(%d)', (p, expected) => {
    expect(relErr(normInv(p), expected), `p=${p} got=${normInv(p)}`).toBeLessThanOrEqual(3 * EPS);
  });

  it('normInvCentral(q) = Φ⁻¹(1/2 + q) keeps tiny q: Φ⁻¹(1/2 + q) = √(2π)·q·(1 + πq²/3 + …)', () => {
    for (const q of [1e-300, 1e-100, 1e-20, 1e-9]) {
      const ref = Math.sqrt(2 * Math.PI) * q * (1 + (Math.PI * q * q) / 3);
      expect(relErr(normInvCentral(q), ref), `q=${q}`).toBeLessThanOrEqual(2 * EPS);
      expect(normInvCentral(-q)).toBe(-normInvCentral(q));
    }
    expect(normInvCentral(0.6 - 0.5)).toBe(normInv(0.6));
  });

  it('edge values', () => {
    expect(normInv(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(normInv(1)).toBe(Number.POSITIVE_INFINITY);
    expect(normInv(0.5)).toBe(0);
    expect(normInv(-1e-300)).toBeNaN();
    expect(normInv(1.0000000000000002)).toBeNaN();
    expect(normInv(Number.NaN)).toBeNaN();
    expect(normInv(Number.MIN_VALUE)).toBeCloseTo(-38.4674, 3);
  });

  it('solves Φ(x) = p against the BigInt Φ: |x - x*| <= 4 eps (|x| + p/φ(x))', () => {
    // The BigInt reference gives the residual Φ(x) - p exactly; dividing by φ turns it into the error in x.
    // p/φ(x) is the unavoidable part: p itself carries half an ulp.
    const ps = [1e-300, 1e-200, 3.3e-100, 1e-50, 2e-20, 1e-10, 1e-5, 0.0123, 0.1, 0.3, 0.49, 0.51, 0.8];
    for (const p of ps) {
      const x = normInv(p);
      const resid = refNormCdf(x) - p;
      const dx = resid / refNormPdf(x);
      expect(Math.abs(dx), `p=${p} x=${x} dx=${dx}`).toBeLessThanOrEqual(
        4 * EPS * (Math.abs(x) + p / normPdf(x)),
      );
    }
  });

  it('round trip normInv(normCdf(x)) = x over [-37.5, 8]: error <= 6 eps (|x| + Φ(x)/φ(x))', () => {
    // For x <= -1 this is a relative error of at most ~7 eps; towards +8 it is dominated by the
    // information Φ(x) ≈ 1 - 6e-16 can still carry (condition number Φ/(x φ)).
    for (let i = 0; i <= 20000; i++) {
      const x = -37.5 + (45.5 * i) / 20000;
      const p = normCdf(x);
      const y = normInv(p);
      const bound = 6 * EPS * (Math.abs(x) + p / normPdf(x));
      if (!(Math.abs(y - x) <= bound)) expect.fail(`x=${x} p=${p} normInv=${y} bound=${bound}`);
    }
  });
});

describe('relations and properties', () => {
  const finite = fc.double({ min: -40, max: 40, noNaN: true });

  it('Φ(x) + Φ(-x) = 1 within 2 eps', () => {
    fc.assert(
      fc.property(finite, (x) => Math.abs(normCdf(x) + normCdf(-x) - 1) <= 2 * EPS),
      { numRuns: 2000 },
    );
  });

  it('erf is odd, erfc(x) + erfc(-x) = 2, erf + erfc = 1', () => {
    fc.assert(
      fc.property(fc.double({ min: -30, max: 30, noNaN: true }), (x) => {
        expect(erf(-x)).toBe(-erf(x));
        expect(Math.abs(erfc(x) + erfc(-x) - 2)).toBeLessThanOrEqual(4 * EPS);
        expect(Math.abs(erf(x) + erfc(x) - 1)).toBeLessThanOrEqual(2 * EPS);
      }),
      { numRuns: 2000 },
    );
  });

  it('erfcx(x) = exp(x²)·erfc(x) where both are representable', () => {
    fc.assert(
      fc.property(fc.double({ min: -5, max: 5, noNaN: true }), (x) => {
        const direct = Math.exp(x * x) * erfc(x);
        // exp(x²) with rounded x² carries x²·eps of its own.
        return relErr(erfcx(x), direct) <= (8 + 2 * x * x) * EPS;
      }),
      { numRuns: 2000 },
    );
  });

  it('normCdf and erfc are monotone up to 2 ulps at Cody breakpoints, exactly elsewhere on a fine grid', () => {
    // Two rational approximations meet at |x| = 0.46875 (x = 0.66291 for Φ); each is within ~1.5 ulps of the
    // truth, so a step back of up to 2 ulps is the expected worst case there and nothing larger.
    const anchors = [0.46875, 4, -0.46875, -4].flatMap((b) => [b * Math.SQRT2, b]);
    for (const a of anchors) {
      let prev = Number.NEGATIVE_INFINITY;
      let prevErfc = Number.POSITIVE_INFINITY;
      let x = a - 2000 * EPS * Math.abs(a);
      for (let i = 0; i < 4000; i++) {
        const v = normCdf(x);
        const w = erfc(x);
        if (!(v >= prev - 2 * EPS * v) || !(w <= prevErfc + 2 * EPS * w)) {
          expect.fail(`not monotone at x=${x}: Φ=${v} (prev ${prev}) erfc=${w} (prev ${prevErfc})`);
        }
        prev = v;
        prevErfc = w;
        x += EPS * Math.abs(a);
      }
    }
    let prev = 0;
    for (let i = 0; i <= 20000; i++) {
      const x = -38 + (46 * i) / 20000;
      const v = normCdf(x);
      if (!(v >= prev)) expect.fail(`Φ decreases at x=${x}: ${v} < ${prev}`);
      prev = v;
    }
    fc.assert(
      fc.property(finite, finite, (a, b) => {
        const lo = Math.min(a, b);
        const hi = Math.max(a, b);
        return normCdf(lo) <= normCdf(hi) * (1 + 4 * EPS) && erfc(lo) * (1 + 4 * EPS) >= erfc(hi);
      }),
      { numRuns: 2000 },
    );
  });

  it('normInv is monotone on [0, 1] and finite inside', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (a, b) => {
          const lo = Math.min(a, b);
          const hi = Math.max(a, b);
          if (lo > 0 && hi < 1 && !(Number.isFinite(normInv(lo)) && Number.isFinite(normInv(hi))))
            return false;
          return normInv(lo) <= normInv(hi);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('NaN in, NaN out', () => {
    for (const f of [erf, erfc, erfcx, normPdf, normCdf, normCdfComplement, normInv]) {
      expect(f(Number.NaN)).toBeNaN();
    }
  });
});
