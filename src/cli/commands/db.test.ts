import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { modelByName, modelNames } from '../../data/models/index.js';
import { sampleRows, toCsv } from '../../data/models/testkit/sampleRows.js';
import { LATEST_SCHEMA_VERSION } from '../../store/migrations/index.js';
import { runCli } from '../testkit/captureIo.js';

const dir = mkdtempSync(join(tmpdir(), 'crashscope-dbinfo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('crashscope db info', () => {
  it('lists every table with rows, time range, quality mix and the schema version', async () => {
    const db = join(dir, 'store.duckdb');
    const cols = modelByName('bars').columns.map((c) => c.name);
    const bars = ['2026-02-04T21:00:00Z', '2026-02-05T21:00:00Z', '2026-02-06T21:00:00Z'].map((ts, i) => ({
      ...sampleRows.bars,
      ts,
      quality: i === 0 ? 'observed' : 'reconstructed',
    }));
    writeFileSync(join(dir, 'bars.csv'), toCsv(cols, bars));
    expect((await runCli(['import', 'bars.csv', '--model', 'bars', '--db', db], {}, dir)).code).toBe(0);

    const json = await runCli(['db', 'info', '--json', '--db', db], {}, dir);
    expect(json.code).toBe(0);
    const info = JSON.parse(json.stdout);
    expect(info.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
    expect(info.tables.map((t: { table: string }) => t.table)).toEqual(modelNames);
    expect(info.tables.find((t: { table: string }) => t.table === 'bars')).toMatchObject({
      rows: 3,
      timeColumn: 'ts',
      from: '2026-02-04T21:00:00Z',
      to: '2026-02-06T21:00:00Z',
      quality: { observed: 1, published: 0, reconstructed: 2 },
      sources: 1,
    });

    const text = await runCli(['db', 'info', '--db', db], {}, dir);
    expect(text.stdout).toContain(`store ${db} (schema version ${LATEST_SCHEMA_VERSION})`);
    expect(text.stdout).toMatch(/\nbars +3 +2026-02-04T21:00:00Z +2026-02-06T21:00:00Z +1 +0 +2 +1\n/);
    expect(text.stdout).toMatch(/\netf_daily +0 +0 +0 +0 +0\n/);
  });

  it('reads the store from CRASHSCOPE_DB when --db is not given', async () => {
    const db = join(dir, 'env.duckdb');
    expect((await runCli(['import', 'bars.csv', '--model', 'bars'], { CRASHSCOPE_DB: db }, dir)).code).toBe(
      0,
    );
    const r = await runCli(['db', 'info', '--json'], { CRASHSCOPE_DB: db }, dir);
    expect(JSON.parse(r.stdout).path).toBe(db);
  });
});
