/**
 * The Data page's JSON API: what the store holds (/api/data), one read-only query with a row limit
 * (/api/sql, the sandboxed `sql` of `crashscope sql`), and a table or a query as a CSV/Parquet file
 * (/api/download).
 */
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { Context, Hono } from 'hono';
import { InvalidInputError, StoreError } from '../../errors.js';
import type { ResultColumn, Row } from '../../store/db.js';
import { exportQuery } from '../../store/exportQuery.js';
import { exportTable } from '../../store/exportTable.js';
import { type DbInfo, dbInfo } from '../../store/info.js';
import { checkReadOnlySql } from '../../store/readOnlySql.js';
import { downloadRequest, parseRequest, type SqlRequest, sqlRequest } from '../requests.js';
import type { StoreSource } from '../storeSource.js';

/** The answer of /api/sql. */
export interface SqlAnswer {
  readonly columns: readonly ResultColumn[];
  readonly rows: readonly Row[];
  /** True when the query has more rows than `limit`. */
  readonly truncated: boolean;
  readonly limit: number;
}

/** Runs one read-only statement in the sandbox and keeps at most `limit` rows. */
export async function runSql(source: StoreSource, req: SqlRequest): Promise<SqlAnswer> {
  // Decided from the text alone, before the store is opened (store/readOnlySql.ts).
  await checkReadOnlySql(req.q);
  let columns: readonly ResultColumn[] = [];
  const rows: Row[] = [];
  let truncated = false;
  try {
    await source.sandboxed((db) =>
      db.stream(req.q, {
        columns: (c) => {
          columns = c;
        },
        rows: (chunk) => {
          const room = req.limit - rows.length;
          rows.push(...chunk.slice(0, room));
          if (chunk.length > room) truncated = true;
          return !truncated;
        },
      }),
    );
  } catch (error) {
    if (!(error instanceof StoreError) || error.code !== 'store_query') throw error;
    throw new InvalidInputError('bad_sql', `sql: ${error.message.replace(/^store: /, '').split('\n')[0]}`, {
      cause: error,
      details: { query: req.q },
    });
  }
  return { columns, rows, truncated, limit: req.limit };
}

/** Sends `file` as a download and removes `dir` once it is sent (or the client went away). */
function sendFile(c: Context, dir: string, file: string, name: string, format: 'csv' | 'parquet') {
  const stream = createReadStream(file);
  stream.on('close', () => {
    rm(dir, { recursive: true, force: true }).catch(() => undefined);
  });
  return c.body(Readable.toWeb(stream) as ReadableStream, 200, {
    'Content-Type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.apache.parquet',
    'Content-Disposition': `attachment; filename="${name}"`,
  });
}

export function dataApi(app: Hono, source: StoreSource): void {
  // A pack's private store never changes: its summary is read once.
  let kept: Promise<DbInfo> | null = null;
  const info = (): Promise<DbInfo> => {
    if (!source.immutable) return source.read((db) => dbInfo(db));
    kept ??= source.read((db) => dbInfo(db));
    kept.catch(() => {
      kept = null;
    });
    return kept;
  };

  app.get('/api/data', async (c) => {
    const summary = await info();
    return c.json({
      store: { label: source.label, event: source.event },
      schemaVersion: summary.schemaVersion,
      tables: summary.tables,
    });
  });

  app.get('/api/sql', async (c) =>
    c.json(await runSql(source, parseRequest(sqlRequest, c.req.query(), 'sql'))),
  );

  app.post('/api/sql', async (c) => {
    const body = await c.req.json().catch(() => {
      throw new InvalidInputError(
        'bad_request',
        'sql: the body is not JSON ({"q": "SELECT …", "limit": 100})',
      );
    });
    return c.json(await runSql(source, parseRequest(sqlRequest, body, 'sql')));
  });

  app.get('/api/download', async (c) => {
    const req = parseRequest(downloadRequest, c.req.query(), 'download');
    if (req.q !== undefined) await checkReadOnlySql(req.q);
    const dir = await mkdtemp(join(tmpdir(), 'crashscope-download-'));
    try {
      const name = `${req.table ?? 'query'}.${req.format}`;
      const file = join(dir, name);
      if (req.table !== undefined) await source.read((db) => exportTable(db, req.table!, file));
      else await source.sandboxed((db) => exportQuery(db, req.q!, file), dir);
      return sendFile(c, dir, file, name, req.format);
    } catch (error) {
      await rm(dir, { recursive: true, force: true });
      throw error;
    }
  });
}
