import type { z } from 'zod';
import { defineModel, instant, num, provenanceColumns, text } from './defineModel.js';

/** Perpetual-swap funding rates, decimal per funding interval (+ = longs pay shorts). */
export const funding = defineModel({
  name: 'funding',
  description: 'Perpetual funding rates per venue and symbol.',
  columns: [
    instant('ts', 'funding instant (UTC)'),
    text('venue', "venue, lowercase: 'binance', ...", { lowercase: true }),
    text('symbol', "perp symbol, e.g. 'BTCUSDT'"),
    // |rate| >= 1 per interval would mean a position paying its whole notional: a percent typed as decimal.
    num('rate', 'decimal/interval', 'funding rate per funding interval, + = longs pay shorts', {
      gt: -1,
      lt: 1,
    }),
    ...provenanceColumns,
  ],
  key: ['ts', 'venue', 'symbol'],
  // A normal BTC funding rate is about 0.0001 per 8 h; a file whose median |rate| is 10 times that
  // (0.1% per interval) is a file of percentages.
  aggregateChecks: [
    {
      kind: 'medianAbsMax',
      column: 'rate',
      max: 0.001,
      what: 'funding rates',
      looksLike: 'percent',
      fix: 'divide by 100',
    },
  ],
  timeColumn: 'ts',
});

export const fundingSchema = funding.schema;
export type Funding = Readonly<z.infer<typeof fundingSchema>>;
