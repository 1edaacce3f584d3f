/*
 * Perp liquidations (docs/METHODS.md "Channels: perp liquidations"). Each cohort of the snapshot (venue, side,
 * entry price, leverage, notional) is a set of isolated-margin positions; its liquidation price follows from
 * the venue's maintenance-margin bracket (binanceBrackets.ts). When BTC reaches it, the venue closes the
 * positions at market: longs are SOLD on the way down (− Q·LP USD), shorts BOUGHT on the way up (+ Q·LP),
 * Q = notional / entry BTC. Each cohort is a one-shot trigger; there is no reversible part.
 * Liquidation walls: the largest sums of triggers within `wallWidth` of each other.
 */
import { z } from 'zod';
import { worstQuality } from '../core/quality.js';
import type { MarketSnapshot } from '../market/snapshot.js';
import {
  BINANCE_BTCUSDT_BRACKETS,
  BINANCE_BTCUSDT_BRACKETS_SOURCE,
  bracketFor,
  liquidationPrice,
} from './binanceBrackets.js';
import { clusterTriggers, priceBook, type TriggerState, unavailableBook } from './book.js';
import type { Channel, ChannelLevel, Trigger } from './channel.js';

export const perpLiquidationsAssumptions = z
  .object({
    positionNotionalUsd: z
      .number()
      .positive()
      .default(50_000)
      .describe(
        'notional of ONE position of a cohort, USD, for the margin bracket (a cohort aggregates many positions); default the first BTCUSDT bracket cap',
      ),
    wallWidth: z
      .number()
      .positive()
      .max(0.2)
      .default(0.01)
      .describe('relative width within which liquidation prices add up to one wall (decimal)'),
    walls: z.number().int().min(0).max(50).default(5).describe('how many liquidation walls to name'),
  })
  .strict();

export type PerpLiquidationsAssumptions = z.output<typeof perpLiquidationsAssumptions>;

const TITLE = 'Perp liquidations';

/** The largest clusters of liquidation triggers: the liquidation walls. */
export function liquidationWalls(triggers: readonly Trigger[], width: number, count: number): ChannelLevel[] {
  return clusterTriggers(triggers, width, count, 'liquidation-wall', 'perpLiquidations');
}

export const perpLiquidations: Channel<MarketSnapshot, typeof perpLiquidationsAssumptions, TriggerState> = {
  id: 'perpLiquidations',
  title: TITLE,
  assumptions: perpLiquidationsAssumptions,
  build(snap, a, grid) {
    const spot = snap.spot.usd;
    const prov = snap.provenance.filter((p) => p.input === 'perp_cohorts');
    const assumption = {
      input: 'assumption:brackets',
      quality: 'published' as const,
      sources: [BINANCE_BTCUSDT_BRACKETS_SOURCE],
      rows: BINANCE_BTCUSDT_BRACKETS.length,
      asOf: '2021-03-18T00:00:00Z',
    };
    if (snap.cohorts.length === 0)
      return unavailableBook({
        id: 'perpLiquidations',
        title: TITLE,
        spot,
        grid,
        provenance: prov,
        reason: `no perp cohorts at or before ${snap.asOf}`,
      });
    const triggers: Trigger[] = [];
    let noLiquidation = 0;
    let alreadyPast = 0;
    let aboveMaxLeverage = 0;
    const bracket = bracketFor(a.positionNotionalUsd);
    for (const c of snap.cohorts) {
      const lp = liquidationPrice(c.side, c.entry_price, c.leverage, a.positionNotionalUsd);
      if (c.leverage > bracket.maxLeverage) aboveMaxLeverage++;
      if (Number.isNaN(lp)) {
        noLiquidation++;
        continue;
      }
      const q = c.notional_usd / c.entry_price;
      if (c.side === 'long') {
        if (lp >= spot) alreadyPast++;
        else triggers.push({ price: lp, direction: 'down', tradeUsd: -q * lp });
      } else if (lp <= spot) alreadyPast++;
      else triggers.push({ price: lp, direction: 'up', tradeUsd: q * lp });
    }
    const m = grid.length;
    return priceBook({
      id: 'perpLiquidations',
      title: TITLE,
      spot,
      grid,
      reversibleUsd: new Float64Array(m),
      reversiblePerPctUsd: new Float64Array(m),
      triggers,
      levels: liquidationWalls(triggers, a.wallWidth, a.walls),
      quality: worstQuality(snap.cohorts.map((c) => c.quality)),
      provenance: [...prov, assumption],
      diagnostics: {
        cohorts: snap.cohorts.length,
        bracketMmr: bracket.mmr,
        bracketCumUsd: bracket.cum,
        noLiquidationPrice: noLiquidation,
        liquidationPricePastSpot: alreadyPast,
        leverageAboveBracketMax: aboveMaxLeverage,
        longUsd: triggers.filter((t) => t.direction === 'down').reduce((s, t) => s + t.tradeUsd, 0),
        shortUsd: triggers.filter((t) => t.direction === 'up').reduce((s, t) => s + t.tradeUsd, 0),
      },
    });
  },
};
