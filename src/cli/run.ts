import { Command, CommanderError } from 'commander';
import { CrashscopeError, exitCodeFor, oneLine } from '../errors.js';
import { VERSION } from '../version.js';
import { registerAnalyze } from './commands/analyze.js';
import { registerDb } from './commands/db.js';
import { registerExport } from './commands/export.js';
import { registerFragility } from './commands/fragility.js';
import { registerImport } from './commands/import.js';
import { registerIngest } from './commands/ingest.js';
import { registerPack } from './commands/pack.js';
import { registerPrice } from './commands/price.js';
import { registerProviders } from './commands/providers.js';
import { registerServe } from './commands/serve.js';
import { registerSimulate } from './commands/simulate.js';
import { registerSql } from './commands/sql.js';
import type { CliIo } from './io.js';

/** Builds the command tree. Each command lives in commands/<name>.ts and registers itself here. */
export function buildProgram(io: CliIo): Command {
  const program = new Command();
  program
    .name('crashscope')
    .description('Explain and stress-test Bitcoin crashes across ETFs, options, futures, notes and perps.')
    .version(VERSION)
    .option('--debug', 'print stack traces of errors')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout(s),
      writeErr: (s) => io.stderr(s),
      outputError: (s, write) => write(s.startsWith('error:') ? `crashscope: ${s.slice(7)}` : s),
    });
  registerAnalyze(program, io);
  registerPrice(program, io);
  registerImport(program, io);
  registerSql(program, io);
  registerDb(program, io);
  registerExport(program, io);
  registerPack(program, io);
  registerIngest(program, io);
  registerProviders(program, io);
  registerFragility(program, io);
  registerSimulate(program, io);
  registerServe(program, io);
  return program;
}

/**
 * Runs the CLI and returns the exit status: 0 ok, 1 runtime failure, 2 bad usage or input.
 * Errors print as one line on stderr; the stack only with --debug.
 */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const program = buildProgram(io);
  const debug = argv.includes('--debug');
  try {
    await program.parseAsync(argv as string[], { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // help and version exit through here with code 0; usage errors already printed their line.
      return error.exitCode === 0 ? 0 : 2;
    }
    io.stderr(`${oneLine(error)}\n`);
    if (debug && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
    if (debug && error instanceof CrashscopeError && Object.keys(error.details).length > 0) {
      io.stderr(`details: ${JSON.stringify(error.details)}\n`);
    }
    return exitCodeFor(error);
  }
}
