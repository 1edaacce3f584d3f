/**
 * Dealer vanna and charm over the same BTC price grid as the gamma profile (README: "dealer
 * gamma/vanna/charm over one BTC price axis"): how the dealers' delta, in USD, moves with a one-point rise
 * in implied vol (vanna) and with one day passing (charm), from the dealers' side. Two panels sharing the
 * price axis, the spot marked on both.
 */
import type { ChartRef } from '../doc.js';
import {
  axisTitle,
  CHART_DEFAULTS,
  type ChartMeta,
  chart,
  formatUsdCompact,
  lineLayer,
  PALETTE,
  quantitative,
  requireRows,
  roundSig,
  ruleX,
  ruleY,
  type Spec,
} from './layers.js';

export interface VannaCharmInput {
  /** BTC prices, USD. */
  readonly grid: readonly number[];
  /** Dealer vanna at each grid price: USD of delta per vol point. */
  readonly vanna: readonly number[];
  /** Dealer charm at each grid price: USD of delta per day. */
  readonly charm: readonly number[];
  /** BTC at the snapshot, USD. */
  readonly spot: number;
}

const M = 1e6;

/**
 * Vanna (top) and charm (bottom) in USD millions against the BTC price.
 * @example vannaCharm({ grid, vanna, charm, spot: 70100 }, meta).id // 'vanna-charm'
 */
export function vannaCharm(input: VannaCharmInput, meta: ChartMeta): ChartRef {
  const id = meta.id ?? 'vanna-charm';
  const rows = (values: readonly number[]) =>
    input.grid.flatMap((btc, j) =>
      Number.isFinite(btc) && Number.isFinite(values[j])
        ? [{ btc: roundSig(btc), v: roundSig(values[j] / M, 5) }]
        : [],
    );
  const vanna = rows(input.vanna);
  const charm = rows(input.charm);
  requireRows(vanna, 'vanna values', id);
  requireRows(charm, 'charm values', id);
  const width = meta.width ?? CHART_DEFAULTS.width;
  const height = Math.round((meta.height ?? CHART_DEFAULTS.height) * 0.6);
  const x = quantitative('btc', 'BTC price (USD)', { zero: false, format: '$,.0f' });
  const spot = Number.isFinite(input.spot) ? roundSig(input.spot) : null;
  const panel = (
    data: readonly { btc: number; v: number }[],
    title: string,
    color: string,
    label: boolean,
  ): Spec => {
    const y = quantitative('v', axisTitle(title, height), { format: ',.0f' });
    return {
      width,
      height,
      data: { values: data.map((d) => ({ ...d })) },
      layer: [
        ...ruleY(y, 0, { color: CHART_DEFAULTS.domainColor, strokeWidth: 0.8 }),
        lineLayer({ x, y, color, strokeWidth: 2 }),
        ...(spot === null
          ? []
          : ruleX(x, spot, {
              color: PALETTE.event,
              ...(label ? { label: `spot ${formatUsdCompact(spot)}` } : {}),
            })),
      ],
    };
  };
  return chart(id, 'Dealer vanna and charm by BTC price', meta, {
    vconcat: [
      panel(vanna, 'Vanna (USD M of delta per vol point)', PALETTE.deribit, true),
      panel(charm, 'Charm (USD M of delta per day)', PALETTE.ibit, false),
    ],
  });
}
