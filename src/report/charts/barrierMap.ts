/**
 * Structured-note knock-in barriers on the BTC axis (H5): notional per barrier cluster (top) and the
 * dealers' hedge trade when the cluster knocks in (bottom; negative = the dealers sell), with each
 * cluster's level in the ETF (e.g. IBIT $38.50) as its label and the current BTC price marked.
 */
import type { BarrierCluster } from '../../forensics/sections/barriers.js';
import type { ChartRef } from '../doc.js';
import {
  axisTitle,
  barLayer,
  CHART_DEFAULTS,
  type ChartMeta,
  chart,
  formatUsdCompact,
  PALETTE,
  panel,
  quantitative,
  requireRows,
  roundSig,
  ruleX,
  ruleY,
  textLabel,
  venueLabel,
} from './layers.js';

export interface BarrierMapInput {
  /** The barriers finding's clusters (forensics/sections/barriers.ts barrierLumpsOf). */
  readonly clusters: readonly BarrierCluster[];
  /** Current BTC price, USD. */
  readonly spot: number;
}

const M = 1e6;

function levelLabel(c: BarrierCluster): string {
  if (c.shareLevel !== null && c.underlyings.length === 1) {
    return `${venueLabel(c.underlyings[0])} $${c.shareLevel.toFixed(2)}`;
  }
  return `${c.count} notes`;
}

/**
 * Two panels on one BTC price axis: barrier notional (USD M) and knock-in hedge trade (USD M) per cluster.
 * @example barrierMap({ clusters, spot: 70100 }, meta).id // 'barrier-map'
 */
export function barrierMap(input: BarrierMapInput, meta: ChartMeta): ChartRef {
  const id = meta.id ?? 'barrier-map';
  const rows = input.clusters
    .filter((c) => Number.isFinite(c.btcLevel))
    .map((c) => ({
      btc: roundSig(c.btcLevel),
      notionalM: roundSig(c.notionalUsd / M, 5),
      lumpM: roundSig(c.lumpUsd / M, 5),
      label: levelLabel(c),
      lumpLabel: formatUsdCompact(c.lumpUsd),
      notes: c.count,
    }));
  requireRows(rows, 'barrier clusters', id);
  const width = meta.width ?? CHART_DEFAULTS.width;
  const height = meta.height ?? CHART_DEFAULTS.panelHeight;
  const xTop = quantitative('btc', null, { zero: false, format: '$,.0f', padding: 24 });
  const x = quantitative('btc', 'BTC price (USD); labels: barrier level in the ETF', {
    zero: false,
    format: '$,.0f',
    padding: 24,
  });
  // Padding keeps the value labels above and below the bars inside the plot.
  const yNotional = quantitative('notionalM', axisTitle('Note notional (USD millions)', height), {
    format: ',.0f',
    padding: 14,
  });
  const yLump = quantitative(
    'lumpM',
    axisTitle('Knock-in hedge trade (USD millions)', Math.round(height * 0.8)),
    { format: ',.1f', padding: 16 },
  );
  const spot = roundSig(input.spot);
  const top = panel({
    width,
    height,
    data: rows,
    layer: [
      barLayer({ x: xTop, y: yNotional, color: PALETTE.ibit, thickness: 9 }),
      textLabel({ x: xTop, y: yNotional, align: 'center', baseline: 'bottom', dy: -4, fontSize: 10 }),
      ...(Number.isFinite(spot) ? ruleX(xTop, spot, { label: `spot ${formatUsdCompact(spot)}` }) : []),
    ],
  });
  const bottom = panel({
    width,
    height: Math.round(height * 0.8),
    data: rows,
    layer: [
      ...ruleY(yLump, 0, { color: CHART_DEFAULTS.domainColor, strokeWidth: 0.8 }),
      barLayer({ x, y: yLump, color: PALETTE.longLiquidation, thickness: 9 }),
      textLabel({
        x,
        y: yLump,
        textField: 'lumpLabel',
        align: 'center',
        baseline: 'top',
        dy: 4,
        fontSize: 10,
        color: PALETTE.longLiquidation,
      }),
      ...(Number.isFinite(spot) ? ruleX(x, spot) : []),
    ],
  });
  return chart(id, 'Knock-in barriers on the BTC axis', meta, {
    vconcat: [top, bottom],
    resolve: { scale: { x: 'shared' } },
  });
}
