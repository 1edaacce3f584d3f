/**
 * The dashboard's HTTP API on a real server (127.0.0.1, port 0) over the embedded event pack: the loopback
 * default, the Host check, cross-origin writes refused, bad input answered 400 with the zod message, the
 * sandboxed SQL, downloads, the event analysis equal to the golden findings of `crashscope analyze`, and the
 * drill-down rows with their provenance.
 */

import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelByName } from '../data/models/index.js';
import { MAX_ROW_LIMIT } from './requests.js';
import { DEFAULT_HOST, isLoopback, type RunningServer, startServer } from './server.js';
import { eventPackStore, userStore } from './storeSource.js';
import { httpRequest } from './testkit/httpRequest.js';

const ROOT = join(import.meta.dirname, '..', '..');
const PACK = join(ROOT, 'data', 'events', '2026-02-05');

let server: RunningServer;
const internal: unknown[] = [];

beforeAll(async () => {
  const source = await eventPackStore(PACK, '2026-02-05', '2026-02-07T00:00:00Z');
  server = await startServer({ source, onInternalError: (e) => internal.push(e) });
});

afterAll(async () => {
  await server?.close();
  // No request of this file may end in an unexpected (500) error.
  expect(internal).toEqual([]);
});

const get = (path: string, headers: Record<string, string> = {}) =>
  httpRequest(`${server.url}${path}`, { headers });
const postJson = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  httpRequest(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

function errorOf(r: { json(): unknown }): { code: string; message: string } {
  return (r.json() as { error: { code: string; message: string } }).error;
}

describe('binding', () => {
  it('listens on 127.0.0.1 and a free port by default', () => {
    expect(DEFAULT_HOST).toBe('127.0.0.1');
    expect(server.host).toBe('127.0.0.1');
    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
  });

  it('isLoopback tells loopback from network addresses', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]'])
      expect(isLoopback(h), h).toBe(true);
    for (const h of ['0.0.0.0', '::', '192.168.1.5', '10.0.0.1', 'example.com'])
      expect(isLoopback(h), h).toBe(false);
  });

  it('a second server on port 0 gets another port', async () => {
    const other = await startServer({ source: userStore(join(ROOT, 'no-such-store.duckdb')) });
    try {
      expect(other.port).not.toBe(server.port);
    } finally {
      await other.close();
    }
  });
});

describe('Host check (DNS rebinding)', () => {
  it('answers its own names with the port', async () => {
    for (const host of [`127.0.0.1:${server.port}`, `localhost:${server.port}`, `LOCALHOST:${server.port}`]) {
      expect((await get('/api/data', { host })).status, host).toBe(200);
    }
  });

  it('refuses any other Host with 421 and one message', async () => {
    for (const host of [
      'evil.example',
      `evil.example:${server.port}`,
      `127.0.0.1:${server.port + 1}`,
      '127.0.0.1',
    ]) {
      const r = await get('/api/data', { host });
      expect(`${host} -> ${r.status}`).toBe(`${host} -> 421`);
      expect(errorOf(r).code).toBe('bad_host');
    }
    const page = await get('/data', { host: 'rebound.example' });
    expect(page.status).toBe(421);
  });

  it('refuses a request with no Host header (HTTP/1.0)', async () => {
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(server.port, '127.0.0.1', () => socket.end('GET /api/data HTTP/1.0\r\n\r\n'));
      let text = '';
      socket.on('data', (d) => {
        text += d.toString('utf8');
      });
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.[01] 421 /);
    expect(answer).toContain("Host '(none)' is not this server");
  });
});

describe('cross-origin writes', () => {
  it('refuses a POST from another origin or site', async () => {
    const a = await postJson('/api/sql', { q: 'SELECT 1' }, { origin: 'http://evil.example' });
    expect(a.status).toBe(403);
    expect(errorOf(a).message).toContain('evil.example');
    const b = await postJson('/api/sql', { q: 'SELECT 1' }, { 'sec-fetch-site': 'cross-site' });
    expect(b.status).toBe(403);
    const c = await postJson('/api/sql', { q: 'SELECT 1' }, { 'sec-fetch-site': 'same-site' });
    expect(c.status).toBe(403);
  });

  it('refuses a body a cross-site form could send (not application/json)', async () => {
    const r = await httpRequest(`${server.url}/api/sql`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: '{"q":"SELECT 1"}',
    });
    expect(r.status).toBe(415);
  });

  it('accepts a same-origin JSON POST', async () => {
    const r = await postJson(
      '/api/sql',
      { q: 'SELECT 42 AS answer' },
      { origin: server.url, 'sec-fetch-site': 'same-origin' },
    );
    expect(r.status).toBe(200);
    expect((r.json() as { rows: unknown[] }).rows).toEqual([{ answer: 42 }]);
  });
});

describe('bad input is a 400 with one clear message', () => {
  const cases: [string, string, RegExp][] = [
    ['empty query', '/api/sql?q=', /^sql: q: the query is empty$/],
    ['limit not a number', '/api/sql?q=SELECT%201&limit=abc', /^sql: limit: /],
    [
      'limit too large',
      `/api/sql?q=SELECT%201&limit=${MAX_ROW_LIMIT + 1}`,
      /limit: Too big: expected number to be <=10000/,
    ],
    ['a write', '/api/sql?q=DELETE%20FROM%20bars', /sql is read-only: 'DELETE FROM \.\.\.' is refused/],
    ['two statements', '/api/sql?q=SELECT%201%3B%20SELECT%202', /exactly one statement, got 2/],
    [
      'a file read',
      `/api/sql?q=${encodeURIComponent("SELECT * FROM read_text('/etc/passwd')")}`,
      /Permission Error/,
    ],
    ['a syntax error', '/api/sql?q=SELEC%201', /^sql: .*syntax error/i],
    ['an unknown table', '/api/sql?q=SELECT%20*%20FROM%20nope', /nope/],
    ['a bad date', '/api/event/2026-02-30', /^event date: expected a calendar date YYYY-MM-DD$/],
    [
      'a bad rows table',
      '/api/event/2026-02-05/rows?table=passwd',
      /^rows: table: expected one of the store's tables: etf_daily, /,
    ],
    ['download: both table and q', '/api/download?table=bars&q=SELECT%201', /give either table or q/],
    ['download: bad format', '/api/download?table=bars&format=xlsx', /format: expected 'csv' or 'parquet'/],
    [
      'download: a file read',
      `/api/download?q=${encodeURIComponent("SELECT * FROM read_csv('/etc/passwd')")}`,
      /Permission Error/,
    ],
  ];
  for (const [name, path, message] of cases) {
    it(name, async () => {
      const r = await get(path);
      expect(r.status, r.text).toBe(400);
      expect(r.headers['content-type']).toMatch(/^application\/json/);
      const e = errorOf(r);
      expect(e.message).toMatch(message);
      expect(r.text).not.toMatch(/\n\s+at /);
    });
  }

  it('a POST body that is not JSON', async () => {
    const r = await httpRequest(`${server.url}/api/sql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: 'SELECT 1',
    });
    expect(r.status).toBe(400);
    expect(errorOf(r).message).toMatch(/body is not JSON/);
  });

  it('a bad page URL is an HTML page with the message, no stack', async () => {
    const r = await get('/event/20260205');
    expect(r.status).toBe(400);
    expect(r.headers['content-type']).toMatch(/^text\/html/);
    expect(r.text).toContain('event date: expected a calendar date YYYY-MM-DD');
    expect(r.text).not.toMatch(/\n\s+at /);
  });

  it('unknown paths and assets are 404; no path reaches another file', async () => {
    for (const p of [
      '/api/nothing',
      '/assets/..%2F..%2Fpackage.json',
      '/assets/package.json',
      '/assets/server.js',
      '/assets/..%2fstyle.css',
      '/etc/passwd',
    ]) {
      const r = await get(p);
      expect(r.status, p).toBe(404);
      expect(r.text, p).not.toContain('"name": "crashscope"');
    }
  });
});

describe('data API', () => {
  it('/api/data lists every table with counts that agree with SQL', async () => {
    const r = await get('/api/data');
    expect(r.status).toBe(200);
    const data = r.json() as {
      store: { label: string; event: string };
      tables: { table: string; rows: number; quality: Record<string, number> }[];
    };
    expect(data.store).toEqual({ label: 'embedded event pack 2026-02-05', event: '2026-02-05' });
    const etf = data.tables.find((t) => t.table === 'etf_daily')!;
    expect(etf.rows).toBeGreaterThan(500);
    expect(Object.values(etf.quality).reduce((a, b) => a + b, 0)).toBe(etf.rows);
    const sql = (await get('/api/sql?q=SELECT%20count(*)%20AS%20n%20FROM%20etf_daily')).json() as {
      rows: { n: number }[];
    };
    expect(sql.rows[0]!.n).toBe(etf.rows);
  });

  it('/api/sql keeps at most limit rows and says when more exist', async () => {
    const r = (await get('/api/sql?q=SELECT%20*%20FROM%20etf_daily&limit=7')).json() as {
      rows: unknown[];
      truncated: boolean;
      columns: { name: string }[];
    };
    expect(r.rows).toHaveLength(7);
    expect(r.truncated).toBe(true);
    expect(r.columns.map((c) => c.name)).toContain('source');
    const all = (await get('/api/sql?q=SELECT%201%20AS%20x&limit=7')).json() as { truncated: boolean };
    expect(all.truncated).toBe(false);
  });

  it('downloads a table as CSV in the export layout, and a query as Parquet', async () => {
    const csv = await get('/api/download?table=etf_daily&format=csv');
    expect(csv.status).toBe(200);
    expect(csv.headers['content-disposition']).toBe('attachment; filename="etf_daily.csv"');
    const lines = csv.text.trimEnd().split('\n');
    expect(lines[0]).toBe(
      modelByName('etf_daily')
        .columns.map((c) => c.name)
        .join(','),
    );
    const n = (await get('/api/sql?q=SELECT%20count(*)%20AS%20n%20FROM%20etf_daily')).json() as {
      rows: { n: number }[];
    };
    expect(lines.length - 1).toBe(n.rows[0]!.n);

    const q = encodeURIComponent(
      "SELECT date, close FROM etf_daily WHERE ticker = 'IBIT' ORDER BY date LIMIT 5; -- five",
    );
    const pq = await get(`/api/download?q=${q}&format=parquet`);
    expect(pq.status, pq.text).toBe(200);
    expect(pq.body.subarray(0, 4).toString('latin1')).toBe('PAR1');
    expect(pq.body.subarray(-4).toString('latin1')).toBe('PAR1');
    const qcsv = await get(`/api/download?q=${q}`);
    expect(qcsv.text.trimEnd().split('\n')).toHaveLength(6);
  });
});

describe('event API', () => {
  it('/api/event/2026-02-05 gives the same verdicts and confidences as the golden findings of analyze', async () => {
    const r = await get('/api/event/2026-02-05');
    expect(r.status).toBe(200);
    const body = r.json() as {
      findings: { hypotheses: { id: string; verdict: string; confidence: number; score: number }[] };
      doc: { scorecard: unknown[]; sections: { charts: unknown[] }[] };
    };
    const golden = JSON.parse(
      readFileSync(join(ROOT, 'test', 'golden', 'findings-2026-02-05.json'), 'utf8'),
    ) as {
      hypotheses: { id: string; verdict: string; confidence: number; score: number }[];
    };
    const pick = (hs: { id: string; verdict: string; confidence: number; score: number }[]) =>
      hs.map((h) => ({
        id: h.id,
        verdict: h.verdict,
        confidence: Number(h.confidence.toPrecision(9)),
        score: Number(h.score.toPrecision(9)),
      }));
    expect(pick(body.findings.hypotheses)).toEqual(pick(golden.hypotheses));
    expect(body.doc.scorecard).toHaveLength(golden.hypotheses.length);
    expect(body.doc.sections.flatMap((s) => s.charts).length).toBeGreaterThanOrEqual(8);
  });

  it('rows behind a finding come with source and quality, inside the event window', async () => {
    const r = await get('/api/event/2026-02-05/rows?table=futures_settlements&limit=5');
    expect(r.status).toBe(200);
    const body = r.json() as { from: string; to: string; total: number; rows: Record<string, unknown>[] };
    expect(body.from).toBe('2026-02-04');
    expect(body.to).toBe('2026-02-06');
    expect(body.rows.length).toBe(Math.min(5, body.total));
    expect(body.total).toBeGreaterThan(0);
    for (const row of body.rows) {
      expect(typeof row.source).toBe('string');
      expect(['observed', 'published', 'reconstructed']).toContain(row.quality);
      expect(String(row.date) >= body.from && String(row.date) <= body.to).toBe(true);
    }
    const src = String(body.rows[0]!.source);
    const only = (
      await get(`/api/event/2026-02-05/rows?table=futures_settlements&source=${encodeURIComponent(src)}`)
    ).json() as { rows: { source: string }[] };
    expect(only.rows.every((x) => x.source === src)).toBe(true);
  });
});

describe('headers', () => {
  it('every page forbids scripts and connections to other origins', async () => {
    const r = await get('/data');
    expect(r.status).toBe(200);
    const csp = String(r.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
    expect(r.headers['x-frame-options']).toBe('DENY');
    expect(r.text).not.toMatch(/https?:\/\//);
  });
});

describe('fragility API', () => {
  interface MapAnswer {
    computeMs: number;
    map: {
      asOf: string;
      spot: number;
      grid: number[];
      channels: { id: string; available: boolean; assumptions: Record<string, unknown>; flowUsd: number[] }[];
      total: { flowUsd: number[] };
      levels: { kind: string }[];
    };
    charts: { flow: { layer: unknown[] }; intensity: { layer: unknown[] } };
  }

  it('defaults to the New York close before the event, with every channel', async () => {
    const r = await get('/api/fragility');
    expect(r.status, r.text).toBe(200);
    const body = r.json() as MapAnswer;
    // 2026-02-04 16:00 New York = 21:00 UTC (winter).
    expect(body.map.asOf).toBe('2026-02-04T21:00:00Z');
    expect(body.map.channels.length).toBeGreaterThanOrEqual(5);
    expect(body.map.grid.length).toBeGreaterThanOrEqual(401);
    expect(body.computeMs).toBeGreaterThanOrEqual(0);
    // The total is the sum of the price-driven channels at every grid point (the map's own relation).
    const j = Math.floor(body.map.grid.length / 4);
    const sum = body.map.channels.reduce((a, c) => a + (c.flowUsd[j] ?? 0), 0);
    expect(body.map.total.flowUsd[j]).toBeCloseTo(sum, 0);
  });

  it('channels and assumptions in the URL change the map; the same URL gives the same map', async () => {
    const all = (await get('/api/fragility')).json() as MapAnswer;
    const one = (await get('/api/fragility?channels=dealerOptions')).json() as MapAnswer;
    expect(one.map.channels.map((c) => c.id)).toEqual(['dealerOptions']);
    expect(one.map.total.flowUsd).not.toEqual(all.map.total.flowUsd);
    const beta = (
      await get('/api/fragility?channels=dealerOptions&dealerOptions.spotVolBeta=1.5')
    ).json() as MapAnswer;
    expect(beta.map.channels[0]!.assumptions.spotVolBeta).toBe(1.5);
    expect(beta.map.total.flowUsd).not.toEqual(one.map.total.flowUsd);
    const again = (
      await get('/api/fragility?channels=dealerOptions&dealerOptions.spotVolBeta=1.5')
    ).json() as MapAnswer;
    expect(again.map).toEqual(beta.map);
    expect((again as unknown as { cached: boolean }).cached).toBe(true);
    expect((beta as unknown as { cached: boolean }).cached).toBe(false);
  });

  it('serves each channel assumptions as JSON Schema from its zod schema', async () => {
    const r = (await get('/api/fragility/assumptions')).json() as {
      defaultAsOf: string;
      channels: { id: string; schema: { type: string; properties: Record<string, { default?: unknown }> } }[];
    };
    expect(r.defaultAsOf).toBe('2026-02-04T21:00:00Z');
    const dealer = r.channels.find((c) => c.id === 'dealerOptions')!;
    expect(dealer.schema.type).toBe('object');
    // null (the default) = estimated from DVOL; a number overrides it
    expect(dealer.schema.properties.spotVolBeta).toMatchObject({
      anyOf: [{ type: 'number', minimum: 0, maximum: 5 }, { type: 'null' }],
      default: null,
    });
  });

  it.each([
    ['/api/fragility?asOf=yesterday', /^fragility: asOf: expected an ISO instant with a zone/],
    [
      '/api/fragility?channels=dealerOptions,magic',
      /^fragility: channels: expected a comma-separated list of /,
    ],
    ['/api/fragility?nonsense=1', /unknown parameter 'nonsense'/],
    ['/api/fragility?magic.x=1', /'magic' is not a channel/],
    [
      '/api/fragility?dealerOptions.spotVolBeta=9',
      /^dealerOptions\.spotVolBeta: Too big: expected number to be <=5/,
    ],
    ['/api/fragility?dealerOptions.signModel=hopeful', /^dealerOptions\.signModel: /],
    ['/api/fragility?dealerOptions.noSuchThing=1', /^dealerOptions\./],
    ['/api/fragility?depth=-5', /depth/],
  ])('%s is a 400', async (path, message) => {
    const r = await get(path);
    expect(r.status, r.text).toBe(400);
    expect(errorOf(r).message).toMatch(message);
  });
});
