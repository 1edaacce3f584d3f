import { dailyBarKnownMs, dailyBarNyDate } from '../core/dailyBars.js';
import type { Quality } from '../core/quality.js';
import { worstQuality } from '../core/quality.js';
import { nyCloseUtc, parseInstantMs } from '../core/time.js';

/*
 * BTC per ETF share when the store has no `etf_daily` (no fund file): the ETF's 16:00 New York close divided
 * by the BTC reference at the same instant. A spot-bitcoin ETF's NAV is its BTC holdings per share valued at
 * a 4 p.m. benchmark, so close / BTC = BTC per share × (1 + premium): the premium to NAV (a few basis points
 * for IBIT in normal markets, more on a crash day) is the error of this estimate, and the value is marked
 * `derived` wherever it is shown. The last session at or before the limit whose BTC close exists is used.
 */

export interface EtfCloseBar {
  readonly ts: string;
  readonly symbol: string;
  readonly interval: string;
  readonly close: number;
  readonly quality: Quality;
}

export interface BtcCloseBar {
  readonly ts: string;
  readonly close: number;
  readonly quality: Quality;
}

export interface ImpliedBtcPerShare {
  readonly value: number;
  /** The New York date of the session whose closes were divided. */
  readonly date: string;
  readonly quality: Quality;
}

/**
 * BTC per share of `ticker` implied by its daily bar close and the BTC close at the same 16:00 New York
 * instant, for the latest session at or before `limitMs`; null when no session has both.
 * @example impliedBtcPerShare([{ ts: '2026-02-04T21:00:00Z', symbol: 'IBIT', interval: '1d', close: 41.75, quality: 'observed' }], [{ ts: '2026-02-04T21:00:00Z', close: 73_500, quality: 'observed' }], 'IBIT', Infinity)?.value // ≈ 0.000568
 */
export function impliedBtcPerShare(
  etfBars: readonly EtfCloseBar[],
  btcCloses: readonly BtcCloseBar[],
  ticker: string,
  limitMs: number,
): ImpliedBtcPerShare | null {
  const btcAt = new Map<number, BtcCloseBar>();
  // Keyed by the instant each BTC close existed (a UTC-day bar's close is at 00:00Z, never at 16:00 ET).
  for (const b of btcCloses) btcAt.set(dailyBarKnownMs(b.ts), b);
  let best: ImpliedBtcPerShare | null = null;
  let bestMs = Number.NEGATIVE_INFINITY;
  for (const e of etfBars) {
    if (e.symbol !== ticker || e.interval !== '1d' || !(e.close > 0)) continue;
    const date = dailyBarNyDate(e.ts);
    const closeMs = parseInstantMs(nyCloseUtc(date));
    if (closeMs > limitMs || closeMs <= bestMs) continue;
    const btc = btcAt.get(closeMs);
    if (btc === undefined || !(btc.close > 0)) continue;
    best = { value: e.close / btc.close, date, quality: worstQuality([e.quality, btc.quality]) };
    bestMs = closeMs;
  }
  return best;
}
