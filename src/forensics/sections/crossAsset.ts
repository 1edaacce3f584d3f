import { type PairCorrelation, pairCorrelation, type SymbolCloses } from '../../analytics/correlation.js';
import { etfDailySeries, singleVenueDailyBars } from '../../analytics/etfDailySeries.js';
import { closesFromBars } from '../../analytics/time.js';
import { CrashscopeError } from '../../errors.js';
import type { FindingOf, Metric } from '../findings.js';
import type { EventInputs } from '../inputs.js';
import { fmtPct, metric, provenanceOf, worstOf, worstQuality } from '../metric.js';
import type { ForensicsOptions } from '../options.js';
import { qualityOfValue } from '../valueQuality.js';
import { finding, unavailable } from './common.js';

export interface CrossAssetData {
  readonly pairs: readonly PairCorrelation[];
  /** Closes of the ETF and each cross asset over the chart window. */
  readonly closes: readonly { readonly symbol: string; readonly date: string; readonly close: number }[];
}

const TITLE = 'Cross-asset stress: the ETF vs software, gold and tech';
/** Trading days of prices shown before the event. */
const CHART_DAYS = 120;

/** Section 3a: rolling and downside correlations of the ETF with each cross asset, vs their history. */
export function crossAssetSection(inputs: EventInputs, o: ForensicsOptions): FindingOf<'cross-asset'> {
  const d = o.eventDate;
  const etfRows = etfDailySeries(inputs.etfDaily, inputs.crossDaily, o.etfTicker).flatMap((r) =>
    r.date >= o.since && r.date <= d && r.close !== null
      ? [{ date: r.date, close: r.close, inputs: r.inputs }]
      : [],
  );
  const barRows = o.crossAssets.flatMap((sym) => singleVenueDailyBars(inputs.crossDaily, sym));
  const prov = provenanceOf(
    ['etf_daily', 'bars'],
    etfRows.flatMap((r) => r.inputs),
    barRows,
  );
  if (etfRows.length < 30)
    return unavailable(
      'cross-asset',
      TITLE,
      `fewer than 30 days of ${o.etfTicker} closes (import its daily bars: crashscope ingest yahoo bars --symbol ${o.etfTicker} --interval 1d)`,
      prov,
    );
  const base: SymbolCloses = {
    symbol: o.etfTicker,
    closes: etfRows.map((r) => ({ date: r.date, close: r.close })),
  };
  // The ETF's closes per value: an etf_daily close has its value_provenance entry (else its row's); a
  // close taken from bars has the quality of the rows it came from.
  const etfByDate = new Map(inputs.etfDaily.filter((r) => r.ticker === o.etfTicker).map((r) => [r.date, r]));
  const qEtfClose = worstQuality(
    etfRows.map((r) => {
      const row = etfByDate.get(r.date);
      return row && row.close !== null
        ? qualityOfValue(inputs.values, 'etf_daily', row, 'close')
        : { quality: worstQuality(r.inputs), source: '' };
    }),
  );
  const notes: string[] = [];
  const pairs: PairCorrelation[] = [];
  const metrics: Record<string, Metric> = {};
  for (const sym of o.crossAssets) {
    const rows = barRows.filter((r) => r.symbol === sym);
    const closes = closesFromBars(rows).filter((c) => c.date >= o.since && c.date <= d);
    try {
      const p = pairCorrelation(base, { symbol: sym, closes }, d);
      pairs.push(p);
      // Weakest input value: the ETF's closes (per value) and the other asset's bars.
      const q = worstOf(qEtfClose, worstQuality(rows));
      const r20 = p.rolling.find((w) => w.window === 20) ?? p.rolling[0];
      metrics[`corr20:${sym}`] = metric(
        `${r20.window}-day correlation with ${sym}`,
        r20.value,
        'correlation',
        q,
        (v) => v.toFixed(2),
      );
      metrics[`corr20Pct:${sym}`] = metric(
        `its percentile vs history`,
        r20.history.percentile,
        'decimal',
        q,
        (v) => fmtPct(v, 0),
      );
      metrics[`downside:${sym}`] = metric(
        `downside correlation with ${sym}`,
        p.downside.value,
        'correlation',
        q,
        (v) => v.toFixed(2),
      );
      metrics[`downsidePct:${sym}`] = metric(
        `its percentile vs history`,
        p.downside.history.percentile,
        'decimal',
        q,
        (v) => fmtPct(v, 0),
      );
    } catch (error) {
      if (!(error instanceof CrashscopeError)) throw error;
      notes.push(`${sym}: ${error.message}`);
    }
  }
  if (pairs.length === 0)
    return unavailable(
      'cross-asset',
      TITLE,
      `no cross-asset closes (${o.crossAssets.join(', ')}) around ${d}`,
      prov,
    );
  const describe = (p: PairCorrelation) => {
    const r = p.rolling[0];
    return `${p.other} ${r.value.toFixed(2)} (${fmtPct(r.history.percentile, 0)} percentile)`;
  };
  const summary = `On ${d} the ${pairs[0].rolling[0].window}-day correlation of ${o.etfTicker} returns with ${pairs.map(describe).join(', ')}.`;
  const from = etfRows[Math.max(0, etfRows.length - CHART_DAYS)].date;
  const closes = [
    ...etfRows
      .filter((r) => r.date >= from)
      .map((r) => ({ symbol: o.etfTicker, date: r.date, close: r.close })),
    ...o.crossAssets.flatMap((sym) =>
      closesFromBars(barRows.filter((r) => r.symbol === sym))
        .filter((c) => c.date >= from && c.date <= d)
        .map((c) => ({ symbol: sym, date: c.date, close: c.close })),
    ),
  ];
  return finding('cross-asset', TITLE, summary, metrics, prov, notes, { pairs, closes });
}
