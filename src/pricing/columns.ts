import type { Col, TypeCol } from './types.js';

/**
 * Number of rows of a batch: the common length of the array columns, or 1 when all are scalars.
 * Returns -1 when two array columns disagree in length.
 */
export function batchLength(cols: readonly (Col | TypeCol | undefined)[]): number {
  let n = -2;
  for (const c of cols) {
    if (c === undefined || typeof c === 'number' || typeof c === 'string') continue;
    if (n === -2) n = c.length;
    else if (c.length !== n) return -1;
  }
  return n === -2 ? 1 : n;
}

/** Value of column `c` at row `i`. */
export function at(c: Col, i: number): number {
  return typeof c === 'number' ? c : c[i];
}

/** +1 for a call, -1 for a put, NaN for anything else, at row `i`. */
export function signAt(c: TypeCol, i: number): number {
  if (typeof c === 'string') return c === 'call' ? 1 : c === 'put' ? -1 : Number.NaN;
  const v = c[i];
  return v === 1 ? 1 : v === -1 ? -1 : Number.NaN;
}

/** A caller-given output of length n, or a new one. */
export function outArray(n: number, given?: Float64Array): Float64Array {
  if (given === undefined) return new Float64Array(n);
  if (given.length < n) throw new RangeError(`output array has ${given.length} rows, batch has ${n}`);
  return given;
}
