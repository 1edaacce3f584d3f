import type { z } from 'zod';
import { date, defineModel, provenanceColumns, text } from './defineModel.js';

/**
 * Provenance per value (docs/DATA.md "Provenance per value"). A row's own `quality` is that of its
 * weakest value; this table lists the values that are stronger than their row, each with its own
 * quality and source. A value's quality is its entry here, else its row's. `row_key` is the row's
 * natural key, its values joined by one space in key order (dates 'YYYY-MM-DD', instants
 * 'YYYY-MM-DDTHH:MM:SSZ', numbers as written in the file); `field` is a column of that dataset, or
 * columns joined by '+' when only their sum is published (e.g. 'call_volume+put_volume').
 */
export const valueProvenance = defineModel({
  name: 'value_provenance',
  description: "Quality and source of single values that are stronger than their row's quality.",
  columns: [
    date('date', 'day of the row the value belongs to (its date, or the UTC date of its instant)'),
    text('dataset', "model name of the row, e.g. 'options_daily'"),
    text('row_key', "the row's natural key values joined by one space, e.g. '2026-02-05 IBIT'"),
    text('field', "the column, or columns joined by '+' for a published sum"),
    ...provenanceColumns,
  ],
  key: ['dataset', 'row_key', 'field'],
  timeColumn: 'date',
  checks: [],
});

export const valueProvenanceSchema = valueProvenance.schema;
export type ValueProvenance = Readonly<z.infer<typeof valueProvenanceSchema>>;
