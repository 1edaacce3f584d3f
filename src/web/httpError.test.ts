import { describe, expect, it } from 'vitest';
import { DataError, InvalidInputError, StoreError } from '../errors.js';
import { toHttpError } from './httpError.js';

describe('toHttpError', () => {
  it.each([
    [
      new InvalidInputError('bad_request', 'q: the query is empty'),
      400,
      'bad_request',
      'q: the query is empty',
    ],
    [new InvalidInputError('unknown_event', 'no embedded pack'), 404, 'unknown_event', 'no embedded pack'],
    [new StoreError('store_missing', 'no store at /x'), 404, 'store_missing', 'no store at /x'],
    [new DataError('bad_row', 'line 3: close: not a number'), 422, 'bad_row', 'line 3: close: not a number'],
    [
      new StoreError('store_locked', 'store /x is in use by another process\nmore'),
      503,
      'store_locked',
      'store /x is in use by another process',
    ],
    [new StoreError('store_query', 'store: boom\nLINE 1: ...'), 500, 'store_query', 'store: boom'],
    [
      new TypeError('x is undefined\n    at f (file.js:1:1)'),
      500,
      'internal',
      'internal error: x is undefined',
    ],
    ['a string', 500, 'internal', 'internal error: a string'],
  ])('%s', (error, status, code, message) => {
    expect(toHttpError(error)).toEqual({ status, code, message });
  });
});
