import type { z } from 'zod';
import { defineModel, instant, nullable, num, provenanceColumns, text } from './defineModel.js';

/**
 * Order-book depth near mid (issue 10): one-sided resting size within 1 % (and 2 %) of mid, in USD, per venue,
 * symbol and instant. Bid depth within x % = Σ price·size of the bids at prices ≥ mid·(1 − x); ask depth
 * within x % = Σ price·size of the asks at prices ≤ mid·(1 + x). A forced sale meets the bids, a forced buy
 * the asks. A published cross-venue figure (e.g. an aggregated ±1 % depth) is stored under its source's
 * venue label (e.g. venue 'kaiko', symbol 'BTC aggregate') with quality 'published'.
 */
export const depth = defineModel({
  name: 'depth',
  description:
    'Order-book depth near mid: one-sided bid and ask USD within 1 % and 2 % of mid per venue, symbol and instant.',
  columns: [
    instant('as_of', 'order-book snapshot instant (UTC)'),
    text('venue', "venue, lowercase: 'binance', 'coinbase', ... (or the publisher of an aggregate)", {
      lowercase: true,
    }),
    text('symbol', "market, e.g. 'BTCUSDT', 'BTC-USD'"),
    nullable(num('mid_price', 'USD', 'mid price (best bid + best ask) / 2 at the snapshot', { gt: 0 })),
    num('bid_1pct_usd', 'USD', 'bids within 1 % below mid, USD notional (one side)', { gte: 0 }),
    num('ask_1pct_usd', 'USD', 'asks within 1 % above mid, USD notional (one side)', { gte: 0 }),
    nullable(num('bid_2pct_usd', 'USD', 'bids within 2 % below mid, USD notional (one side)', { gte: 0 })),
    nullable(num('ask_2pct_usd', 'USD', 'asks within 2 % above mid, USD notional (one side)', { gte: 0 })),
    ...provenanceColumns,
  ],
  key: ['as_of', 'venue', 'symbol'],
  timeColumn: 'as_of',
  checks: [
    {
      columns: ['bid_2pct_usd', 'bid_1pct_usd'],
      expected: 'bid_2pct_usd >= bid_1pct_usd (the 2 % band contains the 1 % band)',
      sql: '"bid_2pct_usd" >= "bid_1pct_usd"',
      test: (r) => Number(r.bid_2pct_usd) >= Number(r.bid_1pct_usd),
    },
    {
      columns: ['ask_2pct_usd', 'ask_1pct_usd'],
      expected: 'ask_2pct_usd >= ask_1pct_usd (the 2 % band contains the 1 % band)',
      sql: '"ask_2pct_usd" >= "ask_1pct_usd"',
      test: (r) => Number(r.ask_2pct_usd) >= Number(r.ask_1pct_usd),
    },
  ],
});

export const depthSchema = depth.schema;
export type Depth = Readonly<z.infer<typeof depthSchema>>;
