import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readArchiveIndex } from '../../data/providers/archive.js';
import { providers } from '../../data/providers/registry.js';
import { installNetworkGuard } from '../../data/providers/testkit/networkGuard.js';
import { type Handler, startServer, type TestServer } from '../../data/providers/testkit/server.js';
import { runCli } from '../testkit/captureIo.js';
import { parseParams, resolveArchiveDir } from './ingest.js';

installNetworkGuard();

const dir = mkdtempSync(join(tmpdir(), 'crashscope-ingest-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const candles: unknown = JSON.parse(
  readFileSync(
    new URL('../../data/providers/coinbase/fixtures/candles.BTC-USD.3600.2026-02-05.json', import.meta.url),
    'utf8',
  ),
);
const qqq = JSON.parse(
  readFileSync(
    new URL('../../data/providers/yahoo/fixtures/chart.QQQ.1d.2020-01-02.json', import.meta.url),
    'utf8',
  ),
) as { bodyJson: unknown };

let server: TestServer;
let reply: Handler = () => ({ body: candles });
beforeAll(async () => {
  server = await startServer((req) => reply(req));
});
afterAll(() => server.close());

const day = ['--interval', '1h', '--from', '2026-02-05', '--to', '2026-02-05'];
const paths = (name: string) => [
  '--db',
  join(dir, `${name}.duckdb`),
  '--archive',
  join(dir, `${name}-archive`),
];

describe('crashscope ingest', () => {
  it('ingests, re-runs without adding anything, and replays offline from the archive', async () => {
    reply = () => ({ body: candles });
    const first = await runCli([
      'ingest',
      'coinbase',
      'bars',
      ...day,
      '--base-url',
      server.baseUrl,
      ...paths('a'),
    ]);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(
      /^ingested coinbase bars: 24 rows \(24 new, 0 updated, 0 unchanged\) in 1 chunk, 1 request, \d+\.\d s\nskipped: 1 outside_window\n$/,
    );
    expect(readArchiveIndex(join(dir, 'a-archive'), 'coinbase')).toHaveLength(1);

    const again = await runCli([
      'ingest',
      'coinbase',
      'bars',
      ...day,
      '--base-url',
      server.baseUrl,
      ...paths('a'),
    ]);
    expect(again.stdout).toContain('24 rows (0 new, 0 updated, 24 unchanged)');

    const sent = server.requests.length;
    // A closed port: any request would fail, so rows can only come from the archive.
    const offline = await runCli([
      'ingest',
      'coinbase',
      'bars',
      ...day,
      '--offline',
      '--base-url',
      'http://127.0.0.1:9',
      ...paths('a'),
    ]);
    expect(offline.code).toBe(0);
    expect(offline.stdout).toContain(
      'ingested coinbase bars from the archive: 24 rows (0 new, 0 updated, 24 unchanged)',
    );
    expect(server.requests.length).toBe(sent);

    const sql = await runCli([
      'sql',
      "SELECT count(*) AS n, min(source) AS s FROM bars WHERE venue = 'coinbase'",
      '--format',
      'json',
      '--db',
      join(dir, 'a.duckdb'),
    ]);
    expect(JSON.parse(sql.stdout)).toEqual([{ n: 24, s: 'coinbase:/products/{product_id}/candles' }]);
  });

  it('prints JSON and progress lines on request', async () => {
    reply = () => ({ body: candles });
    const r = await runCli([
      'ingest',
      'coinbase',
      'bars',
      ...day,
      '--base-url',
      server.baseUrl,
      '--json',
      '--progress',
      ...paths('b'),
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      'ingest coinbase bars: 1 chunk\nchunk 1/1: 24 rows (24 new, 0 updated, 0 unchanged), 1 skipped\n',
    );
    const json = JSON.parse(r.stdout);
    expect(json).toMatchObject({
      provider: 'coinbase',
      dataset: 'bars',
      rows: 24,
      inserted: 24,
      gaps: [],
      skipped: [{ reason: 'outside_window', count: 1 }],
      db: join(dir, 'b.duckdb'),
      archive: join(dir, 'b-archive'),
      query: { productId: 'BTC-USD', interval: '1h', granularity: 3600 },
    });
  });

  it('lists gaps it did not fill', async () => {
    reply = () => ({
      body: (candles as number[][]).filter((c) => c[0] !== Date.parse('2026-02-05T07:00:00Z') / 1000),
    });
    const r = await runCli([
      'ingest',
      'coinbase',
      'bars',
      ...day,
      '--base-url',
      server.baseUrl,
      ...paths('c'),
    ]);
    expect(r.stdout).toContain('23 rows');
    // Gaps are always on stderr (issue 8), whatever the flags.
    expect(r.stderr).toContain(
      'gaps, not filled: 1 (1 missing): 2026-02-05T07:00:00Z..2026-02-05T08:00:00Z (1)\n',
    );
  });

  it('a run that stores nothing because every request was refused or missing exits 1 naming the statuses', async () => {
    // Two days before today: REST territory, and within the archive's publication lag.
    const day = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
    reply = (req) =>
      req.path === '/futures/data/openInterestHist'
        ? { status: 451, body: { code: 0, msg: 'Service unavailable from a restricted location' } }
        : { status: 404, body: '<Error><Code>NoSuchKey</Code></Error>' };
    for (const extra of [[], ['--json']]) {
      const r = await runCli([
        'ingest',
        'binance',
        'open_interest',
        '--interval',
        '1d',
        '--from',
        day,
        '--to',
        day,
        '--base-url',
        server.baseUrl,
        ...paths('refused'),
        ...extra,
      ]);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      const lines = r.stderr.trimEnd().split('\n');
      // Without --progress, the refusal, the fallback and the missing file are still on stderr.
      expect(lines[0]).toBe(
        'binance open_interest: Binance refused the REST request from this location (HTTP 451)',
      );
      expect(lines[1]).toMatch(/^binance open_interest: .*reading the daily files of data\.binance\.vision/);
      expect(lines[2]).toMatch(
        /^binance open_interest: BTCUSDT-metrics-.*\.zip is not published yet \(HTTP 404\)/,
      );
      expect(lines.at(-1)).toMatch(
        /^crashscope: binance open_interest: nothing stored: every request was refused or missing \(HTTP 451 x1, HTTP 404 x1\); /,
      );
    }
  });

  it('ingests Yahoo daily bars stamped at the New York close', async () => {
    reply = () => ({ body: qqq.bodyJson });
    const r = await runCli([
      'ingest',
      'yahoo',
      'bars',
      '--symbol',
      'QQQ',
      '--from',
      '2020-01-02',
      '--to',
      '2020-01-02',
      '--base-url',
      server.baseUrl,
      ...paths('d'),
    ]);
    expect(r.code).toBe(0);
    const sql = await runCli([
      'sql',
      'SELECT ts, close FROM bars',
      '--format',
      'csv',
      '--db',
      join(dir, 'd.duckdb'),
    ]);
    expect(sql.stdout).toBe('ts,close\n2020-01-02T21:00:00Z,216.16000366210938\n');
  });

  it.each([
    [
      ['ingest', 'nope', 'bars'],
      `crashscope: unknown provider 'nope' (providers: ${providers.map((p) => p.name).join(', ')})\n`,
    ],
    [
      ['ingest', 'coinbase', 'funding'],
      "crashscope: provider coinbase has no dataset 'funding' (datasets: bars)\n",
    ],
    [
      ['ingest', 'coinbase', 'bars', '--interval', '5m'],
      "crashscope: --interval: '5m' is not one of 1m, 1h, 1d\n",
    ],
    [
      ['ingest', 'coinbase', 'bars', '--from', '2026-02-07', '--to', '2026-02-05'],
      "crashscope: --from: '2026-02-07' is after --to '2026-02-05'\n",
    ],
    [['ingest', 'yahoo', 'bars'], 'crashscope: --symbol is required (a Yahoo symbol such as IBIT)\n'],
    [['ingest', 'coinbase', 'bars', '--param', 'x'], "crashscope: --param: 'x' is not key=value\n"],
    [
      ['ingest', 'coinbase', 'bars', '--param', 'x=1'],
      'crashscope: --param x: not a parameter of coinbase bars (parameters: none)\n',
    ],
    [
      ['ingest', 'coinbase', 'bars', '--retries', '-1'],
      "crashscope: --retries: '-1' is not an integer from 0 to 10\n",
    ],
    [
      ['ingest', 'coinbase', 'bars', '--base-url', 'example.com'],
      "crashscope: --base-url: 'example.com' is not an http(s) URL of the form scheme://host[:port][/prefix]\n",
    ],
  ])('exits 2 on %j with one line, creating no store', async (argv, line) => {
    const db = join(dir, `bad-${argv.length}-${String(argv[argv.length - 1])}.duckdb`);
    const r = await runCli([...argv, '--db', db]);
    expect(r).toEqual({ code: 2, stdout: '', stderr: line });
    expect(existsSync(db)).toBe(false);
  });

  it('exits 1 with one line when the provider refuses the location (HTTP 451)', async () => {
    reply = () => ({ status: 451, body: '' });
    const r = await runCli([
      'ingest',
      'coinbase',
      'bars',
      ...day,
      '--base-url',
      server.baseUrl,
      '--retries',
      '0',
      ...paths('e'),
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^crashscope: coinbase bars: the provider refuses this location \(HTTP 451\) for http:\/\/127\.0\.0\.1:\d+\/products\/BTC-USD\/candles\?[^\n]+; nothing was stored\n$/,
    );
  });

  it('exits 1 on a persistent 500 with --retries 0, and 1 on a malformed payload (the provider’s fault)', async () => {
    reply = () => ({ status: 500, body: { message: 'Internal server error' } });
    const r1 = await runCli([
      'ingest',
      'coinbase',
      'bars',
      ...day,
      '--base-url',
      server.baseUrl,
      '--retries',
      '0',
      ...paths('f'),
    ]);
    expect(r1.code).toBe(1);
    expect(r1.stderr).toContain('crashscope: coinbase bars: server error (HTTP 500)');
    reply = () => ({ body: '[[1770249600, 1, 2' });
    const r2 = await runCli([
      'ingest',
      'coinbase',
      'bars',
      ...day,
      '--base-url',
      server.baseUrl,
      ...paths('f'),
    ]);
    expect(r2.code).toBe(1);
    expect(r2.stderr.split('\n')).toHaveLength(2);
    expect(r2.stderr).toContain('is not valid JSON');
  });

  it('exits 1 offline when the archive lacks the request, naming it', async () => {
    const r = await runCli(['ingest', 'coinbase', 'bars', ...day, '--offline', ...paths('empty')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'crashscope: coinbase: no archived response for /products/BTC-USD/candles?granularity=3600&start=2026-02-05T00%3A00%3A00Z',
    );
  });
});

describe('resolveArchiveDir and parseParams', () => {
  it('takes --archive, then CRASHSCOPE_ARCHIVE, then the default data directory, ignoring --db', () => {
    expect(resolveArchiveDir('arch', { env: { CRASHSCOPE_ARCHIVE: '/e' }, cwd: '/w' })).toBe('/w/arch');
    expect(resolveArchiveDir(undefined, { env: { CRASHSCOPE_ARCHIVE: '/e' }, cwd: '/w' })).toBe('/e');
    expect(
      resolveArchiveDir(undefined, { env: { XDG_DATA_HOME: '/x', CRASHSCOPE_DB: '/d/s.duckdb' }, cwd: '/w' }),
    ).toBe('/x/crashscope/archive');
    expect(resolveArchiveDir(undefined, { env: { HOME: '/h' }, cwd: '/w' })).toBe(
      '/h/.local/share/crashscope/archive',
    );
  });
  it('splits key=value at the first =', () => {
    expect(parseParams(['a=1', 'b=x=y'])).toEqual({ a: '1', b: 'x=y' });
  });
});
