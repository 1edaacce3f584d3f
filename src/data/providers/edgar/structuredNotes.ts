/**
 * SEC EDGAR -> `structured_notes`: a finder for the pricing supplements (form 424B2) of notes linked to one
 * underlying, whose terms are read off the filing text and written to a DRAFT CSV for a person to
 * confirm. Rows reach the store only with `--param store=true`, and then only complete, final ones.
 *
 * Endpoints:
 * - EDGAR full-text search, `GET https://efts.sec.gov/LATEST/search-index?q="<phrase>"&forms=424B2&
 *   dateRange=custom&startdt=YYYY-MM-DD&enddt=YYYY-MM-DD&from=<offset>` (the JSON behind
 *   https://efts.sec.gov/LATEST/search-index, used by https://www.sec.gov/edgar/search/). An
 *   Elasticsearch-style body: `{ hits: { total: { value, relation }, hits: [{ _id: '<adsh>:<file>',
 *   _source: { ciks: ['0001665650', ...], display_names: ['JPMorgan Chase Financial Co. LLC  (CIK
 *   0001665650)', ...], root_forms: ['424B2'], form, file_type, file_date: 'YYYY-MM-DD', adsh, ... } }] } }`,
 *   100 hits per page, at most 10,000 per query (shape as recorded by public clients, e.g. a documented
 *   response with `_id: '0001641172-25-012903:form10-k.htm'`). The document is the part of `_id` after
 *   the colon; a filing's exhibits are hits of their own (`file_type` 'EX-...'), left out here.
 * - The filing document, `GET https://www.sec.gov/Archives/edgar/data/<cik>/<adsh without dashes>/<file>`
 *   (HTML). `--base-url` replaces both hosts (a mirror must serve both paths).
 *
 * Why a dataset, and the draft written in `extract`: the shared ingest writes whatever `transform`
 * returns into the store, and only `extract` may do I/O. Terms parsed by heuristics must not reach the
 * store unconfirmed, so `transform` returns rows only with `--param store=true` (and then only notes
 * with every required term, not preliminary, whose barrier adds up). The draft CSV is written by
 * `extract`, from the payload it has just fetched, through the same pure functions `transform` uses;
 * the payload returned is still the one the sources sent, so the archive and `--offline` replay work and
 * regenerate the same draft without a request. The draft's header is the model's columns plus `source`
 * and `quality`, so a confirmed draft imports with `crashscope import <draft.csv> --model
 * structured_notes`; a term not found is an empty cell, and the warnings go to `<draft>.warnings.txt`
 * and to the progress lines.
 *
 * Quality 'published': the figures come from a cited page (the filing, in `source_url`), read by
 * patterns rather than from a data feed. `note_id` is the CUSIP (check digit verified), else the
 * accession number; `issuer` is the first filer's name as EDGAR displays it; `underlying` is --symbol.
 *
 * SEC's fair-access policy (https://www.sec.gov/os/accessing-edgar-data) asks every script to declare
 * a User-Agent with a name and an e-mail address and to stay under 10 requests per second: the
 * User-Agent comes from CRASHSCOPE_SEC_USER_AGENT (a required credential), followed by crashscope's own.
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { AccessDeniedError, InvalidInputError } from '../../../errors.js';
import { type HttpClient, joinUrl, USER_AGENT } from '../http.js';
import { pageGuard } from '../pager.js';
import { payloadError, SkipCounter } from '../payload.js';
import { addDays, dateWindow, nowMs } from '../query.js';
import { type DataRowOf, defineDataset, type ExtractContext, type Skip } from '../types.js';
import { type DraftCell, draftCsv } from './draftCsv.js';
import { extractNoteTerms, htmlToText } from './noteTerms.js';

const WHERE = { provider: 'edgar', dataset: 'structured_notes' } as const;
export const SEC_WWW = 'https://www.sec.gov';
export const SEC_EFTS = 'https://efts.sec.gov';
export const SEARCH_PATH = '/LATEST/search-index';
export const DOCUMENT_ENDPOINT = '/Archives/edgar/data/{cik}/{accession}/{document}';
export const USER_AGENT_ENV = 'CRASHSCOPE_SEC_USER_AGENT';
const FORM = '424B2';
const DEFAULT_DAYS = 30;
/** EDGAR full-text search answers at most 10,000 hits per query. */
const MAX_HITS = 10_000;
const SYMBOL_RE = /^[A-Z][A-Z0-9.]{0,9}$/;
const PHRASE_RE = /^[A-Za-z0-9][A-Za-z0-9 &.,'®-]{1,98}[A-Za-z0-9.]$/;
const ADSH_RE = /^\d{10}-\d{2}-\d{6}$/;
const FILE_RE = /^[A-Za-z0-9_.-]+\.(?:htm|html|txt)$/i;
const ISO_DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const EMAIL_RE = /[^\s@]+@[^\s@]+\.[^\s@]+/;

/** The full-text search phrase of an underlying when --param phrase is not given. */
export const KNOWN_PHRASES: Readonly<Record<string, string>> = {
  IBIT: 'iShares Bitcoin Trust',
  FBTC: 'Fidelity Wise Origin Bitcoin Fund',
  GBTC: 'Grayscale Bitcoin Trust',
};

/** A normalized query; a chunk is one calendar month of it. */
export interface EdgarNotesQuery {
  /** Stored as `underlying` (e.g. 'IBIT'). */
  readonly symbol: string;
  /** Exact phrase searched in the filings' full text. */
  readonly phrase: string;
  /** First filing date, inclusive (YYYY-MM-DD). */
  readonly from: string;
  /** Last filing date, inclusive. */
  readonly to: string;
  /** Return complete notes as rows for the store (`--param store=true`). */
  readonly store: boolean;
  /** Draft CSV path (`--param out=`), or null. */
  readonly out: string | null;
  /** This chunk's number (1-based) and the number of chunks: chunk 1 starts the draft file. */
  readonly part: number;
  readonly parts: number;
}

/** The payload of one chunk: the search pages and the filing documents, as sent. */
export interface EdgarNotesRaw {
  readonly searches: readonly unknown[];
  readonly documents: readonly { readonly path: string; readonly body: string }[];
}

/** A pricing supplement found by the search. */
export interface FilingHit {
  readonly adsh: string;
  readonly cik: number;
  readonly file: string;
  readonly fileDate: string;
  readonly issuer: string;
  /** Path of the document under the base URL. */
  readonly path: string;
}

/** A note as read from its filing, complete or not. */
export interface DraftNote {
  readonly cells: Readonly<Record<string, DraftCell>>;
  readonly warnings: readonly string[];
  readonly preliminary: boolean;
  /** A cross-check failed: barrier level vs percentage, maturity after pricing, barrier range. */
  readonly inconsistent: boolean;
  readonly filing: FilingHit;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** The filing's canonical URL on sec.gov (whatever base URL fetched it). */
function secUrl(path: string): string {
  return `${SEC_WWW}${path}`;
}

/**
 * The issuer's name as EDGAR displays a filer, without the CIK and tickers.
 * @example issuerName('JPMorgan Chase Financial Co. LLC  (CIK 0001665650)') // 'JPMorgan Chase Financial Co. LLC'
 */
export function issuerName(displayName: string): string {
  return displayName
    .replace(/\s*\(CIK \d+\)\s*$/, '')
    .replace(/\s*\([A-Z0-9.,\- ]+\)\s*$/, '')
    .trim();
}

/** The hits of the search pages that are pricing supplements in the window, one per filing, in order. */
export function pickFilings(
  q: Pick<EdgarNotesQuery, 'from' | 'to'>,
  searches: readonly unknown[],
): { readonly filings: FilingHit[]; readonly skipped: Skip[] } {
  const skipped = new SkipCounter();
  const byAdsh = new Map<string, FilingHit>();
  searches.forEach((page, p) => {
    const hits = isRecord(page) && isRecord(page.hits) ? page.hits.hits : undefined;
    if (!Array.isArray(hits)) throw payloadError(WHERE, `searches[${p}].hits.hits`, hits, 'an array of hits');
    hits.forEach((h: unknown, i) => {
      const at = `searches[${p}].hits.hits[${i}]`;
      if (!isRecord(h) || !isRecord(h._source)) {
        throw payloadError(WHERE, `${at}._source`, isRecord(h) ? h._source : h, 'an object');
      }
      const s = h._source;
      const id = h._id;
      const colon = typeof id === 'string' ? id.indexOf(':') : -1;
      if (typeof id !== 'string' || colon < 0) {
        throw payloadError(WHERE, `${at}._id`, id, "'<accession>:<document file>'");
      }
      const adsh = typeof s.adsh === 'string' ? s.adsh : id.slice(0, colon);
      if (!ADSH_RE.test(adsh) || id.slice(0, colon) !== adsh) {
        throw payloadError(
          WHERE,
          `${at}._source.adsh`,
          s.adsh,
          'an accession number 0000000000-00-000000, as in _id',
        );
      }
      if (typeof s.file_date !== 'string' || !ISO_DATE_RE.test(s.file_date)) {
        throw payloadError(WHERE, `${at}._source.file_date`, s.file_date, 'a date YYYY-MM-DD');
      }
      const ciks = s.ciks;
      if (
        !Array.isArray(ciks) ||
        ciks.length === 0 ||
        !ciks.every((c) => typeof c === 'string' && /^\d{1,10}$/.test(c))
      ) {
        throw payloadError(WHERE, `${at}._source.ciks`, ciks, 'a non-empty array of CIKs (digit strings)');
      }
      const names = s.display_names;
      if (!Array.isArray(names) || typeof names[0] !== 'string') {
        throw payloadError(WHERE, `${at}._source.display_names`, names, 'an array of filer names');
      }
      const file = id.slice(colon + 1);
      const type = typeof s.file_type === 'string' ? s.file_type : s.form;
      if (s.file_date < q.from || s.file_date > q.to) {
        skipped.add('outside_window');
        return;
      }
      if (type !== FORM || !FILE_RE.test(file)) {
        skipped.add('not_pricing_supplement');
        return;
      }
      if (byAdsh.has(adsh)) {
        skipped.add('duplicate');
        return;
      }
      const cik = Number(ciks[0]);
      byAdsh.set(adsh, {
        adsh,
        cik,
        file,
        fileDate: s.file_date,
        issuer: issuerName(names[0]),
        path: `/Archives/edgar/data/${cik}/${adsh.replaceAll('-', '')}/${file}`,
      });
    });
  });
  const filings = [...byAdsh.values()].sort((a, b) =>
    a.fileDate === b.fileDate ? (a.adsh < b.adsh ? -1 : 1) : a.fileDate < b.fileDate ? -1 : 1,
  );
  return { filings, skipped: skipped.list() };
}

const REQUIRED: readonly string[] = [
  'pricing_date',
  'initial_level',
  'barrier_pct',
  'barrier_level',
  'barrier_monitoring',
  'maturity',
  'notional_usd',
];

/** Reads every filing of a payload into draft notes; later filings of the same note supersede earlier. */
export function draftNotes(
  q: EdgarNotesQuery,
  raw: unknown,
): { readonly notes: DraftNote[]; readonly skipped: Skip[] } {
  if (!isRecord(raw) || !Array.isArray(raw.searches) || !Array.isArray(raw.documents)) {
    throw payloadError(WHERE, '(payload)', raw, '{ searches: [...], documents: [...] }');
  }
  const { filings, skipped } = pickFilings(q, raw.searches);
  const bodies = new Map<string, string>();
  raw.documents.forEach((d: unknown, i) => {
    if (!isRecord(d) || typeof d.path !== 'string' || typeof d.body !== 'string') {
      throw payloadError(WHERE, `documents[${i}]`, d, '{ path, body }');
    }
    bodies.set(d.path, d.body);
  });
  const notes: DraftNote[] = [];
  const byId = new Map<string, number>();
  const superseded = new SkipCounter();
  for (const filing of filings) {
    const body = bodies.get(filing.path);
    if (body === undefined)
      throw payloadError(WHERE, 'documents', filing.path, 'the document of every filing found');
    const t = extractNoteTerms(htmlToText(body));
    const warnings = [...t.warnings];
    if (t.cusip === undefined) warnings.push(`note_id is the accession number ${filing.adsh}`);
    const cells: Record<string, DraftCell> = {
      note_id: t.cusip ?? filing.adsh,
      issuer: filing.issuer,
      underlying: q.symbol,
      pricing_date: t.pricingDate,
      initial_level: t.initialLevel,
      barrier_pct: t.barrierPct,
      barrier_level: t.barrierLevel,
      barrier_monitoring: t.barrierMonitoring,
      autocall_pct: t.autocallPct,
      coupon_pct: t.couponPct,
      maturity: t.maturity,
      notional_usd: t.notionalUsd,
      source_url: secUrl(filing.path),
      source: `edgar:${DOCUMENT_ENDPOINT}`,
      quality: 'published',
    };
    let inconsistent = t.inconsistent;
    if (t.pricingDate !== undefined && t.maturity !== undefined && t.maturity <= t.pricingDate) {
      inconsistent = true;
      warnings.push(`maturity ${t.maturity} is not after pricing_date ${t.pricingDate}`);
    }
    if (t.barrierPct !== undefined && !(t.barrierPct > 0 && t.barrierPct <= 1.5)) {
      inconsistent = true;
      warnings.push(`barrier_pct ${t.barrierPct} is not in (0, 1.5]`);
    }
    const note: DraftNote = { cells, warnings, preliminary: t.preliminary, inconsistent, filing };
    const id = String(cells.note_id);
    const earlier = byId.get(id);
    if (earlier !== undefined) {
      const old = notes[earlier]!;
      warnings.push(`supersedes filing ${old.filing.adsh} of ${old.filing.fileDate} for the same note_id`);
      notes[earlier] = note;
      superseded.add('superseded');
    } else {
      byId.set(id, notes.length);
      notes.push(note);
    }
  }
  return { notes, skipped: [...skipped, ...superseded.list()] };
}

/** Why a draft note cannot be stored, or undefined when it can. */
function notStorable(note: DraftNote): string | undefined {
  if (note.preliminary) return 'preliminary';
  if (REQUIRED.some((c) => note.cells[c] === undefined)) return 'incomplete_terms';
  // A cross-check failed (barrier, dates, range): a person decides.
  if (note.inconsistent) return 'inconsistent_terms';
  return undefined;
}

function warningsPath(out: string): string {
  return `${out.replace(/\.csv$/i, '')}.warnings.txt`;
}

/** Writes (chunk 1) or appends (later chunks) the draft CSV and its warnings file. */
function writeDraft(q: EdgarNotesQuery, notes: readonly DraftNote[], ctx: ExtractContext): void {
  const out = q.out!;
  const warn = notes.flatMap((n) =>
    n.warnings.map((w) => `${n.cells.note_id} (${n.cells.source_url}): ${w}`),
  );
  try {
    const write = q.part === 1 ? writeFileSync : appendFileSync;
    write(
      out,
      draftCsv(
        notes.map((n) => n.cells),
        q.part === 1,
      ),
    );
    write(warningsPath(out), warn.map((l) => `${l}\n`).join(''));
  } catch (error) {
    const code = (error as { code?: string }).code ?? String(error);
    throw new InvalidInputError('bad_flag', `--param out=${out}: cannot write the draft (${code})`, {
      details: { flag: '--param', param: 'out', path: out },
      cause: error,
    });
  }
  for (const line of warn) ctx.progress(`edgar: ${line}`);
  const incomplete = notes.filter((n) => notStorable(n) !== undefined).length;
  ctx.progress(
    `edgar: ${notes.length} note${notes.length === 1 ? '' : 's'} of ${q.from}..${q.to} drafted in ${out} (${incomplete} to complete or check; warnings in ${warningsPath(out)})`,
  );
}

/** The contact User-Agent SEC asks for, checked. */
function contactUserAgent(credentials: Readonly<Record<string, string>>): string {
  const ua = credentials[USER_AGENT_ENV]?.trim();
  if (ua === undefined || ua === '') {
    throw new InvalidInputError(
      'missing_credentials',
      `edgar needs ${USER_AGENT_ENV}: SEC's fair-access policy asks scripts to declare who they are, e.g. ${USER_AGENT_ENV}='Sample Company Name AdminContact@example.com' (https://www.sec.gov/os/accessing-edgar-data)`,
      { details: { provider: 'edgar', env: USER_AGENT_ENV } },
    );
  }
  if (!EMAIL_RE.test(ua) || /[\r\n]/.test(ua)) {
    throw new InvalidInputError(
      'bad_credentials',
      `${USER_AGENT_ENV}: '${ua}' has no contact e-mail address; SEC asks for a User-Agent like 'Sample Company Name AdminContact@example.com' (https://www.sec.gov/os/accessing-edgar-data)`,
      { details: { provider: 'edgar', env: USER_AGENT_ENV } },
    );
  }
  return ua;
}

/** GET through the shared client; a refusal says what SEC asks for. */
async function secGet(
  fetch: HttpClient,
  url: string,
  headers: Readonly<Record<string, string>>,
): Promise<Awaited<ReturnType<HttpClient>>> {
  try {
    return await fetch(url, { headers });
  } catch (error) {
    if (error instanceof AccessDeniedError) {
      throw new AccessDeniedError(
        error.code,
        `${error.message}; SEC refuses requests without a declared User-Agent or above 10 requests/s: check that ${USER_AGENT_ENV} names you and your e-mail address`,
        { details: error.details, cause: error },
      );
    }
    throw error;
  }
}

/** Calendar months of an inclusive date window, clipped to it. */
function months(from: string, to: string): { from: string; to: string }[] {
  const out: { from: string; to: string }[] = [];
  for (let start = from; start <= to; ) {
    const nextMonth = new Date(Date.UTC(Number(start.slice(0, 4)), Number(start.slice(5, 7)), 1));
    const end = addDays(nextMonth.toISOString().slice(0, 10), -1);
    out.push({ from: start, to: end < to ? end : to });
    start = addDays(end, 1);
  }
  return out;
}

export const edgarStructuredNotes = defineDataset<EdgarNotesQuery, unknown, 'structured_notes'>({
  model: 'structured_notes',
  description:
    'Structured-note terms read from 424B2 pricing supplements naming an underlying: a draft CSV to confirm (store only with --param store=true)',
  endpoint: DOCUMENT_ENDPOINT,
  fills: [
    'note_id',
    'issuer',
    'underlying',
    'pricing_date',
    'initial_level',
    'barrier_pct',
    'barrier_level',
    'barrier_monitoring',
    'autocall_pct',
    'coupon_pct',
    'maturity',
    'notional_usd',
    'source_url',
  ],
  flags: {
    symbol: `underlying ticker stored with each note (default IBIT; the search phrase is known for ${Object.keys(KNOWN_PHRASES).join(', ')})`,
    from: 'first filing date, YYYY-MM-DD (default: 29 days before --to)',
    to: 'last filing date, inclusive (default: today)',
  },
  params: [
    { name: 'out', description: 'the draft CSV to write (required unless store=true)' },
    {
      name: 'store',
      description: 'true: also store the complete, final notes (default false: draft only)',
    },
    {
      name: 'phrase',
      description: 'exact phrase searched in the filings (default: the fund name of --symbol)',
    },
  ],
  quality: 'published',

  transformQuery(input) {
    const symbol = (input.symbol ?? 'IBIT').trim().toUpperCase();
    if (!SYMBOL_RE.test(symbol)) {
      throw new InvalidInputError('bad_flag', `--symbol: '${input.symbol}' is not a ticker like IBIT`, {
        details: { flag: '--symbol', raw: input.symbol },
      });
    }
    const params = input.params ?? {};
    const phrase = (params.phrase ?? KNOWN_PHRASES[symbol] ?? '').trim();
    if (phrase === '') {
      throw new InvalidInputError(
        'missing_flag',
        `--param phrase=<fund name> is required for --symbol ${symbol} (known: ${Object.keys(KNOWN_PHRASES).join(', ')})`,
        { details: { flag: '--param', param: 'phrase' } },
      );
    }
    if (!PHRASE_RE.test(phrase)) {
      throw new InvalidInputError(
        'bad_flag',
        `--param phrase=${phrase}: 3 to 100 letters, digits, spaces and & . , ' - (no quotes)`,
        { details: { flag: '--param', param: 'phrase', raw: phrase } },
      );
    }
    const rawStore = params.store ?? 'false';
    if (rawStore !== 'true' && rawStore !== 'false') {
      throw new InvalidInputError('bad_flag', `--param store=${rawStore}: true or false`, {
        details: { flag: '--param', param: 'store', raw: rawStore },
      });
    }
    const store = rawStore === 'true';
    const out = params.out?.trim() || null;
    if (out === null && !store) {
      throw new InvalidInputError(
        'missing_flag',
        '--param out=<draft.csv> is required: the terms are read by heuristics and go to a draft CSV for a person to confirm (or give --param store=true to store the complete ones)',
        { details: { flag: '--param', param: 'out' } },
      );
    }
    if (out !== null && !/\.csv$/i.test(out)) {
      throw new InvalidInputError('bad_flag', `--param out=${out}: the draft is a .csv file`, {
        details: { flag: '--param', param: 'out', raw: out },
      });
    }
    nowMs(input);
    const { from, to } = dateWindow(input, DEFAULT_DAYS);
    return { symbol, phrase, from, to, store, out, part: 1, parts: 1 };
  },

  chunks(q) {
    const windows = months(q.from, q.to);
    return windows.map((w, i) => ({ ...q, ...w, part: i + 1, parts: windows.length }));
  },

  async extract(q, ctx) {
    const ua = contactUserAgent(ctx.credentials);
    const headers = { 'user-agent': `${ua} ${USER_AGENT}` };
    const searchBase = ctx.baseUrl === SEC_WWW ? SEC_EFTS : ctx.baseUrl;
    const searches: unknown[] = [];
    const guard = pageGuard('edgar structured_notes', 0, { direction: 'up' });
    for (let offset = 0; ; ) {
      const url = joinUrl(searchBase, SEARCH_PATH, {
        q: `"${q.phrase}"`,
        forms: FORM,
        dateRange: 'custom',
        startdt: q.from,
        enddt: q.to,
        ...(offset === 0 ? {} : { from: offset }),
      });
      const page = (await secGet(ctx.fetch, url, headers)).json();
      searches.push(page);
      const hits = isRecord(page) && isRecord(page.hits) ? page.hits : undefined;
      const list = hits?.hits;
      const total = isRecord(hits?.total) ? hits.total.value : undefined;
      // Anything unexpected ends the paging; transform names the field.
      if (!Array.isArray(list) || typeof total !== 'number' || list.length === 0) break;
      if (total >= MAX_HITS) {
        throw new InvalidInputError(
          'too_many_hits',
          `edgar structured_notes: the search for "${q.phrase}" in ${q.from}..${q.to} has ${MAX_HITS} or more hits, more than EDGAR full-text search returns; give a narrower --param phrase`,
          { details: { phrase: q.phrase, from: q.from, to: q.to } },
        );
      }
      offset += list.length;
      if (offset >= total) break;
      guard.next(page, offset);
    }
    const { filings } = pickFilings(q, searches);
    const documents: { path: string; body: string }[] = [];
    for (const [i, f] of filings.entries()) {
      ctx.progress(`edgar: ${f.fileDate} ${f.issuer} ${f.adsh} (${i + 1}/${filings.length})`);
      const res = await secGet(ctx.fetch, `${ctx.baseUrl}${f.path}`, {
        ...headers,
        accept: 'text/html, text/plain;q=0.9, */*;q=0.1',
      });
      documents.push({ path: f.path, body: res.body });
    }
    const raw: EdgarNotesRaw = { searches, documents };
    if (q.out !== null) writeDraft(q, draftNotes(q, raw).notes, ctx);
    return raw;
  },

  transform(q, raw) {
    const { notes, skipped } = draftNotes(q, raw);
    const counter = new SkipCounter();
    const rows: DataRowOf<'structured_notes'>[] = [];
    for (const note of notes) {
      const why = notStorable(note);
      if (!q.store) {
        counter.add(why === undefined ? 'draft_complete' : 'draft_to_check');
        continue;
      }
      if (why !== undefined) {
        counter.add(why);
        continue;
      }
      const c = note.cells;
      rows.push({
        note_id: String(c.note_id),
        issuer: String(c.issuer),
        underlying: String(c.underlying),
        pricing_date: String(c.pricing_date),
        initial_level: Number(c.initial_level),
        barrier_pct: Number(c.barrier_pct),
        barrier_level: Number(c.barrier_level),
        barrier_monitoring: c.barrier_monitoring as 'daily' | 'final',
        autocall_pct: c.autocall_pct === undefined ? null : Number(c.autocall_pct),
        coupon_pct: c.coupon_pct === undefined ? null : Number(c.coupon_pct),
        maturity: String(c.maturity),
        notional_usd: Number(c.notional_usd),
        source_url: String(c.source_url),
      });
    }
    rows.sort((a, b) =>
      a.pricing_date === b.pricing_date
        ? a.note_id < b.note_id
          ? -1
          : 1
        : a.pricing_date < b.pricing_date
          ? -1
          : 1,
    );
    return { rows, skipped: [...skipped, ...counter.list()] };
  },
});
