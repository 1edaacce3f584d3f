/**
 * Yahoo Finance's chart API (query2.finance.yahoo.com), used by most open-source market-data tools
 * (yfinance, node-yahoo-finance2). It is unofficial: no key and no published rate limit (bursts of
 * requests get HTTP 429, so we send about one a second), and its terms restrict use to personal
 * research. Errors come as `{ "chart": { "result": null, "error": { "code": "Not Found", "description":
 * "No data found, symbol may be delisted" } } }` (ranaroussi/yfinance issue #1548) with the matching HTTP
 * status; the codes are HTTP reason phrases. Codes not in the table fall back to the HTTP status, with
 * Yahoo's description in the message (e.g. "1m data not available for startTime=... The requested range
 * must be within the last 30 days", yfinance issue #2902).
 */
import { defineProvider } from '../types.js';
import { yahooBars } from './bars.js';

export const yahoo = defineProvider({
  name: 'yahoo',
  title: 'Yahoo Finance',
  description: 'Yahoo Finance chart API: daily and intraday bars of ETFs, stocks and indices (unofficial)',
  docs: 'https://github.com/gadicc/node-yahoo-finance2/blob/HEAD/docs/modules/chart.md',
  baseUrl: 'https://query2.finance.yahoo.com',
  rateLimit: { perSecond: 1, burst: 2 },
  vendorErrors: {
    codePath: ['chart', 'error', 'code'],
    messagePath: ['chart', 'error', 'description'],
    codes: {
      'Not Found': 'not_found',
      'Bad Request': 'bad_request',
      'Unprocessable Entity': 'bad_request',
      'Too Many Requests': 'rate_limited',
      'Internal Server Error': 'unavailable',
    },
  },
  credentials: [],
  datasets: { bars: yahooBars },
});
