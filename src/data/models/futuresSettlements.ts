import type { z } from 'zod';
import { date, defineModel, num, provenanceColumns, text } from './defineModel.js';

/** Daily settlement of a listed futures contract (CME BTC futures: 5 BTC, expiring the last Friday). */
export const futuresSettlements = defineModel({
  name: 'futures_settlements',
  description: 'Daily futures settlements per venue and contract.',
  columns: [
    date('date', 'trading day'),
    text('venue', "venue, lowercase: 'cme'", { lowercase: true }),
    text('contract', "contract code, e.g. 'BTCG6'"),
    date('expiry', 'expiry date (CME BTC: last Friday of the contract month)'),
    num('settle', 'USD/BTC', 'settlement price', { gt: 0 }),
    num('volume', 'contracts', 'contracts traded', { gte: 0 }),
    num('open_interest', 'contracts', 'open interest', { gte: 0 }),
    num('multiplier', 'BTC/contract', 'bitcoin per contract (5 for CME BTC futures)', { gt: 0 }),
    ...provenanceColumns,
  ],
  key: ['date', 'venue', 'contract'],
  timeColumn: 'date',
  checks: [
    {
      columns: ['expiry', 'date'],
      expected: 'expiry on or after date (a contract settles only until it expires)',
      sql: '"expiry" >= "date"',
      test: (r) => String(r.expiry) >= String(r.date),
    },
  ],
});

export const futuresSettlementsSchema = futuresSettlements.schema;
export type FuturesSettlements = Readonly<z.infer<typeof futuresSettlementsSchema>>;
