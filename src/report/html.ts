/**
 * report.html: one self-contained offline file (DESIGN.md section 5). Inline CSS and inline SVG only: no
 * scripts, fonts, images or style sheets are loaded, so the file opens identically with no network, and
 * the only URLs in it are links to sources. Every piece of text from the ReportDoc is escaped here.
 * Reconstructed data is marked where it appears: a banner, a badge and an amber rule on sections, a tag
 * on numbers and evidence, and a badge on charts (which also carry their own tag and dashed lines).
 */
import type {
  ChartRef,
  EvidenceLine,
  HypothesisCard,
  KeyNumber,
  Quality,
  ReportDoc,
  ReportSection,
  TableBlock,
  Verdict,
} from './doc.js';

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Escapes text for HTML element content and quoted attribute values.
 * @example escapeHtml('<a href="x">R&D</a>') // '&lt;a href=&quot;x&quot;&gt;R&amp;D&lt;/a&gt;'
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

const URL_PATTERN = /https?:\/\/[^\s<>"'`]+/g;

/**
 * Escaped text with its http(s) URLs turned into links (trailing punctuation stays outside the link).
 * @example linkify('see https://x.org/a.') // 'see <a href="https://x.org/a" rel="noopener noreferrer">https://x.org/a</a>.'
 */
export function linkify(text: string): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(URL_PATTERN)) {
    const start = m.index ?? 0;
    const url = m[0].replace(/[.,;:!?)\]]+$/, '');
    out += escapeHtml(text.slice(last, start));
    out += `<a href="${escapeHtml(url)}" rel="noopener noreferrer">${escapeHtml(url)}</a>`;
    last = start + url.length;
  }
  return out + escapeHtml(text.slice(last));
}

/**
 * A fragment id from any text: lower-case letters, digits and dashes.
 * @example slug('Cross-asset & stress') // 'cross-asset-stress'
 */
export function slug(text: string): string {
  const s = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return s.length > 0 ? s : 'x';
}

/**
 * An SVG from the renderer made safe to inline several times in one page: the XML prolog and namespace
 * attributes (not needed inside HTML) are dropped, every id and its references get the `prefix`, and the
 * root gets role="img" and an accessible label.
 * @example inlineSvg('<svg xmlns="http://www.w3.org/2000/svg"><clipPath id="clip1"/></svg>', 'c', 'T') // '<svg role="img" aria-label="T"><clipPath id="c-clip1"/></svg>'
 */
export function inlineSvg(svg: string, prefix: string, label: string): string {
  return svg
    .replace(/^\s*<\?xml[^>]*\?>\s*/, '')
    .replace(/<!DOCTYPE[^>]*>\s*/i, '')
    .replace(/\s+xmlns(:\w+)?="[^"]*"/g, '')
    .replace(/(\sid="|url\(#|href="#)([^")]+)/g, (_all, head: string, id: string) => `${head}${prefix}-${id}`)
    .replace(/<svg\b/, `<svg role="img" aria-label="${escapeHtml(label)}"`);
}

function qualityTag(q: Quality): string {
  if (q === 'reconstructed')
    return '<span class="badge rec" title="made by a documented, seeded model">reconstructed</span>';
  return `<span class="q q-${q}">${q}</span>`;
}

function verdictChip(v: Verdict): string {
  return `<span class="chip ${v}">${escapeHtml(v)}</span>`;
}

function confidenceBar(c: number): string {
  if (!Number.isFinite(c)) return '<span class="muted">n/a</span>';
  const pct = Math.round(Math.min(1, Math.max(0, c)) * 100);
  return (
    `<span class="conf" role="meter" aria-valuemin="0" aria-valuemax="100" aria-valuenow="${pct}" ` +
    `aria-label="confidence"><span style="width:${pct}%"></span></span> <span class="conf-n">${pct}%</span>`
  );
}

function isReconstructedSection(s: ReportSection): boolean {
  return (
    (s.provenance.quality.reconstructed ?? 0) > 0 ||
    s.numbers.some((n) => n.quality === 'reconstructed') ||
    s.charts.some((c) => c.reconstructed)
  );
}

function hasReconstructedEvidence(card: HypothesisCard): boolean {
  return card.evidence.some((e) => e.quality === 'reconstructed');
}

const NUMERIC_CELL =
  /^[\s(+\-−–$€£¥~≈<>]*\d[\d,.\s]*(%|x|×|bp|bps|pts?|[kKMBT]|bn|BTC|USD|σ)?\)?(\s*(->|→|to)\s*[\s(+\-−–$€£¥~≈]*\d[\d,.\s]*(%|x|×|bp|bps|pts?|[kKMBT]|bn|BTC|USD|σ)?\)?)?$/;
const ISO_DATE_CELL = /^\d{4}-\d{2}-\d{2}/;

/** A table column is right-aligned when every non-empty cell reads as a number (dates do not count). */
function numericColumns(t: TableBlock): boolean[] {
  return t.columns.map((_, j) => {
    const cells = t.rows
      .map((r) => (r[j] ?? '').trim())
      .filter((c) => c.length > 0 && c !== 'n/a' && c !== '—');
    return cells.length > 0 && cells.every((c) => NUMERIC_CELL.test(c) && !ISO_DATE_CELL.test(c));
  });
}

/** Tables with this many columns or more get tighter cells, so they fit a narrow page. */
const DENSE_COLUMNS = 8;

function tableBlock(t: TableBlock): string {
  const num = numericColumns(t);
  const head = t.columns
    .map((c, j) => `<th${num[j] ? ' class="num"' : ''} scope="col">${escapeHtml(c)}</th>`)
    .join('');
  const body = t.rows
    .map(
      (r) =>
        `<tr>${t.columns.map((_, j) => `<td${num[j] ? ' class="num"' : ''}>${escapeHtml(r[j] ?? '')}</td>`).join('')}</tr>`,
    )
    .join('\n');
  const table =
    `<div class="table-wrap"><table class="data${t.columns.length >= DENSE_COLUMNS ? ' dense' : ''}"><caption>${escapeHtml(t.title)}</caption>` +
    `<thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table></div>`;
  return t.collapsed
    ? `<details class="table-group"><summary>${escapeHtml(t.title)}</summary>${table}</details>`
    : table;
}

function numbersTable(numbers: readonly KeyNumber[]): string {
  if (numbers.length === 0) return '';
  const rows = numbers
    .map((n) => {
      const rec = n.quality === 'reconstructed';
      const unit = n.unit === undefined ? '' : ` <span class="unit">${escapeHtml(n.unit)}</span>`;
      return (
        `<tr${rec ? ' class="rec-row"' : ''}><td>${escapeHtml(n.label)}</td>` +
        `<td class="num"><span class="${rec ? 'val rec-val' : 'val'}">${escapeHtml(n.display)}</span>${unit}</td>` +
        `<td class="qcol">${qualityTag(n.quality)}</td></tr>`
      );
    })
    .join('\n');
  return (
    '<div class="table-wrap"><table class="data key-numbers"><caption>Key numbers</caption>' +
    '<thead><tr><th scope="col">Measure</th><th scope="col" class="num">Value</th><th scope="col" class="qcol">Data</th></tr></thead>' +
    `<tbody>\n${rows}\n</tbody></table></div>`
  );
}

function figure(c: ChartRef, svgs: ReadonlyMap<string, string>, n: number): string {
  const svg = svgs.get(c.id);
  const body =
    svg === undefined
      ? `<div class="chart-missing">Chart “${escapeHtml(c.title)}” was not rendered.</div>`
      : inlineSvg(svg, `c${n}-${slug(c.id)}`, c.title);
  const badge = c.reconstructed ? ' <span class="badge rec">reconstructed data</span>' : '';
  return (
    `<figure class="chart${c.reconstructed ? ' rec' : ''}" id="fig-${slug(c.id)}" data-chart-id="${escapeHtml(c.id)}">` +
    `<div class="chart-body">${body}</div>` +
    `<figcaption><span class="fig-n">Figure ${n}.</span> ${escapeHtml(c.title)}${badge}` +
    `<br><span class="src">${linkify(c.sourceNote)}</span></figcaption></figure>`
  );
}

function provenanceBlock(s: ReportSection): string {
  const p = s.provenance;
  const order: Quality[] = ['observed', 'published', 'reconstructed'];
  const counts = order
    .filter((q) => (p.quality[q] ?? 0) > 0)
    .map((q) => {
      const text = `${(p.quality[q] ?? 0).toLocaleString('en-US')} ${q}`;
      return q === 'reconstructed' ? `<strong class="rec-text">${text}</strong>` : text;
    });
  const parts = [
    p.tables.length > 0
      ? `<span class="k">Tables</span> ${p.tables.map((t) => `<code>${escapeHtml(t)}</code>`).join(', ')}`
      : '',
    counts.length > 0 ? `<span class="k">Rows</span> ${counts.join(' · ')}` : '',
    p.sources.length > 0
      ? `<span class="k">Sources</span> <span class="src">${p.sources.map(linkify).join('; ')}</span>`
      : '',
  ].filter((x) => x.length > 0);
  return parts.length === 0 ? '' : `<div class="prov">${parts.map((x) => `<div>${x}</div>`).join('')}</div>`;
}

function sectionBlock(
  s: ReportSection,
  index: number,
  svgs: ReadonlyMap<string, string>,
  figureStart: number,
): string {
  const rec = isReconstructedSection(s);
  const badge = rec ? ' <span class="badge rec">reconstructed data</span>' : '';
  const notes =
    s.notes.length === 0
      ? ''
      : `<div class="notes"><h3>Notes</h3><ul>${s.notes.map((n) => `<li>${linkify(n)}</li>`).join('')}</ul></div>`;
  return (
    `<section class="report-section${rec ? ' rec' : ''}" id="sec-${slug(s.id)}" data-section-id="${escapeHtml(s.id)}">` +
    `<h2><span class="sec-n">${index}</span> ${escapeHtml(s.title)}${badge}</h2>` +
    `<p class="summary">${escapeHtml(s.summary)}</p>` +
    numbersTable(s.numbers) +
    s.tables.map(tableBlock).join('\n') +
    s.charts.map((c, i) => figure(c, svgs, figureStart + i)).join('\n') +
    notes +
    provenanceBlock(s) +
    '</section>'
  );
}

function evidenceRow(e: EvidenceLine): string {
  const rec = e.quality === 'reconstructed';
  const outcome =
    e.role === 'illustration'
      ? `illustration (${e.outcome === 'supports' ? 'would support' : 'would contradict'})`
      : { supports: '✓ supports', contradicts: '✗ contradicts', missing: '– missing' }[e.outcome];
  return (
    `<tr${rec ? ' class="rec-row"' : ''}><td><code>${escapeHtml(e.rule)}</code></td><td>${escapeHtml(e.metric)}</td>` +
    `<td class="num sentence"><span class="${rec ? 'val rec-val' : 'val'}">${escapeHtml(e.display)}</span></td>` +
    `<td class="num">${escapeHtml(String(e.weight))}</td><td>${escapeHtml(e.kind)}</td>` +
    `<td class="outcome ${e.outcome}">${outcome}</td><td class="qcol">${qualityTag(e.quality)}</td></tr>`
  );
}

function evidenceCard(card: HypothesisCard): string {
  const rec = hasReconstructedEvidence(card);
  const rows = card.evidence.map(evidenceRow).join('\n');
  const table =
    card.evidence.length === 0
      ? '<p class="muted">No evidence rules.</p>'
      : '<div class="table-wrap"><table class="data evidence"><thead><tr><th scope="col">Rule</th><th scope="col">Metric</th>' +
        '<th scope="col" class="num">Observed vs threshold</th><th scope="col" class="num">Weight</th><th scope="col">Kind</th>' +
        `<th scope="col">Outcome</th><th scope="col" class="qcol">Data</th></tr></thead><tbody>\n${rows}\n</tbody></table></div>`;
  return (
    `<article class="card${rec ? ' rec' : ''}" id="hyp-${slug(card.id)}">` +
    `<h3><span class="hid">${escapeHtml(card.id)}</span> ${escapeHtml(card.claim)}</h3>` +
    `<p class="card-meta">${verdictChip(card.verdict)} ${confidenceBar(card.confidence)}` +
    `<span class="reason">${escapeHtml(card.reason)}</span>${rec ? ' <span class="badge rec">uses reconstructed data</span>' : ''}</p>` +
    `${table}</article>`
  );
}

function scorecardBlock(cards: readonly HypothesisCard[]): string {
  const tally = (['supported', 'inconclusive', 'contradicted', 'untestable'] as const)
    .map((v) => ({ v, n: cards.filter((c) => c.verdict === v).length }))
    .filter((t) => t.n > 0)
    .map((t) => `<span class="tally ${t.v}">${t.n} ${t.v}</span>`)
    .join(' ');
  const rows = cards
    .map(
      (c) =>
        `<tr class="hyp-row"><th scope="row"><a href="#hyp-${slug(c.id)}">${escapeHtml(c.id)}</a></th>` +
        `<td class="claim">${escapeHtml(c.claim)}${hasReconstructedEvidence(c) ? ' <span class="badge rec small">R</span>' : ''}</td>` +
        `<td>${verdictChip(c.verdict)}</td><td class="num conf-cell">${confidenceBar(c.confidence)}</td>` +
        `<td class="reason">${escapeHtml(c.reason)}</td></tr>`,
    )
    .join('\n');
  return (
    '<section id="scorecard" class="scorecard-section"><h2>Scorecard</h2>' +
    `<p class="tallies">${tally}</p>` +
    '<div class="table-wrap"><table class="data scorecard"><thead><tr><th scope="col">#</th><th scope="col">Hypothesis</th>' +
    '<th scope="col">Verdict</th><th scope="col" class="num">Confidence</th><th scope="col">Why</th></tr></thead>' +
    `<tbody>\n${rows}\n</tbody></table></div>` +
    (cards.some(hasReconstructedEvidence)
      ? '<p class="fineprint"><span class="badge rec small">R</span> some evidence for this hypothesis is reconstructed.</p>'
      : '') +
    '</section>' +
    `<section id="evidence" class="evidence-section"><h2>Evidence by hypothesis</h2>${cards.map(evidenceCard).join('\n')}</section>`
  );
}

function toc(doc: ReportDoc): string {
  const items = [
    ...(doc.scorecard.length > 0
      ? [
          '<li><a href="#scorecard">Scorecard</a></li>',
          '<li><a href="#evidence">Evidence by hypothesis</a></li>',
        ]
      : []),
    ...doc.sections.map(
      (s, i) =>
        `<li><a href="#sec-${slug(s.id)}">${i + 1}. ${escapeHtml(s.title)}</a>${isReconstructedSection(s) ? ' <span class="badge rec small">R</span>' : ''}</li>`,
    ),
  ];
  return `<nav class="toc" aria-label="Contents"><div class="toc-h">Contents</div><ol>${items.join('')}</ol></nav>`;
}

const CSS = `
:root{--ink:#1f2328;--muted:#59636e;--rule:#d0d7de;--hair:#eaeef2;--soft:#f6f8fa;--link:#0b5cad;
--ok:#1a7f37;--ok-bg:#dafbe1;--bad:#c62828;--bad-bg:#ffebe9;--mid:#8a5a00;--mid-bg:#fff3cd;
--rec:#8a4b00;--rec-bg:#fff4e0;--rec-line:#e5a23a}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:#fff;color:var(--ink);font:15px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
a{color:var(--link);text-decoration:none}a:hover{text-decoration:underline}
code{font:12.5px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:var(--soft);padding:0 3px;border-radius:3px}
.banner{background:var(--rec-bg);border-bottom:2px solid var(--rec-line);color:#5c3400;padding:10px 20px;font-size:14px}
.banner .wrap{max-width:900px;margin:0 auto}
.banner strong{letter-spacing:.06em;margin-right:6px}
.banner.warn{background:#fdecea;border-bottom-color:#b3261e;color:#5f1410}
.banner.warn ul{margin:4px 0 0;padding-left:20px}
.page{max-width:900px;margin:0 auto;padding:28px 20px 56px}
.kicker{font-size:12px;font-weight:600;letter-spacing:.08em;text-transform:uppercase;color:var(--muted)}
h1{font-size:30px;line-height:1.2;letter-spacing:-.01em;margin:6px 0 12px}
.lede{font-size:17px;line-height:1.5;color:#2d333b;margin:0 0 18px;max-width:760px}
h2{font-size:21px;line-height:1.3;margin:44px 0 10px;padding-bottom:6px;border-bottom:1px solid var(--rule)}
h3{font-size:16px;line-height:1.35;margin:0 0 6px}
.sec-n{color:var(--muted);font-weight:500;margin-right:4px}
.toc{border-top:1px solid var(--rule);border-bottom:1px solid var(--rule);padding:10px 0 12px;margin:0 0 8px;font-size:14px}
.toc-h{font-size:12px;font-weight:600;letter-spacing:.08em;text-transform:uppercase;color:var(--muted);margin-bottom:4px}
.toc ol{list-style:none;margin:0;padding:0;columns:2;column-gap:32px}
.toc li{padding:2px 0;break-inside:avoid}
.table-wrap{overflow-x:auto;margin:12px 0 16px}
table.data{border-collapse:collapse;width:100%;font-size:14px;font-variant-numeric:tabular-nums}
table.data caption{caption-side:top;text-align:left;font-size:12px;font-weight:600;letter-spacing:.06em;text-transform:uppercase;color:var(--muted);padding:0 0 6px}
table.data th{font-size:12px;font-weight:600;letter-spacing:.03em;text-align:left;color:var(--muted);border-bottom:1.5px solid var(--ink);padding:6px 10px;white-space:nowrap}
table.data td,table.data tbody th{border-bottom:1px solid var(--hair);padding:7px 10px;vertical-align:top;text-align:left}
table.data td{overflow-wrap:anywhere}
table.data td.sentence{white-space:normal;min-width:7em}
table.data.dense{font-size:13px}
table.data.dense th,table.data.dense td{padding:5px 5px}
details.table-group{border-top:1px solid var(--hair);padding:6px 0}
details.table-group>summary{cursor:pointer;font-size:14px;font-weight:600;padding:4px 0}
details.table-group>.table-wrap{margin-top:6px}
table.data tbody th{font-weight:600}
table.data .num{text-align:right;white-space:nowrap}
table.data .qcol{width:1%;white-space:nowrap}
.scorecard td.claim{min-width:230px}
.scorecard td.reason{color:#3d444d;font-size:13.5px}
.chip{display:inline-block;padding:1px 9px;border-radius:999px;font-size:12px;font-weight:700;letter-spacing:.03em;text-transform:uppercase;white-space:nowrap;border:1px solid transparent}
.chip.supported{color:var(--ok);background:var(--ok-bg);border-color:#aceebb}
.chip.contradicted{color:var(--bad);background:var(--bad-bg);border-color:#ffc1bd}
.chip.inconclusive{color:var(--mid);background:var(--mid-bg);border-color:#f0d88a}
.tallies{margin:4px 0 0;font-size:13px;color:var(--muted)}
.chip.untestable{color:var(--mid);background:transparent;border-style:dashed}
.tally{margin-right:12px;font-weight:600}.tally.supported{color:var(--ok)}.tally.contradicted{color:var(--bad)}.tally.inconclusive{color:var(--mid)}
.conf{display:inline-block;width:64px;height:7px;border-radius:4px;background:var(--hair);vertical-align:middle;overflow:hidden}
.conf>span{display:block;height:100%;background:#3b4a5a;border-radius:4px}
.conf-n{display:inline-block;min-width:34px;text-align:right;font-variant-numeric:tabular-nums}
.badge{display:inline-block;font-size:11px;font-weight:700;letter-spacing:.05em;text-transform:uppercase;padding:1px 6px;border-radius:3px;vertical-align:2px;white-space:nowrap}
.badge.rec{color:var(--rec);background:var(--rec-bg);border:1px solid var(--rec-line)}
.badge.small{font-size:10px;padding:0 4px}
.q{font-size:12px;color:var(--muted)}
.rec-val{color:var(--rec);font-style:italic;border-bottom:1px dotted var(--rec-line)}
.rec-text{color:var(--rec)}
.unit{color:var(--muted);font-size:12px}
.muted{color:var(--muted)}
.card{border:1px solid var(--rule);border-radius:6px;padding:14px 16px 2px;margin:14px 0}
.card .table-wrap{margin:8px 0 6px}
.card table.data tbody tr:last-child td{border-bottom:0}
.card.rec{border-left:3px solid var(--rec-line)}
.hid{display:inline-block;min-width:28px;color:var(--muted)}
.card-meta{margin:4px 0 2px;display:flex;flex-wrap:wrap;align-items:center;gap:6px 12px;font-size:14px}
.card-meta .reason{color:#3d444d}
td.outcome{font-weight:600}
table.evidence td:first-child{min-width:8em}
td.outcome.supports{color:var(--ok)}td.outcome.contradicts{color:var(--bad)}td.outcome.missing{color:var(--muted)}
.report-section.rec{border-left:3px solid var(--rec-line);padding-left:16px;margin-left:-19px}
.summary{font-size:16px;margin:8px 0 6px;max-width:780px}
figure.chart{margin:22px 0;padding:0}
figure.chart .chart-body{overflow-x:auto}
figure.chart svg{display:block;max-width:100%;height:auto}
figure.chart.rec .chart-body{border:1px dashed var(--rec-line);border-radius:4px;padding:6px}
figcaption{font-size:13px;color:var(--muted);margin-top:6px;line-height:1.45}
.fig-n{font-weight:600;color:var(--ink)}
.chart-missing{padding:24px;border:1px dashed var(--rule);color:var(--muted);text-align:center}
.notes{margin:14px 0}.notes h3{font-size:13px;text-transform:uppercase;letter-spacing:.06em;color:var(--muted)}
.notes ul{margin:4px 0;padding-left:20px;font-size:14px}
.prov{font-size:12.5px;color:var(--muted);background:var(--soft);border-radius:4px;padding:8px 12px;margin:14px 0 0;line-height:1.6}
.prov .k{display:inline-block;min-width:58px;font-weight:600;color:var(--ink)}
.fineprint{font-size:12.5px;color:var(--muted)}
footer{margin-top:48px;padding-top:12px;border-top:1px solid var(--rule);font-size:12.5px;color:var(--muted)}
@media (max-width:640px){body{font-size:14.5px}h1{font-size:23px}.toc ol{columns:1}.page{padding:18px 14px 40px}
.report-section.rec{margin-left:0;padding-left:10px}.scorecard td.claim{min-width:160px}}
@media print{@page{margin:14mm}body{font-size:10.5pt}.page{max-width:none;padding:0}
.banner,.chip,.badge,.conf,.conf>span,.prov,code{-webkit-print-color-adjust:exact;print-color-adjust:exact}
a{color:inherit}.toc{display:none}h2{break-after:avoid}figure,table,.card,.prov{break-inside:avoid}
.table-wrap,figure.chart .chart-body{overflow:visible}}
`;

/**
 * The whole report as one self-contained HTML page. `svgs` maps chart ids to rendered SVG (renderSvg); a
 * chart without one shows a visible placeholder.
 * @example renderHtml(doc, new Map()).startsWith('<!doctype html>') // true
 */
export function renderHtml(doc: ReportDoc, svgs: ReadonlyMap<string, string>): string {
  let figureNo = 1;
  const sections = doc.sections.map((s, i) => {
    const html = sectionBlock(s, i + 1, svgs, figureNo);
    figureNo += s.charts.length;
    return html;
  });
  const banner =
    doc.reconstructedBanner === null
      ? ''
      : `<div class="banner" id="reconstructed-banner" role="note"><div class="wrap"><strong>RECONSTRUCTED DATA</strong>${escapeHtml(doc.reconstructedBanner)}</div></div>`;
  const warnings = doc.dataWarnings ?? [];
  const warningBanner =
    warnings.length === 0
      ? ''
      : `<div class="banner warn" id="data-warnings" role="alert"><div class="wrap"><strong>DATA WARNINGS</strong><ul>${warnings.map((w) => `<li>${escapeHtml(w)}</li>`).join('')}</ul></div></div>`;
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light">',
    `<title>${escapeHtml(doc.title)}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    banner,
    warningBanner,
    '<main class="page">',
    `<header><div class="kicker">${escapeHtml(doc.kicker ?? `crashscope · forensics · event ${doc.eventDate}`)}</div>`,
    `<h1>${escapeHtml(doc.title)}</h1><p class="lede">${escapeHtml(doc.lede)}</p></header>`,
    toc(doc),
    doc.scorecard.length > 0 ? scorecardBlock(doc.scorecard) : '',
    ...sections,
    `<footer>${linkify(doc.footer)}</footer>`,
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
