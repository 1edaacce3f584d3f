/**
 * CFTC Traders in Financial Futures (TFF), futures only -> `cftc_positions`: leveraged funds and asset
 * managers, long and short, per weekly report, for one contract market (default CME Bitcoin, 133741).
 *
 * Endpoint: the CFTC Public Reporting Environment, a Socrata (SODA 2.1) dataset
 * `GET /resource/gpe5-46if.json?$where=...&$order=...&$limit=&$offset=`
 * (https://dev.socrata.com/foundry/publicreporting.cftc.gov/gpe5-46if; paging with $limit/$offset and a
 * stable $order: https://dev.socrata.com/docs/paging.html). The body is a JSON array of rows whose values
 * are all strings: `report_date_as_yyyy_mm_dd: '2026-01-06T00:00:00.000'` (a floating timestamp),
 * `cftc_contract_market_code: '133741'`, `market_and_exchange_names: 'BITCOIN - CHICAGO MERCANTILE
 * EXCHANGE'`, `futonly_or_combined: 'FutOnly'`, `lev_money_positions_long`, `lev_money_positions_short`,
 * `asset_mgr_positions_long`, `asset_mgr_positions_short` (contracts; no `_all` suffix in TFF, unlike the
 * dealer columns), ... Socrata leaves out the keys of null values. Field names as used against the live
 * dataset by public clients (e.g. a TFF fixture with `id: '260714042601F'`, `report_date_as_yyyy_mm_dd:
 * '2026-07-14T00:00:00.000'`, `asset_mgr_positions_long: '2448262'`, `lev_money_positions_long:
 * '389534'`).
 *
 * Conventions applied here:
 * - `report_date` is the Tuesday the positions are as of; `published_at` is the standard release, the
 *   Friday of the same week at 15:30 America/New_York ("The Commitments of Traders reports are released at
 *   3:30 p.m. Eastern time", CFTC release schedule, https://www.cftc.gov/MarketReports/CommitmentsofTraders/ReleaseSchedule/index.htm),
 *   computed with the time-zone database. Holiday weeks shift the release to a later weekday; the dataset
 *   carries no release date, so the standard Friday is assumed and such weeks are stamped early.
 * - `contract` is the row's `market_and_exchange_names` as the CFTC writes it.
 * - Rows are asked in pages of `--param page_size` (default 1000) ordered by report date and Socrata's
 *   row id, until a short page; the query is cut into one chunk per 366 days.
 * - A row missing one of the four position fields is skipped ('null_values'). Weeks of the window with
 *   no report (e.g. the 2018-19 government shutdown) are reported as gaps on the weekly Tuesday grid;
 *   weeks whose report is not yet due at `now` are not gaps.
 */

import { NEW_YORK, zonedWallTimeToUtcMs } from '../../../core/time.js';
import { InvalidInputError } from '../../../errors.js';
import { isoInstant } from '../../../store/align.js';
import { joinUrl } from '../http.js';
import { pageGuard } from '../pager.js';
import { gapsOnGrid, isFiniteNumber, payloadError, SkipCounter } from '../payload.js';
import { addDays, dateWindow, nowMs, splitDates } from '../query.js';
import { type DataRowOf, defineDataset, type Notice } from '../types.js';

const WHERE = { provider: 'cftc', dataset: 'cftc_positions' } as const;
export const TFF_PATH = '/resource/gpe5-46if.json';
/** CFTC contract market code of BITCOIN - CHICAGO MERCANTILE EXCHANGE (5 BTC). */
export const BITCOIN_CME = '133741';
const CODE_RE = /^[0-9A-Z]{6}$/;
const DEFAULT_DAYS = 365;
const CHUNK_DAYS = 366;
export const DEFAULT_PAGE_SIZE = 1000;
/** Socrata 2.1 returns at most 50,000 rows per request. */
const MAX_PAGE_SIZE = 50_000;
const DAY_MS = 86_400_000;
const FLOATING_DATE_RE = /^(\d{4}-\d{2}-\d{2})T00:00:00(\.000)?$/;
const INTEGER_RE = /^\d+$/;
/** The model's column for each TFF field. */
const POSITIONS = [
  ['lev_long', 'lev_money_positions_long'],
  ['lev_short', 'lev_money_positions_short'],
  ['am_long', 'asset_mgr_positions_long'],
  ['am_short', 'asset_mgr_positions_short'],
] as const;
export const APP_TOKEN_ENV = 'CRASHSCOPE_CFTC_APP_TOKEN';

/** A normalized query; a chunk is the same over a narrower window. */
export interface CftcPositionsQuery {
  /** CFTC contract market code, e.g. '133741'. */
  readonly code: string;
  /** First report date, inclusive (YYYY-MM-DD). */
  readonly from: string;
  /** Last report date, inclusive. */
  readonly to: string;
  /** Rows per request ($limit). */
  readonly pageSize: number;
  /** Weeks whose report is due after this instant are not gaps (ISO). */
  readonly now: string;
}

/**
 * The standard release instant of a report as of `reportDate`: Friday of that week, 15:30 New York, UTC.
 * @example standardRelease('2026-02-03') // '2026-02-06T20:30:00Z'
 */
export function standardRelease(reportDate: string): string {
  const wd = new Date(`${reportDate}T00:00:00Z`).getUTCDay();
  const friday = addDays(reportDate, (5 - wd + 7) % 7);
  return isoInstant(zonedWallTimeToUtcMs(friday, 15, 30, NEW_YORK));
}

/** The Tuesday of the report week a date belongs to (nearest Tuesday: a holiday Monday maps forward). */
function weekTuesdayMs(date: string): number {
  const wd = new Date(`${date}T00:00:00Z`).getUTCDay();
  let shift = (2 - wd + 7) % 7;
  if (shift > 3) shift -= 7;
  return Date.parse(`${date}T00:00:00Z`) + shift * DAY_MS;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export const cftcPositions = defineDataset<CftcPositionsQuery, unknown, 'cftc_positions'>({
  model: 'cftc_positions',
  description:
    'CFTC Traders in Financial Futures (futures only): leveraged funds and asset managers long/short, weekly',
  endpoint: TFF_PATH,
  fills: ['report_date', 'contract', 'lev_long', 'lev_short', 'am_long', 'am_short', 'published_at'],
  flags: {
    symbol: `CFTC contract market code (default ${BITCOIN_CME}, BITCOIN - CHICAGO MERCANTILE EXCHANGE)`,
    from: 'first report date (a Tuesday), YYYY-MM-DD (default: 364 days before --to)',
    to: 'last report date, inclusive (default: today)',
  },
  params: [
    {
      name: 'page_size',
      description: `rows per request, 1 to ${MAX_PAGE_SIZE} (default ${DEFAULT_PAGE_SIZE})`,
    },
  ],

  transformQuery(input) {
    const code = (input.symbol ?? BITCOIN_CME).trim().toUpperCase();
    if (!CODE_RE.test(code)) {
      throw new InvalidInputError(
        'bad_flag',
        `--symbol: '${input.symbol}' is not a CFTC contract market code (six letters or digits, e.g. ${BITCOIN_CME})`,
        { details: { flag: '--symbol', raw: input.symbol } },
      );
    }
    const raw = input.params?.page_size;
    const pageSize = raw === undefined ? DEFAULT_PAGE_SIZE : Number(raw);
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
      throw new InvalidInputError(
        'bad_flag',
        `--param page_size=${raw}: not an integer from 1 to ${MAX_PAGE_SIZE}`,
        { details: { flag: '--param', param: 'page_size', raw } },
      );
    }
    nowMs(input);
    const { from, to } = dateWindow(input, DEFAULT_DAYS);
    return { code, from, to, pageSize, now: input.now };
  },

  chunks(q) {
    return splitDates(q.from, q.to, CHUNK_DAYS).map((w) => ({ ...q, ...w }));
  },

  async extract(q, ctx) {
    const token = ctx.credentials[APP_TOKEN_ENV];
    const headers: Record<string, string> = token === undefined ? {} : { 'x-app-token': token };
    const where = `cftc_contract_market_code='${q.code}' AND report_date_as_yyyy_mm_dd between '${q.from}T00:00:00.000' and '${q.to}T00:00:00.000'`;
    const pages: unknown[] = [];
    const guard = pageGuard('cftc cftc_positions', 0, { direction: 'up' });
    for (let offset = 0; ; offset += q.pageSize) {
      const url = joinUrl(ctx.baseUrl, TFF_PATH, {
        $where: where,
        $order: 'report_date_as_yyyy_mm_dd,:id',
        $limit: q.pageSize,
        $offset: offset,
      });
      const page = (await ctx.fetch(url, { headers })).json();
      pages.push(page);
      // A short page (or anything but an array, which transform reports) is the last one.
      if (!Array.isArray(page) || page.length < q.pageSize) break;
      guard.next(page, offset + q.pageSize);
      ctx.progress(`cftc: ${offset + page.length} rows of ${q.from}..${q.to}, asking for more`);
    }
    return pages;
  },

  transform(q, raw) {
    if (!Array.isArray(raw)) throw payloadError(WHERE, '(pages)', raw, 'a list of response bodies');
    const skipped = new SkipCounter();
    const byDate = new Map<string, DataRowOf<'cftc_positions'>>();
    raw.forEach((page: unknown, p) => {
      if (isRecord(page) && page.error === true) {
        throw payloadError(
          WHERE,
          `pages[${p}].message`,
          page.message,
          'an array of rows, not a Socrata error',
        );
      }
      if (!Array.isArray(page)) throw payloadError(WHERE, `pages[${p}]`, page, 'an array of rows');
      page.forEach((r: unknown, i) => {
        const at = `pages[${p}][${i}]`;
        if (!isRecord(r)) throw payloadError(WHERE, at, r, 'a row object');
        if (r.cftc_contract_market_code !== q.code) {
          throw payloadError(
            WHERE,
            `${at}.cftc_contract_market_code`,
            r.cftc_contract_market_code,
            `'${q.code}', the code asked for`,
          );
        }
        if (r.futonly_or_combined !== undefined && r.futonly_or_combined !== 'FutOnly') {
          throw payloadError(
            WHERE,
            `${at}.futonly_or_combined`,
            r.futonly_or_combined,
            "'FutOnly' (dataset gpe5-46if)",
          );
        }
        const m =
          typeof r.report_date_as_yyyy_mm_dd === 'string'
            ? FLOATING_DATE_RE.exec(r.report_date_as_yyyy_mm_dd)
            : null;
        if (m === null) {
          throw payloadError(
            WHERE,
            `${at}.report_date_as_yyyy_mm_dd`,
            r.report_date_as_yyyy_mm_dd,
            "a floating timestamp like '2026-01-06T00:00:00.000'",
          );
        }
        const reportDate = m[1]!;
        const name = r.market_and_exchange_names;
        if (typeof name !== 'string' || name.trim() === '') {
          throw payloadError(
            WHERE,
            `${at}.market_and_exchange_names`,
            name,
            'the market name, a non-empty string',
          );
        }
        const values: Partial<Record<(typeof POSITIONS)[number][0], number>> = {};
        let missing = false;
        for (const [column, field] of POSITIONS) {
          const v = r[field];
          if (v === undefined || v === null) {
            missing = true;
            continue;
          }
          const n =
            typeof v === 'string' && INTEGER_RE.test(v) ? Number(v) : isFiniteNumber(v) ? v : Number.NaN;
          if (!Number.isInteger(n) || n < 0) {
            throw payloadError(
              WHERE,
              `${at}.${field}`,
              v,
              'a whole number of contracts (a string of digits)',
            );
          }
          values[column] = n;
        }
        if (reportDate < q.from || reportDate > q.to) {
          skipped.add('outside_window');
          return;
        }
        if (missing) {
          skipped.add('null_values');
          return;
        }
        const row: DataRowOf<'cftc_positions'> = {
          report_date: reportDate,
          contract: name.trim(),
          lev_long: values.lev_long!,
          lev_short: values.lev_short!,
          am_long: values.am_long!,
          am_short: values.am_short!,
          published_at: standardRelease(reportDate),
        };
        const seen = byDate.get(reportDate);
        if (seen !== undefined) {
          const same = (Object.keys(row) as (keyof typeof row)[]).every((k) => row[k] === seen[k]);
          if (!same) {
            throw payloadError(
              WHERE,
              at,
              r,
              `one row per report date (another row for ${reportDate} differs)`,
            );
          }
          skipped.add('duplicate');
          return;
        }
        byDate.set(reportDate, row);
      });
    });
    const rows = [...byDate.values()].sort((a, b) => (a.report_date < b.report_date ? -1 : 1));

    // Weekly Tuesday grid over the window, up to the last week whose report was due at `now`.
    const now = Date.parse(q.now);
    let startMs = weekTuesdayMs(q.from);
    if (startMs < Date.parse(`${q.from}T00:00:00Z`)) startMs += 7 * DAY_MS;
    let lastMs = weekTuesdayMs(q.to);
    if (lastMs > Date.parse(`${q.to}T00:00:00Z`)) lastMs -= 7 * DAY_MS;
    while (lastMs >= startMs && Date.parse(standardRelease(isoInstant(lastMs).slice(0, 10))) > now) {
      lastMs -= 7 * DAY_MS;
    }
    const present = new Set(rows.map((r) => weekTuesdayMs(r.report_date)));
    const gaps = lastMs < startMs ? [] : gapsOnGrid(startMs, lastMs + 7 * DAY_MS, 7 * DAY_MS, present);
    // Not one report in weeks that were all due: an unknown contract code looks exactly like this, so it
    // is said (and a run that stores nothing at all then fails) instead of passing as an empty market.
    const notices: Notice[] =
      rows.length === 0 && lastMs >= startMs
        ? [
            {
              kind: 'missing',
              message: `cftc cftc_positions: no report for contract code ${q.code} in ${q.from}..${q.to}, though ${(lastMs - startMs) / (7 * DAY_MS) + 1} weekly report(s) were due; check --symbol (CME Bitcoin is ${BITCOIN_CME})`,
            },
          ]
        : [];
    return { rows, skipped: skipped.list(), gaps, notices };
  },
});
