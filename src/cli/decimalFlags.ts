/**
 * Decimal volatilities and rates read from flags (issue 8 section 6). crashscope takes them as decimals
 * (0.60 = 60%, 0.04 = 4%); a number past a sane bound is almost surely a percent typed by habit, and
 * pricing at 6,000% vol is never what was meant. So: a vol above {@link MAX_VOL} or a rate beyond
 * ±{@link MAX_RATE} is bad input (exit 2) with the decimal to pass instead.
 */
import { InvalidInputError } from '../errors.js';
import { parseNumberFlag } from './flags.js';

/** Largest annualized volatility accepted (1,000%); BTC's realized vol has never come near it. */
export const MAX_VOL = 10;
/** Largest absolute continuously compounded rate or yield accepted (100% a year). */
export const MAX_RATE = 1;

/**
 * The decimal a percent stands for, with at least two decimals.
 * @example asDecimal(60) // '0.60'; asDecimal(4.5) // '0.045'
 */
export function asDecimal(percent: number): string {
  const d = percent / 100;
  const digits = (String(d).split('.')[1] ?? '').length;
  return digits >= 2 && digits <= 10 ? String(d) : d.toFixed(2);
}

function looksLikePercent(flag: string, raw: string, v: number, what: string): InvalidInputError {
  return new InvalidInputError(
    'looks_like_percent',
    `${flag}: ${raw} looks like a percent; pass ${asDecimal(v)} (${what} is a decimal: ${asDecimal(v)} = ${v}%)`,
    { details: { flag, raw, suggested: Number(asDecimal(v)) } },
  );
}

/**
 * A decimal volatility: finite, >= 0 and at most {@link MAX_VOL}.
 * @example parseVolFlag('--vol', '0.6') // 0.6; parseVolFlag('--vol', '60') // throws "--vol: 60 looks like a percent; pass 0.60 ..."
 */
export function parseVolFlag(flag: string, raw: string): number {
  const v = parseNumberFlag(flag, raw);
  if (!(v >= 0)) {
    throw new InvalidInputError('bad_flag', `${flag}: ${raw} must be >= 0`, { details: { flag, raw } });
  }
  return refusePercentVol(flag, raw, v);
}

/**
 * `v` unchanged unless it is above {@link MAX_VOL} (a percent typed for a decimal); for callers that
 * check the lower bound themselves.
 * @example refusePercentVol('--note-vol', '0.9', 0.9) // 0.9
 */
export function refusePercentVol(flag: string, raw: string, v: number): number {
  if (v > MAX_VOL) throw looksLikePercent(flag, raw, v, 'volatility');
  return v;
}

/**
 * A decimal rate or yield (may be negative): finite and within ±{@link MAX_RATE}.
 * @example parseRateFlag('--rate', '0.04') // 0.04; parseRateFlag('--rate', '4') // throws "--rate: 4 looks like a percent; pass 0.04 ..."
 */
export function parseRateFlag(flag: string, raw: string): number {
  const v = parseNumberFlag(flag, raw);
  if (Math.abs(v) > MAX_RATE) throw looksLikePercent(flag, raw, v, 'a rate');
  return v;
}
