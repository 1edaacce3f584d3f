import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { priceBook } from './book.js';
import type { Trigger } from './channel.js';
import { flowFromIntensity, fragilityGrid, interpLog, spotIndex } from './grid.js';

const SPOT = 70_000;
const grid = fragilityGrid(SPOT, { lo: 40_000, hi: 100_000, step: 500 });
const k = spotIndex(grid, SPOT);

const trigger = fc.record({
  price: fc.double({ min: 40_000.5, max: 99_999.5, noNaN: true }),
  tradeUsd: fc.double({ min: -1e9, max: 1e9, noNaN: true }),
});

function book(raw: { price: number; tradeUsd: number }[], slope: number) {
  const triggers: Trigger[] = raw
    .filter((t) => t.price !== SPOT)
    .map((t) => ({ ...t, direction: t.price < SPOT ? 'down' : 'up' }));
  // a reversible curve: a delta hedge of constant intensity `slope` USD per 1 %
  const perPct = new Float64Array(grid.length).fill(slope);
  const rev = flowFromIntensity(grid, perPct, k);
  return priceBook({
    id: 'perpLiquidations',
    title: 't',
    spot: SPOT,
    grid,
    reversibleUsd: rev,
    reversiblePerPctUsd: perPct,
    triggers,
    levels: [],
    quality: 'reconstructed',
    provenance: [],
    diagnostics: {},
  });
}

describe('priceBook (property)', () => {
  it('any path of steps pays each trigger at most once; a monotone path reproduces flowUsd', () => {
    fc.assert(
      fc.property(
        fc.array(trigger, { maxLength: 30 }),
        fc.double({ min: -1e8, max: 1e8, noNaN: true }),
        fc.array(fc.double({ min: 40_000, max: 100_000, noNaN: true }), { minLength: 1, maxLength: 20 }),
        (raw, slope, path) => {
          const b = book(raw, slope);
          // monotone down to the grid's end, point by point
          let s = b.initialState();
          let cum = 0;
          for (let j = k - 1; j >= 0; j--) {
            const r = b.step(grid[j + 1], grid[j], s);
            s = r.state;
            cum += r.tradeUsd;
            expect(Math.abs(cum - b.flowUsd[j])).toBeLessThanOrEqual(1e-6 * (1 + Math.abs(cum)));
          }
          // an arbitrary path: the one-shot part paid never exceeds the sum of the triggers it crossed once
          let st = b.initialState();
          let price = SPOT;
          let oneShot = 0;
          for (const to of path) {
            const r = b.step(price, to, st);
            oneShot +=
              r.tradeUsd -
              (interpLog(grid, b.decomposition.reversibleUsd, to) -
                interpLog(grid, b.decomposition.reversibleUsd, price));
            st = r.state;
            price = to;
          }
          const fired = b.decomposition.triggers
            .filter((_t, i) => st.fired[i] === 1)
            .reduce((a, t) => a + t.tradeUsd, 0);
          expect(Math.abs(oneShot - fired)).toBeLessThanOrEqual(1e-6 * (1 + Math.abs(fired)));
          expect(st.fired.every((f) => f === 0 || f === 1)).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('the intensity of the triggers integrates to their trades (perPct = 0.01 d flow / d ln S)', () => {
    fc.assert(
      fc.property(fc.array(trigger, { minLength: 1, maxLength: 20 }), (raw) => {
        const b = book(raw, 0);
        const back = flowFromIntensity(grid, b.perPctUsd, k);
        // at the grid's ends every trigger of that side has fired
        for (const j of [0, grid.length - 1]) {
          const scale = b.decomposition.triggers.reduce((a, t) => a + Math.abs(t.tradeUsd), 0);
          expect(Math.abs(back[j] - b.flowUsd[j])).toBeLessThanOrEqual(1e-6 * (1 + scale));
        }
      }),
      { numRuns: 200 },
    );
  });
});
