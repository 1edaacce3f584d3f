/**
 * Column and model builders for the stored datasets. A column is declared once and carries everything
 * the rest of the system needs: its zod type (for JSON rows and programmatic writes), its SQL type and
 * nullability (for the table), its unit (for docs and the event-pack manifest) and its validation rule
 * as data, from which the importer generates the SQL checks that validate millions of CSV rows inside
 * DuckDB. One declaration, two checkers; a property test keeps them in agreement.
 *
 * Conventions (shared/DESIGN.md section 3 and .helpers/DATA_CONTRACT.md): dates are ISO `YYYY-MM-DD`,
 * instants are ISO strings with an explicit zone stored as UTC TIMESTAMPTZ, money is USD unless the
 * unit says otherwise, vol and rates are decimals.
 */
import { z } from 'zod';
import { QUALITIES, type Quality } from '../../core/quality.js';
import { INSTANT_PATTERN, isIsoDate, isIsoInstant, parseInstantMs } from '../../core/time.js';

export { INSTANT_PATTERN, isIsoDate, isIsoInstant, parseInstantMs };

/** SQL types used by the store; every numeric column is DOUBLE so that rows read back as JS numbers. */
export type SqlType = 'DATE' | 'TIMESTAMPTZ' | 'DOUBLE' | 'VARCHAR';

/** One side of a numeric range. */
export interface Bound {
  readonly value: number;
  readonly inclusive: boolean;
}

/** The validation rule of a column, as data (turned into zod here and into SQL by the importer). */
export type ColumnRule =
  | { readonly kind: 'date' }
  | { readonly kind: 'instant' }
  | { readonly kind: 'number'; readonly min?: Bound; readonly max?: Bound }
  | { readonly kind: 'text'; readonly lowercase: boolean; readonly singleLine: boolean }
  | { readonly kind: 'enum'; readonly values: readonly string[] };

/** A column of a model; `Z` is its zod type, so a row type can be inferred from a list of columns. */
export interface Column<N extends string = string, Z extends z.ZodType = z.ZodType> {
  readonly name: N;
  readonly sqlType: SqlType;
  /** Unit of the stored value (e.g. 'USD/share', 'contracts', 'decimal'); null for dates and labels. */
  readonly unit: string | null;
  readonly nullable: boolean;
  readonly description: string;
  readonly rule: ColumnRule;
  /** What a valid value looks like, for error messages: "a number > 0 (USD/share)". */
  readonly expected: string;
  readonly zod: Z;
}

export type AnyColumn = Column<string, z.ZodType>;

/**
 * A check over several columns of one row (e.g. `low <= high`). `sql` is a boolean expression over the
 * typed, quoted column names; `test` is the same predicate in JS. Both are evaluated only when every
 * column in `columns` is non-null.
 */
export interface RowCheck {
  readonly columns: readonly string[];
  readonly expected: string;
  readonly sql: string;
  readonly test: (row: Readonly<Record<string, unknown>>) => boolean;
}

/** Characters that may not surround a text value (the SQL check trims the same set). */
export const TRIM_CHARS = ' \t\r\n';

function hasSurroundingSpace(s: string): boolean {
  return s.length > 0 && (TRIM_CHARS.includes(s[0]!) || TRIM_CHARS.includes(s[s.length - 1]!));
}

function formatBound(min: Bound | undefined, max: Bound | undefined): string {
  if (min && max)
    return `in ${min.inclusive ? '[' : '('}${min.value}, ${max.value}${max.inclusive ? ']' : ')'}`;
  if (min) return `${min.inclusive ? '>=' : '>'} ${min.value}`;
  if (max) return `${max.inclusive ? '<=' : '<'} ${max.value}`;
  return '';
}

/**
 * True when `v` lies within the bounds.
 * @example inBounds(0, { value: 0, inclusive: false }) // false
 */
export function inBounds(v: number, min?: Bound, max?: Bound): boolean {
  if (min && !(min.inclusive ? v >= min.value : v > min.value)) return false;
  if (max && !(max.inclusive ? v <= max.value : v < max.value)) return false;
  return true;
}

/**
 * An ISO date column (DATE).
 * @example date('date', 'trading day').sqlType // 'DATE'
 */
export function date<const N extends string>(name: N, description: string): Column<N, z.ZodString> {
  return {
    name,
    sqlType: 'DATE',
    unit: null,
    nullable: false,
    description,
    rule: { kind: 'date' },
    expected: 'an ISO date YYYY-MM-DD',
    zod: z.string().refine(isIsoDate, { message: 'expected an ISO date YYYY-MM-DD' }),
  };
}

/**
 * An instant column (TIMESTAMPTZ, stored in UTC).
 * @example instant('ts', 'bar open').zod.safeParse('2026-02-05T21:00:00Z').success // true
 */
export function instant<const N extends string>(name: N, description: string): Column<N, z.ZodString> {
  return {
    name,
    sqlType: 'TIMESTAMPTZ',
    unit: null,
    nullable: false,
    description,
    rule: { kind: 'instant' },
    expected: 'an ISO instant with a zone, e.g. 2026-02-05T21:00:00Z',
    zod: z.string().refine(isIsoInstant, { message: 'expected an ISO instant with a zone' }),
  };
}

/** Range options of a number column: `{ gt: 0 }`, `{ gte: 0, lte: 1 }` ... */
export interface NumberRange {
  readonly gt?: number;
  readonly gte?: number;
  readonly lt?: number;
  readonly lte?: number;
}

/**
 * A finite number column (DOUBLE) with a unit and an optional range.
 * @example num('close', 'USD/share', 'closing price', { gt: 0 }).expected // 'a number > 0 (USD/share)'
 */
export function num<const N extends string>(
  name: N,
  unit: string,
  description: string,
  range: NumberRange = {},
): Column<N, z.ZodNumber> {
  const min: Bound | undefined =
    range.gt !== undefined
      ? { value: range.gt, inclusive: false }
      : range.gte !== undefined
        ? { value: range.gte, inclusive: true }
        : undefined;
  const max: Bound | undefined =
    range.lt !== undefined
      ? { value: range.lt, inclusive: false }
      : range.lte !== undefined
        ? { value: range.lte, inclusive: true }
        : undefined;
  const bound = formatBound(min, max);
  const expected = `a number${bound ? ` ${bound}` : ''} (${unit})`;
  return {
    name,
    sqlType: 'DOUBLE',
    unit,
    nullable: false,
    description,
    rule: { kind: 'number', ...(min ? { min } : {}), ...(max ? { max } : {}) },
    expected,
    zod: z.number().refine((v) => inBounds(v, min, max), { message: `expected ${expected}` }),
  };
}

/**
 * True when `s` holds a control character (U+0000-U+001F or U+007F): a newline, tab, NUL, escape...
 * @example hasControlChar('BTC\nUSD') // true
 */
export function hasControlChar(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

/**
 * A non-empty label without surrounding spaces or control characters (a quoted newline in a symbol would
 * make a key that never matches); `lowercase` for venue names so joins never miss on case; `freeText`
 * for wording quoted from a source, which may span lines.
 * @example text('venue', '', { lowercase: true }).zod.safeParse('CME').success // false
 */
export function text<const N extends string>(
  name: N,
  description: string,
  options: { readonly lowercase?: boolean; readonly freeText?: boolean } = {},
): Column<N, z.ZodString> {
  const lowercase = options.lowercase ?? false;
  const singleLine = !(options.freeText ?? false);
  const expected = `a non-empty${lowercase ? ' lowercase' : ''} text without surrounding spaces${singleLine ? ' or control characters' : ''}`;
  return {
    name,
    sqlType: 'VARCHAR',
    unit: null,
    nullable: false,
    description,
    rule: { kind: 'text', lowercase, singleLine },
    expected,
    zod: z
      .string()
      .refine(
        (s) =>
          s.length > 0 &&
          !hasSurroundingSpace(s) &&
          (!lowercase || s === s.toLowerCase()) &&
          (!singleLine || !hasControlChar(s)),
        { message: `expected ${expected}` },
      ),
  };
}

/**
 * A closed set of labels (VARCHAR holding one of `values`).
 * @example oneOf('option_type', ['call', 'put'], '').expected // "one of 'call', 'put'"
 */
export function oneOf<const N extends string, const V extends readonly [string, ...string[]]>(
  name: N,
  values: V,
  description: string,
): Column<N, z.ZodEnum<{ [K in V[number]]: K }>> {
  return {
    name,
    sqlType: 'VARCHAR',
    unit: null,
    nullable: false,
    description,
    rule: { kind: 'enum', values },
    expected: `one of ${values.map((v) => `'${v}'`).join(', ')}`,
    zod: z.enum(values),
  };
}

/**
 * The same column, allowing NULL (an empty CSV cell, a JSON null or a missing JSON field).
 * @example nullable(num('iv', 'decimal', '')).zod.safeParse(null).success // true
 */
export function nullable<const N extends string, Z extends z.ZodType>(
  column: Column<N, Z>,
): Column<N, z.ZodNullable<Z>> {
  return { ...column, nullable: true, zod: column.zod.nullable() };
}

/** Data quality of a stored row (DESIGN.md section 3, provenance): the one Quality of src/core/quality.ts. */
export { QUALITIES, type Quality };

/** `source` as a provenance column: where the row came from (URL, provider or generator name). */
export const sourceColumn = text('source', 'where the row came from: URL, provider name or generator name');

/** `quality` as a provenance column. */
export const qualityColumn = oneOf(
  'quality',
  QUALITIES,
  "'observed' (from a data source), 'published' (a figure from a cited page) or 'reconstructed' (made by a documented, seeded model)",
);

/** Provenance columns every model ends with (facts lists its own `source` and then `quality`). */
export const provenanceColumns = [sourceColumn, qualityColumn] as const;

/** The store stamps this column at import time; it is never part of an input file. */
export const INGESTED_AT = 'ingested_at';

type ShapeOf<Cs extends readonly AnyColumn[]> = {
  -readonly [K in Cs[number]['name']]: Extract<Cs[number], { readonly name: K }>['zod'];
};

/** A stored dataset: table name, columns in file order, natural key and row checks. */
export interface Model<N extends string = string, Cs extends readonly AnyColumn[] = readonly AnyColumn[]> {
  readonly name: N;
  readonly description: string;
  /** Columns in file and table order; the last ones are the provenance columns source and quality. */
  readonly columns: Cs;
  /** Natural key: re-importing a row with the same key replaces it. */
  readonly key: readonly Cs[number]['name'][];
  /** The column that places a row in time (for date ranges in `db info` and reader filters). */
  readonly timeColumn: Cs[number]['name'];
  readonly checks: readonly RowCheck[];
  /** Strict zod schema of one input row (including source and quality, excluding ingested_at). */
  readonly schema: z.ZodObject<ShapeOf<Cs>, z.core.$strict>;
}

/**
 * Declares a model and derives its zod schema from the columns and row checks.
 * @example defineModel({ name: 'x', description: '', columns: [date('date', ''), ...provenanceColumns], key: ['date'], timeColumn: 'date' }).schema.safeParse({ date: '2026-02-05', source: 's', quality: 'observed' }).success // true
 */
export function defineModel<const N extends string, const Cs extends readonly AnyColumn[]>(spec: {
  readonly name: N;
  readonly description: string;
  readonly columns: Cs;
  readonly key: readonly Cs[number]['name'][];
  readonly timeColumn: Cs[number]['name'];
  readonly checks?: readonly RowCheck[];
}): Model<N, Cs> {
  const checks = spec.checks ?? [];
  const shape = Object.fromEntries(spec.columns.map((c) => [c.name, c.zod])) as ShapeOf<Cs>;
  const schema = z.strictObject(shape).superRefine((row, ctx) => {
    const r = row as Readonly<Record<string, unknown>>;
    for (const check of checks) {
      if (check.columns.some((c) => r[c] === null || r[c] === undefined)) continue;
      if (!check.test(r)) {
        ctx.addIssue({ code: 'custom', path: [check.columns[0]!], message: `expected ${check.expected}` });
      }
    }
  });
  return { ...spec, checks, schema };
}
