import { DataError } from '../../src/errors.js';
import { nyClose, nyOpen } from './calendar.js';
import { type Cell, roundTo, type Table } from './csv.js';
import { btcPerShare, ETF_SPECS } from './etfSpecs.js';
import type { Market } from './market.js';
import type { AnchorUse, CellQuality, ValueQuality } from './provenance.js';
import { createRng } from './rng.js';
import { GENERATOR_SOURCE, SRC } from './sources.js';

/*
 * etf_daily: spot Bitcoin ETFs from launch to 2026-02-13.
 * - IBIT close: observed (TradingView to 2026-01-12, Yahoo after; equal within 0.6 cents where both
 *   exist). IBIT share volume: observed (TradingView, consolidated) to 2026-01-12; after that the
 *   published figure where one exists (2026-02-05: 284M shares), else reconstructed: the median of the
 *   last 60 observed sessions x exp(4 |BTC log return|) x AR(1) noise. No cap keeps any day below a
 *   published record: whether 2026-02-05 was a record is a question for the observed days only.
 * - Peers' closes: NAV x (1 + small AR(1) premium), reconstructed (GBTC at a discount in its first
 *   weeks as a converted trust). NAV = BTC per share (fee-decayed, etfSpecs.ts) x the 16:00 ET BTC
 *   reference; reconstructed, since BTC per share is modelled.
 * - Shares outstanding (not observed for any fund): the seed shares plus, each day, the observed
 *   Farside net flow divided by that day's NAV, rounded to creation units; the one published share
 *   change (IBIT +6M on 2026-02-05, Park) replaces that day's step. flow (method shares_outstanding_t)
 *   = (shares_t - shares_{t-1}) x NAV_t. So the share-count series repeats the Farside series except on
 *   2026-02-05, where the published share count and the flow trackers disagree (etf_flows shows both).
 * - Dollar volume = shares x the day's typical price (high + low + close) / 3.
 * - Row quality is the weakest of the row's values; stronger cells are listed in provenance.csv.
 */

/** Published IBIT figures reproduced in etf_daily. */
export const IBIT_PUBLISHED = {
  close20260205: { value: 36.1, source: SRC.newsdirectory3 },
  volume20260205: { value: 284_000_000, source: SRC.coinails },
  volume20251121: { value: 169_210_000, source: SRC.coinails },
  aum20260204: { value: 56_210_000_000, source: SRC.blockchaindatawiki },
  flow20260204: { value: -373_440_000, source: SRC.blockchaindatawiki },
  flow20260130: { value: -530_000_000, source: SRC.tradingkey },
  shares20260205: { value: 6_000_000, source: SRC.altcoinObserver },
  flow20260205Park: { value: 230_000_000, source: SRC.altcoinObserver },
  flow20260205Soso: { value: -175_330_000, source: SRC.coinails },
  high20251006: { value: 71.82, source: SRC.coinails },
} as const;

/** Published peer flows (USD) of 2026-02-04 (blockchaindatawiki, SoSoValue-style tracker). */
export const PEER_FLOWS_20260204: Readonly<Record<string, number>> = { FBTC: -86_440_000, GBTC: -41_770_000 };

/** Peers' dollar volume as a fraction of IBIT's: [date, FBTC, GBTC, ARKB, BITB] levels, linear between. */
const PEER_VOLUME_RATIO: readonly (readonly [string, number, number, number, number])[] = [
  ['2024-01-11', 0.45, 1.6, 0.12, 0.1],
  ['2024-04-01', 0.3, 0.2, 0.06, 0.05],
  ['2025-01-01', 0.2, 0.1, 0.04, 0.035],
  ['2026-02-13', 0.2, 0.08, 0.035, 0.03],
];

export interface EtfSeries {
  readonly ticker: string;
  readonly dates: readonly string[];
  readonly bps: number[];
  readonly nav: number[];
  readonly close: number[];
  readonly open: number[];
  readonly high: number[];
  readonly low: number[];
  /** Shares outstanding at the end of each day; sharesBefore = before the first day (seed). */
  readonly shares: number[];
  readonly sharesBefore: number;
  readonly aum: number[];
  readonly volumeShares: number[];
  readonly volumeUsd: number[];
  /** Issuer-implied flow, (shares_t - shares_{t-1}) x NAV_t. */
  readonly flowT: number[];
  /** Quality and source of the close and of the share volume, per day. */
  readonly closeQuality: ValueQuality[];
  readonly volumeQuality: ValueQuality[];
}

export interface EtfBuild {
  readonly series: ReadonlyMap<string, EtfSeries>;
  readonly table: Table;
  readonly anchors: readonly AnchorUse[];
  /** Cells stronger than their row (provenance.csv). */
  readonly cells: readonly CellQuality[];
}

function interp(points: readonly (readonly [string, ...number[]])[], date: string, col: number): number {
  if (date <= points[0][0]) return points[0][col] as number;
  for (let i = 1; i < points.length; i++) {
    if (date <= points[i][0]) {
      const [d0, d1] = [Date.parse(points[i - 1][0]), Date.parse(points[i][0])];
      const w = (Date.parse(date) - d0) / (d1 - d0);
      return (points[i - 1][col] as number) * (1 - w) + (points[i][col] as number) * w;
    }
  }
  return points[points.length - 1][col] as number;
}

/** BTC price at 09:30 ET: the middle of the hour bar (linear between its open and close). */
function btcAtOpen(m: Market, date: string): number {
  const t = nyOpen(date);
  const hb = m.path.hourBars;
  const k = Math.floor((t - hb.startMs) / hb.stepMs);
  return hb.open[k] + (hb.close[k] - hb.open[k]) * ((t - hb.startMs - k * hb.stepMs) / hb.stepMs);
}

/** BTC high and low of the hour bars between 09:30 and 16:00 ET. */
function btcSessionRange(m: Market, date: string): [number, number] {
  const [t0, t1] = [nyOpen(date), nyClose(date)];
  const bars = m.path.hourBars;
  const k0 = Math.floor((t0 - bars.startMs) / bars.stepMs);
  const k1 = Math.ceil((t1 - bars.startMs) / bars.stepMs);
  let h = -Infinity;
  let l = Infinity;
  for (let k = k0; k < k1; k++) {
    if (bars.high[k] > h) h = bars.high[k];
    if (bars.low[k] < l) l = bars.low[k];
  }
  return [h, l];
}

/**
 * Builds etf_daily for IBIT and its peers.
 * @example buildEtfDaily(market).series.get('IBIT')!.close.at(-1) // the observed close of 2026-02-13
 */
export function buildEtfDaily(m: Market): EtfBuild {
  const series = new Map<string, EtfSeries>();
  const anchors: AnchorUse[] = [];
  const cells: CellQuality[] = [];
  const rows: Cell[][] = [];
  const n = m.days.length;
  const refs = m.days.map((d) => m.ref.get(d)!);
  const rets = refs.map((s, i) => (i === 0 ? 0 : Math.log(s / refs[i - 1])));
  const gen: ValueQuality = { quality: 'reconstructed', source: GENERATOR_SOURCE };
  const observedTv = [...m.observed.ibitTv.values()];
  const tvLast = observedTv[observedTv.length - 1].at;

  for (const spec of ETF_SPECS) {
    const rng = createRng(m.seed, `etf-${spec.ticker}`);
    const isIbit = spec.ticker === 'IBIT';
    const bps = m.days.map((d) => btcPerShare(spec.ticker, d));
    const nav = m.days.map((_, i) => roundTo(bps[i] * refs[i], 4));
    const closeQuality: ValueQuality[] = [];
    // Premium: AR(1) around zero; GBTC starts at a discount that fades by March 2024.
    let eps = 0;
    const close = nav.map((v, i) => {
      eps = 0.5 * eps + 0.0005 * rng.normal();
      const disc = spec.ticker === 'GBTC' ? -0.0015 * Math.max(0, 1 - i / 40) : 0;
      const d = m.days[i];
      if (isIbit) {
        const tv = m.observed.ibitTv.get(d);
        const y = m.observed.ibitClose.get(d);
        if (tv) {
          closeQuality.push({ quality: 'observed', source: 'tradingview' });
          return tv.close;
        }
        if (y === undefined) throw new DataError('event_pack_invariant', `IBIT: no observed close on ${d}`);
        closeQuality.push({ quality: 'observed', source: 'yahoo' });
        return y;
      }
      closeQuality.push(gen);
      return roundTo(v * (1 + eps + disc), 2);
    });
    const open: number[] = [];
    const high: number[] = [];
    const low: number[] = [];
    m.days.forEach((d, i) => {
      const tv = isIbit ? m.observed.ibitTv.get(d) : undefined;
      if (tv) {
        open.push(tv.open);
        high.push(tv.high);
        low.push(tv.low);
        return;
      }
      const o = roundTo(bps[i] * btcAtOpen(m, d) * (1 + 0.0004 * rng.normal()), 2);
      const [bh, bl] = btcSessionRange(m, d);
      const h = roundTo(Math.max(bps[i] * bh * (1 + 0.0003 * Math.abs(rng.normal())), o, close[i]), 2);
      const l = roundTo(Math.min(bps[i] * bl * (1 - 0.0003 * Math.abs(rng.normal())), o, close[i]), 2);
      open.push(o);
      high.push(h);
      low.push(l);
    });

    // Shares outstanding from the observed Farside flows (the published IBIT share change apart).
    const S: number[] = [spec.seedShares];
    m.days.forEach((d, i) => {
      let step: number;
      if (isIbit && d === '2026-02-05') step = IBIT_PUBLISHED.shares20260205.value;
      else {
        const f = m.observed.farside.get(d)?.get(spec.ticker);
        if (f === undefined)
          throw new DataError('event_pack_invariant', `${spec.ticker}: no Farside flow on ${d}`);
        step = Math.round((f * 1e6) / nav[i] / spec.creationUnit) * spec.creationUnit;
      }
      S.push(Math.max(spec.creationUnit, S[i] + step));
    });
    const shares = S.slice(1);
    const flowT = shares.map((s, i) => roundTo((s - S[i]) * nav[i], 0));
    const aum = shares.map((s, i) => roundTo(s * nav[i], 0));

    // Volumes.
    const volumeShares: number[] = [];
    const volumeUsd: number[] = [];
    const volumeQuality: ValueQuality[] = [];
    const typical = (i: number): number => (high[i] + low[i] + close[i]) / 3;
    const recent = observedTv
      .slice(-60)
      .map((b) => b.volume!)
      .sort((a, b) => a - b);
    const level = (recent[29] + recent[30]) / 2;
    let z = 0;
    m.days.forEach((d, i) => {
      z = 0.6 * z + 0.2 * rng.normal();
      if (isIbit) {
        const tv = m.observed.ibitTv.get(d);
        if (tv) {
          volumeShares.push(tv.volume!);
          volumeQuality.push({ quality: 'observed', source: 'tradingview' });
        } else if (d === '2026-02-05') {
          volumeShares.push(IBIT_PUBLISHED.volume20260205.value);
          volumeQuality.push({ quality: 'published', source: IBIT_PUBLISHED.volume20260205.source });
        } else {
          if (d <= tvLast) throw new DataError('event_pack_invariant', `IBIT: no observed volume on ${d}`);
          volumeShares.push(Math.round((level * Math.exp(z + 4 * Math.abs(rets[i]))) / 100) * 100);
          volumeQuality.push(gen);
        }
      } else {
        const col = 1 + ['FBTC', 'GBTC', 'ARKB', 'BITB'].indexOf(spec.ticker);
        const ibit = series.get('IBIT')!;
        const usd = ibit.volumeUsd[i] * interp(PEER_VOLUME_RATIO, d, col) * Math.exp(0.25 * rng.normal());
        volumeShares.push(Math.round(usd / typical(i) / 100) * 100);
        volumeQuality.push(gen);
      }
      volumeUsd.push(roundTo(volumeShares[i] * typical(i), 0));
    });
    series.set(spec.ticker, {
      ticker: spec.ticker,
      dates: m.days,
      bps,
      nav,
      close,
      open,
      high,
      low,
      shares,
      sharesBefore: S[0],
      aum,
      volumeShares,
      volumeUsd,
      flowT,
      closeQuality,
      volumeQuality,
    });
  }

  for (let i = 0; i < n; i++) {
    const d = m.days[i];
    for (const spec of [...ETF_SPECS].sort((a, b) => (a.ticker < b.ticker ? -1 : 1))) {
      const s = series.get(spec.ticker)!;
      const key = `${d} ${spec.ticker}`;
      // Every row holds modelled values (NAV, shares), so the row is reconstructed; stronger cells:
      for (const [column, q] of [
        ['close', s.closeQuality[i]],
        ['volume_shares', s.volumeQuality[i]],
      ] as const) {
        if (q.quality !== 'reconstructed') cells.push({ table: 'etf_daily', key, column, ...q });
      }
      if (spec.ticker === 'IBIT' && d === '2026-02-05') {
        anchors.push({ key, column: 'volume_shares', value: s.volumeShares[i], source: SRC.coinails });
        anchors.push({
          key,
          column: 'shares_outstanding',
          value: s.shares[i] - s.shares[i - 1],
          source: SRC.altcoinObserver,
          note: 'change from the previous day = the published ~+6M shares created',
        });
      }
      rows.push([
        d,
        spec.ticker,
        s.close[i],
        s.volumeShares[i],
        s.volumeUsd[i],
        s.shares[i],
        s.nav[i],
        s.bps[i],
        s.aum[i],
        s.flowT[i],
        'reconstructed_shares_t',
        GENERATOR_SOURCE,
        'reconstructed',
      ]);
    }
  }
  return {
    series,
    anchors,
    cells,
    table: {
      columns: [
        'date',
        'ticker',
        'close',
        'volume_shares',
        'volume_usd',
        'shares_outstanding',
        'nav',
        'btc_per_share',
        'aum_usd',
        'flow_usd',
        'flow_source',
        'source',
        'quality',
      ],
      rows,
    },
  };
}
