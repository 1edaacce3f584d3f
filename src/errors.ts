/**
 * The error tree of crashscope (shared/STYLE.md item 10): a shallow hierarchy whose classes carry a
 * stable `code`, structured `details` and an optional `cause`. Library code throws these; only the
 * edges (cli/, web/) turn them into exit statuses, one-line messages or HTTP statuses.
 */

export type ErrorDetails = Readonly<Record<string, unknown>>;

export interface CrashscopeErrorOptions {
  readonly details?: ErrorDetails;
  readonly cause?: unknown;
}

/** Root of every error crashscope throws on purpose. */
export class CrashscopeError extends Error {
  readonly code: string;
  readonly details: ErrorDetails;

  constructor(code: string, message: string, options: CrashscopeErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.details = options.details ?? {};
  }
}

/** A value given by the user (flag, function argument, file cell) is out of its domain. */
export class InvalidInputError extends CrashscopeError {}

/** A file or payload does not have the expected shape; details name file, line, column and value. */
export class DataError extends CrashscopeError {}

/** The store could not be opened, migrated, read or written. */
export class StoreError extends CrashscopeError {}

/** A data provider failed (network, HTTP status, vendor error code). */
export class ProviderError extends CrashscopeError {}

/**
 * A provider answered with a payload that is not what its documentation describes (malformed JSON, a
 * missing or mistyped field, rows that fail the model). Not the user's input: exit status 1.
 */
export class PayloadError extends ProviderError {}

/** The provider refused because of rate limiting (HTTP 429 or a vendor code). */
export class RateLimitError extends ProviderError {}

/** The provider refused access from this location or client (HTTP 403/451). */
export class AccessDeniedError extends ProviderError {}

/** Exit status for an error: 2 for bad usage or input, 1 for anything that failed at run time. */
export function exitCodeFor(error: unknown): 1 | 2 {
  if (error instanceof InvalidInputError || error instanceof DataError) return 2;
  // A store path that does not exist is a wrong argument (analyze and fragility say so with exit 2 too).
  if (error instanceof StoreError && error.code === 'store_missing') return 2;
  return 1;
}

/** One clear line for stderr. */
export function oneLine(error: unknown): string {
  if (error instanceof CrashscopeError) return `crashscope: ${error.message}`;
  if (error instanceof Error) return `crashscope: ${error.message}`;
  return `crashscope: ${String(error)}`;
}
