/**
 * The Options Clearing Corporation's public market-data reports (marketdata.theocc.com): cleared option
 * volume by underlying, account type and exchange. No key. OCC publishes no rate limit; the reports are
 * built per request, and public scripts that pull them daily space requests 1.5 s apart, so we send one
 * request every two seconds. Errors and "no data" come back as plain-text 200 bodies ("No record(s)
 * found", "Report Format is Required"), not JSON: the dataset's transform reads them, the vendor table has
 * no codes, and HTTP statuses decide the rest.
 */
import { defineProvider } from '../types.js';
import { occOptionsDaily } from './optionsDaily.js';

export const occ = defineProvider({
  name: 'occ',
  title: 'OCC market data',
  description:
    'Options Clearing Corporation volume query: daily cleared call/put volume per underlying (no key)',
  docs: 'https://www.theocc.com/market-data',
  baseUrl: 'https://marketdata.theocc.com',
  rateLimit: { perSecond: 0.5, burst: 1 },
  vendorErrors: { codePath: ['error'], codes: {} },
  credentials: [],
  datasets: { options_daily: occOptionsDaily },
});
