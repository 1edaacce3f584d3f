/**
 * Ingest orchestration, the same for every provider (it reads only the declared metadata):
 *
 *   planIngest:  resolve provider and dataset -> refuse flags the dataset does not take -> check
 *                credentials and --base-url -> transformQuery -> chunks          (pure; before the store
 *                is opened, so bad flags never create a file)
 *   ingest:      for each chunk: extract (network, or the archive with --offline) -> transform ->
 *                stamp provenance -> validate every row with the model's zod schema and the natural key
 *                -> only then open the store, writeRows in one short transaction (the model's derivations
 *                and file-wide checks run there, as for `import`), close it: the store is
 *                never held (locked) through a network wait, so others can read it between chunks
 *
 * Semantics of failures and interruptions (documented in docs/ADD_A_PROVIDER.md): each chunk is
 * atomic. When chunk k fails (bad payload, HTTP error, Ctrl-C), nothing from chunk k is stored, chunks
 * 1..k-1 stay stored, and the error says so. Re-running the same command is the resume: every chunk is
 * fetched again and upserted on the natural key, so chunks already stored come back as "unchanged"
 * and nothing is lost or duplicated.
 */
import {
  CrashscopeError,
  type ErrorDetails,
  InvalidInputError,
  PayloadError,
  ProviderError,
} from '../../errors.js';
import type { Db } from '../../store/db.js';
import { writeRows } from '../../store/writeRows.js';
import { type ModelName, modelByName } from '../models/index.js';
import { archiveResponse, createReplayFetch } from './archive.js';
import {
  createHttpClient,
  createRateLimiter,
  type HttpClient,
  type HttpEvent,
  normalizeBaseUrl,
  type RetryPolicy,
  type Transport,
} from './http.js';
import { mergeGaps, mergeSkips } from './payload.js';
import { providers as builtIn } from './registry.js';
import {
  type AnyDataset,
  type Gap,
  type Notice,
  type Provider,
  QUERY_FLAGS,
  type QueryInput,
  type Skip,
  sourceOf,
  type Transformed,
} from './types.js';

/**
 * Access to the store for the length of one write: the CLI opens the file, runs `fn`, closes it (waiting
 * a bounded time when another process holds it). A plain Db (tests, scripts) is used as it is.
 */
export type StoreAccess = <T>(fn: (db: Db) => Promise<T>) => Promise<T>;

/** What to ingest, as the CLI parsed it. */
export interface IngestRequest {
  readonly provider: string;
  readonly dataset: string;
  readonly input: QueryInput;
  /** Replaces the provider's scheme + host (mirrors, proxies, tests). */
  readonly baseUrl?: string;
  /** By environment-variable name, as the provider declares them. */
  readonly credentials?: Readonly<Record<string, string>>;
  /** The providers to choose from (default: the registry). */
  readonly providers?: readonly Provider[];
}

/** A checked request: what will be asked of whom, split into chunks. */
export interface IngestPlan {
  readonly provider: Provider;
  readonly datasetName: ModelName;
  readonly dataset: AnyDataset;
  /** The normalized query (`transformQuery`'s output). */
  readonly query: unknown;
  /** The query split into chunks, each written in its own transaction. */
  readonly chunks: readonly unknown[];
  readonly baseUrl: string;
  readonly credentials: Readonly<Record<string, string>>;
  /** `source` stamped on every row: provider name + endpoint. */
  readonly source: string;
}

/** How to run a plan. */
export interface IngestRuntime {
  /** Stamped on written rows (ISO instant; the caller's clock). */
  readonly ingestedAt: string;
  readonly transport: Transport;
  /** Where raw responses are archived (and read back with `offline`); none = no archive. */
  readonly archiveDir?: string;
  /** Replay from the archive; no network. */
  readonly offline?: boolean;
  readonly policy?: Partial<RetryPolicy>;
  /** Ctrl-C: stops between chunks and aborts the request in flight. */
  readonly signal?: AbortSignal;
  readonly onEvent?: (event: IngestEvent) => void;
}

/** Progress of an ingest (the CLI prints it on stderr). */
export type IngestEvent =
  | {
      readonly kind: 'plan';
      readonly provider: string;
      readonly dataset: string;
      readonly chunks: number;
      readonly offline: boolean;
    }
  | {
      readonly kind: 'chunk';
      readonly index: number;
      readonly total: number;
      readonly rows: number;
      readonly inserted: number;
      readonly updated: number;
      readonly unchanged: number;
      readonly skipped: number;
      readonly gaps: number;
    }
  | { readonly kind: 'note'; readonly message: string }
  | { readonly kind: 'notice'; readonly notice: Notice }
  | HttpEvent;

/** What one chunk did. */
export interface ChunkSummary {
  /** 1-based. */
  readonly index: number;
  readonly rows: number;
  readonly inserted: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly skipped: readonly Skip[];
  readonly gaps: readonly Gap[];
}

/** What an ingest did. */
export interface IngestSummary {
  readonly provider: string;
  readonly dataset: string;
  readonly model: ModelName;
  readonly source: string;
  readonly baseUrl: string;
  readonly offline: boolean;
  readonly query: unknown;
  readonly chunks: readonly ChunkSummary[];
  readonly rows: number;
  readonly inserted: number;
  readonly updated: number;
  readonly unchanged: number;
  /** Records of the payloads left out on purpose, by reason. */
  readonly skipped: readonly Skip[];
  /** Missing intervals the source did not cover (reported, never filled). */
  readonly gaps: readonly Gap[];
  /** Refusals, missing files and fallbacks met on the way, in order. */
  readonly notices: readonly Notice[];
  readonly requests: number;
  /** Responses written to the archive. */
  readonly archived: number;
}

/**
 * Finds a provider by name.
 * @example findProvider('coinbase').baseUrl // 'https://api.exchange.coinbase.com'
 */
export function findProvider(name: string, list: readonly Provider[] = builtIn): Provider {
  const p = list.find((x) => x.name === name);
  if (p === undefined) {
    throw new InvalidInputError(
      'unknown_provider',
      `unknown provider '${name}' (providers: ${list.map((x) => x.name).join(', ')})`,
      { details: { provider: name, providers: list.map((x) => x.name) } },
    );
  }
  return p;
}

/**
 * Finds a dataset of a provider by name (= model name).
 * @example findDataset(coinbase, 'bars').model // 'bars'
 */
export function findDataset(provider: Provider, name: string): AnyDataset {
  const d = Object.hasOwn(provider.datasets, name)
    ? provider.datasets[name as keyof Provider['datasets']]
    : undefined;
  if (d === undefined) {
    const names = Object.keys(provider.datasets);
    throw new InvalidInputError(
      'unknown_dataset',
      `provider ${provider.name} has no dataset '${name}' (datasets: ${names.join(', ')})`,
      { details: { provider: provider.name, dataset: name, datasets: names } },
    );
  }
  return d;
}

/**
 * Checks a request and plans its chunks; pure, so the CLI runs it before opening the store.
 * @example planIngest({ provider: 'coinbase', dataset: 'bars', input: { interval: '1h', from: '2026-02-05', to: '2026-02-05', now: '2026-02-10T00:00:00Z' } }).chunks.length // 1
 */
export function planIngest(request: IngestRequest): IngestPlan {
  const provider = findProvider(request.provider, request.providers);
  const dataset = findDataset(provider, request.dataset);
  const label = `${provider.name} ${request.dataset}`;
  const takes = Object.keys(dataset.flags);
  for (const flag of QUERY_FLAGS) {
    if (request.input[flag] !== undefined && !takes.includes(flag)) {
      throw new InvalidInputError(
        'bad_flag',
        `--${flag} is not used by ${label} (it takes: ${takes.map((f) => `--${f}`).join(', ') || 'no flags'})`,
        { details: { flag: `--${flag}`, provider: provider.name, dataset: request.dataset } },
      );
    }
  }
  const params = (dataset.params ?? []).map((p) => p.name);
  for (const key of Object.keys(request.input.params ?? {})) {
    if (!params.includes(key)) {
      throw new InvalidInputError(
        'bad_flag',
        `--param ${key}: not a parameter of ${label} (parameters: ${params.join(', ') || 'none'})`,
        { details: { flag: '--param', param: key, provider: provider.name, dataset: request.dataset } },
      );
    }
  }
  const credentials: Record<string, string> = {};
  for (const c of provider.credentials) {
    const value = request.credentials?.[c.env];
    if (value !== undefined && value !== '') credentials[c.env] = value;
    else if (c.required) {
      throw new InvalidInputError(
        'missing_credentials',
        `${provider.name} needs ${c.env} (${c.description})`,
        {
          details: { provider: provider.name, env: c.env },
        },
      );
    }
  }
  const baseUrl = normalizeBaseUrl(request.baseUrl ?? provider.baseUrl);
  const query = dataset.transformQuery(request.input);
  const chunks = dataset.chunks ? dataset.chunks(query) : [query];
  return {
    provider,
    datasetName: dataset.model,
    dataset,
    query,
    chunks,
    baseUrl,
    credentials,
    source: sourceOf(provider, dataset),
  };
}

/**
 * The HTTP client of a run: the network (rate-limited, archived) or, offline, the archive.
 * @example const get = clientFor(plan, { ingestedAt, transport, offline: true, archiveDir: '/tmp/a' })
 */
export function clientFor(
  plan: IngestPlan,
  runtime: IngestRuntime,
  counters: { requests: number; archived: number } = { requests: 0, archived: 0 },
): HttpClient {
  const { provider, datasetName } = plan;
  const onEvent = (e: HttpEvent): void => {
    if (e.kind === 'request') counters.requests++;
    runtime.onEvent?.(e);
  };
  const common = {
    provider,
    dataset: datasetName,
    onEvent,
    ...(runtime.signal === undefined ? {} : { signal: runtime.signal }),
  };
  if (runtime.offline) {
    if (runtime.archiveDir === undefined) {
      throw new InvalidInputError('bad_flag', '--offline needs an archive directory (--archive)', {
        details: { flag: '--offline' },
      });
    }
    return createHttpClient({
      ...common,
      transport: { ...runtime.transport, fetch: createReplayFetch(runtime.archiveDir, provider.name) },
      policy: { ...runtime.policy, maxAttempts: 1 },
    });
  }
  const dir = runtime.archiveDir;
  return createHttpClient({
    ...common,
    transport: runtime.transport,
    ...(runtime.policy === undefined ? {} : { policy: runtime.policy }),
    limiter: createRateLimiter(provider.rateLimit, runtime.transport),
    ...(dir === undefined
      ? {}
      : {
          archive: (raw) => {
            archiveResponse(dir, provider.name, datasetName, raw);
            counters.archived++;
          },
        }),
  });
}

function showValue(value: unknown): string {
  return value === undefined ? 'missing' : JSON.stringify(value);
}

/**
 * Stamps provenance on a chunk's rows (and NULL in nullable columns a dataset leaves out), then validates
 * each row against the model and the natural key, so that a chunk is either entirely valid or not written
 * at all.
 * @example stampAndValidate(plan, { rows: [{ ts: '2026-02-05T00:00:00Z', ... }] }).length // 1
 */
export function stampAndValidate(
  plan: Pick<IngestPlan, 'provider' | 'datasetName' | 'dataset' | 'source'>,
  transformed: Transformed<ModelName>,
): Record<string, unknown>[] {
  const model = modelByName(plan.datasetName);
  const label = `${plan.provider.name} ${plan.datasetName}`;
  const quality = plan.dataset.quality ?? 'observed';
  const seen = new Map<string, number>();
  // As in file imports, a nullable column the dataset does not fill is NULL.
  const nulls = Object.fromEntries(model.columns.filter((c) => c.nullable).map((c) => [c.name, null]));
  return transformed.rows.map((r, i) => {
    const row: Record<string, unknown> = { ...nulls, ...r, source: plan.source, quality };
    const parsed = model.schema.safeParse(row);
    const keyText = model.key.map((k) => `${k}=${String(row[k])}`).join(', ');
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field = issue.code === 'unrecognized_keys' ? issue.keys[0]! : String(issue.path[0] ?? '');
      const column = model.columns.find((c) => c.name === field);
      const expected =
        issue.code === 'unrecognized_keys'
          ? `no field '${field}' in model ${model.name}`
          : issue.code === 'custom'
            ? issue.message
            : `expected ${column?.expected ?? issue.message}`;
      throw new PayloadError(
        'bad_row',
        `${label}: row ${i} (${keyText}), field '${field}': ${showValue(row[field])}: ${expected}`,
        {
          details: {
            provider: plan.provider.name,
            dataset: plan.datasetName,
            row: i,
            field,
            value: row[field],
          },
        },
      );
    }
    const key = model.key.map((k) => String(row[k])).join('\u0000');
    const first = seen.get(key);
    if (first !== undefined) {
      throw new PayloadError(
        'duplicate_key',
        `${label}: rows ${first} and ${i} have the same key (${keyText})`,
        {
          details: {
            provider: plan.provider.name,
            dataset: plan.datasetName,
            rows: [first, i],
            key: keyText,
          },
        },
      );
    }
    seen.set(key, i);
    return row;
  });
}

/** The same error class and code, with a note on what was stored before it. */
function annotate(error: unknown, note: string, extra: ErrorDetails): unknown {
  if (!(error instanceof CrashscopeError)) return error;
  const Class = error.constructor as new (
    code: string,
    message: string,
    options: { details: ErrorDetails; cause: unknown },
  ) => CrashscopeError;
  return new Class(error.code, `${error.message}; ${note}`, {
    details: { ...error.details, ...extra },
    cause: error,
  });
}

function storedBefore(index: number, rowsStored: number): string {
  const chunks = index === 2 ? 'chunk 1' : `chunks 1-${index - 1}`;
  return `${chunks} (${rowsStored} rows) ${index === 2 ? 'was' : 'were'} stored; re-run the same command to resume`;
}

function storedNote(index: number, total: number, rowsStored: number): string {
  if (total === 1) return 'nothing was stored';
  if (index === 1) return `chunk 1/${total}: nothing was stored`;
  return `chunk ${index}/${total}: nothing from it was stored; ${storedBefore(index, rowsStored)}`;
}

/**
 * Runs a plan: each chunk extracted, transformed and validated first, then upserted in its own short
 * transaction (the store is opened through `store` only for that write).
 * @example await ingest(db, planIngest({ provider: 'coinbase', dataset: 'bars', input }), { ingestedAt, transport }) // { rows: 24, inserted: 24, ... }
 */
export async function ingest(
  store: Db | StoreAccess,
  plan: IngestPlan,
  runtime: IngestRuntime,
): Promise<IngestSummary> {
  const access: StoreAccess = typeof store === 'function' ? store : (fn) => fn(store);
  const { provider, dataset, datasetName } = plan;
  const label = `${provider.name} ${datasetName}`;
  const offline = runtime.offline ?? false;
  const counters = { requests: 0, archived: 0 };
  const fetch = clientFor(plan, runtime, counters);
  const total = plan.chunks.length;
  runtime.onEvent?.({ kind: 'plan', provider: provider.name, dataset: datasetName, chunks: total, offline });
  const done: ChunkSummary[] = [];
  const notices: Notice[] = [];
  let rowsStored = 0;
  for (const [i, chunk] of plan.chunks.entries()) {
    const index = i + 1;
    if (runtime.signal?.aborted) {
      throw new ProviderError(
        'interrupted',
        `${label}: interrupted before chunk ${index}/${total}; ${index === 1 ? 'nothing was stored' : storedBefore(index, rowsStored)}`,
        {
          details: { provider: provider.name, dataset: datasetName, chunk: index, chunks: total, rowsStored },
        },
      );
    }
    let summary: ChunkSummary;
    try {
      const raw = await dataset.extract(chunk, {
        fetch,
        baseUrl: plan.baseUrl,
        credentials: plan.credentials,
        progress: (message) => runtime.onEvent?.({ kind: 'note', message }),
        notice: (notice) => {
          notices.push(notice);
          runtime.onEvent?.({ kind: 'notice', notice });
        },
      });
      const transformed = dataset.transform(chunk, raw);
      for (const notice of transformed.notices ?? []) {
        notices.push(notice);
        runtime.onEvent?.({ kind: 'notice', notice });
      }
      const rows = stampAndValidate(plan, transformed);
      const counts =
        rows.length === 0
          ? { inserted: 0, updated: 0, unchanged: 0 }
          : await access((db) =>
              writeRows(db, datasetName, rows as never, { ingestedAt: runtime.ingestedAt, label }),
            );
      summary = {
        index,
        rows: rows.length,
        ...counts,
        skipped: mergeSkips(transformed.skipped ?? []),
        gaps: mergeGaps(transformed.gaps ?? []),
      };
    } catch (error) {
      throw annotate(error, storedNote(index, total, rowsStored), {
        chunk: index,
        chunks: total,
        rowsStored,
      });
    }
    done.push(summary);
    rowsStored += summary.rows;
    runtime.onEvent?.({
      kind: 'chunk',
      index,
      total,
      rows: summary.rows,
      inserted: summary.inserted,
      updated: summary.updated,
      unchanged: summary.unchanged,
      skipped: summary.skipped.reduce((s, k) => s + k.count, 0),
      gaps: summary.gaps.length,
    });
  }
  const sum = (f: (c: ChunkSummary) => number): number => done.reduce((s, c) => s + f(c), 0);
  const blocked = notices.filter((n) => n.kind === 'refused' || n.kind === 'missing');
  if (sum((c) => c.rows) === 0 && blocked.length > 0) throw nothingStored(label, blocked);
  return {
    provider: provider.name,
    dataset: datasetName,
    model: datasetName,
    source: plan.source,
    baseUrl: plan.baseUrl,
    offline,
    query: plan.query,
    chunks: done,
    rows: sum((c) => c.rows),
    inserted: sum((c) => c.inserted),
    updated: sum((c) => c.updated),
    unchanged: sum((c) => c.unchanged),
    skipped: mergeSkips(done.flatMap((c) => c.skipped)),
    gaps: mergeGaps(done.flatMap((c) => c.gaps)),
    notices,
    requests: counters.requests,
    archived: counters.archived,
  };
}

/**
 * The failure of a run that stored nothing because its requests were refused or its files missing: one
 * line naming the statuses (with counts) and what to do, so it can never pass as an empty market.
 */
function nothingStored(label: string, blocked: readonly Notice[]): ProviderError {
  const counts = new Map<string, number>();
  for (const n of blocked) {
    const key = n.status === undefined ? n.kind : `HTTP ${n.status}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const statuses = [...counts].map(([k, n]) => `${k} x${n}`).join(', ');
  const advice: string[] = [];
  if (blocked.some((n) => n.status === 451 || n.status === 403 || n.status === 401)) {
    advice.push(
      'the provider refuses this location or client: run from an eligible location, or give a mirror or proxy you may use with --base-url',
    );
  }
  if (blocked.some((n) => n.status === 404 || n.kind === 'missing')) {
    advice.push('nothing is published for this --symbol and window: check --symbol and --from/--to');
  }
  return new ProviderError(
    'nothing_stored',
    `${label}: nothing stored: every request was refused or missing (${statuses}); ${advice.join('; ')}`,
    { details: { statuses: Object.fromEntries(counts), notices: blocked.map((n) => n.message) } },
  );
}
