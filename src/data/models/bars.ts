import type { z } from 'zod';
import { defineModel, instant, nullable, num, oneOf, provenanceColumns, text } from './defineModel.js';

/** Bar lengths a `bars` row may have, stored as given (m = minutes, h = hours, d = days, w = weeks). */
export const BAR_INTERVALS = [
  '1m',
  '2m',
  '3m',
  '5m',
  '15m',
  '30m',
  '1h',
  '2h',
  '4h',
  '6h',
  '8h',
  '12h',
  '1d',
  '1w',
] as const;

/**
 * OHLC bars of any interval in BAR_INTERVALS. Cross-asset daily closes (IGV, GLD, QQQ, IBIT) use interval '1d' with ts = that day's 16:00
 * America/New_York close instant; the BTC reference price at 16:00 ET is venue 'reference', symbol
 * 'BTC-USD', interval '1d' (o/h/l/c of the 24 h ending then).
 */
export const bars = defineModel({
  name: 'bars',
  description: 'OHLC price bars per venue, symbol and interval; ts is the bar open instant in UTC.',
  columns: [
    instant('ts', "bar open instant (UTC); for '1d' closes the 16:00 America/New_York instant"),
    text('venue', "venue, lowercase: 'binance', 'nasdaq', 'reference', ...", { lowercase: true }),
    text('symbol', "symbol, e.g. 'BTCUSDT', 'IBIT', 'BTC-USD'"),
    oneOf('interval', BAR_INTERVALS, 'bar length'),
    num('open', 'quote currency', 'first price of the bar', { gt: 0 }),
    num('high', 'quote currency', 'highest price of the bar', { gt: 0 }),
    num('low', 'quote currency', 'lowest price of the bar', { gt: 0 }),
    num('close', 'quote currency', 'last price of the bar', { gt: 0 }),
    nullable(
      num('volume', 'base units', 'volume traded in the bar (shares, coins or contracts)', { gte: 0 }),
    ),
    nullable(
      num('quote_volume', 'quote currency', 'volume traded in the bar in the quote currency (e.g. USDT)', {
        gte: 0,
      }),
    ),
    ...provenanceColumns,
  ],
  key: ['ts', 'venue', 'symbol', 'interval'],
  timeColumn: 'ts',
  checks: [
    {
      columns: ['low', 'high', 'open', 'close'],
      expected: 'low <= open, close <= high',
      sql: '"low" <= "open" AND "low" <= "close" AND "open" <= "high" AND "close" <= "high"',
      test: (r) => {
        const [o, h, l, c] = [Number(r.open), Number(r.high), Number(r.low), Number(r.close)];
        return l <= o && l <= c && o <= h && c <= h;
      },
    },
  ],
});

export const barsSchema = bars.schema;
export type Bars = Readonly<z.infer<typeof barsSchema>>;
