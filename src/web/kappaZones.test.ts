import { parse } from 'vega';
import { compile } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import type { FragilityMap } from '../fragility/map.js';
import { withKappaZones } from './kappaZones.js';

const spec = {
  layer: [
    {
      data: {
        values: [
          { btc: 60_000, m: 1 },
          { btc: 70_000, m: -2 },
        ],
      },
      mark: 'line',
      encoding: { x: { field: 'btc', type: 'quantitative' }, y: { field: 'm', type: 'quantitative' } },
    },
  ],
};

function mapWith(levels: FragilityMap['levels']): FragilityMap {
  return { levels } as unknown as FragilityMap;
}

describe('withKappaZones', () => {
  it('adds the κ ≥ 1 bands as a first layer that compiles, one rectangle per band', () => {
    const out = withKappaZones(
      spec,
      mapWith([
        { kind: 'kappa-above-1', price: 61_000, hi: 62_500, channel: 'total', sizeUsd: -1e8 },
        { kind: 'zero-gamma', price: 64_000, channel: 'dealerOptions', sizeUsd: null },
        { kind: 'kappa-above-1', price: 66_000, hi: 66_400, channel: 'total', sizeUsd: -2e7 },
      ]),
    );
    const layers = out.layer as { data: { values: { lo: number; hi: number }[] } }[];
    expect(layers).toHaveLength(2);
    expect(layers[0]!.data.values.map((v) => [v.lo, v.hi])).toEqual([
      [61_000, 62_500],
      [66_000, 66_400],
    ]);
    expect(layers[1]).toBe(spec.layer[0]);
    expect(() => parse(compile(out as never).spec)).not.toThrow();
  });

  it('returns the spec unchanged when κ stays below 1 everywhere', () => {
    expect(withKappaZones(spec, mapWith([]))).toBe(spec);
  });
});
