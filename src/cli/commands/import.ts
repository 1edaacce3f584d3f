import { resolve } from 'node:path';
import type { Command } from 'commander';
import { QUALITIES, type Quality } from '../../core/quality.js';
import {
  checkDayStamp,
  checkTimeZone,
  detectFormat,
  importFile,
  resolveModel,
} from '../../data/import/importFile.js';
import { modelNames } from '../../data/models/index.js';
import { InvalidInputError } from '../../errors.js';
import { dayStampWarnings } from '../../store/dayStampWarnings.js';
import type { UpsertCounts } from '../../store/upsert.js';
import { DB_OPTION_HELP, resolveDbPath } from '../dbPath.js';
import { type CliIo, printJson } from '../io.js';
import { importProgress, progressMode } from '../progress.js';
import { parseWait, WAIT_OPTION_HELP, withStoreWaiting } from '../storeAccess.js';

interface ImportFlags {
  wait?: string;
  model: string;
  source?: string;
  quality?: string;
  db?: string;
  progress?: boolean;
  json?: boolean;
  overwrite?: boolean;
  tz?: string;
  dayStamp?: string;
}

/** Help text of --overwrite (import and pack load). */
export const OVERWRITE_HELP =
  'replace stored rows whose values differ (default: refuse such a conflict, write nothing, show the first keys)';

/**
 * What an overwrite changed, for the summary line ('' when nothing was replaced).
 * @example overwriteNote({ updated: 1, changedValues: 1, largestChange: { column: 'close', key: { date: '2026-02-05' }, old: 35.2, new: 3520, relative: 99 } }) // '; 1 value changed, largest relative change 9900% (close 35.2 -> 3520 at date=2026-02-05)'
 */
export function overwriteNote(r: UpsertCounts): string {
  if (r.updated === 0) return '';
  const n = r.changedValues ?? 0;
  const c = r.largestChange;
  const largest = c
    ? `, largest relative change ${Number.isFinite(c.relative) ? `${+(c.relative * 100).toPrecision(4)}%` : 'from 0'} (${c.column} ${c.old} -> ${c.new} at ${Object.entries(
        c.key,
      )
        .map(([k, v]) => `${k}=${v}`)
        .join(', ')})`
    : '';
  return `; ${n} value${n === 1 ? '' : 's'} changed${largest}`;
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
    .option(
      '--tz <zone>',
      'IANA zone of timestamps without one (e.g. America/New_York, UTC): read as wall-clock time there, stored as UTC (default: such timestamps are refused)',
    )
    .option(
      '--day-stamp <convention>',
      "restamp '1d' bars whose ts is a date or a midnight: utc-open (00:00Z, UTC-day bars of crypto venues) | session-close (16:00 America/New_York, exchange-session bars)",
    )
    .option('--overwrite', OVERWRITE_HELP)
    .option('--db <path>', DB_OPTION_HELP)
    .option('--wait <seconds>', WAIT_OPTION_HELP)
    .option('--progress', 'print progress lines on stderr even when it is not a terminal')
    .option('--json', 'print JSON')
    .action(async (file: string, flags: ImportFlags) => {
      const path = resolve(io.cwd, file);
      // Everything that can be checked without the store is checked before it is opened (or created).
      resolveModel(flags.model);
      detectFormat(path, file);
      const quality = parseQuality(flags.quality);
      if (flags.tz !== undefined) checkTimeZone(flags.tz);
      const dayStamp = flags.dayStamp === undefined ? undefined : checkDayStamp(flags.dayStamp, flags.model);
      const dbPath = resolveDbPath(flags.db, io);
      const started = Date.now();
      const result = await withStoreWaiting(dbPath, {}, parseWait(flags.wait), async (db) => {
        const progress = importProgress(io, db, progressMode(io, flags.progress));
        try {
          const imported = await importFile(
            db,
            {
              path,
              file,
              model: flags.model,
              ...(flags.source === undefined ? {} : { source: flags.source }),
              ...(quality === undefined ? {} : { quality }),
              ...(flags.tz === undefined ? {} : { tz: flags.tz }),
              ...(dayStamp === undefined ? {} : { dayStamp }),
            },
            {
              ingestedAt: new Date().toISOString(),
              onPhase: progress.onPhase,
              overwrite: flags.overwrite ?? false,
            },
          );
          // Daily bars whose stamps look like another convention (checked against the whole store).
          const warnings = imported.model === 'bars' ? await dayStampWarnings(db) : [];
          return { ...imported, warnings: warnings.map((w) => w.message) };
        } finally {
          progress.stop();
        }
      });
      for (const w of result.warnings) io.stderr(`crashscope: warning: ${w}\n`);
      const seconds = (Date.now() - started) / 1000;
      if (flags.json) {
        printJson(io, { ...result, db: dbPath, seconds });
        return;
      }
      io.stdout(
        `imported ${file} into ${result.model}: ${result.rows} rows (${result.inserted} new, ${result.updated} updated, ${result.unchanged} unchanged${overwriteNote(result)}) in ${seconds.toFixed(1)} s\n`,
      );
    });
}
