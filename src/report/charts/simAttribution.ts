/**
 * Attribution waterfall: the expected drawdown with no channels (shocks and noise alone), each channel's
 * Shapley value stacked on it, and the expected drawdown with all channels.
 */
import type { ChartRef } from '../doc.js';
import {
  CHART_DEFAULTS,
  type ChartMeta,
  chart,
  PALETTE,
  quantitative,
  requireRows,
  roundSig,
} from './layers.js';

export interface WaterfallInput {
  readonly baseline: number;
  readonly all: number;
  readonly rows: readonly { readonly channel: string; readonly value: number }[];
}

/**
 * @example simAttribution({ baseline: 0.02, all: 0.05, rows: [{ channel: 'perpLiquidations', value: 0.03 }] }, meta).id // 'sim-attribution'
 */
export function simAttribution(input: WaterfallInput, meta: ChartMeta): ChartRef {
  const id = meta.id ?? 'sim-attribution';
  const bars: { label: string; lo: number; hi: number; kind: string; order: number }[] = [];
  bars.push({ label: 'No channels', lo: 0, hi: roundSig(100 * input.baseline), kind: 'total', order: 0 });
  let level = input.baseline;
  input.rows.forEach((r, i) => {
    const next = level + r.value;
    bars.push({
      label: r.channel,
      lo: roundSig(100 * Math.min(level, next)),
      hi: roundSig(100 * Math.max(level, next)),
      kind: r.value >= 0 ? 'deepens' : 'cushions',
      order: i + 1,
    });
    level = next;
  });
  bars.push({
    label: 'All channels',
    lo: 0,
    hi: roundSig(100 * input.all),
    kind: 'total',
    order: input.rows.length + 1,
  });
  requireRows(bars, 'attribution', id);
  return chart('sim-attribution', 'Expected drawdown: Shapley attribution by channel', meta, {
    width: meta.width ?? CHART_DEFAULTS.width,
    height: meta.height ?? CHART_DEFAULTS.height,
    data: { values: bars },
    mark: { type: 'bar', width: { band: 0.7 } },
    encoding: {
      x: {
        field: 'label',
        type: 'nominal',
        sort: { field: 'order' },
        title: null,
        axis: { labelAngle: -20 },
      },
      y: quantitative('lo', 'Expected max drawdown (%)'),
      y2: { field: 'hi' },
      color: {
        field: 'kind',
        type: 'nominal',
        scale: {
          domain: ['total', 'deepens', 'cushions'],
          range: [PALETTE.total, PALETTE.longLiquidation, PALETTE.shortLiquidation],
        },
        legend: { title: null },
      },
    },
  });
}
