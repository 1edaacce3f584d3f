import type { z } from 'zod';
import { date, defineModel, instant, num, parseInstantMs, provenanceColumns, text } from './defineModel.js';

/**
 * CFTC Traders in Financial Futures positions (as of Tuesday, published later, usually Friday 15:30 ET):
 * leveraged funds and asset managers, long and short, in contracts.
 */
export const cftcPositions = defineModel({
  name: 'cftc_positions',
  description: 'CFTC TFF positions of leveraged funds and asset managers per report date and contract.',
  columns: [
    date('report_date', 'date the positions are as of (Tuesday)'),
    text('contract', "contract, e.g. 'BITCOIN - CHICAGO MERCANTILE EXCHANGE'"),
    num('lev_long', 'contracts', 'leveraged funds long', { gte: 0 }),
    num('lev_short', 'contracts', 'leveraged funds short', { gte: 0 }),
    num('am_long', 'contracts', 'asset managers long', { gte: 0 }),
    num('am_short', 'contracts', 'asset managers short', { gte: 0 }),
    instant('published_at', 'publication instant (UTC)'),
    ...provenanceColumns,
  ],
  key: ['report_date', 'contract'],
  timeColumn: 'report_date',
  checks: [
    {
      columns: ['published_at', 'report_date'],
      expected: 'published_at on or after report_date (a report cannot precede its data)',
      // Both sides are compared as UTC: the store's sessions run with TimeZone = 'UTC'.
      sql: '"published_at" >= CAST("report_date" AS TIMESTAMPTZ)',
      test: (r) =>
        parseInstantMs(String(r.published_at)) >= parseInstantMs(`${String(r.report_date)}T00:00:00Z`),
    },
  ],
});

export const cftcPositionsSchema = cftcPositions.schema;
export type CftcPositions = Readonly<z.infer<typeof cftcPositionsSchema>>;
