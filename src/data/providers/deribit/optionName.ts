/**
 * Deribit option instrument names, `BTC-27FEB26-70000-P`: currency, expiry date `DMMMYY` (day without a
 * leading zero, e.g. `BTC-5FEB26-...`), strike in USD and `C`/`P`, as in Deribit's option contract
 * specifications (https://www.deribit.com/docs/contract-specifications-options/, "Symbol"); linear options
 * write a decimal point as `d` (`XRP_USDC-30JUN23-0d625-C` has strike 0.625, Deribit API docs, instrument
 * naming). Daily, weekly, monthly and quarterly options all expire at 08:00 UTC on the expiry date (Deribit
 * Derivatives Introduction Policy, https://www.deribit.com/pages/information/Introduction_Policy, "Options
 * Expiries"; shared/DESIGN.md section 3).
 */
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const NAME_RE = /^([A-Z][A-Z0-9_]*)-(\d{1,2})([A-Z]{3})(\d{2})-(\d+(?:d\d+)?)-([CP])$/;

/** The terms carried by an option's name. */
export interface OptionName {
  /** Settlement currency / underlying, e.g. 'BTC'. */
  readonly currency: string;
  /** Expiry instant, ms since the epoch (08:00 UTC on the expiry date). */
  readonly expiryMs: number;
  /** Strike, USD per unit of the underlying. */
  readonly strike: number;
  readonly optionType: 'call' | 'put';
}

/**
 * Parses a Deribit option name; undefined when it is not one (a future, a combo, an impossible date).
 * @example parseOptionName('BTC-27FEB26-70000-P') // { currency: 'BTC', expiryMs: 1772179200000, strike: 70000, optionType: 'put' } (2026-02-27T08:00:00Z)
 */
export function parseOptionName(name: string): OptionName | undefined {
  const m = NAME_RE.exec(name);
  if (m === null) return undefined;
  const [, currency, dayText, monthText, yearText, strikeText, cp] = m;
  const month = MONTHS.indexOf(monthText!);
  const day = Number(dayText);
  const year = 2000 + Number(yearText);
  if (month < 0 || day < 1) return undefined;
  const expiryMs = Date.UTC(year, month, day, 8, 0, 0);
  // Date.UTC rolls 30FEB26 over into March; a real expiry date survives the round trip.
  if (new Date(expiryMs).getUTCDate() !== day) return undefined;
  const strike = Number(strikeText!.replace('d', '.'));
  if (!(strike > 0)) return undefined;
  return { currency: currency!, expiryMs, strike, optionType: cp === 'C' ? 'call' : 'put' };
}
