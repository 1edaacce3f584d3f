import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FACT_TOPICS } from '../factTopics.js';
import { groupFacts, type PublishedFact } from './facts.js';

const fact = fc.record({
  date: fc.constantFrom('2026-02-04', '2026-02-05', '2026-02-06'),
  metric: fc.string({ maxLength: 8 }),
  value: fc.option(fc.double({ noNaN: true, noDefaultInfinity: true }), { nil: null }),
  unit: fc.constant('USD'),
  confidence: fc.constantFrom('primary', 'secondary', 'conflicting'),
  source: fc.constant('https://example.org'),
  note: fc.constant(null),
  topic: fc.constantFrom(...FACT_TOPICS.map((t) => t.id)),
}) as fc.Arbitrary<PublishedFact>;

describe('groupFacts', () => {
  it('keeps every figure once, topics with conflicts first, conflicting figures first inside a topic', () => {
    fc.assert(
      fc.property(fc.array(fact, { maxLength: 40 }), (facts) => {
        const groups = groupFacts(facts);
        expect(groups.reduce((a, g) => a + g.facts.length, 0)).toBe(facts.length);
        expect(new Set(groups.map((g) => g.topic)).size).toBe(groups.length);
        const firstCalm = groups.findIndex((g) => g.conflicting === 0);
        if (firstCalm >= 0) expect(groups.slice(firstCalm).every((g) => g.conflicting === 0)).toBe(true);
        for (const g of groups) {
          expect(g.facts.every((f) => f.topic === g.topic)).toBe(true);
          expect(g.conflicting).toBe(g.facts.filter((f) => f.confidence === 'conflicting').length);
          const flags = g.facts.map((f) => f.confidence === 'conflicting');
          expect(flags).toEqual([...flags].sort((a, b) => Number(b) - Number(a)));
        }
      }),
    );
  });

  it('a hand case: the flow conflict leads, the calm stress topic follows', () => {
    const mk = (metric: string, confidence: string, topic: string): PublishedFact => ({
      date: '2026-02-05',
      metric,
      value: 1,
      unit: 'USD',
      confidence,
      source: 's',
      note: null,
      topic,
    });
    const groups = groupFacts([
      mk('z', 'primary', 'fund-stress'),
      mk('a', 'primary', 'etf-flows'),
      mk('b', 'conflicting', 'etf-flows'),
    ]);
    expect(groups.map((g) => g.topic)).toEqual(['etf-flows', 'fund-stress']);
    expect(groups[0].facts.map((f) => f.metric)).toEqual(['b', 'a']);
    expect(groups[0].rules).toContain('H2.creations-trackers');
  });
});
