/**
 * ETF daily dollar volume since launch, with the event day's value and the previous record marked
 * (H2: "IBIT traded a record >$10B, 2x the old record").
 */
import type { DatedValue, VolumeRecord } from '../../analytics/volume.js';
import type { ChartRef } from '../doc.js';
import {
  CHART_DEFAULTS,
  type ChartMeta,
  chart,
  dateExtent,
  formatUsdCompact,
  inRightHalf,
  lineLayer,
  PALETTE,
  pointLayer,
  quantitative,
  requireRows,
  roundSig,
  ruleY,
  type Spec,
  seriesColor,
  temporal,
  textLabel,
  YEAR_MONTH,
} from './layers.js';

export interface EtfVolumeInput {
  readonly ticker: string;
  /** Daily dollar volume, USD (null/non-finite days are left out). */
  readonly history: readonly DatedValue[];
  /** The event day's record analysis of the same series (volumeRecord / etfVolumeRecords().volumeUsd). */
  readonly record: VolumeRecord;
}

const BN = 1e9;

/**
 * Line of daily dollar volume (USD bn) with the event day (red, labelled with its multiple of the previous
 * record) and the previous record (grey point, dashed level) marked.
 * @example etfVolume({ ticker: 'IBIT', history, record }, { sourceNote: 'iShares', reconstructed: false }).id // 'etf-volume'
 */
export function etfVolume(input: EtfVolumeInput, meta: ChartMeta): ChartRef {
  const rows = input.history
    .filter((h) => h.value !== null && Number.isFinite(h.value))
    .map((h) => ({ date: h.date, volumeBn: roundSig((h.value as number) / BN) }))
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  requireRows(rows, `${input.ticker} dollar volume`, meta.id ?? 'etf-volume');
  const ext = dateExtent(rows.map((r) => r.date)) as { from: string; to: string };
  const x = temporal('date', 'Trading day', { format: YEAR_MONTH });
  const y = quantitative('volumeBn', 'Dollar volume (USD bn)', { format: '$,.0f' });
  const rec = input.record;
  const prev = rec.previousRecord;
  const layers: Spec[] = [
    lineLayer({ x, y, color: seriesColor(input.ticker) ?? PALETTE.ibit, strokeWidth: 1.2 }),
  ];
  if (prev !== null) {
    layers.push(
      ...ruleY(y, roundSig(prev.value / BN), {
        color: PALETTE.previous,
        dash: [4, 3],
        label: `previous record ${formatUsdCompact(prev.value)}`,
      }),
      pointLayer({
        x,
        y,
        rows: [{ date: prev.date, volumeBn: roundSig(prev.value / BN) }],
        color: PALETTE.previous,
        size: 50,
      }),
    );
    const right = inRightHalf(prev.date, ext.from, ext.to);
    layers.push(
      textLabel({
        x,
        y,
        rows: [{ date: prev.date, volumeBn: roundSig(prev.value / BN), label: prev.date }],
        align: right ? 'right' : 'left',
        dx: right ? -7 : 7,
        color: PALETTE.previous,
      }),
    );
  }
  const multiple =
    rec.ratioToPreviousRecord !== null && Number.isFinite(rec.ratioToPreviousRecord)
      ? `, ${rec.ratioToPreviousRecord.toFixed(1)}x the previous record`
      : '';
  const standing = rec.isRecord ? `record${multiple}` : `rank ${rec.rank} of ${rec.n} days`;
  const eventRight = inRightHalf(rec.date, ext.from, ext.to);
  layers.push(
    pointLayer({
      x,
      y,
      rows: [{ date: rec.date, volumeBn: roundSig(rec.value / BN) }],
      color: PALETTE.event,
      size: 70,
    }),
    textLabel({
      x,
      y,
      rows: [
        {
          date: rec.date,
          volumeBn: roundSig(rec.value / BN),
          label: `${rec.date}: ${formatUsdCompact(rec.value)} (${standing})`,
        },
      ],
      align: eventRight ? 'right' : 'left',
      dx: eventRight ? -8 : 8,
      color: PALETTE.event,
      fontWeight: 600,
    }),
  );
  return chart('etf-volume', `${input.ticker} daily dollar volume`, meta, {
    width: meta.width ?? CHART_DEFAULTS.width,
    height: meta.height ?? CHART_DEFAULTS.height,
    data: { values: rows },
    layer: layers,
  });
}
