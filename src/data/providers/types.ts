/**
 * The provider framework (shared/STYLE.md items 7-10), after the OpenBB Platform provider interface
 * (https://docs.openbb.co/platform/developer_guide/architecture_overview: a "fetcher" per dataset with
 * transform_query / extract_data / transform_data) and the per-exchange mappers of tardis-node.
 *
 * A provider is a folder (`providers/<name>/index.ts` holds its metadata as data) and a dataset is one
 * file with three stages:
 *
 * - `transformQuery(input) -> Q`: pure; validates the flags, fills defaults, throws InvalidInputError
 *   naming the flag.
 * - `extract(q, ctx) -> Raw`: the only I/O. It receives the HTTP client, the base URL and the credentials
 *   as arguments and returns the payload as the source sent it (parsed JSON, nothing renamed).
 * - `transform(q, raw) -> { rows, skipped, gaps }`: pure; raw -> rows of the dataset's model; throws
 *   PayloadError naming the provider, the dataset and the payload field when the payload is not what the
 *   source documents.
 *
 * A dataset may also split a query into `chunks` (time windows, pages): each chunk is extracted,
 * transformed, validated and written in its own transaction, so a long ingest can be interrupted and
 * re-run without losing or duplicating rows. Provenance (`source`, `quality`, `ingested_at`) is stamped
 * by the shared ingest code from the declared metadata; shared code never branches on a provider's name.
 */
import type { ModelName, Quality, RowOf } from '../models/index.js';
import type { HttpClient } from './http.js';

/** The generic flags of `crashscope ingest`; a dataset declares which of them it takes. */
export const QUERY_FLAGS = ['symbol', 'interval', 'from', 'to'] as const;
export type QueryFlag = (typeof QUERY_FLAGS)[number];

/**
 * What the user asked for, as the CLI received it (strings, unvalidated), plus the caller's clock.
 * `now` (an ISO instant) fills default windows and leaves out bars still in progress; library code
 * never reads the clock itself.
 */
export interface QueryInput {
  readonly symbol?: string;
  readonly interval?: string;
  /** ISO date YYYY-MM-DD, first day of the window (inclusive). */
  readonly from?: string;
  /** ISO date YYYY-MM-DD, last day of the window (inclusive). */
  readonly to?: string;
  /** Dataset-specific `--param key=value` pairs. */
  readonly params?: Readonly<Record<string, string>>;
  readonly now: string;
}

/** A dataset-specific `--param` the dataset accepts. */
export interface ParamSpec {
  readonly name: string;
  readonly description: string;
}

/** Column names of model `M` (distributive, so a union of models gives the union of their columns). */
export type ColumnOf<M extends ModelName> = M extends ModelName ? keyof RowOf<M> & string : never;

/** Keys of `T` whose values may be null. */
type NullableKeys<T> = { [K in keyof T]-?: null extends T[K] ? K : never }[keyof T];

/**
 * A row as a dataset's transform makes it: the model's row without the provenance the ingest stamps;
 * nullable columns may be left out (the ingest stores NULL, as file imports do).
 */
export type DataRowOf<M extends ModelName> = M extends ModelName
  ? Omit<RowOf<M>, 'source' | 'quality' | NullableKeys<RowOf<M>>> &
      Partial<Pick<RowOf<M>, NullableKeys<RowOf<M>>>>
  : never;

/** Rows of the payload that were left out on purpose, by reason (e.g. 'null_values', 'outside_window'). */
export interface Skip {
  readonly reason: string;
  readonly count: number;
}

/** A run of missing bars or records in a window the source should have covered (never filled in). */
export interface Gap {
  /** First missing instant (ISO, UTC). */
  readonly from: string;
  /** End of the gap, exclusive (ISO, UTC): the next instant the source did cover, or the window end. */
  readonly to: string;
  /** How many records are missing. */
  readonly missing: number;
}

/** What `transform` returns. */
export interface Transformed<M extends ModelName> {
  readonly rows: readonly DataRowOf<M>[];
  readonly skipped?: readonly Skip[];
  readonly gaps?: readonly Gap[];
  /** Rows stored with a caveat the user must hear about (e.g. no IV): printed and listed like notices. */
  readonly notices?: readonly Notice[];
}

/** Everything `extract` may use; it is the dataset's only way to the outside world. */
export interface ExtractContext {
  /** The resilient HTTP client (timeouts, retries, rate limit, archive, typed errors). */
  readonly fetch: HttpClient;
  /** Scheme + host (and optional path prefix) to request, without a trailing slash. */
  readonly baseUrl: string;
  /** Credentials by the environment-variable name the provider declares (resolved by the CLI). */
  readonly credentials: Readonly<Record<string, string>>;
  /** A line of progress for long extracts (shown on stderr by the CLI with --progress). */
  readonly progress: (message: string) => void;
  /**
   * Something the user must hear about whatever the flags: a refused request, a missing file, a fallback
   * to another source. Always printed on stderr (summarised) and listed in the --json summary; a run
   * that stores no rows and met refusals or missing files fails naming their statuses.
   */
  readonly notice?: (notice: Notice) => void;
}

/** A refusal, a missing file or a fallback met while extracting (see `ExtractContext.notice`). */
export interface Notice {
  readonly kind: 'refused' | 'missing' | 'fallback' | 'incomplete';
  /** The HTTP status behind it (451, 403, 404, ...), when there is one. */
  readonly status?: number;
  readonly message: string;
}

/**
 * One dataset of a provider. Its name is the name of the model it fills (`bars`, `funding`, ...).
 * Methods (not function properties) so that a dataset with a concrete query type is assignable to
 * `AnyDataset`.
 */
export interface Dataset<Q, Raw, M extends ModelName = ModelName> {
  /** The model (= dataset name) the rows belong to. */
  readonly model: M;
  readonly description: string;
  /** Path template of the endpoint, e.g. '/products/{product_id}/candles'; part of `source`. */
  readonly endpoint: string;
  /** Columns of the model this dataset fills (the others stay null). */
  readonly fills: readonly ColumnOf<M>[];
  /** The generic flags it takes, with their help text (defaults, accepted values). */
  readonly flags: Readonly<Partial<Record<QueryFlag, string>>>;
  /** Dataset-specific `--param key=value` options. */
  readonly params?: readonly ParamSpec[];
  /** Quality stamped on its rows (default 'observed'). */
  readonly quality?: Quality;
  transformQuery(input: QueryInput): Q;
  /** Splits a query into chunks written one transaction each (default: the query as one chunk). */
  chunks?(q: Q): readonly Q[];
  extract(q: Q, ctx: ExtractContext): Promise<Raw>;
  transform(q: Q, raw: Raw): Transformed<M>;
}

/** A dataset with its query and payload types erased (what the registry and shared code hold). */
export type AnyDataset = Dataset<unknown, unknown, ModelName>;

/** Requests per second a provider is allowed, as a token bucket (steady rate and burst size). */
export interface RateLimit {
  readonly perSecond: number;
  readonly burst: number;
}

/** What a vendor error code means; each kind maps to one error class and a retry decision. */
export const VENDOR_ERROR_KINDS = [
  'rate_limited',
  'access_denied',
  'not_found',
  'bad_request',
  'unavailable',
] as const;
export type VendorErrorKind = (typeof VENDOR_ERROR_KINDS)[number];

/** Where a provider's JSON bodies carry an error code, and what each code means (data, not code). */
export interface VendorErrorTable {
  /** Path of the vendor's error code in a JSON body, e.g. ['chart', 'error', 'code']. */
  readonly codePath: readonly (string | number)[];
  /** Path of the vendor's human-readable message, if any. */
  readonly messagePath?: readonly (string | number)[];
  /** Vendor code -> kind. Codes not listed fall back to the HTTP status. */
  readonly codes: Readonly<Record<string, VendorErrorKind>>;
}

/** A credential a provider needs, read by the CLI from the named environment variable. */
export interface CredentialSpec {
  readonly env: string;
  readonly description: string;
  readonly required: boolean;
}

/** A data source: metadata as data, and its datasets keyed by model name. */
export interface Provider {
  /** Lowercase, equal to its folder name; the first argument of `crashscope ingest`. */
  readonly name: string;
  readonly title: string;
  readonly description: string;
  /** URL of the API documentation the datasets follow. */
  readonly docs: string;
  /** Default scheme + host; `--base-url` replaces it (mirrors, proxies, tests). */
  readonly baseUrl: string;
  readonly rateLimit: RateLimit;
  readonly vendorErrors: VendorErrorTable;
  readonly credentials: readonly CredentialSpec[];
  readonly datasets: Readonly<Partial<Record<ModelName, AnyDataset>>>;
}

/**
 * Declares a dataset with its types inferred (identity at run time).
 * @example defineDataset({ model: 'bars', ... }).model // 'bars'
 */
export function defineDataset<Q, Raw, M extends ModelName>(dataset: Dataset<Q, Raw, M>): Dataset<Q, Raw, M> {
  return dataset;
}

/**
 * Declares a provider (identity at run time; the contract kit checks the metadata).
 * @example defineProvider({ name: 'coinbase', ... }).name // 'coinbase'
 */
export function defineProvider(provider: Provider): Provider {
  return provider;
}

/**
 * The `source` stamped on a dataset's rows: provider name and endpoint template.
 * @example sourceOf(coinbase, coinbase.datasets.bars!) // 'coinbase:/products/{product_id}/candles'
 */
export function sourceOf(provider: Pick<Provider, 'name'>, dataset: Pick<AnyDataset, 'endpoint'>): string {
  return `${provider.name}:${dataset.endpoint}`;
}
