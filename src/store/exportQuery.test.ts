import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidInputError } from '../errors.js';
import { exportQuery, statementBody } from './exportQuery.js';
import { openStore } from './store.js';

describe('statementBody', () => {
  it.each([
    ['SELECT 1', 'SELECT 1'],
    ['SELECT 1;', 'SELECT 1'],
    ['SELECT 1 ;  -- done\n', 'SELECT 1'],
    ["SELECT ';' AS s; /* x */", "SELECT ';' AS s"],
    ['SELECT 1 -- trailing comment', 'SELECT 1'],
    ['  ', ''],
  ])('%j -> %j', (input, body) => expect(statementBody(input)).toBe(body));
});

describe('exportQuery in a sandbox with one allowed folder', () => {
  let dir = '';
  let other = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'crashscope-xq-'));
    other = await mkdtemp(join(tmpdir(), 'crashscope-xq-other-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await rm(other, { recursive: true, force: true });
  });

  it('writes the rows of a query (trailing ; and comment allowed) to CSV', async () => {
    const db = await openStore(':memory:', { sandbox: true, allowedDirectory: dir });
    try {
      const file = join(dir, 'q.csv');
      const r = await exportQuery(
        db,
        'SELECT range AS i, range * 2 AS twice FROM range(3); -- three rows',
        file,
      );
      expect(r).toEqual({ file, format: 'csv', rows: 3 });
      expect(await readFile(file, 'utf8')).toBe('i,twice\n0,0\n1,2\n2,4\n');
    } finally {
      db.close();
    }
  });

  it('the sandbox still refuses files outside the allowed folder, for reading and writing', async () => {
    const db = await openStore(':memory:', { sandbox: true, allowedDirectory: dir });
    try {
      await expect(db.all("SELECT * FROM read_text('/etc/hostname')")).rejects.toThrow(/Permission Error/);
      await expect(db.run(`COPY (SELECT 1) TO '${join(other, 'x.csv')}'`)).rejects.toThrow(
        /Permission Error/,
      );
      await expect(db.run(`COPY (SELECT 1) TO '${join(dir, '..', 'escape.csv')}'`)).rejects.toThrow(
        /Permission Error/,
      );
      await expect(db.run('SET enable_external_access = true')).rejects.toThrow();
    } finally {
      db.close();
    }
  });

  it('a statement COPY cannot wrap is a clear bad_sql, and the extension is checked', async () => {
    const db = await openStore(':memory:', { sandbox: true, allowedDirectory: dir });
    try {
      await expect(exportQuery(db, 'PRAGMA version', join(dir, 'p.csv'))).rejects.toThrow(InvalidInputError);
      await expect(exportQuery(db, 'SELECT 1', join(dir, 'p.xlsx'))).rejects.toThrow(/\.csv or \.parquet/);
    } finally {
      db.close();
    }
  });
});
