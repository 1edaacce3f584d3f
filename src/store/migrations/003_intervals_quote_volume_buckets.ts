/**
 * Migration 003 (issue 11, "import that fits real files"): `bars.quote_volume` (volume in the quote
 * currency, e.g. USDT, beside the base `volume`) and `liquidations.bucket_minutes` (length of the bucket a
 * row aggregates). Both nullable, so every stored row stays valid with NULL. The tables are rebuilt rather
 * than ALTERed so that the new column sits with the values, before the provenance columns (the column
 * order is the file layout, checked against the model registry). Bar intervals are a model rule, not a
 * schema change. Frozen once released.
 */
export const name = 'intervals_quote_volume_buckets';

export const sql = `
CREATE TABLE bars_003 (
  ts TIMESTAMPTZ NOT NULL,
  venue VARCHAR NOT NULL,
  symbol VARCHAR NOT NULL,
  "interval" VARCHAR NOT NULL,
  "open" DOUBLE NOT NULL,
  high DOUBLE NOT NULL,
  low DOUBLE NOT NULL,
  "close" DOUBLE NOT NULL,
  volume DOUBLE,
  quote_volume DOUBLE,
  source VARCHAR NOT NULL,
  quality VARCHAR NOT NULL,
  ingested_at TIMESTAMPTZ NOT NULL
);
INSERT INTO bars_003
  SELECT ts, venue, symbol, "interval", "open", high, low, "close", volume, NULL, source, quality, ingested_at
  FROM bars;
DROP TABLE bars;
ALTER TABLE bars_003 RENAME TO bars;

CREATE TABLE liquidations_003 (
  ts TIMESTAMPTZ NOT NULL,
  venue VARCHAR NOT NULL,
  symbol VARCHAR NOT NULL,
  side VARCHAR NOT NULL,
  notional_usd DOUBLE NOT NULL,
  bucket_minutes DOUBLE,
  source VARCHAR NOT NULL,
  quality VARCHAR NOT NULL,
  ingested_at TIMESTAMPTZ NOT NULL
);
INSERT INTO liquidations_003
  SELECT ts, venue, symbol, side, notional_usd, NULL, source, quality, ingested_at FROM liquidations;
DROP TABLE liquidations;
ALTER TABLE liquidations_003 RENAME TO liquidations;
`;
