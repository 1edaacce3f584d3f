/**
 * The daily "metrics" files of Binance's public data archive (https://github.com/binance/binance-public-data,
 * "Futures / um / daily / metrics"): one zip per symbol and UTC day,
 * `/data/futures/um/daily/metrics/<SYMBOL>/<SYMBOL>-metrics-<YYYY-MM-DD>.zip`, beside a
 * `<file>.CHECKSUM` holding `<sha256 hex>  <file name>` (sha256sum's format). The zip holds one CSV,
 * `<SYMBOL>-metrics-<YYYY-MM-DD>.csv`, with the header
 * `create_time,symbol,sum_open_interest,sum_open_interest_value,count_toptrader_long_short_ratio,
 * sum_toptrader_long_short_ratio,count_long_short_ratio,sum_taker_long_short_vol_ratio`, a row every
 * 5 minutes, `create_time` in UTC as `YYYY-MM-DD HH:MM:SS`, `sum_open_interest` in the base asset (BTC)
 * and `sum_open_interest_value` in USDT. (Header and time format as reported in
 * binance/binance-public-data issue #211 and read by public parsers of these files; files are published
 * the day after, so the current day is never there, and some repeat a timestamp or leave a value empty.)
 *
 * `fetchMetricsDays` is I/O for an `extract`: it returns, per day, the checksum text and the zip's bytes
 * (base64, so the payload stays JSON) or that the file is not published. `readMetricsDay` is pure: it
 * verifies the SHA-256 against the checksum, unzips and parses, and names the file and line of anything
 * that is not as described.
 */
import { createHash } from 'node:crypto';
import { ProviderError } from '../../../errors.js';
import type { HttpResponse } from '../http.js';
import { joinUrl } from '../http.js';
import { type PayloadWhere, payloadError, type SkipCounter } from '../payload.js';
import type { ExtractContext } from '../types.js';
import { archiveBaseUrl } from './hosts.js';
import { decimalString } from './values.js';
import { readZip } from './zip.js';

/**
 * Days data.binance.vision takes to publish a daily file (they appear the next day, UTC; two days of
 * margin). A file still missing after this is an error, not a gap.
 */
export const PUBLICATION_LAG_DAYS = 3;

/** One day's archive file as fetched: published (checksum and zip) or not (HTTP 404). */
export type MetricsDay =
  | { readonly date: string; readonly file: string; readonly url: string; readonly published: false }
  | {
      readonly date: string;
      readonly file: string;
      readonly url: string;
      readonly published: true;
      /** The `.CHECKSUM` file as sent. */
      readonly checksum: string;
      /** The zip's bytes, base64. */
      readonly zipBase64: string;
    };

/** One 5-minute snapshot of a metrics file. */
export interface MetricsRecord {
  /** Snapshot instant, ms since the epoch (UTC). */
  readonly ms: number;
  /** Open interest in the base asset (BTC for BTCUSDT). */
  readonly oi: number;
  /** Open interest value in the quote asset (USDT, taken as USD). */
  readonly value: number;
  /** Where it came from, for error messages: '<file> line <n>'. */
  readonly where: string;
}

const REQUIRED = ['create_time', 'symbol', 'sum_open_interest', 'sum_open_interest_value'] as const;
const TIME_RE = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;
const CHECKSUM_RE = /^([0-9a-fA-F]{64})[ \t]+\*?(\S+)\s*$/;

/**
 * The archive path of a symbol's metrics file for a UTC day.
 * @example metricsPath('BTCUSDT', '2026-01-02') // '/data/futures/um/daily/metrics/BTCUSDT/BTCUSDT-metrics-2026-01-02.zip'
 */
export function metricsPath(symbol: string, date: string): string {
  return `/data/futures/um/daily/metrics/${symbol}/${symbol}-metrics-${date}.zip`;
}

/** The body's bytes, from a client that keeps them; a zip does not survive decoding as UTF-8 text. */
function responseBytes(response: HttpResponse): Uint8Array | undefined {
  const r = response as HttpResponse & { readonly bytes?: () => Uint8Array };
  return typeof r.bytes === 'function' ? r.bytes() : undefined;
}

/**
 * Fetches the checksum and zip of each day (I/O; for `extract`). A day whose checksum is not found (HTTP
 * 404) comes back as not published while it is within the publication lag of `now` (and is reported as a
 * notice); past the lag it is ProviderError 'archive_missing'. Other errors propagate.
 * @example await fetchMetricsDays(ctx, 'BTCUSDT', ['2026-01-02']) // [{ date: '2026-01-02', published: true, checksum: 'd139...  BTCUSDT-metrics-2026-01-02.zip\n', zipBase64: 'UEsDB...' , ... }]
 */
export async function fetchMetricsDays(
  ctx: ExtractContext,
  symbol: string,
  dates: readonly string[],
  label: string,
  now?: string,
): Promise<MetricsDay[]> {
  const base = archiveBaseUrl(ctx.baseUrl);
  const days: MetricsDay[] = [];
  for (const date of dates) {
    const path = metricsPath(symbol, date);
    const file = path.slice(path.lastIndexOf('/') + 1);
    const url = joinUrl(base, path);
    let checksum: string;
    try {
      checksum = (await ctx.fetch(`${url}.CHECKSUM`, { headers: { accept: 'text/plain' } })).body;
    } catch (error) {
      if (error instanceof ProviderError && error.code === 'not_found') {
        const due = Date.parse(`${date}T00:00:00Z`) + (PUBLICATION_LAG_DAYS + 1) * 86_400_000;
        if (now !== undefined && Date.parse(now) >= due) {
          // Long past its publication lag: not "not yet published" but absent (a wrong symbol, a
          // listing date after the day, or a hole in the archive). Never a silent gap.
          throw new ProviderError(
            'archive_missing',
            `${label}: ${file} is missing (HTTP 404) though files are published within ${PUBLICATION_LAG_DAYS} days and ${date} is older; check --symbol ${symbol} (or whether it traded on ${date})`,
            { details: { url, date, symbol, status: 404 }, cause: error },
          );
        }
        const message = `${label}: ${file} is not published yet (HTTP 404); ${date} is reported as a gap`;
        ctx.progress(message);
        ctx.notice?.({ kind: 'missing', status: 404, message });
        days.push({ date, file, url, published: false });
        continue;
      }
      throw error;
    }
    const response = await ctx.fetch(url, { headers: { accept: 'application/zip' } });
    const bytes = responseBytes(response);
    if (bytes === undefined) {
      throw new ProviderError(
        'binary_body_unsupported',
        `${label}: cannot read ${url}: this build's HTTP client hands bodies over as text only, and a zip does not survive text decoding (HttpResponse.bytes() is needed; docs/providers/binance.md)`,
        { details: { url } },
      );
    }
    days.push({
      date,
      file,
      url,
      published: true,
      checksum,
      zipBase64: Buffer.from(bytes).toString('base64'),
    });
  }
  return days;
}

/**
 * The records of one published day: checksum verified, zip read, CSV parsed (pure). Records of another
 * symbol, or with a value missing, are skipped and counted ('other_symbol', 'null_values').
 * @example readMetricsDay(where, day, 'BTCUSDT', skipped)[0] // { ms: 1767312000000, oi: 96512.403, value: 8482513421.0452, where: 'BTCUSDT-metrics-2026-01-02.csv line 2' }
 */
export function readMetricsDay(
  where: PayloadWhere,
  day: MetricsDay & { readonly published: true },
  symbol: string,
  skipped: SkipCounter,
): MetricsRecord[] {
  const line = day.checksum.split('\n').find((l) => l.trim() !== '') ?? '';
  const m = CHECKSUM_RE.exec(line.trim());
  if (m === null || m[2] !== day.file) {
    throw payloadError(where, `${day.file}.CHECKSUM`, line, `'<sha256 hex>  ${day.file}'`);
  }
  const bytes = new Uint8Array(Buffer.from(day.zipBase64, 'base64'));
  const digest = createHash('sha256').update(bytes).digest('hex');
  if (digest !== m[1]!.toLowerCase()) {
    throw payloadError(
      where,
      day.file,
      `sha256 ${digest}`,
      `the SHA-256 its .CHECKSUM states (${m[1]!.toLowerCase()}); the file is refused`,
    );
  }
  const zip = readZip(bytes);
  if (!zip.ok)
    throw payloadError(where, day.file, `${bytes.length} bytes`, `a readable zip archive (${zip.reason})`);
  const csvName = day.file.replace(/\.zip$/, '.csv');
  const entry = zip.entries.find((e) => e.name === csvName);
  if (entry === undefined) {
    throw payloadError(
      where,
      day.file,
      zip.entries.map((e) => e.name),
      `an archive holding ${csvName}`,
    );
  }
  return parseMetricsCsv(where, csvName, new TextDecoder().decode(entry.content), symbol, skipped);
}

/**
 * The records of a metrics CSV (pure); the header decides where each column is.
 * @example parseMetricsCsv(where, 'f.csv', 'create_time,symbol,sum_open_interest,sum_open_interest_value\n2026-01-02 00:00:00,BTCUSDT,1,2\n', 'BTCUSDT', skipped) // [{ ms: 1767312000000, oi: 1, value: 2, where: 'f.csv line 2' }]
 */
export function parseMetricsCsv(
  where: PayloadWhere,
  file: string,
  text: string,
  symbol: string,
  skipped: SkipCounter,
): MetricsRecord[] {
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  const header = (lines[0] ?? '').replace(/\r$/, '').split(',');
  const col = Object.fromEntries(REQUIRED.map((name) => [name, header.indexOf(name)])) as Record<
    (typeof REQUIRED)[number],
    number
  >;
  const missing = REQUIRED.filter((name) => col[name] < 0);
  if (missing.length > 0) {
    throw payloadError(
      where,
      `${file} line 1 (header)`,
      lines[0],
      `the columns ${REQUIRED.join(', ')} (missing: ${missing.join(', ')})`,
    );
  }
  const records: MetricsRecord[] = [];
  for (let i = 1; i < lines.length; i++) {
    const raw = lines[i]!.replace(/\r$/, '');
    if (raw.trim() === '') continue;
    const at = `${file} line ${i + 1}`;
    const cells = raw.split(',');
    if (cells.length !== header.length) {
      throw payloadError(where, at, raw, `${header.length} comma-separated values, as in the header`);
    }
    const t = TIME_RE.exec(cells[col.create_time]!);
    const ms = t === null ? Number.NaN : Date.UTC(+t[1]!, +t[2]! - 1, +t[3]!, +t[4]!, +t[5]!, +t[6]!);
    if (t === null || new Date(ms).toISOString().slice(0, 19).replace('T', ' ') !== cells[col.create_time]) {
      throw payloadError(
        where,
        `${at} create_time`,
        cells[col.create_time],
        'a UTC time YYYY-MM-DD HH:MM:SS',
      );
    }
    if (cells[col.symbol] !== symbol) {
      skipped.add('other_symbol');
      continue;
    }
    const oiText = cells[col.sum_open_interest]!;
    const valueText = cells[col.sum_open_interest_value]!;
    if (oiText === '' || valueText === '') {
      skipped.add('null_values');
      continue;
    }
    const oi = decimalString(oiText);
    const value = decimalString(valueText);
    if (oi === undefined)
      throw payloadError(where, `${at} sum_open_interest`, oiText, 'a decimal number (BTC)');
    if (value === undefined) {
      throw payloadError(where, `${at} sum_open_interest_value`, valueText, 'a decimal number (USDT)');
    }
    records.push({ ms, oi, value, where: at });
  }
  return records;
}
