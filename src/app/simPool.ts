import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { type ChunkResult, type EngineConfig, runPaths } from '../sim/cascade.js';
import { type CompiledRun, type CompileSetup, compileRun, type SimPlayer } from '../sim/compile.js';
import { runChunkForRuns, type SimSummary, splitPaths, summarise } from '../sim/monteCarlo.js';
import {
  type Attribution,
  attributionFromRuns,
  coalitionSetup,
  MAX_SHAPLEY_PLAYERS,
} from '../sim/shapley.js';

/*
 * Worker threads for the simulator (docs/METHODS.md §12.7). The engine is pure; this module only splits the
 * paths of a run into chunks and runs them on `threads` workers (a persistent pool, reused across the 2^n
 * coalitions of an attribution). Each path has its own seeded stream, so the result does not depend on the
 * number of threads or on the chunking. Without a compiled worker file (running from the TypeScript
 * sources, as under vitest) or with threads ≤ 1, chunks run in this thread.
 */

/** One chunk of paths through one run, or through several runs sharing the chunk's noise (coalitions). */
export type SimTask =
  | {
      readonly id: number;
      readonly kind: 'paths';
      readonly compiled: CompiledRun;
      readonly cfg: EngineConfig;
      readonly from: number;
      readonly count: number;
    }
  | {
      readonly id: number;
      readonly kind: 'runs';
      readonly runs: readonly CompiledRun[];
      readonly cfg: EngineConfig;
      readonly from: number;
      readonly count: number;
    };

type Reply = { id: number; ok: true; results: ChunkResult[] } | { id: number; ok: false; message: string };

export type Progress = (done: number, total: number) => void;

/** Thrown (rejected) when a run's AbortSignal fires: the queued chunks are dropped and the workers stopped. */
export class SimCancelledError extends Error {
  constructor() {
    super('simulation cancelled');
    this.name = 'SimCancelledError';
  }
}

/** Most paths of one chunk run in this thread (no workers) between two yields to the event loop. */
const INLINE_CHUNK_PATHS = 200;

/** Yields to the event loop, so that a run in this thread lets requests (and a cancel) through between chunks. */
const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export class SimPool {
  private readonly workers: Worker[] = [];
  private readonly pending = new Map<
    number,
    { resolve: (r: ChunkResult[]) => void; reject: (e: Error) => void }
  >();
  private readonly idle: Worker[] = [];
  private readonly queue: SimTask[] = [];
  private nextId = 0;

  /** `threads` workers, or none (inline) when ≤ 1 or no compiled worker is present. */
  readonly threads: number;

  constructor(threads: number) {
    this.threads = threads;
    const url = new URL('./simWorker.js', import.meta.url);
    if (threads <= 1 || !existsSync(fileURLToPath(url))) return;
    for (let i = 0; i < threads; i++) {
      const w = new Worker(url);
      w.on('message', (m: Reply) => {
        const p = this.pending.get(m.id);
        this.pending.delete(m.id);
        if (p) {
          if (m.ok) p.resolve(m.results);
          else p.reject(new Error(m.message));
        }
        this.idle.push(w);
        this.pump();
      });
      w.on('error', (e) => {
        for (const p of this.pending.values()) p.reject(e);
        this.pending.clear();
      });
      this.workers.push(w);
      this.idle.push(w);
    }
  }

  /**
   * Chunks per run: 4 per worker; in this thread, chunks of at most INLINE_CHUNK_PATHS paths (16 or more), so
   * that progress and a cancel come between chunks (results do not depend on the chunking).
   */
  private chunkCount(paths: number): number {
    return this.parallel ? this.workers.length * 4 : Math.max(16, Math.ceil(paths / INLINE_CHUNK_PATHS));
  }

  get parallel(): boolean {
    return this.workers.length > 0;
  }

  private pump(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const w = this.idle.pop()!;
      w.postMessage(this.queue.shift()!);
    }
  }

  /** The last chunk run in this thread (chunks run one at a time). */
  private inline: Promise<unknown> = Promise.resolve();
  /** Set by `cancel`: every later or queued chunk is refused. */
  private cancelled = false;

  /**
   * Stops the run: the queued chunks and those in flight reject with SimCancelledError, and the workers are
   * terminated (a chunk cannot be interrupted otherwise). The pool cannot be used afterwards.
   */
  cancel(): void {
    if (this.cancelled) return;
    this.cancelled = true;
    this.queue.length = 0;
    for (const p of this.pending.values()) p.reject(new SimCancelledError());
    this.pending.clear();
    void this.close();
  }

  private async submit(task: SimTask): Promise<ChunkResult[]> {
    if (this.cancelled) throw new SimCancelledError();
    if (!this.parallel) {
      // In this thread: one chunk after another, each in its own turn of the event loop (a chain, so that
      // the yields do not all fire in one turn), so that requests and a cancel get through between chunks.
      const run = this.inline.then(async () => {
        await yieldToLoop();
        if (this.cancelled) throw new SimCancelledError();
        return task.kind === 'paths'
          ? [runPaths(task.compiled, task.cfg, task.from, task.count)]
          : runChunkForRuns(task.runs, task.cfg, task.from, task.count);
      });
      this.inline = run.catch(() => undefined);
      return run;
    }
    return new Promise((resolve, reject) => {
      this.pending.set(task.id, { resolve, reject });
      this.queue.push(task);
      this.pump();
    });
  }

  private async runChunk(
    compiled: CompiledRun,
    cfg: EngineConfig,
    from: number,
    count: number,
  ): Promise<ChunkResult> {
    const [r] = await this.submit({ id: this.nextId++, kind: 'paths', compiled, cfg, from, count });
    return r;
  }

  /** N paths of one compiled run, in chunks over the pool, summarised. */
  async simulate(
    compiled: CompiledRun,
    cfg: EngineConfig,
    paths: number,
    progress?: Progress,
  ): Promise<SimSummary> {
    const parts = splitPaths(paths, this.chunkCount(paths));
    let done = 0;
    const chunks = await Promise.all(
      parts.map(async (p) => {
        const r = await this.runChunk(compiled, cfg, p.from, p.count);
        done += p.count;
        progress?.(done, paths);
        return r;
      }),
    );
    return summarise(compiled, cfg, chunks);
  }

  /** Exact Shapley attribution: all 2^n coalitions, each on the same seed, over the pool. */
  async attribute(
    players: readonly SimPlayer[],
    setup: CompileSetup,
    cfg: EngineConfig,
    paths: number,
    progress?: Progress,
  ): Promise<Attribution> {
    if (players.length > MAX_SHAPLEY_PLAYERS)
      throw new RangeError(
        `shapley: at most ${MAX_SHAPLEY_PLAYERS} channels (2^n runs), got ${players.length}`,
      );
    const s = coalitionSetup(setup, cfg);
    const compiled = Array.from({ length: 1 << players.length }, (_, mask) =>
      compileRun(players, mask, s.setup),
    );
    // Chunks of paths, each through every coalition on noise drawn once (common random numbers).
    const parts = splitPaths(paths, this.chunkCount(paths));
    let done = 0;
    const chunks = await Promise.all(
      parts.map(async (p) => {
        const r = await this.submit({
          id: this.nextId++,
          kind: 'runs',
          runs: compiled,
          cfg: s.cfg,
          from: p.from,
          count: p.count,
        });
        done += p.count;
        progress?.(done, paths);
        return r;
      }),
    );
    const runs: SimSummary[] = compiled.map((c, mask) =>
      summarise(
        c,
        s.cfg,
        chunks.map((ch) => ch[mask]),
      ),
    );
    return attributionFromRuns(
      players.map((p) => p.key),
      runs,
    );
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.workers.length = 0;
    this.idle.length = 0;
  }
}
