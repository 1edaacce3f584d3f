import type { BsBatchColumns } from '../pricing/bsGreeksBatch.js';
import type { BsGridBook } from '../pricing/bsGrid.js';
import type { GridOptions } from '../pricing/greeksGrid.js';
import type { PriceDeltaGamma } from '../pricing/priceDeltaGammaBatch.js';

/** Messages between pricingPool.ts and pricingWorker.ts. */
export type PoolRequest =
  | { readonly id: number; readonly op: 'pdg'; readonly cols: BsBatchColumns; readonly out: PriceDeltaGamma }
  | { readonly id: number; readonly op: 'gammaGrid'; readonly book: BsGridBook; readonly grid: Float64Array }
  | {
      readonly id: number;
      readonly op: 'greeksGrid';
      readonly options: GridOptions;
      readonly prices: Float64Array;
      readonly from: number;
      readonly to: number;
    };

export type PoolResponse =
  | { readonly id: number; readonly ok: true; readonly sums?: readonly Float64Array[] }
  | { readonly id: number; readonly ok: false; readonly error: string };
