/**
 * The forensics of an event day, computed once per date and kept: the scorecard, findings and report
 * document the Event page and /api/event/:date show. It is the `analyze` use case of `crashscope analyze`
 * (src/app/analyze.ts) on the dashboard's store, so the CLI, the report and the dashboard agree.
 */
import { analyze } from '../app/analyze.js';
import type { Findings } from '../forensics/findings.js';
import type { ReportDoc } from '../report/doc.js';
import type { StoreSource } from './storeSource.js';

export interface EventAnalysis {
  readonly findings: Findings;
  readonly doc: ReportDoc;
}

/** Analyses kept at once (a dashboard looks at a handful of days). */
const KEEP = 8;

export interface EventAnalyses {
  /** The analysis of `date` with the default options; concurrent calls share one run. */
  get(date: string): Promise<EventAnalysis>;
}

export function eventAnalyses(source: StoreSource): EventAnalyses {
  const runs = new Map<string, Promise<EventAnalysis>>();
  return {
    get(date: string): Promise<EventAnalysis> {
      const kept = runs.get(date);
      if (kept !== undefined) return kept;
      const run = analyze(
        {
          source: { kind: 'db', db: source.path },
          options: { eventDate: date },
          ingestedAt: new Date().toISOString(),
        },
        () => {},
      ).then(({ findings, doc }) => ({ findings, doc }));
      // A failed run is not kept: the next request tries again (the store may have changed).
      run.catch(() => runs.delete(date));
      runs.set(date, run);
      if (runs.size > KEEP) runs.delete(runs.keys().next().value as string);
      return run;
    },
  };
}
