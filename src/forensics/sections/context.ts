import { etfDailySeries } from '../../analytics/etfDailySeries.js';
import { closesFromBars } from '../../analytics/time.js';
import { isTradingDay, nextTradingDay, previousTradingDay } from '../../core/calendar.js';
import { dailyBarNyDate } from '../../core/dailyBars.js';
import { nyCloseUtc } from '../../core/time.js';
import { impliedBtcPerShare } from '../../market/impliedBtcPerShare.js';
import type { Quality } from '../findings.js';
import type { EventInputs } from '../inputs.js';
import { worstQuality } from '../metric.js';
import type { ForensicsOptions } from '../options.js';
import { neighbours, tradingDates } from './common.js';

/** Prices around the event that several sections share, with their quality. */
export interface MarketContext {
  readonly previousDate: string | null;
  readonly nextDate: string | null;
  /** BTC reference close (16:00 ET) of the previous trading day: the "before" price. */
  readonly btcPrevClose: number | null;
  readonly btcEventClose: number | null;
  /** Lowest BTC price on the event day (intraday bars when stored, else the reference bar's low). */
  readonly btcEventLow: number | null;
  readonly btcEventLowSource: 'intraday' | 'daily-bar' | null;
  /** BTC per ETF share on the previous trading day (falls back to the event day, then ETF close / BTC close). */
  readonly btcPerShare: number | null;
  /** True when btcPerShare is the ETF close over the BTC close (no etf_daily row). */
  readonly btcPerShareDerived: boolean;
  /** Average ETF dollar volume over the 20 trading days before the event. */
  readonly etfAdvUsd: number | null;
  readonly quality: Quality;
}

const ADV_DAYS = 20;

/**
 * The trading days before and after the event date, from the NYSE calendar (src/core/calendar.ts), so a
 * store without `etf_daily` still has them and a weekend event date gets Friday and Monday. Outside the
 * calendar's years the ETF's own dates are used.
 */
function tradingNeighbours(
  inputs: EventInputs,
  o: ForensicsOptions,
): { previous: string | null; next: string | null } {
  const d = o.eventDate;
  try {
    isTradingDay(d);
  } catch {
    return neighbours(tradingDates(inputs.etfDaily, o.etfTicker), d);
  }
  return { previous: previousTradingDay(d), next: nextTradingDay(d) };
}

export function marketContext(inputs: EventInputs, o: ForensicsOptions): MarketContext {
  const d = o.eventDate;
  const { previous, next } = tradingNeighbours(inputs, o);
  const closes = closesFromBars(inputs.btcDaily);
  const closeOn = (x: string | null) => closes.find((c) => c.date === x)?.close ?? null;
  const eventBars = inputs.btcDaily.filter((b) => dailyBarNyDate(b.ts) === d);
  const intradayLow = inputs.btcIntraday.reduce((m, b) => Math.min(m, b.low), Number.POSITIVE_INFINITY);
  const dailyLow = eventBars.reduce((m, b) => Math.min(m, b.low), Number.POSITIVE_INFINITY);
  const low = Number.isFinite(intradayLow) ? intradayLow : Number.isFinite(dailyLow) ? dailyLow : null;
  const etf = inputs.etfDaily.filter((r) => r.ticker === o.etfTicker);
  // Without etf_daily: the ETF's close over the BTC close at the same 16:00 New York instant (derived).
  const implied =
    etf.length > 0 || previous === null
      ? null
      : impliedBtcPerShare(
          inputs.crossDaily.filter((b) => b.symbol === o.etfTicker),
          inputs.btcDaily,
          o.etfTicker,
          Date.parse(nyCloseUtc(previous)),
        );
  const bps =
    etf.find((r) => r.date === previous)?.btc_per_share ??
    etf.find((r) => r.date === d)?.btc_per_share ??
    implied?.value ??
    null;
  // ADV from the ETF's daily series: etf_daily first, daily bars (shares × close) for what it lacks.
  const before = etfDailySeries(inputs.etfDaily, inputs.crossDaily, o.etfTicker)
    .filter((r) => r.date < d && r.volumeUsd !== null)
    .slice(-ADV_DAYS);
  const adv =
    before.length > 0 ? before.reduce((s, r) => s + (r.volumeUsd as number), 0) / before.length : null;
  const used = [
    ...inputs.btcDaily.filter((b) => dailyBarNyDate(b.ts) === d || dailyBarNyDate(b.ts) === previous),
    ...inputs.btcIntraday,
    ...etf.filter((r) => r.date === previous),
  ];
  return {
    previousDate: previous,
    nextDate: next,
    btcPrevClose: closeOn(previous),
    btcEventClose: closeOn(d),
    btcEventLow: low,
    btcEventLowSource: Number.isFinite(intradayLow) ? 'intraday' : low === null ? null : 'daily-bar',
    btcPerShare: bps,
    btcPerShareDerived: implied !== null && bps === implied.value,
    etfAdvUsd: adv,
    quality: worstQuality(used),
  };
}
