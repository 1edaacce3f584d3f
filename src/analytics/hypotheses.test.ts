import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyRule,
  conditionHolds,
  type EvidenceRule,
  type HypothesisSpec,
  type ObservedMetric,
  scoreHypothesis,
  sensitivity,
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

  it('a reconstructed rule is an illustration: shown with its outcome, never counted', () => {
    // counted: b (w1, observed, contradicts), c (w1, published, contradicts); a (w2) is reconstructed.
    // coverage = 2/4 = 0.5 (testable); score = (−1 − 1)/2 = −1 -> contradicted;
    // quality = (1 + 0.9)/2 = 0.95; confidence = 1 · 0.5 · 0.95 = 0.475
    const s = scoreHypothesis(
      spec,
      lookupOf({
        'm.a': { value: 4, quality: 'reconstructed' },
        'm.b': { value: 11, quality: 'observed' },
        'm.c': { value: -1, quality: 'published' },
      }),
    );
    expect(s.evidence.map((e) => [e.rule, e.outcome, e.role])).toEqual([
      ['a', 'supports', 'illustration'],
      ['b', 'contradicts', 'counted'],
      ['c', 'contradicts', 'counted'],
    ]);
    expect(s.verdict).toBe('contradicted');
    expect(s.score).toBe(-1);
    expect(s.coverage).toBe(0.5);
    expect(s.confidence).toBe(0.475);
    expect(s.reason).toBe(
      '2 of 3 rules counted (0 support, 2 contradict); 1 on reconstructed data shown as illustration',
    );
  });

  it('all rules on reconstructed data: untestable, confidence 0, and it says what would test it', () => {
    const q = 'reconstructed' as const;
    const needy: HypothesisSpec = {
      ...spec,
      rules: spec.rules.map((r, i) =>
        i === 0
          ? { ...r, needs: { model: 'option_chain', command: 'crashscope ingest cboe option_chain' } }
          : r,
      ),
    };
    const s = scoreHypothesis(
      needy,
      lookupOf({
        'm.a': { value: 5, quality: q },
        'm.b': { value: 0, quality: q },
        'm.c': { value: 5, quality: q },
      }),
    );
    expect(s.verdict).toBe('untestable');
    expect(s.confidence).toBe(0);
    expect(s.coverage).toBe(0);
    expect(s.score).toBe(0);
    expect(s.evidence.every((e) => e.outcome === 'supports' && e.role === 'illustration')).toBe(true);
    expect(s.wouldTestWith).toEqual([
      { model: 'option_chain', command: 'crashscope ingest cboe option_chain' },
    ]);
  });

  it('contradicted: score −0.5, coverage 1, published quality 0.9 gives confidence 0.45', () => {
    // a contradicts (w2), b supports (w1), c contradicts (w1): (−2 + 1 − 1)/4 = −0.5
    const q = 'published' as const;
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
    expect(s.confidence).toBe(0.45);
  });

  it('evidence on less than half the weight is untestable whatever the vote', () => {
    // only b (w1 of 4) available: coverage 0.25
    const s = scoreHypothesis(spec, lookupOf({ 'm.b': { value: 0, quality: 'observed' } }));
    expect(s.verdict).toBe('untestable');
    expect(s.coverage).toBe(0.25);
    expect(s.confidence).toBe(0);
    expect(s.evidence.filter((e) => e.role === 'missing')).toHaveLength(2);
  });

  it('a verdict does not move when only reconstructed inputs change (property)', () => {
    const qualities = fc.constantFrom('observed', 'published', 'reconstructed');
    const value = fc.oneof(fc.double({ min: -100, max: 100, noNaN: true }), fc.constant(null));
    fc.assert(
      fc.property(
        fc.array(fc.record({ q: qualities, v: value, w: value }), { minLength: 3, maxLength: 3 }),
        (cells) => {
          const names = ['m.a', 'm.b', 'm.c'];
          const base: Record<string, ObservedMetric> = {};
          const changed: Record<string, ObservedMetric> = {};
          cells.forEach((c, i) => {
            base[names[i]] = { value: c.v, quality: c.q };
            // Only reconstructed inputs take another value (or vanish); evidence stays as it was.
            changed[names[i]] = { value: c.q === 'reconstructed' ? c.w : c.v, quality: c.q };
          });
          const a = scoreHypothesis(spec, lookupOf(base));
          const b = scoreHypothesis(spec, lookupOf(changed));
          return (
            a.verdict === b.verdict &&
            a.confidence === b.confidence &&
            a.score === b.score &&
            a.coverage === b.coverage
          );
        },
      ),
    );
  });

  it('a rule on reconstructed data is never counted (property over qualities and values)', () => {
    fc.assert(
      fc.property(fc.double({ min: -100, max: 100, noNaN: true }), (v) => {
        const s = scoreHypothesis(spec, () => ({ value: v, quality: 'reconstructed' }));
        return s.evidence.every((e) => e.role === 'illustration') && s.verdict === 'untestable';
      }),
    );
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
          untestable: 'untestable',
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

describe('sensitivity', () => {
  const observed = lookupOf({
    'm.a': { value: 3.5, quality: 'observed' },
    'm.b': { value: 2, quality: 'observed' },
    'm.c': { value: 1, quality: 'observed' },
  });

  it('moves each non-zero threshold by -20% and +20% and names what flips the verdict', () => {
    // a: 3.5 >= 3 holds at 2.4 and fails at 3.6 -> a contradicts (w2): (−2 + 1 + 1)/4 = 0 -> inconclusive.
    const row = sensitivity(spec, observed, []);
    expect(row.verdict).toBe('supported');
    expect(row.cases.map((c) => c.assumption)).toEqual([
      'a threshold -20%',
      'a threshold +20%',
      'b threshold -20%',
      'b threshold +20%',
    ]);
    expect(row.flips).toEqual(['a threshold +20%']);
    expect(row.robust).toBe(false);
  });

  it('an alternative assumption that changes only reconstructed metrics flips nothing', () => {
    const base = lookupOf({
      'm.a': { value: 3.5, quality: 'observed' },
      'm.b': { value: 2, quality: 'observed' },
      'm.c': { value: 1, quality: 'reconstructed' },
    });
    const alt = lookupOf({
      'm.a': { value: 3.5, quality: 'observed' },
      'm.b': { value: 2, quality: 'observed' },
      'm.c': { value: -1, quality: 'reconstructed' },
    });
    const row = sensitivity(spec, base, [{ name: 'sign model: naive', lookup: alt }]);
    expect(row.cases[0]).toMatchObject({ assumption: 'sign model: naive', verdict: row.verdict });
  });
});

describe('between conditions and rules whose condition contradicts the claim', () => {
  const between: EvidenceRule = { ...rule('s', 'm.s', -1, 'above', 1), direction: 'between', upper: 1 };

  it('between is inclusive at both bounds; outside is the other outcome; no data is missing', () => {
    const at = (v: number | null) => applyRule(between, { value: v, quality: 'observed' }).outcome;
    expect([at(-1), at(0), at(1), at(-1.0001), at(1.0001), at(null)]).toEqual([
      'supports',
      'supports',
      'supports',
      'contradicts',
      'contradicts',
      'missing',
    ]);
    expect(conditionHolds({ direction: 'between', threshold: -1 }, 0)).toBe(false); // no upper bound: never
  });

  it("means 'contradicts' reverses every outcome and never turns missing data into evidence", () => {
    fc.assert(
      fc.property(
        fc.constantFrom<EvidenceRule['direction']>('above', 'below', 'between'),
        fc.double({ min: -10, max: 10, noNaN: true }),
        fc.double({ min: 0, max: 5, noNaN: true }),
        fc.oneof(fc.double({ min: -20, max: 20, noNaN: true }), fc.constant(null), fc.constant(Number.NaN)),
        fc.constantFrom('observed', 'published', 'reconstructed') as fc.Arbitrary<ObservedMetric['quality']>,
        (direction, lo, width, v, quality) => {
          const r: EvidenceRule = { ...rule('r', 'm', lo, 'above', 1), direction, upper: lo + width };
          const plain = applyRule(r, { value: v, quality });
          const reversed = applyRule({ ...r, means: 'contradicts' }, { value: v, quality });
          if (v === null || Number.isNaN(v)) {
            expect([plain.outcome, reversed.outcome]).toEqual(['missing', 'missing']);
            expect([plain.role, reversed.role]).toEqual(['missing', 'missing']);
          } else {
            expect(reversed.outcome).toBe(plain.outcome === 'supports' ? 'contradicts' : 'supports');
            expect(reversed.role).toBe(plain.role);
          }
        },
      ),
    );
  });

  it('hand-computed: a shock hypothesis whose amplification rules do not hold is supported', () => {
    const shock: HypothesisSpec = {
      id: 'shock',
      title: 'News shock',
      claim: 'no amplification',
      channel: 'exogenous',
      rules: [
        { ...between, id: 'flows', metric: 'm.flows' },
        { ...rule('oi', 'm.oi', -0.1, 'below', 1), means: 'contradicts' },
        { ...rule('gamma', 'm.gamma', 0.5, 'above', 2), means: 'contradicts' },
      ],
    };
    const s = scoreHypothesis(
      shock,
      lookupOf({
        'm.flows': { value: 0.4, quality: 'observed' }, // within ±1: supports
        'm.oi': { value: -0.02, quality: 'observed' }, // fell 2%, not 10%: supports
        'm.gamma': { value: 0.8, quality: 'observed' }, // 80% of the fall short gamma: contradicts (w2)
      }),
    );
    // score = (1 + 1 − 2) / 4 = 0 -> inconclusive, strength 1, coverage 1, quality 1.
    expect([s.verdict, s.score, s.confidence, s.title, s.channel]).toEqual([
      'inconclusive',
      0,
      1,
      'News shock',
      'exogenous',
    ]);
  });

  it('sensitivity moves both bounds of a between rule', () => {
    const spec1: HypothesisSpec = { id: 'b', claim: 'c', rules: [between] };
    const row = sensitivity(spec1, lookupOf({ 'm.s': { value: 0.9, quality: 'observed' } }), []);
    // -20%: [-0.8, 0.8] excludes 0.9 -> contradicted; +20%: [-1.2, 1.2] keeps it.
    expect(row.cases.map((c) => [c.assumption, c.verdict])).toEqual([
      ['s threshold -20%', 'contradicted'],
      ['s threshold +20%', 'supported'],
    ]);
  });
});
