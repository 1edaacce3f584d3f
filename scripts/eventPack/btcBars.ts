import { windowBar } from './btcPath.js';
import { isoInstant, nyClose } from './calendar.js';
import { type Cell, roundTo } from './csv.js';
import type { Market } from './market.js';
import { GENERATOR_SOURCE } from './sources.js';

/*
 * BTC and DVOL rows of `bars`:
 * - venue 'binance', symbol 'BTC-USD', interval '1h': Binance spot BTC/USDT hourly bars as observed
 *   (bar open time UTC; USDT taken at par with USD, see data/sources/observed/SOURCES.md), volume in BTC;
 * - venue 'reference', symbol 'BTC-USD', interval '1d', ts = 16:00 America/New_York: o/h/l/c of the 24
 *   hours ending then; close = the 16:00 ET price used for ETF NAVs and the futures basis. In winter
 *   16:00 ET is 21:00 UTC, so the close is that of the bar opened at 20:00 UTC. Observed where those 24
 *   hours are observed (from 2026-01-01), reconstructed before (hours inside observed UTC days);
 * - venue 'deribit', symbol 'DVOL', interval '1h': the DVOL index in points (0.8978 in the file ->
 *   89.78), stamped at the candle's start like the Deribit provider. The source keeps only the hourly
 *   close, so open = high = low = close: never read a DVOL bar's high or low as an intrahour extreme.
 */

export const BAR_COLUMNS = [
  'ts',
  'venue',
  'symbol',
  'interval',
  'open',
  'high',
  'low',
  'close',
  'volume',
  'source',
  'quality',
];

export interface BtcBarsBuild {
  readonly reference: Cell[][];
  readonly hourly: Cell[][];
  readonly dvol: Cell[][];
}

/**
 * Builds the BTC hourly bars, the 16:00 ET reference and the DVOL bars.
 * @example buildBtcBars(market).hourly.length // 1440
 */
export function buildBtcBars(m: Market): BtcBarsBuild {
  const hourly: Cell[][] = m.observed.btcHourly.map((b) => [
    b.at,
    'binance',
    'BTC-USD',
    '1h',
    b.open,
    b.high,
    b.low,
    b.close,
    b.volume,
    'binance',
    'observed',
  ]);
  const reference: Cell[][] = [];
  for (const d of m.days) {
    const t = nyClose(d);
    const [o, h, l, c] = windowBar(m.path.hourBars, t, 24);
    const observed = m.refObserved(d);
    reference.push([
      isoInstant(t),
      'reference',
      'BTC-USD',
      '1d',
      roundTo(o, 2),
      roundTo(h, 2),
      roundTo(l, 2),
      roundTo(c, 2),
      null,
      observed ? 'binance' : GENERATOR_SOURCE,
      observed ? 'observed' : 'reconstructed',
    ]);
  }
  const dvol: Cell[][] = m.observed.dvol.map(([at, v]) => {
    const points = roundTo(v * 100, 2);
    return [at, 'deribit', 'DVOL', '1h', points, points, points, points, null, 'deribit', 'observed'];
  });
  return { reference, hourly, dvol };
}
