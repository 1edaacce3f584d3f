/**
 * Programmatic writes (providers, scripts, tests): rows are checked with the model's zod schema, then go
 * through the same staging, derivations (`Model.derive`), file-wide checks (`Model.aggregateChecks`) and
 * replace-on-key path as file imports, in one transaction.
 */
import { type ModelName, modelByName, type RowOf } from '../data/models/index.js';
import { DataError, InvalidInputError, StoreError } from '../errors.js';
import { type Db, quoteIdent, type SqlValue } from './db.js';
import {
  type ColumnSource,
  deriveStaged,
  dropTemp,
  findDuplicateKey,
  firstAggregateViolation,
  firstBadRow,
  rawSelectSql,
  stageRaw,
} from './stage.js';
import { type UpsertCounts, upsertStaged } from './upsert.js';

function showValue(value: unknown): string {
  return value === undefined ? 'missing' : JSON.stringify(value);
}

/**
 * Validates and writes rows of `modelName` (replace on natural key). Throws InvalidInputError naming the
 * row index, the field, the value and what was expected; nothing is written then.
 * @example await writeRows(db, 'stress_series', [{ date: '2026-02-04', series: 'pb_multistrat_perf_z', value: 3.5, unit: 'z', source: 'x', quality: 'published' }], { ingestedAt: '2026-02-06T00:00:00Z' }) // { inserted: 1, updated: 0, unchanged: 0 }
 */
export async function writeRows<M extends ModelName>(
  db: Db,
  modelName: M,
  rows: readonly RowOf<M>[],
  options: {
    readonly ingestedAt: string;
    /**
     * Replace stored rows whose values differ (default true here: a provider re-fetch carries the source's
     * revisions; file imports refuse conflicts unless --overwrite, see importFile.ts).
     */
    readonly overwrite?: boolean;
    /** How errors name the rows (default the model's name), e.g. 'binance funding'. */
    readonly label?: string;
  },
): Promise<UpsertCounts> {
  const model = modelByName(modelName);
  rows.forEach((row, i) => {
    const parsed = model.schema.safeParse(row);
    if (parsed.success) return;
    const issue = parsed.error.issues[0]!;
    const field = issue.code === 'unrecognized_keys' ? issue.keys[0]! : String(issue.path[0] ?? '');
    const column = model.columns.find((c) => c.name === field);
    const value = (row as Readonly<Record<string, unknown>>)[field];
    const expected =
      issue.code === 'unrecognized_keys'
        ? `no field '${field}' (fields: ${model.columns.map((c) => c.name).join(', ')})`
        : issue.code === 'custom'
          ? issue.message
          : `expected ${column?.expected ?? issue.message}`;
    throw new InvalidInputError(
      'bad_row',
      `${model.name} row ${i}, field '${field}': ${showValue(value)}: ${expected}`,
      {
        details: { model: model.name, row: i, column: field, value, expected },
      },
    );
  });
  return db.transaction(async () => {
    const raw = db.tempName(`rows_${model.name}`);
    await db.run(
      `CREATE TEMP TABLE ${quoteIdent(raw)} (${model.columns.map((c) => `${quoteIdent(c.name)} VARCHAR`).join(', ')})`,
    );
    try {
      const appender = await db.appender(raw, { temp: true });
      try {
        for (const row of rows) {
          const r = row as Readonly<Record<string, unknown>>;
          appender.appendRow(
            model.columns.map((c): SqlValue => (r[c.name] == null ? null : String(r[c.name]))),
          );
        }
      } finally {
        appender.close();
      }
      const sources = new Map<string, ColumnSource>(
        model.columns.map((c) => [c.name, { kind: 'column', name: c.name }]),
      );
      const staged = await stageRaw(db, model, rawSelectSql(model, `temp.main.${quoteIdent(raw)}`, sources));
      try {
        const bad = await firstBadRow(db, staged);
        if (bad) {
          // zod accepted the row, so the SQL checks disagree with it: a bug in the model's rules.
          throw new StoreError(
            'check_disagreement',
            `${model.name} row ${bad.index}: SQL check ${bad.check} failed after zod passed`,
            {
              details: { model: model.name, row: bad.index, check: bad.check },
            },
          );
        }
        const dup = await findDuplicateKey(db, model, staged);
        if (dup) {
          throw new InvalidInputError(
            'duplicate_key',
            `${model.name} rows ${dup.first} and ${dup.second} have the same key (${Object.entries(dup.key)
              .map(([k, v]) => `${k}=${v}`)
              .join(', ')})`,
            { details: { model: model.name, rows: [dup.first, dup.second], key: dup.key } },
          );
        }
        await deriveStaged(db, model, staged);
        const v = await firstAggregateViolation(db, model, staged);
        if (v !== null) {
          const { check } = v;
          const row = rows[v.index] as Readonly<Record<string, unknown>>;
          const key = model.key.map((k) => `${k}=${String(row[k])}`).join(', ');
          throw new DataError(
            'looks_like_percent',
            `${options.label ?? model.name}: ${check.what} look like ${check.looksLike} (median |${check.column}| ${+v.median.toPrecision(6)}, more than ${check.max}): ${check.fix}; first such row: row ${v.index} (${key}), ${check.column}=${v.value}`,
            {
              details: {
                model: model.name,
                row: v.index,
                column: check.column,
                value: v.median,
                expected: `median |${check.column}| <= ${check.max}`,
              },
            },
          );
        }
        return await upsertStaged(db, model, staged, options.ingestedAt, {
          overwrite: options.overwrite ?? true,
        });
      } finally {
        await dropTemp(db, staged.table);
      }
    } finally {
      await dropTemp(db, raw);
    }
  });
}
