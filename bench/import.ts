/**
 * Import throughput: generates an N-row `bars` CSV (default 10 million rows) in a temporary directory
 * and times `importFile` into a fresh file store, then a re-import of the same file (every row
 * unchanged). Run: npx tsc -p tsconfig.bench.json && node .bench-out/bench/import.js [rows]
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { importFile } from '../src/data/import/importFile.js';
import { modelByName } from '../src/data/models/index.js';
import { withStore } from '../src/store/store.js';

export interface ImportBenchResult {
  readonly rows: number;
  readonly fileMb: number;
  readonly generateSeconds: number;
  readonly importSeconds: number;
  readonly reimportSeconds: number;
  readonly rowsPerSecond: number;
}

async function writeBars(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  out.write(
    `${modelByName('bars')
      .columns.map((c) => c.name)
      .join(',')}\n`,
  );
  const t0 = Date.UTC(2020, 0, 1);
  for (let start = 0; start < rows; start += 10_000) {
    const lines: string[] = [];
    for (let i = start; i < Math.min(rows, start + 10_000); i++) {
      const ts = new Date(t0 + i * 60_000).toISOString().replace('.000Z', 'Z');
      const c = 60_000 + (i % 1000);
      lines.push(
        `${ts},binance,BTCUSDT,1m,${c},${c + 10},${c - 10},${c + 5},${(i % 97) * 1.5},,bench,observed`, // quote_volume empty
      );
    }
    if (!out.write(`${lines.join('\n')}\n`)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
}

/** Generates, imports and re-imports `rows` bars; wall-clock seconds of each step. */
export async function benchImport(rows = 10_000_000): Promise<ImportBenchResult> {
  const dir = await mkdtemp(join(tmpdir(), 'crashscope-bench-import-'));
  try {
    const csv = join(dir, 'bars.csv');
    let t = performance.now();
    await writeBars(csv, rows);
    const generateSeconds = (performance.now() - t) / 1000;
    const fileMb = (await stat(csv)).size / 1e6;
    const db = join(dir, 'bench.duckdb');
    const ingestedAt = new Date().toISOString();
    t = performance.now();
    const first = await withStore(db, {}, (s) => importFile(s, { path: csv, model: 'bars' }, { ingestedAt }));
    const importSeconds = (performance.now() - t) / 1000;
    t = performance.now();
    const second = await withStore(db, {}, (s) =>
      importFile(s, { path: csv, model: 'bars' }, { ingestedAt }),
    );
    const reimportSeconds = (performance.now() - t) / 1000;
    if (first.inserted !== rows || second.unchanged !== rows) {
      throw new Error(`unexpected counts: ${JSON.stringify({ first, second })}`);
    }
    return {
      rows,
      fileMb,
      generateSeconds,
      importSeconds,
      reimportSeconds,
      rowsPerSecond: rows / importSeconds,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rows = Number(process.argv[2] ?? 10_000_000);
  const r = await benchImport(rows);
  console.log(
    `import ${r.rows.toLocaleString('en-US')} bars (${r.fileMb.toFixed(0)} MB CSV): ${r.importSeconds.toFixed(1)} s ` +
      `(${Math.round(r.rowsPerSecond).toLocaleString('en-US')} rows/s); re-import unchanged: ${r.reimportSeconds.toFixed(1)} s; ` +
      `generating the file: ${r.generateSeconds.toFixed(1)} s`,
  );
}
