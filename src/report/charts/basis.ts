/**
 * The CME basis (H3's forced unwind of the basis trade): the annualized term structure by constant tenor
 * on the day before and the event day(s) (top), and the near-month annualized basis over time with the
 * event's jump marked (bottom).
 */
import type { BasisJump, BasisTermStructure } from '../../analytics/basis.js';
import type { ChartRef } from '../doc.js';
import {
  axisTitle,
  CHART_DEFAULTS,
  type ChartMeta,
  chart,
  colorBy,
  dateExtent,
  formatPct,
  inRightHalf,
  lineLayer,
  PALETTE,
  panel,
  pointLayer,
  quantitative,
  requireRows,
  roundSig,
  ruleX,
  type Spec,
  temporal,
  textLabel,
  YEAR_MONTH,
} from './layers.js';

export interface BasisInput {
  /** Term structures to compare, oldest first (e.g. the day before, the event day, the day after). */
  readonly curves: readonly BasisTermStructure[];
  /** Daily near-month basis history (basisHistory output, or just its date and near-month annualized basis). */
  readonly history: readonly {
    readonly date: string;
    readonly nearMonth: { readonly annualized: number } | null;
  }[];
  /** The near-month jump into the event (basisJumps(...).nearMonth); null hides the marker. */
  readonly jump: BasisJump | null;
  /** Venue name for titles. Default 'CME'. */
  readonly venue?: string;
}

/** Grey for the oldest curve, red for the newest, amber between. */
function curveColors(dates: readonly string[]): Record<string, string> {
  const mids = ['#e08e0b', '#b9770e', '#7d6608'];
  return Object.fromEntries(
    dates.map((d, i) => [
      d,
      i === dates.length - 1 ? PALETTE.event : i === 0 ? PALETTE.previous : mids[(i - 1) % mids.length],
    ]),
  );
}

/**
 * Two panels: annualized basis (%) by tenor (days) per date, and the near-month history (%) with the jump.
 * @example basis({ curves: [before, event], history, jump }, meta).id // 'basis'
 */
export function basis(input: BasisInput, meta: ChartMeta): ChartRef {
  const id = meta.id ?? 'basis';
  const venue = input.venue ?? 'CME';
  const curves = [...input.curves].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const dates = curves.map((c) => c.date);
  const points = curves.flatMap((c) =>
    c.tenors
      .filter((t) => Number.isFinite(t.value))
      .map((t) => ({
        date: c.date,
        tenor: t.tenor,
        basisPct: roundSig(t.value * 100, 4),
        extrapolated: t.extrapolated,
      })),
  );
  const near = input.history
    .filter((h) => h.nearMonth !== null && Number.isFinite(h.nearMonth.annualized))
    .map((h) => ({ date: h.date, basisPct: roundSig((h.nearMonth?.annualized ?? 0) * 100, 4) }))
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  requireRows([...points, ...near], `${venue} basis values`, id);
  const width = meta.width ?? CHART_DEFAULTS.width;
  const height = meta.height ?? CHART_DEFAULTS.panelHeight;

  const xTenor = quantitative('tenor', 'Constant maturity (calendar days)', { zero: false });
  const yCurve = quantitative('basisPct', axisTitle('Annualized basis (%)', height + 20), { zero: false });
  const color = colorBy('date', dates, null, curveColors(dates));
  const anyExtrapolated = points.some((p) => p.extrapolated);
  const top = panel({
    width,
    height: height + 20,
    data: points,
    layer: [
      lineLayer({ x: xTenor, y: yCurve, colorChannel: color, strokeWidth: 1.8 }),
      pointLayer({
        x: xTenor,
        y: yCurve,
        rows: points.filter((p) => !p.extrapolated),
        colorChannel: color,
        size: 40,
      }),
      ...(anyExtrapolated
        ? [
            pointLayer({
              x: xTenor,
              y: yCurve,
              rows: points.filter((p) => p.extrapolated),
              colorChannel: color,
              size: 40,
              filled: false,
            }),
          ]
        : []),
    ],
  });
  const panels: Spec[] = [top];
  if (near.length > 0) {
    const x = temporal('date', 'Trading day', { format: YEAR_MONTH });
    const y = quantitative('basisPct', axisTitle('Near-month annualized basis (%)', height), { zero: false });
    const layer: Spec[] = [lineLayer({ x, y, color: PALETTE.cme, strokeWidth: 1.1 })];
    const j = input.jump;
    if (j !== null) {
      const ext = dateExtent(near.map((n) => n.date)) as { from: string; to: string };
      const right = inRightHalf(j.date, ext.from, ext.to);
      const sign = j.jump >= 0 ? '+' : '';
      const label =
        `${sign}${(j.jump * 100).toFixed(1)} pts into ${j.date}: ${formatPct(j.before)} → ${formatPct(j.after)}` +
        ` (rank ${j.jump >= 0 ? j.rankRise : j.rankFall} of ${j.n} daily changes)`;
      const marks = [
        ...(j.previousDate === null ? [] : [{ date: j.previousDate, basisPct: roundSig(j.before * 100, 4) }]),
        { date: j.date, basisPct: roundSig(j.after * 100, 4) },
      ];
      layer.push(
        ...ruleX(x, j.date, { opacity: 0.4 }),
        pointLayer({ x, y, rows: marks, color: PALETTE.event, size: 45 }),
        textLabel({
          x,
          y,
          rows: [{ date: j.date, basisPct: roundSig(j.after * 100, 4), label }],
          align: right ? 'right' : 'left',
          dx: right ? -8 : 8,
          color: PALETTE.event,
          fontWeight: 600,
        }),
      );
    }
    panels.push(panel({ width, height, data: near, layer }));
  }
  return chart(id, `${venue} futures basis: term structure and near month`, meta, {
    vconcat: panels,
    resolve: { scale: { x: 'independent', color: 'independent' } },
  });
}
