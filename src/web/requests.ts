/**
 * The dashboard's request shapes, declared once with zod: the JSON API validates every query string and
 * body against these, and a failure becomes a 400 naming the field (`zodMessage`).
 */
import { z } from 'zod';
import { modelNames } from '../data/models/index.js';
import { InvalidInputError } from '../errors.js';

/** Rows a SQL answer shows when no limit is given (as `crashscope sql`). */
export const DEFAULT_ROW_LIMIT = 1000;
/** The most rows one JSON answer carries; a whole result is a download. */
export const MAX_ROW_LIMIT = 10_000;

const isoDate = z
  .string()
  .refine(
    (v) =>
      /^\d{4}-\d{2}-\d{2}$/.test(v) &&
      !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) &&
      new Date(`${v}T00:00:00Z`).toISOString().startsWith(v),
    { message: 'expected a calendar date YYYY-MM-DD' },
  );

const limit = z.coerce
  .number()
  .int('expected a whole number of rows')
  .min(1)
  .max(MAX_ROW_LIMIT)
  .default(DEFAULT_ROW_LIMIT);

export const tableName = z.enum(modelNames as [string, ...string[]], {
  error: () => `expected one of the store's tables: ${modelNames.join(', ')}`,
});

/** `GET /api/sql?q=…&limit=…` and the JSON body of `POST /api/sql`. */
export const sqlRequest = z.object({
  q: z.string().trim().min(1, 'the query is empty').max(20_000, 'the query is longer than 20,000 characters'),
  limit,
});
export type SqlRequest = z.infer<typeof sqlRequest>;

export const downloadFormat = z.enum(['csv', 'parquet'], { error: () => "expected 'csv' or 'parquet'" });

/** `GET /api/download?table=…|q=…&format=csv|parquet`. */
export const downloadRequest = z
  .object({
    table: tableName.optional(),
    q: sqlRequest.shape.q.optional(),
    format: downloadFormat.default('csv'),
  })
  .refine((r) => (r.table === undefined) !== (r.q === undefined), {
    message: 'give either table or q (a query), not both and not neither',
  });
export type DownloadRequest = z.infer<typeof downloadRequest>;

/** `:date` of `/event/:date` and `/api/event/:date`. */
export const eventDate = isoDate;

/** `GET /api/event/:date/rows?table=…&source=…&limit=…`: stored rows behind a finding, around the event. */
export const rowsRequest = z.object({
  table: tableName,
  source: z.string().min(1).max(500).optional(),
  limit: limit.default(200),
});
export type RowsRequest = z.infer<typeof rowsRequest>;

/**
 * One line naming the bad field and what was expected.
 * @example zodMessage(sqlRequest.safeParse({ q: '' }).error!) // "q: the query is empty"
 */
export function zodMessage(error: z.ZodError): string {
  return error.issues
    .map((i) => (i.path.length > 0 ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('; ');
}

/** Parses `value` or throws InvalidInputError (HTTP 400) with the zod message, prefixed by `where`. */
export function parseRequest<S extends z.ZodType>(schema: S, value: unknown, where: string): z.infer<S> {
  const r = schema.safeParse(value);
  if (!r.success) {
    throw new InvalidInputError('bad_request', `${where}: ${zodMessage(r.error)}`, {
      details: { where },
    });
  }
  return r.data;
}
