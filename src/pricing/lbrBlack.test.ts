import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blackOtm, lnVega, normalisedBlack, normalisedVega, scaledBlackOtm, yPrime } from './lbrBlack.js';

const EPS = Number.EPSILON;
const ivCases = JSON.parse(
  readFileSync(new URL('../../test/fixtures/reference/pricing/iv_cases.json', import.meta.url), 'utf8'),
);

// ---------------------------------------------------------------------------------------------------------
// Independent reference: b(x, s) = Φ(x/s + s/2)e^{x/2} − Φ(x/s − s/2)e^{−x/2} in binary fixed point on
// BigInt (a value v stands for v/2^B). Φ from its Maclaurin series (DLMF 7.6.1), exp by halving and squaring,
// π from Machin's formula. B is chosen to cover the series cancellation e^{z²/2}, the factors e^{|x|/2} and the
// size of b, plus 100 bits, so the reference is exact far below one double ulp.
// ---------------------------------------------------------------------------------------------------------

function toFixed(x: number, bits: number): bigint {
  let v = Math.abs(x);
  let e = 0;
  while (!Number.isInteger(v)) {
    v *= 2;
    e++;
  }
  const m = BigInt(v) << BigInt(bits - e);
  return x < 0 ? -m : m;
}

function toNumber(v: bigint, bits: number): number {
  if (v === 0n) return 0;
  const neg = v < 0n;
  const a = neg ? -v : v;
  const shift = a.toString(2).length - 64;
  const top = shift > 0 ? a >> BigInt(shift) : a << BigInt(-shift);
  const k = shift - bits;
  const r = Number(top) * 2 ** Math.trunc(k / 2) * 2 ** (k - Math.trunc(k / 2));
  return neg ? -r : r;
}

function isqrt(a: bigint): bigint {
  let x = 1n << BigInt(Math.ceil(a.toString(2).length / 2));
  for (;;) {
    const y = (x + a / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

function sqrt2PiFixed(bits: number): bigint {
  const one = 1n << BigInt(bits + 32);
  const atanInv = (n: bigint): bigint => {
    let sum = 0n;
    let p = one / n;
    for (let k = 0n; p !== 0n; k++) {
      sum += k % 2n === 0n ? p / (2n * k + 1n) : -p / (2n * k + 1n);
      p /= n * n;
    }
    return sum;
  };
  const pi = 16n * atanInv(5n) - 4n * atanInv(239n);
  return isqrt((2n * pi) << BigInt(bits - 32));
}

function expFixed(a: bigint, bits: number): bigint {
  const B = BigInt(bits);
  const neg = a < 0n;
  const k = 12n;
  const r = (neg ? -a : a) >> k;
  let term = 1n << B;
  let sum = term;
  for (let n = 1n; term !== 0n; n++) {
    term = ((term * r) >> B) / n;
    sum += term;
  }
  for (let i = 0n; i < k; i++) sum = (sum * sum) >> B;
  return neg ? (1n << (2n * B)) / sum : sum;
}

function phiFixed(z: bigint, bits: number, sqrt2Pi: bigint): bigint {
  const B = BigInt(bits);
  const w = (z * z) >> (B + 1n);
  let term = 1n << B;
  let sum = term;
  for (let n = 1n; term !== 0n; n++) {
    term = -((term * w) >> B) / n;
    sum += term / (2n * n + 1n);
  }
  return (1n << (B - 1n)) + (((z * sum) >> B) << B) / sqrt2Pi;
}

/** Reference b(x, s) for x < 0 (out of the money), s > 0. */
function refBlack(x: number, s: number): number {
  const z = Math.abs(x / s) + s / 2;
  const guess = Math.max(1e-320, blackOtm(x, s, Math.exp(0.5 * x)));
  const bits = Math.ceil(Math.LOG2E * (z * z * 0.5 + Math.abs(x) * 0.5) - Math.log2(guess)) + 120;
  const B = BigInt(bits);
  const xf = toFixed(x, bits);
  const sf = toFixed(s, bits);
  const h = (xf << B) / sf;
  const t = sf >> 1n;
  const sq = sqrt2PiFixed(bits);
  const up = (phiFixed(h + t, bits, sq) * expFixed(xf >> 1n, bits)) >> B;
  const down = (phiFixed(h - t, bits, sq) * expFixed(-(xf >> 1n), bits)) >> B;
  return toNumber(up - down, bits);
}

/** Attainable relative accuracy of b from rounding s (Jäckel 2015, §3): (1 + s·b'/b)·ε. */
function conditioning(x: number, s: number, b: number): number {
  return 1 + (s * normalisedVega(x, s)) / b;
}

describe('normalised Black against the BigInt reference, region by region', () => {
  // Region I: h = x/s < -13 and h + t < -12.29 (asymptotic expansion).
  // Region II: t < 0.21 + |h|/26 (small-t Taylor expansion).
  // Cody: q1 = -(h+t)/√2 above 0.46875, within ±0.46875, below -0.46875; q2 = (t-h)/√2 below 0.46875.
  const cases: [string, number, number][] = [
    ['I', -20, 1],
    ['I', -100, 5],
    ['I', -13.5, 1],
    ['I', -300, 10],
    ['I', -0.3, 0.01],
    ['II', -0.01, 0.05],
    ['II', -2, 0.2],
    ['II', -5, 0.5],
    ['II', -1e-8, 0.3],
    ['II', -0.4, 0.05],
    ['II', -8, 0.61],
    ['Cody q1>T', -1, 1],
    ['Cody q1>T', -8, 1.2],
    ['Cody |q1|<T', -0.5, 0.9],
    ['Cody |q1|<T', -1, 1.6],
    ['Cody q1<-T', -3, 6],
    ['Cody q1<-T', -0.1, 4],
    ['Cody q2<T', -0.01, 0.5],
    ['Cody q2<T', -1e-6, 0.6],
    ['Cody large s', -2, 30],
  ];
  it.each(cases)('%s: x=%d s=%d', (_region, x, s) => {
    const ref = refBlack(x, s);
    const got = blackOtm(x, s, Math.exp(0.5 * x));
    const tol = 8 * EPS * conditioning(x, s, ref);
    expect(Math.abs(got - ref) / ref, `x=${x} s=${s} got=${got} ref=${ref}`).toBeLessThanOrEqual(tol);
  });

  it("random (x, s) over |x| in [1e-6, 300], s in [0.01, 20]: relative error <= 8 eps (1 + s b'/b)", () => {
    let seed = 20240216;
    const rnd = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    let checked = 0;
    for (let i = 0; i < 200 && checked < 40; i++) {
      const x = -(10 ** (-6 + 8.5 * rnd()));
      const s = 10 ** (-2 + 3.3 * rnd());
      const got = blackOtm(x, s, Math.exp(0.5 * x));
      if (!(got > 1e-280)) continue;
      checked++;
      const ref = refBlack(x, s);
      const tol = 8 * EPS * conditioning(x, s, ref);
      expect(Math.abs(got - ref) / ref, `x=${x} s=${s} got=${got} ref=${ref}`).toBeLessThanOrEqual(tol);
    }
    expect(checked).toBe(40);
  });

  it("scaled form: ln(bx) + ln b' = ln b where b is representable, and stays finite below 1e-308", () => {
    for (const [x, s] of [
      [-20, 1],
      [-2, 0.2],
      [-1, 1],
      [-0.01, 0.5],
      [-3, 6],
    ]) {
      const b = blackOtm(x, s, Math.exp(0.5 * x));
      const lnB = Math.log(scaledBlackOtm(x, s, Math.exp(0.5 * x))) + lnVega(x, s);
      expect(Math.abs(lnB - Math.log(b)), `x=${x} s=${s}`).toBeLessThanOrEqual(
        8 * EPS * Math.max(1, Math.abs(lnB)),
      );
    }
    // b(-40, 0.5) = e^{-1600-ish}: far below the smallest double, but its logarithm is available.
    const lnTiny = Math.log(scaledBlackOtm(-40, 0.5, Math.exp(-20))) + lnVega(-40, 0.5);
    expect(Number.isFinite(lnTiny)).toBe(true);
    expect(lnTiny).toBeLessThan(-3200);
    expect(blackOtm(-40, 0.5, Math.exp(-20))).toBe(0);
  });
});

describe("Y'(h) = 1 + h·Φ(h)/φ(h)", () => {
  it('matches the BigInt reference on the region II range h in [-13, 0]: 4 eps/a above -4√2, 8 eps below', () => {
    for (const h of [-0.01, -0.3, -0.66, -1, -3, -5.6, -5.7, -6, -9, -13]) {
      const bits = 600;
      const B = BigInt(bits);
      const hf = toFixed(h, bits);
      const sq = sqrt2PiFixed(bits);
      // Y(h) = Φ(h)·√(2π)·e^{h²/2}
      const y = (((phiFixed(hf, bits, sq) * sq) >> B) * expFixed((hf * hf) >> (B + 1n), bits)) >> B;
      const ref = toNumber((1n << B) + ((hf * y) >> B), bits);
      // Above -4√2, 1 + hY(h) cancels down to a = Y' (roundoff grows like 1/a); below, Cody's third interval
      // gives 1 + hY = √π·R(z) directly.
      const tol = h < -4 * Math.SQRT2 ? 8 * EPS : (4 * EPS) / ref;
      expect(Math.abs(yPrime(h) - ref) / ref, `h=${h} got=${yPrime(h)} ref=${ref}`).toBeLessThanOrEqual(tol);
    }
    expect(yPrime(0)).toBe(1);
  });

  it("satisfies Y'' = Y + hY' through a finite difference", () => {
    // Y = (Y' − 1)/h; Y'' ≈ central difference of Y'.
    for (const h of [-0.3, -1, -3, -7]) {
      const d = 1e-5;
      const ypp = (yPrime(h + d) - yPrime(h - d)) / (2 * d);
      const y = (yPrime(h) - 1) / h;
      expect(Math.abs(ypp - (y + h * yPrime(h))), `h=${h}`).toBeLessThanOrEqual(1e-9);
    }
  });
});

describe('normalisedBlack: published values, limits and relations', () => {
  // py_lets_be_rational tests/test_public_functions.py (iv_cases.json unit_examples), tolerance 1e-12.
  const unit = ivCases.unit_examples.rows as {
    fn: string;
    F?: number;
    K?: number;
    sigma?: number;
    T?: number;
    theta?: number;
    x?: number | string;
    s?: number | string;
    expected: number;
  }[];

  it('reproduces the py_lets_be_rational black / normalised_black / normalised_vega examples', () => {
    const parsed = (v: number | string | undefined): number => {
      if (typeof v === 'number') return v;
      if (v === 'ln(100/95)') return Math.log(100 / 95);
      if (v === '0.3*sqrt(0.5)') return 0.3 * Math.sqrt(0.5);
      throw new Error(`unexpected expression ${v}`);
    };
    let n = 0;
    for (const r of unit) {
      let got: number;
      if (r.fn === 'black') {
        const F = r.F as number;
        const K = r.K as number;
        got =
          Math.sqrt(F * K) *
          normalisedBlack(Math.log(F / K), (r.sigma as number) * Math.sqrt(r.T as number), r.theta as number);
      } else if (r.fn === 'normalised_black')
        got = normalisedBlack(parsed(r.x), parsed(r.s), r.theta as number);
      else if (r.fn === 'normalised_vega') got = normalisedVega(parsed(r.x), parsed(r.s));
      else continue;
      n++;
      expect(Math.abs(got - r.expected), `${JSON.stringify(r)} got=${got}`).toBeLessThanOrEqual(
        1e-12 * Math.abs(r.expected),
      );
    }
    expect(n).toBe(6);
  });

  it('vollib canonical discounted Black: e^{-rT}·F·b = 5.581106724604812 (F=K=100, T=0.5, r=0.02, σ=0.2)', () => {
    // vollib-ts test/canonicalExamples.test.ts (iv_cases.json vollib_canonical_examples), tolerance 1e-12.
    const got = Math.exp(-0.02 * 0.5) * 100 * normalisedBlack(0, 0.2 * Math.sqrt(0.5), 1);
    expect(Math.abs(got - 5.581106724604812)).toBeLessThanOrEqual(1e-12 * 5.581106724604812);
  });

  it('degenerate total volatility (iv_cases.json edge_properties, a Rust port of LBR)', () => {
    expect(normalisedBlack(0.3, 0, 1)).toBe(2 * Math.sinh(0.15));
    expect(normalisedBlack(-0.3, 0, 1)).toBe(0);
    expect(normalisedBlack(0.3, Number.POSITIVE_INFINITY, 1)).toBe(Math.exp(0.15));
    expect(normalisedBlack(0.3, Number.POSITIVE_INFINITY, -1)).toBe(Math.exp(-0.15));
    // σ = 5e-324: F=100, K=110 call is 0 (not NaN); F=110, K=100 call is 10; x = -1 gives 0.
    expect(Math.sqrt(100 * 110) * normalisedBlack(Math.log(100 / 110), 5e-324, 1)).toBe(0);
    expect(
      Math.abs(Math.sqrt(110 * 100) * normalisedBlack(Math.log(110 / 100), 5e-324, 1) - 10),
    ).toBeLessThanOrEqual(1e-14);
    expect(normalisedBlack(-1, 5e-324, 1)).toBe(0);
    expect(normalisedBlack(Number.NaN, 0.2, 1)).toBeNaN();
    expect(normalisedBlack(0.1, -0.2, 1)).toBeNaN();
    expect(normalisedBlack(0.1, 0.2, 0)).toBeNaN();
  });

  it('put–call parity b(x,s,+1) − b(x,s,−1) = e^{x/2} − e^{−x/2} and symmetry b(x,s,θ) = b(−x,s,−θ)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -8, max: 8, noNaN: true }),
        fc.double({ min: 1e-3, max: 6, noNaN: true }),
        (x, s) => {
          const call = normalisedBlack(x, s, 1);
          const put = normalisedBlack(x, s, -1);
          const parity = 2 * Math.sinh(0.5 * x);
          const scale = Math.max(call, put, 1e-300);
          expect(Math.abs(call - put - parity), `x=${x} s=${s}`).toBeLessThanOrEqual(8 * EPS * scale);
          expect(normalisedBlack(-x, s, -1)).toBe(call);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('is increasing in s with derivative normalisedVega (central difference)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -6, max: 6, noNaN: true }),
        fc.double({ min: 0.05, max: 5, noNaN: true }),
        (x, s) => {
          const d = 1e-6 * s;
          const up = normalisedBlack(x, s + d, 1);
          const dn = normalisedBlack(x, s - d, 1);
          const v = normalisedVega(x, s);
          expect(up, `x=${x} s=${s}`).toBeGreaterThanOrEqual(dn);
          // Truncation O(d²) plus the roundoff of the difference quotient, about ε·b/d.
          const tol = 1e-5 * v + (8 * EPS * up) / d;
          if (v > 1e-6) expect(Math.abs((up - dn) / (2 * d) - v), `x=${x} s=${s}`).toBeLessThanOrEqual(tol);
        },
      ),
      { numRuns: 500 },
    );
    expect(normalisedVega(0, 0)).toBe(0.3989422804014327);
    expect(normalisedVega(0.5, 0)).toBe(0);
  });
});
