/**
 * Readability and evidence audit of the real report of `crashscope analyze --event 2026-02-05` (issue 9,
 * "A report a strategist can read" and "every published figure that bears on a hypothesis is used"). Runs
 * the main job once, in-process, and reads what it wrote: findings.json, report.md, report.html.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/testkit/captureIo.js';
import type { Findings } from '../src/forensics/findings.js';
import { buildReportDoc } from '../src/report/buildDoc.js';
import type { ReportDoc } from '../src/report/doc.js';

let work = '';
let out = '';
let findings: Findings;
let doc: ReportDoc;
let md = '';

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'crashscope-audit-'));
  out = join(work, 'report');
  const r = await runCli(['analyze', '--event', '2026-02-05', '--out', out, '--json']);
  if (r.code !== 0) throw new Error(r.stderr);
  findings = JSON.parse(readFileSync(join(out, 'findings.json'), 'utf8')) as Findings;
  doc = buildReportDoc(findings);
  md = readFileSync(join(out, 'report.md'), 'utf8');
});

afterAll(async () => {
  if (work !== '') await rm(work, { recursive: true, force: true });
});

const facts = () => {
  const f = findings.findings.find((x) => x.id === 'facts');
  if (f?.id !== 'facts' || !f.available) throw new Error('no published figures');
  return f.data;
};

describe('published figures', () => {
  it('the appendix groups every figure by topic, conflicts first, each group collapsed', () => {
    const { facts: all, groups } = facts();
    expect(groups.reduce((a, g) => a + g.facts.length, 0)).toBe(all.length);
    const appendix = doc.sections.find((s) => s.id === 'facts')!;
    expect(appendix.tables.map((t) => t.collapsed)).toEqual(groups.map(() => true));
    const firstCalm = groups.findIndex((g) => g.conflicting === 0);
    expect(firstCalm).toBeGreaterThan(0);
    expect(groups.slice(firstCalm).every((g) => g.conflicting === 0)).toBe(true);
    // Markdown: one heading per group, in the same order.
    const headings = md.split('\n').filter((l) => /^### .*conflicting/.test(l));
    expect(headings.length).toBe(groups.length);
    expect(headings[0]).toContain(groups[0].title);
  });

  it('every figure that bears on a hypothesis is also in the section that confronts it, and a rule reads that section', () => {
    const ruleMetrics = findings.hypotheses.flatMap((h) => h.evidence.map((e) => e.metric));
    let checked = 0;
    for (const g of facts().groups.filter((x) => x.hypotheses.length > 0)) {
      const s = doc.sections.find((x) => x.id === g.section);
      expect(s, `${g.topic} -> ${g.section}`).toBeDefined();
      const shown = new Set(s!.tables.flatMap((t) => t.rows.map((r) => `${r[0]}|${r[1]}`)));
      for (const f of g.facts) {
        expect(shown.has(`${f.date}|${f.metric}`), `${f.metric} in section ${g.section}`).toBe(true);
        checked++;
      }
      expect(
        ruleMetrics.some((m) => m.startsWith(`${g.section}.`)),
        g.topic,
      ).toBe(true);
    }
    expect(checked).toBeGreaterThan(50);
  });

  it('the named conflicts are confronted by numbers of the findings', () => {
    const metric = (id: string, key: string) =>
      findings.findings.find((x) => x.id === id)!.metrics[key]?.value as number;
    // Flows: trackers -$175.3M vs share-count creations +$216.5M (T) and the analysis's +$230M.
    expect(metric('flows', 'trackerFlowUsd')).toBe(-175.3e6);
    expect(metric('flows', 'flowUsdT')).toBeCloseTo(216.5058e6, -3);
    expect(metric('flows', 'shareCountPublishedUsd')).toBe(230e6);
    expect(metric('flows', 'trackerOthersFlowUsd')).toBeCloseTo(-258.8e6, -4);
    // Liquidations: the published figure against the ladder.
    expect(metric('liquidations', 'publishedBtcLiquidationsLow')).toBeCloseTo(1.01e9, -6);
    expect(metric('liquidations', 'ladderToPublished')).toBeGreaterThan(1.5);
    // Basis: 3.3% -> 9% (Park) vs ~2% (Cointelegraph).
    expect(metric('basis', 'publishedJumpMax')).toBeCloseTo(0.057, 3);
    expect(metric('basis', 'publishedJumpMin')).toBeCloseTo(-0.013, 3);
    // "2x the previous record": 1.31x in dollars, 1.69x in shares.
    expect(metric('volume', 'etfVolumeSharesRatioToRecord')).toBeCloseTo(1.69, 2);
    expect(metric('volume', 'etfVolumeUsdRatioToRecord')).toBeCloseTo(1.31, 2);
  });
});
