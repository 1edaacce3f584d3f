/**
 * Migration 004 (issue 11): open interest in any one unit. `oi_contracts`, `oi_btc` and `oi_usd` become
 * nullable (a row check asks for at least one); `price` (USD per BTC) and `btc_per_contract` let the
 * importer derive the missing units, and `derived` lists the columns it derived. The table is rebuilt so
 * the new columns sit before the provenance columns. Stored rows keep their values, `derived` NULL.
 * Frozen once released.
 */
export const name = 'open_interest_any_unit';

export const sql = `
CREATE TABLE open_interest_004 (
  ts TIMESTAMPTZ NOT NULL,
  venue VARCHAR NOT NULL,
  symbol VARCHAR NOT NULL,
  oi_contracts DOUBLE,
  oi_btc DOUBLE,
  oi_usd DOUBLE,
  price DOUBLE,
  btc_per_contract DOUBLE,
  derived VARCHAR,
  source VARCHAR NOT NULL,
  quality VARCHAR NOT NULL,
  ingested_at TIMESTAMPTZ NOT NULL
);
INSERT INTO open_interest_004
  SELECT ts, venue, symbol, oi_contracts, oi_btc, oi_usd, NULL, NULL, NULL, source, quality, ingested_at
  FROM open_interest;
DROP TABLE open_interest;
ALTER TABLE open_interest_004 RENAME TO open_interest;
`;
