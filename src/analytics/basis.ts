/**
 * CME basis (H3: "the basis trade was force-unwound: near-month annualized basis 3.3% -> 9% from 02-05 to
 * 02-06, among the largest jumps since the ETFs launched; CME OI fell then rebuilt").
 *
 * Conventions (shared/DESIGN.md section 3): annualized basis (F/S − 1)·365/days, with days = calendar days
 * from the date to the contract's expiry (ACT/365, simple annualization, no compounding) and S = the BTC
 * reference price at 16:00 ET of that date. Constant-maturity tenors interpolate the *annualized* basis
 * linearly in days between the two listed expiries that bracket the tenor; outside the listed range the
 * nearest expiry's annualized basis is carried flat and the tenor is flagged as extrapolated (flat rather
 * than linear because a line through the two nearest points of a noisy, short curve can swing far beyond
 * anything quoted). Annualized basis values are decimals (0.09 = 9%).
 */
import { InvalidInputError } from '../errors.js';
import { calendarDaysBetween, type DailyClose } from './time.js';

/** The store's futures_settlements columns used here. */
export interface FuturesSettlementRow {
  readonly date: string;
  readonly venue: string;
  readonly contract: string;
  readonly expiry: string;
  readonly settle: number | null;
  readonly open_interest: number | null;
  /** BTC per contract (5 for BTC futures, 0.1 for micro). */
  readonly multiplier: number;
}

/**
 * Annualized basis (F/S − 1)·365/days; NaN unless F, S > 0 and days > 0.
 * @example annualizedBasis(70000 * 1.01, 70000, 36.5) // ≈ 0.1
 */
export function annualizedBasis(futures: number, spot: number, days: number): number {
  if (!(futures > 0 && spot > 0 && days > 0)) return Number.NaN;
  return ((futures / spot - 1) * 365) / days;
}

export interface ContractBasis {
  readonly contract: string;
  readonly expiry: string;
  /** Calendar days from the date to expiry. */
  readonly days: number;
  readonly settle: number;
  readonly spot: number;
  /** F/S − 1, not annualized. */
  readonly basis: number;
  readonly annualized: number;
  readonly openInterest: number | null;
  readonly multiplier: number;
}

export type TenorMethod = 'exact' | 'interpolated' | 'extrapolated-flat';

export interface TenorBasis {
  /** Constant maturity in calendar days. */
  readonly tenor: number;
  readonly value: number;
  readonly method: TenorMethod;
  readonly extrapolated: boolean;
  /** The listed expiries used: bracketing pair, or the nearest one when extrapolated/exact. */
  readonly lower: { readonly contract: string; readonly days: number } | null;
  readonly upper: { readonly contract: string; readonly days: number } | null;
}

/**
 * Constant-maturity annualized basis at `tenor` days from listed contracts (any order): linear in days
 * between the bracketing expiries, flat beyond the listed range (flagged); NaN with no contracts.
 * @example constantMaturity([{ contract: 'A', days: 22, annualized: 0.03 }, { contract: 'B', days: 50, annualized: 0.05 }], 30).value // ≈ 0.0357142857
 */
export function constantMaturity(
  points: readonly { readonly contract: string; readonly days: number; readonly annualized: number }[],
  tenor: number,
): TenorBasis {
  const p = points.filter((q) => Number.isFinite(q.annualized) && q.days > 0).sort((a, b) => a.days - b.days);
  const ref = (q: { contract: string; days: number }) => ({ contract: q.contract, days: q.days });
  if (p.length === 0) {
    return {
      tenor,
      value: Number.NaN,
      method: 'extrapolated-flat',
      extrapolated: true,
      lower: null,
      upper: null,
    };
  }
  const first = p[0];
  const last = p[p.length - 1];
  if (tenor < first.days || tenor > last.days) {
    const q = tenor < first.days ? first : last;
    return {
      tenor,
      value: q.annualized,
      method: 'extrapolated-flat',
      extrapolated: true,
      lower: ref(q),
      upper: ref(q),
    };
  }
  const j = p.findIndex((q) => q.days >= tenor);
  const hi = p[j];
  if (hi.days === tenor) {
    return {
      tenor,
      value: hi.annualized,
      method: 'exact',
      extrapolated: false,
      lower: ref(hi),
      upper: ref(hi),
    };
  }
  const lo = p[j - 1];
  const w = (tenor - lo.days) / (hi.days - lo.days);
  const value = lo.annualized + w * (hi.annualized - lo.annualized);
  return { tenor, value, method: 'interpolated', extrapolated: false, lower: ref(lo), upper: ref(hi) };
}

export interface BasisOptions {
  /** Venue of the futures rows (default 'cme'). */
  readonly venue?: string;
  /** Constant maturities in days (default 30, 60, 90, 120). */
  readonly tenors?: readonly number[];
  /** Contracts closer than this to expiry are left out (default 1 day: only the expiring contract). */
  readonly minDays?: number;
}

export interface BasisTermStructure {
  readonly date: string;
  readonly spot: number;
  /** Listed contracts used, by days to expiry. */
  readonly contracts: readonly ContractBasis[];
  /** The nearest listed expiry at least minDays away. */
  readonly nearMonth: ContractBasis | null;
  readonly tenors: readonly TenorBasis[];
}

function contractBases(
  rows: readonly FuturesSettlementRow[],
  spot: number,
  date: string,
  minDays: number,
): ContractBasis[] {
  const byExpiry = new Map<string, ContractBasis>();
  for (const r of rows) {
    if (r.settle === null || !(r.settle > 0)) continue;
    const days = calendarDaysBetween(date, r.expiry);
    if (days < minDays || days <= 0) continue;
    const c: ContractBasis = {
      contract: r.contract,
      expiry: r.expiry,
      days,
      settle: r.settle,
      spot,
      basis: r.settle / spot - 1,
      annualized: annualizedBasis(r.settle, spot, days),
      openInterest: r.open_interest,
      multiplier: r.multiplier,
    };
    // Two contracts on one expiry (BTC and micro BTC): keep the one with more BTC of open interest.
    const prev = byExpiry.get(r.expiry);
    const btc = (x: ContractBasis) => (x.openInterest ?? 0) * x.multiplier;
    if (prev === undefined || btc(c) > btc(prev)) byExpiry.set(r.expiry, c);
  }
  return [...byExpiry.values()].sort((a, b) => a.days - b.days);
}

/**
 * Per-contract and constant-maturity annualized basis on `date` from the futures settlements of that date
 * and the 16:00 ET BTC reference price `spot` (USD).
 * @example basisTermStructure(rows, 62900, '2026-02-05').tenors[0].value // the 30-day annualized basis
 */
export function basisTermStructure(
  settlements: readonly FuturesSettlementRow[],
  spot: number,
  date: string,
  options: BasisOptions = {},
): BasisTermStructure {
  const venue = options.venue ?? 'cme';
  const tenors = options.tenors ?? [30, 60, 90, 120];
  const rows = settlements.filter((r) => r.date === date && r.venue === venue);
  const contracts = contractBases(rows, spot, date, options.minDays ?? 1);
  return {
    date,
    spot,
    contracts,
    nearMonth: contracts[0] ?? null,
    tenors: tenors.map((t) => constantMaturity(contracts, t)),
  };
}

/**
 * Term structures for every date from `since` on that has both a spot close and futures settlements.
 * @example basisHistory(rows, btcCloses, { since: '2024-01-11' }).length // number of settlement days
 */
export function basisHistory(
  settlements: readonly FuturesSettlementRow[],
  spot: readonly DailyClose[],
  options: BasisOptions & { readonly since?: string } = {},
): BasisTermStructure[] {
  const venue = options.venue ?? 'cme';
  const spotByDate = new Map(spot.filter((s) => s.close > 0).map((s) => [s.date, s.close]));
  const byDate = new Map<string, FuturesSettlementRow[]>();
  for (const r of settlements) {
    if (r.venue !== venue || (options.since !== undefined && r.date < options.since)) continue;
    const list = byDate.get(r.date);
    if (list === undefined) byDate.set(r.date, [r]);
    else list.push(r);
  }
  const dates = [...byDate.keys()].filter((d) => spotByDate.has(d)).sort();
  return dates
    .map((d) => basisTermStructure(byDate.get(d) ?? [], spotByDate.get(d) as number, d, options))
    .filter((t) => t.contracts.length > 0);
}

export interface BasisJump {
  /** '30d', '60d', ... or 'near-month'. */
  readonly series: string;
  readonly date: string;
  readonly previousDate: string | null;
  readonly before: number;
  readonly after: number;
  /** after − before, in annualized-basis decimal (0.057 = 5.7 points). */
  readonly jump: number;
  /** True if either day's tenor value was extrapolated. */
  readonly extrapolated: boolean;
  /** Near month only: the contract followed across both days. */
  readonly contract: string | null;
  /** Day-over-day jumps ranked (dates from `since` through `date`). */
  readonly n: number;
  /** 1 = largest |jump|; ties share the rank. */
  readonly rankAbs: number;
  /** 1 = largest rise. */
  readonly rankRise: number;
  /** 1 = largest fall. */
  readonly rankFall: number;
}

interface RawJump {
  readonly date: string;
  readonly previousDate: string;
  readonly before: number;
  readonly after: number;
  readonly extrapolated: boolean;
  readonly contract: string | null;
}

function tenorJumps(history: readonly BasisTermStructure[], k: number): RawJump[] {
  const out: RawJump[] = [];
  for (let i = 1; i < history.length; i++) {
    const a = history[i - 1].tenors[k];
    const b = history[i].tenors[k];
    if (a === undefined || b === undefined || !Number.isFinite(a.value) || !Number.isFinite(b.value))
      continue;
    out.push({
      date: history[i].date,
      previousDate: history[i - 1].date,
      before: a.value,
      after: b.value,
      extrapolated: a.extrapolated || b.extrapolated,
      contract: null,
    });
  }
  return out;
}

/** Near-month jumps follow one contract: today's near month against its own basis the day before. */
function nearMonthJumps(history: readonly BasisTermStructure[]): RawJump[] {
  const out: RawJump[] = [];
  for (let i = 1; i < history.length; i++) {
    const now = history[i].nearMonth;
    const prev = now === null ? undefined : history[i - 1].contracts.find((c) => c.contract === now.contract);
    if (
      now === null ||
      prev === undefined ||
      !Number.isFinite(now.annualized) ||
      !Number.isFinite(prev.annualized)
    )
      continue;
    out.push({
      date: history[i].date,
      previousDate: history[i - 1].date,
      before: prev.annualized,
      after: now.annualized,
      extrapolated: false,
      contract: now.contract,
    });
  }
  return out;
}

function rankJump(series: string, jumps: readonly RawJump[], date: string, since: string): BasisJump | null {
  const pool = jumps.filter((j) => j.date >= since && j.date <= date).map((j) => j.after - j.before);
  const mine = jumps.find((j) => j.date === date);
  if (mine === undefined) return null;
  const jump = mine.after - mine.before;
  return {
    series,
    ...mine,
    jump,
    n: pool.length,
    rankAbs: 1 + pool.filter((v) => Math.abs(v) > Math.abs(jump)).length,
    rankRise: 1 + pool.filter((v) => v > jump).length,
    rankFall: 1 + pool.filter((v) => v < jump).length,
  };
}

export interface BasisJumpReport {
  readonly date: string;
  readonly since: string;
  /** One per tenor of the history (null where that day or the previous one has no value). */
  readonly tenors: readonly (BasisJump | null)[];
  readonly nearMonth: BasisJump | null;
}

/**
 * The day-over-day jump into `date` of each constant-maturity tenor and of the near-month contract, ranked
 * among all day-over-day jumps from `since` (default 2024-01-11, the spot ETFs' launch) through `date`.
 * Throws InvalidInputError if the history has no term structure on `date`.
 * @example basisJumps(history, '2026-02-06').nearMonth?.rankRise // 1 = the largest rise since launch
 */
export function basisJumps(
  history: readonly BasisTermStructure[],
  date: string,
  since = '2024-01-11',
): BasisJumpReport {
  const sorted = [...history].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  if (!sorted.some((h) => h.date === date)) {
    throw new InvalidInputError('DATE_NOT_IN_SERIES', `no basis term structure on ${date}`, {
      details: { date, first: sorted[0]?.date ?? null, last: sorted.at(-1)?.date ?? null },
    });
  }
  const tenorCount = sorted[0].tenors.length;
  return {
    date,
    since,
    tenors: Array.from({ length: tenorCount }, (_, k) =>
      rankJump(`${sorted[0].tenors[k].tenor}d`, tenorJumps(sorted, k), date, since),
    ),
    nearMonth: rankJump('near-month', nearMonthJumps(sorted), date, since),
  };
}

export interface FuturesOpenInterestDay {
  readonly date: string;
  /** Contracts summed over every listed contract (mixes sizes if micro contracts are in the rows). */
  readonly contracts: number;
  /** Σ open_interest × multiplier, BTC. */
  readonly btc: number;
  readonly previousDate: string | null;
  readonly changeContracts: number | null;
  readonly changeBtc: number | null;
  /** changeBtc / previous BTC. */
  readonly changePct: number | null;
}

/**
 * Total futures open interest per date of one venue (contracts and BTC) and its day-over-day change.
 * Rows with a null open interest are skipped.
 * @example futuresOpenInterest(rows).at(-1)?.changeBtc // BTC added (+) or removed (−) on the last day
 */
export function futuresOpenInterest(
  settlements: readonly FuturesSettlementRow[],
  venue = 'cme',
): FuturesOpenInterestDay[] {
  const totals = new Map<string, { contracts: number; btc: number }>();
  for (const r of settlements) {
    if (r.venue !== venue || r.open_interest === null || !Number.isFinite(r.open_interest)) continue;
    const t = totals.get(r.date) ?? { contracts: 0, btc: 0 };
    totals.set(r.date, {
      contracts: t.contracts + r.open_interest,
      btc: t.btc + r.open_interest * r.multiplier,
    });
  }
  const dates = [...totals.keys()].sort();
  return dates.map((date, i) => {
    const t = totals.get(date) as { contracts: number; btc: number };
    const p = i > 0 ? totals.get(dates[i - 1]) : undefined;
    return {
      date,
      contracts: t.contracts,
      btc: t.btc,
      previousDate: i > 0 ? dates[i - 1] : null,
      changeContracts: p === undefined ? null : t.contracts - p.contracts,
      changeBtc: p === undefined ? null : t.btc - p.btc,
      changePct: p === undefined || p.btc === 0 ? null : t.btc / p.btc - 1,
    };
  });
}
