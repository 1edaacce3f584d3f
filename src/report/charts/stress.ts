/**
 * The fund-stress z-score series (H1's catalyst: "prime-broker z-score 3.5"), with the ±reference-sigma
 * lines, the event day's value and its tail probability under a normal and a Student-t.
 */
import type { StressTail, StressValue } from '../../analytics/stress.js';
import type { ChartRef } from '../doc.js';
import {
  annotation,
  axisTitle,
  CHART_DEFAULTS,
  type ChartMeta,
  chart,
  formatProbability,
  lineLayer,
  PALETTE,
  pointLayer,
  quantitative,
  requireRows,
  roundSig,
  ruleX,
  ruleY,
  type Spec,
  temporal,
  YEAR_MONTH,
} from './layers.js';

export interface StressInput {
  /** What the series measures, e.g. 'Multi-strategy fund stress (prime-broker z-score)'. */
  readonly name: string;
  readonly series: readonly StressValue[];
  /** The day whose z is analysed (e.g. 2026-02-04). */
  readonly eventDate: string;
  readonly tail: StressTail;
  /** First date shown (default: the whole series). */
  readonly from?: string;
}

/**
 * Line of the z-score with ±referenceZ rules, the event point and a text block with the tail probabilities.
 * @example stress({ name: 'PB stress', series, eventDate: '2026-02-04', tail: stressTail(3.5) }, meta).id // 'stress'
 */
export function stress(input: StressInput, meta: ChartMeta): ChartRef {
  const id = meta.id ?? 'stress';
  const rows = input.series
    .filter(
      (s) =>
        s.value !== null && Number.isFinite(s.value) && (input.from === undefined || s.date >= input.from),
    )
    .map((s) => ({ date: s.date, z: roundSig(s.value as number, 4) }))
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  requireRows(rows, `${input.name} values`, id);
  const x = temporal('date', 'Trading day', { format: YEAR_MONTH });
  const t = input.tail;
  const ref = t.referenceZ;
  const zs = rows.map((r) => r.z);
  // Headroom above the data for the text block in the top-left corner (3 lines ≈ 20 % of the plot).
  const top = Math.ceil(Math.max(ref, ...zs)) + 2;
  const bottom = Math.floor(Math.min(-ref, ...zs)) - 0.5;
  const y = quantitative(
    'z',
    axisTitle('Stress z-score (standard deviations)', meta.height ?? CHART_DEFAULTS.height),
    {
      domain: [bottom, top],
    },
  );
  const layers: Spec[] = [
    ...ruleY(y, 0, { strokeWidth: 0.8, color: CHART_DEFAULTS.domainColor }),
    ...ruleY(y, ref, { color: PALETTE.previous, dash: [4, 3], label: `+${ref}σ` }),
    ...ruleY(y, -ref, { color: PALETTE.previous, dash: [4, 3], label: `−${ref}σ` }),
    lineLayer({ x, y, color: PALETTE.neutral, strokeWidth: 1.1 }),
    ...ruleX(x, input.eventDate, { color: PALETTE.event, opacity: 0.35 }),
  ];
  const event = rows.find((r) => r.date === input.eventDate);
  if (event !== undefined) layers.push(pointLayer({ x, y, rows: [event], color: PALETTE.event, size: 70 }));
  layers.push(
    annotation(
      [
        `${input.eventDate}: z = ${Number(t.z.toFixed(2))}`,
        `two-sided p = ${formatProbability(t.normal.twoSided)} under a normal`,
        `p = ${formatProbability(t.studentT.twoSided)} under a Student-t (ν = ${t.studentT.nu})`,
      ],
      { color: PALETTE.event },
    ),
  );
  return chart(id, input.name, meta, {
    width: meta.width ?? CHART_DEFAULTS.width,
    height: meta.height ?? CHART_DEFAULTS.height,
    data: { values: rows },
    layer: layers,
  });
}
