/**
 * The dashboard's request shapes, declared once with zod: the JSON API validates every query string and
 * body against these, and a failure becomes a 400 naming the field (`zodMessage`).
 */
import { z } from 'zod';
import { checkChannelRequest } from '../app/simChannels.js';
import { simulateOptionsSchema } from '../app/simulate.js';
import { CHANNEL_IDS, type ChannelId } from '../channels/channel.js';
import { CHANNELS } from '../channels/registry.js';
import { parseInstantMs } from '../core/time.js';
import { modelNames } from '../data/models/index.js';
import { InvalidInputError } from '../errors.js';
import type { FragilityQuery } from './fragilityMaps.js';

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

const channelIds = CHANNEL_IDS as readonly string[];

/** `GET /api/fragility?asOf=…&channels=a,b&depth=…&<channel>.<assumption>=…` (the Fragility page's URL). */
export const fragilityRequest = z.object({
  asOf: z
    .string()
    .refine((v) => Number.isFinite(parseInstantMs(v)), {
      message: 'expected an ISO instant with a zone, e.g. 2026-02-04T21:00:00Z',
    })
    .optional(),
  channels: z
    .string()
    .transform((v) => v.split(',').filter((x) => x !== ''))
    .refine((ids) => ids.every((id) => channelIds.includes(id)), {
      message: `expected a comma-separated list of ${CHANNEL_IDS.join(', ')}`,
    })
    .optional(),
  depth: z
    .union([z.literal('none'), z.coerce.number().positive('expected USD per 1% > 0, or none')])
    .optional(),
});

/** A query-string value as the JSON value it spells: true/false, null, a number, JSON [..]/{..}, else text. */
function queryValue(key: string, raw: string): unknown {
  if (raw === 'true' || raw === 'false') return raw === 'true';
  if (raw === 'null') return null;
  if (/^-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(raw)) return Number(raw);
  if (raw.startsWith('[') || raw.startsWith('{')) {
    try {
      return JSON.parse(raw);
    } catch {
      throw new InvalidInputError('bad_request', `fragility: ${key}: '${raw}' is not JSON`, {
        details: { key },
      });
    }
  }
  return raw;
}

/**
 * The fragility query of a URL: the fixed fields validated by `fragilityRequest`, and one parameter per
 * assumption, `<channel>.<name>=<value>`, validated later by the channel's own zod schema.
 * @example parseFragilityQuery({ channels: 'dealerOptions', 'dealerOptions.spotVolBeta': '0.5' }).assumptions // { dealerOptions: { spotVolBeta: 0.5 } }
 */
export function parseFragilityQuery(query: Readonly<Record<string, string>>): FragilityQuery {
  const fixed: Record<string, string> = {};
  const assumptions: Partial<Record<ChannelId, Record<string, unknown>>> = {};
  for (const [key, raw] of Object.entries(query)) {
    const dot = key.indexOf('.');
    if (dot < 0) {
      if (!['asOf', 'channels', 'depth'].includes(key)) {
        throw new InvalidInputError(
          'bad_request',
          `fragility: unknown parameter '${key}' (asOf, channels, depth, or <channel>.<assumption>)`,
          { details: { key } },
        );
      }
      fixed[key] = raw;
      continue;
    }
    const channel = key.slice(0, dot);
    if (!channelIds.includes(channel)) {
      throw new InvalidInputError(
        'bad_request',
        `fragility: ${key}: '${channel}' is not a channel (${CHANNEL_IDS.join(', ')})`,
        { details: { key } },
      );
    }
    const id = channel as ChannelId;
    assumptions[id] = { ...assumptions[id], [key.slice(dot + 1)]: queryValue(key, raw) };
  }
  const f = parseRequest(fragilityRequest, fixed, 'fragility');
  return {
    ...(f.asOf === undefined ? {} : { asOf: f.asOf }),
    ...(f.channels === undefined ? {} : { channels: f.channels as ChannelId[] }),
    ...(f.depth === undefined ? {} : { depthPerPctUsd: f.depth === 'none' ? null : f.depth }),
    assumptions,
  };
}

/**
 * Where the dashboard's defaults differ from the CLI's: fewer paths and 5-minute steps, so that a run on the
 * embedded pack finishes in a few seconds on 2 cores. Any of them can be given in the body.
 */
export const WEB_SIMULATE_DEFAULTS = { paths: 400, attributionPaths: 100, stepMinutes: 5 } as const;

/**
 * The JSON body of `POST /api/simulate`: the options of `crashscope simulate` (its own zod schema, src/app/
 * simulate.ts) plus the snapshot instant and the channels to run (all when absent).
 */
export const simulateRequest = simulateOptionsSchema.extend({
  asOf: fragilityRequest.shape.asOf,
  channels: z
    .array(z.enum(CHANNEL_IDS as unknown as [ChannelId, ...ChannelId[]]))
    .max(8, 'at most 8 channels (2^n coalitions)')
    .optional(),
  /** Per channel, its assumptions (each channel's own zod schema checks them: parseSimulateRequest). */
  assumptions: z
    .partialRecord(
      z.enum(CHANNEL_IDS as unknown as [ChannelId, ...ChannelId[]]),
      z.record(z.string(), z.unknown()),
    )
    .optional(),
});
export type SimulateApiRequest = z.infer<typeof simulateRequest>;

/** Parses a simulate body (the web defaults filled in first) or throws InvalidInputError naming the field. */
export function parseSimulateRequest(body: unknown): SimulateApiRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new InvalidInputError('bad_request', 'simulate: expected a JSON object of options');
  const r = parseRequest(simulateRequest, { ...WEB_SIMULATE_DEFAULTS, ...body }, 'simulate');
  // Each channel's assumptions through its own schema (the CLI's flags and the Fragility form use the same):
  // a bad one is a 400 naming `channel.field`, before any run starts.
  if (r.assumptions !== undefined) checkChannelRequest(CHANNELS, null, r.assumptions);
  return r;
}
