import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchDashboard, CLIENTS, dashboardLines, SECONDS } from './dashboard.js';
import { benchFragility } from './fragility.js';
import { benchGammaProfile, GAMMA_OPTIONS, GAMMA_POINTS } from './gammaProfile.js';
import { DEFAULT_BENCH } from './harness.js';
import { benchImport } from './import.js';
import { barrierSuite, greeksSuite, impliedVolSuite, QL_ROWS, REL_FLOOR, ROWS, SEED } from './pricing.js';
import { type ResultRow, type SuiteResult, sci } from './report.js';

/*
 * `npm run bench`: every suite in one process, one Markdown table on stdout (paste into docs/METHODS.md),
 * progress on stderr. Exit status 1 when an accuracy check fails; speed targets are reported, not asserted.
 */

/** Three significant digits with thousands separators: 1234567 -> "1,230,000". */
function opsText(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const digits = Math.max(0, Math.floor(Math.log10(Math.abs(x))) - 2);
  const rounded = Math.round(x / 10 ** digits) * 10 ** digits;
  return rounded.toLocaleString('en-US', { maximumFractionDigits: 0 });
}

function ratioText(x: number): string {
  if (!Number.isFinite(x)) return '—';
  return x >= 10 ? `${x.toFixed(0)}×` : x >= 0.1 ? `${x.toFixed(2)}×` : `${x.toPrecision(2)}×`;
}

function cell(s: string): string {
  return s.replaceAll('|', '\\|');
}

function tableLines(suites: readonly SuiteResult[]): string[] {
  const lines = [
    '| Suite | Library | Rows/pass | ops/s (median) | Spread | vs QuantLib-js | Max abs err | Max rel err | Failures | Notes |',
    '|---|---|--:|--:|--:|--:|--:|--:|--:|---|',
  ];
  for (const s of suites) {
    const ref = s.rows.find((r) => r.reference)?.bench.opsPerSec ?? Number.NaN;
    s.rows.forEach((r: ResultRow, k: number) => {
      lines.push(
        `| ${k === 0 ? cell(s.name) : ''} | ${cell(r.library)} | ${r.rows.toLocaleString('en-US')} | ` +
          `${opsText(r.bench.opsPerSec)} | ${(100 * r.bench.spread).toFixed(0)} % | ${ratioText(r.bench.opsPerSec / ref)} | ` +
          `${sci(r.maxAbsErr)} | ${sci(r.maxRelErr)} | ${r.failures ?? '—'} | ${cell(r.notes)} |`,
      );
    });
  }
  return lines;
}

/** Wall time of `npm start` (the main job on the embedded pack, report included), median of `runs`. */
function benchMainJob(runs = 3): { medianSeconds: number; all: number[] } {
  const all: number[] = [];
  for (let i = 0; i < runs; i++) {
    const dir = mkdtempSync(join(tmpdir(), 'crashscope-bench-'));
    const t0 = process.hrtime.bigint();
    execFileSync('npm', ['start', '--silent', '--', '--out', join(dir, 'report')], { stdio: 'ignore' });
    all.push(Number(process.hrtime.bigint() - t0) / 1e9);
    rmSync(dir, { recursive: true, force: true });
  }
  const sorted = [...all].sort((a, b) => a - b);
  return { medianSeconds: sorted[Math.floor(sorted.length / 2)], all };
}

async function mainJobLines(skipImport: boolean): Promise<string[]> {
  process.stderr.write('bench: gamma profile ...\n');
  const g = benchGammaProfile();
  process.stderr.write('bench: fragility map ...\n');
  const f = benchFragility();
  process.stderr.write('bench: npm start (3 runs) ...\n');
  const m = benchMainJob();
  const lines = [
    '## Main job and data benchmarks',
    '',
    '| Case | Measured | Target |',
    '|---|--:|---|',
    `| Dealer gamma profile, ${GAMMA_OPTIONS.toLocaleString('en-US')} options × ${GAMMA_POINTS.toLocaleString('en-US')} BTC prices, one thread | ${g.msPerProfile.toFixed(1)} ms (${opsText(g.opsPerSec)} option-points/s) | < 100 ms |`,
    `| Full ${f.label}, one thread | ${f.msPerMap.toFixed(1)} ms | < 100 ms |`,
    `| \`npm start\` end to end (pack load, nine analyses, report with ten charts), median of 3 | ${m.medianSeconds.toFixed(2)} s (runs: ${m.all.map((x) => x.toFixed(2)).join(', ')}) | < 15 s |`,
  ];
  if (!skipImport) {
    process.stderr.write('bench: 10-million-row CSV import ...\n');
    const r = await benchImport();
    lines.push(
      `| CSV import, ${r.rows.toLocaleString('en-US')} bars rows (${r.fileMb.toFixed(0)} MB), fresh store | ${r.importSeconds.toFixed(1)} s (${opsText(r.rowsPerSecond)} rows/s) | well under 60 s |`,
      `| Same file re-imported (all rows unchanged) | ${r.reimportSeconds.toFixed(1)} s | idempotent |`,
    );
  } else {
    lines.push('| CSV import (10M rows) | skipped (--skip-import) | well under 60 s |');
  }
  return [...lines, ''];
}

async function main(): Promise<number> {
  const skipImport = process.argv.includes('--skip-import');
  const started = Date.now();
  const header = [
    '## Pricing benchmarks (`npm run bench`)',
    '',
    `- Date: ${new Date().toISOString()}`,
    `- Node ${process.version} (${process.platform}/${process.arch}), V8 ${process.versions.v8}`,
    `- CPU: ${cpus()[0]?.model ?? 'unknown'} × ${cpus().length} logical (benchmarks run on one thread)`,
    `- Timing: warm-up ≥ ${DEFAULT_BENCH.warmupSeconds} s, then ${DEFAULT_BENCH.rounds} rounds of ≥ ` +
      `${DEFAULT_BENCH.minRoundSeconds} s each (whole passes over the rows), median ops/s; Spread = (max − min)/median ` +
      `of the rounds; process.hrtime.bigint.`,
    `- Rows: seeded grid (seed ${SEED}) of ${ROWS.toLocaleString('en-US')} European options: spot 100, strike U(50, 150), ` +
      `7–730 whole days (tau = days/365, Actual365Fixed in QuantLib-js), vol U(10 %, 150 %), rate U(0, 8 %), ` +
      `dividend yield U(0, 3 %), calls and puts 50/50. Slow libraries run the first rows of the same grid ` +
      `(QuantLib-js ${QL_ROWS.toLocaleString('en-US')} or fewer; see Rows/pass); ops/s is per row, so comparable.`,
    `- Errors: Greeks and barrier: price vs QuantLib-js on the rows both ran; implied vol: vs the true vol. ` +
      `Relative errors only where the reference is ≥ ${sci(REL_FLOOR)} (1e-6 of spot). Failures: NaN results, ` +
      'thrown errors or failure codes.',
    '',
  ];
  const suites: SuiteResult[] = [];
  const run = (name: string, f: () => SuiteResult) => {
    const t0 = Date.now();
    process.stderr.write(`bench: ${name} ...`);
    suites.push(f());
    process.stderr.write(` ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  };
  run('Greeks', greeksSuite);
  run('implied vol', impliedVolSuite);
  run('barrier', barrierSuite);

  const out = [...header, ...tableLines(suites), ''];
  for (const s of suites) for (const note of s.notes) out.push(`- ${note}`);
  out.push('', '### Targets', '');
  let accuracyFailed = false;
  for (const s of suites) {
    for (const c of s.checks) {
      const status = c.met ? 'met' : c.kind === 'accuracy' ? '**FAILED**' : '**missed**';
      if (!c.met && c.kind === 'accuracy') accuracyFailed = true;
      out.push(`- [${c.kind}] ${c.text}: ${c.measured} — ${status}`);
    }
  }
  out.push('', ...(await mainJobLines(skipImport)));
  process.stderr.write(`bench: dashboard, ${CLIENTS} clients for ${SECONDS} s ...\n`);
  out.push(...dashboardLines(await benchDashboard()));
  out.push('', `Total time: ${((Date.now() - started) / 1000).toFixed(0)} s.`);
  process.stdout.write(`${out.join('\n')}\n`);
  if (accuracyFailed) process.stderr.write('bench: an accuracy check failed (see Targets)\n');
  return accuracyFailed ? 1 : 0;
}

process.exitCode = await main();
