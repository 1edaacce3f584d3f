/**
 * Listed-option volume of one underlying: calls and puts per day (top panel) and the put share of
 * contracts (bottom panel), with the event day marked (H4: put buying).
 */
import type { OptionVolumeRow } from '../../analytics/volume.js';
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
  temporal,
  textLabel,
} from './layers.js';

export interface OptionsVolumeInput {
  readonly underlying: string;
  /** options_daily rows (contracts); other underlyings are ignored. */
  readonly days: readonly OptionVolumeRow[];
  readonly eventDate: string;
}

const SIDES = ['Calls', 'Puts'];

/**
 * Two panels on one date axis: call and put contracts per day (thousands) and the put share (%).
 * @example optionsVolume({ underlying: 'IBIT', days, eventDate: '2026-02-05' }, meta).id // 'options-volume'
 */
export function optionsVolume(input: OptionsVolumeInput, meta: ChartMeta): ChartRef {
  const id = meta.id ?? 'options-volume';
  const mine = input.days
    .filter((d) => d.underlying === input.underlying)
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const ok = (v: number | null): v is number => v !== null && Number.isFinite(v);
  const volume = mine.flatMap((d) => [
    ...(ok(d.call_volume)
      ? [{ date: d.date, side: 'Calls', contractsK: roundSig(d.call_volume / 1e3) }]
      : []),
    ...(ok(d.put_volume) ? [{ date: d.date, side: 'Puts', contractsK: roundSig(d.put_volume / 1e3) }] : []),
  ]);
  const share = mine
    .filter(
      (d) =>
        ok(d.call_volume) && ok(d.put_volume) && (d.call_volume as number) + (d.put_volume as number) > 0,
    )
    .map((d) => ({
      date: d.date,
      putSharePct: roundSig(
        (100 * (d.put_volume as number)) / ((d.call_volume as number) + (d.put_volume as number)),
      ),
    }));
  requireRows(volume, `${input.underlying} option volume`, id);
  const width = meta.width ?? CHART_DEFAULTS.width;
  const height = meta.height ?? CHART_DEFAULTS.panelHeight;
  const x = temporal('date', 'Trading day');
  const xTop = temporal('date', null);
  const yVol = quantitative('contractsK', axisTitle('Contracts per day (thousands)', height), {
    format: ',.0f',
  });
  const yShare = quantitative(
    'putSharePct',
    axisTitle('Put share of contracts (%)', Math.round(height * 0.75)),
    { zero: false },
  );
  const event = share.find((s) => s.date === input.eventDate);
  const ext = dateExtent(volume.map((v) => v.date)) as { from: string; to: string };
  const right = inRightHalf(input.eventDate, ext.from, ext.to);
  const top = panel({
    width,
    height,
    data: volume,
    layer: [
      lineLayer({
        x: xTop,
        y: yVol,
        colorChannel: colorBy('side', SIDES, null, { Calls: PALETTE.calls, Puts: PALETTE.puts }),
        strokeWidth: 1.2,
      }),
      ...ruleX(xTop, input.eventDate, {
        label: input.eventDate,
        opacity: 0.45,
        labelSide: right ? 'left' : 'right',
      }),
    ],
  });
  const bottom = panel({
    width,
    height: Math.round(height * 0.75),
    data: share,
    layer: [
      lineLayer({ x, y: yShare, color: PALETTE.puts, strokeWidth: 1.2 }),
      ...ruleX(x, input.eventDate, { opacity: 0.45 }),
      ...(event === undefined
        ? []
        : [
            pointLayer({ x, y: yShare, rows: [event], color: PALETTE.event }),
            textLabel({
              x,
              y: yShare,
              rows: [{ ...event, label: `put share ${formatPct(event.putSharePct / 100)}` }],
              align: right ? 'right' : 'left',
              dx: right ? -8 : 8,
              color: PALETTE.event,
              fontWeight: 600,
            }),
          ]),
    ],
  });
  return chart(id, `${input.underlying} listed options: calls vs puts`, meta, {
    vconcat: [top, bottom],
    resolve: { scale: { x: 'shared' } },
  });
}
