import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HypothesisCard } from './doc.js';
import { keyEvidence, renderScorecard } from './terminal.js';
import { sampleDoc } from './testkit/sample.js';

const doc = sampleDoc([]);
const ESC = '\u001b';

describe('renderScorecard', () => {
  it('prints one line per hypothesis with verdict, confidence and key number, no colour when off', () => {
    const text = renderScorecard(doc, { color: false, width: 120 });
    expect(text).not.toContain(ESC);
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.split('\n');
    expect(lines[0]).toBe(`crashscope scorecard · 2026-02-05 · ${doc.title}`);
    expect(lines.some((l) => l.startsWith('! RECONSTRUCTED DATA: Some inputs'))).toBe(true);
    const rows = lines.filter((l) => /^H\d /.test(l));
    expect(rows).toHaveLength(7);
    // H1: 0.78 -> round(6.24) = 6 of 8 cells; key = the weight-2 line "3.5 vs > 3".
    expect(rows[0]).toMatch(
      /^H1 {2}SUPPORTED {5}██████░░ {2}78% {2}Catalyst: multi-strategy .* 3\.5 vs > 3$/,
    );
    expect(rows[6]).toMatch(/^H7 {2}CONTRADICTED {2}███████░ {2}85% {2}/);
    expect(rows[2]).toMatch(/^H3 {2}INCONCLUSIVE {2}████░░░░ {2}45% {2}/);
  });

  it('marks key numbers from reconstructed data as illustrations and explains why', () => {
    const card: HypothesisCard = {
      ...doc.scorecard[0],
      evidence: [{ ...doc.scorecard[0].evidence[1], weight: 5 }],
    };
    const text = renderScorecard({ ...doc, scorecard: [card] }, { color: false, width: 160 });
    expect(text).toMatch(/-0\.42 vs < 0 \(illustration\)/);
    expect(text).toContain('illustration: reconstructed data, shown but never counted');
    expect(
      renderScorecard({ ...doc, reconstructedBanner: null, scorecard: [doc.scorecard[1]] }, { color: false }),
    ).not.toContain('illustration');
  });

  it('colours verdicts green / red / yellow with ANSI SGR codes when asked', () => {
    const text = renderScorecard(doc, { color: true, width: 120 });
    expect(text).toContain(`${ESC}[32mSUPPORTED   ${ESC}[0m`);
    expect(text).toContain(`${ESC}[31mCONTRADICTED${ESC}[0m`);
    expect(text).toContain(`${ESC}[33mINCONCLUSIVE${ESC}[0m`);
    expect(text.split('\n')[0]).toBe(`${ESC}[1mcrashscope scorecard · 2026-02-05 · ${doc.title}${ESC}[0m`);
  });

  it('never exceeds the width, and moves the key number to its own line when narrow', () => {
    fc.assert(
      fc.property(fc.integer({ min: 40, max: 200 }), (width) => {
        const text = renderScorecard(doc, { color: false, width });
        for (const line of text.split('\n'))
          expect(Array.from(line).length, `${width}: ${line}`).toBeLessThanOrEqual(width);
      }),
    );
    const narrow = renderScorecard(doc, { color: false, width: 60 });
    // 2 (id) + 2 + 12 (verdict) + 2 + 13 (bar) + 2 = 33 columns before the claim.
    expect(narrow).toMatch(/\nH1 {2}SUPPORTED .*\n {33}→ 3\.5 vs > 3\n/);
  });

  it('says "no data" when every rule is missing', () => {
    const card: HypothesisCard = { ...doc.scorecard[4], evidence: [doc.scorecard[4].evidence[1]] };
    expect(keyEvidence(card)).toBeNull();
    expect(renderScorecard({ ...doc, scorecard: [card] }, { color: false, width: 100 })).toMatch(/no data$/m);
  });
});
