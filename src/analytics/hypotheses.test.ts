import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyRule,
  type EvidenceRule,
  type HypothesisSpec,
  type ObservedMetric,
  scoreHypothesis,
} from './hypotheses.js';

const rule = (
  id: string,
  metric: string,
  threshold: number,
  direction: 'above' | 'below',
  weight: number,
): EvidenceRule => ({
  id,
  description: id,
  metric,
  threshold,
  direction,
  weight,
});

const spec: HypothesisSpec = {
  id: 'HX',
  claim: 'test',
  rules: [rule('a', 'm.a', 3, 'above', 2), rule('b', 'm.b', 10, 'below', 1), rule('c', 'm.c', 0, 'above', 1)],
};

function lookupOf(values: Record<string, ObservedMetric>): (m: string) => ObservedMetric | undefined {
  return (m) => values[m];
}

describe('applyRule', () => {
  it('threshold is inclusive in both directions; missing and non-finite values are missing', () => {
    expect(applyRule(rule('r', 'x', 3, 'above', 1), { value: 3, quality: 'observed' }).outcome).toBe(
      'supports',
    );
    expect(applyRule(rule('r', 'x', 3, 'above', 1), { value: 2.999, quality: 'observed' }).outcome).toBe(
      'contradicts',
    );
    expect(applyRule(rule('r', 'x', 3, 'below', 1), { value: 3, quality: 'observed' }).outcome).toBe(
      'supports',
    );
    expect(applyRule(rule('r', 'x', 3, 'below', 1), { value: null, quality: 'observed' }).outcome).toBe(
      'missing',
    );
    expect(applyRule(rule('r', 'x', 3, 'below', 1), { value: Number.NaN, quality: 'observed' }).outcome).toBe(
      'missing',
    );
    expect(applyRule(rule('r', 'x', 3, 'below', 1), undefined).outcome).toBe('missing');
  });
});

describe('scoreHypothesis, hand-computed', () => {
  it('all observed, all supporting: supported with confidence 1', () => {
    const s = scoreHypothesis(
      spec,
      lookupOf({
        'm.a': { value: 3.5, quality: 'observed' },
        'm.b': { value: 2, quality: 'observed' },
        'm.c': { value: 1, quality: 'observed' },
      }),
    );
    expect(s.verdict).toBe('supported');
    expect(s.score).toBe(1);
    expect(s.coverage).toBe(1);
    expect(s.confidence).toBe(1);
  });

  it('2 of weight 4 against, reconstructed data lowers confidence', () => {
    // supports: a (w2, reconstructed); contradicts: b (w1, observed), c (w1, published)
    // score = (2 − 1 − 1)/4 = 0 -> inconclusive; strength = 1 − 0 = 1;
    // quality = (2·0.5 + 1·1 + 1·0.9)/4 = 0.725; confidence = 0.725
    const s = scoreHypothesis(
      spec,
      lookupOf({
        'm.a': { value: 4, quality: 'reconstructed' },
        'm.b': { value: 11, quality: 'observed' },
        'm.c': { value: -1, quality: 'published' },
      }),
    );
    expect(s.verdict).toBe('inconclusive');
    expect(s.score).toBe(0);
    expect(s.confidence).toBe(0.725);
    expect(s.reason).toBe('1 of 3 rules support, 2 contradict; 1 rest on reconstructed data');
  });

  it('contradicted: score −0.5, coverage 1, quality 0.5 gives confidence 0.25', () => {
    // a contradicts (w2), b supports (w1), c contradicts (w1): (−2 + 1 − 1)/4 = −0.5
    const q = 'reconstructed' as const;
    const s = scoreHypothesis(
      spec,
      lookupOf({
        'm.a': { value: 0, quality: q },
        'm.b': { value: 0, quality: q },
        'm.c': { value: -5, quality: q },
      }),
    );
    expect(s.verdict).toBe('contradicted');
    expect(s.score).toBe(-0.5);
    expect(s.confidence).toBe(0.25);
  });

  it('coverage below one half is inconclusive whatever the vote', () => {
    // only b (w1 of 4) available: coverage 0.25
    const s = scoreHypothesis(spec, lookupOf({ 'm.b': { value: 0, quality: 'observed' } }));
    expect(s.verdict).toBe('inconclusive');
    expect(s.coverage).toBe(0.25);
    expect(s.evidence.filter((e) => e.outcome === 'missing')).toHaveLength(2);
  });

  it('flipping every observation flips the verdict (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }), (bits) => {
        const values = (flip: boolean) =>
          lookupOf({
            'm.a': { value: bits[0] !== flip ? 5 : 0, quality: 'observed' },
            'm.b': { value: bits[1] !== flip ? 0 : 50, quality: 'observed' },
            'm.c': { value: bits[2] !== flip ? 1 : -1, quality: 'observed' },
          });
        const a = scoreHypothesis(spec, values(false));
        const b = scoreHypothesis(spec, values(true));
        const opposite = {
          supported: 'contradicted',
          contradicted: 'supported',
          inconclusive: 'inconclusive',
        } as const;
        return (
          b.verdict === opposite[a.verdict] &&
          Math.abs(a.score + b.score) < 1e-12 &&
          a.confidence === b.confidence
        );
      }),
    );
  });
});
