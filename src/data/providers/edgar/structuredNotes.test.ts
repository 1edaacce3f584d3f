import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AccessDeniedError, InvalidInputError, PayloadError } from '../../../errors.js';
import { readRows } from '../../../store/readers.js';
import { withStore } from '../../../store/store.js';
import { parseCsvRecord } from '../../import/csvText.js';
import { importFile } from '../../import/importFile.js';
import { modelByName } from '../../models/index.js';
import { createHttpClient, USER_AGENT } from '../http.js';
import { ingest, planIngest } from '../ingest.js';
import { datasetContract } from '../testkit/contract.js';
import { installNetworkGuard } from '../testkit/networkGuard.js';
import { type IngestRun, type RunIngestOptions, type RunInput, runIngest } from '../testkit/runIngest.js';
import { type Handler, startServer } from '../testkit/server.js';
import { type TestTransport, testTransport } from '../testkit/transport.js';
import { edgar } from './index.js';
import {
  DOCUMENT_ENDPOINT,
  type EdgarNotesQuery,
  edgarStructuredNotes,
  issuerName,
  SEARCH_PATH,
  USER_AGENT_ENV,
} from './structuredNotes.js';

installNetworkGuard();

const read = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
interface Hit {
  _id: string;
  _source: { file_date: string } & Record<string, unknown>;
}
/** A constructed EDGAR full-text search answer (see fixtures/README.md). */
const search = JSON.parse(read('efts.424B2.iShares-Bitcoin-Trust.json')) as {
  hits: { total: unknown; hits: Hit[] } & Record<string, unknown>;
} & Record<string, unknown>;

const JPM = '/Archives/edgar/data/1665650/000121390025112233/ea0263001-01_424b2.htm';
const BARCLAYS = '/Archives/edgar/data/312070/000095010325015511/dp234567_424b2-ibit.htm';
const UBS = '/Archives/edgar/data/1114446/000183988225045678/ubs_424b2-120125.htm';
const JPM_PRELIMINARY = '/Archives/edgar/data/1665650/000121390026002211/ea0270011-01_424b2.htm';
const DOCUMENTS: Readonly<Record<string, string>> = {
  [JPM]: read('jpm-autocall-trigger-final.htm'),
  [BARCLAYS]: read('barclays-knock-in-daily.htm'),
  [UBS]: read('ubs-downside-threshold-final.htm'),
  [JPM_PRELIMINARY]: read('jpm-preliminary-incomplete.htm'),
};
const CONTACT = 'Crashscope Tests tests@example.com';
const CREDENTIALS = { [USER_AGENT_ENV]: CONTACT };
const SOURCE = `edgar:${DOCUMENT_ENDPOINT}`;

/** Answers like EDGAR: search hits filtered by startdt/enddt and paged by `from`; documents by path. */
function sec(pageSize = 100): Handler {
  return (req) => {
    if (!/@/.test(req.headers['user-agent'] ?? '')) {
      return {
        status: 403,
        headers: { 'content-type': 'text/html' },
        body: '<h1>Your Request Originates from an Undeclared Automated Tool</h1>',
      };
    }
    if (req.path === SEARCH_PATH) {
      const hits = search.hits.hits.filter(
        (h) => h._source.file_date >= req.query.startdt! && h._source.file_date <= req.query.enddt!,
      );
      const from = Number(req.query.from ?? 0);
      return {
        body: {
          ...search,
          hits: {
            ...search.hits,
            total: { value: hits.length, relation: 'eq' },
            hits: hits.slice(from, from + pageSize),
          },
        },
      };
    }
    const doc = DOCUMENTS[req.path];
    return doc === undefined
      ? { status: 404, headers: { 'content-type': 'text/html' }, body: '<html>Not Found</html>' }
      : { headers: { 'content-type': 'text/html' }, body: doc };
  };
}

const tmp = mkdtempSync(join(tmpdir(), 'crashscope-edgar-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;
const tmpPath = (name: string): string => join(tmp, `${++n}-${name}`);

const NOV_DEC = { from: '2025-11-01', to: '2025-12-31', now: '2026-02-10T00:00:00Z' };

const run = (
  handler: Handler,
  input: RunInput,
  options: Pick<RunIngestOptions, 'credentials' | 'transport' | 'archiveDir' | 'offline'> = {},
): Promise<IngestRun> =>
  runIngest({
    provider: 'edgar',
    dataset: 'structured_notes',
    handler,
    input,
    credentials: CREDENTIALS,
    ...options,
    now: '2026-02-10T00:00:00Z',
  });

const HEADER =
  'note_id,issuer,underlying,pricing_date,initial_level,barrier_pct,barrier_level,barrier_monitoring,autocall_pct,coupon_pct,maturity,notional_usd,source_url,source,quality';
/** The three final supplements of November-December 2025, read off the fixtures by hand. */
const NOV_DEC_DRAFT = [
  HEADER,
  `06745QAB5,BARCLAYS BANK PLC,IBIT,2025-11-14,64.5,0.6,38.7,daily,,,2027-11-19,3000000,https://www.sec.gov${BARCLAYS},${SOURCE},published`,
  `48136HQW1,JPMorgan Chase Financial Co. LLC,IBIT,2025-11-21,72.67,0.6,43.6,final,1,0.1425,2030-11-26,2150000,https://www.sec.gov${JPM},${SOURCE},published`,
  `90308VAB7,UBS AG,IBIT,2025-12-01,58.44,0.7,40.91,final,1,0.125,2028-12-04,1250000,https://www.sec.gov${UBS},${SOURCE},published`,
  '',
].join('\n');

datasetContract(edgar, 'structured_notes', {
  input: { ...NOV_DEC, params: { store: 'true' } },
  respond: sec(),
  rows: 3,
  credentials: CREDENTIALS,
  userAgent: `${CONTACT} ${USER_AGENT}`,
});

describe('edgar structured_notes: what the dataset contract leaves to EDGAR', () => {
  it('declares the contact credential, SEC fair-access rate, all columns filled, published quality', () => {
    expect(edgar.credentials).toEqual([expect.objectContaining({ env: USER_AGENT_ENV, required: true })]);
    // SEC: "no more than 10 requests per second"; we declare at most half, bursts included.
    expect(edgar.rateLimit.perSecond + edgar.rateLimit.burst).toBeLessThanOrEqual(10);
    expect(edgar.rateLimit.perSecond).toBeLessThanOrEqual(5);
    const columns = modelByName('structured_notes').columns.map((c) => c.name);
    expect(columns.filter((c) => c !== 'source' && c !== 'quality')).toEqual([...edgarStructuredNotes.fills]);
    expect(edgarStructuredNotes.quality).toBe('published');
    expect(edgarStructuredNotes.endpoint).toBe('/Archives/edgar/data/{cik}/{accession}/{document}');
  });

  it('normalizes the query: one chunk per calendar month, bad params named', () => {
    const input = { ...NOV_DEC, from: '2025-11-10', to: '2026-01-05', params: { out: 'd.csv' } };
    const q = edgarStructuredNotes.transformQuery(input);
    expect(q).toMatchObject({ symbol: 'IBIT', phrase: 'iShares Bitcoin Trust', store: false, out: 'd.csv' });
    expect(edgarStructuredNotes.chunks!(q).map((c) => [c.from, c.to, c.part, c.parts])).toEqual([
      ['2025-11-10', '2025-11-30', 1, 3],
      ['2025-12-01', '2025-12-31', 2, 3],
      ['2026-01-01', '2026-01-05', 3, 3],
    ]);
    const bad: [object, string][] = [
      [{ symbol: 'XYZ' }, '--param phrase=<fund name> is required for --symbol XYZ'],
      [{ params: { out: 'd.csv', phrase: 'say "hi"' } }, '--param phrase=say "hi"'],
      [{ params: {} }, '--param out=<draft.csv> is required'],
      [{ params: { out: 'd.txt' } }, '--param out=d.txt: the draft is a .csv file'],
      [{ params: { out: 'd.csv', store: 'yes' } }, '--param store=yes: true or false'],
    ];
    for (const [patch, named] of bad) {
      const call = (): unknown => edgarStructuredNotes.transformQuery({ ...input, ...patch });
      expect(call, JSON.stringify(patch)).toThrow(InvalidInputError);
      expect(call, JSON.stringify(patch)).toThrow(named);
    }
    expect(edgarStructuredNotes.transformQuery({ ...input, params: { store: 'true' } })).toMatchObject({
      store: true,
      out: null,
    });
  });

  it("extracts searches and documents with GETs whose User-Agent is the contact, then crashscope's", async () => {
    const server = await startServer(sec());
    try {
      const plan = planIngest({
        provider: 'edgar',
        dataset: 'structured_notes',
        input: { ...NOV_DEC, params: { store: 'true' } },
        baseUrl: server.baseUrl,
        credentials: CREDENTIALS,
      });
      const fetch = createHttpClient({
        provider: edgar,
        dataset: 'structured_notes',
        transport: testTransport(),
      });
      const ctx = { fetch, baseUrl: plan.baseUrl, credentials: plan.credentials, progress: () => undefined };
      for (const chunk of plan.chunks) {
        const raw = await plan.dataset.extract(chunk, ctx);
        expect(Object.keys(raw as object)).toEqual(['searches', 'documents']);
      }
      expect(server.requests.length).toBe(5);
      for (const r of server.requests) {
        expect(r.method).toBe('GET');
        expect(r.headers['user-agent']).toBe(`${CONTACT} ${USER_AGENT}`);
      }
    } finally {
      await server.close();
    }
  });
});

describe('edgar structured_notes: the draft CSV (default) and the store (--param store=true)', () => {
  it('writes the draft, stores nothing, and the draft imports as it is once complete', async () => {
    const out = tmpPath('draft.csv');
    const r = await run(sec(), { ...NOV_DEC, params: { out } });
    expect(r.error).toBeUndefined();
    expect(r.rows).toEqual([]);
    expect(r.summary).toMatchObject({ rows: 0, inserted: 0, requests: 5 });
    expect(r.summary!.skipped).toEqual([
      { reason: 'not_pricing_supplement', count: 1 },
      { reason: 'draft_complete', count: 3 },
    ]);
    expect(readFileSync(out, 'utf8')).toBe(NOV_DEC_DRAFT);
    expect(readFileSync(out.replace(/\.csv$/, '.warnings.txt'), 'utf8')).toBe('');
    expect(r.notes).toContain(
      `edgar: 2 notes of 2025-11-01..2025-11-30 drafted in ${out} (0 to complete or check; warnings in ${out.replace(/\.csv$/, '.warnings.txt')})`,
    );
    await withStore(':memory:', {}, async (db) => {
      const result = await importFile(
        db,
        { path: out, model: 'structured_notes' },
        { ingestedAt: '2026-02-10T00:00:00Z' },
      );
      expect(result.rows).toBe(3);
      const stored = (await readRows(db, 'structured_notes', {})) as unknown as Record<string, unknown>[];
      expect(stored.map((s) => [s.note_id, s.quality, s.source]).sort()).toEqual([
        ['06745QAB5', 'published', SOURCE],
        ['48136HQW1', 'published', SOURCE],
        ['90308VAB7', 'published', SOURCE],
      ]);
    });
  });

  it('leaves the terms it could not read empty in the draft, with a warning each, and never stores them', async () => {
    const out = tmpPath('january.csv');
    const input = { from: '2026-01-01', to: '2026-01-31', now: NOV_DEC.now, params: { out, store: 'true' } };
    const r = await run(sec(), input);
    expect(r.error).toBeUndefined();
    expect(r.rows).toEqual([]);
    expect(r.summary!.skipped).toEqual([{ reason: 'preliminary', count: 1 }]);
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    const cells = Object.fromEntries(HEADER.split(',').map((c, i) => [c, parseCsvRecord(lines[1]!)[i]]));
    expect(cells).toEqual({
      note_id: '0001213900-26-002211',
      issuer: 'JPMorgan Chase Financial Co. LLC',
      underlying: 'IBIT',
      pricing_date: '2026-01-13',
      initial_level: '',
      barrier_pct: '0.6',
      barrier_level: '',
      barrier_monitoring: 'final',
      autocall_pct: '',
      coupon_pct: '',
      maturity: '2031-01-16',
      notional_usd: '',
      source_url: `https://www.sec.gov${JPM_PRELIMINARY}`,
      source: SOURCE,
      quality: 'published',
    });
    const where = `0001213900-26-002211 (https://www.sec.gov${JPM_PRELIMINARY})`;
    const warnings = [
      'preliminary pricing supplement: the terms are not final',
      'no CUSIP with a valid check digit found',
      'initial_level not stated as a price after "Initial Value:"',
      'barrier_level not stated after "Trigger Value:"',
      'notional_usd not found (aggregate principal amount)',
      'note_id is the accession number 0001213900-26-002211',
    ].map((w) => `${where}: ${w}`);
    expect(readFileSync(out.replace(/\.csv$/, '.warnings.txt'), 'utf8')).toBe(
      warnings.map((w) => `${w}\n`).join(''),
    );
    for (const w of warnings) expect(r.notes).toContain(`edgar: ${w}`);
  });

  it('stores the complete final notes with --param store=true, idempotently, as published rows', async () => {
    const input = { from: '2025-11-01', to: '2026-01-31', now: NOV_DEC.now, params: { store: 'true' } };
    const server = await startServer(sec());
    try {
      await withStore(':memory:', {}, async (db) => {
        const plan = planIngest({
          provider: 'edgar',
          dataset: 'structured_notes',
          input,
          baseUrl: server.baseUrl,
          credentials: CREDENTIALS,
        });
        const runtime = { ingestedAt: '2026-02-10T00:00:00Z', transport: testTransport() };
        const first = await ingest(db, plan, runtime);
        expect(first).toMatchObject({ rows: 3, inserted: 3, requests: 7 });
        expect(first.skipped).toEqual([
          { reason: 'not_pricing_supplement', count: 1 },
          { reason: 'preliminary', count: 1 },
        ]);
        const again = await ingest(db, plan, { ...runtime, ingestedAt: '2026-02-11T00:00:00Z' });
        expect({ inserted: again.inserted, updated: again.updated, unchanged: again.unchanged }).toEqual({
          inserted: 0,
          updated: 0,
          unchanged: 3,
        });
        const stored = (await readRows(db, 'structured_notes', {})) as unknown as Record<string, unknown>[];
        const jpm = stored.find((s) => s.note_id === '48136HQW1')!;
        expect(jpm).toMatchObject({
          issuer: 'JPMorgan Chase Financial Co. LLC',
          underlying: 'IBIT',
          pricing_date: '2025-11-21',
          initial_level: 72.67,
          barrier_pct: 0.6,
          barrier_level: 43.6,
          barrier_monitoring: 'final',
          autocall_pct: 1,
          coupon_pct: 0.1425,
          maturity: '2030-11-26',
          notional_usd: 2150000,
          source_url: `https://www.sec.gov${JPM}`,
          source: SOURCE,
          quality: 'published',
        });
        expect(stored.find((s) => s.note_id === '06745QAB5')).toMatchObject({
          barrier_monitoring: 'daily',
          autocall_pct: null,
          coupon_pct: null,
        });
      });
    } finally {
      await server.close();
    }
  });

  it('archives every response and regenerates the same draft offline, without a request', async () => {
    const archiveDir = tmpPath('archive');
    const out = tmpPath('online.csv');
    const online = await run(sec(), { ...NOV_DEC, params: { out } }, { archiveDir });
    expect(online.summary).toMatchObject({ requests: 5, archived: 5 });
    rmSync(out);
    const refuse = testTransport({
      fetch: () => Promise.reject(new Error('offline replay must not use the network')),
    });
    const offline = await run(
      sec(),
      { ...NOV_DEC, params: { out } },
      { archiveDir, offline: true, transport: refuse },
    );
    expect(offline.error).toBeUndefined();
    expect(offline.requests).toHaveLength(0);
    expect(readFileSync(out, 'utf8')).toBe(NOV_DEC_DRAFT);
  });
});

describe('edgar structured_notes: the User-Agent SEC requires and its rate limit', () => {
  it('refuses to plan without CRASHSCOPE_SEC_USER_AGENT, naming it and what SEC asks for', () => {
    const call = (): unknown =>
      planIngest({
        provider: 'edgar',
        dataset: 'structured_notes',
        input: { ...NOV_DEC, params: { out: 'd.csv' } },
        credentials: {},
      });
    expect(call).toThrow(InvalidInputError);
    expect(call).toThrow(
      "edgar needs CRASHSCOPE_SEC_USER_AGENT (your name and e-mail address, sent as the User-Agent SEC requires, e.g. 'Sample Company Name AdminContact@example.com')",
    );
  });

  it('refuses a User-Agent without an e-mail address before any request', async () => {
    const r = await run(
      sec(),
      { ...NOV_DEC, params: { store: 'true' } },
      { credentials: { [USER_AGENT_ENV]: 'crashscope' } },
    );
    expect(r.error).toBeInstanceOf(InvalidInputError);
    expect((r.error as Error).message).toContain(
      "CRASHSCOPE_SEC_USER_AGENT: 'crashscope' has no contact e-mail address",
    );
    expect(r.requests).toHaveLength(0);
  });

  it("explains SEC's 403 (undeclared tool) in the one-line error", async () => {
    const r = await run(
      () => ({
        status: 403,
        headers: { 'content-type': 'text/html' },
        body: '<h1>Undeclared Automated Tool</h1>',
      }),
      {
        ...NOV_DEC,
        params: { store: 'true' },
      },
    );
    expect(r.error).toBeInstanceOf(AccessDeniedError);
    expect((r.error as Error).message).toContain('access denied (HTTP 403)');
    expect((r.error as Error).message).toContain(
      'SEC refuses requests without a declared User-Agent or above 10 requests/s: check that CRASHSCOPE_SEC_USER_AGENT names you and your e-mail address',
    );
    expect(r.requests).toHaveLength(1);
  });

  it('pages the search by `from` and never sends more than 6 requests in any second (SEC allows 10)', async () => {
    const times: number[] = [];
    const base = testTransport();
    const transport: TestTransport = {
      ...base,
      fetch: (url, init) => {
        times.push(base.now());
        return globalThis.fetch(url, init);
      },
    };
    const r = await run(sec(1), { ...NOV_DEC, params: { store: 'true' } }, { transport });
    expect(r.summary).toMatchObject({ rows: 3, requests: 7 });
    const searches = r.requests.filter((q) => q.path === SEARCH_PATH);
    expect(searches.map((q) => [q.query.startdt, q.query.from])).toEqual([
      ['2025-11-01', undefined],
      ['2025-11-01', '1'],
      ['2025-11-01', '2'],
      ['2025-12-01', undefined],
    ]);
    expect(searches[0]!.query).toMatchObject({
      q: '"iShares Bitcoin Trust"',
      forms: '424B2',
      dateRange: 'custom',
      enddt: '2025-11-30',
    });
    // Token bucket of 5 per second with a burst of 2: two at once, then one every 200 ms.
    const t0 = times[0]!;
    expect(times.map((t) => t - t0)).toEqual([0, 0, 200, 400, 600, 800, 1000]);
    const inAnySecond = Math.max(...times.map((t) => times.filter((u) => u >= t && u < t + 1000).length));
    expect(inAnySecond).toBe(6);
  });
});

describe('edgar structured_notes: payloads not shaped like EDGAR', () => {
  const q: EdgarNotesQuery = {
    ...edgarStructuredNotes.transformQuery({ ...NOV_DEC, params: { store: 'true' } }),
  };
  const page = (hits: unknown): unknown => ({ ...search, hits: { ...search.hits, hits } });
  const hit0 = search.hits.hits[0]!;

  it('names the field, and stores nothing from the chunk', async () => {
    const cases: [unknown, string][] = [
      [
        { searches: [{ hits: {} }], documents: [] },
        'payload field searches[0].hits.hits: missing: expected an array of hits',
      ],
      [
        { searches: [page([{ ...hit0, _id: 'nope' }])], documents: [] },
        'payload field searches[0].hits.hits[0]._id: "nope"',
      ],
      [
        {
          searches: [page([{ ...hit0, _source: { ...hit0._source, file_date: '11/24/2025' } }])],
          documents: [],
        },
        'payload field searches[0].hits.hits[0]._source.file_date: "11/24/2025"',
      ],
      [
        { searches: [page([{ ...hit0, _source: { ...hit0._source, ciks: [] } }])], documents: [] },
        'payload field searches[0].hits.hits[0]._source.ciks: []',
      ],
      [
        { searches: [page([hit0])], documents: [] },
        `payload field documents: "${JPM}": expected the document of every filing found`,
      ],
    ];
    for (const [payload, message] of cases) {
      const call = (): unknown => edgarStructuredNotes.transform(q, payload);
      expect(call, message).toThrow(PayloadError);
      expect(call, message).toThrow(`edgar structured_notes: ${message}`);
    }
    const r = await run(() => ({ body: { took: 3, hits: { total: { value: 1 } } } }), {
      ...NOV_DEC,
      params: { store: 'true' },
    });
    expect(r.error).toBeInstanceOf(PayloadError);
    expect(r.rows).toEqual([]);
  });

  it('keeps the later of two filings of the same CUSIP, and says which it superseded', () => {
    const later = {
      ...hit0,
      _id: '0001213900-25-119999:ea0263001-01_424b2.htm',
      _source: { ...hit0._source, adsh: '0001213900-25-119999', file_date: '2025-11-28' },
    };
    const laterPath = '/Archives/edgar/data/1665650/000121390025119999/ea0263001-01_424b2.htm';
    const raw = {
      searches: [page([hit0, later])],
      documents: [
        { path: JPM, body: DOCUMENTS[JPM]! },
        { path: laterPath, body: DOCUMENTS[JPM]! },
      ],
    };
    const out = edgarStructuredNotes.transform(q, raw);
    expect(out.rows.map((r) => [r.note_id, r.source_url])).toEqual([
      ['48136HQW1', `https://www.sec.gov${laterPath}`],
    ]);
    expect(out.skipped).toEqual([{ reason: 'superseded', count: 1 }]);
  });

  it('refuses a search with 10,000 hits or more (more than EDGAR returns) instead of missing filings', async () => {
    const tooMany = { ...search, hits: { ...search.hits, total: { value: 10000, relation: 'gte' } } };
    const r = await run(() => ({ body: tooMany }), { ...NOV_DEC, params: { store: 'true' } });
    expect(r.error).toBeInstanceOf(InvalidInputError);
    expect((r.error as Error).message).toContain(
      'the search for "iShares Bitcoin Trust" in 2025-11-01..2025-11-30 has 10000 or more hits, more than EDGAR full-text search returns',
    );
    expect(r.requests).toHaveLength(1);
  });

  it('reads issuer names as EDGAR displays filers', () => {
    expect(issuerName('JPMorgan Chase Financial Co. LLC  (CIK 0001665650)')).toBe(
      'JPMorgan Chase Financial Co. LLC',
    );
    expect(issuerName('JPMORGAN CHASE & CO  (JPM, AMJB, JPM-PC, JPM-PD)  (CIK 0000019617)')).toBe(
      'JPMORGAN CHASE & CO',
    );
    expect(issuerName('UBS AG  (UBS)  (CIK 0001114446)')).toBe('UBS AG');
  });
});
