/**
 * Binance USD-M futures public market data (https://developers.binance.com/docs/derivatives/usds-margined-futures/general-info),
 * no key. Two hosts: the REST API at https://fapi.binance.com and the archive files at
 * https://data.binance.vision; `--base-url` replaces the scheme and host of both (hosts.ts).
 *
 * Rate limits (per IP): 2400 request weight a minute for the REST API, klines weighing 10 at limit 1500;
 * /futures/data/openInterestHist 1000 requests per 5 minutes; /fapi/v1/fundingRate 500 per 5 minutes
 * (shared with /fapi/v1/fundingInfo). 1.5 requests/s stays under half of the first two; funding needs a
 * request per 90 days of history, far below its own limit. Over the limit Binance answers 429 (then 418,
 * an IP ban, if one keeps going) with Retry-After, which the shared client honours.
 *
 * Errors are `{ "code": -1121, "msg": "Invalid symbol." }` ("Error Codes",
 * https://developers.binance.com/docs/derivatives/usds-margined-futures/error-code): the table maps the
 * general server codes (10xx) and the request codes (11xx) a public market-data request can meet. A
 * restricted location gets HTTP 451 with code 0 (not in the table, so the status decides:
 * AccessDeniedError); open_interest then reads the archive files instead, funding and bars say what to do.
 *
 * Not provided: the long/short account ratios (/futures/data/globalLongShortAccountRatio and the top-trader
 * ones): no crashscope model holds a ratio series per venue and symbol (`perp_cohorts` holds positions by
 * entry price and leverage, `stress_series` daily values per series id), and a new model is its own change.
 */
import { defineProvider } from '../types.js';
import { binanceBars } from './bars.js';
import { binanceDepth } from './depth.js';
import { binanceFunding } from './funding.js';
import { FAPI_BASE_URL } from './hosts.js';
import { binanceOpenInterest } from './openInterest.js';

export const binance = defineProvider({
  name: 'binance',
  title: 'Binance USD-M Futures',
  description:
    'Binance USD-M futures public data: open interest (REST, or the data.binance.vision daily files), funding, klines, order-book depth now (no key)',
  docs: 'https://developers.binance.com/docs/derivatives/usds-margined-futures/general-info',
  baseUrl: FAPI_BASE_URL,
  rateLimit: { perSecond: 1.5, burst: 5 },
  vendorErrors: {
    codePath: ['code'],
    messagePath: ['msg'],
    codes: {
      // UNKNOWN, DISCONNECTED, UNEXPECTED_RESP, TIMEOUT, Request Throttled (server overloaded)
      '-1000': 'unavailable',
      '-1001': 'unavailable',
      '-1006': 'unavailable',
      '-1007': 'unavailable',
      '-1008': 'unavailable',
      // TOO_MANY_REQUESTS
      '-1003': 'rate_limited',
      // UNAUTHORIZED
      '-1002': 'access_denied',
      // NOT_FOUND ("Not found, unauthenticated, or unauthorized")
      '-1099': 'not_found',
      // START_TIME_GREATER_THAN_END_TIME, ILLEGAL_CHARS, TOO_MANY_PARAMETERS,
      // MANDATORY_PARAM_EMPTY_OR_MALFORMED, UNKNOWN_PARAM, UNREAD_PARAMETERS, PARAM_EMPTY,
      // PARAM_NOT_REQUIRED, BAD_INTERVAL, BAD_SYMBOL, MORE_THAN_XX_HOURS, OPTIONAL_PARAMS_BAD_COMBO,
      // INVALID_PARAMETER
      '-1023': 'bad_request',
      '-1100': 'bad_request',
      '-1101': 'bad_request',
      '-1102': 'bad_request',
      '-1103': 'bad_request',
      '-1104': 'bad_request',
      '-1105': 'bad_request',
      '-1106': 'bad_request',
      '-1120': 'bad_request',
      '-1121': 'bad_request',
      '-1127': 'bad_request',
      '-1128': 'bad_request',
      '-1130': 'bad_request',
    },
  },
  credentials: [],
  datasets: {
    open_interest: binanceOpenInterest,
    funding: binanceFunding,
    bars: binanceBars,
    depth: binanceDepth,
  },
});
