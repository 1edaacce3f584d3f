import { describe, expect, it } from 'vitest';
import { barrierGreeks, barrierPrice } from './barrier.js';
import { bsGreeks } from './blackScholes.js';
import type { BarrierGreeks, BarrierInput, BarrierKind, OptionType } from './types.js';

/**
 * Ridders' polynomial extrapolation of a difference quotient g(h) whose error is a series in h²
 * (C. J. F. Ridders, "Accurate computation of F'(x) and F'(x)F''(x)", Adv. Eng. Software 4 (1982) 75–76;
 * Numerical Recipes, 3rd ed., section 5.7): Neville's tableau over steps h0, h0/1.4, ..., with the error
 * estimate of the best entry. Written here as the independent check of the automatic derivatives.
 */
function ridders(g: (h: number) => number, h0: number): { value: number; err: number } {
  const con = 1.4;
  const con2 = con * con;
  const n = 12;
  const a: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  let h = h0;
  a[0][0] = g(h);
  let err = Number.POSITIVE_INFINITY;
  let value = a[0][0];
  for (let i = 1; i < n; i++) {
    h /= con;
    a[0][i] = g(h);
    let fac = con2;
    for (let j = 1; j <= i; j++) {
      a[j][i] = (a[j - 1][i] * fac - a[j - 1][i - 1]) / (fac - 1);
      fac *= con2;
      const e = Math.max(Math.abs(a[j][i] - a[j - 1][i]), Math.abs(a[j][i] - a[j - 1][i - 1]));
      if (e <= err) {
        err = e;
        value = a[j][i];
      }
    }
    if (Math.abs(a[i][i] - a[i - 1][i - 1]) >= 2 * err) break;
  }
  return { value, err };
}

/** Finite-difference Greeks of barrierPrice, with steps that never reach the barrier. */
function numericalGreeks(p: BarrierInput): Omit<BarrierGreeks, 'price'> & { errs: Record<string, number> } {
  const f = (dS: number, dVol: number, dTau: number) =>
    barrierPrice({ ...p, spot: p.spot + dS, vol: p.vol + dVol, tau: p.tau + dTau });
  // Bumps at most 1/4 of the distance to the barrier (so never across it), of vol and of tau.
  const hS = Math.min(0.02 * p.spot, 0.25 * Math.abs(p.spot - p.barrier));
  const hV = Math.min(0.02, 0.25 * p.vol);
  const hT = Math.min(0.02, 0.25 * p.tau);
  const delta = ridders((h) => (f(h, 0, 0) - f(-h, 0, 0)) / (2 * h), hS);
  const gamma = ridders((h) => (f(h, 0, 0) - 2 * f(0, 0, 0) + f(-h, 0, 0)) / (h * h), hS);
  const vega = ridders((h) => (f(0, h, 0) - f(0, -h, 0)) / (2 * h), hV);
  const dTau = ridders((h) => (f(0, 0, h) - f(0, 0, -h)) / (2 * h), hT);
  const c = hV / hS;
  const vanna = ridders(
    (h) => (f(h, c * h, 0) - f(h, -c * h, 0) - f(-h, c * h, 0) + f(-h, -c * h, 0)) / (4 * c * h * h),
    hS,
  );
  return {
    delta: delta.value,
    gamma: gamma.value,
    vega: vega.value,
    vanna: vanna.value,
    theta: -dTau.value,
    errs: { delta: delta.err, gamma: gamma.err, vega: vega.err, vanna: vanna.err, theta: dTau.err },
  };
}

const GREEKS = ['delta', 'gamma', 'vega', 'vanna', 'theta'] as const;

function expectGreeksMatch(p: BarrierInput, relTol = 2e-6): void {
  const g = barrierGreeks(p);
  const n = numericalGreeks(p);
  for (const k of GREEKS) {
    // Scale: the Greek itself or, for a Greek near 0, the size price/spot-unit terms would have.
    const scale = Math.max(Math.abs(g[k]), Math.abs(n[k]), 1e-3);
    const tol = relTol * scale + 10 * n.errs[k];
    const diff = Math.abs(g[k] - n[k]);
    if (!(diff <= tol)) {
      throw new Error(
        `${k}: AD ${g[k]} vs FD ${n[k]} (|diff| ${diff} > ${tol}) for ${JSON.stringify(p)}; AD ${JSON.stringify(g)}; FD ${JSON.stringify(n)}`,
      );
    }
  }
}

const KINDS: readonly BarrierKind[] = ['down-in', 'down-out', 'up-in', 'up-out'];
const TYPES: readonly OptionType[] = ['call', 'put'];

const cases: BarrierInput[] = TYPES.flatMap((type) =>
  KINDS.flatMap((kind) =>
    [80, 100, 125].flatMap((strike) =>
      [
        { vol: 0.25, tau: 0.5, rate: 0.08, divYield: 0.04, rebate: 3 },
        { vol: 0.9, tau: 5 / 365, rate: 0.04, divYield: 0, rebate: 0 },
        { vol: 0.6, tau: 3, rate: -0.01, divYield: 0.03, rebate: 1 },
        { vol: 0.45, tau: 0.25, rate: 0.05, divYield: 0.0, rebate: 2, monitoringInterval: 1 / 252 },
      ].map((m) => ({ type, kind, strike, spot: 100, barrier: kind.startsWith('up') ? 112 : 90, ...m })),
    ),
  ),
);

describe('barrierGreeks: automatic derivatives vs Ridders-extrapolated finite differences', () => {
  it.each(cases.map((p) => [JSON.stringify(p), p] as const))('%s', (_, p) => expectGreeksMatch(p));

  it.each([
    // λ² < 0 (r < 0): knock-out rebate by quadrature.
    {
      type: 'call',
      kind: 'up-out',
      spot: 100,
      strike: 90,
      barrier: 105,
      rebate: 3,
      tau: 0.5,
      rate: -0.05,
      divYield: -0.06,
      vol: 0.05,
    },
    // Low vol with carry: |μ| ~ 100, (H/S)^{2μ} far from 1.
    {
      type: 'put',
      kind: 'down-in',
      spot: 100,
      strike: 100,
      barrier: 95,
      rebate: 1,
      tau: 1,
      rate: 0.05,
      divYield: 0,
      vol: 0.03,
    },
    {
      type: 'call',
      kind: 'up-in',
      spot: 100,
      strike: 100,
      barrier: 103,
      rebate: 1,
      tau: 1,
      rate: 0,
      divYield: 0.04,
      vol: 0.03,
    },
    // Very high vol, long expiry.
    {
      type: 'put',
      kind: 'down-out',
      spot: 100,
      strike: 120,
      barrier: 60,
      rebate: 5,
      tau: 4,
      rate: 0.03,
      divYield: 0.01,
      vol: 2.5,
    },
    // Weekly monitoring.
    {
      type: 'call',
      kind: 'up-out',
      spot: 100,
      strike: 95,
      barrier: 120,
      rebate: 0,
      tau: 0.5,
      rate: 0.03,
      divYield: 0.01,
      vol: 0.5,
      monitoringInterval: 1 / 52,
    },
  ] satisfies BarrierInput[])('edge %o', (p) => expectGreeksMatch(p));
});

describe('barrierGreeks: next to the barrier, close to expiry', () => {
  it('down-and-in put, S = 100, H = 99.5, K = 100, 2 days, vol 0.6: matches numerical derivatives', () => {
    const p: BarrierInput = {
      type: 'put',
      kind: 'down-in',
      spot: 100,
      strike: 100,
      barrier: 99.5,
      tau: 2 / 365,
      rate: 0.04,
      divYield: 0,
      vol: 0.6,
    };
    expectGreeksMatch(p);
    // Here the barrier is within 0.1 standard deviations, so the option is nearly the at-the-money vanilla put:
    // delta ≈ -0.49, not beyond -1 (the large deltas need the strike far from the barrier, as below).
    const g = barrierGreeks(p);
    expect(g.delta).toBeGreaterThan(-0.6);
    expect(g.delta).toBeLessThan(-0.4);
  });

  it.each([
    { spot: 70.5, barrier: 70, tau: 2 / 365, vol: 0.6 },
    { spot: 72, barrier: 70, tau: 5 / 365, vol: 0.6 },
    { spot: 61, barrier: 60, tau: 10 / 365, vol: 0.9 },
  ])('note-style knock-in put (K = 100) %o has |delta| > 1, matching numerical derivatives', (m) => {
    const p: BarrierInput = { type: 'put', kind: 'down-in', strike: 100, rate: 0.04, divYield: 0, ...m };
    const g = barrierGreeks(p);
    expect(Math.abs(g.delta), JSON.stringify({ p, g })).toBeGreaterThan(1);
    expectGreeksMatch(p);
    // A long knock-in put: approaching the barrier from above the value rises toward the vanilla, so delta < 0
    // and the dealer who is long it buys into a fall; more vol makes the knock-in likelier (vega > 0).
    expect(g.delta).toBeLessThan(-1);
    expect(g.vega).toBeGreaterThan(0);
  });

  it('one-sided differences from above agree too when the barrier is very close (S/H - 1 = 1e-4)', () => {
    const p: BarrierInput = {
      type: 'put',
      kind: 'down-in',
      spot: 70.007,
      strike: 100,
      barrier: 70,
      tau: 1 / 365,
      rate: 0.04,
      divYield: 0,
      vol: 0.6,
    };
    const g = barrierGreeks(p);
    // Forward differences f(S + h) only (never below S), extrapolated: f'(S) = (4 D(h/2) - D(h))/3 + O(h²).
    const f = (dS: number) => barrierPrice({ ...p, spot: p.spot + dS });
    const fwd = ridders((h) => (-3 * f(0) + 4 * f(h) - f(2 * h)) / (2 * h), 0.01);
    expect(Math.abs(g.delta - fwd.value), JSON.stringify({ g, fwd })).toBeLessThanOrEqual(
      1e-6 * Math.abs(g.delta) + 10 * fwd.err,
    );
  });
});

describe('barrierGreeks: states and relations', () => {
  const base = { spot: 100, strike: 100, tau: 0.5, rate: 0.05, divYield: 0.02, vol: 0.3, rebate: 2 };

  it('touched: knock-in has the vanilla Greeks, knock-out has the rebate and zero Greeks', () => {
    for (const type of TYPES) {
      const v = bsGreeks({ ...base, type });
      const din = barrierGreeks({ ...base, type, kind: 'down-in', barrier: 100 });
      const uin = barrierGreeks({ ...base, type, kind: 'up-in', barrier: 95 });
      for (const g of [din, uin]) {
        expect(g).toEqual({
          price: v.price,
          delta: v.delta,
          gamma: v.gamma,
          vega: v.vega,
          vanna: v.vanna,
          theta: v.theta,
        });
      }
      const dout = barrierGreeks({ ...base, type, kind: 'down-out', barrier: 101 });
      expect(dout).toEqual({ price: 2, delta: 0, gamma: 0, vega: 0, vanna: 0, theta: 0 });
    }
  });

  it('knock-in + knock-out Greeks = vanilla Greeks with no rebate', () => {
    for (const p of cases) {
      const q = { ...p, rebate: 0 };
      const up = p.kind.startsWith('up');
      const gi = barrierGreeks({ ...q, kind: up ? 'up-in' : 'down-in' });
      const go = barrierGreeks({ ...q, kind: up ? 'up-out' : 'down-out' });
      const v = bsGreeks(p);
      for (const k of GREEKS) {
        const sum = gi[k] + go[k];
        expect(Math.abs(sum - v[k]), `${k} ${JSON.stringify({ p, gi, go, v })}`).toBeLessThanOrEqual(
          1e-9 * (1 + Math.abs(v[k])),
        );
      }
    }
  });

  it('a far barrier gives the vanilla Greeks (units: vega per 1.00 vol, theta per year)', () => {
    for (const type of TYPES) {
      const v = bsGreeks({ ...base, type });
      const g = barrierGreeks({ ...base, type, kind: 'up-out', barrier: 1e4, rebate: 0 });
      for (const k of GREEKS)
        expect(Math.abs(g[k] - v[k]), k).toBeLessThanOrEqual(1e-12 * (1 + Math.abs(v[k])));
    }
  });

  it('vol = 0 and tau = 0 give finite Greeks equal to derivatives of the deterministic value', () => {
    // Down-out call, forward path never reaches H = 90: V = S e^{-qT} - K e^{-rT} when in the money.
    const p: BarrierInput = {
      type: 'call',
      kind: 'down-out',
      spot: 110,
      strike: 100,
      barrier: 90,
      tau: 0.5,
      rate: 0.05,
      divYield: 0.02,
      vol: 0,
    };
    const g = barrierGreeks(p);
    expect(g.delta).toBeCloseTo(Math.exp(-0.02 * 0.5), 14);
    expect(g.gamma).toBe(0);
    expect(g.vega).toBe(0);
    // theta = -d/dτ (S e^{-qτ} - K e^{-rτ}) = q S e^{-qτ} - r K e^{-rτ}.
    expect(g.theta).toBeCloseTo(0.02 * 110 * Math.exp(-0.01) - 0.05 * 100 * Math.exp(-0.025), 12);
    // Down-out with the forward path reaching H (b < 0): rebate at t* = ln(H/S)/b, delta = d/dS R e^{-r t*}.
    const hit: BarrierInput = {
      type: 'put',
      kind: 'down-out',
      spot: 100,
      strike: 100,
      barrier: 98,
      tau: 1,
      rate: 0.01,
      divYield: 0.05,
      vol: 0,
      rebate: 4,
    };
    const gh = barrierGreeks(hit);
    const b = -0.04;
    const tStar = Math.log(0.98) / b;
    expect(gh.price).toBeCloseTo(4 * Math.exp(-0.01 * tStar), 13);
    expect(gh.delta).toBeCloseTo(4 * Math.exp(-0.01 * tStar) * -0.01 * (-1 / (100 * b)), 13);
    expect(gh.theta).toBe(0);
    for (const kind of KINDS) {
      for (const type of TYPES) {
        const t0 = barrierGreeks({ ...base, type, kind, barrier: kind.startsWith('up') ? 120 : 80, tau: 0 });
        for (const x of Object.values(t0)) expect(Number.isFinite(x)).toBe(true);
      }
    }
  });
});
