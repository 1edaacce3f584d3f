import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { loadPack } from '../../data/eventPack.js';
import { InvalidInputError } from '../../errors.js';
import { analyzeEvent } from '../../forensics/analyzeEvent.js';
import type { Findings } from '../../forensics/findings.js';
import { loadEventInputs } from '../../forensics/inputs.js';
import { type ForensicsOptions, resolveOptions } from '../../forensics/options.js';
import { buildReportDoc } from '../../report/buildDoc.js';
import { renderScorecard } from '../../report/terminal.js';
import { writeReport } from '../../report/writeReport.js';
import type { Db } from '../../store/db.js';
import { MEMORY } from '../../store/store.js';
import { DB_OPTION_HELP, resolveDbPath } from '../dbPath.js';
import { refusePercentVol } from '../decimalFlags.js';
import { type CliIo, printJson } from '../io.js';
import { parseNumberFlag } from '../run.js';
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
  report: boolean;
  json?: boolean;
}

/** The package's embedded event packs: `<package root>/data/events/<date>/`. */
export function embeddedEventsDir(): string {
  // This file is src/cli/commands/analyze.ts or dist/cli/commands/analyze.js: three levels below the root.
  return join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'data', 'events');
}

export function embeddedEvents(): string[] {
  const dir = embeddedEventsDir();
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(dir, e.name, 'manifest.json')))
    .map((e) => e.name)
    .sort();
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

function options(f: AnalyzeFlags, date: string): ForensicsOptions {
  if (f.signModel !== 'naive' && f.signModel !== 'positions') {
    throw new InvalidInputError('bad_flag', `--sign-model: '${f.signModel}' is not 'naive' or 'positions'`, {
      details: { flag: '--sign-model', raw: f.signModel },
    });
  }
  return resolveOptions({
    eventDate: date,
    etfTicker: f.etf,
    optionsUnderlying: f.etf,
    since: f.since,
    signModel: f.signModel,
    noteVol:
      f.noteVol === undefined
        ? null
        : refusePercentVol('--note-vol', f.noteVol, parseNumberFlag('--note-vol', f.noteVol)),
    btcReference: btcReference(f.btc),
    crossAssets: list('--cross-assets', f.crossAssets),
    stressSeries: f.stressSeries,
    oiVenues: list('--oi-venues', f.oiVenues).map((v) => v.toLowerCase()),
  });
}

/**
 * Refuses --cross-assets symbols the store has no daily bars for, naming the symbols it has: a dropped
 * symbol would silently drop a rule and move a confidence.
 */
async function checkCrossAssets(db: Db, symbols: readonly string[]): Promise<void> {
  const rows = await db.all(`SELECT DISTINCT symbol FROM bars WHERE "interval" = '1d' ORDER BY symbol`);
  const have = rows.map((r) => String(r.symbol));
  const unknown = symbols.filter((s) => !have.includes(s));
  if (unknown.length > 0) {
    throw new InvalidInputError(
      'unknown_symbol',
      `--cross-assets: ${unknown.join(', ')} ${unknown.length === 1 ? 'has' : 'have'} no daily bars in the store (symbols with daily bars: ${have.join(', ') || 'none'})`,
      { details: { flag: '--cross-assets', unknown, available: have } },
    );
  }
}

/** A compact machine summary for --json (the full record is findings.json). */
function jsonSummary(findings: Findings, files: readonly string[]) {
  return {
    schema: findings.schema,
    event: findings.event,
    reconstructedShare: findings.reconstructedShare,
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
    .description('explain a crash day: every analysis, a verdict per hypothesis (H1–H7) and a report')
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
    .option('--note-vol <decimal>', "flat vol for structured notes (default: the ETF chain's ATM IV)")
    .option(
      '--btc <venue:symbol>',
      'BTC reference price series in bars (daily 16:00 ET bars, or 1h/1m bars read at 16:00 ET)',
      'reference:BTC-USD',
    )
    .option('--cross-assets <list>', 'comma-separated daily symbols compared with the ETF', 'IGV,GLD,QQQ')
    .option('--stress-series <name>', 'stress_series name of the fund-stress z-score', 'pb_multistrat_perf_z')
    .option('--oi-venues <list>', 'comma-separated open-interest venues', 'cme,binance')
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
      let packDir: string | null = null;
      if (f.event !== undefined) {
        packDir = join(embeddedEventsDir(), f.event);
        if (!existsSync(join(packDir, 'manifest.json'))) {
          throw new InvalidInputError(
            'unknown_event',
            `--event ${f.event}: no embedded pack (available: ${embeddedEvents().join(', ') || 'none'}); use --date with --db for your own data`,
            { details: { event: f.event } },
          );
        }
      }
      const o = options(f, date);
      const dbPath = packDir !== null && f.db === undefined ? MEMORY : resolveDbPath(f.db, io);
      if (packDir === null && dbPath !== MEMORY && !existsSync(dbPath)) {
        // A store path that does not exist is bad input (exit 2), like any other wrong argument.
        throw new InvalidInputError(
          'store_missing',
          `no store at ${dbPath} (--db or CRASHSCOPE_DB): import data or load a pack into it first, or use --event <date>`,
          { details: { path: dbPath } },
        );
      }
      const crossAssetsGiven = cmd.getOptionValueSource('crossAssets') === 'cli';
      const findings = await withStoreWaiting(
        dbPath,
        { readOnly: packDir === null },
        parseWait(f.wait),
        async (db) => {
          if (packDir !== null) {
            progress(`loading the ${f.event} event pack`);
            await loadPack(db, packDir, { ingestedAt: new Date().toISOString() });
          }
          if (crossAssetsGiven) await checkCrossAssets(db, o.crossAssets);
          progress('reading the store');
          const inputs = await loadEventInputs(db, o);
          return analyzeEvent(inputs, o, progress);
        },
      );
      const doc = buildReportDoc(findings);
      let files: string[] = [];
      if (f.report) {
        progress('writing the report');
        const dir = resolve(io.cwd, f.out ?? join('out', date));
        files = (await writeReport(dir, doc, findings)).files;
      }
      if (f.json) {
        printJson(io, jsonSummary(findings, files));
        return;
      }
      io.stdout(renderScorecard(doc, { color: false }));
      if (files.length > 0) {
        const html = files.find((x) => x.endsWith('report.html'));
        io.stdout(`\nreport: ${html ?? files[0]}\n`);
      }
    });
}
