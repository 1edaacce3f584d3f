import { parseInstantMs } from '../core/time.js';
import { InvalidInputError } from '../errors.js';
import {
  barrierGreeks,
  bsGreeksKernel,
  finalBarrierPutGreeks,
  G_COUNT,
  G_DELTA,
  G_GAMMA,
  G_PRICE,
  G_VANNA,
} from '../pricing/index.js';

export { finalBarrierPutGreeks };

import { checkedGrid } from './btcAxis.js';
import { isoDateToUtcMs, NEW_YORK, zonedWallTimeToUtcMs } from './time.js';

/*
 * The structured-note barrier book (DESIGN.md H5 and the mechanics paragraph of section 1).
 *
 * A note with a knock-in barrier repays notional unless the barrier was breached AND the final level is below
 * the initial level, in which case the investor loses notional · (1 − S_T/S_0). That loss is a down-and-in
 * put struck at the initial level S_0 on notional / S_0 shares, which the investor is SHORT; the issuing
 * dealer is LONG it and delta-hedges it. Exposures below are the dealer's, per share of that put times the
 * shares of each note (coupons and autocalls are funded separately and left out).
 *
 *  - 'daily' monitoring: a down-and-in put observed at each daily close, priced by src/pricing/barrier.ts
 *    (Reiner–Rubinstein closed form with the Broadie–Glasserman–Kou discrete-monitoring shift). Closes are
 *    trading days, ~252 a year, and tau is in calendar years, so the observation interval is 1/252 year
 *    (~1.45 calendar days); it is an option (`dailyMonitoringInterval`).
 *  - 'final' monitoring: only the final level counts, so the payoff is (K − S_T)·1{S_T < B}. With
 *    put(B) = (B − S_T)⁺ and the cash-or-nothing put D(B) = 1{S_T < B}:
 *        (K − S_T)·1{S_T < B} = (B − S_T)⁺ + (K − B)·1{S_T < B}   (B < K),
 *    i.e. a vanilla put struck at the barrier plus K − B cash-or-nothing puts struck at the barrier (checked
 *    on both sides of B: below, (B − S_T) + (K − B) = K − S_T; above, 0). Vanilla BSM from
 *    src/pricing/blackScholes.ts; cash-or-nothing put e^{-rτ} N(−d2) (Reiner & Rubinstein, "Unscrambling the
 *    binary code", Risk 4(9), 1991; Haug 2007, section 4.19.2).
 *
 * Knock-in lump: just above a daily barrier the dealer holds −Δ_DI shares (Δ_DI the down-and-in put's delta,
 * whose magnitude exceeds 1 close to expiry); once the close prints at or below the barrier the option is
 * the vanilla put and the hedge is −Δ_put. The trade at knock-in is shares · (Δ_DI − Δ_put): negative, a
 * sale, growing like 1/√tau as expiry nears (Δ_DI ~ −(K − B)·2n(0)/(B σ√τ) from the reflection principle).
 */

/** The columns of a `structured_notes` row (docs/DATA.md) the barrier book reads. */
export interface StructuredNoteRow {
  readonly note_id: string;
  /** ETF ticker present in `btcPerShare`, e.g. 'IBIT'. */
  readonly underlying: string;
  /** Initial level: the strike of the knock-in put, USD per share. */
  readonly initial_level: number;
  /** Knock-in barrier, USD per share, below the initial level. */
  readonly barrier_level: number;
  readonly barrier_monitoring: 'daily' | 'final';
  /** Maturity date YYYY-MM-DD (valued to 16:00 America/New_York that day). */
  readonly maturity: string;
  readonly notional_usd: number;
}

/** A note's implied vol: flat, or a function of the note, its strike (USD/share) and tau (years). */
export type NoteVol = number | ((note: StructuredNoteRow, strike: number, tau: number) => number);

export interface BarrierBookOptions {
  /** Valuation instant. */
  readonly asOf: Date | string;
  /** BTC held per ETF share by ticker, e.g. { IBIT: 0.000568 }. */
  readonly btcPerShare: Readonly<Record<string, number>>;
  readonly vol: NoteVol;
  /** Continuously compounded USD rate. Default 0. */
  readonly rate?: number;
  /** Years between barrier observations of 'daily' notes. Default 1/252 (trading-day closes). */
  readonly dailyMonitoringInterval?: number;
  /** Notes already knocked in on the path so far (the caller checks closes since pricing): held as vanilla puts. */
  readonly knockedIn?: ReadonlySet<string>;
}

/** A note resolved for valuation. Prices in USD per share of the underlying. */
export interface PreparedNote {
  readonly noteId: string;
  readonly underlying: string;
  readonly btcPerShare: number;
  /** Put strike = initial level. */
  readonly strike: number;
  readonly barrier: number;
  readonly monitoring: 'daily' | 'final';
  readonly notionalUsd: number;
  /** Shares of put the dealer is long: notional / initial level. */
  readonly shares: number;
  readonly tau: number;
  readonly vol: number;
  /** Already knocked in ('daily' notes only): valued as the vanilla put. */
  readonly knockedIn: boolean;
}

export interface BarrierBook {
  readonly notes: readonly PreparedNote[];
  readonly rate: number;
  readonly dailyMonitoringInterval: number;
  readonly diagnostics: { readonly rows: number; readonly used: number; readonly matured: number };
}

/** Value and Greeks per share of the dealer's put: USD, shares/share, per USD, per 1.00 of vol. */
export interface NoteGreeks {
  readonly price: number;
  readonly delta: number;
  readonly gamma: number;
  /** d(delta)/d(vol). */
  readonly vanna: number;
}

/** The dealer's barrier-book exposures over a BTC price grid. */
export interface BarrierProfile {
  /** BTC prices, USD. */
  readonly grid: Float64Array;
  /** Dealer delta in shares of each underlying (the hedge holds minus this). */
  readonly deltaShares: Readonly<Record<string, Float64Array>>;
  /** Dealer delta, USD. */
  readonly deltaUsd: Float64Array;
  /** Dealer delta, BTC-equivalent. */
  readonly deltaBtc: Float64Array;
  /** Dealer dollar gamma per 1 % move, USD. */
  readonly gex: Float64Array;
  /** Change of the dealer's delta, USD, for +1 vol point. */
  readonly vanna: Float64Array;
}

/** The dealer's hedge trade when one note knocks in: + buy, − sell. */
export interface KnockInLump {
  readonly noteId: string;
  readonly underlying: string;
  /** Barrier, USD per share, and the BTC price it maps to. */
  readonly barrier: number;
  readonly barrierBtc: number;
  readonly strike: number;
  readonly tau: number;
  readonly shares: number;
  /** Down-and-in put delta just above the barrier, per share. */
  readonly deltaBefore: number;
  /** Vanilla put delta at the barrier, per share. */
  readonly deltaAfter: number;
  readonly tradeShares: number;
  readonly tradeUsd: number;
  readonly tradeBtc: number;
}

/** A group of nearby levels from {@link clusterLevels}. */
export interface LevelCluster {
  /** Weighted mean level (plain mean when all weights are 0). */
  readonly centre: number;
  readonly lo: number;
  readonly hi: number;
  readonly count: number;
  readonly weight: number;
  /** Indices into the input, ascending by level. */
  readonly members: readonly number[];
}

/** A cluster of note barriers on the BTC axis, with its level in the underlying where it has one. */
export interface BarrierCluster {
  /** Notional-weighted barrier, BTC price USD, and the range of the members. */
  readonly btcLevel: number;
  readonly btcLo: number;
  readonly btcHi: number;
  /** Notional-weighted barrier in USD per share, when all members share one underlying; else null. */
  readonly shareLevel: number | null;
  readonly underlyings: readonly string[];
  readonly count: number;
  readonly notionalUsd: number;
  readonly noteIds: readonly string[];
  /** Sum of the members' knock-in trades ('daily' notes not yet knocked in). */
  readonly lumpShares: number;
  readonly lumpUsd: number;
  readonly lumpBtc: number;
}

export interface BarrierAnalysisOptions extends BarrierBookOptions {
  readonly grid: Float64Array | readonly number[];
  /** Relative gap that splits clusters. Default 0.02. */
  readonly clusterTolerance?: number;
}

export interface BarrierAnalysis {
  readonly profile: BarrierProfile;
  /** Sorted by barrier, highest first: the order a falling market meets them. */
  readonly lumps: readonly KnockInLump[];
  readonly clusters: readonly BarrierCluster[];
  readonly diagnostics: BarrierBook['diagnostics'];
}

const MS_PER_YEAR = 365 * 86_400_000;
/** "Just above the barrier": relative offset where the knock-in put's delta is read before the knock-in. */
const JUST_ABOVE = 1e-9;

function badNote(i: number, column: string, value: unknown, why: string): InvalidInputError {
  return new InvalidInputError(
    'invalid_note_row',
    `structured note row ${i}: ${column} = ${String(value)} ${why}`,
    {
      details: { row: i, column, value },
    },
  );
}

/**
 * Resolves note rows into a {@link BarrierBook}: shares, tau to the 16:00 New York close of maturity (ACT/365),
 * vol. Matured notes are left out and counted. Throws InvalidInputError naming the row for bad terms.
 * @example barrierBook([{ note_id: 'N1', underlying: 'IBIT', initial_level: 50, barrier_level: 35,
 *   barrier_monitoring: 'daily', maturity: '2027-02-05', notional_usd: 5e6 }],
 *   { asOf: '2026-02-04T21:00:00Z', btcPerShare: { IBIT: 0.000568 }, vol: 0.55 }).notes[0].shares // 100000
 */
export function barrierBook(rows: readonly StructuredNoteRow[], opts: BarrierBookOptions): BarrierBook {
  const asOfMs = parseInstantMs(opts.asOf);
  if (!Number.isFinite(asOfMs)) {
    throw new InvalidInputError(
      'invalid_instant',
      `barrierBook: asOf is not a valid instant: ${String(opts.asOf)}`,
      {
        details: { value: String(opts.asOf) },
      },
    );
  }
  const rate = opts.rate ?? 0;
  if (!Number.isFinite(rate)) {
    throw new InvalidInputError('invalid_rate', `barrierBook: rate must be finite, got ${rate}`, {
      details: { rate },
    });
  }
  const dt = opts.dailyMonitoringInterval ?? 1 / 252;
  if (!(dt >= 0 && dt < 1)) {
    throw new InvalidInputError(
      'invalid_monitoring_interval',
      `barrierBook: dailyMonitoringInterval must be in [0, 1) years, got ${dt}`,
      { details: { dailyMonitoringInterval: dt } },
    );
  }
  const notes: PreparedNote[] = [];
  let matured = 0;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    const bps = Object.hasOwn(opts.btcPerShare, r.underlying) ? opts.btcPerShare[r.underlying] : undefined;
    if (bps === undefined || !(bps > 0 && bps < Number.POSITIVE_INFINITY))
      throw badNote(i, 'underlying', r.underlying, 'has no positive btcPerShare');
    if (!(r.initial_level > 0 && r.initial_level < Number.POSITIVE_INFINITY))
      throw badNote(i, 'initial_level', r.initial_level, 'must be a positive price');
    if (!(r.barrier_level > 0 && r.barrier_level < r.initial_level))
      throw badNote(
        i,
        'barrier_level',
        r.barrier_level,
        `must be positive and below initial_level ${r.initial_level}`,
      );
    if (r.barrier_monitoring !== 'daily' && r.barrier_monitoring !== 'final')
      throw badNote(i, 'barrier_monitoring', r.barrier_monitoring, "is not 'daily' or 'final'");
    if (!(r.notional_usd >= 0 && r.notional_usd < Number.POSITIVE_INFINITY))
      throw badNote(i, 'notional_usd', r.notional_usd, 'must be a non-negative USD amount');
    isoDateToUtcMs(r.maturity, `structured note row ${i}: maturity`);
    const tau = (zonedWallTimeToUtcMs(r.maturity, 16, 0, NEW_YORK) - asOfMs) / MS_PER_YEAR;
    if (!(tau > 0)) {
      matured++;
      continue;
    }
    const strike = r.initial_level;
    const vol = typeof opts.vol === 'number' ? opts.vol : opts.vol(r, strike, tau);
    if (!(vol > 0 && vol < Number.POSITIVE_INFINITY))
      throw badNote(i, 'vol', vol, 'must be a positive decimal');
    notes.push({
      noteId: r.note_id,
      underlying: r.underlying,
      btcPerShare: bps,
      strike,
      barrier: r.barrier_level,
      monitoring: r.barrier_monitoring,
      notionalUsd: r.notional_usd,
      shares: r.notional_usd / strike,
      tau,
      vol,
      knockedIn: r.barrier_monitoring === 'daily' && (opts.knockedIn?.has(r.note_id) ?? false),
    });
  }
  return {
    notes,
    rate,
    dailyMonitoringInterval: dt,
    diagnostics: { rows: rows.length, used: notes.length, matured },
  };
}

const vanilla = new Float64Array(G_COUNT);

/**
 * Value and Greeks per share of a note's put at underlying price `sharePrice` (USD per share): the vanilla
 * put once knocked in, the daily down-and-in put (src/pricing/barrier.ts) or the final-monitoring put.
 * @example noteGreeks(book.notes[0], 40, 0, 1 / 252).delta // dealer delta per share of put, e.g. −0.62
 */
export function noteGreeks(
  note: PreparedNote,
  sharePrice: number,
  rate: number,
  dailyInterval: number,
): NoteGreeks {
  if (note.monitoring === 'final') {
    return finalBarrierPutGreeks(sharePrice, note.strike, note.barrier, note.tau, rate, 0, note.vol);
  }
  if (note.knockedIn) {
    bsGreeksKernel(-1, sharePrice, note.strike, note.tau, rate, 0, note.vol, vanilla, 0);
    return {
      price: vanilla[G_PRICE],
      delta: vanilla[G_DELTA],
      gamma: vanilla[G_GAMMA],
      vanna: vanilla[G_VANNA],
    };
  }
  const g = barrierGreeks({
    type: 'put',
    kind: 'down-in',
    spot: sharePrice,
    strike: note.strike,
    barrier: note.barrier,
    tau: note.tau,
    rate,
    divYield: 0,
    vol: note.vol,
    monitoringInterval: dailyInterval,
  });
  return { price: g.price, delta: g.delta, gamma: g.gamma, vanna: g.vanna };
}

/**
 * The dealer's delta (shares, USD, BTC), dollar gamma per 1 % and vanna per vol point of the barrier book at
 * each BTC price of `grid`; each note's underlying price is S · btcPerShare. A grid point at or below a
 * 'daily' barrier is valued as knocked in (the price got there through the barrier).
 * @example barrierExposureProfile(book, priceGrid(50000, 90000, 81)).gex // Float64Array(81), USD per 1 %
 */
export function barrierExposureProfile(
  book: BarrierBook,
  grid: Float64Array | readonly number[],
): BarrierProfile {
  const g = checkedGrid(grid, 'barrierExposureProfile');
  const m = g.length;
  const deltaShares: Record<string, Float64Array> = {};
  const deltaUsd = new Float64Array(m);
  const deltaBtc = new Float64Array(m);
  const gex = new Float64Array(m);
  const vanna = new Float64Array(m);
  for (const note of book.notes) {
    let ds = deltaShares[note.underlying];
    if (ds === undefined) {
      ds = new Float64Array(m);
      deltaShares[note.underlying] = ds;
    }
    for (let j = 0; j < m; j++) {
      const P = g[j] * note.btcPerShare;
      const x = noteGreeks(note, P, book.rate, book.dailyMonitoringInterval);
      const d = note.shares * x.delta;
      ds[j] += d;
      deltaUsd[j] += d * P;
      deltaBtc[j] += d * note.btcPerShare;
      gex[j] += note.shares * x.gamma * P * P * 0.01;
      vanna[j] += note.shares * x.vanna * P * 0.01;
    }
  }
  return { grid: g, deltaShares, deltaUsd, deltaBtc, gex, vanna };
}

/**
 * The dealer's hedge trade at each 'daily' note's knock-in (notes already knocked in and 'final' notes have
 * none), highest barrier first: shares · (Δ_DI just above the barrier − Δ_put at the barrier), + buy, − sell.
 * @example knockInLumps(book)[0].tradeShares // e.g. −41000 (a sale)
 */
export function knockInLumps(book: BarrierBook): KnockInLump[] {
  const out: KnockInLump[] = [];
  for (const note of book.notes) {
    if (note.monitoring !== 'daily' || note.knockedIn) continue;
    const B = note.barrier;
    const before = noteGreeks(note, B * (1 + JUST_ABOVE), book.rate, book.dailyMonitoringInterval).delta;
    bsGreeksKernel(-1, B, note.strike, note.tau, book.rate, 0, note.vol, vanilla, 0);
    const after = vanilla[G_DELTA];
    const tradeShares = note.shares * (before - after);
    out.push({
      noteId: note.noteId,
      underlying: note.underlying,
      barrier: B,
      barrierBtc: B / note.btcPerShare,
      strike: note.strike,
      tau: note.tau,
      shares: note.shares,
      deltaBefore: before,
      deltaAfter: after,
      tradeShares,
      tradeUsd: tradeShares * B,
      tradeBtc: tradeShares * note.btcPerShare,
    });
  }
  out.sort((a, b) => b.barrierBtc - a.barrierBtc || (a.noteId < b.noteId ? -1 : a.noteId > b.noteId ? 1 : 0));
  return out;
}

/**
 * Groups levels by single linkage on the relative gap: sorted ascending, a level more than `tolerance` above
 * the previous one starts a new cluster. Centres are weight-averaged.
 * @example clusterLevels([38, 43.6, 38.5, 39.1], [1, 1, 1, 1]).map((c) => c.count) // [3, 1]
 */
export function clusterLevels(
  levels: readonly number[],
  weights: readonly number[],
  tolerance = 0.02,
): LevelCluster[] {
  if (weights.length !== levels.length) {
    throw new InvalidInputError(
      'invalid_levels',
      `clusterLevels: ${weights.length} weights for ${levels.length} levels`,
      {
        details: { levels: levels.length, weights: weights.length },
      },
    );
  }
  if (!(tolerance >= 0 && tolerance < Number.POSITIVE_INFINITY)) {
    throw new InvalidInputError(
      'invalid_tolerance',
      `clusterLevels: tolerance must be >= 0, got ${tolerance}`,
      {
        details: { tolerance },
      },
    );
  }
  for (let i = 0; i < levels.length; i++) {
    if (!(levels[i] > 0 && levels[i] < Number.POSITIVE_INFINITY) || !(weights[i] >= 0))
      throw new InvalidInputError(
        'invalid_levels',
        `clusterLevels: level ${levels[i]} / weight ${weights[i]} at ${i}`,
        {
          details: { index: i, level: levels[i], weight: weights[i] },
        },
      );
  }
  const order = levels.map((_, i) => i).sort((a, b) => levels[a] - levels[b] || a - b);
  const clusters: LevelCluster[] = [];
  let start = 0;
  for (let k = 1; k <= order.length; k++) {
    if (k < order.length && levels[order[k]] <= levels[order[k - 1]] * (1 + tolerance)) continue;
    const members = order.slice(start, k);
    let w = 0;
    let wx = 0;
    let x = 0;
    for (const i of members) {
      w += weights[i];
      wx += weights[i] * levels[i];
      x += levels[i];
    }
    clusters.push({
      centre: w > 0 ? wx / w : x / members.length,
      lo: levels[members[0]],
      hi: levels[members[members.length - 1]],
      count: members.length,
      weight: w,
      members,
    });
    start = k;
  }
  return clusters;
}

/**
 * Clusters of note barriers on the BTC axis (notional-weighted, gap `tolerance`), with the share-price level
 * and the summed knock-in trades of each cluster.
 * @example barrierClusters(book, knockInLumps(book)).map((c) => c.shareLevel) // e.g. [38.6, 43.6]
 */
export function barrierClusters(
  book: BarrierBook,
  lumps: readonly KnockInLump[],
  tolerance = 0.02,
): BarrierCluster[] {
  const notes = book.notes;
  const levels = notes.map((n) => n.barrier / n.btcPerShare);
  const weights = notes.map((n) => n.notionalUsd);
  const lumpById = new Map<string, KnockInLump>();
  for (const l of lumps) lumpById.set(l.noteId, l);
  return clusterLevels(levels, weights, tolerance).map((c) => {
    const members = c.members.map((i) => notes[i]);
    const underlyings = [...new Set(members.map((n) => n.underlying))].sort();
    let shareLevel: number | null = null;
    if (underlyings.length === 1) {
      let w = 0;
      let wx = 0;
      let x = 0;
      for (const n of members) {
        w += n.notionalUsd;
        wx += n.notionalUsd * n.barrier;
        x += n.barrier;
      }
      shareLevel = w > 0 ? wx / w : x / members.length;
    }
    let lumpShares = 0;
    let lumpUsd = 0;
    let lumpBtc = 0;
    for (const n of members) {
      const l = lumpById.get(n.noteId);
      if (l === undefined) continue;
      lumpShares += l.tradeShares;
      lumpUsd += l.tradeUsd;
      lumpBtc += l.tradeBtc;
    }
    return {
      btcLevel: c.centre,
      btcLo: c.lo,
      btcHi: c.hi,
      shareLevel,
      underlyings,
      count: c.count,
      notionalUsd: c.weight,
      noteIds: members.map((n) => n.noteId),
      lumpShares,
      lumpUsd,
      lumpBtc,
    };
  });
}

/**
 * The barrier book in one call: exposure profile over the BTC grid, knock-in lumps and barrier clusters.
 * @example barrierAnalysis(notes, { asOf: '2026-02-04T21:00:00Z', btcPerShare: { IBIT: 0.000568 }, vol: 0.6,
 *   grid: priceGrid(50000, 90000, 81) }).clusters.length // e.g. 2
 */
export function barrierAnalysis(
  rows: readonly StructuredNoteRow[],
  opts: BarrierAnalysisOptions,
): BarrierAnalysis {
  const book = barrierBook(rows, opts);
  const lumps = knockInLumps(book);
  return {
    profile: barrierExposureProfile(book, opts.grid),
    lumps,
    clusters: barrierClusters(book, lumps, opts.clusterTolerance ?? 0.02),
    diagnostics: book.diagnostics,
  };
}
