import type { z } from 'zod';
import {
  defineModel,
  instant,
  nullable,
  num,
  oneOf,
  parseInstantMs,
  provenanceColumns,
  text,
} from './defineModel.js';

/**
 * Option trades with the taker's side (the aggressor, who took liquidity), for the flow-based dealer sign
 * model (channels/dealerOptions.ts `signModel: 'flow'`). The series is named as in `option_chain`
 * (venue, underlying, expiry, strike, option_type) so trades match chain rows.
 */
export const optionTrades = defineModel({
  name: 'option_trades',
  description: "Option trades with the taker's side (buy/sell), one row per venue trade id.",
  columns: [
    instant('ts', 'trade instant (UTC)'),
    text('venue', "venue, lowercase: 'cboe', 'deribit', ...", { lowercase: true }),
    text('trade_id', "the venue's trade id (unique per venue)"),
    text('underlying', "underlying: 'IBIT', 'BTC', ..."),
    instant('expiry', 'expiry instant, as in option_chain'),
    num('strike', 'quote currency', "strike in the underlying's quote currency (USD/share, USD/BTC)", {
      gt: 0,
    }),
    oneOf('option_type', ['call', 'put'], 'call or put'),
    oneOf('taker_side', ['buy', 'sell'], 'side of the liquidity taker (the aggressor)'),
    num('contracts', 'contracts', 'size traded', { gt: 0 }),
    nullable(
      num('price', 'venue quote unit', 'trade premium (USD/share for IBIT, BTC for Deribit)', { gte: 0 }),
    ),
    ...provenanceColumns,
  ],
  key: ['venue', 'trade_id'],
  timeColumn: 'ts',
  checks: [
    {
      columns: ['expiry', 'ts'],
      expected: 'expiry after ts (an expired option does not trade)',
      sql: '"expiry" > "ts"',
      test: (r) => parseInstantMs(String(r.expiry)) > parseInstantMs(String(r.ts)),
    },
  ],
});

export const optionTradesSchema = optionTrades.schema;
export type OptionTrades = Readonly<z.infer<typeof optionTradesSchema>>;

/**
 * Option trades of one series (venue, underlying, expiry, strike, type) on one whole day of age before an
 * instant, one quality and source, summed (store/optionFlows.ts reads them, market/optionFlows.ts sums them
 * in memory): what the flow sign model reads instead of the tape.
 */
export interface OptionFlowRow {
  readonly venue: string;
  readonly underlying: string;
  /** Expiry instant (ISO, UTC), as in option_chain. */
  readonly expiry: string;
  readonly strike: number;
  readonly option_type: 'call' | 'put';
  /** Whole days between the trades and the snapshot instant: 0 for the last 24 hours. */
  readonly age_days: number;
  /** Σ contracts bought by takers − Σ contracts sold by takers. */
  readonly net_contracts: number;
  /** Σ contracts. */
  readonly contracts: number;
  /** Number of trades. */
  readonly trades: number;
  /** First and last trade instants (ISO, UTC). */
  readonly first_ts: string;
  readonly last_ts: string;
  readonly quality: 'observed' | 'published' | 'reconstructed';
  readonly source: string;
}
