import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { modelByName, modelNames } from '../data/models/index.js';
import { sampleRows } from '../data/models/testkit/sampleRows.js';
import { StoreError } from '../errors.js';
import { isoFromMicros, openDb } from './db.js';
import { dbInfo } from './info.js';
import { LATEST_SCHEMA_VERSION } from './migrations/index.js';
import { readBars, readEtfDaily, readRows } from './readers.js';
import { migrate, openStore, schemaVersion, withStore } from './store.js';
import { writeRows } from './writeRows.js';

const dir = mkdtempSync(join(tmpdir(), 'crashscope-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const T0 = '2026-02-06T00:00:00Z';
const T1 = '2026-02-07T00:00:00Z';

describe('migrations', () => {
  it('create every model table with the registry columns, types and nullability, in order', async () => {
    await withStore(':memory:', {}, async (db) => {
      expect(await schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
      for (const name of modelNames) {
        const m = modelByName(name);
        const cols = await db.all(
          `SELECT column_name AS name, data_type AS type, is_nullable AS nullable FROM duckdb_columns()
           WHERE table_name = $1 AND NOT internal ORDER BY column_index`,
          [name],
        );
        const expected = [
          ...m.columns.map((c) => ({
            name: c.name,
            type: c.sqlType === 'TIMESTAMPTZ' ? 'TIMESTAMP WITH TIME ZONE' : c.sqlType,
            nullable: c.nullable,
          })),
          { name: 'ingested_at', type: 'TIMESTAMP WITH TIME ZONE', nullable: false },
        ];
        expect({ table: name, cols }).toEqual({ table: name, cols: expected });
      }
    });
  });

  it('run once: reopening a file store keeps its version and data', async () => {
    const path = join(dir, 'migrate.duckdb');
    await withStore(path, {}, (db) => writeRows(db, 'funding', [sampleRows.funding], { ingestedAt: T0 }));
    await withStore(path, {}, async (db) => {
      expect(await migrate(db)).toEqual({ from: LATEST_SCHEMA_VERSION, to: LATEST_SCHEMA_VERSION });
      expect(await db.all('SELECT count(*) AS n FROM schema_migrations')).toEqual([
        { n: LATEST_SCHEMA_VERSION },
      ]);
      expect((await readRows(db, 'funding')).length).toBe(1);
    });
  });

  it('refuse a store written by a newer crashscope', async () => {
    const path = join(dir, 'newer.duckdb');
    await withStore(path, {}, (db) => db.run("INSERT INTO schema_migrations VALUES (99, 'future')"));
    await expect(openStore(path)).rejects.toMatchObject({ code: 'store_too_new' });
  });

  it('read-only open needs an existing file and cannot write', async () => {
    await expect(openStore(join(dir, 'absent.duckdb'), { readOnly: true })).rejects.toBeInstanceOf(
      StoreError,
    );
    const path = join(dir, 'ro.duckdb');
    await withStore(path, {}, async () => undefined);
    await withStore(path, { readOnly: true }, async (db) => {
      expect(db.readOnly).toBe(true);
      await expect(writeRows(db, 'funding', [sampleRows.funding], { ingestedAt: T0 })).rejects.toBeInstanceOf(
        StoreError,
      );
    });
  });

  it('read-only open of an old (empty) file migrates it first', async () => {
    const path = join(dir, 'old.duckdb');
    const raw = await openDb(path);
    raw.close();
    await withStore(path, { readOnly: true }, async (db) => {
      expect(await schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
    });
  });
});

describe('writeRows and readers', () => {
  it('round-trip every model: numbers, ISO dates, ISO instants in UTC, nulls, provenance', async () => {
    await withStore(':memory:', {}, async (db) => {
      for (const name of modelNames) {
        expect(await writeRows(db, name, [sampleRows[name]] as never, { ingestedAt: T0 })).toEqual({
          inserted: 1,
          updated: 0,
          unchanged: 0,
        });
        const rows = await readRows(db, name);
        expect({ name, rows }).toEqual({ name, rows: [{ ...sampleRows[name], ingested_at: T0 }] });
      }
    });
  });

  it('store instants in UTC whatever offset they were written with', async () => {
    await withStore(':memory:', {}, async (db) => {
      const bar = { ...sampleRows.bars, ts: '2026-02-05T16:00:00-05:00' };
      await writeRows(db, 'bars', [bar], { ingestedAt: T0 });
      expect((await readBars(db))[0]!.ts).toBe('2026-02-05T21:00:00Z');
    });
  });

  it('replace on key: identical rows are left alone (ingested_at kept), changed rows replaced', async () => {
    await withStore(':memory:', {}, async (db) => {
      const a = sampleRows.etf_daily;
      const b = { ...a, date: '2026-02-06', close: 38.9 };
      expect(await writeRows(db, 'etf_daily', [a, b], { ingestedAt: T0 })).toEqual({
        inserted: 2,
        updated: 0,
        unchanged: 0,
      });
      const b2 = { ...b, close: 39.1 };
      // Provider writes replace on key by default; the counts say what changed (hand-computed: close
      // 38.9 -> 39.1 is one value, relative change 0.2 / 38.9).
      const counts = await writeRows(db, 'etf_daily', [a, b2], { ingestedAt: T1 });
      expect(counts).toMatchObject({ inserted: 0, updated: 1, unchanged: 1, changedValues: 1 });
      expect(counts.largestChange).toMatchObject({
        column: 'close',
        key: { date: '2026-02-06' },
        old: 38.9,
        new: 39.1,
      });
      expect(counts.largestChange!.relative).toBeCloseTo(0.2 / 38.9, 12);
      const refused = writeRows(db, 'etf_daily', [{ ...b2, close: 40 }], {
        ingestedAt: T1,
        overwrite: false,
      });
      await expect(refused).rejects.toMatchObject({ code: 'conflict' });
      expect(await readEtfDaily(db)).toEqual([
        { ...a, ingested_at: T0 },
        { ...b2, ingested_at: T1 },
      ]);
    });
  });

  it('refuse a bad row or a repeated key, naming row, field and value, and write nothing', async () => {
    await withStore(':memory:', {}, async (db) => {
      const bad = { ...sampleRows.etf_daily, close: -1 };
      await expect(
        writeRows(db, 'etf_daily', [sampleRows.etf_daily, bad], { ingestedAt: T0 }),
      ).rejects.toThrow("etf_daily row 1, field 'close': -1: expected a number > 0 (USD/share)");
      await expect(
        writeRows(db, 'etf_daily', [sampleRows.etf_daily, sampleRows.etf_daily], { ingestedAt: T0 }),
      ).rejects.toMatchObject({ code: 'duplicate_key' });
      expect(await readEtfDaily(db)).toEqual([]);
    });
  });

  it('filter by time range (dates; instants with whole-day `to`) and by column values', async () => {
    await withStore(':memory:', {}, async (db) => {
      const days = ['2026-02-03', '2026-02-04', '2026-02-05', '2026-02-06'];
      await writeRows(
        db,
        'etf_daily',
        days.flatMap((date) => [
          { ...sampleRows.etf_daily, date },
          { ...sampleRows.etf_daily, date, ticker: 'FBTC' },
        ]),
        { ingestedAt: T0 },
      );
      const ibit = await readEtfDaily(db, { ticker: 'IBIT', from: '2026-02-04', to: '2026-02-05' });
      expect(ibit.map((r) => `${r.date} ${r.ticker}`)).toEqual(['2026-02-04 IBIT', '2026-02-05 IBIT']);
      const both = await readEtfDaily(db, { ticker: ['IBIT', 'FBTC'], from: '2026-02-06' });
      expect(both.map((r) => `${r.date} ${r.ticker}`)).toEqual(['2026-02-06 FBTC', '2026-02-06 IBIT']);

      const ts = [
        '2026-02-04T23:59:00Z',
        '2026-02-05T00:00:00Z',
        '2026-02-05T23:59:00Z',
        '2026-02-06T00:00:00Z',
      ];
      await writeRows(
        db,
        'bars',
        ts.map((t) => ({ ...sampleRows.bars, ts: t })),
        { ingestedAt: T0 },
      );
      const day = await readBars(db, { from: '2026-02-05', to: '2026-02-05' });
      expect(day.map((r) => r.ts)).toEqual(['2026-02-05T00:00:00Z', '2026-02-05T23:59:00Z']);
      const upTo = await readBars(db, { to: '2026-02-05T00:00:00Z' });
      expect(upTo.map((r) => r.ts)).toEqual(['2026-02-04T23:59:00Z', '2026-02-05T00:00:00Z']);
      await expect(readBars(db, { from: '5 Feb' })).rejects.toMatchObject({ code: 'bad_range' });
    });
  });
});

describe('dbInfo', () => {
  it('counts rows, time ranges, quality mix and sources per table', async () => {
    await withStore(':memory:', {}, async (db) => {
      await writeRows(
        db,
        'etf_flows',
        [
          sampleRows.etf_flows,
          {
            ...sampleRows.etf_flows,
            flow_source: 'issuer',
            method: 'shares_outstanding_t',
            flow_usd: 230e6,
            quality: 'reconstructed',
            source: 'gen',
          },
          { ...sampleRows.etf_flows, date: '2026-01-30' },
        ],
        { ingestedAt: T0 },
      );
      const info = await dbInfo(db);
      expect(info.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
      expect(info.tables.map((t) => t.table)).toEqual(modelNames);
      expect(info.tables.find((t) => t.table === 'etf_flows')).toEqual({
        table: 'etf_flows',
        rows: 3,
        timeColumn: 'date',
        from: '2026-01-30',
        to: '2026-02-05',
        quality: { observed: 0, published: 2, reconstructed: 1 },
        sources: 2,
        lastIngestedAt: T0,
      });
      expect(info.tables.find((t) => t.table === 'bars')).toMatchObject({ rows: 0, from: null, to: null });
    });
  });
});

describe('isoFromMicros', () => {
  it.each([
    [1770325200000000n, '2026-02-05T21:00:00Z'],
    [1770325200123000n, '2026-02-05T21:00:00.123Z'],
    [1770325200000001n, '2026-02-05T21:00:00.000001Z'],
    [-1n, '1969-12-31T23:59:59.999999Z'],
  ])('%s -> %s', (micros, iso) => expect(isoFromMicros(micros)).toBe(iso));
});
