/*
 * The market at one instant (DESIGN.md section 2; docs/ARCHITECTURE.md "Market snapshot"): everything a
 * channel needs, read once, valued at one instant `asOf`, with one BTC spot for every channel. Pure: the
 * store is read by loadSnapshot.ts; this file turns rows into the snapshot and never looks past `asOf`
 * (no look-ahead: a row counts only if its instant is at or before `asOf`).
 *
 * Instants: a dated row (etf_daily, daily bars keyed by their close) counts from the 16:00 America/New_York
 * close of its date; a row with an instant (option_chain.as_of, perp_cohorts.as_of, bars.ts,
 * cftc_positions.published_at) from that instant.
 */

import { dailyBarCloseMs, dailyBarKnownMs, dailyBarNyDate } from '../core/dailyBars.js';
import type { InputProvenance } from '../core/provenance.js';
import { type Quality, worstQuality } from '../core/quality.js';
import { nyCloseUtc, nyDate, parseInstantMs, toIsoInstant } from '../core/time.js';
import type { StoredRowOf } from '../data/models/index.js';
import { InvalidInputError } from '../errors.js';
import { type DepthRow, depthAt, type SnapshotDepth } from './depth.js';
import { impliedBtcPerShare } from './impliedBtcPerShare.js';
import { aggregateOptionTrades, type OptionFlowRow, optionFlowsSummary } from './optionFlows.js';
import { estimateSpotVolBeta, pickHourlySeries, type SpotVolBetaResult } from './spotVolBeta.js';

export type { DepthRow, SnapshotDepth, SpotVolBetaResult };

export type ChainRow = StoredRowOf<'option_chain'>;
export type NoteRow = StoredRowOf<'structured_notes'>;
export type CohortRow = StoredRowOf<'perp_cohorts'>;
export type EtfDailyRow = StoredRowOf<'etf_daily'>;
export type BarRow = StoredRowOf<'bars'>;
export type CftcRow = StoredRowOf<'cftc_positions'>;
export type OptionTradeRow = StoredRowOf<'option_trades'>;

/** Days of option trades before asOf a snapshot holds (the flow sign model's longest window). */
export const OPTION_TRADES_MAX_DAYS = 90;
export type OpenInterestRow = StoredRowOf<'open_interest'>;

/** The rows a snapshot is built from (any superset: rows after `asOf` are ignored). */
export interface SnapshotRows {
  readonly etfDaily: readonly EtfDailyRow[];
  /** BTC reference bars: 16:00 ET daily closes (`ts` = the close instant) or intraday bars. */
  readonly btcBars: readonly BarRow[];
  readonly chain: readonly ChainRow[];
  readonly notes: readonly NoteRow[];
  readonly cohorts: readonly CohortRow[];
  readonly cftc: readonly CftcRow[];
  /** open_interest rows (CME futures OI is read from venue 'cme'). */
  readonly openInterest: readonly OpenInterestRow[];
  /** Deribit DVOL bars (venue 'deribit', symbol 'DVOL'), index points, stamped with their END ({@link endStamped}). */
  readonly dvol: readonly BarRow[];
  /**
   * Daily bars of the main ETF (16:00 New York closes), used when `etfDaily` has no row for it: closes for
   * daily-monitored knock-ins and BTC per share implied by close / BTC close (impliedBtcPerShare.ts).
   */
  readonly etfBars?: readonly BarRow[];
  /**
   * Hourly BTC bars (any venue of the reference symbol; the reference venue's preferred) for the spot–vol beta
   * estimate against hourly DVOL (spotVolBeta.ts); absent = no estimate.
   */
  readonly btcHourly?: readonly BarRow[];
  /** Order-book depth readings (`depth`); absent or empty = no depth in the store. */
  readonly depth?: readonly DepthRow[];
  /**
   * Option trades with the taker's side (`option_trades`) given row by row (tests, small inputs); summed here
   * as {@link optionFlows} would be. Absent = none.
   */
  readonly optionTrades?: readonly OptionTradeRow[];
  /**
   * The same trades already summed per series and day of age by the store (store/optionFlows.ts), for the
   * snapshot's instant and OPTION_TRADES_MAX_DAYS; used instead of `optionTrades` when given.
   */
  readonly optionFlows?: readonly OptionFlowRow[];
}

export interface SnapshotSpec {
  /** The instant, ISO-8601 with a zone. */
  readonly asOf: string;
  /** The spot ETF whose shares map to BTC for options and notes (its BTC per share is always read). */
  readonly etfTicker: string;
  /** Label of the BTC reference series (for provenance), e.g. 'reference:BTC-USD'. */
  readonly btcReference: string;
}

/** A price with where it came from. */
export interface SnapshotPrice {
  readonly usd: number;
  /** Instant of the bar close it was read from. */
  readonly asOf: string;
  readonly quality: Quality;
  readonly source: string;
}

/** The latest etf_daily row of a ticker at the snapshot. */
export interface EtfState {
  readonly ticker: string;
  readonly date: string;
  readonly close: number;
  readonly btcPerShare: number;
  readonly aumUsd: number;
  readonly quality: Quality;
}

export interface MarketSnapshot {
  readonly asOf: string;
  readonly etfTicker: string;
  /** One BTC spot for all channels: the reference close at or before asOf. */
  readonly spot: SnapshotPrice;
  /** BTC per share by ETF ticker, from each ticker's latest etf_daily row at or before asOf. */
  readonly btcPerShare: Readonly<Record<string, number>>;
  readonly etfs: Readonly<Record<string, EtfState>>;
  /** Daily closes of the main ETF up to asOf (for daily-monitored knock-ins already past), ascending. */
  readonly etfCloses: readonly { readonly date: string; readonly close: number }[];
  /** Average dollar volume of the main ETF over the 20 trading days up to asOf, USD; null without rows. */
  readonly etfAdvUsd: number | null;
  /** The latest option-chain snapshot of each venue at or before asOf. */
  readonly chain: readonly ChainRow[];
  /** Structured notes on the main ETF alive at asOf (priced on or before its New York date, maturing after). */
  readonly notes: readonly NoteRow[];
  /** The latest perp cohorts of each venue at or before asOf. */
  readonly cohorts: readonly CohortRow[];
  /** The latest CFTC TFF report published at or before asOf. */
  readonly cftc: CftcRow | null;
  /** The latest CME open interest at or before asOf. */
  readonly cmeOpenInterest: OpenInterestRow | null;
  /** Deribit DVOL close at or before asOf, decimal (index points / 100). */
  readonly dvol: { readonly value: number; readonly asOf: string; readonly quality: Quality } | null;
  /**
   * Depth near mid from the store (market/depth.ts: the latest reading per venue and symbol at or before asOf,
   * at most DEPTH_MAX_AGE_HOURS old, summed over venues); null when the store has none (the map and the
   * simulator then use their flag or its cited default).
   */
  readonly depth: SnapshotDepth | null;
  /**
   * Spot–vol beta estimated from hourly DVOL against hourly BTC returns over the 30 days before asOf
   * (spotVolBeta.ts), or why there is none. Absent when the snapshot was built without the series.
   */
  readonly spotVolBeta?: SpotVolBetaResult;
  /**
   * Option trades with the taker's side in the OPTION_TRADES_MAX_DAYS before asOf (at or before it), summed
   * per series and whole day of age (store/optionFlows.ts: the tape itself is not kept); empty when the store
   * has none (the flow sign model is then unavailable).
   */
  readonly optionFlows?: readonly OptionFlowRow[];
  /** Every input the snapshot holds, with its quality, sources, rows and instant. */
  readonly provenance: readonly InputProvenance[];
}

const ADV_DAYS = 20;
/** Days before asOf's New York date within which a DVOL close is the snapshot's DVOL level. */
const DVOL_LEVEL_DAYS = 7;

function ms(t: string): number {
  return parseInstantMs(t);
}

const INTERVAL_MS: Readonly<Record<string, number>> = { '1m': 60_000, '1h': 3_600_000 };

/**
 * Bars re-stamped with the instant they END (a bar is stored stamped with its open; a daily bar with either
 * daily convention, core/dailyBars.ts): a snapshot may use a bar only once it has closed (no look-ahead).
 * Bars whose end cannot be told are dropped.
 * @example endStamped([{ ...bar, interval: '1h', ts: '2026-02-04T20:00:00Z' }])[0].ts // '2026-02-04T21:00:00Z'
 */
export function endStamped(bars: readonly BarRow[]): BarRow[] {
  const out: BarRow[] = [];
  for (const b of bars) {
    const len = INTERVAL_MS[b.interval];
    const end =
      len !== undefined ? parseInstantMs(b.ts) + len : b.interval === '1d' ? dailyBarCloseMs(b.ts) : null;
    if (end !== null && Number.isFinite(end)) out.push({ ...b, ts: toIsoInstant(end) });
  }
  return out;
}

/** Hourly bars of {@link endStamped} stamped back with their open (the store's convention). */
function openStampedHourly(bars: readonly BarRow[]): BarRow[] {
  return bars
    .filter((b) => b.interval === '1h')
    .map((b) => ({ ...b, ts: toIsoInstant(parseInstantMs(b.ts) - INTERVAL_MS['1h']) }));
}

/** Rows of the latest instant per venue among rows at or before `limitMs`. */
export function latestPerVenueAt<R extends { readonly as_of: string; readonly venue: string }>(
  rows: readonly R[],
  limitMs: number,
): R[] {
  const latest = new Map<string, number>();
  for (const r of rows) {
    const t = ms(r.as_of);
    if (t <= limitMs && t > (latest.get(r.venue) ?? Number.NEGATIVE_INFINITY)) latest.set(r.venue, t);
  }
  return rows.filter((r) => ms(r.as_of) === latest.get(r.venue));
}

function provenanceOf(
  input: string,
  rows: readonly { readonly source: string; readonly quality: Quality }[],
  asOf: string | null,
): InputProvenance {
  return {
    input,
    quality: worstQuality(rows.map((r) => r.quality)),
    sources: [...new Set(rows.map((r) => r.source))].sort().slice(0, 12),
    rows: rows.length,
    asOf,
  };
}

function maxBy<T>(rows: readonly T[], key: (r: T) => number): T | null {
  let best: T | null = null;
  let bestK = Number.NEGATIVE_INFINITY;
  for (const r of rows) {
    const k = key(r);
    if (k > bestK) {
      best = r;
      bestK = k;
    }
  }
  return best;
}

/**
 * The market snapshot at `spec.asOf` from rows of the store. Throws InvalidInputError when there is no BTC
 * reference price at or before asOf (nothing can be valued without spot).
 * @example buildSnapshot(rows, { asOf: '2026-02-04T21:00:00Z', etfTicker: 'IBIT', btcReference: 'reference:BTC-USD' }).spot.usd // 73500
 */
export function buildSnapshot(rows: SnapshotRows, spec: SnapshotSpec): MarketSnapshot {
  const asOfMs = ms(spec.asOf);
  if (!Number.isFinite(asOfMs)) {
    throw new InvalidInputError('bad_as_of', `--as-of: '${spec.asOf}' is not an ISO instant with a zone`, {
      details: { asOf: spec.asOf },
    });
  }
  const closeMs = (date: string) => ms(nyCloseUtc(date));
  // A bar is usable once its close existed: daily bars by their stamping convention (dailyBarKnownMs),
  // intraday bars are passed in stamped at their end (loadSnapshot).
  const knownMs = (b: BarRow) => (b.interval === '1d' ? dailyBarKnownMs(b.ts) : ms(b.ts));
  const bar = maxBy(
    rows.btcBars.filter((b) => knownMs(b) <= asOfMs),
    (b) => knownMs(b),
  );
  if (bar === null) {
    throw new InvalidInputError(
      'no_spot',
      `no BTC reference price (${spec.btcReference}) at or before ${spec.asOf}`,
      { details: { asOf: spec.asOf, reference: spec.btcReference } },
    );
  }
  const spot: SnapshotPrice = { usd: bar.close, asOf: bar.ts, quality: bar.quality, source: bar.source };
  const etfRows = rows.etfDaily.filter((r) => closeMs(r.date) <= asOfMs);
  const etfs: Record<string, EtfState> = {};
  const btcPerShare: Record<string, number> = {};
  const latestEtfRows: EtfDailyRow[] = [];
  for (const ticker of [...new Set(etfRows.map((r) => r.ticker))].sort()) {
    const r = maxBy(
      etfRows.filter((x) => x.ticker === ticker),
      (x) => closeMs(x.date),
    );
    if (r === null) continue;
    latestEtfRows.push(r);
    btcPerShare[ticker] = r.btc_per_share;
    etfs[ticker] = {
      ticker,
      date: r.date,
      close: r.close,
      btcPerShare: r.btc_per_share,
      aumUsd: r.aum_usd,
      quality: r.quality,
    };
  }
  const main = etfRows
    .filter((r) => r.ticker === spec.etfTicker)
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const etfBars = (rows.etfBars ?? []).filter(
    (b) => b.symbol === spec.etfTicker && b.interval === '1d' && dailyBarKnownMs(b.ts) <= asOfMs,
  );
  const implied =
    btcPerShare[spec.etfTicker] === undefined
      ? impliedBtcPerShare(etfBars, rows.btcBars, spec.etfTicker, asOfMs)
      : null;
  if (implied !== null) btcPerShare[spec.etfTicker] = implied.value;
  const advRows = main.slice(-ADV_DAYS);
  const etfAdvUsd =
    advRows.length > 0 ? advRows.reduce((s, r) => s + r.volume_usd, 0) / advRows.length : null;
  const chain = latestPerVenueAt(rows.chain, asOfMs);
  const date = nyDate(spec.asOf);
  const notes = rows.notes.filter(
    (n) => n.underlying === spec.etfTicker && n.pricing_date <= date && n.maturity > date,
  );
  const cohorts = latestPerVenueAt(rows.cohorts, asOfMs);
  const cftc = maxBy(
    rows.cftc.filter((r) => ms(r.published_at) <= asOfMs),
    (r) => ms(r.published_at),
  );
  const cme = maxBy(
    rows.openInterest.filter((r) => r.venue === 'cme' && ms(r.ts) <= asOfMs),
    (r) => ms(r.ts),
  );
  // The DVOL level counts from the start of the UTC day 7 days before asOf's New York date (the reach
  // loadSnapshot had before it read 32 days for the spot–vol beta): a stale DVOL is not the level.
  const dvolFromMs = Date.parse(`${nyDate(spec.asOf)}T00:00:00Z`) - DVOL_LEVEL_DAYS * 86_400_000;
  const dvolBar = maxBy(
    rows.dvol.filter((b) => ms(b.ts) <= asOfMs && ms(b.ts) >= dvolFromMs),
    (b) => ms(b.ts),
  );
  const depth = depthAt(rows.depth ?? [], asOfMs);
  const spotVolBeta: SpotVolBetaResult =
    rows.btcHourly === undefined
      ? { ok: false, reason: 'the snapshot was built without hourly BTC bars' }
      : estimateSpotVolBeta(
          // the estimator reads bars stamped with their open, as stored; the snapshot's DVOL is end-stamped
          openStampedHourly(rows.dvol.filter((b) => b.venue === 'deribit' && b.symbol === 'DVOL')),
          pickHourlySeries(rows.btcHourly, spec.btcReference.split(':')[0] ?? ''),
          asOfMs,
        );
  const latestInstant = (xs: readonly { readonly as_of: string }[]) =>
    xs.length === 0 ? null : xs.reduce((m, r) => (ms(r.as_of) > ms(m) ? r.as_of : m), xs[0].as_of);
  const provenance: InputProvenance[] = [
    provenanceOf(`bars (${spec.btcReference})`, [bar], bar.ts),
    provenanceOf('etf_daily', latestEtfRows, main.at(-1) ? nyCloseUtc(main.at(-1)!.date) : null),
    provenanceOf('option_chain', chain, latestInstant(chain)),
    provenanceOf('structured_notes', notes, null),
    provenanceOf('perp_cohorts', cohorts, latestInstant(cohorts)),
    provenanceOf('cftc_positions', cftc ? [cftc] : [], cftc?.published_at ?? null),
    provenanceOf('open_interest (cme)', cme ? [cme] : [], cme?.ts ?? null),
    provenanceOf('bars (deribit:DVOL)', dvolBar ? [dvolBar] : [], dvolBar?.ts ?? null),
  ];
  if (depth !== null) provenance.push(depth.provenance);
  const optionFlows =
    rows.optionFlows ?? aggregateOptionTrades(rows.optionTrades ?? [], spec.asOf, OPTION_TRADES_MAX_DAYS);
  if (optionFlows.length > 0) {
    const f = optionFlowsSummary(optionFlows);
    provenance.push({
      input: 'option_trades',
      quality: f.quality,
      sources: f.sources.slice(0, 12),
      rows: f.trades,
      asOf: f.lastTs,
    });
  }
  if (spotVolBeta.ok)
    provenance.push({
      input: `bars (spot–vol beta: ${spotVolBeta.source})`,
      quality: spotVolBeta.quality,
      sources: [spotVolBeta.source],
      rows: spotVolBeta.n,
      asOf: spotVolBeta.to,
    });
  if (implied !== null)
    provenance.push({
      input: `bars (${spec.etfTicker} close / BTC close: BTC per share, derived)`,
      quality: implied.quality,
      sources: [...new Set(etfBars.map((b) => b.source))].sort().slice(0, 12),
      rows: etfBars.length,
      asOf: nyCloseUtc(implied.date),
    });
  const etfCloses =
    main.length > 0
      ? main.map((r) => ({ date: r.date, close: r.close }))
      : etfBars
          .map((b) => ({ date: dailyBarNyDate(b.ts), close: b.close }))
          .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return {
    asOf: spec.asOf,
    etfTicker: spec.etfTicker,
    spot,
    btcPerShare,
    etfs,
    etfCloses,
    etfAdvUsd,
    chain,
    notes,
    cohorts,
    cftc,
    cmeOpenInterest: cme,
    dvol: dvolBar ? { value: dvolBar.close / 100, asOf: dvolBar.ts, quality: dvolBar.quality } : null,
    depth,
    spotVolBeta,
    optionFlows,
    provenance,
  };
}
