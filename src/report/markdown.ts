/**
 * report.md: the same content as report.html for Git hosts, notebooks and e-mail — scorecard table,
 * evidence, sections with key numbers, tables, chart links and source notes. Reconstructed values carry
 * a `[RECONSTRUCTED]` tag. Text is escaped so that data cannot become markup (CommonMark backslash escapes,
 * https://spec.commonmark.org/0.31.2/#backslash-escapes).
 */
import type { HypothesisCard, KeyNumber, Quality, ReportDoc, ReportSection, TableBlock } from './doc.js';

export const RECONSTRUCTED_TAG = '`[RECONSTRUCTED]`';

/**
 * Escapes Markdown syntax characters in inline text (and folds newlines to spaces).
 * @example escapeMarkdown('a_b *c* <d> [e]') // 'a\\_b \\*c\\* \\<d\\> \\[e\\]'
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').replace(/[\\`*_[\]<>|#~]/g, (c) => `\\${c}`);
}

function cell(text: string): string {
  return escapeMarkdown(text).trim() || ' ';
}

/**
 * Escaped text whose http(s) URLs become autolinks (`<https://…>`: no escaping inside, CommonMark 6.5).
 * @example linkifyMarkdown('see https://x.org/a_b.') // 'see <https://x.org/a_b>.'
 */
export function linkifyMarkdown(text: string): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(/https?:\/\/[^\s<>"'`|]+/g)) {
    const start = m.index ?? 0;
    const url = m[0].replace(/[.,;:!?)\]]+$/, '');
    out += escapeMarkdown(text.slice(last, start));
    out += `<${url}>`;
    last = start + url.length;
  }
  return (out + escapeMarkdown(text.slice(last))).trim();
}

function row(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function align(numeric: readonly boolean[]): string {
  return row(numeric.map((n) => (n ? '---:' : '---')));
}

function qualityLabel(q: Quality): string {
  return q === 'reconstructed' ? RECONSTRUCTED_TAG : q;
}

function pct(c: number): string {
  return Number.isFinite(c) ? `${Math.round(Math.min(1, Math.max(0, c)) * 100)}%` : 'n/a';
}

function sectionReconstructed(s: ReportSection): boolean {
  return (
    (s.provenance.quality.reconstructed ?? 0) > 0 ||
    s.numbers.some((n) => n.quality === 'reconstructed') ||
    s.charts.some((c) => c.reconstructed)
  );
}

function scorecard(cards: readonly HypothesisCard[]): string[] {
  const out = ['## Scorecard', '', row(['#', 'Hypothesis', 'Verdict', 'Confidence', 'Why'])];
  out.push(align([false, false, false, true, false]));
  for (const c of cards) {
    const rec = c.evidence.some((e) => e.quality === 'reconstructed') ? ` ${RECONSTRUCTED_TAG}` : '';
    out.push(
      row([
        cell(c.id),
        `${cell(c.claim)}${rec}`,
        `**${cell(c.verdict.toUpperCase())}**`,
        pct(c.confidence),
        cell(c.reason),
      ]),
    );
  }
  out.push('', '### Evidence by hypothesis', '');
  for (const c of cards) {
    out.push(`#### ${cell(c.id)}: ${cell(c.claim)}`, '');
    out.push(`**${cell(c.verdict.toUpperCase())}**, confidence ${pct(c.confidence)}: ${cell(c.reason)}`, '');
    if (c.evidence.length === 0) {
      out.push('No evidence rules.', '');
      continue;
    }
    out.push(row(['Rule', 'Metric', 'Observed vs threshold', 'Weight', 'Outcome', 'Data']));
    out.push(align([false, false, true, true, false, false]));
    for (const e of c.evidence) {
      out.push(
        row([
          cell(e.rule),
          cell(e.metric),
          cell(e.display),
          cell(String(e.weight)),
          cell(e.role === 'illustration' ? `illustration (${e.outcome}, not counted)` : e.outcome),
          qualityLabel(e.quality),
        ]),
      );
    }
    out.push('');
  }
  return out;
}

function numbers(ns: readonly KeyNumber[]): string[] {
  if (ns.length === 0) return [];
  const out = [row(['Measure', 'Value', 'Data']), align([false, true, false])];
  for (const n of ns) {
    const unit = n.unit === undefined ? '' : ` ${cell(n.unit)}`;
    const value = n.quality === 'reconstructed' ? `*${cell(n.display)}*${unit}` : `${cell(n.display)}${unit}`;
    out.push(row([cell(n.label), value, qualityLabel(n.quality)]));
  }
  return [...out, ''];
}

const NUMERIC =
  /^[\s(+\-−–$€£~≈<>]*\d[\d,.\s]*(%|x|×|bp|bps|pts?|[kKMBT]|bn|BTC|USD|σ)?\)?(\s*(->|→|to)\s*.*)?$/;

function table(t: TableBlock): string[] {
  const numeric = t.columns.map((_, j) => {
    const cells = t.rows.map((r) => (r[j] ?? '').trim()).filter((c) => c.length > 0);
    return cells.length > 0 && cells.every((c) => NUMERIC.test(c) && !/^\d{4}-\d{2}-\d{2}/.test(c));
  });
  return [
    // A collapsed table is an appendix group: its own heading, so the groups read as a list of topics.
    t.collapsed ? `### ${cell(t.title)}` : `**${cell(t.title)}**`,
    '',
    row(t.columns.map(cell)),
    align(numeric),
    ...t.rows.map((r) => row(t.columns.map((_, j) => cell(r[j] ?? '')))),
    '',
  ];
}

function section(s: ReportSection, i: number, chartPaths: ReadonlyMap<string, string>): string[] {
  const rec = sectionReconstructed(s) ? ` ${RECONSTRUCTED_TAG}` : '';
  const out = [`## ${i}. ${cell(s.title)}${rec}`, '', cell(s.summary), '', ...numbers(s.numbers)];
  for (const t of s.tables) out.push(...table(t));
  for (const c of s.charts) {
    const path = chartPaths.get(c.id) ?? `charts/${c.id}.svg`;
    const tag = c.reconstructed ? ` ${RECONSTRUCTED_TAG}` : '';
    out.push(
      `![${cell(c.title)}](${encodeURI(path)})`,
      '',
      `*${cell(c.title)}*${tag}. ${linkifyMarkdown(c.sourceNote)}`,
      '',
    );
  }
  if (s.notes.length > 0) {
    out.push('Notes:', '', ...s.notes.map((n) => `- ${linkifyMarkdown(n)}`), '');
  }
  const p = s.provenance;
  const counts = (['observed', 'published', 'reconstructed'] as const)
    .filter((q) => (p.quality[q] ?? 0) > 0)
    .map((q) => `${p.quality[q]} ${q}`);
  const prov = [
    p.tables.length > 0 ? `tables ${p.tables.map((t) => `\`${t.replace(/`/g, '')}\``).join(', ')}` : '',
    counts.length > 0 ? `rows ${counts.join(', ')}` : '',
    p.sources.length > 0 ? `sources ${p.sources.map(linkifyMarkdown).join('; ')}` : '',
  ].filter((x) => x.length > 0);
  if (prov.length > 0) out.push(`Data: ${prov.join(' · ')}`, '');
  return out;
}

/**
 * report.md as a string. `chartPaths` maps chart ids to the relative paths of their SVG files (default
 * `charts/<id>.svg`).
 * @example renderMarkdown(doc, new Map()).startsWith('# ') // true
 */
export function renderMarkdown(doc: ReportDoc, chartPaths: ReadonlyMap<string, string>): string {
  const out = [`# ${cell(doc.title)}`, ''];
  if (doc.reconstructedBanner !== null) {
    out.push(`> **RECONSTRUCTED DATA** ${RECONSTRUCTED_TAG}: ${cell(doc.reconstructedBanner)}`, '');
  }
  const warnings = doc.dataWarnings ?? [];
  if (warnings.length > 0) {
    out.push('> **DATA WARNINGS**', '>', ...warnings.map((w) => `> - ${cell(w)}`), '');
  }
  out.push(`Event: ${cell(doc.eventDate)}`, '', cell(doc.lede), '');
  const contents = [
    'Scorecard',
    'Evidence by hypothesis',
    ...doc.sections.map((s, i) => `${i + 1}. ${cell(s.title)}`),
  ];
  out.push(`**Contents:** ${contents.join(' · ')}`, '');
  out.push(...scorecard(doc.scorecard));
  doc.sections.forEach((s, i) => {
    out.push(...section(s, i + 1, chartPaths));
  });
  out.push('---', '', linkifyMarkdown(doc.footer), '');
  return out.join('\n');
}
