import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
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

  it('allows EXPLAIN with options but no ANALYZE, and the read-only PRAGMAs', async () => {
    expect((await sql('/* plan */ EXPLAIN (FORMAT JSON) SELECT * FROM bars')).code).toBe(0);
    expect((await sql('PRAGMA show_tables')).code).toBe(0);
    expect(
      (await sql("SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'bars'")).code,
    ).toBe(0);
    expect((await sql('SELECT count(*) AS n FROM duckdb_columns()')).code).toBe(0);
  });

  it('refuses an unknown --format', async () => {
    const r = await sql('SELECT 1', '--format', 'xml');
    expect(r).toMatchObject({ code: 2 });
    expect(r.stderr).toContain("--format: 'xml' is not one of table, json, csv");
  });

  it('stops at --limit (default 1000) and says how to get the rest', async () => {
    const big = await sql('SELECT range AS i FROM range(2500)', '--format', 'csv');
    expect(big.code).toBe(0);
    expect(big.stdout.split('\n')).toHaveLength(1 + 1000 + 1);
    expect(big.stderr).toContain('printed the first 1000 rows; more exist');
    expect(big.stderr).toContain('crashscope export');
    const exact = await sql('SELECT range AS i FROM range(1000)', '--format', 'csv');
    expect(exact.stderr).toBe('');
    const all = await sql('SELECT range AS i FROM range(2500)', '--format', 'csv', '--limit', '0');
    expect(all.stdout.split('\n')).toHaveLength(1 + 2500 + 1);
    expect(all.stdout.endsWith('2499\n')).toBe(true);
    expect(all.stderr).toBe('');
    expect((await sql('SELECT 1', '--limit', '0')).stderr).toContain('--limit 0 streams every row');
    expect((await sql('SELECT 1', '--limit', '-3')).code).toBe(2);
  });

  it('streams JSON with the same text as a whole array, and an empty result as []', async () => {
    const q = 'SELECT range AS i, range * 0.5 AS h FROM range(5000)';
    const r = await sql(q, '--json', '--limit', '0');
    const rows = Array.from({ length: 5000 }, (_, i) => ({ i, h: i * 0.5 }));
    expect(r.stdout).toBe(`${JSON.stringify(rows, null, 2)}\n`);
    expect((await sql('SELECT 1 AS a WHERE false', '--json')).stdout).toBe('[]\n');
  });

  it('reads a result far larger than memory only up to the limit (it streams)', async () => {
    // Ten billion rows could never be materialised; streaming stops after the first chunks.
    const r = await sql('SELECT range AS i FROM range(10000000000)', '--limit', '3', '--format', 'csv');
    expect(r).toMatchObject({ code: 0, stdout: 'i\n0\n1\n2\n' });
  });

  it('fails with exit 2 (bad input, as analyze) and one clear line when the store does not exist', async () => {
    const absent = join(dir, 'absent.duckdb');
    const r = await runCli(['sql', 'SELECT 1', '--db', absent], {}, dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`crashscope: no store at ${absent} (import data or load a pack first)\n`);
    expect(existsSync(absent)).toBe(false);
  });
});

describe("crashscope sql: the escape corpus (issue 8) is refused in DuckDB's sandbox", () => {
  const out = join(dir, 'out');
  const secret = join(dir, 'secret.txt');
  const marker = 'MARKER-7f3a9c-not-in-the-store';
  const extDir = join(homedir(), '.duckdb', 'extensions');
  const listing = (d: string): string[] =>
    existsSync(d) ? readdirSync(d, { recursive: true }).map(String).sort() : ['<absent>'];

  const corpus = [
    `EXPLAIN (ANALYZE) COPY (SELECT 1) TO '${out}/x.sh'`,
    `/**/ EXPLAIN ANALYZE COPY (SELECT 1) TO '${out}/x.sh'`,
    `EXPLAIN (FORMAT JSON, ANALYZE) COPY (SELECT 1) TO '${out}/x.sh'`,
    `EXPLAIN /* (FORMAT JSON) */ (ANALYSE) COPY (SELECT 1) TO '${out}/x.sh'`,
    `EXPLAIN (FORMAT JSON, "ANALYZE") COPY (SELECT 1) TO '${out}/x.sh'`,
    `EXPLAIN COPY (SELECT 1) TO '${out}/x.sh'`,
    `EXPORT DATABASE '${out}/d'`,
    `COPY bars TO '${out}/leak.csv'`,
    `SELECT * FROM read_text('${secret}')`,
    `SELECT * FROM read_blob('${secret}')`,
    `SELECT * FROM sniff_csv('${secret}')`,
    `SELECT * FROM read_csv('${secret}')`,
    `SELECT * FROM '${secret}'`,
    `FROM read_text('${secret}')`,
    `WITH x AS (SELECT 1) SELECT content FROM read_text('${secret}')`,
    `DESCRIBE SELECT * FROM read_text('${secret}')`,
    `SUMMARIZE SELECT * FROM read_csv('${secret}')`,
    `SELECT * FROM glob('${dir}/*')`,
    "SELECT * FROM read_csv('https://example.invalid/x.csv')",
    "SELECT * FROM read_parquet('s3://bucket/x.parquet')",
    `SELECT * FROM query('COPY (SELECT 1) TO ''${out}/q.sh''')`,
    'EXPLAIN (ANALYZE) SET threads = 1',
    'EXPLAIN ANALYZE LOAD httpfs',
    'EXPLAIN ANALYZE INSTALL httpfs',
    'INSTALL httpfs',
    'LOAD httpfs',
    'SET enable_external_access = true',
    'RESET lock_configuration',
    'PRAGMA enable_profiling',
    "PRAGMA table_info('bars'); COPY bars TO 'x.csv'",
    `ATTACH '${out}/other.duckdb'`,
    'CHECKPOINT',
    `SELECT 1; COPY bars TO '${out}/two.csv'`,
    `SELECT 1 /* ; */; EXPORT DATABASE '${out}/d2'`,
    `SELECT ';' AS s; EXPORT DATABASE '${out}/d3'`,
    `-- SELECT\nCOPY bars TO '${out}/c.csv'`,
    `CALL read_text('${secret}')`,
  ];

  it.each(corpus)('%j: exit 2, nothing written, nothing outside the store read, no extension', async (q) => {
    rmSync(out, { recursive: true, force: true });
    mkdirSync(out);
    writeFileSync(secret, `${marker}\n`);
    const before = await storeSnapshot(db);
    const extBefore = listing(extDir);
    const r = await sql(q);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(`${r.stdout}${r.stderr}`).not.toContain(marker);
    expect(r.stderr).not.toContain('secret.txt,'); // a glob listing would name the file
    expect(readdirSync(out)).toEqual([]);
    expect(listing(extDir)).toEqual(extBefore);
    expect(await storeSnapshot(db)).toEqual(before);
  });

  it('the sandbox alone stops a SELECT that reads a file (the guard lets SELECTs through)', async () => {
    writeFileSync(secret, `${marker}\n`);
    const r = await sql(`SELECT content FROM read_text('${secret}')`);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/file system operations are disabled|Permission Error/);
  });
});
