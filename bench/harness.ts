import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/*
 * Timing harness: single thread, process.hrtime.bigint, warm-up, then several timed rounds; the figure
 * reported is the median of the rounds' throughputs, with the slowest and fastest round beside it.
 *
 * The cases of a suite are measured together, interleaved: after every case's warm-up, round r runs each
 * case in turn (starting at case r mod k, so no case always runs first or right after the same one). A
 * disturbance from another process on this shared machine then hits all cases of a round alike, and ratios
 * of medians taken in one run stay fair even when absolute throughput moves.
 *
 * A round repeats whole passes over a case's rows until at least `minRoundSeconds` of timed work is done.
 * `beforePass` runs outside the timed region before every pass: it is how a case undoes caching between
 * passes (e.g. QuantLib-js instruments keep their last NPV until a quote changes), so every timed pass does
 * the full work.
 */

export interface BenchCase {
  /** Rows (operations) done by one call of `pass`. */
  readonly opsPerPass: number;
  /** One pass over the case's rows; the measured work. */
  pass(): void;
  /** Untimed preparation before each pass (cache invalidation). */
  beforePass?(): void;
}

export interface BenchOptions {
  readonly warmupSeconds: number;
  readonly rounds: number;
  readonly minRoundSeconds: number;
}

export interface BenchResult {
  /** Median over rounds of operations per second. */
  readonly opsPerSec: number;
  /** Throughput of each round, ops/s. */
  readonly roundOpsPerSec: readonly number[];
  /** Relative spread of the rounds, (max - min) / median. */
  readonly spread: number;
  /** Slowest and fastest round, ops/s. */
  readonly min: number;
  readonly max: number;
  readonly passes: number;
}

/*
 * A full garbage collection before each case, so that one case's garbage (e.g. QuantLib-js object graphs)
 * is not collected inside the next case's timed rounds. `npm run bench` starts node without --expose-gc;
 * the flag can still be set at run time and the gc function taken from a fresh context (Node docs,
 * v8.setFlagsFromString: https://nodejs.org/api/v8.html#v8setflagsfromstringflags). If that ever stops
 * working, cases simply run without the collection.
 */
let fullGc: (() => void) | undefined;
try {
  setFlagsFromString('--expose-gc');
  const f: unknown = runInNewContext('gc');
  if (typeof f === 'function') fullGc = () => f();
} catch {
  fullGc = undefined;
}

export const DEFAULT_BENCH: BenchOptions = { warmupSeconds: 0.25, rounds: 7, minRoundSeconds: 0.3 };

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : 0.5 * (s[m - 1] + s[m]);
}

/** Seconds spent in one timed pass (the untimed `beforePass` excluded). */
function timedPass(c: BenchCase): number {
  c.beforePass?.();
  const t0 = process.hrtime.bigint();
  c.pass();
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

/**
 * Runs one case alone (see {@link measureInterleaved}).
 * @example measure({ opsPerPass: 1, pass: () => Math.sqrt(2) }).opsPerSec // some large number of ops/s
 */
export function measure(c: BenchCase, opts: BenchOptions = DEFAULT_BENCH): BenchResult {
  return measureInterleaved([c], opts)[0];
}

/**
 * Runs cases together: a full GC when available, warm-up passes of each case for `warmupSeconds` (at least
 * one), then `rounds` rounds in which every case does at least `minRoundSeconds` of timed passes, in an
 * order rotated by one case per round.
 * @example measureInterleaved([a, b]).map((r) => r.opsPerSec) // [ops/s of a, ops/s of b], same conditions
 */
export function measureInterleaved(
  cases: readonly BenchCase[],
  opts: BenchOptions = DEFAULT_BENCH,
): BenchResult[] {
  fullGc?.();
  for (const c of cases) {
    let warm = 0;
    do warm += timedPass(c);
    while (warm < opts.warmupSeconds);
  }
  const k = cases.length;
  const rounds: number[][] = cases.map(() => []);
  const passes: number[] = cases.map(() => 0);
  for (let r = 0; r < opts.rounds; r++) {
    for (let step = 0; step < k; step++) {
      const ci = (r + step) % k;
      const c = cases[ci];
      let seconds = 0;
      let n = 0;
      do {
        seconds += timedPass(c);
        n++;
      } while (seconds < opts.minRoundSeconds);
      passes[ci] += n;
      rounds[ci].push((n * c.opsPerPass) / seconds);
    }
  }
  return rounds.map((roundOpsPerSec, ci) => {
    const opsPerSec = median(roundOpsPerSec);
    const min = Math.min(...roundOpsPerSec);
    const max = Math.max(...roundOpsPerSec);
    return { opsPerSec, roundOpsPerSec, spread: (max - min) / opsPerSec, min, max, passes: passes[ci] };
  });
}

/** A case whose pass may be asynchronous (work on worker threads). */
export interface AsyncBenchCase {
  readonly opsPerPass: number;
  pass(): void | Promise<void>;
}

/**
 * {@link measureInterleaved} for cases that may await (the worker pool); same warm-up, rounds and rotation.
 * @example await measureInterleavedAsync([single, pooled]) // [BenchResult, BenchResult]
 */
export async function measureInterleavedAsync(
  cases: readonly AsyncBenchCase[],
  opts: BenchOptions = DEFAULT_BENCH,
): Promise<BenchResult[]> {
  const timed = async (c: AsyncBenchCase): Promise<number> => {
    const t0 = process.hrtime.bigint();
    await c.pass();
    return Number(process.hrtime.bigint() - t0) / 1e9;
  };
  fullGc?.();
  for (const c of cases) {
    let warm = 0;
    do warm += await timed(c);
    while (warm < opts.warmupSeconds);
  }
  const k = cases.length;
  const rounds: number[][] = cases.map(() => []);
  const passes: number[] = cases.map(() => 0);
  for (let r = 0; r < opts.rounds; r++) {
    for (let step = 0; step < k; step++) {
      const ci = (r + step) % k;
      let seconds = 0;
      let n = 0;
      do {
        seconds += await timed(cases[ci]);
        n++;
      } while (seconds < opts.minRoundSeconds);
      passes[ci] += n;
      rounds[ci].push((n * cases[ci].opsPerPass) / seconds);
    }
  }
  return rounds.map((roundOpsPerSec, ci) => {
    const opsPerSec = median(roundOpsPerSec);
    const min = Math.min(...roundOpsPerSec);
    const max = Math.max(...roundOpsPerSec);
    return { opsPerSec, roundOpsPerSec, spread: (max - min) / opsPerSec, min, max, passes: passes[ci] };
  });
}
