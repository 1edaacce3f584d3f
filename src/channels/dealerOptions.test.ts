import { describe, expect, it } from 'vitest';
import { type DealerBook, dealerBook } from '../analytics/positioning.js';
import { bsGreeks, bsGreeksKernel, G_COUNT, G_DELTA, G_PRICE } from '../pricing/index.js';
import { addPremiumAdjustment, dealerOptions } from './dealerOptions.js';
import { fragilityGrid, spotIndex } from './grid.js';
import { channelContract } from './testkit/contract.js';
import { TEST_AS_OF, TEST_BPS, TEST_SPOT, testSnapshot } from './testkit/snapshot.js';

channelContract(dealerOptions, { variation: { spotVolBeta: 0.5 } });
channelContract(dealerOptions, {
  assumptions: { inverseDelta: 'premium-adjusted', spotVolBeta: 0.3 },
  variation: { signModel: 'naive' },
});

const YEAR = 365 * 86_400_000;
const defaults = dealerOptions.assumptions.parse({});

describe('dealerOptions', () => {
  it("a two-option book's trade for a ±1% move is minus its dealer dollar gamma per 1%, to second order", () => {
    const snap = testSnapshot();
    const two = snap.chain.filter((r) => r.venue === 'cboe');
    const s = testSnapshot({ chain: two });
    // Dealer dollar gamma per 1% from bsGreeks (Haug), independent of the grid kernel.
    let gex = 0;
    for (const r of two) {
      const U = TEST_SPOT * TEST_BPS;
      const g = bsGreeks({
        type: r.option_type,
        spot: U,
        strike: r.strike,
        tau: (Date.parse(r.expiry) - Date.parse(TEST_AS_OF)) / YEAR,
        rate: 0,
        divYield: 0,
        vol: r.iv!,
      });
      gex += g.gamma * U * U * 0.01 * r.dealer_position! * r.multiplier;
    }
    // dealers short 20k puts, long 15k calls: net short gamma here
    expect(gex).toBeLessThan(0);
    const oddError = (h: number) => {
      const g = fragilityGrid(TEST_SPOT, {
        lo: TEST_SPOT * Math.exp(-h),
        hi: TEST_SPOT * Math.exp(h),
        step: 0.25,
      });
      const bk = dealerOptions.build(s, defaults, g);
      const up = bk.flowUsd[g.length - 1];
      const down = bk.flowUsd[0];
      // first order: each side within a few % of ∓GEX per 1%, scaled to the move
      expect(Math.abs(up + (gex * h) / 0.01)).toBeLessThan(0.05 * Math.abs(gex));
      expect(Math.abs(down - (gex * h) / 0.01)).toBeLessThan(0.05 * Math.abs(gex));
      return Math.abs(((up - down) / 2) * (0.01 / h) + gex);
    };
    // the odd part equals −GEX with an error O(h²): 1% of GEX at most for ±1%, and 4× smaller at ±0.5%
    const e1 = oddError(0.01);
    expect(e1).toBeLessThan(1e-2 * Math.abs(gex));
    expect(oddError(0.005)).toBeLessThan(e1 / 3);
    const grid = fragilityGrid(TEST_SPOT, { lo: TEST_SPOT * 0.99, hi: TEST_SPOT * 1.01, step: 1 });
    const b = dealerOptions.build(s, defaults, grid);
    const down = b.flowUsd[0];
    // dealers short gamma sell into the fall (down < 0): amplifying, perPct > 0 at spot
    expect(down).toBeLessThan(0);
    expect(b.perPctUsd[spotIndex(grid, TEST_SPOT)]).toBeCloseTo(-gex, 0);
  });

  it('the naive sign model (dealers long calls, short puts) and the fall-back without dealer positions', () => {
    const grid = fragilityGrid(TEST_SPOT);
    const noPos = testSnapshot({ chain: testSnapshot().chain.map((r) => ({ ...r, dealer_position: null })) });
    const b = dealerOptions.build(noPos, defaults, grid);
    expect(b.diagnostics.signModelFellBack).toBe(true);
    const naive = dealerOptions.build(noPos, dealerOptions.assumptions.parse({ signModel: 'naive' }), grid);
    expect(Array.from(b.flowUsd)).toEqual(Array.from(naive.flowUsd));
  });

  it('a spot–vol beta adds the vanna flow: perPct = −GEX + β·VANNA', () => {
    const grid = fragilityGrid(TEST_SPOT);
    const k = spotIndex(grid, TEST_SPOT);
    const sticky = dealerOptions.build(testSnapshot(), defaults, grid);
    const beta = dealerOptions.build(
      testSnapshot(),
      dealerOptions.assumptions.parse({ spotVolBeta: 0.5 }),
      grid,
    );
    const d = sticky.diagnostics;
    // at spot the vols are unshifted, so the difference is exactly β · vanna at spot
    expect(beta.perPctUsd[k] - sticky.perPctUsd[k]).toBeCloseTo(0.5 * Number(d.vannaAtSpotUsd), 3);
    expect(sticky.levels.some((l) => l.kind === 'zero-gamma' || l.kind === 'short-gamma-band')).toBe(true);
  });

  it('spot–vol beta by default: the DVOL estimate of the snapshot (clamped to [0, 5]), else 0 with the reason; a flag overrides', () => {
    const grid = fragilityGrid(TEST_SPOT);
    const est = {
      ok: true as const,
      beta: 0.42,
      se: 0.03,
      n: 719,
      correlation: -0.5,
      from: '2026-01-05T21:00:00Z',
      to: '2026-02-04T20:00:00Z',
      windowDays: 30,
      estimator: 'OLS',
      source: 'deribit:DVOL 1h vs binance:BTC-USD 1h',
      quality: 'observed' as const,
    };
    const withEst = testSnapshot({ spotVolBeta: est });
    const byDvol = dealerOptions.build(withEst, defaults, grid);
    const byFlag = dealerOptions.build(withEst, dealerOptions.assumptions.parse({ spotVolBeta: 0.42 }), grid);
    expect(Array.from(byDvol.flowUsd)).toEqual(Array.from(byFlag.flowUsd));
    expect(byDvol.diagnostics).toMatchObject({
      spotVolBeta: 0.42,
      spotVolBetaBasis: 'dvol',
      spotVolBetaSe: 0.03,
      spotVolBetaPairs: 719,
    });
    expect(String(byDvol.diagnostics.spotVolBetaSource)).toMatch(/Deribit DVOL/);
    expect(byDvol.provenance.some((p) => p.input.includes('spot–vol beta') && p.rows === 719)).toBe(true);
    expect(byFlag.diagnostics.spotVolBetaBasis).toBe('flag');
    // a flag of 0 is sticky strike even with an estimate
    const zero = dealerOptions.build(withEst, dealerOptions.assumptions.parse({ spotVolBeta: 0 }), grid);
    expect(Array.from(zero.flowUsd)).toEqual(
      Array.from(dealerOptions.build(testSnapshot(), defaults, grid).flowUsd),
    );
    const noDvol = dealerOptions.build(
      testSnapshot({
        spotVolBeta: { ok: false, reason: 'no hourly DVOL in the 30 days before the instant' },
      }),
      defaults,
      grid,
    );
    expect(noDvol.diagnostics).toMatchObject({ spotVolBeta: 0, spotVolBetaBasis: 'fallback' });
    expect(String(noDvol.diagnostics.spotVolBetaReason)).toMatch(/no hourly DVOL/);
    const negative = dealerOptions.build(
      testSnapshot({ spotVolBeta: { ...est, beta: -0.2 } }),
      defaults,
      grid,
    );
    expect(negative.diagnostics).toMatchObject({ spotVolBeta: 0, spotVolBetaEstimate: -0.2 });
    expect(String(negative.diagnostics.spotVolBetaReason)).toMatch(/clamped/);
  });

  it('premium-adjusted inverse delta changes only the Deribit part', () => {
    const grid = fragilityGrid(TEST_SPOT);
    const ibitOnly = testSnapshot({ chain: testSnapshot().chain.filter((r) => r.venue === 'cboe') });
    const pa = dealerOptions.assumptions.parse({ inverseDelta: 'premium-adjusted' });
    expect(Array.from(dealerOptions.build(ibitOnly, pa, grid).flowUsd)).toEqual(
      Array.from(dealerOptions.build(ibitOnly, defaults, grid).flowUsd),
    );
    const all = dealerOptions.build(testSnapshot(), pa, grid);
    expect(all.flowUsd[0]).not.toBeCloseTo(dealerOptions.build(testSnapshot(), defaults, grid).flowUsd[0], 0);
  });

  it('no chain: an unavailable book that says why', () => {
    const b = dealerOptions.build(testSnapshot({ chain: [] }), defaults, fragilityGrid(TEST_SPOT));
    expect(b.available).toBe(false);
    expect(b.diagnostics.reason).toMatch(/no option chain/);
  });
});

describe('premium-adjusted part on the grid kernels', () => {
  /** The previous implementation: the full scalar Greeks kernel per option × point. */
  function reference(book: DealerBook, inverse: Uint8Array, xs: Float64Array, shift: Float64Array) {
    const out = new Float64Array(xs.length);
    const g = new Float64Array(G_COUNT);
    for (let i = 0; i < book.n; i++) {
      if (inverse[i] !== 1) continue;
      for (let j = 0; j < xs.length; j++) {
        const f = xs[j] * book.scale[i];
        const vol = Math.max(book.vol[i] + shift[j], 0.01);
        bsGreeksKernel(
          book.sign[i],
          f,
          book.strike[i],
          book.tau[i],
          book.rate[i],
          book.divYield[i],
          vol,
          g,
          0,
        );
        out[j] += 0.01 * book.units[i] * (g[G_DELTA] * f - g[G_PRICE]);
      }
    }
    return out;
  }

  // A wider book than the test snapshot: many Deribit strikes and expiries, both types, long and short.
  const snap = testSnapshot();
  const base = snap.chain.find((r) => r.venue === 'deribit')!;
  const chain = [...snap.chain];
  for (let k = 0; k < 60; k++)
    chain.push({
      ...base,
      strike: 40_000 + 1_000 * k,
      option_type: k % 2 === 0 ? 'call' : 'put',
      expiry: new Date(Date.parse(TEST_AS_OF) + (1 + ((k * 7) % 180)) * 86_400_000).toISOString(),
      iv: 0.35 + 0.01 * (k % 40),
      dealer_position: (k % 3) - 1 === 0 ? 250 : ((k % 3) - 1) * 400,
    });
  const book = dealerBook(chain, {
    asOf: TEST_AS_OF,
    spot: TEST_SPOT,
    btcPerShare: snap.btcPerShare,
    signModel: 'positions',
  });
  const inverse = Uint8Array.from({ length: book.n }, (_, i) =>
    chain[book.rowIndex[i]].underlying === 'BTC' ? 1 : 0,
  );
  const xs = fragilityGrid(TEST_SPOT);

  it('sticky strike (bsGreeksGrid) equals the per-option scalar kernel within 1e-9 of the gross size', () => {
    const shift = new Float64Array(xs.length);
    const got = new Float64Array(xs.length);
    addPremiumAdjustment(book, inverse, xs, shift, got);
    const want = reference(book, inverse, xs, shift);
    const gross = want.reduce((s, v) => Math.max(s, Math.abs(v)), 0);
    expect(gross).toBeGreaterThan(0);
    for (let j = 0; j < xs.length; j++) expect(Math.abs(got[j] - want[j])).toBeLessThan(1e-9 * gross);
  });

  it('with a vol path (bsPriceDeltaGammaBatch per point) equals the scalar kernel bit for bit', () => {
    const shift = Float64Array.from(xs, (x) => -0.6 * Math.log(x / TEST_SPOT));
    const got = new Float64Array(xs.length);
    addPremiumAdjustment(book, inverse, xs, shift, got);
    expect(Array.from(got)).toEqual(Array.from(reference(book, inverse, xs, shift)));
  });

  it('adds nothing without coin-settled options', () => {
    const got = new Float64Array(xs.length);
    addPremiumAdjustment(book, new Uint8Array(book.n), xs, new Float64Array(xs.length), got);
    expect(got.every((v) => v === 0)).toBe(true);
  });
});
