import {
  type ExpectedFlowModel,
  expectedFlowModel,
  type FlowReconciliation,
  groupExpectedFlow,
  reconcileFlows,
  type ShareCountFlow,
  shareCountFlowPoints,
  shareCountFlows,
} from '../../analytics/flows.js';
import { closesFromBars, type DailyClose } from '../../analytics/time.js';
import { CrashscopeError } from '../../errors.js';
import type { FindingOf, Quality } from '../findings.js';
import type { EventInputs } from '../inputs.js';
import { fmtNum, fmtUsd, metric, provenanceOf, worstOf, worstQuality } from '../metric.js';
import type { ForensicsOptions } from '../options.js';
import { finding, unavailable } from './common.js';

export interface FlowsData {
  readonly reconciliation: FlowReconciliation;
  readonly model: ExpectedFlowModel | null;
  readonly group: { readonly tickers: readonly string[]; readonly model: ExpectedFlowModel } | null;
  /** Share-count flows and returns for charts (history up to a few days after the event). */
  readonly series: readonly {
    readonly date: string;
    readonly flowT: number | null;
    readonly flowT1: number | null;
    readonly logReturn: number | null;
  }[];
  /** Reported flows of the ETF by source around the event. */
  readonly reported: readonly { readonly date: string; readonly source: string; readonly flowUsd: number }[];
}

const TITLE = 'ETF primary vs secondary market';

function closesOf(rows: EventInputs['etfDaily'], ticker: string): DailyClose[] {
  return rows.filter((r) => r.ticker === ticker).map((r) => ({ date: r.date, close: r.close }));
}

function tryModel(f: () => ExpectedFlowModel, notes: string[], what: string): ExpectedFlowModel | null {
  try {
    return f();
  } catch (error) {
    if (error instanceof CrashscopeError) {
      notes.push(`${what}: ${error.message}`);
      return null;
    }
    throw error;
  }
}

/** Section 2: creations/redemptions from share counts (T and T+1) vs reported flows and an expected-flow model. */
export function flowsSection(inputs: EventInputs, o: ForensicsOptions): FindingOf<'flows'> {
  const d = o.eventDate;
  const etf = inputs.etfDaily.filter((r) => r.date >= o.since);
  const mine = etf.filter((r) => r.ticker === o.etfTicker);
  const reportedRows = inputs.etfFlows.filter((r) => r.ticker === o.etfTicker && r.method === 'reported');
  const prov = provenanceOf(['etf_daily', 'etf_flows', 'bars'], etf, inputs.etfFlows, inputs.btcDaily);
  // Either source is enough: share counts (etf_daily) or the trackers' reported flows (etf_flows).
  const hasShareCounts = mine.some((r) => r.date === d);
  if (!hasShareCounts && !reportedRows.some((r) => r.date === d))
    return unavailable(
      'flows',
      TITLE,
      `no etf_daily row and no reported flow for ${o.etfTicker} on ${d} (import flows: crashscope import FILE --model etf_flows; or shares outstanding: --model etf_daily, crashscope ingest ishares etf_flows)`,
      prov,
    );
  const notes: string[] = hasShareCounts
    ? []
    : [
        `no shares outstanding for ${o.etfTicker}: flows as reported by trackers only, no expected-flow model`,
      ];
  const reconciliation = reconcileFlows(mine, reportedRows, o.etfTicker, d);
  const flows = shareCountFlows(mine, o.etfTicker);
  // Flows respond to BTC's move; the ETF's own closes stand in when the store has no BTC reference series.
  const btc = closesFromBars(inputs.btcDaily);
  const closes = btc.length > 0 ? btc : closesOf(mine, o.etfTicker);
  if (btc.length === 0) notes.push(`no BTC reference closes: ${o.etfTicker} closes used for returns`);
  const model = tryModel(
    () => expectedFlowModel(shareCountFlowPoints(flows, 'T'), closes, d, { since: o.since }),
    notes,
    `${o.etfTicker} expected-flow model`,
  );
  const peers =
    o.peerTickers.length > 0
      ? o.peerTickers
      : [...new Set(etf.map((r) => r.ticker))].filter((t) => t !== o.etfTicker).sort();
  const tickers = [o.etfTicker, ...peers];
  const group = tryModel(
    () => groupExpectedFlow(etf, tickers, closes, d, 'T', { since: o.since }).model,
    notes,
    'group expected-flow model',
  );
  const event = flows.find((f) => f.date === d) ?? null;
  const q: Quality = worstQuality(
    mine.filter((r) => r.date === d || r.date === event?.previousDate || r.date === event?.nextDate),
  );
  const qModel = worstQuality(mine);
  const reportedOnDay = reportedRows.filter((r) => r.date === d);
  const metrics: Record<string, ReturnType<typeof metric>> = {
    flowSharesT: metric('net creations, shares (T)', event?.deltaSharesT ?? null, 'shares', q, (v) =>
      fmtNum(v),
    ),
    flowUsdT: metric('net flow from share counts (T)', event?.flowUsdT ?? null, 'USD', q, fmtUsd),
    flowUsdT1: metric('net flow from share counts (T+1)', event?.flowUsdT1 ?? null, 'USD', q, fmtUsd),
    expectedUsd: metric(
      'expected flow given the price move',
      model?.expectedUsd ?? null,
      'USD',
      qModel,
      fmtUsd,
    ),
    expectedLowerUsd: metric(
      'expected flow, 90% interval low',
      model?.interval.lower ?? null,
      'USD',
      qModel,
      fmtUsd,
    ),
    expectedUpperUsd: metric(
      'expected flow, 90% interval high',
      model?.interval.upper ?? null,
      'USD',
      qModel,
      fmtUsd,
    ),
    surpriseRobustSigma: metric(
      'surprise (robust sigmas)',
      model?.surprise?.surpriseRobustSigma ?? null,
      'sigma',
      worstOf(q, qModel),
      (v) => v.toFixed(1),
    ),
    surpriseSide: metric('observed vs interval', model?.surprise?.side ?? null, null, worstOf(q, qModel)),
    groupFlowUsdT: metric(
      `${tickers.length} ETFs net flow (T)`,
      group?.observedUsd ?? null,
      'USD',
      qModel,
      fmtUsd,
    ),
    groupExpectedUsd: metric(
      `${tickers.length} ETFs expected flow`,
      group?.expectedUsd ?? null,
      'USD',
      qModel,
      fmtUsd,
    ),
    conflicts: metric('conflicting flow figures', reconciliation.conflicts.length, 'count', q, (v) =>
      fmtNum(v),
    ),
  };
  // The published/observed figures on each side of the known conflict: what flow trackers report (the
  // strongest-quality 'reported' row) and what published share counts imply (method shares_outstanding_t
  // from a source other than the generator).
  const rank = (q: string): number => (q === 'observed' ? 0 : q === 'published' ? 1 : 2);
  const tracker = [...reportedOnDay].sort((a, b) => rank(a.quality) - rank(b.quality))[0];
  const shareCountPub = inputs.etfFlows.find(
    (r) =>
      r.ticker === o.etfTicker &&
      r.date === d &&
      r.method === 'shares_outstanding_t' &&
      r.quality !== 'reconstructed',
  );
  metrics.trackerFlowUsd = metric(
    `net flow reported by trackers (${tracker?.flow_source ?? 'none'})`,
    tracker?.flow_usd ?? null,
    'USD',
    (tracker?.quality ?? 'reconstructed') as Quality,
    fmtUsd,
  );
  metrics.shareCountPublishedUsd = metric(
    `net creations from published share counts (${shareCountPub?.flow_source ?? 'none'})`,
    shareCountPub?.flow_usd ?? null,
    'USD',
    (shareCountPub?.quality ?? 'reconstructed') as Quality,
    fmtUsd,
  );
  for (const r of reportedOnDay) {
    metrics[`reported:${r.flow_source}`] = metric(
      `reported flow (${r.flow_source})`,
      r.flow_usd,
      'USD',
      r.quality as Quality,
      fmtUsd,
    );
  }
  for (const c of reconciliation.conflicts) notes.push(c.note);
  const summary = !hasShareCounts
    ? `Trackers reported ${reportedOnDay.map((r) => `${fmtUsd(r.flow_usd)} (${r.flow_source})`).join(', ')} of net flow for ${o.etfTicker} on ${d}; no share counts in the store.`
    : `Share counts imply ${fmtUsd(event?.flowUsdT)} of net ${(event?.flowUsdT ?? 0) >= 0 ? 'creations' : 'redemptions'} on ${d} (T; ${fmtUsd(event?.flowUsdT1)} under T+1)` +
      (model
        ? ` where the price move predicted ${fmtUsd(model.expectedUsd)} [${fmtUsd(model.interval.lower)}, ${fmtUsd(model.interval.upper)}]`
        : '') +
      (reportedOnDay.length > 0
        ? `; reported: ${reportedOnDay.map((r) => `${fmtUsd(r.flow_usd)} (${r.flow_source})`).join(', ')}.`
        : '.');
  const closeByDate = new Map(closes.map((c) => [c.date, c.close]));
  const series = flows.map((f: ShareCountFlow) => {
    const c = closeByDate.get(f.date);
    const p = f.previousDate === null ? undefined : closeByDate.get(f.previousDate);
    return {
      date: f.date,
      flowT: f.flowUsdT,
      flowT1: f.flowUsdT1,
      logReturn: c !== undefined && p !== undefined ? Math.log(c / p) : null,
    };
  });
  return finding('flows', TITLE, summary, metrics, prov, notes, {
    reconciliation,
    model,
    group: group ? { tickers, model: group } : null,
    series,
    reported: reportedRows
      .filter((r) => r.flow_usd !== null)
      .map((r) => ({ date: r.date, source: r.flow_source, flowUsd: r.flow_usd as number })),
  });
}
