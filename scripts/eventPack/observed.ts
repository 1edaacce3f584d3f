import { DataError } from '../../src/errors.js';
import { parseCsv } from './csv.js';

/*
 * Observed market data the pack is built on (data/sources/observed/, provenance in its SOURCES.md).
 * The generator reads the files at its edge (generate.ts) and hands their text here; this module only
 * parses and checks them. Every series is used as published by its publisher: nothing is smoothed,
 * re-timed or rescaled here, except DVOL (a fraction in the file) written in index points like the
 * Deribit provider does.
 */

/** One observed source file: what the manifest lists for it. */
export interface ObservedSource {
  /** File name inside data/sources/observed/. */
  readonly file: string;
  /** Short name written in the `source` column of the rows it gives. */
  readonly source: string;
  /** Publisher of the numbers. */
  readonly publisher: string;
  /** Public repository and commit the file was taken from. */
  readonly repository: string;
  readonly commit: string;
  readonly path: string;
  readonly description: string;
}

/** The observed files, in the order the manifest lists them. */
export const OBSERVED_SOURCES: readonly ObservedSource[] = [
  {
    file: 'btc_usdt_binance_1h.csv',
    source: 'binance',
    publisher: 'Binance (spot BTC/USDT klines)',
    repository: 'DrozdKacper/Volatility_Forecasting_System',
    commit: '09e5a1fcb59982842df8aa070247266a554c0a10',
    path: 'data/btc_1h.csv',
    description: 'BTC/USDT spot hourly bars 2025-12-31T00Z..2026-02-28T23Z, bar open time UTC; USDT at par',
  },
  {
    file: 'cross_asset_daily_yahoo.csv',
    source: 'yahoo',
    publisher: 'Yahoo Finance (yfinance, raw Close, auto_adjust=False)',
    repository: 'kittycapital/btc-asset-correlation',
    commit: '8e3fb63170556edebd732a70143723b0aa025b4d',
    path: 'data/{BTC,SPY,QQQ,IGV,GLD,DXY}.csv',
    description:
      'daily OHLC 2023-12-01..2026-02-28 of BTC-USD (UTC days), SPY, QQQ, IGV, GLD (US sessions), DX-Y.NYB',
  },
  {
    file: 'deribit_btc_dvol_1h.csv',
    source: 'deribit',
    publisher: 'Deribit (BTC DVOL index)',
    repository: 'LucasHonoratoDeSouza/btc-vrp-arbitrage',
    commit: '4ff0f423b4388485028e6166157d17580d7636e7',
    path: 'data/extended/btc_dvol_1h_5y.csv',
    description: 'DVOL hourly close 2025-06-01..2026-02-28 (fraction in the file, index points in the pack)',
  },
  {
    file: 'btc_spot_etf_flows_daily.csv',
    source: 'farside',
    publisher: 'Farside Investors (farside.co.uk)',
    repository: 'kittycapital/btc-etf-dashboard',
    commit: 'a83c0f66f62adc7dae5a2de20a4c4cd1a210d1b0',
    path: 'data/etf_flows.json',
    description:
      'US spot-bitcoin ETF net flows per fund per US trading day 2024-01-11..2026-02-27, US$ millions',
  },
  {
    file: 'ibit_daily_tradingview.csv',
    source: 'tradingview',
    publisher: 'TradingView (BATS:IBIT chart, consolidated volume)',
    repository: 'aaronwu2017/TheGlory',
    commit: '929fd9c335b1f53d31d5149d46b747f0440e271c',
    path: 'analysis/trading volume overview/ibit/BATS_IBIT, D (1).csv',
    description: 'IBIT daily OHLCV 2024-01-11..2026-01-12 (shares)',
  },
  {
    file: 'ibit_close_daily_yahoo.csv',
    source: 'yahoo',
    publisher: 'Yahoo Finance (yfinance close)',
    repository: 'dsturdy/Factor_Attribution',
    commit: '712ab00cb7d01c788507bc417162a4269e29bf69',
    path: 'data/IBIT.csv',
    description: 'IBIT daily close 2024-01-11..2026-02-27 (USD/share)',
  },
];

export interface OhlcBar {
  /** Bar open: an instant 'YYYY-MM-DDTHH:MM:SSZ' (hourly) or a date 'YYYY-MM-DD' (daily). */
  readonly at: string;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number | null;
}

export interface Observed {
  /** Binance BTC/USDT hourly bars, sorted, one per hour. */
  readonly btcHourly: readonly OhlcBar[];
  /** Yahoo daily bars per symbol (BTC-USD, SPY, QQQ, IGV, GLD, DX-Y.NYB), sorted by date. */
  readonly yahooDaily: ReadonlyMap<string, readonly OhlcBar[]>;
  /** DVOL hourly closes (fraction), keyed by the candle's start instant. */
  readonly dvol: readonly (readonly [string, number])[];
  /** Farside net flows, US$ millions: date -> fund -> flow. */
  readonly farside: ReadonlyMap<string, ReadonlyMap<string, number>>;
  /** TradingView IBIT daily OHLCV (volume in shares), by date. */
  readonly ibitTv: ReadonlyMap<string, OhlcBar>;
  /** Yahoo IBIT close, by date. */
  readonly ibitClose: ReadonlyMap<string, number>;
}

function num(file: string, row: number, col: string, s: string | undefined): number {
  const x = Number(s);
  if (s === undefined || s === '' || !Number.isFinite(x)) {
    throw new DataError('observed_bad_value', `${file} row ${row}: ${col} '${s ?? ''}' is not a number`);
  }
  return x;
}

function need(file: string, rows: readonly Record<string, string>[], cols: readonly string[]): void {
  const have = rows.length > 0 ? Object.keys(rows[0]) : [];
  const missing = cols.filter((c) => !have.includes(c));
  if (missing.length > 0 || rows.length === 0) {
    throw new DataError('observed_bad_file', `${file}: missing columns ${missing.join(', ') || '(no rows)'}`);
  }
}

function sortedUnique(file: string, keys: readonly string[]): void {
  for (let i = 1; i < keys.length; i++) {
    if (!(keys[i - 1] < keys[i])) {
      throw new DataError(
        'observed_bad_file',
        `${file}: row ${i + 1} key ${keys[i]} is not after ${keys[i - 1]}`,
      );
    }
  }
}

/**
 * Parses the observed files (text by file name) and checks their shape: columns, numbers, sorted
 * unique keys, one Binance bar per hour.
 * @example parseObserved(texts).btcHourly.length // 1440
 */
export function parseObserved(texts: Readonly<Record<string, string>>): Observed {
  const read = (file: string, cols: readonly string[]): Record<string, string>[] => {
    const text = texts[file];
    if (text === undefined) throw new DataError('observed_missing', `observed file ${file} is missing`);
    const rows = parseCsv(text);
    need(file, rows, cols);
    return rows;
  };

  const bf = 'btc_usdt_binance_1h.csv';
  const btcHourly = read(bf, ['timestamp_utc', 'open', 'high', 'low', 'close', 'volume_btc']).map(
    (r, i): OhlcBar => ({
      at: r.timestamp_utc,
      open: num(bf, i + 2, 'open', r.open),
      high: num(bf, i + 2, 'high', r.high),
      low: num(bf, i + 2, 'low', r.low),
      close: num(bf, i + 2, 'close', r.close),
      volume: num(bf, i + 2, 'volume_btc', r.volume_btc),
    }),
  );
  for (let i = 1; i < btcHourly.length; i++) {
    if (Date.parse(btcHourly[i].at) - Date.parse(btcHourly[i - 1].at) !== 3_600_000) {
      throw new DataError(
        'observed_bad_file',
        `${bf}: ${btcHourly[i].at} does not follow ${btcHourly[i - 1].at} by one hour`,
      );
    }
  }

  const yf = 'cross_asset_daily_yahoo.csv';
  const yahooDaily = new Map<string, OhlcBar[]>();
  read(yf, ['date', 'symbol', 'open', 'high', 'low', 'close', 'volume']).forEach((r, i) => {
    const list = yahooDaily.get(r.symbol) ?? [];
    list.push({
      at: r.date,
      open: num(yf, i + 2, 'open', r.open),
      high: num(yf, i + 2, 'high', r.high),
      low: num(yf, i + 2, 'low', r.low),
      close: num(yf, i + 2, 'close', r.close),
      volume: num(yf, i + 2, 'volume', r.volume),
    });
    yahooDaily.set(r.symbol, list);
  });
  for (const [sym, list] of yahooDaily)
    sortedUnique(
      `${yf} ${sym}`,
      list.map((b) => b.at),
    );

  const df = 'deribit_btc_dvol_1h.csv';
  const dvol = read(df, ['timestamp_utc', 'dvol']).map(
    (r, i) => [r.timestamp_utc, num(df, i + 2, 'dvol', r.dvol)] as const,
  );
  sortedUnique(
    df,
    dvol.map((d) => d[0]),
  );

  const ff = 'btc_spot_etf_flows_daily.csv';
  const farside = new Map<string, Map<string, number>>();
  read(ff, ['date', 'fund', 'flow_usd_m']).forEach((r, i) => {
    const day = farside.get(r.date) ?? new Map<string, number>();
    if (day.has(r.fund)) throw new DataError('observed_bad_file', `${ff}: ${r.date} ${r.fund} twice`);
    day.set(r.fund, num(ff, i + 2, 'flow_usd_m', r.flow_usd_m));
    farside.set(r.date, day);
  });

  const tf = 'ibit_daily_tradingview.csv';
  const tvRows = read(tf, ['date', 'open', 'high', 'low', 'close', 'volume_shares']);
  sortedUnique(
    tf,
    tvRows.map((r) => r.date),
  );
  const ibitTv = new Map(
    tvRows.map((r, i): [string, OhlcBar] => [
      r.date,
      {
        at: r.date,
        open: num(tf, i + 2, 'open', r.open),
        high: num(tf, i + 2, 'high', r.high),
        low: num(tf, i + 2, 'low', r.low),
        close: num(tf, i + 2, 'close', r.close),
        volume: num(tf, i + 2, 'volume_shares', r.volume_shares),
      },
    ]),
  );

  const cf = 'ibit_close_daily_yahoo.csv';
  const cRows = read(cf, ['date', 'close']);
  sortedUnique(
    cf,
    cRows.map((r) => r.date),
  );
  const ibitClose = new Map(
    cRows.map((r, i): [string, number] => [r.date, num(cf, i + 2, 'close', r.close)]),
  );

  return { btcHourly, yahooDaily, dvol, farside, ibitTv, ibitClose };
}
