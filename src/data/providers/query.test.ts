import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../errors.js';
import { gapsOnGrid, mergeGaps, mergeSkips } from './payload.js';
import { addDays, dateFlag, dateWindow, oneOfFlag, splitDates } from './query.js';

const dateArb = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2040-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

describe('query helpers', () => {
  it('adds days across month ends and leap days', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
  });

  it('defaults the window to the days ending at the UTC date of now, and refuses bad dates naming the flag', () => {
    expect(dateWindow({ now: '2026-02-05T23:59:59Z' }, 3)).toEqual({ from: '2026-02-03', to: '2026-02-05' });
    expect(dateWindow({ now: '2026-02-05T00:00:00Z', from: '2026-01-01' }, 3)).toEqual({
      from: '2026-01-01',
      to: '2026-02-05',
    });
    expect(() => dateFlag('--to', '2026-02-30')).toThrow("--to: '2026-02-30' is not an ISO date YYYY-MM-DD");
    expect(() => oneOfFlag('--interval', '2h', ['1m', '1h'] as const, '1h')).toThrow(InvalidInputError);
    expect(() => dateWindow({ now: 'yesterday' }, 3)).toThrow("now: 'yesterday' is not an ISO instant");
  });

  it('splits a window into contiguous, non-overlapping chunks of at most n days covering it exactly', () => {
    fc.assert(
      fc.property(
        dateArb,
        fc.integer({ min: 0, max: 800 }),
        fc.integer({ min: 1, max: 400 }),
        (from, span, days) => {
          const to = addDays(from, span);
          const chunks = splitDates(from, to, days);
          if (chunks[0]!.from !== from || chunks[chunks.length - 1]!.to !== to) return false;
          return chunks.every(
            (c, i) =>
              c.from <= c.to &&
              addDays(c.from, days - 1) >= c.to &&
              (i === 0 || addDays(chunks[i - 1]!.to, 1) === c.from),
          );
        },
      ),
    );
  });
});

describe('gap bookkeeping', () => {
  it('counts every grid point exactly once: present + missing = all', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 0, maxLength: 200 }), (flags) => {
        const step = 60_000;
        const present = new Set(flags.flatMap((p, i) => (p ? [i * step] : [])));
        const gaps = gapsOnGrid(0, flags.length * step, step, present);
        const missing = gaps.reduce((s, g) => s + g.missing, 0);
        const disjoint = gaps.every((g, i) => i === 0 || gaps[i - 1]!.to < g.from);
        return missing + present.size === flags.length && disjoint;
      }),
    );
  });

  it('joins gaps that touch across chunks and sums skips by reason', () => {
    const a = gapsOnGrid(0, 300_000, 60_000, new Set([0, 60_000, 120_000]));
    const b = gapsOnGrid(300_000, 600_000, 60_000, new Set([420_000, 480_000, 540_000]));
    expect(mergeGaps([...b, ...a])).toEqual([
      { from: '1970-01-01T00:03:00Z', to: '1970-01-01T00:07:00Z', missing: 4 },
    ]);
    expect(
      mergeSkips([
        { reason: 'x', count: 2 },
        { reason: 'y', count: 0 },
        { reason: 'x', count: 1 },
      ]),
    ).toEqual([{ reason: 'x', count: 3 }]);
  });
});
