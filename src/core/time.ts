/**
 * Time-zone arithmetic shared by every layer (shared/DESIGN.md section 3): the daily "close" of ETFs, CME
 * settlement alignment and cross-venue snapshots is 16:00 America/New_York, taken from the time-zone
 * database through Intl.DateTimeFormat (21:00 UTC in winter, 20:00 UTC in summer), never a fixed offset.
 * Pure: no clock, no environment; the only state is a cache of formatters. Browser-safe.
 */
import { InvalidInputError } from '../errors.js';

export const NEW_YORK = 'America/New_York';

/** ISO calendar date; the round trip through Date rejects 2026-02-30. */
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * ISO instant with an explicit zone: `2026-02-05T21:00:00Z`, `2026-02-05 16:00:00-05:00`, `...+00`.
 * Seconds are required (DuckDB does not read 'HH:MMZ'). Naive timestamps are refused on purpose: "16:00"
 * without a zone is the bug this project exists to avoid.
 * The same pattern is used in SQL (RE2 syntax), so both checkers accept the same strings.
 */
export const INSTANT_PATTERN =
  '\\d{4}-\\d{2}-\\d{2}[T ]([01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(\\.\\d{1,6})?(Z|[+-]([01]\\d|2[0-3])(:?[0-5]\\d)?)';
const INSTANT_RE = new RegExp(`^${INSTANT_PATTERN}$`);

/**
 * A timestamp without a zone (`2026-02-05 16:00`, `2026-02-05T16:00:00.5`): refused unless the importer is
 * told its zone (`import --tz`). Same RE2/JS syntax as INSTANT_PATTERN.
 */
export const NAIVE_INSTANT_PATTERN =
  '\\d{4}-\\d{2}-\\d{2}[T ]([01]\\d|2[0-3]):[0-5]\\d(:[0-5]\\d(\\.\\d{1,6})?)?';
const NAIVE_RE = new RegExp(`^${NAIVE_INSTANT_PATTERN}$`);

/**
 * True for a naive timestamp (no zone) whose calendar date exists.
 * @example isNaiveInstant('2026-02-05 16:00') // true; isNaiveInstant('2026-02-05T16:00:00Z') // false
 */
export function isNaiveInstant(s: string): boolean {
  return NAIVE_RE.test(s) && isIsoDate(s.slice(0, 10));
}

/**
 * True when `zone` is an IANA time-zone name known to the time-zone database ('America/New_York', 'UTC').
 * @example isTimeZone('America/New_York') // true; isTimeZone('Mars/Olympus') // false
 */
export function isTimeZone(zone: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * True for a real calendar date written `YYYY-MM-DD`.
 * @example isIsoDate('2026-02-30') // false
 */
export function isIsoDate(s: string): boolean {
  if (!DATE_RE.test(s)) return false;
  // Proleptic Gregorian calendar, as Date uses; arithmetic rather than a Date round trip (hot in batch parsing).
  const y = Number(s.slice(0, 4));
  const m = Number(s.slice(5, 7));
  const d = Number(s.slice(8, 10));
  if (m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = m === 2 ? (leap ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
  return d <= days;
}

/**
 * True for an ISO instant with an explicit zone (and seconds) whose calendar date exists.
 * @example isIsoInstant('2026-02-05T21:00:00Z') // true; isIsoInstant('2026-02-05 16:00:00') // false
 */
export function isIsoInstant(s: string): boolean {
  return INSTANT_RE.test(s) && isIsoDate(s.slice(0, 10));
}

const INSTANT_PARTS =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?(?:Z|([+-])(\d{2}):?(\d{2})?)$/;

/**
 * Milliseconds since the epoch of an ISO instant accepted by `isIsoInstant` (fraction kept below 1 ms), or of
 * a Date; NaN otherwise. The one instant parser of the project (store models, analytics, channels). Parsed by hand: Date.parse does not accept every zone form DuckDB does ('+00', '-0500').
 * @example parseInstantMs('2026-02-05 16:00:00-05:00') // 1770325200000
 */
export function parseInstantMs(t: string | Date): number {
  if (t instanceof Date) return t.getTime();
  const m = isIsoInstant(t) ? INSTANT_PARTS.exec(t) : null;
  if (!m) return Number.NaN;
  const local = Date.UTC(
    Number(m[1]),
    Number(m[2]) - 1,
    Number(m[3]),
    Number(m[4]),
    Number(m[5]),
    Number(m[6]),
  );
  const frac = m[7] === undefined ? 0 : Number(`0.${m[7]}`) * 1000;
  const offsetMin =
    m[8] === undefined ? 0 : (m[8] === '-' ? -1 : 1) * (Number(m[9]) * 60 + Number(m[10] ?? 0));
  return local + frac - offsetMin * 60_000;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/**
 * Milliseconds since the epoch of an ISO date at 00:00 UTC; throws InvalidInputError for anything that is
 * not a real calendar date in YYYY-MM-DD form (2026-02-30 included).
 * @example isoDateToUtcMs('2026-02-05') // 1770249600000
 */
export function isoDateToUtcMs(date: string, where = 'date'): number {
  const m = ISO_DATE.exec(date);
  const ms = m === null ? Number.NaN : Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (m === null || new Date(ms).toISOString().slice(0, 10) !== date) {
    throw new InvalidInputError('INVALID_DATE', `${where} must be an ISO date YYYY-MM-DD, got '${date}'`, {
      details: { where, value: date },
    });
  }
  return ms;
}

/**
 * Calendar days from `from` to `to` (both ISO dates), negative when `to` is earlier.
 * @example calendarDaysBetween('2026-02-05', '2026-02-27') // 22
 */
export function calendarDaysBetween(from: string, to: string): number {
  return Math.round((isoDateToUtcMs(to, 'to') - isoDateToUtcMs(from, 'from')) / DAY_MS);
}

/** Offset (local wall clock minus UTC, in ms) of `timeZone` at the instant `utcMs`. */
export function zoneOffsetMs(utcMs: number, timeZone: string): number {
  const parts = formatterFor(timeZone).formatToParts(new Date(utcMs));
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return wall - Math.floor(utcMs / 1000) * 1000;
}

/**
 * The UTC instant (ms) at which the wall clock in `timeZone` reads `hour:minute` on `date`. The offset is
 * looked up at a first guess and again at the result, which settles any date whose wall time is not
 * inside a DST gap or overlap (16:00 never is in America/New_York: transitions happen at 02:00).
 * @example zonedWallTimeToUtcMs('2026-07-01', 16, 0, 'America/New_York') // 1782936000000
 */
export function zonedWallTimeToUtcMs(date: string, hour: number, minute: number, timeZone: string): number {
  const wall = isoDateToUtcMs(date) + (hour * 60 + minute) * 60_000;
  let utc = wall - zoneOffsetMs(wall, timeZone);
  utc = wall - zoneOffsetMs(utc, timeZone);
  return utc;
}

/** ISO instant without milliseconds, the store's CSV form (`2026-02-05T21:00:00Z`). */
export function toIsoInstant(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/**
 * The 16:00 America/New_York close of an ISO date as a UTC instant, DST-correct.
 * @example nyCloseUtc('2026-02-05') // '2026-02-05T21:00:00Z'
 */
export function nyCloseUtc(date: string): string {
  return toIsoInstant(zonedWallTimeToUtcMs(date, 16, 0, NEW_YORK));
}

/** Epoch ms of an instant given as an ISO string or a Date (NaN when unparsable). */
export function instantMs(ts: string | Date): number {
  return typeof ts === 'string' ? Date.parse(ts) : ts.getTime();
}

/**
 * The New York calendar date (YYYY-MM-DD) of a UTC instant.
 * @example nyDate('2026-02-06T02:30:00Z') // '2026-02-05'
 */
export function nyDate(ts: string | Date): string {
  const ms = instantMs(ts);
  if (!Number.isFinite(ms)) {
    throw new InvalidInputError('INVALID_INSTANT', `not an instant: '${String(ts)}'`, {
      details: { value: ts },
    });
  }
  return new Date(ms + zoneOffsetMs(ms, NEW_YORK)).toISOString().slice(0, 10);
}

/**
 * Day of the week of an ISO date, 0 = Sunday ... 6 = Saturday.
 * @example weekday('2026-02-05') // 4
 */
export function weekday(date: string): number {
  return new Date(isoDateToUtcMs(date)).getUTCDay();
}

/**
 * A naive timestamp (see `isNaiveInstant`) read as wall-clock time in `timeZone`, as a UTC ISO instant
 * (milliseconds kept when present); NaN-free: throws InvalidInputError for anything else. The offset is
 * looked up twice as in `zonedWallTimeToUtcMs`.
 * @example naiveToUtcInstant('2026-02-05 16:00', 'America/New_York') // '2026-02-05T21:00:00Z'
 */
export function naiveToUtcInstant(naive: string, timeZone: string): string {
  const m = isNaiveInstant(naive)
    ? /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?$/.exec(naive)
    : null;
  if (m === null) {
    throw new InvalidInputError('INVALID_INSTANT', `not a timestamp without a zone: '${naive}'`, {
      details: { value: naive },
    });
  }
  const frac = m[7] === undefined ? 0 : Math.floor(Number(`0.${m[7]}`) * 1000);
  const wall =
    Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0)) +
    frac;
  let utc = wall - zoneOffsetMs(wall, timeZone);
  utc = wall - zoneOffsetMs(utc, timeZone);
  return frac === 0 ? toIsoInstant(utc) : new Date(utc).toISOString();
}
