import type { z } from 'zod';
import { date, defineModel, nullable, num, oneOf, qualityColumn, text } from './defineModel.js';

/**
 * Published figures about the event with their sources (shared/data/2026-02-05/published-facts.json).
 * Conflicting values stay side by side: the key includes the source. `source` is the URL of the page,
 * which is also the row's provenance. A figure that is not a single number (a range, "> 10") keeps its
 * text in `note` with `value` empty, so nothing published is dropped or invented.
 */
export const facts = defineModel({
  name: 'facts',
  description:
    'Published figures with their source URL and confidence; conflicting sources kept side by side.',
  columns: [
    date('date', 'day the figure refers to'),
    text('metric', 'what the figure measures, as worded by the source'),
    nullable(num('value', 'see unit', 'the figure (empty when the source gives no single number)')),
    text('unit', "unit of value, e.g. 'USD', 'USD bn', '%'"),
    text('source', 'URL of the page that published the figure'),
    oneOf('confidence', ['primary', 'secondary', 'conflicting'], 'how much to trust the figure'),
    nullable(text('note', 'wording, caveat or the non-numeric figure', { freeText: true })),
    qualityColumn,
  ],
  key: ['date', 'metric', 'source'],
  timeColumn: 'date',
  checks: [],
});

export const factsSchema = facts.schema;
export type Facts = Readonly<z.infer<typeof factsSchema>>;
