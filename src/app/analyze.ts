/*
 * The `analyze` use case, shared by the CLI and (later) the web server: validate the request once, open the
 * store (an embedded pack in memory, or the user's database), run the forensics pipeline, build the report
 * document. Writing files and printing stay with the caller.
 */
import { loadPack } from '../data/eventPack.js';
import { analyzeEvent } from '../forensics/analyzeEvent.js';
import type { Findings } from '../forensics/findings.js';
import { loadEventInputs } from '../forensics/inputs.js';
import { type ForensicsOptions, resolveOptions } from '../forensics/options.js';
import { buildReportDoc } from '../report/buildDoc.js';
import type { ReportDoc } from '../report/doc.js';
import { MEMORY, withStore } from '../store/store.js';
import { eventPackDir } from './eventPacks.js';

export type AnalyzeSource =
  /** An embedded event pack loaded into a fresh in-memory store (or into `db` when given). */
  | { readonly kind: 'event'; readonly event: string; readonly db?: string }
  /** The user's store, read only. */
  | { readonly kind: 'db'; readonly db: string };

export interface AnalyzeRequest {
  readonly source: AnalyzeSource;
  /** Options as given by the caller; validated here, once (resolveOptions). */
  readonly options: Partial<ForensicsOptions> & { readonly eventDate: string };
  /** The instant stamped on rows loaded from a pack (`ingested_at`). */
  readonly ingestedAt: string;
}

export interface AnalyzeResult {
  readonly options: ForensicsOptions;
  readonly findings: Findings;
  readonly doc: ReportDoc;
}

/**
 * Runs the forensics of one day. Throws InvalidInputError (exit 2) for a bad option or an unknown pack.
 * @example await analyze({ source: { kind: 'event', event: '2026-02-05' }, options: { eventDate: '2026-02-05' }, ingestedAt: new Date().toISOString() }, () => {})
 */
export async function analyze(req: AnalyzeRequest, progress: (step: string) => void): Promise<AnalyzeResult> {
  const packDir = req.source.kind === 'event' ? eventPackDir(req.source.event) : null;
  const options = resolveOptions(req.options);
  const dbPath = req.source.db ?? MEMORY;
  const findings = await withStore(dbPath, { readOnly: packDir === null }, async (db) => {
    if (packDir !== null) {
      progress(`loading the ${options.eventDate} event pack`);
      await loadPack(db, packDir, { ingestedAt: req.ingestedAt });
    }
    progress('reading the store');
    const inputs = await loadEventInputs(db, options);
    return analyzeEvent(inputs, options, progress);
  });
  return { options, findings, doc: buildReportDoc(findings) };
}
