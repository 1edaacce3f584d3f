import { instantMs, isoInstant, nyClose, zonedParts } from './calendar.js';
import { type Cell, roundTo, type Table } from './csv.js';
import type { Market } from './market.js';
import { createRng } from './rng.js';
import { GENERATOR_SOURCE } from './sources.js';

/*
 * Hourly crypto-derivatives rows for 2026-01-26 00:00Z .. 2026-02-13 23:00Z (all reconstructed; the
 * published figures found are aggregates across venues or qualitative, kept in facts):
 * - open_interest, CME (symbol 'BTC', all listed months of the 5-BTC future): equals the day's total of
 *   futures_settlements at 16:00 ET of each trading day and moves between those points along a seeded
 *   bridge; flat while CME is closed (Friday 17:00 ET to Sunday 18:00 ET).
 * - open_interest, Binance BTCUSDT perpetual (1 contract = 1 BTC): a flat level of BINANCE_OI_BTC with
 *   AR(1) noise. No event-specific path: whether perp open interest fell, and when, is a question no
 *   reconstruction may answer (ingest binance open_interest to test it).
 * - funding, Binance BTCUSDT, every 8 hours (00/08/16 UTC): Binance's baseline 0.01% per interval plus
 *   noise, the same on every day (the published "lowest since 2023" stays a fact, not a row).
 * - liquidations, Binance BTCUSDT, hourly by side: proportional to hourly price moves and open-interest
 *   drops (long liquidations on falls, short liquidations on rises), concentrated in the crash hours.
 */

const HOUR = 3_600_000;
/** Neutral level of the reconstructed Binance perp open interest (BTC). */
export const BINANCE_OI_BTC = 95_000;
export const DERIV_FROM = '2026-01-26T00:00:00Z';
export const DERIV_TO = '2026-02-14T00:00:00Z';

function cmeOpen(ms: number): boolean {
  // CME Globex crypto: closed Friday 17:00 ET to Sunday 18:00 ET (the daily 17:00-18:00 pause ignored).
  const { weekday: dow, hour: h } = zonedParts(ms, 'America/New_York');
  if (dow === 6) return false;
  if (dow === 5 && h >= 17) return false;
  if (dow === 0 && h < 18) return false;
  return true;
}

/**
 * Builds open_interest, funding and liquidations.
 * @example buildDerivatives(market, futures).openInterest.rows.length // 912 (2 venues x 456 hours)
 */
export function buildDerivatives(
  m: Market,
  futures: Table,
): { openInterest: Table; funding: Table; liquidations: Table } {
  const rng = createRng(m.seed, 'derivatives');
  const from = instantMs(DERIV_FROM);
  const to = instantMs(DERIV_TO);
  const hours = (to - from) / HOUR;
  const hb = m.path.hourBars;
  const k0 = (from - hb.startMs) / HOUR;
  const price = (h: number): number => hb.close[k0 + h];

  // CME totals per trading day at 16:00 ET.
  const cmeTotal = new Map<number, number>();
  for (const r of futures.rows) {
    const t = nyClose(r[0] as string);
    cmeTotal.set(t, (cmeTotal.get(t) ?? 0) + (r[6] as number));
  }
  const knots = [...cmeTotal.entries()].filter(
    ([t]) => t >= from - 4 * 86_400_000 && t <= to + 4 * 86_400_000,
  );
  knots.sort((a, b) => a[0] - b[0]);
  const cme = new Float64Array(hours);
  for (let h = 0; h < hours; h++) {
    const t = from + h * HOUR;
    let j = 0;
    while (j + 1 < knots.length && knots[j + 1][0] <= t) j++;
    const [t0, v0] = knots[j];
    const [t1, v1] = knots[Math.min(j + 1, knots.length - 1)];
    // OI is booked in the session: it moves from one 16:00 ET value to the next while CME is open.
    let w = 0;
    if (t1 > t0 && t >= t0) {
      let open = 0;
      let done = 0;
      for (let s = t0; s < t1; s += HOUR) {
        if (cmeOpen(s)) {
          open++;
          if (s < t) done++;
        }
      }
      w = open > 0 ? done / open : 1;
    }
    const z = rng.normal();
    const noise = t === t0 || t === t1 || !cmeOpen(t) ? 0 : 0.004 * z * Math.sin(Math.PI * w);
    cme[h] = Math.round((v0 + w * (v1 - v0)) * (1 + noise));
  }

  // Binance BTCUSDT perpetual open interest (BTC): a flat level with AR(1) noise.
  const binance = new Float64Array(hours);
  let bn = 0;
  for (let h = 0; h < hours; h++) {
    bn = 0.85 * bn + 0.003 * rng.normal();
    binance[h] = roundTo(BINANCE_OI_BTC * (1 + bn), 1);
  }

  const oiRows: Cell[][] = [];
  const liqRows: Cell[][] = [];
  for (let h = 0; h < hours; h++) {
    const ts = isoInstant(from + h * HOUR);
    const p = price(h);
    oiRows.push([
      ts,
      'binance',
      'BTCUSDT',
      binance[h],
      binance[h],
      roundTo(binance[h] * p, 0),
      GENERATOR_SOURCE,
      'reconstructed',
    ]);
    oiRows.push([
      ts,
      'cme',
      'BTC',
      cme[h],
      cme[h] * 5,
      roundTo(cme[h] * 5 * p, 0),
      GENERATOR_SOURCE,
      'reconstructed',
    ]);
    // Liquidations in the hour [ts, ts+1h): hour bar k0+h.
    const o = hb.open[k0 + h];
    const c = hb.close[k0 + h];
    const hi = hb.high[k0 + h];
    const lo = hb.low[k0 + h];
    const down = Math.max(0, Math.log(o / lo)) + Math.max(0, Math.log(o / c));
    const up = Math.max(0, Math.log(hi / o)) + Math.max(0, Math.log(c / o));
    const oiDrop = h > 0 ? Math.max(0, binance[h - 1] - binance[h]) * p : 0;
    const base = binance[h] * p;
    const longUsd =
      base * (0.02 * down ** 2 * 40 + 0.0000015 * Math.abs(rng.normal())) + 0.35 * oiDrop * (c < o ? 1 : 0.2);
    const shortUsd =
      base * (0.02 * up ** 2 * 40 + 0.0000015 * Math.abs(rng.normal())) + 0.35 * oiDrop * (c > o ? 1 : 0.2);
    liqRows.push([ts, 'binance', 'BTCUSDT', 'long', roundTo(longUsd, 0), GENERATOR_SOURCE, 'reconstructed']);
    liqRows.push([
      ts,
      'binance',
      'BTCUSDT',
      'short',
      roundTo(shortUsd, 0),
      GENERATOR_SOURCE,
      'reconstructed',
    ]);
  }

  // Funding every 8 hours, decimal per interval.
  const fundingLevel = (_t: string): number => 0.0001;
  const fundingRows: Cell[][] = [];
  for (let t = from; t < to; t += 8 * HOUR) {
    const ts = isoInstant(t);
    const rate = roundTo(fundingLevel(ts) + 0.00002 * rng.normal(), 6);
    fundingRows.push([ts, 'binance', 'BTCUSDT', rate, GENERATOR_SOURCE, 'reconstructed']);
  }
  return {
    openInterest: {
      columns: ['ts', 'venue', 'symbol', 'oi_contracts', 'oi_btc', 'oi_usd', 'source', 'quality'],
      rows: oiRows,
    },
    funding: { columns: ['ts', 'venue', 'symbol', 'rate', 'source', 'quality'], rows: fundingRows },
    liquidations: {
      columns: ['ts', 'venue', 'symbol', 'side', 'notional_usd', 'source', 'quality'],
      rows: liqRows,
    },
  };
}
