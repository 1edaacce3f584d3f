/**
 * Binance answers HTTP 451 with `{ "code": 0, "msg": "Service unavailable from a restricted location
 * according to 'b. Eligibility' in https://www.binance.com/en/terms. ..." }` to requests from the
 * locations its terms exclude (the United States among them; the message as quoted in ccxt/ccxt issue
 * #16044 and many others). The shared client already maps 451 to AccessDeniedError; this adds what the
 * refusal means on Binance and what to do about it.
 */
import { AccessDeniedError } from '../../../errors.js';

/**
 * True for Binance's location refusal (AccessDeniedError from an HTTP 451).
 * @example isLocationRefusal(new AccessDeniedError('access_denied', 'x', { details: { status: 451 } })) // true
 */
export function isLocationRefusal(error: unknown): error is AccessDeniedError {
  return error instanceof AccessDeniedError && error.details.status === 451;
}

/**
 * The same refusal, its message extended with Binance's eligibility rule and `what` can be done.
 * @example explainLocationRefusal(e, 'use --base-url').message // '...; Binance does not serve ... use --base-url'
 */
export function explainLocationRefusal(error: AccessDeniedError, what: string): AccessDeniedError {
  return new AccessDeniedError(
    error.code,
    `${error.message}. Binance does not serve its futures API to restricted locations (https://www.binance.com/en/terms, 'b. Eligibility'); ${what}`,
    { details: { ...error.details, restrictedLocation: true }, cause: error },
  );
}
