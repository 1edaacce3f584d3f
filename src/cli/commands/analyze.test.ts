/** CLI footguns of `analyze` (issue 8 section 6): bad input is exit 2 with one line naming what to do. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../testkit/captureIo.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'crashscope-analyze-cli-'));
});
afterAll(async () => {
  if (dir !== '') await rm(dir, { recursive: true, force: true });
});

describe('crashscope analyze: footguns', () => {
  it('--note-vol 90 is a percent: exit 2 with the decimal to pass', async () => {
    const r = await runCli(['analyze', '--event', '2026-02-05', '--note-vol', '90', '--no-report']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'crashscope: --note-vol: 90 looks like a percent; pass 0.90 (volatility is a decimal: 0.90 = 90%)\n',
    );
  });

  it('--db naming a store that does not exist is bad input: exit 2, nothing created', async () => {
    const db = join(dir, 'absent', 'store.duckdb');
    const r = await runCli(['analyze', '--date', '2026-02-05', '--db', db, '--no-report']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `crashscope: no store at ${db} (--db or CRASHSCOPE_DB): import data or load a pack into it first, or use --event <date>\n`,
    );
  });

  it('--cross-assets with a symbol the store lacks: exit 2 naming the symbols it has', async () => {
    const r = await runCli(['analyze', '--event', '2026-02-05', '--cross-assets', 'IGV,XYZ', '--no-report']);
    expect(r.code).toBe(2);
    const last = r.stderr.trim().split('\n').at(-1)!;
    expect(last).toMatch(
      /^crashscope: --cross-assets: XYZ has no daily bars in the store \(symbols with daily bars: .+\)$/,
    );
    const have = /daily bars: (.+)\)$/.exec(last)![1]!.split(', ');
    expect(have).toContain('IGV');
    expect(have).not.toContain('XYZ');
  });
});
