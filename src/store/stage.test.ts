import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnyColumn } from '../data/models/defineModel.js';
import { type ModelName, modelByName, modelNames } from '../data/models/index.js';
import { sampleRows } from '../data/models/testkit/sampleRows.js';
import type { Db, SqlValue } from './db.js';
import { quoteIdent } from './db.js';
import { type ColumnSource, dropTemp, indexSql, rawSelectSql, stageRaw } from './stage.js';
import { openStore } from './store.js';

let db: Db;
beforeAll(async () => {
  db = await openStore(':memory:', { threads: 1 });
});
afterAll(() => db.close());

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

const isoDay = fc
  .record({
    y: fc.integer({ min: 1990, max: 2099 }),
    m: fc.integer({ min: 1, max: 12 }),
    d: fc.integer({ min: 1, max: 31 }),
  })
  .map(({ y, m, d }) => `${y}-${pad(m)}-${pad(d)}`);

const clock = fc
  .record({
    h: fc.integer({ min: 0, max: 24 }),
    mi: fc.integer({ min: 0, max: 60 }),
    s: fc.option(fc.integer({ min: 0, max: 60 })),
    frac: fc.option(fc.stringMatching(/^[0-9]{1,7}$/)),
  })
  .map(
    ({ h, mi, s, frac }) =>
      `${pad(h)}:${pad(mi)}${s === null ? '' : `:${pad(s)}${frac === null ? '' : `.${frac}`}`}`,
  );

const zone = fc.oneof(
  fc.constant('Z'),
  fc.constant(''),
  fc
    .record({
      sign: fc.constantFrom('+', '-'),
      h: fc.integer({ min: 0, max: 25 }),
      m: fc.option(fc.integer({ min: 0, max: 59 })),
      colon: fc.boolean(),
    })
    .map(({ sign, h, m, colon }) => `${sign}${pad(h)}${m === null ? '' : `${colon ? ':' : ''}${pad(m)}`}`),
);

const instantText = fc
  .record({ day: isoDay, sep: fc.constantFrom('T', ' ', 't'), clock, zone })
  .map(({ day, sep, clock: c, zone: z }) => `${day}${sep}${c}${z}`);

const textTricks = ['', ' x', 'x ', '\tx', 'x\n', 'CME', 'cme', 'Été', 'ÉTÉ', 'a b', 'IBIT'];

/** Values of the right JS type for a column: valid ones, near-misses and junk. */
function valueArb(c: AnyColumn): fc.Arbitrary<unknown> {
  let arb: fc.Arbitrary<unknown>;
  switch (c.rule.kind) {
    case 'date':
      arb = fc.oneof(
        isoDay,
        fc.constantFrom('2026/02/05', '2026-2-5', ' 2026-02-05', '2026-02-05T00:00:00Z', ''),
      );
      break;
    case 'instant':
      arb = fc.oneof(instantText, fc.constantFrom('2026-02-05', '2026-02-05T21:00:00', ''));
      break;
    case 'number': {
      const edges = [c.rule.min?.value, c.rule.max?.value].filter((v): v is number => v !== undefined);
      arb = fc.oneof(
        fc.double(),
        fc.constantFrom(0, -0, 1, -1, 0.5, 1.5, 1e-300, Number.NaN, Number.POSITIVE_INFINITY, ...edges),
        ...edges.map((e) => fc.double({ min: e - 1, max: e + 1, noNaN: true })),
      );
      break;
    }
    case 'text':
      arb = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom(...textTricks));
      break;
    case 'enum':
      arb = fc.oneof(
        fc.constantFrom(...c.rule.values),
        fc.constantFrom('other', c.rule.values[0]!.toUpperCase(), ''),
      );
      break;
  }
  return fc.oneof({ weight: 1, arbitrary: fc.constant(null) }, { weight: 6, arbitrary: arb });
}

function rowArb(name: ModelName): fc.Arbitrary<Record<string, unknown>> {
  const model = modelByName(name);
  const base = sampleRows[name] as Readonly<Record<string, unknown>>;
  const values = fc.record(Object.fromEntries(model.columns.map((c) => [c.name, valueArb(c)])));
  // A random subset of the columns takes a drawn value (null included); the others keep the sample's.
  return fc.tuple(values, fc.subarray(model.columns.map((c) => c.name))).map(([drawn, chosen]) => {
    const row: Record<string, unknown> = { ...base };
    for (const column of chosen) row[column] = (drawn as Record<string, unknown>)[column];
    return row;
  });
}

/** Verdicts of the SQL checks for `rows` written as text cells, in order. */
async function sqlVerdicts(name: ModelName, rows: readonly Record<string, unknown>[]): Promise<boolean[]> {
  const model = modelByName(name);
  const raw = db.tempName('agree');
  await db.run(
    `CREATE TEMP TABLE ${quoteIdent(raw)} (${model.columns.map((c) => `${quoteIdent(c.name)} VARCHAR`).join(', ')})`,
  );
  const app = await db.appender(raw, { temp: true });
  for (const r of rows)
    app.appendRow(model.columns.map((c): SqlValue => (r[c.name] == null ? null : String(r[c.name]))));
  app.close();
  const sources = new Map<string, ColumnSource>(
    model.columns.map((c) => [c.name, { kind: 'column', name: c.name }]),
  );
  const staged = await stageRaw(db, model, rawSelectSql(model, `temp.main.${quoteIdent(raw)}`, sources));
  const out = await db.all(
    `SELECT ${indexSql(staged)} AS i, __bad IS NULL AS ok FROM ${quoteIdent(staged.table)} ORDER BY rowid`,
  );
  await dropTemp(db, staged.table);
  await dropTemp(db, raw);
  return out.map((r) => r.ok === true);
}

describe('SQL checks agree with the zod schemas', () => {
  it.each(modelNames)('%s: same verdict for random rows (valid, near-miss and junk values)', async (name) => {
    const schema = modelByName(name).schema;
    await fc.assert(
      fc.asyncProperty(fc.array(rowArb(name), { minLength: 1, maxLength: 40 }), async (rows) => {
        const sql = await sqlVerdicts(name, rows);
        rows.forEach((row, i) => {
          const zod = schema.safeParse(row).success;
          expect({ row, zod, sql: sql[i] }).toEqual({ row, zod, sql: zod });
        });
      }),
      { numRuns: 25, seed: 20260205 },
    );
  });

  it('the generators reach both verdicts for every model', async () => {
    for (const name of modelNames) {
      const rows = fc.sample(rowArb(name), { numRuns: 200, seed: 7 });
      const verdicts = rows.map((r) => modelByName(name).schema.safeParse(r).success);
      expect({ name, valid: verdicts.some((v) => v), invalid: verdicts.some((v) => !v) }).toEqual({
        name,
        valid: true,
        invalid: true,
      });
    }
  });
});

describe('stageRaw', () => {
  it('keeps input order and reports the first failing check per row', async () => {
    const rows = [
      sampleRows.bars,
      { ...sampleRows.bars, ts: '2026-02-05T21:01:00Z', close: -1 },
      { ...sampleRows.bars, ts: '2026-02-05T21:02:00Z', high: 1 },
      { ...sampleRows.bars, ts: '2026-02-05 16:03:00-05:00' },
    ];
    const model = modelByName('bars');
    const raw = db.tempName('order');
    await db.run(
      `CREATE TEMP TABLE ${quoteIdent(raw)} (${model.columns.map((c) => `${quoteIdent(c.name)} VARCHAR`).join(', ')})`,
    );
    const app = await db.appender(raw, { temp: true });
    for (const r of rows)
      app.appendRow(
        model.columns.map((c) =>
          r[c.name as keyof typeof r] == null ? null : String(r[c.name as keyof typeof r]),
        ),
      );
    app.close();
    const sources = new Map<string, ColumnSource>(
      model.columns.map((c) => [c.name, { kind: 'column', name: c.name }]),
    );
    const staged = await stageRaw(db, model, rawSelectSql(model, `temp.main.${quoteIdent(raw)}`, sources));
    const out = await db.all(
      `SELECT ${indexSql(staged)} AS i, ts, __bad AS bad FROM ${quoteIdent(staged.table)} ORDER BY rowid`,
    );
    const closeIndex = model.columns.findIndex((c) => c.name === 'close');
    expect(out).toEqual([
      { i: 0, ts: '2026-02-05T21:00:00Z', bad: null },
      { i: 1, ts: '2026-02-05T21:01:00Z', bad: closeIndex },
      { i: 2, ts: '2026-02-05T21:02:00Z', bad: model.columns.length },
      { i: 3, ts: '2026-02-05T21:03:00Z', bad: null },
    ]);
    await dropTemp(db, staged.table);
  });
});
