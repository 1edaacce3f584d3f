/**
 * Errors turned into HTTP answers, at the edge only (shared/STYLE.md item 10): one clear message, the
 * error's code, never a stack. Bad input is a 400; a missing thing a 404; a store another process holds
 * a 503; anything else a 500 whose message names what failed.
 */
import { CrashscopeError, DataError, InvalidInputError, StoreError } from '../errors.js';

export type HttpStatus = 400 | 404 | 422 | 500 | 503;

export interface HttpError {
  readonly status: HttpStatus;
  readonly code: string;
  readonly message: string;
}

const NOT_FOUND = new Set(['store_missing', 'unknown_event', 'not_found']);

/**
 * Status, code and message of an error.
 * @example toHttpError(new InvalidInputError('bad_request', 'q: the query is empty')) // { status: 400, code: 'bad_request', message: 'q: the query is empty' }
 */
export function toHttpError(error: unknown): HttpError {
  if (error instanceof CrashscopeError && NOT_FOUND.has(error.code)) {
    return { status: 404, code: error.code, message: error.message };
  }
  // Another process (an import) holds the store: try again shortly.
  if (error instanceof StoreError && error.code === 'store_locked') {
    return { status: 503, code: error.code, message: error.message.split('\n')[0]! };
  }
  if (error instanceof InvalidInputError) return { status: 400, code: error.code, message: error.message };
  if (error instanceof DataError) return { status: 422, code: error.code, message: error.message };
  if (error instanceof StoreError)
    return { status: 500, code: error.code, message: error.message.split('\n')[0]! };
  const text = error instanceof Error ? error.message.split('\n')[0]! : String(error);
  return { status: 500, code: 'internal', message: `internal error: ${text}` };
}
