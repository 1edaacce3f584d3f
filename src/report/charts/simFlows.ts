/**
 * Simulated forced flows by channel: the mean cumulative trade of each channel (and of the exogenous
 * shocks) over the horizon, USD millions (− = sold).
 */
import type { ChartRef } from '../doc.js';
import {
  CHART_DEFAULTS,
  type ChartMeta,
  chart,
  colorBy,
  lineLayer,
  quantitative,
  requireRows,
  roundSig,
} from './layers.js';

export interface FlowsByChannelInput {
  /** Minutes at the bucket edges (n + 1 for n buckets). */
  readonly minutes: readonly number[];
  readonly flows: readonly { readonly channel: string; readonly usd: readonly number[] }[];
}

/**
 * @example simFlows({ minutes: [0, 60], flows: [{ channel: 'shock', usd: [-5e7] }] }, meta).id // 'sim-flows'
 */
export function simFlows(input: FlowsByChannelInput, meta: ChartMeta): ChartRef {
  const id = meta.id ?? 'sim-flows';
  const active = input.flows.filter((f) => f.usd.some((u) => u !== 0));
  const rows: { h: number; channel: string; cumM: number }[] = [];
  for (const f of active) {
    let cum = 0;
    rows.push({ h: roundSig(input.minutes[0] / 60), channel: f.channel, cumM: 0 });
    f.usd.forEach((u, b) => {
      cum += u;
      rows.push({ h: roundSig(input.minutes[b + 1] / 60), channel: f.channel, cumM: roundSig(cum / 1e6) });
    });
  }
  requireRows(rows, 'simulated flows', id);
  return chart('sim-flows', 'Forced trades by channel (mean over paths, cumulative)', meta, {
    width: meta.width ?? CHART_DEFAULTS.width,
    height: meta.height ?? CHART_DEFAULTS.height,
    data: { values: rows },
    layer: [
      lineLayer({
        x: quantitative('h', 'Hours from the start', { zero: true }),
        y: quantitative('cumM', 'Cumulative trade (USD M, − = sold)'),
        colorChannel: colorBy(
          'channel',
          active.map((f) => f.channel),
        ),
      }),
    ],
  });
}
