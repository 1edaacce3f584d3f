import type { PriceAnchor } from './btcAnchors.js';
import { aggregateBars, type BarSeries, windowBar } from './btcPath.js';
import { isoInstant, nyClose } from './calendar.js';
import { type Cell, roundTo } from './csv.js';
import type { Market } from './market.js';
import type { AnchorUse } from './provenance.js';
import { GENERATOR_SOURCE } from './sources.js';

/*
 * BTC rows of `bars`:
 * - venue 'composite', symbol 'BTC-USD': the reconstructed multi-venue path, 1d (UTC days, bar open
 *   time 00:00Z) over the whole history, 1h over 2026-01-20..02-13 and 1m over 2026-02-04..02-07;
 * - venue 'reference', interval '1d', ts = 16:00 America/New_York: o/h/l/c of the 24 hours ending
 *   then, close = the 16:00 ET price used for ETF NAVs and the futures basis.
 * A composite bar is 'published' when a published anchor lies in it (its close, its low/high, or a
 * timed quote); its `source` is that anchor's page (a day's close first), and every anchor is listed in
 * the manifest with the cell it sets.
 */

export const BAR_COLUMNS = [
  'ts',
  'venue',
  'symbol',
  'interval',
  'open',
  'high',
  'low',
  'close',
  'volume',
  'source',
  'quality',
];

/** Published anchors whose instant lies in (t0, t1] (a close at t1 counts for the bar ending then). */
function publishedIn(anchors: readonly PriceAnchor[], t0: number, t1: number): PriceAnchor[] {
  return anchors.filter((a) => {
    if (a.origin !== 'published') return false;
    const t = Date.parse(a.at);
    return t > t0 && t <= t1;
  });
}

function barRows(
  bars: BarSeries,
  from: number,
  to: number,
  interval: '1m' | '1h' | '1d',
  anchors: readonly PriceAnchor[],
  uses: AnchorUse[],
): Cell[][] {
  const rows: Cell[][] = [];
  const k0 = (from - bars.startMs) / bars.stepMs;
  const k1 = (to - bars.startMs) / bars.stepMs;
  for (let k = k0; k < k1; k++) {
    const t0 = bars.startMs + k * bars.stepMs;
    const t1 = t0 + bars.stepMs;
    const o = roundTo(bars.open[k], 2);
    const h = roundTo(bars.high[k], 2);
    const l = roundTo(bars.low[k], 2);
    const c = roundTo(bars.close[k], 2);
    const pubs = publishedIn(anchors, t0, t1).filter((a) => {
      // A low/high anchor counts only where it is the bar's extreme, a level where it is the close.
      if (a.kind === 'low') return l === a.price;
      if (a.kind === 'high') return h === a.price;
      return Date.parse(a.at) === t1 && c === a.price;
    });
    let source: string = GENERATOR_SOURCE;
    let quality = 'reconstructed';
    if (pubs.length > 0) {
      const main = pubs.find((a) => a.kind === 'level' && Date.parse(a.at) === t1) ?? pubs[0];
      source = main.source!;
      quality = 'published';
      for (const a of pubs) {
        uses.push({
          key: `${isoInstant(t0)} composite BTC-USD ${interval}`,
          column: a.kind === 'low' ? 'low' : a.kind === 'high' ? 'high' : 'close',
          value: a.price,
          source: a.source!,
          note: a.note,
        });
      }
    }
    rows.push([isoInstant(t0), 'composite', 'BTC-USD', interval, o, h, l, c, null, source, quality]);
  }
  return rows;
}

export interface BtcBarsBuild {
  readonly daily: Cell[][];
  readonly hourly: Cell[][];
  readonly minute: Cell[][];
  readonly anchors: AnchorUse[];
}

/**
 * Builds the BTC bars (composite 1d/1h/1m and the 16:00 ET reference).
 * @example buildBtcBars(market).minute.length // 5760 (4 days x 1440)
 */
export function buildBtcBars(m: Market): BtcBarsBuild {
  const anchors: AnchorUse[] = [];
  const hb = m.path.hourBars;
  // Hour bars start at 00:00Z, so groups of 24 are UTC days.
  const dailyBars = aggregateBars(hb, 24);
  const daily = barRows(
    dailyBars,
    Date.parse('2024-01-11T00:00:00Z'),
    Date.parse('2026-02-14T00:00:00Z'),
    '1d',
    m.path.anchors,
    anchors,
  );
  const hourly = barRows(
    hb,
    Date.parse('2026-01-20T00:00:00Z'),
    Date.parse('2026-02-14T00:00:00Z'),
    '1h',
    m.path.anchors,
    anchors,
  );
  const minute = barRows(
    m.path.minuteBars,
    Date.parse('2026-02-04T00:00:00Z'),
    Date.parse('2026-02-08T00:00:00Z'),
    '1m',
    m.path.anchors,
    anchors,
  );
  for (const d of m.days) {
    const t = nyClose(d);
    const [o, h, l, c] = windowBar(hb, t, 24);
    daily.push([
      isoInstant(t),
      'reference',
      'BTC-USD',
      '1d',
      roundTo(o, 2),
      roundTo(h, 2),
      roundTo(l, 2),
      roundTo(c, 2),
      null,
      GENERATOR_SOURCE,
      'reconstructed',
    ]);
  }
  return { daily, hourly, minute, anchors };
}
