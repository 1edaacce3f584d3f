/**
 * The crash on the hourly timeline: BTC's hourly close and DVOL (implied vol, index points) on one time
 * axis (UTC hours, dates with the year), with the US session, the low and the largest moves marked.
 */
import type { ChartRef } from '../doc.js';
import {
  axisTitle,
  CHART_DEFAULTS,
  type ChartMeta,
  chart,
  lineLayer,
  PALETTE,
  quantitative,
  requireRows,
  roundSig,
  ruleX,
  type Spec,
  temporal,
} from './layers.js';

export interface TimelineInput {
  readonly btc: readonly { readonly ts: string; readonly close: number }[];
  readonly dvol: readonly { readonly ts: string; readonly close: number }[];
  readonly events: readonly { readonly ts: string; readonly label: string }[];
}

const HOUR_MS = 3_600_000;

/**
 * Two panels sharing the time axis: BTC hourly close (USD) above, DVOL below; event rules on both.
 * @example timeline({ btc, dvol, events }, meta).id // 'timeline'
 */
export function timeline(input: TimelineInput, meta: ChartMeta): ChartRef {
  const id = meta.id ?? 'timeline';
  const btc = input.btc.map((r) => ({ ts: r.ts, v: roundSig(r.close, 7) }));
  const dvol = input.dvol.map((r) => ({ ts: r.ts, v: roundSig(r.close, 5) }));
  requireRows(btc, 'hourly BTC closes', id);
  const width = meta.width ?? CHART_DEFAULTS.width;
  const height = Math.round((meta.height ?? CHART_DEFAULTS.height) * 0.6);
  const x = temporal('ts', 'Hour (UTC)', { tickMinStep: 6 * HOUR_MS, format: '%b %d %Y %H:%M' });
  const panel = (rows: readonly { ts: string; v: number }[], title: string, color: string): Spec => {
    const y = quantitative('v', axisTitle(title, height), { zero: false });
    return {
      width,
      height,
      data: { values: rows },
      layer: [
        lineLayer({ x, y, color, strokeWidth: 1.2 }),
        ...ruleX(
          x,
          input.events.map((e) => e.ts),
          { color: PALETTE.event, opacity: 0.3 },
        ),
      ],
    };
  };
  const panels: Spec[] = [panel(btc, 'BTC hourly close (USD)', PALETTE.total)];
  if (dvol.length > 0) panels.push(panel(dvol, 'DVOL (points)', PALETTE.deribit));
  return chart(id, 'BTC and DVOL by the hour', meta, { vconcat: panels });
}
