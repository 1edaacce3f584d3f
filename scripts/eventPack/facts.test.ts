import { describe, expect, it } from 'vitest';
import { buildFacts, factDate, type PublishedFact } from './facts.js';

const fact = (over: Partial<PublishedFact>): PublishedFact => ({
  date: '2026-02-05',
  metric: 'm',
  value: 1,
  unit: 'USD',
  source: 'https://example.org/a',
  confidence: 'secondary',
  ...over,
});

describe('factDate', () => {
  it.each([
    ['2026-02-05', '2026-02-05'],
    ['2026-02-05/06', '2026-02-05'],
    ['2026-01-16/2026-02-07', '2026-01-16'],
    ['2026-02-09..17', '2026-02-09'],
    ['2026-02-05 (morning)', '2026-02-05'],
    ['2025-11/12', '2025-11-01'],
    ['2022-06', '2022-06-01'],
    ['2025', '2025-01-01'],
    ['2026-01 (mid)', '2026-01-15'],
    ['2026-02 (wk7)', '2026-02-09'], // ISO week 7 of 2026 starts Monday 9 February
    ['soon', ''],
  ])('%s -> %s', (text, expected) => {
    expect(factDate(text)).toBe(expected);
  });
});

describe('buildFacts', () => {
  it('keeps numbers as published and notes the published date text', () => {
    const { table } = buildFacts([
      fact({ date: '2026-02-05/06', value: -434.11, unit: 'USD mn', quote_snippet: 'q' }),
    ]);
    expect(table.rows).toEqual([
      [
        '2026-02-05',
        'm',
        -434.11,
        'USD mn',
        'https://example.org/a',
        'secondary',
        'date as published: 2026-02-05/06; quote: q',
        'published',
      ],
    ]);
  });

  it('refuses a text value it has no rule for, naming the fact', () => {
    expect(() => buildFacts([fact({ metric: 'Something new', value: '~12' })])).toThrow(/Something new.*~12/);
  });

  it('refuses an unreadable date', () => {
    expect(() => buildFacts([fact({ date: 'late 2025' })])).toThrow(/late 2025/);
  });
});
