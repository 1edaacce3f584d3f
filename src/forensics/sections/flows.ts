import {
  type ExpectedFlowModel,
  expectedFlowModel,
  type FlowPoint,
  type FlowReconciliation,
  flowSurprise,
  groupExpectedFlow,
  reconcileFlows,
  reportedFlowPoints,
  type ShareCountFlow,
  shareCountFlowPoints,
  shareCountFlows,
  sumFlowPoints,
} from '../../analytics/flows.js';
import { closesFromBars, type DailyClose } from '../../analytics/time.js';
import { CrashscopeError } from '../../errors.js';
import type { FindingOf, Quality } from '../findings.js';
import type { EventInputs } from '../inputs.js';
import { fmtNum, fmtUsd, metric, provenanceOf, worstOf, worstQuality } from '../metric.js';
import type { ForensicsOptions } from '../options.js';
import { worstValue } from '../valueQuality.js';
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
  /**
   * The expected-flow model fitted on a tracker's reported flows (observed/published, so its rule can
   * count), with the tracker and the history it was fitted on; null without a tracker series.
   */
  readonly tracker: {
    readonly source: string;
    readonly model: ExpectedFlowModel;
    readonly series: readonly {
      readonly date: string;
      readonly flowUsd: number | null;
      readonly logReturn: number | null;
    }[];
  } | null;
  /** The same model on the tracker's flows summed over every fund it reports (e.g. Farside's total). */
  readonly trackerGroup: {
    readonly source: string;
    readonly tickers: readonly string[];
    readonly model: ExpectedFlowModel;
  } | null;
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

const RANK: Readonly<Record<string, number>> = { observed: 0, published: 1 };

/**
 * The tracker whose reported flows feed the expected-flow model: one with a figure on the event day, of the
 * strongest quality (observed, then published; never reconstructed), with the longest history.
 */
function pickTracker(rows: EventInputs['etfFlows'], d: string): string | null {
  const by = new Map<string, { q: number; n: number; onDay: boolean }>();
  for (const r of rows) {
    const q = RANK[r.quality];
    if (q === undefined || r.flow_usd === null) continue;
    const e = by.get(r.flow_source) ?? { q, n: 0, onDay: false };
    by.set(r.flow_source, { q: Math.max(e.q, q), n: e.n + 1, onDay: e.onDay || r.date === d });
  }
  const ranked = [...by.entries()]
    .filter(([, e]) => e.onDay)
    .sort((a, b) => a[1].q - b[1].q || b[1].n - a[1].n || a[0].localeCompare(b[0]));
  return ranked[0]?.[0] ?? null;
}

/** Each flow with the log return of its day on the flows' own calendar (null where a close is missing). */
function withReturns(points: readonly FlowPoint[], closes: readonly DailyClose[]) {
  const at = new Map(closes.map((c) => [c.date, c.close]));
  return points.map((p, i) => {
    const c = at.get(p.date);
    const prev = i > 0 ? at.get(points[i - 1].date) : undefined;
    return {
      date: p.date,
      flowUsd: p.flowUsd,
      logReturn: c !== undefined && prev !== undefined ? Math.log(c / prev) : null,
    };
  });
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
        `no shares outstanding for ${o.etfTicker}: flows as reported by trackers only (the expected-flow model runs on the trackers' flows)`,
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
  // The trackers' reported flows (observed or published) against the ETF's own closes (the 16:00 New York
  // price of the session the flow is dated to, observed per value): the expected-flow model whose rule counts.
  const trackerSource = pickTracker(reportedRows, d);
  // The ETF's closes: etf_daily when present, else its daily bars, else BTC's (said in a note).
  const etfCloses = closesOf(mine, o.etfTicker);
  const etfBarCloses =
    etfCloses.length > 0 ? [] : closesFromBars(inputs.crossDaily.filter((b) => b.symbol === o.etfTicker));
  const trackerCloses = etfCloses.length > 0 ? etfCloses : etfBarCloses.length > 0 ? etfBarCloses : closes;
  const trackerPoints =
    trackerSource === null
      ? []
      : reportedFlowPoints(reportedRows, o.etfTicker, trackerSource).filter((p) => p.date >= o.since);
  const trackerModel =
    trackerSource === null
      ? null
      : tryModel(
          () => expectedFlowModel(trackerPoints, trackerCloses, d, { since: o.since }),
          notes,
          `${o.etfTicker} expected-flow model on ${trackerSource} flows`,
        );
  const trackerRows = inputs.etfFlows.filter(
    (r) => r.method === 'reported' && r.flow_source === trackerSource && r.date >= o.since && r.date <= d,
  );
  const trackerTickers = [...new Set(trackerRows.map((r) => r.ticker))].sort();
  const trackerGroupModel =
    trackerSource === null || trackerTickers.length < 2
      ? null
      : tryModel(
          () =>
            expectedFlowModel(
              sumFlowPoints(trackerTickers.map((t) => reportedFlowPoints(trackerRows, t, trackerSource)))
                .points,
              trackerCloses,
              d,
              { since: o.since },
            ),
          notes,
          `${trackerTickers.length}-fund expected-flow model on ${trackerSource} flows`,
        );
  // A model's number is as good as its weakest input: the tracker's flows and the closes behind the returns.
  const inFit = (m: ExpectedFlowModel | null) => (r: { date: string }) =>
    m !== null && r.date >= m.fitFrom && r.date <= d;
  const qCloses = (m: ExpectedFlowModel | null): Quality =>
    etfCloses.length > 0
      ? worstValue(inputs.values, 'etf_daily', mine.filter(inFit(m)), ['close'])
      : etfBarCloses.length > 0
        ? worstQuality(inputs.crossDaily.filter((b) => b.symbol === o.etfTicker))
        : worstQuality(inputs.btcDaily);
  const qTracker = worstOf(
    worstQuality(trackerRows.filter((r) => r.ticker === o.etfTicker).filter(inFit(trackerModel))),
    qCloses(trackerModel),
  );
  const qTrackerGroup = worstOf(
    worstQuality(trackerRows.filter(inFit(trackerGroupModel))),
    qCloses(trackerGroupModel),
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
      'expected flow given the price move (share-count model)',
      model?.expectedUsd ?? null,
      'USD',
      qModel,
      fmtUsd,
    ),
    expectedLowerUsd: metric(
      'expected flow (share-count model), 90% interval low',
      model?.interval.lower ?? null,
      'USD',
      qModel,
      fmtUsd,
    ),
    expectedUpperUsd: metric(
      'expected flow (share-count model), 90% interval high',
      model?.interval.upper ?? null,
      'USD',
      qModel,
      fmtUsd,
    ),
    surpriseRobustSigma: metric(
      'share-count flow (T) vs the share-count model, robust',
      model?.surprise?.surpriseRobustSigma ?? null,
      'sigma',
      worstOf(q, qModel),
      (v) => v.toFixed(1),
    ),
    surpriseSide: metric(
      'share-count flow (T) vs its interval',
      model?.surprise?.side ?? null,
      null,
      worstOf(q, qModel),
    ),
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
  const tm = trackerModel;
  const src = trackerSource ?? 'none';
  Object.assign(metrics, {
    trackerExpectedUsd: metric(
      `expected flow given the price move (model on ${src} flows)`,
      tm?.expectedUsd ?? null,
      'USD',
      qTracker,
      fmtUsd,
    ),
    trackerExpectedLowerUsd: metric(
      `expected flow (${src} model), 90% interval low`,
      tm?.interval.lower ?? null,
      'USD',
      qTracker,
      fmtUsd,
    ),
    trackerExpectedUpperUsd: metric(
      `expected flow (${src} model), 90% interval high`,
      tm?.interval.upper ?? null,
      'USD',
      qTracker,
      fmtUsd,
    ),
    trackerSurpriseRobustSigma: metric(
      `${src} flow vs the ${src} model, robust`,
      tm?.surprise?.surpriseRobustSigma ?? null,
      'sigma',
      qTracker,
      (v) => v.toFixed(1),
    ),
    trackerSurpriseSide: metric(`${src} flow vs interval`, tm?.surprise?.side ?? null, null, qTracker),
    shareCountPublishedVsTrackerModelSigma: metric(
      `published share-count creations vs the ${src} model, robust`,
      tm && shareCountPub?.flow_usd != null
        ? flowSurprise(tm, shareCountPub.flow_usd).surpriseRobustSigma
        : null,
      'sigma',
      worstOf(qTracker, (shareCountPub?.quality ?? 'reconstructed') as Quality),
      (v) => v.toFixed(1),
    ),
    shareCountTVsTrackerModelSigma: metric(
      `share-count creations (T) vs the ${src} model, robust`,
      tm && event?.flowUsdT != null ? flowSurprise(tm, event.flowUsdT).surpriseRobustSigma : null,
      'sigma',
      worstOf(qTracker, q),
      (v) => v.toFixed(1),
    ),
    trackerGroupFlowUsd: metric(
      `${trackerTickers.length} funds net flow (${src})`,
      trackerGroupModel?.observedUsd ?? null,
      'USD',
      qTrackerGroup,
      fmtUsd,
    ),
    trackerOthersFlowUsd: metric(
      `the other ${Math.max(0, trackerTickers.length - 1)} funds net flow (${src}), beside the published "rest of the complex" figures`,
      trackerGroupModel?.observedUsd != null && tm?.observedUsd != null
        ? trackerGroupModel.observedUsd - tm.observedUsd
        : null,
      'USD',
      qTrackerGroup,
      fmtUsd,
    ),
    trackerGroupExpectedUsd: metric(
      `${trackerTickers.length} funds expected flow (${src} model)`,
      trackerGroupModel?.expectedUsd ?? null,
      'USD',
      qTrackerGroup,
      fmtUsd,
    ),
    trackerGroupSurpriseRobustSigma: metric(
      `${trackerTickers.length} funds flow vs the ${src} model, robust`,
      trackerGroupModel?.surprise?.surpriseRobustSigma ?? null,
      'sigma',
      qTrackerGroup,
      (v) => v.toFixed(1),
    ),
  });
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
  const interval = (m: ExpectedFlowModel) =>
    `${fmtUsd(m.expectedUsd)} [${fmtUsd(m.interval.lower)}, ${fmtUsd(m.interval.upper)}]`;
  const trackerPart =
    tm && tm.observedUsd !== null
      ? `${trackerSource} reports ${fmtUsd(tm.observedUsd)} of net flow for ${o.etfTicker} on ${d}, where the move predicted ${interval(tm)} from ${trackerSource}'s own history (${tm.surprise?.side ?? 'inside'} the 90% interval)`
      : reportedOnDay.length > 0
        ? `Trackers reported ${reportedOnDay.map((r) => `${fmtUsd(r.flow_usd)} (${r.flow_source})`).join(', ')} of net flow for ${o.etfTicker} on ${d}`
        : `No tracker reports a flow for ${o.etfTicker} on ${d}`;
  const shareCountPart = !hasShareCounts
    ? '; no share counts in the store.'
    : `; share counts imply ${fmtUsd(event?.flowUsdT)} of net ${(event?.flowUsdT ?? 0) >= 0 ? 'creations' : 'redemptions'} (T; ${fmtUsd(event?.flowUsdT1)} under T+1` +
      (shareCountPub?.flow_usd != null
        ? `; ${fmtUsd(shareCountPub.flow_usd)} as published by ${shareCountPub.flow_source})`
        : ')') +
      (reconciliation.conflicts.length > 0 ? ', in conflict with the trackers.' : '.');
  const summary = trackerPart + shareCountPart;
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
    tracker:
      tm === null || trackerSource === null
        ? null
        : { source: trackerSource, model: tm, series: withReturns(trackerPoints, trackerCloses) },
    trackerGroup:
      trackerGroupModel === null || trackerSource === null
        ? null
        : { source: trackerSource, tickers: trackerTickers, model: trackerGroupModel },
  });
}
