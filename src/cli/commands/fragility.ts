import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { embeddedEvents } from '../../app/eventPacks.js';
import { type FragilityRunRequest, fragility, writeFragility } from '../../app/fragility.js';
import { CHANNEL_IDS, type ChannelId } from '../../channels/channel.js';
import { parseGridSpec } from '../../channels/grid.js';
import { isIsoInstant } from '../../core/time.js';
import { InvalidInputError } from '../../errors.js';
import { summaryLines } from '../../fragility/summary.js';
import { assumptionsFromOpts, registerAssumptionFlags } from '../assumptionFlags.js';
import { DB_OPTION_HELP, resolveDbPath } from '../dbPath.js';
import { parseNumberFlag } from '../flags.js';
import { type CliIo, printJson } from '../io.js';
import { parseWait, WAIT_OPTION_HELP, withStoreWaiting } from '../storeAccess.js';

interface FragilityFlags {
  wait?: string;
  event?: string;
  db?: string;
  asOf?: string;
  grid?: string;
  channels?: string;
  etf: string;
  btc: string;
  depthPerPctUsd?: string;
  out?: string;
  report: boolean;
  json?: boolean;
  [flag: string]: unknown;
}

function bad(message: string, details: Record<string, unknown> = {}): InvalidInputError {
  return new InvalidInputError('bad_usage', message, { details });
}

function channelsFlag(raw: string): ChannelId[] {
  const ids = raw
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x !== '');
  for (const id of ids)
    if (!(CHANNEL_IDS as readonly string[]).includes(id))
      throw new InvalidInputError(
        'bad_flag',
        `--channels: unknown channel '${id}' (known: ${CHANNEL_IDS.join(', ')})`,
        {
          details: { flag: '--channels', raw },
        },
      );
  if (ids.length === 0) throw bad(`--channels: '${raw}' names no channel`);
  return ids as ChannelId[];
}

/** Flags -> a validated request (parsing and usage checks only; assumptions are validated by their schemas). */
export function fragilityRequest(f: FragilityFlags, io: CliIo): FragilityRunRequest {
  if ((f.event === undefined) === (f.asOf === undefined))
    throw bad('give --event <date> (embedded data) or --db <path> --as-of <instant> (your store)');
  if (f.event !== undefined && f.db !== undefined)
    throw bad('--event uses the embedded pack: leave out --db');
  if (f.asOf !== undefined && !isIsoInstant(f.asOf))
    throw new InvalidInputError(
      'bad_flag',
      `--as-of: '${f.asOf}' is not an ISO instant with a zone, e.g. 2026-02-04T21:00:00Z`,
      {
        details: { flag: '--as-of', raw: f.asOf },
      },
    );
  const wait = parseWait(f.wait);
  const m = /^([a-z0-9_-]+):(\S+)$/.exec(f.btc);
  if (m === null)
    throw new InvalidInputError('bad_flag', `--btc: '${f.btc}' is not <venue>:<symbol>`, {
      details: { raw: f.btc },
    });
  return {
    source:
      f.event !== undefined
        ? { kind: 'event', event: f.event }
        : { kind: 'db', db: resolveDbPath(f.db, io), asOf: f.asOf! },
    etfTicker: f.etf,
    btc: { venue: m[1], symbol: m[2] },
    ...(f.grid === undefined ? {} : { grid: parseGridSpec(f.grid) }),
    ...(f.channels === undefined ? {} : { channels: channelsFlag(f.channels) }),
    assumptions: assumptionsFromOpts(f),
    ...(f.depthPerPctUsd === undefined
      ? {}
      : {
          depthPerPctUsd:
            f.depthPerPctUsd === 'none' ? null : parseNumberFlag('--depth-per-pct-usd', f.depthPerPctUsd),
        }),
    ingestedAt: new Date().toISOString(),
    withStore: (path, storeOptions, fn) => withStoreWaiting(path, storeOptions, wait, fn),
  };
}

/** `crashscope fragility`: forced flows by channel on one BTC axis, against depth. */
export function registerFragility(program: Command, io: CliIo): void {
  const cmd = program
    .command('fragility')
    .description('where is BTC fragile: forced buying/selling by channel on a BTC price grid, against depth')
    .option(
      '--event <date>',
      `an embedded event, at the New York close before it (${embeddedEvents().join(', ') || 'none'})`,
    )
    .option('--db <path>', DB_OPTION_HELP)
    .option('--wait <seconds>', WAIT_OPTION_HELP)
    .option('--as-of <instant>', 'the instant of your store to read (ISO-8601 with a zone)')
    .option('--grid <lo:hi:step>', 'BTC price grid in USD (default ±40% of spot, >= 401 points)')
    .option('--channels <list>', `comma-separated channels (default all: ${CHANNEL_IDS.join(', ')})`)
    .option('--etf <ticker>', 'spot ETF whose shares map to BTC', 'IBIT')
    .option('--btc <venue:symbol>', 'BTC reference price series in bars', 'reference:BTC-USD')
    .option(
      '--depth-per-pct-usd <usd|none>',
      'one-sided depth within 1% of mid, USD (default: the store, else $15M, an assumption)',
    )
    .option('--out <dir>', 'directory for fragility.json and fragility.html (default out/fragility-<date>)')
    .option('--no-report', 'write no files')
    .option('--json', 'print fragility.json on stdout instead of the summary');
  registerAssumptionFlags(cmd);
  cmd.action(async (f: FragilityFlags) => {
    const req = fragilityRequest(f, io);
    const map = await fragility(req, (step) => io.stderr(`crashscope: ${step}\n`));
    let files: string[] = [];
    if (f.report) {
      const dir = resolve(io.cwd, f.out ?? join('out', `fragility-${map.asOf.slice(0, 10)}`));
      files = await writeFragility(dir, map);
    }
    if (f.json) {
      printJson(io, map);
      return;
    }
    io.stdout(`${summaryLines(map).join('\n')}\n`);
    for (const file of files) io.stdout(`wrote ${file}\n`);
  });
}
