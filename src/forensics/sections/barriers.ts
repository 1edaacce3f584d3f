import type { ChannelBook } from '../../channels/channel.js';
import { knockedInNotes } from '../../channels/structuredNotes.js';
import type { MarketSnapshot } from '../../market/snapshot.js';
import { bookOf, type EventBooks, flowTo } from '../books.js';
import type { FindingOf } from '../findings.js';
import type { EventInputs } from '../inputs.js';
import { fmtNum, fmtPct, fmtUsd, metric, provenanceOf, worstOf } from '../metric.js';
import type { ForensicsOptions } from '../options.js';
import { finding, unavailable } from './common.js';
import type { MarketContext } from './context.js';

/**
 * The dealers' hedge trade when the live daily-monitored notes of one barrier knock in: the structured-note
 * channel's one-shot trigger(s) at that BTC price (USD of BTC, + buy, − sell).
 */
export interface KnockInLump {
  /** The barrier on the BTC axis and in the ETF, USD. */
  readonly barrierBtc: number;
  readonly barrierShare: number;
  /** Sum of the channel's triggers at this price. */
  readonly tradeUsd: number;
  readonly tradeBtc: number;
  /** The notes whose barrier maps to this price. */
  readonly noteIds: readonly string[];
  readonly notionalUsd: number;
}

/** A cluster of knock-in barriers: one of the channel's 'knock-in' levels with the notes behind it. */
export interface BarrierCluster {
  /** The level's |trade|-weighted price and its range, BTC USD. */
  readonly btcLevel: number;
  readonly btcLo: number;
  readonly btcHi: number;
  /** The same in the ETF, USD per share (null when the notes are on more than one underlying). */
  readonly shareLevel: number | null;
  readonly underlyings: readonly string[];
  readonly count: number;
  readonly notionalUsd: number;
  readonly noteIds: readonly string[];
  /** The level's size (the sum of its triggers), + buy, − sell. */
  readonly lumpShares: number;
  readonly lumpUsd: number;
  readonly lumpBtc: number;
}

export interface BarriersData {
  readonly asOf: string;
  readonly vol: number;
  readonly volSource: string;
  readonly knockedInBefore: readonly string[];
  /** The run's grid and the structured-note book on it (+ buy, − sell; intensity + amplifies). */
  readonly grid: readonly number[];
  readonly flowUsd: readonly number[];
  readonly perPctUsd: readonly number[];
  /** Highest barrier first: the order a falling market meets them. */
  readonly lumps: readonly KnockInLump[];
  readonly clusters: readonly BarrierCluster[];
  readonly spot: number;
  readonly eventLow: number | null;
}

const TITLE = 'Structured-note barrier book';

/**
 * The knock-in lumps and clusters of a structured-note book: each one-shot trigger (a live daily barrier below
 * spot) grouped by price with the snapshot's notes whose barrier maps there (barrier / BTC per share, the
 * channel's own mapping), and each 'knock-in' level with the notes inside its range.
 * @example barrierLumpsOf(book, snap).lumps[0].tradeUsd // the channel's trigger at the highest barrier
 */
export function barrierLumpsOf(
  book: ChannelBook,
  snap: MarketSnapshot,
): { lumps: KnockInLump[]; clusters: BarrierCluster[] } {
  const knocked = knockedInNotes(snap);
  const live = snap.notes
    .filter((n) => n.barrier_monitoring === 'daily' && !knocked.has(n.note_id))
    .map((n) => ({ n, btc: n.barrier_level / snap.btcPerShare[n.underlying] }));
  const byPrice = new Map<number, { tradeUsd: number }>();
  for (const t of book.decomposition.triggers) {
    const x = byPrice.get(t.price) ?? { tradeUsd: 0 };
    x.tradeUsd += t.tradeUsd;
    byPrice.set(t.price, x);
  }
  const lumps: KnockInLump[] = [...byPrice.entries()]
    .map(([price, x]) => {
      const members = live.filter((l) => l.btc === price);
      return {
        barrierBtc: price,
        barrierShare: members[0]
          ? members[0].n.barrier_level
          : price * (snap.btcPerShare[snap.etfTicker] ?? 0),
        tradeUsd: x.tradeUsd,
        tradeBtc: x.tradeUsd / price,
        noteIds: members.map((l) => l.n.note_id).sort(),
        notionalUsd: members.reduce((s, l) => s + l.n.notional_usd, 0),
      };
    })
    .sort((a, b) => b.barrierBtc - a.barrierBtc);
  const clusters = book.levels
    .filter((l) => l.kind === 'knock-in')
    .map((l) => {
      // A one-price cluster has no range: its centre is its trigger's price (to rounding of the weighting).
      const lo = l.lo ?? l.price * (1 - 1e-12);
      const hi = l.hi ?? l.price * (1 + 1e-12);
      const inside = lumps.filter((x) => x.barrierBtc >= lo && x.barrierBtc <= hi);
      const members = live.filter((x) => x.btc >= lo && x.btc <= hi);
      const underlyings = [...new Set(members.map((x) => x.n.underlying))].sort();
      const bps = underlyings.length === 1 ? snap.btcPerShare[underlyings[0]] : undefined;
      return {
        btcLevel: l.price,
        btcLo: lo,
        btcHi: hi,
        shareLevel: bps === undefined ? null : l.price * bps,
        underlyings,
        count: members.length,
        notionalUsd: members.reduce((s, x) => s + x.n.notional_usd, 0),
        noteIds: members.map((x) => x.n.note_id).sort(),
        lumpShares: inside.reduce((s, y) => s + y.tradeUsd / y.barrierShare, 0),
        lumpUsd: l.sizeUsd ?? 0,
        lumpBtc: inside.reduce((s, y) => s + y.tradeBtc, 0),
      };
    });
  return { lumps, clusters };
}

/**
 * Section 7: what dealers hold from barrier notes (long knock-in puts), an adapter over the structured-note
 * channel's book (src/channels/structuredNotes.ts, built once per run in forensics/books.ts): its flow and
 * intensity on the run's grid, its one-shot knock-in triggers (the lump at each barrier) and its knock-in
 * clusters (levels).
 */
export function barriersSection(
  inputs: EventInputs,
  o: ForensicsOptions,
  ctx: MarketContext,
  books: EventBooks | null,
): FindingOf<'barriers'> {
  const notes = books?.snapshot.notes ?? inputs.notes;
  const prov = provenanceOf(['structured_notes', 'etf_daily'], notes);
  const snap = books?.snapshot ?? null;
  const bps = snap?.btcPerShare[o.etfTicker];
  if (books === null || snap === null || bps === undefined || ctx.previousDate === null) {
    return unavailable('barriers', TITLE, 'no BTC-per-share or BTC price on the previous trading day', prov);
  }
  const book = bookOf(books, 'structuredNotes');
  if (notes.length === 0 || !book.available)
    return unavailable('barriers', TITLE, `no live structured notes on ${o.etfTicker}`, prov);
  // One instant and one BTC spot for every book of the run (forensics/snapshot.ts).
  const asOf = snap.asOf;
  const spot = snap.spot.usd;
  const etfRows = inputs.etfDaily.filter((r) => r.ticker === o.etfTicker);
  const etfPrev = etfRows.find((r) => r.date === ctx.previousDate)?.close ?? spot * bps;
  const etfEventClose = etfRows.find((r) => r.date === o.eventDate)?.close ?? null;
  const etfDayVolumeUsd = etfRows.find((r) => r.date === o.eventDate)?.volume_usd ?? null;
  const d = book.diagnostics;
  const vol = Number(d.vol);
  const volSource = String(d.volSource);
  const knocked = [...knockedInNotes(snap)].sort();
  const { lumps, clusters } = barrierLumpsOf(book, snap);
  const low = ctx.btcEventLow;
  // Daily-monitored notes knock in on a close: a barrier between the previous and the event-day close of the
  // ETF was hit; final-monitoring notes cannot knock in before maturity. Barriers touched only intraday are
  // counted apart (they show where the intraday low went, not a knock-in).
  const crossed =
    etfEventClose === null
      ? []
      : lumps.filter((l) => l.barrierShare < etfPrev && l.barrierShare >= etfEventClose);
  const touchedIntraday =
    low === null ? [] : lumps.filter((l) => l.barrierBtc <= spot && l.barrierBtc >= low);
  const count = (xs: readonly KnockInLump[]) => xs.reduce((s, l) => s + Math.max(l.noteIds.length, 1), 0);
  const lumpUsd = crossed.reduce((s, l) => s + l.tradeUsd, 0);
  const q = worstOf(book.quality, ctx.quality);
  const top = clusters[0];
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
      'live knock-in barriers between the previous close and the intraday low (BTC)',
      low === null ? null : count(touchedIntraday),
      'count',
      q,
      (v) => fmtNum(v),
    ),
    // Without the ETF's close on the day no knock-in can be seen: missing, never zero.
    barriersCrossed: metric(
      `daily-monitored barriers knocked in by the ${o.etfTicker} close`,
      etfEventClose === null ? null : count(crossed),
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
      Number(d.maxAbsDeltaJustAboveBarrier),
      'shares',
      q,
      (v) => v.toFixed(2),
    ),
    topClusterShare: metric(
      `largest knock-in cluster (${o.etfTicker})`,
      top?.shareLevel ?? null,
      'USD/share',
      q,
      (v) => v.toFixed(2),
    ),
    topClusterBtc: metric('largest knock-in cluster (BTC)', top?.btcLevel ?? null, 'USD', q, fmtUsd),
    topClusterLumpUsd: metric(
      'its knock-in hedge trade (+ buy, - sell)',
      top?.lumpUsd ?? null,
      'USD',
      q,
      fmtUsd,
    ),
    flowToLow: metric(
      'note dealers’ hedging and knock-ins for the fall to the low (+ buy, - sell)',
      low === null ? null : flowTo(book, low),
      'USD',
      q,
      fmtUsd,
    ),
    vol: metric(`note vol (${volSource})`, vol, 'decimal', q, (v) => fmtPct(v, 0)),
  };
  const clusterText =
    clusters
      .slice(0, 3)
      .map(
        (c) =>
          `${o.etfTicker} ${c.shareLevel?.toFixed(2)} (BTC ${fmtUsd(c.btcLevel)}, ${c.count} notes, ${fmtUsd(c.notionalUsd)}, knock-in trade ${fmtUsd(c.lumpUsd)})`,
      )
      .join('; ') || 'none';
  const summary =
    `${notes.length} live notes put dealers long knock-in puts; knock-in clusters below spot: ${clusterText}. ` +
    `The ${o.etfTicker} close of ${etfEventClose ?? 'n/a'} knocked in ${count(crossed)} daily-monitored notes (previous close ${etfPrev}), whose dealers' hedge trades sum to ${fmtUsd(lumpUsd)}; ` +
    `${count(touchedIntraday)} live barriers lay between ${fmtUsd(spot)} and the intraday low ${fmtUsd(low)}.`;
  return finding(
    'barriers',
    TITLE,
    summary,
    metrics,
    prov,
    [
      `the structured-note channel's book (the fragility section's); note vol: ${volSource}; ${String(d.monitoring)}`,
    ],
    {
      asOf,
      vol,
      volSource,
      knockedInBefore: knocked,
      grid: Array.from(book.grid),
      flowUsd: Array.from(book.flowUsd),
      perPctUsd: Array.from(book.perPctUsd),
      lumps,
      clusters,
      spot,
      eventLow: low,
    },
  );
}
