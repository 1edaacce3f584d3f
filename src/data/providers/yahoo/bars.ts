/**
 * Yahoo Finance chart -> `bars` (venue 'yahoo'), daily and intraday.
 *
 * Endpoint: `GET /v8/finance/chart/{symbol}?period1=&period2=&interval=1d|1h|1m&includePrePost=false`
 * (undocumented; shape taken from recorded responses, e.g. gadicc/node-yahoo-finance2
 * tests/fixtures/http/chart-QQQ-2020-01-01-to-2020-01-03.json, copied in ./fixtures). The body is
 * `{ chart: { result: [{ meta, timestamp: [unix s], indicators: { quote: [{ open, high, low, close,
 * volume }] } }], error: null } }` with one value per timestamp; a window without trading has no
 * `timestamp` key and an empty quote object; values inside the arrays can be null.
 *
 * Conventions applied here (shared/DESIGN.md section 3, docs/DATA.md):
 * - A '1d' bar is stamped by Yahoo at the 09:30 America/New_York open of its trading day. crashscope
 *   stamps daily cross-asset bars at that day's 16:00 America/New_York close, from the time-zone
 *   database (21:00 UTC in winter, 20:00 UTC in summer); the trading day is the date of Yahoo's stamp in
 *   the exchange's zone (`meta.exchangeTimezoneName`). Early-close days keep 16:00, as in the event
 *   pack. For listings outside New York the row is still stamped at 16:00 New York of the local
 *   trading date (after the local close, so never ahead of the data).
 * - Crypto pairs (BTC-USD) trade around the clock and Yahoo gives them `exchangeTimezoneName` 'UTC':
 *   their '1d' bars are UTC days, stamped at the 00:00Z open (docs/DATA.md, "Daily bars"), and are
 *   complete 24 h later. Stamping them at 16:00 New York would show a UTC-day close four hours before
 *   that price existed.
 * - Intraday bars keep Yahoo's stamp, the bar open.
 * - A bar whose values are null is skipped and counted ('null_values'); a null volume alone is stored
 *   as NULL. An empty window gives zero rows. Bars still in progress at `now` are left out.
 * - Prices are as Yahoo serves them: adjusted for splits, not for dividends (`adjclose` is not used).
 * - Yahoo sometimes repeats the latest bar with fresher values; the later one is kept ('superseded').
 * - The window runs from 00:00 New York on --from to 00:00 New York after --to; 1m requests are cut
 *   into 7-day chunks (Yahoo refuses more per request), 1h into 60-day and 1d into 366-day chunks.
 */
import { InvalidInputError } from '../../../errors.js';
import { isoInstant, NEW_YORK, nyCloseInstant, zonedTimeToUtcMs } from '../../../store/align.js';
import { joinUrl } from '../http.js';
import { isFiniteNumber, payloadError, SkipCounter } from '../payload.js';
import { addDays, dateWindow, nowMs, oneOfFlag, requiredFlag, splitDates } from '../query.js';
import { type DataRowOf, defineDataset } from '../types.js';

const WHERE = { provider: 'yahoo', dataset: 'bars' } as const;
const INTERVALS = ['1m', '1h', '1d'] as const;
/** Exchange zones whose daily bars are UTC days (docs/DATA.md, "Daily bars"). */
const UTC_ZONES: ReadonlySet<string> = new Set(['UTC', 'Etc/UTC', 'GMT', 'Etc/GMT']);
type Interval = (typeof INTERVALS)[number];
const STEP_MS: Readonly<Record<Interval, number>> = { '1m': 60_000, '1h': 3_600_000, '1d': 86_400_000 };
const DEFAULT_DAYS: Readonly<Record<Interval, number>> = { '1m': 5, '1h': 30, '1d': 365 };
const CHUNK_DAYS: Readonly<Record<Interval, number>> = { '1m': 7, '1h': 60, '1d': 366 };
/** `meta.dataGranularity` values that confirm the interval asked for. */
const GRANULARITIES: Readonly<Record<Interval, readonly string[]>> = {
  '1m': ['1m'],
  '1h': ['1h', '60m'],
  '1d': ['1d'],
};
const SYMBOL_RE = /^[A-Z0-9^=.-]{1,20}$/;
const QUOTE_FIELDS = ['open', 'high', 'low', 'close', 'volume'] as const;

/** A normalized query (a chunk is the same over a narrower date window). */
export interface YahooBarsQuery {
  readonly symbol: string;
  readonly interval: Interval;
  /** First trading day, inclusive (YYYY-MM-DD). */
  readonly from: string;
  /** Last trading day, inclusive. */
  readonly to: string;
  /** Unix seconds of 00:00 America/New_York on `from`. */
  readonly period1: number;
  /** Unix seconds of 00:00 America/New_York the day after `to`. */
  readonly period2: number;
  /** Bars not finished at this instant are left out (ISO). */
  readonly now: string;
}

function window(from: string, to: string): { period1: number; period2: number } {
  return {
    period1: zonedTimeToUtcMs(from, 0, 0, NEW_YORK) / 1000,
    period2: zonedTimeToUtcMs(addDays(to, 1), 0, 0, NEW_YORK) / 1000,
  };
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** The calendar date (YYYY-MM-DD) of an instant in a time zone; undefined for an unknown zone. */
function localDate(ms: number, timeZone: string): string | undefined {
  let f = dateFormats.get(timeZone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    } catch {
      return undefined;
    }
    dateFormats.set(timeZone, f);
  }
  const parts = f.formatToParts(new Date(ms));
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export const yahooBars = defineDataset<YahooBarsQuery, unknown, 'bars'>({
  model: 'bars',
  description:
    'Yahoo Finance chart bars (ETFs, stocks, indices, crypto), 1d stamped at the 16:00 New York close (crypto, a UTC day: 00:00Z open), 1h/1m at the bar open',
  endpoint: '/v8/finance/chart/{symbol}',
  fills: ['ts', 'venue', 'symbol', 'interval', 'open', 'high', 'low', 'close', 'volume'],
  flags: {
    symbol: 'Yahoo symbol, e.g. IBIT, QQQ, ^GSPC (required)',
    interval: '1m | 1h | 1d (default 1d; Yahoo serves 1m for the last 30 days, 1h for the last 730)',
    from: 'first trading day, YYYY-MM-DD (default: 5, 30 or 365 days before --to for 1m, 1h, 1d)',
    to: 'last trading day, inclusive (default: today; bars in progress are left out)',
  },

  transformQuery(input) {
    const raw = requiredFlag('--symbol', input.symbol, 'a Yahoo symbol such as IBIT');
    const symbol = raw.trim().toUpperCase();
    if (!SYMBOL_RE.test(symbol)) {
      throw new InvalidInputError(
        'bad_flag',
        `--symbol: '${raw}' is not a Yahoo symbol (letters, digits, ^ = . -)`,
        {
          details: { flag: '--symbol', raw },
        },
      );
    }
    const interval = oneOfFlag('--interval', input.interval, INTERVALS, '1d');
    const { from, to } = dateWindow(input, DEFAULT_DAYS[interval]);
    nowMs(input);
    return { symbol, interval, from, to, ...window(from, to), now: input.now };
  },

  chunks(q) {
    return splitDates(q.from, q.to, CHUNK_DAYS[q.interval]).map((w) => ({
      ...q,
      ...w,
      ...window(w.from, w.to),
    }));
  },

  async extract(q, ctx) {
    const url = joinUrl(ctx.baseUrl, `/v8/finance/chart/${encodeURIComponent(q.symbol)}`, {
      period1: q.period1,
      period2: q.period2,
      interval: q.interval,
      includePrePost: 'false',
    });
    return (await ctx.fetch(url)).json();
  },

  transform(q, raw) {
    const chart = isRecord(raw) ? raw.chart : undefined;
    if (!isRecord(chart)) throw payloadError(WHERE, 'chart', chart, 'an object { result, error }');
    if (chart.error !== null && chart.error !== undefined) {
      throw payloadError(WHERE, 'chart.error', chart.error, 'null in a response with data');
    }
    const result = chart.result;
    if (!Array.isArray(result) || result.length !== 1 || !isRecord(result[0])) {
      throw payloadError(WHERE, 'chart.result', result, 'an array with one result object');
    }
    const r = result[0];
    const p = 'chart.result[0]';
    const meta = r.meta;
    if (!isRecord(meta)) throw payloadError(WHERE, `${p}.meta`, meta, 'an object');
    if (typeof meta.symbol !== 'string' || meta.symbol.toUpperCase() !== q.symbol) {
      throw payloadError(WHERE, `${p}.meta.symbol`, meta.symbol, `'${q.symbol}', the symbol asked for`);
    }
    if (
      typeof meta.dataGranularity === 'string' &&
      !GRANULARITIES[q.interval].includes(meta.dataGranularity)
    ) {
      throw payloadError(
        WHERE,
        `${p}.meta.dataGranularity`,
        meta.dataGranularity,
        `'${q.interval}', the interval asked for`,
      );
    }
    const timestamps = r.timestamp ?? [];
    if (!Array.isArray(timestamps))
      throw payloadError(WHERE, `${p}.timestamp`, timestamps, 'an array of unix seconds');
    const n = timestamps.length;
    timestamps.forEach((t: unknown, i) => {
      if (!isFiniteNumber(t) || !Number.isInteger(t)) {
        throw payloadError(WHERE, `${p}.timestamp[${i}]`, t, 'unix seconds (an integer)');
      }
    });
    const quotes = isRecord(r.indicators) ? r.indicators.quote : undefined;
    if (!Array.isArray(quotes) || quotes.length < 1 || !isRecord(quotes[0])) {
      throw payloadError(WHERE, `${p}.indicators.quote`, quotes, 'an array with one quote object');
    }
    const quote = quotes[0];
    const columns = {} as Record<(typeof QUOTE_FIELDS)[number], readonly (number | null)[]>;
    for (const name of QUOTE_FIELDS) {
      const field = `${p}.indicators.quote[0].${name}`;
      const values = quote[name] ?? (n === 0 ? [] : undefined);
      if (!Array.isArray(values) || values.length !== n) {
        throw payloadError(WHERE, field, values, `an array of ${n} numbers or nulls, one per timestamp`);
      }
      values.forEach((v: unknown, i) => {
        if (v !== null && !isFiniteNumber(v))
          throw payloadError(WHERE, `${field}[${i}]`, v, 'a number or null');
      });
      columns[name] = values as (number | null)[];
    }
    let timeZone = NEW_YORK;
    if (q.interval === '1d') {
      const tz = meta.exchangeTimezoneName;
      if (typeof tz !== 'string' || localDate(0, tz) === undefined) {
        throw payloadError(
          WHERE,
          `${p}.meta.exchangeTimezoneName`,
          tz,
          'an IANA time zone such as America/New_York',
        );
      }
      timeZone = tz;
    }
    // Yahoo gives crypto pairs (BTC-USD) exchangeTimezoneName 'UTC': their daily bars are UTC days.
    const utcDay = q.interval === '1d' && UTC_ZONES.has(timeZone);

    const skipped = new SkipCounter();
    const now = nowMs(q);
    const byTs = new Map<string, DataRowOf<'bars'>>();
    for (let i = 0; i < n; i++) {
      const [open, high, low, close, volume] = QUOTE_FIELDS.map((name) => columns[name][i]!);
      if (open === null || high === null || low === null || close === null) {
        skipped.add('null_values');
        continue;
      }
      const ms = timestamps[i] * 1000;
      let ts: string;
      let endMs: number;
      if (q.interval === '1d') {
        const date = localDate(ms, timeZone)!;
        if (date < q.from || date > q.to) {
          skipped.add('outside_window');
          continue;
        }
        if (utcDay) {
          // A UTC-day bar (crypto, e.g. BTC-USD): stamped at its 00:00Z open, known 24 h later.
          ts = `${date}T00:00:00Z`;
          endMs = Date.parse(ts) + 86_400_000;
        } else {
          ts = nyCloseInstant(date);
          endMs = Date.parse(ts);
        }
      } else {
        if (ms < q.period1 * 1000 || ms >= q.period2 * 1000) {
          skipped.add('outside_window');
          continue;
        }
        ts = isoInstant(ms);
        endMs = ms + STEP_MS[q.interval];
      }
      if (endMs > now) {
        skipped.add('in_progress');
        continue;
      }
      const row: DataRowOf<'bars'> = {
        ts,
        venue: 'yahoo',
        symbol: q.symbol,
        interval: q.interval,
        open,
        high,
        low,
        close,
        volume: volume ?? null,
      };
      const seen = byTs.get(ts);
      if (seen !== undefined) {
        const same = (Object.keys(row) as (keyof typeof row)[]).every((k) => row[k] === seen[k]);
        skipped.add(same ? 'duplicate' : 'superseded');
      }
      byTs.set(ts, row);
    }
    const rows = [...byTs.values()].sort((a, b) => Date.parse(a.ts) - Date.parse(b.ts));
    return { rows, skipped: skipped.list() };
  },
});
