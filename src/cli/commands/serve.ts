import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { embeddedEvents, eventPackDir } from '../../app/eventPacks.js';
import { InvalidInputError } from '../../errors.js';
import { DEFAULT_HOST, isLoopback, type RunningServer, startServer } from '../../web/server.js';
import { eventPackStore, type StoreSource, userStore } from '../../web/storeSource.js';
import { DB_OPTION_HELP, resolveDbPath } from '../dbPath.js';
import type { CliIo } from '../io.js';

interface ServeFlags {
  event?: string;
  db?: string;
  host: string;
  port: string;
}

function parsePort(raw: string): number {
  const n = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || n > 65_535) {
    throw new InvalidInputError(
      'bad_flag',
      `--port: '${raw}' is not a port number 0–65535 (0 = any free port)`,
      {
        details: { flag: '--port', raw },
      },
    );
  }
  return n;
}

/**
 * Starts the server, prints its URL and resolves once it has stopped: on SIGINT/SIGTERM, or when `stop`
 * aborts (tests). `onStarted` receives the running server.
 */
export async function serveUntilStopped(
  source: StoreSource,
  options: { readonly host: string; readonly port: number },
  io: CliIo,
  control: { readonly stop?: AbortSignal; readonly onStarted?: (server: RunningServer) => void } = {},
): Promise<void> {
  let server: RunningServer;
  try {
    server = await startServer({
      source,
      host: options.host,
      port: options.port,
      onInternalError: (e) =>
        io.stderr(`crashscope: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}\n`),
    });
  } catch (error) {
    await source.close();
    const code = (error as { code?: string }).code;
    if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
      throw new InvalidInputError('bad_flag', `cannot listen on ${options.host}:${options.port} (${code})`, {
        cause: error,
        details: { host: options.host, port: options.port },
      });
    }
    throw error;
  }
  io.stdout(`crashscope dashboard on ${server.url}  (Ctrl-C to stop)\n`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      control.stop?.removeEventListener('abort', stop);
      server.close().then(resolve, resolve);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    if (control.stop?.aborted) stop();
    else control.stop?.addEventListener('abort', stop);
    control.onStarted?.(server);
  });
}

/** `crashscope serve`: the local web dashboard over the store (or an embedded event pack). */
export function registerServe(program: Command, io: CliIo): void {
  program
    .command('serve')
    .description(
      'local web dashboard: the event scorecard with drill-down to stored rows, the fragility map, the store with SQL and downloads',
    )
    .option(
      '--event <date>',
      `an embedded event pack, loaded into a private temporary store (${embeddedEvents().join(', ') || 'none'})`,
    )
    .option('--db <path>', DB_OPTION_HELP)
    .option(
      '--host <address>',
      'address to listen on (anything but loopback is reachable by the network)',
      DEFAULT_HOST,
    )
    .option('--port <n>', 'port (0 = any free port; the URL is printed)', '0')
    .action(async (f: ServeFlags) => {
      if (f.event !== undefined && f.db !== undefined) {
        throw new InvalidInputError(
          'bad_usage',
          'give --event <date> (embedded data) or --db <path>, not both',
          {
            details: {},
          },
        );
      }
      const port = parsePort(f.port);
      if (!isLoopback(f.host)) {
        io.stderr(
          `crashscope: warning: listening on ${f.host}, not loopback: anyone who can reach this machine can read the store through the dashboard (it has no login)\n`,
        );
      }
      let source: StoreSource;
      if (f.event !== undefined) {
        const packDir = eventPackDir(f.event);
        io.stderr(`crashscope: loading the ${f.event} event pack\n`);
        source = await eventPackStore(packDir, f.event, new Date().toISOString());
      } else {
        const path = resolveDbPath(f.db, io);
        if (!existsSync(path)) {
          throw new InvalidInputError(
            'store_missing',
            `no store at ${path} (import data or load a pack first, or use --event)`,
            {
              details: { path },
            },
          );
        }
        source = userStore(path);
      }
      await serveUntilStopped(source, { host: f.host, port }, io);
    });
}
