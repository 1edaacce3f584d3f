/**
 * Futures open interest by venue in BTC (H6: Binance OI collapsed while CME's rebuilt): one value per
 * venue at each 16:00 New York close (top) and, when given, the hourly path with the closes marked (bottom).
 */
import type { VenueDailyOpenInterest } from '../../analytics/openInterest.js';
import type { ChartRef } from '../doc.js';
import {
  axisTitle,
  CHART_DEFAULTS,
  type ChartMeta,
  chart,
  colorBy,
  dateExtent,
  finiteOrNull,
  inRightHalf,
  lineLayer,
  PALETTE,
  panel,
  quantitative,
  requireRows,
  roundSig,
  ruleX,
  type Spec,
  temporal,
  venueLabel,
} from './layers.js';

export interface HourlyOpenInterest {
  /** ISO instant (UTC). */
  readonly ts: string;
  readonly venue: string;
  /** Open interest summed over the venue's symbols, BTC. */
  readonly oiBtc: number | null;
}

export interface OpenInterestInput {
  /** venueOpenInterestAtNyClose output for each venue. */
  readonly daily: readonly VenueDailyOpenInterest[];
  readonly hourly?: readonly HourlyOpenInterest[];
  readonly eventDate: string;
}

const K = 1e3;

/**
 * Daily OI at the 16:00 ET close per venue (thousand BTC), plus the hourly panel when hourly rows are given.
 * @example openInterest({ daily, eventDate: '2026-02-05' }, meta).id // 'open-interest'
 */
export function openInterest(input: OpenInterestInput, meta: ChartMeta): ChartRef {
  const id = meta.id ?? 'open-interest';
  const daily = input.daily
    .filter((d) => finiteOrNull(d.oiBtc) !== null)
    .map((d) => ({ date: d.date, venue: venueLabel(d.venue), oiK: roundSig((d.oiBtc as number) / K, 5) }))
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.venue < b.venue ? -1 : 1));
  requireRows(daily, 'daily open interest', id);
  const hourly = (input.hourly ?? [])
    .filter((h) => finiteOrNull(h.oiBtc) !== null)
    .map((h) => ({ ts: h.ts, venue: venueLabel(h.venue), oiK: roundSig((h.oiBtc as number) / K, 5) }))
    .sort((a, b) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : a.venue < b.venue ? -1 : 1));
  const venues = [...new Set([...daily, ...hourly].map((d) => d.venue))].sort();
  const color = colorBy('venue', venues, null);
  const width = meta.width ?? CHART_DEFAULTS.width;
  const height = meta.height ?? CHART_DEFAULTS.panelHeight;
  const y = quantitative('oiK', axisTitle('Open interest (thousand BTC)', height), { zero: false });
  const ext = dateExtent(daily.map((d) => d.date)) as { from: string; to: string };
  const right = inRightHalf(input.eventDate, ext.from, ext.to);
  const xDay = temporal('date', 'Trading day (value at 16:00 New York)');
  const panels: Spec[] = [
    panel({
      width,
      height,
      data: daily,
      layer: [
        lineLayer({ x: xDay, y, colorChannel: color, strokeWidth: 1.8, points: true }),
        ...ruleX(xDay, input.eventDate, {
          opacity: 0.5,
          label: input.eventDate,
          labelSide: right ? 'left' : 'right',
        }),
      ],
    }),
  ];
  if (hourly.length > 0) {
    const first = hourly[0].ts;
    const last = hourly[hourly.length - 1].ts;
    const closes = [...new Set(input.daily.map((d) => d.closeInstant))]
      .filter((c) => Date.parse(c) >= Date.parse(first) && Date.parse(c) <= Date.parse(last))
      .sort();
    const xHour = temporal('ts', 'Time (UTC); dashed lines: 16:00 New York closes', {
      format: '%b %d %Y %H:%M',
      tickMinStep: 3_600_000,
    });
    panels.push(
      panel({
        width,
        height,
        data: hourly,
        layer: [
          ...(closes.length > 0
            ? ruleX(xHour, closes, { color: PALETTE.previous, dash: [3, 3], strokeWidth: 1 })
            : []),
          lineLayer({ x: xHour, y, colorChannel: color, strokeWidth: 1.3 }),
        ],
      }),
    );
  }
  return chart(id, `Futures open interest by venue (BTC)`, meta, {
    vconcat: panels,
    resolve: { scale: { x: 'independent' } },
  });
}
