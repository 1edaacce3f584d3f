import type { z } from 'zod';
import { date, defineModel, nullable, num, provenanceColumns, text } from './defineModel.js';

/** Daily listed-options activity per underlying (volume and open interest by call/put). */
export const optionsDaily = defineModel({
  name: 'options_daily',
  description: 'Daily option volume and open interest per underlying, split by calls and puts.',
  columns: [
    date('date', 'trading day'),
    text('underlying', 'underlying symbol, e.g. IBIT'),
    num('call_volume', 'contracts', 'call contracts traded', { gte: 0 }),
    num('put_volume', 'contracts', 'put contracts traded', { gte: 0 }),
    nullable(num('call_oi', 'contracts', 'call open interest', { gte: 0 })),
    nullable(num('put_oi', 'contracts', 'put open interest', { gte: 0 })),
    ...provenanceColumns,
  ],
  key: ['date', 'underlying'],
  timeColumn: 'date',
});

export const optionsDailySchema = optionsDaily.schema;
export type OptionsDaily = Readonly<z.infer<typeof optionsDailySchema>>;
