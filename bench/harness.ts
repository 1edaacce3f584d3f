import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/*
 * Timing harness: single thread, process.hrtime.bigint, warm-up, then several timed rounds; the figure
 * reported is the median of the rounds' throughputs (robust to one round disturbed by GC or by another
 * process on this shared machine).
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
 * Runs a case: a full GC when available, warm-up passes for `warmupSeconds` (at least one), then `rounds` rounds of at least
 * `minRoundSeconds` of timed passes each.
 * @example measure({ opsPerPass: 1, pass: () => Math.sqrt(2) }).opsPerSec // some large number of ops/s
 */
export function measure(c: BenchCase, opts: BenchOptions = DEFAULT_BENCH): BenchResult {
  fullGc?.();
  let warm = 0;
  do warm += timedPass(c);
  while (warm < opts.warmupSeconds);
  const roundOpsPerSec: number[] = [];
  let passes = 0;
  for (let r = 0; r < opts.rounds; r++) {
    let seconds = 0;
    let n = 0;
    do {
      seconds += timedPass(c);
      n++;
    } while (seconds < opts.minRoundSeconds);
    passes += n;
    roundOpsPerSec.push((n * c.opsPerPass) / seconds);
  }
  const opsPerSec = median(roundOpsPerSec);
  const spread = (Math.max(...roundOpsPerSec) - Math.min(...roundOpsPerSec)) / opsPerSec;
  return { opsPerSec, roundOpsPerSec, spread, passes };
}
