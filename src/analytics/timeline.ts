/**
 * The hourly timeline of a crash day: how far the price fell and when. Pure functions of hourly bars
 * (bar open instants in UTC, docs/DATA.md); time zones through analytics/time.ts (IANA database, no
 * fixed offset). Used for the headline (close-to-close and peak-to-trough falls) and for timing rules:
 * what moved first, what moved with the fall, and whether the fall happened while US markets were open.
 */
import { zonedWallTimeToUtcMs } from './time.js';

const HOUR = 3_600_000;

export interface HourBar {
  /** Bar open instant, ISO UTC. */
  readonly ts: string;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
}

export interface DayFall {
  /** Close of the bar ending at the window start (the previous close), and of the last bar. */
  readonly startPrice: number;
  readonly endPrice: number;
  /** endPrice / startPrice − 1. */
  readonly closeToClose: number;
  /** Highest high before the lowest low inside the window, and that low. */
  readonly peak: number;
  readonly peakTs: string;
  readonly trough: number;
  readonly troughTs: string;
  /** trough / peak − 1 (≤ 0). */
  readonly peakToTrough: number;
  readonly bars: number;
}

function inWindow(bars: readonly HourBar[], fromMs: number, toMs: number): HourBar[] {
  return bars.filter((b) => {
    const t = Date.parse(b.ts);
    return t >= fromMs && t + HOUR <= toMs;
  });
}

/**
 * Falls over [fromMs, toMs) from hourly bars: close to close (the close of the last bar before the
 * window to the close of the last bar in it) and peak to trough (the lowest low, and the highest high
 * at or before it). null when the window has no bars or no bar ends at its start.
 * @example dayFall(bars, Date.parse('2026-02-05T00:00:00Z'), Date.parse('2026-02-06T00:00:00Z'))!.closeToClose
 */
export function dayFall(bars: readonly HourBar[], fromMs: number, toMs: number): DayFall | null {
  const w = inWindow(bars, fromMs, toMs);
  const before = bars.filter((b) => Date.parse(b.ts) + HOUR === fromMs)[0];
  if (w.length === 0 || !before) return null;
  let ti = 0;
  for (let i = 1; i < w.length; i++) if (w[i].low < w[ti].low) ti = i;
  let pi = 0;
  for (let i = 1; i <= ti; i++) if (w[i].high > w[pi].high) pi = i;
  const startPrice = before.close;
  const endPrice = w[w.length - 1].close;
  return {
    startPrice,
    endPrice,
    closeToClose: endPrice / startPrice - 1,
    peak: w[pi].high,
    peakTs: w[pi].ts,
    trough: w[ti].low,
    troughTs: w[ti].ts,
    peakToTrough: w[ti].low / w[pi].high - 1,
    bars: w.length,
  };
}

/** [start, end) of the US cash session (09:30-16:00 America/New_York) of a New York date, in UTC ms. */
export function usSessionMs(date: string): [number, number] {
  return [
    zonedWallTimeToUtcMs(date, 9, 30, 'America/New_York'),
    zonedWallTimeToUtcMs(date, 16, 0, 'America/New_York'),
  ];
}

/** [start, end) of a New York calendar day in UTC ms. */
export function nyDayMs(date: string): [number, number] {
  const next = new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  return [
    zonedWallTimeToUtcMs(date, 0, 0, 'America/New_York'),
    zonedWallTimeToUtcMs(next, 0, 0, 'America/New_York'),
  ];
}

/**
 * Share of the day's downward moves that happened during the US cash session: the sum of the negative
 * hourly log returns of bars that lie (by their midpoint) inside 09:30-16:00 ET, over the sum of all
 * negative hourly log returns of the New York day. 0..1; null without a falling hour.
 * @example usHoursShareOfFall(bars, '2026-02-05') // 0.6: 60% of the day's falling moves came in US hours
 */
export function usHoursShareOfFall(bars: readonly HourBar[], date: string): number | null {
  const [d0, d1] = nyDayMs(date);
  const [s0, s1] = usSessionMs(date);
  let all = 0;
  let us = 0;
  for (const b of inWindow(bars, d0, d1)) {
    const r = Math.log(b.close / b.open);
    if (!(r < 0)) continue;
    all += r;
    const mid = Date.parse(b.ts) + HOUR / 2;
    if (mid >= s0 && mid < s1) us += r;
  }
  return all < 0 ? us / all : null;
}

export interface Jump {
  readonly ts: string;
  /** Change over the hour (close − previous close), in the series' unit. */
  readonly change: number;
}

/**
 * The largest hourly rise (sign +1) or fall (sign −1) of a close series inside [fromMs, toMs).
 * @example largestMove(dvol, from, to, 1)?.ts // the hour DVOL jumped most
 */
export function largestMove(
  series: readonly { readonly ts: string; readonly close: number }[],
  fromMs: number,
  toMs: number,
  sign: 1 | -1,
): Jump | null {
  let best: Jump | null = null;
  for (let i = 1; i < series.length; i++) {
    const t = Date.parse(series[i].ts);
    if (t < fromMs || t >= toMs) continue;
    const change = series[i].close - series[i - 1].close;
    if (Date.parse(series[i - 1].ts) + HOUR !== t) continue;
    if (best === null || sign * change > sign * best.change) best = { ts: series[i].ts, change };
  }
  return best;
}

/**
 * Hours from `a` to `b` (positive when a came first).
 * @example hoursBetween('2026-02-05T15:00:00Z', '2026-02-05T20:00:00Z') // 5
 */
export function hoursBetween(a: string, b: string): number {
  return (Date.parse(b) - Date.parse(a)) / HOUR;
}
