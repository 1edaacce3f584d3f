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

import { isoDateToUtcMs, NEW_YORK, zonedWallTimeToUtcMs } from './time.js';

/*
 * The structured-note barrier book (DESIGN.md H5 and the mechanics paragraph of section 1): the notes resolved
 * for valuation and the Greeks of the dealer's put, priced by the structured-note channel
 * (src/channels/structuredNotes.ts: its flow, intensity and knock-in triggers; the forensics barriers section
 * reads that book).
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

const MS_PER_YEAR = 365 * 86_400_000;

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
