import { describe, expect, it } from 'vitest';
import { fragilityGrid, interpLog } from '../channels/grid.js';
import { testSnapshot } from '../channels/testkit/snapshot.js';
import { InvalidInputError } from '../errors.js';
import { DEFAULT_DEPTH_PER_PCT_USD, FRAGILITY_SCHEMA, fragilityMap } from './map.js';

const snapshot = testSnapshot();
const grid = fragilityGrid(snapshot.spot.usd);
const assumptions = { fundDegrossing: { holdingsUsd: 5e9 } };

describe('fragilityMap', () => {
  const map = fragilityMap({ snapshot, grid, assumptions });

  it('has the schema, the grid, every channel and zero at spot', () => {
    expect(map.schema).toBe(FRAGILITY_SCHEMA);
    expect(map.grid).toHaveLength(grid.length);
    expect(map.channels.map((c) => c.id)).toEqual([
      'dealerOptions',
      'structuredNotes',
      'perpLiquidations',
      'leveredEtf',
      'basisUnwind',
      'fundDegrossing',
    ]);
    const k = map.grid.indexOf(snapshot.spot.usd);
    expect(map.total.flowUsd[k]).toBeCloseTo(0, 6);
  });

  it('the total is the sum of the channels; κ is the total trade per 1% over depth', () => {
    for (let j = 0; j < grid.length; j += 37) {
      const sum = map.channels.reduce((s, c) => s + c.flowUsd[j], 0);
      expect(map.total.flowUsd[j]).toBeCloseTo(sum, 3);
      if (j > 10 && j < grid.length - 10) {
        // the trade of a 1% move centred on the price, over the depth per 1%
        const g = grid[j];
        const win =
          interpLog(grid, map.total.flowUsd, g * Math.exp(0.005)) -
          interpLog(grid, map.total.flowUsd, g * Math.exp(-0.005));
        expect(map.kappa?.[j]).toBeCloseTo(win / DEFAULT_DEPTH_PER_PCT_USD, 9);
      }
    }
    expect(map.total.exogenousUsd).toBeCloseTo(
      map.channels.reduce((s, c) => s + c.exogenousUsd, 0),
      3,
    );
    expect(map.depth?.quality).toBe('reconstructed');
  });

  it('changing an assumption moves only its channel', () => {
    const other = fragilityMap({
      snapshot,
      grid,
      assumptions: { ...assumptions, structuredNotes: { volSource: 'flag', vol: 1.2 } },
    });
    for (const c of other.channels) {
      const before = map.channels.find((x) => x.id === c.id)!;
      if (c.id === 'structuredNotes') expect(c.flowUsd).not.toEqual(before.flowUsd);
      else expect(c.flowUsd).toEqual(before.flowUsd);
    }
  });

  it('names levels: liquidation walls, knock-ins, forced-sell zones, κ ≥ 1 zones', () => {
    const kinds = new Set(map.levels.map((l) => l.kind));
    for (const k of ['liquidation-wall', 'knock-in', 'forced-sell-zone'] as const)
      expect(kinds.has(k)).toBe(true);
    const thin = fragilityMap({ snapshot, grid, assumptions, depthPerPctUsd: 1e5 });
    expect(thin.levels.some((l) => l.kind === 'kappa-above-1')).toBe(true);
    expect(fragilityMap({ snapshot, grid, depthPerPctUsd: null }).kappa).toBeNull();
  });

  it('says which depth it used: the cited default without store depth, a flag, or the store by side of spot', () => {
    expect(map.depth).toMatchObject({ basis: 'default', quality: 'reconstructed', venues: [] });
    expect(map.depth?.perPctUsd.every((d) => d === DEFAULT_DEPTH_PER_PCT_USD)).toBe(true);
    const flagged = fragilityMap({ snapshot, grid, depthPerPctUsd: 4e7 });
    expect(flagged.depth).toMatchObject({ basis: 'flag', source: 'flag: --depth-per-pct-usd' });
    const depth = {
      perPctUsd: 7e6,
      bidPerPctUsd: 6e6,
      askPerPctUsd: 8e6,
      bid2PctUsd: 1.1e7,
      ask2PctUsd: 1.5e7,
      venues: ['binance:BTCUSDT'],
      oldestAsOf: '2026-02-04T20:00:00Z',
      ageHours: 1,
      provenance: {
        input: 'depth',
        quality: 'observed' as const,
        sources: ['s'],
        rows: 1,
        asOf: '2026-02-04T20:00:00Z',
      },
    };
    const stored = fragilityMap({ snapshot: { ...snapshot, depth }, grid, channels: ['perpLiquidations'] });
    const k = grid.indexOf(snapshot.spot.usd);
    expect(stored.depth?.basis).toBe('store');
    expect(stored.depth?.quality).toBe('observed');
    expect(stored.depth?.perPctUsd[k]).toBe(6e6);
    expect(stored.depth?.perPctUsd[k + 1]).toBe(8e6);
    const j = grid.length - 20;
    const win =
      interpLog(grid, stored.total.flowUsd, grid[j] * Math.exp(0.005)) -
      interpLog(grid, stored.total.flowUsd, grid[j] * Math.exp(-0.005));
    expect(stored.kappa?.[j]).toBeCloseTo(win / 8e6, 9);
    // an explicit flag overrides the store
    expect(
      fragilityMap({ snapshot: { ...snapshot, depth }, grid, depthPerPctUsd: 2e7, channels: [] }).depth
        ?.basis,
    ).toBe('flag');
  });

  it('a bad assumption is bad input naming the channel and the field', () => {
    expect(() => fragilityMap({ snapshot, grid, assumptions: { basisUnwind: { fraction: 2 } } })).toThrow(
      InvalidInputError,
    );
    expect(() => fragilityMap({ snapshot, grid, assumptions: { basisUnwind: { fraction: 2 } } })).toThrow(
      /basisUnwind\.fraction/,
    );
  });

  it('a subset of channels', () => {
    const only = fragilityMap({ snapshot, grid, channels: ['perpLiquidations'] });
    expect(only.channels.map((c) => c.id)).toEqual(['perpLiquidations']);
    expect(only.total.flowUsd).toEqual(only.channels[0].flowUsd);
  });
});
