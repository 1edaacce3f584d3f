/*
 * Exogenous shocks (docs/METHODS.md §12.3). Pure.
 *  - `sell:USD[:MINUTES]`: a sale of USD (of BTC) spread evenly over MINUTES from the start of the run
 *    (0 or omitted = all in the first step). Suffixes k, m, b (thousand, million, billion) are accepted.
 *  - `gap:-5%`: the price gaps by −5 % (a log move of ln 0.95) at the start, before the channels respond;
 *    the channels then trade on that move like on any other.
 * Several shocks add up. Exogenous channels (basis unwind, fund de-grossing) are sales too: the engine
 * spreads their `exogenousUsd` over `exogenousMinutes` the same way.
 */

export type Shock =
  | { readonly kind: 'sell'; readonly usd: number; readonly minutes: number }
  | { readonly kind: 'gap'; readonly pct: number };

/** Thrown for a malformed shock spec; `message` names the spec and what is wrong. */
export class ShockSpecError extends Error {
  override readonly name = 'ShockSpecError';
}

function parseUsd(text: string, spec: string): number {
  const m = /^([0-9]+(?:\.[0-9]+)?)([kmb]?)$/i.exec(text.trim().replaceAll('_', '').replaceAll(',', ''));
  if (!m)
    throw new ShockSpecError(`--shock ${spec}: '${text}' is not an amount in USD (e.g. 50000000 or 50m)`);
  const mult = { '': 1, k: 1e3, m: 1e6, b: 1e9 }[m[2].toLowerCase() as '' | 'k' | 'm' | 'b'];
  return Number(m[1]) * mult;
}

/**
 * Parse one shock spec.
 * @example parseShock('sell:50m:30') // { kind: 'sell', usd: 50_000_000, minutes: 30 }
 * @example parseShock('gap:-5%') // { kind: 'gap', pct: -0.05 }
 */
export function parseShock(spec: string): Shock {
  const parts = spec.trim().split(':');
  const kind = parts[0]?.toLowerCase();
  if (kind === 'sell') {
    if (parts.length < 2 || parts.length > 3)
      throw new ShockSpecError(`--shock ${spec}: expected sell:USD[:MINUTES]`);
    const usd = parseUsd(parts[1], spec);
    if (!(usd > 0)) throw new ShockSpecError(`--shock ${spec}: the sale must be a positive amount`);
    const minutes = parts.length === 3 ? Number(parts[2]) : 0;
    if (!(Number.isFinite(minutes) && minutes >= 0) || parts[2]?.trim() === '')
      throw new ShockSpecError(`--shock ${spec}: MINUTES must be a number ≥ 0`);
    return { kind: 'sell', usd, minutes };
  }
  if (kind === 'gap') {
    const m = parts.length === 2 ? /^([+-]?[0-9]+(?:\.[0-9]+)?)%$/.exec(parts[1].trim()) : null;
    if (!m) throw new ShockSpecError(`--shock ${spec}: expected gap:-5% (a percentage with its sign)`);
    const pct = Number(m[1]) / 100;
    if (!(pct > -1 && pct !== 0))
      throw new ShockSpecError(`--shock ${spec}: the gap must be above −100 % and not 0`);
    return { kind: 'gap', pct };
  }
  throw new ShockSpecError(
    `--shock ${spec}: unknown shock '${parts[0]}' (use sell:USD[:MINUTES] or gap:-5%)`,
  );
}

/**
 * Spread `usd` evenly over [0, minutes) on steps of `stepMinutes` and add it into `out` (one entry per step):
 * step k gets the share of [k·Δ, (k+1)·Δ) that overlaps the window. minutes = 0 puts it all in step 0.
 */
export function addSpread(out: Float64Array, usd: number, minutes: number, stepMinutes: number): void {
  if (out.length === 0 || usd === 0) return;
  if (minutes <= 0) {
    out[0] += usd;
    return;
  }
  // A window longer than the horizon: what falls after the last step is not traded.
  const last = Math.min(out.length, Math.ceil(minutes / stepMinutes - 1e-12));
  for (let k = 0; k < last; k++) {
    const lo = k * stepMinutes;
    const hi = Math.min((k + 1) * stepMinutes, minutes);
    out[k] += (usd * (hi - lo)) / minutes;
  }
}

/** Flow schedule (USD per step, − sell) of the sale shocks, and the total log gap at the start. */
export function shockSchedule(
  shocks: readonly Shock[],
  steps: number,
  stepMinutes: number,
): { flowUsd: Float64Array; gapLog: number } {
  const flowUsd = new Float64Array(steps);
  let gapLog = 0;
  for (const s of shocks) {
    if (s.kind === 'sell') addSpread(flowUsd, -s.usd, s.minutes, stepMinutes);
    else gapLog += Math.log1p(s.pct);
  }
  return { flowUsd, gapLog };
}
