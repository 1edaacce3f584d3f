/**
 * One ingest of a dataset against a local server, for provider tests: starts the server with `handler`,
 * plans the ingest as the CLI does (flags, `--base-url`, credentials), runs it into an in-memory store with
 * a test transport, and reports what happened instead of throwing, so a test can assert on the summary or
 * on the error together with what was stored and what was asked of the server.
 */
import { readRows } from '../../../store/readers.js';
import { withStore } from '../../../store/store.js';
import type { ModelName } from '../../models/index.js';
import type { RetryPolicy } from '../http.js';
import { type IngestSummary, ingest, planIngest } from '../ingest.js';
import type { QueryInput } from '../types.js';
import { type Handler, type RecordedRequest, startServer } from './server.js';
import { type TestTransport, testTransport } from './transport.js';

/** Flags as the CLI passes them, `now` optional (it defaults to the clock of the run). */
export type RunInput = Omit<QueryInput, 'now'> & { readonly now?: string };

export interface RunIngestOptions {
  readonly provider: string;
  readonly dataset: ModelName;
  readonly handler: Handler;
  /** Flags as the CLI passes them; `now` defaults to the option `now`. */
  readonly input?: RunInput;
  /** The clock (ISO 8601): the ingest time of the rows, and the query's `now` unless `input` sets one. */
  readonly now: string;
  /** Defaults to a fresh testTransport(). */
  readonly transport?: TestTransport;
  /** As the CLI reads them from the environment, by variable name. */
  readonly credentials?: Readonly<Record<string, string>>;
  readonly policy?: Partial<RetryPolicy>;
  readonly archiveDir?: string;
  readonly offline?: boolean;
}

export interface IngestRun {
  /** Set when the ingest finished. */
  readonly summary?: IngestSummary;
  /** Set when it threw: what it threw. */
  readonly error?: unknown;
  /** How many rows the store holds afterwards. */
  readonly stored: number;
  /** The rows the store holds afterwards. */
  readonly rows: Record<string, unknown>[];
  /** Every request the server received, in order. */
  readonly requests: RecordedRequest[];
  /** The ingest's progress notes, in order. */
  readonly notes: string[];
}

/**
 * @example const r = await runIngest({ provider: 'yahoo', dataset: 'bars', handler: () => ({ body: qqq }), input: { symbol: 'QQQ', from: '2020-01-02', to: '2020-01-02' }, now: '2026-02-10T00:00:00Z' }); r.stored // 1
 */
export async function runIngest(options: RunIngestOptions): Promise<IngestRun> {
  const server = await startServer(options.handler);
  try {
    return await withStore(':memory:', {}, async (db) => {
      const plan = planIngest({
        provider: options.provider,
        dataset: options.dataset,
        input: { now: options.now, ...options.input },
        baseUrl: server.baseUrl,
        ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
      });
      const notes: string[] = [];
      let summary: IngestSummary | undefined;
      let error: unknown;
      try {
        summary = await ingest(db, plan, {
          ingestedAt: options.now,
          transport: options.transport ?? testTransport(),
          ...(options.policy === undefined ? {} : { policy: options.policy }),
          ...(options.archiveDir === undefined ? {} : { archiveDir: options.archiveDir }),
          ...(options.offline ? { offline: true } : {}),
          onEvent: (e) => {
            if (e.kind === 'note') notes.push(e.message);
          },
        });
      } catch (e) {
        error = e;
      }
      const rows = (await readRows(db, options.dataset, {})) as unknown as Record<string, unknown>[];
      return {
        ...(summary ? { summary } : {}),
        ...(error ? { error } : {}),
        stored: rows.length,
        rows,
        requests: server.requests,
        notes,
      };
    });
  } finally {
    await server.close();
  }
}
