/**
 * OCC option symbols (the Options Symbology Initiative format, used by OCC and every US options exchange
 * since 2010): root (1-6 characters, letters and digits, right-padded with spaces to 6 in the 21-character
 * form) + expiry YYMMDD + 'C' or 'P' + strike x 1000 in 8 digits (5 for dollars, 3 for decimals).
 * Sources: OCC, "Options Symbology Initiative" plan v1.8 (August 15, 2008), "Symbology Key" section;
 * the field layout as summarized at https://www.macroption.com/option-symbol-parser ("AAPL  260918C00260000";
 * "00022500" = $22.50). Cboe's delayed-quotes feed writes the root unpadded ("IBIT260220C00040000").
 */

export interface OccSymbol {
  /** Option root, unpadded (usually the underlying's symbol; adjusted series carry another root). */
  readonly root: string;
  /** Expiration date, YYYY-MM-DD (years 2000-2099). */
  readonly expiry: string;
  readonly type: 'call' | 'put';
  /** Strike in the underlying's quote currency (USD per share for equity options). */
  readonly strike: number;
}

/** The symbol's fields, or why it is not an OCC symbol. */
export type OccSymbolResult =
  | { readonly ok: true; readonly value: OccSymbol }
  | { readonly ok: false; readonly reason: string };

const OCC_RE = /^([A-Z0-9]{1,6})( *)(\d{2})(\d{2})(\d{2})([CP])(\d{8})$/;

/**
 * Parses an OCC option symbol, padded (21 characters) or not; never throws.
 * @example parseOccSymbol('IBIT260220C00040000') // { ok: true, value: { root: 'IBIT', expiry: '2026-02-20', type: 'call', strike: 40 } }
 */
export function parseOccSymbol(symbol: string): OccSymbolResult {
  const m = OCC_RE.exec(symbol);
  if (m === null) {
    return {
      ok: false,
      reason: 'not ROOT (1-6 letters or digits) + YYMMDD + C|P + strike x 1000 (8 digits)',
    };
  }
  const [, root, pad, yy, mm, dd, cp, strike] = m as unknown as readonly string[];
  if (pad!.length > 0 && root!.length + pad!.length !== 6) {
    return { ok: false, reason: `the root is padded to ${root!.length + pad!.length} characters, not 6` };
  }
  const expiry = `20${yy}-${mm}-${dd}`;
  const ms = Date.UTC(2000 + Number(yy), Number(mm) - 1, Number(dd));
  if (new Date(ms).toISOString().slice(0, 10) !== expiry) {
    return { ok: false, reason: `expiry ${yy}${mm}${dd} is not a calendar date` };
  }
  const mills = Number(strike);
  if (mills === 0) return { ok: false, reason: 'the strike is zero' };
  return {
    ok: true,
    value: { root: root!, expiry, type: cp === 'C' ? 'call' : 'put', strike: mills / 1000 },
  };
}
