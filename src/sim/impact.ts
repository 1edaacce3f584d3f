/*
 * Price-impact models of the simulator (docs/METHODS.md §12.2). Pure. Units: flows in USD of BTC
 * (+ buy, − sell), price moves in log price, depth in USD per 1 % move, time in minutes.
 *
 *  - `linear` (permanent): Δ ln S = Q / (100 · D1%), so a net sale equal to the 1 % depth moves the log
 *    price by −1 % (A. S. Kyle, "Continuous auctions and insider trading", Econometrica 53(6), 1985,
 *    1315–1335: price linear in order flow, λ = 1/depth).
 *  - `sqrt`: the square-root law I(Q) = Y · σ_daily · √(|Q| / V_daily) of a metaorder's cumulative size Q
 *    (B. Tóth, Y. Lempérière, C. Deremble, J. de Lataillade, J. Kockelkoren and J.-P. Bouchaud, "Anomalous
 *    price impact and the critical nature of liquidity in financial markets", Phys. Rev. X 1, 021006, 2011;
 *    on Bitcoin over four decades of Q/V: J. Donier and J. Bonart, "A million metaorder analysis of market
 *    impact on the Bitcoin", Market Microstructure and Liquidity 1(2), 1550008, 2015). Below the crossover
 *    size Q* = (Yσ)² / (λ² V) the impact is linear with the depth slope λ (the latent order book's linear
 *    regime for small orders: J. Donier, J. Bonart, I. Mastromatteo and J.-P. Bouchaud, "A fully consistent,
 *    minimal model for non-linear market impact", Quantitative Finance 15(7), 2015, 1109–1121), so the
 *    function is continuous, concave in |Q| and never steeper than the linear model at the same depth.
 *  - `propagator`: transient impact, each step's flow moves the price by λ·q at once and then decays with a
 *    kernel K(τ), K(0) = 1: power law K = θ + (1 − θ)(1 + τ/τ0)^(−β) (J.-P. Bouchaud, Y. Gefen, M. Potters
 *    and M. Wyart, "Fluctuations and response in financial markets: the subtle nature of 'random' price
 *    changes", Quantitative Finance 4(2), 2004, 176–190) or exponential resilience K = θ + (1 − θ)·2^(−τ/h)
 *    (A. A. Obizhaeva and J. Wang, "Optimal trading strategy and supply/demand dynamics", Journal of
 *    Financial Markets 16(1), 2013, 1–32), θ the permanent fraction.
 *
 * Depth collapse (an assumption, not a fitted law): liquidity thins as the market falls; the impact of a
 * step is multiplied by 1 / f with f = 1 − (1 − floor) · min(1, dd / atDrawdown), dd the drawdown from the
 * running peak at the start of the step. floor = 1 switches it off.
 */

export type ImpactModel =
  | { readonly kind: 'linear'; readonly depth1PctUsd: number }
  | {
      readonly kind: 'sqrt';
      readonly depth1PctUsd: number;
      /** Daily traded volume, USD. */
      readonly dailyVolumeUsd: number;
      /** Daily volatility of log price (decimal, e.g. 0.03). */
      readonly dailyVol: number;
      /** The prefactor Y of order 1. */
      readonly y: number;
    }
  | {
      readonly kind: 'propagator';
      readonly depth1PctUsd: number;
      readonly kernel: 'exp' | 'power';
      /** Permanent fraction θ in [0, 1]. */
      readonly permanent: number;
      /** exp: half-life of the transient part, minutes. */
      readonly halfLifeMinutes: number;
      /** power: exponent β > 0 and time scale τ0 (minutes). */
      readonly beta: number;
      readonly tau0Minutes: number;
    };

export type ImpactKind = ImpactModel['kind'];

export interface DepthCollapse {
  /** Depth as a fraction of normal at `atDrawdown` and beyond (0 < floor ≤ 1; 1 = no collapse). */
  readonly floor: number;
  /** Drawdown (decimal) at which the depth reaches the floor. */
  readonly atDrawdown: number;
}

export const NO_COLLAPSE: DepthCollapse = { floor: 1, atDrawdown: 0.1 };

/**
 * Default parameters of the non-linear models (assumptions, stated wherever they are used; docs/METHODS.md
 * §12.2): Y = 1 ("of order 1", Tóth et al. 2011), daily volume $20B; the propagator half permanent with a
 * 30-minute half-life of the transient part (exp) or β = 0.4, τ0 = 1 minute (power).
 */
export const SQRT_DEFAULTS = { y: 1, dailyVolumeUsd: 20e9 } as const;
export const PROPAGATOR_DEFAULTS = {
  kernel: 'exp',
  permanent: 0.5,
  halfLifeMinutes: 30,
  beta: 0.4,
  tau0Minutes: 1,
} as const;

/** Log-price move per USD of net flow for the linear model: 1 / (100 · depth per 1 %). */
export function lambdaPerUsd(depth1PctUsd: number): number {
  return 1 / (100 * depth1PctUsd);
}

/** The crossover size Q* (USD) of the square-root model, where Yσ√(Q/V) = λQ. */
export function sqrtCrossoverUsd(m: Extract<ImpactModel, { kind: 'sqrt' }>): number {
  const lam = lambdaPerUsd(m.depth1PctUsd);
  const a = m.y * m.dailyVol;
  return (a * a) / (lam * lam * m.dailyVolumeUsd);
}

/**
 * Cumulative impact (log price) of a signed cumulative flow Q under the square-root model with its linear
 * small-size regime. Odd in Q.
 * @example sqrtImpact(1e9, 2e7, 0.03, 2e10, 1) // 0.03·√(0.05) ≈ 0.00671 (above the crossover)
 */
export function sqrtImpact(
  q: number,
  depth1PctUsd: number,
  dailyVol: number,
  dailyVolumeUsd: number,
  y: number,
) {
  const lam = lambdaPerUsd(depth1PctUsd);
  const a = y * dailyVol;
  const qStar = (a * a) / (lam * lam * dailyVolumeUsd);
  const aq = Math.abs(q);
  const mag = aq <= qStar ? lam * aq : a * Math.sqrt(aq / dailyVolumeUsd);
  return q < 0 ? -mag : mag;
}

/** Propagator kernel K(τ) for τ in minutes (K(0) = 1). */
export function propagatorKernel(
  m: Extract<ImpactModel, { kind: 'propagator' }>,
  tauMinutes: number,
): number {
  const transient =
    m.kernel === 'exp' ? 2 ** (-tauMinutes / m.halfLifeMinutes) : (1 + tauMinutes / m.tau0Minutes) ** -m.beta;
  return m.permanent + (1 - m.permanent) * transient;
}

/** Depth as a fraction of normal at drawdown `dd` (decimal). */
export function depthFactor(c: DepthCollapse, dd: number): number {
  if (c.floor >= 1 || dd <= 0) return 1;
  return 1 - (1 - c.floor) * Math.min(1, dd / c.atDrawdown);
}

/** Reject parameters that would make the engine produce nonsense (throws RangeError naming the field). */
export function validateImpact(m: ImpactModel, c: DepthCollapse): void {
  const pos = (name: string, v: number) => {
    if (!(Number.isFinite(v) && v > 0))
      throw new RangeError(`impact: ${name} must be a positive number, got ${v}`);
  };
  pos('depth1PctUsd', m.depth1PctUsd);
  if (m.kind === 'sqrt') {
    pos('dailyVolumeUsd', m.dailyVolumeUsd);
    pos('dailyVol', m.dailyVol);
    pos('y', m.y);
  } else if (m.kind === 'propagator') {
    if (!(m.permanent >= 0 && m.permanent <= 1))
      throw new RangeError(`impact: permanent must be in [0, 1], got ${m.permanent}`);
    if (m.kernel === 'exp') pos('halfLifeMinutes', m.halfLifeMinutes);
    else {
      pos('beta', m.beta);
      pos('tau0Minutes', m.tau0Minutes);
    }
  }
  if (!(c.floor > 0 && c.floor <= 1))
    throw new RangeError(`impact: depth-collapse floor must be in (0, 1], got ${c.floor}`);
  pos('depth-collapse atDrawdown', c.atDrawdown);
}
