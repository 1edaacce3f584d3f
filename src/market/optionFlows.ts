/**
 * Option trades summed per series and per whole day of age before an instant, in memory (the store does the
 * same in SQL: store/optionFlows.ts), and the provenance of such rows. Day of age d of a trade at t for the
 * instant A: d = floor((A − t) / 24 h), for A − maxDays·24 h < t <= A.
 */
import { type Quality, worstQuality } from '../core/quality.js';
import { parseInstantMs } from '../core/time.js';
import type { OptionFlowRow, StoredRowOf } from '../data/models/index.js';

export type { OptionFlowRow } from '../data/models/index.js';

const DAY_MS = 86_400_000;

type TradeRow = StoredRowOf<'option_trades'>;

const groupKey = (t: TradeRow, age: number) =>
  [t.venue, t.underlying, parseInstantMs(t.expiry), t.strike, t.option_type, age, t.quality, t.source].join(
    '|',
  );

/**
 * The flow rows of trades given in memory: trades in (asOf − maxDays·24 h, asOf] summed per series, day of
 * age, quality and source; ordered by day of age (most recent first), then series, quality and source (as
 * the store orders them).
 * @example aggregateOptionTrades(trades, '2026-02-04T21:00:00Z', 90)[0].net_contracts // 3
 */
export function aggregateOptionTrades(
  trades: readonly TradeRow[],
  asOf: string,
  maxDays: number,
): OptionFlowRow[] {
  const asOfMs = parseInstantMs(asOf);
  const groups = new Map<string, { row: OptionFlowRow; firstMs: number; lastMs: number }>();
  for (const t of trades) {
    const x = parseInstantMs(t.ts);
    if (!(x <= asOfMs && x > asOfMs - maxDays * DAY_MS)) continue;
    const age = Math.floor((asOfMs - x) / DAY_MS);
    const k = groupKey(t, age);
    const signed = t.taker_side === 'buy' ? t.contracts : -t.contracts;
    const g = groups.get(k);
    if (g === undefined) {
      groups.set(k, {
        row: {
          venue: t.venue,
          underlying: t.underlying,
          expiry: t.expiry,
          strike: t.strike,
          option_type: t.option_type,
          age_days: age,
          net_contracts: signed,
          contracts: t.contracts,
          trades: 1,
          first_ts: t.ts,
          last_ts: t.ts,
          quality: t.quality,
          source: t.source,
        },
        firstMs: x,
        lastMs: x,
      });
      continue;
    }
    const r = g.row;
    const first = x < g.firstMs;
    const last = x > g.lastMs;
    g.row = {
      ...r,
      net_contracts: r.net_contracts + signed,
      contracts: r.contracts + t.contracts,
      trades: r.trades + 1,
      first_ts: first ? t.ts : r.first_ts,
      last_ts: last ? t.ts : r.last_ts,
    };
    if (first) g.firstMs = x;
    if (last) g.lastMs = x;
  }
  return sortFlows([...groups.values()].map((g) => g.row));
}

function sortFlows(rows: OptionFlowRow[]): OptionFlowRow[] {
  const cmp = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);
  return rows.sort(
    (a, b) =>
      a.age_days - b.age_days ||
      cmp(a.venue, b.venue) ||
      cmp(a.underlying, b.underlying) ||
      parseInstantMs(a.expiry) - parseInstantMs(b.expiry) ||
      a.strike - b.strike ||
      cmp(a.option_type, b.option_type) ||
      cmp(a.quality, b.quality) ||
      cmp(a.source, b.source),
  );
}

/** Provenance of flow rows: the trades they sum, their weakest quality, their sources, the last trade. */
export function optionFlowsSummary(rows: readonly OptionFlowRow[]): {
  readonly trades: number;
  readonly quality: Quality;
  readonly sources: readonly string[];
  readonly lastTs: string | null;
} {
  let trades = 0;
  let last: OptionFlowRow | null = null;
  for (const r of rows) {
    trades += r.trades;
    if (last === null || parseInstantMs(r.last_ts) > parseInstantMs(last.last_ts)) last = r;
  }
  return {
    trades,
    quality: worstQuality(rows.map((r) => r.quality)),
    sources: [...new Set(rows.map((r) => r.source))].sort(),
    lastTs: last?.last_ts ?? null,
  };
}
