import { describe, expect, it } from 'vitest';
import type { Db } from '../store/db.js';
import type { CliIo } from './io.js';
import { importProgress, progressMode } from './progress.js';

function fakeIo(tty: boolean): CliIo & { err: () => string } {
  let err = '';
  return {
    stdout: () => undefined,
    stderr: (t) => {
      err += t;
    },
    env: {},
    cwd: '/',
    stderrIsTty: tty,
    err: () => err,
  };
}

const dbAt = (percentage: number | null) =>
  ({
    progress: () => (percentage === null ? null : { percentage, rowsProcessed: 0, totalRows: 0 }),
  }) as unknown as Db;

describe('import progress on stderr', () => {
  it('chooses a bar on a terminal, lines with --progress, else nothing', () => {
    expect(progressMode(fakeIo(true), undefined)).toBe('bar');
    expect(progressMode(fakeIo(false), true)).toBe('lines');
    expect(progressMode(fakeIo(false), undefined)).toBe('none');
  });

  it('draws a 30-cell bar from DuckDB progress and clears it at the end', () => {
    const io = fakeIo(true);
    const p = importProgress(io, dbAt(50), 'bar');
    p.onPhase('a.csv', 'read');
    p.stop();
    expect(io.err()).toBe(`\r\x1b[2Ka.csv: read [${'#'.repeat(15)}${'.'.repeat(15)}] 50%\r\x1b[2K`);
  });

  it('draws an empty bar without a percentage when DuckDB cannot tell', () => {
    const io = fakeIo(true);
    const p = importProgress(io, dbAt(-1), 'bar');
    p.onPhase('a.csv', 'check');
    p.stop();
    expect(io.err()).toBe(`\r\x1b[2Ka.csv: check [${'.'.repeat(30)}]\r\x1b[2K`);
  });

  it('prints one line per phase in lines mode and nothing in none mode', () => {
    const lines = fakeIo(false);
    const p = importProgress(lines, dbAt(10), 'lines');
    p.onPhase('a.csv', 'read');
    p.onPhase('a.csv', 'write');
    p.stop();
    expect(lines.err()).toBe('import a.csv: read\nimport a.csv: write\n');
    const none = fakeIo(false);
    importProgress(none, dbAt(10), 'none').onPhase('a.csv', 'read');
    expect(none.err()).toBe('');
  });
});
