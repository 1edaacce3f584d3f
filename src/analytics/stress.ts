/**
 * Fund-stress z-scores (H1: "multi-strategy funds had their worst day, prime-broker z-score 3.5"): how
 * rare a z-sigma day is under a normal and under a fat-tailed Student-t, said the way a person would say
 * it, and where the z-score ranks in its own history.
 *
 * The Student-t is scaled to unit variance by default: a z-score is measured in standard deviations of
 * the series, and a t with ν > 2 degrees of freedom has variance ν/(ν − 2) (2 for ν = 4), so reading z as
 * a raw t value would treat 3.5 standard deviations as 3.5/√2 = 2.47 and overstate the tail. With
 * X = T·√((ν − 2)/ν), Var X = 1 and P(X >= z) = P(T >= z·√(ν/(ν − 2))) (e.g. McNeil, Frey & Embrechts,
 * Quantitative Risk Management, rev. ed. 2015, §6.2.3, the standardized t). For ν <= 2 the variance is
 * infinite and the scaled probabilities are NaN.
 */
import { normCdf } from '../pricing/normal.js';
import { percentileRank, tSf } from './stats.js';
import { indexOfDate, sortByDate } from './time.js';

export interface StressTailOptions {
  /** Degrees of freedom of the fat-tailed alternative (default 4). */
  readonly nu?: number;
  /** Scale the t to unit variance (default true; see the file comment). */
  readonly scaleToUnitVariance?: boolean;
  /** The z of the comparison day ("~5.8x rarer than a 3-sigma day"), default 3. */
  readonly referenceZ?: number;
  /** Trading days per year for "once every N years" (default 252). */
  readonly tradingDaysPerYear?: number;
}

export interface TailProbabilities {
  /** P(X >= |z|): the tail on the side of the move. */
  readonly oneSided: number;
  /** P(|X| >= |z|). */
  readonly twoSided: number;
}

export interface StressTail {
  readonly z: number;
  readonly normal: TailProbabilities;
  readonly studentT: TailProbabilities & {
    readonly nu: number;
    readonly scaledToUnitVariance: boolean;
    /** The threshold on the unscaled t variable: |z|·√(ν/(ν − 2)) when scaled, else |z|. */
    readonly tThreshold: number;
  };
  readonly referenceZ: number;
  readonly reference: { readonly normal: TailProbabilities; readonly studentT: TailProbabilities };
  /** Two-sided p of the reference day / p of this day: how many times rarer this day is. */
  readonly rarerThanReference: { readonly normal: number; readonly studentT: number };
  /** 1 / two-sided p: one such day in this many trading days. */
  readonly oneInDays: { readonly normal: number; readonly studentT: number };
  readonly tradingDaysPerYear: number;
}

function normalTails(z: number): TailProbabilities {
  const one = normCdf(-Math.abs(z));
  return { oneSided: one, twoSided: 2 * one };
}

function tThreshold(z: number, nu: number, scale: boolean): number {
  if (!scale) return Math.abs(z);
  return nu > 2 ? Math.abs(z) * Math.sqrt(nu / (nu - 2)) : Number.NaN;
}

function tTails(z: number, nu: number, scale: boolean): TailProbabilities {
  const one = tSf(tThreshold(z, nu, scale), nu);
  return { oneSided: one, twoSided: 2 * one };
}

/**
 * Tail probabilities of a z-sigma day, one- and two-sided, under a normal and a Student-t (ν default 4,
 * scaled to unit variance), compared with a reference day (default 3 sigma). Kernel: NaN in, NaN out.
 * @example stressTail(3.5).normal.oneSided // ≈ 2.326e-4 (Φ(−3.5))
 */
export function stressTail(z: number, options: StressTailOptions = {}): StressTail {
  const nu = options.nu ?? 4;
  const scale = options.scaleToUnitVariance ?? true;
  const ref = options.referenceZ ?? 3;
  const normal = normalTails(z);
  const studentT = tTails(z, nu, scale);
  const reference = { normal: normalTails(ref), studentT: tTails(ref, nu, scale) };
  return {
    z,
    normal,
    studentT: { ...studentT, nu, scaledToUnitVariance: scale, tThreshold: tThreshold(z, nu, scale) },
    referenceZ: ref,
    reference,
    rarerThanReference: {
      normal: reference.normal.twoSided / normal.twoSided,
      studentT: reference.studentT.twoSided / studentT.twoSided,
    },
    oneInDays: { normal: 1 / normal.twoSided, studentT: 1 / studentT.twoSided },
    tradingDaysPerYear: options.tradingDaysPerYear ?? 252,
  };
}

/** Integers with thousands separators (1 in 2,149). */
function grouped(n: number): string {
  return Math.round(n)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Two significant digits: 0.047, 0.78, 13, 5.8, 2,000,000; an exponent below 1e-6. */
function sig2(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x !== 0 && Math.abs(x) < 1e-6) return x.toExponential(1);
  const r = Number(x.toPrecision(2));
  return Math.abs(r) >= 1000 ? grouped(r) : String(r);
}

function zLabel(z: number): string {
  return String(Number(Math.abs(z).toFixed(2)));
}

function comparison(ratio: number, referenceZ: number): string {
  const ref = `a ${zLabel(referenceZ)}-sigma day`;
  if (!Number.isFinite(ratio)) return `not comparable with ${ref}`;
  return ratio >= 1 ? `~${sig2(ratio)}x rarer than ${ref}` : `~${sig2(1 / ratio)}x more common than ${ref}`;
}

function frequency(oneIn: number, daysPerYear: number): string {
  if (!Number.isFinite(oneIn)) return 'frequency undefined';
  const years = oneIn / daysPerYear;
  const base = `1 trading day in ${oneIn >= 10 ? grouped(oneIn) : sig2(oneIn)}`;
  return years >= 1 ? `${base}, about once every ${sig2(years)} years` : base;
}

/**
 * The sentence a person would say about a z-sigma day, with the numbers of stressTail.
 * @example describeStress(stressTail(3.5)) // 'a 3.5-sigma day: p = 0.047% two-sided under a normal (1 trading day in 2,149, about once every 8.5 years), ~5.8x rarer than a 3-sigma day; under a fat-tailed Student-t (ν = 4, unit variance) p = 0.78% (1 trading day in 129), ~1.7x rarer than a 3-sigma day'
 */
export function describeStress(tail: StressTail): string {
  const n = tail.normal.twoSided;
  const t = tail.studentT.twoSided;
  const scaled = tail.studentT.scaledToUnitVariance ? ', unit variance' : ', unscaled';
  return (
    `a ${zLabel(tail.z)}-sigma day: p = ${sig2(n * 100)}% two-sided under a normal ` +
    `(${frequency(tail.oneInDays.normal, tail.tradingDaysPerYear)}), ${comparison(tail.rarerThanReference.normal, tail.referenceZ)}; ` +
    `under a fat-tailed Student-t (ν = ${tail.studentT.nu}${scaled}) p = ${sig2(t * 100)}% ` +
    `(${frequency(tail.oneInDays.studentT, tail.tradingDaysPerYear)}), ${comparison(tail.rarerThanReference.studentT, tail.referenceZ)}`
  );
}

/** A stress_series row (date, value); other columns are ignored. */
export interface StressValue {
  readonly date: string;
  readonly value: number | null;
}

export interface StressHistoryRank {
  readonly date: string;
  readonly value: number;
  /** 'high' when the value is >= 0 (ranked among the largest), 'low' otherwise (among the smallest). */
  readonly direction: 'high' | 'low';
  readonly since: string;
  /** Days in the history through `date` inclusive. */
  readonly n: number;
  /** 1 = most extreme in the value's direction since `since` (ties share the rank). */
  readonly rank: number;
  /** Mid-rank percentile of the value among all days through `date`, in [0, 1]. */
  readonly percentile: number;
  /** Earlier days with |value| >= |this value|, and how many a normal would predict (n_before · 2Φ(−|z|)). */
  readonly earlierAsExtreme: number;
  readonly expectedUnderNormal: number;
  /** The latest earlier day at least as extreme in the same direction, if any. */
  readonly lastAsExtreme: { readonly date: string; readonly value: number } | null;
}

/**
 * Where a z-score stands in its own history up to `date`: rank in its direction, percentile, how many
 * earlier days were as extreme against the count a normal would predict, and when it last happened.
 * Throws InvalidInputError if `date` has no value.
 * @example stressHistoryRank(rows, '2026-02-04').rank // 1 for the worst day on record
 */
export function stressHistoryRank(
  series: readonly StressValue[],
  date: string,
  name = 'stress series',
): StressHistoryRank {
  const valid = sortByDate(
    series.filter((s): s is { date: string; value: number } => s.value !== null && Number.isFinite(s.value)),
    name,
  );
  const i = indexOfDate(valid, date, name);
  const value = valid[i].value;
  const upTo = valid.slice(0, i + 1);
  const before = valid.slice(0, i);
  const direction = value >= 0 ? 'high' : 'low';
  const pr = percentileRank(
    value,
    upTo.map((s) => s.value),
  );
  const sameSide = (v: number) => (direction === 'high' ? v >= value : v <= value);
  const last = before.filter((s) => sameSide(s.value)).at(-1);
  return {
    date,
    value,
    direction,
    since: upTo[0].date,
    n: upTo.length,
    rank: direction === 'high' ? pr.rankFromTop : pr.rankFromBottom,
    percentile: pr.percentile,
    earlierAsExtreme: before.filter((s) => Math.abs(s.value) >= Math.abs(value)).length,
    expectedUnderNormal: before.length * normalTails(value).twoSided,
    lastAsExtreme: last === undefined ? null : { date: last.date, value: last.value },
  };
}
