/**
 * The one guard every paging provider runs its loop through (issue 8 section 4): a pager must terminate.
 * It stops with a clear error when a page repeats an earlier one (a server that ignores the cursor and
 * sends the same full page again would otherwise loop for ever), when the cursor does not advance in its
 * direction, and when a chunk needs more pages than the cap.
 */
import { createHash } from 'node:crypto';
import { ProviderError } from '../../errors.js';

/** Pages one chunk may take when the dataset states no cap of its own. */
export const DEFAULT_MAX_PAGES = 500;

export interface PageGuardOptions {
  /** Cap on pages per chunk (default {@link DEFAULT_MAX_PAGES}). */
  readonly maxPages?: number;
  /** How a numeric cursor must move: 'up' (offsets, start times) or 'down' (end times paged backwards). */
  readonly direction: 'up' | 'down';
}

/** Checks each page of one chunk; create one per chunk. */
export interface PageGuard {
  /**
   * Records `page` (its body as received) and the cursor that will ask for the next page; throws
   * ProviderError 'pager_stuck' or 'too_many_pages' when the loop must stop.
   */
  next(page: unknown, nextCursor: number): void;
}

function digest(page: unknown): string {
  return createHash('sha256')
    .update(typeof page === 'string' ? page : (JSON.stringify(page) ?? 'undefined'))
    .digest('hex');
}

/**
 * A guard for the pages of one chunk. `label` names provider and dataset in messages; `start` is the
 * cursor of the first request.
 * @example const g = pageGuard('cftc cftc_positions', 0, { direction: 'up' }); g.next(page0, 1000)
 */
export function pageGuard(label: string, start: number, options: PageGuardOptions): PageGuard {
  const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
  const seen = new Map<string, number>();
  let cursor = start;
  let pages = 0;
  return {
    next(page, nextCursor) {
      pages++;
      const d = digest(page);
      const earlier = seen.get(d);
      if (earlier !== undefined) {
        throw new ProviderError(
          'pager_stuck',
          `${label}: page ${pages} (cursor ${cursor}) repeats page ${earlier}: the server ignores the paging cursor; stopped instead of looping`,
          { details: { page: pages, repeats: earlier, cursor } },
        );
      }
      seen.set(d, pages);
      const advances = options.direction === 'up' ? nextCursor > cursor : nextCursor < cursor;
      if (!advances) {
        throw new ProviderError(
          'pager_stuck',
          `${label}: the paging cursor does not advance after page ${pages} (${cursor} -> ${nextCursor}); stopped instead of looping`,
          { details: { page: pages, cursor, next: nextCursor } },
        );
      }
      if (pages >= maxPages) {
        throw new ProviderError(
          'too_many_pages',
          `${label}: more than ${maxPages} pages in one chunk; stopped (narrow the query: --from/--to)`,
          { details: { pages, maxPages } },
        );
      }
      cursor = nextCursor;
    },
  };
}
