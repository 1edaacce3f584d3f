/**
 * IBIT against software (IGV) and gold (GLD), H1's "IBIT traded like software stocks": prices indexed to
 * 100 at the window start (top) and the rolling correlation of daily log returns (bottom), event day marked.
 */
import type { PairCorrelation, SymbolCloses } from '../../analytics/correlation.js';
import type { ChartRef } from '../doc.js';
import {
  axisTitle,
  CHART_DEFAULTS,
  type ChartMeta,
  chart,
  colorBy,
  colorScale,
  dateExtent,
  inRightHalf,
  lineLayer,
  panel,
  quantitative,
  requireRows,
  roundSig,
  ruleX,
  ruleY,
  temporal,
  venueLabel,
} from './layers.js';

export interface CrossAssetInput {
  readonly base: SymbolCloses;
  readonly others: readonly SymbolCloses[];
  /** pairCorrelation(base, other) for each other symbol. */
  readonly correlations: readonly PairCorrelation[];
  readonly eventDate: string;
  /** Window shown (ISO dates, inclusive); prices are indexed to 100 at each symbol's first close in it. */
  readonly from: string;
  readonly to?: string;
  /** Rolling window (returns) to plot; default: each pair's first rolling window. */
  readonly window?: number;
}

function indexed(
  s: SymbolCloses,
  from: string,
  to: string | undefined,
): { date: string; symbol: string; index: number }[] {
  const inRange = s.closes
    .filter(
      (c) => c.date >= from && (to === undefined || c.date <= to) && Number.isFinite(c.close) && c.close > 0,
    )
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const first = inRange[0]?.close;
  const symbol = venueLabel(s.symbol);
  return first === undefined
    ? []
    : inRange.map((c) => ({ date: c.date, symbol, index: roundSig((100 * c.close) / first) }));
}

/**
 * Two panels on one date axis: indexed prices and rolling correlations with the base symbol.
 * @example crossAsset({ base: ibit, others: [igv, gld], correlations, eventDate, from: '2025-11-03' }, meta).id // 'cross-asset'
 */
export function crossAsset(input: CrossAssetInput, meta: ChartMeta): ChartRef {
  const id = meta.id ?? 'cross-asset';
  const symbols = [input.base, ...input.others];
  const prices = symbols.flatMap((s) => indexed(s, input.from, input.to));
  requireRows(prices, 'closes in the window', id);
  const baseName = venueLabel(input.base.symbol);
  const corr = input.correlations.flatMap((pc) => {
    const w = pc.rolling.find((r) => r.window === input.window) ?? pc.rolling[0];
    if (w === undefined) return [];
    const pair = `${venueLabel(pc.base)} vs ${venueLabel(pc.other)} (${w.window}d)`;
    return w.series
      .filter((p) => p.date >= input.from && (input.to === undefined || p.date <= input.to))
      .map((p) => ({ date: p.date, pair, other: venueLabel(pc.other), correlation: roundSig(p.value, 4) }));
  });
  const pairs = [...new Set(corr.map((c) => c.pair))];
  const otherRange = colorScale(pairs.map((p) => corr.find((c) => c.pair === p)?.other ?? p))
    .range as string[];
  const pairColors = Object.fromEntries(pairs.map((p, i) => [p, otherRange[i]]));
  const width = meta.width ?? CHART_DEFAULTS.width;
  const height = meta.height ?? CHART_DEFAULTS.panelHeight;
  const xTop = temporal('date', null);
  const x = temporal('date', 'Trading day');
  const yIdx = quantitative('index', axisTitle('Price (index, window start = 100)', height + 30), {
    zero: false,
  });
  const yCorr = quantitative('correlation', axisTitle('Rolling correlation of daily returns', height), {
    domain: [-1, 1],
  });
  const names = symbols.map((s) => venueLabel(s.symbol));
  const ext = dateExtent(prices.map((p) => p.date)) as { from: string; to: string };
  const right = inRightHalf(input.eventDate, ext.from, ext.to);
  const top = panel({
    width,
    height: height + 30,
    data: prices,
    layer: [
      ...ruleY(yIdx, 100, { strokeWidth: 0.8 }),
      lineLayer({ x: xTop, y: yIdx, colorChannel: colorBy('symbol', names, null), strokeWidth: 1.5 }),
      ...ruleX(xTop, input.eventDate, {
        label: input.eventDate,
        opacity: 0.45,
        labelSide: right ? 'left' : 'right',
      }),
    ],
  });
  const bottom = panel({
    width,
    height,
    data: corr,
    layer: [
      ...ruleY(yCorr, 0, { strokeWidth: 0.8 }),
      lineLayer({ x, y: yCorr, colorChannel: colorBy('pair', pairs, null, pairColors), strokeWidth: 1.5 }),
      ...ruleX(x, input.eventDate, { opacity: 0.45 }),
    ],
  });
  return chart(id, `${baseName} vs ${input.others.map((o) => venueLabel(o.symbol)).join(' and ')}`, meta, {
    vconcat: corr.length > 0 ? [top, bottom] : [top],
    resolve: { scale: { x: 'shared', color: 'independent' }, legend: { color: 'independent' } },
  });
}
