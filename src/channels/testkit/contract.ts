/*
 * The channel contract kit (docs/ADD_A_CHANNEL.md): every channel registers in one line,
 *   channelContract(myChannel, { variation: { someAssumption: value } });
 * and passes the same checks: zero trade at spot, the intensity's sign and units agree with the flow, finite
 * values of the grid's length, grid independence (a finer grid converges), `step` along monotone paths
 * reproduces `flowUsd` (without mutating its state), the decomposition reproduces `flowUsd`, and changing
 * one of its assumptions changes its book.
 */
import { describe, expect, it } from 'vitest';
import { QUALITIES } from '../../core/quality.js';
import type { MarketSnapshot } from '../../market/snapshot.js';
import type { Channel, ChannelBook } from '../channel.js';
import { flowFromIntensity, fragilityGrid, interpLog, spotIndex } from '../grid.js';
import { testSnapshot } from './snapshot.js';

export interface ContractCase {
  /** The snapshot to build on (default: the test snapshot). */
  readonly snapshot?: () => MarketSnapshot;
  /** Assumptions that must change the book (its flow or its exogenous trade). */
  readonly variation: Record<string, unknown>;
  /** Base assumptions (default: the schema's defaults). */
  readonly assumptions?: Record<string, unknown>;
}

function scale(b: ChannelBook): number {
  let s = Math.abs(b.exogenousUsd);
  for (const v of b.flowUsd) s = Math.max(s, Math.abs(v));
  return s;
}

export function channelContract<A extends import('zod').ZodType, S>(
  channel: Channel<MarketSnapshot, A, S>,
  c: ContractCase,
): void {
  const snap = (c.snapshot ?? (() => testSnapshot()))();
  const a = channel.assumptions.parse(c.assumptions ?? {});
  const spot = snap.spot.usd;
  const grid = fragilityGrid(spot);
  const book = channel.build(snap, a, grid) as ChannelBook<S>;
  const big = scale(book);
  const tol = 1e-9 * Math.max(1, big);

  describe(`channel contract: ${channel.id}`, () => {
    it('has data on the test snapshot and a non-trivial book', () => {
      expect(book.available, String(book.diagnostics.reason)).toBe(true);
      expect(big).toBeGreaterThan(0);
      expect(book.id).toBe(channel.id);
    });

    it('the schema gives defaults and rejects unknown keys', () => {
      expect(() => channel.assumptions.parse({})).not.toThrow();
      expect(channel.assumptions.safeParse({ noSuchAssumption: 1 }).success).toBe(false);
    });

    it('units: arrays of the grid length, finite, levels on the BTC axis, a known quality and provenance', () => {
      for (const arr of [book.flowUsd, book.perPctUsd, book.decomposition.reversibleUsd]) {
        expect(arr.length).toBe(grid.length);
        for (const v of arr) expect(Number.isFinite(v)).toBe(true);
      }
      expect(QUALITIES).toContain(book.quality);
      expect(book.provenance.length).toBeGreaterThan(0);
      for (const l of book.levels) {
        expect(l.price).toBeGreaterThan(0);
        expect(l.price).toBeLessThan(10 * spot);
      }
      expect(book.grid).toBe(grid);
      expect(book.spot).toBe(spot);
    });

    it('zero trade at spot', () => {
      expect(Math.abs(book.flowUsd[spotIndex(grid, spot)])).toBeLessThanOrEqual(tol);
    });

    it('sign conventions: the intensity integrates back to the flow (perPct = 0.01 d flow / d ln S)', () => {
      if (book.trigger === 'exogenous') {
        expect(book.flowUsd.every((v) => v === 0)).toBe(true);
        expect(book.step(spot, spot * 0.9, book.initialState()).tradeUsd).toBe(0);
        return;
      }
      const fine = fragilityGrid(spot, { lo: spot * 0.6, hi: spot * 1.4, step: spot / 4000 });
      const b = channel.build(snap, a, fine);
      const back = flowFromIntensity(fine, b.perPctUsd, spotIndex(fine, spot));
      const ends = [0, fine.length - 1];
      for (const j of ends)
        expect(Math.abs(back[j] - b.flowUsd[j])).toBeLessThanOrEqual(0.02 * scale(b) + tol);
    });

    it('grid independence: a finer grid converges', () => {
      const fine = fragilityGrid(spot, { lo: spot * 0.6, hi: spot * 1.4, step: spot / 8000 });
      const coarse = fragilityGrid(spot, { lo: spot * 0.6, hi: spot * 1.4, step: spot / 500 });
      const bf = channel.build(snap, a, fine);
      const bc = channel.build(snap, a, coarse);
      // Compare where both grids have a point: the coarse grid's points are points of the fine grid.
      for (const p of [0.62, 0.8, 0.95, 1.05, 1.2, 1.38]) {
        const price = spot * p;
        const jf = spotIndex(fine, price);
        const jc = spotIndex(coarse, fine[jf]);
        if (Math.abs(coarse[jc] - fine[jf]) > 1e-6 * spot) continue;
        expect(Math.abs(bf.flowUsd[jf] - bc.flowUsd[jc])).toBeLessThanOrEqual(0.01 * scale(bf) + tol);
      }
      expect(bf.exogenousUsd).toBeCloseTo(bc.exogenousUsd, 6);
    });

    it('the decomposition reproduces flowUsd', () => {
      const d = book.decomposition;
      for (let j = 0; j < grid.length; j++) {
        let f = d.reversibleUsd[j];
        for (const t of d.triggers) {
          if (t.direction === 'down' && t.price < spot && grid[j] <= t.price) f += t.tradeUsd;
          if (t.direction === 'up' && t.price > spot && grid[j] >= t.price) f += t.tradeUsd;
        }
        expect(Math.abs(f - book.flowUsd[j])).toBeLessThanOrEqual(tol);
      }
    });

    it('step along a monotone path reproduces flowUsd, and never mutates its state', () => {
      const k = spotIndex(grid, spot);
      for (const dir of [-1, 1]) {
        let state = book.initialState();
        let price = spot;
        let cum = 0;
        for (let j = k + dir; j >= 0 && j < grid.length; j += dir) {
          // an off-grid stop half-way, then the grid point
          for (const to of [Math.sqrt(price * grid[j]), grid[j]]) {
            const before = JSON.stringify(state);
            const r = book.step(price, to, state);
            expect(JSON.stringify(state)).toBe(before);
            state = r.state;
            cum += r.tradeUsd;
            price = to;
          }
          expect(Math.abs(cum - book.flowUsd[j])).toBeLessThanOrEqual(tol + 1e-9 * Math.abs(cum));
        }
        // a triggered trade happens once: going back and forth adds no trigger again
        const back = book.step(price, spot, state);
        const again = book.step(spot, price, back.state);
        const rev = book.decomposition.reversibleUsd;
        expect(again.tradeUsd).toBeCloseTo(interpLog(grid, rev, price) - interpLog(grid, rev, spot), 3);
      }
    });

    it('changing one of its assumptions changes its book', () => {
      const b = channel.build(
        snap,
        channel.assumptions.parse({ ...(c.assumptions ?? {}), ...c.variation }),
        grid,
      );
      let diff = Math.abs(b.exogenousUsd - book.exogenousUsd);
      for (let j = 0; j < grid.length; j++) diff = Math.max(diff, Math.abs(b.flowUsd[j] - book.flowUsd[j]));
      expect(diff).toBeGreaterThan(0);
    });
  });
}
