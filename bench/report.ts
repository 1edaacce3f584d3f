import type { BenchResult } from './harness.js';

/* Result records of the suites and the small statistics they share. */

export interface ResultRow {
  readonly library: string;
  /** Rows in one timed pass. */
  readonly rows: number;
  readonly bench: BenchResult;
  /** crashscope or another library. */
  readonly role: 'ours' | 'peer';
  /**
   * The suite's speed references: 'fast' is QuantLib-js through its fastest path (the ratios quoted),
   * 'graph' QuantLib-js through one object graph per row (the second ratio column).
   */
  readonly reference?: 'fast' | 'graph';
  /** The crashscope row quoted in the summary table. */
  readonly headline?: boolean;
  /** False when the row does less than the suite's work (e.g. price only): never the "fastest peer". */
  readonly sameWork?: boolean;
  readonly maxAbsErr?: number;
  readonly maxRelErr?: number;
  readonly failures?: number;
  readonly notes: string;
}

export interface Check {
  readonly kind: 'speed' | 'accuracy';
  readonly text: string;
  readonly measured: string;
  readonly met: boolean;
}

export interface SuiteResult {
  readonly name: string;
  /** What the error columns are measured against. */
  readonly errorNote: string;
  readonly rows: readonly ResultRow[];
  readonly checks: readonly Check[];
  /** Extra lines printed under the table (grid, rules, caveats). */
  readonly notes: readonly string[];
}

export interface DiffStats {
  /** Rows compared. */
  readonly n: number;
  readonly maxAbs: number;
  /** Max of |a - ref| / |ref| over rows where |ref| >= relFloor. */
  readonly maxRel: number;
  /** Rows where `a` is NaN (or not finite) while `ref` is finite. */
  readonly nonFinite: number;
  /** Row of the largest absolute difference, -1 if none. */
  readonly worst: number;
}

/**
 * Differences of `a` against `ref` over rows [0, n).
 * @example diffStats(new Float64Array([1, 2]), new Float64Array([1, 2.5]), 2, 1e-4).maxAbs // 0.5
 */
export function diffStats(a: Float64Array, ref: Float64Array, n: number, relFloor: number): DiffStats {
  let maxAbs = 0;
  let maxRel = 0;
  let nonFinite = 0;
  let worst = -1;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(ref[i])) continue;
    if (!Number.isFinite(a[i])) {
      nonFinite++;
      continue;
    }
    const d = Math.abs(a[i] - ref[i]);
    if (d > maxAbs) {
      maxAbs = d;
      worst = i;
    }
    const r = Math.abs(ref[i]);
    if (r >= relFloor && d / r > maxRel) maxRel = d / r;
  }
  return { n, maxAbs, maxRel, nonFinite, worst };
}

/** Number of rows in [0, n) where a and b differ as IEEE values (Object.is, so NaN equals NaN and 0 ≠ -0). */
export function bitMismatches(a: Float64Array, b: Float64Array, n: number): number {
  let m = 0;
  for (let i = 0; i < n; i++) if (!Object.is(a[i], b[i])) m++;
  return m;
}

/** A number as `1.2e-15` (errors) with `0` kept plain. */
export function sci(x: number | undefined): string {
  if (x === undefined) return '—';
  if (x === 0) return '0';
  if (!Number.isFinite(x)) return String(x);
  return x.toExponential(1);
}
