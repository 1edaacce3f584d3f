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
const MIN_CLAIM = 18;
const MAX_KEY = 52;

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

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w.length > 0)) {
    const candidate = line.length === 0 ? word : `${line} ${word}`;
    if (visibleLength(candidate) <= width) line = candidate;
    else {
      if (line.length > 0) lines.push(line);
      line = visibleLength(word) <= width ? word : fitWidth(word, width);
    }
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
 * The scorecard as text lines joined by '\n' (ending with one), at most `width` columns wide.
 * @example renderScorecard(doc, { color: false, width: 80 }).split('\n')[0] // 'crashscope scorecard · 2026-02-05 · ...'
 */
export function renderScorecard(doc: ReportDoc, options: ScorecardOptions): string {
  const width = Math.max(MIN_WIDTH, Math.floor(options.width ?? DEFAULT_WIDTH));
  const on = options.color;
  const out: string[] = [];
  out.push(
    paint(on, SGR.bold, fitWidth(`crashscope scorecard · ${doc.eventDate} · ${doc.title}`, width).trimEnd()),
  );
  if (doc.reconstructedBanner !== null) {
    for (const line of wrap(`! RECONSTRUCTED DATA: ${doc.reconstructedBanner}`, width)) {
      out.push(paint(on, SGR.yellow, line));
    }
  }
  out.push('');
  const idWidth = Math.max(2, ...doc.scorecard.map((c) => Array.from(c.id).length));
  const verdictWidth = 'INCONCLUSIVE'.length;
  const confWidth = BAR_CELLS + 5;
  const fixed = idWidth + 2 + verdictWidth + 2 + confWidth + 2;
  const keys = doc.scorecard.map((c) => {
    const e = keyEvidence(c);
    return e === null ? 'no data' : `${e.display}${e.role === 'illustration' ? ' (illustration)' : ''}`;
  });
  const keyWidth = Math.min(MAX_KEY, Math.max(10, ...keys.map((k) => Array.from(k).length)));
  // The key number goes on its own indented line when the claim would get too narrow beside it.
  const inline = width - fixed - 2 - keyWidth >= MIN_CLAIM;
  const claimWidth = inline ? width - fixed - 2 - keyWidth : width - fixed;
  const header = [
    fitWidth('ID', idWidth),
    fitWidth('VERDICT', verdictWidth),
    fitWidth('CONFIDENCE', confWidth),
    inline
      ? `${fitWidth('HYPOTHESIS', claimWidth)}  ${fitWidth('KEY NUMBER', keyWidth)}`
      : fitWidth('HYPOTHESIS', claimWidth),
  ].join('  ');
  out.push(paint(on, SGR.dim, header.trimEnd()));
  doc.scorecard.forEach((c, i) => {
    const verdict = paint(on, VERDICT_COLOR[c.verdict], fitWidth(c.verdict.toUpperCase(), verdictWidth));
    const left = `${fitWidth(c.id, idWidth)}  ${verdict}  ${fitWidth(bar(c.confidence), confWidth)}  `;
    const key = fitWidth(keys[i], keyWidth);
    if (inline) out.push(`${left}${fitWidth(c.claim, claimWidth)}  ${key}`.trimEnd());
    else {
      out.push(`${left}${fitWidth(c.claim, claimWidth)}`.trimEnd());
      out.push(
        `${' '.repeat(fixed)}${paint(on, SGR.dim, '→ ')}${fitWidth(keys[i], width - fixed - 2)}`.trimEnd(),
      );
    }
  });
  // The simulated "what it took" (issue 12): one dim paragraph, an illustration that is never a verdict.
  const took = doc.sections.find((x) => x.id === 'what-it-took');
  if (took !== undefined) {
    out.push('');
    for (const line of wrap(`What it took (simulated): ${took.summary}`, width))
      out.push(paint(on, SGR.dim, line));
  }
  if (keys.some((k) => k.endsWith('(illustration)'))) {
    const why = 'illustration: reconstructed data, shown but never counted toward a verdict (see the report)';
    out.push('', paint(on, SGR.dim, fitWidth(why, width).trimEnd()));
  }
  return `${out.join('\n')}\n`;
}
