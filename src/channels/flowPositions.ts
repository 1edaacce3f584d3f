/*
 * The flow-based dealer sign model (docs/METHODS.md §11.1 "Sign models"): dealer positions per option series
 * from trades with the taker's side. Assumption: customers take liquidity and dealers (market makers) provide
 * it, so the dealer is the counterparty of every taker: per series,
 *
 *   dealer position = − Σ (taker buys − taker sells) contracts over the window (asOf − W, asOf].
 *
 * The demand-based view of option dealers absorbing end users' net demand is Gârleanu, Pedersen and
 * Poteshman, "Demand-Based Option Pricing", Review of Financial Studies 22(10), 2009, pp. 4259–4299; the
 * aggressor side as the initiator of a trade follows Lee and Ready, "Inferring Trade Direction from Intraday
 * Data", Journal of Finance 46(2), 1991, pp. 733–746. A proxy: market makers also take liquidity, customers
 * also post orders, and positions opened before the window are not seen.
 */
import type { Quality } from '../core/quality.js';
import { parseInstantMs } from '../core/time.js';
import { type OptionFlowRow, optionFlowsSummary } from '../market/optionFlows.js';
import type { ChainRow } from '../market/snapshot.js';

export const FLOW_ASSUMPTION =
  'customers take liquidity, dealers provide it: dealer position = − customers’ net taker contracts per series over the window (Gârleanu–Pedersen–Poteshman 2009; aggressor side as in Lee–Ready 1991)';

export interface FlowPositions {
  /** The chain rows with `dealer_position` from the flow (0 for a series without trades in the window). */
  readonly rows: readonly ChainRow[];
  /** Trades in the window on the chain's venues. */
  readonly trades: number;
  /** Series of the chain with at least one trade in the window. */
  readonly seriesMatched: number;
  /** Series traded in the window that the chain does not list (cannot be priced; left out). */
  readonly seriesUnmatched: number;
  /** Contracts of the trades on unmatched series. */
  readonly contractsUnmatched: number;
  readonly from: string | null;
  readonly to: string | null;
  readonly quality: Quality;
  readonly sources: readonly string[];
}

const seriesKey = (venue: string, underlying: string, expiry: string, strike: number, type: string) =>
  `${venue}|${underlying}|${parseInstantMs(expiry)}|${strike}|${type}`;

/**
 * Dealer positions from taker flow over the `windowDays` whole days before the instant the flows were cut
 * at (trades summed per series and day of age, store/optionFlows.ts); null when no trade of the chain's
 * venues falls in the window.
 * @example flowDealerPositions(chain, aggregateOptionTrades(trades, '2026-02-04T21:00:00Z', 90), 30)?.rows[0].dealer_position // −9
 */
export function flowDealerPositions(
  chain: readonly ChainRow[],
  flows: readonly OptionFlowRow[],
  windowDays: number,
): FlowPositions | null {
  // Rows of day of age d hold the trades in (asOf − (d + 1)·24 h, asOf − d·24 h] for the instant the rows
  // were cut at (the snapshot's): the window (asOf − W·24 h, asOf] is exactly d < W.
  const venues = new Set(chain.map((r) => r.venue));
  const used = flows.filter((f) => f.age_days < windowDays && venues.has(f.venue));
  if (used.length === 0) return null;
  const net = new Map<string, number>();
  const traded = new Map<string, number>();
  for (const f of used) {
    const k = seriesKey(f.venue, f.underlying, f.expiry, f.strike, f.option_type);
    net.set(k, (net.get(k) ?? 0) + f.net_contracts);
    traded.set(k, (traded.get(k) ?? 0) + f.contracts);
  }
  const listed = new Set<string>();
  const rows = chain.map((r) => {
    const k = seriesKey(r.venue, r.underlying, r.expiry, r.strike, r.option_type);
    listed.add(k);
    const customers = net.get(k);
    // −0 would print as a position; a series without trades or with a zero net is 0.
    return { ...r, dealer_position: customers === undefined || customers === 0 ? 0 : -customers };
  });
  let unmatched = 0;
  let contractsUnmatched = 0;
  for (const [k, c] of traded) {
    if (listed.has(k)) continue;
    unmatched++;
    contractsUnmatched += c;
  }
  const summary = optionFlowsSummary(used);
  let first = used[0];
  for (const f of used) if (parseInstantMs(f.first_ts) < parseInstantMs(first.first_ts)) first = f;
  return {
    rows,
    trades: summary.trades,
    seriesMatched: net.size - unmatched,
    seriesUnmatched: unmatched,
    contractsUnmatched,
    from: first.first_ts,
    to: summary.lastTs,
    quality: summary.quality,
    sources: summary.sources.slice(0, 12),
  };
}
