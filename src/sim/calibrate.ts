import type { EngineConfig } from './cascade.js';
import { type CompiledRun, type CompileSetup, compileRun, type SimPlayer } from './compile.js';
import { runChunkForRuns } from './monteCarlo.js';
import { shockSchedule } from './shocks.js';

/*
 * "What it took" (docs/METHODS.md §12.11): the exogenous sale, spread evenly over `minutes` from the start, whose
 * median simulated log return over the horizon equals an observed one — with a given set of channels. Pure and
 * deterministic: every trial size runs the same seeded paths (common random numbers), so the median is a
 * monotone step function of the size and bisection on ln(size) converges. Sizes are searched in [1e4, 1e13]
 * USD; a target beyond reach at the top (or already passed by the noise and channels alone) is reported as such.
 */

export interface SaleSolution {
  /** The sale in USD (positive = sold), or null when the target is not reached within the search range. */
  readonly saleUsd: number | null;
  /** The median log return with that sale (or at the end of the range when not reached). */
  readonly achievedLogReturn: number;
  /**
   * 'ok': reached within the tolerance; 'cliff': the median jumps across the target at `saleUsd` (from
   * `cliffFrom` just below the size to `achievedLogReturn` at it: a cascade switches on), so no size gives the
   * target itself; 'target-above-baseline': passed with no sale; 'beyond-range': not reached by 1e13 USD.
   */
  readonly status: 'ok' | 'cliff' | 'target-above-baseline' | 'beyond-range';
  readonly cliffFrom: number | null;
  readonly iterations: number;
}

const LO = 1e4;
const HI = 1e13;

/**
 * The median final log return of `paths` paths of a compiled coalition with an extra sale of `usd` spread over
 * `minutes` from the start. The coalition is compiled once per solve; a trial only adds the sale's schedule to
 * its exogenous flow (what compileRun would do with the sale among the shocks).
 */
function medianFinalLog(
  c: CompiledRun,
  cfg: EngineConfig,
  paths: number,
  usd: number,
  minutes: number,
): number {
  let run = c;
  if (usd > 0) {
    const sale = shockSchedule([{ kind: 'sell', usd, minutes }], cfg.steps, cfg.stepMinutes).flowUsd;
    const exoFlow = Float64Array.from(c.exoFlow, (v, t) => v + sale[t]);
    const shockRow = c.exoByPlayer[c.exoByPlayer.length - 1];
    run = {
      ...c,
      exoFlow,
      exoByPlayer: [...c.exoByPlayer.slice(0, -1), Float64Array.from(shockRow, (v, t) => v + sale[t])],
    };
  }
  const [r] = runChunkForRuns([run], { ...cfg, reportEvery: cfg.steps, maxEventSamples: 0 }, 0, paths);
  const last = Float64Array.from({ length: paths }, (_, p) => r.logPrices[p * 2 + 1] - c.spotLog).sort();
  const mid = (paths - 1) / 2;
  return 0.5 * (last[Math.floor(mid)] + last[Math.ceil(mid)]);
}

/**
 * The sale (USD over `minutes`) whose median log return over the horizon is `targetLogReturn` (< 0), within
 * `tol` in log return.
 * @example solveSale(players, 1, setup, cfg, 1, -0.04, 0).saleUsd // 5e7 for the Proof 5 cascade
 */
export function solveSale(
  players: readonly SimPlayer[],
  mask: number,
  setup: CompileSetup,
  cfg: EngineConfig,
  paths: number,
  targetLogReturn: number,
  minutes: number,
  tol = 1e-5,
): SaleSolution {
  const c = compileRun(players, mask, { ...setup, perChannel: false });
  const at = (usd: number) => medianFinalLog(c, cfg, paths, usd, minutes);
  const base = at(0);
  if (base <= targetLogReturn)
    return {
      saleUsd: 0,
      achievedLogReturn: base,
      status: 'target-above-baseline',
      cliffFrom: null,
      iterations: 0,
    };
  let lo = Math.log(LO);
  let hi = Math.log(HI);
  let rLo = base;
  let rHi = at(HI);
  if (rHi > targetLogReturn)
    return { saleUsd: null, achievedLogReturn: rHi, status: 'beyond-range', cliffFrom: null, iterations: 1 };
  let it = 0;
  // Invariant: median(lo) > target ≥ median(hi).
  for (; it < 100 && hi - lo > 1e-10; it++) {
    const mid = 0.5 * (lo + hi);
    const r = at(Math.exp(mid));
    if (r > targetLogReturn) {
      lo = mid;
      rLo = r;
    } else {
      hi = mid;
      rHi = r;
    }
    if (targetLogReturn - rHi <= tol)
      return {
        saleUsd: Math.exp(hi),
        achievedLogReturn: rHi,
        status: 'ok',
        cliffFrom: null,
        iterations: it + 1,
      };
  }
  return {
    saleUsd: Math.exp(hi),
    achievedLogReturn: rHi,
    status: targetLogReturn - rHi <= tol ? 'ok' : 'cliff',
    cliffFrom: rLo,
    iterations: it,
  };
}
