/*
 * Basis-trade unwind (docs/METHODS.md "Channels: basis unwind"), exogenous. Leveraged funds short CME BTC
 * futures against long spot/ETF holdings (the cash-and-carry trade); the position is hedged, so a price move
 * does not force it out: an unwind is a scenario (a fraction of the position closed, e.g. when the basis
 * collapses or funding costs rise). Unwinding sells the spot/ETF leg and buys the futures back; the spot
 * sale is the trade counted here: − fraction · leveraged-fund shorts (CFTC Traders in Financial Futures,
 * `cftc_positions.lev_short`, contracts) · 5 BTC per contract (CME Bitcoin futures contract unit, CME
 * Rulebook chapter 350) · spot. The futures purchase is the other leg (diagnostic, not a BTC spot trade).
 */
import { z } from 'zod';
import type { MarketSnapshot } from '../market/snapshot.js';
import { exogenousBook, type TriggerState, unavailableBook } from './book.js';
import type { Channel } from './channel.js';

/** CME Bitcoin futures: 5 BTC per contract (CME Rulebook chapter 350). */
export const CME_BTC_PER_CONTRACT = 5;

export const basisUnwindAssumptions = z
  .object({
    fraction: z
      .number()
      .min(0)
      .max(1)
      .default(0.1)
      .describe(
        'scenario: share of the leveraged-fund CME shorts unwound (decimal); a scenario, not an estimate',
      ),
    levShortContracts: z
      .number()
      .nonnegative()
      .nullable()
      .default(null)
      .describe('leveraged-fund CME short contracts; default the latest CFTC TFF report at the snapshot'),
  })
  .strict();

const TITLE = 'Basis-trade unwind';
const FRACTIONS = [0.1, 0.25, 0.5, 1] as const;

export const basisUnwind: Channel<MarketSnapshot, typeof basisUnwindAssumptions, TriggerState> = {
  id: 'basisUnwind',
  title: TITLE,
  assumptions: basisUnwindAssumptions,
  build(snap, a, grid) {
    const spot = snap.spot.usd;
    const fromStore = snap.cftc?.lev_short ?? null;
    const contracts = a.levShortContracts ?? fromStore;
    const prov = snap.provenance.filter(
      (p) => p.input === 'cftc_positions' || p.input.startsWith('open_interest'),
    );
    if (contracts === null)
      return unavailableBook({
        id: 'basisUnwind',
        title: TITLE,
        spot,
        grid,
        provenance: prov,
        trigger: 'exogenous',
        reason: `no CFTC TFF report (cftc_positions) published at or before ${snap.asOf}; give the leveraged-fund shorts as an assumption`,
      });
    const positionUsd = contracts * CME_BTC_PER_CONTRACT * spot;
    const diagnostics: Record<string, number | string | null> = {
      levShortContracts: contracts,
      levShortBtc: contracts * CME_BTC_PER_CONTRACT,
      positionUsd,
      cftcReportDate: a.levShortContracts === null ? (snap.cftc?.report_date ?? null) : null,
      cmeOpenInterestContracts: snap.cmeOpenInterest?.oi_contracts ?? null,
      futuresBoughtUsd: a.fraction * positionUsd,
    };
    for (const f of FRACTIONS) diagnostics[`spotSaleAt${f * 100}pctUsd`] = -f * positionUsd;
    return exogenousBook({
      id: 'basisUnwind',
      title: TITLE,
      spot,
      grid,
      exogenousUsd: -a.fraction * positionUsd,
      quality: a.levShortContracts === null ? (snap.cftc?.quality ?? 'reconstructed') : 'reconstructed',
      provenance:
        a.levShortContracts === null
          ? prov
          : [
              ...prov,
              {
                input: 'assumption:levShortContracts',
                quality: 'reconstructed',
                sources: ['user'],
                rows: 1,
                asOf: null,
              },
            ],
      diagnostics,
    });
  },
};
