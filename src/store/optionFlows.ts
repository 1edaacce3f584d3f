/**
 * Option trades summed per series and per whole day of age before an instant, by DuckDB (GROUP BY), for the
 * flow-based dealer sign model (channels/flowPositions.ts): what the model needs from a trade tape, without
 * reading the tape into memory. A full venue tape is tens of thousands of trades a day; the model only ever
 * sums signed contracts per series over a window of whole days before the snapshot instant.
 *
 * Day of age d of a trade at instant t, for the instant A: d = floor((A − t) / 24 h), for
 * A − maxDays·24 h < t <= A. A window of W whole days, (A − W·24 h, A], is then exactly the rows with d < W.
 * market/optionFlows.ts sums rows given in memory the same way (a test holds this SQL to it).
 */
import type { OptionFlowRow } from '../data/models/optionTrades.js';
import type { Db } from './db.js';

const DAY_MS = 86_400_000;

/**
 * The flow rows of the store's option_trades in (asOf − maxDays·24 h, asOf], summed by DuckDB (the tape is
 * never read into memory). Same rows as market/optionFlows.ts aggregateOptionTrades on the same trades (sums of
 * contracts to rounding: DuckDB adds in its own order).
 * @example await readOptionFlows(db, '2026-02-04T21:00:00Z', 90) // [{ venue: 'deribit', age_days: 0, ... }, ...]
 */
export async function readOptionFlows(db: Db, asOf: string, maxDays: number): Promise<OptionFlowRow[]> {
  const rows = await db.all(
    `SELECT venue, underlying, expiry, strike, option_type,
       CAST(floor((epoch_ms(CAST($1 AS TIMESTAMPTZ)) - epoch_ms(ts)) / ${DAY_MS}) AS INTEGER) AS age_days,
       sum(CASE WHEN taker_side = 'buy' THEN contracts ELSE -contracts END) AS net_contracts,
       sum(contracts) AS contracts,
       CAST(count(*) AS INTEGER) AS trades,
       min(ts) AS first_ts,
       max(ts) AS last_ts,
       quality, source
     FROM option_trades
     WHERE ts <= CAST($1 AS TIMESTAMPTZ) AND ts > CAST($1 AS TIMESTAMPTZ) - $2 * INTERVAL 1 DAY
     GROUP BY venue, underlying, expiry, strike, option_type, age_days, quality, source
     ORDER BY age_days, venue, underlying, expiry, strike, option_type, quality, source`,
    [asOf, maxDays],
  );
  return rows as unknown as OptionFlowRow[];
}
