import type { Command } from 'commander';
import { QUALITIES } from '../../data/models/defineModel.js';
import { dbInfo } from '../../store/info.js';
import { DB_OPTION_HELP, resolveDbPath } from '../dbPath.js';
import { type CliIo, printJson } from '../io.js';
import { parseWait, WAIT_OPTION_HELP, withStoreWaiting } from '../storeAccess.js';
import { formatTable } from '../table.js';

interface InfoFlags {
  wait?: string;
  json?: boolean;
  db?: string;
}

/** `crashscope db info`: tables, row counts, time ranges, quality mix and schema version. */
export function registerDb(program: Command, io: CliIo): void {
  const db = program.command('db').description('inspect the store');
  db.command('info')
    .description('tables with row counts, time ranges, quality mix, sources and schema version')
    .option('--json', 'print JSON')
    .option('--db <path>', DB_OPTION_HELP)
    .option('--wait <seconds>', WAIT_OPTION_HELP)
    .action(async (flags: InfoFlags) => {
      const info = await withStoreWaiting(
        resolveDbPath(flags.db, io),
        { readOnly: true },
        parseWait(flags.wait),
        dbInfo,
      );
      if (flags.json) {
        printJson(io, info);
        return;
      }
      io.stdout(`store ${info.path} (schema version ${info.schemaVersion})\n\n`);
      const columns = ['table', 'rows', 'from', 'to', ...QUALITIES, 'sources'].map((name) => ({
        name,
        type: '',
      }));
      const rows = info.tables.map((t) => ({
        table: t.table,
        rows: t.rows,
        from: t.from,
        to: t.to,
        ...t.quality,
        sources: t.sources,
      }));
      io.stdout(formatTable(columns, rows));
    });
}
