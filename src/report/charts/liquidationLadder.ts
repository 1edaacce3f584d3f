/**
 * Perpetual-futures liquidation ladder (H6): long and short notional by liquidation-price bucket on the
 * BTC axis (longs drawn below zero: their liquidations are forced sells), and the notional a move from
 * spot to each price would liquidate, with spot marked.
 */
import type { ChartRef } from '../doc.js';
import {
  axisTitle,
  CHART_DEFAULTS,
  type ChartMeta,
  chart,
  colorBy,
  formatUsdCompact,
  lineLayer,
  PALETTE,
  panel,
  quantitative,
  rectLayer,
  requireRows,
  roundSig,
  ruleX,
  ruleY,
} from './layers.js';

const M = 1e6;
const LONGS = 'Longs liquidated (forced sells)';
const SHORTS = 'Shorts liquidated (forced buys)';

/**
 * Two panels on one BTC price axis: notional per bucket (USD M, longs negative) and cumulative notional
 * liquidated by a move from spot (USD M).
 * @example liquidationLadder(liquidationLadder(cohorts, grid, 70100), meta).id // 'liquidation-ladder'
 */
/**
 * The ladder the chart reads (typed arrays or plain arrays, e.g. from findings.json: the liquidations
 * finding's `ladder`, read off the perp-liquidation channel's book), USD traded as magnitudes by side.
 */
export type LadderSeries = {
  readonly spot: number;
  readonly grid: ArrayLike<number>;
  readonly longByBucket: ArrayLike<number>;
  readonly shortByBucket: ArrayLike<number>;
  readonly cumLongToLevel: ArrayLike<number>;
  readonly cumShortToLevel: ArrayLike<number>;
};

export function liquidationLadder(ladder: LadderSeries, meta: ChartMeta): ChartRef {
  const id = meta.id ?? 'liquidation-ladder';
  const g = ladder.grid;
  const buckets: { btc: number; btcHi: number; side: string; notionalM: number; base: number }[] = [];
  for (let j = 0; j + 1 < g.length; j++) {
    const lo = roundSig(g[j]);
    const hi = roundSig(g[j + 1]);
    const long = ladder.longByBucket[j];
    const short = ladder.shortByBucket[j];
    if (Number.isFinite(long) && long > 0) {
      buckets.push({ btc: lo, btcHi: hi, side: LONGS, notionalM: roundSig(-long / M, 5), base: 0 });
    }
    if (Number.isFinite(short) && short > 0) {
      buckets.push({ btc: lo, btcHi: hi, side: SHORTS, notionalM: roundSig(short / M, 5), base: 0 });
    }
  }
  const cumulative: { btc: number; side: string; cumM: number }[] = [];
  for (let j = 0; j < g.length; j++) {
    const btc = roundSig(g[j]);
    if (g[j] <= ladder.spot && Number.isFinite(ladder.cumLongToLevel[j])) {
      cumulative.push({ btc, side: LONGS, cumM: roundSig(ladder.cumLongToLevel[j] / M, 5) });
    }
    if (g[j] >= ladder.spot && Number.isFinite(ladder.cumShortToLevel[j])) {
      cumulative.push({ btc, side: SHORTS, cumM: roundSig(ladder.cumShortToLevel[j] / M, 5) });
    }
  }
  requireRows([...buckets, ...cumulative], 'liquidation notional', id);
  const width = meta.width ?? CHART_DEFAULTS.width;
  const height = meta.height ?? CHART_DEFAULTS.panelHeight;
  const color = colorBy('side', [LONGS, SHORTS], null, {
    [LONGS]: PALETTE.longLiquidation,
    [SHORTS]: PALETTE.shortLiquidation,
  });
  const xTop = quantitative('btc', null, { zero: false, format: '$,.0f' });
  const x = quantitative('btc', 'BTC price (USD)', { zero: false, format: '$,.0f' });
  const yBucket = quantitative('notionalM', axisTitle('Notional per bucket (USD millions)', height + 20), {
    format: ',.0f',
  });
  const yCum = quantitative('cumM', axisTitle('Liquidated by a move from spot (USD millions)', height), {
    format: ',.0f',
  });
  const spot = roundSig(ladder.spot);
  const top = panel({
    width,
    height: height + 20,
    data: buckets,
    layer: [
      rectLayer({ x: xTop, x2Field: 'btcHi', y: yBucket, y2Field: 'base', colorChannel: color }),
      ...ruleY(yBucket, 0, { color: CHART_DEFAULTS.domainColor, strokeWidth: 0.8 }),
      ...ruleX(xTop, spot, { label: `spot ${formatUsdCompact(ladder.spot)}` }),
    ],
  });
  const bottom = panel({
    width,
    height,
    data: cumulative,
    layer: [lineLayer({ x, y: yCum, colorChannel: color, strokeWidth: 1.8 }), ...ruleX(x, spot)],
  });
  return chart(id, 'Perpetual futures liquidation ladder', meta, {
    vconcat: [top, bottom],
    resolve: { scale: { x: 'shared' } },
  });
}
