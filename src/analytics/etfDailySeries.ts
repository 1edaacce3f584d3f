import { dailyBarNyDate } from '../core/dailyBars.js';

/*
 * One daily series of an ETF from whatever the store has (docs/DATA.md "ETF daily data"). `etf_daily` (NAV,
 * shares outstanding, dollar volume) is what a fund's own files give, and no free source does; daily bars of
 * the ETF (`bars`, interval '1d') are what every quote vendor gives. Each date takes the `etf_daily` value where
 * there is one and the bar's otherwise:
 *   close         = etf_daily.close, else bar.close;
 *   volume_shares = etf_daily.volume_shares, else bar.volume (shares);
 *   volume_usd    = etf_daily.volume_usd, else bar.volume × bar.close — an approximation of dollar volume
 *                   (the day's VWAP is not in a bar), marked `derived` so the report says so.
 * Bars of one venue only: the venue with the most daily bars of the ticker (ties by name), so two vendors'
 * copies of one day never count twice.
 */

export interface EtfDailyRowIn {
  readonly date: string;
  readonly ticker: string;
  readonly close: number | null;
  readonly volume_usd: number | null;
  readonly volume_shares: number | null;
  readonly quality: string;
  readonly source: string;
}

export interface DailyBarIn {
  readonly ts: string;
  readonly venue: string;
  readonly symbol: string;
  readonly interval: string;
  readonly close: number;
  readonly volume: number | null;
  readonly quality: string;
  readonly source: string;
}

export interface EtfDay {
  readonly date: string;
  readonly close: number | null;
  readonly volumeShares: number | null;
  readonly volumeUsd: number | null;
  /** Where the day's values came from: `etf_daily`, `bars`, or both (etf_daily first, gaps from bars). */
  readonly from: 'etf_daily' | 'bars' | 'both';
  /** True when volumeUsd is shares × close from a bar. */
  readonly volumeUsdDerived: boolean;
  /** The quality and source of each row the day was built from. */
  readonly inputs: readonly { readonly quality: string; readonly source: string }[];
}

/**
 * The daily bars of `symbol` from the one venue that has the most of them (interval '1d').
 * @example singleVenueDailyBars(bars, 'IGV').every((b) => b.venue === 'yahoo') // true when Yahoo has the most
 */
export function singleVenueDailyBars<
  B extends { readonly venue: string; readonly symbol: string; readonly interval: string },
>(bars: readonly B[], symbol: string): B[] {
  const mine = bars.filter((b) => b.symbol === symbol && b.interval === '1d');
  const counts = new Map<string, number>();
  for (const b of mine) counts.set(b.venue, (counts.get(b.venue) ?? 0) + 1);
  let best: string | null = null;
  for (const [venue, n] of counts) {
    const m = best === null ? -1 : (counts.get(best) as number);
    if (n > m || (n === m && best !== null && venue < best)) best = venue;
  }
  return mine.filter((b) => b.venue === best);
}

/**
 * The ETF's daily series, etf_daily first and daily bars for what it lacks, sorted by date.
 * @example etfDailySeries([], [{ ts: '2026-02-05T21:00:00Z', venue: 'nasdaq', symbol: 'IBIT', interval: '1d', close: 35, volume: 2e8, quality: 'observed', source: 'x' }], 'IBIT')[0].volumeUsd // 7e9
 */
export function etfDailySeries(
  etfDaily: readonly EtfDailyRowIn[],
  bars: readonly DailyBarIn[],
  ticker: string,
): EtfDay[] {
  const byDate = new Map<string, EtfDay>();
  for (const r of etfDaily) {
    if (r.ticker !== ticker) continue;
    byDate.set(r.date, {
      date: r.date,
      close: r.close,
      volumeShares: r.volume_shares,
      volumeUsd: r.volume_usd,
      from: 'etf_daily',
      volumeUsdDerived: false,
      inputs: [{ quality: r.quality, source: r.source }],
    });
  }
  for (const b of singleVenueDailyBars(bars, ticker)) {
    const date = dailyBarNyDate(b.ts);
    const e = byDate.get(date);
    const barUsd = b.volume === null ? null : b.volume * b.close;
    if (e === undefined) {
      byDate.set(date, {
        date,
        close: b.close,
        volumeShares: b.volume,
        volumeUsd: barUsd,
        from: 'bars',
        volumeUsdDerived: barUsd !== null,
        inputs: [{ quality: b.quality, source: b.source }],
      });
      continue;
    }
    const needClose = e.close === null;
    const needShares = e.volumeShares === null && b.volume !== null;
    const needUsd = e.volumeUsd === null && barUsd !== null;
    if (!(needClose || needShares || needUsd)) continue;
    byDate.set(date, {
      ...e,
      close: needClose ? b.close : e.close,
      volumeShares: needShares ? b.volume : e.volumeShares,
      volumeUsd: needUsd ? barUsd : e.volumeUsd,
      from: 'both',
      volumeUsdDerived: e.volumeUsdDerived || needUsd,
      inputs: [...e.inputs, { quality: b.quality, source: b.source }],
    });
  }
  return [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}
