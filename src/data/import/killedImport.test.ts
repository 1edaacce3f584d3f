/**
 * A killed import leaves no partial rows: the CLI, compiled once into a temporary directory, imports a
 * large file in a child process that is SIGKILLed in the middle; the store must then open, read, and hold
 * exactly what it held before.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../cli/testkit/captureIo.js';
import { storeSnapshot } from '../../store/testkit/snapshot.js';
import { modelByName } from '../models/index.js';
import { toCsv } from '../models/testkit/sampleRows.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const dir = mkdtempSync(join(tmpdir(), 'crashscope-kill-'));
const cli = join(dir, 'dist', 'cli', 'main.js');
const big = join(dir, 'big.csv');
const ROWS = 1_500_000;
const BARS = modelByName('bars').columns.map((c) => c.name);
const T0 = Date.UTC(2020, 0, 1);

function barLine(i: number, close: number): string {
  const ts = new Date(T0 + i * 60_000).toISOString().replace('.000Z', 'Z');
  return `${ts},binance,BTCUSDT,1m,${close},${close + 10},${close - 10},${close + 5},1.5,${1.5 * close},big,observed`;
}

async function writeBig(): Promise<void> {
  const out = createWriteStream(big);
  out.write(`${BARS.join(',')}\n`);
  for (let start = 0; start < ROWS; start += 10_000) {
    const lines: string[] = [];
    for (let i = start; i < start + 10_000; i++) lines.push(barLine(i, 60_000 + (i % 1000)));
    if (!out.write(`${lines.join('\n')}\n`)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r, j) => out.end((e?: Error | null) => (e ? j(e) : r())));
}

beforeAll(async () => {
  // One build per test file: the child must run the real compiled CLI (no TS loader is installed).
  const tsc = spawnSync(
    process.execPath,
    [
      join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'),
      '-p',
      'tsconfig.build.json',
      '--outDir',
      join(dir, 'dist'),
    ],
    { cwd: ROOT, encoding: 'utf8' },
  );
  // Type errors elsewhere in the tree do not stop tsc from emitting; a missing entry point does.
  if (!existsSync(cli)) throw new Error(`build failed:\n${tsc.stdout}\n${tsc.stderr}`);
  writeFileSync(join(dir, 'dist', 'package.json'), '{"type":"module"}\n');
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  mkdirSync(join(dir, 'work'));
  await writeBig();
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Starts the import and SIGKILLs it when stderr shows `phase` (plus `delayMs`). */
function importAndKill(
  db: string,
  phase: string,
  delayMs: number,
): Promise<{ signal: string | null; stderr: string }> {
  return new Promise((done) => {
    const child: ChildProcess = spawn(
      process.execPath,
      [cli, 'import', big, '--model', 'bars', '--db', db, '--progress'],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    let armed = false;
    child.stderr!.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (!armed && stderr.includes(`: ${phase}\n`)) {
        armed = true;
        setTimeout(() => child.kill('SIGKILL'), delayMs);
      }
    });
    child.on('exit', (_code, signal) => done({ signal, stderr }));
  });
}

describe('a killed import', () => {
  it.each([
    ['while DuckDB reads the file', 'read', 300],
    ['while rows are written', 'write', 0],
  ])(
    '%s leaves the store readable and unchanged',
    async (_name, phase, delay) => {
      const db = join(dir, 'work', `${phase}.duckdb`);
      // Baseline: rows whose keys the big file also has, with other values, so the import must replace them.
      writeFileSync(
        join(dir, 'work', 'base.csv'),
        toCsv(BARS, []) + Array.from({ length: 10 }, (_, i) => barLine(i, 1000 + i)).join('\n'),
      );
      expect(
        (await runCli(['import', 'base.csv', '--model', 'bars', '--db', db], {}, join(dir, 'work'))).code,
      ).toBe(0);
      const before = await storeSnapshot(db);

      const killed = await importAndKill(db, phase, delay);
      expect({ signal: killed.signal, stderr: killed.stderr }).toMatchObject({ signal: 'SIGKILL' });

      // The first command after the crash is a read-only one, as a user's would be.
      const info = await runCli(['db', 'info', '--json', '--db', db], {}, dir);
      expect(info.code).toBe(0);
      expect(JSON.parse(info.stdout).tables.find((t: { table: string }) => t.table === 'bars').rows).toBe(10);
      expect(await storeSnapshot(db)).toEqual(before);
      const again = await runCli(
        ['import', 'base.csv', '--model', 'bars', '--db', db],
        {},
        join(dir, 'work'),
      );
      expect(again.stdout).toContain('10 rows (0 new, 0 updated, 10 unchanged)');
    },
    120_000,
  );
});
