import { resolve } from 'node:path';
import type { Command } from 'commander';
import { loadPack } from '../../data/eventPack.js';
import { DB_OPTION_HELP, resolveDbPath } from '../dbPath.js';
import { type CliIo, printJson } from '../io.js';
import { importProgress, progressMode } from '../progress.js';
import { parseWait, WAIT_OPTION_HELP, withStoreWaiting } from '../storeAccess.js';
import { OVERWRITE_HELP, overwriteNote } from './import.js';

interface LoadFlags {
  wait?: string;
  json?: boolean;
  db?: string;
  progress?: boolean;
  overwrite?: boolean;
}

/** `crashscope pack load <dir>`: an event pack (manifest.json + CSV files) in one transaction. */
export function registerPack(program: Command, io: CliIo): void {
  const pack = program.command('pack').description('event packs: CSV files described by a manifest.json');
  pack
    .command('load')
    .description('load a pack directory: checks the manifest, SHA-256 and row counts; all files or none')
    .argument('<dir>', 'pack directory, e.g. data/events/2026-02-05')
    .option('--json', 'print JSON')
    .option('--progress', 'print progress lines on stderr even when it is not a terminal')
    .option('--overwrite', OVERWRITE_HELP)
    .option('--db <path>', DB_OPTION_HELP)
    .option('--wait <seconds>', WAIT_OPTION_HELP)
    .action(async (dir: string, flags: LoadFlags) => {
      const started = Date.now();
      const result = await withStoreWaiting(
        resolveDbPath(flags.db, io),
        {},
        parseWait(flags.wait),
        async (db) => {
          const progress = importProgress(io, db, progressMode(io, flags.progress));
          try {
            return await loadPack(db, resolve(io.cwd, dir), {
              ingestedAt: new Date().toISOString(),
              onPhase: progress.onPhase,
              overwrite: flags.overwrite ?? false,
            });
          } finally {
            progress.stop();
          }
        },
      );
      const seconds = (Date.now() - started) / 1000;
      if (flags.json) {
        printJson(io, { ...result, seconds });
        return;
      }
      for (const f of result.files) {
        io.stdout(
          `${f.model.padEnd(20)} ${String(f.rows).padStart(8)} rows  (${f.inserted} new, ${f.updated} updated, ${f.unchanged} unchanged${overwriteNote(f)})  ${f.file}\n`,
        );
      }
      io.stdout(`loaded pack ${result.event} (${result.files.length} files) in ${seconds.toFixed(1)} s\n`);
    });
}
