/**
 * Coinbase Exchange public market data (https://docs.cdp.coinbase.com/exchange/introduction/welcome).
 * No key: public endpoints are throttled per IP at 10 requests/s with bursts to 15
 * (https://docs.cdp.coinbase.com/exchange/rest-api/rate-limits); we ask for half of that. Errors are
 * `{ "message": "..." }` with an HTTP status (https://docs.cdp.coinbase.com/exchange/rest-api/requests);
 * the message is the only vendor code there is, so the table maps the messages that mean something
 * other than their status.
 */
import { defineProvider } from '../types.js';
import { coinbaseBars } from './bars.js';

export const coinbase = defineProvider({
  name: 'coinbase',
  title: 'Coinbase Exchange',
  description: 'Coinbase Exchange public REST API: product candles (no key needed)',
  docs: 'https://docs.cdp.coinbase.com/exchange/reference/exchangerestapi_getproductcandles',
  baseUrl: 'https://api.exchange.coinbase.com',
  rateLimit: { perSecond: 5, burst: 5 },
  vendorErrors: {
    codePath: ['message'],
    messagePath: ['message'],
    codes: {
      NotFound: 'not_found',
      'Public rate limit exceeded': 'rate_limited',
    },
  },
  credentials: [],
  datasets: { bars: coinbaseBars },
});
