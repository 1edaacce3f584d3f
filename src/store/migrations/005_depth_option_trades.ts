/**
 * Migration 005 (issue 10): `depth` (order-book depth within 1 % and 2 % of mid, per venue, symbol and
 * instant) and `option_trades` (option trades with the taker's side, for the flow-based dealer sign model).
 * Frozen once released.
 */
export const name = 'depth_option_trades';

export const sql = `
-- Natural key (as_of, venue, symbol).
CREATE TABLE depth (
  as_of TIMESTAMPTZ NOT NULL,
  venue VARCHAR NOT NULL,
  symbol VARCHAR NOT NULL,
  mid_price DOUBLE,
  bid_1pct_usd DOUBLE NOT NULL,
  ask_1pct_usd DOUBLE NOT NULL,
  bid_2pct_usd DOUBLE,
  ask_2pct_usd DOUBLE,
  source VARCHAR NOT NULL,
  quality VARCHAR NOT NULL,
  ingested_at TIMESTAMPTZ NOT NULL
);

-- Natural key (venue, trade_id).
CREATE TABLE option_trades (
  ts TIMESTAMPTZ NOT NULL,
  venue VARCHAR NOT NULL,
  trade_id VARCHAR NOT NULL,
  underlying VARCHAR NOT NULL,
  expiry TIMESTAMPTZ NOT NULL,
  strike DOUBLE NOT NULL,
  option_type VARCHAR NOT NULL,
  taker_side VARCHAR NOT NULL,
  contracts DOUBLE NOT NULL,
  price DOUBLE,
  source VARCHAR NOT NULL,
  quality VARCHAR NOT NULL,
  ingested_at TIMESTAMPTZ NOT NULL
);
`;
