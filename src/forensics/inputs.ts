/**
 * Reads from the store everything a forensics run needs, once, into plain readonly rows. This is the
 * only forensics file that touches the store; the sections are pure functions of `EventInputs`.
 */
import { nyCloseBars } from '../analytics/nyCloseBars.js';
import { zonedWallTimeToUtcMs } from '../analytics/time.js';
import type { StoredRowOf } from '../data/models/index.js';
import type { Db } from '../store/db.js';
import { readRows } from '../store/readers.js';
import type { ForensicsOptions } from './options.js';
import { type ValueIndex, valueIndex } from './valueQuality.js';

export interface EventInputs {
  readonly etfDaily: readonly StoredRowOf<'etf_daily'>[];
  readonly etfFlows: readonly StoredRowOf<'etf_flows'>[];
  readonly optionsDaily: readonly StoredRowOf<'options_daily'>[];
  readonly futures: readonly StoredRowOf<'futures_settlements'>[];
  /** BTC reference bars (16:00 ET daily closes). */
  readonly btcDaily: readonly StoredRowOf<'bars'>[];
  /** Intraday BTC bars on the event day (any venue with symbol like the reference), for the low. */
  readonly btcIntraday: readonly StoredRowOf<'bars'>[];
  /** Daily bars of the ETF and the cross assets. */
  readonly crossDaily: readonly StoredRowOf<'bars'>[];
  readonly stress: readonly StoredRowOf<'stress_series'>[];
  readonly openInterest: readonly StoredRowOf<'open_interest'>[];
  /** The latest option-chain snapshot of each venue taken before the event day began (New York time). */
  readonly chain: readonly StoredRowOf<'option_chain'>[];
  /** Notes on the ETF alive on the event day. */
  readonly notes: readonly StoredRowOf<'structured_notes'>[];
  /** The latest perp cohorts of each venue before the event day began. */
  readonly cohorts: readonly StoredRowOf<'perp_cohorts'>[];
  readonly liquidations: readonly StoredRowOf<'liquidations'>[];
  readonly facts: readonly StoredRowOf<'facts'>[];
  /** Hourly BTC bars (the reference symbol, any venue) from 3 days before to 2 days after the event. */
  readonly btcHourly: readonly StoredRowOf<'bars'>[];
  /**
   * Hourly BTC bars from 32 days before to 2 days after the event: the window of the spot–vol beta the
   * snapshot estimates (market/spotVolBeta.ts reads only bars that ended by the snapshot instant).
   */
  readonly btcHourlyMonth?: readonly StoredRowOf<'bars'>[];
  /** Hourly DVOL bars (venue 'deribit', symbol 'DVOL', index points) over the 30 days before to 2 after. */
  readonly dvolHourly: readonly StoredRowOf<'bars'>[];
  /** Per-value provenance of the rows above (value_provenance, docs/DATA.md). */
  readonly values: ValueIndex;
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Rows of the latest `as_of` per venue among rows with as_of < limit. */
export function latestPerVenue<R extends { readonly as_of: string; readonly venue: string }>(
  rows: readonly R[],
  limitMs: number,
): R[] {
  const latest = new Map<string, number>();
  for (const r of rows) {
    const t = Date.parse(r.as_of);
    if (t < limitMs && t > (latest.get(r.venue) ?? Number.NEGATIVE_INFINITY)) latest.set(r.venue, t);
  }
  return rows.filter((r) => Date.parse(r.as_of) === latest.get(r.venue));
}

/**
 * When the store has no daily bars for the BTC reference, 16:00 ET closes are read off its hourly (else
 * minute) bars, as of the close with no look-ahead (analytics/nyCloseBars.ts).
 */
async function referenceFromIntraday(
  db: Db,
  opts: ForensicsOptions,
  to: string,
): Promise<StoredRowOf<'bars'>[]> {
  const ref = opts.btcReference;
  for (const interval of ['1h', '1m'] as const) {
    const rows = await readRows(db, 'bars', {
      venue: ref.venue,
      symbol: ref.symbol,
      interval,
      from: addDays(opts.since, -2),
      to,
    });
    if (rows.length > 0) {
      return nyCloseBars(rows).map((b) => ({
        ...b,
        interval: '1d' as const,
        ingested_at: rows[rows.length - 1].ingested_at,
        quality: b.quality as StoredRowOf<'bars'>['quality'],
        // Composed from intraday bars: the quote volume is not summed here.
        quote_volume: null,
      }));
    }
  }
  return [];
}

/**
 * Loads the inputs of a forensics run on `opts.eventDate`.
 * @example const inputs = await loadEventInputs(db, resolveOptions({ eventDate: '2026-02-05' })) // { etfDaily: [...], ... }
 */
export async function loadEventInputs(db: Db, opts: ForensicsOptions): Promise<EventInputs> {
  const d = opts.eventDate;
  // A window wide enough for the T+1 convention and the day after the event (basis and OI rebuild).
  const after = addDays(d, opts.window + 4);
  const dayStartMs = zonedWallTimeToUtcMs(d, 0, 0, 'America/New_York');
  const dayEndMs = zonedWallTimeToUtcMs(addDays(d, 1), 0, 0, 'America/New_York');
  const ref = opts.btcReference;
  const [etfDaily, etfFlows, optionsDaily, futures, btcDaily, btcIntradayAll, crossDaily, stress] =
    await Promise.all([
      readRows(db, 'etf_daily', { to: after }),
      readRows(db, 'etf_flows', { to: after }),
      readRows(db, 'options_daily', { underlying: opts.optionsUnderlying, to: after }),
      readRows(db, 'futures_settlements', { to: after }),
      readRows(db, 'bars', { venue: ref.venue, symbol: ref.symbol, interval: '1d', to: after }),
      readRows(db, 'bars', {
        symbol: ref.symbol,
        interval: ['1m', '1h'],
        from: new Date(dayStartMs).toISOString(),
        to: new Date(dayEndMs - 1).toISOString(),
      }),
      readRows(db, 'bars', { symbol: [opts.etfTicker, ...opts.crossAssets], interval: '1d', to: after }),
      readRows(db, 'stress_series', { series: opts.stressSeries, to: after }),
    ] as const);
  const [btcHourlyMonth, dvolHourly, valueRows] = await Promise.all([
    readRows(db, 'bars', { symbol: ref.symbol, interval: '1h', from: addDays(d, -32), to: addDays(d, 2) }),
    readRows(db, 'bars', {
      venue: 'deribit',
      symbol: 'DVOL',
      interval: '1h',
      from: addDays(d, -30),
      to: addDays(d, 2),
    }),
    readRows(db, 'value_provenance', { to: after }),
  ]);
  const [openInterest, chainAll, notesAll, cohortsAll, liquidations, facts] = await Promise.all([
    readRows(db, 'open_interest', { venue: [...opts.oiVenues], from: addDays(d, -30), to: after }),
    readRows(db, 'option_chain', { from: addDays(d, -14), to: d }),
    readRows(db, 'structured_notes', { underlying: opts.etfTicker }),
    readRows(db, 'perp_cohorts', { from: addDays(d, -30), to: d }),
    readRows(db, 'liquidations', { from: addDays(d, -opts.window), to: addDays(d, opts.window) }),
    readRows(db, 'facts', { from: addDays(d, -14), to: after }),
  ]);
  return {
    etfDaily,
    btcDaily: btcDaily.length > 0 ? btcDaily : await referenceFromIntraday(db, opts, after),
    etfFlows,
    optionsDaily,
    futures,
    btcIntraday: btcIntradayAll,
    crossDaily,
    stress,
    openInterest,
    chain: latestPerVenue(chainAll, dayStartMs),
    notes: notesAll.filter((n) => n.pricing_date <= d && n.maturity > d),
    cohorts: latestPerVenue(cohortsAll, dayStartMs),
    liquidations,
    facts,
    btcHourly: btcHourlyMonth.filter((b) => b.ts >= addDays(d, -3)),
    btcHourlyMonth,
    dvolHourly,
    values: valueIndex(valueRows),
  };
}
