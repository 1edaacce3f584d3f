/**
 * The Simulate page's JSON API: `POST /api/simulate` starts a run of `crashscope simulate`'s use case off
 * the request (the body: its options, validated by the same zod schema) and answers its id;
 * `GET /api/simulate/:id` gives the progress and, once done, the crashscope.simulation/1 document with the
 * report's charts (fan, flows by channel, Shapley waterfall); `DELETE /api/simulate/:id` cancels it.
 */
import type { Hono } from 'hono';
import { InvalidInputError } from '../../errors.js';
import { buildSimulationReport } from '../../report/simulationDoc.js';
import type { SimulationDoc } from '../../sim/simulationDoc.js';
import { parseSimulateRequest } from '../requests.js';
import { SimBusyError, type SimRunState, type SimRuns } from '../simRuns.js';

/** The report's three simulation charts, by the id the report gives them. */
function chartsOf(doc: SimulationDoc): Record<string, unknown> {
  const charts = buildSimulationReport(doc, '').sections.flatMap((s) => s.charts);
  const pick = (id: string) => charts.find((c) => c.id === id)?.spec ?? null;
  return { fan: pick('sim-fan'), flows: pick('sim-flows'), attribution: pick('sim-attribution') };
}

function answer(s: SimRunState) {
  return {
    id: s.id,
    status: s.status,
    progress: { stage: s.stage, fraction: s.fraction },
    ...(s.error === null ? {} : { error: s.error }),
    ...(s.doc === null ? {} : { doc: s.doc, charts: chartsOf(s.doc) }),
  };
}

function notFound(id: string): never {
  throw new InvalidInputError('not_found', `no simulation run '${id}' (finished runs are kept a while)`);
}

export function simulateApi(app: Hono, runs: SimRuns): void {
  app.post('/api/simulate', async (c) => {
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      throw new InvalidInputError('bad_request', 'simulate: the body is not JSON');
    }
    const r = parseSimulateRequest(body);
    const { asOf, channels, assumptions, ...options } = r;
    try {
      const id = runs.start({
        asOf: asOf ?? null,
        channels: channels ?? null,
        options,
        ...(assumptions === undefined ? {} : { assumptions }),
      });
      return c.json({ id, status: 'running' }, 202);
    } catch (e) {
      if (e instanceof SimBusyError)
        return c.json({ error: { code: 'busy', message: `${e.message}: cancel it or wait` } }, 429);
      throw e;
    }
  });

  app.get('/api/simulate/:id', (c) => {
    const s = runs.get(c.req.param('id')) ?? notFound(c.req.param('id'));
    return c.json(answer(s));
  });

  app.delete('/api/simulate/:id', (c) => {
    const s = runs.cancel(c.req.param('id')) ?? notFound(c.req.param('id'));
    return c.json(answer(s));
  });
}
