/**
 * Dealer gamma exposure over a grid of BTC prices (H4: dealers short gamma roughly 64k–71k), by venue and
 * in total, from the dealers' side (DESIGN.md section 3: negative = short gamma, hedging amplifies moves).
 * Short-gamma ranges are shaded, zero-gamma levels and the current spot marked.
 */
import type { GammaBand } from '../../analytics/positioning.js';
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
  quantitative,
  requireRows,
  roundSig,
  ruleX,
  ruleY,
  type Spec,
  textLabel,
  venueLabel,
  xRange,
} from './layers.js';

/** The parts of an ExposureProfile the chart reads (typed arrays or plain arrays, e.g. from findings.json). */
export interface GammaProfileSeries {
  readonly grid: ArrayLike<number>;
  readonly gex: ArrayLike<number>;
  readonly byVenue: Readonly<Record<string, { readonly gex: ArrayLike<number> }>>;
}

export interface GammaProfileInput {
  readonly profile: GammaProfileSeries;
  /** BTC prices where total GEX changes sign (dealerPositioning().zeroGamma). */
  readonly zeroGamma: readonly number[];
  readonly shortGammaBands: readonly GammaBand[];
  /** Current BTC price, USD. */
  readonly spot: number;
}

const M = 1e6;
const TOTAL = 'Total';

/**
 * GEX (USD M per 1 % move) by venue and total against the BTC price.
 * @example gammaProfile({ profile, zeroGamma: [67200], shortGammaBands, spot: 70100 }, meta).id // 'gamma-profile'
 */
export function gammaProfile(input: GammaProfileInput, meta: ChartMeta): ChartRef {
  const id = meta.id ?? 'gamma-profile';
  const p = input.profile;
  const venues = Object.keys(p.byVenue).sort();
  const rows: { btc: number; series: string; gexM: number }[] = [];
  for (let j = 0; j < p.grid.length; j++) {
    const btc = roundSig(p.grid[j]);
    for (const v of venues) {
      const g = p.byVenue[v].gex[j];
      if (Number.isFinite(g)) rows.push({ btc, series: venueLabel(v), gexM: roundSig(g / M, 5) });
    }
    if (Number.isFinite(p.gex[j])) rows.push({ btc, series: TOTAL, gexM: roundSig(p.gex[j] / M, 5) });
  }
  requireRows(rows, 'gamma exposure values', id);
  const names = [...venues.map(venueLabel), TOTAL];
  const color = colorBy('series', names, null);
  const height = meta.height ?? CHART_DEFAULTS.height + 20;
  const x = quantitative('btc', 'BTC price (USD)', { zero: false, format: '$,.0f' });
  const y = quantitative('gexM', axisTitle('Dealer gamma exposure (USD millions per 1% move)', height), {
    format: ',.0f',
  });
  const layers: Spec[] = [];
  const bands = input.shortGammaBands.filter((b) => Number.isFinite(b.lo) && Number.isFinite(b.hi));
  if (bands.length > 0) {
    layers.push(
      xRange({
        x,
        x2Field: 'btcHi',
        rows: bands.map((b) => ({ btc: roundSig(b.lo), btcHi: roundSig(b.hi) })),
      }),
      textLabel({
        x,
        y: { value: height - 4 },
        rows: bands.map((b) => ({ btc: roundSig((b.lo + b.hi) / 2), label: 'dealers short gamma' })),
        align: 'center',
        baseline: 'bottom',
        color: PALETTE.event,
      }),
    );
  }
  layers.push(...ruleY(y, 0, { color: CHART_DEFAULTS.domainColor, strokeWidth: 0.8 }));
  layers.push(
    lineLayer({ x, y, colorChannel: color, strokeWidth: 1.4, data: rows.filter((r) => r.series !== TOTAL) }),
    lineLayer({ x, y, colorChannel: color, strokeWidth: 2.6, data: rows.filter((r) => r.series === TOTAL) }),
  );
  const zeros = input.zeroGamma.filter(Number.isFinite).map((z) => roundSig(z));
  if (zeros.length > 0) {
    layers.push(
      ...ruleX(x, zeros, { color: PALETTE.neutral, dash: [4, 3], strokeWidth: 1 }),
      textLabel({
        x,
        rows: zeros.map((z) => ({ btc: z, label: `zero gamma ${formatUsdCompact(z)}` })),
        align: 'left',
        baseline: 'top',
        dx: 4,
        dy: 16,
        color: PALETTE.neutral,
      }),
    );
  }
  if (Number.isFinite(input.spot)) {
    layers.push(
      ...ruleX(x, roundSig(input.spot), {
        color: PALETTE.event,
        label: `spot ${formatUsdCompact(input.spot)}`,
      }),
    );
  }
  return chart(id, 'Dealer gamma exposure by BTC price', meta, {
    width: meta.width ?? CHART_DEFAULTS.width,
    height,
    layer: layers,
  });
}
