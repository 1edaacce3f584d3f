/**
 * ETF flows against BTC's daily move (H2): earlier days as a cloud, the robust expected-flow model as a
 * line through the event day's lagged returns, its prediction interval at the event day's return, and the
 * event day's conflicting flow figures (share counts T and T+1, reported) as highlighted points — so a
 * reader sees at once where history put the day and where each figure landed.
 */
import type { ExpectedFlowModel } from '../../analytics/flows.js';
import type { ChartRef } from '../doc.js';
import {
  annotation,
  axisTitle,
  barLayer,
  CHART_DEFAULTS,
  type ChartMeta,
  chart,
  colorBy,
  finiteOrNull,
  formatUsdCompact,
  lineLayer,
  PALETTE,
  pointLayer,
  quantitative,
  requireRows,
  roundSig,
  ruleY,
  type Spec,
} from './layers.js';

export interface FlowHistoryPoint {
  readonly date: string;
  /** BTC log return of the day (decimal). */
  readonly logReturn: number | null;
  /** The flow series the model was fitted on, USD. */
  readonly flowUsd: number | null;
}

export interface FlowFigureInput {
  /** E.g. 'Share count (T)', 'Share count (T+1)', 'Reported (tracker)'. */
  readonly label: string;
  readonly flowUsd: number | null;
}

export interface FlowsInput {
  /** What flowed, e.g. 'IBIT' or 'IBIT + peers'. */
  readonly ticker: string;
  readonly model: ExpectedFlowModel;
  /** Days before the event (the fitting sample or a window of it). */
  readonly history: readonly FlowHistoryPoint[];
  /** The event day's figures, in legend order. */
  readonly eventFigures: readonly FlowFigureInput[];
  /** Legend entry of the history points. */
  readonly historyLabel?: string;
}

const M = 1e6;
const FIGURE_COLORS = [PALETTE.event, '#7d3c98', '#e67e22', '#16a085', '#2c3e50'];

/**
 * Scatter of daily flow (USD M) against the BTC log return (%), with the model line, the event day's
 * prediction interval and its observed figures.
 * @example flows({ ticker: 'IBIT', model, history, eventFigures }, meta).id // 'flows'
 */
export function flows(input: FlowsInput, meta: ChartMeta): ChartRef {
  const id = meta.id ?? 'flows';
  const historyLabel = input.historyLabel ?? 'Earlier days';
  const hist = input.history
    .filter((h) => finiteOrNull(h.logReturn) !== null && finiteOrNull(h.flowUsd) !== null)
    .map((h) => ({
      date: h.date,
      series: historyLabel,
      retPct: roundSig((h.logReturn as number) * 100),
      flowM: roundSig((h.flowUsd as number) / M),
    }));
  requireRows(hist, `${input.ticker} flow history`, id);
  const height = meta.height ?? CHART_DEFAULTS.height + 40;
  const m = input.model;
  const r0 = m.eventReturns[0]?.logReturn ?? Number.NaN;
  const eventX = roundSig(r0 * 100);
  const figures = input.eventFigures
    .filter((f) => finiteOrNull(f.flowUsd) !== null)
    .map((f) => ({
      date: m.eventDate,
      series: `${f.label}: ${formatUsdCompact(f.flowUsd as number)}`,
      retPct: eventX,
      flowM: roundSig((f.flowUsd as number) / M),
    }));
  const names = figures.map((f) => f.series);
  const overrides = Object.fromEntries(names.map((n, i) => [n, FIGURE_COLORS[i % FIGURE_COLORS.length]]));
  const color = colorBy('series', names, `${m.eventDate}:`, overrides);

  const x = quantitative('retPct', 'BTC daily log return (%)', { zero: false, padding: 16 });
  const y = quantitative('flowM', axisTitle('Daily net flow (USD millions)', height), {
    format: ',.0f',
    padding: 8,
  });
  const layers: Spec[] = [
    ...ruleY(y, 0, { color: CHART_DEFAULTS.domainColor, strokeWidth: 0.8 }),
    pointLayer({ x, y, color: PALETTE.history, size: 16, opacity: 0.6 }),
  ];

  // The fitted line in r_t with the lagged returns held at the event day's values: it passes through the
  // model's expected flow at the event day's return (flows.ts, expectedFlowModel).
  const lagged = m.coefficients.returns.reduce(
    (acc, b, k) => (k === 0 ? acc : acc + b * (m.eventReturns[k]?.logReturn ?? Number.NaN)),
    m.coefficients.intercept,
  );
  const xs = [...hist.map((h) => h.retPct), eventX].filter(Number.isFinite);
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  const fitted = (pct: number) => roundSig((lagged + m.coefficients.returns[0] * (pct / 100)) / M);
  if (Number.isFinite(lagged) && Number.isFinite(m.coefficients.returns[0] ?? Number.NaN)) {
    layers.push(
      lineLayer({
        x,
        y,
        data: [
          { retPct: lo, flowM: fitted(lo) },
          { retPct: hi, flowM: fitted(hi) },
        ],
        color: PALETTE.cme,
        strokeWidth: 1.4,
        dash: [5, 3],
      }),
    );
  }
  const iv = m.interval;
  const notes = [`grey dots: ${historyLabel} (n = ${hist.length})`];
  if (Number.isFinite(eventX) && Number.isFinite(iv.lower) && Number.isFinite(iv.upper)) {
    const level = Math.round(iv.level * 100);
    layers.push(
      barLayer({
        x,
        y,
        y2Field: 'upperM',
        rows: [{ retPct: eventX, flowM: roundSig(iv.lower / M), upperM: roundSig(iv.upper / M) }],
        color: PALETTE.band,
        thickness: 14,
      }),
      pointLayer({
        x,
        y,
        rows: [{ retPct: eventX, flowM: roundSig(m.expectedUsd / M) }],
        color: PALETTE.cme,
        shape: 'stroke',
        size: 200,
        filled: false,
      }),
    );
    notes.push(
      `dashed: robust fit (Huber, n = ${m.n}); ${m.eventDate} expected ${formatUsdCompact(m.expectedUsd)}`,
      `blue bar: ${level}% prediction interval ${formatUsdCompact(iv.lower)} to ${formatUsdCompact(iv.upper)}`,
    );
  }
  layers.push(
    pointLayer({ x, y, rows: figures, colorChannel: color, size: 90, shape: 'diamond' }),
    annotation(notes, { corner: 'top-left', color: PALETTE.cme }),
  );
  return chart(id, `${input.ticker} daily flows vs BTC's move`, meta, {
    width: meta.width ?? CHART_DEFAULTS.width,
    height,
    data: { values: hist },
    layer: layers,
  });
}
