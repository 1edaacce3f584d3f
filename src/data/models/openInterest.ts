import type { z } from 'zod';
import { defineModel, instant, num, provenanceColumns, text } from './defineModel.js';

/** Futures/perp open interest snapshots in contracts, BTC and USD. */
export const openInterest = defineModel({
  name: 'open_interest',
  description: 'Open interest snapshots per venue and symbol.',
  columns: [
    instant('ts', 'snapshot instant (UTC)'),
    text('venue', "venue, lowercase: 'cme', 'binance', ...", { lowercase: true }),
    text('symbol', "contract or perp symbol, e.g. 'BTC', 'BTCUSDT'"),
    num('oi_contracts', 'contracts', 'open interest in contracts', { gte: 0 }),
    num('oi_btc', 'BTC', 'open interest in bitcoin', { gte: 0 }),
    num('oi_usd', 'USD', 'open interest in dollars', { gte: 0 }),
    ...provenanceColumns,
  ],
  key: ['ts', 'venue', 'symbol'],
  timeColumn: 'ts',
});

export const openInterestSchema = openInterest.schema;
export type OpenInterest = Readonly<z.infer<typeof openInterestSchema>>;
