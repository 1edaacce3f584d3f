/*
 * The fragility map in words: the short terminal summary (largest forced-sell zones and their size, zero-gamma
 * levels, knock-in clusters, liquidation walls, the κ ≥ 1 zone, exogenous scenarios) and the rows the HTML
 * tables share.
 */
import { interpLog } from '../channels/grid.js';
import { fmtPct, fmtUsd } from '../core/format.js';
import { describeDepth, type FragilityMap } from './map.js';

function range(lo: number, hi?: number): string {
  return hi === undefined ? fmtUsd(lo) : `${fmtUsd(lo)}–${fmtUsd(hi)}`;
}

/** The flow of a channel (or the total) for a move to spot · (1 + move). */
export function flowAtMove(map: FragilityMap, flow: readonly number[], move: number): number {
  return interpLog(Float64Array.from(map.grid), flow, map.spot * (1 + move));
}

/** κ ≥ 1 zones merged when less than 1 % apart, the widest five named. */
function kappaText(zones: readonly { readonly price: number; readonly hi?: number }[]): string {
  const merged: { lo: number; hi: number }[] = [];
  for (const z of [...zones].sort((a, b) => a.price - b.price)) {
    const last = merged.at(-1);
    const hi = z.hi ?? z.price;
    if (last !== undefined && z.price <= last.hi * 1.01) last.hi = Math.max(last.hi, hi);
    else merged.push({ lo: z.price, hi });
  }
  if (merged.length === 0) return 'nowhere on the grid';
  const widest = [...merged]
    .sort((a, b) => b.hi / b.lo - a.hi / a.lo)
    .slice(0, 5)
    .sort((a, b) => a.lo - b.lo);
  return `${widest.map((z) => range(z.lo, z.hi)).join('; ')}${merged.length > 5 ? ` (and ${merged.length - 5} narrower)` : ''}`;
}

/** Lines of the terminal summary. */
export function summaryLines(map: FragilityMap): string[] {
  const lines: string[] = [];
  lines.push(
    `Fragility map at ${map.asOf}: BTC ${fmtUsd(map.spot)} (${map.spotSource.quality}), ${map.grid.length} grid points ${range(map.grid[0], map.grid.at(-1))}`,
  );
  const moves = [-0.1, -0.2, -0.3];
  lines.push('');
  lines.push(
    `${'Forced trade for a move from spot (+ buy, - sell):'.padEnd(52)}${moves.map((m) => fmtPct(m, 0).padStart(9)).join('')}`,
  );
  for (const c of map.channels) {
    const label = `  ${c.title} [${c.available ? c.quality : 'no data'}]`.padEnd(52);
    if (!c.available) lines.push(`${label}${c.diagnostics.reason}`);
    else if (c.trigger === 'exogenous')
      lines.push(`${label}scenario: ${fmtUsd(c.exogenousUsd)} (not price-driven)`);
    else
      lines.push(`${label}${moves.map((m) => fmtUsd(flowAtMove(map, c.flowUsd, m)).padStart(9)).join('')}`);
  }
  lines.push(
    `${'  Total (price-driven)'.padEnd(52)}${moves.map((m) => fmtUsd(flowAtMove(map, map.total.flowUsd, m)).padStart(9)).join('')}`,
  );
  const by = (kind: string) => map.levels.filter((l) => l.kind === kind);
  lines.push('');
  const zones = by('forced-sell-zone');
  lines.push(
    `Largest forced-sell zones: ${zones.map((z) => `${range(z.price, z.hi)} (${fmtUsd(z.sizeUsd)})`).join('; ') || 'none on the grid'}`,
  );
  lines.push(
    `Zero-gamma level(s): ${
      by('zero-gamma')
        .map((z) => fmtUsd(z.price))
        .join(', ') || 'none on the grid'
    }`,
  );
  lines.push(
    `Knock-in clusters: ${
      by('knock-in')
        .slice(0, 3)
        .map((z) => `${range(z.price, z.hi)} (${fmtUsd(z.sizeUsd)})`)
        .join('; ') || 'none'
    }`,
  );
  lines.push(
    `Liquidation walls: ${
      by('liquidation-wall')
        .slice(0, 3)
        .map((z) => `${range(z.price, z.hi)} (${fmtUsd(z.sizeUsd)})`)
        .join('; ') || 'none'
    }`,
  );
  const kappa = by('kappa-above-1');
  lines.push(
    map.depth === null
      ? 'κ: no depth given'
      : `κ ≥ 1 (forced flow per 1% ≥ depth per 1%): ${kappaText(kappa)}; depth: ${describeDepth(map.depth)}`,
  );
  if (map.total.exogenousUsd !== 0)
    lines.push(`Exogenous scenarios (not in the flow): ${fmtUsd(map.total.exogenousUsd)}`);
  const rec = map.channels.filter((c) => c.available && c.quality === 'reconstructed').map((c) => c.title);
  if (rec.length > 0) lines.push(`RECONSTRUCTED inputs (illustration, not evidence): ${rec.join(', ')}`);
  return lines;
}
