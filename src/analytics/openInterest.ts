/**
 * Venue open interest aligned to the US close (H6: "Binance OI collapsed while CME OI rebuilt on 02-06").
 * Hourly OI per venue (BTC and USD) is sampled at 16:00 America/New_York of each date by an as-of lookup:
 * the last observation at or before that instant, if it is not staler than a limit. Daily changes are in
 * BTC (positions), USD (positions × price) and %; the BTC change is the one that says whether positions
 * were opened or closed, since USD OI also falls with the price.
 */
import { InvalidInputError } from '../errors.js';
import { instantMs, nyCloseUtc, nyDate, toIsoInstant } from './time.js';

/** The store's open_interest columns used here. */
export interface OpenInterestRow {
  readonly ts: string | Date;
  readonly venue: string;
  readonly symbol: string;
  readonly oi_btc: number | null;
  readonly oi_usd: number | null;
}

export interface AsOfOptions {
  /** Observations older than this at the close instant count as missing (default 180 minutes). */
  readonly maxStalenessMinutes?: number;
}

export interface VenueDailyOpenInterest {
  readonly date: string;
  readonly venue: string;
  /** 16:00 ET of `date` in UTC. */
  readonly closeInstant: string;
  /** The oldest as-of observation used across the venue's symbols (null when missing). */
  readonly observedAt: string | null;
  readonly stalenessMinutes: number | null;
  /** Symbols summed that day (a dated contract drops out after its last observation). */
  readonly symbols: readonly string[];
  /**
   * Summed over the symbols live at the close; null if a live symbol has a gap there (a stale observation
   * with later data) or none is live.
   */
  readonly oiBtc: number | null;
  readonly oiUsd: number | null;
  readonly previousDate: string | null;
  readonly changeBtc: number | null;
  readonly changeUsd: number | null;
  readonly changePctBtc: number | null;
  readonly changePctUsd: number | null;
}

interface Obs {
  readonly ms: number;
  readonly btc: number | null;
  readonly usd: number | null;
}

/** Index of the last observation at or before `ms` in observations sorted by time (binary search), or −1. */
function asOfIndex(obs: readonly Obs[], ms: number): number {
  let lo = 0;
  let hi = obs.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (obs[mid].ms <= ms) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

function bySymbol(rows: readonly OpenInterestRow[], venue: string): Map<string, Obs[]> {
  const m = new Map<string, Obs[]>();
  for (const r of rows) {
    if (r.venue !== venue) continue;
    const ms = instantMs(r.ts);
    if (!Number.isFinite(ms)) continue;
    const list = m.get(r.symbol) ?? [];
    list.push({ ms, btc: r.oi_btc, usd: r.oi_usd });
    m.set(r.symbol, list);
  }
  for (const list of m.values()) list.sort((a, b) => a.ms - b.ms);
  return m;
}

function sumOrNull(values: readonly (number | null)[]): number | null {
  let s = 0;
  for (const v of values) {
    if (v === null || !Number.isFinite(v)) return null;
    s += v;
  }
  return s;
}

function change(now: number | null, before: number | null): { abs: number | null; pct: number | null } {
  if (now === null || before === null) return { abs: null, pct: null };
  return { abs: now - before, pct: before === 0 ? null : now / before - 1 };
}

type Pick = { readonly symbol: string; readonly obs: Obs } | 'gap' | 'not-listed';

/**
 * The as-of observation of one symbol at `closeMs`. A symbol with nothing at or before the instant is not
 * listed yet, and one whose last observation is stale with nothing after it has expired (a dated contract
 * that rolled off): both are left out of the venue's sum. A stale observation with later data is a gap.
 */
function pick(symbol: string, obs: readonly Obs[], closeMs: number, maxStaleMs: number): Pick {
  const i = asOfIndex(obs, closeMs);
  if (i < 0) return 'not-listed';
  if (closeMs - obs[i].ms <= maxStaleMs) return { symbol, obs: obs[i] };
  return i === obs.length - 1 ? 'not-listed' : 'gap';
}

/** One date's as-of snapshot of a venue (no changes yet). */
function snapshot(symbols: Map<string, Obs[]>, venue: string, date: string, maxStaleMs: number) {
  const closeInstant = nyCloseUtc(date);
  const closeMs = Date.parse(closeInstant);
  const picks = [...symbols.entries()].map(([symbol, obs]) => pick(symbol, obs, closeMs, maxStaleMs));
  const live = picks.filter((p): p is { symbol: string; obs: Obs } => typeof p !== 'string');
  const ok = live.length > 0 && !picks.includes('gap');
  const oldest = ok ? Math.min(...live.map((p) => p.obs.ms)) : null;
  return {
    date,
    venue,
    closeInstant,
    observedAt: oldest === null ? null : toIsoInstant(oldest),
    stalenessMinutes: oldest === null ? null : (closeMs - oldest) / 60_000,
    symbols: live.map((p) => p.symbol).sort(),
    oiBtc: ok ? sumOrNull(live.map((p) => p.obs.btc)) : null,
    oiUsd: ok ? sumOrNull(live.map((p) => p.obs.usd)) : null,
  };
}

/**
 * A venue's open interest at 16:00 ET of each date (as-of, DST-correct), summed over its symbols, with
 * changes from the previous entry of `dates`. A date on which the venue has no observation at all is a closure
 * (CME at weekends): its entry is null and the next change runs from the last snapshot before it (Monday vs
 * Friday). A date with observations but none usable at the close is a gap: it voids the changes around it.
 * @example venueOpenInterestAtNyClose(rows, 'cme', ['2026-02-05', '2026-02-06'])[1].changeBtc // BTC added on 02-06
 */
export function venueOpenInterestAtNyClose(
  rows: readonly OpenInterestRow[],
  venue: string,
  dates: readonly string[],
  options: AsOfOptions = {},
): VenueDailyOpenInterest[] {
  const maxStaleMs = (options.maxStalenessMinutes ?? 180) * 60_000;
  const symbols = bySymbol(rows, venue);
  const snaps = [...dates].sort().map((d) => snapshot(symbols, venue, d, maxStaleMs));
  const open = new Set<string>();
  for (const obs of symbols.values()) for (const o of obs) open.add(nyDate(toIsoInstant(o.ms)));
  let last: (typeof snaps)[number] | null = null;
  return snaps.map((s) => {
    const p = last;
    if (s.oiBtc !== null || s.oiUsd !== null || open.has(s.date)) last = s;
    const btc = change(s.oiBtc, p?.oiBtc ?? null);
    const usd = change(s.oiUsd, p?.oiUsd ?? null);
    return {
      ...s,
      previousDate: p?.date ?? null,
      changeBtc: btc.abs,
      changeUsd: usd.abs,
      changePctBtc: btc.pct,
      changePctUsd: usd.pct,
    };
  });
}

/**
 * Every New York calendar date on which any observation falls, sorted: the default dates of the cross-venue
 * comparison. Crypto venues trade every day, so a Friday-evening collapse is seen on its own day and a
 * Saturday event date has a sample; venues shut at weekends (CME) give null there and their changes run
 * from their previous snapshot.
 * @example calendarDatesOf(rows) // ['2026-02-01', '2026-02-02', ...]
 */
export function calendarDatesOf(rows: readonly OpenInterestRow[]): string[] {
  const dates = new Set<string>();
  for (const r of rows) {
    const ms = instantMs(r.ts);
    if (Number.isFinite(ms)) dates.add(nyDate(r.ts));
  }
  return [...dates].sort();
}

export interface OpenInterestMove {
  readonly date: string;
  readonly changeBtc: number;
  readonly changePctBtc: number | null;
  readonly changeUsd: number | null;
}

export interface VenueEventWindow {
  readonly venue: string;
  readonly daily: readonly VenueDailyOpenInterest[];
  /** Largest fall in BTC within the window (null if OI never fell). */
  readonly largestDrop: OpenInterestMove | null;
  /** Largest rise in BTC within the window (null if OI never rose). */
  readonly largestRise: OpenInterestMove | null;
}

export interface OpenInterestDivergence {
  readonly date: string;
  /** Venues whose BTC OI fell by more than the threshold that day. */
  readonly fell: readonly string[];
  /** Venues whose BTC OI rose by more than the threshold. */
  readonly rose: readonly string[];
}

export interface OpenInterestAroundEvent {
  readonly eventDate: string;
  /** Dates from `window` entries before to `window` entries after the event date. */
  readonly dates: readonly string[];
  readonly venues: readonly VenueEventWindow[];
  /** Dates on which some venue's OI fell while another's rose (H6's pattern). */
  readonly divergences: readonly OpenInterestDivergence[];
  /** |changePctBtc| a move must exceed to count as a fall or a rise. */
  readonly thresholdPct: number;
}

export interface AroundEventOptions extends AsOfOptions {
  /** Dates on each side of the event date (default 3). */
  readonly window?: number;
  /** Venues to compare (default: every venue in the rows, sorted). */
  readonly venues?: readonly string[];
  /** Dates to sample (default calendarDatesOf(rows)). */
  readonly dates?: readonly string[];
  /** Minimum |% change in BTC| to count as a move (default 0: any change). */
  readonly thresholdPct?: number;
}

function extremeMove(daily: readonly VenueDailyOpenInterest[], sign: 1 | -1): OpenInterestMove | null {
  let best: VenueDailyOpenInterest | null = null;
  for (const d of daily) {
    if (d.changeBtc === null || sign * d.changeBtc <= 0) continue;
    if (best === null || sign * d.changeBtc > sign * (best.changeBtc as number)) best = d;
  }
  if (best === null) return null;
  return {
    date: best.date,
    changeBtc: best.changeBtc as number,
    changePctBtc: best.changePctBtc,
    changeUsd: best.changeUsd,
  };
}

function divergences(
  dates: readonly string[],
  venues: readonly VenueEventWindow[],
  threshold: number,
): OpenInterestDivergence[] {
  const out: OpenInterestDivergence[] = [];
  for (const date of dates) {
    const move = (v: VenueEventWindow) => v.daily.find((d) => d.date === date)?.changePctBtc ?? null;
    const fell = venues.filter((v) => (move(v) ?? 0) < -threshold).map((v) => v.venue);
    const rose = venues.filter((v) => (move(v) ?? 0) > threshold).map((v) => v.venue);
    if (fell.length > 0 && rose.length > 0) out.push({ date, fell, rose });
  }
  return out;
}

/**
 * Open interest of several venues at 16:00 ET around an event date: each venue's daily changes, its
 * largest drop and rise within ±window dates, and the dates on which one venue's OI fell while another's
 * rose. Throws InvalidInputError if the event date is not among the sampled dates.
 * @example openInterestAroundEvent(rows, '2026-02-05').divergences // [{ date: '2026-02-06', fell: ['binance'], rose: ['cme'] }]
 */
export function openInterestAroundEvent(
  rows: readonly OpenInterestRow[],
  eventDate: string,
  options: AroundEventOptions = {},
): OpenInterestAroundEvent {
  const window = options.window ?? 3;
  const threshold = options.thresholdPct ?? 0;
  const all = [...(options.dates ?? calendarDatesOf(rows))].sort();
  const i = all.indexOf(eventDate);
  if (i < 0 || !(Number.isInteger(window) && window >= 0)) {
    throw new InvalidInputError(
      'DATE_NOT_IN_SERIES',
      `open interest has no sampled date ${eventDate} (window ${window})`,
      {
        details: { eventDate, window, first: all[0] ?? null, last: all.at(-1) ?? null },
      },
    );
  }
  // One extra date before the window so the first date of the window has a change.
  const sampled = all.slice(Math.max(0, i - window - 1), i + window + 1);
  const dates = all.slice(Math.max(0, i - window), i + window + 1);
  const names = options.venues ?? [...new Set(rows.map((r) => r.venue))].sort();
  const venues = names.map((venue) => {
    const daily = venueOpenInterestAtNyClose(rows, venue, sampled, options).filter((d) =>
      dates.includes(d.date),
    );
    return { venue, daily, largestDrop: extremeMove(daily, -1), largestRise: extremeMove(daily, 1) };
  });
  return {
    eventDate,
    dates,
    venues,
    divergences: divergences(dates, venues, threshold),
    thresholdPct: threshold,
  };
}
