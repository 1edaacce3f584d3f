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

/*
 * Stride views: a batch loop reads every column as `col[i * stride]`, stride 1 for an array and 0 for a
 * constant held in a one-slot array. The loop then sees one element kind (Float64Array) on every call, so
 * V8 compiles it once, without a `typeof` test per row. The one-slot arrays are module scratch, one per
 * argument position, so that nothing is allocated per call.
 */

/** One-slot holders for constant columns, by argument position (8 positions suffice for every batch). */
const CONST_SLOTS: readonly Float64Array[] = Array.from({ length: 8 }, () => new Float64Array(1));
const CONST_SIGN = new Int8Array(1);

/** Column `c` as an array to read at `i * colStride(c)`; slot `k` holds a constant column. */
export function colArray(c: Col, k: number): Float64Array {
  if (typeof c !== 'number') return c;
  const s = CONST_SLOTS[k];
  s[0] = c;
  return s;
}

/** 1 for an array column, 0 for a constant one. */
export function colStride(c: Col | TypeCol): number {
  return typeof c === 'number' || typeof c === 'string' ? 0 : 1;
}

/** The type column as an Int8Array of signs to read at `i * colStride(c)` (a string is held in a one-slot array). */
export function signArray(c: TypeCol): Int8Array {
  if (typeof c !== 'string') return c;
  CONST_SIGN[0] = c === 'call' ? 1 : c === 'put' ? -1 : 0;
  return CONST_SIGN;
}
