import type { z } from 'zod';
import { defineModel, instant, nullable, num, oneOf, provenanceColumns, text } from './defineModel.js';

/** Forced liquidations aggregated per instant, venue, symbol and side of the liquidated position. */
export const liquidations = defineModel({
  name: 'liquidations',
  description:
    'Liquidated notional per venue, symbol and side of the liquidated position, per bucket starting at ts.',
  columns: [
    instant('ts', 'bucket instant (UTC)'),
    text('venue', "venue, lowercase: 'binance', ...", { lowercase: true }),
    text('symbol', "perp symbol, e.g. 'BTCUSDT'"),
    oneOf('side', ['long', 'short'], 'side of the liquidated position'),
    num('notional_usd', 'USD', 'liquidated notional', { gte: 0 }),
    nullable(
      num('bucket_minutes', 'minutes', 'length of the bucket the row aggregates (empty when unknown)', {
        gt: 0,
      }),
    ),
    ...provenanceColumns,
  ],
  key: ['ts', 'venue', 'symbol', 'side'],
  timeColumn: 'ts',
});

export const liquidationsSchema = liquidations.schema;
export type Liquidations = Readonly<z.infer<typeof liquidationsSchema>>;
