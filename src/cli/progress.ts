/**
 * Progress of long imports on stderr: a redrawn bar when stderr is a terminal; plain lines per phase when
 * asked for with --progress (logs, tests); nothing otherwise. The percentage comes from DuckDB's own
 * progress tracking of the running statement.
 */
import type { ImportPhase } from '../data/import/importFile.js';
import type { Db } from '../store/db.js';
import type { CliIo } from './io.js';

const WIDTH = 30;
const TICK_MS = 150;

export interface ProgressReporter {
  readonly onPhase: (file: string, phase: ImportPhase) => void;
  stop(): void;
}

/**
 * 'bar' on a terminal, 'lines' with --progress, else 'none'.
 * @example progressMode({ ...io, stderrIsTty: false }, true) // 'lines'
 */
export function progressMode(io: CliIo, forced: boolean | undefined): 'bar' | 'lines' | 'none' {
  if (io.stderrIsTty) return 'bar';
  return forced ? 'lines' : 'none';
}

/**
 * A reporter that follows phases and polls `db.progress()`.
 * @example const p = importProgress(io, db, 'lines'); p.onPhase('a.csv', 'read'); p.stop() // stderr: "import a.csv: read\n"
 */
export function importProgress(io: CliIo, db: Db, mode: 'bar' | 'lines' | 'none'): ProgressReporter {
  if (mode === 'none') return { onPhase: () => undefined, stop: () => undefined };
  if (mode === 'lines') {
    return { onPhase: (file, phase) => io.stderr(`import ${file}: ${phase}\n`), stop: () => undefined };
  }
  let label = '';
  let drawn = false;
  const draw = (): void => {
    const p = db.progress();
    const pct = p && p.percentage >= 0 ? Math.min(100, p.percentage) : null;
    const filled = pct === null ? 0 : Math.round((pct / 100) * WIDTH);
    const bar = `[${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}]`;
    io.stderr(`\r\x1b[2K${label} ${bar}${pct === null ? '' : ` ${pct.toFixed(0)}%`}`);
    drawn = true;
  };
  const timer = setInterval(draw, TICK_MS);
  timer.unref();
  return {
    onPhase: (file, phase) => {
      label = `${file}: ${phase}`;
      draw();
    },
    stop: () => {
      clearInterval(timer);
      if (drawn) io.stderr('\r\x1b[2K');
    },
  };
}
