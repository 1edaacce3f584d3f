/**
 * Daily-bar stamping (docs/DATA.md, "Daily bars"): a UTC-day bar (crypto venues) is stamped at its 00:00Z
 * open and covers the next 24 hours; an exchange-session bar (ETFs, stocks, indices, CME settlements) is
 * stamped at its session's 16:00 America/New_York close. Pure: no clock, no environment.
 */
import {
  isIsoDate,
  NEW_YORK,
  nyCloseUtc,
  nyDate,
  parseInstantMs,
  toIsoInstant,
  zonedWallTimeToUtcMs,
} from './time.js';

/** How a file's daily bars are to be stamped (`import --day-stamp`). */
export type DayStamp = 'utc-open' | 'session-close';

export const DAY_STAMPS: readonly DayStamp[] = ['utc-open', 'session-close'];

const DAY_MS = 86_400_000;

/**
 * The instant a '1d' bar's price is known (its close), or null when its stamp follows neither convention.
 * A bar stamped at 00:00Z is a UTC day and closes 24 h later; one stamped at the 16:00 New York instant
 * of its date closes then (DST-correct through the time-zone database).
 * @example dailyBarCloseMs('2026-02-05T00:00:00Z') // 1770336000000 (2026-02-06T00:00:00Z)
 */
export function dailyBarCloseMs(ts: string): number | null {
  const ms = parseInstantMs(ts);
  if (!Number.isFinite(ms)) return null;
  if (ms % DAY_MS === 0) return ms + DAY_MS;
  const utcDate = new Date(ms).toISOString().slice(0, 10);
  return zonedWallTimeToUtcMs(utcDate, 16, 0, NEW_YORK) === ms ? ms : null;
}

/**
 * The instant a daily bar's close may be used from: `dailyBarCloseMs`, or the stamp itself for a bar that
 * follows neither convention (read as stamped at its close, the store's documented default). Readers
 * select daily bars "as of" an instant with this, so no look-ahead depends on how a file was stamped.
 * @example dailyBarKnownMs('2026-02-05T00:00:00Z') === Date.parse('2026-02-06T00:00:00Z') // true
 */
export function dailyBarKnownMs(ts: string | Date): number {
  const iso = typeof ts === 'string' ? ts : ts.toISOString();
  return dailyBarCloseMs(iso) ?? parseInstantMs(iso);
}

/**
 * The New York date whose close a daily bar gives: the date, in New York, of the instant its close existed.
 * A UTC-day bar stamped 2026-02-05T00:00:00Z closes at 00:00Z on the 6th (19:00 New York on the 5th): the
 * 5th, as is a session bar stamped at 16:00 New York on the 5th.
 * @example dailyBarNyDate('2026-02-05T00:00:00Z') // '2026-02-05'
 */
export function dailyBarNyDate(ts: string | Date): string {
  const known = dailyBarKnownMs(ts);
  return Number.isFinite(known) ? nyDate(new Date(known - 1)) : nyDate(ts);
}

/** Date-only, or midnight with or without a UTC zone: `2026-02-05`, `2026-02-05 00:00`, `2026-02-05T00:00:00Z`. */
export const DAY_CELL_PATTERN = '\\d{4}-\\d{2}-\\d{2}([T ]00:00(:00(\\.0{1,6})?)?(Z|[+-]00(:?00)?)?)?';
const DAY_CELL_RE = new RegExp(`^${DAY_CELL_PATTERN}$`);

/**
 * A daily bar's `ts` cell restamped to `stamp` when it is a date or a midnight stamp; null when it is
 * neither (the cell is then kept as it is).
 * @example restampDailyCell('2026-02-05', 'session-close') // '2026-02-05T21:00:00Z'
 */
export function restampDailyCell(cell: string, stamp: DayStamp): string | null {
  if (!DAY_CELL_RE.test(cell)) return null;
  const date = cell.slice(0, 10);
  if (!isIsoDate(date)) return null;
  return stamp === 'utc-open' ? toIsoInstant(Date.parse(`${date}T00:00:00Z`)) : nyCloseUtc(date);
}
