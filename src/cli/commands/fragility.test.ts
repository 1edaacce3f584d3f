/** `fragility` edges (issue 8 sections 5 and 6): a missing store and a vol typed as a percent are bad input. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../testkit/captureIo.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'crashscope-fragility-cli-'));
});
afterAll(async () => {
  if (dir !== '') await rm(dir, { recursive: true, force: true });
});

describe('crashscope fragility: footguns', () => {
  it('--structured-notes-vol 60 is a percent: exit 2 with the decimal to pass', async () => {
    const r = await runCli([
      'fragility',
      '--event',
      '2026-02-05',
      '--structured-notes-vol',
      '60',
      '--no-report',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'crashscope: --structured-notes-vol: 60 looks like a percent; pass 0.60 (volatility is a decimal: 0.60 = 60%)\n',
    );
  });

  it('--db naming a store that does not exist is bad input: exit 2', async () => {
    const db = join(dir, 'absent.duckdb');
    const r = await runCli(['fragility', '--db', db, '--as-of', '2026-02-04T21:00:00Z', '--no-report']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `crashscope: no store at ${db} (--db or CRASHSCOPE_DB): import data or load a pack into it first, or use --event <date>\n`,
    );
  });
});
