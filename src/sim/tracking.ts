/*
 * How far a simulated path is from an observed one (docs/METHODS.md §12.11). Pure. The simulated path is
 * given at report minutes (ascending) and read between them linearly in log price; each observed point is an
 * hourly close at its minute from the start. The gap is ln(simulated / observed): its root mean square over the
 * observed points and its largest magnitude (with the minute where it is reached).
 */

export interface ObservedPoint {
  /** Minutes from the start of the run. */
  readonly minute: number;
  readonly usd: number;
}

export interface PathTracking {
  readonly points: number;
  /** √(mean of ln(sim/obs)²); null without points. */
  readonly rmseLog: number | null;
  /** max |ln(sim/obs)|; null without points. */
  readonly maxAbsLog: number | null;
  /** Minute of that largest gap. */
  readonly maxAtMinute: number | null;
  /** ln(sim/obs) at each observed point, in order. */
  readonly gaps: readonly number[];
}

/** The simulated price at `minute`, linear in log price between report minutes (held flat beyond them). */
export function pathAt(minutes: ArrayLike<number>, prices: ArrayLike<number>, minute: number): number {
  const n = minutes.length;
  if (n === 0) return Number.NaN;
  if (minute <= minutes[0]) return prices[0];
  if (minute >= minutes[n - 1]) return prices[n - 1];
  let k = 0;
  while (k < n - 2 && minutes[k + 1] < minute) k++;
  const w = (minute - minutes[k]) / (minutes[k + 1] - minutes[k]);
  return Math.exp((1 - w) * Math.log(prices[k]) + w * Math.log(prices[k + 1]));
}

/**
 * @example trackPath([0, 60], [100, 100], [{ minute: 60, usd: 100 * Math.exp(0.02) }]).rmseLog // 0.02
 */
export function trackPath(
  minutes: ArrayLike<number>,
  prices: ArrayLike<number>,
  observed: readonly ObservedPoint[],
): PathTracking {
  const gaps = observed.map((p) => Math.log(pathAt(minutes, prices, p.minute) / p.usd));
  if (gaps.length === 0) return { points: 0, rmseLog: null, maxAbsLog: null, maxAtMinute: null, gaps };
  let ss = 0;
  let worst = 0;
  for (let i = 0; i < gaps.length; i++) {
    ss += gaps[i] * gaps[i];
    if (Math.abs(gaps[i]) > Math.abs(gaps[worst])) worst = i;
  }
  return {
    points: gaps.length,
    rmseLog: Math.sqrt(ss / gaps.length),
    maxAbsLog: Math.abs(gaps[worst]),
    maxAtMinute: observed[worst].minute,
    gaps,
  };
}
