import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { BsBatchColumns } from '../pricing/bsGreeksBatch.js';
import { type BsGridBook, bsGammaGrid } from '../pricing/bsGrid.js';
import { batchLength } from '../pricing/columns.js';
import { bsGreeksGrid, type GridGreeks, type GridOptions } from '../pricing/greeksGrid.js';
import { bsPriceDeltaGammaBatch, type PriceDeltaGamma } from '../pricing/priceDeltaGammaBatch.js';
import type { Col } from '../pricing/types.js';
import type { PoolRequest, PoolResponse } from './protocol.js';

/*
 * A worker-thread pool for large batches and grids of crashscope/pricing, kept outside the pricing entry so
 * that pricing stays dependency-free and browser-safe. The calling thread works too: with `threads` = 2 it
 * runs one slice itself while one worker runs the other, so two cores are both busy.
 *
 * Batches split by rows into contiguous slices; every row is computed by the same single-thread kernel, so
 * the pooled result equals bsPriceDeltaGammaBatch bit for bit. Grids split by options; each thread returns
 * its partial sums per price and the partials are added in slice order, so the result equals the
 * single-thread grid kernel run on the same slices and summed in that order (it differs from one
 * single-thread pass only by the order of the additions).
 *
 * Memory: a column or output backed by a SharedArrayBuffer (see sharedFloat64) is read and written in place
 * by the workers; any other column is copied, one slice per worker, which costs about as much as pricing it.
 * Inputs below `minParallelRows` (rows, or options × prices) run on the calling thread alone.
 */

/** Default size below which a batch or grid is not worth a round trip to the workers. */
export const MIN_PARALLEL_ROWS = 10_000;

export interface PricingPoolOptions {
  /** Threads including the calling one (default: the machine's available parallelism, at most 8). */
  readonly threads?: number;
  /** Smallest batch (rows) or grid (options × prices) that is split (default MIN_PARALLEL_ROWS). */
  readonly minParallelRows?: number;
  /** Node flags for the workers (e.g. a loader when running from TypeScript sources). */
  readonly execArgv?: readonly string[];
}

/**
 * A Float64Array on a SharedArrayBuffer: pool workers read and write it without copies.
 * @example sharedFloat64(3) // Float64Array [0, 0, 0] on shared memory
 */
export function sharedFloat64(n: number): Float64Array {
  return new Float64Array(new SharedArrayBuffer(8 * n));
}

/**
 * An Int8Array (e.g. a type column of +1/−1) on a SharedArrayBuffer.
 * @example sharedInt8(2) // Int8Array [0, 0] on shared memory
 */
export function sharedInt8(n: number): Int8Array {
  return new Int8Array(new SharedArrayBuffer(n));
}

function isShared(a: Float64Array | Int8Array): boolean {
  return a.buffer instanceof SharedArrayBuffer;
}

/** Rows [from, to) of a column as a message can carry it: a view of shared memory, or a copied slice. */
function sliceCol<T extends Col | Int8Array | string>(
  c: T,
  from: number,
  to: number,
  transfer: ArrayBuffer[],
): T {
  if (typeof c === 'number' || typeof c === 'string') return c;
  const a = c as Float64Array | Int8Array;
  if (isShared(a)) return a.subarray(from, to) as T;
  const copy = a.slice(from, to);
  transfer.push(copy.buffer as ArrayBuffer);
  return copy as T;
}

interface Pending {
  resolve(r: PoolResponse & { ok: true }): void;
  reject(e: Error): void;
}

/**
 * Worker-thread pool for bsPriceDeltaGammaBatch, bsGammaGrid (bsGrid.ts) and bsGreeksGrid. Call close() when done.
 * @example const pool = new PricingPool({ threads: 2 }); await pool.priceDeltaGamma(cols); await pool.close();
 */
export class PricingPool {
  readonly threads: number;
  readonly minParallelRows: number;
  private readonly workers: Worker[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closed = false;
  private broken: Error | undefined;

  constructor(opts: PricingPoolOptions = {}) {
    const threads = opts.threads ?? Math.min(availableParallelism(), 8);
    if (!(Number.isInteger(threads) && threads >= 1)) {
      throw new RangeError(`PricingPool: threads must be an integer >= 1, got ${threads}`);
    }
    this.threads = threads;
    this.minParallelRows = opts.minParallelRows ?? MIN_PARALLEL_ROWS;
    for (let k = 1; k < threads; k++) {
      const w = new Worker(new URL('./pricingWorker.js', import.meta.url), {
        execArgv: opts.execArgv === undefined ? undefined : [...opts.execArgv],
      });
      w.on('message', (res: PoolResponse) => this.settle(res));
      w.on('error', (e) => this.failAll(e));
      // A worker that stops (crash, out of memory) would leave requests unanswered: fail them and the pool.
      w.on('exit', (code) => {
        if (this.closed) return;
        this.broken = new Error(`PricingPool: a worker exited (code ${code})`);
        this.failAll(this.broken);
      });
      // Idle workers do not keep the process alive; a pending request does (see request()).
      w.unref();
      this.workers.push(w);
    }
  }

  private settle(res: PoolResponse): void {
    const p = this.pending.get(res.id);
    if (p === undefined) return;
    this.pending.delete(res.id);
    if (this.pending.size === 0) for (const w of this.workers) w.unref();
    if (res.ok) p.resolve(res);
    else p.reject(new Error(`PricingPool worker: ${res.error}`));
  }

  private failAll(e: Error): void {
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }

  private request(
    k: number,
    req: PoolRequest,
    transfer: ArrayBuffer[],
  ): Promise<PoolResponse & { ok: true }> {
    return new Promise((resolve, reject) => {
      this.pending.set(req.id, { resolve, reject });
      const w = this.workers[k];
      w.ref();
      w.postMessage(req, transfer);
    });
  }

  private check(): void {
    if (this.closed) throw new Error('PricingPool: used after close()');
    if (this.broken !== undefined) throw this.broken;
  }

  /** Slice boundaries of `n` items over the threads: slice k is [b[k], b[k+1]). */
  private bounds(n: number): number[] {
    const t = this.threads;
    return Array.from({ length: t + 1 }, (_, k) => Math.floor((n * k) / t));
  }

  /**
   * bsPriceDeltaGammaBatch over all threads; the result equals the single-thread call bit for bit. Outputs
   * are written into `out` when given (in place when it is on shared memory).
   */
  async priceDeltaGamma(c: BsBatchColumns, out?: Partial<PriceDeltaGamma>): Promise<PriceDeltaGamma> {
    this.check();
    const n = batchLength([c.type, c.spot, c.strike, c.tau, c.rate, c.divYield, c.vol]);
    if (n < this.minParallelRows || this.workers.length === 0) return bsPriceDeltaGammaBatch(c, out);
    if (n < 0) throw new RangeError('bsPriceDeltaGammaBatch: array columns have different lengths');
    const target = (given: Float64Array | undefined): Float64Array => {
      if (given !== undefined && given.length < n) {
        throw new RangeError(`output array has ${given.length} rows, batch has ${n}`);
      }
      return given !== undefined && isShared(given) ? given : sharedFloat64(n);
    };
    const res: PriceDeltaGamma = {
      price: target(out?.price),
      delta: target(out?.delta),
      gamma: target(out?.gamma),
    };
    const b = this.bounds(n);
    const jobs: Promise<unknown>[] = [];
    for (let k = 1; k < this.threads; k++) {
      const transfer: ArrayBuffer[] = [];
      const s = (col: Col) => sliceCol(col, b[k], b[k + 1], transfer);
      const req: PoolRequest = {
        id: this.nextId++,
        op: 'pdg',
        cols: {
          type: sliceCol(c.type, b[k], b[k + 1], transfer),
          spot: s(c.spot),
          strike: s(c.strike),
          tau: s(c.tau),
          rate: s(c.rate),
          divYield: s(c.divYield),
          vol: s(c.vol),
        },
        out: {
          price: res.price.subarray(b[k], b[k + 1]),
          delta: res.delta.subarray(b[k], b[k + 1]),
          gamma: res.gamma.subarray(b[k], b[k + 1]),
        },
      };
      jobs.push(this.request(k - 1, req, transfer));
    }
    // The calling thread's slice, while the workers run theirs.
    const t: ArrayBuffer[] = [];
    bsPriceDeltaGammaBatch(
      {
        type: sliceCol(c.type, 0, b[1], t),
        spot: sliceView(c.spot, b[1]),
        strike: sliceView(c.strike, b[1]),
        tau: sliceView(c.tau, b[1]),
        rate: sliceView(c.rate, b[1]),
        divYield: sliceView(c.divYield, b[1]),
        vol: sliceView(c.vol, b[1]),
      },
      {
        price: res.price.subarray(0, b[1]),
        delta: res.delta.subarray(0, b[1]),
        gamma: res.gamma.subarray(0, b[1]),
      },
    );
    await Promise.all(jobs);
    if (out === undefined) return res;
    const copyBack = (given: Float64Array | undefined, r: Float64Array) => {
      if (given === undefined) return r;
      if (given !== r) given.set(r.subarray(0, n));
      return given;
    };
    return {
      price: copyBack(out.price, res.price),
      delta: copyBack(out.delta, res.delta),
      gamma: copyBack(out.gamma, res.gamma),
    };
  }

  /**
   * bsGammaGrid (bsGrid.ts: dealer dollar gamma per 1 % at each driver price of an ascending grid) over all
   * threads, the book split in option slices; partial sums added in slice order.
   */
  async gammaGrid(book: BsGridBook, grid: Float64Array, out?: Float64Array): Promise<Float64Array> {
    this.check();
    const n = book.n;
    const m = grid.length;
    if (n < this.threads || n * m < this.minParallelRows || this.workers.length === 0) {
      return bsGammaGrid(book, grid, out ?? new Float64Array(m));
    }
    const b = this.bounds(n);
    const jobs: Promise<PoolResponse & { ok: true }>[] = [];
    for (let k = 1; k < this.threads; k++) {
      const transfer: ArrayBuffer[] = [];
      jobs.push(
        this.request(
          k - 1,
          { id: this.nextId++, op: 'gammaGrid', book: subBook(book, b[k], b[k + 1], transfer), grid },
          transfer,
        ),
      );
    }
    const acc = out ?? new Float64Array(m);
    if (acc.length < m) throw new RangeError(`output array has ${acc.length} slots, grid has ${m}`);
    bsGammaGrid(subBook(book, 0, b[1], null), grid, acc);
    for (const p of await Promise.all(jobs)) {
      const s = p.sums?.[0];
      if (s !== undefined) for (let j = 0; j < m; j++) acc[j] += s[j];
    }
    return acc;
  }

  /** bsGreeksGrid over all threads, options split in slices; partial sums added in slice order. */
  async greeksGrid(
    options: GridOptions,
    prices: Float64Array,
    out?: Partial<GridGreeks>,
  ): Promise<GridGreeks> {
    const sums = await this.grid(options, prices, 4);
    if (sums === undefined) return bsGreeksGrid(options, prices, out);
    return {
      price: into(out?.price, sums[0]),
      delta: into(out?.delta, sums[1]),
      gamma: into(out?.gamma, sums[2]),
      cashGamma: into(out?.cashGamma, sums[3]),
    };
  }

  /** The summed partials of a bsGreeksGrid, or undefined when it should run on the calling thread. */
  private async grid(
    options: GridOptions,
    prices: Float64Array,
    outputs: number,
  ): Promise<Float64Array[] | undefined> {
    this.check();
    const n = batchLength([
      options.type,
      options.strike,
      options.tau,
      options.rate,
      options.divYield,
      options.vol,
      options.weight,
      options.scale,
    ]);
    if (n < 0 || n < this.threads || n * prices.length < this.minParallelRows || this.workers.length === 0) {
      return undefined; // the single-thread kernel (which also reports bad input)
    }
    const b = this.bounds(n);
    const jobs: Promise<PoolResponse & { ok: true }>[] = [];
    for (let k = 1; k < this.threads; k++) {
      jobs.push(
        this.request(
          k - 1,
          { id: this.nextId++, op: 'greeksGrid', options, prices, from: b[k], to: b[k + 1] },
          [],
        ),
      );
    }
    const r = bsGreeksGrid(options, prices, undefined, 0, b[1]);
    const sums = [r.price, r.delta, r.gamma, r.cashGamma];
    const parts = await Promise.all(jobs);
    for (const p of parts) {
      const s = p.sums ?? [];
      for (let o = 0; o < outputs; o++) for (let j = 0; j < prices.length; j++) sums[o][j] += s[o][j];
    }
    return sums;
  }

  /** Terminates the workers; pending requests are rejected. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.failAll(new Error('PricingPool: closed'));
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/**
 * Options [from, to) of a bsGrid book: views for the calling thread (`transfer` null) or shared memory,
 * copied slices (transferred) otherwise.
 */
function subBook(b: BsGridBook, from: number, to: number, transfer: ArrayBuffer[] | null): BsGridBook {
  const cut = <T extends Float64Array | Int8Array>(a: T): T => {
    if (transfer === null || isShared(a)) return a.subarray(from, to) as T;
    const c = a.slice(from, to) as T;
    transfer.push(c.buffer as ArrayBuffer);
    return c;
  };
  return {
    n: to - from,
    spot: b.spot,
    sign: cut(b.sign),
    strike: cut(b.strike),
    scale: cut(b.scale),
    tau: cut(b.tau),
    rate: cut(b.rate),
    divYield: cut(b.divYield),
    vol: cut(b.vol),
    units: cut(b.units),
  };
}

/** The first `to` rows of a column, as a view (no copy on the calling thread). */
function sliceView(c: Col, to: number): Col {
  return typeof c === 'number' ? c : c.subarray(0, to);
}

function into(given: Float64Array | undefined, r: Float64Array): Float64Array {
  if (given === undefined) return r;
  if (given.length < r.length)
    throw new RangeError(`output array has ${given.length} slots, grid has ${r.length}`);
  given.set(r);
  return given;
}
