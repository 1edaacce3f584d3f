/*
 * The one market snapshot of a forensics run: every channel-like section (positioning, barriers,
 * liquidations, fragility) values its book at the same instant, the New York close of the trading day
 * before the event, with the same BTC spot and BTC per share (src/market/snapshot.ts). The channel books are
 * built from it once per run (books.ts).
 */
import { nyCloseUtc } from '../core/time.js';
import {
  type BarRow,
  buildSnapshot,
  endStamped,
  type MarketSnapshot,
  type SnapshotRows,
} from '../market/snapshot.js';
import type { EventInputs } from './inputs.js';
import type { ForensicsOptions } from './options.js';
import type { MarketContext } from './sections/context.js';

/** The source prefix of a spot read off an option chain when the store has no BTC reference close. */
export const FORWARD_AS_SPOT = 'no BTC reference close: the';

/** The snapshot at the close before the event; null without a previous trading day or a BTC price by then. */
export function eventSnapshot(
  inputs: EventInputs,
  o: ForensicsOptions,
  ctx: MarketContext,
): MarketSnapshot | null {
  if (ctx.previousDate === null) return null;
  const asOf = nyCloseUtc(ctx.previousDate);
  const asOfMs = Date.parse(asOf);
  let btcBars: readonly BarRow[] = inputs.btcDaily;
  if (!inputs.btcDaily.some((b) => Date.parse(b.ts) <= asOfMs)) {
    // No BTC reference close: the latest coin-settled chain's underlying (the forward of its expiry) is the
    // run's one spot, with that row's quality and a source saying so.
    const coin = inputs.chain
      .filter((r) => r.underlying === 'BTC' && Date.parse(r.as_of) <= asOfMs)
      .reduce<EventInputs['chain'][number] | null>(
        (m, r) => (m === null || Date.parse(r.as_of) > Date.parse(m.as_of) ? r : m),
        null,
      );
    if (coin === null) return null;
    const p = coin.underlying_price;
    btcBars = [
      {
        ts: coin.as_of,
        venue: coin.venue,
        symbol: 'BTC',
        interval: '1d',
        open: p,
        high: p,
        low: p,
        close: p,
        volume: null,
        quote_volume: null,
        source: `${FORWARD_AS_SPOT} ${coin.venue} chain's underlying (forward) price (${coin.source})`,
        quality: coin.quality,
        ingested_at: coin.ingested_at,
      },
    ];
  }
  const rows: SnapshotRows = {
    etfDaily: inputs.etfDaily,
    btcBars,
    chain: inputs.chain,
    notes: inputs.notes,
    cohorts: inputs.cohorts,
    cftc: [],
    openInterest: inputs.openInterest,
    // Hourly DVOL bars (stamped with their open) count once closed: DVOL at the close is the 15:00–16:00 bar.
    dvol: endStamped(inputs.dvolHourly),
    // Without etf_daily, BTC per share is read off the ETF's daily bars (market/snapshot.ts).
    etfBars: inputs.crossDaily.filter((b) => b.symbol === o.etfTicker),
  };
  return buildSnapshot(rows, {
    asOf,
    etfTicker: o.etfTicker,
    btcReference: `${o.btcReference.venue}:${o.btcReference.symbol}`,
  });
}
