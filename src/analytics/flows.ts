/**
 * ETF primary market vs secondary market (H2: record volume yet net creations): creations/redemptions
 * implied by the change in shares outstanding, under the two dating conventions issuers' share counts
 * follow; the reported flows of several trackers set against them, conflicts listed and explained where
 * a reporting lag explains them; and an expected-flow model fitted on history (robust regression of the
 * daily flow on same-day and lagged returns) that says how surprising the event day's flow was.
 *
 * Share-count conventions, for a trading day t with neighbours prev(t) and next(t) in the ticker's series:
 * - 'T': the shares outstanding published for t already include the units created/redeemed on t, so
 *   flow_T(t) = (SO(t) − SO(prev(t))) × NAV(t).
 * - 'T+1': the count published for t is struck before t's orders settle (they show up in the next day's
 *   count), so the creations of day t are flow_T+1(t) = (SO(next(t)) − SO(t)) × NAV(t); unknown on the
 *   last day of the series.
 * Both value the units at NAV(t), the price at which day t's creation baskets are struck.
 */
import { InvalidInputError } from '../errors.js';
import { huber, type LinearFit, ols, type PredictionInterval, predictionInterval } from './stats.js';
import { type DailyClose, sortByDate } from './time.js';

export type ShareCountConvention = 'T' | 'T+1';

/** The store's etf_daily columns used here. */
export interface SharesOutstandingRow {
  readonly date: string;
  readonly ticker: string;
  readonly shares_outstanding: number | null;
  readonly nav: number | null;
}

export interface ShareCountFlow {
  readonly date: string;
  readonly ticker: string;
  readonly sharesOutstanding: number;
  /** USD per share; null when the row has none (then both flows are null). */
  readonly nav: number | null;
  readonly previousDate: string | null;
  readonly nextDate: string | null;
  /** SO(t) − SO(prev(t)), shares. */
  readonly deltaSharesT: number | null;
  /** deltaSharesT × NAV(t), USD. */
  readonly flowUsdT: number | null;
  /** SO(next(t)) − SO(t), shares. */
  readonly deltaSharesT1: number | null;
  /** deltaSharesT1 × NAV(t), USD. */
  readonly flowUsdT1: number | null;
}

function times(shares: number | null, nav: number | null): number | null {
  return shares === null || nav === null ? null : shares * nav;
}

/**
 * Daily creations (+) / redemptions (−) of one ETF from its shares outstanding, under both conventions.
 * Rows of other tickers and rows without a share count are ignored; throws DataError on a repeated date.
 * @example shareCountFlows([{ date: '2026-02-04', ticker: 'IBIT', shares_outstanding: 100, nav: 40 }, { date: '2026-02-05', ticker: 'IBIT', shares_outstanding: 106, nav: 35 }], 'IBIT')[1].flowUsdT // 210
 */
export function shareCountFlows(rows: readonly SharesOutstandingRow[], ticker: string): ShareCountFlow[] {
  const valid = rows.filter(
    (r) => r.ticker === ticker && r.shares_outstanding !== null && Number.isFinite(r.shares_outstanding),
  );
  const s = sortByDate(valid, `${ticker} shares_outstanding`);
  return s.map((r, i) => {
    const so = r.shares_outstanding as number;
    const nav = r.nav !== null && Number.isFinite(r.nav) ? r.nav : null;
    const prev = i > 0 ? s[i - 1] : null;
    const next = i + 1 < s.length ? s[i + 1] : null;
    const dT = prev === null ? null : so - (prev.shares_outstanding as number);
    const dT1 = next === null ? null : (next.shares_outstanding as number) - so;
    return {
      date: r.date,
      ticker,
      sharesOutstanding: so,
      nav,
      previousDate: prev?.date ?? null,
      nextDate: next?.date ?? null,
      deltaSharesT: dT,
      flowUsdT: times(dT, nav),
      deltaSharesT1: dT1,
      flowUsdT1: times(dT1, nav),
    };
  });
}

/** A daily flow figure in USD (null = unknown). */
export interface FlowPoint {
  readonly date: string;
  readonly flowUsd: number | null;
}

/**
 * The share-count flow series of one convention, ready for the expected-flow model.
 * @example shareCountFlowPoints(shareCountFlows(rows, 'IBIT'), 'T') // [{ date, flowUsd }, ...]
 */
export function shareCountFlowPoints(
  flows: readonly ShareCountFlow[],
  convention: ShareCountConvention,
): FlowPoint[] {
  return flows.map((f) => ({ date: f.date, flowUsd: convention === 'T' ? f.flowUsdT : f.flowUsdT1 }));
}

/** Reported flows: etf_flows rows, or etf_daily rows (whose flow_usd/flow_source have no method). */
export interface ReportedFlowRow {
  readonly date: string;
  readonly ticker: string;
  readonly flow_usd: number | null;
  readonly flow_source: string | null;
  readonly method?: string | null;
}

/**
 * One source's flow series for a ticker (e.g. a tracker's reported flows).
 * @example reportedFlowPoints(rows, 'IBIT', 'https://sosovalue.com') // [{ date, flowUsd }, ...]
 */
export function reportedFlowPoints(
  rows: readonly ReportedFlowRow[],
  ticker: string,
  source: string,
): FlowPoint[] {
  const mine = rows.filter((r) => r.ticker === ticker && r.flow_source === source);
  return sortByDate(mine, `${ticker} flows from ${source}`).map((r) => ({
    date: r.date,
    flowUsd: r.flow_usd,
  }));
}

export interface FlowPointsSum {
  /**
   * One point per date seen in any series: the sum where every series has a finite value, null where some
   * series is missing (kept as null, not summed partially, so the dates still anchor returns).
   */
  readonly points: readonly FlowPoint[];
  /** The dates whose sum is null because some series had no value. */
  readonly incompleteDates: readonly string[];
}

/**
 * Sums daily flows across tickers (e.g. IBIT + peers) on the dates where all of them have a value.
 * @example sumFlowPoints([[{ date: '2026-02-05', flowUsd: 1 }], [{ date: '2026-02-05', flowUsd: 2 }]]).points // [{ date: '2026-02-05', flowUsd: 3 }]
 */
export function sumFlowPoints(series: readonly (readonly FlowPoint[])[]): FlowPointsSum {
  const sums = new Map<string, { total: number; count: number }>();
  for (const s of series) {
    for (const p of s) {
      const e = sums.get(p.date) ?? { total: 0, count: 0 };
      const ok = p.flowUsd !== null && Number.isFinite(p.flowUsd);
      sums.set(p.date, ok ? { total: e.total + (p.flowUsd as number), count: e.count + 1 } : e);
    }
  }
  const dates = [...sums.keys()].sort();
  const complete = (d: string) => sums.get(d)?.count === series.length;
  return {
    points: dates.map((d) => ({ date: d, flowUsd: complete(d) ? (sums.get(d)?.total ?? null) : null })),
    incompleteDates: dates.filter((d) => !complete(d)),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Reported flows vs share counts.
// ---------------------------------------------------------------------------------------------------------

export interface FlowTolerance {
  /** Two figures agree when |a − b| <= max(absUsd, relative × max(|a|, |b|)). */
  readonly absUsd: number;
  readonly relative: number;
}

export const DEFAULT_FLOW_TOLERANCE: FlowTolerance = { absUsd: 25e6, relative: 0.1 };

export interface FlowFigure {
  readonly source: string;
  /** 'reported', 'shares_outstanding_t' or 'shares_outstanding_t1' (etf_flows.method). */
  readonly method: string;
  readonly flowUsd: number;
  /** True for the two figures computed here from share counts × NAV. */
  readonly computed: boolean;
  /** The share-count conventions this figure agrees with, within the tolerance. */
  readonly matches: readonly ShareCountConvention[];
}

export interface FlowConflict {
  readonly a: FlowFigure;
  readonly b: FlowFigure;
  /** a.flowUsd − b.flowUsd. */
  readonly differenceUsd: number;
  /** 'reporting-lag' when one figure agrees only with the T count and the other only with T+1. */
  readonly explanation: 'reporting-lag' | 'unexplained';
  readonly note: string;
}

export interface FlowReconciliation {
  readonly ticker: string;
  readonly date: string;
  readonly shareCount: ShareCountFlow | null;
  readonly figures: readonly FlowFigure[];
  readonly conflicts: readonly FlowConflict[];
  readonly tolerance: FlowTolerance;
}

/** Agreement of two USD figures within the tolerance. */
export function flowsAgree(a: number, b: number, tol: FlowTolerance = DEFAULT_FLOW_TOLERANCE): boolean {
  return Math.abs(a - b) <= Math.max(tol.absUsd, tol.relative * Math.max(Math.abs(a), Math.abs(b)));
}

/**
 * Short USD label for notes: millions below $1B, billions above.
 * @example formatUsdShort(-175.33e6) // '-$175.3M'
 */
export function formatUsdShort(usd: number): string {
  const sign = usd < 0 ? '-' : '+';
  const a = Math.abs(usd);
  if (a >= 1e9) return `${sign}$${(a / 1e9).toFixed(2)}B`;
  return `${sign}$${(a / 1e6).toFixed(1)}M`;
}

function computedFigures(
  sc: ShareCountFlow | null,
): { method: string; flowUsd: number | null; c: ShareCountConvention }[] {
  if (sc === null) return [];
  return [
    { method: 'shares_outstanding_t', flowUsd: sc.flowUsdT, c: 'T' },
    { method: 'shares_outstanding_t1', flowUsd: sc.flowUsdT1, c: 'T+1' },
  ];
}

function figuresFor(
  sc: ShareCountFlow | null,
  reported: readonly ReportedFlowRow[],
  tol: FlowTolerance,
): FlowFigure[] {
  const matches = (v: number): ShareCountConvention[] =>
    computedFigures(sc)
      .filter((c) => c.flowUsd !== null && flowsAgree(v, c.flowUsd, tol))
      .map((c) => c.c);
  const out: FlowFigure[] = computedFigures(sc)
    .filter((c) => c.flowUsd !== null)
    .map((c) => ({
      source: 'share count x NAV',
      method: c.method,
      flowUsd: c.flowUsd as number,
      computed: true,
      matches: matches(c.flowUsd as number),
    }));
  const seen = new Set<string>();
  for (const r of reported) {
    if (r.flow_usd === null || !Number.isFinite(r.flow_usd)) continue;
    const source = r.flow_source ?? 'unknown source';
    const method = r.method ?? 'reported';
    const key = `${source}\u0000${method}\u0000${r.flow_usd}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ source, method, flowUsd: r.flow_usd, computed: false, matches: matches(r.flow_usd) });
  }
  return out;
}

function explain(a: FlowFigure, b: FlowFigure): FlowConflict {
  const only = (f: FlowFigure) => (f.matches.length === 1 ? f.matches[0] : null);
  const ca = only(a);
  const cb = only(b);
  const label = (f: FlowFigure) => `${f.source} (${f.method}) ${formatUsdShort(f.flowUsd)}`;
  const lag = ca !== null && cb !== null && ca !== cb;
  const note = lag
    ? `${label(a)} agrees with the share-count flow dated ${ca} and ${label(b)} with the one dated ${cb}: ` +
      'the gap is the one-day lag with which share counts reflect creations (T vs T+1), not a disagreement about the flow.'
    : `${label(a)} and ${label(b)} differ by ${formatUsdShort(a.flowUsd - b.flowUsd)}; ` +
      'neither share-count convention reconciles them.';
  return {
    a,
    b,
    differenceUsd: a.flowUsd - b.flowUsd,
    explanation: lag ? 'reporting-lag' : 'unexplained',
    note,
  };
}

/**
 * Every flow figure for (ticker, date) side by side — the share-count flow under T and T+1 and each
 * reported figure — with each pair that disagrees listed as a conflict and explained as a reporting lag
 * when one figure agrees only with the T count and the other only with T+1. Figures are never averaged.
 * @example reconcileFlows(etfDaily, etfFlows, 'IBIT', '2026-02-05').conflicts[0].explanation // 'reporting-lag'
 */
export function reconcileFlows(
  shareCounts: readonly SharesOutstandingRow[],
  reported: readonly ReportedFlowRow[],
  ticker: string,
  date: string,
  tolerance: FlowTolerance = DEFAULT_FLOW_TOLERANCE,
): FlowReconciliation {
  const shareCount = shareCountFlows(shareCounts, ticker).find((f) => f.date === date) ?? null;
  const mine = reported.filter((r) => r.ticker === ticker && r.date === date);
  const figures = figuresFor(shareCount, mine, tolerance);
  const conflicts: FlowConflict[] = [];
  for (let i = 0; i < figures.length; i++) {
    for (let j = i + 1; j < figures.length; j++) {
      const a = figures[i];
      const b = figures[j];
      if ((a.computed && b.computed) || flowsAgree(a.flowUsd, b.flowUsd, tolerance)) continue;
      conflicts.push(explain(a, b));
    }
  }
  return { ticker, date, shareCount, figures, conflicts, tolerance };
}

// ---------------------------------------------------------------------------------------------------------
// Expected-flow model.
// ---------------------------------------------------------------------------------------------------------

export interface ExpectedFlowOptions {
  /** Number of lagged returns besides the same-day return (default 2: r_t, r_{t−1}, r_{t−2}). */
  readonly lags?: number;
  /** Coverage of the prediction interval (default 0.9). */
  readonly level?: number;
  /** First date of the fitting window (default: all history). */
  readonly since?: string;
  /** Huber tuning constant (default 1.345). */
  readonly k?: number;
  /** Fewest fitting days accepted (default 30). */
  readonly minObservations?: number;
}

export interface FlowSurprise {
  readonly observedUsd: number;
  readonly expectedUsd: number;
  /** observed − expected, USD. */
  readonly surpriseUsd: number;
  /** surprise / robust scale of the residuals. */
  readonly surpriseRobustSigma: number;
  /** surprise / prediction standard error (includes parameter uncertainty). */
  readonly surpriseStandardErrors: number;
  readonly outside: boolean;
  readonly side: 'above' | 'below' | 'inside';
}

export interface ExpectedFlowModel {
  readonly eventDate: string;
  readonly lags: number;
  readonly level: number;
  /** Fitting window: days strictly before the event date with a flow and all regressors. */
  readonly fitFrom: string;
  readonly fitTo: string;
  readonly n: number;
  /** Intercept (USD/day) and return coefficients (USD per unit log return) for r_t, r_{t−1}, ... */
  readonly coefficients: { readonly intercept: number; readonly returns: readonly number[] };
  /** MAD scale of the Huber residuals, USD. */
  readonly robustScaleUsd: number;
  readonly converged: boolean;
  readonly iterations: number;
  /** The event day's regressors: r_t, r_{t−1}, ... with the date each return ends on. */
  readonly eventReturns: readonly { readonly date: string; readonly logReturn: number }[];
  readonly expectedUsd: number;
  readonly interval: PredictionInterval;
  /** The flow of the input series on the event date, if any, and its surprise. */
  readonly observedUsd: number | null;
  readonly surprise: FlowSurprise | null;
  /** The same regression by OLS, for comparison. */
  readonly ols: {
    readonly intercept: number;
    readonly returns: readonly number[];
    readonly expectedUsd: number;
  };
}

/**
 * How surprising an observed flow is under a fitted model (works for any of the event day's conflicting
 * figures against the same interval).
 * @example flowSurprise(model, 230e6).side // 'above' when 230M is above the interval
 */
export function flowSurprise(model: ExpectedFlowModel, observedUsd: number): FlowSurprise {
  const surpriseUsd = observedUsd - model.expectedUsd;
  const { lower, upper, standardError } = model.interval;
  const side = observedUsd > upper ? 'above' : observedUsd < lower ? 'below' : 'inside';
  return {
    observedUsd,
    expectedUsd: model.expectedUsd,
    surpriseUsd,
    surpriseRobustSigma: surpriseUsd / model.robustScaleUsd,
    surpriseStandardErrors: surpriseUsd / standardError,
    outside: side !== 'inside',
    side,
  };
}

interface DesignRow {
  readonly date: string;
  readonly x: readonly number[];
  readonly y: number | null;
}

/**
 * Regressors on the flows' own trading calendar: r_i = ln(C(d_i)/C(d_{i−1})) between consecutive
 * calendar dates (so a Monday's return spans the weekend), lags along the same calendar.
 */
function designRows(
  flows: readonly FlowPoint[],
  closes: readonly DailyClose[],
  eventDate: string,
  lags: number,
) {
  const flowByDate = new Map(flows.map((f) => [f.date, f.flowUsd]));
  const closeByDate = new Map(closes.map((c) => [c.date, c.close]));
  const calendar = [...new Set([...flowByDate.keys(), eventDate])].sort();
  const r = calendar.map((d, i) => {
    const a = i > 0 ? closeByDate.get(calendar[i - 1]) : undefined;
    const b = closeByDate.get(d);
    return a !== undefined && b !== undefined && a > 0 && b > 0 ? Math.log(b / a) : Number.NaN;
  });
  const rows: DesignRow[] = calendar.map((date, i) => {
    const x = [1];
    for (let j = 0; j <= lags; j++) x.push(i - j >= 0 ? r[i - j] : Number.NaN);
    const y = flowByDate.get(date);
    return { date, x, y: y === undefined || y === null || !Number.isFinite(y) ? null : y };
  });
  return { rows, calendar, r };
}

function checkModelOptions(lags: number, level: number): void {
  if (!(Number.isInteger(lags) && lags >= 0 && lags <= 10) || !(level > 0 && level < 1)) {
    throw new InvalidInputError(
      'INVALID_OPTION',
      `need integer lags in 0..10 and level in (0, 1), got lags=${lags}, level=${level}`,
      {
        details: { lags, level },
      },
    );
  }
}

/**
 * Fits flow_t = a + b0·r_t + b1·r_{t−1} + ... + bL·r_{t−L} by Huber IRLS on the days strictly before
 * `eventDate` (returns from `closes`, e.g. BTC at 16:00 ET or the ETF's own close, taken between the
 * flow series' consecutive dates), predicts the event day with a `level` prediction interval and, when
 * the series has a flow on the event day, its surprise. Throws InvalidInputError when the event day has no
 * regressors or fewer than `minObservations` days can be fitted.
 * @example expectedFlowModel(points, btcCloses, '2026-02-05').interval.lower // e.g. -1.0e9 (USD)
 */
export function expectedFlowModel(
  flows: readonly FlowPoint[],
  closes: readonly DailyClose[],
  eventDate: string,
  options: ExpectedFlowOptions = {},
): ExpectedFlowModel {
  const lags = options.lags ?? 2;
  const level = options.level ?? 0.9;
  checkModelOptions(lags, level);
  const { rows, calendar } = designRows(flows, closes, eventDate, lags);
  const usable = (d: DesignRow) => d.y !== null && d.x.every(Number.isFinite);
  const train = rows.filter(
    (d) => d.date < eventDate && (options.since === undefined || d.date >= options.since) && usable(d),
  );
  const minObs = options.minObservations ?? 30;
  const event = rows.find((d) => d.date === eventDate) as DesignRow;
  if (!event.x.every(Number.isFinite) || train.length < Math.max(minObs, lags + 4)) {
    throw new InvalidInputError(
      'NOT_ENOUGH_DATA',
      `expected-flow model for ${eventDate}: ${train.length} fitting days (need ${Math.max(minObs, lags + 4)}) and event-day returns ${event.x.slice(1).join(', ')}`,
      {
        details: { eventDate, fittingDays: train.length, eventReturns: event.x.slice(1) },
      },
    );
  }
  const y = train.map((d) => d.y as number);
  const x = train.map((d) => d.x);
  const fit = huber(y, x, options.k === undefined ? {} : { k: options.k });
  const ls = ols(y, x);
  const interval = predictionInterval(fit, event.x, level);
  const i = calendar.indexOf(eventDate);
  return assembleModel(fit, ls, interval, {
    eventDate,
    lags,
    level,
    train,
    eventReturns: event.x.slice(1).map((v, j) => ({ date: calendar[i - j], logReturn: v })),
    observedUsd: event.y,
  });
}

function assembleModel(
  fit: LinearFit,
  ls: LinearFit,
  interval: PredictionInterval,
  m: {
    eventDate: string;
    lags: number;
    level: number;
    train: readonly DesignRow[];
    eventReturns: readonly { date: string; logReturn: number }[];
    observedUsd: number | null;
  },
): ExpectedFlowModel {
  const model: ExpectedFlowModel = {
    eventDate: m.eventDate,
    lags: m.lags,
    level: m.level,
    fitFrom: m.train[0].date,
    fitTo: m.train[m.train.length - 1].date,
    n: fit.n,
    coefficients: { intercept: fit.coefficients[0], returns: fit.coefficients.slice(1) },
    robustScaleUsd: fit.scale,
    converged: fit.converged,
    iterations: fit.iterations,
    eventReturns: m.eventReturns,
    expectedUsd: interval.estimate,
    interval,
    observedUsd: m.observedUsd,
    surprise: null,
    ols: {
      intercept: ls.coefficients[0],
      returns: ls.coefficients.slice(1),
      expectedUsd: predictionInterval(ls, interval.x0, m.level).estimate,
    },
  };
  return m.observedUsd === null ? model : { ...model, surprise: flowSurprise(model, m.observedUsd) };
}

export interface GroupExpectedFlow {
  readonly tickers: readonly string[];
  readonly convention: ShareCountConvention;
  readonly model: ExpectedFlowModel;
  /** Dates left out because some ticker had no share-count flow that day. */
  readonly incompleteDates: readonly string[];
}

/**
 * The expected-flow model for the summed share-count flows of a group of tickers (['IBIT'] alone, or
 * IBIT + peers) under one convention.
 * @example groupExpectedFlow(etfDaily, ['IBIT', 'FBTC'], btcCloses, '2026-02-05').model.surprise?.side // 'above'
 */
export function groupExpectedFlow(
  rows: readonly SharesOutstandingRow[],
  tickers: readonly string[],
  closes: readonly DailyClose[],
  eventDate: string,
  convention: ShareCountConvention = 'T',
  options: ExpectedFlowOptions = {},
): GroupExpectedFlow {
  const summed = sumFlowPoints(
    tickers.map((t) => shareCountFlowPoints(shareCountFlows(rows, t), convention)),
  );
  return {
    tickers,
    convention,
    model: expectedFlowModel(summed.points, closes, eventDate, options),
    incompleteDates: summed.incompleteDates,
  };
}
