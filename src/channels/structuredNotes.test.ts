import { describe, expect, it } from 'vitest';
import { barrierGreeks, bsGreeks } from '../pricing/index.js';
import { fragilityGrid, interpLog } from './grid.js';
import { structuredNotes } from './structuredNotes.js';
import { channelContract } from './testkit/contract.js';
import { TEST_AS_OF, TEST_BPS, TEST_SPOT, testSnapshot } from './testkit/snapshot.js';

channelContract(structuredNotes, { variation: { volSource: 'flag', vol: 0.9 } });

const YEAR = 365 * 86_400_000;
const grid = fragilityGrid(TEST_SPOT);

describe('structuredNotes', () => {
  it("one note's lump at knock-in, by hand: shares · barrier · (Δ_DI just above − Δ_put), a sale", () => {
    const snap = testSnapshot();
    const one = testSnapshot({ notes: [snap.notes[0]] });
    const a = structuredNotes.assumptions.parse({ volSource: 'flag', vol: 0.6 });
    const b = structuredNotes.build(one, a, grid);
    const n = snap.notes[0];
    const tau = (Date.parse('2026-06-01T20:00:00Z') - Date.parse(TEST_AS_OF)) / YEAR;
    const common = { strike: n.initial_level, tau, rate: 0, divYield: 0, vol: 0.6 };
    const dAbove = barrierGreeks({
      type: 'put',
      kind: 'down-in',
      spot: n.barrier_level * (1 + 1e-9),
      barrier: n.barrier_level,
      monitoringInterval: 1 / 252,
      ...common,
    }).delta;
    const dPut = bsGreeks({ type: 'put', spot: n.barrier_level, ...common }).delta;
    const shares = n.notional_usd / n.initial_level;
    const expected = shares * n.barrier_level * (dAbove - dPut);
    expect(b.decomposition.triggers).toHaveLength(1);
    const t = b.decomposition.triggers[0];
    expect(t.price).toBeCloseTo(n.barrier_level / TEST_BPS, 6);
    expect(t.direction).toBe('down');
    expect(t.tradeUsd).toBeCloseTo(expected, 0);
    expect(b.levels[0]).toMatchObject({ kind: 'knock-in', channel: 'structuredNotes' });
  });

  it('dealers buy into a fall above the barrier (long gamma: damping) and nothing knocks in on a rise', () => {
    const b = structuredNotes.build(testSnapshot(), structuredNotes.assumptions.parse({}), grid);
    expect(interpLog(grid, b.flowUsd, TEST_SPOT * 0.97)).toBeGreaterThan(0);
    expect(interpLog(grid, b.perPctUsd, TEST_SPOT * 0.97)).toBeLessThan(0);
    expect(b.decomposition.triggers.every((t) => t.direction === 'down' && t.price < TEST_SPOT)).toBe(true);
    expect(b.diagnostics.volSource).toMatch(/^Deribit DVOL/); // the default since issue 9: DVOL
  });

  it('|delta| > 1 just above the barrier close to expiry: the knock-in lump is a sale larger than the shares', () => {
    const near = {
      ...testSnapshot().notes[0],
      note_id: 'near',
      barrier_level: 38,
      maturity: '2026-02-11',
    };
    const b = structuredNotes.build(
      testSnapshot({ notes: [near] }),
      structuredNotes.assumptions.parse({ volSource: 'flag', vol: 0.6 }),
      grid,
    );
    expect(Number(b.diagnostics.maxAbsDeltaJustAboveBarrier)).toBeGreaterThan(1);
    expect(b.decomposition.triggers[0].tradeUsd).toBeLessThan(0);
  });

  it('a daily note whose barrier a close already reached is a vanilla put: no trigger', () => {
    const snap = testSnapshot({
      etfCloses: [{ date: '2026-01-10', close: 31 }, ...testSnapshot().etfCloses],
    });
    const b = structuredNotes.build(snap, structuredNotes.assumptions.parse({}), grid);
    expect(b.diagnostics.knockedInBefore).toBe(1);
    expect(b.decomposition.triggers).toHaveLength(1);
  });

  it('continuous monitoring (no BGK shift) moves the knock-in trades', () => {
    const a = structuredNotes.build(testSnapshot(), structuredNotes.assumptions.parse({}), grid);
    const c = structuredNotes.build(
      testSnapshot(),
      structuredNotes.assumptions.parse({ monitoring: 'continuous' }),
      grid,
    );
    expect(c.decomposition.triggers.map((t) => t.price)).toEqual(
      a.decomposition.triggers.map((t) => t.price),
    );
    expect(c.decomposition.triggers[0].tradeUsd).not.toBeCloseTo(a.decomposition.triggers[0].tradeUsd, 0);
    expect(String(c.diagnostics.monitoring)).toMatch(/intraday touch/);
  });

  it('note vol: DVOL by default, the ETF chain when there is no DVOL, the flag value when neither', () => {
    const parse = (x: object) => structuredNotes.assumptions.parse(x);
    const withDvol = structuredNotes.build(testSnapshot(), parse({}), grid);
    expect(withDvol.diagnostics.vol).toBe(0.5);
    expect(String(withDvol.diagnostics.volSource)).toMatch(/^Deribit DVOL at /);
    const noDvol = structuredNotes.build(testSnapshot({ dvol: null }), parse({}), grid);
    expect(noDvol.diagnostics.vol).not.toBe(0.5);
    expect(String(noDvol.diagnostics.volSource)).toMatch(/at-the-money implied vol \(no DVOL/);
    const neither = structuredNotes.build(testSnapshot({ dvol: null, chain: [] }), parse({ vol: 0.7 }), grid);
    expect(neither.diagnostics.vol).toBe(0.7);
    expect(neither.quality).toBe('reconstructed');
  });

  it('notes on an ETF with no BTC per share are left out and counted; none priceable is unavailable, not a throw', () => {
    const snap = testSnapshot();
    const other = { ...snap.notes[0], note_id: 'X-1', underlying: 'FBTC' };
    const mixed = structuredNotes.build(
      testSnapshot({ notes: [...snap.notes, other] }),
      structuredNotes.assumptions.parse({}),
      grid,
    );
    expect(mixed.available).toBe(true);
    expect(mixed.diagnostics.withoutBtcPerShare).toBe(1);
    expect(mixed.diagnostics.withoutBtcPerShareOn).toBe('FBTC');
    const base = structuredNotes.build(snap, structuredNotes.assumptions.parse({}), grid);
    expect(mixed.flowUsd).toEqual(base.flowUsd);
    const none = structuredNotes.build(
      testSnapshot({ notes: [other] }),
      structuredNotes.assumptions.parse({}),
      grid,
    );
    expect(none.available).toBe(false);
    expect(String(none.diagnostics.reason)).toMatch(/no BTC per share for FBTC/);
  });

  it('no notes: an unavailable book that says why', () => {
    const b = structuredNotes.build(testSnapshot({ notes: [] }), structuredNotes.assumptions.parse({}), grid);
    expect(b.available).toBe(false);
  });
});
