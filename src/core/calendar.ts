import { InvalidInputError } from '../errors.js';
import { isoDateToUtcMs, NEW_YORK, toIsoInstant, zonedWallTimeToUtcMs } from './time.js';

/*
 * The NYSE trading calendar, computed (no table to keep up to date but the ad-hoc closings below).
 *
 * Rules (NYSE Rule 7.2 holidays; the exchange's published calendars for 2024–2027; the history of closings
 * summarised by the pandas_market_calendars project from NYSE's "Closings" document):
 *  - New Year's Day, Jan 1; on a Sunday the Monday after; on a Saturday NOT observed (no Friday closing).
 *  - Martin Luther King Jr. Day, third Monday of January (since 1998).
 *  - Washington's Birthday, third Monday of February.
 *  - Good Friday, two days before Gregorian Easter Sunday.
 *  - Memorial Day, last Monday of May.
 *  - Juneteenth, June 19 (since 2022); Saturday -> Friday, Sunday -> Monday.
 *  - Independence Day, July 4; Saturday -> Friday July 3, Sunday -> Monday July 5.
 *  - Labor Day, first Monday of September.
 *  - Thanksgiving Day, fourth Thursday of November.
 *  - Christmas Day, Dec 25; Saturday -> Friday Dec 24, Sunday -> Monday Dec 26.
 *  - Ad-hoc closings since 2000 (listed below): they cannot be computed, and future ones cannot be known.
 * Early closes at 13:00 New York: July 3 when it is a Monday to Thursday (Wednesday only since 2013), the
 * day after Thanksgiving, and Christmas Eve when it is a Monday to Thursday.
 * The regular session is 09:30–16:00 America/New_York, converted to UTC through the time-zone database.
 * Covered years: 2000–2099 (outside them the functions throw: the rules above are not those of earlier
 * decades).
 */

const FIRST_YEAR = 2000;
const LAST_YEAR = 2099;
const DAY_MS = 86_400_000;

/** Closings that no rule gives (since 2000), with their reason. */
const AD_HOC_CLOSINGS: Readonly<Record<string, string>> = {
  '2001-09-11': 'September 11 attacks',
  '2001-09-12': 'September 11 attacks',
  '2001-09-13': 'September 11 attacks',
  '2001-09-14': 'September 11 attacks',
  '2004-06-11': 'National Day of Mourning (Ronald Reagan)',
  '2007-01-02': 'National Day of Mourning (Gerald Ford)',
  '2012-10-29': 'Hurricane Sandy',
  '2012-10-30': 'Hurricane Sandy',
  '2018-12-05': 'National Day of Mourning (George H. W. Bush)',
  '2025-01-09': 'National Day of Mourning (Jimmy Carter)',
};

/** Early closes that no rule gives (since 2000). */
const AD_HOC_EARLY_CLOSES: Readonly<Record<string, string>> = {
  '2003-12-26': 'Day after Christmas',
};

export interface Session {
  /** The New York trading date, YYYY-MM-DD. */
  readonly date: string;
  /** Open and close as UTC instants (`2026-02-05T14:30:00Z`). */
  readonly openUtc: string;
  readonly closeUtc: string;
  /** True on a 13:00 New York close. */
  readonly earlyClose: boolean;
}

function ymd(year: number, month: number, day: number): string {
  return new Date(Date.UTC(year, month - 1, day)).toISOString().slice(0, 10);
}

function dow(year: number, month: number, day: number): number {
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay();
}

/** The n-th (1-based) given weekday (0 = Sunday) of a month; n = -1 for the last. */
function nthWeekday(year: number, month: number, weekday: number, n: number): string {
  if (n > 0) {
    const first = dow(year, month, 1);
    return ymd(year, month, 1 + ((weekday - first + 7) % 7) + 7 * (n - 1));
  }
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const last = dow(year, month, lastDay);
  return ymd(year, month, lastDay - ((last - weekday + 7) % 7));
}

/**
 * Gregorian Easter Sunday (the anonymous algorithm in Meeus, Astronomical Algorithms, 2nd ed., ch. 8).
 * @example easterSunday(2026) // '2026-04-05'
 */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return ymd(year, month, day);
}

/** A fixed-date holiday moved off the weekend: Saturday -> Friday, Sunday -> Monday. */
function nearestWeekday(year: number, month: number, day: number): string {
  const w = dow(year, month, day);
  if (w === 6) return ymd(year, month, day - 1);
  if (w === 0) return ymd(year, month, day + 1);
  return ymd(year, month, day);
}

const yearCache = new Map<number, ReadonlyMap<string, string>>();

function checkYear(year: number, date: string): void {
  if (!(year >= FIRST_YEAR && year <= LAST_YEAR)) {
    throw new InvalidInputError(
      'CALENDAR_RANGE',
      `the NYSE calendar covers ${FIRST_YEAR}–${LAST_YEAR}; got ${date}`,
      { details: { date } },
    );
  }
}

/** Every NYSE full-day holiday of a year (date -> name), ad-hoc closings included. */
export function nyseHolidays(year: number): ReadonlyMap<string, string> {
  const cached = yearCache.get(year);
  if (cached !== undefined) return cached;
  checkYear(year, String(year));
  const h = new Map<string, string>();
  if (dow(year, 1, 1) !== 6) h.set(nearestWeekday(year, 1, 1), "New Year's Day");
  h.set(nthWeekday(year, 1, 1, 3), 'Martin Luther King Jr. Day');
  h.set(nthWeekday(year, 2, 1, 3), "Washington's Birthday");
  const easter = isoDateToUtcMs(easterSunday(year));
  h.set(new Date(easter - 2 * DAY_MS).toISOString().slice(0, 10), 'Good Friday');
  h.set(nthWeekday(year, 5, 1, -1), 'Memorial Day');
  if (year >= 2022) h.set(nearestWeekday(year, 6, 19), 'Juneteenth National Independence Day');
  h.set(nearestWeekday(year, 7, 4), 'Independence Day');
  h.set(nthWeekday(year, 9, 1, 1), 'Labor Day');
  h.set(nthWeekday(year, 11, 4, 4), 'Thanksgiving Day');
  h.set(nearestWeekday(year, 12, 25), 'Christmas Day');
  for (const [d, why] of Object.entries(AD_HOC_CLOSINGS)) if (d.startsWith(`${year}-`)) h.set(d, why);
  yearCache.set(year, h);
  return h;
}

function yearOf(date: string): number {
  isoDateToUtcMs(date);
  return Number(date.slice(0, 4));
}

/**
 * The name of the NYSE holiday on `date`, or null when it is not one (weekends are not holidays).
 * @example nyseHoliday('2026-02-16') // "Washington's Birthday"
 */
export function nyseHoliday(date: string): string | null {
  const year = yearOf(date);
  checkYear(year, date);
  return nyseHolidays(year).get(date) ?? null;
}

/**
 * True when the NYSE holds a session on `date` (a weekday that is not a holiday).
 * @example isTradingDay('2026-02-05') // true
 */
export function isTradingDay(date: string): boolean {
  const year = yearOf(date);
  checkYear(year, date);
  const w = new Date(isoDateToUtcMs(date)).getUTCDay();
  return w !== 0 && w !== 6 && !nyseHolidays(year).has(date);
}

function isEarlyClose(date: string): boolean {
  if (AD_HOC_EARLY_CLOSES[date] !== undefined) return true;
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  const day = Number(date.slice(8, 10));
  const w = dow(year, month, day);
  if (month === 7 && day === 3) return w === 1 || w === 2 || w === 4 || (w === 3 && year >= 2013);
  if (month === 12 && day === 24) return w >= 1 && w <= 4;
  if (month === 11) {
    const thanksgiving = nthWeekday(year, 11, 4, 4);
    return new Date(isoDateToUtcMs(thanksgiving) + DAY_MS).toISOString().slice(0, 10) === date;
  }
  return false;
}

/**
 * The NYSE session of `date`, or null when the exchange is closed that day.
 * @example nyseSession('2026-11-27')?.closeUtc // '2026-11-27T18:00:00Z' (13:00 New York, early close)
 */
export function nyseSession(date: string): Session | null {
  if (!isTradingDay(date)) return null;
  const earlyClose = isEarlyClose(date);
  return {
    date,
    openUtc: toIsoInstant(zonedWallTimeToUtcMs(date, 9, 30, NEW_YORK)),
    closeUtc: toIsoInstant(zonedWallTimeToUtcMs(date, earlyClose ? 13 : 16, 0, NEW_YORK)),
    earlyClose,
  };
}

function shift(date: string, days: number): string {
  return new Date(isoDateToUtcMs(date) + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The last trading day strictly before `date` (any date, trading day or not).
 * @example previousTradingDay('2026-02-17') // '2026-02-13' (Monday 16th is Washington's Birthday)
 */
export function previousTradingDay(date: string): string {
  let d = shift(date, -1);
  while (!isTradingDay(d)) d = shift(d, -1);
  return d;
}

/**
 * The first trading day strictly after `date`.
 * @example nextTradingDay('2026-02-06') // '2026-02-09'
 */
export function nextTradingDay(date: string): string {
  let d = shift(date, 1);
  while (!isTradingDay(d)) d = shift(d, 1);
  return d;
}

/**
 * The trading day whose session a UTC instant belongs to for "as of the close" purposes: the session
 * closing at or after the instant on its New York date, else the next one. A crash after the New York close
 * of day D is seen on day D's calendar date and priced into the next session.
 * @example sessionOnOrAfter('2026-02-07T12:00:00Z') // '2026-02-09'
 */
export function sessionOnOrAfter(instant: string): string {
  const ms = Date.parse(instant);
  if (!Number.isFinite(ms)) {
    throw new InvalidInputError('INVALID_INSTANT', `not an instant: '${instant}'`, { details: { instant } });
  }
  let d = new Date(ms - 5 * 3_600_000).toISOString().slice(0, 10);
  for (;;) {
    const s = nyseSession(d);
    if (s !== null && Date.parse(s.closeUtc) >= ms) return d;
    d = shift(d, 1);
  }
}

/**
 * Trading days from `from` to `to`, both inclusive when they are trading days.
 * @example tradingDays('2026-02-12', '2026-02-17') // ['2026-02-12', '2026-02-13', '2026-02-17']
 */
export function tradingDays(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = shift(d, 1)) if (isTradingDay(d)) out.push(d);
  return out;
}
