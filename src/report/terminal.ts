/**
 * The short terminal scorecard (DESIGN.md section 5): one line per hypothesis with its verdict, confidence,
 * claim and one key number, fitted to the terminal width. ANSI colours only when asked (the CLI decides
 * from the TTY and NO_COLOR; this module reads no globals).
 */
import type { EvidenceLine, HypothesisCard, ReportDoc, Verdict } from './doc.js';

export interface ScorecardOptions {
  /** Emit ANSI colour codes. */
  readonly color: boolean;
  /** Columns available (default 100, at least 40). */
  readonly width?: number;
}

const DEFAULT_WIDTH = 100;
const MIN_WIDTH = 40;
const BAR_CELLS = 8;

// ECMA-48 SGR codes: https://en.wikipedia.org/wiki/ANSI_escape_code#SGR_(Select_Graphic_Rendition)_parameters
const SGR = { reset: 0, bold: 1, dim: 2, red: 31, green: 32, yellow: 33 } as const;

function paint(on: boolean, code: number, text: string): string {
  return on ? `\u001b[${code}m${text}\u001b[${SGR.reset}m` : text;
}

/** Display width in columns: code points (the scorecard uses no wide characters of its own). */
function visibleLength(text: string): number {
  return Array.from(text).length;
}

function fitWidth(text: string, width: number): string {
  const chars = Array.from(text);
  if (chars.length <= width) return text + ' '.repeat(width - chars.length);
  return width <= 1 ? '…'.slice(0, width) : `${chars.slice(0, width - 1).join('')}…`;
}

/** Splits a word longer than `width` into pieces of `width` columns: nothing is ever cut off. */
function chunks(word: string, width: number): string[] {
  const chars = Array.from(word);
  const out: string[] = [];
  for (let i = 0; i < chars.length; i += width) out.push(chars.slice(i, i + width).join(''));
  return out;
}

/**
 * Word-wraps `text` into lines of at most `width` columns; a word longer than a line is split, never cut.
 * @example wrap('a bb ccc', 4) // ['a bb', 'ccc']
 */
export function wrap(text: string, width: number): string[] {
  const w = Math.max(1, width);
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((x) => x.length > 0)) {
    const candidate = line.length === 0 ? word : `${line} ${word}`;
    if (visibleLength(candidate) <= w) {
      line = candidate;
      continue;
    }
    if (line.length > 0) lines.push(line);
    const parts = visibleLength(word) <= w ? [word] : chunks(word, w);
    lines.push(...parts.slice(0, -1));
    line = parts[parts.length - 1];
  }
  if (line.length > 0) lines.push(line);
  return lines;
}

const VERDICT_COLOR: Readonly<Record<Verdict, number>> = {
  supported: SGR.green,
  contradicted: SGR.red,
  inconclusive: SGR.yellow,
  untestable: SGR.dim,
};

function bar(confidence: number): string {
  if (!Number.isFinite(confidence)) return `${'░'.repeat(BAR_CELLS)}  n/a`;
  const c = Math.min(1, Math.max(0, confidence));
  const filled = Math.round(c * BAR_CELLS);
  return `${'█'.repeat(filled)}${'░'.repeat(BAR_CELLS - filled)} ${`${Math.round(c * 100)}%`.padStart(4)}`;
}

/**
 * The evidence line to show: the heaviest one with data (first on ties), or null.
 * @example keyEvidence(card)?.display // 'etfVolumeSharesRatioToRecord = 1.69x < 2.00x'
 */
export function keyEvidence(card: HypothesisCard): EvidenceLine | null {
  let best: EvidenceLine | null = null;
  // Counted evidence first; an illustration only when nothing counted.
  for (const role of ['counted', 'illustration'] as const) {
    for (const e of card.evidence) {
      if (e.role !== role) continue;
      if (best === null || e.weight > best.weight) best = e;
    }
    if (best !== null) return best;
  }
  return best;
}

/**
 * A rule's key number as a sentence: 'z = 3.5 ≥ 3: fund-stress reading of at least 3 sigma (supports,
 * published)'; an illustration says it is not counted.
 * @example keySentence(keyEvidence(card)) // 'z = 3.5 ≥ 3: fund-stress reading of at least 3 sigma (supports, published)'
 */
export function keySentence(e: EvidenceLine | null): string {
  if (e === null) return 'no data';
  const how =
    e.role === 'illustration'
      ? `illustration: would ${e.outcome === 'supports' ? 'support' : 'contradict'}, not counted`
      : e.role === 'missing'
        ? 'no data'
        : `${e.outcome}, ${e.quality}`;
  return `${e.display}: ${e.rule} (${how})`;
}

/**
 * The scorecard as text lines joined by '\n' (ending with one), at most `width` columns wide. Nothing is
 * cut: the title, the claims and the key numbers wrap onto indented continuation lines. Each hypothesis
 * is one row (id, verdict, confidence bar, claim) followed by its key number as a sentence on a '→' line.
 * @example renderScorecard(doc, { color: false, width: 80 }).split('\n')[0] // 'crashscope scorecard · 2026-02-05 · ...'
 */
export function renderScorecard(doc: ReportDoc, options: ScorecardOptions): string {
  const width = Math.max(MIN_WIDTH, Math.floor(options.width ?? DEFAULT_WIDTH));
  const on = options.color;
  const out: string[] = [];
  for (const line of wrap(`crashscope scorecard · ${doc.eventDate} · ${doc.title}`, width))
    out.push(paint(on, SGR.bold, line));
  if (doc.reconstructedBanner !== null) {
    for (const line of wrap(`! RECONSTRUCTED DATA: ${doc.reconstructedBanner}`, width)) {
      out.push(paint(on, SGR.yellow, line));
    }
  }
  for (const w of doc.dataWarnings ?? []) {
    for (const line of wrap(`! DATA WARNING: ${w}`, width)) out.push(paint(on, SGR.yellow, line));
  }
  out.push('');
  const idWidth = Math.max(2, ...doc.scorecard.map((c) => Array.from(c.id).length));
  const verdictWidth = 'INCONCLUSIVE'.length;
  const confWidth = BAR_CELLS + 5;
  const fixed = idWidth + 2 + verdictWidth + 2 + confWidth + 2;
  const claimWidth = width - fixed;
  const pad = ' '.repeat(fixed);
  const header = [
    fitWidth('ID', idWidth),
    fitWidth('VERDICT', verdictWidth),
    fitWidth('CONFIDENCE', confWidth),
    claimWidth >= 'HYPOTHESIS'.length ? 'HYPOTHESIS' : 'CLAIM',
  ].join('  ');
  out.push(paint(on, SGR.dim, header.trimEnd()));
  let illustration = false;
  for (const c of doc.scorecard) {
    const verdict = paint(on, VERDICT_COLOR[c.verdict], fitWidth(c.verdict.toUpperCase(), verdictWidth));
    const left = `${fitWidth(c.id, idWidth)}  ${verdict}  ${fitWidth(bar(c.confidence), confWidth)}  `;
    const claim = wrap(c.claim, claimWidth);
    out.push(`${left}${claim[0] ?? ''}`.trimEnd());
    for (const more of claim.slice(1)) out.push(`${pad}${more}`);
    const e = keyEvidence(c);
    if (e?.role === 'illustration') illustration = true;
    const key = wrap(keySentence(e), claimWidth - 2);
    key.forEach((line, i) => {
      out.push(`${pad}${i === 0 ? paint(on, SGR.dim, '→ ') : '  '}${line}`);
    });
  }
  // The simulated "what it took" (issue 12): one dim paragraph, an illustration that is never a verdict.
  const took = doc.sections.find((x) => x.id === 'what-it-took');
  if (took !== undefined) {
    out.push('');
    for (const line of wrap(`What it took (simulated): ${took.summary}`, width))
      out.push(paint(on, SGR.dim, line));
  }
  if (illustration) {
    out.push('');
    for (const line of wrap(
      'illustration: reconstructed data, shown but never counted toward a verdict (see the report)',
      width,
    ))
      out.push(paint(on, SGR.dim, line));
  }
  return `${out.join('\n')}\n`;
}
