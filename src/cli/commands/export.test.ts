import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { modelByName } from '../../data/models/index.js';
import { sampleRows, toCsv } from '../../data/models/testkit/sampleRows.js';
import { storeSnapshot } from '../../store/testkit/snapshot.js';
import { runCli } from '../testkit/captureIo.js';

const dir = mkdtempSync(join(tmpdir(), 'crashscope-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const stripIngested = (rows: readonly Record<string, unknown>[]) => rows.map(({ ingested_at, ...r }) => r);

describe('crashscope export', () => {
  it.each(['csv', 'parquet'])('writes %s that re-imports to the same rows', async (ext) => {
    const db = join(dir, `src-${ext}.duckdb`);
    const cols = modelByName('option_chain').columns.map((c) => c.name);
    const rows = [
      sampleRows.option_chain,
      { ...sampleRows.option_chain, strike: 30, iv: null, mark: null, volume: null, dealer_position: null },
      { ...sampleRows.option_chain, as_of: '2026-02-05T21:00:00.25Z', option_type: 'call' },
    ];
    writeFileSync(join(dir, 'chain.csv'), toCsv(cols, rows));
    expect((await runCli(['import', 'chain.csv', '--model', 'option_chain', '--db', db], {}, dir)).code).toBe(
      0,
    );
    const out = await runCli(['export', 'option_chain', `chain-out.${ext}`, '--db', db, '--json'], {}, dir);
    expect(out.code).toBe(0);
    expect(JSON.parse(out.stdout)).toMatchObject({ table: 'option_chain', format: ext, rows: 3 });
    expect(existsSync(join(dir, `chain-out.${ext}.partial`))).toBe(false);
    if (ext === 'csv') {
      const text = readFileSync(join(dir, 'chain-out.csv'), 'utf8');
      expect(text.split('\n')[0]).toBe(cols.join(','));
      expect(text).toContain(
        '2026-02-05T21:00:00Z,cboe,IBIT,2026-02-20T21:00:00Z,30,put,120000,,,,35.2,,100,',
      );
      expect(text).toContain('2026-02-05T21:00:00.25Z,');
    }
    const copy = join(dir, `copy-${ext}.duckdb`);
    expect(
      (await runCli(['import', `chain-out.${ext}`, '--model', 'option_chain', '--db', copy], {}, dir)).code,
    ).toBe(0);
    const a = await storeSnapshot(db);
    const b = await storeSnapshot(copy);
    expect(stripIngested(b.option_chain!)).toEqual(stripIngested(a.option_chain!));
    expect(a.option_chain!.length).toBe(3);
  });

  it('refuses an unknown table or file type with exit 2', async () => {
    const db = join(dir, 'src-csv.duckdb');
    const t = await runCli(['export', 'trades', 'x.csv', '--db', db], {}, dir);
    expect(t.code).toBe(2);
    expect(t.stderr).toContain("unknown table 'trades'");
    const f = await runCli(['export', 'bars', 'x.xlsx', '--db', db], {}, dir);
    expect(f.code).toBe(2);
    expect(f.stderr).toContain("export writes .csv or .parquet, not '.xlsx'");
  });

  it('into an existing folder, or a missing one, is one clear line (exit 2), not a raw EISDIR', async () => {
    const db = join(dir, 'folder.duckdb');
    writeFileSync(
      join(dir, 'f.csv'),
      toCsv(
        modelByName('etf_daily').columns.map((c) => c.name),
        [sampleRows.etf_daily],
      ),
    );
    expect((await runCli(['import', 'f.csv', '--model', 'etf_daily', '--db', db], {}, dir)).code).toBe(0);
    mkdirSync(join(dir, 'outdir'));
    mkdirSync(join(dir, 'looks.csv'));
    const a = await runCli(['export', 'etf_daily', 'outdir', '--db', db], {}, dir);
    expect(a).toMatchObject({ code: 2, stdout: '' });
    expect(a.stderr).toBe(
      `crashscope: ${join(dir, 'outdir')} is a folder; give a file to write, e.g. ${join(dir, 'outdir', 'etf_daily.csv')} or .parquet\n`,
    );
    const b = await runCli(['export', 'etf_daily', 'looks.csv', '--db', db], {}, dir);
    expect(b.code).toBe(2);
    expect(b.stderr).toContain('looks.csv is a folder');
    expect(b.stderr).not.toMatch(/EISDIR/);
    expect(readdirSync(join(dir, 'looks.csv'))).toEqual([]);
    const c = await runCli(['export', 'etf_daily', 'nowhere/x.csv', '--db', db], {}, dir);
    expect(c.code).toBe(2);
    expect(c.stderr).toBe(
      `crashscope: ${join(dir, 'nowhere', 'x.csv')}: folder ${join(dir, 'nowhere')} does not exist\n`,
    );
  });
});
