/**
 * Two processes on one store (issue 8 section 5): a command that finds the store locked waits a bounded
 * time, then names the process holding it; ingest opens the store only to write a chunk, so others can
 * read it while ingest waits on the network.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelByName } from '../data/models/index.js';
import { sampleRows, toCsv } from '../data/models/testkit/sampleRows.js';
import { startServer, type TestServer } from '../data/providers/testkit/server.js';
import { lockHolder, parseWait } from './storeAccess.js';
import { runCli } from './testkit/captureIo.js';

const repo = resolve(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'crashscope-lock-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const db = join(dir, 'store.duckdb');

beforeAll(async () => {
  writeFileSync(
    join(dir, 'etf.csv'),
    toCsv(
      modelByName('etf_daily').columns.map((c) => c.name),
      [sampleRows.etf_daily],
    ),
  );
  expect((await runCli(['import', 'etf.csv', '--model', 'etf_daily', '--db', db], {}, dir)).code).toBe(0);
});

/** Another process with the store open for writing until its stdin closes. */
function holdStore(path: string): { child: ChildProcess; ready: Promise<void>; release(): Promise<void> } {
  const script = `
    import { DuckDBInstance } from '@duckdb/node-api';
    const i = await DuckDBInstance.create(${JSON.stringify(path)});
    const c = await i.connect();
    process.stdout.write('held\\n');
    process.stdin.resume();
    process.stdin.on('end', () => { c.closeSync(); i.closeSync(); process.exit(0); });`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: repo, stdio: 'pipe' });
  const ready = new Promise<void>((ok, fail) => {
    child.stdout!.on('data', (d: Buffer) => d.toString().includes('held') && ok());
    child.on('exit', (code) => fail(new Error(`holder exited with ${code}`)));
  });
  const release = () =>
    new Promise<void>((ok) => {
      child.on('exit', () => ok());
      child.stdin!.end();
    });
  return { child, ready, release };
}

/** Whether another process can open the store read-only right now. */
function otherProcessCanRead(path: string): Promise<string> {
  const script = `
    import { DuckDBInstance } from '@duckdb/node-api';
    try { const i = await DuckDBInstance.create(${JSON.stringify(path)}, { access_mode: 'READ_ONLY' }); i.closeSync(); console.log('ok'); }
    catch (e) { console.log(e.message.split('\\n')[0]); }`;
  return new Promise((ok) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      cwd: repo,
      stdio: 'pipe',
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.on('exit', () => ok(out.trim()));
  });
}

describe('a store held by another process', () => {
  it('names the holder after --wait seconds: exit 1, one line, for readers and writers alike', async () => {
    const holder = holdStore(db);
    await holder.ready;
    try {
      for (const argv of [
        ['sql', 'SELECT 1', '--db', db, '--wait', '0.3'],
        ['import', 'etf.csv', '--model', 'etf_daily', '--db', db, '--wait', '0'],
        ['db', 'info', '--db', db, '--wait', '0.2'],
      ]) {
        const r = await runCli(argv, {}, dir);
        expect(r.code).toBe(1);
        expect(r.stderr).toMatch(
          new RegExp(
            `^crashscope: store ${db.replaceAll(/[.*+?^${}()|[\]\\]/g, '\\$&')} is held by process ${holder.child.pid} \\(.*node.*\\); waited [\\d.]+ s \\(pass --wait SECONDS to wait longer, or stop that process\\)\\n$`,
          ),
        );
      }
    } finally {
      await holder.release();
    }
  });

  it('waits for the holder to finish, then runs', async () => {
    const holder = holdStore(db);
    await holder.ready;
    const pending = runCli(
      ['sql', 'SELECT count(*) AS n FROM etf_daily', '--db', db, '--wait', '60', '--json'],
      {},
      dir,
    );
    setTimeout(() => void holder.release(), 500);
    const r = await pending;
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(r.stdout)).toEqual([{ n: 1 }]);
  });

  it('--wait takes a number of seconds', async () => {
    expect(parseWait(undefined)).toBe(10);
    expect(parseWait('2.5')).toBe(2.5);
    expect(() => parseWait('-1')).toThrow("--wait: '-1' is not a number of seconds from 0 to 86400");
    expect(lockHolder('Conflicting lock is held in /usr/bin/node (PID 29153). See also')).toBe(
      'process 29153 (/usr/bin/node)',
    );
  });
});

describe('ingest does not hold the store while it waits on the network', () => {
  let server: TestServer;
  let releaseSecond: () => void = () => undefined;
  let secondAsked: () => void = () => undefined;
  const asked = new Promise<void>((ok) => {
    secondAsked = ok;
  });
  const candles: unknown = JSON.parse(
    readFileSync(
      new URL('../data/providers/coinbase/fixtures/candles.BTC-USD.3600.2026-02-05.json', import.meta.url),
      'utf8',
    ),
  );
  beforeAll(async () => {
    let n = 0;
    server = await startServer(async () => {
      n++;
      if (n === 1) return { body: candles };
      secondAsked();
      await new Promise<void>((ok) => {
        releaseSecond = ok;
      });
      return { body: [] };
    });
  });
  afterAll(() => server.close());

  it('another process reads the store between chunks, while the next chunk is being fetched', async () => {
    const store = join(dir, 'ingest.duckdb');
    // 21 days of 1h bars: two chunks of at most 300 buckets (coinbase).
    const run = runCli([
      'ingest',
      'coinbase',
      'bars',
      '--interval',
      '1h',
      '--from',
      '2026-02-05',
      '--to',
      '2026-02-25',
      '--base-url',
      server.baseUrl,
      '--db',
      store,
      '--archive',
      join(dir, 'archive'),
    ]);
    await asked;
    const seen = await otherProcessCanRead(store);
    releaseSecond();
    const r = await run;
    expect(seen).toBe('ok');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('24 rows (24 new');
  });
});
