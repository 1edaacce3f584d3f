/*
 * Vega-Lite specs of the fragility map (pure): the forced flow by channel stacked against the BTC price, and
 * the intensity per 1 % of each channel and of the total against market depth. Series are thinned to at most
 * 400 points (the JSON keeps every grid point).
 */

import { interpLog } from '../channels/grid.js';
import { CHART_DEFAULTS, FONT, VEGA_LITE_SCHEMA } from '../report/charts/layers.js';
import type { FragilityMap } from './map.js';

type Spec = Record<string, unknown>;
const M = 1e6;
const MAX_POINTS = 400;

function stride(n: number): number {
  return Math.max(1, Math.ceil(n / MAX_POINTS));
}

const base = (title: string, subtitle: string | readonly string[]): Spec => ({
  $schema: VEGA_LITE_SCHEMA,
  width: CHART_DEFAULTS.width,
  height: CHART_DEFAULTS.height,
  title: { text: title, subtitle, anchor: 'start', fontSize: CHART_DEFAULTS.titleFontSize },
  config: {
    font: FONT,
    axis: { gridColor: CHART_DEFAULTS.gridColor, labelFontSize: 11 },
    view: { stroke: null },
  },
});

const r = (x: number) => Number(x.toPrecision(6));

/** One colour per series across both charts. */
const COLORS: Readonly<Record<string, string>> = {
  'Dealer option hedging': '#4c78a8',
  'Structured-note knock-ins': '#e45756',
  'Perp liquidations': '#f58518',
  'Levered-ETF rebalancing': '#54a24b',
  Total: '#1f2328',
  'Depth per 1% (κ = 1)': '#8c959f',
};

function colorScale(names: readonly string[]): Spec {
  const domain = [...new Set(names)];
  return { domain, range: domain.map((n) => COLORS[n] ?? '#9a5b00') };
}

/** Stacked forced flow (USD M, + buy, − sell) of the price-driven channels for a move from spot to each price. */
export function flowChart(map: FragilityMap): Spec {
  const s = stride(map.grid.length);
  const rows: { btc: number; channel: string; flowM: number }[] = [];
  for (const c of map.channels) {
    if (!c.available || c.trigger !== 'price') continue;
    for (let j = 0; j < map.grid.length; j += s)
      rows.push({ btc: r(map.grid[j]), channel: c.title, flowM: r(c.flowUsd[j] / M) });
  }
  const total = [];
  for (let j = 0; j < map.grid.length; j += s)
    total.push({ btc: r(map.grid[j]), flowM: r(map.total.flowUsd[j] / M) });
  return {
    ...base(
      'Forced trade by channel for a move from spot to each BTC price',
      'USD millions, + buy, − sell; cumulative from spot (0 at spot). Exogenous scenarios are not stacked.',
    ),
    layer: [
      {
        data: { values: rows },
        mark: { type: 'area', opacity: 0.75 },
        encoding: {
          x: { field: 'btc', type: 'quantitative', title: 'BTC price (USD)', scale: { zero: false } },
          y: { field: 'flowM', type: 'quantitative', title: 'forced trade (USD M)', stack: 'zero' },
          color: {
            field: 'channel',
            type: 'nominal',
            title: null,
            scale: colorScale(rows.map((x) => x.channel)),
            legend: { orient: 'bottom', columns: 3, labelLimit: 260 },
          },
        },
      },
      {
        data: { values: total },
        mark: { type: 'line', color: '#1f2328', strokeWidth: 1.5 },
        encoding: { x: { field: 'btc', type: 'quantitative' }, y: { field: 'flowM', type: 'quantitative' } },
      },
      {
        data: { values: [{ spot: r(map.spot) }] },
        mark: { type: 'rule', strokeDash: [4, 3], color: '#59636e' },
        encoding: { x: { field: 'spot', type: 'quantitative' } },
      },
    ],
  };
}

/**
 * Intensity by channel and in total — the forced trade of a 1 % move centred on each price (the window κ
 * uses, so one-shot triggers show with their size rather than as spikes of the grid spacing), USD, + amplifies
 * — with the depth per 1 % when known.
 */
export function intensityChart(map: FragilityMap): Spec {
  const s = stride(map.grid.length);
  const g = Float64Array.from(map.grid);
  const lo = g[0];
  const hi = g[g.length - 1];
  const rows: { btc: number; series: string; m: number }[] = [];
  const add = (name: string, flow: readonly number[]) => {
    for (let j = 0; j < g.length; j += s) {
      const a = g[j] * Math.exp(-0.005);
      const b = g[j] * Math.exp(0.005);
      if (a < lo || b > hi) continue;
      rows.push({ btc: r(g[j]), series: name, m: r((interpLog(g, flow, b) - interpLog(g, flow, a)) / M) });
    }
  };
  for (const c of map.channels) if (c.available && c.trigger === 'price') add(c.title, c.flowUsd);
  add('Total', map.total.flowUsd);
  if (map.depth) {
    const d = map.depth.perPctUsd;
    for (let j = 0; j < g.length; j += s)
      rows.push({ btc: r(g[j]), series: 'Depth per 1% (κ = 1)', m: r(d[j] / M) });
  }
  return {
    ...base('Intensity: USD traded per 1% move, against market depth', [
      'Forced trade of a 1% move centred on each price; + with the move (amplifies), − against it (damps).',
      'Where the total exceeds the depth line, κ ≥ 1: forced flows outrun the book.',
    ]),
    layer: [
      {
        data: { values: rows },
        mark: { type: 'line', strokeWidth: 1.2 },
        encoding: {
          x: { field: 'btc', type: 'quantitative', title: 'BTC price (USD)', scale: { zero: false } },
          y: { field: 'm', type: 'quantitative', title: 'USD M per 1%' },
          color: {
            field: 'series',
            type: 'nominal',
            title: null,
            scale: colorScale(rows.map((x) => x.series)),
            legend: { orient: 'bottom', columns: 3, labelLimit: 260 },
          },
        },
      },
      {
        data: { values: [{ spot: r(map.spot) }] },
        mark: { type: 'rule', strokeDash: [4, 3], color: '#59636e' },
        encoding: { x: { field: 'spot', type: 'quantitative' } },
      },
    ],
  };
}
