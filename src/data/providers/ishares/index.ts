/**
 * iShares (BlackRock) fund data: the "Download" fund file of a US iShares product page, served by
 * BlackRock's product-data API at www.blackrock.com. Public, no key, undocumented; no rate limit is
 * published, and the whole history of a fund is one request, so we send at most one request every two
 * seconds. Errors come as HTTP statuses (and, when the address moves, as an HTML page, which the dataset
 * refuses by name); no JSON error body is known, so the vendor table lists no codes.
 */
import { defineProvider } from '../types.js';
import { isharesEtfFlows } from './etfFlows.js';

export const ishares = defineProvider({
  name: 'ishares',
  title: 'iShares fund data',
  description:
    'iShares fund download (XML Spreadsheet 2003): shares outstanding x NAV -> daily ETF flows (no key)',
  docs: 'https://www.ishares.com/us/products/333011/ishares-bitcoin-trust-etf',
  baseUrl: 'https://www.blackrock.com',
  rateLimit: { perSecond: 0.5, burst: 1 },
  vendorErrors: { codePath: ['error'], codes: {} },
  credentials: [],
  datasets: { etf_flows: isharesEtfFlows },
});
