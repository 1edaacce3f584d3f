import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { black76Greeks, black76Price, bsGreeks, bsPrice, bsPriceCore } from './blackScholes.js';
import { bsGreeksBatch } from './bsGreeksBatch.js';
import type { BsInput, Greeks, OptionType } from './types.js';

interface HaugValueRow {
  optionType: OptionType;
  S: number;
  K: number;
  q: number;
  r: number;
  T: number;
  vol: number;
  expected: number;
  tolerance: number;
}
interface HaugGreekRow extends HaugValueRow {
  greek: string;
}
const table = JSON.parse(
  readFileSync(new URL('../../test/fixtures/reference/pricing/european_haug.json', import.meta.url), 'utf8'),
) as { values: HaugValueRow[]; greeks: HaugGreekRow[] };

const input = (r: HaugValueRow): BsInput => ({
  type: r.optionType,
  spot: r.S,
  strike: r.K,
  tau: r.T,
  rate: r.r,
  divYield: r.q,
  vol: r.vol,
});

describe('bsPrice: Haug (1998) European values as used by QuantLib testValues', () => {
  it.each(table.values.map((r) => [JSON.stringify(r), r] as const))('%s', (_, row) => {
    expect(Math.abs(bsPrice(input(row)) - row.expected)).toBeLessThanOrEqual(row.tolerance);
  });
  it('has the whole table', () => expect(table.values.length).toBe(43));
});

describe('bsGreeks: Haug Greek values as used by QuantLib testGreekValues', () => {
  it.each(table.greeks.map((r) => [JSON.stringify(r), r] as const))('%s', (_, row) => {
    const g = bsGreeks(input(row));
    const value: Record<string, number> = {
      delta: g.delta,
      gamma: g.gamma,
      vega: g.vega,
      theta: g.theta,
      thetaPerDay: g.theta / 365,
      rho: g.rho,
      dividendRho: g.divRho,
      elasticity: (g.delta * row.S) / g.price,
    };
    expect(value[row.greek]).toBeDefined();
    expect(Math.abs(value[row.greek] - row.expected)).toBeLessThanOrEqual(row.tolerance);
  });
});

// Central differences of the price, of order h² (h relative); used as an independent check of every Greek.
function fd(f: (x: number) => number, x: number, h: number): number {
  return (f(x + h) - f(x - h)) / (2 * h);
}
function fd2(f: (x: number) => number, x: number, h: number): number {
  return (f(x + h) - 2 * f(x) + f(x - h)) / (h * h);
}

describe('bsGreeks agree with finite differences of bsPrice', () => {
  const cases: BsInput[] = [];
  for (const type of ['call', 'put'] as const)
    for (const strike of [60, 95, 100, 130])
      for (const tau of [0.05, 0.5, 2])
        for (const vol of [0.15, 0.6, 1.2])
          cases.push({ type, spot: 100, strike, tau, rate: 0.04, divYield: 0.015, vol });

  it.each(cases.map((c) => [JSON.stringify(c), c] as const))('%s', (_, c) => {
    const g = bsGreeks(c);
    const P = (patch: Partial<BsInput>) => bsPrice({ ...c, ...patch });
    const D = (patch: Partial<BsInput>) => bsGreeks({ ...c, ...patch }).delta;
    const hs = c.spot * 1e-4;
    const hv = 1e-4;
    const ht = Math.min(1e-5, c.tau / 10);
    const close = (a: number, b: number, scale: number) =>
      expect(Math.abs(a - b), `${a} vs ${b}`).toBeLessThanOrEqual(1e-6 * scale + 1e-7);
    close(
      g.delta,
      fd((s) => P({ spot: s }), c.spot, hs),
      1,
    );
    close(
      g.gamma,
      fd2((s) => P({ spot: s }), c.spot, hs * 10),
      1e3 * Math.abs(g.gamma) + 1e-3,
    );
    close(
      g.gamma,
      fd((s) => D({ spot: s }), c.spot, hs),
      Math.abs(g.gamma) + 1e-3,
    );
    close(
      g.vega,
      fd((v) => P({ vol: v }), c.vol, hv),
      c.spot,
    );
    close(g.theta, -fd((t) => P({ tau: t }), c.tau, ht), c.spot);
    close(
      g.rho,
      fd((r) => P({ rate: r }), c.rate, 1e-5),
      c.spot,
    );
    close(
      g.divRho,
      fd((q) => P({ divYield: q }), c.divYield, 1e-5),
      c.spot,
    );
    const Gm = (patch: Partial<BsInput>) => bsGreeks({ ...c, ...patch }).gamma;
    close(
      g.vanna,
      fd((v) => D({ vol: v }), c.vol, hv),
      1,
    );
    close(
      g.volga,
      fd((v) => bsGreeks({ ...c, vol: v }).vega, c.vol, hv),
      c.spot,
    );
    close(g.charm, -fd((t) => D({ tau: t }), c.tau, ht), 1);
    close(
      g.speed,
      fd((s) => Gm({ spot: s }), c.spot, hs),
      1e-2,
    );
  });
});

describe('relations', () => {
  const arb = fc.record({
    spot: fc.double({ min: 1, max: 1e6, noNaN: true }),
    moneyness: fc.double({ min: -2, max: 2, noNaN: true }),
    tau: fc.double({ min: 1e-4, max: 10, noNaN: true }),
    rate: fc.double({ min: -0.05, max: 0.2, noNaN: true }),
    divYield: fc.double({ min: -0.05, max: 0.2, noNaN: true }),
    vol: fc.double({ min: 0.01, max: 3, noNaN: true }),
  });

  it('put–call parity: C − P = S·e^(−qτ) − K·e^(−rτ)', () => {
    fc.assert(
      fc.property(arb, (a) => {
        const strike = a.spot * Math.exp(a.moneyness);
        const base = { spot: a.spot, strike, tau: a.tau, rate: a.rate, divYield: a.divYield, vol: a.vol };
        const c = bsPrice({ ...base, type: 'call' });
        const p = bsPrice({ ...base, type: 'put' });
        const fwd = a.spot * Math.exp(-a.divYield * a.tau) - strike * Math.exp(-a.rate * a.tau);
        const scale = a.spot + strike;
        return Math.abs(c - p - fwd) <= 1e-12 * scale;
      }),
    );
  });

  it('put–call symmetry (Haug 2007 p. 8): C(S,K,r,q) = P(K,S,q,r)', () => {
    fc.assert(
      fc.property(arb, (a) => {
        const K = a.spot * Math.exp(a.moneyness);
        const c = bsPrice({
          type: 'call',
          spot: a.spot,
          strike: K,
          tau: a.tau,
          rate: a.rate,
          divYield: a.divYield,
          vol: a.vol,
        });
        const p = bsPrice({
          type: 'put',
          spot: K,
          strike: a.spot,
          tau: a.tau,
          rate: a.divYield,
          divYield: a.rate,
          vol: a.vol,
        });
        return Math.abs(c - p) <= 1e-12 * (a.spot + K);
      }),
    );
  });

  it('no finite in-domain input gives NaN or Infinity (price and all Greeks)', () => {
    fc.assert(
      fc.property(
        fc.record({
          type: fc.constantFrom<OptionType>('call', 'put'),
          spot: fc.double({ min: 1e-6, max: 1e9, noNaN: true }),
          strike: fc.double({ min: 1e-6, max: 1e9, noNaN: true }),
          tau: fc.double({ min: 0, max: 50, noNaN: true }),
          rate: fc.double({ min: -0.2, max: 0.5, noNaN: true }),
          divYield: fc.double({ min: -0.2, max: 0.5, noNaN: true }),
          vol: fc.double({ min: 0, max: 10, noNaN: true }),
        }),
        (p) => {
          const g = bsGreeks(p);
          for (const [k, v] of Object.entries(g))
            if (!Number.isFinite(v)) throw new Error(`${k}=${v} for ${JSON.stringify(p)}`);
          return g.price >= 0;
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('call price falls with strike and rises with vol', () => {
    let prev = Number.POSITIVE_INFINITY;
    for (let k = 50; k <= 150; k += 5) {
      const v = bsPrice({ type: 'call', spot: 100, strike: k, tau: 0.5, rate: 0.03, divYield: 0, vol: 0.4 });
      expect(v).toBeLessThan(prev);
      prev = v;
    }
    let prevV = -1;
    for (let vol = 0.05; vol <= 3; vol += 0.05) {
      const v = bsPrice({ type: 'put', spot: 100, strike: 90, tau: 0.5, rate: 0.03, divYield: 0, vol });
      expect(v).toBeGreaterThan(prevV);
      prevV = v;
    }
  });
});

describe('degenerate limits', () => {
  const base = { spot: 100, strike: 90, rate: 0.05, divYield: 0.01 };
  it('tau = 0 gives intrinsic value and a step delta', () => {
    const g = bsGreeks({ ...base, type: 'call', tau: 0, vol: 0.5 });
    expect(g.price).toBe(10);
    expect(g.delta).toBe(1);
    expect(g.gamma).toBe(0);
    expect(bsPrice({ ...base, type: 'put', tau: 0, vol: 0.5 })).toBe(0);
  });
  it('vol = 0 gives the discounted forward intrinsic value, continuous with small vol', () => {
    const tau = 0.75;
    const fwdIntr = 100 * Math.exp(-0.01 * tau) - 90 * Math.exp(-0.05 * tau);
    const g0 = bsGreeks({ ...base, type: 'call', tau, vol: 0 });
    const gs = bsGreeks({ ...base, type: 'call', tau, vol: 1e-9 });
    expect(g0.price).toBeCloseTo(fwdIntr, 12);
    expect(Math.abs(g0.price - gs.price)).toBeLessThan(1e-12);
    expect(Math.abs(g0.delta - gs.delta)).toBeLessThan(1e-12);
    expect(Math.abs(g0.theta - gs.theta)).toBeLessThan(1e-9);
    expect(Math.abs(g0.rho - gs.rho)).toBeLessThan(1e-9);
    expect(Math.abs(g0.charm - gs.charm)).toBeLessThan(1e-12);
  });
  it('huge vol: a call tends to S·e^(−qτ), a put to K·e^(−rτ)', () => {
    const c = bsPrice({ ...base, type: 'call', tau: 1, vol: 60 });
    const p = bsPrice({ ...base, type: 'put', tau: 1, vol: 60 });
    expect(c).toBeCloseTo(100 * Math.exp(-0.01), 10);
    expect(p).toBeCloseTo(90 * Math.exp(-0.05), 10);
  });
  it('out-of-domain input gives NaN, never throws', () => {
    for (const bad of [
      { spot: -1 },
      { strike: 0 },
      { tau: -1e-9 },
      { vol: -0.1 },
      { rate: Number.NaN },
      { spot: Number.POSITIVE_INFINITY },
    ]) {
      const p = {
        type: 'call' as const,
        spot: 100,
        strike: 100,
        tau: 1,
        rate: 0,
        divYield: 0,
        vol: 0.2,
        ...bad,
      };
      expect(bsPrice(p), JSON.stringify(bad)).toBeNaN();
      expect(bsGreeks(p).delta, JSON.stringify(bad)).toBeNaN();
    }
    expect(bsPriceCore(0, 100, 100, 1, 0, 0, 0.2)).toBeNaN();
  });
});

describe('Black-76', () => {
  it('Haug (2007) p. 4 example: F = K = 19, T = 0.75, r = 10%, vol 28% gives 1.7011 for call and put', () => {
    for (const type of ['call', 'put'] as const) {
      const p = black76Price({ type, forward: 19, strike: 19, tau: 0.75, rate: 0.1, vol: 0.28 });
      expect(Math.abs(p - 1.7011)).toBeLessThan(1e-4);
    }
  });
  it('rho at a fixed forward is −τ·price; delta is e^(−rτ)·N(d1) with respect to the forward', () => {
    const p = { type: 'call' as const, forward: 70000, strike: 65000, tau: 0.4, rate: 0.045, vol: 0.55 };
    const g = black76Greeks(p);
    expect(g.rho).toBeCloseTo(-0.4 * g.price, 8);
    const h = 0.5;
    const fdDelta =
      (black76Price({ ...p, forward: p.forward + h }) - black76Price({ ...p, forward: p.forward - h })) /
      (2 * h);
    expect(g.delta).toBeCloseTo(fdDelta, 8);
    const fdRho =
      (black76Price({ ...p, rate: p.rate + 1e-6 }) - black76Price({ ...p, rate: p.rate - 1e-6 })) / 2e-6;
    expect(g.rho).toBeCloseTo(fdRho, 4);
  });
});

describe('bsGreeksBatch equals bsGreeks bit for bit', () => {
  const keys = ['price', 'delta', 'gamma', 'vega', 'theta', 'vanna', 'volga', 'charm'] as const;
  it('over random rows, with array and scalar columns and an Int8Array type column', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            call: fc.boolean(),
            spot: fc.double({ min: -10, max: 1e5, noNaN: true }),
            strike: fc.double({ min: 1e-3, max: 1e5, noNaN: true }),
            tau: fc.double({ min: -0.1, max: 5, noNaN: true }),
            vol: fc.double({ min: -0.1, max: 4, noNaN: true }),
          }),
          { minLength: 1, maxLength: 40 },
        ),
        (rows) => {
          const n = rows.length;
          const type = new Int8Array(rows.map((r) => (r.call ? 1 : -1)));
          const out = bsGreeksBatch({
            type,
            spot: Float64Array.from(rows, (r) => r.spot),
            strike: Float64Array.from(rows, (r) => r.strike),
            tau: Float64Array.from(rows, (r) => r.tau),
            rate: 0.03,
            divYield: Float64Array.from(rows, () => 0.01),
            vol: Float64Array.from(rows, (r) => r.vol),
          });
          for (let i = 0; i < n; i++) {
            const r = rows[i];
            const g: Greeks = bsGreeks({
              type: r.call ? 'call' : 'put',
              spot: r.spot,
              strike: r.strike,
              tau: r.tau,
              rate: 0.03,
              divYield: 0.01,
              vol: r.vol,
            });
            for (const k of keys)
              if (!Object.is(out[k][i], g[k])) throw new Error(`row ${i} ${k}: ${out[k][i]} vs ${g[k]}`);
          }
          return true;
        },
      ),
    );
  });
  it('writes into caller-given outputs and rejects mismatched columns', () => {
    const price = new Float64Array(3);
    const res = bsGreeksBatch(
      {
        type: 'put',
        spot: new Float64Array([90, 100, 110]),
        strike: 100,
        tau: 1,
        rate: 0,
        divYield: 0,
        vol: 0.2,
      },
      { price },
    );
    expect(res.price).toBe(price);
    expect(price[1]).toBe(
      bsPrice({ type: 'put', spot: 100, strike: 100, tau: 1, rate: 0, divYield: 0, vol: 0.2 }),
    );
    expect(() =>
      bsGreeksBatch({
        type: 'put',
        spot: new Float64Array(2),
        strike: new Float64Array(3),
        tau: 1,
        rate: 0,
        divYield: 0,
        vol: 0.2,
      }),
    ).toThrow(RangeError);
    expect(bsPrice({ type: 'call', spot: 1, strike: 1, tau: 1, rate: 0, divYield: 0, vol: 0.2 })).toBe(
      bsGreeks({ type: 'call', spot: 1, strike: 1, tau: 1, rate: 0, divYield: 0, vol: 0.2 }).price,
    );
  });
});
