/**
 * Fragility map (section 9): the forced trade of each price-driven channel for a move from the previous
 * close to each BTC price, stacked, with the total, spot and the event's low marked.
 */
import type { ChartRef } from '../doc.js';
import { CHART_DEFAULTS, type ChartMeta, chart, roundSig } from './layers.js';

const M = 1e6;

/** The parts of the fragility finding the chart reads. */
export interface FragilitySeries {
  readonly grid: readonly number[];
  readonly spot: number;
  readonly eventLow: number | null;
  readonly channels: readonly {
    readonly title: string;
    readonly available: boolean;
    readonly trigger: 'price' | 'exogenous';
    readonly flowUsd: readonly number[];
  }[];
  readonly totalFlowUsd: readonly number[];
}

/**
 * @example fragilityMapChart(series, meta).id // 'fragility-map'
 */
export function fragilityMapChart(s: FragilitySeries, meta: ChartMeta): ChartRef {
  const rows: { btc: number; channel: string; flowM: number }[] = [];
  for (const c of s.channels) {
    if (!c.available || c.trigger !== 'price') continue;
    for (let j = 0; j < s.grid.length; j++)
      rows.push({ btc: roundSig(s.grid[j]), channel: c.title, flowM: roundSig(c.flowUsd[j] / M, 5) });
  }
  const total = s.grid.map((g, j) => ({ btc: roundSig(g), flowM: roundSig(s.totalFlowUsd[j] / M, 5) }));
  const marks = [{ btc: roundSig(s.spot), label: 'previous close' }];
  if (s.eventLow !== null) marks.push({ btc: roundSig(s.eventLow), label: 'event low' });
  return chart('fragility-map', 'Forced trade by channel for a move from the previous close', meta, {
    width: meta.width ?? CHART_DEFAULTS.width,
    height: meta.height ?? CHART_DEFAULTS.height,
    layer: [
      {
        data: { values: rows },
        mark: { type: 'area', opacity: 0.75 },
        encoding: {
          x: { field: 'btc', type: 'quantitative', title: 'BTC price (USD)', scale: { zero: false } },
          y: {
            field: 'flowM',
            type: 'quantitative',
            title: 'forced trade, USD M (+ buy, − sell)',
            stack: 'zero',
          },
          color: { field: 'channel', type: 'nominal', title: null, legend: { orient: 'bottom' } },
        },
      },
      {
        data: { values: total },
        mark: { type: 'line', color: '#1f2328', strokeWidth: 1.5 },
        encoding: { x: { field: 'btc', type: 'quantitative' }, y: { field: 'flowM', type: 'quantitative' } },
      },
      {
        data: { values: marks },
        mark: { type: 'rule', strokeDash: [4, 3], color: '#59636e' },
        encoding: { x: { field: 'btc', type: 'quantitative' }, tooltip: { field: 'label' } },
      },
    ],
  });
}
