/**
 * Cross-asset correlation (H1: "IBIT traded like software stocks"): rolling and downside correlations of
 * one asset's daily log returns (IBIT) with others (IGV, GLD, QQQ, any symbol) from daily closes aligned by
 * date, with the value on the event date set against its own history up to that date.
 *
 * The history percentile is descriptive: rolling windows overlap, so consecutive values are strongly
 * dependent and the percentile is not a p-value.
 */
import { InvalidInputError } from '../errors.js';
import {
  type DownsideCut,
  downsideCorrelation,
  logReturns,
  median,
  pearson,
  percentileRank,
  rollingPairs,
} from './stats.js';
import { type DailyClose, sortByDate } from './time.js';

export interface SymbolCloses {
  readonly symbol: string;
  /** Daily closes (16:00 ET for US listings; use closesFromBars on the store's 1d bars). */
  readonly closes: readonly DailyClose[];
}

export interface AlignedReturns {
  /** Date each return ends on (the later of two consecutive common dates). */
  readonly dates: readonly string[];
  readonly base: readonly number[];
  readonly other: readonly number[];
}

/**
 * Log returns of two assets over the dates both have a positive close: returns run between consecutive
 * common dates, so a holiday in one market merges two days of the other rather than misaligning them.
 * @example alignedLogReturns(ibitCloses, igvCloses).dates[0] // the second common date
 */
export function alignedLogReturns(base: SymbolCloses, other: SymbolCloses): AlignedReturns {
  const valid = (s: SymbolCloses) =>
    sortByDate(
      s.closes.filter((c) => Number.isFinite(c.close) && c.close > 0),
      `${s.symbol} closes`,
    );
  const b = valid(base);
  const o = new Map(valid(other).map((c) => [c.date, c.close]));
  const common = b.filter((c) => o.has(c.date));
  return {
    dates: common.slice(1).map((c) => c.date),
    base: logReturns(common.map((c) => c.close)),
    other: logReturns(common.map((c) => o.get(c.date) as number)),
  };
}

export interface CorrelationPoint {
  readonly date: string;
  readonly value: number;
}

export interface HistoryComparison {
  /** Finite values strictly before the event date. */
  readonly n: number;
  readonly from: string | null;
  /** Mid-rank percentile of the event value in that history, in [0, 1]. */
  readonly percentile: number;
  /** 1 = highest correlation in the history (ties share). */
  readonly rankFromTop: number;
  /** 1 = lowest. */
  readonly rankFromBottom: number;
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

export interface WindowCorrelation {
  /** Window length in returns (trading days). */
  readonly window: number;
  /** Correlation on the event date (NaN if the window is not full). */
  readonly value: number;
  /** First and last return dates of the event-date window. */
  readonly from: string | null;
  readonly to: string;
  readonly history: HistoryComparison;
  /** The whole rolling series (finite values only), before and after the event date. */
  readonly series: readonly CorrelationPoint[];
}

export interface DownsideWindowCorrelation extends WindowCorrelation {
  /** Symbol whose down days select the sample. */
  readonly reference: string;
  readonly cut: DownsideCut;
  /** Down days in the event-date window and the return cutoff that selected them (0 and NaN if not full). */
  readonly days: number;
  readonly cutoff: number;
}

export interface PairCorrelation {
  readonly base: string;
  readonly other: string;
  readonly eventDate: string;
  /** Aligned daily returns available (all dates). */
  readonly observations: number;
  readonly rolling: readonly WindowCorrelation[];
  readonly downside: DownsideWindowCorrelation;
}

export interface CorrelationOptions {
  /** Rolling windows in returns (default [20, 60]). */
  readonly windows?: readonly number[];
  /** Window of the downside correlation (default 60). */
  readonly downsideWindow?: number;
  /** Which days are "down" (default 'zero': reference return < 0). */
  readonly downsideCut?: DownsideCut;
  /** Whose down days: the other asset's (default: "when software falls, does IBIT fall too?") or the base's. */
  readonly downsideReference?: 'other' | 'base';
}

function compareWithHistory(
  series: readonly CorrelationPoint[],
  eventDate: string,
  value: number,
): HistoryComparison {
  const past = series.filter((p) => p.date < eventDate);
  const values = past.map((p) => p.value);
  const pr = percentileRank(value, values);
  return {
    n: pr.n,
    from: past[0]?.date ?? null,
    percentile: pr.percentile,
    rankFromTop: pr.rankFromTop,
    rankFromBottom: pr.rankFromBottom,
    median: median(values),
    min: values.length > 0 ? Math.min(...values) : Number.NaN,
    max: values.length > 0 ? Math.max(...values) : Number.NaN,
  };
}

function windowResult(
  dates: readonly string[],
  values: readonly number[],
  window: number,
  eventIndex: number,
): WindowCorrelation {
  const series = dates.map((date, i) => ({ date, value: values[i] })).filter((p) => Number.isFinite(p.value));
  const value = values[eventIndex];
  const eventDate = dates[eventIndex];
  return {
    window,
    value,
    from: eventIndex - window + 1 >= 0 ? dates[eventIndex - window + 1] : null,
    to: eventDate,
    history: compareWithHistory(series, eventDate, value),
    series,
  };
}

function checkWindow(window: number): void {
  if (!(Number.isInteger(window) && window >= 3)) {
    throw new InvalidInputError(
      'INVALID_WINDOW',
      `correlation window must be an integer >= 3, got ${window}`,
      {
        details: { window },
      },
    );
  }
}

/**
 * Rolling (default 20- and 60-day) and downside (60-day) correlations of `base` with `other` on the event
 * date and against their history before it. Throws InvalidInputError if the event date has no aligned return.
 * @example pairCorrelation(ibit, igv, '2026-02-05').rolling[0].value // the 20-day correlation on 02-05
 */
export function pairCorrelation(
  base: SymbolCloses,
  other: SymbolCloses,
  eventDate: string,
  options: CorrelationOptions = {},
): PairCorrelation {
  const windows = options.windows ?? [20, 60];
  const dWindow = options.downsideWindow ?? 60;
  const cut = options.downsideCut ?? 'zero';
  [...windows, dWindow].forEach(checkWindow);
  const a = alignedLogReturns(base, other);
  const i = a.dates.indexOf(eventDate);
  if (i < 0) {
    throw new InvalidInputError(
      'DATE_NOT_IN_SERIES',
      `no aligned ${base.symbol}/${other.symbol} return on ${eventDate}`,
      {
        details: {
          base: base.symbol,
          other: other.symbol,
          eventDate,
          first: a.dates[0] ?? null,
          last: a.dates.at(-1) ?? null,
        },
      },
    );
  }
  const rolling = windows.map((w) => windowResult(a.dates, rollingPairs(a.base, a.other, w, pearson), w, i));
  const refIsOther = (options.downsideReference ?? 'other') === 'other';
  const [x, ref] = refIsOther ? [a.base, a.other] : [a.other, a.base];
  const down = rollingPairs(x, ref, dWindow, (u, v) => downsideCorrelation(u, v, cut).correlation);
  const full = i - dWindow + 1 >= 0;
  const onEvent = full
    ? downsideCorrelation(x.slice(i - dWindow + 1, i + 1), ref.slice(i - dWindow + 1, i + 1), cut)
    : { days: 0, cutoff: Number.NaN };
  return {
    base: base.symbol,
    other: other.symbol,
    eventDate,
    observations: a.dates.length,
    rolling,
    downside: {
      ...windowResult(a.dates, down, dWindow, i),
      reference: refIsOther ? other.symbol : base.symbol,
      cut,
      days: onEvent.days,
      cutoff: onEvent.cutoff,
    },
  };
}

/**
 * pairCorrelation of `base` with each of `others` (e.g. IBIT with IGV, GLD, QQQ).
 * @example crossAssetCorrelations(ibit, [igv, gld, qqq], '2026-02-05').map((p) => p.other) // ['IGV', 'GLD', 'QQQ']
 */
export function crossAssetCorrelations(
  base: SymbolCloses,
  others: readonly SymbolCloses[],
  eventDate: string,
  options: CorrelationOptions = {},
): PairCorrelation[] {
  return others.map((o) => pairCorrelation(base, o, eventDate, options));
}
