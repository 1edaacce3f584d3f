/**
 * The contract every dataset meets (shared/STYLE.md item 7), registered by the dataset's test file in one
 * line:
 *
 *   datasetContract(coinbase, 'bars', { input: { ... }, respond: (req) => ({ body: [...] }), rows: 24 });
 *
 * `respond` answers like the source does (recorded payloads, or payloads built to match its documented
 * examples), served from a local server on 127.0.0.1 through the base URL, with the network guard on; a
 * dataset that needs credentials gets them in `credentials`, as the CLI reads them from the environment.
 * Checked: the metadata is data and is consistent (registry, model, fills, base URL, rate limit, vendor
 * table, flags); the query is normalized (pure, JSON-clean, chunks deterministic; a bad interval, date
 * or symbol is an InvalidInputError naming the flag); extract returns the payload as the source sent it
 * (JSON, not yet rows) and sends a User-Agent that contains crashscope's (a source may want a contact
 * added to it); transform gives rows valid against the model, with unique keys and only the declared
 * columns filled, deterministically; an ingest writes exactly `rows` rows, a second one adds nothing,
 * every response is archived and an offline replay from the archive gives the same rows without a
 * request.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../errors.js';
import { readRows } from '../../../store/readers.js';
import { withStore } from '../../../store/store.js';
import { isModelName, type ModelName, modelByName } from '../../models/index.js';
import { readArchiveIndex } from '../archive.js';
import { createHttpClient, normalizeBaseUrl, USER_AGENT } from '../http.js';
import { type IngestPlan, ingest, planIngest, stampAndValidate } from '../ingest.js';
import { providers } from '../registry.js';
import {
  type AnyDataset,
  type ExtractContext,
  type Provider,
  QUERY_FLAGS,
  type QueryInput,
  type Transformed,
  VENDOR_ERROR_KINDS,
} from '../types.js';
import { installNetworkGuard } from './networkGuard.js';
import { type Handler, startServer, type TestServer } from './server.js';
import { testTransport } from './transport.js';

/** One worked example of a dataset. */
export interface ContractCase {
  /** Flags as the CLI passes them, with the clock reading `now`. */
  readonly input: QueryInput;
  /** Answers the dataset's requests like the source does. */
  readonly respond: Handler;
  /** Rows the whole query must give. */
  readonly rows: number;
  /**
   * Credentials by environment variable name, as the CLI reads them (src/cli/commands/ingest.ts): given to
   * planIngest, and to extract through the plan.
   */
  readonly credentials?: Readonly<Record<string, string>>;
  /** The exact User-Agent the source must receive; default crashscope's own (EDGAR prepends a contact). */
  readonly userAgent?: string;
}

const PROVENANCE = new Set(['source', 'quality']);

function jsonClean(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
}

function looksLikeRows(model: ModelName, raw: unknown): boolean {
  const schema = modelByName(model).schema;
  return (
    Array.isArray(raw) &&
    raw.length > 0 &&
    raw.every((r) => schema.safeParse({ ...(r as object), source: 'x', quality: 'observed' }).success)
  );
}

/**
 * Registers the contract tests of one dataset of a provider.
 * @example datasetContract(yahoo, 'bars', { input: { symbol: 'QQQ', from: '2020-01-02', to: '2020-01-02', now: '2025-02-20T12:00:00Z' }, respond: () => ({ body: qqq }), rows: 1 })
 */
export function datasetContract(provider: Provider, datasetName: ModelName, example: ContractCase): void {
  describe(`${provider.name} ${datasetName} meets the dataset contract`, () => {
    installNetworkGuard();
    let server: TestServer;
    let dir: string;
    beforeAll(async () => {
      server = await startServer(example.respond);
      dir = mkdtempSync(join(tmpdir(), `crashscope-contract-${provider.name}-`));
    });
    afterAll(async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    });
    const dataset = (): AnyDataset => {
      const d = provider.datasets[datasetName];
      if (d === undefined) throw new Error(`${provider.name} has no dataset ${datasetName}`);
      return d;
    };
    const plan = (): IngestPlan =>
      planIngest({
        provider: provider.name,
        dataset: datasetName,
        input: example.input,
        baseUrl: server.baseUrl,
        ...(example.credentials === undefined ? {} : { credentials: example.credentials }),
        providers: [provider],
      });
    const extractAll = async (p: IngestPlan): Promise<unknown[]> => {
      const fetch = createHttpClient({ provider, dataset: datasetName, transport: testTransport() });
      const ctx: ExtractContext = {
        fetch,
        baseUrl: p.baseUrl,
        credentials: p.credentials,
        progress: () => undefined,
      };
      const raws: unknown[] = [];
      for (const chunk of p.chunks) raws.push(await p.dataset.extract(chunk, ctx));
      return raws;
    };

    it('is registered and declares its metadata as data', () => {
      expect(providers, `${provider.name} is in src/data/providers/registry.ts`).toContain(provider);
      expect(providers.filter((p) => p.name === provider.name)).toHaveLength(1);
      expect(provider.name).toMatch(/^[a-z][a-z0-9-]*$/);
      expect(provider.title.length).toBeGreaterThan(0);
      expect(provider.description).not.toMatch(/\n/);
      expect(provider.docs).toMatch(/^https:\/\//);
      expect(normalizeBaseUrl(provider.baseUrl)).toBe(provider.baseUrl);
      expect(provider.baseUrl).toMatch(/^https:\/\//);
      expect(Number.isFinite(provider.rateLimit.perSecond) && provider.rateLimit.perSecond > 0).toBe(true);
      expect(provider.rateLimit.burst).toBeGreaterThanOrEqual(1);
      expect(provider.vendorErrors.codePath.length).toBeGreaterThan(0);
      for (const [code, kind] of Object.entries(provider.vendorErrors.codes)) {
        expect(VENDOR_ERROR_KINDS, `vendor code '${code}'`).toContain(kind);
      }
      for (const c of provider.credentials) expect(c.env).toMatch(/^[A-Z][A-Z0-9_]*$/);

      const d = dataset();
      expect(isModelName(datasetName)).toBe(true);
      expect(d.model).toBe(datasetName);
      expect(d.description).not.toMatch(/\n/);
      expect(d.endpoint).toMatch(/^\//);
      const columns = modelByName(datasetName).columns.map((c) => c.name);
      expect(new Set(d.fills).size).toBe(d.fills.length);
      for (const f of d.fills) {
        expect(columns, `fills '${f}'`).toContain(f);
        expect(PROVENANCE.has(f), `'${f}' is stamped by the ingest, not filled`).toBe(false);
      }
      for (const [flag, help] of Object.entries(d.flags)) {
        expect(QUERY_FLAGS as readonly string[]).toContain(flag);
        expect(help?.length ?? 0).toBeGreaterThan(0);
      }
    });

    it('normalizes the query: pure, JSON-clean, and a bad flag is an error naming it', () => {
      const d = dataset();
      const q = d.transformQuery(example.input);
      expect(d.transformQuery(example.input)).toEqual(q);
      expect(jsonClean(q)).toEqual(q);
      const chunks = d.chunks ? d.chunks(q) : [q];
      expect(chunks.length).toBeGreaterThan(0);
      expect(d.chunks ? d.chunks(q) : [q]).toEqual(chunks);
      expect(jsonClean(chunks)).toEqual(chunks);
      const bad: [keyof typeof d.flags, Partial<QueryInput>, string][] = [
        ['interval', { interval: 'fortnight' }, '--interval'],
        ['from', { from: '2026-02-30' }, '--from'],
        ['to', { to: '05/02/2026' }, '--to'],
        ['symbol', { symbol: 'not a symbol!' }, '--symbol'],
      ];
      for (const [flag, patch, named] of bad) {
        if (d.flags[flag] === undefined) continue;
        const call = (): unknown => d.transformQuery({ ...example.input, ...patch });
        expect(call, JSON.stringify(patch)).toThrow(InvalidInputError);
        expect(call, JSON.stringify(patch)).toThrow(named);
      }
      if (d.flags.from !== undefined && d.flags.to !== undefined) {
        const call = (): unknown =>
          d.transformQuery({ ...example.input, from: '2026-02-06', to: '2026-02-05' });
        expect(call).toThrow(InvalidInputError);
        expect(call).toThrow('--from');
      }
    });

    it('extracts the payload as the source sent it, through the base URL, with the User-Agent', async () => {
      const before = server.requests.length;
      const raws = await extractAll(plan());
      const sent = server.requests.slice(before);
      expect(sent.length).toBeGreaterThan(0);
      for (const r of sent) {
        expect(['GET', 'POST']).toContain(r.method);
        expect(r.headers['user-agent']).toBe(example.userAgent ?? USER_AGENT);
      }
      for (const raw of raws) {
        expect(jsonClean(raw)).toEqual(raw);
        expect(looksLikeRows(datasetName, raw), 'extract must return the payload, not rows').toBe(false);
      }
    });

    it('transforms into rows valid against the model, with unique keys, deterministically', async () => {
      const p = plan();
      const raws = await extractAll(p);
      const model = modelByName(datasetName);
      const notFilled = model.columns
        .map((c) => c.name)
        .filter((c) => !PROVENANCE.has(c) && !(p.dataset.fills as readonly string[]).includes(c));
      const keys = new Set<string>();
      let count = 0;
      p.chunks.forEach((chunk, i) => {
        const out: Transformed<ModelName> = p.dataset.transform(chunk, raws[i]);
        expect(p.dataset.transform(chunk, raws[i])).toEqual(out);
        expect(p.dataset.transform(chunk, jsonClean(raws[i]))).toEqual(out);
        const rows = stampAndValidate(p, out);
        for (const row of rows) {
          for (const f of p.dataset.fills)
            expect(row[f], `${f} in ${JSON.stringify(row)}`).not.toBe(undefined);
          for (const c of notFilled) expect(row[c] ?? null, `${c} is not in fills`).toBe(null);
          const key = model.key.map((k) => String(row[k])).join('|');
          expect(keys.has(key), `key ${key} repeated across chunks`).toBe(false);
          keys.add(key);
        }
        for (const s of out.skipped ?? []) expect(Number.isInteger(s.count) && s.count >= 0).toBe(true);
        for (const g of out.gaps ?? []) {
          expect(g.from < g.to, JSON.stringify(g)).toBe(true);
          expect(g.missing).toBeGreaterThanOrEqual(1);
        }
        count += rows.length;
      });
      expect(count).toBe(example.rows);
    });

    it('ingests idempotently, archives every response and replays offline without a request', async () => {
      const archiveDir = join(dir, 'archive');
      const runtime = { ingestedAt: '2026-02-06T00:00:00Z', transport: testTransport(), archiveDir };
      await withStore(':memory:', {}, async (db) => {
        const first = await ingest(db, plan(), runtime);
        expect(first.rows).toBe(example.rows);
        expect(first.inserted).toBe(example.rows);
        expect(first.archived).toBe(first.requests);
        const index = readArchiveIndex(archiveDir, provider.name);
        expect(index.length).toBe(first.requests);
        for (const e of index) expect(e.url.startsWith(server.baseUrl)).toBe(true);

        const again = await ingest(db, plan(), { ...runtime, ingestedAt: '2026-02-07T00:00:00Z' });
        expect({ inserted: again.inserted, updated: again.updated, unchanged: again.unchanged }).toEqual({
          inserted: 0,
          updated: 0,
          unchanged: example.rows,
        });

        const sent = server.requests.length;
        const refuse = testTransport({
          fetch: () => Promise.reject(new Error('offline replay must not use the network')),
        });
        const replay = await ingest(db, plan(), { ...runtime, transport: refuse, offline: true });
        expect(server.requests.length).toBe(sent);
        expect(replay.archived).toBe(0);
        expect({ rows: replay.rows, unchanged: replay.unchanged }).toEqual({
          rows: example.rows,
          unchanged: example.rows,
        });
        const stored = await readRows(db, datasetName, {});
        expect(stored.length).toBe(example.rows);
      });
    });
  });
}
