/*
 * Reads the store at one instant into a MarketSnapshot (snapshot.ts). The only market file that touches the
 * store; every row read is at or before `asOf` (with enough history for knock-in checks and the ETF ADV).
 */
import { nyCloseBars } from '../analytics/nyCloseBars.js';
import { nyDate, parseInstantMs, toIsoInstant } from '../core/time.js';
import type { Db } from '../store/db.js';
import { readOptionFlows } from '../store/optionFlows.js';
import { readRows } from '../store/readers.js';
import {
  type BarRow,
  buildSnapshot,
  endStamped,
  type MarketSnapshot,
  OPTION_TRADES_MAX_DAYS,
  type SnapshotSpec,
} from './snapshot.js';

export interface LoadSnapshotSpec extends SnapshotSpec {
  /** The BTC reference series in `bars`. */
  readonly btc: { readonly venue: string; readonly symbol: string };
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * The market snapshot at `spec.asOf` from the store: daily reference closes when stored, else 16:00 ET
 * closes read off hourly (else minute) bars, else the last intraday bar at or before asOf.
 * @example await loadSnapshot(db, { asOf: '2026-02-04T21:00:00Z', etfTicker: 'IBIT', btcReference: 'reference:BTC-USD', btc: { venue: 'reference', symbol: 'BTC-USD' } })
 */
export async function loadSnapshot(db: Db, spec: LoadSnapshotSpec): Promise<MarketSnapshot> {
  const asOfMs = parseInstantMs(spec.asOf);
  const date = Number.isFinite(asOfMs) ? nyDate(spec.asOf) : '1970-01-01';
  const to = addDays(date, 1);
  const from = addDays(date, -60);
  const { venue, symbol } = spec.btc;
  const [
    etfDaily,
    daily,
    chain,
    notes,
    cohorts,
    cftc,
    openInterest,
    dvol,
    etfBars,
    depth,
    btcHourly,
    optionFlows,
  ] = await Promise.all([
    readRows(db, 'etf_daily', { from: addDays(date, -800), to }),
    readRows(db, 'bars', { venue, symbol, interval: '1d', from, to }),
    readRows(db, 'option_chain', { from: addDays(date, -14), to }),
    readRows(db, 'structured_notes', { underlying: spec.etfTicker }),
    readRows(db, 'perp_cohorts', { from: addDays(date, -30), to }),
    readRows(db, 'cftc_positions', { from: addDays(date, -30), to }),
    readRows(db, 'open_interest', { venue: 'cme', from: addDays(date, -30), to }),
    // 30 days of hourly DVOL and BTC for the spot–vol beta (spotVolBeta.ts), plus margin.
    readRows(db, 'bars', { venue: 'deribit', symbol: 'DVOL', from: addDays(date, -32), to }),
    readRows(db, 'bars', { symbol: spec.etfTicker, interval: '1d', from, to }),
    readRows(db, 'depth', { from: addDays(date, -2), to }),
    readRows(db, 'bars', { symbol, interval: '1h', from: addDays(date, -32), to }),
    // Summed per series and day of age by DuckDB: a venue's tape is never read row by row.
    readOptionFlows(db, spec.asOf, OPTION_TRADES_MAX_DAYS),
  ]);
  let btcBars: readonly BarRow[] = daily;
  if (btcBars.length === 0) {
    for (const interval of ['1h', '1m'] as const) {
      const rows = await readRows(db, 'bars', { venue, symbol, interval, from, to });
      if (rows.length === 0) continue;
      const closes = nyCloseBars(rows).map((b) => ({
        ...b,
        interval: '1d' as const,
        ingested_at: rows[rows.length - 1].ingested_at,
        quality: b.quality as BarRow['quality'],
        // Composed from intraday bars: the quote volume is not summed here.
        quote_volume: null,
      }));
      // Between two closes, the last intraday bar that ENDED at or before asOf is the spot (no look-ahead):
      // an intraday bar is stamped with its open, so it is re-stamped with its end.
      const len = interval === '1h' ? 3_600_000 : 60_000;
      btcBars = [...closes, ...rows.map((r) => ({ ...r, ts: toIsoInstant(parseInstantMs(r.ts) + len) }))];
      break;
    }
  }
  // DVOL bars are stored stamped with their open: a bar counts once it has closed.
  return buildSnapshot(
    {
      etfDaily,
      btcBars,
      chain,
      notes,
      cohorts,
      cftc,
      openInterest,
      dvol: endStamped(dvol),
      etfBars,
      depth,
      btcHourly,
      optionFlows,
    },
    spec,
  );
}
