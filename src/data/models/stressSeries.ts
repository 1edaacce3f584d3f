import type { z } from 'zod';
import { date, defineModel, num, provenanceColumns, text } from './defineModel.js';

/** Daily stress indicators (e.g. prime-broker multi-strategy performance z-score). */
export const stressSeries = defineModel({
  name: 'stress_series',
  description: 'Daily stress series, e.g. pb_multistrat_perf_z; the unit column says how to read value.',
  columns: [
    date('date', 'day'),
    text('series', "series id, e.g. 'pb_multistrat_perf_z'"),
    num('value', 'see unit', 'value of the series'),
    text('unit', "unit of value, e.g. 'z'"),
    ...provenanceColumns,
  ],
  key: ['date', 'series'],
  timeColumn: 'date',
});

export const stressSeriesSchema = stressSeries.schema;
export type StressSeries = Readonly<z.infer<typeof stressSeriesSchema>>;
