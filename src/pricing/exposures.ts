/*
 * Exposure helpers used for dealer positioning (DESIGN.md section 3). All are per unit of underlying;
 * multiply by contracts × multiplier (and by the dealer's signed position) for a book. Sign convention
 * for a book: positive dollar gamma = long gamma (hedging dampens moves).
 * Derivation: a 1% move changes delta by Γ·(0.01·S) units of underlying, worth Γ·S²·0.01 USD; this is the
 * convention of DESIGN.md section 3 and of the dealer gamma-exposure (GEX) reports it follows.
 */

/**
 * Change of the delta position in USD for a 1% move of the underlying: gamma · S² · 0.01.
 * @example dollarGamma1pct(0.02, 100) // 2
 */
export function dollarGamma1pct(gamma: number, spot: number): number {
  return gamma * spot * spot * 0.01;
}

/**
 * Change of the delta position in USD for a one-vol-point (0.01) rise in implied vol: vanna · S · 0.01.
 * @example dollarVanna1volPt(-0.5, 100) // -0.5
 */
export function dollarVanna1volPt(vanna: number, spot: number): number {
  return vanna * spot * 0.01;
}

/**
 * Change of the delta position in USD over one calendar day: charm (per year) · S / 365.
 * @example dollarCharm1day(0.365, 100) // 0.1
 */
export function dollarCharm1day(charm: number, spot: number): number {
  return (charm * spot) / 365;
}

/**
 * Delta position in USD: delta · S.
 * @example deltaDollars(0.5, 70000) // 35000
 */
export function deltaDollars(delta: number, spot: number): number {
  return delta * spot;
}
