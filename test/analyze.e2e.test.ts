/**
 * The main job end to end: `crashscope analyze --event 2026-02-05` on the embedded pack, in-process. Checks
 * the files it writes, a golden copy of findings.json (normalized: numbers to 9 significant digits, each
 * finding's bulky `data` replaced by a digest of it) and the real report.html in headless Chromium.
 * Update the golden file deliberately with `npx vitest run test/analyze.e2e.test.ts -u` and review the diff.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/testkit/captureIo.js';
import type { Findings } from '../src/forensics/findings.js';
import { openReport } from './browser.js';

function round(value: unknown): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? Number(value.toPrecision(9)) : String(value);
  if (Array.isArray(value)) return value.map(round);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, round(v)]),
    );
  }
  return value;
}

/** findings.json with numbers rounded and each finding's data replaced by its digest and size. */
function normalizeFindings(f: Findings): unknown {
  return round({
    ...f,
    findings: f.findings.map((x) => {
      const data = JSON.stringify(round(x.data));
      return {
        ...x,
        data: { sha256: createHash('sha256').update(data).digest('hex'), chars: data.length },
      };
    }),
  });
}

describe('crashscope analyze --event 2026-02-05', () => {
  let work = '';
  let out = '';
  let code = -1;
  let stdout = '';
  let stderr = '';

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'crashscope-e2e-'));
    out = join(work, 'report');
    ({ code, stdout, stderr } = await runCli(['analyze', '--event', '2026-02-05', '--out', out, '--json']));
  });

  afterAll(async () => {
    if (work !== '') await rm(work, { recursive: true, force: true });
  });

  it('exits 0, reports progress on stderr and prints the JSON summary', () => {
    expect(code, stderr).toBe(0);
    expect(stderr).toMatch(/crashscope: dealer positioning/);
    const summary = JSON.parse(stdout);
    expect(summary.hypotheses.map((h: { id: string }) => h.id)).toEqual([
      'H1',
      'H2',
      'H3',
      'H4',
      'H5',
      'H6',
      'H7',
    ]);
    for (const h of summary.hypotheses) {
      expect(['supported', 'contradicted', 'inconclusive', 'untestable']).toContain(h.verdict);
      expect(h.confidence).toBeGreaterThanOrEqual(0);
      expect(h.confidence).toBeLessThanOrEqual(1);
    }
  });

  it('writes report.html, report.md, findings.json and every chart as .vl.json and .svg', () => {
    for (const f of ['report.html', 'report.md', 'findings.json'])
      expect(existsSync(join(out, f)), f).toBe(true);
    for (const id of [
      'etf-volume',
      'options-volume',
      'flows',
      'cross-asset',
      'stress',
      'basis',
      'open-interest',
      'gamma-profile',
      'vanna-charm',
      'barrier-map',
      'liquidation-ladder',
      'fragility-map',
    ]) {
      expect(existsSync(join(out, 'charts', `${id}.vl.json`)), id).toBe(true);
      expect(readFileSync(join(out, 'charts', `${id}.svg`), 'utf8')).toMatch(/^<svg/);
    }
  });

  it('findings.json matches the golden copy', async () => {
    const findings = JSON.parse(readFileSync(join(out, 'findings.json'), 'utf8')) as Findings;
    expect(findings.schema).toBe('crashscope.findings/2');
    expect(findings.findings.every((f) => f.available)).toBe(true);
    await expect(`${JSON.stringify(normalizeFindings(findings), null, 1)}\n`).toMatchFileSnapshot(
      './golden/findings-2026-02-05.json',
    );
  });

  it('report.html opens in Chromium with no errors or requests, banner, scorecard and thirteen charts (fragility map, timeline, vanna and charm)', async () => {
    const opened = await openReport(join(out, 'report.html'), work);
    try {
      const { page, problems } = opened;
      expect(await page.locator('#reconstructed-banner').isVisible()).toBe(true);
      expect(await page.locator('table.scorecard tbody tr').count()).toBe(7);
      expect(await page.locator('figure.chart svg').count()).toBe(13);
      for (const svg of await page.locator('figure.chart svg').all()) {
        const box = await svg.boundingBox();
        expect(box?.width ?? 0).toBeGreaterThan(300);
        expect(box?.height ?? 0).toBeGreaterThan(150);
      }
      expect(problems).toEqual([]);
    } finally {
      await opened.close();
    }
  });
});

describe('crashscope analyze: bad usage', () => {
  it.each([
    [['analyze'], /give --event <date>/],
    [['analyze', '--event', '1999-01-01'], /no embedded pack \(available: 2026-02-05\)/],
    [['analyze', '--event', '2026-02-05', '--sign-model', 'psychic'], /--sign-model: 'psychic'/],
    [['analyze', '--event', '2026-02-05', '--note-vol', '-1'], /--note-vol -1 must be/],
    [
      ['analyze', '--event', '2026-02-05', '--since', '2026-13-01'],
      /--since: '2026-13-01' is not an ISO date/,
    ],
    [['analyze', '--event', '2026-02-05', '--btc', 'BTC-USD'], /--btc: 'BTC-USD' is not <venue>:<symbol>/],
    [['analyze', '--event', '2026-02-05', '--cross-assets', ' , '], /--cross-assets: ' , ' names nothing/],
  ])('%j exits 2 with one line', async (argv, message) => {
    const r = await runCli(argv);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n').at(-1)).toMatch(message);
  });

  it('a store with no data for the date: every finding unavailable, every hypothesis untestable', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'crashscope-empty-'));
    try {
      const db = join(dir, 'store.duckdb');
      const csv = join(dir, 'stress.csv');
      writeFileSync(
        csv,
        'date,series,value,unit,source,quality\n2020-01-02,pb_multistrat_perf_z,0.5,z,test,observed\n',
      );
      expect((await runCli(['import', csv, '--model', 'stress_series', '--db', db])).code).toBe(0);
      const r = await runCli(['analyze', '--date', '2026-02-05', '--db', db, '--no-report', '--json']);
      expect(r.code, r.stderr).toBe(0);
      const summary = JSON.parse(r.stdout);
      expect(summary.hypotheses.every((h: { verdict: string }) => h.verdict === 'untestable')).toBe(true);
      expect(summary.files).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
