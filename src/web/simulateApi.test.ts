/**
 * The Simulate page's JSON API on a real server over the embedded pack: a bad body is a 400 naming the
 * field; a run reports progress and ends with the crashscope.simulation/1 document, the three report charts
 * and Shapley values that add up to v(all) − v(none); a long run is cancelled and ends 'cancelled'; a second
 * run while one computes is refused (429); DELETE keeps the cross-origin check of every API write.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIMULATION_SCHEMA } from '../sim/simulationDoc.js';
import { type RunningServer, startServer } from './server.js';
import { eventPackStore } from './storeSource.js';
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
  expect(internal).toEqual([]);
});

const json = { 'content-type': 'application/json' };
const post = (body: unknown, headers: Record<string, string> = {}) =>
  httpRequest(`${server.url}/api/simulate`, {
    method: 'POST',
    headers: { ...json, ...headers },
    body: JSON.stringify(body),
  });
const get = (id: string) => httpRequest(`${server.url}/api/simulate/${id}`);
const cancel = (id: string, headers: Record<string, string> = {}) =>
  httpRequest(`${server.url}/api/simulate/${id}`, { method: 'DELETE', headers: { ...json, ...headers } });

interface RunAnswer {
  id: string;
  status: string;
  progress: { stage: string; fraction: number };
  error?: { code: string; message: string };
  doc?: {
    schema: string;
    paths: number;
    attribution: { channel: string; shapleyDrawdown: number }[];
    baseline: { drawdown: number };
    all: { drawdown: number };
  };
  charts?: { fan: unknown; flows: unknown; attribution: unknown };
}

/** Polls a run until it is no longer running; returns every answer seen. */
async function until(id: string): Promise<RunAnswer[]> {
  const seen: RunAnswer[] = [];
  for (;;) {
    const r = await get(id);
    expect(r.status).toBe(200);
    const a = r.json() as RunAnswer;
    seen.push(a);
    if (a.status !== 'running') return seen;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('POST /api/simulate validation', () => {
  it.each([
    [{ paths: 0 }, 'paths'],
    [{ paths: 'many' }, 'paths'],
    [{ impact: 'cubic' }, 'impact'],
    [{ channels: ['noSuchChannel'] }, 'channels'],
    [{ seed: -1 }, 'seed'],
    [{ wings: 2 }, 'wings'],
  ])('%j is a 400 naming %s', async (body, field) => {
    const r = await post(body);
    expect(r.status).toBe(400);
    const e = (r.json() as { error: { code: string; message: string } }).error;
    expect(e.code).toBe('bad_request');
    expect(e.message).toContain(field);
  });

  it("a channel's assumption is checked by that channel's schema: a 400 naming channel.field", async () => {
    const bad = await post({ assumptions: { dealerOptions: { spotVolBeta: 'lots' } } });
    expect(bad.status).toBe(400);
    expect((bad.json() as { error: { message: string } }).error.message).toContain(
      'dealerOptions.spotVolBeta',
    );
    const unknown = await post({ assumptions: { noSuchChannel: {} } });
    expect(unknown.status).toBe(400);
    expect((unknown.json() as { error: { message: string } }).error.message).toContain('assumptions');
  });

  it('a body that is not an object is a 400', async () => {
    const r = await post([1, 2]);
    expect(r.status).toBe(400);
  });

  it('an unknown run is a 404', async () => {
    expect((await get('nope')).status).toBe(404);
  });
});

describe('a run', () => {
  it('reports progress, then the simulation document with the three charts', async () => {
    const start = await post({ shocks: ['sell:500m:60'], channels: ['dealerOptions', 'perpLiquidations'] });
    expect(start.status).toBe(202);
    const { id } = start.json() as { id: string };
    const seen = await until(id);
    const last = seen.at(-1)!;
    expect(last.error).toBeUndefined();
    expect(last.status).toBe('done');
    expect(last.progress.fraction).toBe(1);
    // Progress never goes back.
    const fractions = seen.map((a) => a.progress.fraction);
    for (let i = 1; i < fractions.length; i++) expect(fractions[i]).toBeGreaterThanOrEqual(fractions[i - 1]!);
    const doc = last.doc!;
    expect(doc.schema).toBe(SIMULATION_SCHEMA);
    expect(doc.paths).toBe(400);
    expect(doc.attribution.map((a) => a.channel).sort()).toEqual(['dealerOptions', 'perpLiquidations']);
    // Efficiency of the Shapley value: the parts add up to v(all) − v(none).
    const sum = doc.attribution.reduce((s, a) => s + a.shapleyDrawdown, 0);
    expect(sum).toBeCloseTo(doc.all.drawdown - doc.baseline.drawdown, 12);
    const charts = last.charts!;
    for (const spec of [charts.fan, charts.attribution])
      expect((spec as { $schema: string }).$schema).toContain('vega-lite');
  });

  it("runs with a channel's assumptions from the body (the same schema as the CLI flags)", async () => {
    const start = await post({
      paths: 20,
      attributionPaths: 10,
      channels: ['dealerOptions'],
      assumptions: { dealerOptions: { signModel: 'naive', spotVolBeta: 2 } },
    });
    expect(start.status).toBe(202);
    const last = (await until((start.json() as { id: string }).id)).at(-1)!;
    expect(last.status).toBe('done');
    const used = (last.doc as unknown as { params: { assumptions: Record<string, Record<string, unknown>> } })
      .params.assumptions.dealerOptions;
    expect(used).toMatchObject({ signModel: 'naive', spotVolBeta: 2 });
  });

  it('a long run is cancelled: it ends cancelled, and a second start is refused while it computes', async () => {
    const start = await post({ paths: 50_000, stepMinutes: 1, shocks: ['sell:500m:60'] });
    expect(start.status).toBe(202);
    const { id } = start.json() as { id: string };
    const busy = await post({});
    expect(busy.status).toBe(429);
    // The cross-origin check of API writes holds for DELETE.
    const foreign = await cancel(id, { 'sec-fetch-site': 'cross-site' });
    expect(foreign.status).toBe(403);
    const r = await cancel(id);
    expect(r.status).toBe(200);
    const seen = await until(id);
    const last = seen.at(-1)!;
    expect(last.status).toBe('cancelled');
    expect(last.doc).toBeUndefined();
    expect(last.progress.fraction).toBeLessThan(1);
    // The slot is free again.
    const again = await post({ paths: 20, attributionPaths: 10, channels: ['dealerOptions'] });
    expect(again.status).toBe(202);
    expect((await until((again.json() as { id: string }).id)).at(-1)!.status).toBe('done');
  });
});
