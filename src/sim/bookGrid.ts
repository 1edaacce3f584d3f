import { fragilityGrid } from '../channels/grid.js';

/**
 * The grid the simulator builds channel books on: ±50 % of spot in 1,001 points (spot a point), wider than the
 * fragility map's ±40 % because a simulated path can go further; beyond it the channels trade nothing
 * (docs/METHODS.md §12.10). Used by `crashscope simulate` and by the event report's "what it took" section, so
 * both build the same books.
 * @example simGrid(70_000).length // 1001
 */
export function simGrid(spot: number): Float64Array {
  return fragilityGrid(spot, { lo: 0.5 * spot, hi: 1.5 * spot, step: spot / 1000 });
}
