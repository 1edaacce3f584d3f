import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StructuredNotes } from '../data/models/structuredNotes.js';
import { InvalidInputError } from '../errors.js';
import { barrierGreeks, barrierPrice } from '../pricing/barrier.js';
import { bsGreeks, bsPrice } from '../pricing/blackScholes.js';
import { normCdf } from '../pricing/normal.js';
import {
  type BarrierBook,
  barrierBook,
  finalBarrierPutGreeks,
  noteGreeks,
  type StructuredNoteRow,
} from './barriers.js';

/**
 * The dealer's hedge trade (shares) when a live daily note knocks in, from the book's own Greeks: its
 * down-and-in put delta just above the barrier minus the vanilla put delta at it (the structured-note
 * channel's trigger, src/channels/structuredNotes.ts, is this times the barrier in USD).
 */
function knockInShares(book: BarrierBook, i = 0): { before: number; after: number; shares: number } {
  const n = book.notes[i];
  const before = noteGreeks(n, n.barrier * (1 + 1e-9), book.rate, book.dailyMonitoringInterval).delta;
  const after = noteGreeks(
    { ...n, knockedIn: true },
    n.barrier,
    book.rate,
    book.dailyMonitoringInterval,
  ).delta;
  return { before, after, shares: n.shares * (before - after) };
}

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
    const l = knockInShares(barrierBook([note({})], base));
    const close = (a: number, b: number) => Math.abs(a - b) <= 1e-7 * Math.abs(b);
    expect(close(l.before, -1.0994742867199), `Δ_DI ${l.before}`).toBe(true);
    expect(close(l.after, -0.842691932784553), `Δ_put ${l.after}`).toBe(true);
    expect(close(l.shares, -25678.235393535), `shares ${l.shares}`).toBe(true);
    expect(close(l.shares * 35, -898738.238773726), `USD ${l.shares * 35}`).toBe(true);
    expect(close(l.shares * BPS, -14.5852377035279), `BTC ${l.shares * BPS}`).toBe(true);
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
    expect(l.shares).toBeCloseTo(100000 * (g.delta - v.delta), 6);
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
      const l = knockInShares(barrierBook([note({})], { ...base, asOf }));
      expect(Math.abs(l.shares - expected) / -expected, `asOf ${asOf}: ${l.shares}`).toBeLessThan(1e-7);
      expect(l.shares).toBeLessThan(prev);
      prev = l.shares;
    }
  });
  // Which notes have a lump (live daily barriers below spot, highest first) is the structured-note channel's
  // choice, read by the barriers section: src/forensics/books.test.ts.
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

// N(−d1) used in the hand comment above, kept honest:
it('vanilla put delta at the barrier in the hand case', () => {
  const d1 = (Math.log(35 / 50) + (0.04 + 0.18) * 0.25) / 0.3;
  expect(-normCdf(-d1)).toBeCloseTo(-0.842691932784553, 12);
});
