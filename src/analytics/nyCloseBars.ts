/**
 * Daily 16:00 America/New_York reference bars from intraday bars (DESIGN.md section 3: cross-venue
 * snapshots at the New York close). For each New York date the close is the last intraday bar that has
 * ENDED at or before 16:00 ET (no look-ahead), if it ended no more than `maxStalenessMinutes` before;
 * open/high/low/volume cover the bars that ended in the 24 hours up to that instant.
 */
import { nyCloseUtc, nyDate } from '../core/time.js';

export interface IntradayBar {
  readonly ts: string;
  readonly venue: string;
  readonly symbol: string;
  readonly interval: string;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number | null;
  readonly source: string;
  readonly quality: string;
}

const INTERVAL_MS: Readonly<Record<string, number>> = { '1m': 60_000, '1h': 3_600_000 };
const DAY_MS = 86_400_000;
const RANK: Readonly<Record<string, number>> = { observed: 0, published: 1, reconstructed: 2 };

/**
 * One '1d' bar per New York date stamped at its 16:00 ET close, from 1m/1h bars of one venue and symbol.
 * @example nyCloseBars([{ ts: '2026-02-05T20:00:00Z', interval: '1h', close: 63000, ... }])[0].ts // '2026-02-05T21:00:00Z'
 */
export function nyCloseBars(bars: readonly IntradayBar[], maxStalenessMinutes = 120): IntradayBar[] {
  const usable = bars
    .filter((b) => INTERVAL_MS[b.interval] !== undefined)
    .map((b) => ({ b, end: Date.parse(b.ts) + INTERVAL_MS[b.interval] }))
    .sort((x, y) => x.end - y.end);
  const dates = [...new Set(usable.map((x) => nyDate(new Date(x.end - 1).toISOString())))].sort();
  const out: IntradayBar[] = [];
  let lo = 0;
  for (const date of dates) {
    const closeIso = nyCloseUtc(date);
    const closeMs = Date.parse(closeIso);
    while (lo < usable.length && usable[lo].end <= closeMs - DAY_MS) lo++;
    let hi = lo;
    while (hi < usable.length && usable[hi].end <= closeMs) hi++;
    if (hi === lo) continue;
    const last = usable[hi - 1];
    if (closeMs - last.end > maxStalenessMinutes * 60_000) continue;
    const window = usable.slice(lo, hi).map((x) => x.b);
    const volumes = window.map((b) => b.volume);
    out.push({
      ts: closeIso,
      venue: last.b.venue,
      symbol: last.b.symbol,
      interval: '1d',
      open: window[0].open,
      high: Math.max(...window.map((b) => b.high)),
      low: Math.min(...window.map((b) => b.low)),
      close: last.b.close,
      volume: volumes.every((v) => v !== null)
        ? volumes.reduce<number>((s, v) => s + (v as number), 0)
        : null,
      source: `${last.b.source} (as of 16:00 ET)`,
      quality: window.reduce((w, b) => ((RANK[b.quality] ?? 2) > (RANK[w] ?? 2) ? b.quality : w), 'observed'),
    });
  }
  return out;
}
