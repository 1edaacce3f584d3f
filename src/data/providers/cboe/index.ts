/**
 * Cboe's delayed quotes CDN (cdn.cboe.com), the JSON files behind cboe.com's delayed-quote pages: public,
 * no key, undocumented. No rate limit is published; users of the feed report that bursts get an IP
 * blocked ("do not abuse, they will ban your IP"), and a chain is one request, so we send at most one
 * request every two seconds. The CDN answers errors with an HTTP status only (404 for a symbol without
 * listed options) and no JSON error body is known, so the vendor table lists no codes and statuses
 * decide.
 */
import { defineProvider } from '../types.js';
import { cboeOptionChain } from './optionChain.js';

export const cboe = defineProvider({
  name: 'cboe',
  title: 'Cboe delayed quotes',
  description: 'Cboe delayed-quotes CDN: listed option chain snapshots with OI, volume and IV (no key)',
  docs: 'https://www.cboe.com/delayed_quotes/',
  baseUrl: 'https://cdn.cboe.com',
  rateLimit: { perSecond: 0.5, burst: 1 },
  vendorErrors: { codePath: ['error'], codes: {} },
  credentials: [],
  datasets: { option_chain: cboeOptionChain },
});
