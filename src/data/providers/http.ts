/**
 * The resilient HTTP client every provider's `extract` receives. One GET goes through: the provider's
 * token-bucket rate limit, a per-attempt timeout (AbortSignal.timeout), the archive hook (every raw
 * response, whatever its status), vendor-code and status mapping to the error tree, and retries with
 * capped exponential backoff and full jitter on 429, 5xx, timeouts and network errors, honouring
 * Retry-After. The clock, sleep, randomness and fetch itself are injected (`Transport`), so tests run the
 * whole policy instantly and deterministically, and library code never reads the clock.
 *
 * Sources: backoff with "full jitter" (sleep = random * min(cap, base * 2^n)) from M. Brooker,
 * "Exponential Backoff And Jitter", AWS Architecture Blog, 2015
 * (https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/); Retry-After as
 * delay-seconds or HTTP-date from RFC 9110 section 10.2.3; 451 from RFC 7725; token bucket as in
 * Coinbase's own description of its limiter (https://docs.cdp.coinbase.com/exchange/rest-api/rate-limits).
 */
import {
  AccessDeniedError,
  CrashscopeError,
  type ErrorDetails,
  InvalidInputError,
  PayloadError,
  ProviderError,
  RateLimitError,
} from '../../errors.js';
import { VERSION } from '../../version.js';
import type { Provider, RateLimit, VendorErrorKind, VendorErrorTable } from './types.js';

/** Sent with every request, so that providers can tell who is calling and where to read about it. */
export const USER_AGENT = `crashscope/${VERSION} (+https://www.npmjs.com/package/crashscope)`;

/** The subset of WHATWG fetch the client uses (global `fetch` fits). */
export type FetchFn = (url: string, init: RequestInit) => Promise<Response>;

/** Everything time- and network-dependent, injected by the caller (the CLI passes the real ones). */
export interface Transport {
  readonly fetch: FetchFn;
  /** Milliseconds since the epoch. */
  readonly now: () => number;
  /** Resolves after `ms` milliseconds; rejects when `signal` aborts. */
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Uniform in [0, 1), for jitter. */
  readonly random: () => number;
}

/** Timeouts and retries. */
export interface RetryPolicy {
  /** Attempts in all, the first included (1 = no retry). */
  readonly maxAttempts: number;
  /** Backoff base: the cap of the first retry's wait, in ms (doubled per retry). */
  readonly baseDelayMs: number;
  /** Largest backoff wait, in ms. */
  readonly maxDelayMs: number;
  /** A Retry-After longer than this (ms) is not waited for: the request fails at once. */
  readonly maxRetryAfterMs: number;
  /** Per-attempt timeout, headers and body included, in ms. */
  readonly timeoutMs: number;
  /**
   * Largest response body accepted, in bytes, enforced while the body streams in (and up front from
   * Content-Length): a larger one is refused at once, not held whole, not archived, not retried.
   */
  readonly maxBodyBytes: number;
}

/** Default cap of a response body: 128 MiB (the largest recorded payload of any dataset is a few MB). */
export const DEFAULT_MAX_BODY_BYTES = 128 * 1024 * 1024;

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 120_000,
  timeoutMs: 30_000,
  maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
};

/** Megabytes in words, for messages. */
function mib(bytes: number): string {
  return `${+(bytes / 1024 / 1024).toPrecision(3)} MiB`;
}

/**
 * Reads a response body, stopping (and cancelling the transfer) as soon as it passes `cap` bytes.
 * @example await readCapped(new Response('abc'), 2) // { tooLarge: true, seen: 3 }
 */
export async function readCapped(
  res: Response,
  cap: number,
): Promise<{ readonly bytes: Uint8Array } | { readonly tooLarge: true; readonly seen: number }> {
  const declared = Number(res.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > cap) {
    await res.body?.cancel().catch(() => undefined);
    return { tooLarge: true, seen: declared };
  }
  if (res.body === null) return { bytes: new Uint8Array(0) };
  const reader = res.body.getReader();
  const parts: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > cap) {
      await reader.cancel().catch(() => undefined);
      return { tooLarge: true, seen: total };
    }
    parts.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return { bytes: out };
}

/** A successful (2xx) response, read in full. */
export interface HttpResponse {
  readonly url: string;
  readonly status: number;
  /** Header names in lowercase. */
  readonly headers: Readonly<Record<string, string>>;
  /** The body decoded as UTF-8 (as `Response.text()` would). */
  readonly body: string;
  /** The body parsed as JSON; a PayloadError naming the provider, dataset and URL when it is not JSON. */
  json(): unknown;
  /** The body's bytes as received (archives, images: anything that is not text). */
  bytes(): Uint8Array;
}

export interface RequestOptions {
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * A request body makes the request a POST (for query APIs that take JSON bodies; default content type
   * application/json). It is part of the archive's replay key, and such queries are retried like GETs.
   */
  readonly body?: string;
}

/** What `extract` calls: a GET (or a POST with `body`) that returns a 2xx response or throws a typed error. */
export type HttpClient = (url: string, options?: RequestOptions) => Promise<HttpResponse>;

/** What the client reports while it works (the CLI prints them as progress). */
export type HttpEvent =
  | { readonly kind: 'request'; readonly url: string; readonly attempt: number }
  | {
      readonly kind: 'retry';
      readonly url: string;
      readonly attempt: number;
      readonly waitMs: number;
      readonly reason: string;
    }
  | { readonly kind: 'throttle'; readonly waitMs: number };

/** A raw response as the archive hook receives it. */
export interface RawResponse {
  readonly url: string;
  readonly method: 'GET' | 'POST';
  /** The request body of a POST. */
  readonly requestBody?: string;
  readonly status: number;
  readonly contentType: string | null;
  /** The body decoded as UTF-8. */
  readonly body: string;
  /** The body's bytes as received; when absent, the UTF-8 encoding of `body`. */
  readonly bytes?: Uint8Array;
  /** When it was received (ms since the epoch, from the transport clock). */
  readonly receivedAtMs: number;
}

export interface HttpClientOptions {
  /** Name, vendor error table (and rate limit, when `limiter` is not given) of the provider. */
  readonly provider: Pick<Provider, 'name' | 'vendorErrors'>;
  /** Dataset name, for error messages. */
  readonly dataset?: string;
  readonly transport: Transport;
  readonly policy?: Partial<RetryPolicy>;
  /** Shared limiter of the provider; none = no rate limiting (archive replay). */
  readonly limiter?: RateLimiter;
  /** Called with every raw response before it is interpreted (the archive). */
  readonly archive?: (response: RawResponse) => void;
  /** Aborts requests and waits (Ctrl-C); the client then throws ProviderError 'interrupted'. */
  readonly signal?: AbortSignal;
  readonly onEvent?: (event: HttpEvent) => void;
}

/**
 * Parses a Retry-After header value into milliseconds to wait: delay-seconds or an HTTP-date
 * (RFC 9110 section 10.2.3); a date in the past gives 0; anything else gives undefined.
 * @example parseRetryAfter('7', 0) // 7000; parseRetryAfter('Thu, 01 Jan 1970 00:00:10 GMT', 4000) // 6000
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  // An HTTP-date always names a weekday and a GMT zone; Date.parse alone would take "2026" as a date.
  if (!/^[A-Za-z]{3}/.test(v) || !/GMT$/.test(v)) return undefined;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : Math.max(0, t - nowMs);
}

/**
 * Full-jitter backoff before retry number `retry` (1 = the first retry), in ms:
 * random * min(maxDelay, base * 2^(retry - 1)) (Brooker 2015).
 * @example backoffMs(3, DEFAULT_RETRY_POLICY, () => 0.5) // 1000
 */
export function backoffMs(retry: number, policy: RetryPolicy, random: () => number): number {
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.floor(random() * cap);
}

/** A token bucket: `take` resolves when a request may go, with the ms it waited. */
export interface RateLimiter {
  take(signal?: AbortSignal): Promise<number>;
}

/**
 * A token bucket holding up to `burst` tokens, refilled at `perSecond`; each request takes one.
 * @example const l = createRateLimiter({ perSecond: 2, burst: 1 }, clock); await l.take(); await l.take() // 500 (ms waited)
 */
export function createRateLimiter(limit: RateLimit, clock: Pick<Transport, 'now' | 'sleep'>): RateLimiter {
  let tokens = limit.burst;
  let last = clock.now();
  const refill = (): void => {
    const t = clock.now();
    tokens = Math.min(limit.burst, tokens + ((t - last) / 1000) * limit.perSecond);
    last = t;
  };
  return {
    async take(signal) {
      let waited = 0;
      refill();
      while (tokens < 1) {
        // Rounded up so that one sleep always refills the token it waited for.
        const wait = Math.ceil(((1 - tokens) / limit.perSecond) * 1000);
        await clock.sleep(wait, signal);
        waited += wait;
        refill();
      }
      tokens -= 1;
      return waited;
    },
  };
}

/**
 * Checks a `--base-url` value and returns it without a trailing slash: an http(s) URL, optionally with
 * a path prefix (a proxy's), without query, fragment or credentials.
 * @example normalizeBaseUrl('http://127.0.0.1:8080/') // 'http://127.0.0.1:8080'
 */
export function normalizeBaseUrl(raw: string, flag = '--base-url'): string {
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  if (
    url === undefined ||
    (url.protocol !== 'http:' && url.protocol !== 'https:') ||
    url.search !== '' ||
    url.hash !== '' ||
    url.username !== '' ||
    url.password !== ''
  ) {
    throw new InvalidInputError(
      'bad_flag',
      `${flag}: '${raw}' is not an http(s) URL of the form scheme://host[:port][/prefix]`,
      { details: { flag, raw } },
    );
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/**
 * Base URL + path + query string (values stringified and percent-encoded).
 * @example joinUrl('http://h', '/a', { x: 1, y: 'b c' }) // 'http://h/a?x=1&y=b+c'
 */
export function joinUrl(
  baseUrl: string,
  path: string,
  query: Readonly<Record<string, string | number>> = {},
): string {
  const qs = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)])).toString();
  return `${baseUrl}${path}${qs === '' ? '' : `?${qs}`}`;
}

type ErrorClass = new (
  code: string,
  message: string,
  options?: { details?: ErrorDetails; cause?: unknown },
) => ProviderError;

/** Why an attempt failed, and whether another attempt may help. */
interface Failure {
  readonly Class: ErrorClass;
  readonly code: string;
  readonly message: string;
  readonly details: ErrorDetails;
  readonly retryable: boolean;
  readonly retryAfterMs?: number;
  readonly reason: string;
  readonly cause?: unknown;
}

type Parsed = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: Error };

function parseJson(body: string): Parsed {
  try {
    return { ok: true, value: JSON.parse(body) };
  } catch (error) {
    return { ok: false, error: error as Error };
  }
}

function at(value: unknown, path: readonly (string | number)[]): unknown {
  let v = value;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[key];
  }
  return v;
}

function vendorOf(
  table: VendorErrorTable,
  parsed: () => Parsed,
  body: string,
): { code?: string; message?: string } {
  const first = body.trimStart()[0];
  if (first !== '{' && first !== '[') return {};
  const p = parsed();
  if (!p.ok) return {};
  const code = at(p.value, table.codePath);
  const message = table.messagePath ? at(p.value, table.messagePath) : undefined;
  return {
    ...(typeof code === 'string' && code !== ''
      ? { code }
      : typeof code === 'number'
        ? { code: String(code) }
        : {}),
    ...(typeof message === 'string' && message !== '' ? { message } : {}),
  };
}

const VENDOR_CLASSES: Readonly<Record<VendorErrorKind, { Class: ErrorClass; retryable: boolean }>> = {
  rate_limited: { Class: RateLimitError, retryable: true },
  access_denied: { Class: AccessDeniedError, retryable: false },
  not_found: { Class: ProviderError, retryable: false },
  bad_request: { Class: ProviderError, retryable: false },
  unavailable: { Class: ProviderError, retryable: true },
};

function statusFailure(
  label: string,
  url: string,
  status: number,
  vendorText: string,
  details: ErrorDetails,
  retryAfterMs: number | undefined,
): Failure {
  const base = { details, reason: `HTTP ${status}`, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
  if (status === 429) {
    return {
      ...base,
      Class: RateLimitError,
      code: 'rate_limited',
      message: `${label}: rate limited (HTTP 429) on ${url}${vendorText}`,
      retryable: true,
    };
  }
  if (status === 451) {
    return {
      ...base,
      Class: AccessDeniedError,
      code: 'access_denied',
      message: `${label}: the provider refuses this location (HTTP 451) for ${url}${vendorText}; a mirror or proxy you may use can be given with --base-url`,
      retryable: false,
    };
  }
  if (status === 401 || status === 403) {
    return {
      ...base,
      Class: AccessDeniedError,
      code: 'access_denied',
      message: `${label}: access denied (HTTP ${status}) for ${url}${vendorText}`,
      retryable: false,
    };
  }
  if (status === 404) {
    return {
      ...base,
      Class: ProviderError,
      code: 'not_found',
      message: `${label}: not found (HTTP 404): ${url}${vendorText}`,
      retryable: false,
    };
  }
  if (status >= 500) {
    return {
      ...base,
      Class: ProviderError,
      code: 'server_error',
      message: `${label}: server error (HTTP ${status}) on ${url}${vendorText}`,
      retryable: true,
    };
  }
  return {
    ...base,
    Class: ProviderError,
    code: 'http_error',
    message: `${label}: HTTP ${status} on ${url}${vendorText}`,
    // 408 Request Timeout is the one 4xx a client may repeat as is (RFC 9110 section 15.5.9).
    retryable: status === 408,
  };
}

function classify(
  options: HttpClientOptions,
  label: string,
  raw: RawResponse,
  retryAfter: string | null,
  parsed: () => Parsed,
): Failure | undefined {
  const { url, status, body } = raw;
  const vendor = vendorOf(options.provider.vendorErrors, parsed, body);
  const ok = status >= 200 && status < 300;
  if (ok && vendor.code === undefined) return undefined;
  const retryAfterMs = parseRetryAfter(retryAfter, options.transport.now());
  const details: ErrorDetails = {
    provider: options.provider.name,
    ...(options.dataset === undefined ? {} : { dataset: options.dataset }),
    url,
    status,
    ...(vendor.code === undefined ? {} : { vendorCode: vendor.code }),
    ...(vendor.message === undefined ? {} : { vendorMessage: vendor.message }),
  };
  const vendorText =
    vendor.code === undefined
      ? ''
      : `: ${vendor.code}${vendor.message !== undefined && vendor.message !== vendor.code ? `: ${vendor.message}` : ''}`;
  const kind = vendor.code === undefined ? undefined : options.provider.vendorErrors.codes[vendor.code];
  if (kind !== undefined) {
    const { Class, retryable } = VENDOR_CLASSES[kind];
    return {
      Class,
      code: kind,
      message: `${label}${vendorText} (HTTP ${status} on ${url})`,
      details: { ...details, vendorKind: kind },
      retryable,
      reason: `${vendor.code}`,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    };
  }
  if (ok) {
    return {
      Class: ProviderError,
      code: 'vendor_error',
      message: `${label}: error in a ${status} response${vendorText} (${url})`,
      details,
      retryable: false,
      reason: `${vendor.code}`,
    };
  }
  return statusFailure(label, url, status, vendorText, details, retryAfterMs);
}

function networkFailure(
  label: string,
  url: string,
  error: unknown,
  timeoutMs: number,
  details: ErrorDetails,
): Failure {
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError') {
    return {
      Class: ProviderError,
      code: 'timeout',
      message: `${label}: no complete response from ${url} within ${timeoutMs / 1000} s`,
      details: { ...details, timeoutMs },
      retryable: true,
      reason: 'timeout',
      cause: error,
    };
  }
  const code = e?.cause?.code;
  const why = e?.cause?.message ?? e?.message ?? String(error);
  return {
    Class: ProviderError,
    code: 'network_error',
    message: `${label}: network error on ${url}: ${why}${code !== undefined && !why.includes(code) ? ` (${code})` : ''}`,
    details: { ...details, ...(code === undefined ? {} : { errno: code }) },
    retryable: true,
    reason: code ?? 'network error',
    cause: error,
  };
}

function interrupted(label: string, url: string, cause: unknown): ProviderError {
  return new ProviderError('interrupted', `${label}: interrupted while requesting ${url}`, {
    details: { url },
    cause,
  });
}

/**
 * The client `extract` receives. Returns 2xx responses; throws RateLimitError (429 or a vendor code),
 * AccessDeniedError (401/403/451), ProviderError (other statuses, network, timeout, 'interrupted'),
 * after retrying what may succeed on a later attempt.
 * @example const get = createHttpClient({ provider: coinbase, transport }); (await get('https://api.exchange.coinbase.com/time')).status // 200
 */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.policy };
  const { transport, signal } = options;
  const label =
    options.dataset === undefined ? options.provider.name : `${options.provider.name} ${options.dataset}`;
  const emit = (event: HttpEvent): void => options.onEvent?.(event);

  const pause = async (ms: number, url: string): Promise<void> => {
    try {
      await transport.sleep(ms, signal);
    } catch (error) {
      if (signal?.aborted) throw interrupted(label, url, error);
      throw error;
    }
  };

  const details = (url: string): ErrorDetails => ({
    provider: options.provider.name,
    ...(options.dataset === undefined ? {} : { dataset: options.dataset }),
    url,
  });

  const success = (
    raw: RawResponse,
    headers: Record<string, string>,
    parsed: () => Parsed,
  ): HttpResponse => ({
    url: raw.url,
    status: raw.status,
    headers,
    body: raw.body,
    bytes: () => raw.bytes ?? new TextEncoder().encode(raw.body),
    json: () => {
      const p = parsed();
      if (p.ok) return p.value;
      throw new PayloadError(
        'malformed_payload',
        `${label}: the response from ${raw.url} is not valid JSON (${p.error.message}; ${raw.body.length} bytes)`,
        { details: { ...details(raw.url), field: '(body)', bytes: raw.body.length }, cause: p.error },
      );
    },
  });

  /** One attempt: a 2xx response, or why it failed. */
  const attemptOnce = async (
    url: string,
    headers: Readonly<Record<string, string>>,
    requestBody: string | undefined,
  ): Promise<{ readonly response: HttpResponse } | { readonly failure: Failure }> => {
    const method = requestBody === undefined ? 'GET' : 'POST';
    let res: Response;
    let bytes: Uint8Array;
    let body: string;
    try {
      const timeout = AbortSignal.timeout(policy.timeoutMs);
      res = await transport.fetch(url, {
        method,
        headers,
        ...(requestBody === undefined ? {} : { body: requestBody }),
        redirect: 'follow',
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
      // Bytes first, then the same UTF-8 decoding Response.text() applies: a binary body stays intact.
      const read = await readCapped(res, policy.maxBodyBytes);
      if ('tooLarge' in read) {
        return {
          failure: {
            Class: PayloadError,
            code: 'body_too_large',
            message: `${label}: the response from ${url} is larger than the ${mib(policy.maxBodyBytes)} cap (${mib(read.seen)} or more${res.headers.get('content-length') ? ', by Content-Length' : ' read before stopping'}); raise it with --max-body-mb if this source really sends that much, or narrow the query`,
            details: {
              ...details(url),
              status: res.status,
              maxBodyBytes: policy.maxBodyBytes,
              bytesSeen: read.seen,
            },
            retryable: false,
            reason: 'body too large',
          },
        };
      }
      bytes = read.bytes;
      body = new TextDecoder().decode(bytes);
    } catch (error) {
      if (signal?.aborted) throw interrupted(label, url, error);
      // Our own errors (an archive replay that lacks the URL, a blocked host in tests) are final.
      if (error instanceof CrashscopeError) throw error;
      return { failure: networkFailure(label, url, error, policy.timeoutMs, details(url)) };
    }
    const raw: RawResponse = {
      url,
      method,
      ...(requestBody === undefined ? {} : { requestBody }),
      status: res.status,
      contentType: res.headers.get('content-type'),
      body,
      bytes,
      receivedAtMs: transport.now(),
    };
    options.archive?.(raw);
    let memo: Parsed | undefined;
    const parsed = (): Parsed => {
      memo ??= parseJson(body);
      return memo;
    };
    const failure = classify(options, label, raw, res.headers.get('retry-after'), parsed);
    if (failure !== undefined) return { failure };
    const responseHeaders: Record<string, string> = {};
    res.headers.forEach((value, name) => {
      responseHeaders[name] = value;
    });
    return { response: success(raw, responseHeaders, parsed) };
  };

  return async (url, request = {}) => {
    const headers = {
      'user-agent': USER_AGENT,
      accept: 'application/json',
      ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...request.headers,
    };
    for (let attempt = 1; ; attempt++) {
      if (signal?.aborted) throw interrupted(label, url, signal.reason);
      if (options.limiter) {
        let waited: number;
        try {
          waited = await options.limiter.take(signal);
        } catch (error) {
          if (signal?.aborted) throw interrupted(label, url, error);
          throw error;
        }
        if (waited > 0) emit({ kind: 'throttle', waitMs: waited });
      }
      emit({ kind: 'request', url, attempt });
      const outcome = await attemptOnce(url, headers, request.body);
      if ('response' in outcome) return outcome.response;
      const { failure } = outcome;
      const tooLong = failure.retryAfterMs !== undefined && failure.retryAfterMs > policy.maxRetryAfterMs;
      if (!failure.retryable || attempt >= policy.maxAttempts || tooLong) {
        const notes = [
          ...(attempt > 1 ? [`after ${attempt} attempts`] : []),
          ...(tooLong
            ? [
                `the provider asks to wait ${Math.round(failure.retryAfterMs! / 1000)} s (Retry-After); try again later`,
              ]
            : []),
        ];
        throw new failure.Class(
          failure.code,
          notes.length === 0 ? failure.message : `${failure.message} (${notes.join('; ')})`,
          {
            details: {
              ...failure.details,
              attempts: attempt,
              ...(failure.retryAfterMs === undefined ? {} : { retryAfterMs: failure.retryAfterMs }),
            },
            ...(failure.cause === undefined ? {} : { cause: failure.cause }),
          },
        );
      }
      const waitMs = Math.max(backoffMs(attempt, policy, transport.random), failure.retryAfterMs ?? 0);
      emit({ kind: 'retry', url, attempt, waitMs, reason: failure.reason });
      await pause(waitMs, url);
    }
  };
}
