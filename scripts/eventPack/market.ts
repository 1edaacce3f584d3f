import { type BtcPath, buildBtcPath } from './btcPath.js';
import { nyClose, tradingDays } from './calendar.js';
import { roundTo } from './csv.js';
import type { Observed } from './observed.js';

/** First and last trading day of the pack's daily history (IBIT's launch to the week after the event). */
export const FIRST_DAY = '2024-01-11';
export const LAST_DAY = '2026-02-13';
export const EVENT_DAY = '2026-02-05';

/** What every dataset builder shares: the seed, the observed data, the BTC path and the calendar. */
export interface Market {
  readonly seed: number;
  readonly observed: Observed;
  readonly path: BtcPath;
  /** NYSE trading days from FIRST_DAY to LAST_DAY. */
  readonly days: readonly string[];
  /** BTC price at 16:00 America/New_York of each trading day (the reference close). */
  readonly ref: ReadonlyMap<string, number>;
  /** True when the day's reference (and the 24 hours before it) lies in the observed hourly series. */
  refObserved(date: string): boolean;
}

/**
 * Builds the shared market context for a seed and the observed data.
 * @example buildMarket(20260205, observed).days[0] // '2024-01-11'
 */
export function buildMarket(seed: number, observed: Observed): Market {
  const path = buildBtcPath(seed, observed);
  const days = tradingDays(FIRST_DAY, LAST_DAY);
  const ref = new Map<string, number>();
  // Rounded to cents as written in bars.csv, so every table derived from it agrees with the file.
  for (const d of days) ref.set(d, roundTo(path.priceAt(nyClose(d)), 2));
  const refObserved = (d: string): boolean => nyClose(d) - 24 * 3_600_000 >= path.observedFromMs;
  return { seed, observed, path, days, ref, refObserved };
}
