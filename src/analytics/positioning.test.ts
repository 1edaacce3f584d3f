import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { OptionChain } from '../data/models/optionChain.js';
import { InvalidInputError } from '../errors.js';
import { bsGreeksKernel, G_CHARM, G_COUNT, G_GAMMA, G_VANNA } from '../pricing/blackScholes.js';
import { inverseOption } from '../pricing/inverse.js';
import { priceGrid } from './btcAxis.js';
import {
  type ChainOptionRow,
  chainOptionKey,
  type DealerBook,
  dealerBook,
  exposureProfile,
  gammaProfile,
  shortGammaBands,
  zeroCrossings,
} from './positioning.js';

const AS_OF = '2026-01-01T00:00:00Z';
/** AS_OF + 91.25 days: tau = 0.25 exactly (ACT/365). */
const EXP_Q = '2026-04-02T06:00:00Z';

function row(p: Partial<ChainOptionRow>): ChainOptionRow {
  return {
    venue: 'deribit',
    underlying: 'BTC',
    expiry: EXP_Q,
    strike: 70000,
    option_type: 'call',
    open_interest: 10,
    iv: 0.5,
    underlying_price: 65000,
    dealer_position: null,
    multiplier: 1,
    ...p,
  };
}

/** Slow reference: the full Greeks kernel at every (option, point), with the absolute size of the terms. */
function reference(book: DealerBook, grid: Float64Array) {
  const m = grid.length;
  const out = {
    gex: new Float64Array(m),
    vanna: new Float64Array(m),
    charm: new Float64Array(m),
    gexAbs: new Float64Array(m),
    vannaAbs: new Float64Array(m),
    charmAbs: new Float64Array(m),
  };
  const o = new Float64Array(G_COUNT);
  for (let i = 0; i < book.n; i++) {
    for (let j = 0; j < m; j++) {
      const U = grid[j] * book.scale[i];
      const t = book.tau[i];
      const [r, q, vol] = [book.rate[i], book.divYield[i], book.vol[i]];
      bsGreeksKernel(book.sign[i], U, book.strike[i], t, r, q, vol, o, 0);
      const u = book.units[i];
      const g = o[G_GAMMA] * U * U * 0.01 * u;
      const v = o[G_VANNA] * U * 0.01 * u;
      const c = (o[G_CHARM] * U * u) / 365;
      out.gex[j] += g;
      out.vanna[j] += v;
      out.charm[j] += c;
      out.gexAbs[j] += Math.abs(g);
      // Scale of the charm and vanna terms before they cancel: |d1| + σ√τ bounds |d2| and the rounding
      // of the fast form d2 = d1 − σ√τ.
      const sd = vol * Math.sqrt(t);
      const d1 = (Math.log(U / book.strike[i]) + (r - q) * t) / sd + 0.5 * sd;
      const n1 = (Math.exp(-q * t) * Math.exp(-0.5 * d1 * d1)) / Math.sqrt(2 * Math.PI);
      out.vannaAbs[j] += (n1 * (Math.abs(d1) + sd) * U * 0.01 * Math.abs(u)) / vol;
      out.charmAbs[j] +=
        ((Math.abs(q) + n1 * (Math.abs(r - q) / sd + (Math.abs(d1) + sd) / (2 * t))) * U * Math.abs(u)) / 365;
    }
  }
  return out;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A mixed IBIT + Deribit chain, deterministic. */
function randomChain(seed: number, n: number, spot: number, bps: number): ChainOptionRow[] {
  const rnd = mulberry32(seed);
  const asOfMs = Date.parse(AS_OF);
  const rows: ChainOptionRow[] = [];
  for (let i = 0; i < n; i++) {
    const ibit = rnd() < 0.5;
    const days = 1 + Math.floor(rnd() * 365);
    const moneyness = Math.exp((rnd() - 0.5) * 1.2);
    const fwd = spot * (1 + 0.05 * (days / 365) + 0.002 * (rnd() - 0.5));
    rows.push({
      venue: ibit ? 'cboe' : 'deribit',
      underlying: ibit ? 'IBIT' : 'BTC',
      expiry: new Date(asOfMs + days * 86_400_000 + (ibit ? 21 : 8) * 3_600_000).toISOString(),
      strike: ibit ? Math.round(spot * bps * moneyness) : Math.round((spot * moneyness) / 1000) * 1000,
      option_type: rnd() < 0.5 ? 'call' : 'put',
      open_interest: Math.floor(rnd() * 5000),
      iv: 0.3 + rnd() * 0.9,
      underlying_price: ibit ? spot * bps : fwd,
      dealer_position: Math.round((rnd() - 0.5) * 4000),
      multiplier: ibit ? 100 : 1,
    });
  }
  return rows;
}

describe('dealer gamma profile: two-option book by hand', () => {
  // Deribit, forward = spot = 65000 (scale 1), r = 0, tau 0.25, vol 0.5 → σ√τ = 0.25.
  // Dealer long 10 calls K = 70000, short 10 puts K = 60000 (the 'naive' model on OI 10 each).
  // Dollar gamma per 1 % = 0.01 · n(d1) · S / σ√τ · units, d1 = ln(S/K)/0.25 + 0.125.
  const chain = [row({ strike: 70000, option_type: 'call' }), row({ strike: 60000, option_type: 'put' })];
  const book = dealerBook(chain, { asOf: AS_OF, spot: 65000, btcPerShare: {} });

  it('Γ at 60k, 65k, 70k', () => {
    // S = 60000: call d1 = ln(6/7)/0.25 + 0.125 = −0.491603, n = 0.353487 → +8484.82;
    //            put  d1 = 0.125, n = 0.395838 → −9500.10; total −1015.28.
    // S = 65000: call d1 = −0.171432, n = 0.393063 → +10221.20; put d1 = 0.445171, n = 0.361230 → −9393.98.
    // S = 70000: call d1 = 0.125 → +11083.46; put d1 = 0.741603, n = 0.303011 → −8484.82.
    const gex = gammaProfile(book, [60000, 65000, 70000]);
    const hand = [8484.81996 - 9500.10449, 10221.19554 - 9393.98387, 11083.45523 - 8484.81996];
    for (let j = 0; j < 3; j++) expect(gex[j], `point ${j}: ${gex[j]} vs ${hand[j]}`).toBeCloseTo(hand[j], 3);
  });

  it('zero-gamma level: n(d1_call) = n(d1_put) ⇒ S* = √(Kc·Kp)·exp(−σ²τ/2) = 62813.49', () => {
    const grid = priceGrid(50000, 80000, 6001);
    const gex = gammaProfile(book, grid);
    const zeroGamma = zeroCrossings(grid, gex);
    const bands = shortGammaBands(grid, gex);
    const sStar = Math.sqrt(70000 * 60000) * Math.exp(-0.03125);
    expect(sStar).toBeCloseTo(62813.49, 2);
    expect(zeroGamma.length).toBe(1);
    expect(Math.abs(zeroGamma[0] - sStar), `zero gamma ${zeroGamma[0]}`).toBeLessThan(0.01);
    // Short gamma below S* (the short put dominates), long above.
    expect(bands.length).toBe(1);
    const band = bands[0];
    expect(band.extendsBelowGrid).toBe(true);
    expect(band.extendsAboveGrid).toBe(false);
    expect(band.lo).toBe(50000);
    expect(band.hi).toBe(zeroGamma[0]);
  });
  // The hedge flow at spot of this book (short gamma at 60k, −1015.28 USD per 1 %) is read off the
  // dealer-options channel's book by the positioning section: src/forensics/books.test.ts.
});

describe('IBIT → BTC mapping', () => {
  const bps = 0.000568;
  it('an IBIT option on 100 shares is a BTC option with strike K/bps on 100·bps BTC', () => {
    // 100·max(P − K, 0) with P = S·bps equals 100·bps·max(S − K/bps, 0): same value, same dollar gamma.
    const ibit = row({
      venue: 'cboe',
      underlying: 'IBIT',
      strike: 38,
      option_type: 'put',
      open_interest: 1000,
      underlying_price: 39.76,
      multiplier: 100,
    });
    const btc = row({
      strike: 38 / bps,
      option_type: 'put',
      open_interest: 1000,
      underlying_price: 70000,
      multiplier: 100 * bps,
    });
    const opts = { asOf: AS_OF, spot: 70000, btcPerShare: { IBIT: bps } };
    const bI = dealerBook([ibit], opts);
    const bB = dealerBook([btc], opts);
    expect(bI.btcUnits[0]).toBeCloseTo(-1000 * 100 * bps, 12); // dealers short puts: −56.8 BTC
    expect(bI.units[0]).toBe(-100000); // shares
    expect(bI.scale[0]).toBe(bps);
    const grid = priceGrid(50000, 90000, 81);
    const gI = gammaProfile(bI, grid);
    const gB = gammaProfile(bB, grid);
    for (let j = 0; j < grid.length; j++) {
      expect(Math.abs(gI[j] - gB[j]), `S = ${grid[j]}: ${gI[j]} vs ${gB[j]}`).toBeLessThanOrEqual(
        1e-12 * Math.abs(gB[j]) + 1e-300,
      );
    }
    // By hand at S = 70000: P = 39.76, d1 = ln(39.76/38)/0.25 + 0.125 = 0.306101, n(d1) = 0.380683;
    // dollar gamma = −0.01 · n · P / 0.25 · 100000 shares = −60543.88 USD per 1 %.
    const at = gammaProfile(bI, [70000])[0];
    expect(at).toBeCloseTo(-60543.88, 1);
  });
});

describe('Deribit inverse options', () => {
  it('contribute the Black-76 USD gamma on the forward, which moves with spot at the chain basis', () => {
    // forward 72000 while spot 70000: at BTC price S the forward is S·72000/70000.
    const r = row({ strike: 75000, option_type: 'call', underlying_price: 72000, open_interest: 3, iv: 0.6 });
    const book = dealerBook([r], { asOf: AS_OF, spot: 70000, btcPerShare: {} });
    const grid = [60000, 70000, 80000];
    const p = exposureProfile(book, grid);
    for (let j = 0; j < 3; j++) {
      const F = (grid[j] * 72000) / 70000;
      const v = inverseOption({ type: 'call', forward: F, strike: 75000, tau: 0.25, vol: 0.6 });
      const expected = v.gamma * F * F * 0.01 * 3;
      expect(Math.abs(p.gex[j] - expected), `S = ${grid[j]}`).toBeLessThan(1e-12 * expected);
      expect(p.byVenue.deribit.gex[j]).toBe(p.gex[j]);
    }
  });
});

describe('sign models', () => {
  const chain = [
    row({ strike: 70000, option_type: 'call', open_interest: 10, dealer_position: -4 }),
    row({ strike: 60000, option_type: 'put', open_interest: 20, dealer_position: 7 }),
    row({ strike: 65000, option_type: 'put', open_interest: 5, dealer_position: null }),
  ];
  const base = { asOf: AS_OF, spot: 65000, btcPerShare: {} };
  it("'naive': dealers +OI calls, −OI puts", () => {
    const b = dealerBook(chain, base);
    expect(Array.from(b.units)).toEqual([10, -20, -5]);
  });
  it("'positions': the dealer_position column, nulls counted and taken as 0", () => {
    const b = dealerBook(chain, { ...base, signModel: 'positions' });
    expect(Array.from(b.units)).toEqual([-4, 7]);
    expect(b.diagnostics.positionMissing).toBe(1);
    expect(b.diagnostics.zeroPosition).toBe(1);
  });
  it('a function and a map', () => {
    const f = dealerBook(chain, {
      ...base,
      signModel: (r) => (r.option_type === 'put' ? r.open_interest : 0),
    });
    expect(Array.from(f.units)).toEqual([20, 5]);
    expect(Array.from(f.rowIndex)).toEqual([1, 2]);
    const key = chainOptionKey(chain[0]);
    expect(key).toBe('deribit|BTC|2026-04-02T06:00:00.000Z|70000|call');
    const m = dealerBook(chain, { ...base, signModel: new Map([[key, -2]]) });
    expect(Array.from(m.units)).toEqual([-2]);
    expect(m.diagnostics.positionMissing).toBe(2);
    expect(() => dealerBook(chain, { ...base, signModel: () => Number.NaN })).toThrow(
      /row 0: dealer position/,
    );
  });
  it('flipping every position flips every exposure', () => {
    const grid = priceGrid(50000, 80000, 31);
    const a = exposureProfile(dealerBook(chain, base), grid);
    const b = exposureProfile(
      dealerBook(chain, {
        ...base,
        signModel: (r) => -(r.option_type === 'call' ? 1 : -1) * r.open_interest,
      }),
      grid,
    );
    for (let j = 0; j < grid.length; j++) {
      expect(b.gex[j]).toBe(-a.gex[j]);
      expect(b.vanna[j]).toBe(-a.vanna[j]);
      expect(b.charm[j]).toBe(-a.charm[j]);
    }
  });
});

describe('chain resolution', () => {
  it('IV fallback: nearest strike of the same venue, underlying and expiry; counts filled and unavailable', () => {
    const other = '2026-05-01T08:00:00Z';
    const chain = [
      row({ strike: 60000, option_type: 'call', iv: 0.5 }),
      row({ strike: 70000, option_type: 'put', iv: 0.6 }),
      row({ venue: 'okx', strike: 64000, iv: 0.9 }), // other venue: never a donor for deribit rows
      row({ strike: 64000, option_type: 'call', iv: null }), // nearest 60000 → 0.5
      row({ strike: 65000, option_type: 'put', iv: null }), // tie 60000/70000 → same type (put) → 0.6
      row({ strike: 65000, option_type: 'call', iv: Number.NaN }), // tie → same type (call) → 0.5
      row({ expiry: other, strike: 65000, iv: null }), // no IV on that expiry → left out
      row({ expiry: '2025-12-31T08:00:00Z', strike: 65000 }), // expired
    ];
    const b = dealerBook(chain, { asOf: AS_OF, spot: 65000, btcPerShare: {} });
    expect(Array.from(b.rowIndex)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(Array.from(b.vol)).toEqual([0.5, 0.6, 0.9, 0.5, 0.6, 0.5]);
    expect(b.venues).toEqual(['deribit', 'okx']);
    expect(b.diagnostics).toEqual({
      rows: 8,
      used: 6,
      expired: 1,
      zeroPosition: 0,
      positionMissing: 0,
      ivFilled: 3,
      ivUnavailable: 1,
    });
  });
  it('accepts rows of the option_chain model, including the +00 zone form', () => {
    const r: OptionChain = {
      as_of: '2026-01-01T00:00:00Z',
      venue: 'cboe',
      underlying: 'IBIT',
      expiry: '2026-04-02T06:00:00+00',
      strike: 40,
      option_type: 'call',
      open_interest: 5,
      volume: null,
      iv: 0.5,
      mark: null,
      underlying_price: 39.76,
      dealer_position: null,
      multiplier: 100,
      source: 'test',
      quality: 'reconstructed',
    };
    const b = dealerBook([r], { asOf: AS_OF, spot: 70000, btcPerShare: { IBIT: 0.000568 } });
    expect(b.tau[0]).toBe(0.25);
    expect(b.btcUnits[0]).toBeCloseTo(500 * 0.000568, 15);
  });

  it('tau is ACT/365 from asOf to each expiry', () => {
    const b = dealerBook([row({})], { asOf: AS_OF, spot: 65000, btcPerShare: {} });
    expect(b.tau[0]).toBe(0.25);
  });
  it('bad input names the row and value', () => {
    const base = { asOf: AS_OF, spot: 65000, btcPerShare: {} };
    expect(() => dealerBook([row({}), row({ strike: -1 })], base)).toThrow(/row 1: strike = -1/);
    expect(() => dealerBook([row({ underlying: 'FBTC' })], base)).toThrow(/FBTC/);
    expect(() => dealerBook([row({ expiry: 'soon' })], base)).toThrow(/expiry = soon/);
    expect(() => dealerBook([row({})], { ...base, spot: 0 })).toThrow(InvalidInputError);
    expect(() => dealerBook([row({})], { ...base, asOf: 'x' })).toThrow(/asOf/);
    expect(() => gammaProfile(dealerBook([row({})], base), [70000, 60000])).toThrow(/grid\[1\]/);
  });
});

describe('fast profile equals the slow reference (bsGreeksKernel per point)', () => {
  const spot = 70000;
  const bps = 0.000568;
  const chain = randomChain(20260205, 300, spot, bps);
  const opts = {
    asOf: AS_OF,
    spot,
    btcPerShare: { IBIT: bps },
    signModel: 'positions' as const,
    rate: 0.04,
    forwardRate: 0.03,
  };
  const book = dealerBook(chain, opts);
  const grid = priceGrid(30000, 150000, 200);
  const ref = reference(book, grid);

  it('gamma, vanna and charm to 1e-12 of the summed magnitudes at every point', () => {
    expect(book.n).toBeGreaterThan(250);
    const fast = gammaProfile(book, grid);
    const p = exposureProfile(book, grid);
    for (let j = 0; j < grid.length; j++) {
      const tolG = 1e-12 * ref.gexAbs[j] + 1e-300;
      const at = `S = ${grid[j]}`;
      expect(Math.abs(fast[j] - ref.gex[j]), `${at}: fast ${fast[j]} ref ${ref.gex[j]}`).toBeLessThanOrEqual(
        tolG,
      );
      expect(Math.abs(p.gex[j] - ref.gex[j]), `${at}: gex ${p.gex[j]}`).toBeLessThanOrEqual(tolG);
      expect(
        Math.abs(p.vanna[j] - ref.vanna[j]),
        `${at}: vanna ${p.vanna[j]} ref ${ref.vanna[j]}`,
      ).toBeLessThanOrEqual(1e-12 * ref.vannaAbs[j] + 1e-300);
      expect(
        Math.abs(p.charm[j] - ref.charm[j]),
        `${at}: charm ${p.charm[j]} ref ${ref.charm[j]}`,
      ).toBeLessThanOrEqual(1e-12 * ref.charmAbs[j] + 1e-300);
    }
  });

  it('venue profiles sum to the total', () => {
    const p = exposureProfile(book, grid);
    expect(Object.keys(p.byVenue).sort()).toEqual(['cboe', 'deribit']);
    for (let j = 0; j < grid.length; j++) {
      const s = p.byVenue.cboe.gex[j] + p.byVenue.deribit.gex[j];
      expect(s).toBe(p.gex[j]);
    }
  });
});

describe('properties', () => {
  const spot = 70000;
  const bps = 0.000568;
  const grid = priceGrid(40000, 110000, 71);
  const base = { asOf: AS_OF, spot, btcPerShare: { IBIT: bps }, rate: 0.03 };

  it('the profile is linear in positions', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1e6 }),
        fc.double({ min: -50, max: 50, noNaN: true }),
        (seed, k) => {
          const chain = randomChain(seed, 12, spot, bps);
          const b1 = dealerBook(chain, { ...base, signModel: 'positions' });
          const bk = dealerBook(chain, { ...base, signModel: (r) => k * (r.dealer_position ?? 0) });
          const p1 = exposureProfile(b1, grid);
          const pk = exposureProfile(bk, grid);
          for (let j = 0; j < grid.length; j++) {
            const scaleG = Math.abs(k) * (Math.abs(p1.gex[j]) + 1e-9 * Math.max(...p1.gex.map(Math.abs)));
            if (Math.abs(pk.gex[j] - k * p1.gex[j]) > 1e-11 * scaleG + 1e-300) return false;
          }
          return true;
        },
      ),
      { numRuns: 40 },
    );
  });

  it('doubling OI doubles exposure (naive) and books add', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e6 }), (seed) => {
        const chain = randomChain(seed, 10, spot, bps);
        const doubled = chain.map((r) => ({ ...r, open_interest: 2 * r.open_interest }));
        const g1 = gammaProfile(dealerBook(chain, base), grid);
        const g2 = gammaProfile(dealerBook(doubled, base), grid);
        const a = gammaProfile(dealerBook(chain.slice(0, 4), base), grid);
        const b = gammaProfile(dealerBook(chain.slice(4), base), grid);
        for (let j = 0; j < grid.length; j++) {
          // ×2 is exact in binary floating point.
          if (g2[j] !== 2 * g1[j]) return false;
          const tol = 1e-12 * (Math.abs(a[j]) + Math.abs(b[j])) + 1e-300;
          if (Math.abs(a[j] + b[j] - g1[j]) > tol) return false;
        }
        return true;
      }),
      { numRuns: 40 },
    );
  });
});

describe('zero crossings and short-gamma bands on a constructed profile', () => {
  const grid = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const values = [-1, -2, 1, 2, 0, -1, 0, 3, -1, -1];

  it('bands with interpolated or exact-zero ends and open ends at the grid edges', () => {
    // [1, 2]: open below; hi between 2 (−2) and 3 (+1): 2 + 2/3.
    // [6]: neighbours are exact zeros at 5 and 7.
    // [9, 10]: lo between 8 (+3) and 9 (−1): 8.75; open above.
    const bands = shortGammaBands(grid, values);
    expect(bands.length).toBe(3);
    expect(bands[0]).toEqual({
      lo: 1,
      hi: expect.closeTo(2 + 2 / 3, 14),
      extendsBelowGrid: true,
      extendsAboveGrid: false,
      minGex: -2,
      minGexAt: 2,
    });
    expect(bands[1]).toEqual({
      lo: 5,
      hi: 7,
      extendsBelowGrid: false,
      extendsAboveGrid: false,
      minGex: -1,
      minGexAt: 6,
    });
    expect(bands[2]).toEqual({
      lo: 8.75,
      hi: 10,
      extendsBelowGrid: false,
      extendsAboveGrid: true,
      minGex: -1,
      minGexAt: 9,
    });
  });

  it('zero crossings: interpolated, exact zeros between opposite signs, no touch-only zeros', () => {
    const z = zeroCrossings(grid, values);
    expect(z.length).toBe(4);
    expect(z[0]).toBeCloseTo(2 + 2 / 3, 14);
    expect(z.slice(1)).toEqual([5, 7, 8.75]);
    // 0 touched without a change of sign, and a run of zeros between opposite signs.
    expect(zeroCrossings([1, 2, 3], [1, 0, 1])).toEqual([]);
    expect(zeroCrossings([1, 2, 3, 4], [1, 0, 0, -1])).toEqual([2.5]);
    expect(() => zeroCrossings([1, 2], [1])).toThrow(/1 values for a grid of 2/);
  });
});
