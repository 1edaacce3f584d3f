/**
 * Mis-stamped daily bars in the store (core/dayStampCheck.ts): each '1d' series is compared with every
 * other series of the same price level (±10% median close over the same window: the same asset on another
 * venue, or its finer bars). Read-only; `import` and `analyze` print the warnings.
 */

import { dailyBarCloseMs } from '../core/dailyBars.js';
import { checkDayStamping, type ReferenceSeries, type StampWarning } from '../core/dayStampCheck.js';
import { type Db, isoFromMicros } from './db.js';

const MINUTE = 60_000;
/** Interval lengths of intraday bars; a reference bar's close is its open + length. */
const INTERVAL_MS: Readonly<Record<string, number>> = {
  '1m': MINUTE,
  '2m': 2 * MINUTE,
  '3m': 3 * MINUTE,
  '5m': 5 * MINUTE,
  '15m': 15 * MINUTE,
  '30m': 30 * MINUTE,
  '1h': 60 * MINUTE,
  '2h': 120 * MINUTE,
  '4h': 240 * MINUTE,
  '6h': 360 * MINUTE,
  '8h': 480 * MINUTE,
  '12h': 720 * MINUTE,
};
/** Daily bars of a series looked at: the most recent ones. */
const LAST_BARS = 120;

const lengthSql = `CASE "interval" ${Object.entries(INTERVAL_MS)
  .map(([k, v]) => `WHEN '${k}' THEN ${v}`)
  .join(' ')} ELSE NULL END`;

const tsIso = (us: unknown): string => isoFromMicros(BigInt(us as bigint | number));

/**
 * Warnings for the daily series of the store (or only those named in `only`, e.g. the series a file just
 * imported), strongest reference first; an empty list when nothing looks mis-stamped.
 * @example (await dayStampWarnings(db)).map((w) => w.message)
 */
export async function dayStampWarnings(
  db: Db,
  only?: readonly { readonly venue: string; readonly symbol: string }[],
): Promise<StampWarning[]> {
  const series = await db.all(
    `SELECT DISTINCT venue, symbol FROM bars WHERE "interval" = '1d' ORDER BY venue, symbol`,
  );
  const out: StampWarning[] = [];
  for (const s of series) {
    const venue = String(s.venue);
    const symbol = String(s.symbol);
    if (only !== undefined && !only.some((o) => o.venue === venue && o.symbol === symbol)) continue;
    const rows = await db.all(
      `SELECT epoch_us(ts) AS us, "close" FROM bars WHERE venue = $1 AND symbol = $2 AND "interval" = '1d'
       ORDER BY ts DESC LIMIT ${LAST_BARS}`,
      [venue, symbol],
    );
    if (rows.length < 5) continue;
    const bars = rows.map((r) => ({ ts: tsIso(r.us), close: Number(r.close) })).reverse();
    const closes = bars.map((b) => b.close).sort((a, b) => a - b);
    const mid = closes[closes.length >> 1];
    const lo = bars[0].ts;
    const hi = new Date(Date.parse(bars[bars.length - 1].ts) + 2 * 86_400_000).toISOString();
    // Same price level over the same window, any other series (intraday or daily, any venue).
    const refs = await db.all(
      `SELECT venue, symbol, "interval" FROM bars
       WHERE ts >= CAST($1 AS TIMESTAMPTZ) - INTERVAL 2 DAY AND ts <= CAST($2 AS TIMESTAMPTZ)
         AND NOT (venue = $3 AND symbol = $4 AND "interval" = '1d') AND "interval" <> '1w'
       GROUP BY venue, symbol, "interval"
       HAVING median("close") BETWEEN $5 AND $6`,
      [lo, hi, venue, symbol, mid / 1.1, mid * 1.1],
    );
    const references: ReferenceSeries[] = [];
    for (const r of refs) {
      const interval = String(r.interval);
      // Only closes at 00:00Z, 20:00Z or 21:00Z can be a daily close under either convention.
      const ref = await db.all(
        `SELECT epoch_us(ts) AS us, ${lengthSql} AS len, "close" FROM bars
         WHERE venue = $1 AND symbol = $2 AND "interval" = $3
           AND ts >= CAST($4 AS TIMESTAMPTZ) - INTERVAL 2 DAY AND ts <= CAST($5 AS TIMESTAMPTZ)
           AND ("interval" = '1d' OR (
             (epoch_ms(ts) + ${lengthSql}) % 3600000 = 0
             AND ((epoch_ms(ts) + ${lengthSql}) // 3600000) % 24 IN (0, 20, 21)))`,
        [String(r.venue), String(r.symbol), interval, lo, hi],
      );
      const map = new Map<number, number>();
      for (const x of ref) {
        const ts = tsIso(x.us);
        const at = interval === '1d' ? dailyBarCloseMs(ts) : Date.parse(ts) + Number(x.len);
        if (at !== null && Number.isFinite(at)) map.set(at, Number(x.close));
      }
      references.push({ name: `${String(r.venue)}:${String(r.symbol)} ${interval}`, closes: map });
    }
    const w = checkDayStamping(`${venue}:${symbol} 1d`, bars, references);
    if (w !== null) out.push(w);
  }
  return out;
}
