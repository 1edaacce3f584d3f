/**
 * Migration 002: provenance per value (docs/DATA.md "Provenance per value"): the values whose quality
 * is stronger than their row's, keyed by dataset, row key and field. Frozen once released.
 */
export const name = 'value_provenance';

export const sql = `
-- Natural key (dataset, row_key, field).
CREATE TABLE value_provenance (
  date DATE NOT NULL,
  dataset VARCHAR NOT NULL,
  row_key VARCHAR NOT NULL,
  field VARCHAR NOT NULL,
  source VARCHAR NOT NULL,
  quality VARCHAR NOT NULL,
  ingested_at TIMESTAMPTZ NOT NULL
);
`;
