import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseHypothesisFile } from '../../src/forensics/hypothesisFile.js';
import { toCsv } from './csv.js';
import type { PublishedFact } from './facts.js';
import { OBSERVED_SOURCES, parseObserved } from './observed.js';
import { buildPack, PACK_SEED, type PackFile } from './pack.js';

/*
 * Writes the embedded event pack: one CSV per table (part) and manifest.json. Deterministic: no clock,
 * no Math.random, no locale; the same seed and published-facts.json give the same bytes.
 *
 *   npx tsc -p tsconfig.json --outDir .bench-out --noEmit false --declaration false
 *   node .bench-out/scripts/eventPack/generate.js [outDir] [factsPath]
 *
 * outDir defaults to data/events/2026-02-05 and factsPath to data/events/2026-02-05/published-facts.json
 * (both relative to the working directory, the repository root). The event's hypotheses (H1–H7,
 * hypotheses.json in the pack directory, hand-written data like published-facts.json) are an input too:
 * validated against the hypothesis-file schema, listed with their SHA-256, copied to outDir when it is
 * another directory. The observed market data are read
 * from data/sources/observed/ (SOURCES.md there names publisher, repository and commit of each file).
 */

export const DEFAULT_PACK_DIR = 'data/events/2026-02-05';
export const FACTS_FILE = 'published-facts.json';
export const HYPOTHESES_FILE = 'hypotheses.json';
export const DEFAULT_OBSERVED_DIR = 'data/sources/observed';

export interface GenerateOptions {
  readonly outDir: string;
  /** published-facts.json to load (default: the committed copy in the pack directory). */
  readonly factsPath?: string;
  /** The event's hypothesis file (default: the committed copy in the pack directory). */
  readonly hypothesesPath?: string;
  /** Directory of the observed files (default data/sources/observed). */
  readonly observedDir?: string;
  readonly seed?: number;
}

/** An observed source file as the manifest lists it. */
export interface ManifestObservedSource {
  readonly path: string;
  readonly publisher: string;
  readonly source: string;
  readonly repository: string;
  readonly commit: string;
  readonly repository_path: string;
  readonly rows: number;
  readonly sha256: string;
  readonly description: string;
}

export interface ManifestFile {
  readonly path: string;
  readonly model: string;
  readonly rows: number;
  readonly sha256: string;
  readonly columns: readonly { name: string; unit?: string }[];
  readonly quality: readonly string[];
  readonly sources: readonly string[];
  readonly method: string;
  readonly anchors: PackFile['anchors'];
}

export interface Manifest {
  readonly schema: 1;
  readonly event: '2026-02-05';
  readonly generator: 'scripts/eventPack/generate.ts';
  readonly seed: number;
  readonly files: readonly ManifestFile[];
  readonly inputs: readonly { path: string; sha256: string; description: string }[];
  /** Observed market data the pack is built on (data/sources/observed/). */
  readonly observed_sources: readonly ManifestObservedSource[];
  readonly skipped_facts: readonly { date: string; metric: string; reason: string }[];
  readonly calendar: {
    readonly nyse_holidays: readonly string[];
    readonly nyse_early_closes: readonly string[];
  };
}

const sha256 = (text: string | Buffer): string => createHash('sha256').update(text).digest('hex');

/**
 * Generates the pack into `outDir` and returns its manifest.
 * @example await generatePack({ outDir: '/tmp/pack' }) // writes 16 CSV files and manifest.json
 */
export async function generatePack(options: GenerateOptions): Promise<Manifest> {
  const factsPath = options.factsPath ?? join(DEFAULT_PACK_DIR, FACTS_FILE);
  const factsText = await readFile(factsPath);
  const facts = JSON.parse(factsText.toString('utf8')) as PublishedFact[];
  const hypothesesPath = options.hypothesesPath ?? join(DEFAULT_PACK_DIR, HYPOTHESES_FILE);
  const hypothesesText = await readFile(hypothesesPath);
  // Refuses a file the analysis would refuse (InvalidInputError naming the JSON path).
  parseHypothesisFile(hypothesesText.toString('utf8'), hypothesesPath, 'event pack 2026-02-05');
  const observedDir = options.observedDir ?? DEFAULT_OBSERVED_DIR;
  const observedTexts: Record<string, string> = {};
  const observedSources: ManifestObservedSource[] = [];
  for (const src of OBSERVED_SOURCES) {
    const bytes = await readFile(join(observedDir, src.file));
    const text = bytes.toString('utf8');
    observedTexts[src.file] = text;
    observedSources.push({
      path: `data/sources/observed/${src.file}`,
      publisher: src.publisher,
      source: src.source,
      repository: src.repository,
      commit: src.commit,
      repository_path: src.path,
      rows: text.split('\n').filter((l) => l.length > 0).length - 1,
      sha256: sha256(bytes),
      description: src.description,
    });
  }
  const pack = buildPack(options.seed ?? PACK_SEED, facts, parseObserved(observedTexts));
  await mkdir(options.outDir, { recursive: true });
  if (resolve(hypothesesPath) !== resolve(options.outDir, HYPOTHESES_FILE)) {
    await writeFile(join(options.outDir, HYPOTHESES_FILE), hypothesesText);
  }
  const files: ManifestFile[] = [];
  for (const f of pack.files) {
    const text = toCsv(f.table, f.path);
    await writeFile(join(options.outDir, f.path), text, 'utf8');
    const qi = f.table.columns.indexOf('quality');
    const si = f.table.columns.indexOf('source');
    const quality = [...new Set(f.table.rows.map((r) => String(r[qi])))].sort();
    const sources = [
      ...new Set(
        f.table.rows.map((r) => String(r[si])).filter((s) => s !== 'crashscope-event-pack-generator'),
      ),
    ].sort();
    files.push({
      path: f.path,
      model: f.model,
      rows: f.table.rows.length,
      sha256: sha256(text),
      columns: f.table.columns.map((name) => (f.units[name] ? { name, unit: f.units[name] } : { name })),
      quality,
      sources,
      method: f.method,
      anchors: f.anchors,
    });
  }
  const manifest: Manifest = {
    schema: 1,
    event: '2026-02-05',
    generator: 'scripts/eventPack/generate.ts',
    seed: pack.seed,
    files,
    inputs: [
      {
        path: FACTS_FILE,
        sha256: sha256(factsText),
        description: 'copy of shared/data/2026-02-05/published-facts.json that the generator reads',
      },
      {
        path: HYPOTHESES_FILE,
        sha256: sha256(hypothesesText),
        description:
          'the claims H1–H7 of the widely read analysis of the day as a hypothesis file (crashscope.hypotheses/1, docs/HYPOTHESES.md); analyze --event 2026-02-05 scores them',
      },
    ],
    observed_sources: observedSources,
    skipped_facts: pack.skippedFacts,
    calendar: { nyse_holidays: pack.calendar.holidays, nyse_early_closes: pack.calendar.earlyCloses },
  };
  await writeFile(join(options.outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
  return manifest;
}

async function main(argv: readonly string[]): Promise<void> {
  const outDir = resolve(argv[0] ?? DEFAULT_PACK_DIR);
  const factsPath = argv[1] ? resolve(argv[1]) : resolve(DEFAULT_PACK_DIR, FACTS_FILE);
  const manifest = await generatePack({ outDir, factsPath });
  const rows = manifest.files.reduce((a, f) => a + f.rows, 0);
  process.stderr.write(`event pack: ${manifest.files.length} files, ${rows} rows -> ${outDir}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`event pack: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
