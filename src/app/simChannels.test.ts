import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { AnyChannel } from '../channels/registry.js';
import { InvalidInputError } from '../errors.js';
import type { MarketSnapshot } from '../market/snapshot.js';
import { constantKappaBook } from '../sim/testkit/books.js';
import { buildBooks, simGrid } from './simChannels.js';

const snapshot = { spot: { usd: 70_000 } } as unknown as MarketSnapshot;

/** A channel module of the contract's shape: κ from its assumptions, built on the given grid. */
const fake: AnyChannel = {
  id: 'leveredEtf',
  title: 'fake',
  assumptions: z.object({ kappa: z.number().min(0).max(1).default(0.1) }),
  build: (s, a, grid) => {
    expect(grid).toEqual(simGrid(s.spot.usd));
    return constantKappaBook(
      s.spot.usd,
      (a as { kappa: number }).kappa,
      1e8,
      'leveredEtf',
    ) as unknown as ReturnType<AnyChannel['build']>;
  },
};

describe('buildBooks', () => {
  it('builds the registered channels with their schema defaults, or the selected ones', () => {
    const all = buildBooks([fake], snapshot, null, {});
    expect(all.books).toHaveLength(1);
    expect(all.assumptions).toEqual({ leveredEtf: { kappa: 0.1 } });
    expect(buildBooks([fake], snapshot, [], {}).books).toHaveLength(0);
    const k = buildBooks([fake], snapshot, ['leveredEtf'], { leveredEtf: { kappa: 0.4 } });
    expect(k.books[0].perPctUsd[1400]).toBeCloseTo(0.4 * 1e8, 0);
  });

  it('names an unknown channel or a bad assumption (exit 2)', () => {
    expect(() => buildBooks([fake], snapshot, ['astrology'], {})).toThrow(InvalidInputError);
    expect(() => buildBooks([fake], snapshot, null, { tarot: { x: 1 } })).toThrow(/tarot/);
    expect(() => buildBooks([fake], snapshot, null, { leveredEtf: { kappa: 3 } })).toThrow(
      /leveredEtf\.kappa/,
    );
  });

  it('grid: ±50 % of spot in steps of 0.1 % of spot, spot a point', () => {
    const g = simGrid(70_000);
    expect(g.length).toBe(1001);
    expect(g[0]).toBeCloseTo(35_000, 6);
    expect(g[1000]).toBeCloseTo(105_000, 6);
    expect(g).toContain(70_000);
  });
});
