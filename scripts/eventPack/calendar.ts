/*
 * Calendars used by the event pack: dates as ISO strings 'YYYY-MM-DD' and as day numbers (days since
 * 1970-01-01, UTC) for arithmetic; instants as epoch milliseconds.
 *
 * US market holidays and early closes come from src/core/calendar.ts, which computes NYSE's rules and
 * its ad-hoc closures (e.g. 2025-01-09, national day of mourning for President Carter); its tests hold it
 * to the exchange's published lists (https://www.nyse.com/markets/hours-calendars).
 * Local times are converted with the IANA time-zone database through Intl (never a fixed offset), so
 * 16:00 America/New_York is 21:00 UTC in winter and 20:00 UTC in summer.
 */
import { isTradingDay as coreIsTradingDay, nyseSession } from '../../src/core/calendar.js';
import { zoneOffsetMs } from '../../src/core/time.js';

const MS_PER_DAY = 86_400_000;

/**
 * NYSE closures and early closes of a date range, computed by the library's own calendar
 * (src/core/calendar.ts: the exchange's rules plus its ad-hoc closings), so the pack and the tool agree.
 */
export function nyseClosures(from: string, to: string): { holidays: string[]; earlyCloses: string[] } {
  const holidays: string[] = [];
  const earlyCloses: string[] = [];
  for (let d = dayNumber(from); d <= dayNumber(to); d++) {
    const iso = isoDate(d);
    const w = weekday(iso);
    if (w === 0 || w === 6) continue;
    const session = nyseSession(iso);
    if (session === null) holidays.push(iso);
    else if (session.earlyClose) earlyCloses.push(iso);
  }
  return { holidays, earlyCloses };
}

/** UK bank holidays that fall on a Friday in the window (they move CME Bitcoin futures expiries). */
export const LONDON_FRIDAY_HOLIDAYS: readonly string[] = [
  '2024-03-29',
  '2025-04-18',
  '2025-12-26',
  '2026-04-03',
  '2026-12-25',
];

const londonFridaySet = new Set(LONDON_FRIDAY_HOLIDAYS);

/**
 * Day number (days since 1970-01-01) of an ISO date.
 * @example dayNumber('1970-01-02') // 1
 */
export function dayNumber(iso: string): number {
  const y = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7));
  const d = Number(iso.slice(8, 10));
  return Date.UTC(y, m - 1, d) / MS_PER_DAY;
}

/**
 * ISO date of a day number.
 * @example isoDate(0) // '1970-01-01'
 */
export function isoDate(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/**
 * Adds calendar days to an ISO date.
 * @example addDays('2024-02-28', 2) // '2024-03-01'
 */
export function addDays(iso: string, days: number): string {
  return isoDate(dayNumber(iso) + days);
}

/**
 * Day of week, 0 = Sunday ... 6 = Saturday.
 * @example weekday('2026-02-05') // 4
 */
export function weekday(iso: string): number {
  return (((dayNumber(iso) + 4) % 7) + 7) % 7;
}

/**
 * Calendar days from `a` to `b` (b - a).
 * @example daysBetween('2026-02-05', '2026-02-27') // 22
 */
export function daysBetween(a: string, b: string): number {
  return dayNumber(b) - dayNumber(a);
}

/**
 * True on NYSE trading days (weekdays that are not NYSE holidays).
 * @example isTradingDay('2025-01-09') // false
 */
export function isTradingDay(iso: string): boolean {
  return coreIsTradingDay(iso);
}

/**
 * NYSE trading days from `from` to `to` inclusive.
 * @example tradingDays('2026-02-13', '2026-02-17') // ['2026-02-13', '2026-02-17']
 */
export function tradingDays(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = dayNumber(from); d <= dayNumber(to); d++) {
    const iso = isoDate(d);
    if (isTradingDay(iso)) out.push(iso);
  }
  return out;
}

/**
 * Calendar days from `from` to `to` inclusive.
 * @example calendarDays('2026-02-27', '2026-03-01') // ['2026-02-27', '2026-02-28', '2026-03-01']
 */
export function calendarDays(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = dayNumber(from); d <= dayNumber(to); d++) out.push(isoDate(d));
  return out;
}

/**
 * Wall-clock fields of the instant `ms` in an IANA time zone; weekday 0 = Sunday.
 * @example zonedParts(Date.UTC(2026, 1, 6, 22, 30), 'America/New_York').hour // 17
 */
export function zonedParts(
  ms: number,
  timeZone: string,
): { date: string; weekday: number; hour: number; minute: number } {
  const local = ms + zoneOffsetMs(ms, timeZone);
  const date = isoDate(Math.floor(local / MS_PER_DAY));
  const inDay = local - Math.floor(local / MS_PER_DAY) * MS_PER_DAY;
  return {
    date,
    weekday: weekday(date),
    hour: Math.floor(inDay / 3_600_000),
    minute: Math.floor((inDay % 3_600_000) / 60_000),
  };
}

/**
 * The UTC instant (epoch ms) of a wall-clock time in an IANA time zone (DST-correct).
 * @example new Date(zonedTimeToUtc('2026-02-05', 16, 0, 'America/New_York')).toISOString() // '2026-02-05T21:00:00.000Z'
 */
export function zonedTimeToUtc(iso: string, hour: number, minute: number, timeZone: string): number {
  const wall = dayNumber(iso) * MS_PER_DAY + hour * 3_600_000 + minute * 60_000;
  let guess = wall - zoneOffsetMs(wall, timeZone);
  // A second pass settles instants next to a DST change.
  guess = wall - zoneOffsetMs(guess, timeZone);
  return guess;
}

/**
 * 16:00 America/New_York on `iso`, as epoch ms (the ETF close and the alignment instant of the pack).
 * @example new Date(nyClose('2025-07-01')).toISOString() // '2025-07-01T20:00:00.000Z'
 */
export function nyClose(iso: string): number {
  return zonedTimeToUtc(iso, 16, 0, 'America/New_York');
}

/**
 * 09:30 America/New_York on `iso`, as epoch ms (the US equity open).
 * @example new Date(nyOpen('2026-02-05')).toISOString() // '2026-02-05T14:30:00.000Z'
 */
export function nyOpen(iso: string): number {
  return zonedTimeToUtc(iso, 9, 30, 'America/New_York');
}

/**
 * ISO instant without milliseconds, as the pack writes it.
 * @example isoInstant(Date.UTC(2026, 1, 5, 21)) // '2026-02-05T21:00:00Z'
 */
export function isoInstant(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/**
 * Epoch ms of an ISO instant 'YYYY-MM-DDTHH:MM:SSZ' or of a date's 00:00 UTC.
 * @example instantMs('2026-02-05T21:00:00Z') === Date.UTC(2026, 1, 5, 21) // true
 */
export function instantMs(iso: string): number {
  return Date.parse(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
}

function lastDayOfMonth(year: number, month: number): string {
  return isoDate(Date.UTC(year, month, 0) / MS_PER_DAY);
}

/**
 * CME Bitcoin futures expiry of a contract month: the last Friday of the month, moved to the preceding
 * business day when that Friday is not both a U.S. and a London business day (CME Rulebook chapter 350,
 * "Termination of Trading"; https://www.cmegroup.com/markets/cryptocurrencies/bitcoin/bitcoin.contractSpecs.html).
 * @example cmeExpiry(2024, 3) // '2024-03-28' (Good Friday moves it)
 */
export function cmeExpiry(year: number, month: number): string {
  let d = dayNumber(lastDayOfMonth(year, month));
  while (weekday(isoDate(d)) !== 5) d--;
  let iso = isoDate(d);
  while (!isTradingDay(iso) || londonFridaySet.has(iso)) iso = addDays(iso, -1);
  return iso;
}

const CME_MONTH_CODES = 'FGHJKMNQUVXZ';

/**
 * CME contract code for a month, e.g. 'BTCG6' for February 2026.
 * @example cmeContractCode(2026, 2) // 'BTCG6'
 */
export function cmeContractCode(year: number, month: number): string {
  return `BTC${CME_MONTH_CODES[month - 1]}${year % 10}`;
}

/**
 * Third Friday of a month (U.S. listed monthly option expiry), moved to Thursday on an NYSE holiday.
 * @example monthlyOptionExpiry(2026, 6) // '2026-06-18' (Juneteenth)
 */
export function monthlyOptionExpiry(year: number, month: number): string {
  let iso = `${year}-${String(month).padStart(2, '0')}-01`;
  while (weekday(iso) !== 5) iso = addDays(iso, 1);
  iso = addDays(iso, 14);
  while (!isTradingDay(iso)) iso = addDays(iso, -1);
  return iso;
}

/**
 * Last Friday of a month, without holiday adjustment (Deribit monthly/quarterly expiries).
 * @example lastFriday(2026, 2) // '2026-02-27'
 */
export function lastFriday(year: number, month: number): string {
  let d = dayNumber(lastDayOfMonth(year, month));
  while (weekday(isoDate(d)) !== 5) d--;
  return isoDate(d);
}
