import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  AccessDeniedError,
  DataError,
  InvalidInputError,
  PayloadError,
  ProviderError,
} from '../../../errors.js';
import type { RetryPolicy } from '../http.js';
import { datasetContract } from '../testkit/contract.js';
import { installNetworkGuard } from '../testkit/networkGuard.js';
import { type IngestRun, type RunInput, runIngest } from '../testkit/runIngest.js';
import { type Handler, inSequence } from '../testkit/server.js';
import { cmeFuturesSettlements, SETTLEMENTS_PATH } from './futuresSettlements.js';
import { cme } from './index.js';

const fixtureText = readFileSync(
  new URL('./fixtures/settlements.BTC.2026-02-05.json', import.meta.url),
  'utf8',
);
/** Constructed in the shape of recorded CME settlements responses (see fixtures/README.md). */
const fixture = JSON.parse(fixtureText) as { settlements: Record<string, string>[] } & Record<
  string,
  unknown
>;

datasetContract(cme, 'futures_settlements', {
  input: { from: '2026-02-05', to: '2026-02-05', now: '2026-02-10T00:00:00Z' },
  respond: (req) =>
    req.path === SETTLEMENTS_PATH && req.query.tradeDate === '02/05/2026'
      ? { body: fixture }
      : { status: 404, body: '<html>Not Found</html>', headers: { 'content-type': 'text/html' } },
  rows: 8,
});

installNetworkGuard();

const DAY = { from: '2026-02-05', to: '2026-02-05', now: '2026-02-10T00:00:00Z' };
const tmp = mkdtempSync(join(tmpdir(), 'crashscope-cme-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const run = (handler: Handler, input: RunInput = DAY, policy?: Partial<RetryPolicy>): Promise<IngestRun> =>
  runIngest({
    provider: 'cme',
    dataset: 'futures_settlements',
    handler,
    input,
    policy,
    now: '2026-02-10T00:00:00Z',
  });

/** The fixture with some settlement records replaced. */
function withRecords(patch: (s: Record<string, string>[]) => Record<string, string>[]): unknown {
  return { ...fixture, settlements: patch(fixture.settlements.map((s) => ({ ...s }))) };
}

describe('cme futures_settlements: transform of the constructed 2026-02-05 payload', () => {
  it('gives one row per contract month, read off the fixture by hand, with expiries and codes', () => {
    const q = cmeFuturesSettlements.transformQuery(DAY);
    const out = cmeFuturesSettlements.transform(q, fixture);
    expect(out.rows.map((r) => [r.contract, r.expiry, r.settle, r.volume, r.open_interest])).toEqual([
      ['BTCG6', '2026-02-27', 63930, 32300, 18160],
      ['BTCH6', '2026-03-27', 64095, 1900, 3177],
      ['BTCJ6', '2026-04-24', 64295, 410, 908],
      ['BTCK6', '2026-05-29', 64520, 35, 120],
      ['BTCM6', '2026-06-26', 64745, 240, 341],
      ['BTCN6', '2026-07-31', 64960, 0, 12],
      ['BTCZ6', '2026-12-24', 66085, 61, 1064],
      ['BTCZ7', '2027-12-31', 68910, 0, 75],
    ]);
    for (const r of out.rows)
      expect({ date: r.date, venue: r.venue, multiplier: r.multiplier }).toEqual({
        date: '2026-02-05',
        venue: 'cme',
        multiplier: 5,
      });
    expect(out.skipped).toEqual([{ reason: 'total_row', count: 1 }]);
    // The Total row of the fixture is the sum of the months (a check on the fixture itself).
    const sum = (k: 'volume' | 'open_interest'): number => out.rows.reduce((s, r) => s + r[k], 0);
    expect([sum('volume'), sum('open_interest')]).toEqual([34946, 23857]);
  });

  it('orders the months by expiry whatever the order on the wire', () => {
    const q = cmeFuturesSettlements.transformQuery(DAY);
    const out = cmeFuturesSettlements.transform(
      q,
      withRecords((s) => [...s].reverse()),
    );
    expect(out.rows.map((r) => r.contract)).toEqual([
      'BTCG6',
      'BTCH6',
      'BTCJ6',
      'BTCK6',
      'BTCM6',
      'BTCN6',
      'BTCZ6',
      'BTCZ7',
    ]);
  });

  it("skips a month whose settle, volume or open interest is '-' and counts it", () => {
    const q = cmeFuturesSettlements.transformQuery(DAY);
    const body = withRecords((s) => {
      s[1]!.settle = '-';
      s[5]!.volume = '-';
      s[7]!.openInterest = '-';
      return s;
    });
    const out = cmeFuturesSettlements.transform(q, body);
    expect(out.rows.map((r) => r.contract)).toEqual(['BTCG6', 'BTCJ6', 'BTCK6', 'BTCM6', 'BTCZ6']);
    expect(out.skipped).toEqual([
      { reason: 'null_values', count: 3 },
      { reason: 'total_row', count: 1 },
    ]);
  });

  it("reads '63,930.00' and '63930' alike, and a day without trading as zero rows", () => {
    const q = cmeFuturesSettlements.transformQuery(DAY);
    const body = withRecords((s) => [{ ...s[0]!, settle: '63,930.00', volume: '32300' }]);
    expect(cmeFuturesSettlements.transform(q, body).rows.map((r) => [r.settle, r.volume])).toEqual([
      [63930, 32300],
    ]);
    const empty = { empty: true, tradeDate: '02/05/2026', settlements: [] };
    expect(cmeFuturesSettlements.transform(q, empty)).toEqual({ rows: [], skipped: [] });
  });

  it('drops an identical repeated month, refuses a conflicting one, and skips a month past its expiry', () => {
    const q = cmeFuturesSettlements.transformQuery(DAY);
    const twice = withRecords((s) => [s[0]!, { ...s[0]! }]);
    expect(cmeFuturesSettlements.transform(q, twice).skipped).toEqual([{ reason: 'duplicate', count: 1 }]);
    const conflict = withRecords((s) => [s[0]!, { ...s[0]!, settle: '63935' }]);
    expect(() => cmeFuturesSettlements.transform(q, conflict)).toThrow('one entry per contract month');
    // JAN 26 expired on 2026-01-30, before the trade date.
    const stale = withRecords((s) => [{ ...s[0]!, month: 'JAN 26' }]);
    expect(cmeFuturesSettlements.transform(q, stale)).toEqual({
      rows: [],
      skipped: [{ reason: 'after_expiry', count: 1 }],
    });
  });

  it('names the field of a payload that is not shaped like the settlements JSON', () => {
    const q = cmeFuturesSettlements.transformQuery(DAY);
    const cases: [unknown, string][] = [
      [[], 'payload field (body): []: expected an object'],
      [
        { ...fixture, tradeDate: '02/04/2026' },
        'payload field tradeDate: "02/04/2026": expected \'02/05/2026\'',
      ],
      [{ tradeDate: '02/05/2026' }, 'payload field settlements: missing: expected an array'],
      [withRecords((s) => [{ ...s[0]!, month: 'February 2026' }]), 'payload field settlements[0].month'],
      [withRecords((s) => [{ ...s[0]!, settle: 'n/a' }]), 'payload field settlements[0].settle: "n/a"'],
      [
        withRecords((s) => [{ ...s[0]!, volume: '12.5' }]),
        'payload field settlements[0].volume: "12.5": expected a whole number',
      ],
      [{ ...fixture, settlements: [null] }, 'payload field settlements[0]: null'],
    ];
    for (const [payload, message] of cases) {
      const call = (): unknown => cmeFuturesSettlements.transform(q, payload);
      expect(call, message).toThrow(PayloadError);
      expect(call, message).toThrow(`cme futures_settlements: ${message}`);
    }
  });
});

describe('cme futures_settlements: query', () => {
  it('asks one trade date per chunk, Monday to Friday', () => {
    const q = cmeFuturesSettlements.transformQuery({
      from: '2026-02-05',
      to: '2026-02-10',
      now: '2026-02-12T00:00:00Z',
    });
    expect(cmeFuturesSettlements.chunks!(q).map((c) => c.from)).toEqual([
      '2026-02-05',
      '2026-02-06',
      '2026-02-09',
      '2026-02-10',
    ]);
  });

  it('stops at the latest trade date CME has published: midnight Chicago after the trade date', () => {
    // 2026-02-06 05:59Z is 23:59 CST on 02-05: the 02-05 settlements are not on the website yet.
    const before = cmeFuturesSettlements.transformQuery({ from: '2026-02-02', now: '2026-02-06T05:59:00Z' });
    expect([before.from, before.to]).toEqual(['2026-02-02', '2026-02-04']);
    const after = cmeFuturesSettlements.transformQuery({ from: '2026-02-02', now: '2026-02-06T06:00:00Z' });
    expect(after.to).toBe('2026-02-05');
    // In summer Chicago is UTC-5: midnight is 05:00Z.
    expect(cmeFuturesSettlements.transformQuery({ to: '2026-07-01', now: '2026-07-02T05:00:00Z' }).to).toBe(
      '2026-07-01',
    );
    const call = (): unknown =>
      cmeFuturesSettlements.transformQuery({ from: '2026-02-05', now: '2026-02-06T01:00:00Z' });
    expect(call).toThrow(InvalidInputError);
    expect(call).toThrow("--from: '2026-02-05' is after 2026-02-04");
  });

  it('needs --from D --to D with --param file, and refuses an empty path', () => {
    const call = (input: object): unknown =>
      cmeFuturesSettlements.transformQuery({ now: '2026-02-10T00:00:00Z', ...input });
    expect(() => call({ params: { file: 'x.json' } })).toThrow('a saved file holds one trade date');
    expect(() => call({ params: { file: 'x.json' }, from: '2026-02-05', to: '2026-02-06' })).toThrow(
      'give it as --from D --to D',
    );
    expect(() => call({ params: { file: ' ' }, from: '2026-02-05', to: '2026-02-05' })).toThrow(
      '--param file=: the path is empty',
    );
    expect(call({ params: { file: 'x.json' }, from: '2026-02-05', to: '2026-02-05' })).toEqual({
      from: '2026-02-05',
      to: '2026-02-05',
      file: 'x.json',
    });
  });
});

describe('cme futures_settlements: CME refusing the request ends in one line of import advice', () => {
  const advice =
    '/CmeWS/mvc/Settlements/Futures/Settlements/8478/FUT?strategy=DEFAULT&tradeDate=02/05/2026 in a browser and run `crashscope ingest cme futures_settlements --param file=<saved.json> --from 2026-02-05 --to 2026-02-05`';

  it('HTTP 403: not retried, AccessDeniedError, nothing stored', async () => {
    const r = await run(() => ({
      status: 403,
      headers: { 'content-type': 'text/html' },
      body: '<HTML><HEAD><TITLE>Access Denied</TITLE></HEAD><BODY>Reference #18.abc</BODY></HTML>',
    }));
    expect(r.error).toBeInstanceOf(AccessDeniedError);
    const message = (r.error as Error).message;
    expect(message).toMatch(
      /^cme futures_settlements: CME refused the request \(HTTP 403\): save the settlements JSON from http:\/\/127\.0\.0\.1:\d+/,
    );
    expect(message).toContain(advice);
    expect(message).not.toContain('\n');
    expect(r.requests).toHaveLength(1);
    expect(r.rows).toHaveLength(0);
  });

  it('an HTML block page sent with 200', async () => {
    const r = await run(() => ({
      headers: { 'content-type': 'text/html' },
      body: '\n<html><body>This IP address is blocked due to suspected web scraping activity</body></html>',
    }));
    expect(r.error).toBeInstanceOf(AccessDeniedError);
    expect((r.error as Error).message).toContain(
      'CME refused the request (HTTP 200, an HTML page instead of the settlements JSON): save the settlements JSON from',
    );
    expect((r.error as Error).message).toContain(advice);
  });

  it('no answer: retried, then the same advice', async () => {
    const r = await run(() => ({ fault: 'hang' }), DAY, { timeoutMs: 100, maxAttempts: 2 });
    expect(r.error).toBeInstanceOf(ProviderError);
    expect((r.error as ProviderError).code).toBe('timeout');
    expect((r.error as Error).message).toContain('CME refused the request (no answer within 0.1 s)');
    expect((r.error as Error).message).toContain(advice);
    expect(r.requests).toHaveLength(2);
  });

  it('a connection closed before any response, after the retries', async () => {
    const r = await run(() => ({ fault: 'reset' }), DAY, { maxAttempts: 2 });
    expect((r.error as ProviderError).code).toBe('network_error');
    expect((r.error as Error).message).toContain('CME refused the request (connection failed');
    expect((r.error as Error).message).toContain(advice);
  });

  it('but a 404 or truncated JSON is not a refusal: no advice', async () => {
    const missing = await run(() => ({ status: 404, body: '{"status":404,"error":"Not Found"}' }));
    expect((missing.error as ProviderError).code).toBe('not_found');
    expect((missing.error as Error).message).not.toContain('in a browser');
    const cut = await run(() => ({ body: fixtureText.slice(0, 300) }));
    expect(cut.error).toBeInstanceOf(PayloadError);
    expect((cut.error as Error).message).toContain('is not valid JSON');
    expect((cut.error as Error).message).not.toContain('in a browser');
  });

  it('recovers from a 500 and stores the eight months, sending the trade date as CME does', async () => {
    const r = await run(inSequence({ status: 500, body: '' }, { body: fixture }));
    expect(r.summary).toMatchObject({ rows: 8, inserted: 8, requests: 2 });
    expect(r.requests[1]!.query).toEqual({ strategy: 'DEFAULT', tradeDate: '02/05/2026' });
    expect(r.rows).toHaveLength(8);
  });
});

describe('cme futures_settlements: --param file=<saved.json>', () => {
  it('runs the same transform on a saved file, without any request', async () => {
    const path = join(tmp, 'saved.json');
    writeFileSync(path, `\uFEFF${fixtureText}`);
    const r = await run(() => ({ status: 500 }), { ...DAY, params: { file: path } });
    expect(r.error).toBeUndefined();
    expect(r.requests).toHaveLength(0);
    expect(r.summary).toMatchObject({ rows: 8, inserted: 8, requests: 0 });
    expect(r.rows.map((s) => s.contract).sort()).toEqual(
      ['BTCG6', 'BTCH6', 'BTCJ6', 'BTCK6', 'BTCM6', 'BTCN6', 'BTCZ6', 'BTCZ7'].sort(),
    );
    expect(r.rows.every((s) => s.source === `cme:${SETTLEMENTS_PATH}` && s.quality === 'observed')).toBe(
      true,
    );
  });

  it('refuses a file of another trade date, an HTML page, bad JSON and a missing file, naming the file', async () => {
    const other = join(tmp, 'other-day.json');
    writeFileSync(other, JSON.stringify({ ...fixture, tradeDate: '02/04/2026' }));
    const a = await run(() => ({}), { ...DAY, params: { file: other } });
    expect(a.error).toBeInstanceOf(PayloadError);
    expect((a.error as Error).message).toContain(
      'payload field tradeDate: "02/04/2026": expected \'02/05/2026\'',
    );

    const page = join(tmp, 'page.html');
    writeFileSync(page, '<!DOCTYPE html><html><body>Bitcoin Futures Settlements</body></html>');
    const b = await run(() => ({}), { ...DAY, params: { file: page } });
    expect(b.error).toBeInstanceOf(DataError);
    expect((b.error as Error).message).toContain(
      `--param file=${page}: an HTML page, not the settlements JSON`,
    );

    const bad = join(tmp, 'bad.json');
    writeFileSync(bad, '{"settlements": [');
    const c = await run(() => ({}), { ...DAY, params: { file: bad } });
    expect(c.error).toBeInstanceOf(DataError);
    expect((c.error as Error).message).toContain(`--param file=${bad}: not valid JSON`);

    const d = await run(() => ({}), { ...DAY, params: { file: join(tmp, 'nope.json') } });
    expect(d.error).toBeInstanceOf(InvalidInputError);
    expect((d.error as Error).message).toContain('cannot read it (ENOENT)');
    for (const x of [a, b, c, d]) expect(x.rows).toHaveLength(0);
  });
});
