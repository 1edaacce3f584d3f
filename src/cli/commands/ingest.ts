import { dirname, join, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { Command } from 'commander';
import { DEFAULT_MAX_BODY_BYTES, type Transport } from '../../data/providers/http.js';
import {
  findProvider,
  type IngestEvent,
  type IngestSummary,
  ingest,
  planIngest,
} from '../../data/providers/ingest.js';
import { providers } from '../../data/providers/registry.js';
import { InvalidInputError } from '../../errors.js';
import { DB_OPTION_HELP, resolveDbPath } from '../dbPath.js';
import { parseNumberFlag } from '../flags.js';
import { type CliIo, printJson } from '../io.js';
import { progressMode } from '../progress.js';
import { parseWait, WAIT_OPTION_HELP, withStoreWaiting } from '../storeAccess.js';

interface IngestFlags {
  maxBodyMb?: string;
  wait?: string;
  symbol?: string;
  interval?: string;
  from?: string;
  to?: string;
  param: string[];
  db?: string;
  archive?: string;
  baseUrl?: string;
  offline?: boolean;
  retries?: string;
  timeout?: string;
  progress?: boolean;
  json?: boolean;
}

export const ARCHIVE_DIR = 'archive';

/** The `--archive <dir>` option text. */
export const ARCHIVE_OPTION_HELP =
  'raw-response archive (default: $CRASHSCOPE_ARCHIVE, else $XDG_DATA_HOME/crashscope/archive)';

/**
 * Where raw responses are archived, resolved like the store (shared/STYLE.md item 11): `--archive`, then
 * CRASHSCOPE_ARCHIVE, then `archive/` in the default data directory (next to the default store, whatever
 * `--db` says, so that every store shares one archive).
 * @example resolveArchiveDir(undefined, { env: { XDG_DATA_HOME: '/x' }, cwd: '/' }) // '/x/crashscope/archive'
 */
export function resolveArchiveDir(flag: string | undefined, io: Pick<CliIo, 'env' | 'cwd'>): string {
  const chosen = flag ?? (io.env.CRASHSCOPE_ARCHIVE || undefined);
  if (chosen !== undefined) return resolve(io.cwd, chosen);
  const defaultStore = resolveDbPath(undefined, {
    env: { ...io.env, CRASHSCOPE_DB: undefined },
    cwd: io.cwd,
  });
  return join(dirname(defaultStore), ARCHIVE_DIR);
}

/**
 * Parses repeated `--param key=value` flags.
 * @example parseParams(['pages=3']) // { pages: '3' }
 */
export function parseParams(raw: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of raw) {
    const eq = p.indexOf('=');
    if (eq <= 0) {
      throw new InvalidInputError('bad_flag', `--param: '${p}' is not key=value`, {
        details: { flag: '--param', raw: p },
      });
    }
    out[p.slice(0, eq)] = p.slice(eq + 1);
  }
  return out;
}

/** The real clock, sleep, randomness and fetch: only the CLI reads them (shared/DESIGN.md section 2). */
export function systemTransport(): Transport {
  return {
    fetch: (url, init) => fetch(url, init),
    now: () => Date.now(),
    sleep: async (ms, signal) => {
      await delay(ms, undefined, signal === undefined ? {} : { signal });
    },
    random: () => Math.random(),
  };
}

function progressLine(e: IngestEvent): string | undefined {
  switch (e.kind) {
    case 'plan':
      return `ingest ${e.provider} ${e.dataset}: ${e.chunks} chunk${e.chunks === 1 ? '' : 's'}${e.offline ? ' from the archive' : ''}`;
    case 'chunk':
      return `chunk ${e.index}/${e.total}: ${e.rows} rows (${e.inserted} new, ${e.updated} updated, ${e.unchanged} unchanged)${e.skipped > 0 ? `, ${e.skipped} skipped` : ''}${e.gaps > 0 ? `, ${e.gaps} gaps` : ''}`;
    case 'retry':
      return `retry ${e.attempt} of ${e.url} in ${(e.waitMs / 1000).toFixed(1)} s (${e.reason})`;
    case 'note':
      return e.message;
    default:
      return undefined;
  }
}

const MAX_GAPS_SHOWN = 10;

function summaryText(s: IngestSummary, seconds: number): string {
  const lines = [
    `ingested ${s.provider} ${s.dataset}${s.offline ? ' from the archive' : ''}: ${s.rows} rows (${s.inserted} new, ${s.updated} updated, ${s.unchanged} unchanged) in ${s.chunks.length} chunk${s.chunks.length === 1 ? '' : 's'}, ${s.requests} request${s.requests === 1 ? '' : 's'}, ${seconds.toFixed(1)} s`,
  ];
  if (s.skipped.length > 0) {
    lines.push(`skipped: ${s.skipped.map((k) => `${k.count} ${k.reason}`).join(', ')}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The gaps line, written on stderr whatever the flags ('' when there are none). */
function gapsText(s: IngestSummary): string {
  if (s.gaps.length === 0) return '';
  const missing = s.gaps.reduce((n, g) => n + g.missing, 0);
  const shown = s.gaps.slice(0, MAX_GAPS_SHOWN).map((g) => `${g.from}..${g.to} (${g.missing})`);
  const more =
    s.gaps.length > MAX_GAPS_SHOWN ? `, and ${s.gaps.length - MAX_GAPS_SHOWN} more (--json lists all)` : '';
  return `gaps, not filled: ${s.gaps.length} (${missing} missing): ${shown.join(', ')}${more}\n`;
}

/** Refusals, missing files and fallbacks shown one line each on stderr; the rest are counted. */
const MAX_NOTICES_SHOWN = 5;

/**
 * `crashscope ingest <provider> <dataset>`: fetch a dataset from a live provider into the store, chunk by
 * chunk (each chunk one transaction; re-running the same command resumes), archiving every raw response.
 */
export function registerIngest(program: Command, io: CliIo): void {
  program
    .command('ingest')
    .description(
      'fetch a dataset from a live provider into the store (validated; each chunk atomic; re-run to resume)',
    )
    .argument(
      '<provider>',
      `data provider: ${providers.map((p) => p.name).join(', ')} (see: crashscope providers)`,
    )
    .argument('<dataset>', 'dataset of the provider, named after the model it fills, e.g. bars')
    .option('--symbol <symbol>', "instrument, in the provider's notation (e.g. BTC-USD, IBIT)")
    .option('--interval <interval>', 'bar interval: 1m | 1h | 1d')
    .option('--from <date>', 'first day, YYYY-MM-DD')
    .option('--to <date>', 'last day, YYYY-MM-DD, inclusive')
    .option(
      '--param <key=value>',
      'dataset-specific parameter (repeatable)',
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .option('--db <path>', DB_OPTION_HELP)
    .option('--wait <seconds>', WAIT_OPTION_HELP)
    .option('--archive <dir>', ARCHIVE_OPTION_HELP)
    .option('--base-url <url>', "replace the provider's scheme and host (mirror, proxy, tests)")
    .option('--offline', 'replay from the archive (same flags, explicit --from/--to); no network')
    .option('--retries <n>', 'retries per request on 429, 5xx, timeouts and network errors (default 3)')
    .option('--timeout <seconds>', 'per-request timeout (default 30)')
    .option(
      '--max-body-mb <MiB>',
      `largest response body accepted, enforced while it downloads (default ${DEFAULT_MAX_BODY_BYTES / 1024 / 1024})`,
    )
    .option('--progress', 'print progress lines on stderr even when it is not a terminal')
    .option('--json', 'print JSON')
    .action(async (providerName: string, datasetName: string, flags: IngestFlags) => {
      const provider = findProvider(providerName);
      const credentials: Record<string, string> = {};
      for (const c of provider.credentials) {
        const value = io.env[c.env];
        if (value !== undefined && value !== '') credentials[c.env] = value;
      }
      const retries = flags.retries === undefined ? undefined : parseNumberFlag('--retries', flags.retries);
      if (retries !== undefined && !(Number.isInteger(retries) && retries >= 0 && retries <= 10)) {
        throw new InvalidInputError(
          'bad_flag',
          `--retries: '${flags.retries}' is not an integer from 0 to 10`,
          {
            details: { flag: '--retries', raw: flags.retries },
          },
        );
      }
      const timeout = flags.timeout === undefined ? undefined : parseNumberFlag('--timeout', flags.timeout);
      if (timeout !== undefined && !(timeout > 0)) {
        throw new InvalidInputError(
          'bad_flag',
          `--timeout: '${flags.timeout}' is not a positive number of seconds`,
          {
            details: { flag: '--timeout', raw: flags.timeout },
          },
        );
      }
      const maxBodyMb =
        flags.maxBodyMb === undefined ? undefined : parseNumberFlag('--max-body-mb', flags.maxBodyMb);
      if (maxBodyMb !== undefined && !(maxBodyMb > 0)) {
        throw new InvalidInputError(
          'bad_flag',
          `--max-body-mb: '${flags.maxBodyMb}' is not a positive number`,
          {
            details: { flag: '--max-body-mb', raw: flags.maxBodyMb },
          },
        );
      }
      const now = new Date().toISOString();
      // Everything that can be checked without the store is checked before it is opened (or created).
      const plan = planIngest({
        provider: providerName,
        dataset: datasetName,
        input: {
          ...(flags.symbol === undefined ? {} : { symbol: flags.symbol }),
          ...(flags.interval === undefined ? {} : { interval: flags.interval }),
          ...(flags.from === undefined ? {} : { from: flags.from }),
          ...(flags.to === undefined ? {} : { to: flags.to }),
          ...(flags.param.length === 0 ? {} : { params: parseParams(flags.param) }),
          now,
        },
        ...(flags.baseUrl === undefined ? {} : { baseUrl: flags.baseUrl }),
        credentials,
      });
      const dbPath = resolveDbPath(flags.db, io);
      const wait = parseWait(flags.wait);
      const archiveDir = resolveArchiveDir(flags.archive, io);
      const mode = progressMode(io, flags.progress);
      const controller = new AbortController();
      const onSigint = (): void => {
        io.stderr('interrupted: stopping after the current request (chunks already written stay)\n');
        controller.abort();
      };
      process.once('SIGINT', onSigint);
      const started = Date.now();
      let summary: IngestSummary;
      let notices = 0;
      try {
        // The store is opened for each chunk's write only, never through a network wait.
        summary = await ingest((fn) => withStoreWaiting(dbPath, {}, wait, fn), plan, {
          ingestedAt: now,
          transport: systemTransport(),
          archiveDir,
          offline: flags.offline ?? false,
          policy: {
            ...(retries === undefined ? {} : { maxAttempts: retries + 1 }),
            ...(timeout === undefined ? {} : { timeoutMs: timeout * 1000 }),
            ...(maxBodyMb === undefined ? {} : { maxBodyBytes: Math.round(maxBodyMb * 1024 * 1024) }),
          },
          signal: controller.signal,
          onEvent: (e) => {
            if (e.kind === 'notice') {
              // Always shown (issue 8): a refusal or a fallback must never pass unseen.
              notices++;
              if (notices <= MAX_NOTICES_SHOWN) io.stderr(`${e.notice.message}\n`);
              return;
            }
            if (mode === 'none') return;
            const line = progressLine(e);
            if (line !== undefined) io.stderr(`${line}\n`);
          },
        });
      } finally {
        process.removeListener('SIGINT', onSigint);
        if (notices > MAX_NOTICES_SHOWN) {
          io.stderr(
            `... and ${notices - MAX_NOTICES_SHOWN} more refusals, missing files or fallbacks (--json lists all)\n`,
          );
        }
      }
      io.stderr(gapsText(summary));
      const seconds = (Date.now() - started) / 1000;
      if (flags.json) {
        printJson(io, { ...summary, db: dbPath, archive: archiveDir, seconds });
        return;
      }
      io.stdout(summaryText(summary, seconds));
    });
}
