/**
 * Daily-series helpers for the analyses; the time-zone arithmetic itself (16:00 America/New_York, DST-correct)
 * lives in src/core/time.ts and is re-exported here for the analytics' callers.
 */

import { dailyBarNyDate } from '../core/dailyBars.js';
import { DataError, InvalidInputError } from '../errors.js';

export {
  calendarDaysBetween,
  instantMs,
  isoDateToUtcMs,
  NEW_YORK,
  nyCloseUtc,
  nyDate,
  parseInstantMs,
  toIsoInstant,
  weekday,
  zonedWallTimeToUtcMs,
  zoneOffsetMs,
} from '../core/time.js';

/** A daily close keyed by ISO calendar date, the shape every daily analysis consumes. */
export interface DailyClose {
  readonly date: string;
  readonly close: number;
}

/** A bar as in the store's `bars` table (only the fields needed here). */
export interface CloseBar {
  readonly ts: string | Date;
  readonly close: number;
}

/**
 * Daily closes from daily bars (the store's `bars` rows with interval '1d'): each bar is keyed by the New
 * York date of the instant its close existed (`dailyBarNyDate`: a session bar stamped at 16:00 ET and a
 * UTC-day bar stamped at its 00:00Z open both give their own date).
 * @example closesFromBars([{ ts: '2026-02-05T21:00:00Z', close: 62900 }]) // [{ date: '2026-02-05', close: 62900 }]
 */
export function closesFromBars(bars: readonly CloseBar[]): DailyClose[] {
  return bars.map((b) => ({ date: dailyBarNyDate(b.ts), close: b.close }));
}

/**
 * Rows sorted by ISO date (a copy); throws DataError naming `where` and the date if a date repeats, since a
 * daily series with two values for one day cannot be ranked or differenced.
 * @example sortByDate([{ date: '2026-02-06' }, { date: '2026-02-05' }], 'IBIT volume').map((r) => r.date) // ['2026-02-05', '2026-02-06']
 */
export function sortByDate<T extends { readonly date: string }>(rows: readonly T[], where: string): T[] {
  const sorted = [...rows].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i].date === sorted[i - 1].date) {
      throw new DataError('DUPLICATE_DATE', `${where}: two rows for ${sorted[i].date}`, {
        details: { where, date: sorted[i].date },
      });
    }
  }
  return sorted;
}

/**
 * Index of `date` in rows sorted by date; throws InvalidInputError naming `where` when it is absent.
 * @example indexOfDate([{ date: '2026-02-05' }], '2026-02-05', 'IBIT') // 0
 */
export function indexOfDate(rows: readonly { readonly date: string }[], date: string, where: string): number {
  const i = rows.findIndex((r) => r.date === date);
  if (i < 0) {
    throw new InvalidInputError('DATE_NOT_IN_SERIES', `${where} has no value on ${date}`, {
      details: { where, date, first: rows[0]?.date ?? null, last: rows.at(-1)?.date ?? null },
    });
  }
  return i;
}
