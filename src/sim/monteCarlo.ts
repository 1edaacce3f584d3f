import { type ChunkResult, type EngineConfig, type JumpEvent, pathNoise, runPaths } from './cascade.js';
import type { CompiledRun } from './compile.js';

/*
 * Monte Carlo: run N paths of one compiled coalition (in chunks; the same paths whatever the chunking, since
 * each path has its own seeded stream) and summarise them (docs/METHODS.md §12.7). Pure; the worker pool in
 * src/app/ produces the same chunks in parallel and calls `summarise` on them.
 */

export interface Distribution {
  readonly mean: number;
  readonly p05: number;
  readonly p50: number;
  readonly p95: number;
}

export interface TriggerEvent {
  readonly channel: string;
  readonly price: number;
  readonly direction: 'down' | 'up';
  readonly tradeUsd: number;
  /** Share of paths on which it fired. */
  readonly probability: number;
  /** Mean and earliest step at which it fired (null when it never did). */
  readonly meanStep: number | null;
  readonly firstStep: number | null;
}

export interface SimSummary {
  readonly paths: number;
  readonly steps: number;
  readonly stepMinutes: number;
  readonly spot: number;
  readonly reportSteps: readonly number[];
  /** Price quantiles (USD) at each report step. */
  readonly quantiles: {
    readonly p05: number[];
    readonly p25: number[];
    readonly p50: number[];
    readonly p75: number[];
    readonly p95: number[];
  };
  /** Max drawdown from the running peak (decimal). */
  readonly drawdown: Distribution;
  /** Histogram of drawdowns: `edges` (decimal, n + 1) and `counts` (n). */
  readonly drawdownHistogram: { readonly edges: number[]; readonly counts: number[] };
  /** S_T / S_0 − 1. */
  readonly final: Distribution;
  /** Mean forced trade (USD) per report bucket, per player with the shocks last (key 'shock'). */
  readonly flows: readonly { readonly key: string; readonly usd: number[] }[];
  readonly jumps: {
    readonly count: number;
    readonly probability: number;
    readonly samples: readonly JumpEvent[];
    readonly largest: JumpEvent | null;
    /** Steps at which some path jumped: share of paths, geometric-mean price before and after. */
    readonly byStep: readonly { step: number; probability: number; fromPrice: number; toPrice: number }[];
  };
  readonly triggers: readonly TriggerEvent[];
}

/** Type-7 quantile of an ascending-sorted array. */
export function quantileSorted(s: ArrayLike<number>, p: number): number {
  const n = s.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return s[lo] + (h - lo) * (s[hi] - s[lo]);
}

function distribution(xs: Float64Array): Distribution {
  const s = Float64Array.from(xs).sort();
  let sum = 0;
  for (const v of xs) sum += v;
  return {
    mean: sum / xs.length,
    p05: quantileSorted(s, 0.05),
    p50: quantileSorted(s, 0.5),
    p95: quantileSorted(s, 0.95),
  };
}

/** Concatenate per-path arrays of chunks in path order. */
function concat(chunks: readonly ChunkResult[], pick: (c: ChunkResult) => Float64Array): Float64Array {
  const total = chunks.reduce((a, c) => a + pick(c).length, 0);
  const out = new Float64Array(total);
  let o = 0;
  for (const c of chunks) {
    out.set(pick(c), o);
    o += pick(c).length;
  }
  return out;
}

/** Split N paths into at most `parts` contiguous chunks. */
export function splitPaths(paths: number, parts: number): { from: number; count: number }[] {
  const k = Math.max(1, Math.min(parts, paths));
  const out: { from: number; count: number }[] = [];
  for (let i = 0; i < k; i++) {
    const from = Math.floor((paths * i) / k);
    const to = Math.floor((paths * (i + 1)) / k);
    if (to > from) out.push({ from, count: to - from });
  }
  return out;
}

/** Merge chunk results (any order) into one summary. */
export function summarise(c: CompiledRun, cfg: EngineConfig, chunksIn: readonly ChunkResult[]): SimSummary {
  const chunks = [...chunksIn].sort((a, b) => a.from - b.from);
  const paths = chunks.reduce((a, ch) => a + ch.count, 0);
  if (paths === 0) throw new RangeError('no paths to summarise');
  const rs = chunks[0].reportSteps;
  const nReport = rs.length;
  const nBuckets = nReport - 1;
  const logPrices = concat(chunks, (ch) => ch.logPrices);
  const col = new Float64Array(paths);
  const q = {
    p05: [] as number[],
    p25: [] as number[],
    p50: [] as number[],
    p75: [] as number[],
    p95: [] as number[],
  };
  for (let r = 0; r < nReport; r++) {
    for (let p = 0; p < paths; p++) col[p] = logPrices[p * nReport + r];
    col.sort();
    q.p05.push(Math.exp(quantileSorted(col, 0.05)));
    q.p25.push(Math.exp(quantileSorted(col, 0.25)));
    q.p50.push(Math.exp(quantileSorted(col, 0.5)));
    q.p75.push(Math.exp(quantileSorted(col, 0.75)));
    q.p95.push(Math.exp(quantileSorted(col, 0.95)));
  }
  const dd = concat(chunks, (ch) => ch.drawdown);
  const fin = concat(chunks, (ch) => ch.finalReturn);
  const nPlayers = c.keys.length;
  const flows: { key: string; usd: number[] }[] = [];
  for (let i = 0; i <= nPlayers; i++) {
    const usd = new Array<number>(nBuckets).fill(0);
    const exo = c.exoByPlayer[i];
    for (let t = 0; t < cfg.steps; t++)
      usd[Math.min(nBuckets - 1, Math.floor(t / cfg.reportEvery))] += exo[t];
    if (i < nPlayers)
      for (const ch of chunks)
        for (let b = 0; b < nBuckets; b++) usd[b] += ch.flowSum[i * nBuckets + b] / paths;
    flows.push({ key: i < nPlayers ? c.keys[i] : 'shock', usd });
  }
  const triggers: TriggerEvent[] = [];
  const addTriggers = (dir: 'down' | 'up') => {
    const X = dir === 'down' ? c.downX : c.upX;
    for (let k = 0; k < X.length; k++) {
      let fired = 0;
      let stepSum = 0;
      let first = cfg.steps;
      for (const ch of chunks) {
        fired += dir === 'down' ? ch.downFiredPaths[k] : ch.upFiredPaths[k];
        stepSum += dir === 'down' ? ch.downStepSum[k] : ch.upStepSum[k];
        first = Math.min(first, dir === 'down' ? ch.downMinStep[k] : ch.upMinStep[k]);
      }
      triggers.push({
        channel: c.keys[dir === 'down' ? c.downOwner[k] : c.upOwner[k]],
        price: Math.exp(X[k]),
        direction: dir,
        tradeUsd: dir === 'down' ? c.downTrade[k] : c.upTrade[k],
        probability: fired / paths,
        meanStep: fired > 0 ? stepSum / fired : null,
        firstStep: fired > 0 ? first : null,
      });
    }
  };
  addTriggers('down');
  addTriggers('up');
  let largest: JumpEvent | null = null;
  for (const ch of chunks) {
    const l = ch.largestJump;
    if (
      l &&
      (!largest ||
        Math.abs(Math.log(l.toPrice / l.fromPrice)) > Math.abs(Math.log(largest.toPrice / largest.fromPrice)))
    )
      largest = l;
  }
  const byStep: { step: number; probability: number; fromPrice: number; toPrice: number }[] = [];
  for (let t = 0; t < cfg.steps; t++) {
    let n = 0;
    let from = 0;
    let to = 0;
    for (const ch of chunks) {
      n += ch.jumpStepCount[t];
      from += ch.jumpFromLogSum[t];
      to += ch.jumpToLogSum[t];
    }
    if (n > 0)
      byStep.push({
        step: t,
        probability: n / paths,
        fromPrice: Math.exp(from / n),
        toPrice: Math.exp(to / n),
      });
  }
  return {
    paths,
    steps: cfg.steps,
    stepMinutes: cfg.stepMinutes,
    spot: c.spot,
    reportSteps: rs,
    quantiles: q,
    drawdown: distribution(dd),
    drawdownHistogram: histogram(dd, 20),
    final: distribution(fin),
    flows,
    jumps: {
      count: chunks.reduce((a, ch) => a + ch.jumpCount, 0),
      probability: chunks.reduce((a, ch) => a + ch.jumpPaths, 0) / paths,
      samples: chunks.flatMap((ch) => ch.jumpSamples).slice(0, cfg.maxEventSamples),
      largest,
      byStep,
    },
    triggers,
  };
}

function histogram(xs: Float64Array, bins: number): { edges: number[]; counts: number[] } {
  let hi = 0;
  for (const v of xs) if (v > hi) hi = v;
  const width = hi > 0 ? hi / bins : 1 / bins;
  const edges = Array.from({ length: bins + 1 }, (_, i) => i * width);
  const counts = new Array<number>(bins).fill(0);
  for (const v of xs) counts[Math.min(bins - 1, Math.floor(v / width))]++;
  return { edges, counts };
}

/** Run N paths in this thread (in `chunks` pieces: same result for any value) and summarise them. */
export function simulate(c: CompiledRun, cfg: EngineConfig, paths: number, chunks = 1): SimSummary {
  return summarise(
    c,
    cfg,
    splitPaths(paths, chunks).map((s) => runPaths(c, cfg, s.from, s.count)),
  );
}

/**
 * One chunk of paths through several compiled runs (the coalitions of an attribution): the noise of the chunk
 * is drawn once and shared, so every coalition sees the same paths. Returns one ChunkResult per run.
 */
export function runChunkForRuns(
  runs: readonly CompiledRun[],
  cfg: EngineConfig,
  from: number,
  count: number,
): ChunkResult[] {
  const noise = cfg.noiseVol > 0 ? pathNoise(cfg, from, count) : null;
  return runs.map((c) => runPaths(c, cfg, from, count, noise));
}
