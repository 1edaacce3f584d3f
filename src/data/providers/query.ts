/**
 * Helpers for `transformQuery` (pure): parse the generic flags, naming the flag and the value when one is
 * wrong, and build date windows. Dates are ISO `YYYY-MM-DD`; `--from` and `--to` are both inclusive.
 */
import { InvalidInputError } from '../../errors.js';
import { isIsoDate, isIsoInstant, parseInstantMs } from '../models/defineModel.js';
import type { QueryInput } from './types.js';

const DAY_MS = 86_400_000;

/**
 * The date `days` after `date` (negative: before).
 * @example addDays('2026-03-01', -1) // '2026-02-28'
 */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * Checks a date flag.
 * @example dateFlag('--from', '2026-02-05') // '2026-02-05'
 */
export function dateFlag(flag: string, raw: string): string {
  if (!isIsoDate(raw)) {
    throw new InvalidInputError('bad_flag', `${flag}: '${raw}' is not an ISO date YYYY-MM-DD`, {
      details: { flag, raw },
    });
  }
  return raw;
}

/**
 * A flag whose value is one of a closed set, with a default when it is absent.
 * @example oneOfFlag('--interval', undefined, ['1m', '1h', '1d'] as const, '1d') // '1d'
 */
export function oneOfFlag<const T extends string>(
  flag: string,
  raw: string | undefined,
  allowed: readonly T[],
  fallback: T,
): T {
  if (raw === undefined) return fallback;
  if ((allowed as readonly string[]).includes(raw)) return raw as T;
  throw new InvalidInputError('bad_flag', `${flag}: '${raw}' is not one of ${allowed.join(', ')}`, {
    details: { flag, raw, allowed },
  });
}

/**
 * The caller's clock reading, checked (ms since the epoch).
 * @example nowMs({ now: '2026-02-05T21:00:00Z' }) // 1770325200000
 */
export function nowMs(input: Pick<QueryInput, 'now'>): number {
  if (!isIsoInstant(input.now)) {
    throw new InvalidInputError('bad_now', `now: '${input.now}' is not an ISO instant with a zone`, {
      details: { now: input.now },
    });
  }
  return parseInstantMs(input.now);
}

/**
 * The date window of a query: `--to` defaults to the UTC date of `now`, `--from` to `defaultDays` days
 * ending at `--to`; `--from` after `--to` is an error naming both.
 * @example dateWindow({ now: '2026-02-05T12:00:00Z' }, 3) // { from: '2026-02-03', to: '2026-02-05' }
 */
export function dateWindow(
  input: QueryInput,
  defaultDays: number,
): { readonly from: string; readonly to: string } {
  const to =
    input.to === undefined ? new Date(nowMs(input)).toISOString().slice(0, 10) : dateFlag('--to', input.to);
  const from = input.from === undefined ? addDays(to, -(defaultDays - 1)) : dateFlag('--from', input.from);
  if (from > to) {
    throw new InvalidInputError('bad_flag', `--from: '${from}' is after --to '${to}'`, {
      details: { flag: '--from', from, to },
    });
  }
  return { from, to };
}

/**
 * Splits an inclusive date window into consecutive windows of at most `days` days.
 * @example splitDates('2026-01-01', '2026-01-05', 2) // [{ from: '2026-01-01', to: '2026-01-02' }, { from: '2026-01-03', to: '2026-01-04' }, { from: '2026-01-05', to: '2026-01-05' }]
 */
export function splitDates(
  from: string,
  to: string,
  days: number,
): { readonly from: string; readonly to: string }[] {
  const out: { from: string; to: string }[] = [];
  for (let start = from; start <= to; start = addDays(start, days)) {
    const end = addDays(start, days - 1);
    out.push({ from: start, to: end < to ? end : to });
  }
  return out;
}

/**
 * A required flag.
 * @example requiredFlag('--symbol', 'QQQ') // 'QQQ'
 */
export function requiredFlag(flag: string, raw: string | undefined, hint: string): string {
  if (raw === undefined || raw.trim() === '') {
    throw new InvalidInputError('missing_flag', `${flag} is required (${hint})`, { details: { flag } });
  }
  return raw;
}
