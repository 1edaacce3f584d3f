/**
 * Simulation fan chart: the 5–95 % and 25–75 % bands of the simulated BTC price over the horizon, the
 * median path, spot as a rule, and (when given) an observed path to compare with.
 */
import type { ChartRef } from '../doc.js';
import {
  areaBand,
  CHART_DEFAULTS,
  type ChartMeta,
  chart,
  lineLayer,
  PALETTE,
  quantitative,
  requireRows,
  roundSig,
  ruleY,
} from './layers.js';

export interface FanInput {
  readonly minutes: readonly number[];
  readonly p05: readonly number[];
  readonly p25: readonly number[];
  readonly p50: readonly number[];
  readonly p75: readonly number[];
  readonly p95: readonly number[];
  readonly spot: number;
  /** An observed path (minutes from the start, USD), drawn over the fan. */
  readonly observed?: readonly { readonly minute: number; readonly usd: number }[];
}

/**
 * @example simFan({ minutes: [0, 60], p05: [1, 1], p25: [1, 1], p50: [1, 1], p75: [1, 1], p95: [1, 1], spot: 1 }, meta).id // 'sim-fan'
 */
export function simFan(input: FanInput, meta: ChartMeta): ChartRef {
  const id = meta.id ?? 'sim-fan';
  const rows = input.minutes.map((m, i) => ({
    h: roundSig(m / 60),
    p05: roundSig(input.p05[i]),
    p25: roundSig(input.p25[i]),
    p50: roundSig(input.p50[i]),
    p75: roundSig(input.p75[i]),
    p95: roundSig(input.p95[i]),
  }));
  requireRows(rows, 'simulated price quantiles', id);
  const x = quantitative('h', 'Hours from the start', { zero: true });
  const y = (f: string) => quantitative(f, 'BTC (USD)', { zero: false, format: ',.0f' });
  const layers = [
    areaBand({ x, y: y('p05'), y2Field: 'p95', color: PALETTE.band, opacity: 0.3 }),
    areaBand({ x, y: y('p25'), y2Field: 'p75', color: PALETTE.band, opacity: 0.55 }),
    lineLayer({ x, y: y('p50'), color: PALETTE.total, strokeWidth: 2 }),
    ...ruleY(y('p50'), input.spot, { color: PALETTE.previous, dash: [3, 3], label: 'spot' }),
  ];
  if (input.observed && input.observed.length > 0) {
    layers.push(
      lineLayer({
        x,
        y: y('usd'),
        color: PALETTE.event,
        data: input.observed.map((o) => ({ h: roundSig(o.minute / 60), usd: roundSig(o.usd) })),
      }),
    );
  }
  return chart('sim-fan', 'Simulated BTC price: median and 25–75 % / 5–95 % bands', meta, {
    width: meta.width ?? CHART_DEFAULTS.width,
    height: meta.height ?? CHART_DEFAULTS.height,
    data: { values: rows },
    layer: layers,
  });
}
