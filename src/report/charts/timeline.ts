/**
 * The crash on the hourly timeline: one UTC time axis (dates with the year) shared by up to four panels —
 * BTC's hourly close, DVOL (implied vol, index points), the daily ETF net flows by fund (bars spanning the
 * US session each flow is dated to, stacked: inflows up, outflows down) and open interest by venue (BTC) —
 * with the events (US session, the low, the largest moves) marked on every panel and named in a strip on
 * top, one row per event so their labels never overlap.
 */
import type { ChartRef } from '../doc.js';
import {
  axisTitle,
  CHART_DEFAULTS,
  type ChartMeta,
  chart,
  colorBy,
  lineLayer,
  PALETTE,
  quantitative,
  rectLayer,
  requireRows,
  roundSig,
  ruleX,
  type Spec,
  temporal,
} from './layers.js';

export interface TimelineFlow {
  readonly date: string;
  readonly ticker: string;
  readonly flowUsd: number;
  /** The US session of `date` (UTC instants): the bar spans it. */
  readonly sessionOpen: string;
  readonly sessionClose: string;
  readonly quality?: string;
}

export interface TimelineInput {
  readonly btc: readonly { readonly ts: string; readonly close: number }[];
  readonly dvol: readonly { readonly ts: string; readonly close: number }[];
  readonly events: readonly { readonly ts: string; readonly label: string }[];
  /** Daily ETF net flows by fund (USD); drawn where the session lies in the hourly window. */
  readonly flows?: readonly TimelineFlow[];
  /**
   * Panels whose data are observed or published: drawn solid even when the chart as a whole carries the
   * reconstructed look (another panel is reconstructed). Default: none.
   */
  readonly observed?: { readonly btc?: boolean; readonly dvol?: boolean };
  /** Open interest by venue (BTC); `reconstructed` names the panel so. */
  readonly openInterest?: readonly {
    readonly ts: string;
    readonly venue: string;
    readonly oiBtc: number;
    readonly quality: string;
  }[];
}

const HOUR_MS = 3_600_000;
/** Funds drawn on their own (largest absolute flow in the window first); the rest are summed. */
const TOP_FUNDS = 4;
const OTHERS = 'other funds';
const EVENT_ROW_PX = CHART_DEFAULTS.fontSize + 3;

/**
 * Stacked bars from 0: each fund's flow of a day sits on the funds before it on its own side (inflows
 * upward, outflows downward), so a day's positive and negative parts read separately.
 */
function stackFlows(flows: readonly TimelineFlow[], from: number, to: number): Spec[] {
  const inWindow = flows.filter((f) => Date.parse(f.sessionClose) > from && Date.parse(f.sessionOpen) < to);
  const size = new Map<string, number>();
  for (const f of inWindow) size.set(f.ticker, (size.get(f.ticker) ?? 0) + Math.abs(f.flowUsd));
  const top = [...size.entries()]
    .filter(([, v]) => v > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, TOP_FUNDS)
    .map(([t]) => t);
  const byDay = new Map<string, Map<string, { v: number; open: string; close: string }>>();
  for (const f of inWindow) {
    const name = top.includes(f.ticker) ? f.ticker : OTHERS;
    const day = byDay.get(f.date) ?? new Map();
    const e = day.get(name) ?? { v: 0, open: f.sessionOpen, close: f.sessionClose };
    day.set(name, { ...e, v: e.v + f.flowUsd });
    byDay.set(f.date, day);
  }
  const order = [...top, OTHERS];
  const rows: Spec[] = [];
  for (const date of [...byDay.keys()].sort()) {
    const day = byDay.get(date) as Map<string, { v: number; open: string; close: string }>;
    let up = 0;
    let down = 0;
    for (const fund of order) {
      const e = day.get(fund);
      if (e === undefined || e.v === 0) continue;
      const m = e.v / 1e6;
      const base = m > 0 ? up : down;
      if (m > 0) up += m;
      else down += m;
      rows.push({ ts: e.open, ts2: e.close, fund, y0: roundSig(base, 6), y1: roundSig(base + m, 6) });
    }
  }
  return rows;
}

/**
 * Panels sharing the time axis: events strip, BTC hourly close (USD), DVOL, ETF flows by fund, open
 * interest; event rules on each.
 * @example timeline({ btc, dvol, events }, meta).id // 'timeline'
 */
export function timeline(input: TimelineInput, meta: ChartMeta): ChartRef {
  const id = meta.id ?? 'timeline';
  const btc = input.btc.map((r) => ({ ts: r.ts, v: roundSig(r.close, 7) }));
  const dvol = input.dvol.map((r) => ({ ts: r.ts, v: roundSig(r.close, 5) }));
  requireRows(btc, 'hourly BTC closes', id);
  const from = Math.min(...btc.map((r) => Date.parse(r.ts)));
  const to = Math.max(...btc.map((r) => Date.parse(r.ts))) + HOUR_MS;
  const width = meta.width ?? CHART_DEFAULTS.width;
  const height = Math.round((meta.height ?? CHART_DEFAULTS.height) * 0.6);
  const x = temporal('ts', 'Hour (UTC)', {
    tickMinStep: 6 * HOUR_MS,
    format: '%b %d %Y %H:%M',
    labelOverlap: 'greedy',
  });
  const rules = ruleX(
    x,
    input.events.map((e) => e.ts),
    { color: PALETTE.event, opacity: 0.3 },
  );
  // The events strip: one row per event, in time order, so no two labels share a line.
  const events = [...input.events]
    .sort((a, b) => a.ts.localeCompare(b.ts))
    .map((e, i) => ({
      ts: e.ts,
      label: e.label,
      y: 2 + i * EVENT_ROW_PX,
      side: Date.parse(e.ts) - from > 0.5 * (to - from) ? 'right' : 'left',
    }));
  const xHidden = { ...x, axis: null };
  const panels: Spec[] = [];
  if (events.length > 0) {
    panels.push({
      width,
      height: events.length * EVENT_ROW_PX + 4,
      data: { values: events },
      layer: [
        ...ruleX(
          xHidden,
          events.map((e) => e.ts),
          { color: PALETTE.event, opacity: 0.3 },
        ),
        ...(['left', 'right'] as const).map((side) => ({
          // Labels in the right half of the axis read leftward from their rule, so none runs off the plot.
          transform: [{ filter: `datum.side === '${side}'` }],
          mark: {
            type: 'text',
            align: side,
            baseline: 'top',
            dx: side === 'left' ? 3 : -3,
            color: PALETTE.event,
            fontSize: CHART_DEFAULTS.fontSize,
          },
          encoding: {
            x: xHidden,
            y: { field: 'y', type: 'quantitative', scale: null },
            text: { field: 'label' },
          },
        })),
      ],
    });
  }
  const line = (
    rows: readonly { ts: string; v: number }[],
    title: string,
    color: string,
    solid: boolean,
  ): Spec => ({
    width,
    height,
    data: { values: rows },
    layer: [
      lineLayer({
        x,
        y: quantitative('v', axisTitle(title, height), { zero: false }),
        color,
        strokeWidth: 1.2,
        // An observed panel keeps a solid line when the reconstructed look dashes the chart's lines.
        ...(solid ? { dash: [1, 0] } : {}),
      }),
      ...rules,
    ],
  });
  panels.push(line(btc, 'BTC hourly close (USD)', PALETTE.total, input.observed?.btc === true));
  if (dvol.length > 0)
    panels.push(line(dvol, 'DVOL (points)', PALETTE.deribit, input.observed?.dvol === true));
  const flows = stackFlows(input.flows ?? [], from, to);
  const flowsObserved = (input.flows ?? []).every((f) => f.quality !== 'reconstructed');
  if (flows.length > 0) {
    const funds = [...new Set(flows.map((r) => String(r.fund)))];
    panels.push({
      width,
      height,
      data: { values: flows },
      layer: [
        rectLayer({
          x,
          x2Field: 'ts2',
          y: quantitative('y0', axisTitle('ETF net flow by fund (US$ M)', height)),
          y2Field: 'y1',
          colorChannel: colorBy('fund', funds, 'Fund'),
          ...(flowsObserved ? { opacity: 0.9 } : {}),
        }),
        ...rules,
      ],
    });
  }
  const oi = (input.openInterest ?? []).filter((r) => {
    const t = Date.parse(r.ts);
    return t >= from && t < to;
  });
  if (oi.length > 0) {
    const venues = [...new Set(oi.map((r) => r.venue))].sort();
    const rec = oi.some((r) => r.quality === 'reconstructed');
    panels.push({
      width,
      height,
      data: { values: oi.map((r) => ({ ts: r.ts, venue: r.venue, v: roundSig(r.oiBtc, 6) })) },
      layer: [
        lineLayer({
          x,
          y: quantitative('v', axisTitle(`Open interest (BTC)${rec ? ', reconstructed' : ''}`, height), {
            zero: false,
          }),
          colorChannel: colorBy('venue', venues, 'Open interest'),
          strokeWidth: 1.2,
        }),
        ...rules,
      ],
    });
  }
  return chart(id, 'BTC, DVOL, ETF flows and open interest by the hour', meta, {
    vconcat: panels,
    // One time axis for every panel (shared x), each panel its own y and colours.
    resolve: {
      scale: { x: 'shared', color: 'independent', y: 'independent' },
      legend: { color: 'independent' },
    },
  });
}
