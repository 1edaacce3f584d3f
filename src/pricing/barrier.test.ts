import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../errors.js';
import { BGK_BETA, barrierGreeks, barrierPrice, barrierPriceBatch, validateBarrierInput } from './barrier.js';
import { bsPrice } from './blackScholes.js';
import type { BarrierInput, BarrierKind, OptionType } from './types.js';

const refDir = new URL('../../test/fixtures/reference/pricing/', import.meta.url);
const readRef = (name: string): unknown => JSON.parse(readFileSync(new URL(name, refDir), 'utf8'));

interface RefRow {
  barrierType: 'DownIn' | 'DownOut' | 'UpIn' | 'UpOut';
  optionType: OptionType;
  S: number;
  K: number;
  H: number;
  rebate: number;
  q: number;
  r: number;
  T: number;
  vol: number;
  expected: number;
  tolerance: number;
}

const KIND: Record<RefRow['barrierType'], BarrierKind> = {
  DownIn: 'down-in',
  DownOut: 'down-out',
  UpIn: 'up-in',
  UpOut: 'up-out',
};
const KINDS: readonly BarrierKind[] = ['down-in', 'down-out', 'up-in', 'up-out'];
const TYPES: readonly OptionType[] = ['call', 'put'];

const fromRow = (r: RefRow): BarrierInput => ({
  type: r.optionType,
  kind: KIND[r.barrierType],
  spot: r.S,
  strike: r.K,
  barrier: r.H,
  rebate: r.rebate,
  tau: r.T,
  rate: r.r,
  divYield: r.q,
  vol: r.vol,
});

/** Expect |actual - expected| <= tol, printing the whole case on failure. */
function near(actual: number, expected: number, tol: number, context: unknown): void {
  const ok = Math.abs(actual - expected) <= tol;
  if (!ok) {
    throw new Error(
      `|${actual} - ${expected}| = ${Math.abs(actual - expected)} > ${tol} for ${JSON.stringify(context)}`,
    );
  }
}

const haug = readRef('barrier_haug.json') as { european: RefRow[] };
const other = readRef('barrier_other.json') as {
  cases: Record<'babsiri' | 'beaglehole' | 'low_volatility_limits', { rows: RefRow[] }>;
};
const bgkRef = readRef('discrete_barrier_bgk.json') as { beta: number };

describe('barrierPrice: Haug (1998) p. 72 table via QuantLib testHaugValues', () => {
  it('has all 72 European rows', () => expect(haug.european.length).toBe(72));
  // S == H rows: our convention (at the barrier = touched) gives rebate for knock-outs and the vanilla for
  // knock-ins, which are the table's values (conventions.S_equals_H_rows).
  it.each(haug.european.map((r) => [JSON.stringify(r), r] as const))('%s', (_, row) => {
    near(barrierPrice(fromRow(row)), row.expected, row.tolerance, row);
  });
});

describe('barrierPrice: other QuantLib reference values', () => {
  it.each(other.cases.babsiri.rows.map((r) => [JSON.stringify(r), r] as const))('Babsiri %s', (_, row) => {
    near(barrierPrice(fromRow(row)), row.expected, row.tolerance, row);
  });
  it.each(other.cases.beaglehole.rows.map((r) => [JSON.stringify(r), r] as const))(
    'Beaglehole %s',
    (_, row) => {
      near(barrierPrice(fromRow(row)), row.expected, row.tolerance, row);
    },
  );
});

/**
 * The deterministic limit computed independently here: the forward path S·e^{(r-q)t} either reaches H (at
 * t* = ln(H/S)/(r-q)) before T or not; knock-out pays the rebate at t*, knock-in becomes the vanilla.
 */
function deterministicLimit(p: BarrierInput): number {
  const b = p.rate - p.divYield;
  const up = p.kind.startsWith('up');
  const out = p.kind.endsWith('out');
  const fwdT = p.spot * Math.exp(b * p.tau);
  const reaches = up ? fwdT >= p.barrier || p.spot >= p.barrier : fwdT <= p.barrier || p.spot <= p.barrier;
  const touched = up ? p.spot >= p.barrier : p.spot <= p.barrier;
  const tHit = touched ? 0 : Math.log(p.barrier / p.spot) / b;
  const w = p.type === 'call' ? 1 : -1;
  const vanilla = Math.max(w * (fwdT - p.strike), 0) * Math.exp(-p.rate * p.tau);
  const rebate = p.rebate ?? 0;
  if (out) return reaches ? rebate * Math.exp(-p.rate * Math.max(tHit, 0)) : vanilla;
  return reaches ? vanilla : rebate * Math.exp(-p.rate * p.tau);
}

describe('barrierPrice: low-volatility limits (QuantLib testLowVolatility)', () => {
  const rows = other.cases.low_volatility_limits.rows;
  it.each(rows.map((r) => [JSON.stringify(r), r] as const))('%s', (_, row) => {
    const p = fromRow(row);
    const v = barrierPrice(p);
    expect(Number.isFinite(v)).toBe(true);
    near(v, row.expected, row.tolerance, row);
    // Much tighter against the exact deterministic limit: the closed form's distance to it is O(S·σ√T).
    near(v, deterministicLimit(p), 1e-4, { row, limit: deterministicLimit(p) });
    near(barrierPrice({ ...p, vol: 0 }), deterministicLimit(p), 1e-12, { row, vol: 0 });
    near(barrierPrice({ ...p, vol: 1e-3 }), deterministicLimit(p), 0.05, { row, vol: 1e-3 });
  });
});

describe('barrierPrice: barrier already touched', () => {
  const base = { spot: 100, strike: 100, tau: 0.5, rate: 0.05, divYield: 0.02, vol: 0.3, rebate: 2.5 };
  it.each(
    TYPES.flatMap((type) =>
      KINDS.flatMap((kind) =>
        [100, kind.startsWith('up') ? 90 : 110].map((barrier) => ({ type, kind, barrier })),
      ),
    ),
  )('%o', ({ type, kind, barrier }) => {
    const p: BarrierInput = { ...base, type, kind, barrier };
    const v = barrierPrice(p);
    if (kind.endsWith('out')) expect(v).toBe(2.5);
    else expect(v).toBe(bsPrice({ ...base, type }));
  });
});

describe('barrierPrice: tau = 0 pays the payoff by barrier state', () => {
  it.each(
    TYPES.flatMap((type) =>
      KINDS.flatMap((kind) =>
        [80, 95, 105, 120].flatMap((barrier) => [90, 110].map((strike) => ({ type, kind, barrier, strike }))),
      ),
    ),
  )('%o', ({ type, kind, barrier, strike }) => {
    const p: BarrierInput = {
      type,
      kind,
      barrier,
      strike,
      spot: 100,
      tau: 0,
      rate: 0.05,
      divYield: 0.01,
      vol: 0.4,
      rebate: 1.5,
    };
    const touched = kind.startsWith('up') ? 100 >= barrier : 100 <= barrier;
    const payoff = Math.max((type === 'call' ? 1 : -1) * (100 - strike), 0);
    const expected = kind.endsWith('out') ? (touched ? 1.5 : payoff) : touched ? payoff : 1.5;
    expect(barrierPrice(p)).toBe(expected);
    // Close to expiry the price approaches it (off the barrier, where it is discontinuous in the limit).
    near(barrierPrice({ ...p, tau: 1e-10 }), expected, 1e-6, p);
  });
});

const gridCases: BarrierInput[] = TYPES.flatMap((type) =>
  KINDS.flatMap((kind) =>
    [80, 100, 125].flatMap((strike) =>
      [
        { vol: 0.25, tau: 0.5, rate: 0.08, divYield: 0.04 },
        { vol: 0.9, tau: 2 / 365, rate: 0.04, divYield: 0 },
        { vol: 0.6, tau: 3, rate: -0.01, divYield: 0.03 },
      ].map((m) => ({
        type,
        kind,
        strike,
        spot: 100,
        barrier: kind.startsWith('up') ? 112 : 90,
        ...m,
      })),
    ),
  ),
);

describe('barrierPrice: relations', () => {
  it('knock-in + knock-out = vanilla with no rebate (all types, strikes on both sides of H)', () => {
    for (const p of gridCases) {
      const kIn = p.kind.startsWith('up') ? 'up-in' : 'down-in';
      const kOut = p.kind.startsWith('up') ? 'up-out' : 'down-out';
      const sum = barrierPrice({ ...p, kind: kIn }) + barrierPrice({ ...p, kind: kOut });
      near(sum, bsPrice(p), 1e-12 * 100, p);
    }
  });

  it('the same in discrete monitoring (both use the same shifted barrier)', () => {
    for (const p of gridCases) {
      const q = { ...p, monitoringInterval: 1 / 252 };
      const up = p.kind.startsWith('up');
      const sum =
        barrierPrice({ ...q, kind: up ? 'up-in' : 'down-in' }) +
        barrierPrice({ ...q, kind: up ? 'up-out' : 'down-out' });
      near(sum, bsPrice(p), 1e-12 * 100, q);
    }
  });

  it('at r = 0 exactly one rebate is paid, undiscounted: in-rebate piece + out-rebate piece = rebate', () => {
    for (const p0 of gridCases) {
      const p = { ...p0, rate: 0, divYield: p0.divYield - p0.rate };
      const up = p.kind.startsWith('up');
      const piece = (kind: BarrierKind) =>
        barrierPrice({ ...p, kind, rebate: 7 }) - barrierPrice({ ...p, kind, rebate: 0 });
      near(piece(up ? 'up-in' : 'down-in') + piece(up ? 'up-out' : 'down-out'), 7, 1e-11, p);
    }
  });

  it('rebate pieces equal quadratures of the first-passage density (incl. r < 0 with λ² < 0)', () => {
    const cases = [
      { spot: 100, barrier: 95, tau: 0.5, rate: 0.08, divYield: 0.04, vol: 0.25 },
      { spot: 100, barrier: 105, tau: 0.5, rate: 0.08, divYield: 0.04, vol: 0.3 },
      { spot: 100, barrier: 80, tau: 2, rate: 0.02, divYield: 0.05, vol: 0.5 },
      { spot: 100, barrier: 130, tau: 1, rate: 0.15, divYield: 0, vol: 0.2 },
      // μ = 3.5, 2r/σ² = -40: λ² < 0, Haug's F is complex here.
      { spot: 100, barrier: 105, tau: 0.5, rate: -0.05, divYield: -0.06, vol: 0.05 },
      { spot: 100, barrier: 97, tau: 1, rate: -0.03, divYield: -0.03, vol: 0.1 },
    ];
    for (const c of cases) {
      const up = c.barrier > c.spot;
      const { hitPv, hitProb } = firstPassageQuadrature(
        c.spot,
        c.barrier,
        c.tau,
        c.rate,
        c.rate - c.divYield,
        c.vol,
      );
      for (const type of TYPES) {
        const p = { ...c, type, strike: 100 };
        const outKind: BarrierKind = up ? 'up-out' : 'down-out';
        const inKind: BarrierKind = up ? 'up-in' : 'down-in';
        const outPiece =
          barrierPrice({ ...p, kind: outKind, rebate: 1 }) - barrierPrice({ ...p, kind: outKind });
        const inPiece =
          barrierPrice({ ...p, kind: inKind, rebate: 1 }) - barrierPrice({ ...p, kind: inKind });
        near(outPiece, hitPv, 1e-9, { p, hitPv });
        near(inPiece, Math.exp(-c.rate * c.tau) * (1 - hitProb), 1e-9, { p, hitProb });
      }
    }
  });

  it('put-call symmetry (Haug 2007, p. 168): C_d(S, X, H; r, q) = P_u(X, S, SX/H; q, r), in and out', () => {
    for (const [S, X, H, r, q, vol, tau] of [
      [100, 95, 90, 0.07, 0.02, 0.3, 0.7],
      [100, 105, 90, 0.07, 0.02, 0.3, 0.7],
      [50, 40, 45, 0.01, 0.05, 0.8, 2],
      [50, 60, 30, -0.01, 0.0, 0.5, 0.1],
    ]) {
      for (const io of ['in', 'out'] as const) {
        const call = barrierPrice({
          type: 'call',
          kind: `down-${io}`,
          spot: S,
          strike: X,
          barrier: H,
          tau,
          rate: r,
          divYield: q,
          vol,
        });
        const put = barrierPrice({
          type: 'put',
          kind: `up-${io}`,
          spot: X,
          strike: S,
          barrier: (S * X) / H,
          tau,
          rate: q,
          divYield: r,
          vol,
        });
        near(call, put, 1e-12 * S, { S, X, H, r, q, vol, tau, io, call, put });
      }
    }
  });

  it('limits: H → 0 makes a down-out the vanilla, H → ∞ an up-out the vanilla (ins worth 0)', () => {
    for (const p of gridCases) {
      const v = bsPrice(p);
      near(barrierPrice({ ...p, kind: 'down-out', barrier: 1e-6 }), v, 1e-12 * 100, p);
      near(barrierPrice({ ...p, kind: 'down-in', barrier: 1e-6 }), 0, 1e-12, p);
      near(barrierPrice({ ...p, kind: 'up-out', barrier: 1e8 }), v, 1e-12 * 100, p);
      near(barrierPrice({ ...p, kind: 'up-in', barrier: 1e8 }), 0, 1e-12, p);
      // Extreme barriers stay finite.
      expect(Number.isFinite(barrierPrice({ ...p, kind: 'down-out', barrier: 1e-300 }))).toBe(true);
      expect(Number.isFinite(barrierPrice({ ...p, kind: 'up-out', barrier: 1e300 }))).toBe(true);
    }
  });

  it('monotone in the barrier (no rebate): outs lose and ins gain as the barrier nears spot', () => {
    for (const p of gridCases) {
      const up = p.kind.startsWith('up');
      // Barriers from far to near.
      const hs = up ? [400, 200, 150, 120, 110, 105, 101, 100.01] : [10, 50, 70, 85, 90, 95, 99, 99.99];
      const values = hs.map((barrier) => barrierPrice({ ...p, barrier, rebate: 0 }));
      for (let i = 1; i < values.length; i++) {
        const step = values[i] - values[i - 1];
        if (p.kind.endsWith('out'))
          expect(step, JSON.stringify({ p, hs, values })).toBeLessThanOrEqual(1e-12);
        else expect(step, JSON.stringify({ p, hs, values })).toBeGreaterThanOrEqual(-1e-12);
      }
    }
  });
});

describe('barrierPrice: degenerate limits', () => {
  it('vol → 0 converges to the vol = 0 branch away from ties', () => {
    for (const p of gridCases) {
      const q = { ...p, rebate: 2 };
      const v0 = barrierPrice({ ...q, vol: 0 });
      near(v0, deterministicLimit(q), 1e-12, q);
      near(barrierPrice({ ...q, vol: 1e-9 }), v0, 1e-6, q);
      near(barrierPrice({ ...q, vol: 1e-5 }), v0, 1e-3, q);
    }
  });

  it('vol → ∞: closed form and the σ√T → ∞ branch agree; limits derived by measure change', () => {
    for (const p of gridCases) {
      {
        const kind = p.kind;
        const q = { ...p, rebate: 2 };
        const far = barrierPrice({ ...q, vol: 1e120 });
        near(barrierPrice({ ...q, vol: 1e6 }), far, 1e-8, q);
        // Hand-derived: call → S e^{-qT} Q^S(cond), put → X e^{-rT} Q(cond); Q(hit up) = S/H, Q^S(hit down) = H/S.
        const up = kind.startsWith('up');
        const hitQ = up ? q.spot / q.barrier : 1;
        const hitQS = up ? 1 : q.barrier / q.spot;
        const hit = q.type === 'call' ? hitQS : hitQ;
        const ex =
          q.type === 'call' ? q.spot * Math.exp(-q.divYield * q.tau) : q.strike * Math.exp(-q.rate * q.tau);
        const expected = kind.endsWith('out')
          ? ex * (1 - hit) + 2 * hitQ
          : ex * hit + 2 * Math.exp(-q.rate * q.tau) * (1 - hitQ);
        near(far, expected, 1e-12 * 100, q);
      }
    }
  });

  it('returns NaN for every out-of-domain field', () => {
    const ok: BarrierInput = {
      type: 'call',
      kind: 'down-out',
      spot: 100,
      strike: 100,
      barrier: 90,
      tau: 1,
      rate: 0.05,
      divYield: 0,
      vol: 0.2,
    };
    expect(Number.isFinite(barrierPrice(ok))).toBe(true);
    const bad: Partial<Record<keyof BarrierInput, unknown[]>> = {
      type: ['straddle'],
      kind: ['sideways'],
      spot: [0, -1, Number.NaN, Number.POSITIVE_INFINITY],
      strike: [0, -1, Number.NaN, Number.POSITIVE_INFINITY],
      barrier: [0, -5, Number.NaN, Number.POSITIVE_INFINITY],
      tau: [-1e-9, Number.NaN, Number.POSITIVE_INFINITY],
      rate: [Number.NaN, Number.POSITIVE_INFINITY],
      divYield: [Number.NaN, Number.NEGATIVE_INFINITY],
      vol: [-0.01, Number.NaN, Number.POSITIVE_INFINITY],
      rebate: [Number.NaN, Number.POSITIVE_INFINITY],
      monitoringInterval: [-1 / 252, Number.NaN, Number.POSITIVE_INFINITY],
    };
    for (const [field, values] of Object.entries(bad)) {
      for (const value of values ?? []) {
        const p = { ...ok, [field]: value } as BarrierInput;
        expect(barrierPrice(p), JSON.stringify({ field, value: String(value) })).toBeNaN();
        const g = barrierGreeks(p);
        for (const [k, x] of Object.entries(g)) expect(x, `${field}=${String(value)} ${k}`).toBeNaN();
      }
    }
  });
});

describe('discrete monitoring: Broadie–Glasserman–Kou (1997) continuity correction', () => {
  it('β = -ζ(1/2)/√(2π) matches the paper (0.5826) and ζ(1/2) = -1.4603545088095868 (DLMF 25.6)', () => {
    near(BGK_BETA, bgkRef.beta, 5e-5, { BGK_BETA });
    near(-BGK_BETA * Math.sqrt(2 * Math.PI), -1.4603545088095868, 1e-15, { BGK_BETA });
  });

  it('equals the continuous price at H·exp(±βσ√Δt), barrier moved away from spot', () => {
    for (const row of haug.european) {
      const p = fromRow(row);
      if (p.kind.startsWith('up') ? p.spot >= p.barrier : p.spot <= p.barrier) continue;
      for (const dt of [1 / 252, 1 / 52, 1 / 12]) {
        const shift = Math.exp((p.kind.startsWith('up') ? 1 : -1) * BGK_BETA * p.vol * Math.sqrt(dt));
        const expected = barrierPrice({ ...p, barrier: p.barrier * shift });
        near(barrierPrice({ ...p, monitoringInterval: dt }), expected, 1e-13 * 100, { row, dt });
      }
    }
  });

  it('converges to the continuous price as Δt → 0; spot beyond the contract barrier is still touched', () => {
    for (const row of haug.european) {
      const p = fromRow(row);
      const cont = barrierPrice(p);
      near(barrierPrice({ ...p, monitoringInterval: 1e-12 }), cont, 1e-4, row);
      near(barrierPrice({ ...p, monitoringInterval: 0 }), cont, 0, row);
    }
    const touched: BarrierInput = {
      type: 'put',
      kind: 'down-in',
      spot: 95,
      strike: 100,
      barrier: 95,
      tau: 0.5,
      rate: 0.05,
      divYield: 0,
      vol: 0.3,
    };
    expect(barrierPrice({ ...touched, monitoringInterval: 1 / 52 })).toBe(bsPrice(touched));
  });

  it('is close to the exact discretely monitored price (independent Gaussian-convolution recursion)', () => {
    // BGK's own example setting (S = 100, σ = 0.3, r = 0.1, T = 0.2), m = 25 monitoring dates.
    const cases = [
      { type: 'call', kind: 'down-out', strike: 100, barrier: 95 },
      { type: 'put', kind: 'up-out', strike: 100, barrier: 105 },
      { type: 'call', kind: 'down-out', strike: 100, barrier: 90 },
    ] as const;
    const m = 25;
    for (const c of cases) {
      const p: BarrierInput = { ...c, spot: 100, tau: 0.2, rate: 0.1, divYield: 0, vol: 0.3 };
      const up = c.kind === 'up-out';
      const coarse = discreteKnockOut(
        p.type,
        up,
        p.spot,
        p.strike,
        p.barrier,
        p.tau,
        p.rate,
        p.divYield,
        p.vol,
        m,
        16,
      );
      const fine = discreteKnockOut(
        p.type,
        up,
        p.spot,
        p.strike,
        p.barrier,
        p.tau,
        p.rate,
        p.divYield,
        p.vol,
        m,
        32,
      );
      // The trapezoid error is O(dx²) (barrier and strike on grid nodes): Richardson-extrapolate.
      const exact = (4 * fine - coarse) / 3;
      const cont = barrierPrice(p);
      const bgk = barrierPrice({ ...p, monitoringInterval: p.tau / m });
      const ctx = { p, m, exact, coarse, fine, cont, bgk };
      expect(Math.abs(fine - coarse), JSON.stringify(ctx)).toBeLessThan(0.01);
      // The correction removes > 98% of the continuous formula's monitoring error.
      expect(Math.abs(bgk - exact), JSON.stringify(ctx)).toBeLessThan(0.02 * Math.abs(cont - exact));
      expect(Math.abs(bgk - exact), JSON.stringify(ctx)).toBeLessThan(0.005);
    }
  });
});

describe('validateBarrierInput', () => {
  const ok: BarrierInput = {
    type: 'put',
    kind: 'down-in',
    spot: 100,
    strike: 100,
    barrier: 80,
    tau: 0.5,
    rate: 0.05,
    divYield: 0,
    vol: 0.6,
  };
  it('accepts valid input, including spot beyond the barrier (already touched) and vol = tau = 0', () => {
    expect(() => validateBarrierInput(ok)).not.toThrow();
    expect(() => validateBarrierInput({ ...ok, barrier: 120 })).not.toThrow();
    expect(() =>
      validateBarrierInput({ ...ok, vol: 0, tau: 0, rebate: 0, monitoringInterval: 1 / 252 }),
    ).not.toThrow();
  });
  it.each([
    ['type', 'straddle', /type straddle/],
    ['kind', 'knock-in', /kind knock-in must be one of/],
    ['spot', 0, /spot 0 must be a finite number > 0/],
    ['strike', -1, /strike -1/],
    ['barrier', 0, /barrier 0 must be a finite number > 0/],
    ['barrier', Number.NaN, /barrier NaN/],
    ['tau', -0.1, /tau -0.1 must be a finite number >= 0/],
    ['vol', -0.2, /vol -0.2 must be a finite number >= 0/],
    ['vol', Number.POSITIVE_INFINITY, /vol Infinity/],
    ['rate', Number.NaN, /rate NaN must be a finite number/],
    ['divYield', Number.POSITIVE_INFINITY, /divYield Infinity/],
    ['rebate', -1, /rebate -1/],
    ['monitoringInterval', -0.01, /monitoringInterval -0.01/],
  ] as const)('rejects %s = %s', (field, value, message) => {
    let caught: unknown;
    try {
      validateBarrierInput({ ...ok, [field]: value } as BarrierInput);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(InvalidInputError);
    const err = caught as InvalidInputError;
    expect(err.code).toBe('invalid_barrier_input');
    expect(err.message).toMatch(message);
    expect(err.details.field).toBe(field);
  });
});

describe('barrierPriceBatch', () => {
  it('equals the scalar function bit for bit, with NaN rows for bad input', () => {
    const spot = Float64Array.from([100, 100, 95, 89, -1, 100, 100, 100]);
    const strike = Float64Array.from([90, 100, 110, 100, 100, 100, 120, 80]);
    const barrier = Float64Array.from([95, 90, 90, 90, 90, 0, 90, 99.9]);
    const tau = Float64Array.from([0.5, 0, 1, 0.3, 1, 1, 1e-9, 2 / 365]);
    const vol = Float64Array.from([0.25, 0.3, 0, 0.2, 0.2, 0.2, 0.5, 0.9]);
    const dt = Float64Array.from([0, 1 / 252, 0, 1 / 52, 0, 0, 0, 1 / 365]);
    const typeCol = Int8Array.from([1, -1, 1, -1, 1, 1, 0, -1]);
    for (const kind of KINDS) {
      const out = barrierPriceBatch({
        type: typeCol,
        kind,
        spot,
        strike,
        barrier,
        rebate: 3,
        tau,
        rate: 0.08,
        divYield: 0.04,
        vol,
        monitoringInterval: dt,
      });
      expect(out.length).toBe(8);
      for (let i = 0; i < 8; i++) {
        const scalar = barrierPrice({
          type: typeCol[i] === 1 ? 'call' : typeCol[i] === -1 ? 'put' : ('none' as OptionType),
          kind,
          spot: spot[i],
          strike: strike[i],
          barrier: barrier[i],
          rebate: 3,
          tau: tau[i],
          rate: 0.08,
          divYield: 0.04,
          vol: vol[i],
          monitoringInterval: dt[i],
        });
        expect(Object.is(out[i], scalar), `${kind} row ${i}: ${out[i]} vs ${scalar}`).toBe(true);
      }
      expect(out[4]).toBeNaN();
      expect(out[5]).toBeNaN();
      expect(out[6]).toBeNaN();
    }
  });

  it('mixes scalar and array columns, writes into a given output, and rejects mismatched lengths', () => {
    const rebate = Float64Array.from([0, 1, 2]);
    const given = new Float64Array(5).fill(-7);
    const res = barrierPriceBatch(
      {
        type: 'put',
        kind: 'up-out',
        spot: 100,
        strike: 105,
        barrier: 110,
        rebate,
        tau: 0.25,
        rate: 0.03,
        divYield: 0.01,
        vol: Float64Array.from([0.2, 0.3, 0.4]),
      },
      given,
    );
    expect(res).toBe(given);
    for (let i = 0; i < 3; i++) {
      const scalar = barrierPrice({
        type: 'put',
        kind: 'up-out',
        spot: 100,
        strike: 105,
        barrier: 110,
        rebate: rebate[i],
        tau: 0.25,
        rate: 0.03,
        divYield: 0.01,
        vol: [0.2, 0.3, 0.4][i],
      });
      expect(Object.is(res[i], scalar)).toBe(true);
    }
    expect(given[3]).toBe(-7);
    const all = barrierPriceBatch({
      type: 'call',
      kind: 'down-in',
      spot: 100,
      strike: 100,
      barrier: 90,
      rebate: 0,
      tau: 1,
      rate: 0,
      divYield: 0,
      vol: 0.2,
    });
    expect(all.length).toBe(1);
    expect(
      Object.is(
        all[0],
        barrierPrice({
          type: 'call',
          kind: 'down-in',
          spot: 100,
          strike: 100,
          barrier: 90,
          tau: 1,
          rate: 0,
          divYield: 0,
          vol: 0.2,
        }),
      ),
    ).toBe(true);
    const unknownKind = barrierPriceBatch({
      type: 'call',
      kind: 'nope' as BarrierKind,
      spot: 100,
      strike: 100,
      barrier: 90,
      rebate: 0,
      tau: 1,
      rate: 0,
      divYield: 0,
      vol: 0.2,
    });
    expect(unknownKind[0]).toBeNaN();
    expect(() =>
      barrierPriceBatch({
        type: 'call',
        kind: 'down-in',
        spot: new Float64Array(2),
        strike: new Float64Array(3),
        barrier: 90,
        rebate: 0,
        tau: 1,
        rate: 0,
        divYield: 0,
        vol: 0.2,
      }),
    ).toThrow(RangeError);
  });
});

/** In-domain inputs across the whole range, including touched barriers, vol = 0, tau = 0 and tiny/huge values. */
const barrierInputArb: fc.Arbitrary<BarrierInput> = fc
  .record({
    type: fc.constantFrom<OptionType>('call', 'put'),
    kind: fc.constantFrom<BarrierKind>('down-in', 'down-out', 'up-in', 'up-out'),
    spot: fc.double({ min: 1e-3, max: 1e6, noNaN: true }),
    strikeRatio: fc.double({ min: 0.05, max: 20, noNaN: true }),
    barrierRatio: fc.oneof(
      fc.double({ min: 0.05, max: 20, noNaN: true }),
      fc.constantFrom(1, 1 - 1e-12, 1 + 1e-12),
    ),
    rebate: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 100, noNaN: true })),
    tau: fc.oneof(fc.constantFrom(0, 1e-12, 1 / 365), fc.double({ min: 0, max: 30, noNaN: true })),
    rate: fc.double({ min: -0.1, max: 0.3, noNaN: true }),
    divYield: fc.double({ min: -0.1, max: 0.3, noNaN: true }),
    vol: fc.oneof(
      fc.constantFrom(0, 1e-12, 1e-7),
      fc.double({ min: 0, max: 5, noNaN: true }),
      fc.double({ min: 5, max: 1e6, noNaN: true }),
    ),
    monitoringInterval: fc.oneof(
      fc.constant(undefined),
      fc.constantFrom(0, 1 / 365, 1 / 52),
      fc.double({ min: 0, max: 1, noNaN: true }),
    ),
  })
  .map((x) => ({
    type: x.type,
    kind: x.kind,
    spot: x.spot,
    strike: x.spot * x.strikeRatio,
    barrier: x.spot * x.barrierRatio,
    rebate: x.rebate,
    tau: x.tau,
    rate: x.rate,
    divYield: x.divYield,
    vol: x.vol,
    monitoringInterval: x.monitoringInterval,
  }));

describe('property: finite in-domain input never gives NaN or Infinity', () => {
  it('price and Greeks are finite; knock-outs and knock-ins lie between 0 and a bound', () => {
    fc.assert(
      fc.property(barrierInputArb, (p) => {
        const v = barrierPrice(p);
        const g = barrierGreeks(p);
        const ctx = JSON.stringify({ p, v, g });
        expect(Number.isFinite(v), ctx).toBe(true);
        for (const x of Object.values(g)) expect(Number.isFinite(x), ctx).toBe(true);
        expect(Object.is(g.price, v), ctx).toBe(true);
        // Bounds: a barrier option is worth at least 0 (rounding aside) and at most vanilla + rebate paid at once
        // (rebate discounted by at most e^{-rT} when r < 0).
        const scale = p.spot + p.strike + (p.rebate ?? 0);
        expect(v, ctx).toBeGreaterThanOrEqual(-1e-12 * scale);
        const rebateMax = (p.rebate ?? 0) * Math.max(1, Math.exp(-p.rate * p.tau));
        expect(v, ctx).toBeLessThanOrEqual(bsPrice(p) + rebateMax + 1e-9 * scale);
      }),
      { numRuns: 3000, seed: 20260205 },
    );
  });
});

/**
 * Independent check for the rebate pieces: the first-passage time of ln S to h = ln(H/S) has the inverse-Gaussian
 * density f(t) = |h|/(σ√(2π t³)) exp(-(h - νt)²/(2σ²t)), ν = b - σ²/2 (Brownian motion with drift ν and
 * volatility σ; the t-derivative of the hit probability behind Haug's E term).
 * ∫₀ᵀ e^{-rt} f(t) dt and ∫₀ᵀ f(t) dt by composite Simpson on t = T·u², which makes the integrand smooth at 0.
 */
function firstPassageQuadrature(
  S: number,
  H: number,
  T: number,
  r: number,
  b: number,
  vol: number,
): { hitPv: number; hitProb: number } {
  const h = Math.log(H / S);
  const nu = b - 0.5 * vol * vol;
  const n = 20000;
  let pv = 0;
  let prob = 0;
  for (let i = 1; i <= n; i++) {
    const u = i / n;
    const t = T * u * u;
    const dens =
      (Math.abs(h) / (vol * Math.sqrt(2 * Math.PI * t * t * t))) *
      Math.exp(-((h - nu * t) ** 2) / (2 * vol * vol * t));
    const w = (i === n ? 1 : i % 2 === 1 ? 4 : 2) * 2 * T * u;
    pv += w * dens * Math.exp(-r * t);
    prob += w * dens;
  }
  return { hitPv: pv / n / 3, hitProb: prob / n / 3 };
}

/**
 * Exact price of a discretely monitored knock-out (m equally spaced dates, the last at expiry) by iterating the
 * Gaussian transition density of ln S over a grid on the alive side of the barrier (trapezoid rule, barrier
 * and strike on nodes, `perGap` nodes between barrier and spot).
 */
function discreteKnockOut(
  type: OptionType,
  up: boolean,
  S: number,
  K: number,
  H: number,
  T: number,
  r: number,
  q: number,
  vol: number,
  m: number,
  perGap: number,
): number {
  const step = T / m;
  const nu = (r - q - 0.5 * vol * vol) * step;
  const sd = vol * Math.sqrt(step);
  const hb = Math.log(H / S);
  const dx = Math.abs(hb) / perGap;
  const n = Math.ceil((Math.abs(hb) + Math.abs(nu) * m + 9 * vol * Math.sqrt(T)) / dx);
  const xs = new Float64Array(n + 1);
  for (let j = 0; j <= n; j++) xs[j] = up ? hb - (n - j) * dx : hb + j * dx;
  const w = new Float64Array(n + 1).fill(dx);
  w[0] = dx / 2;
  w[n] = dx / 2;
  const c = 1 / (sd * Math.sqrt(2 * Math.PI));
  const kern = (y: number) => c * Math.exp(-0.5 * ((y - nu) / sd) ** 2);
  let f = new Float64Array(n + 1);
  for (let j = 0; j <= n; j++) f[j] = kern(xs[j]);
  const reach = Math.ceil((10 * sd + Math.abs(nu)) / dx);
  for (let k = 1; k < m; k++) {
    const g = new Float64Array(n + 1);
    for (let j = 0; j <= n; j++) {
      let acc = 0;
      const lo = Math.max(0, j - reach);
      const hi = Math.min(n, j + reach);
      for (let i = lo; i <= hi; i++) acc += w[i] * f[i] * kern(xs[j] - xs[i]);
      g[j] = acc;
    }
    f = g;
  }
  const sign = type === 'call' ? 1 : -1;
  let v = 0;
  for (let j = 0; j <= n; j++) v += w[j] * f[j] * Math.max(sign * (S * Math.exp(xs[j]) - K), 0);
  return v * Math.exp(-r * T);
}
