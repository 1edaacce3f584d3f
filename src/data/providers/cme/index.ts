/**
 * CME Group's public website JSON (www.cmegroup.com/CmeWS/mvc/...), the data behind its product pages.
 * It is undocumented and has no key; CME publishes settlements there at midnight Chicago time
 * (https://www.cmegroup.com/articles/faqs/access-to-cme-group-settlement-data-faq.html) and its bot
 * protection often refuses scripts (HTTP 403, an HTML block page, or no answer), in which case the
 * dataset tells the user to save the JSON from a browser and import it with `--param file=`.
 *
 * No rate limit is published; we send one request every two seconds. No error body is documented either:
 * the CmeWS services are Spring MVC (the 'mvc' in the path), whose default error body is `{ timestamp,
 * status, error: '<reason phrase>', message, path }`, so the table reads `error` and `message` there and
 * every code falls back to the HTTP status (unverified: no recorded CME error body was found).
 */
import { defineProvider } from '../types.js';
import { cmeFuturesSettlements } from './futuresSettlements.js';

export const cme = defineProvider({
  name: 'cme',
  title: 'CME Group',
  description:
    'CME Group website settlements JSON: daily Bitcoin futures settlements, volume and open interest (no key)',
  docs: 'https://www.cmegroup.com/markets/cryptocurrencies/bitcoin/bitcoin.settlements.html',
  baseUrl: 'https://www.cmegroup.com',
  rateLimit: { perSecond: 0.5, burst: 1 },
  vendorErrors: {
    codePath: ['error'],
    messagePath: ['message'],
    codes: {},
  },
  credentials: [],
  datasets: { futures_settlements: cmeFuturesSettlements },
});
