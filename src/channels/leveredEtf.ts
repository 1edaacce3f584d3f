/*
 * Levered-ETF rebalancing (docs/METHODS.md "Channels: levered ETFs"). A fund with leverage L and assets A
 * that resets its exposure daily must, after a day's return r of the underlying, trade A·(L² − L)·r of
 * exposure at the close to be back at L × its new assets (Cheng & Madhavan, "The Dynamics of Leveraged and
 * Inverse Exchange-Traded Funds", Journal of Investment Management 7(4), 2009, eq. (3)). L² − L > 0 for both
 * 2× (2) and −2× (6) funds, so both sell after a fall and buy after a rise: the channel amplifies. With r =
 * S/S0 − 1 from the snapshot's close S0, flow(S) = Σ A(L² − L)(S/S0 − 1) and the intensity is
 * 0.01 · Σ A(L² − L) · S/S0. The trade is in the funds' BTC futures or swaps, i.e. BTC exposure.
 * AUM comes from etf_daily; without any of the funds in the store the channel is "no data", never zeros.
 */
import { z } from 'zod';
import { worstQuality } from '../core/quality.js';
import type { MarketSnapshot } from '../market/snapshot.js';
import { priceBook, type TriggerState, unavailableBook } from './book.js';
import type { Channel } from './channel.js';

export const leveredEtfAssumptions = z
  .object({
    leverage: z
      .record(
        z.string(),
        z.number().refine((l) => l !== 0 && l !== 1, 'a leverage other than 0 and 1'),
      )
      .default({ BITX: 2, BITU: 2, SBIT: -2, BTCZ: -2 })
      .describe('daily leverage by ETF ticker (BITX, BITU 2×; SBIT, BTCZ −2×)'),
  })
  .strict();

const TITLE = 'Levered-ETF rebalancing';

/**
 * The close-to-close rebalance trade of a fund with assets A and leverage L after a return r, USD.
 * @example rebalanceUsd(1e9, 2, -0.1) // -2e8
 */
export function rebalanceUsd(aumUsd: number, leverage: number, r: number): number {
  return aumUsd * (leverage * leverage - leverage) * r;
}

export const leveredEtf: Channel<MarketSnapshot, typeof leveredEtfAssumptions, TriggerState> = {
  id: 'leveredEtf',
  title: TITLE,
  assumptions: leveredEtfAssumptions,
  build(snap, a, grid) {
    const spot = snap.spot.usd;
    const funds = Object.entries(a.leverage)
      .map(([ticker, l]) => ({ ticker, l, etf: snap.etfs[ticker] }))
      .filter((f) => f.etf !== undefined);
    const prov = snap.provenance.filter((p) => p.input === 'etf_daily');
    if (funds.length === 0)
      return unavailableBook({
        id: 'leveredEtf',
        title: TITLE,
        spot,
        grid,
        provenance: prov,
        reason: `no etf_daily rows for the levered ETFs (${Object.keys(a.leverage).join(', ')}) at or before ${snap.asOf}`,
      });
    const k = funds.reduce((s, f) => s + f.etf!.aumUsd * (f.l * f.l - f.l), 0);
    const m = grid.length;
    const flow = new Float64Array(m);
    const perPct = new Float64Array(m);
    for (let j = 0; j < m; j++) {
      flow[j] = k * (grid[j] / spot - 1);
      perPct[j] = 0.01 * k * (grid[j] / spot);
    }
    const diagnostics: Record<string, number> = { gammaUsd: k, tradeOn10pctFallUsd: -0.1 * k };
    for (const f of funds) diagnostics[`aum:${f.ticker}`] = f.etf!.aumUsd;
    return priceBook({
      id: 'leveredEtf',
      title: TITLE,
      spot,
      grid,
      reversibleUsd: flow,
      reversiblePerPctUsd: perPct,
      triggers: [],
      levels: [],
      quality: worstQuality(funds.map((f) => f.etf!.quality)),
      provenance: [
        ...prov,
        {
          input: 'assumption:leverage',
          quality: 'published',
          sources: ['fund prospectuses'],
          rows: funds.length,
          asOf: null,
        },
      ],
      diagnostics,
    });
  },
};
