import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { embeddedEvents } from '../../app/eventPacks.js';
import { type SimulateSource, simulateEvent } from '../../app/simulateEvent.js';
import { whatItTook } from '../../app/whatItTook.js';
import { CHANNELS } from '../../channels/registry.js';
import { fmtPct, fmtUsd, fmtX } from '../../core/format.js';
import { InvalidInputError } from '../../errors.js';
import { writeSimulation } from '../../report/writeSimulation.js';
import type { SimulationDoc } from '../../sim/simulationDoc.js';
import { VERSION } from '../../version.js';
import { assumptionsFromOpts, registerAssumptionFlags } from '../assumptionFlags.js';
import { DB_OPTION_HELP, resolveDbPath } from '../dbPath.js';
import { parseNumberFlag } from '../flags.js';
import { type CliIo, printJson } from '../io.js';

interface SimulateFlags {
  event?: string;
  db?: string;
  asOf?: string;
  shock: string[];
  paths?: string;
  attributionPaths?: string;
  horizonHours?: string;
  stepMinutes?: string;
  impact?: string;
  depth1pctUsd?: string;
  dailyVolumeUsd?: string;
  sqrtY?: string;
  kernel?: string;
  permanent?: string;
  halfLifeMinutes?: string;
  beta?: string;
  tau0Minutes?: string;
  depthCollapseFloor?: string;
  depthCollapseAt?: string;
  noiseVol?: string;
  clearing?: string;
  hedgeEverySteps?: string;
  hedgeBandPct?: string;
  exogenousMinutes?: string;
  channels?: string;
  seed?: string;
  threads?: string;
  etf: string;
  btc: string;
  out?: string;
  report: boolean;
  json?: boolean;
  whatItTook?: boolean;
  saleMinutes?: string;
  calibrationPaths?: string;
  [flag: string]: unknown;
}

const collect = (v: string, acc: string[]) => [...acc, v];

function num(flag: string, raw: string | undefined): number | undefined {
  return raw === undefined ? undefined : parseNumberFlag(flag, raw);
}

/** Flags -> the use case's options (parsing only: the use case validates them, once). */
export function simulateOptions(f: SimulateFlags): Record<string, unknown> {
  const o: Record<string, unknown> = {
    shocks: f.shock,
    paths: num('--paths', f.paths),
    attributionPaths: num('--attribution-paths', f.attributionPaths),
    horizonHours: num('--horizon-hours', f.horizonHours),
    stepMinutes: num('--step-minutes', f.stepMinutes),
    impact: f.impact,
    depth1PctUsd: num('--depth-1pct-usd', f.depth1pctUsd),
    dailyVolumeUsd: num('--daily-volume-usd', f.dailyVolumeUsd),
    sqrtY: num('--sqrt-y', f.sqrtY),
    kernel: f.kernel,
    permanent: num('--permanent', f.permanent),
    halfLifeMinutes: num('--half-life-minutes', f.halfLifeMinutes),
    beta: num('--beta', f.beta),
    tau0Minutes: num('--tau0-minutes', f.tau0Minutes),
    depthCollapseFloor: num('--depth-collapse-floor', f.depthCollapseFloor),
    depthCollapseAt: num('--depth-collapse-at', f.depthCollapseAt),
    noiseVol:
      f.noiseVol === undefined || f.noiseVol === 'auto'
        ? f.noiseVol
        : parseNumberFlag('--noise-vol', f.noiseVol),
    clearing: f.clearing,
    hedgeEverySteps: num('--hedge-every-steps', f.hedgeEverySteps),
    hedgeBandPct: num('--hedge-band-pct', f.hedgeBandPct),
    exogenousMinutes: num('--exogenous-minutes', f.exogenousMinutes),
    seed: num('--seed', f.seed),
  };
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

function channelList(raw: string | undefined): string[] | null {
  if (raw === undefined || raw === 'all') return null;
  if (raw === 'none') return [];
  return raw
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x !== '');
}

function btcReference(raw: string): { venue: string; symbol: string } {
  const m = /^([a-z0-9_-]+):(\S+)$/.exec(raw);
  if (m === null)
    throw new InvalidInputError(
      'bad_flag',
      `--btc: '${raw}' is not <venue>:<symbol>, e.g. reference:BTC-USD`,
      {
        details: { flag: '--btc', raw },
      },
    );
  return { venue: m[1], symbol: m[2] };
}

/** A few lines for the terminal. */
export function renderSummary(d: SimulationDoc): string {
  const last = d.minutes.length - 1;
  const lines = [
    `simulation at ${d.asOf}: spot ${fmtUsd(d.spot)}, ${d.paths} paths over ${d.params.horizonHours} h (shocks: ${d.params.shocks.join(', ') || 'none'})`,
    `  median final ${fmtUsd(d.quantiles.p50[last])} (5–95 %: ${fmtUsd(d.quantiles.p05[last])} – ${fmtUsd(d.quantiles.p95[last])})`,
    `  expected max drawdown ${fmtPct(d.drawdown.mean, 2)} (p95 ${fmtPct(d.drawdown.p95, 2)}); no channels ${fmtPct(d.baseline.drawdown, 2)}; amplification ${fmtX(d.amplification)}`,
    ...d.attribution.map(
      (a) =>
        `  ${a.channel.padEnd(18)} ${(100 * a.shapleyDrawdown).toFixed(2).padStart(7)} pp of drawdown  (${a.share === null ? '—' : fmtPct(a.share)})`,
    ),
    ...(d.whatItTook
      ? [
          `  what it took: BTC ${fmtUsd(d.whatItTook.observed.fromUsd)} -> ${fmtUsd(d.whatItTook.observed.toUsd)} (${fmtPct(Math.expm1(d.whatItTook.observed.logReturn), 2)}); ` +
            `sale over ${d.whatItTook.saleMinutes} min: ${d.whatItTook.saleAllUsd === null ? d.whatItTook.statusAll : fmtUsd(d.whatItTook.saleAllUsd)} with every channel, ` +
            `${d.whatItTook.saleNoneUsd === null ? d.whatItTook.statusNone : fmtUsd(d.whatItTook.saleNoneUsd)} with none` +
            (d.whatItTook.leverage === null ? '' : ` (${fmtX(d.whatItTook.leverage)})`),
          ...(d.whatItTook.cliffAll
            ? [
                `  a cliff: just below that sale the median path closes at ${fmtPct(Math.expm1(d.whatItTook.cliffAll.belowLogReturn), 2)}, at it ${fmtPct(Math.expm1(d.whatItTook.cliffAll.atLogReturn), 2)} (a cascade switches on; no size gives the observed close)`,
              ]
            : []),
          `  median path vs hourly closes of ${d.whatItTook.tracking.series} (${d.whatItTook.tracking.quality}): RMSE ${d.whatItTook.tracking.rmseLog === null ? 'n/a' : fmtPct(d.whatItTook.tracking.rmseLog, 2)} over ${d.whatItTook.tracking.points} hours`,
        ]
      : []),
    ...(d.quality === 'reconstructed'
      ? ['  RECONSTRUCTED: some inputs are reconstructed or assumed (see simulation.html)']
      : []),
  ];
  return `${lines.join('\n')}\n`;
}

/** `crashscope simulate`: the cascade simulator on a market snapshot. */
export function registerSimulate(program: Command, io: CliIo): void {
  const cmd = program
    .command('simulate')
    .description('how far a shock goes through the forced-flow channels, and how much of the fall each makes')
    .option(
      '--event <date>',
      `an embedded event pack (${embeddedEvents().join(', ') || 'none'}); default --as-of: the NY close before`,
    )
    .option('--db <path>', DB_OPTION_HELP)
    .option('--as-of <instant>', 'snapshot instant, ISO-8601 with a zone (required with --db)')
    .option('--shock <spec>', 'sell:USD[:MINUTES] or gap:-5% (repeatable)', collect, [])
    .option('--paths <n>', 'Monte Carlo paths (default 2000)')
    .option('--attribution-paths <n>', 'paths per coalition of the Shapley attribution (default 500)')
    .option('--horizon-hours <h>', 'horizon (default 24)')
    .option('--step-minutes <m>', 'step (default 1)')
    .option('--impact <model>', 'linear | sqrt | propagator (default linear)')
    .option(
      '--depth-1pct-usd <usd>',
      'USD of bids within 1 % of mid (default: the store, else a cited assumption)',
    )
    .option('--daily-volume-usd <usd>', 'sqrt impact: daily volume (default 2e10, an assumption)')
    .option('--sqrt-y <y>', 'sqrt impact: prefactor Y (default 1)')
    .option('--kernel <k>', 'propagator: exp | power (default exp)')
    .option('--permanent <f>', 'propagator: permanent fraction (default 0.5)')
    .option('--half-life-minutes <m>', 'propagator exp: half-life (default 30)')
    .option('--beta <b>', 'propagator power: exponent (default 0.4)')
    .option('--tau0-minutes <m>', 'propagator power: time scale (default 1)')
    .option(
      '--depth-collapse-floor <f>',
      'depth as a fraction of normal at --depth-collapse-at drawdown (default 1: off)',
    )
    .option('--depth-collapse-at <dd>', 'drawdown (decimal) at which depth reaches the floor (default 0.1)')
    .option(
      '--noise-vol <v>',
      'auto (DVOL at the snapshot) | 0 (deterministic) | annualised decimal (default auto)',
    )
    .option('--clearing <scheme>', 'implicit | lagged (default implicit)')
    .option('--hedge-every-steps <k>', 'hedgers rebalance every k steps (default 1)')
    .option('--hedge-band-pct <p>', 'hedgers rebalance only beyond this move in % (default 0)')
    .option('--exogenous-minutes <m>', 'minutes over which exogenous channels sell (default 60)')
    .option('--channels <list>', 'comma-separated channel ids, all or none (default all)')
    .option('--seed <n>', 'seed (default 20260205)')
    .option('--threads <n>', 'worker threads (default: min(2, CPUs))')
    .option('--etf <ticker>', 'ETF whose shares map to BTC', 'IBIT')
    .option('--btc <venue:symbol>', 'BTC reference price series in bars', 'reference:BTC-USD')
    .option('--out <dir>', 'output directory (default out/simulation-<as-of date>)')
    .option('--no-report', 'write no files')
    .option('--json', 'print simulation.json instead of the summary')
    .option(
      '--what-it-took',
      "solve for the sale that reproduces the observed move (all channels vs none) and simulate it: with --event, from the NY close before (or --as-of) to the event's close; with --db, over --horizon-hours from --as-of",
    )
    .option(
      '--sale-minutes <m>',
      '--what-it-took: minutes over which the sale is spread (default: the whole horizon)',
    )
    .option(
      '--calibration-paths <n>',
      "--what-it-took: paths per trial size (default: --paths, so the run's median ends on the observed close)",
    );
  registerAssumptionFlags(cmd);
  cmd.action(async (f: SimulateFlags) => {
    if ((f.event === undefined) === (f.db === undefined))
      throw new InvalidInputError(
        'bad_usage',
        'give either --event <date> (embedded data) or --db <path> with --as-of',
        {
          details: {},
        },
      );
    const source: SimulateSource =
      f.event !== undefined ? { kind: 'event', event: f.event } : { kind: 'db', db: resolveDbPath(f.db, io) };
    const threads =
      f.threads === undefined ? Math.min(2, cpus().length) : parseNumberFlag('--threads', f.threads);
    let lastLine = '';
    const progress = (stage: string, done: number, total: number) => {
      const line = total > 1 ? `crashscope: ${stage} ${done}/${total}` : `crashscope: ${stage}`;
      if (line !== lastLine) io.stderr(`${line}\n`);
      lastLine = line;
    };
    const doc = f.whatItTook
      ? (
          await whatItTook(
            {
              source,
              asOf: f.asOf ?? null,
              etfTicker: f.etf,
              btc: btcReference(f.btc),
              channels: channelList(f.channels),
              assumptions: assumptionsFromOpts(f),
              options: simulateOptions(f),
              saleMinutes: num('--sale-minutes', f.saleMinutes) ?? null,
              calibrationPaths: num('--calibration-paths', f.calibrationPaths) ?? null,
              threads,
              ingestedAt: new Date().toISOString(),
            },
            progress,
          )
        ).doc
      : await simulateEvent(
          {
            source,
            asOf: f.asOf ?? null,
            etfTicker: f.etf,
            btc: btcReference(f.btc),
            channels: channelList(f.channels),
            assumptions: assumptionsFromOpts(f),
            options: simulateOptions(f),
            threads,
            ingestedAt: new Date().toISOString(),
            registry: CHANNELS,
          },
          progress,
        );
    let files: string[] = [];
    if (f.report) {
      const dir = resolve(io.cwd, f.out ?? join('out', `simulation-${doc.asOf.slice(0, 10)}`));
      progress('writing simulation.json and simulation.html', 0, 1);
      files = await writeSimulation(dir, doc, `crashscope ${VERSION} · simulate · seed ${doc.params.seed}`);
    }
    if (f.json) {
      printJson(io, doc);
      return;
    }
    io.stdout(renderSummary(doc));
    const html = files.find((x) => x.endsWith('simulation.html'));
    if (html) io.stdout(`\nreport: ${html}\n`);
  });
}
