import type { Cell, Table } from './csv.js';
import type { EtfSeries } from './etfDaily.js';
import type { Market } from './market.js';
import type { AnchorUse, CellQuality } from './provenance.js';
import { createRng } from './rng.js';
import { GENERATOR_SOURCE, SRC } from './sources.js';

/*
 * options_daily for IBIT from the first day of listed options (2024-11-19) to 2026-02-13.
 * Published: the first day's 289k calls / 65k puts (newsformal), and the record 2.33M contracts of
 * 2026-02-05 (usfinancetimes), whose put/call split is not published ("put-dominated"). Every split
 * that is not published, 2026-02-05's included, uses one neutral assumption: a put share of PUT_SHARE
 * (a put/call ratio of 0.5) plus small noise, the same on up and down days, with no drift into the
 * event. Volume: a level that grows with the market, scaled up on large IBIT moves, with no cap that
 * keeps any day below the published record. Open interest accumulates a fraction of each day's volume
 * and decays as options expire. Provenance per value: on 2026-02-05 only the sum call_volume +
 * put_volume is published (provenance.csv, column 'call_volume+put_volume'); each leg is reconstructed.
 */

export const OPTIONS_FIRST_DAY = '2024-11-19';
export const IBIT_OPTIONS_PUBLISHED = {
  firstDay: { calls: 289_000, puts: 65_000, source: SRC.newsformal },
  record: { total: 2_330_000, date: '2026-02-05', source: SRC.usfinancetimesOptions },
} as const;

const LEVEL: readonly (readonly [string, number])[] = [
  ['2024-11-19', 300_000],
  ['2025-01-15', 350_000],
  ['2025-06-01', 450_000],
  ['2025-10-01', 600_000],
  ['2026-01-15', 700_000],
  ['2026-02-13', 800_000],
];

/** Neutral put share of daily volume where no split is published. */
export const PUT_SHARE = 1 / 3;

function interp(points: readonly (readonly [string, number])[], date: string): number {
  if (date <= points[0][0]) return points[0][1];
  for (let i = 1; i < points.length; i++) {
    if (date <= points[i][0]) {
      const w =
        (Date.parse(date) - Date.parse(points[i - 1][0])) /
        (Date.parse(points[i][0]) - Date.parse(points[i - 1][0]));
      return points[i - 1][1] * (1 - w) + points[i][1] * w;
    }
  }
  return points[points.length - 1][1];
}

/**
 * Builds options_daily (IBIT).
 * @example buildOptionsDaily(market, etf).table.rows[0][0] // '2024-11-19'
 */
export function buildOptionsDaily(
  m: Market,
  etf: ReadonlyMap<string, EtfSeries>,
): { table: Table; anchors: AnchorUse[]; cells: CellQuality[] } {
  const rng = createRng(m.seed, 'ibit-options-daily');
  const cells: CellQuality[] = [];
  const ibit = etf.get('IBIT')!;
  const rows: Cell[][] = [];
  const anchors: AnchorUse[] = [];
  let callOi = 0;
  let putOi = 0;
  let z = 0;
  m.days.forEach((d, i) => {
    if (d < OPTIONS_FIRST_DAY) return;
    const ret = Math.log(ibit.close[i] / ibit.close[i - 1]);
    z = 0.5 * z + 0.25 * rng.normal();
    const total = interp(LEVEL, d) * Math.exp(z + 6 * Math.abs(ret));
    const putShare = PUT_SHARE + 0.03 * rng.normal();
    let puts = Math.round((total * putShare) / 10) * 10;
    let calls = Math.round((total * (1 - putShare)) / 10) * 10;
    const key = `${d} IBIT`;
    if (d === OPTIONS_FIRST_DAY) {
      calls = IBIT_OPTIONS_PUBLISHED.firstDay.calls;
      puts = IBIT_OPTIONS_PUBLISHED.firstDay.puts;
      const source = IBIT_OPTIONS_PUBLISHED.firstDay.source;
      for (const [column, value] of [
        ['call_volume', calls],
        ['put_volume', puts],
      ] as const) {
        anchors.push({ key, column, value, source });
        cells.push({ table: 'options_daily', key, column, quality: 'published', source });
      }
    }
    if (d === IBIT_OPTIONS_PUBLISHED.record.date) {
      const source = IBIT_OPTIONS_PUBLISHED.record.source;
      puts = Math.round((IBIT_OPTIONS_PUBLISHED.record.total * putShare) / 10) * 10;
      calls = IBIT_OPTIONS_PUBLISHED.record.total - puts;
      anchors.push({
        key,
        column: 'call_volume+put_volume',
        value: calls + puts,
        source,
        note: 'record total; the put/call split is reconstructed',
      });
      cells.push({
        table: 'options_daily',
        key,
        column: 'call_volume+put_volume',
        quality: 'published',
        source,
      });
    }
    // A quarter of traded contracts open new positions; 1.2% of open interest expires or closes a day.
    callOi = Math.round(callOi * 0.988 + calls * 0.25);
    putOi = Math.round(putOi * 0.988 + puts * 0.27);
    rows.push([d, 'IBIT', calls, puts, callOi, putOi, GENERATOR_SOURCE, 'reconstructed']);
  });
  return {
    anchors,
    cells,
    table: {
      columns: ['date', 'underlying', 'call_volume', 'put_volume', 'call_oi', 'put_oi', 'source', 'quality'],
      rows,
    },
  };
}
