import { type BarrierAnalysis, barrierAnalysis } from '../../analytics/barriers.js';
import { priceGrid } from '../../analytics/btcAxis.js';
import type { MarketSnapshot } from '../../market/snapshot.js';
import type { FindingOf } from '../findings.js';
import type { EventInputs } from '../inputs.js';
import { fmtNum, fmtPct, fmtUsd, metric, provenanceOf, worstOf, worstQuality } from '../metric.js';
import type { ForensicsOptions } from '../options.js';
import { finding, unavailable } from './common.js';
import type { MarketContext } from './context.js';

export interface BarriersData {
  readonly asOf: string;
  readonly vol: number;
  readonly volSource: string;
  readonly knockedInBefore: readonly string[];
  readonly grid: readonly number[];
  readonly deltaUsd: readonly number[];
  readonly gex: readonly number[];
  readonly vanna: readonly number[];
  readonly lumps: BarrierAnalysis['lumps'];
  readonly clusters: BarrierAnalysis['clusters'];
  readonly spot: number;
  readonly eventLow: number | null;
}

const TITLE = 'Structured-note barrier book';
const DEFAULT_NOTE_VOL = 0.6;

/** The ETF chain's implied vol nearest the money, on the first expiry at least 20 days out. */
function atmVol(
  chain: EventInputs['chain'],
  o: ForensicsOptions,
  etfSpot: number,
  asOfMs: number,
): number | null {
  const rows = chain.filter(
    (r) => r.underlying === o.etfTicker && r.iv !== null && Date.parse(r.expiry) - asOfMs >= 20 * 86_400_000,
  );
  if (rows.length === 0) return null;
  const expiry = rows.reduce((m, r) => (r.expiry < m ? r.expiry : m), rows[0].expiry);
  const same = rows.filter((r) => r.expiry === expiry);
  const best = same.reduce((a, b) => (Math.abs(b.strike - etfSpot) < Math.abs(a.strike - etfSpot) ? b : a));
  return best.iv;
}

/** Section 7: what dealers hold from barrier notes (long knock-in puts), their Greeks and the knock-in lumps. */
export function barriersSection(
  inputs: EventInputs,
  o: ForensicsOptions,
  ctx: MarketContext,
  snap: MarketSnapshot | null,
): FindingOf<'barriers'> {
  const notes = snap?.notes ?? inputs.notes;
  const prov = provenanceOf(['structured_notes', 'etf_daily'], notes);
  const bps = snap?.btcPerShare[o.etfTicker];
  if (snap === null || bps === undefined || ctx.previousDate === null) {
    return unavailable('barriers', TITLE, 'no BTC-per-share or BTC price on the previous trading day', prov);
  }
  if (notes.length === 0)
    return unavailable('barriers', TITLE, `no live structured notes on ${o.etfTicker}`, prov);
  // One instant and one BTC spot for every book of the run (forensics/snapshot.ts).
  const asOf = snap.asOf;
  const spot = snap.spot.usd;
  const etfRows = inputs.etfDaily.filter((r) => r.ticker === o.etfTicker);
  const etfPrev = etfRows.find((r) => r.date === ctx.previousDate)?.close ?? spot * bps;
  const etfEventClose = etfRows.find((r) => r.date === o.eventDate)?.close ?? null;
  const etfDayVolumeUsd = etfRows.find((r) => r.date === o.eventDate)?.volume_usd ?? null;
  const etfSpot = etfPrev;
  // Default note vol: DVOL (observed) at the previous close, else the ETF chain's ATM IV, else a constant.
  const dvol = inputs.dvolHourly.filter((b) => Date.parse(b.ts) + 3_600_000 <= Date.parse(asOf)).at(-1);
  const dvolVol = dvol ? dvol.close / 100 : null;
  const chainVol = dvolVol === null ? atmVol(snap.chain, o, etfSpot, Date.parse(asOf)) : null;
  const vol = o.noteVol ?? dvolVol ?? chainVol ?? DEFAULT_NOTE_VOL;
  const volSource =
    o.noteVol !== null
      ? 'user (--note-vol)'
      : dvolVol !== null
        ? `DVOL at ${dvol!.ts} + 1h`
        : chainVol !== null
          ? `${o.etfTicker} at-the-money implied vol`
          : `default ${DEFAULT_NOTE_VOL}`;
  // Daily-monitored notes whose barrier a close has already touched are vanilla puts now.
  const closes = snap.etfCloses;
  const knocked = notes.filter(
    (n) =>
      n.barrier_monitoring === 'daily' &&
      closes.some((c) => c.date >= n.pricing_date && c.close <= n.barrier_level),
  );
  const grid = priceGrid(spot * o.gridLo, spot * o.gridHi, o.gridPoints);
  const a = barrierAnalysis(notes, {
    asOf,
    btcPerShare: { [o.etfTicker]: bps },
    vol,
    grid,
    knockedIn: new Set(knocked.map((n) => n.note_id)),
  });
  const low = ctx.btcEventLow;
  // Daily-monitored notes knock in on a close: a barrier between the previous and the event-day close of the
  // ETF was hit; final-monitoring notes cannot knock in before maturity. Barriers touched only intraday are
  // counted apart (they show where the intraday low went, not a knock-in).
  const daily = new Set(notes.filter((n) => n.barrier_monitoring === 'daily').map((n) => n.note_id));
  const crossed =
    etfEventClose === null
      ? []
      : a.lumps.filter((l) => daily.has(l.noteId) && l.barrier < etfPrev && l.barrier >= etfEventClose);
  const touchedIntraday =
    low === null ? [] : a.lumps.filter((l) => l.barrierBtc <= spot && l.barrierBtc >= low);
  const lumpUsd = crossed.reduce((s, l) => s + l.tradeUsd, 0);
  const q = worstOf(worstQuality(notes), ctx.quality);
  const top = [...a.clusters].sort((x, y) => y.notionalUsd - x.notionalUsd).slice(0, 3);
  const maxAbsDelta = a.lumps.reduce((m, l) => Math.max(m, Math.abs(l.deltaBefore)), 0);
  const metrics = {
    notes: metric('live notes', notes.length, 'count', q, (v) => fmtNum(v)),
    notionalUsd: metric(
      'their notional',
      notes.reduce((s, n) => s + n.notional_usd, 0),
      'USD',
      q,
      fmtUsd,
    ),
    knockedInBefore: metric('already knocked in before the event', knocked.length, 'count', q, (v) =>
      fmtNum(v),
    ),
    barriersTouchedIntraday: metric(
      'barriers between the previous close and the intraday low (BTC)',
      low === null ? null : touchedIntraday.length,
      'count',
      q,
      (v) => fmtNum(v),
    ),
    // Without the ETF's close on the day no knock-in can be seen: missing, never zero.
    barriersCrossed: metric(
      `daily-monitored barriers knocked in by the ${o.etfTicker} close`,
      etfEventClose === null ? null : crossed.length,
      'count',
      q,
      (v) => fmtNum(v),
    ),
    lumpUsdCrossed: metric(
      'dealer knock-in hedge trades over the fall (+ buy, - sell)',
      lumpUsd,
      'USD',
      q,
      fmtUsd,
    ),
    lumpShareOfAdv: metric(
      `that trade vs ${o.etfTicker} 20-day ADV`,
      ctx.etfAdvUsd && etfEventClose !== null ? Math.abs(lumpUsd) / ctx.etfAdvUsd : null,
      'decimal',
      q,
      (v) => fmtPct(v, 2),
    ),
    lumpShareOfDayVolume: metric(
      `that trade vs ${o.etfTicker} dollar volume on ${o.eventDate}`,
      etfDayVolumeUsd ? Math.abs(lumpUsd) / etfDayVolumeUsd : null,
      'decimal',
      q,
      (v) => fmtPct(v, 3),
    ),
    maxAbsDeltaPerShare: metric(
      'largest |delta| per put just above a barrier',
      maxAbsDelta,
      'shares',
      q,
      (v) => v.toFixed(2),
    ),
    topClusterShare: metric(
      `largest barrier cluster (${o.etfTicker})`,
      top[0]?.shareLevel ?? null,
      'USD/share',
      q,
      (v) => v.toFixed(2),
    ),
    topClusterBtc: metric('largest barrier cluster (BTC)', top[0]?.btcLevel ?? null, 'USD', q, fmtUsd),
    vol: metric(`note vol (${volSource})`, vol, 'decimal', q, (v) => fmtPct(v, 0)),
  };
  const clusterText = top
    .map(
      (c) =>
        `${o.etfTicker} ${c.shareLevel?.toFixed(2)} (BTC ${fmtUsd(c.btcLevel)}, ${c.count} notes, ${fmtUsd(c.notionalUsd)})`,
    )
    .join('; ');
  const summary =
    `${notes.length} live notes put dealers long knock-in puts; barrier clusters: ${clusterText}. ` +
    `The ${o.etfTicker} close of ${etfEventClose ?? 'n/a'} knocked in ${crossed.length} daily-monitored notes (previous close ${etfPrev}), whose dealers' hedge trades sum to ${fmtUsd(lumpUsd)}; ` +
    `${touchedIntraday.length} barriers lay between ${fmtUsd(spot)} and the intraday low ${fmtUsd(low)}.`;
  const arr = (x: Float64Array) => Array.from(x);
  return finding(
    'barriers',
    TITLE,
    summary,
    metrics,
    prov,
    [`note vol: ${volSource}; daily monitoring on trading-day closes (BGK shift, 1/252 years)`],
    {
      asOf,
      vol,
      volSource,
      knockedInBefore: knocked.map((n) => n.note_id),
      grid: arr(a.profile.grid),
      deltaUsd: arr(a.profile.deltaUsd),
      gex: arr(a.profile.gex),
      vanna: arr(a.profile.vanna),
      lumps: a.lumps,
      clusters: a.clusters,
      spot,
      eventLow: low,
    },
  );
}
