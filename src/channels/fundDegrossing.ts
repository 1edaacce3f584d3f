/*
 * Fund de-grossing (docs/METHODS.md "Channels: fund de-grossing"), exogenous. Multi-strategy funds that cut
 * gross exposure sell their spot-ETF holdings in proportion: − fraction · holdings (USD). Holdings come from
 * a 13F-style table (quarterly 13F-HR filings, SEC Form 13F: positions at quarter end, filed within 45 days)
 * given as an assumption; the store has no such table yet, so without it the channel is "no data".
 */
import { z } from 'zod';
import type { MarketSnapshot } from '../market/snapshot.js';
import { exogenousBook, type TriggerState, unavailableBook } from './book.js';
import type { Channel } from './channel.js';

export const fundDegrossingAssumptions = z
  .object({
    holdingsUsd: z
      .number()
      .nonnegative()
      .nullable()
      .default(null)
      .describe('spot-ETF holdings of the funds that de-gross, USD (e.g. summed from 13F filings)'),
    fraction: z
      .number()
      .min(0)
      .max(1)
      .default(0.2)
      .describe('scenario: share of those holdings sold (decimal)'),
  })
  .strict();

const TITLE = 'Fund de-grossing';

export const fundDegrossing: Channel<MarketSnapshot, typeof fundDegrossingAssumptions, TriggerState> = {
  id: 'fundDegrossing',
  title: TITLE,
  assumptions: fundDegrossingAssumptions,
  build(snap, a, grid) {
    const spot = snap.spot.usd;
    if (a.holdingsUsd === null)
      return unavailableBook({
        id: 'fundDegrossing',
        title: TITLE,
        spot,
        grid,
        provenance: [],
        trigger: 'exogenous',
        reason: 'no fund holdings: give the 13F-style ETF holdings of the funds (USD) as an assumption',
      });
    return exogenousBook({
      id: 'fundDegrossing',
      title: TITLE,
      spot,
      grid,
      exogenousUsd: -a.fraction * a.holdingsUsd,
      quality: 'reconstructed',
      provenance: [
        { input: 'assumption:holdingsUsd', quality: 'reconstructed', sources: ['user'], rows: 1, asOf: null },
      ],
      diagnostics: { holdingsUsd: a.holdingsUsd, fraction: a.fraction, saleUsd: -a.fraction * a.holdingsUsd },
    });
  },
};
