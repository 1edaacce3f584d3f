import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { type AnalyzeRequest, analyze } from '../../app/analyze.js';
import { embeddedEvents } from '../../app/eventPacks.js';
import { InvalidInputError } from '../../errors.js';
import type { Findings } from '../../forensics/findings.js';
import { whatRan, whatRanLine } from '../../forensics/whatRan.js';
import { renderScorecard } from '../../report/terminal.js';
import { writeReport } from '../../report/writeReport.js';
import { DB_OPTION_HELP, resolveDbPath } from '../dbPath.js';
import { refusePercentVol } from '../decimalFlags.js';
import { parseNumberFlag } from '../flags.js';
import { type CliIo, printJson } from '../io.js';
import { parseWait, WAIT_OPTION_HELP, withStoreWaiting } from '../storeAccess.js';

interface AnalyzeFlags {
  wait?: string;
  event?: string;
  date?: string;
  db?: string;
  out?: string;
  etf: string;
  since: string;
  signModel: string;
  noteVol?: string;
  btc: string;
  crossAssets: string;
  stressSeries: string;
  oiVenues: string;
  hypotheses?: string;
  report: boolean;
  json?: boolean;
}

function list(flag: string, raw: string): string[] {
  const items = raw
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x !== '');
  if (items.length === 0) {
    throw new InvalidInputError('bad_flag', `${flag}: '${raw}' names nothing (comma-separated list)`, {
      details: { flag, raw },
    });
  }
  return items;
}

function btcReference(raw: string): { venue: string; symbol: string } {
  const m = /^([a-z0-9_-]+):(\S+)$/.exec(raw);
  if (m === null) {
    throw new InvalidInputError(
      'bad_flag',
      `--btc: '${raw}' is not <venue>:<symbol>, e.g. reference:BTC-USD`,
      {
        details: { flag: '--btc', raw },
      },
    );
  }
  return { venue: m[1], symbol: m[2] };
}

/** Flags -> typed options (parsing only: the use case validates them, once). */
function options(f: AnalyzeFlags, date: string): AnalyzeRequest['options'] {
  return {
    eventDate: date,
    etfTicker: f.etf,
    optionsUnderlying: f.etf,
    since: f.since,
    signModel: f.signModel as 'naive' | 'positions',
    noteVol:
      f.noteVol === undefined
        ? null
        : refusePercentVol('--note-vol', f.noteVol, parseNumberFlag('--note-vol', f.noteVol)),
    btcReference: btcReference(f.btc),
    crossAssets: list('--cross-assets', f.crossAssets),
    stressSeries: f.stressSeries,
    oiVenues: list('--oi-venues', f.oiVenues).map((v) => v.toLowerCase()),
  };
}

/** A compact machine summary for --json (the full record is findings.json). */
function jsonSummary(findings: Findings, files: readonly string[]) {
  return {
    schema: findings.schema,
    event: findings.event,
    reconstructedShare: findings.reconstructedShare,
    hypothesisSet: findings.hypothesisSet,
    ran: whatRan(findings),
    hypotheses: findings.hypotheses.map((h) => ({
      id: h.id,
      verdict: h.verdict,
      confidence: h.confidence,
      score: h.score,
      reason: h.reason,
    })),
    files,
  };
}

/** `crashscope analyze`: forensics of one day, a hypothesis scorecard and a report. */
export function registerAnalyze(program: Command, io: CliIo): void {
  program
    .command('analyze')
    .description(
      "explain a crash day: every analysis the data allows, a verdict per hypothesis (the event pack's own claims, the general channel set, or --hypotheses) and a report",
    )
    .option(
      '--event <date>',
      `an embedded event pack, loaded into a fresh in-memory store (${embeddedEvents().join(', ') || 'none'})`,
    )
    .option('--date <date>', 'the day to analyse in your store (--db)')
    .option('--db <path>', DB_OPTION_HELP)
    .option('--wait <seconds>', WAIT_OPTION_HELP)
    .option('--out <dir>', 'report directory (default: out/<date>)')
    .option('--etf <ticker>', 'ETF analysed for volume, flows and options', 'IBIT')
    .option('--since <date>', 'start of the history used for ranks and models', '2024-01-11')
    .option(
      '--sign-model <model>',
      "dealer sign model: 'positions' (the chain's dealer_position) or 'naive'",
      'positions',
    )
    .option('--note-vol <decimal>', 'flat vol for structured notes (default: DVOL at the previous close)')
    .option(
      '--btc <venue:symbol>',
      'BTC reference price series in bars (daily 16:00 ET bars, or 1h/1m bars read at 16:00 ET)',
      'reference:BTC-USD',
    )
    .option('--cross-assets <list>', 'comma-separated daily symbols compared with the ETF', 'IGV,GLD,QQQ')
    .option('--stress-series <name>', 'stress_series name of the fund-stress z-score', 'pb_multistrat_perf_z')
    .option('--oi-venues <list>', 'comma-separated open-interest venues', 'cme,binance')
    .option(
      '--hypotheses <file>',
      "a hypothesis file (JSON, docs/HYPOTHESES.md) to score instead of the event pack's claims or the general channel set",
    )
    .option('--no-report', 'print the scorecard only; write no files')
    .option('--json', 'print a JSON summary instead of the scorecard')
    .action(async (f: AnalyzeFlags, cmd: Command) => {
      const date = f.event ?? f.date;
      if (date === undefined) {
        throw new InvalidInputError(
          'bad_usage',
          'give --event <date> (embedded data) or --date <date> (your store)',
          {
            details: {},
          },
        );
      }
      if (f.event !== undefined && f.date !== undefined && f.date !== f.event) {
        throw new InvalidInputError('bad_usage', `--event ${f.event} and --date ${f.date} disagree`, {
          details: {},
        });
      }
      const progress = (step: string) => io.stderr(`crashscope: ${step}\n`);
      const opts = options(f, date);
      const source: AnalyzeRequest['source'] =
        f.event !== undefined
          ? { kind: 'event', event: f.event, ...(f.db === undefined ? {} : { db: resolveDbPath(f.db, io) }) }
          : { kind: 'db', db: resolveDbPath(f.db, io) };
      const wait = parseWait(f.wait);
      const { findings, doc, warnings } = await analyze(
        {
          source,
          options: opts,
          ingestedAt: new Date().toISOString(),
          ...(f.hypotheses === undefined
            ? {}
            : { hypothesesFile: { path: resolve(io.cwd, f.hypotheses), name: f.hypotheses } }),
          // Named on the command line: an unknown symbol is refused, not silently dropped.
          checkCrossAssets: cmd.getOptionValueSource('crossAssets') === 'cli',
          withStore: (path, storeOptions, fn) => withStoreWaiting(path, storeOptions, wait, fn),
        },
        progress,
      );
      for (const w of warnings) io.stderr(`crashscope: warning: ${w}\n`);
      let files: string[] = [];
      if (f.report) {
        progress('writing the report');
        const dir = resolve(io.cwd, f.out ?? join('out', date));
        files = (await writeReport(dir, doc, findings)).files;
      }
      if (f.json) {
        printJson(io, { ...jsonSummary(findings, files), warnings });
        return;
      }
      io.stdout(renderScorecard(doc, { color: false }));
      io.stdout(`\n${whatRanLine(whatRan(findings))}\n`);
      if (files.length > 0) {
        const html = files.find((x) => x.endsWith('report.html'));
        io.stdout(`\nreport: ${html ?? files[0]}\n`);
      }
    });
}
