import { describe, expect, it } from 'vitest';
import { TEST_AS_OF, TEST_BPS, TEST_SPOT, testSnapshot } from '../channels/testkit/snapshot.js';
import { NEW_YORK, zonedWallTimeToUtcMs } from '../core/time.js';
import { fragilityMap } from '../fragility/map.js';
import { barrierGreeks, normCdf } from '../pricing/index.js';
import { bookOf, eventBooks, flowTo } from './books.js';
import { resolveOptions } from './options.js';
import { barrierLumpsOf } from './sections/barriers.js';
import { liquidationLadderOf } from './sections/liquidations.js';
import { dealerProfileOf, gexByVenue } from './sections/positioning.js';

/*
 * The sections as thin adapters: what they print is read off the channel books the run builds once
 * (forensics/books.ts), on the hand-written test snapshot (BTC 70,000, IBIT 0.00057 BTC per share).
 */
const o = resolveOptions({ eventDate: '2026-02-05', noteVol: 0.6 });
const books = eventBooks(testSnapshot(), o);

describe('eventBooks: one build per run, shared with the fragility map', () => {
  it('builds every channel once on one grid holding spot; the map reuses the very books', () => {
    expect(books.grid.length).toBeGreaterThanOrEqual(401);
    expect(books.grid).toContain(TEST_SPOT);
    expect(books.grid[0]).toBeCloseTo(0.6 * TEST_SPOT, 6);
    const map = fragilityMap({ snapshot: books.snapshot, grid: books.grid, books: books.books });
    for (const b of books.books) {
      const c = map.channels.find((x) => x.id === b.book.id)!;
      expect(c.flowUsd).toEqual(Array.from(b.book.flowUsd));
      expect(c.levels).toBe(b.book.levels);
    }
  });

  it('maps the run options onto channel assumptions: --note-vol is a flag vol, else DVOL, else the chain', () => {
    expect(books.assumptions.structuredNotes).toEqual({ volSource: 'flag', vol: 0.6 });
    expect(bookOf(books, 'structuredNotes').diagnostics.vol).toBe(0.6);
    const noFlag = eventBooks(testSnapshot(), resolveOptions({ eventDate: '2026-02-05' }));
    expect(bookOf(noFlag, 'structuredNotes').diagnostics.vol).toBe(0.5); // the snapshot's DVOL
    const noDvol = eventBooks(testSnapshot({ dvol: null }), resolveOptions({ eventDate: '2026-02-05' }));
    expect(noDvol.assumptions.structuredNotes).toEqual({ volSource: 'chain' });
    expect(bookOf(books, 'dealerOptions').diagnostics.signModel).toBe(o.signModel);
  });
});

describe('positioning: dealer gamma, zero gamma and short-gamma bands from the dealer-options book', () => {
  // Naive signs (dealers long calls, short puts): long gamma above, short below, so gamma crosses zero.
  const naive = eventBooks(testSnapshot(), resolveOptions({ eventDate: '2026-02-05', signModel: 'naive' }));
  const book = bookOf(naive, 'dealerOptions');
  const p = dealerProfileOf(book, 3e9);

  it('gamma is minus the book’s intensity, and the zero-gamma levels are where that intensity changes sign', () => {
    expect(p.gex).toEqual(Array.from(book.perPctUsd, (v) => -v));
    const g = book.grid;
    const v = book.perPctUsd;
    const crossings: number[] = [];
    for (let j = 0; j + 1 < g.length; j++)
      if (v[j] !== 0 && v[j + 1] !== 0 && v[j] > 0 !== v[j + 1] > 0)
        crossings.push(g[j] + ((g[j + 1] - g[j]) * v[j]) / (v[j] - v[j + 1]));
    expect(crossings.length).toBeGreaterThan(0);
    expect(p.zeroGamma.length).toBe(crossings.length);
    for (const [i, z] of p.zeroGamma.entries()) expect(z).toBeCloseTo(crossings[i], 6);
    expect(p.zeroGamma).toEqual(book.levels.filter((l) => l.kind === 'zero-gamma').map((l) => l.price));
  });

  it('short-gamma bands are the book’s bands: gamma negative inside, their size the book’s flow across them', () => {
    const bands = book.levels.filter((l) => l.kind === 'short-gamma-band');
    expect(p.shortGammaBands.length).toBe(bands.length);
    expect(bands.length).toBeGreaterThan(0);
    for (const b of p.shortGammaBands) {
      const level = bands.find((l) => l.price === b.lo)!;
      expect(b.hi).toBe(level.hi);
      expect(b.sizeUsd).toBe(level.sizeUsd);
      expect(b.minGex).toBeLessThan(0);
      for (let j = 0; j < book.grid.length; j++)
        if (book.grid[j] > b.lo && book.grid[j] < b.hi) expect(p.gex[j]).toBeLessThanOrEqual(0);
    }
  });

  it('the hedge trade for a 1% move is the book’s flow, + buy / − sell, of the sign the gamma implies', () => {
    const k = book.grid.indexOf(TEST_SPOT);
    const g0 = -book.perPctUsd[k];
    expect(p.hedgeFlow.dollarGamma1pct).toBe(g0);
    expect(p.hedgeFlow.regime).toBe(g0 < 0 ? 'short-gamma' : 'long-gamma');
    expect(p.hedgeFlow.tradeOnFall1pctUsd).toBe(flowTo(book, TEST_SPOT * 0.99));
    // Long gamma buys into a fall, short gamma sells; to second order (the odd part of a ±1% move, where the
    // gamma's slope cancels) the trade is the dealer gamma per 1%.
    expect(Math.sign(p.hedgeFlow.tradeOnFall1pctUsd)).toBe(Math.sign(g0));
    const odd = (p.hedgeFlow.tradeOnFall1pctUsd - p.hedgeFlow.tradeOnRise1pctUsd) / 2;
    expect(Math.abs(odd / g0 - 1)).toBeLessThan(2e-3);
    expect(Math.abs(p.hedgeFlow.tradeOnFall1pctUsd / g0 - 1)).toBeLessThan(0.05);
    expect(p.hedgeFlow.fractionOfAdv).toBeCloseTo(Math.abs(g0) / 3e9, 12);
  });

  it('per-venue gamma is the channel built on each venue, and the venues sum to the total', () => {
    const byVenue = gexByVenue(naive, book);
    expect(Object.keys(byVenue).sort()).toEqual(['cboe', 'deribit']);
    for (let j = 0; j < book.grid.length; j += 7) {
      const sum = byVenue.cboe[j] + byVenue.deribit[j];
      expect(sum).toBeCloseTo(p.gex[j], Math.max(0, 6 - Math.ceil(Math.log10(Math.abs(p.gex[j]) + 1))));
    }
  });
});

describe('positioning on a two-option book by hand (Deribit, forward = spot, tau 0.25, vol 0.5)', () => {
  // Dealer long 10 calls K = 70000, short 10 puts K = 60000 (naive signs on OI 10 each). Dollar gamma per
  // 1 % = 0.01 · n(d1) · S / σ√τ · units with σ√τ = 0.25 (src/analytics/positioning.test.ts has the terms):
  // at 60,000 the call gives +8484.82 and the put −9500.10, total −1015.28; zero gamma where
  // n(d1_call) = n(d1_put), S* = √(Kc·Kp)·exp(−σ²τ/2) = 62813.49.
  const asOf = '2026-01-01T00:00:00Z';
  const twoOptions = (spot: number) => {
    const base = testSnapshot().chain[2];
    const leg = (strike: number, option_type: 'call' | 'put') => ({
      ...base,
      as_of: asOf,
      venue: 'deribit',
      underlying: 'BTC',
      expiry: '2026-04-02T06:00:00Z',
      strike,
      option_type,
      open_interest: 10,
      dealer_position: null,
      iv: 0.5,
      underlying_price: spot,
      multiplier: 1,
    });
    return testSnapshot({
      asOf,
      spot: { usd: spot, asOf, quality: 'observed', source: 'test' },
      chain: [leg(70000, 'call'), leg(60000, 'put')],
    });
  };
  const opts = (spot: number) =>
    resolveOptions({
      eventDate: '2026-01-02',
      since: '2025-01-01',
      signModel: 'naive',
      gridLo: 50000 / spot,
      gridHi: 80000 / spot,
      gridPoints: 801,
    });

  it('at spot 60,000: short gamma, −1015.28 USD per 1 %; a 1 % fall sells about that much', () => {
    const b = eventBooks(twoOptions(60000), opts(60000));
    const p = dealerProfileOf(bookOf(b, 'dealerOptions'), 1e6);
    expect(p.hedgeFlow.regime).toBe('short-gamma');
    expect(p.hedgeFlow.dollarGamma1pct).toBeCloseTo(-1015.28452, 3);
    expect(p.hedgeFlow.fractionOfAdv).toBeCloseTo(1.01528452e-3, 9);
    expect(p.hedgeFlow.tradeOnFall1pctUsd).toBeLessThan(0);
    expect((p.hedgeFlow.tradeOnFall1pctUsd - p.hedgeFlow.tradeOnRise1pctUsd) / 2).toBeCloseTo(-1015.28, 0);
    expect(p.hedgeFlow.direction).toContain('sells into falls');
    expect(dealerProfileOf(bookOf(b, 'dealerOptions'), null).hedgeFlow.fractionOfAdv).toBeNull();
  });

  it('at spot 65,000: one zero-gamma level at S* = 62813.49, short gamma below it', () => {
    const b = eventBooks(twoOptions(65000), opts(65000));
    const p = dealerProfileOf(bookOf(b, 'dealerOptions'), null);
    expect(p.zeroGamma.length).toBe(1);
    expect(Math.abs(p.zeroGamma[0] - 62813.49)).toBeLessThan(0.5);
    expect(p.shortGammaBands.length).toBe(1);
    expect(p.shortGammaBands[0].extendsBelowGrid).toBe(true);
    expect(p.shortGammaBands[0].hi).toBe(p.zeroGamma[0]);
    expect(p.hedgeFlow.regime).toBe('long-gamma');
  });
});

describe('barriers: the knock-in lump at each barrier is the structured-note book’s trigger', () => {
  const book = bookOf(books, 'structuredNotes');
  const { lumps, clusters } = barrierLumpsOf(book, books.snapshot);

  it('one lump per live daily barrier below spot; the final-monitoring note has none', () => {
    expect(lumps.map((l) => l.noteIds)).toEqual([['N-daily-1'], ['N-daily-2']]);
    expect(lumps.map((l) => l.barrierShare)).toEqual([31.5, 29.25]);
  });

  it('N-daily-1’s lump by hand: shares · (Δ_DI just above B − Δ_put at B) · B, a sale', () => {
    const tau =
      (zonedWallTimeToUtcMs('2026-06-01', 16, 0, NEW_YORK) - Date.parse(TEST_AS_OF)) / (365 * 86_400_000);
    const B = 31.5;
    const K = 45;
    const vol = 0.6;
    const dDI = barrierGreeks({
      type: 'put',
      kind: 'down-in',
      spot: B * (1 + 1e-9),
      strike: K,
      barrier: B,
      tau,
      rate: 0,
      divYield: 0,
      vol,
      monitoringInterval: 1 / 252,
    }).delta;
    const d1 = (Math.log(B / K) + 0.5 * vol * vol * tau) / (vol * Math.sqrt(tau));
    const dPut = -normCdf(-d1);
    const expected = (20e6 / K) * (dDI - dPut) * B;
    expect(expected).toBeLessThan(0);
    expect(lumps[0].tradeUsd).toBeCloseTo(expected, 3);
    expect(lumps[0].barrierBtc).toBe(B / TEST_BPS);
  });

  it('each cluster is a knock-in level of the book: its lump is the level’s sizeUsd', () => {
    const levels = book.levels.filter((l) => l.kind === 'knock-in');
    expect(clusters.length).toBe(levels.length);
    expect(clusters.length).toBe(2);
    for (const [i, c] of clusters.entries()) {
      expect(c.btcLevel).toBe(levels[i].price);
      expect(c.lumpUsd).toBe(levels[i].sizeUsd);
      const inside = lumps.filter((l) => l.barrierBtc >= c.btcLo && l.barrierBtc <= c.btcHi);
      expect(c.lumpUsd).toBeCloseTo(
        inside.reduce((s, l) => s + l.tradeUsd, 0),
        6,
      );
      expect(c.shareLevel).toBeCloseTo(c.btcLevel * TEST_BPS, 9);
      expect(c.notionalUsd).toBe(20e6 * c.count);
    }
    // The lumps are the only one-shot part of the book: a fall past both barriers trades them once.
    const past = flowTo(book, 50_000);
    const reversible = book.step(TEST_SPOT, 50_000, { fired: new Uint8Array(2).fill(1) }).tradeUsd;
    expect(past - reversible).toBeCloseTo(lumps[0].tradeUsd + lumps[1].tradeUsd, 3);
  });
});

describe('liquidations: the ladder is the perp-liquidation book', () => {
  const book = bookOf(books, 'perpLiquidations');

  it('a fall to 60,000 sells the 10x long entered at 72,000, by hand on the first Binance bracket', () => {
    const ladder = liquidationLadderOf(book, TEST_AS_OF, 60_000);
    // Isolated margin, first BTCUSDT bracket (MMR 0.4 %, maintenance amount 0): LP = EP·(1 − 1/L)/(1 − MMR).
    const lp = (72_000 * (1 - 1 / 10)) / (1 - 0.004);
    const sale = -(300e6 / 72_000) * lp;
    // The 5x long at 69,000 liquidates at 55,422 (below the low); the 1x long never; the short on a rise.
    expect(ladder.between?.longUsd).toBeCloseTo(sale, 2);
    expect(ladder.between?.cohorts).toBe(1);
    expect(ladder.between?.longUsd).toBe(flowTo(book, 60_000));
  });

  it('cumulative ladders are the book’s flow (sales below spot as USD sold, purchases above), buckets its triggers', () => {
    const ladder = liquidationLadderOf(book, TEST_AS_OF, null);
    expect(ladder.between).toBeNull();
    expect(ladder.grid).toContain(TEST_SPOT);
    for (let i = 0; i < ladder.grid.length; i++) {
      const j = book.grid.indexOf(ladder.grid[i]);
      expect(j).toBeGreaterThanOrEqual(0);
      if (ladder.grid[i] <= TEST_SPOT) expect(ladder.cumLongToLevel[i]).toBe(-book.flowUsd[j]);
      if (ladder.grid[i] >= TEST_SPOT) expect(ladder.cumShortToLevel[i]).toBe(book.flowUsd[j]);
    }
    const sold = book.decomposition.triggers
      .filter((t) => t.direction === 'down' && t.price >= ladder.grid[0])
      .reduce((s, t) => s - t.tradeUsd, 0);
    const bought = book.decomposition.triggers
      .filter((t) => t.direction === 'up' && t.price < ladder.grid.at(-1)!)
      .reduce((s, t) => s + t.tradeUsd, 0);
    expect(ladder.longByBucket.reduce((a, b) => a + b, 0)).toBeCloseTo(sold, 3);
    expect(ladder.shortByBucket.reduce((a, b) => a + b, 0)).toBeCloseTo(bought, 3);
    expect(sold).toBeGreaterThan(0);
    expect(bought).toBeGreaterThan(0);
    expect(ladder.walls).toEqual(book.levels.filter((l) => l.kind === 'liquidation-wall'));
  });
});
