import type { Cell, Table } from './csv.js';
import { roundTo } from './csv.js';
import type { Market } from './market.js';
import type { AnchorUse } from './provenance.js';
import { createRng } from './rng.js';
import { GENERATOR_SOURCE, SRC } from './sources.js';

/*
 * stress_series 'pb_multistrat_perf_z': a daily z-score of multi-strategy hedge funds' performance as a
 * prime broker reports it, signed so that positive = worse than usual (stress). Published: 3.5 on
 * 2026-02-04 (Goldman Sachs prime brokerage, quoted by Jeff Park; tradingkey). The rest is a seeded
 * AR(1) of Student-t(5) shocks kept inside |z| < 3, with reconstructed stress days at known market
 * shocks: 2024-08-05 (yen-carry unwind), 2025-01-27 (DeepSeek), 2025-04-03/04/07 (tariffs; Bloomberg
 * called 02-04 the multi-strategy equity book's worst day "since April", so April was worse). No day of
 * the event window other than the published one is set by hand.
 */

export const PB_Z_PUBLISHED = { date: '2026-02-04', value: 3.5, source: SRC.tradingkey } as const;

const SHOCK_DAYS: Readonly<Record<string, number>> = {
  '2024-08-05': 2.8,
  '2025-01-27': 2.4,
  '2025-04-03': 2.9,
  '2025-04-04': 3.8,
  '2025-04-07': 2.7,
};

/**
 * Builds stress_series.
 * @example buildStress(market).table.rows.find((r) => r[0] === '2026-02-04')![2] // 3.5
 */
export function buildStress(m: Market): { table: Table; anchors: AnchorUse[] } {
  const rng = createRng(m.seed, 'stress');
  const rows: Cell[][] = [];
  const anchors: AnchorUse[] = [];
  let z = 0;
  for (const d of m.days) {
    z = 0.25 * z + Math.sqrt(1 - 0.25 * 0.25) * rng.studentT(5);
    let v = Math.max(-2.9, Math.min(2.9, z));
    let source: string = GENERATOR_SOURCE;
    let quality = 'reconstructed';
    if (SHOCK_DAYS[d] !== undefined) v = SHOCK_DAYS[d];
    if (d === PB_Z_PUBLISHED.date) {
      v = PB_Z_PUBLISHED.value;
      source = PB_Z_PUBLISHED.source;
      quality = 'published';
      anchors.push({ key: `${d} pb_multistrat_perf_z`, column: 'value', value: v, source });
    }
    rows.push([d, 'pb_multistrat_perf_z', roundTo(v, 2), 'z', source, quality]);
  }
  return { anchors, table: { columns: ['date', 'series', 'value', 'unit', 'source', 'quality'], rows } };
}
