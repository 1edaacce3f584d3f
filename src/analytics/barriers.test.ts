import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StructuredNotes } from '../data/models/structuredNotes.js';
import { InvalidInputError } from '../errors.js';
import { barrierGreeks, barrierPrice } from '../pricing/barrier.js';
import { bsGreeks, bsPrice } from '../pricing/blackScholes.js';
import { normCdf } from '../pricing/normal.js';
import {
  barrierAnalysis,
  barrierBook,
  barrierClusters,
  barrierExposureProfile,
  clusterLevels,
  finalBarrierPutGreeks,
  knockInLumps,
  type StructuredNoteRow,
} from './barriers.js';
import { priceGrid } from './btcAxis.js';

const BPS = 0.000568;
/** 2026-06-05 16:00 New York (EDT) = 20:00Z; this asOf is exactly 0.25 year (91.25 days) before. */
const AS_OF_Q = '2026-03-06T14:00:00Z';

function note(p: Partial<StructuredNoteRow>): StructuredNoteRow {
  return {
    note_id: 'N1',
    underlying: 'IBIT',
    initial_level: 50,
    barrier_level: 35,
    barrier_monitoring: 'daily',
    maturity: '2026-06-05',
    notional_usd: 5e6,
    ...p,
  };
}

const base = { asOf: AS_OF_Q, btcPerShare: { IBIT: BPS }, vol: 0.6, rate: 0.04 };

describe('barrier book', () => {
  it('shares = notional / initial level; tau to the 16:00 New York close (DST-aware), ACT/365', () => {
    const b = barrierBook([note({})], base);
    expect(b.notes[0].shares).toBe(100000);
    expect(b.notes[0].tau).toBeCloseTo(0.25, 14);
    // Winter maturity: 16:00 EST = 21:00Z.
    const w = barrierBook([note({ maturity: '2026-12-04' })], { ...base, asOf: '2026-12-03T21:00:00Z' });
    expect(w.notes[0].tau).toBeCloseTo(1 / 365, 14);
    expect(b.dailyMonitoringInterval).toBe(1 / 252);
  });

  it('IV as a function of the note, strike and tau; matured notes counted and left out', () => {
    const seen: number[] = [];
    const b = barrierBook([note({}), note({ note_id: 'old', maturity: '2026-01-02' })], {
      ...base,
      vol: (_n, k, tau) => {
        seen.push(k, tau);
        return 0.5 + tau;
      },
    });
    expect(b.notes.length).toBe(1);
    expect(b.diagnostics).toEqual({ rows: 2, used: 1, matured: 1 });
    expect(seen[0]).toBe(50);
    expect(b.notes[0].vol).toBeCloseTo(0.75, 14);
  });

  it('bad terms name the row', () => {
    expect(() => barrierBook([note({}), note({ barrier_level: 55 })], base)).toThrow(
      /row 1: barrier_level = 55/,
    );
    expect(() => barrierBook([note({ underlying: 'FBTC' })], base)).toThrow(/underlying = FBTC/);
    expect(() => barrierBook([note({ maturity: '2026-02-30' })], base)).toThrow(/2026-02-30/);
    expect(() => barrierBook([note({})], { ...base, vol: -1 })).toThrow(InvalidInputError);
  });

  it('accepts rows of the structured_notes model', () => {
    const row: StructuredNotes = {
      note_id: 'X',
      issuer: 'JPMorgan',
      underlying: 'IBIT',
      pricing_date: '2025-11-20',
      initial_level: 54.5,
      barrier_pct: 0.8,
      barrier_level: 43.6,
      barrier_monitoring: 'daily',
      autocall_pct: null,
      coupon_pct: 0.12,
      maturity: '2027-11-22',
      notional_usd: 1e6,
      source_url: null,
      source: 'test',
      quality: 'reconstructed',
    };
    const b = barrierBook([row], base);
    expect(b.notes[0].barrier).toBe(43.6);
  });
});

describe('knock-in lump', () => {
  it('one note by hand: shares · (Δ_DI just above B − Δ_put at B), with |Δ_DI| > 1', () => {
    // K = 50, B = 35, tau 0.25, r 0.04, σ 0.6, daily monitoring (BGK shift, Δt = 1/252), 100 000 shares.
    // Independent mpmath evaluation of Haug's B − C + D (down-and-in put, X > H) with the shifted barrier
    // 35·exp(−0.5826·0.6·√(1/252)), differentiated at S = 35: Δ_DI = −1.09947428672;
    // vanilla put delta at 35: −N(−d1), d1 = (ln(35/50) + (0.04 + 0.18)·0.25)/0.3 = −1.00559 → −0.842691932785.
    // Lump = 100000·(−1.09947428672 + 0.842691932785) = −25678.2354 shares (a sale), ·35 USD, ·0.000568 BTC.
    const lumps = knockInLumps(barrierBook([note({})], base));
    expect(lumps.length).toBe(1);
    const l = lumps[0];
    const close = (a: number, b: number) => Math.abs(a - b) <= 1e-7 * Math.abs(b);
    expect(close(l.deltaBefore, -1.0994742867199), `Δ_DI ${l.deltaBefore}`).toBe(true);
    expect(close(l.deltaAfter, -0.842691932784553), `Δ_put ${l.deltaAfter}`).toBe(true);
    expect(close(l.tradeShares, -25678.235393535), `shares ${l.tradeShares}`).toBe(true);
    expect(close(l.tradeUsd, -898738.238773726), `USD ${l.tradeUsd}`).toBe(true);
    expect(close(l.tradeBtc, -14.5852377035279), `BTC ${l.tradeBtc}`).toBe(true);
    expect(l.barrierBtc).toBeCloseTo(35 / BPS, 8);
    // The same from the pricing API directly.
    const g = barrierGreeks({
      type: 'put',
      kind: 'down-in',
      spot: 35 * (1 + 1e-9),
      strike: 50,
      barrier: 35,
      tau: 0.25,
      rate: 0.04,
      divYield: 0,
      vol: 0.6,
      monitoringInterval: 1 / 252,
    });
    const v = bsGreeks({ type: 'put', spot: 35, strike: 50, tau: 0.25, rate: 0.04, divYield: 0, vol: 0.6 });
    expect(l.tradeShares).toBeCloseTo(100000 * (g.delta - v.delta), 6);
  });

  it('is a sale that grows as expiry nears (mpmath: −9980, −25678, −76663, −297682 shares)', () => {
    const taus = [
      ['2025-12-05T08:00:00Z', -9979.94454310015], // 0.5 year before 2026-06-05 20:00Z
      [AS_OF_Q, -25678.235393535], // 0.25
      ['2026-04-30T08:00:00Z', -76662.7188151689], // 0.1 (36.5 days)
      ['2026-05-29T12:48:00Z', -297681.597328051], // 0.02 (7.3 days)
    ] as const;
    let prev = 0;
    for (const [asOf, expected] of taus) {
      const l = knockInLumps(barrierBook([note({})], { ...base, asOf }))[0];
      expect(Math.abs(l.tradeShares - expected) / -expected, `asOf ${asOf}: ${l.tradeShares}`).toBeLessThan(
        1e-7,
      );
      expect(l.tradeShares).toBeLessThan(prev);
      prev = l.tradeShares;
    }
  });

  it('sorted highest barrier first; none for final-monitoring or already knocked-in notes', () => {
    const rows = [
      note({ note_id: 'a', barrier_level: 38.2 }),
      note({ note_id: 'b', barrier_level: 43.6 }),
      note({ note_id: 'c', barrier_level: 39, barrier_monitoring: 'final' }),
      note({ note_id: 'd', barrier_level: 40 }),
    ];
    const lumps = knockInLumps(barrierBook(rows, { ...base, knockedIn: new Set(['d']) }));
    expect(lumps.map((l) => l.noteId)).toEqual(['b', 'a']);
  });
});

describe('final-monitoring put = put(B) + (K − B)·cash-or-nothing put(B)', () => {
  it('Haug (2007) cash-or-nothing example: S 100, X 80, cash 10, T 0.75, r 0.06, b 0, σ 0.35 → 2.6710', () => {
    const f = finalBarrierPutGreeks(100, 90, 80, 0.75, 0.06, 0.06, 0.35);
    const put80 = bsPrice({
      type: 'put',
      spot: 100,
      strike: 80,
      tau: 0.75,
      rate: 0.06,
      divYield: 0.06,
      vol: 0.35,
    });
    expect(f.price - put80).toBeCloseTo(2.671, 3);
  });

  it('equals the discounted expected payoff (K − S_T)·1{S_T < B} by quadrature', () => {
    const [S, K, B, T, r, q, v] = [40, 50, 35, 0.6, 0.04, 0.01, 0.55];
    // E over z ~ N(0,1): S_T = S·exp((r − q − v²/2)T + v√T z); Simpson on z from −12 to z_B.
    const m = (r - q - 0.5 * v * v) * T;
    const s = v * Math.sqrt(T);
    const zB = (Math.log(B / S) - m) / s;
    const n = 20000;
    const h = (zB + 12) / n;
    let acc = 0;
    for (let i = 0; i <= n; i++) {
      const z = -12 + i * h;
      const f = (K - S * Math.exp(m + s * z)) * Math.exp(-0.5 * z * z);
      acc += (i === 0 || i === n ? 1 : i % 2 === 1 ? 4 : 2) * f;
    }
    const expected = (Math.exp(-r * T) * acc * h) / 3 / Math.sqrt(2 * Math.PI);
    const got = finalBarrierPutGreeks(S, K, B, T, r, q, v).price;
    expect(Math.abs(got - expected), `${got} vs ${expected}`).toBeLessThan(1e-9);
    // and it is worth less than the daily down-and-in put, which can knock in before maturity
    const daily = barrierPrice({
      type: 'put',
      kind: 'down-in',
      spot: S,
      strike: K,
      barrier: B,
      tau: T,
      rate: r,
      divYield: q,
      vol: v,
    });
    expect(got).toBeLessThan(daily);
  });

  it('Greeks match central differences of the price', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 25, max: 70, noNaN: true }),
        fc.double({ min: 0.05, max: 2, noNaN: true }),
        fc.double({ min: 0.2, max: 1.2, noNaN: true }),
        (S, T, v) => {
          const [K, B, r, q] = [50, 35, 0.04, 0];
          const p = (s: number, vol: number) => finalBarrierPutGreeks(s, K, B, T, r, q, vol);
          const g = p(S, v);
          const hS = 1e-4 * S;
          const hV = 1e-5;
          const dS = (p(S + hS, v).price - p(S - hS, v).price) / (2 * hS);
          const gS = (p(S + hS, v).delta - p(S - hS, v).delta) / (2 * hS);
          const vS = (p(S, v + hV).delta - p(S, v - hV).delta) / (2 * hV);
          const ok =
            Math.abs(dS - g.delta) <= 1e-6 * (1 + Math.abs(g.delta)) &&
            Math.abs(gS - g.gamma) <= 1e-5 * (1e-3 + Math.abs(g.gamma)) &&
            Math.abs(vS - g.vanna) <= 1e-5 * (1e-2 + Math.abs(g.vanna));
          if (!ok) console.error({ S, T, v, g, dS, gS, vS });
          return ok;
        },
      ),
      { numRuns: 100 },
    );
  });

  it('limits: B >= K is the vanilla put; at tau 0 the payoff', () => {
    const van = bsGreeks({ type: 'put', spot: 45, strike: 50, tau: 0.5, rate: 0.03, divYield: 0, vol: 0.5 });
    expect(finalBarrierPutGreeks(45, 50, 55, 0.5, 0.03, 0, 0.5).price).toBe(van.price);
    expect(finalBarrierPutGreeks(30, 50, 35, 0, 0.03, 0, 0.5).price).toBe(20);
    expect(finalBarrierPutGreeks(40, 50, 35, 0, 0.03, 0, 0.5).price).toBe(0);
    expect(finalBarrierPutGreeks(40, 50, Number.NaN, 0.5, 0.03, 0, 0.5).price).toBeNaN();
  });
});

describe('barrier exposure profile on the BTC axis', () => {
  it("a grid point equals shares × the pricing API's Greeks at P = S·btcPerShare", () => {
    const b = barrierBook([note({})], base);
    const grid = [66000, 70000, 80000];
    const p = barrierExposureProfile(b, grid);
    for (let j = 0; j < grid.length; j++) {
      const P = grid[j] * BPS;
      const g = barrierGreeks({
        type: 'put',
        kind: 'down-in',
        spot: P,
        strike: 50,
        barrier: 35,
        tau: b.notes[0].tau,
        rate: 0.04,
        divYield: 0,
        vol: 0.6,
        monitoringInterval: 1 / 252,
      });
      const at = `S = ${grid[j]}`;
      expect(p.deltaShares.IBIT[j], at).toBeCloseTo(1e5 * g.delta, 6);
      expect(p.deltaUsd[j], at).toBeCloseTo(1e5 * g.delta * P, 5);
      expect(p.deltaBtc[j], at).toBeCloseTo(1e5 * g.delta * BPS, 9);
      expect(p.gex[j], at).toBeCloseTo(1e5 * g.gamma * P * P * 0.01, 5);
      expect(p.vanna[j], at).toBeCloseTo(1e5 * g.vanna * P * 0.01, 5);
    }
  });

  it('dealer is long the put: delta < 0, so the hedge (−delta) buys into a fall above the barrier', () => {
    const b = barrierBook([note({})], base);
    const barrierBtc = 35 / BPS;
    const p = barrierExposureProfile(b, [barrierBtc * 1.001, barrierBtc * 1.1]);
    expect(p.deltaShares.IBIT[1]).toBeLessThan(0);
    // hedge is larger just above the barrier than 10 % above: the dealer bought on the way down
    expect(-p.deltaShares.IBIT[0]).toBeGreaterThan(-p.deltaShares.IBIT[1]);
  });

  it('knocked-in and final-monitoring notes use the vanilla and the final-barrier formulas', () => {
    const b = barrierBook([note({ note_id: 'k' }), note({ note_id: 'f', barrier_monitoring: 'final' })], {
      ...base,
      knockedIn: new Set(['k', 'f']),
    });
    expect(b.notes.map((n) => n.knockedIn)).toEqual([true, false]);
    const S = 70000;
    const P = S * BPS;
    const p = barrierExposureProfile(b, [S]);
    const tau = b.notes[0].tau;
    const van = bsGreeks({ type: 'put', spot: P, strike: 50, tau, rate: 0.04, divYield: 0, vol: 0.6 });
    const fin = finalBarrierPutGreeks(P, 50, 35, tau, 0.04, 0, 0.6);
    expect(p.deltaShares.IBIT[0]).toBeCloseTo(1e5 * (van.delta + fin.delta), 6);
    expect(p.gex[0]).toBeCloseTo(1e5 * (van.gamma + fin.gamma) * P * P * 0.01, 4);
  });

  it('doubling every notional doubles every exposure', () => {
    const rows = [
      note({}),
      note({ note_id: 'b', barrier_level: 43.6, initial_level: 54.5, maturity: '2027-11-22' }),
    ];
    const grid = priceGrid(50000, 90000, 21);
    const p1 = barrierExposureProfile(barrierBook(rows, base), grid);
    const p2 = barrierExposureProfile(
      barrierBook(
        rows.map((r) => ({ ...r, notional_usd: 2 * r.notional_usd })),
        base,
      ),
      grid,
    );
    for (let j = 0; j < grid.length; j++) {
      expect(p2.gex[j]).toBe(2 * p1.gex[j]);
      expect(p2.deltaUsd[j]).toBe(2 * p1.deltaUsd[j]);
    }
  });
});

describe('barrier clustering', () => {
  it('tiny list, 2 % gap: {38, 38.5, 39.1}, {43.5, 43.6}, {50}', () => {
    const levels = [43.6, 38.0, 50, 38.5, 43.5, 39.1];
    const weights = [2, 1, 1, 1, 2, 2];
    const c = clusterLevels(levels, weights, 0.02);
    expect(c.map((k) => k.count)).toEqual([3, 2, 1]);
    expect(c[0].members).toEqual([1, 3, 5]);
    // (38·1 + 38.5·1 + 39.1·2) / 4 = 38.675
    expect(c[0].centre).toBeCloseTo(38.675, 12);
    expect(c[0].lo).toBe(38);
    expect(c[0].hi).toBe(39.1);
    expect(c[0].weight).toBe(4);
    expect(c[1].centre).toBeCloseTo(43.55, 12);
    expect(c[2].centre).toBe(50);
    // 0 tolerance keeps distinct levels apart; all-zero weights give the plain mean.
    expect(clusterLevels([1, 1, 2], [0, 0, 0], 0).map((k) => [k.count, k.centre])).toEqual([
      [2, 1],
      [1, 2],
    ]);
    expect(() => clusterLevels([1], [1, 2])).toThrow(/2 weights for 1 levels/);
  });

  it('note clusters in IBIT and BTC terms with summed lumps (IBIT 38–39 and 43.6)', () => {
    const rows = [
      note({ note_id: 'a', barrier_level: 38.2, notional_usd: 1e6 }),
      note({ note_id: 'b', barrier_level: 38.9, notional_usd: 3e6 }),
      note({ note_id: 'c', barrier_level: 43.6, initial_level: 54.5, notional_usd: 2e6 }),
    ];
    const book = barrierBook(rows, base);
    const lumps = knockInLumps(book);
    const cl = barrierClusters(book, lumps);
    expect(cl.length).toBe(2);
    expect(cl[0].noteIds).toEqual(['a', 'b']);
    expect(cl[0].shareLevel).toBeCloseTo((38.2 * 1 + 38.9 * 3) / 4, 12);
    expect(cl[0].btcLevel).toBeCloseTo(cl[0].shareLevel! / BPS, 6);
    expect(cl[0].notionalUsd).toBe(4e6);
    const la = lumps.find((l) => l.noteId === 'a')!;
    const lb = lumps.find((l) => l.noteId === 'b')!;
    expect(cl[0].lumpUsd).toBeCloseTo(la.tradeUsd + lb.tradeUsd, 6);
    expect(cl[1].shareLevel).toBe(43.6);
    expect(cl[1].btcLevel).toBeCloseTo(43.6 / BPS, 6);
    expect(cl[1].underlyings).toEqual(['IBIT']);

    const all = barrierAnalysis(rows, { ...base, grid: priceGrid(55000, 90000, 8) });
    expect(all.clusters).toEqual(cl);
    expect(all.lumps.map((l) => l.noteId)).toEqual(['c', 'b', 'a']);
    expect(all.profile.gex.length).toBe(8);
  });
});

// N(−d1) used in the hand comment above, kept honest:
it('vanilla put delta at the barrier in the hand case', () => {
  const d1 = (Math.log(35 / 50) + (0.04 + 0.18) * 0.25) / 0.3;
  expect(-normCdf(-d1)).toBeCloseTo(-0.842691932784553, 12);
});
