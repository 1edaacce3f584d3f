/**
 * SEC EDGAR (https://www.sec.gov/edgar): the full-text search (efts.sec.gov) and the filing archive
 * (www.sec.gov/Archives). No key, but SEC's fair-access policy (https://www.sec.gov/os/accessing-edgar-data)
 * requires a User-Agent that declares the requester ("Sample Company Name AdminContact@<sample company
 * domain>.com"), read from CRASHSCOPE_SEC_USER_AGENT, and "no more than 10 requests per second"; we send
 * 5 a second with bursts of 2, so that no second ever sees more than 6. Requests over the limit or
 * without a declared User-Agent get HTTP 403 with an HTML page.
 *
 * Error bodies: the archive answers errors with HTML pages (status only). The full-text search is backed by
 * Elasticsearch (its hits are `_index`/`_id`/`_source` objects); an error passed through would read
 * `{ error: { type, reason }, status }`, so the table reads those paths and maps two standard
 * Elasticsearch types. This is unverified: no recorded EFTS error body was found.
 */
import { defineProvider } from '../types.js';
import { edgarStructuredNotes, USER_AGENT_ENV } from './structuredNotes.js';

export const edgar = defineProvider({
  name: 'edgar',
  title: 'SEC EDGAR',
  description:
    'SEC EDGAR full-text search and filing archive: structured-note terms from 424B2 pricing supplements (contact User-Agent required)',
  docs: 'https://www.sec.gov/os/accessing-edgar-data',
  baseUrl: 'https://www.sec.gov',
  rateLimit: { perSecond: 5, burst: 2 },
  vendorErrors: {
    codePath: ['error', 'type'],
    messagePath: ['error', 'reason'],
    codes: {
      search_phase_execution_exception: 'bad_request',
      es_rejected_execution_exception: 'rate_limited',
    },
  },
  credentials: [
    {
      env: USER_AGENT_ENV,
      description:
        "your name and e-mail address, sent as the User-Agent SEC requires, e.g. 'Sample Company Name AdminContact@example.com'",
      required: true,
    },
  ],
  datasets: { structured_notes: edgarStructuredNotes },
});
