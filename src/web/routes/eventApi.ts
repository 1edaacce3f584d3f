/**
 * The Event page's JSON API: the scorecard, findings and report document of a day (/api/event/:date), and
 * the stored rows behind a finding, with their `source` and `quality` (/api/event/:date/rows): the last
 * step of the drill-down number -> rule -> metric -> rows.
 */
import type { Hono } from 'hono';
import { type ModelName, modelByName } from '../../data/models/index.js';
import type { Row } from '../../store/db.js';
import { quoteIdent } from '../../store/db.js';
import type { EventAnalyses, EventAnalysis } from '../eventAnalyses.js';
import { eventDate, parseRequest, rowsRequest } from '../requests.js';
import type { StoreSource } from '../storeSource.js';

/** Rows around the event shown when the ETF calendar has no previous/next trading day. */
const FALLBACK_DAYS = 3;

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

export interface RowsAnswer {
  readonly table: string;
  /** The window shown: the previous to the next trading day (New York dates, inclusive, on the UTC date of the time column). */
  readonly from: string;
  readonly to: string;
  readonly source: string | null;
  /** Rows in the window (all of them, before the limit). */
  readonly total: number;
  readonly rows: readonly Row[];
}

export function eventApi(app: Hono, source: StoreSource, analyses: EventAnalyses): void {
  // The answer is a few hundred KB of JSON (chart data inlined): serialized once per analysis, not per request.
  const bodies = new WeakMap<EventAnalysis, string>();
  app.get('/api/event/:date', async (c) => {
    const date = parseRequest(eventDate, c.req.param('date'), 'event date');
    const analysis = await analyses.get(date);
    let body = bodies.get(analysis);
    if (body === undefined) {
      const { findings, doc } = analysis;
      body = JSON.stringify({ store: { label: source.label, event: source.event }, findings, doc });
      bodies.set(analysis, body);
    }
    return c.body(body, 200, { 'Content-Type': 'application/json' });
  });

  app.get('/api/event/:date/rows', async (c) => {
    const date = parseRequest(eventDate, c.req.param('date'), 'event date');
    const req = parseRequest(rowsRequest, c.req.query(), 'rows');
    const { findings } = await analyses.get(date);
    const from = findings.event.previousDate ?? addDays(date, -FALLBACK_DAYS);
    const to = findings.event.nextDate ?? addDays(date, FALLBACK_DAYS);
    const model = modelByName(req.table as ModelName);
    const time = quoteIdent(model.timeColumn);
    const where = [`CAST(${time} AS DATE) BETWEEN CAST($1 AS DATE) AND CAST($2 AS DATE)`];
    const params: (string | number)[] = [from, to];
    if (req.source !== undefined) {
      where.push('source = $3');
      params.push(req.source);
    }
    const order = [model.timeColumn, ...model.key.filter((k) => k !== model.timeColumn)].map(quoteIdent);
    const table = quoteIdent(model.name);
    const answer = await source.read(async (db) => {
      const [n] = await db.all(`SELECT count(*) AS n FROM ${table} WHERE ${where.join(' AND ')}`, params);
      const rows = await db.all(
        `SELECT * EXCLUDE (ingested_at) FROM ${table} WHERE ${where.join(' AND ')} ORDER BY ${order.join(', ')} LIMIT ${req.limit}`,
        params,
      );
      return { total: Number(n?.n ?? 0), rows };
    });
    const out: RowsAnswer = { table: model.name, from, to, source: req.source ?? null, ...answer };
    return c.json(out);
  });
}
