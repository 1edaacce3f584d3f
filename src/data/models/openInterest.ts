import type { z } from 'zod';
import { defineModel, instant, nullable, num, provenanceColumns, text } from './defineModel.js';

/** Appends `name` to the `derived` list of the rows matched by an UPDATE. */
const mark = (name: string): string =>
  `derived = CASE WHEN derived IS NULL THEN '${name}' ELSE derived || ',${name}' END`;

/**
 * Futures/perp open interest snapshots in contracts, BTC and/or USD. Sources give one unit; the importer
 * derives the others when the row carries what it takes (`price` for BTC <-> USD, `btc_per_contract` for
 * contracts <-> BTC) and lists them in `derived`, so a derived value is never mistaken for a reported one.
 */
export const openInterest = defineModel({
  name: 'open_interest',
  description:
    'Open interest snapshots per venue and symbol, in at least one unit; missing units derived at import when a price or contract size is given (listed in `derived`).',
  columns: [
    instant('ts', 'snapshot instant (UTC)'),
    text('venue', "venue, lowercase: 'cme', 'binance', ...", { lowercase: true }),
    text('symbol', "contract or perp symbol, e.g. 'BTC', 'BTCUSDT'"),
    nullable(num('oi_contracts', 'contracts', 'open interest in contracts', { gte: 0 })),
    nullable(num('oi_btc', 'BTC', 'open interest in bitcoin', { gte: 0 })),
    nullable(num('oi_usd', 'USD', 'open interest in dollars', { gte: 0 })),
    nullable(num('price', 'USD/BTC', 'BTC price used to convert between oi_btc and oi_usd', { gt: 0 })),
    nullable(
      num('btc_per_contract', 'BTC/contract', 'contract size, to convert oi_contracts and oi_btc', { gt: 0 }),
    ),
    nullable(
      text(
        'derived',
        "columns the importer derived rather than read, comma-separated (e.g. 'oi_btc,oi_contracts'); empty when all were reported",
      ),
    ),
    ...provenanceColumns,
  ],
  key: ['ts', 'venue', 'symbol'],
  timeColumn: 'ts',
  checks: [
    {
      columns: ['oi_contracts', 'oi_btc', 'oi_usd'],
      expected: 'at least one of oi_contracts, oi_btc, oi_usd',
      sql: '"oi_contracts" IS NOT NULL OR "oi_btc" IS NOT NULL OR "oi_usd" IS NOT NULL',
      test: (r) => [r.oi_contracts, r.oi_btc, r.oi_usd].some((v) => v !== null && v !== undefined),
      withNulls: true,
    },
  ],
  // In order: BTC first (from USD and price, else from contracts and size), then USD and contracts from BTC.
  derive: [
    `UPDATE {table} SET oi_btc = coalesce(oi_usd / price, oi_contracts * btc_per_contract), ${mark('oi_btc')}
     WHERE oi_btc IS NULL AND coalesce(oi_usd / price, oi_contracts * btc_per_contract) IS NOT NULL`,
    `UPDATE {table} SET oi_usd = oi_btc * price, ${mark('oi_usd')}
     WHERE oi_usd IS NULL AND oi_btc IS NOT NULL AND price IS NOT NULL`,
    `UPDATE {table} SET oi_contracts = oi_btc / btc_per_contract, ${mark('oi_contracts')}
     WHERE oi_contracts IS NULL AND oi_btc IS NOT NULL AND btc_per_contract IS NOT NULL`,
  ],
});

export const openInterestSchema = openInterest.schema;
export type OpenInterest = Readonly<z.infer<typeof openInterestSchema>>;
