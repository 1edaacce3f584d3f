import type { EngineConfig } from './cascade.js';
import { type CompileSetup, compileRun, type SimPlayer } from './compile.js';
import { runChunkForRuns, type SimSummary, splitPaths, summarise } from './monteCarlo.js';

/*
 * Exact Shapley attribution over the channels (docs/METHODS.md §12.8; L. S. Shapley, "A value for n-person
 * games", in Contributions to the Theory of Games II, Annals of Mathematics Studies 28, 1953, 307–317):
 *
 *     φ_i = Σ_{S ⊆ N∖{i}} |S|! (n − |S| − 1)! / n! · [v(S ∪ {i}) − v(S)],
 *
 * over all 2^n coalitions (n ≤ 8), v(S) the expected drawdown (or final return) of a Monte Carlo run with
 * only the channels of S, every run on the same seed (common random numbers: the same noise on every path,
 * so differences between coalitions are not sampling noise). Efficiency Σ φ_i = v(N) − v(∅) holds by
 * construction; two interchangeable channels get equal values; a channel that trades nothing gets 0.
 */

export const MAX_SHAPLEY_PLAYERS = 8;

function factorial(k: number): number {
  let f = 1;
  for (let i = 2; i <= k; i++) f *= i;
  return f;
}

/** Shapley values from a table v[mask] of 2^n coalition values (bit i = player i). */
export function shapleyFromTable(n: number, v: ArrayLike<number>): number[] {
  if (v.length !== 1 << n)
    throw new RangeError(`shapley: expected ${1 << n} coalition values, got ${v.length}`);
  const w = Array.from({ length: n }, (_, s) => (factorial(s) * factorial(n - s - 1)) / factorial(n));
  const phi = new Array<number>(n).fill(0);
  for (let mask = 0; mask < 1 << n; mask++) {
    let size = 0;
    for (let m = mask; m; m &= m - 1) size++;
    for (let i = 0; i < n; i++) {
      if ((mask >>> i) & 1) continue;
      phi[i] += w[size] * (v[mask | (1 << i)] - v[mask]);
    }
  }
  return phi;
}

export interface AttributionRow {
  readonly channel: string;
  /** Shapley value of the expected drawdown (decimal; + = the channel deepens the fall). */
  readonly shapleyDrawdown: number;
  /** Share of v(all) − v(none); null when that is 0. */
  readonly share: number | null;
  /** Shapley value of the expected final return (decimal; − = the channel lowers the close). */
  readonly shapleyFinal: number;
}

export interface Attribution {
  readonly rows: readonly AttributionRow[];
  /** Expected drawdown with no channels (the shocks and noise alone) and with all of them. */
  readonly baselineDrawdown: number;
  readonly allDrawdown: number;
  readonly baselineFinal: number;
  readonly allFinal: number;
  /** allDrawdown / baselineDrawdown; null when the baseline is 0. */
  readonly amplification: number | null;
  /** The expected drawdown of every coalition, by mask (for the record). */
  readonly coalitionDrawdown: readonly number[];
}

/** Build the attribution from the summaries of all 2^n coalition runs (index = mask). */
export function attributionFromRuns(keys: readonly string[], runs: readonly SimSummary[]): Attribution {
  const n = keys.length;
  const dd = runs.map((r) => r.drawdown.mean);
  const fin = runs.map((r) => r.final.mean);
  const phiDd = shapleyFromTable(n, dd);
  const phiFin = shapleyFromTable(n, fin);
  const all = (1 << n) - 1;
  const total = dd[all] - dd[0];
  return {
    rows: keys.map((channel, i) => ({
      channel,
      shapleyDrawdown: phiDd[i],
      share: total !== 0 ? phiDd[i] / total : null,
      shapleyFinal: phiFin[i],
    })),
    baselineDrawdown: dd[0],
    allDrawdown: dd[all],
    baselineFinal: fin[0],
    allFinal: fin[all],
    amplification: dd[0] > 0 ? dd[all] / dd[0] : null,
    coalitionDrawdown: dd,
  };
}

/** Settings for the coalition runs: only the final price is kept, no per-channel flows. */
export function coalitionSetup(
  setup: CompileSetup,
  cfg: EngineConfig,
): { setup: CompileSetup; cfg: EngineConfig } {
  return {
    setup: { ...setup, perChannel: false },
    cfg: { ...cfg, reportEvery: cfg.steps, maxEventSamples: 0 },
  };
}

/** Exact Shapley attribution in this thread (2^n Monte Carlo runs of `paths` paths, same seed). */
export function attribute(
  players: readonly SimPlayer[],
  setup: CompileSetup,
  cfg: EngineConfig,
  paths: number,
): Attribution {
  if (players.length > MAX_SHAPLEY_PLAYERS)
    throw new RangeError(
      `shapley: at most ${MAX_SHAPLEY_PLAYERS} channels (2^n runs), got ${players.length}`,
    );
  const s = coalitionSetup(setup, cfg);
  const compiled = Array.from({ length: 1 << players.length }, (_, mask) =>
    compileRun(players, mask, s.setup),
  );
  const chunks = splitPaths(paths, Math.ceil(paths / 256)).map((p) =>
    runChunkForRuns(compiled, s.cfg, p.from, p.count),
  );
  const runs: SimSummary[] = compiled.map((c, mask) =>
    summarise(
      c,
      s.cfg,
      chunks.map((ch) => ch[mask]),
    ),
  );
  return attributionFromRuns(
    players.map((p) => p.key),
    runs,
  );
}
