/**
 * Binance USD-M futures open interest -> `open_interest` (venue 'binance', symbol as asked, BTCUSDT by
 * default), from two sources:
 *
 * - REST, for the last 30 days: `GET /futures/data/openInterestHist?symbol=&period=5m|1h|1d&startTime=&
 *   endTime=&limit=500` ("Open Interest Statistics",
 *   https://developers.binance.com/docs/derivatives/usds-margined-futures/market-data/rest-api/Open-Interest-Statistics):
 *   an array of `{ symbol, sumOpenInterest: "20403.63700000" (base asset), sumOpenInterestValue:
 *   "150570784.07809979" (USDT), timestamp }`, at most 500 per request, "only the data of the latest 30
 *   days is available". The documented example gives `timestamp` as a string, recorded responses as a
 *   number (e.g. hexdocs.pm/binance_futures, open_interest_hist): both are read.
 * - The daily metrics files of data.binance.vision (metricsArchive.ts), 5-minute snapshots, for days
 *   that start more than 30 days before `now`, and for any chunk whose REST request Binance refuses with
 *   HTTP 451 (restricted location) or, offline, that the response archive does not hold.
 *
 * Chunks are UTC days: a REST chunk covers up to 500 snapshots (1 day of 5m, 20 days of 1h, 30 days of
 * 1d), an archive chunk one day (one file), so a long backfill is resumable day by day. From the 5-minute
 * archive, a 1h or 1d ingest keeps the snapshots on its own grid ('between_periods' counts the others).
 *
 * Units: `oi_btc` = sumOpenInterest (BTCUSDT is quoted and sized in BTC), `oi_usd` =
 * sumOpenInterestValue (USDT taken at par), and `oi_contracts` = `oi_btc`: a USD-M BTCUSDT contract is one
 * BTC of notional (the event pack follows the same convention). Snapshots are stamped at their instant
 * in UTC; the latest grid instant (possibly not yet published) is left out; missing snapshots are
 * reported as gaps. A timestamp that appears twice keeps its later record ('superseded'; the archive files
 * do repeat some). Every stored row's `source` names both endpoints, since one dataset has one endpoint;
 * the response archive records which URL each value came from.
 */

import { ProviderError } from '../../../errors.js';
import { isoInstant } from '../../../store/align.js';
import { joinUrl } from '../http.js';
import { gapsOnGrid, payloadError, SkipCounter } from '../payload.js';
import { addDays, dateWindow, nowMs, oneOfFlag, splitDates } from '../query.js';
import { type DataRowOf, defineDataset, type ExtractContext } from '../types.js';
import { fetchMetricsDays, type MetricsDay, type MetricsRecord, readMetricsDay } from './metricsArchive.js';
import { isLocationRefusal } from './refusal.js';
import { decimalString, epochMs, symbolFlag } from './values.js';

const WHERE = { provider: 'binance', dataset: 'open_interest' } as const;
const LABEL = 'binance open_interest';
const PERIODS = ['5m', '1h', '1d'] as const;
type Period = (typeof PERIODS)[number];
const DAY_MS = 86_400_000;
const STEP_MS: Readonly<Record<Period, number>> = { '5m': 300_000, '1h': 3_600_000, '1d': DAY_MS };
/** Days per REST chunk: at most 500 snapshots (Binance's `limit` maximum). */
const REST_DAYS: Readonly<Record<Period, number>> = { '5m': 1, '1h': 20, '1d': 30 };
const DEFAULT_DAYS: Readonly<Record<Period, number>> = { '5m': 1, '1h': 7, '1d': 30 };
/** How far back the REST endpoint serves ("only the data of the latest 30 days is available"). */
export const REST_HISTORY_MS = 30 * DAY_MS;
export const REST_LIMIT = 500;
const ARCHIVE_STEP_MS = 300_000;

/** A normalized query, and a chunk of it (route decided per chunk). */
export interface BinanceOpenInterestQuery {
  readonly symbol: string;
  readonly period: Period;
  /** First UTC day (inclusive) and last UTC day (inclusive) of the window or chunk. */
  readonly from: string;
  readonly to: string;
  /** Snapshot instants in [start, end) (ISO, UTC). */
  readonly start: string;
  readonly end: string;
  readonly now: string;
  /** 'auto' for the whole query; each chunk is 'rest' (with fallback) or 'archive'. */
  readonly route: 'auto' | 'rest' | 'archive';
}

/** What extract returns: the REST body, or the archive files it read instead and why. */
type Raw =
  | { readonly route: 'rest'; readonly body: unknown }
  | { readonly route: 'archive'; readonly reason: string; readonly days: readonly MetricsDay[] };

export const binanceOpenInterest = defineDataset<BinanceOpenInterestQuery, unknown, 'open_interest'>({
  model: 'open_interest',
  description:
    'Binance USD-M futures open interest (BTC and USD), 5m/1h/1d; REST for 30 days, data.binance.vision daily files before that',
  endpoint: '/futures/data/openInterestHist + /data/futures/um/daily/metrics',
  fills: ['ts', 'venue', 'symbol', 'oi_contracts', 'oi_btc', 'oi_usd'],
  flags: {
    symbol: 'USD-M futures symbol, e.g. BTCUSDT (default BTCUSDT)',
    interval: '5m | 1h | 1d: snapshot period (default 1h)',
    from: 'first UTC day, YYYY-MM-DD (default: 1, 7 or 30 days before --to for 5m, 1h, 1d); days older than 30 days come from the daily archive files',
    to: 'last UTC day, inclusive (default: today)',
  },

  transformQuery(input) {
    const symbol = symbolFlag(input.symbol);
    const period = oneOfFlag('--interval', input.interval, PERIODS, '1h');
    const { from, to } = dateWindow(input, DEFAULT_DAYS[period]);
    const step = STEP_MS[period];
    const startMs = Date.parse(`${from}T00:00:00Z`);
    // The snapshot at the latest grid instant may not be published yet: the window stops before it.
    const lastMs = Math.floor(nowMs(input) / step) * step;
    const endMs = Math.max(startMs, Math.min(Date.parse(`${addDays(to, 1)}T00:00:00Z`), lastMs));
    return {
      symbol,
      period,
      from,
      to,
      start: isoInstant(startMs),
      end: isoInstant(endMs),
      now: input.now,
      route: 'auto',
    };
  },

  chunks(q) {
    const endMs = Date.parse(q.end);
    const cutoffMs = nowMs(q) - REST_HISTORY_MS;
    const out: BinanceOpenInterestQuery[] = [];
    let rest: string[] = [];
    const flush = (): void => {
      if (rest.length === 0) return;
      out.push(chunkOf(q, rest[0]!, rest[rest.length - 1]!, 'rest', endMs));
      rest = [];
    };
    for (const { from: day } of splitDates(q.from, q.to, 1)) {
      const dayMs = Date.parse(`${day}T00:00:00Z`);
      if (dayMs >= endMs) break;
      if (dayMs < cutoffMs) {
        flush();
        out.push(chunkOf(q, day, day, 'archive', endMs));
      } else {
        rest.push(day);
        if (rest.length === REST_DAYS[q.period]) flush();
      }
    }
    flush();
    return out;
  },

  async extract(q, ctx): Promise<Raw> {
    if (q.route === 'archive') {
      const reason = `older than the ${REST_HISTORY_MS / DAY_MS} days the REST endpoint serves`;
      return { route: 'archive', reason, days: await archiveDays(q, ctx) };
    }
    const url = joinUrl(ctx.baseUrl, '/futures/data/openInterestHist', {
      symbol: q.symbol,
      period: q.period,
      startTime: Date.parse(q.start),
      endTime: Date.parse(q.end) - 1,
      limit: REST_LIMIT,
    });
    try {
      return { route: 'rest', body: (await ctx.fetch(url)).json() };
    } catch (error) {
      const reason = isLocationRefusal(error)
        ? 'Binance refused the REST request from this location (HTTP 451)'
        : error instanceof ProviderError && error.code === 'not_archived'
          ? 'the response archive holds no REST response for this window'
          : undefined;
      if (reason === undefined) throw error;
      const message = `${LABEL}: ${reason}; reading the daily files of data.binance.vision for ${q.from}..${q.to}`;
      ctx.progress(message);
      if (isLocationRefusal(error))
        ctx.notice?.({ kind: 'refused', status: 451, message: `${LABEL}: ${reason}` });
      ctx.notice?.({ kind: 'fallback', message });
      return { route: 'archive', reason, days: await archiveDays(q, ctx) };
    }
  },

  transform(q, raw) {
    const r = raw as Partial<Raw> | null;
    const step = STEP_MS[q.period];
    const startMs = Date.parse(q.start);
    const endMs = Date.parse(q.end);
    const skipped = new SkipCounter();
    let records: MetricsRecord[];
    if (r?.route === 'rest') {
      records = restRecords(q, r.body, step);
    } else if (r?.route === 'archive' && Array.isArray(r.days)) {
      records = [];
      for (const day of r.days) {
        if (!day.published) continue;
        for (const rec of readMetricsDay(WHERE, day, q.symbol, skipped)) {
          if (rec.ms % ARCHIVE_STEP_MS !== 0) {
            throw payloadError(
              WHERE,
              `${rec.where} create_time`,
              isoInstant(rec.ms),
              'a time on the 5-minute grid',
            );
          }
          if (rec.ms % step !== 0) {
            skipped.add('between_periods');
            continue;
          }
          records.push(rec);
        }
      }
    } else {
      throw payloadError(WHERE, '(extract)', raw, "{ route: 'rest', body } or { route: 'archive', days }");
    }
    const byTime = new Map<number, MetricsRecord>();
    for (const rec of records) {
      if (rec.ms < startMs || rec.ms >= endMs) {
        skipped.add('outside_window');
        continue;
      }
      const seen = byTime.get(rec.ms);
      if (seen !== undefined)
        skipped.add(seen.oi === rec.oi && seen.value === rec.value ? 'duplicate' : 'superseded');
      byTime.set(rec.ms, rec);
    }
    const times = [...byTime.keys()].sort((a, b) => a - b);
    const rows: DataRowOf<'open_interest'>[] = times.map((ms) => {
      const { oi, value } = byTime.get(ms)!;
      return {
        ts: isoInstant(ms),
        venue: 'binance',
        symbol: q.symbol,
        oi_contracts: oi,
        oi_btc: oi,
        oi_usd: value,
      };
    });
    return { rows, skipped: skipped.list(), gaps: gapsOnGrid(startMs, endMs, step, new Set(times)) };
  },
});

function chunkOf(
  q: BinanceOpenInterestQuery,
  from: string,
  to: string,
  route: 'rest' | 'archive',
  endMs: number,
): BinanceOpenInterestQuery {
  const startMs = Date.parse(`${from}T00:00:00Z`);
  const chunkEnd = Math.min(endMs, Date.parse(`${addDays(to, 1)}T00:00:00Z`));
  return { ...q, from, to, start: isoInstant(startMs), end: isoInstant(chunkEnd), route };
}

function archiveDays(q: BinanceOpenInterestQuery, ctx: ExtractContext): Promise<MetricsDay[]> {
  const dates = splitDates(q.from, q.to, 1).map((d) => d.from);
  return fetchMetricsDays(ctx, q.symbol, dates, LABEL, q.now);
}

function restRecords(q: BinanceOpenInterestQuery, body: unknown, step: number): MetricsRecord[] {
  if (!Array.isArray(body)) {
    throw payloadError(
      WHERE,
      '(body)',
      body,
      'an array of { symbol, sumOpenInterest, sumOpenInterestValue, timestamp }',
    );
  }
  return body.map((item: unknown, i) => {
    const p = `[${i}]`;
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      throw payloadError(
        WHERE,
        p,
        item,
        'an object { symbol, sumOpenInterest, sumOpenInterestValue, timestamp }',
      );
    }
    const o = item as Record<string, unknown>;
    if (o.symbol !== q.symbol)
      throw payloadError(WHERE, `${p}.symbol`, o.symbol, `'${q.symbol}', the symbol asked for`);
    const ms = epochMs(o.timestamp);
    if (ms === undefined || ms % step !== 0) {
      throw payloadError(WHERE, `${p}.timestamp`, o.timestamp, `ms since the epoch on the ${q.period} grid`);
    }
    const oi = decimalString(o.sumOpenInterest);
    if (oi === undefined)
      throw payloadError(WHERE, `${p}.sumOpenInterest`, o.sumOpenInterest, 'a decimal string (BTC)');
    const value = decimalString(o.sumOpenInterestValue);
    if (value === undefined) {
      throw payloadError(
        WHERE,
        `${p}.sumOpenInterestValue`,
        o.sumOpenInterestValue,
        'a decimal string (USDT)',
      );
    }
    return { ms, oi, value, where: p };
  });
}
