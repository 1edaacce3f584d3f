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
 * One option series in a chain snapshot. Strikes and marks are in the venue's quote unit: USD per share
 * for IBIT, USD per BTC strike and BTC premium for Deribit inverse options. `dealer_position` is signed
 * from the dealer's side (+ long), as every exposure in crashscope (shared/DESIGN.md section 3).
 */
export const optionChain = defineModel({
  name: 'option_chain',
  description:
    'Option chain snapshots: one row per snapshot instant, venue, underlying, expiry, strike and type.',
  columns: [
    instant('as_of', 'snapshot instant (UTC)'),
    text('venue', "venue, lowercase: 'cboe', 'deribit', ...", { lowercase: true }),
    text('underlying', "underlying: 'IBIT', 'BTC', ..."),
    instant('expiry', 'expiry instant (IBIT 16:00 America/New_York, Deribit 08:00 UTC)'),
    num('strike', 'quote currency', "strike in the underlying's quote currency (USD/share, USD/BTC)", {
      gt: 0,
    }),
    oneOf('option_type', ['call', 'put'], 'call or put'),
    num('open_interest', 'contracts', 'open interest', { gte: 0 }),
    nullable(num('volume', 'contracts', 'contracts traded on the day', { gte: 0 })),
    // An IV above 1000% is a percent typed where a decimal belongs (55 instead of 0.55).
    nullable(num('iv', 'decimal', 'implied volatility, annualized decimal', { gt: 0, lte: 10 })),
    nullable(
      num('mark', 'venue quote unit', 'mark premium (USD/share for IBIT, BTC per BTC for Deribit)', {
        gte: 0,
      }),
    ),
    num('underlying_price', 'USD', 'underlying price at the snapshot', { gt: 0 }),
    nullable(
      num('dealer_position', 'contracts', "dealers' net position, signed from the dealer's side (+ long)"),
    ),
    num(
      'multiplier',
      'underlying units/contract',
      'units of underlying per contract (100 for IBIT, 1 for Deribit)',
      {
        gt: 0,
      },
    ),
    ...provenanceColumns,
  ],
  key: ['as_of', 'venue', 'underlying', 'expiry', 'strike', 'option_type'],
  timeColumn: 'as_of',
  checks: [
    {
      columns: ['expiry', 'as_of'],
      expected: 'expiry after as_of (a snapshot lists only live options)',
      sql: '"expiry" > "as_of"',
      test: (r) => parseInstantMs(String(r.expiry)) > parseInstantMs(String(r.as_of)),
    },
  ],
});

export const optionChainSchema = optionChain.schema;
export type OptionChain = Readonly<z.infer<typeof optionChainSchema>>;
