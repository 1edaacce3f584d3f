/**
 * The Simulate page's runs: `crashscope simulate`'s use case (src/app/simulate.ts) started off the request,
 * on its own worker pool, tracked by id. At most MAX_RUNNING run at once (a further start is refused, not
 * queued) and the last MAX_KEPT finished runs are kept; a run can be cancelled (its workers are stopped).
 * The market snapshot at an instant is read once from the store and kept when the store cannot change.
 */
import { cpus } from 'node:os';
import { closeBefore } from '../app/fragility.js';
import { buildBooks } from '../app/simChannels.js';
import { SimCancelledError, SimPool } from '../app/simPool.js';
import { type SimulateOptions, simulate } from '../app/simulate.js';
import { CHANNELS } from '../channels/registry.js';
import { InvalidInputError } from '../errors.js';
import { loadSnapshot } from '../market/loadSnapshot.js';
import type { MarketSnapshot } from '../market/snapshot.js';
import type { SimulationDoc } from '../sim/simulationDoc.js';
import { toHttpError } from './httpError.js';
import type { StoreSource } from './storeSource.js';

/** Runs computing at once (each on its own pool of up to 2 workers). */
export const MAX_RUNNING = 1;
/** Finished (done, failed, cancelled) runs kept for GET; the oldest goes first. */
export const MAX_KEPT = 8;

const ETF = 'IBIT';
const BTC = { venue: 'reference', symbol: 'BTC-USD' } as const;

export type RunStatus = 'running' | 'done' | 'failed' | 'cancelled';

export interface SimRunState {
  readonly id: string;
  readonly status: RunStatus;
  readonly stage: string;
  /** Fraction of the work done, 0..1 (paths of the run, then paths of the coalitions). */
  readonly fraction: number;
  readonly doc: SimulationDoc | null;
  readonly error: { readonly code: string; readonly message: string } | null;
}

export interface SimRunRequest {
  readonly asOf: string | null;
  readonly channels: readonly string[] | null;
  /** Per channel id, its assumptions as given (checked by each channel's schema when the books are built). */
  readonly assumptions?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly options: SimulateOptions;
}

interface Run {
  id: string;
  status: RunStatus;
  stage: string;
  fraction: number;
  doc: SimulationDoc | null;
  error: { code: string; message: string } | null;
  controller: AbortController;
}

/** Thrown when MAX_RUNNING runs are already computing. */
export class SimBusyError extends Error {}

export class SimRuns {
  private readonly runs = new Map<string, Run>();
  private readonly snapshots = new Map<string, Promise<MarketSnapshot>>();
  private next = 1;
  private readonly threads: number;
  private readonly source: StoreSource;

  constructor(source: StoreSource, threads = Math.min(2, cpus().length)) {
    this.source = source;
    this.threads = threads;
  }

  private running(): number {
    let n = 0;
    for (const r of this.runs.values()) if (r.status === 'running') n++;
    return n;
  }

  private snapshot(asOf: string): Promise<MarketSnapshot> {
    const kept = this.snapshots.get(asOf);
    if (kept !== undefined) return kept;
    const p = this.source.read((db) =>
      loadSnapshot(db, { asOf, etfTicker: ETF, btcReference: `${BTC.venue}:${BTC.symbol}`, btc: BTC }),
    );
    if (this.source.immutable) {
      this.snapshots.set(asOf, p);
      p.catch(() => this.snapshots.delete(asOf));
    }
    return p;
  }

  /** Starts a run and returns its id at once; SimBusyError when MAX_RUNNING runs are computing. */
  start(req: SimRunRequest): string {
    if (this.running() >= MAX_RUNNING) throw new SimBusyError(`${MAX_RUNNING} simulation(s) already running`);
    const run: Run = {
      id: `r${this.next++}`,
      status: 'running',
      stage: 'reading the market',
      fraction: 0,
      doc: null,
      error: null,
      controller: new AbortController(),
    };
    this.runs.set(run.id, run);
    this.prune();
    void this.execute(run, req);
    return run.id;
  }

  private async execute(run: Run, req: SimRunRequest): Promise<void> {
    const signal = run.controller.signal;
    try {
      const asOf =
        req.asOf ?? (await this.source.read((db) => closeBefore(db, this.source.event ?? '9999-12-31', ETF)));
      const snap = await this.snapshot(asOf);
      if (!(snap.spot.usd > 0))
        throw new InvalidInputError('no_spot', `simulate: no BTC price at or before ${snap.asOf}`);
      const { books, assumptions } = buildBooks(CHANNELS, snap, req.channels, req.assumptions ?? {});
      const pool = new SimPool(this.threads);
      try {
        // The two stages weigh by their paths × runs: the run's paths, then 2^n coalitions × attribution paths.
        const first = req.options.paths;
        const second = req.options.attributionPaths * 2 ** books.length;
        const { doc } = await simulate(
          { market: snap, books, assumptions, options: req.options },
          pool,
          (stage, done, total) => {
            run.stage = stage;
            const f = total > 0 ? done / total : 0;
            run.fraction =
              stage === 'paths' ? (f * first) / (first + second) : (first + f * second) / (first + second);
          },
          signal,
        );
        run.doc = doc;
        run.fraction = 1;
        run.stage = 'done';
        run.status = 'done';
      } finally {
        await pool.close();
      }
    } catch (error) {
      if (error instanceof SimCancelledError || signal.aborted) {
        run.status = 'cancelled';
        run.stage = 'cancelled';
      } else {
        const e = toHttpError(error);
        run.status = 'failed';
        run.stage = 'failed';
        run.error = { code: e.code, message: e.message };
      }
    }
  }

  /** Drops the oldest finished runs beyond MAX_KEPT. */
  private prune(): void {
    const finished = [...this.runs.values()].filter((r) => r.status !== 'running');
    for (const r of finished.slice(0, Math.max(0, finished.length - MAX_KEPT))) this.runs.delete(r.id);
  }

  get(id: string): SimRunState | null {
    const r = this.runs.get(id);
    if (r === undefined) return null;
    return {
      id: r.id,
      status: r.status,
      stage: r.stage,
      fraction: r.fraction,
      doc: r.doc,
      error: r.error,
    };
  }

  /** Cancels a running run (no-op on a finished one); null when there is no such run. */
  cancel(id: string): SimRunState | null {
    const r = this.runs.get(id);
    if (r === undefined) return null;
    if (r.status === 'running') r.controller.abort();
    return this.get(id);
  }

  /** Cancels every running run (the server is closing). */
  cancelAll(): void {
    for (const r of this.runs.values()) if (r.status === 'running') r.controller.abort();
  }
}
