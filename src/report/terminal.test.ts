import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HypothesisCard } from './doc.js';
import { keyEvidence, keySentence, renderScorecard, wrap } from './terminal.js';
import { sampleDoc } from './testkit/sample.js';

const doc = sampleDoc([]);
const ESC = '\u001b';
const words = (s: string) => s.split(/\s+/).filter((w) => w.length > 0);

describe('wrap', () => {
  it('wraps at word boundaries and splits a word longer than a line instead of cutting it', () => {
    expect(wrap('a bb ccc', 4)).toEqual(['a bb', 'ccc']);
    expect(wrap('abcdefghij k', 4)).toEqual(['abcd', 'efgh', 'ij k']);
    fc.assert(
      fc.property(
        fc.array(fc.stringMatching(/^[a-z≥→]{1,15}$/), { maxLength: 30 }),
        fc.integer({ min: 1, max: 40 }),
        (ws, w) => {
          const lines = wrap(ws.join(' '), w);
          for (const l of lines) expect(Array.from(l).length).toBeLessThanOrEqual(w);
          // Nothing lost: the characters come back in order.
          expect(lines.join('').replace(/\s/g, '')).toBe(ws.join(''));
        },
      ),
    );
  });
});

describe('keySentence', () => {
  it('reads as a sentence with the rule and how it counts', () => {
    const e = doc.scorecard[0].evidence[0];
    expect(keySentence(e)).toBe('3.5 vs > 3: H1.a (supports, published)');
    expect(keySentence(doc.scorecard[0].evidence[1])).toBe(
      '-0.42 vs < 0: H1.b (illustration: would support, not counted)',
    );
    expect(keySentence(null)).toBe('no data');
  });
});

describe('renderScorecard', () => {
  it('prints each hypothesis with verdict, confidence and its whole claim, the key number as a sentence below, no colour when off', () => {
    const text = renderScorecard(doc, { color: false, width: 120 });
    expect(text).not.toContain(ESC);
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.split('\n');
    expect(lines[0]).toBe(`crashscope scorecard · 2026-02-05 · ${doc.title}`);
    expect(lines.some((l) => l.startsWith('! RECONSTRUCTED DATA: Some inputs'))).toBe(true);
    const rows = lines.filter((l) => /^H\d /.test(l));
    expect(rows).toHaveLength(7);
    // H1: 0.78 -> round(6.24) = 6 of 8 cells.
    expect(rows[0]).toMatch(/^H1 {2}SUPPORTED {5}██████░░ {2}78% {2}Catalyst: multi-strategy /);
    expect(rows[6]).toMatch(/^H7 {2}CONTRADICTED {2}███████░ {2}85% {2}/);
    expect(rows[2]).toMatch(/^H3 {2}INCONCLUSIVE {2}████░░░░ {2}45% {2}/);
    // The key number (the weight-2 line) on its own line, indented under the claim.
    const i = lines.indexOf(rows[0]);
    const after = lines.slice(i + 1).find((l) => l.includes('→'));
    expect(after).toBe(`${' '.repeat(33)}→ 3.5 vs > 3: H1.a (supports, published)`);
  });

  it('prints each data warning, wrapped, under the banner; none without warnings', () => {
    expect(renderScorecard(doc, { color: false, width: 80 })).not.toContain('DATA WARNING');
    const w =
      'shifted:BTC-USD 1d looks mis-stamped: its closes match binance:BTCUSDT 1h at 00:00Z of the next day';
    const text = renderScorecard({ ...doc, dataWarnings: [w] }, { color: false, width: 60 });
    const lines = text.split('\n');
    const first = lines.findIndex((l) => l.startsWith('! DATA WARNING: shifted:BTC-USD'));
    expect(first).toBeGreaterThan(0);
    expect(lines.every((l) => Array.from(l).length <= 60)).toBe(true);
    const end = lines.indexOf('', first);
    expect(end - first).toBeGreaterThan(1);
    expect(words(lines.slice(first, end).join(' '))).toEqual(words(`! DATA WARNING: ${w}`));
  });

  it('never cuts a title, a claim or a key number: every word of each comes out, at any width', () => {
    fc.assert(
      fc.property(fc.integer({ min: 40, max: 200 }), (width) => {
        const text = renderScorecard(doc, { color: false, width });
        expect(text).not.toContain('…');
        const out = words(text);
        const has = (s: string) => {
          // Words longer than a line are split across lines: compare without whitespace.
          expect(text.replace(/\s/g, '')).toContain(s.replace(/\s/g, ''));
        };
        has(`crashscope scorecard · ${doc.eventDate} · ${doc.title}`);
        for (const c of doc.scorecard) {
          has(c.claim);
          has(keySentence(keyEvidence(c)));
        }
        expect(out.length).toBeGreaterThan(0);
        for (const line of text.split('\n'))
          expect(Array.from(line).length, `${width}: ${line}`).toBeLessThanOrEqual(width);
      }),
    );
  });

  it('marks key numbers from reconstructed data as illustrations and explains why', () => {
    const card: HypothesisCard = {
      ...doc.scorecard[0],
      evidence: [{ ...doc.scorecard[0].evidence[1], weight: 5 }],
    };
    const text = renderScorecard({ ...doc, scorecard: [card] }, { color: false, width: 160 });
    expect(text).toMatch(/→ -0\.42 vs < 0: H1\.b \(illustration: would support, not counted\)/);
    expect(text).toContain('illustration: reconstructed data, shown but never counted');
    expect(
      renderScorecard({ ...doc, reconstructedBanner: null, scorecard: [doc.scorecard[1]] }, { color: false }),
    ).not.toContain('illustration');
  });

  it('colours verdicts green / red / yellow with ANSI SGR codes when asked', () => {
    const text = renderScorecard(doc, { color: true, width: 200 });
    expect(text).toContain(`${ESC}[32mSUPPORTED   ${ESC}[0m`);
    expect(text).toContain(`${ESC}[31mCONTRADICTED${ESC}[0m`);
    expect(text).toContain(`${ESC}[33mINCONCLUSIVE${ESC}[0m`);
    expect(text.split('\n')[0]).toBe(`${ESC}[1mcrashscope scorecard · 2026-02-05 · ${doc.title}${ESC}[0m`);
  });

  it('says "no data" when every rule is missing', () => {
    const card: HypothesisCard = { ...doc.scorecard[4], evidence: [doc.scorecard[4].evidence[1]] };
    expect(keyEvidence(card)).toBeNull();
    expect(renderScorecard({ ...doc, scorecard: [card] }, { color: false, width: 100 })).toMatch(
      /→ no data$/m,
    );
  });
});
