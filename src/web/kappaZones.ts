/**
 * The κ ≥ 1 zone of the fragility map drawn on the library's intensity chart (fragility/charts.ts): the
 * bands of the map's `kappa-above-1` levels (where the forced trade of a 1 % move exceeds the depth per 1 %)
 * as shaded rectangles behind the lines. Pure: spec in, spec out.
 */
import type { FragilityMap } from '../fragility/map.js';

type Spec = Record<string, unknown>;

/** Shade of the κ ≥ 1 bands (the report's short-gamma red, light). */
export const KAPPA_ZONE_COLOR = '#f4c7c3';

/**
 * `spec` (a layered Vega-Lite spec over a quantitative `btc` x axis) with the κ ≥ 1 bands of `map` as a first
 * layer; unchanged when the map has none.
 * @example withKappaZones(intensityChart(map), map).layer.length // intensityChart(map).layer.length + 1 when κ ≥ 1 somewhere
 */
export function withKappaZones(spec: Spec, map: FragilityMap): Spec {
  const zones = map.levels
    .filter((l) => l.kind === 'kappa-above-1' && l.hi !== undefined)
    .map((l) => ({ lo: l.price, hi: l.hi as number, label: 'κ ≥ 1' }));
  if (zones.length === 0 || !Array.isArray(spec.layer)) return spec;
  const zoneLayer = {
    data: { values: zones },
    mark: { type: 'rect', color: KAPPA_ZONE_COLOR, opacity: 0.6 },
    encoding: {
      x: { field: 'lo', type: 'quantitative' },
      x2: { field: 'hi' },
      tooltip: [
        { field: 'label', title: 'zone' },
        { field: 'lo', title: 'from BTC', format: ',.0f' },
        { field: 'hi', title: 'to BTC', format: ',.0f' },
      ],
    },
  };
  return { ...spec, layer: [zoneLayer, ...(spec.layer as Spec[])] };
}
