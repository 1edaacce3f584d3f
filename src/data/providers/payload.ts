/**
 * Helpers for `transform` (pure): errors that name the provider, dataset and payload field, and the
 * bookkeeping of skipped records and gaps that the ingest summary reports.
 */
import { PayloadError } from '../../errors.js';
import { isoInstant } from '../../store/align.js';
import type { Gap, Skip } from './types.js';

/** Which provider and dataset a payload belongs to, for error messages. */
export interface PayloadWhere {
  readonly provider: string;
  readonly dataset: string;
}

function show(value: unknown): string {
  if (value === undefined) return 'missing';
  const s = JSON.stringify(value) ?? String(value);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

/**
 * A PayloadError for a payload field that is not what the source documents.
 * @example payloadError({ provider: 'yahoo', dataset: 'bars' }, 'chart.result', null, 'an array').message // 'yahoo bars: payload field chart.result: null: expected an array'
 */
export function payloadError(
  where: PayloadWhere,
  field: string,
  value: unknown,
  expected: string,
): PayloadError {
  return new PayloadError(
    'bad_payload',
    `${where.provider} ${where.dataset}: payload field ${field}: ${show(value)}: expected ${expected}`,
    { details: { provider: where.provider, dataset: where.dataset, field, value, expected } },
  );
}

/**
 * True for a finite number.
 * @example isFiniteNumber(Number.NaN) // false
 */
export function isFiniteNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/**
 * The runs of grid instants in [startMs, endMs) (step `stepMs`, aligned on startMs) missing from `present`.
 * @example gapsOnGrid(0, 4 * 60_000, 60_000, new Set([0, 180_000])) // [{ from: '1970-01-01T00:01:00Z', to: '1970-01-01T00:03:00Z', missing: 2 }]
 */
export function gapsOnGrid(
  startMs: number,
  endMs: number,
  stepMs: number,
  present: ReadonlySet<number>,
): Gap[] {
  const gaps: Gap[] = [];
  let runStart: number | undefined;
  for (let t = startMs; t < endMs; t += stepMs) {
    if (present.has(t)) {
      if (runStart !== undefined) {
        gaps.push({ from: isoInstant(runStart), to: isoInstant(t), missing: (t - runStart) / stepMs });
        runStart = undefined;
      }
    } else if (runStart === undefined) {
      runStart = t;
    }
  }
  if (runStart !== undefined) {
    const end = startMs + Math.ceil((endMs - startMs) / stepMs) * stepMs;
    gaps.push({ from: isoInstant(runStart), to: isoInstant(end), missing: (end - runStart) / stepMs });
  }
  return gaps;
}

/**
 * Gaps in time order with touching ones joined (a gap across two chunks is reported once).
 * @example mergeGaps([{ from: 'a', to: 'b', missing: 1 }, { from: 'b', to: 'c', missing: 2 }]) // [{ from: 'a', to: 'c', missing: 3 }]
 */
export function mergeGaps(gaps: readonly Gap[]): Gap[] {
  const sorted = [...gaps].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  const out: Gap[] = [];
  for (const g of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && last.to === g.from) {
      out[out.length - 1] = { from: last.from, to: g.to, missing: last.missing + g.missing };
    } else {
      out.push(g);
    }
  }
  return out;
}

/**
 * Skips summed by reason, in order of first appearance, zero counts dropped.
 * @example mergeSkips([{ reason: 'a', count: 1 }, { reason: 'a', count: 2 }, { reason: 'b', count: 0 }]) // [{ reason: 'a', count: 3 }]
 */
export function mergeSkips(skips: readonly Skip[]): Skip[] {
  const by = new Map<string, number>();
  for (const s of skips) by.set(s.reason, (by.get(s.reason) ?? 0) + s.count);
  return [...by].filter(([, count]) => count > 0).map(([reason, count]) => ({ reason, count }));
}

/** Counts skipped records by reason while a transform walks a payload. */
export class SkipCounter {
  private readonly counts = new Map<string, number>();

  add(reason: string, n = 1): void {
    this.counts.set(reason, (this.counts.get(reason) ?? 0) + n);
  }

  list(): Skip[] {
    return [...this.counts].map(([reason, count]) => ({ reason, count }));
  }
}
