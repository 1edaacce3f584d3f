import { FACT_TOPICS, factTopic } from '../factTopics.js';
import type { FindingId, FindingOf } from '../findings.js';
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
  /** Topic id (src/forensics/factTopics.ts). */
  readonly topic: string;
}

/** The published figures of one topic, conflicting ones first. */
export interface FactGroup {
  readonly topic: string;
  readonly title: string;
  /** Hypotheses the figures bear on (empty: context only). */
  readonly hypotheses: readonly string[];
  /** The section that shows them beside the data, and the rules that use them. */
  readonly section: FindingId | null;
  readonly rules: readonly string[];
  readonly conflicting: number;
  readonly facts: readonly PublishedFact[];
}

export interface FactsData {
  readonly facts: readonly PublishedFact[];
  /** By topic: topics with conflicting figures first, then the others, each in FACT_TOPICS order. */
  readonly groups: readonly FactGroup[];
}

const isConflict = (f: PublishedFact) => f.confidence === 'conflicting';

/**
 * Groups figures by topic, conflicts first: topics holding a conflicting figure come first, and inside a
 * topic the conflicting figures come first (then by date and metric).
 * @example groupFacts([{ metric: 'IBIT daily net flow (SoSoValue)', confidence: 'conflicting', ... }])[0].topic // 'etf-flows'
 */
export function groupFacts(facts: readonly PublishedFact[]): FactGroup[] {
  const groups = FACT_TOPICS.map((t) => {
    const mine = facts
      .filter((f) => f.topic === t.id)
      .sort(
        (a, b) =>
          Number(isConflict(b)) - Number(isConflict(a)) ||
          a.date.localeCompare(b.date) ||
          a.metric.localeCompare(b.metric),
      );
    return {
      topic: t.id,
      title: t.title,
      hypotheses: t.hypotheses,
      section: t.section,
      rules: t.rules,
      conflicting: mine.filter(isConflict).length,
      facts: mine,
    };
  }).filter((g) => g.facts.length > 0);
  return [...groups.filter((g) => g.conflicting > 0), ...groups.filter((g) => g.conflicting === 0)];
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
    topic: factTopic(f.metric).id,
  }));
  const conflicting = facts.filter((f) => f.confidence === 'conflicting').length;
  const metrics = {
    figures: metric('published figures in the window', facts.length, 'count', 'published', (v) => fmtNum(v)),
    conflicting: metric('marked conflicting by their sources', conflicting, 'count', 'published', (v) =>
      fmtNum(v),
    ),
  };
  const groups = groupFacts(facts);
  const bearing = groups.filter((g) => g.hypotheses.length > 0);
  const summary =
    `${facts.length} published figures are dated ${lo}..${hi}, ${conflicting} of them in conflict with another ` +
    `source, grouped by topic with conflicts first; they are listed as published, side by side, never averaged. ` +
    `The ${bearing.reduce((a, g) => a + g.facts.length, 0)} that bear on a hypothesis are also shown in the section that confronts them with the data.`;
  return finding('facts', TITLE, summary, metrics, prov, [], { facts, groups });
}
