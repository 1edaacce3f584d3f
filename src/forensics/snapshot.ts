/*
 * The one market snapshot of a forensics run: every channel-like section (positioning, barriers,
 * liquidations, fragility) values its book at the same instant, the New York close of the trading day
 * before the event, with the same BTC spot and BTC per share (src/market/snapshot.ts).
 */
import { dailyBarKnownMs } from '../core/dailyBars.js';
import { nyCloseUtc } from '../core/time.js';
import { buildSnapshot, type MarketSnapshot } from '../market/snapshot.js';
import type { EventInputs } from './inputs.js';
import type { ForensicsOptions } from './options.js';
import type { MarketContext } from './sections/context.js';

/** The snapshot at the close before the event; null without a previous trading day or a BTC price by then. */
export function eventSnapshot(
  inputs: EventInputs,
  o: ForensicsOptions,
  ctx: MarketContext,
): MarketSnapshot | null {
  if (ctx.previousDate === null) return null;
  const asOf = nyCloseUtc(ctx.previousDate);
  const rows = {
    etfDaily: inputs.etfDaily,
    btcBars: inputs.btcDaily,
    chain: inputs.chain,
    notes: inputs.notes,
    cohorts: inputs.cohorts,
    cftc: [],
    openInterest: inputs.openInterest,
    dvol: [],
    // Without etf_daily, BTC per share is read off the ETF's daily bars (market/snapshot.ts).
    etfBars: inputs.crossDaily.filter((b) => b.symbol === o.etfTicker),
  };
  if (!inputs.btcDaily.some((b) => dailyBarKnownMs(b.ts) <= Date.parse(asOf))) return null;
  return buildSnapshot(rows, {
    asOf,
    etfTicker: o.etfTicker,
    btcReference: `${o.btcReference.venue}:${o.btcReference.symbol}`,
  });
}
