/**
 * crashscope/pricing — the numerical core. Zero runtime dependencies and no `node:` imports, so it
 * runs in a browser too. Units: tau in years (ACT/365), vol and rates as decimals (continuous
 * compounding), vega/volga per 1.00 of vol, theta and charm per year of calendar time.
 */
export * from './barrier.js';
export {
  black76Greeks,
  black76Price,
  bsGreeks,
  bsGreeksKernel,
  bsPrice,
  bsPriceCore,
  G_CHARM,
  G_COUNT,
  G_DELTA,
  G_DIVRHO,
  G_GAMMA,
  G_PRICE,
  G_RHO,
  G_SPEED,
  G_THETA,
  G_VANNA,
  G_VEGA,
  G_VOLGA,
  optionSign,
} from './blackScholes.js';
export { type BsBatchColumns, type BsBatchGreeks, bsGreeksBatch } from './bsGreeksBatch.js';
export {
  type BsGridBook,
  type BsGridExposures,
  bsExposureGrid,
  bsGammaGrid,
  bsGammaVannaGridVolPath,
} from './bsGrid.js';
export * from './doubleBarrier.js';
export { deltaDollars, dollarCharm1day, dollarGamma1pct, dollarVanna1volPt } from './exposures.js';
export { type FinalBarrierPutGreeks, finalBarrierPutGreeks } from './finalBarrierPut.js';
export { bsGreeksGrid, type GridGreeks, type GridOptions } from './greeksGrid.js';
export * from './impliedVol.js';
export {
  type InverseOptionInput,
  type InverseOptionValue,
  inverseOption,
  inversePremiumToUsd,
} from './inverse.js';
export { erf, erfc, erfcx, normCdf, normCdfComplement, normInv, normPdf } from './normal.js';
export { bsPriceDeltaGammaBatch, type PriceDeltaGamma } from './priceDeltaGammaBatch.js';
export type * from './types.js';
export { initPricingWasm, pricingWasmStatus, setPricingWasm } from './wasmKernel.js';
