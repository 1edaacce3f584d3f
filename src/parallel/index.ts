/**
 * crashscope/parallel — a worker-thread pool for large batches and grids of crashscope/pricing (Node only;
 * the pricing entry itself stays dependency-free and browser-safe).
 */
export {
  MIN_PARALLEL_ROWS,
  PricingPool,
  type PricingPoolOptions,
  sharedFloat64,
  sharedInt8,
} from './pricingPool.js';
