/**
 * Volume records (H2: "IBIT traded a record >$10B, 2x the old record"): where a day's value ranks in the
 * series since inception, the record it beat and by how much, and its ratio to a trailing median of
 * ordinary days. Works on any daily series: ETF dollar and share volume, listed-option contracts (calls,
 * puts, total) and the put share of contracts.
 */
import { InvalidInputError } from '../errors.js';
import { median } from './stats.js';
import { indexOfDate, sortByDate } from './time.js';

/** One day of a daily series; null or non-finite values are treated as missing and skipped. */
export interface DatedValue {
  readonly date: string;
  readonly value: number | null;
}

export interface VolumeRecordOptions {
  /** Trailing-median window in observations (trading days), excluding the day itself. Default 20. */
  readonly window?: number;
  /** First date of the ranked history (default: the first observation, i.e. inception). */
  readonly since?: string;
}

export interface RecordHolder {
  readonly date: string;
  readonly value: number;
}

export interface VolumeRecord {
  /** Name of the series (e.g. 'IBIT volume_usd'), echoed for the report. */
  readonly series: string;
  readonly date: string;
  readonly value: number;
  /** First date of the ranked history. */
  readonly since: string;
  /** Number of days ranked: every valid day from `since` through `date` inclusive. */
  readonly n: number;
  /** Competition rank among those days, 1 = largest; tied days share the better rank. */
  readonly rank: number;
  /** Other days in the ranked history with exactly the same value. */
  readonly tiedWith: readonly string[];
  /** True when the value is strictly above every earlier day (a new all-time high); true on day one. */
  readonly isRecord: boolean;
  /** The largest value before `date` (the earliest day that reached it, when tied); null on day one. */
  readonly previousRecord: RecordHolder | null;
  readonly ratioToPreviousRecord: number | null;
  /** Median of the `trailingDays` observations before `date`; null when there are none. */
  readonly trailingMedian: number | null;
  readonly trailingWindow: number;
  /** Observations actually used (fewer than the window near inception). */
  readonly trailingDays: number;
  readonly trailingFrom: string | null;
  readonly trailingTo: string | null;
  readonly ratioToTrailingMedian: number | null;
}

function validSeries(values: readonly DatedValue[], name: string): RecordHolder[] {
  const ok: RecordHolder[] = [];
  for (const v of values) {
    if (v.value !== null && Number.isFinite(v.value)) ok.push({ date: v.date, value: v.value });
  }
  return sortByDate(ok, name);
}

function previousMaximum(history: readonly RecordHolder[]): RecordHolder | null {
  let best: RecordHolder | null = null;
  for (const h of history) if (best === null || h.value > best.value) best = h;
  return best;
}

function trailing(before: readonly RecordHolder[], window: number) {
  const days = before.slice(Math.max(0, before.length - window));
  const m = days.length > 0 ? median(days.map((d) => d.value)) : null;
  return { m, days };
}

function ratio(a: number, b: number | null | undefined): number | null {
  return b === null || b === undefined || b === 0 ? null : a / b;
}

/**
 * Record statistics of `date` in a daily series: rank since `since` (1 = largest, ties share the rank), the
 * previous record and the ratio to it, and the ratio to the median of the `window` previous observations.
 * Throws InvalidInputError if `date` has no valid value, DataError if a date repeats.
 * @example volumeRecord([{ date: '2026-02-03', value: 5 }, { date: '2026-02-04', value: 8 }, { date: '2026-02-05', value: 16 }], '2026-02-05', 'x').ratioToPreviousRecord // 2
 */
export function volumeRecord(
  values: readonly DatedValue[],
  date: string,
  series: string,
  options: VolumeRecordOptions = {},
): VolumeRecord {
  const window = options.window ?? 20;
  if (!(Number.isInteger(window) && window >= 1)) {
    throw new InvalidInputError('INVALID_WINDOW', `window must be a positive integer, got ${window}`, {
      details: { window, series },
    });
  }
  if (options.since !== undefined && options.since > date) {
    throw new InvalidInputError('INVALID_SINCE', `since (${options.since}) is after the date ${date}`, {
      details: { since: options.since, date, series },
    });
  }
  const all = validSeries(values, series);
  const i = indexOfDate(all, date, series);
  const value = all[i].value;
  const before = all.slice(0, i);
  const ranked = all.slice(0, i + 1).filter((d) => options.since === undefined || d.date >= options.since);
  const previousRecord = previousMaximum(ranked.slice(0, -1));
  const t = trailing(before, window);
  return {
    series,
    date,
    value,
    since: ranked[0].date,
    n: ranked.length,
    rank: 1 + ranked.filter((d) => d.value > value).length,
    tiedWith: ranked.filter((d) => d.value === value && d.date !== date).map((d) => d.date),
    isRecord: previousRecord === null || value > previousRecord.value,
    previousRecord,
    ratioToPreviousRecord: ratio(value, previousRecord?.value),
    trailingMedian: t.m,
    trailingWindow: window,
    trailingDays: t.days.length,
    trailingFrom: t.days[0]?.date ?? null,
    trailingTo: t.days.at(-1)?.date ?? null,
    ratioToTrailingMedian: ratio(value, t.m),
  };
}

/** The store's etf_daily columns used here. */
export interface EtfVolumeRow {
  readonly date: string;
  readonly ticker: string;
  readonly volume_usd: number | null;
  readonly volume_shares: number | null;
}

export interface EtfVolumeRecords {
  readonly ticker: string;
  readonly date: string;
  /** Dollar volume (USD). */
  readonly volumeUsd: VolumeRecord;
  /** Share volume (shares). */
  readonly volumeShares: VolumeRecord;
}

/**
 * Dollar- and share-volume records of one ETF on `date` from etf_daily rows (other tickers are ignored).
 * @example etfVolumeRecords(rows, 'IBIT', '2026-02-05').volumeUsd.rank // 1 on a record day
 */
export function etfVolumeRecords(
  rows: readonly EtfVolumeRow[],
  ticker: string,
  date: string,
  options: VolumeRecordOptions = {},
): EtfVolumeRecords {
  const mine = rows.filter((r) => r.ticker === ticker);
  return {
    ticker,
    date,
    volumeUsd: volumeRecord(
      mine.map((r) => ({ date: r.date, value: r.volume_usd })),
      date,
      `${ticker} volume_usd`,
      options,
    ),
    volumeShares: volumeRecord(
      mine.map((r) => ({ date: r.date, value: r.volume_shares })),
      date,
      `${ticker} volume_shares`,
      options,
    ),
  };
}

/** The store's options_daily columns used here (contracts). */
export interface OptionVolumeRow {
  readonly date: string;
  readonly underlying: string;
  readonly call_volume: number | null;
  readonly put_volume: number | null;
}

export interface OptionVolumeRecords {
  readonly underlying: string;
  readonly date: string;
  /** Call contracts traded. */
  readonly calls: VolumeRecord;
  /** Put contracts traded. */
  readonly puts: VolumeRecord;
  /** Calls + puts (contracts); missing when either side is missing. */
  readonly total: VolumeRecord;
  /** Puts / (calls + puts), a decimal in [0, 1]; missing when nothing traded. */
  readonly putShare: VolumeRecord;
}

function sumOrNull(a: number | null, b: number | null): number | null {
  return a === null || b === null ? null : a + b;
}

/**
 * Listed-option volume records on `date` for one underlying from options_daily rows: calls, puts, total
 * and the put share of contracts.
 * @example optionVolumeRecords(rows, 'IBIT', '2026-02-05').total.value // 2330000 (contracts)
 */
export function optionVolumeRecords(
  rows: readonly OptionVolumeRow[],
  underlying: string,
  date: string,
  options: VolumeRecordOptions = {},
): OptionVolumeRecords {
  const mine = rows.filter((r) => r.underlying === underlying);
  const pick = (f: (r: OptionVolumeRow) => number | null) => mine.map((r) => ({ date: r.date, value: f(r) }));
  const share = (r: OptionVolumeRow) => {
    const total = sumOrNull(r.call_volume, r.put_volume);
    return total === null || total === 0 || r.put_volume === null ? null : r.put_volume / total;
  };
  return {
    underlying,
    date,
    calls: volumeRecord(
      pick((r) => r.call_volume),
      date,
      `${underlying} call_volume`,
      options,
    ),
    puts: volumeRecord(
      pick((r) => r.put_volume),
      date,
      `${underlying} put_volume`,
      options,
    ),
    total: volumeRecord(
      pick((r) => sumOrNull(r.call_volume, r.put_volume)),
      date,
      `${underlying} total_volume`,
      options,
    ),
    putShare: volumeRecord(pick(share), date, `${underlying} put_share`, options),
  };
}
