import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { PricingPool } from '../src/parallel/pricingPool.js';
import { benchDashboard, CLIENTS, dashboardLines, SECONDS } from './dashboard.js';
import { benchFragility, benchPremiumAdjusted } from './fragility.js';
import { benchGammaProfile, GAMMA_OPTIONS, GAMMA_POINTS } from './gammaProfile.js';
import { DEFAULT_BENCH } from './harness.js';
import { benchImport } from './import.js';
import { gridSuite, POOL_THREADS, poolSuite } from './parallel.js';
import {
  barrierSuite,
  greeksSuite,
  impliedVolSuite,
  QL_FAST_ROWS,
  QL_ROWS,
  REL_FLOOR,
  ROWS,
  SEED,
} from './pricing.js';
import type { ResultRow, SuiteResult } from './report.js';
import { sci } from './report.js';
import { benchSim, simBenchLines } from './sim.js';

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

/** Millions per second with 3 significant digits: 12345678 -> "12.3 M". */
function mText(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const m = x / 1e6;
  return m >= 100
    ? `${m.toFixed(0)} M`
    : m >= 10
      ? `${m.toFixed(1)} M`
      : m >= 1
        ? `${m.toFixed(2)} M`
        : opsText(x);
}

function tableLines(s: SuiteResult): string[] {
  const fast = s.rows.find((r) => r.reference === 'fast')?.bench.opsPerSec ?? Number.NaN;
  const graph = s.rows.find((r) => r.reference === 'graph')?.bench.opsPerSec ?? Number.NaN;
  const lines = [
    `### ${s.name}`,
    '',
    '| Library and path | Rows/pass | ops/s (median) | slowest–fastest round | vs QuantLib-js fast path | vs QuantLib-js object graph | Max abs err | Max rel err | Failures | Notes |',
    '|---|--:|--:|--:|--:|--:|--:|--:|--:|---|',
  ];
  for (const r of s.rows as ResultRow[]) {
    const name = r.role === 'ours' ? `**${cell(r.library)}**` : cell(r.library);
    lines.push(
      `| ${name} | ${r.rows.toLocaleString('en-US')} | ${opsText(r.bench.opsPerSec)} | ` +
        `${mText(r.bench.min)}–${mText(r.bench.max)} | ${ratioText(r.bench.opsPerSec / fast)} | ` +
        `${ratioText(r.bench.opsPerSec / graph)} | ${sci(r.maxAbsErr)} | ${sci(r.maxRelErr)} | ${r.failures ?? '—'} | ${cell(r.notes)} |`,
    );
  }
  lines.push('', `Errors: ${s.errorNote}.`);
  for (const note of s.notes) lines.push(`- ${note}`);
  return [...lines, ''];
}

/** One line per suite: our headline row against QuantLib-js's fast path and the fastest other JS peer. */
function summaryLines(suites: readonly SuiteResult[]): string[] {
  const lines = [
    '| Task (one thread, same rows, same run) | crashscope | QuantLib-js, fastest path | ×  | fastest other JS peer | × |',
    '|---|--:|--:|--:|--:|--:|',
  ];
  for (const s of suites) {
    const ours = s.rows.find((r) => r.headline);
    const fast = s.rows.find((r) => r.reference === 'fast');
    if (ours === undefined || fast === undefined) continue;
    let peer: ResultRow | undefined;
    for (const r of s.rows) {
      // A peer that failed on some rows did not do the same work.
      if (r.role !== 'peer' || r.sameWork === false || r.reference !== undefined || (r.failures ?? 0) > 0)
        continue;
      if (
        !r.library.startsWith('QuantLib') &&
        (peer === undefined || r.bench.opsPerSec > peer.bench.opsPerSec)
      )
        peer = r;
    }
    const o = ours.bench.opsPerSec;
    lines.push(
      `| ${cell(s.name)}: ${cell(ours.library)} | ${mText(o)}/s | ${cell(fast.library)}: ${mText(fast.bench.opsPerSec)}/s | ` +
        `${ratioText(o / fast.bench.opsPerSec)} | ${peer === undefined ? '—' : `${cell(peer.library)}: ${mText(peer.bench.opsPerSec)}/s`} | ` +
        `${peer === undefined ? '—' : ratioText(o / peer.bench.opsPerSec)} |`,
    );
  }
  return [...lines, ''];
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

/** The fragility map and the dealer channel's premium-adjusted part before/after the grid kernels (one run). */
function fragilityLines(): string[] {
  process.stderr.write('bench: fragility map and premium-adjusted dealer intensity (before/after) ...\n');
  const f = benchFragility();
  const p = benchPremiumAdjusted();
  const x = (a: number, b: number) => `${(a / b).toFixed(1)}×`;
  return [
    '## Fragility benchmarks',
    '',
    '| Case | Before | After | Speed-up |',
    '|---|--:|--:|--:|',
    `| Full ${f.label}, default assumptions, one thread | — | ${f.msPerMap.toFixed(1)} ms | — |`,
    `| Premium-adjusted intensity, ${p.options.toLocaleString('en-US')} coin-settled options × ${p.points} prices, sticky strike (scalar kernel → bsGreeksGrid) | ${p.stickyBeforeMs.toFixed(1)} ms | ${p.stickyAfterMs.toFixed(1)} ms | ${x(p.stickyBeforeMs, p.stickyAfterMs)} |`,
    `| Same with a vol path, β = 0.5 (scalar kernel → bsPriceDeltaGammaBatch per point) | ${p.pathBeforeMs.toFixed(1)} ms | ${p.pathAfterMs.toFixed(1)} ms | ${x(p.pathBeforeMs, p.pathAfterMs)} |`,
    `| Full map, default vs inverseDelta premium-adjusted (after), interleaved | ${p.mapDefaultMs.toFixed(1)} ms | ${p.mapPremiumAdjustedMs.toFixed(1)} ms | — |`,
    '',
  ];
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
    `| \`npm start\` end to end (pack load, every analysis, the report and its charts), median of 3 | ${m.medianSeconds.toFixed(2)} s (runs: ${m.all.map((x) => x.toFixed(2)).join(', ')}) | < 15 s |`,
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

class UsageError extends Error {}

/**
 * `--only pricing` (pricing suites only), `--only main` (main job and data only), `--only sim` (the
 * simulator, bench/sim.ts) or `--only fragility` (the fragility map and the dealer channel's kernels);
 * default all.
 */
function selection(): { pricing: boolean; main: boolean; sim: boolean; fragility: boolean } {
  const i = process.argv.indexOf('--only');
  const v = i >= 0 ? process.argv[i + 1] : undefined;
  if (v === undefined) return { pricing: true, main: true, sim: true, fragility: true };
  if (v === 'pricing' || v === 'main' || v === 'sim' || v === 'fragility')
    return { pricing: v === 'pricing', main: v === 'main', sim: v === 'sim', fragility: v === 'fragility' };
  throw new UsageError(
    `bench: --only takes "pricing", "main", "sim" or "fragility", not ${JSON.stringify(v)}`,
  );
}

async function main(): Promise<number> {
  const only = selection();
  const skipImport = process.argv.includes('--skip-import');
  const started = Date.now();
  const cpu = cpus();
  const header = [
    only.pricing ? '## Pricing benchmarks (`npm run bench`)' : '## Benchmarks (`npm run bench`)',
    '',
    `- Date: ${new Date().toISOString()}; load average at start ${loadavg()
      .map((x) => x.toFixed(2))
      .join(', ')} (1, 5, 15 min) on ${cpu.length} logical CPUs`,
    `- Machine: ${cpu[0]?.model ?? 'unknown CPU'} × ${cpu.length} logical, Node ${process.version} (${process.platform}/${process.arch}), V8 ${process.versions.v8}`,
    '',
  ];
  const suites: SuiteResult[] = [];
  const run = (name: string, f: () => SuiteResult) => {
    const t0 = Date.now();
    process.stderr.write(`bench: ${name} ...`);
    suites.push(f());
    process.stderr.write(` ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  };
  const out = [...header];
  if (only.pricing)
    out.splice(
      out.length - 1,
      0,
      `- Timing: one process, one thread. The cases of a suite run interleaved: each warms up ≥ ${DEFAULT_BENCH.warmupSeconds} s, ` +
        `then ${DEFAULT_BENCH.rounds} rounds in which every case runs ≥ ${DEFAULT_BENCH.minRoundSeconds} s of whole passes ` +
        '(order rotated each round); ops/s is the median round, with the slowest and fastest round beside it; ' +
        'ratios are of medians from this run only.',
      `- Rows: seeded grid (seed ${SEED}) of ${ROWS.toLocaleString('en-US')} European options: spot 100, strike U(50, 150), ` +
        `7–730 whole days (tau = days/365, Actual365Fixed in QuantLib-js), vol U(10 %, 150 %), rate U(0, 8 %), ` +
        `dividend yield U(0, 3 %), calls and puts 50/50. Slower libraries run the first rows of the same grid ` +
        `(QuantLib-js fast paths ${QL_FAST_ROWS.toLocaleString('en-US')}, object graphs ${QL_ROWS.toLocaleString('en-US')} or fewer; see Rows/pass); ops/s is per row, so comparable.`,
      `- Every library computes its discount factors and forwards (e^(−rτ), e^(−qτ)) in its timed loop. ` +
        `Relative errors only where the reference is ≥ ${sci(REL_FLOOR)} (1e-6 of spot). Failures: NaN results, ` +
        'thrown errors or failure codes. **Bold**: crashscope.',
    );
  if (only.pricing) {
    run('Greeks', greeksSuite);
    run('implied vol', impliedVolSuite);
    run('barrier', barrierSuite);
    const pool = new PricingPool({ threads: POOL_THREADS });
    try {
      for (const [name, f] of [
        ['grid', gridSuite],
        ['pool', poolSuite],
      ] as const) {
        const t0 = Date.now();
        process.stderr.write(`bench: ${name} ...`);
        suites.push(await f(pool));
        process.stderr.write(` ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
      }
    } finally {
      await pool.close();
    }
    out.push('### Summary', '', ...summaryLines(suites));
    for (const s of suites) out.push(...tableLines(s));
  }
  if (only.pricing) out.push('### Targets', '');
  let accuracyFailed = false;
  for (const s of suites) {
    for (const c of s.checks) {
      const status = c.met ? 'met' : c.kind === 'accuracy' ? '**FAILED**' : '**missed**';
      if (!c.met && c.kind === 'accuracy') accuracyFailed = true;
      out.push(`- [${c.kind}] ${c.text}: ${c.measured} — ${status}`);
    }
  }
  if (only.main) {
    out.push('', ...(await mainJobLines(skipImport)));
    process.stderr.write(`bench: dashboard, ${CLIENTS} clients for ${SECONDS} s ...\n`);
    out.push(...dashboardLines(await benchDashboard()));
  }
  if (only.fragility) out.push('', ...fragilityLines());
  if (only.sim) {
    process.stderr.write('bench: simulator (10,000 paths; Shapley 64 coalitions) ...\n');
    out.push('', ...simBenchLines(await benchSim()));
  }
  out.push('', `Total time: ${((Date.now() - started) / 1000).toFixed(0)} s.`);
  process.stdout.write(`${out.join('\n')}\n`);
  if (accuracyFailed) process.stderr.write('bench: an accuracy check failed (see Targets)\n');
  return accuracyFailed ? 1 : 0;
}

try {
  process.exitCode = await main();
} catch (e) {
  // Bad flags: one line, exit status 2 (bench/run.ts is a command line tool like the CLI).
  if (e instanceof UsageError) {
    process.stderr.write(`${e.message}\n`);
    process.exitCode = 2;
  } else throw e;
}
