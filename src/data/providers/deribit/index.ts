/**
 * Deribit public API v2 (https://docs.deribit.com/): JSON-RPC 2.0 over HTTP GET, `GET
 * /api/v2/public/<method>?<params>`, no key for public methods. Results come as
 * `{ jsonrpc: '2.0', result }`, errors as `{ jsonrpc: '2.0', error: { code, message, data? } }`
 * (https://docs.deribit.com/articles/errors) with an HTTP error status; the vendor code decides.
 *
 * Rate limit: non-matching-engine requests (all public market data) cost 500 credits from a pool of
 * 50,000 refilled at 10,000 credits/s, i.e. 20 requests/s with bursts of 100; exceeding it gives error
 * 10028 `too_many_requests` (Deribit support, "Rate Limits",
 * https://support.deribit.com/hc/en-us/articles/25944617523357-Rate-Limits). We ask for half the rate.
 *
 * Vendor codes (Deribit "RPC Error Codes", https://docs.deribit.com/#rpc-error-codes, as listed with their
 * meanings by nautilus_trader's DERIBIT_RETRY_ERROR_CODES; JSON-RPC 2.0 codes from
 * https://www.jsonrpc.org/specification section 5.1): throttling and transient server states are retried,
 * authorization and bad arguments are not. Codes not listed fall back to the HTTP status.
 *
 * Datasets: `option_chain` (book summaries) and `bars` (the DVOL volatility index). Not provided:
 * `public/get_instruments` (instrument metadata: no crashscope model holds it; expiry, strike and type are
 * parsed from the names in the book summaries instead).
 */
import { defineProvider } from '../types.js';
import { deribitBars } from './bars.js';
import { deribitOptionChain } from './optionChain.js';

export const deribit = defineProvider({
  name: 'deribit',
  title: 'Deribit',
  description: 'Deribit public API v2: BTC/ETH option chain snapshots and the DVOL volatility index (no key)',
  docs: 'https://docs.deribit.com/',
  baseUrl: 'https://www.deribit.com',
  rateLimit: { perSecond: 10, burst: 10 },
  vendorErrors: {
    codePath: ['error', 'code'],
    messagePath: ['error', 'message'],
    codes: {
      // too_many_requests, too_many_concurrent_requests
      '10028': 'rate_limited',
      '10066': 'rate_limited',
      // retry, settlement_in_progress, matching_engine_queue_full, system_maintenance,
      // internal_server_error, temporarily_unavailable, timed_out
      '10040': 'unavailable',
      '10041': 'unavailable',
      '10047': 'unavailable',
      '11051': 'unavailable',
      '11094': 'unavailable',
      '13028': 'unavailable',
      '13888': 'unavailable',
      // authorization_required, invalid_credentials, unauthorized (bad or expired token), forbidden
      '10000': 'access_denied',
      '13004': 'access_denied',
      '13009': 'access_denied',
      '13021': 'access_denied',
      // not_found (instrument not found); JSON-RPC "Method not found"
      '13020': 'not_found',
      '-32601': 'not_found',
      // invalid_or_unsupported_instrument, invalid_arguments, bad_request; JSON-RPC invalid request,
      // invalid params, parse error
      '10020': 'bad_request',
      '11029': 'bad_request',
      '11050': 'bad_request',
      '-32600': 'bad_request',
      '-32602': 'bad_request',
      '-32700': 'bad_request',
    },
  },
  credentials: [],
  datasets: { option_chain: deribitOptionChain, bars: deribitBars },
});
