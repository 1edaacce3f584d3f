import { SRC } from './sources.js';

/*
 * Published figures of the BTC futures market the pack reproduces (futures.ts). The BTC price path
 * itself is observed (btcPath.ts); nothing here moves it.
 */

/** Published near-dated CME basis (Jeff Park, via altcoin.observer): 3.3% on 02-05, 9% on 02-06. */
export const BASIS_20260205 = 0.033;
export const BASIS_20260206 = 0.09;
/** Published CME annualized basis on 2025-12-03 (backwardation). */
export const BASIS_20251203 = -0.0235;

/** Published front-month CME closes (skalinin.blogspot.com), used as the front settlement. */
export const CME_FRONT_CLOSES: readonly (readonly [string, number, string])[] = [
  ['2026-02-10', 68810, SRC.skalinin0209],
  ['2026-02-11', 67635, SRC.skalinin0211],
  ['2026-02-12', 66240, SRC.skalinin0212],
  ['2026-02-13', 68835, SRC.skalinin0213],
];
