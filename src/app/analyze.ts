/*
 * The `analyze` use case, shared by the CLI and (later) the web server: validate the request once, open the
 * store (an embedded pack in memory, or the user's database), run the forensics pipeline, build the report
 * document. Writing files and printing stay with the caller.
 */
import { existsSync } from 'node:fs';
import { loadPack } from '../data/eventPack.js';
import { InvalidInputError } from '../errors.js';
import { analyzeEvent } from '../forensics/analyzeEvent.js';
import type { Findings } from '../forensics/findings.js';
import { loadEventInputs } from '../forensics/inputs.js';
import { type ForensicsOptions, resolveOptions } from '../forensics/options.js';
import { buildReportDoc } from '../report/buildDoc.js';
import type { ReportDoc } from '../report/doc.js';
import { dayStampWarnings } from '../store/dayStampWarnings.js';
import type { Db } from '../store/db.js';
import { MEMORY, type OpenStoreOptions, withStore } from '../store/store.js';
import { embeddedEvents, eventPackDir } from './eventPacks.js';
import { resolveHypotheses } from './hypothesisFiles.js';

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
  /**
   * A hypothesis file to score instead of the default (the event pack's own file for an embedded event,
   * else the general channel set). `name` is how errors and findings.json name it (the path as typed).
   */
  readonly hypothesesFile?: { readonly path: string; readonly name: string };
  /**
   * Refuse cross-asset symbols the store has no daily bars for (when the caller named them; the
   * defaults may be absent from a user's store).
   */
  readonly checkCrossAssets?: boolean;
  /** How the store is opened (the CLI waits for a store another process holds); default `withStore`. */
  readonly withStore?: <T>(path: string, options: OpenStoreOptions, fn: (db: Db) => Promise<T>) => Promise<T>;
}

export interface AnalyzeResult {
  readonly options: ForensicsOptions;
  readonly findings: Findings;
  readonly doc: ReportDoc;
  /** Daily series of the store that look mis-stamped (store/dayStampWarnings.ts), one sentence each. */
  readonly warnings: readonly string[];
}

/**
 * Runs the forensics of one day. Throws InvalidInputError (exit 2) for a bad option, an unknown pack or a
 * bad hypothesis file.
 * @example await analyze({ source: { kind: 'event', event: '2026-02-05' }, options: { eventDate: '2026-02-05' }, ingestedAt: new Date().toISOString() }, () => {})
 */
export async function analyze(req: AnalyzeRequest, progress: (step: string) => void): Promise<AnalyzeResult> {
  const packDir = req.source.kind === 'event' ? eventPackDir(req.source.event) : null;
  const options = resolveOptions(req.options);
  // Validated before the store is touched: a bad file is refused with nothing read or written.
  const eventDir =
    packDir ?? (embeddedEvents().includes(options.eventDate) ? eventPackDir(options.eventDate) : null);
  const hypotheses = resolveHypotheses(req.hypothesesFile, eventDir, options.eventDate);
  const dbPath = req.source.db ?? MEMORY;
  if (packDir === null && dbPath !== MEMORY && !existsSync(dbPath)) {
    // A store path that does not exist is bad input (exit 2), like any other wrong argument.
    throw new InvalidInputError(
      'store_missing',
      `no store at ${dbPath} (--db or CRASHSCOPE_DB): import data or load a pack into it first, or use --event <date>`,
      { details: { path: dbPath } },
    );
  }
  const open = req.withStore ?? withStore;
  const run = await open(dbPath, { readOnly: packDir === null }, async (db) => {
    if (packDir !== null) {
      progress(`loading the ${options.eventDate} event pack`);
      await loadPack(db, packDir, { ingestedAt: req.ingestedAt });
    }
    if (req.checkCrossAssets) await checkCrossAssets(db, options.crossAssets);
    progress('reading the store');
    const inputs = await loadEventInputs(db, options);
    const stamps = await dayStampWarnings(db);
    return { findings: analyzeEvent(inputs, options, hypotheses, progress), stamps };
  });
  const warnings = run.stamps.map((w) => w.message);
  // The warnings travel with the findings and the report, not only to stderr.
  const findings: Findings = { ...run.findings, dataWarnings: warnings };
  return { options, findings, doc: buildReportDoc(findings), warnings };
}

/**
 * Refuses cross-asset symbols the store has no daily bars for, naming the symbols it has: a dropped
 * symbol would silently drop a rule and move a confidence.
 */
async function checkCrossAssets(db: Db, symbols: readonly string[]): Promise<void> {
  const rows = await db.all(`SELECT DISTINCT symbol FROM bars WHERE "interval" = '1d' ORDER BY symbol`);
  const have = rows.map((r) => String(r.symbol));
  const unknown = symbols.filter((s) => !have.includes(s));
  if (unknown.length > 0) {
    throw new InvalidInputError(
      'unknown_symbol',
      `--cross-assets: ${unknown.join(', ')} ${unknown.length === 1 ? 'has' : 'have'} no daily bars in the store (symbols with daily bars: ${have.join(', ') || 'none'})`,
      { details: { flag: '--cross-assets', unknown, available: have } },
    );
  }
}
