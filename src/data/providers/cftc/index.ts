/**
 * The CFTC Public Reporting Environment (publicreporting.cftc.gov), a Socrata open-data portal serving the
 * Commitments of Traders reports as SODA datasets. No key is needed; Socrata throttles requests without an
 * app token by IP and publishes no number for it (https://dev.socrata.com/docs/app-tokens.html), so we send
 * one request a second, and an optional app token (CRASHSCOPE_CFTC_APP_TOKEN) as X-App-Token.
 *
 * Errors come with an HTTP status and a body `{ "code": "query.compiler.malformed", "error": true,
 * "message": "...", "data": { ... } }` (https://dev.socrata.com/docs/response-codes.html). The codes
 * below are the ones Socrata documents or that public clients record from it (query.soql.no-such-column,
 * query.soql.type-mismatch on HTTP 400; not_found on a retired dataset id; the service error codes of
 * Socrata's error catalogue such as permission_denied and execution_timeout); others fall back to the
 * HTTP status with Socrata's message. Some newer Socrata services name the field `errorCode`; those
 * fall back to the status too.
 */
import { defineProvider } from '../types.js';
import { APP_TOKEN_ENV, cftcPositions } from './cftcPositions.js';

export const cftc = defineProvider({
  name: 'cftc',
  title: 'CFTC Commitments of Traders',
  description:
    'CFTC Public Reporting (Socrata): weekly Traders in Financial Futures positions by trader category (no key)',
  docs: 'https://dev.socrata.com/foundry/publicreporting.cftc.gov/gpe5-46if',
  baseUrl: 'https://publicreporting.cftc.gov',
  rateLimit: { perSecond: 1, burst: 2 },
  vendorErrors: {
    codePath: ['code'],
    messagePath: ['message'],
    codes: {
      'query.compiler.malformed': 'bad_request',
      'query.soql.no-such-column': 'bad_request',
      'query.soql.type-mismatch': 'bad_request',
      invalid_request: 'bad_request',
      not_found: 'not_found',
      authentication_required: 'access_denied',
      permission_denied: 'access_denied',
      execution_timeout: 'unavailable',
      internal: 'unavailable',
    },
  },
  credentials: [
    {
      env: APP_TOKEN_ENV,
      description: 'Socrata app token (optional; raises the throttling limit), sent as X-App-Token',
      required: false,
    },
  ],
  datasets: { cftc_positions: cftcPositions },
});
