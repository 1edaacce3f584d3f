import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  AccessDeniedError,
  InvalidInputError,
  PayloadError,
  ProviderError,
  RateLimitError,
} from '../../../errors.js';
import { datasetContract } from '../testkit/contract.js';
import { installNetworkGuard } from '../testkit/networkGuard.js';
import { type IngestRun, type RunInput, runIngest } from '../testkit/runIngest.js';
import { type Handler, inSequence } from '../testkit/server.js';
import { type TestTransport, testTransport } from '../testkit/transport.js';
import { occ } from './index.js';
import { occOptionsDaily, weekdaysOf } from './optionsDaily.js';

/** Built to the shape public scrapers record (see fixtures/README.md); quantities illustrative. */
const CSV = readFileSync(new URL('./fixtures/volume-query.IBIT.20260205.csv', import.meta.url), 'utf8');
const NO_RECORDS = readFileSync(new URL('./fixtures/volume-query.no-records.txt', import.meta.url), 'utf8');
const TEXT = { 'content-type': 'text/csv' };

/** The fixture's lines re-dated to `date` (YYYY-MM-DD). */
function csvFor(date: string, scale = 1): string {
  const us = `${date.slice(5, 7)}/${date.slice(8)}/${date.slice(0, 4)}`;
  return CSV.split('\n')
    .map((l, i) =>
      i === 0 || l === '' ? l : l.replace('02/05/2026', us).replace(/^\d+/, (q) => String(Number(q) * scale)),
    )
    .join('\n');
}

const byDate: Handler = (req) => {
  const d = req.query.reportDate ?? '';
  if (d === '20260205') return { headers: TEXT, body: CSV };
  if (d === '20260204') return { headers: TEXT, body: csvFor('2026-02-04', 2) };
  return { headers: { 'content-type': 'text/plain' }, body: NO_RECORDS };
};

// 02-04 and 02-05 have reports; 02-06 (Friday) answers "No record(s) found"; 02-07/08 are a weekend.
datasetContract(occ, 'options_daily', {
  input: { symbol: 'IBIT', from: '2026-02-04', to: '2026-02-08', now: '2026-02-10T00:00:00Z' },
  respond: byDate,
  rows: 2,
});

installNetworkGuard();

const run = (handler: Handler, input: RunInput, transport?: TestTransport): Promise<IngestRun> =>
  runIngest({
    provider: 'occ',
    dataset: 'options_daily',
    handler,
    input,
    transport,
    now: '2026-02-10T00:00:00Z',
  });

const day = (d: string) =>
  occOptionsDaily.transformQuery({ symbol: 'IBIT', from: d, to: d, now: '2026-02-10T00:00:00Z' });

describe('occ options_daily: query', () => {
  it('defaults to IBIT over the 30 days to today, and makes one chunk per weekday', () => {
    const q = occOptionsDaily.transformQuery({ now: '2026-02-10T15:00:00Z' });
    expect(q).toEqual({ symbol: 'IBIT', from: '2026-01-12', to: '2026-02-10' });
    const chunks = occOptionsDaily.chunks!({ symbol: 'IBIT', from: '2026-02-05', to: '2026-02-10' });
    expect(chunks.map((c) => [c.from, c.to])).toEqual([
      ['2026-02-05', '2026-02-05'],
      ['2026-02-06', '2026-02-06'],
      ['2026-02-09', '2026-02-09'],
      ['2026-02-10', '2026-02-10'],
    ]);
    expect(weekdaysOf('2026-02-07', '2026-02-08')).toEqual([]);
    const call = (): unknown =>
      occOptionsDaily.transformQuery({ symbol: 'IBIT&x=1', now: '2026-02-10T00:00:00Z' });
    expect(call).toThrow(InvalidInputError);
    expect(call).toThrow('--symbol');
  });
});

describe('occ options_daily: transform', () => {
  it('halves the side totals over every account type and exchange (OCC counts both sides)', () => {
    // By hand from the fixture: call sides 412318+201004+150220+98458 (customer) + 40112+21090 (firm)
    // + 452430+201004+150220+21090+98458 (market maker) = 1,846,404 -> 923,202 contracts; put sides
    // 388760+120500+99981+64113 + 52008 + 440768+120500+99981+64113 = 1,450,724 -> 725,362.
    expect(occOptionsDaily.transform(day('2026-02-05'), [CSV])).toEqual({
      rows: [{ date: '2026-02-05', underlying: 'IBIT', call_volume: 923_202, put_volume: 725_362 }],
      skipped: [],
    });
  });

  it('gives zero rows, and no error, for a day without records (holiday)', () => {
    expect(occOptionsDaily.transform(day('2026-02-16'), [NO_RECORDS])).toEqual({ rows: [], skipped: [] });
    expect(occOptionsDaily.transform(day('2026-02-16'), ['No record(s) found\r\n'])).toEqual({
      rows: [],
      skipped: [],
    });
  });

  it('reads CRLF lines, lines without the trailing comma, and columns in another order', () => {
    const reordered =
      'actdate,porc,actype,quantity,exchange,symbol,underlying\r\n02/05/2026,C,C,10,CBOE,IBIT,IBIT\r\n' +
      '02/05/2026,C,M,10,CBOE,IBIT,IBIT,\r\n02/05/2026,P,C,4,ISE,IBIT,IBIT\r\n02/05/2026,P,M,4,ISE,IBIT,IBIT\r\n';
    expect(occOptionsDaily.transform(day('2026-02-05'), [reordered]).rows).toEqual([
      { date: '2026-02-05', underlying: 'IBIT', call_volume: 10, put_volume: 4 },
    ]);
  });

  it('leaves out adjusted roots (a digit in the root) and counts them', () => {
    const body = `${CSV}8,IBIT,2IBIT,C,C,CBOE,02/05/2026,\n8,IBIT,2IBIT,M,C,CBOE,02/05/2026,\n`;
    expect(occOptionsDaily.transform(day('2026-02-05'), [body])).toEqual({
      rows: [{ date: '2026-02-05', underlying: 'IBIT', call_volume: 923_202, put_volume: 725_362 }],
      skipped: [{ reason: 'adjusted_root', count: 2 }],
    });
  });

  it('names the day, line and field of a report that is not what OCC sends', () => {
    const line = (l: string): string => `quantity,underlying,symbol,actype,porc,exchange,actdate\n${l}\n`;
    const cases: [unknown, string][] = [
      [
        'Report Format is Required',
        'reportDate=20260205 line 1 (header): "Report Format is Required": expected OCC\'s CSV header',
      ],
      ['<html><body>Service Unavailable</body></html>', 'reportDate=20260205 line 1 (header): "<html>'],
      [
        line('1x,IBIT,IBIT,C,C,CBOE,02/05/2026,'),
        'reportDate=20260205 line 2 (quantity): "1x": expected a whole number',
      ],
      [
        line('2,SPY,SPY,C,C,CBOE,02/05/2026,'),
        'reportDate=20260205 line 2 (underlying): "SPY": expected \'IBIT\'',
      ],
      [
        line('2,IBIT,IBIT,X,C,CBOE,02/05/2026,'),
        'line 2 (actype): "X": expected C (customer), F (firm) or M (market maker)',
      ],
      [line('2,IBIT,IBIT,C,B,CBOE,02/05/2026,'), 'line 2 (porc): "B": expected C (call) or P (put)'],
      [
        line('2,IBIT,IBIT,C,C,CBOE,02/04/2026,'),
        'line 2 (actdate): "02/04/2026": expected 02/05/2026, the day asked for',
      ],
      [line('2,IBIT,IBIT,C,C,CBOE,2026-02-05,'), 'line 2 (actdate): "2026-02-05"'],
      [
        line('2,IBIT,IBIT,C,C,CBOE'),
        'reportDate=20260205 line 2: "2,IBIT,IBIT,C,C,CBOE": expected 7 comma-separated fields',
      ],
      [line('"2",IBIT,IBIT,C,C,CBOE,02/05/2026,'), 'line 2: "\\"2\\",IBIT'],
      [
        line('2,IBIT,IBIT,C,C,CBOE,02/05/2026,\n2,IBIT,IBIT,C,C,CBOE,02/05/2026,'),
        'line 3: "2,IBIT,IBIT,C,C,CBOE,02/05/2026,": expected one line per root',
      ],
      [
        line('3,IBIT,IBIT,C,C,CBOE,02/05/2026,'),
        'reportDate=20260205 (quantity, calls): 3: expected an even number of contract sides',
      ],
      // A body cut mid-line (56 + 38 characters for lines 1-2, then 16 of line 3): the last line loses fields.
      [
        CSV.slice(0, 110),
        'reportDate=20260205 line 3: "201004,IBIT,IBIT": expected 7 comma-separated fields',
      ],
      // Cut right after a comma, the line still has 7 fields but no date.
      [CSV.slice(0, 120), 'reportDate=20260205 line 3 (actdate): "": expected 02/05/2026'],
      [[], 'payload field (body): []: expected 1 report bodies'],
      [[CSV, CSV], 'payload field (body)'],
      [[42], 'payload field (body)'],
    ];
    for (const [payload, message] of cases) {
      const call = (): unknown =>
        occOptionsDaily.transform(day('2026-02-05'), Array.isArray(payload) ? payload : [payload]);
      expect(call, message).toThrow(PayloadError);
      expect(call, message).toThrow(
        message.startsWith('payload field') ? `occ options_daily: ${message}` : message,
      );
    }
  });
});

describe('occ options_daily: ingest against a local server shaped like OCC', () => {
  it('sends one request per weekday with the documented parameters, none for the weekend', async () => {
    const r = await run(byDate, { from: '2026-02-05', to: '2026-02-09', now: '2026-02-10T00:00:00Z' });
    expect(r.error).toBeUndefined();
    expect(r.requests.map((x) => x.query.reportDate)).toEqual(['20260205', '20260206', '20260209']);
    expect(r.requests[0]!.path).toBe('/volume-query');
    expect(r.requests[0]!.query).toEqual({
      reportDate: '20260205',
      format: 'csv',
      volumeQueryType: 'O',
      symbolType: 'U',
      symbol: 'IBIT',
      reportType: 'D',
      accountType: 'ALL',
      productKind: 'ALL',
      porc: 'BOTH',
    });
    expect(r.summary).toMatchObject({ rows: 1, inserted: 1 });
    expect(r.summary!.chunks).toHaveLength(3);
    expect(r.rows).toMatchObject([
      {
        date: '2026-02-05',
        underlying: 'IBIT',
        call_volume: 923_202,
        put_volume: 725_362,
        call_oi: null,
        put_oi: null,
        source: 'occ:/volume-query',
        quality: 'observed',
      },
    ]);
  });

  it('stores nothing for a weekend-only window, without a request or an error', async () => {
    const r = await run(byDate, { from: '2026-02-07', to: '2026-02-08', now: '2026-02-10T00:00:00Z' });
    expect(r.error).toBeUndefined();
    expect(r.requests).toHaveLength(0);
    expect(r.summary).toMatchObject({ rows: 0, chunks: [] });
  });

  it('keeps the days stored before a failing day and says how to resume', async () => {
    const r = await run(
      (req) =>
        req.query.reportDate === '20260205' ? { headers: TEXT, body: 'Report Type is invalid' } : byDate(req),
      { from: '2026-02-04', to: '2026-02-05', now: '2026-02-10T00:00:00Z' },
    );
    expect(r.error).toBeInstanceOf(PayloadError);
    expect((r.error as Error).message).toContain(
      'chunk 2/2: nothing from it was stored; chunk 1 (1 rows) was stored',
    );
    expect(r.rows.map((x) => [x.date, x.call_volume])).toEqual([['2026-02-04', 1_846_404]]);
  });

  it('waits out a 429 with Retry-After, then stores the day', async () => {
    const transport = testTransport();
    const r = await run(
      inSequence(
        { status: 429, headers: { 'retry-after': '3' }, body: 'Too Many Requests' },
        { headers: TEXT, body: CSV },
      ),
      { from: '2026-02-05', to: '2026-02-05', now: '2026-02-10T00:00:00Z' },
      transport,
    );
    expect(r.error).toBeUndefined();
    expect(transport.sleeps).toEqual([3000]);
    expect(r.rows).toHaveLength(1);
  });

  it('gives up after repeated 429s with a RateLimitError', async () => {
    const r = await run(() => ({ status: 429, body: '' }), {
      from: '2026-02-05',
      to: '2026-02-05',
      now: '2026-02-10T00:00:00Z',
    });
    expect(r.error).toBeInstanceOf(RateLimitError);
    expect(r.requests).toHaveLength(4);
  });

  it('maps 451 to AccessDeniedError without retrying', async () => {
    const r = await run(() => ({ status: 451, body: 'Unavailable For Legal Reasons' }), {
      from: '2026-02-05',
      to: '2026-02-05',
      now: '2026-02-10T00:00:00Z',
    });
    expect(r.error).toBeInstanceOf(AccessDeniedError);
    expect(r.requests).toHaveLength(1);
  });

  it('recovers from a 500', async () => {
    const r = await run(
      inSequence({ status: 500, body: 'Internal Server Error' }, { headers: TEXT, body: CSV }),
      {
        from: '2026-02-05',
        to: '2026-02-05',
        now: '2026-02-10T00:00:00Z',
      },
    );
    expect(r.summary).toMatchObject({ rows: 1, requests: 2 });
  });

  it('treats a transfer cut halfway as a network error: retried, then a ProviderError, nothing stored', async () => {
    const r = await run(() => ({ headers: TEXT, body: CSV, fault: 'cut' }), {
      from: '2026-02-05',
      to: '2026-02-05',
      now: '2026-02-10T00:00:00Z',
    });
    expect(r.error).toBeInstanceOf(ProviderError);
    expect((r.error as ProviderError).code).toBe('network_error');
    expect(r.requests).toHaveLength(4);
    expect(r.rows).toHaveLength(0);
  });

  it('refuses a complete but truncated report with a PayloadError naming the line, and stores nothing', async () => {
    const r = await run(() => ({ headers: TEXT, body: CSV.slice(0, 110) }), {
      from: '2026-02-05',
      to: '2026-02-05',
      now: '2026-02-10T00:00:00Z',
    });
    expect(r.error).toBeInstanceOf(PayloadError);
    expect((r.error as Error).message).toContain(
      'occ options_daily: payload field reportDate=20260205 line 3: "201004,IBIT,IBIT": expected 7 comma-separated fields',
    );
    expect(r.rows).toHaveLength(0);
  });
});
