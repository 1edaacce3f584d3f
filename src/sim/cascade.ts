import type { CompiledRun } from './compile.js';
import {
  type DepthCollapse,
  type ImpactModel,
  lambdaPerUsd,
  propagatorKernel,
  sqrtImpact,
} from './impact.js';
import { pathRng } from './rng.js';

/*
 * The cascade engine: simulate paths of BTC log price through one compiled coalition (docs/METHODS.md §12.5).
 * Pure (no node:*): the worker pool in src/app/ only splits paths across threads.
 *
 * Each step t (length Δ minutes): fundamental noise σ·√(Δ/525,600)·z (z one standard normal per path and step,
 * always drawn, so runs with the same seed share their noise: common random numbers), the gap shock at t = 0,
 * the exogenous flow E_t, the decay of transient impact (propagator), and the channels' forced trades. With
 * `implicit` clearing the new log price y solves the same-step fixed point
 *
 *     P(y) = fund + Impact(E + [R(y) − R(anchor)] + T(y)) − y = 0,
 *
 * R the summed reversible curve (hedgers, trade R(to) − R(from)), T the one-shot triggers reached on the way.
 * y is found by walking from the current price in the direction of the pressure P, cell by cell of the grid
 * and trigger by trigger, to the first zero: inside a cell P is linear (linear and propagator impact; solved
 * exactly) or monotone-concave (sqrt; bisection). A trigger reached on the way fires once (its flag is set for
 * the rest of the path) and its trade joins T. Where the walk crosses a piece on which P does not move towards
 * zero (local feedback ratio κ = λ·dR/d ln S ≥ 1) there is no continuous solution near the start: the price
 * jumps to the next stable zero and a jump event is recorded. The walk ends (no NaN, no oscillation): it only
 * reverses when a trigger fires, and each fires once; beyond the grid the curves are flat and the root is
 * explicit. `lagged` clearing is the explicit scheme: the channels' response to the move of step t trades at
 * step t + 1 (AR(1) increments when κ is constant, §12.6).
 */

export interface EngineConfig {
  readonly steps: number;
  readonly stepMinutes: number;
  /** Annualised volatility of the fundamental noise on log price (0 = deterministic). */
  readonly noiseVol: number;
  readonly impact: ImpactModel;
  readonly depthCollapse: DepthCollapse;
  readonly clearing: 'implicit' | 'lagged';
  /** Hedgers rebalance every this many steps (1 = every step). Triggers act at once whatever this is. */
  readonly hedgeEverySteps: number;
  /**
   * Hedging band (log price, 0 = none): on a rebalancing step hedgers trade only when the price at the start
   * of the step is more than this away from where they last hedged; they then rebalance to the step's price.
   */
  readonly hedgeBand: number;
  readonly seed: number;
  /** Prices are kept every this many steps (and at the last step). */
  readonly reportEvery: number;
  /** At most this many jump events are kept as samples per chunk. */
  readonly maxEventSamples: number;
}

export interface JumpEvent {
  readonly path: number;
  readonly step: number;
  readonly fromPrice: number;
  readonly toPrice: number;
}

/** What a chunk of paths [from, from + count) produced; chunks merge exactly (monteCarlo.ts). */
export interface ChunkResult {
  readonly from: number;
  readonly count: number;
  readonly reportSteps: readonly number[];
  /** Log price at each report step, path-major: [path · nReport + r]. */
  readonly logPrices: Float64Array;
  /** Max drawdown from the running peak (decimal, ≥ 0) per path. */
  readonly drawdown: Float64Array;
  /** S_T / S_0 − 1 per path. */
  readonly finalReturn: Float64Array;
  /** Σ over paths of each player's forced trades (USD) per report bucket: [player · nBuckets + b]. */
  readonly flowSum: Float64Array;
  readonly jumpCount: number;
  readonly jumpPaths: number;
  readonly jumpSamples: readonly JumpEvent[];
  readonly largestJump: JumpEvent | null;
  /** Per step: how many paths jumped then, and the Σ of their log prices before and after the jump. */
  readonly jumpStepCount: Int32Array;
  readonly jumpFromLogSum: Float64Array;
  readonly jumpToLogSum: Float64Array;
  /** Per trigger (order of the compiled lists): on how many paths it fired, Σ and min of the step it fired at. */
  readonly downFiredPaths: Int32Array;
  readonly downStepSum: Float64Array;
  readonly downMinStep: Int32Array;
  readonly upFiredPaths: Int32Array;
  readonly upStepSum: Float64Array;
  readonly upMinStep: Int32Array;
}

/** Report steps: 0, e, 2e, …, and always the last step. */
export function reportSteps(steps: number, every: number): number[] {
  const out: number[] = [];
  for (let t = 0; t < steps; t += every) out.push(t);
  out.push(steps);
  return out;
}

const MINUTES_PER_YEAR = 525_600;

/**
 * The standard normals of paths [from, from + count), path-major ([k · steps + t]): exactly the draws the engine
 * makes itself, so a run given them is identical to one without. Generated once, they serve every coalition of
 * an attribution (common random numbers without re-drawing).
 */
export function pathNoise(cfg: EngineConfig, from: number, count: number): Float64Array {
  const out = new Float64Array(count * cfg.steps);
  for (let k = 0; k < count; k++) {
    const rng = pathRng(cfg.seed, from + k);
    for (let t = 0; t < cfg.steps; t++) out[k * cfg.steps + t] = rng.normal();
  }
  return out;
}

/**
 * Simulate paths [from, from + count) of a compiled run. `noise` (from {@link pathNoise} for the same paths)
 * replaces the per-path generators; the result is the same.
 */
export function runPaths(
  c: CompiledRun,
  cfg: EngineConfig,
  from: number,
  count: number,
  noise: Float64Array | null = null,
): ChunkResult {
  if (noise !== null && noise.length !== count * cfg.steps)
    throw new RangeError(`noise has ${noise.length} values, expected ${count * cfg.steps}`);
  if (!(cfg.steps >= 1 && Number.isInteger(cfg.steps)))
    throw new RangeError(`steps must be a positive integer`);
  const e = new PathEngine(c, cfg);
  const rs = reportSteps(cfg.steps, cfg.reportEvery);
  const nReport = rs.length;
  const nBuckets = nReport - 1;
  const nPlayers = c.keys.length;
  const logPrices = new Float64Array(count * nReport);
  const drawdown = new Float64Array(count);
  const finalReturn = new Float64Array(count);
  const flowSum = new Float64Array(nPlayers * nBuckets);
  const nDown = c.downX.length;
  const nUp = c.upX.length;
  const res = {
    downFiredPaths: new Int32Array(nDown),
    downStepSum: new Float64Array(nDown),
    downMinStep: new Int32Array(nDown).fill(cfg.steps),
    upFiredPaths: new Int32Array(nUp),
    upStepSum: new Float64Array(nUp),
    upMinStep: new Int32Array(nUp).fill(cfg.steps),
  };
  e.flowSum = flowSum;
  e.nBuckets = nBuckets;
  for (let k = 0; k < count; k++) {
    e.runPath(from + k, logPrices, k * nReport, rs, noise, k * cfg.steps);
    drawdown[k] = -Math.expm1(-e.maxDdLog);
    finalReturn[k] = Math.expm1(e.x - c.spotLog);
    for (let i = 0; i < nDown; i++) {
      const s = e.downStep[i];
      if (s >= 0) {
        res.downFiredPaths[i]++;
        res.downStepSum[i] += s;
        if (s < res.downMinStep[i]) res.downMinStep[i] = s;
      }
    }
    for (let i = 0; i < nUp; i++) {
      const s = e.upStep[i];
      if (s >= 0) {
        res.upFiredPaths[i]++;
        res.upStepSum[i] += s;
        if (s < res.upMinStep[i]) res.upMinStep[i] = s;
      }
    }
  }
  return {
    from,
    count,
    reportSteps: rs,
    logPrices,
    drawdown,
    finalReturn,
    flowSum,
    jumpCount: e.jumpCount,
    jumpPaths: e.jumpPaths,
    jumpSamples: e.jumpSamples,
    largestJump: e.largestJump,
    jumpStepCount: e.jumpStepCount,
    jumpFromLogSum: e.jumpFromLogSum,
    jumpToLogSum: e.jumpToLogSum,
    ...res,
  };
}

class PathEngine {
  // compiled
  private readonly c: CompiledRun;
  private readonly cfg: EngineConfig;
  private readonly R: Float64Array;
  /** Slope of R on each cell, USD per unit log price. */
  private readonly S: Float64Array;
  private readonly x0: number;
  private readonly h: number;
  private readonly n: number;
  private readonly xTop: number;
  private readonly lam0: number;
  private readonly sig: number;
  private readonly isSqrt: boolean;
  private readonly kind: ImpactModel['kind'];
  private readonly expDecay: number;
  private readonly expPermanent: number;
  private readonly dK: Float64Array | null;
  private readonly hist: Float64Array;
  private readonly collapse: boolean;
  private readonly activeCurves: { owner: number; r: Float64Array }[];
  // per step
  private fund = 0;
  private lam = 0;
  private mult = 1;
  private E = 0;
  private hedgeOn = true;
  private Ra = 0;
  private C = 0;
  private T = 0;
  private jumped = false;
  private step = 0;
  private bucket = 0;
  // per path
  x = 0;
  maxDdLog = 0;
  private dp = 0;
  private up = 0;
  readonly downStep: Int32Array;
  readonly upStep: Int32Array;
  // per chunk
  flowSum: Float64Array = new Float64Array(0);
  nBuckets = 0;
  jumpCount = 0;
  jumpPaths = 0;
  jumpSamples: JumpEvent[] = [];
  largestJump: JumpEvent | null = null;
  readonly jumpStepCount: Int32Array;
  readonly jumpFromLogSum: Float64Array;
  readonly jumpToLogSum: Float64Array;

  constructor(c: CompiledRun, cfg: EngineConfig) {
    this.c = c;
    this.cfg = cfg;
    this.R = c.R;
    this.S = new Float64Array(Math.max(0, c.n - 1));
    for (let j = 0; j + 1 < c.n; j++) this.S[j] = (c.R[j + 1] - c.R[j]) / c.h;
    this.x0 = c.x0;
    this.h = c.h;
    this.n = c.n;
    this.xTop = c.x0 + (c.n - 1) * c.h;
    this.lam0 = lambdaPerUsd(cfg.impact.depth1PctUsd);
    this.sig = cfg.noiseVol * Math.sqrt(cfg.stepMinutes / MINUTES_PER_YEAR);
    this.kind = cfg.impact.kind;
    this.isSqrt = cfg.impact.kind === 'sqrt';
    const im = cfg.impact;
    this.expDecay =
      im.kind === 'propagator' && im.kernel === 'exp' ? 2 ** (-cfg.stepMinutes / im.halfLifeMinutes) : 1;
    this.expPermanent = im.kind === 'propagator' ? im.permanent : 1;
    if (im.kind === 'propagator' && im.kernel === 'power') {
      const dK = new Float64Array(cfg.steps + 1);
      for (let t = 1; t <= cfg.steps; t++)
        dK[t] = propagatorKernel(im, t * cfg.stepMinutes) - propagatorKernel(im, (t - 1) * cfg.stepMinutes);
      this.dK = dK;
    } else this.dK = null;
    this.hist = new Float64Array(this.dK ? cfg.steps : 0);
    this.collapse = cfg.depthCollapse.floor < 1;
    this.jumpStepCount = new Int32Array(cfg.steps);
    this.jumpFromLogSum = new Float64Array(cfg.steps);
    this.jumpToLogSum = new Float64Array(cfg.steps);
    this.downStep = new Int32Array(c.downX.length);
    this.upStep = new Int32Array(c.upX.length);
    this.activeCurves = [];
    c.channelR.forEach((r, owner) => {
      if (r?.some((v) => v !== 0)) this.activeCurves.push({ owner, r });
    });
  }

  private at(r: Float64Array, y: number): number {
    const u = (y - this.x0) / this.h;
    if (u <= 0) return r[0];
    if (u >= this.n - 1) return r[this.n - 1];
    const j = Math.floor(u);
    return r[j] + (u - j) * (r[j + 1] - r[j]);
  }

  private impactOf(q: number): number {
    if (!this.isSqrt) return this.lam * q;
    const im = this.cfg.impact as Extract<ImpactModel, { kind: 'sqrt' }>;
    return (
      this.mult *
      (sqrtImpact(this.C + q, im.depth1PctUsd, im.dailyVol, im.dailyVolumeUsd, im.y) -
        sqrtImpact(this.C, im.depth1PctUsd, im.dailyVol, im.dailyVolumeUsd, im.y))
    );
  }

  private pressure(y: number, T: number): number {
    const dR = this.hedgeOn ? this.at(this.R, y) - this.Ra : 0;
    return this.fund + this.impactOf(this.E + dR + T) - y;
  }

  /** The zero of P between a (P = pa) and b (P = pb) of opposite signs, on one piece. */
  private rootOn(a: number, b: number, pa: number, pb: number, T: number): number {
    if (!this.isSqrt) return a + (b - a) * (pa / (pa - pb));
    let lo = a;
    let hi = b;
    for (let i = 0; i < 60; i++) {
      const mid = 0.5 * (lo + hi);
      const pm = this.pressure(mid, T);
      if (pm === 0) return mid;
      if (pm < 0 === pa < 0) lo = mid;
      else hi = mid;
    }
    return 0.5 * (lo + hi);
  }

  private fire(dir: 'down' | 'up', k: number): void {
    const c = this.c;
    const trade = dir === 'down' ? c.downTrade[k] : c.upTrade[k];
    const owner = dir === 'down' ? c.downOwner[k] : c.upOwner[k];
    if (dir === 'down') this.downStep[k] = this.step;
    else this.upStep[k] = this.step;
    this.T += trade;
    this.flowSum[owner * this.nBuckets + this.bucket] += trade;
  }

  /**
   * `walk` for impact linear in the step's flow (linear, propagator): P is linear on each cell, so every piece
   * is solved from the cell slope without evaluating the curve. `p0` is P(x).
   */
  private walkLinear(x: number, p0: number): number {
    const { downX, upX, downTrade, upTrade } = this.c;
    const nDown = downX.length;
    const nUp = upX.length;
    const { x0, h, n, xTop, S } = this;
    const lamH = this.hedgeOn ? this.lam : 0;
    const lam = this.lam;
    let y = x;
    let p = p0;
    this.T = 0;
    const maxIter = 4 * (n + nDown + nUp) + 64;
    for (let guard = 0; p !== 0; guard++) {
      if (guard > maxIter) throw new Error('clearing did not terminate (engine bug)');
      if (p < 0) {
        // the cell below y: nodes j and j + 1 with x0 + j·h < y ≤ x0 + (j + 1)·h
        let j: number;
        if (y > xTop) j = n - 1;
        else {
          j = Math.ceil((y - x0) / h) - 1;
          if (x0 + j * h >= y) j--;
        }
        const nodeY = j >= 0 ? x0 + j * h : Number.NEGATIVE_INFINITY;
        const slope = j >= 0 && j < n - 1 ? S[j] : 0;
        const isTrig = this.dp < nDown && downX[this.dp] >= nodeY;
        const end = isTrig ? downX[this.dp] : nodeY;
        const d = 1 - lamH * slope; // P(y − δ) = p + d·δ on this piece
        if (d > 0) {
          const root = y + p / d;
          if (root > end) {
            y = root;
            break;
          }
        } else if (end < y) this.jumped = true;
        p += d * (y - end);
        y = end;
        if (isTrig) {
          const k = this.dp++;
          if (this.downStep[k] < 0) {
            this.fire('down', k);
            p += lam * downTrade[k];
          }
        }
      } else {
        let j: number;
        if (y < x0) j = -1;
        else {
          j = Math.floor((y - x0) / h);
          if (x0 + (j + 1) * h <= y) j++;
        }
        // the cell above y: nodes j and j + 1 with x0 + j·h ≤ y < x0 + (j + 1)·h
        const nodeY = j + 1 <= n - 1 ? x0 + (j + 1) * h : Number.POSITIVE_INFINITY;
        const slope = j >= 0 && j < n - 1 ? S[j] : 0;
        const isTrig = this.up < nUp && upX[this.up] <= nodeY;
        const end = isTrig ? upX[this.up] : nodeY;
        const d = 1 - lamH * slope; // P(y + δ) = p − d·δ
        if (d > 0) {
          const root = y + p / d;
          if (root < end) {
            y = root;
            break;
          }
        } else if (end > y) this.jumped = true;
        p -= d * (end - y);
        y = end;
        if (isTrig) {
          const k = this.up++;
          if (this.upStep[k] < 0) {
            this.fire('up', k);
            p += lam * upTrade[k];
          }
        }
      }
    }
    this.syncPointers(y);
    return y;
  }

  /** Implicit clearing from x: the first zero of the pressure in its direction. */
  private walk(x: number): number {
    const c = this.c;
    const { downX, upX } = c;
    const nDown = downX.length;
    const nUp = upX.length;
    const { x0, h, n, xTop } = this;
    let y = x;
    this.T = 0;
    let p = this.pressure(y, 0);
    const maxIter = 4 * (n + nDown + nUp) + 64;
    for (let guard = 0; p !== 0; guard++) {
      if (guard > maxIter) throw new Error('clearing did not terminate (engine bug)');
      if (p < 0) {
        let i: number;
        if (y > xTop) i = n - 1;
        else {
          i = Math.ceil((y - x0) / h) - 1;
          if (x0 + i * h >= y) i--;
        }
        const nodeY = i >= 0 ? x0 + i * h : Number.NEGATIVE_INFINITY;
        const trigY = this.dp < nDown ? downX[this.dp] : Number.NEGATIVE_INFINITY;
        const isTrig = this.dp < nDown && trigY >= nodeY;
        const end = isTrig ? trigY : nodeY;
        if (end === Number.NEGATIVE_INFINITY) {
          y += p;
          break;
        }
        const pe = end === y ? p : this.pressure(end, this.T);
        if (pe > 0) {
          y = this.rootOn(y, end, p, pe, this.T);
          break;
        }
        if (end !== y && pe <= p) this.jumped = true;
        y = end;
        p = pe;
        if (isTrig) {
          const k = this.dp++;
          if (this.downStep[k] < 0) {
            this.fire('down', k);
            p = this.pressure(y, this.T);
          }
        }
      } else {
        let i: number;
        if (y < x0) i = 0;
        else {
          i = Math.floor((y - x0) / h) + 1;
          if (x0 + i * h <= y) i++;
        }
        const nodeY = i <= n - 1 ? x0 + i * h : Number.POSITIVE_INFINITY;
        const trigY = this.up < nUp ? upX[this.up] : Number.POSITIVE_INFINITY;
        const isTrig = this.up < nUp && trigY <= nodeY;
        const end = isTrig ? trigY : nodeY;
        if (end === Number.POSITIVE_INFINITY) {
          y += p;
          break;
        }
        const pe = end === y ? p : this.pressure(end, this.T);
        if (pe < 0) {
          y = this.rootOn(y, end, p, pe, this.T);
          break;
        }
        if (end !== y && pe >= p) this.jumped = true;
        y = end;
        p = pe;
        if (isTrig) {
          const k = this.up++;
          if (this.upStep[k] < 0) {
            this.fire('up', k);
            p = this.pressure(y, this.T);
          }
        }
      }
    }
    this.syncPointers(y);
    return y;
  }

  /** Triggers crossed by an explicit move x -> y fire (lagged clearing); returns their total trade. */
  private cross(x: number, y: number): number {
    const c = this.c;
    this.T = 0;
    if (y < x) {
      while (this.dp < c.downX.length && c.downX[this.dp] >= y) {
        const k = this.dp++;
        if (this.downStep[k] < 0) this.fire('down', k);
      }
    } else if (y > x) {
      while (this.up < c.upX.length && c.upX[this.up] <= y) {
        const k = this.up++;
        if (this.upStep[k] < 0) this.fire('up', k);
      }
    }
    this.syncPointers(y);
    return this.T;
  }

  /** Triggers passed in one direction become candidates again once the price is back on their far side. */
  private syncPointers(y: number): void {
    const { downX, upX } = this.c;
    while (this.dp > 0 && downX[this.dp - 1] < y) this.dp--;
    while (this.up > 0 && upX[this.up - 1] > y) this.up--;
  }

  runPath(
    path: number,
    out: Float64Array,
    offset: number,
    rs: readonly number[],
    noise: Float64Array | null,
    noiseOffset: number,
  ): void {
    const c = this.c;
    const cfg = this.cfg;
    const rng = this.sig > 0 && noise === null ? pathRng(cfg.seed, path) : null;
    const useNoise = this.sig > 0 && noise !== null;
    const spot = c.spotLog;
    let x = spot;
    let peak = spot;
    let maxDd = 0;
    let anchor = spot;
    let J = 0;
    let flowPrev = 0;
    this.C = 0;
    this.Ra = this.at(this.R, spot);
    this.downStep.fill(-1);
    this.upStep.fill(-1);
    this.dp = 0;
    while (this.dp < c.downX.length && c.downX[this.dp] > spot) this.dp++;
    this.up = 0;
    while (this.up < c.upX.length && c.upX[this.up] < spot) this.up++;
    let jumpedOnPath = false;
    let r = 0;
    const every = cfg.reportEvery;
    const k = cfg.hedgeEverySteps;
    const band = cfg.hedgeBand;
    const lagged = cfg.clearing === 'lagged';
    const isPropagator = this.kind === 'propagator';
    const collapse = this.collapse;
    const collapseSlope = 1 - cfg.depthCollapse.floor;
    const collapseAt = cfg.depthCollapse.atDrawdown;
    let bucket = 0;
    let inBucket = 0;
    const dK = this.dK;
    const hist = this.hist;
    const theta = this.expPermanent;
    out[offset + r++] = x;
    for (let t = 0; t < cfg.steps; t++) {
      this.step = t;
      this.bucket = bucket;
      if (++inBucket === every) {
        inBucket = 0;
        bucket++;
      }
      const z = useNoise ? (noise as Float64Array)[noiseOffset + t] : rng ? rng.normal() : 0;
      // depth collapse (impact.ts depthFactor), inlined: only below the running peak
      this.mult =
        collapse && x < peak ? 1 / (1 - collapseSlope * Math.min(1, -Math.expm1(x - peak) / collapseAt)) : 1;
      this.lam = this.lam0 * this.mult;
      let decay = 0;
      if (isPropagator) {
        if (dK) {
          for (let s = 0; s < t; s++) decay += hist[s] * dK[t - s];
        } else decay = J * (this.expDecay - 1);
      }
      const fundBase = x + this.sig * z + (t === 0 ? c.gapLog : 0) + decay;
      this.E = c.exoFlow[t];
      this.hedgeOn = (t + 1) % k === 0 && (band <= 0 || Math.abs(x - anchor) > band);
      this.jumped = false;
      let y: number;
      let q: number;
      let Ry: number;
      if (!lagged) {
        this.fund = fundBase;
        if (this.isSqrt) y = this.walk(x);
        else {
          const p0 =
            fundBase +
            this.lam * (this.E + (this.hedgeOn && anchor !== x ? this.at(this.R, x) - this.Ra : 0)) -
            x;
          y = this.walkLinear(x, p0);
        }
        Ry = this.hedgeOn ? this.at(this.R, y) : this.Ra;
        q = this.E + (Ry - this.Ra) + this.T;
      } else {
        this.fund = fundBase;
        q = this.E + flowPrev;
        y = fundBase + this.impactOf(q);
        Ry = this.hedgeOn ? this.at(this.R, y) : this.Ra;
        flowPrev = Ry - this.Ra + this.cross(x, y);
      }
      if (!Number.isFinite(y))
        throw new Error(`engine produced a non-finite price at path ${path}, step ${t}`);
      if (this.hedgeOn) {
        const bOff = this.bucket;
        for (const cc of this.activeCurves)
          this.flowSum[cc.owner * this.nBuckets + bOff] += this.at(cc.r, y) - this.at(cc.r, anchor);
        anchor = y;
        this.Ra = Ry;
      }
      if (this.isSqrt) this.C += q;
      else if (isPropagator) {
        if (dK) hist[t] = this.lam * q;
        else J = J * this.expDecay + (1 - theta) * this.lam * q;
      }
      if (this.jumped) {
        this.jumpCount++;
        this.jumpStepCount[t]++;
        this.jumpFromLogSum[t] += x;
        this.jumpToLogSum[t] += y;
        const ev = { path, step: t, fromPrice: Math.exp(x), toPrice: Math.exp(y) };
        if (this.jumpSamples.length < cfg.maxEventSamples) this.jumpSamples.push(ev);
        if (
          !this.largestJump ||
          Math.abs(y - x) > Math.abs(Math.log(this.largestJump.toPrice / this.largestJump.fromPrice))
        )
          this.largestJump = ev;
        jumpedOnPath = true;
      }
      x = y;
      if (x > peak) peak = x;
      else if (peak - x > maxDd) maxDd = peak - x;
      if (t + 1 === rs[r]) out[offset + r++] = x;
    }
    if (jumpedOnPath) this.jumpPaths++;
    this.x = x;
    this.maxDdLog = maxDd;
  }
}
