/*
 * Binance USDⓈ-M BTCUSDT perpetual: leverage and maintenance-margin brackets, as published by Binance in
 * "Updates to Leverage and Margin Tiers of Binance Futures Contracts (2021-03-18)",
 * https://www.binance.com/en/support/announcement/86cf9aa472574b8cb2e05bb751c2a9a6 (table "BTCUSDT 125x
 * perpetual contract": position notional in USDT, max leverage, maintenance margin rate). Binance has
 * changed the tiers since (the live table: https://www.binance.com/en/futures/trading-rules/perpetual/leverage-margin);
 * this is the last table we can cite verbatim. The maintenance amount ("cum") of each tier follows from
 * Binance's definition maintenance margin = notional · MMR − maintenance amount, continuous at each floor:
 * cum_k = cum_{k−1} + floor_k · (MMR_k − MMR_{k−1}).
 */

export interface MarginBracket {
  /** Position notional range (USDT): floor < notional <= cap. */
  readonly floor: number;
  readonly cap: number;
  readonly maxLeverage: number;
  /** Maintenance margin rate, decimal. */
  readonly mmr: number;
  /** Maintenance amount, USDT. */
  readonly cum: number;
}

const TABLE: readonly (readonly [number, number, number])[] = [
  // [cap, max leverage, MMR]
  [50_000, 125, 0.004],
  [250_000, 100, 0.005],
  [1_000_000, 50, 0.01],
  [10_000_000, 20, 0.025],
  [20_000_000, 10, 0.05],
  [50_000_000, 5, 0.1],
  [100_000_000, 4, 0.125],
  [200_000_000, 3, 0.15],
  [300_000_000, 2, 0.25],
  [500_000_000, 1, 0.5],
];

function build(): MarginBracket[] {
  const out: MarginBracket[] = [];
  let floor = 0;
  let cum = 0;
  let prevMmr = 0;
  for (const [cap, maxLeverage, mmr] of TABLE) {
    cum = Math.round((cum + floor * (mmr - prevMmr)) * 100) / 100; // whole cents, as published amounts are
    out.push({ floor, cap, maxLeverage, mmr, cum });
    floor = cap;
    prevMmr = mmr;
  }
  return out;
}

/** The BTCUSDT brackets (2021-03-18 table), lowest notional first. */
export const BINANCE_BTCUSDT_BRACKETS: readonly MarginBracket[] = build();

export const BINANCE_BTCUSDT_BRACKETS_SOURCE =
  'https://www.binance.com/en/support/announcement/86cf9aa472574b8cb2e05bb751c2a9a6';

/**
 * The bracket of a position notional (USDT); the last bracket above its cap.
 * @example bracketFor(100_000).mmr // 0.005
 */
export function bracketFor(
  notionalUsd: number,
  brackets: readonly MarginBracket[] = BINANCE_BTCUSDT_BRACKETS,
): MarginBracket {
  for (const b of brackets) if (notionalUsd <= b.cap) return b;
  return brackets[brackets.length - 1];
}

/**
 * Isolated-margin liquidation price of one position (one-way mode), Binance's formula
 * LP = (WB − side·Q·EP + cum) / (Q·MMR − side·Q), side +1 long / −1 short, Q = notional / EP BTC, wallet
 * balance WB = the initial margin Q·EP / L (Binance FAQ "How to Calculate Liquidation Price of USDⓈ-M
 * Futures Contracts", binance.com/en/support/faq; maintenance margin = notional · MMR − maintenance amount
 * as on https://www.binance.com/en/futures/trading-rules/perpetual/portfolio-margin/notional-limit).
 * Equivalently long: EP·(1 − 1/L − cum/N)/(1 − MMR); short: EP·(1 + 1/L + cum/N)/(1 + MMR), N = notional.
 * Close to the rule of thumb EP·(1 − 1/L + MMR) for a long. NaN when there is none (a 1× long).
 * @example liquidationPrice('long', 73000, 10, 50_000) // 73000 · 0.9 / 0.996 ≈ 65963.86
 */
export function liquidationPrice(
  side: 'long' | 'short',
  entry: number,
  leverage: number,
  positionNotionalUsd: number,
  brackets: readonly MarginBracket[] = BINANCE_BTCUSDT_BRACKETS,
): number {
  const b = bracketFor(positionNotionalUsd, brackets);
  const c = b.cum / positionNotionalUsd;
  const lp =
    side === 'long'
      ? (entry * (1 - 1 / leverage - c)) / (1 - b.mmr)
      : (entry * (1 + 1 / leverage + c)) / (1 + b.mmr);
  return lp > 0 && Number.isFinite(lp) ? lp : Number.NaN;
}
