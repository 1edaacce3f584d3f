/**
 * Import of CSV, Parquet and JSON files into the store, validated against a model, atomically.
 *
 * Flow per file: check the header against the model, let DuckDB read the file as text cells into a typed
 * staging table while SQL checks every cell (src/store/stage.ts), report the first bad row or duplicate
 * key with its file line, then replace-on-key into the model's table. A batch of files is one
 * transaction: a failed (or killed) import leaves the store exactly as it was.
 */
import { stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { DAY_STAMPS, type DayStamp, restampDailyCell } from '../../core/dailyBars.js';
import { isNaiveInstant, isTimeZone, naiveToUtcInstant } from '../../core/time.js';
import type { AnyColumn, Model, Quality } from '../../data/models/defineModel.js';
import { INGESTED_AT } from '../../data/models/defineModel.js';
import { isModelName, type ModelName, modelByName, modelNames } from '../../data/models/index.js';
import { CrashscopeError, DataError, InvalidInputError } from '../../errors.js';
import type { Db, SqlValue } from '../../store/db.js';
import { quoteIdent, sqlString } from '../../store/db.js';
import {
  type ColumnSource,
  deriveStaged,
  dropTemp,
  findDuplicateKey,
  firstAggregateViolation,
  firstBadRow,
  type InstantReading,
  indexSql,
  rawSelectSql,
  type Staged,
  stagedQualities,
  stageRaw,
} from '../../store/stage.js';
import { type UpsertCounts, upsertStaged } from '../../store/upsert.js';
import { csvRecordLine, readCsvHeader } from './csvText.js';
import { readJsonRows } from './jsonRows.js';
import { type LiteralFile, literalFile } from './literalFile.js';
import { describeLocation, type Location, locationDetails, showValue } from './location.js';

export type ImportFormat = 'csv' | 'parquet' | 'json';

const EXTENSIONS: Readonly<Record<string, ImportFormat>> = {
  '.csv': 'csv',
  '.parquet': 'parquet',
  '.pq': 'parquet',
  '.json': 'json',
  '.jsonl': 'json',
  '.ndjson': 'json',
};

/**
 * File format from the extension; throws InvalidInputError for anything else.
 * @example detectFormat('data/etf_daily.csv') // 'csv'
 */
export function detectFormat(path: string, file = path): ImportFormat {
  const ext = extname(path).toLowerCase();
  const format = EXTENSIONS[ext];
  if (format === undefined) {
    throw new InvalidInputError(
      'unknown_file_type',
      `${file}: unknown file type '${ext || '(none)'}' (expected ${Object.keys(EXTENSIONS).join(', ')})`,
      { details: { file, extension: ext } },
    );
  }
  return format;
}

/**
 * The model called `name`; throws InvalidInputError listing the models otherwise.
 * @example resolveModel('bars').key // ['ts', 'venue', 'symbol', 'interval']
 */
export function resolveModel(name: string): Model {
  if (!isModelName(name)) {
    throw new InvalidInputError(
      'unknown_model',
      `unknown model '${name}' (models: ${modelNames.join(', ')})`,
      {
        details: { model: name },
      },
    );
  }
  return modelByName(name);
}

/** One file to import. */
export interface ImportSpec {
  /** Path of the file to read. */
  readonly path: string;
  readonly model: ModelName | string;
  /** Provenance for rows whose file has no `source` column or an empty cell (default: the file name). */
  readonly source?: string;
  /** Quality for rows whose file has no `quality` column or an empty cell (default: 'observed'). */
  readonly quality?: Quality;
  /** How the file is named in messages (default: `path`). */
  readonly file?: string;
  /** Refuse files without `source` and `quality` columns instead of filling defaults (the event pack). */
  readonly requireProvenance?: boolean;
  /**
   * IANA zone in which naive timestamps (`2026-02-05 16:00`) of instant columns are wall-clock time; they
   * are stored as UTC. Instants with a zone are kept. Without it a naive timestamp is refused.
   */
  readonly tz?: string;
  /**
   * Restamp daily bars (interval '1d') whose ts is a date or a midnight stamp: 'utc-open' = 00:00Z of the
   * date (UTC-day bars), 'session-close' = 16:00 America/New_York of the date (exchange-session bars).
   */
  readonly dayStamp?: DayStamp;
  /** Checks a caller knows in advance (the event-pack manifest). */
  readonly expect?: {
    readonly rows?: number;
    readonly qualities?: readonly string[];
    /** SHA-256 (hex) of the file: checked on the very bytes that are parsed (a private copy). */
    readonly sha256?: string;
  };
}

/** Steps of an import, reported to `onPhase` (the CLI draws progress from them and `db.progress()`). */
export type ImportPhase = 'read' | 'check' | 'write';

export interface ImportOptions {
  /** ISO instant stamped into `ingested_at` (the CLI passes its clock; library code never reads one). */
  readonly ingestedAt: string;
  readonly onPhase?: (file: string, phase: ImportPhase) => void;
  /**
   * Replace stored rows whose values differ. Default false: such a conflict is refused (DataError
   * 'conflict', exit 2) naming the first conflicting keys with old and new values, and nothing is written.
   */
  readonly overwrite?: boolean;
}

/** What an import did for one file. */
export interface ImportResult extends UpsertCounts {
  readonly file: string;
  readonly model: string;
  readonly format: ImportFormat;
  /** Rows in the file. */
  readonly rows: number;
  readonly qualities: readonly string[];
}

/** A file opened as a relation of text cells. */
interface RawInput {
  readonly format: ImportFormat;
  /** SELECT of the model's columns as text, in file order. */
  readonly sql: string;
  locate(index: number): Promise<Location>;
  /** Turns a DuckDB read error into a DataError naming the file (and line), or returns it unchanged. */
  translate(error: unknown): unknown;
  /** Extra hint for a bad cell of `column` (e.g. a Parquet type without a time zone). */
  hint(column: string): string;
  cleanup(): Promise<void>;
}

function causeMessage(error: unknown): string {
  let e: unknown = error;
  while (e instanceof CrashscopeError && e.cause !== undefined) e = e.cause;
  return e instanceof Error ? e.message : String(e);
}

/** Provenance for rows that do not carry their own; `required` refuses such rows instead. */
interface Defaults {
  readonly source: string;
  readonly quality: string;
  readonly required: boolean;
}

/** Maps the file's column names onto the model's columns; throws DataError for unknown or missing ones. */
function columnSources(
  model: Model,
  names: readonly string[],
  file: string,
  where: string,
  defaults: Defaults,
): Map<string, ColumnSource> {
  const known = new Map(model.columns.map((c) => [c.name, c]));
  const expectedList = model.columns.map((c) => c.name).join(', ');
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) {
      throw new DataError('bad_header', `${file} ${where}: column '${name}' appears twice`, {
        details: { file, column: name },
      });
    }
    seen.add(name);
    if (!known.has(name)) {
      const why =
        name === INGESTED_AT
          ? `'${INGESTED_AT}' is stamped by the store at import time; remove the column`
          : `unknown column '${name}' for model ${model.name}`;
      throw new DataError('bad_header', `${file} ${where}: ${why} (expected columns: ${expectedList})`, {
        details: { file, column: name, value: name, expected: expectedList },
      });
    }
  }
  const sources = new Map<string, ColumnSource>();
  for (const c of model.columns) {
    const provenance = c.name === 'source' || c.name === 'quality';
    const fallback =
      !provenance || defaults.required ? undefined : c.name === 'source' ? defaults.source : defaults.quality;
    if (seen.has(c.name)) {
      sources.set(
        c.name,
        fallback === undefined
          ? { kind: 'column', name: c.name }
          : { kind: 'column', name: c.name, fallback },
      );
    } else if (fallback !== undefined) {
      sources.set(c.name, { kind: 'constant', value: fallback });
    } else if (c.nullable) {
      sources.set(c.name, { kind: 'constant', value: null });
    } else {
      throw new DataError(
        'bad_header',
        `${file} ${where}: missing column '${c.name}' (${c.expected}); expected columns: ${expectedList}`,
        { details: { file, column: c.name, expected: expectedList } },
      );
    }
  }
  return sources;
}

function csvReadError(file: string, error: unknown): unknown {
  const text = causeMessage(error);
  if (!/CSV/.test(text)) return error;
  const line = /CSV Error on Line: (\d+)/.exec(text);
  const before = text.split(/Possible fixes:/)[0] ?? text;
  const lines = before.split('\n').map((l) => l.trim());
  const originalAt = lines.findIndex((l) => l.startsWith('Original Line:'));
  const reason =
    lines.filter((l, i) => l !== '' && (originalAt < 0 ? i > 0 : i > originalAt)).pop() ?? lines[0] ?? text;
  const original = originalAt >= 0 ? lines[originalAt]!.slice('Original Line:'.length).trim() : '';
  const where = line ? ` line ${line[1]}` : '';
  return new DataError(
    'bad_csv',
    `${file}${where}: ${reason.replace(/\.$/, '')}${original ? ` (${showValue(original)})` : ''}`,
    {
      cause: error,
      details: { file, ...(line ? { line: Number(line[1]) } : {}), value: original, expected: reason },
    },
  );
}

async function csvInput(
  _db: Db,
  model: Model,
  path: string,
  file: string,
  defaults: Defaults,
  reading: InstantReading,
): Promise<RawInput> {
  const header = await readCsvHeader(path);
  if (header === null) {
    throw new DataError(
      'empty_file',
      `${file}: the file is empty; expected a header line with the model's columns`,
      {
        details: { file },
      },
    );
  }
  const sources = columnSources(model, header, file, 'line 1', defaults);
  const columns = header.map((h) => `${sqlString(h)}: 'VARCHAR'`).join(', ');
  // Fixed RFC 4180 dialect: sniffing can misread a file with a bad row as a one-column file.
  const relation = `read_csv(${sqlString(path)}, delim = ',', quote = '"', escape = '"', header = true,
    auto_detect = false, strict_mode = true, columns = {${columns}})`;
  return {
    format: 'csv',
    sql: rawSelectSql(model, relation, sources, reading),
    locate: async (index) => ({ kind: 'line', line: (await csvRecordLine(path, index + 1)) ?? index + 2 }),
    translate: (error) => csvReadError(file, error),
    hint: () => '',
    cleanup: async () => undefined,
  };
}

async function parquetInput(
  db: Db,
  model: Model,
  path: string,
  file: string,
  defaults: Defaults,
  reading: InstantReading,
): Promise<RawInput> {
  const relation = `read_parquet(${sqlString(path)})`;
  const translate = (error: unknown): unknown => {
    const text = causeMessage(error);
    if (!/parquet/i.test(text)) return error;
    return new DataError('bad_parquet', `${file}: cannot read Parquet (${text.split('\n')[0]})`, {
      cause: error,
      details: { file },
    });
  };
  let described: readonly Readonly<Record<string, SqlValue>>[];
  try {
    described = await db.all(`DESCRIBE SELECT * FROM ${relation}`);
  } catch (error) {
    throw translate(error);
  }
  const types = new Map(described.map((r) => [String(r.column_name), String(r.column_type)]));
  const sources = columnSources(model, [...types.keys()], file, 'columns', defaults);
  return {
    format: 'parquet',
    sql: rawSelectSql(model, relation, sources, reading),
    locate: async (index) => ({ kind: 'row', row: index + 1 }),
    translate,
    hint: (column) =>
      types.get(column) === 'TIMESTAMP'
        ? ' (the Parquet column is TIMESTAMP without a time zone; write it as a UTC-adjusted timestamp)'
        : '',
    cleanup: async () => undefined,
  };
}

/** A validated JSON value as a text cell; String(number) is the shortest round-trip form, so no digit is lost. */
function textCell(value: unknown): SqlValue {
  return value === null || value === undefined ? null : String(value);
}

async function jsonInput(
  db: Db,
  model: Model,
  path: string,
  file: string,
  defaults: Defaults,
  reading: InstantReading,
): Promise<RawInput> {
  const input = await readJsonRows(path, file);
  const table = db.tempName(`raw_${model.name}`);
  const cols = model.columns.map((c) => `${quoteIdent(c.name)} VARCHAR`).join(', ');
  await db.run(`CREATE TEMP TABLE ${quoteIdent(table)} (${cols})`);
  const appender = await db.appender(table, { temp: true });
  const byName = new Map(model.columns.map((c) => [c.name, c]));
  try {
    for await (const { value, location } of input.rows) {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        throw new DataError(
          'bad_row',
          `${file} ${describeLocation(location)}: ${showValue(value)} is not an object with the fields of ${model.name}`,
          { details: { file, ...locationDetails(location), value } },
        );
      }
      const row: Record<string, unknown> = { ...(value as Record<string, unknown>) };
      for (const c of model.columns) {
        const missing = (row[c.name] === undefined || row[c.name] === null) && !defaults.required;
        if (c.name === 'source' && missing) row.source = defaults.source;
        else if (c.name === 'quality' && missing) row.quality = defaults.quality;
        else if (c.nullable && row[c.name] === undefined) row[c.name] = null;
        if (reading.dayStamp !== undefined && c.name === model.timeColumn && row.interval === '1d') {
          const t = row[c.name];
          const restamped = typeof t === 'string' ? restampDailyCell(t, reading.dayStamp) : null;
          if (restamped !== null) row[c.name] = restamped;
        }
        const cell = row[c.name];
        if (
          c.rule.kind === 'instant' &&
          reading.tz !== undefined &&
          typeof cell === 'string' &&
          isNaiveInstant(cell)
        ) {
          row[c.name] = naiveToUtcInstant(cell, reading.tz);
        }
      }
      const parsed = model.schema.safeParse(row);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        const where = `${file} ${describeLocation(location)}`;
        if (issue.code === 'unrecognized_keys') {
          const key = issue.keys[0]!;
          const why =
            key === INGESTED_AT
              ? `'${INGESTED_AT}' is stamped by the store at import time; remove the field`
              : `unknown field '${key}' for model ${model.name}`;
          throw new DataError('bad_row', `${where}: ${why} (fields: ${[...byName.keys()].join(', ')})`, {
            details: { file, ...locationDetails(location), column: key },
          });
        }
        const name = String(issue.path[0] ?? '');
        const column = byName.get(name);
        const cell = row[name];
        const expected =
          issue.code === 'custom' ? issue.message : `expected ${column?.expected ?? issue.message}`;
        const what = cell === undefined ? 'missing' : `${showValue(cell)} is not valid`;
        throw new DataError(
          'bad_cell',
          `${where}, field '${name}': ${what}: ${expected}${naiveHint(column, cell)}`,
          {
            details: { file, ...locationDetails(location), column: name, value: cell ?? null, expected },
          },
        );
      }
      appender.appendRow(model.columns.map((c) => textCell(row[c.name])));
    }
  } finally {
    appender.close();
  }
  const sources = new Map<string, ColumnSource>(
    model.columns.map((c) => [c.name, { kind: 'column', name: c.name }]),
  );
  return {
    format: 'json',
    sql: rawSelectSql(model, `temp.main.${quoteIdent(table)}`, sources),
    locate: async (index) => input.locate(index),
    translate: (error) => error,
    hint: () => '',
    cleanup: () => dropTemp(db, table),
  };
}

async function badRowError(
  db: Db,
  model: Model,
  input: RawInput,
  file: string,
  bad: { readonly index: number; readonly check: number; readonly count: number },
): Promise<DataError> {
  const location = await input.locate(bad.index);
  const raw = (await db.all(`${input.sql} LIMIT 1 OFFSET ${bad.index}`))[0] ?? {};
  const more = bad.count > 1 ? ` (first of ${bad.count} bad rows)` : '';
  const where = `${file} ${describeLocation(location)}`;
  if (bad.check < model.columns.length) {
    const column: AnyColumn = model.columns[bad.check]!;
    const value = raw[column.name] ?? null;
    const hint = `${input.hint(column.name)}${naiveHint(column, value)}`;
    return new DataError(
      'bad_cell',
      `${where}, column '${column.name}': ${showValue(value)} is not valid: expected ${column.expected}${hint}${more}`,
      {
        details: {
          file,
          ...locationDetails(location),
          column: column.name,
          value,
          expected: column.expected,
          badRows: bad.count,
        },
      },
    );
  }
  const check = model.checks[bad.check - model.columns.length]!;
  const values = check.columns.map((c) => `${c}=${showValue(raw[c] ?? null)}`).join(', ');
  return new DataError(
    'bad_row',
    `${where}, column '${check.columns[0]}': ${values}: expected ${check.expected}${more}`,
    {
      details: {
        file,
        ...locationDetails(location),
        column: check.columns[0],
        value: Object.fromEntries(check.columns.map((c) => [c, raw[c] ?? null])),
        expected: check.expected,
        badRows: bad.count,
      },
    },
  );
}

/** Runs the model's file-wide checks on the staged rows; throws DataError naming the file and first such line. */
async function checkAggregates(
  db: Db,
  model: Model,
  staged: Staged,
  input: RawInput,
  file: string,
): Promise<void> {
  const v = await firstAggregateViolation(db, model, staged);
  if (v === null) return;
  const { check, median } = v;
  const location = await input.locate(v.index);
  throw new DataError(
    'looks_like_percent',
    `${check.what} in ${file} look like ${check.looksLike} (median |${check.column}| ${+median.toPrecision(6)}, more than ${check.max}): ${check.fix}; first such row: ${describeLocation(location)}, ${check.column}=${v.value}`,
    {
      details: {
        file,
        ...locationDetails(location),
        column: check.column,
        value: median,
        expected: `median |${check.column}| <= ${check.max}`,
      },
    },
  );
}

/** Hint for a timestamp without a zone in an instant column (only reached when no --tz was given). */
function naiveHint(column: AnyColumn | undefined, value: unknown): string {
  return column?.rule.kind === 'instant' && typeof value === 'string' && isNaiveInstant(value)
    ? ' (this timestamp has no zone: pass --tz ZONE to read it as wall-clock time in that IANA zone, e.g. --tz UTC or --tz America/New_York)'
    : '';
}

/**
 * Checks an IANA zone name given with --tz; throws InvalidInputError naming it otherwise.
 * @example checkTimeZone('America/New_York') // 'America/New_York'
 */
export function checkTimeZone(zone: string): string {
  if (!isTimeZone(zone)) {
    throw new InvalidInputError(
      'bad_time_zone',
      `--tz: unknown time zone '${zone}' (expected an IANA name such as UTC or America/New_York)`,
      { details: { flag: '--tz', value: zone } },
    );
  }
  return zone;
}

/**
 * Checks --day-stamp: one of DAY_STAMPS, for a model with daily bars (an `interval` column); throws
 * InvalidInputError otherwise.
 * @example checkDayStamp('session-close', 'bars') // 'session-close'
 */
export function checkDayStamp(stamp: string, model: string): DayStamp {
  if (!(DAY_STAMPS as readonly string[]).includes(stamp)) {
    throw new InvalidInputError(
      'bad_flag',
      `--day-stamp: '${stamp}' is not one of ${DAY_STAMPS.join(', ')}`,
      { details: { flag: '--day-stamp', value: stamp } },
    );
  }
  if (!resolveModel(model).columns.some((c) => c.name === 'interval')) {
    throw new InvalidInputError(
      'bad_flag',
      `--day-stamp applies to daily bars (model bars), not to ${model}`,
      {
        details: { flag: '--day-stamp', value: model },
      },
    );
  }
  return stamp as DayStamp;
}

function showKey(key: Readonly<Record<string, SqlValue>>): string {
  return Object.entries(key)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
}

async function assertReadable(path: string, file: string): Promise<void> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch (error) {
    throw new InvalidInputError('file_not_found', `${file}: no such file`, {
      cause: error,
      details: { file },
    });
  }
  if (!info.isFile()) {
    throw new InvalidInputError('not_a_file', `${file}: not a regular file`, { details: { file } });
  }
}

/** A staged file that passed its own checks. */
interface StagedFile {
  readonly spec: ImportSpec;
  readonly file: string;
  readonly model: Model;
  readonly input: RawInput;
  readonly staged: Staged;
  readonly qualities: readonly string[];
  /** The file DuckDB read; a private copy is kept until the batch ends (later files may point back at its lines). */
  readonly literal: LiteralFile;
}

async function stageFile(db: Db, spec: ImportSpec, options: ImportOptions): Promise<StagedFile> {
  const file = spec.file ?? spec.path;
  const model = resolveModel(spec.model);
  const format = detectFormat(spec.path, file);
  await assertReadable(spec.path, file);
  const defaults: Defaults = {
    source: spec.source ?? basename(spec.path),
    quality: spec.quality ?? 'observed',
    required: spec.requireProvenance ?? false,
  };
  options.onPhase?.(file, 'read');
  // DuckDB reads a path as a glob pattern: a name with [ ] * ? { } is read from a private copy, and so is
  // a file with a required hash, so that the bytes hashed are the bytes parsed.
  const expectedHash = spec.expect?.sha256;
  const literal = await literalFile(spec.path, expectedHash !== undefined);
  if (expectedHash !== undefined && literal.sha256 !== expectedHash) {
    await literal.cleanup();
    throw new DataError(
      'checksum_mismatch',
      `${file}: SHA-256 is ${literal.sha256}, the manifest says ${expectedHash}`,
      { details: { file, value: literal.sha256, expected: expectedHash } },
    );
  }
  const open = format === 'csv' ? csvInput : format === 'parquet' ? parquetInput : jsonInput;
  let input: RawInput;
  try {
    input = await open(db, model, literal.path, file, defaults, {
      ...(spec.tz === undefined ? {} : { tz: spec.tz }),
      ...(spec.dayStamp === undefined ? {} : { dayStamp: spec.dayStamp }),
    });
  } catch (error) {
    await literal.cleanup();
    throw error;
  }
  let staged: Staged | null = null;
  try {
    try {
      staged = await stageRaw(db, model, input.sql);
    } catch (error) {
      throw input.translate(error);
    }
    options.onPhase?.(file, 'check');
    const bad = await firstBadRow(db, staged);
    if (bad) throw await badRowError(db, model, input, file, bad);
    const dup = await findDuplicateKey(db, model, staged);
    if (dup) {
      const [a, b] = [await input.locate(dup.first), await input.locate(dup.second)];
      throw new DataError(
        'duplicate_key',
        `${file} ${describeLocation(b)}: duplicate key (${showKey(dup.key)}), already on ${describeLocation(a)}; each key may appear once per file`,
        {
          details: {
            file,
            ...locationDetails(b),
            column: model.key.join(','),
            value: dup.key,
            first: locationDetails(a),
          },
        },
      );
    }
    await deriveStaged(db, model, staged);
    await checkAggregates(db, model, staged, input, file);
    const qualities = await stagedQualities(db, staged);
    if (spec.expect?.rows !== undefined && spec.expect.rows !== staged.rows) {
      throw new DataError(
        'row_count_mismatch',
        `${file}: ${staged.rows} rows, but ${spec.expect.rows} were expected`,
        {
          details: { file, rows: staged.rows, expected: spec.expect.rows },
        },
      );
    }
    const allowed = spec.expect?.qualities;
    const stray = allowed ? qualities.find((q) => !allowed.includes(q)) : undefined;
    if (allowed && stray !== undefined) {
      throw new DataError(
        'quality_mismatch',
        `${file}: rows of quality '${stray}', but only ${allowed.map((q) => `'${q}'`).join(', ')} were expected`,
        { details: { file, value: stray, expected: allowed } },
      );
    }
    return { spec, file, model, input, staged, qualities, literal };
  } catch (error) {
    if (staged) await dropTemp(db, staged.table);
    await input.cleanup();
    await literal.cleanup();
    throw error;
  }
}

/** Keys already written by earlier files of the same batch, per model, to catch a key split across parts. */
class BatchKeys {
  private readonly tables = new Map<string, { table: string; files: StagedFile[] }>();
  private readonly db: Db;
  private readonly repeated: ReadonlySet<string>;

  constructor(db: Db, repeated: ReadonlySet<string>) {
    this.db = db;
    this.repeated = repeated;
  }

  async check(s: StagedFile): Promise<void> {
    if (!this.repeated.has(s.model.name)) return;
    const keys = s.model.key.map(quoteIdent);
    const entry = this.tables.get(s.model.name);
    const stage = quoteIdent(s.staged.table);
    if (entry) {
      const on = keys.map((k) => `s.${k} = k.${k}`).join(' AND ');
      const hit = await this.db.all(
        `SELECT ${indexSql(s.staged, 's')} AS i, k.__file AS f, k.__row AS r FROM ${stage} s JOIN ${quoteIdent(entry.table)} k ON ${on}
         ORDER BY s.rowid LIMIT 1`,
      );
      if (hit[0]) {
        const other = entry.files[Number(hit[0].f)]!;
        const here = await s.input.locate(Number(hit[0].i));
        const there = await other.input.locate(Number(hit[0].r));
        throw new DataError(
          'duplicate_key',
          `${s.file} ${describeLocation(here)}: duplicate key, already in ${other.file} ${describeLocation(there)} of the same batch`,
          { details: { file: s.file, ...locationDetails(here), other: other.file } },
        );
      }
      await this.db.run(
        `INSERT INTO ${quoteIdent(entry.table)} SELECT ${keys.join(', ')}, ${entry.files.length}, ${indexSql(s.staged)} FROM ${stage}`,
      );
      entry.files.push(s);
    } else {
      const table = this.db.tempName(`keys_${s.model.name}`);
      await this.db.run(
        `CREATE TEMP TABLE ${quoteIdent(table)} AS SELECT ${keys.join(', ')}, 0 AS __file, ${indexSql(s.staged)} AS __row FROM ${stage}`,
      );
      this.tables.set(s.model.name, { table, files: [s] });
    }
  }

  async drop(): Promise<void> {
    for (const { table } of this.tables.values()) await dropTemp(this.db, table);
  }
}

/**
 * Imports several files in ONE transaction (the event pack): all of them are written, or none.
 * Throws DataError / InvalidInputError naming file, line, column and value on the first problem.
 * @example (await importFiles(db, [{ path: 'bars.csv', model: 'bars' }], { ingestedAt: '2026-02-06T00:00:00Z' }))[0].inserted // 1440
 */
export async function importFiles(
  db: Db,
  specs: readonly ImportSpec[],
  options: ImportOptions,
): Promise<readonly ImportResult[]> {
  // Cheap checks first, so a typo fails before any file is read.
  for (const spec of specs) {
    resolveModel(spec.model);
    detectFormat(spec.path, spec.file);
    if (spec.tz !== undefined) checkTimeZone(spec.tz);
    if (spec.dayStamp !== undefined) checkDayStamp(spec.dayStamp, spec.model);
  }
  const counts = new Map<string, number>();
  for (const spec of specs) counts.set(spec.model, (counts.get(spec.model) ?? 0) + 1);
  const repeated = new Set([...counts].filter(([, n]) => n > 1).map(([m]) => m));
  return db.transaction(async () => {
    const batch = new BatchKeys(db, repeated);
    const results: ImportResult[] = [];
    const literals: LiteralFile[] = [];
    try {
      for (const spec of specs) {
        const s = await stageFile(db, spec, options);
        literals.push(s.literal);
        try {
          await batch.check(s);
          options.onPhase?.(s.file, 'write');
          const written = await upsertStaged(db, s.model, s.staged, options.ingestedAt, {
            overwrite: options.overwrite ?? false,
            what: s.file,
          });
          results.push({
            file: s.file,
            model: s.model.name,
            format: s.input.format,
            rows: s.staged.rows,
            qualities: s.qualities,
            ...written,
          });
        } finally {
          await dropTemp(db, s.staged.table);
          await s.input.cleanup();
        }
      }
    } finally {
      await batch.drop();
      for (const l of literals) await l.cleanup();
    }
    return results;
  });
}

/**
 * Imports one file atomically; see `importFiles`.
 * @example (await importFile(db, { path: 'etf_daily.csv', model: 'etf_daily' }, { ingestedAt: '2026-02-06T00:00:00Z' })).rows // 520
 */
export async function importFile(db: Db, spec: ImportSpec, options: ImportOptions): Promise<ImportResult> {
  const [result] = await importFiles(db, [spec], options);
  return result!;
}
