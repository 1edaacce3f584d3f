/**
 * Binance USD-M futures order book -> `depth` (venue 'binance', symbol as asked, BTCUSDT by default: the
 * perpetual's book, as the other Binance datasets of this provider): `GET /fapi/v1/depth?symbol=&limit=1000`
 * ("Order Book",
 * https://developers.binance.com/docs/derivatives/usds-margined-futures/market-data/rest-api/Order-Book):
 * `{ lastUpdateId, E: message output time (ms), T: transaction time (ms), bids: [["price", "qty"], ...]
 * best first, asks: [...] best first }`, prices in USDT, quantities in BTC; limit 5, 10, 20, 50, 100, 500 or
 * 1000 (weight 20 at 1000). A snapshot of now: the endpoint has no history, so each ingest stores one row
 * stamped at `T`.
 *
 * Depth within x % of mid (docs/DATA.md "depth"): mid = (best bid + best ask) / 2; bids within x % =
 * Σ price·qty of the bids priced ≥ mid·(1 − x), asks within x % = Σ price·qty of the asks ≤ mid·(1 + x);
 * USDT taken at par with USD (as open_interest does). The book returned is truncated at `limit` levels: a
 * band is known only when the levels returned reach past it (the last level lies outside the band) or the
 * side has fewer than `limit` levels. A 2 % band not reached is stored as NULL; a 1 % band not reached on
 * either side stores nothing for the snapshot (skipped as 'book_shallower_than_1pct'): a partial sum would
 * understate the depth.
 */
import { isoInstant } from '../../../store/align.js';
import { joinUrl } from '../http.js';
import { payloadError, SkipCounter } from '../payload.js';
import { type DataRowOf, defineDataset } from '../types.js';
import { decimalString, epochMs, symbolFlag } from './values.js';

const WHERE = { provider: 'binance', dataset: 'depth' } as const;
export const DEPTH_LIMIT = 1000;

export interface BinanceDepthQuery {
  readonly symbol: string;
  readonly limit: number;
}

interface Level {
  readonly price: number;
  readonly qty: number;
}

function levels(side: 'bids' | 'asks', v: unknown): Level[] {
  if (!Array.isArray(v)) throw payloadError(WHERE, side, v, 'an array of ["price", "qty"] pairs');
  return v.map((pair: unknown, i) => {
    const where = `${side}[${i}]`;
    if (!Array.isArray(pair) || pair.length < 2)
      throw payloadError(WHERE, where, pair, 'a pair ["price", "qty"] of decimal strings');
    const price = decimalString(pair[0]);
    const qty = decimalString(pair[1]);
    if (price === undefined || !(price > 0))
      throw payloadError(WHERE, `${where}[0]`, pair[0], 'a positive decimal string (USDT)');
    if (qty === undefined || qty < 0)
      throw payloadError(WHERE, `${where}[1]`, pair[1], 'a non-negative decimal string (BTC)');
    return { price, qty };
  });
}

/** USD within the band, or null when the levels returned do not reach past it. */
function within(side: readonly Level[], inBand: (p: number) => boolean, limit: number): number | null {
  let usd = 0;
  for (const l of side) {
    if (!inBand(l.price)) return usd;
    usd += l.price * l.qty;
  }
  return side.length < limit ? usd : null;
}

function ordered(side: readonly Level[], name: 'bids' | 'asks'): void {
  for (let i = 1; i < side.length; i++) {
    const ok = name === 'bids' ? side[i].price < side[i - 1].price : side[i].price > side[i - 1].price;
    if (!ok)
      throw payloadError(
        WHERE,
        `${name}[${i}][0]`,
        side[i].price,
        name === 'bids' ? 'bids in descending price order' : 'asks in ascending price order',
      );
  }
}

export const binanceDepth = defineDataset<BinanceDepthQuery, unknown, 'depth'>({
  model: 'depth',
  description:
    'Binance USD-M futures order book now: bid and ask USD within 1 % and 2 % of mid (one snapshot per ingest)',
  endpoint: '/fapi/v1/depth',
  fills: [
    'as_of',
    'venue',
    'symbol',
    'mid_price',
    'bid_1pct_usd',
    'ask_1pct_usd',
    'bid_2pct_usd',
    'ask_2pct_usd',
  ],
  flags: {
    symbol: 'USD-M futures symbol, e.g. BTCUSDT (default BTCUSDT); the book of now (no history)',
  },

  transformQuery(input) {
    return { symbol: symbolFlag(input.symbol), limit: DEPTH_LIMIT };
  },

  async extract(q, ctx) {
    const url = joinUrl(ctx.baseUrl, '/fapi/v1/depth', { symbol: q.symbol, limit: q.limit });
    return (await ctx.fetch(url)).json();
  },

  transform(q, raw) {
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
      throw payloadError(WHERE, '(body)', raw, 'an object { lastUpdateId, E, T, bids, asks }');
    const o = raw as Record<string, unknown>;
    const t = epochMs(o.T);
    if (t === undefined) throw payloadError(WHERE, 'T', o.T, 'the transaction time, ms since the epoch');
    const bids = levels('bids', o.bids);
    const asks = levels('asks', o.asks);
    if (bids.length === 0 || asks.length === 0)
      throw payloadError(WHERE, bids.length === 0 ? 'bids' : 'asks', [], 'at least one level on each side');
    ordered(bids, 'bids');
    ordered(asks, 'asks');
    if (!(asks[0].price > bids[0].price))
      throw payloadError(WHERE, 'asks[0][0]', asks[0].price, `above the best bid ${bids[0].price}`);
    const mid = (bids[0].price + asks[0].price) / 2;
    const bid1 = within(bids, (p) => p >= mid * 0.99, q.limit);
    const ask1 = within(asks, (p) => p <= mid * 1.01, q.limit);
    const skipped = new SkipCounter();
    if (bid1 === null || ask1 === null) {
      skipped.add('book_shallower_than_1pct');
      return { rows: [], skipped: skipped.list() };
    }
    const row: DataRowOf<'depth'> = {
      as_of: isoInstant(t),
      venue: 'binance',
      symbol: q.symbol,
      mid_price: mid,
      bid_1pct_usd: bid1,
      ask_1pct_usd: ask1,
      bid_2pct_usd: within(bids, (p) => p >= mid * 0.98, q.limit),
      ask_2pct_usd: within(asks, (p) => p <= mid * 1.02, q.limit),
    };
    return { rows: [row], skipped: skipped.list() };
  },
});
