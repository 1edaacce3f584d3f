import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InvalidInputError, PayloadError, ProviderError } from '../../../errors.js';
import { datasetContract } from '../testkit/contract.js';
import { installNetworkGuard } from '../testkit/networkGuard.js';
import { type IngestRun, type RunIngestOptions, type RunInput, runIngest } from '../testkit/runIngest.js';
import { type Handler, inSequence } from '../testkit/server.js';
import { testTransport } from '../testkit/transport.js';
import { cftcPositions, standardRelease, TFF_PATH } from './cftcPositions.js';
import { cftc } from './index.js';

type Row = Record<string, string>;
/** Five weekly TFF rows for 133741, constructed in the dataset's shape (see fixtures/README.md). */
const fixture = JSON.parse(
  readFileSync(new URL('./fixtures/tff.133741.2026-01.json', import.meta.url), 'utf8'),
) as Row[];

/** Answers like Socrata: the fixture rows (or `rows`) in the window, paged by $limit/$offset. */
function socrata(rows: readonly Row[] = fixture): Handler {
  return (req) => {
    if (req.path !== TFF_PATH) {
      return { status: 404, body: { code: 'not_found', error: true, message: 'Not found' } };
    }
    const limit = Number(req.query.$limit ?? 1000);
    const offset = Number(req.query.$offset ?? 0);
    return { body: rows.slice(offset, offset + limit) };
  };
}

datasetContract(cftc, 'cftc_positions', {
  input: { from: '2026-01-06', to: '2026-02-03', now: '2026-02-10T00:00:00Z' },
  respond: socrata(),
  rows: 5,
});

installNetworkGuard();

const WINDOW = { from: '2026-01-06', to: '2026-02-03', now: '2026-02-10T00:00:00Z' };

const run = (
  handler: Handler,
  input: RunInput = WINDOW,
  options: Pick<RunIngestOptions, 'transport' | 'credentials'> = {},
): Promise<IngestRun> =>
  runIngest({
    provider: 'cftc',
    dataset: 'cftc_positions',
    handler,
    input,
    ...options,
    now: '2026-02-10T00:00:00Z',
  });

describe('cftc cftc_positions: transform', () => {
  it('reads the four positions off each weekly row, stamps the Friday 15:30 New York release', () => {
    const q = cftcPositions.transformQuery(WINDOW);
    const out = cftcPositions.transform(q, [fixture]);
    expect(
      out.rows.map((r) => [r.report_date, r.lev_long, r.lev_short, r.am_long, r.am_short, r.published_at]),
    ).toEqual([
      ['2026-01-06', 6312, 11407, 8245, 1903, '2026-01-09T20:30:00Z'],
      ['2026-01-13', 6150, 11820, 8310, 1875, '2026-01-16T20:30:00Z'],
      ['2026-01-20', 5984, 12105, 8122, 1950, '2026-01-23T20:30:00Z'],
      ['2026-01-27', 5650, 12240, 7940, 2010, '2026-01-30T20:30:00Z'],
      ['2026-02-03', 5433, 12010, 7712, 2088, '2026-02-06T20:30:00Z'],
    ]);
    expect(new Set(out.rows.map((r) => r.contract))).toEqual(
      new Set(['BITCOIN - CHICAGO MERCANTILE EXCHANGE']),
    );
    expect(out.gaps).toEqual([]);
  });

  it('sorts rows newest-first on the wire into ascending report dates', () => {
    const q = cftcPositions.transformQuery(WINDOW);
    const out = cftcPositions.transform(q, [[...fixture].reverse()]);
    expect(out.rows.map((r) => r.report_date)).toEqual([
      '2026-01-06',
      '2026-01-13',
      '2026-01-20',
      '2026-01-27',
      '2026-02-03',
    ]);
  });

  it('releases at 15:30 New York in both seasons: 20:30 UTC in winter, 19:30 UTC in summer', () => {
    expect(standardRelease('2026-02-03')).toBe('2026-02-06T20:30:00Z');
    // A public TFF client expects the 2026-07-14 report at 2026-07-17 19:30 UTC.
    expect(standardRelease('2026-07-14')).toBe('2026-07-17T19:30:00Z');
    // A report as of a Monday (holiday week) is still released that Friday.
    expect(standardRelease('2025-12-29')).toBe('2026-01-02T20:30:00Z');
  });

  it('reports a week without a report as a gap on the Tuesday grid, never fills it', () => {
    const q = cftcPositions.transformQuery(WINDOW);
    const out = cftcPositions.transform(q, [
      fixture.filter((r) => !r.report_date_as_yyyy_mm_dd!.startsWith('2026-01-20')),
    ]);
    expect(out.rows.map((r) => r.report_date)).toEqual([
      '2026-01-06',
      '2026-01-13',
      '2026-01-27',
      '2026-02-03',
    ]);
    expect(out.gaps).toEqual([{ from: '2026-01-20T00:00:00Z', to: '2026-01-27T00:00:00Z', missing: 1 }]);
  });

  it('gives zero rows and one gap for an empty answer; a week not yet released is no gap', () => {
    const q = cftcPositions.transformQuery(WINDOW);
    expect(cftcPositions.transform(q, [[]])).toEqual({
      rows: [],
      skipped: [],
      gaps: [{ from: '2026-01-06T00:00:00Z', to: '2026-02-10T00:00:00Z', missing: 5 }],
      // Every due week missing: said in a notice (a wrong --symbol looks like this).
      notices: [expect.objectContaining({ kind: 'missing' })],
    });
    const upTo27 = fixture.slice(0, 4);
    // The 02-03 report is due 2026-02-06 20:30 UTC.
    const early = cftcPositions.transformQuery({ ...WINDOW, now: '2026-02-06T20:29:00Z' });
    expect(cftcPositions.transform(early, [upTo27]).gaps).toEqual([]);
    const due = cftcPositions.transformQuery({ ...WINDOW, now: '2026-02-06T20:30:00Z' });
    expect(cftcPositions.transform(due, [upTo27]).gaps).toEqual([
      { from: '2026-02-03T00:00:00Z', to: '2026-02-10T00:00:00Z', missing: 1 },
    ]);
  });

  it('skips a row missing a position (Socrata leaves out nulls), a repeated row, a row outside the window', () => {
    const q = cftcPositions.transformQuery({ ...WINDOW, from: '2026-01-13' });
    const { lev_money_positions_short: _, ...noShort } = fixture[2]!;
    const out = cftcPositions.transform(q, [
      [fixture[0]!, fixture[1]!, noShort],
      [fixture[1]!, fixture[3]!, fixture[4]!],
    ]);
    expect(out.rows.map((r) => r.report_date)).toEqual(['2026-01-13', '2026-01-27', '2026-02-03']);
    expect(out.skipped).toEqual([
      { reason: 'outside_window', count: 1 },
      { reason: 'null_values', count: 1 },
      { reason: 'duplicate', count: 1 },
    ]);
  });

  it('names the field of a payload that is not shaped like TFF rows', () => {
    const q = cftcPositions.transformQuery(WINDOW);
    const row = fixture[0]!;
    const cases: [unknown, string][] = [
      [{ rows: [] }, 'payload field (pages): {"rows":[]}'],
      [
        [{ error: true, message: 'Unrecognized arguments [x]' }],
        'payload field pages[0].message: "Unrecognized arguments [x]": expected an array of rows, not a Socrata error',
      ],
      [
        [[{ ...row, cftc_contract_market_code: '133742' }]],
        'payload field pages[0][0].cftc_contract_market_code: "133742": expected \'133741\'',
      ],
      [
        [[{ ...row, futonly_or_combined: 'Combined' }]],
        'payload field pages[0][0].futonly_or_combined: "Combined"',
      ],
      [
        [[{ ...row, report_date_as_yyyy_mm_dd: '01/06/2026' }]],
        'payload field pages[0][0].report_date_as_yyyy_mm_dd: "01/06/2026"',
      ],
      [
        [[{ ...row, lev_money_positions_long: '6312.5' }]],
        'payload field pages[0][0].lev_money_positions_long: "6312.5": expected a whole number',
      ],
      [
        [[{ ...row, asset_mgr_positions_short: '-3' }]],
        'payload field pages[0][0].asset_mgr_positions_short: "-3"',
      ],
      [[[row, { ...row, lev_money_positions_long: '1' }]], 'payload field pages[0][1]'],
    ];
    for (const [payload, message] of cases) {
      const call = (): unknown => cftcPositions.transform(q, payload);
      expect(call, message).toThrow(PayloadError);
      expect(call, message).toThrow(`cftc cftc_positions: ${message}`);
    }
  });
});

describe('cftc cftc_positions: query', () => {
  it('defaults to the CME Bitcoin code, refuses a code that is not six letters or digits', () => {
    expect(cftcPositions.transformQuery(WINDOW)).toMatchObject({ code: '133741', pageSize: 1000 });
    expect(cftcPositions.transformQuery({ ...WINDOW, symbol: '13874a' }).code).toBe('13874A');
    expect(() => cftcPositions.transformQuery({ ...WINDOW, symbol: "133741' OR 1=1" })).toThrow(
      InvalidInputError,
    );
  });

  it('refuses a page size that is not an integer from 1 to 50000', () => {
    for (const bad of ['0', '2.5', 'ten', '50001']) {
      expect(() => cftcPositions.transformQuery({ ...WINDOW, params: { page_size: bad } }), bad).toThrow(
        `--param page_size=${bad}: not an integer from 1 to 50000`,
      );
    }
  });

  it('cuts a long window into chunks of 366 days', () => {
    const q = cftcPositions.transformQuery({ from: '2024-01-01', to: '2026-02-03', now: WINDOW.now });
    expect(cftcPositions.chunks!(q).map((c) => [c.from, c.to])).toEqual([
      ['2024-01-01', '2024-12-31'],
      ['2025-01-01', '2026-01-01'],
      ['2026-01-02', '2026-02-03'],
    ]);
  });
});

describe('cftc cftc_positions: paging and errors against a local Socrata look-alike', () => {
  it('pages with $limit/$offset in a stable order until a short page', async () => {
    const r = await run(socrata(), { ...WINDOW, params: { page_size: '2' } });
    expect(r.error).toBeUndefined();
    expect(r.summary).toMatchObject({ rows: 5, inserted: 5, requests: 3 });
    expect(r.requests.map((q) => [q.query.$limit, q.query.$offset])).toEqual([
      ['2', '0'],
      ['2', '2'],
      ['2', '4'],
    ]);
    expect(r.requests[0]!.query.$order).toBe('report_date_as_yyyy_mm_dd,:id');
    expect(r.requests[0]!.query.$where).toBe(
      "cftc_contract_market_code='133741' AND report_date_as_yyyy_mm_dd between '2026-01-06T00:00:00.000' and '2026-02-03T00:00:00.000'",
    );
    expect(r.stored).toBe(5);
  });

  it('asks once more after a full last page and stops on the empty one', async () => {
    const r = await run(socrata(), { ...WINDOW, params: { page_size: '5' } });
    expect(r.summary).toMatchObject({ rows: 5, requests: 2 });
    expect(r.requests.map((q) => q.query.$offset)).toEqual(['0', '5']);
  });

  it('sends the optional app token as a header, never in the URL', async () => {
    const r = await run(socrata(), WINDOW, { credentials: { CRASHSCOPE_CFTC_APP_TOKEN: 'tok-123' } });
    expect(r.requests[0]!.headers['x-app-token']).toBe('tok-123');
    expect(r.requests[0]!.url).not.toContain('tok-123');
    const without = await run(socrata());
    expect(without.requests[0]!.headers['x-app-token']).toBeUndefined();
  });

  it("maps Socrata's error body through the vendor table, with its message, without retrying", async () => {
    const r = await run(() => ({
      status: 400,
      body: {
        code: 'query.soql.no-such-column',
        error: true,
        message: 'No such column: lev_money_positions_long_all',
        data: { column: 'lev_money_positions_long_all' },
      },
    }));
    expect(r.error).toBeInstanceOf(ProviderError);
    expect((r.error as ProviderError).code).toBe('bad_request');
    expect((r.error as Error).message).toContain(
      'cftc cftc_positions: query.soql.no-such-column: No such column: lev_money_positions_long_all (HTTP 400',
    );
    expect(r.requests).toHaveLength(1);
    expect(r.stored).toBe(0);
  });

  it('retries a 429 after its Retry-After, then stores the rows', async () => {
    const transport = testTransport();
    const r = await run(
      inSequence({ status: 429, headers: { 'retry-after': '3' }, body: '' }, { body: fixture }),
      WINDOW,
      { transport },
    );
    expect(r.summary).toMatchObject({ rows: 5, requests: 2 });
    expect(transport.sleeps).toContain(3000);
  });

  it('stores nothing from a chunk whose second page fails, keeps the first chunk', async () => {
    let n = 0;
    const r = await run(
      (req) => {
        n++;
        // Chunk 1 (2025) is one short page; chunk 2's second page is a server error.
        if (req.query.$where!.includes("'2025-01-01")) return { body: [] };
        return req.query.$offset === '0' ? { body: fixture.slice(0, 2) } : { status: 500, body: 'oops' };
      },
      { from: '2025-01-01', to: '2026-02-03', now: WINDOW.now, params: { page_size: '2' } },
    );
    expect(n).toBeGreaterThan(2);
    expect(r.error).toBeInstanceOf(ProviderError);
    expect((r.error as Error).message).toContain(
      'chunk 2/2: nothing from it was stored; chunk 1 (0 rows) was stored',
    );
    expect(r.stored).toBe(0);
  });
});

describe('cftc cftc_positions: a server that repeats a full page', () => {
  it('stops with pager_stuck after the repeat instead of looping for ever, and stores nothing', async () => {
    const page = Array.from({ length: 2 }, (_, i) => ({ ...fixture[i]! }));
    // Ignores $offset: every request gets the same full page.
    const r = await run(() => ({ body: page }), { ...WINDOW, params: { page_size: '2' } });
    expect(r.error).toBeInstanceOf(ProviderError);
    expect((r.error as ProviderError).code).toBe('pager_stuck');
    expect((r.error as Error).message).toMatch(/^cftc cftc_positions: page 2 \(cursor 2\) repeats page 1/);
    expect(r.requests).toHaveLength(2);
    expect(r.stored).toBe(0);
  });
});

describe('cftc cftc_positions: a wrong --symbol is not an empty market', () => {
  it('no report in weeks that were all due: a notice, and a run that stores nothing fails naming it', async () => {
    const r = await run(() => ({ body: [] }), { ...WINDOW, symbol: '999999' });
    expect(r.error).toBeInstanceOf(ProviderError);
    expect((r.error as ProviderError).code).toBe('nothing_stored');
    expect((r.error as Error).message).toBe(
      'cftc cftc_positions: nothing stored: every request was refused or missing (missing x1); nothing is published for this --symbol and window: check --symbol and --from/--to',
    );
    const q = cftcPositions.transformQuery({ ...WINDOW, symbol: '999999' });
    expect(cftcPositions.transform(q, [[]]).notices).toEqual([
      {
        kind: 'missing',
        message:
          'cftc cftc_positions: no report for contract code 999999 in 2026-01-06..2026-02-03, though 5 weekly report(s) were due; check --symbol (CME Bitcoin is 133741)',
      },
    ]);
  });

  it('a window whose reports are not yet due stores nothing without an error', async () => {
    const r = await run(() => ({ body: [] }), {
      from: '2026-02-09',
      to: '2026-02-10',
      now: '2026-02-10T00:00:00Z',
    });
    expect(r.error).toBeUndefined();
    expect(r.summary).toMatchObject({ rows: 0, notices: [] });
  });
});
