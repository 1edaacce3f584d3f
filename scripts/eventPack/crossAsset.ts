import { DataError } from '../../src/errors.js';
import { isoInstant, nyClose } from './calendar.js';
import type { Cell } from './csv.js';
import type { EtfSeries } from './etfDaily.js';
import type { Market } from './market.js';
import type { CellQuality } from './provenance.js';

/*
 * Daily bars (interval '1d') of IBIT and the cross assets.
 * - SPY, QQQ, IGV, GLD, DX-Y.NYB: Yahoo's daily bars as observed (raw closes, split- but not
 *   dividend-adjusted), venue 'yahoo', ts = 16:00 ET of the US trading date (DX-Y.NYB: its ICE day,
 *   stamped the same way). Volume as Yahoo gives it (DX-Y.NYB: none).
 * - BTC-USD: Yahoo's daily bars (UTC days), venue 'yahoo', ts = the UTC day's 00:00Z open.
 * - IBIT (venue 'composite', ts = 16:00 ET): TradingView's OHLCV to 2026-01-12; after that the Yahoo
 *   close with open/high/low from etf_daily's model (BTC per share x the observed BTC hours) and the
 *   modelled volume, except where a volume is published (etf_daily). Per-cell provenance says which.
 */

/** Yahoo symbols written to bars.csv (BTC-USD apart). */
export const YAHOO_CROSS_ASSETS = ['DX-Y.NYB', 'GLD', 'IGV', 'QQQ', 'SPY'] as const;

/** Last date of the cross-asset bars (two weeks after the pack's last ETF day). */
export const CROSS_LAST_DAY = '2026-02-27';

export interface CrossAssetBuild {
  readonly rows: Cell[][];
  /** Cells whose quality differs from the row's, for provenance.csv. */
  readonly cells: CellQuality[];
}

/**
 * Builds the daily bars of IBIT, the Yahoo cross assets and Yahoo BTC-USD.
 * @example buildCrossAssetBars(market, etfSeries).rows.length // IBIT days + Yahoo rows
 */
export function buildCrossAssetBars(m: Market, etf: ReadonlyMap<string, EtfSeries>): CrossAssetBuild {
  const rows: Cell[][] = [];
  const cells: CellQuality[] = [];
  const ibit = etf.get('IBIT')!;
  m.days.forEach((d, i) => {
    const ts = isoInstant(nyClose(d));
    const key = `${ts} composite IBIT 1d`;
    const tv = m.observed.ibitTv.get(d);
    if (tv) {
      rows.push([
        ts,
        'composite',
        'IBIT',
        '1d',
        tv.open,
        tv.high,
        tv.low,
        tv.close,
        tv.volume,
        'tradingview',
        'observed',
      ]);
      return;
    }
    const close = m.observed.ibitClose.get(d);
    if (close === undefined) throw new DataError('event_pack_invariant', `no observed IBIT close on ${d}`);
    const open = ibit.open[i];
    const high = Math.max(ibit.high[i], open, close);
    const low = Math.min(ibit.low[i], open, close);
    const volQ = ibit.volumeQuality[i];
    rows.push([
      ts,
      'composite',
      'IBIT',
      '1d',
      open,
      high,
      low,
      close,
      ibit.volumeShares[i],
      'crashscope-event-pack-generator',
      'reconstructed',
    ]);
    cells.push({ table: 'bars', key, column: 'close', quality: 'observed', source: 'yahoo' });
    if (volQ.quality !== 'reconstructed') cells.push({ table: 'bars', key, column: 'volume', ...volQ });
  });
  for (const sym of ['BTC-USD', ...YAHOO_CROSS_ASSETS]) {
    const list = m.observed.yahooDaily.get(sym);
    if (!list) throw new DataError('event_pack_invariant', `no Yahoo daily bars for ${sym}`);
    for (const b of list) {
      if (b.at < (sym === 'BTC-USD' ? '2024-01-10' : m.days[0]) || b.at > CROSS_LAST_DAY) continue;
      const ts = sym === 'BTC-USD' ? `${b.at}T00:00:00Z` : isoInstant(nyClose(b.at));
      const volume = sym === 'DX-Y.NYB' ? null : b.volume;
      rows.push([ts, 'yahoo', sym, '1d', b.open, b.high, b.low, b.close, volume, 'yahoo', 'observed']);
    }
  }
  return { rows, cells };
}
