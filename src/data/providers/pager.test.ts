import { describe, expect, it } from 'vitest';
import type { ProviderError } from '../../errors.js';
import { DEFAULT_MAX_PAGES, pageGuard } from './pager.js';

const thrown = (f: () => void): ProviderError => {
  try {
    f();
  } catch (e) {
    return e as ProviderError;
  }
  throw new Error('expected a throw');
};

describe('pageGuard: every pager terminates', () => {
  it('lets distinct pages with an advancing cursor through', () => {
    const g = pageGuard('x y', 0, { direction: 'up' });
    for (let i = 0; i < 10; i++) g.next([{ id: i }], (i + 1) * 10);
    const d = pageGuard('x y', 100, { direction: 'down' });
    d.next([1], 90);
    d.next([2], 50);
  });

  it('stops when a page repeats an earlier one (a server ignoring the cursor)', () => {
    const g = pageGuard('cftc cftc_positions', 0, { direction: 'up' });
    g.next([{ a: 1 }, { a: 2 }], 2);
    g.next([{ a: 3 }, { a: 4 }], 4);
    const e = thrown(() => g.next([{ a: 1 }, { a: 2 }], 6));
    expect(e.code).toBe('pager_stuck');
    expect(e.message).toBe(
      'cftc cftc_positions: page 3 (cursor 4) repeats page 1: the server ignores the paging cursor; stopped instead of looping',
    );
  });

  it('stops when the cursor stands still or moves the wrong way', () => {
    const up = pageGuard('binance funding', 1000, { direction: 'up' });
    expect(thrown(() => up.next([1], 1000)).message).toBe(
      'binance funding: the paging cursor does not advance after page 1 (1000 -> 1000); stopped instead of looping',
    );
    const down = pageGuard('deribit bars', 5000, { direction: 'down' });
    expect(thrown(() => down.next([1], 6000)).code).toBe('pager_stuck');
  });

  it('caps pages per chunk (default 500)', () => {
    expect(DEFAULT_MAX_PAGES).toBe(500);
    const g = pageGuard('x y', 0, { direction: 'up', maxPages: 3 });
    g.next([0], 1);
    g.next([1], 2);
    const e = thrown(() => g.next([2], 3));
    expect(e.code).toBe('too_many_pages');
    expect(e.message).toBe('x y: more than 3 pages in one chunk; stopped (narrow the query: --from/--to)');
  });
});
