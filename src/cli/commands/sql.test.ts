import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelByName } from '../../data/models/index.js';
import { sampleRows, toCsv } from '../../data/models/testkit/sampleRows.js';
import { storeSnapshot } from '../../store/testkit/snapshot.js';
import { runCli } from '../testkit/captureIo.js';

const dir = mkdtempSync(join(tmpdir(), 'crashscope-sql-'));
const db = join(dir, 'store.duckdb');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(async () => {
  const cols = modelByName('etf_daily').columns.map((c) => c.name);
  writeFileSync(
    join(dir, 'etf.csv'),
    toCsv(cols, [
      sampleRows.etf_daily,
      { ...sampleRows.etf_daily, date: '2026-02-06', close: 38.9, flow_source: 'a, "b"' },
    ]),
  );
  expect((await runCli(['import', 'etf.csv', '--model', 'etf_daily', '--db', db], {}, dir)).code).toBe(0);
});

const sql = (query: string, ...extra: string[]) => runCli(['sql', query, '--db', db, ...extra], {}, dir);

describe('crashscope sql', () => {
  it('prints a table, JSON or CSV', async () => {
    const q = "SELECT date, close, flow_source FROM etf_daily WHERE ticker = 'IBIT' ORDER BY date";
    const table = await sql(q);
    expect(table).toMatchObject({ code: 0, stderr: '' });
    expect(table.stdout).toBe(
      [
        'date        close  flow_source',
        '----------  -----  --------------------',
        '2026-02-05   35.2  shares_outstanding_t',
        '2026-02-06   38.9  a, "b"',
        '',
      ].join('\n'),
    );
    expect(JSON.parse((await sql(q, '--json')).stdout)).toEqual([
      { date: '2026-02-05', close: 35.2, flow_source: 'shares_outstanding_t' },
      { date: '2026-02-06', close: 38.9, flow_source: 'a, "b"' },
    ]);
    expect((await sql(q, '--format', 'csv')).stdout).toBe(
      'date,close,flow_source\n2026-02-05,35.2,shares_outstanding_t\n2026-02-06,38.9,"a, ""b"""\n',
    );
  });

  it('prints instants in UTC with Z, naive timestamps without, big integers exactly', async () => {
    const q =
      "SELECT TIMESTAMPTZ '2026-02-05 16:00:00-05:00' AS u, TIMESTAMP '2026-02-05 16:00:00' AS t, 9007199254740993::BIGINT AS big, 3::BIGINT AS n";
    expect(JSON.parse((await sql(q, '--json')).stdout)).toEqual([
      { u: '2026-02-05T21:00:00Z', t: '2026-02-05T16:00:00', big: '9007199254740993', n: 3 },
    ]);
  });

  it.each([
    'WITH x AS (SELECT count(*) AS n FROM etf_daily) SELECT n FROM x',
    'DESCRIBE etf_daily',
    'SHOW TABLES',
    'FROM etf_daily LIMIT 1',
    "PRAGMA table_info('bars')",
    'SUMMARIZE etf_daily',
    'EXPLAIN SELECT * FROM bars',
  ])('allows read-only statement %j', async (q) => {
    expect((await sql(q)).code).toBe(0);
  });

  it.each([
    ['DELETE FROM etf_daily', 'read_only'],
    [
      "INSERT INTO stress_series VALUES (DATE '2026-02-04', 's', 1, 'z', 'x', 'observed', now())",
      'read_only',
    ],
    ['DROP TABLE etf_daily', 'read_only'],
    ["COPY etf_daily TO 'leak.csv'", 'read_only'],
    ['SET threads = 1', 'read_only'],
    ["ATTACH 'other.duckdb'", 'read_only'],
    ['PRAGMA enable_profiling', 'read_only'],
    ['EXPLAIN ANALYZE SELECT 1', 'read_only'],
    ['SELECT 1; DELETE FROM etf_daily', 'statements'],
    ['SELEC 1', 'syntax'],
    ['SELECT * FROM no_such_table', 'catalog'],
  ])('refuses %j with exit 2 and changes nothing', async (q, kind) => {
    const before = await storeSnapshot(db);
    const r = await sql(q);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    if (kind === 'read_only') expect(r.stderr).toMatch(/^crashscope: sql is read-only: '.+' is refused/);
    else if (kind === 'statements') expect(r.stderr).toContain('expected exactly one statement, got 2');
    else expect(r.stderr).toMatch(/^crashscope: sql: /);
    expect(await storeSnapshot(db)).toEqual(before);
  });

  it('refuses an unknown --format', async () => {
    const r = await sql('SELECT 1', '--format', 'xml');
    expect(r).toMatchObject({ code: 2 });
    expect(r.stderr).toContain("--format: 'xml' is not one of table, json, csv");
  });

  it('fails with exit 1 and a clear line when the store does not exist', async () => {
    const r = await runCli(['sql', 'SELECT 1', '--db', join(dir, 'absent.duckdb')], {}, dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('no store at');
  });
});
