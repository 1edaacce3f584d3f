import { DataError } from '../../src/errors.js';
import { BAR_COLUMNS, buildBtcBars } from './btcBars.js';
import { HOURLY_START, OBSERVED_FROM } from './btcPath.js';
import { nyseClosures } from './calendar.js';
import { buildCrossAssetBars } from './crossAsset.js';
import type { Cell, Table } from './csv.js';
import { buildDerivatives } from './derivatives.js';
import { buildEtfDaily } from './etfDaily.js';
import { buildEtfFlows } from './etfFlows.js';
import { buildFacts, type PublishedFact } from './facts.js';
import { buildFutures } from './futures.js';
import { buildMarket, FIRST_DAY, LAST_DAY } from './market.js';
import type { Observed } from './observed.js';
import { buildOptionChain, DEALER_SHARE } from './optionChain.js';
import { buildOptionsDaily, PUT_SHARE } from './optionsDaily.js';
import { buildPerpCohorts, COHORT_AS_OF } from './perpCohorts.js';
import type { AnchorUse, CellQuality } from './provenance.js';
import { buildStress } from './stress.js';
import {
  BOOK_BARRIER_PCT,
  BOOK_FROM,
  BOOK_STRIDE,
  BOOK_TO,
  buildStructuredNotes,
} from './structuredNotes.js';

/*
 * Assembles every table of the event pack in memory, in a fixed order, with each file's description
 * for manifest.json. No I/O here (generate.ts writes the files).
 */

/** The seed of the committed pack. */
export const PACK_SEED = 20260205;

export interface PackFile {
  /** File name inside the pack directory, e.g. 'bars.1h.csv'. */
  readonly path: string;
  /** Table (model) name of the data contract. */
  readonly model: string;
  readonly table: Table;
  /** Column units, by column name (columns without a unit are omitted). */
  readonly units: Readonly<Record<string, string>>;
  /** Columns of the natural key, the file's sort order. */
  readonly key: readonly string[];
  readonly method: string;
  readonly anchors: readonly AnchorUse[];
}

export interface Pack {
  readonly seed: number;
  readonly files: readonly PackFile[];
  readonly skippedFacts: readonly { date: string; metric: string; reason: string }[];
  readonly calendar: { readonly holidays: readonly string[]; readonly earlyCloses: readonly string[] };
}

function compareCells(a: Cell, b: Cell): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const [x, y] = [String(a), String(b)];
  return x < y ? -1 : x > y ? 1 : 0;
}

function sortTable(table: Table, key: readonly string[]): Table {
  const idx = key.map((k) => {
    const i = table.columns.indexOf(k);
    if (i < 0) throw new DataError('event_pack_invariant', `sort key ${k} is not a column`);
    return i;
  });
  const rows = [...table.rows].sort((r1, r2) => {
    for (const i of idx) {
      const c = compareCells(r1[i], r2[i]);
      if (c !== 0) return c;
    }
    return 0;
  });
  return { columns: table.columns, rows };
}

const BAR_UNITS = {
  open: 'quote currency (USD; DX-Y.NYB index points)',
  high: 'quote currency (USD; DX-Y.NYB index points)',
  low: 'quote currency (USD; DX-Y.NYB index points)',
  close: 'quote currency (USD; DX-Y.NYB index points)',
  volume: 'base units (shares for ETFs, BTC for Binance, USD for Yahoo BTC-USD; empty for the reference)',
};

/** Columns of provenance.csv (model value_provenance). */
export const PROVENANCE_COLUMNS = ['date', 'dataset', 'row_key', 'field', 'source', 'quality'];

/**
 * Builds the whole pack for a seed from the published facts.
 * @example buildPack(PACK_SEED, facts).files.map((f) => f.path)[0] // 'etf_daily.csv'
 */
export function buildPack(seed: number, publishedFacts: readonly PublishedFact[], observed: Observed): Pack {
  const m = buildMarket(seed, observed);
  const etf = buildEtfDaily(m);
  const flows = buildEtfFlows(m, etf.series);
  const btc = buildBtcBars(m);
  const cross = buildCrossAssetBars(m, etf.series);
  const futures = buildFutures(m);
  const optionsDaily = buildOptionsDaily(m, etf.series);
  const chain = buildOptionChain(m, etf.series, optionsDaily.table, futures.table);
  const deriv = buildDerivatives(m, futures.table);
  const stress = buildStress(m);
  const notes = buildStructuredNotes(m, etf.series);
  const oiAtSnapshot = deriv.openInterest.rows.find((r) => r[0] === COHORT_AS_OF && r[1] === 'binance');
  const cohorts = buildPerpCohorts(m, oiAtSnapshot![5] as number);
  const facts = buildFacts(publishedFacts);
  if (facts.unusedRules.length > 0) {
    throw new DataError(
      'facts_stale_rule',
      `facts.ts: split rules match no fact: ${facts.unusedRules.join(' | ')}`,
      {
        details: { unused: facts.unusedRules },
      },
    );
  }

  const barsDaily: Table = { columns: BAR_COLUMNS, rows: [...btc.reference, ...cross.rows] };
  const cells: CellQuality[] = [...etf.cells, ...optionsDaily.cells, ...futures.cells, ...cross.cells];
  const provenance: Table = {
    columns: PROVENANCE_COLUMNS,
    rows: cells.map((c) => {
      const date = c.key.slice(0, 10);
      if (!/^\d{4}-\d{2}-\d{2}$/.test(date))
        throw new DataError(
          'event_pack_invariant',
          `provenance: row key ${c.key} does not start with a date`,
        );
      return [date, c.table, c.key, c.column, c.source, c.quality];
    }),
  };
  const files: PackFile[] = [
    {
      path: 'etf_daily.csv',
      model: 'etf_daily',
      table: etf.table,
      units: {
        close: 'USD/share',
        volume_shares: 'shares',
        volume_usd: 'USD',
        shares_outstanding: 'shares',
        nav: 'USD/share',
        btc_per_share: 'BTC/share',
        aum_usd: 'USD',
        flow_usd: 'USD',
      },
      key: ['date', 'ticker'],
      method:
        'IBIT close observed (TradingView to 2026-01-12, Yahoo after); IBIT volume observed to 2026-01-12, published on 2026-02-05, else median of the last 60 observed sessions x exp(4|BTC return|) x noise; peers: close = NAV x (1 + small AR(1) premium); NAV = BTC per share (fee-decayed) x 16:00 ET BTC reference; shares outstanding = seed + cumulative observed Farside flows / NAV in creation units (the published IBIT +6M shares on 2026-02-05 in place of that day); flow = change in shares x NAV. Row quality = weakest value; stronger cells in provenance.csv.',
      anchors: etf.anchors,
    },
    {
      path: 'etf_flows.csv',
      model: 'etf_flows',
      table: flows.table,
      units: { flow_usd: 'USD' },
      key: ['date', 'ticker', 'flow_source'],
      method:
        "farside = Farside Investors' observed daily net flow per fund (US$ millions x 1e6); reconstructed_shares_t = (shares_t - shares_t-1) x NAV_t; reconstructed_shares_t1 = (shares_t+1 - shares_t) x NAV_t; published trackers' and analysts' figures side by side (method 'reported' or 'shares_outstanding_t').",
      anchors: flows.anchors,
    },
    {
      path: 'options_daily.csv',
      model: 'options_daily',
      table: optionsDaily.table,
      units: { call_volume: 'contracts', put_volume: 'contracts', call_oi: 'contracts', put_oi: 'contracts' },
      key: ['date', 'underlying'],
      method: `IBIT listed options from 2024-11-19: volume level x move factor (no cap); put share a constant ${PUT_SHARE.toFixed(4)} + noise where no split is published (2026-02-05 included); open interest accumulates 25-27% of volume and decays 1.2%/day; published first-day split and 2026-02-05 record total exact (provenance.csv: only the sum is published on 2026-02-05).`,
      anchors: optionsDaily.anchors,
    },
    {
      path: 'option_chain.csv',
      model: 'option_chain',
      table: chain.table,
      units: {
        strike: 'USD per share (IBIT) / USD per BTC (Deribit)',
        open_interest: 'contracts',
        volume: 'contracts',
        iv: 'decimal',
        mark: 'USD per share (IBIT) / BTC per BTC (Deribit)',
        underlying_price: 'USD (IBIT close; Deribit forward of the expiry)',
        dealer_position: 'contracts',
        multiplier: 'underlying units/contract',
      },
      key: ['as_of', 'venue', 'underlying', 'expiry', 'strike', 'option_type'],
      method: `Snapshots at 16:00 ET on 2026-02-04 and 2026-02-05; skewed smile with a flat ATM = observed DVOL at the snapshot; marks by BSM (IBIT) and Black-76 inverse (Deribit, forward at the front CME basis); open interest over strikes in a generic shape scaled to day totals; sign model: customers long puts and short calls, dealer_position = +${DEALER_SHARE} x OI on calls, -${DEALER_SHARE} x OI on puts, every strike.`,
      anchors: chain.anchors,
    },
    {
      path: 'futures_settlements.csv',
      model: 'futures_settlements',
      table: futures.table,
      units: {
        settle: 'USD/BTC',
        volume: 'contracts',
        open_interest: 'contracts',
        multiplier: 'BTC/contract',
      },
      key: ['date', 'expiry'],
      method:
        'CME BTC (5 BTC): 3 serial + 2 quarterly months; settle = 16:00 ET reference x (1 + basis x days/365) on $5 ticks; front basis: approximate history to 2025-11, then linear between published points only, + AR(1) noise + term slope; expiring contract settles at the 16:00 London BTC price; published basis (3.3% 02-05, 9% 02-06, -2.35% 2025-12-03) and front closes / open interest (02-09..02-13) exact; open interest and volume with no hand-set event path.',
      anchors: futures.anchors,
    },
    {
      path: 'bars.csv',
      model: 'bars',
      table: barsDaily,
      units: BAR_UNITS,
      key: ['ts', 'venue', 'symbol', 'interval'],
      method: `Daily bars. 'yahoo': observed Yahoo daily bars of BTC-USD (UTC days, ts 00:00Z), SPY, QQQ, IGV, GLD, DX-Y.NYB (ts 16:00 ET; raw closes, not dividend-adjusted). 'reference' BTC-USD at 16:00 ET: o/h/l/c of the 24 hours ending then, read off the observed Binance hours from ${OBSERVED_FROM.slice(0, 10)} (observed); before, off hours bridged inside observed Yahoo UTC days (reconstructed, from ${HOURLY_START.slice(0, 10)}). 'composite' IBIT: TradingView OHLCV to 2026-01-12 (observed), then the Yahoo close (observed cell) with modelled open/high/low/volume.`,
      anchors: [],
    },
    {
      path: 'bars.1h.csv',
      model: 'bars',
      table: { columns: BAR_COLUMNS, rows: btc.hourly },
      units: BAR_UNITS,
      key: ['ts', 'venue', 'symbol', 'interval'],
      method:
        'Observed Binance spot BTC/USDT hourly bars 2025-12-31T00Z..2026-02-28T23Z (bar open time UTC), stored as BTC-USD with USDT at par; volume in BTC.',
      anchors: [],
    },
    {
      path: 'dvol.1h.csv',
      model: 'bars',
      table: { columns: BAR_COLUMNS, rows: btc.dvol },
      units: {
        open: 'DVOL index points',
        high: 'DVOL index points',
        low: 'DVOL index points',
        close: 'DVOL index points',
        volume: 'none',
      },
      key: ['ts', 'venue', 'symbol', 'interval'],
      method:
        "Observed Deribit DVOL (BTC) hourly closes 2025-06-01..2026-02-28, venue 'deribit', symbol 'DVOL', in index points (x100 of the source fraction), ts = candle start; only the close is known, so open = high = low = close.",
      anchors: [],
    },
    {
      path: 'open_interest.csv',
      model: 'open_interest',
      table: deriv.openInterest,
      units: { oi_contracts: 'contracts', oi_btc: 'BTC', oi_usd: 'USD' },
      key: ['ts', 'venue', 'symbol'],
      method:
        'Hourly 2026-01-26..2026-02-13. CME: equal to the futures_settlements total at each 16:00 ET, interpolated over open hours; Binance BTCUSDT perp: a flat level with AR(1) noise (no event path). oi_usd at the observed hourly BTC close.',
      anchors: [],
    },
    {
      path: 'funding.csv',
      model: 'funding',
      table: deriv.funding,
      units: { rate: 'decimal/interval' },
      key: ['ts', 'venue', 'symbol'],
      method:
        'Binance BTCUSDT 8-hourly funding: the baseline 0.01% per interval + noise on every day (no event path).',
      anchors: [],
    },
    {
      path: 'liquidations.csv',
      model: 'liquidations',
      table: deriv.liquidations,
      units: { notional_usd: 'USD' },
      key: ['ts', 'venue', 'symbol', 'side'],
      method:
        'Binance BTCUSDT hourly liquidations by side: proportional to squared observed hourly moves and to drops of the reconstructed open interest (published totals are cross-venue, in facts).',
      anchors: [],
    },
    {
      path: 'stress_series.csv',
      model: 'stress_series',
      table: stress.table,
      units: { value: 'z' },
      key: ['date', 'series'],
      method:
        'pb_multistrat_perf_z (+ = worse): AR(1) Student-t(5) in |z| < 3 with reconstructed shock days before the event window; the published 3.5 on 2026-02-04.',
      anchors: stress.anchors,
    },
    {
      path: 'structured_notes.csv',
      model: 'structured_notes',
      table: notes.table,
      units: {
        initial_level: 'USD per IBIT share',
        barrier_pct: 'decimal of initial',
        barrier_level: 'USD per IBIT share',
        autocall_pct: 'decimal of initial',
        coupon_pct: 'decimal/year',
        notional_usd: 'USD',
      },
      key: ['note_id'],
      method: `424B2-style IBIT notes: two with published JPMorgan terms; the rest reconstructed (no filing URL) by a neutral rule: priced every ${BOOK_STRIDE}rd trading day ${BOOK_FROM}..${BOOK_TO}, barrier ${BOOK_BARRIER_PCT * 100}% of the observed IBIT close at pricing, live on the event day; notionals seeded log-uniform $1-20M.`,
      anchors: notes.anchors,
    },
    {
      path: 'perp_cohorts.csv',
      model: 'perp_cohorts',
      table: cohorts.table,
      units: { entry_price: 'USD (bucket centre, $2,000 wide)', leverage: 'x', notional_usd: 'USD' },
      key: ['as_of', 'venue', 'symbol', 'side', 'entry_price', 'leverage'],
      method:
        'Volume-at-price of the prior 120 days x leverage mix, keeping only cohorts not liquidated since the price last traded at their entry (0.4% maintenance margin); each side sums to the Binance open interest at the snapshot.',
      anchors: [],
    },
    {
      path: 'facts.csv',
      model: 'facts',
      table: facts.table,
      units: { value: 'see unit' },
      key: ['date', 'metric', 'source'],
      method:
        'published-facts.json: numbers as published; text values split by a hand-written table (ranges -> _low/_high, bounds, approximations noted); qualitative facts skipped (listed in skipped_facts).',
      anchors: [],
    },
    {
      path: 'provenance.csv',
      model: 'value_provenance',
      table: provenance,
      units: {},
      key: ['dataset', 'row_key', 'field'],
      method:
        "Per-value provenance: each row's quality is its weakest value's; this table lists every value whose quality is stronger than its row's (row_key = the natural key's values joined by one space; field 'a+b' = only the sum of a and b is published).",
      anchors: [],
    },
  ];
  return {
    seed,
    files: files.map((f) => ({ ...f, table: sortTable(f.table, f.key) })),
    skippedFacts: facts.skipped,
    calendar: {
      holidays: nyseClosures(FIRST_DAY, LAST_DAY).holidays,
      // The pack has always listed every early close of 2024–2026, not only the window's.
      earlyCloses: nyseClosures('2024-01-01', '2026-12-31').earlyCloses,
    },
  };
}
