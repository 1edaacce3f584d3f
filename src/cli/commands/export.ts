import { resolve } from 'node:path';
import type { Command } from 'commander';
import { exportTable } from '../../store/exportTable.js';
import { DB_OPTION_HELP, resolveDbPath } from '../dbPath.js';
import { type CliIo, printJson } from '../io.js';
import { parseWait, WAIT_OPTION_HELP, withStoreWaiting } from '../storeAccess.js';

interface ExportFlags {
  wait?: string;
  json?: boolean;
  db?: string;
}

/** `crashscope export <table> <file.csv|file.parquet>`: a table in the layout import reads back. */
export function registerExport(program: Command, io: CliIo): void {
  program
    .command('export')
    .description('write a table to .csv or .parquet (re-importable: model columns, source, quality)')
    .argument('<table>', 'table (model) name')
    .argument('<file>', 'output file, .csv or .parquet')
    .option('--json', 'print JSON')
    .option('--db <path>', DB_OPTION_HELP)
    .option('--wait <seconds>', WAIT_OPTION_HELP)
    .action(async (table: string, file: string, flags: ExportFlags) => {
      const out = resolve(io.cwd, file);
      const result = await withStoreWaiting(
        resolveDbPath(flags.db, io),
        { readOnly: true },
        parseWait(flags.wait),
        (db) => exportTable(db, table, out),
      );
      if (flags.json) printJson(io, result);
      else io.stdout(`exported ${result.rows} rows of ${result.table} to ${file}\n`);
    });
}
