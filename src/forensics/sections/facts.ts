import type { FindingOf } from '../findings.js';
import type { EventInputs } from '../inputs.js';
import { fmtNum, metric, provenanceOf } from '../metric.js';
import type { ForensicsOptions } from '../options.js';
import { finding, unavailable } from './common.js';

export interface PublishedFact {
  readonly date: string;
  readonly metric: string;
  readonly value: number | null;
  readonly unit: string;
  readonly confidence: string;
  readonly source: string;
  readonly note: string | null;
}

export interface FactsData {
  readonly facts: readonly PublishedFact[];
}

const TITLE = 'Published figures around the event';

/**
 * Appendix: the published figures (facts table) dated from the previous to the next trading day, as
 * published: conflicting figures stay side by side, nothing is averaged.
 */
export function factsSection(
  inputs: EventInputs,
  o: ForensicsOptions,
  previous: string | null,
  next: string | null,
): FindingOf<'facts'> {
  const lo = previous ?? o.eventDate;
  const hi = next ?? o.eventDate;
  const rows = inputs.facts.filter((f) => f.date >= lo && f.date <= hi);
  const prov = provenanceOf(['facts'], rows);
  if (rows.length === 0) return unavailable('facts', TITLE, `no published figures dated ${lo}..${hi}`, prov);
  const facts = rows.map((f) => ({
    date: f.date,
    metric: f.metric,
    value: f.value,
    unit: f.unit,
    confidence: f.confidence,
    source: f.source,
    note: f.note ?? null,
  }));
  const conflicting = facts.filter((f) => f.confidence === 'conflicting').length;
  const metrics = {
    figures: metric('published figures in the window', facts.length, 'count', 'published', (v) => fmtNum(v)),
    conflicting: metric('marked conflicting by their sources', conflicting, 'count', 'published', (v) =>
      fmtNum(v),
    ),
  };
  const summary =
    `${facts.length} published figures are dated ${lo}..${hi}, ${conflicting} of them in conflict with another ` +
    'source; they are listed as published, side by side, never averaged.';
  return finding('facts', TITLE, summary, metrics, prov, [], { facts });
}
