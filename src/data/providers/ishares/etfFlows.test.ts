import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AccessDeniedError, InvalidInputError, PayloadError, RateLimitError } from '../../../errors.js';
import { datasetContract } from '../testkit/contract.js';
import { installNetworkGuard } from '../testkit/networkGuard.js';
import { type IngestRun, type RunInput, runIngest } from '../testkit/runIngest.js';
import { type Handler, inSequence } from '../testkit/server.js';
import { type TestTransport, testTransport } from '../testkit/transport.js';
import { FUND_DOCUMENT_PATH, isharesEtfFlows } from './etfFlows.js';
import { ishares } from './index.js';

/** Built to the layout public readers of the file record (see fixtures/README.md); values illustrative. */
const fixture = (name: string): string =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const FEB = fixture('fundDownload.IBIT.2026-02-06.xls');
const LAUNCH = fixture('fundDownload.IBIT.launch.xls');
const XLS = { 'content-type': 'application/vnd.ms-excel' };

datasetContract(ishares, 'etf_flows', {
  input: { symbol: 'IBIT', from: '2026-01-29', to: '2026-02-06', now: '2026-02-07T00:00:00Z' },
  respond: (req) =>
    req.path === FUND_DOCUMENT_PATH && req.query.portfolioId === '333011'
      ? { headers: XLS, body: FEB }
      : { status: 404, headers: { 'content-type': 'text/html' }, body: '<html>Not Found</html>' },
  rows: 6,
});

installNetworkGuard();

const NOW = '2026-02-07T00:00:00Z';
const all = isharesEtfFlows.transformQuery({ now: NOW });

const run = (handler: Handler, input: RunInput = {}, transport?: TestTransport): Promise<IngestRun> =>
  runIngest({ provider: 'ishares', dataset: 'etf_flows', handler, input, transport, now: NOW });

const flow = (date: string, flow_usd: number) => ({
  date,
  ticker: 'IBIT',
  flow_usd,
  method: 'shares_outstanding_t',
  flow_source: 'ishares',
});

/** Rounds flows to cents so that hand-computed products compare exactly. */
const cents = (rows: readonly { flow_usd: number }[]) =>
  rows.map((r) => ({ ...r, flow_usd: Math.round(r.flow_usd * 100) / 100 }));

const NS = 'urn:schemas-microsoft-com:office:spreadsheet';
/** A Historical sheet in Excel's default-namespace form, rows given as XML. */
const workbook = (rows: string, sheet = 'Historical'): string =>
  `<?xml version="1.0"?>\n<Workbook xmlns="${NS}" xmlns:ss="${NS}"><Worksheet ss:Name="${sheet}"><Table>${rows}</Table></Worksheet></Workbook>`;
const s = (v: string, index = '') => `<Cell${index}><Data ss:Type="String">${v}</Data></Cell>`;
const n = (v: string, index = '') => `<Cell${index}><Data ss:Type="Number">${v}</Data></Cell>`;
const header = `<Row>${s('As Of')}${s('NAV per Share')}${s('Ex-Dividends')}${s('Shares Outstanding')}</Row>`;

describe('ishares etf_flows: query', () => {
  it('defaults to IBIT (portfolioId 333011), the whole file, up to today', () => {
    expect(all).toEqual({ ticker: 'IBIT', portfolioId: '333011', from: null, to: '2026-02-07' });
  });

  it('needs a portfolioId for other funds, and checks it', () => {
    const etha = (): unknown => isharesEtfFlows.transformQuery({ symbol: 'ETHA', now: NOW });
    expect(etha).toThrow(InvalidInputError);
    expect(etha).toThrow('--param portfolioId is required for ETHA');
    expect(
      isharesEtfFlows.transformQuery({ symbol: 'etha', params: { portfolioId: '337614' }, now: NOW }),
    ).toMatchObject({
      ticker: 'ETHA',
      portfolioId: '337614',
    });
    const bad = (): unknown =>
      isharesEtfFlows.transformQuery({ params: { portfolioId: '333011&x=1' }, now: NOW });
    expect(bad).toThrow('--param portfolioId');
  });
});

describe('ishares etf_flows: transform', () => {
  it('derives each day from the change in shares since the previous row, valued at the day NAV', () => {
    const out = isharesEtfFlows.transform(all, FEB);
    // By hand from the fixture (newest first in the file): 02-06 (1,370,520,000 - 1,369,960,000) x 39.112345;
    // 02-05 +6,000,000 x 35.876543; 02-04 -9,480,000 x 40.123456; 02-03 -2,760,000 x 41.654321;
    // 02-02 -6,640,000 x 43.210987; 01-30 -12,040,000 x 44.052711; 01-29 has no previous row.
    expect(cents(out.rows)).toEqual([
      flow('2026-01-30', -530_394_640.44),
      flow('2026-02-02', -286_920_953.68),
      flow('2026-02-03', -114_965_925.96),
      flow('2026-02-04', -380_370_362.88),
      flow('2026-02-05', 215_259_258),
      flow('2026-02-06', 21_902_913.2),
    ]);
    expect(out.skipped).toEqual([{ reason: 'no_previous_day', count: 1 }]);
  });

  it('filters the days reported by the window, still using the row before --from', () => {
    const q = isharesEtfFlows.transformQuery({ from: '2026-02-05', to: '2026-02-05', now: NOW });
    const out = isharesEtfFlows.transform(q, FEB);
    expect(cents(out.rows)).toEqual([flow('2026-02-05', 215_259_258)]);
    expect(out.skipped).toEqual([{ reason: 'outside_window', count: 6 }]);
  });

  it("skips the '--' days before the first NAV and the first day of the fund (no previous count)", () => {
    const out = isharesEtfFlows.transform(all, LAUNCH);
    // 01-12: (18,120,000 - 9,440,000) x 24.601256; 01-16: (23,880,000 - 18,120,000) x 24.839601.
    expect(cents(out.rows)).toEqual([flow('2024-01-12', 213_538_902.08), flow('2024-01-16', 143_076_101.76)]);
    expect(out.skipped).toEqual([
      { reason: 'null_values', count: 4 },
      { reason: 'no_previous_day', count: 1 },
    ]);
  });

  it('reads skipped cells (ss:Index), the default namespace, a BOM, DateTime and ISO dates, text numbers and extra columns', () => {
    const text =
      '\uFEFF' +
      workbook(
        `<Row>${s('As Of')}${s('NAV per Share')}${s('Ex-Dividends')}${s('Shares Outstanding')}${s('Non-FV NAV')}</Row>` +
          // Ex-Dividends skipped with ss:Index; the share count as text with separators.
          `<Row>${s('Feb 05, 2026')}${n('35.876543')}${s('1,369,960,000', ' ss:Index="4"')}${n('35.9')}</Row>` +
          `<Row><Cell><Data ss:Type="DateTime">2026-02-04T00:00:00.000</Data></Cell>${n('40.123456')}<Cell/>${n('1363960000')}</Row>` +
          `<Row ss:Index="5">${s('2026-02-03')}${n('41.654321')}${s('--')}${n('1.37344E9')}</Row>`,
      );
    const out = isharesEtfFlows.transform(all, text);
    expect(cents(out.rows)).toEqual([flow('2026-02-04', -380_370_362.88), flow('2026-02-05', 215_259_258)]);
    expect(out.skipped).toEqual([{ reason: 'no_previous_day', count: 1 }]);
  });

  it('drops an identical repeated day and refuses a conflicting one', () => {
    const row = `<Row>${s('Feb 05, 2026')}${n('35.876543')}${s('--')}${n('1369960000')}</Row>`;
    const prev = `<Row>${s('Feb 04, 2026')}${n('40.123456')}${s('--')}${n('1363960000')}</Row>`;
    expect(isharesEtfFlows.transform(all, workbook(header + row + row + prev)).skipped).toEqual([
      { reason: 'duplicate', count: 1 },
      { reason: 'no_previous_day', count: 1 },
    ]);
    const other = row.replace('1369960000', '1369920000');
    const call = (): unknown => isharesEtfFlows.transform(all, workbook(header + row + other + prev));
    expect(call).toThrow(PayloadError);
    expect(call).toThrow(
      'payload field Historical!A3 (As Of): "2026-02-05": expected one row per day (Historical!A2 (As Of) differs)',
    );
  });

  it('names the field of a file that is not the fund download', () => {
    const cases: [unknown, string][] = [
      [42, 'payload field (body): 42: expected the text of the SpreadsheetML fund download'],
      [
        '<!DOCTYPE html><html><body>app</body></html>',
        'payload field (body): "<!DOCTYPE html><html><body>app</body></html>": expected the SpreadsheetML fund download, not an HTML page',
      ],
      [
        '',
        'payload field (body) line 1, column 1: "": expected well-formed SpreadsheetML (the document is empty)',
      ],
      [
        FEB.slice(0, 2000),
        'expected well-formed SpreadsheetML (the input ends inside <ss:Data> (truncated?))',
      ],
      [
        FEB.replace(
          '</ss:Table></ss:Worksheet>\n<ss:Worksheet ss:Name="Historical">',
          '</ss:Table></ss:Worksheet>\n<ss:Worksheet ss:Name="Historical"><ss:Foo>',
        ),
        'expected well-formed SpreadsheetML (</ss:Worksheet> closes <ss:Foo>)',
      ],
      [
        FEB.replace('ss:Name="Historical"', 'ss:Name="History"'),
        'payload field Worksheet "Historical": ["Holdings","History","Performance"]: expected exactly one worksheet named "Historical" (found 0)',
      ],
      [
        workbook(`<Row>${s('Date')}${s('NAV')}</Row>`),
        "payload field Historical!1 (header row): [\"Date\",\"NAV\"]: expected a header row with 'As Of', 'NAV per Share' and 'Shares Outstanding'",
      ],
      [
        workbook(`${header}<Row>${s('11/01/2024')}${n('26.39')}${s('--')}${n('1')}</Row>`),
        'payload field Historical!A2 (As Of): "11/01/2024": expected a date like',
      ],
      [
        workbook(`${header}<Row>${s('Feb 30, 2026')}${n('26.39')}${s('--')}${n('1')}</Row>`),
        'payload field Historical!A2 (As Of): "Feb 30, 2026"',
      ],
      [
        workbook(`${header}<Row>${n('45328')}${n('26.39')}${s('--')}${n('1')}</Row>`),
        'payload field Historical!A2 (As Of): "45328"',
      ],
      [
        workbook(`${header}<Row>${s('Feb 05, 2026')}${s('n/a')}${s('--')}${n('1')}</Row>`),
        'payload field Historical!B2 (NAV per Share): "n/a": expected a NAV > 0',
      ],
      [
        workbook(`${header}<Row>${s('Feb 05, 2026')}${n('0')}${s('--')}${n('1')}</Row>`),
        'payload field Historical!B2 (NAV per Share): "0"',
      ],
      [
        workbook(`${header}<Row>${s('Feb 05, 2026')}${n('26.39')}${s('--')}${n('-40000')}</Row>`),
        'payload field Historical!D2 (Shares Outstanding): "-40000": expected a share count >= 0',
      ],
    ];
    for (const [payload, message] of cases) {
      const call = (): unknown => isharesEtfFlows.transform(all, payload);
      expect(call, message).toThrow(PayloadError);
      expect(call, message).toThrow(message);
    }
  });
});

describe('ishares etf_flows: ingest against a local server shaped like the fund-document API', () => {
  it('sends the fund-document query and stores the flows', async () => {
    const r = await run(() => ({ headers: XLS, body: FEB }));
    expect(r.error).toBeUndefined();
    expect(r.requests).toHaveLength(1);
    expect(r.requests[0]!.path).toBe(FUND_DOCUMENT_PATH);
    expect(r.requests[0]!.query).toEqual({
      appType: 'PRODUCT_PAGE',
      appSubType: 'ISHARES',
      targetSite: 'us-ishares',
      locale: 'en_US',
      portfolioId: '333011',
      component: 'fundDownload',
      userType: 'individual',
    });
    expect(r.summary).toMatchObject({ rows: 6, inserted: 6, source: `ishares:${FUND_DOCUMENT_PATH}` });
  });

  it('waits out a 429 with Retry-After, then stores the flows', async () => {
    const transport = testTransport();
    const r = await run(
      inSequence({ status: 429, headers: { 'retry-after': '5' }, body: '' }, { headers: XLS, body: FEB }),
      { now: NOW },
      transport,
    );
    expect(r.error).toBeUndefined();
    expect(transport.sleeps).toEqual([5000]);
    expect(r.stored).toBe(6);
  });

  it('gives up after repeated 429s with a RateLimitError, storing nothing', async () => {
    const r = await run(() => ({ status: 429, body: '' }));
    expect(r.error).toBeInstanceOf(RateLimitError);
    expect(r.requests).toHaveLength(4);
    expect(r.stored).toBe(0);
  });

  it('maps 451 to AccessDeniedError without retrying', async () => {
    const r = await run(() => ({
      status: 451,
      headers: { 'content-type': 'text/html' },
      body: '<html>no</html>',
    }));
    expect(r.error).toBeInstanceOf(AccessDeniedError);
    expect(r.requests).toHaveLength(1);
  });

  it('recovers from a 500', async () => {
    const r = await run(inSequence({ status: 500, body: 'error' }, { headers: XLS, body: FEB }));
    expect(r.summary).toMatchObject({ rows: 6, requests: 2 });
  });

  it('refuses a truncated file with a PayloadError naming the line and column, and stores nothing', async () => {
    const cut = FEB.indexOf('Feb 03, 2026');
    const r = await run(() => ({ headers: XLS, body: FEB.slice(0, cut) }));
    // The cut falls inside the <ss:Data> of the 02-03 date: the error points at that element.
    const dataAt = FEB.lastIndexOf('<ss:Data', cut);
    const line = FEB.slice(0, dataAt).split('\n').length;
    const column = dataAt - FEB.lastIndexOf('\n', dataAt);
    expect(r.error).toBeInstanceOf(PayloadError);
    expect((r.error as Error).message).toContain(
      `ishares etf_flows: payload field (body) line ${line}, column ${column}: "<ss:Data ss:Type=\\"String\\">": expected well-formed SpreadsheetML (the input ends inside <ss:Data> (truncated?))`,
    );
    expect((r.error as Error).message).toContain('(truncated?)');
    expect(r.stored).toBe(0);
  });
});
