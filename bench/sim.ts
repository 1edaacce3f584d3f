import { cpus } from 'node:os';
import { pathToFileURL } from 'node:url';
import { SimPool } from '../src/app/simPool.js';
import type { ChannelBook, Trigger } from '../src/channels/channel.js';
import { bsGreeks } from '../src/pricing/blackScholes.js';
import type { EngineConfig } from '../src/sim/cascade.js';
import { type CompileSetup, compileRun, type SimPlayer } from '../src/sim/compile.js';
import { constantKappaBook, exogenousBook, syntheticBook } from '../src/sim/testkit/books.js';
import { seededRng } from './rng.js';

/*
 * Simulator targets (issue 12): 10,000 paths × 1,440 one-minute steps with all six channels in < 10 s on
 * 2 cores (worker threads), and a full Shapley attribution over 6 channels (64 coalitions) × 1,000 paths in
 * < 30 s. The channels are synthetic (seeded) books of realistic shape: a dealer option book (200 BSM
 * options, short gamma below spot), 40 structured-note knock-in lumps, 400 perp liquidation cohorts (longs
 * below, shorts above), a levered-ETF rebalancer (constant κ), and two exogenous sellers (basis unwind,
 * de-grossing). Wall time includes compiling the coalitions and merging the chunks.
 */

const SPOT = 70_000;
const DEPTH = 100e6;
const SEED = 20260205;

export function benchPlayers(): SimPlayer[] {
  const rng = seededRng(SEED);
  const opts = Array.from({ length: 200 }, () => ({
    strike: SPOT * Math.exp(rng.uniform(-0.4, 0.2)),
    tau: rng.int(1, 120) / 365,
    vol: rng.uniform(0.4, 0.9),
    // dealer position in BTC of options (− = dealer short): mostly short downside puts
    q: -rng.uniform(50, 400) * (rng.next() < 0.8 ? 1 : -1),
  }));
  // Hedge of the dealer's options: H(S) = −Σ q·Δ(S) BTC; USD trade from spot ≈ (H(S) − H(spot))·S.
  const hedge = (s: number) =>
    -opts.reduce(
      (a, o) =>
        a +
        o.q *
          bsGreeks({ type: 'put', spot: s, strike: o.strike, tau: o.tau, rate: 0, divYield: 0, vol: o.vol })
            .delta,
      0,
    );
  const h0 = hedge(SPOT);
  const dealer = syntheticBook({
    id: 'dealerOptions',
    spot: SPOT,
    points: 1401,
    reversible: (s) => (hedge(s) - h0) * s,
  });
  const ki: Trigger[] = Array.from({ length: 40 }, () => ({
    price: SPOT * rng.uniform(0.7, 0.97),
    direction: 'down',
    tradeUsd: -rng.uniform(2e6, 20e6),
  }));
  const notes = syntheticBook({ id: 'structuredNotes', spot: SPOT, triggers: ki });
  const liq: Trigger[] = Array.from({ length: 400 }, () => {
    const long = rng.next() < 0.7;
    return {
      price: SPOT * (long ? rng.uniform(0.75, 0.995) : rng.uniform(1.005, 1.2)),
      direction: long ? 'down' : 'up',
      tradeUsd: (long ? -1 : 1) * rng.uniform(0.5e6, 10e6),
    };
  });
  const perps = syntheticBook({ id: 'perpLiquidations', spot: SPOT, triggers: liq });
  const books: ChannelBook[] = [
    dealer,
    notes,
    perps,
    exogenousBook(SPOT, 300e6, 'basisUnwind'),
    constantKappaBook(SPOT, 0.1, DEPTH, 'leveredEtf'),
    exogenousBook(SPOT, 500e6, 'fundDegrossing'),
  ];
  return books.map((b) => ({ key: b.id, book: b }));
}

function config(steps: number): { cfg: EngineConfig; setup: CompileSetup } {
  return {
    cfg: {
      steps,
      stepMinutes: 1,
      noiseVol: 0.6,
      impact: { kind: 'linear', depth1PctUsd: DEPTH },
      depthCollapse: { floor: 0.6, atDrawdown: 0.1 },
      clearing: 'implicit',
      hedgeEverySteps: 1,
      hedgeBand: 0,
      seed: SEED,
      reportEvery: 5,
      maxEventSamples: 100,
    },
    setup: {
      spot: SPOT,
      steps,
      stepMinutes: 1,
      shocks: [{ kind: 'sell', usd: 200e6, minutes: 60 }],
      exogenousMinutes: 360,
      gridStep: 0.0005,
      perChannel: true,
    },
  };
}

export interface SimBenchResult {
  readonly threads: number;
  readonly parallel: boolean;
  readonly mcSeconds: number;
  readonly shapleySeconds: number;
  /** CPU seconds of the process (all threads) for each case: what the wall time would be × threads on idle cores. */
  readonly mcCpuSeconds: number;
  readonly shapleyCpuSeconds: number;
  readonly jumpProbability: number;
  readonly medianDrawdown: number;
  readonly amplification: number | null;
}

export async function benchSim(threads = Math.min(2, cpus().length)): Promise<SimBenchResult> {
  const players = benchPlayers();
  const { cfg, setup } = config(1440);
  const pool = new SimPool(threads);
  try {
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    const summary = await pool.simulate(compileRun(players, (1 << players.length) - 1, setup), cfg, 10_000);
    const mcSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const c1 = process.cpuUsage();
    const t1 = process.hrtime.bigint();
    const attribution = await pool.attribute(players, setup, cfg, 1000);
    const shapleySeconds = Number(process.hrtime.bigint() - t1) / 1e9;
    const c2 = process.cpuUsage();
    const cpu = (a: NodeJS.CpuUsage, b: NodeJS.CpuUsage) => (b.user + b.system - a.user - a.system) / 1e6;
    return {
      threads,
      parallel: pool.parallel,
      mcSeconds,
      shapleySeconds,
      mcCpuSeconds: cpu(c0, c1),
      shapleyCpuSeconds: cpu(c1, c2),
      jumpProbability: summary.jumps.probability,
      medianDrawdown: summary.drawdown.p50,
      amplification: attribution.amplification,
    };
  } finally {
    await pool.close();
  }
}

export function simBenchLines(r: SimBenchResult): string[] {
  return [
    '## Simulator',
    '',
    '| Case | Wall time | CPU time (all threads) | Target (wall) |',
    '|---|--:|--:|---|',
    `| Monte Carlo, 10,000 paths × 1,440 one-minute steps, six synthetic channels, ${r.threads} worker threads${r.parallel ? '' : ' (inline: no compiled worker)'} | ${r.mcSeconds.toFixed(2)} s | ${r.mcCpuSeconds.toFixed(2)} s | < 10 s |`,
    `| Exact Shapley, 6 channels (64 coalitions) × 1,000 paths × 1,440 steps | ${r.shapleySeconds.toFixed(2)} s | ${r.shapleyCpuSeconds.toFixed(2)} s | < 30 s |`,
    '',
    `Sanity of the bench scenario: median drawdown ${(100 * r.medianDrawdown).toFixed(1)} %, jump on ${(100 * r.jumpProbability).toFixed(1)} % of paths, amplification ${r.amplification?.toFixed(2) ?? '—'}×.`,
    '',
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const r = await benchSim();
  process.stdout.write(`${simBenchLines(r).join('\n')}\n`);
}
