/**
 * Binance sends quantities and prices as decimal strings ("20403.63700000") and times as integers of
 * milliseconds, the REST documentation's examples sometimes as strings ("1583127900000"): both parsers
 * accept exactly those forms and nothing looser (no hex, no blanks, no exponent-only strings).
 */
import { InvalidInputError } from '../../../errors.js';

const SYMBOL_RE = /^[A-Z0-9]{2,20}$/;
const DECIMAL_RE = /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/;
const DIGITS_RE = /^\d{1,16}$/;

/**
 * A decimal string as a number; undefined for anything else (numbers included: Binance quotes them).
 * @example decimalString('-0.03750000') // -0.0375; decimalString(1.5) // undefined
 */
export function decimalString(v: unknown): number | undefined {
  if (typeof v !== 'string' || !DECIMAL_RE.test(v)) return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * Milliseconds since the epoch from an integer or a string of digits; undefined for anything else.
 * @example epochMs('1583127900000') // 1583127900000; epochMs(1583127900000.5) // undefined
 */
export function epochMs(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isSafeInteger(v) && v >= 0 ? v : undefined;
  if (typeof v === 'string' && DIGITS_RE.test(v)) return Number(v);
  return undefined;
}

/**
 * The `--symbol` flag as a USD-M futures symbol (letters and digits, upper-cased; default BTCUSDT), or an
 * InvalidInputError naming the flag (the symbol goes into URLs).
 * @example symbolFlag('btcusdt') // 'BTCUSDT'; symbolFlag(undefined) // 'BTCUSDT'
 */
export function symbolFlag(raw: string | undefined): string {
  const symbol = (raw ?? 'BTCUSDT').trim().toUpperCase();
  if (!SYMBOL_RE.test(symbol)) {
    throw new InvalidInputError(
      'bad_flag',
      `--symbol: '${raw}' is not a Binance USD-M futures symbol like BTCUSDT (letters and digits)`,
      { details: { flag: '--symbol', raw } },
    );
  }
  return symbol;
}
