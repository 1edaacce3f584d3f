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
import { keyEvidence, keySentence, renderScorecard } from '../src/report/terminal.js';
import { doubledUnits } from '../src/report/testkit/units.js';
import { openReport } from './browser.js';

let work = '';
let out = '';
let findings: Findings;
let doc: ReportDoc;
let md = '';
let html = '';
let terminal = '';

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'crashscope-audit-'));
  out = join(work, 'report');
  const r = await runCli(['analyze', '--event', '2026-02-05', '--out', out, '--json']);
  if (r.code !== 0) throw new Error(r.stderr);
  findings = JSON.parse(readFileSync(join(out, 'findings.json'), 'utf8')) as Findings;
  doc = buildReportDoc(findings);
  md = readFileSync(join(out, 'report.md'), 'utf8');
  html = readFileSync(join(out, 'report.html'), 'utf8');
  const t = await runCli(['analyze', '--event', '2026-02-05', '--no-report']);
  if (t.code !== 0) throw new Error(t.stderr);
  terminal = t.stdout;
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

/** Visible text of report.html: scripts, styles and inline SVG dropped, tags removed, entities decoded. */
function htmlText(h: string): string {
  return h
    .replace(/<(script|style|svg)[\s\S]*?<\/\1>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

describe('what stays reconstructed', () => {
  it('is listed in the report: every table read, with its reconstructed rows', () => {
    const data = doc.sections.find((s) => s.id === 'data')!;
    const rows = data.tables[0].rows;
    expect(rows).toHaveLength(findings.inputs.length);
    const chain = rows.find((r) => r[0].startsWith('option_chain'))!;
    expect(Number(chain[5].replace(/,/g, ''))).toBeGreaterThan(0);
    expect(md).toContain('Data behind this report: observed, published, reconstructed');
  });
});

describe('units printed once', () => {
  it('report.md, report.html and the terminal scorecard print no unit twice', () => {
    expect(doubledUnits(md)).toEqual([]);
    expect(doubledUnits(htmlText(html))).toEqual([]);
    expect(doubledUnits(terminal)).toEqual([]);
  });
});

describe('the lede', () => {
  it('every number in it is in findings.json', () => {
    const numbersOf = (s: string) => s.match(/\$?\d[\d,]*(?:\.\d+)?[%KMBTkx]?/g) ?? [];
    // The event date and the hypothesis set's name (e.g. 'Claims H1–H7 of … 2026-02-05') are names, not numbers.
    const lede = doc.lede.replace(findings.hypothesisSet.name, '').replaceAll(findings.event.date, '');
    const tokens = numbersOf(lede);
    expect(tokens.length).toBeGreaterThanOrEqual(8);
    const displays = new Set(
      findings.findings.flatMap((f) =>
        Object.values(f.metrics).map((m) => (m.display ?? '').replace(/^[-+−]/, '')),
      ),
    );
    const tally = (v: string) => findings.hypotheses.filter((h) => h.verdict === v).length;
    const counts = new Set(
      [
        findings.findings.length,
        findings.hypotheses.length,
        ...['supported', 'contradicted', 'inconclusive', 'untestable'].map(tally),
      ].map(String),
    );
    for (const t of tokens) expect(displays.has(t) || counts.has(t), `lede number ${t}`).toBe(true);
    // The headline falls are the observed timeline's.
    const tl = findings.findings.find((f) => f.id === 'timeline')!;
    for (const k of ['closeToCloseNy', 'closeToCloseUtc', 'peakToTrough']) {
      expect(tl.metrics[k].quality).toBe('observed');
      expect(doc.lede).toContain(String(tl.metrics[k].display).replace(/^-/, ''));
    }
  });
});

describe('terminal scorecard', () => {
  it('cuts no title, claim or key number, and the key numbers read as sentences ("z = 3.5 ≥ 3: …")', () => {
    const flat = terminal.replace(/\s+/g, '');
    expect(terminal).not.toContain('…');
    expect(flat).toContain(doc.title.replace(/\s+/g, ''));
    for (const c of doc.scorecard) {
      expect(flat).toContain(c.claim.replace(/\s+/g, ''));
      expect(flat).toContain(keySentence(keyEvidence(c)).replace(/\s+/g, ''));
    }
    expect(terminal).toMatch(/→ z = 3\.5 ≥ 3: fund-stress reading of at least 3 sigma/);
    for (const w of [60, 80, 100]) {
      for (const line of renderScorecard(doc, { color: false, width: w }).split('\n'))
        expect(Array.from(line).length).toBeLessThanOrEqual(w);
    }
  });
});

describe('vanna and charm', () => {
  it('are shown in the positioning section as numbers and as profiles over the BTC axis (README)', () => {
    const s = doc.sections.find((x) => x.id === 'positioning')!;
    expect(s.numbers.some((n) => /vanna/i.test(n.label))).toBe(true);
    expect(s.numbers.some((n) => /charm/i.test(n.label))).toBe(true);
    expect(s.charts.map((c) => c.id)).toContain('vanna-charm');
    expect(html).toMatch(/Dealer vanna and charm by BTC price/);
  });
});

describe('charts', () => {
  it('every time axis labels its dates with the year and drops overlapping labels', () => {
    let axes = 0;
    const walk = (n: unknown): void => {
      if (Array.isArray(n)) {
        for (const x of n) walk(x);
        return;
      }
      if (n === null || typeof n !== 'object') return;
      const o = n as Record<string, unknown>;
      if (o.type === 'temporal' && o.axis !== null && o.axis !== undefined) {
        const axis = o.axis as { format?: string; labelOverlap?: unknown };
        axes++;
        expect(axis.format, JSON.stringify(o)).toMatch(/%Y/);
        expect(axis.labelOverlap).toBeTruthy();
      }
      for (const v of Object.values(o)) walk(v);
    };
    for (const s of doc.sections) for (const c of s.charts) walk(c.spec);
    expect(axes).toBeGreaterThanOrEqual(8);
  });
});

describe('report.html in Chromium', () => {
  for (const width of [1100, 800]) {
    it(`at a ${width}px page every table fits its container (no clipped column) and no chart labels overlap`, async () => {
      const opened = await openReport(join(out, 'report.html'), join(work, `w${width}`));
      try {
        const { page, problems } = opened;
        await page.setViewportSize({ width, height: 900 });
        const r = await page.evaluate(() => {
          for (const d of Array.from(document.querySelectorAll('details'))) d.open = true;
          const tables = Array.from(document.querySelectorAll('table')).map((t) => ({
            caption: (t.caption?.textContent ?? t.className).slice(0, 80),
            scroll: t.scrollWidth,
            room: (t.parentElement as HTMLElement).clientWidth,
          }));
          const overlaps: string[] = [];
          let labels = 0;
          for (const fig of Array.from(document.querySelectorAll('figure.chart'))) {
            const id = fig.getAttribute('data-chart-id');
            for (const g of Array.from(
              fig.querySelectorAll(
                'g.role-axis-label, g.role-legend-label, g.role-axis-title, g.role-title-text',
              ),
            )) {
              const boxes = Array.from(g.querySelectorAll('text'))
                .filter(
                  (t) =>
                    t.getAttribute('opacity') !== '0' &&
                    getComputedStyle(t).opacity !== '0' &&
                    (t.textContent ?? '').trim() !== '',
                )
                .map((t) => ({ t: t.textContent, b: t.getBoundingClientRect() }));
              labels += boxes.length;
              for (let i = 0; i < boxes.length; i++)
                for (let j = i + 1; j < boxes.length; j++) {
                  const a = boxes[i].b;
                  const b = boxes[j].b;
                  const ox = Math.min(a.right, b.right) - Math.max(a.left, b.left);
                  const oy = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
                  if (ox > 1 && oy > 1) overlaps.push(`${id}: "${boxes[i].t}" over "${boxes[j].t}"`);
                }
            }
          }
          return { tables, overlaps, labels, docWidth: document.documentElement.scrollWidth };
        });
        expect(r.tables.length).toBeGreaterThan(30);
        for (const t of r.tables) expect(t.scroll, `${t.caption} at ${width}px`).toBeLessThanOrEqual(t.room);
        expect(r.docWidth).toBeLessThanOrEqual(width);
        expect(r.labels).toBeGreaterThan(100);
        expect(r.overlaps).toEqual([]);
        expect(problems).toEqual([]);
      } finally {
        await opened.close();
      }
    });
  }

  it('the published-figures appendix is collapsed by default', async () => {
    const opened = await openReport(join(out, 'report.html'), join(work, 'collapsed'));
    try {
      const { page } = opened;
      const groups = page.locator('#sec-facts details.table-group');
      expect(await groups.count()).toBe(facts().groups.length);
      for (const d of await groups.all())
        expect(await d.evaluate((e) => (e as HTMLDetailsElement).open)).toBe(false);
      expect(await page.locator('#sec-facts details.table-group table').first().isVisible()).toBe(false);
    } finally {
      await opened.close();
    }
  });
});
