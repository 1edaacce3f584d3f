/**
 * Does a daily series look mis-stamped? Its closes are compared with another series of the same asset (the
 * same price level: another venue, or finer bars) at the instant the stamp says the close existed
 * (`dailyBarCloseMs`) and at the instants other conventions would give: a day later, a day earlier, the
 * 16:00 New York close of a bar stamped at midnight, the next 00:00Z of a bar stamped at the session
 * close. When another instant matches clearly better, the series is probably stamped by another
 * convention (docs/DATA.md, "Daily bars"). Pure: no clock, no store.
 */
import { dailyBarCloseMs } from './dailyBars.js';
import { nyCloseUtc, parseInstantMs } from './time.js';

const DAY_MS = 86_400_000;

/** Pairs needed at the stamped instant and at the better one before anything is said. */
export const MIN_PAIRS = 5;
/** The better instant must at least halve the median gap… */
export const BETTER_RATIO = 0.5;
/** …be a close match (median |ln ratio| ≤ 1%: the same asset on another venue)… */
export const MATCH_MAX = 0.01;
/** …while the stamped instant is off by at least 0.2% (a flat series proves nothing). */
export const STAMPED_MIN = 0.002;

export type StampCandidate = 'as stamped' | 'a day later' | 'a day earlier' | 'session close' | 'next 00:00Z';

export interface DailyBar {
  readonly ts: string;
  readonly close: number;
}

export interface ReferenceSeries {
  /** e.g. 'binance:BTCUSDT 1h'. */
  readonly name: string;
  /** Close prices by the instant (ms) they existed. */
  readonly closes: ReadonlyMap<number, number>;
}

export interface StampWarning {
  /** The daily series, e.g. 'yahoo:BTC-USD 1d'. */
  readonly series: string;
  readonly reference: string;
  readonly candidate: Exclude<StampCandidate, 'as stamped'>;
  /** Median |ln(close / reference)| at the stamped close, and at the better instant. */
  readonly stampedGap: number;
  readonly bestGap: number;
  readonly pairs: number;
  /** The likely convention, in words, with the fix. */
  readonly likely: string;
  readonly message: string;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** The instants a bar's close may have existed at, by convention. */
function candidates(ts: string): Partial<Record<StampCandidate, number>> {
  const ms = parseInstantMs(ts);
  const close = dailyBarCloseMs(ts);
  if (close === null || !Number.isFinite(ms)) return {};
  const out: Partial<Record<StampCandidate, number>> = {
    'as stamped': close,
    'a day later': close + DAY_MS,
    'a day earlier': close - DAY_MS,
  };
  const date = new Date(ms).toISOString().slice(0, 10);
  if (ms % DAY_MS === 0) out['session close'] = Date.parse(nyCloseUtc(date));
  else out['next 00:00Z'] = Date.parse(`${date}T00:00:00Z`) + DAY_MS;
  return out;
}

const LIKELY: Readonly<Record<Exclude<StampCandidate, 'as stamped'>, string>> = {
  'a day later':
    'stamped one day early: each close existed a day after its stamp (a look-ahead); restamp the file one day later',
  'a day earlier':
    'stamped one day late, e.g. UTC-day bars stamped at their 00:00Z close instead of their 00:00Z open; restamp the file one day earlier',
  'session close':
    'exchange-session bars stamped at midnight: re-import with --day-stamp session-close (16:00 New York)',
  'next 00:00Z':
    'UTC-day bars stamped at the New York session close: their close existed only at 00:00Z of the next day; re-import with --day-stamp utc-open',
};

/**
 * Checks one daily series against references of the same asset; the strongest warning, or null.
 * @example checkDayStamping('x:BTC 1d', bars, [{ name: 'binance:BTCUSDT 1h', closes }])?.candidate // 'next 00:00Z'
 */
export function checkDayStamping(
  series: string,
  bars: readonly DailyBar[],
  references: readonly ReferenceSeries[],
): StampWarning | null {
  let best: StampWarning | null = null;
  for (const ref of references) {
    const gaps = new Map<StampCandidate, number[]>();
    for (const b of bars) {
      if (!(b.close > 0)) continue;
      for (const [k, at] of Object.entries(candidates(b.ts)) as [StampCandidate, number][]) {
        const p = ref.closes.get(at);
        if (p === undefined || !(p > 0)) continue;
        const list = gaps.get(k) ?? [];
        list.push(Math.abs(Math.log(b.close / p)));
        gaps.set(k, list);
      }
    }
    const stamped = gaps.get('as stamped');
    if (stamped === undefined || stamped.length < MIN_PAIRS) continue;
    const stampedGap = median(stamped);
    if (stampedGap < STAMPED_MIN) continue;
    for (const [k, list] of gaps) {
      if (k === 'as stamped' || list.length < MIN_PAIRS) continue;
      const gap = median(list);
      if (gap > MATCH_MAX || gap > BETTER_RATIO * stampedGap) continue;
      if (best !== null && gap / stampedGap >= best.bestGap / best.stampedGap) continue;
      const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
      best = {
        series,
        reference: ref.name,
        candidate: k,
        stampedGap,
        bestGap: gap,
        pairs: list.length,
        likely: LIKELY[k],
        message:
          `${series} looks mis-stamped: its closes match ${ref.name} at ${k === 'session close' ? 'the 16:00 New York close of the stamped date' : k === 'next 00:00Z' ? '00:00Z of the next day' : `the instant ${k}`} ` +
          `(median gap ${pct(gap)} over ${list.length} days) better than at the close its stamp implies (${pct(stampedGap)}): likely ${LIKELY[k]} (docs/DATA.md, "Daily bars")`,
      };
    }
  }
  return best;
}
