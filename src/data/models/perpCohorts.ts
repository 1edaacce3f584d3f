import type { z } from 'zod';
import { defineModel, instant, num, oneOf, provenanceColumns, text } from './defineModel.js';

/** Leveraged perp positions grouped by entry price and leverage (the input of liquidation maps). */
export const perpCohorts = defineModel({
  name: 'perp_cohorts',
  description: 'Perp position cohorts by side, entry price and leverage at a snapshot instant.',
  columns: [
    instant('as_of', 'snapshot instant (UTC)'),
    text('venue', "venue, lowercase: 'binance', ...", { lowercase: true }),
    text('symbol', "perp symbol, e.g. 'BTCUSDT'"),
    oneOf('side', ['long', 'short'], 'position side'),
    num('entry_price', 'USD', 'average entry price of the cohort', { gt: 0 }),
    num('leverage', 'x', 'leverage (notional / margin)', { gte: 1 }),
    num('notional_usd', 'USD', 'notional of the cohort', { gte: 0 }),
    ...provenanceColumns,
  ],
  key: ['as_of', 'venue', 'symbol', 'side', 'entry_price', 'leverage'],
  timeColumn: 'as_of',
});

export const perpCohortsSchema = perpCohorts.schema;
export type PerpCohorts = Readonly<z.infer<typeof perpCohortsSchema>>;
