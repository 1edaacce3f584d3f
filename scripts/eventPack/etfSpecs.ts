import { dayNumber } from './calendar.js';
import { roundTo } from './csv.js';

/*
 * The spot Bitcoin ETFs of the pack and their BTC per share. BTC per share starts near the value of
 * the first NAV and decays with the sponsor fee, accrued daily on ACT/365 (the trust sells BTC to pay
 * the fee): bps(d) = bps(d-1) * (1 - fee(d) / 365). Fees and waivers are from the funds' prospectuses
 * as summarised in their launch announcements (IBIT 0.12% for the first 12 months then 0.25%;
 * FBTC 0.25% waived to 2024-07-31; GBTC 1.50%; ARKB 0.21% waived for six months; BITB 0.20% waived
 * for six months). Launch values of BTC per share are reconstructions near the first NAVs
 * (IBIT about 0.000568 BTC per share); they are not published figures of the pack.
 */

export const ETF_LAUNCH = '2024-01-11';

export interface EtfSpec {
  readonly ticker: string;
  /** BTC per share on the launch date. */
  readonly bpsAtLaunch: number;
  /** [from date (inclusive), annual fee decimal] steps, sorted by date. */
  readonly feeSchedule: readonly (readonly [string, number])[];
  /** Shares per creation unit (share changes are whole units). */
  readonly creationUnit: number;
  /** Shares outstanding before the first trading day (seed capital). */
  readonly seedShares: number;
}

export const ETF_SPECS: readonly EtfSpec[] = [
  {
    ticker: 'IBIT',
    bpsAtLaunch: 0.000568,
    feeSchedule: [
      ['2024-01-11', 0.0012],
      ['2025-01-11', 0.0025],
    ],
    creationUnit: 40_000,
    seedShares: 400_000,
  },
  {
    ticker: 'FBTC',
    bpsAtLaunch: 0.00087,
    feeSchedule: [
      ['2024-01-11', 0],
      ['2024-08-01', 0.0025],
    ],
    creationUnit: 10_000,
    seedShares: 200_000,
  },
  {
    ticker: 'GBTC',
    bpsAtLaunch: 0.000896,
    feeSchedule: [['2024-01-11', 0.015]],
    creationUnit: 10_000,
    seedShares: 692_370_100,
  },
  {
    ticker: 'ARKB',
    bpsAtLaunch: 0.001,
    feeSchedule: [
      ['2024-01-11', 0],
      ['2024-07-11', 0.0021],
    ],
    creationUnit: 10_000,
    seedShares: 200_000,
  },
  {
    ticker: 'BITB',
    bpsAtLaunch: 0.000563,
    feeSchedule: [
      ['2024-01-11', 0],
      ['2024-07-12', 0.002],
    ],
    creationUnit: 10_000,
    seedShares: 200_000,
  },
];

const bpsCache = new Map<string, Float64Array>();
/** Last day the BTC-per-share table covers (IBIT LEAPS in the option chain expire in January 2027). */
const BPS_TABLE_END = '2027-12-31';

/**
 * Unrounded BTC per share of `ticker` at the end of `date` (NaN before launch or for an unknown ticker).
 * @example btcPerShareExact('IBIT', '2024-01-11') // 0.000568
 */
export function btcPerShareExact(ticker: string, date: string): number {
  const spec = ETF_SPECS.find((s) => s.ticker === ticker);
  const d0 = dayNumber(ETF_LAUNCH);
  const k = dayNumber(date) - d0;
  if (!spec || !(k >= 0)) return Number.NaN;
  let table = bpsCache.get(ticker);
  if (!table) {
    // One multiplication per calendar day from launch, in order, so every date sees the same product.
    table = new Float64Array(dayNumber(BPS_TABLE_END) - d0 + 1);
    const feeFrom = new Map(spec.feeSchedule.map(([from, f]) => [dayNumber(from), f]));
    let bps = spec.bpsAtLaunch;
    let fee = spec.feeSchedule[0][1];
    table[0] = bps;
    for (let i = 1; i < table.length; i++) {
      fee = feeFrom.get(d0 + i) ?? fee;
      bps *= 1 - fee / 365;
      table[i] = bps;
    }
    bpsCache.set(ticker, table);
  }
  return k < table.length ? table[k] : Number.NaN;
}

/**
 * BTC per share as the pack writes it (8 decimals, as issuers publish it).
 * @example btcPerShare('IBIT', '2024-01-11') // 0.000568
 */
export function btcPerShare(ticker: string, date: string): number {
  return roundTo(btcPerShareExact(ticker, date), 8);
}
