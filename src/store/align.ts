/**
 * Time alignment (shared/DESIGN.md section 3). Pure: no DuckDB, no clock, no environment.
 *
 * - The daily "close" of ETFs, CME settlement alignment and cross-venue snapshots is 16:00
 *   America/New_York, taken from the time-zone database through Intl (21:00 UTC in winter, 20:00 UTC in
 *   summer), never a fixed offset.
 * - As-of alignment: for each left instant, the last right observation at or before it (no look-ahead),
 *   as a pure lookup and as a DuckDB `ASOF JOIN` (https://duckdb.org/docs/stable/guides/sql_features/asof_join).
 */

import { NEW_YORK, zonedWallTimeToUtcMs } from '../core/time.js';
import { isIsoDate } from '../data/models/defineModel.js';
import { InvalidInputError } from '../errors.js';

export { NEW_YORK } from '../core/time.js';

/**
 * UTC instant (ms) at which the wall clock of `timeZone` reads `hour:minute` on `date`. The offset is looked
 * up at a first guess and again at the result; wall times inside a DST gap or overlap are not needed here
 * (closes are at 16:00, far from the 02:00 switches).
 * @example zonedTimeToUtcMs('2026-02-05', 16, 0, 'America/New_York') // 1770325200000
 */
export function zonedTimeToUtcMs(date: string, hour: number, minute: number, timeZone: string): number {
  if (!isIsoDate(date)) {
    throw new InvalidInputError('bad_date', `'${date}' is not an ISO date YYYY-MM-DD`, {
      details: { value: date },
    });
  }
  return zonedWallTimeToUtcMs(date, hour, minute, timeZone);
}

/** ISO instant without milliseconds: '2026-02-05T21:00:00Z'. */
export function isoInstant(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/**
 * The 16:00 America/New_York close of `date` as an ISO instant in UTC.
 * @example nyCloseInstant('2026-02-05') // '2026-02-05T21:00:00Z' (EST); nyCloseInstant('2026-03-09') // '2026-03-09T20:00:00Z' (EDT)
 */
export function nyCloseInstant(date: string): string {
  return isoInstant(zonedTimeToUtcMs(date, 16, 0, NEW_YORK));
}

/**
 * Index of the last element of ascending `times` that is <= `t`, or -1 when there is none.
 * @example asOfIndex([10, 20, 30], 25) // 1
 */
export function asOfIndex(times: ArrayLike<number>, t: number): number {
  let lo = 0;
  let hi = times.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid]! <= t) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/**
 * For each left instant, the index of the last right instant at or before it (-1 when there is none or it
 * is older than `maxLagMs`). `right` must be ascending; `left` may be in any order.
 * @example asOfJoin([5, 25, 35], [10, 20, 30], 6) // Int32Array [-1, 1, 2]
 */
export function asOfJoin(
  left: ArrayLike<number>,
  right: ArrayLike<number>,
  maxLagMs = Number.POSITIVE_INFINITY,
): Int32Array {
  const out = new Int32Array(left.length);
  for (let i = 0; i < left.length; i++) {
    const t = left[i]!;
    const j = asOfIndex(right, t);
    out[i] = j >= 0 && t - right[j]! <= maxLagMs ? j : -1;
  }
  return out;
}

/** One side of an as-of join in SQL. */
export interface AsofSide {
  /** Table name or a parenthesised subquery. */
  readonly relation: string;
  /** Instant column (TIMESTAMPTZ). */
  readonly time: string;
  /** Columns that must be equal on both sides (e.g. ['symbol']). */
  readonly by?: readonly string[];
}

function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * SQL of a DuckDB `ASOF LEFT JOIN`: every left row with the right columns of the last right row whose
 * time is <= the left time (NULL when none, or when older than `maxLagSeconds`).
 * @example asofJoinSql({ relation: 'l', time: 'ts' }, { relation: 'r', time: 'ts' }, ['close']) // 'SELECT l.*, r."close" AS "close" FROM l AS l ASOF LEFT JOIN r AS r ON l."ts" >= r."ts"'
 */
export function asofJoinSql(
  left: AsofSide,
  right: AsofSide,
  columns: readonly string[],
  options: { readonly maxLagSeconds?: number; readonly prefix?: string } = {},
): string {
  const by = left.by ?? [];
  const rightBy = right.by ?? by;
  const on = by.map((c, i) => `l.${ident(c)} = r.${ident(rightBy[i] ?? c)}`);
  on.push(`l.${ident(left.time)} >= r.${ident(right.time)}`);
  const lag = options.maxLagSeconds;
  const cols = columns.map((c) => {
    const value = `r.${ident(c)}`;
    const alias = ident(`${options.prefix ?? ''}${c}`);
    if (lag === undefined) return `${value} AS ${alias}`;
    const fresh = `l.${ident(left.time)} - r.${ident(right.time)} <= to_microseconds(${Math.round(lag * 1e6)})`;
    return `CASE WHEN ${fresh} THEN ${value} END AS ${alias}`;
  });
  return `SELECT l.*, ${cols.join(', ')} FROM ${left.relation} AS l ASOF LEFT JOIN ${right.relation} AS r ON ${on.join(' AND ')}`;
}
