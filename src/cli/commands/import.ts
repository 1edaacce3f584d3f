import { resolve } from 'node:path';
import type { Command } from 'commander';
import { QUALITIES, type Quality } from '../../core/quality.js';
import { detectFormat, importFile, resolveModel } from '../../data/import/importFile.js';
import { modelNames } from '../../data/models/index.js';
import { InvalidInputError } from '../../errors.js';
import { withStore } from '../../store/store.js';
import { DB_OPTION_HELP, resolveDbPath } from '../dbPath.js';
import { type CliIo, printJson } from '../io.js';
import { importProgress, progressMode } from '../progress.js';

interface ImportFlags {
  model: string;
  source?: string;
  quality?: string;
  db?: string;
  progress?: boolean;
  json?: boolean;
}

/**
 * Parses --quality, naming the flag and the value when it is not one of the three.
 * @example parseQuality('published') // 'published'
 */
export function parseQuality(raw: string | undefined): Quality | undefined {
  if (raw === undefined) return undefined;
  if ((QUALITIES as readonly string[]).includes(raw)) return raw as Quality;
  throw new InvalidInputError('bad_flag', `--quality: '${raw}' is not one of ${QUALITIES.join(', ')}`, {
    details: { flag: '--quality', raw },
  });
}

/** `crashscope import <file> --model <name>`: validated, atomic, replace-on-key import. */
export function registerImport(program: Command, io: CliIo): void {
  program
    .command('import')
    .description(
      'import a CSV, Parquet or JSON file into a model table (atomic; rows replace on natural key)',
    )
    .argument('<file>', 'file to import: .csv, .parquet, .json (array or JSON lines), .jsonl, .ndjson')
    .requiredOption('--model <name>', `model (table) to import into: ${modelNames.join(', ')}`)
    .option(
      '--source <label>',
      'provenance for rows without a source column or cell (default: the file name)',
    )
    .option(
      '--quality <quality>',
      `quality for rows without one: ${QUALITIES.join(' | ')} (default: observed)`,
    )
    .option('--db <path>', DB_OPTION_HELP)
    .option('--progress', 'print progress lines on stderr even when it is not a terminal')
    .option('--json', 'print JSON')
    .action(async (file: string, flags: ImportFlags) => {
      const path = resolve(io.cwd, file);
      // Everything that can be checked without the store is checked before it is opened (or created).
      resolveModel(flags.model);
      detectFormat(path, file);
      const quality = parseQuality(flags.quality);
      const dbPath = resolveDbPath(flags.db, io);
      const started = Date.now();
      const result = await withStore(dbPath, {}, async (db) => {
        const progress = importProgress(io, db, progressMode(io, flags.progress));
        try {
          return await importFile(
            db,
            {
              path,
              file,
              model: flags.model,
              ...(flags.source === undefined ? {} : { source: flags.source }),
              ...(quality === undefined ? {} : { quality }),
            },
            { ingestedAt: new Date().toISOString(), onPhase: progress.onPhase },
          );
        } finally {
          progress.stop();
        }
      });
      const seconds = (Date.now() - started) / 1000;
      if (flags.json) {
        printJson(io, { ...result, db: dbPath, seconds });
        return;
      }
      io.stdout(
        `imported ${file} into ${result.model}: ${result.rows} rows (${result.inserted} new, ${result.updated} updated, ${result.unchanged} unchanged) in ${seconds.toFixed(1)} s\n`,
      );
    });
}
