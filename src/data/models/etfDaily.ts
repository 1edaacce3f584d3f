import type { z } from 'zod';
import { date, defineModel, nullable, num, provenanceColumns, text } from './defineModel.js';

/** Daily spot-ETF record: price, volume, share count, NAV, holdings and the main reported flow. */
export const etfDaily = defineModel({
  name: 'etf_daily',
  description: 'Daily spot-bitcoin ETF record (one row per trading day and ticker).',
  columns: [
    date('date', 'trading day (the 16:00 America/New_York close)'),
    text('ticker', 'ETF ticker, e.g. IBIT'),
    num('close', 'USD/share', 'closing market price', { gt: 0 }),
    num('volume_shares', 'shares', 'shares traded on the day', { gte: 0 }),
    num('volume_usd', 'USD', 'dollar volume traded on the day', { gte: 0 }),
    num('shares_outstanding', 'shares', 'shares outstanding as reported for the day', { gte: 0 }),
    num('nav', 'USD/share', 'net asset value per share', { gt: 0 }),
    num('btc_per_share', 'BTC/share', 'bitcoin held per share (decays with the fee)', { gt: 0 }),
    num('aum_usd', 'USD', 'assets under management', { gte: 0 }),
    nullable(num('flow_usd', 'USD', 'net flow of the day, + = creations (issuer-implied or main reported)')),
    nullable(text('flow_source', 'where flow_usd comes from')),
    ...provenanceColumns,
  ],
  key: ['date', 'ticker'],
  timeColumn: 'date',
});

export const etfDailySchema = etfDaily.schema;
export type EtfDaily = Readonly<z.infer<typeof etfDailySchema>>;
