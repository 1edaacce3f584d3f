/*
 * Structured-note knock-ins (docs/METHODS.md "Channels: structured notes"). Investors in barrier notes are
 * short a down-and-in put struck at the initial level; the issuing dealer is LONG it and delta-hedges it
 * (analytics/barriers.ts: daily-monitored notes priced with Reiner–Rubinstein + the Broadie–Glasserman–Kou
 * shift, final-monitoring notes as a vanilla put plus cash-or-nothing puts at the barrier). Dealer delta
 * D(S) in BTC = Σ shares · Δ · BTC per share, each note's share price U = S · BTC per share.
 *
 * On a fall from spot:
 *  - above a daily barrier the long put's delta falls (more negative) as S falls, so the hedge BUYS into the
 *    fall (dealer long gamma: damping, perPct < 0);
 *  - when a close prints at the barrier the down-and-in put becomes the vanilla put: the hedge jumps from
 *    −Δ_DI to −Δ_put, a one-shot trade shares · (Δ_DI − Δ_put) (a SALE when |Δ_DI| > |Δ_put|, which happens
 *    close to the barrier near expiry, where |Δ_DI| can exceed 1); daily-monitored notes knock in on the
 *    close, so the map reads the barrier as reached by a close (intraday touches do not count);
 *  - below it the hedge follows the vanilla put.
 * The reversible part integrates −s · dD(s) along the down path with the jumps taken out (they are the
 * triggers); on a rise nothing knocks in. Deltas are evaluated on an internal geometric grid of 81 points (about 1 % apart on the default ±40 % range)
 * over the map's range (with the barriers as exact split points) and read off it linearly in ln S, so the
 * book costs the same on any output grid and finer output grids converge.
 * Note vol: the ETF chain's at-the-money implied vol (first expiry at least 20 days out), DVOL, or a flag.
 */
import { z } from 'zod';
import { barrierBook, noteGreeks, type PreparedNote } from '../analytics/barriers.js';
import { type Quality, worstQuality } from '../core/quality.js';
import { parseInstantMs } from '../core/time.js';
import type { MarketSnapshot } from '../market/snapshot.js';
import { clusterTriggers, priceBook, type TriggerState, unavailableBook } from './book.js';
import type { Channel, Trigger } from './channel.js';
import { interpLog } from './grid.js';

export const structuredNotesAssumptions = z
  .object({
    volSource: z
      .enum(['chain', 'dvol', 'flag'])
      .default('dvol')
      .describe(
        "note vol: 'dvol' (Deribit DVOL at the snapshot; else the chain), 'chain' (ETF at-the-money IV) or 'flag' (--notes-vol)",
      ),
    vol: z
      .number()
      .positive()
      .max(5)
      .default(0.6)
      .describe('note vol (decimal) when volSource is flag, or when the chosen source has no value'),
    monitoring: z
      .enum(['as-written', 'continuous'])
      .default('as-written')
      .describe(
        "'as-written': daily notes knock in on a close (BGK shift, 1/252 year); 'continuous': on any intraday touch (no shift)",
      ),
    clusterWidth: z
      .number()
      .positive()
      .max(0.2)
      .default(0.02)
      .describe('relative width of a knock-in cluster'),
    clusters: z.number().int().min(0).max(50).default(5).describe('how many knock-in clusters to name'),
  })
  .strict();

type A = z.output<typeof structuredNotesAssumptions>;
const TITLE = 'Structured-note knock-ins';
const INTERNAL_POINTS = 81;
const MIN_ATM_DAYS = 20;

/** The ETF chain's implied vol nearest the money, on the first expiry at least 20 days out; null if none. */
export function chainAtmVol(snap: MarketSnapshot): number | null {
  const etfSpot = snap.spot.usd * (snap.btcPerShare[snap.etfTicker] ?? Number.NaN);
  const asOfMs = parseInstantMs(snap.asOf);
  const rows = snap.chain.filter(
    (r) =>
      r.underlying === snap.etfTicker &&
      r.iv !== null &&
      parseInstantMs(r.expiry) - asOfMs >= MIN_ATM_DAYS * 86_400_000,
  );
  if (rows.length === 0 || !Number.isFinite(etfSpot)) return null;
  const expiry = rows.reduce(
    (m, r) => (parseInstantMs(r.expiry) < parseInstantMs(m) ? r.expiry : m),
    rows[0].expiry,
  );
  const same = rows.filter((r) => r.expiry === expiry);
  return same.reduce((a, b) => (Math.abs(b.strike - etfSpot) < Math.abs(a.strike - etfSpot) ? b : a)).iv;
}

function noteVol(snap: MarketSnapshot, a: A): { vol: number; source: string; quality: Quality } {
  const fromChain = () => {
    const v = chainAtmVol(snap);
    const q = worstQuality(snap.chain.filter((r) => r.underlying === snap.etfTicker).map((r) => r.quality));
    return v === null ? null : { vol: v, source: `${snap.etfTicker} at-the-money implied vol`, quality: q };
  };
  if (a.volSource === 'dvol') {
    if (snap.dvol !== null)
      return {
        vol: snap.dvol.value,
        source: `Deribit DVOL at ${snap.dvol.asOf}`,
        quality: snap.dvol.quality,
      };
    const c = fromChain();
    if (c !== null) return { ...c, source: `${c.source} (no DVOL at the snapshot)` };
  }
  if (a.volSource === 'chain') {
    const c = fromChain();
    if (c !== null) return c;
  }
  return {
    vol: a.vol,
    source: a.volSource === 'flag' ? 'flag' : `flag value ${a.vol} (no ${a.volSource} vol at the snapshot)`,
    quality: 'reconstructed',
  };
}

/** Daily-monitored notes whose barrier an ETF close has already reached since pricing: vanilla puts now. */
export function knockedInNotes(snap: MarketSnapshot): Set<string> {
  return new Set(
    snap.notes
      .filter(
        (n) =>
          n.barrier_monitoring === 'daily' &&
          snap.etfCloses.some((c) => c.date >= n.pricing_date && c.close <= n.barrier_level),
      )
      .map((n) => n.note_id),
  );
}

/** Dealer delta of one note in BTC (shares · Δ · BTC per share) at BTC price s. */
function deltaBtc(n: PreparedNote, s: number, rate: number, dt: number): number {
  return n.shares * noteGreeks(n, s * n.btcPerShare, rate, dt).delta * n.btcPerShare;
}

export const structuredNotes: Channel<MarketSnapshot, typeof structuredNotesAssumptions, TriggerState> = {
  id: 'structuredNotes',
  title: TITLE,
  assumptions: structuredNotesAssumptions,
  build(snap, a, grid) {
    const spot = snap.spot.usd;
    const prov = snap.provenance.filter((p) => p.input === 'structured_notes' || p.input === 'etf_daily');
    const unavailable = (reason: string) =>
      unavailableBook({ id: 'structuredNotes', title: TITLE, spot, grid, provenance: prov, reason });
    if (snap.notes.length === 0)
      return unavailable(`no live structured notes on ${snap.etfTicker} at ${snap.asOf}`);
    // A note on an ETF with no BTC per share at the snapshot cannot be put on the BTC axis: left out, said.
    const priceable = snap.notes.filter((n) => (snap.btcPerShare[n.underlying] ?? 0) > 0);
    const unpriced = [...new Set(snap.notes.filter((n) => !priceable.includes(n)).map((n) => n.underlying))];
    if (priceable.length === 0)
      return unavailable(
        `${snap.notes.length} live notes, but no BTC per share for ${unpriced.join(', ')} at ${snap.asOf} (import etf_daily or the ETF's daily bars)`,
      );
    const v = noteVol(snap, a);
    const knocked = knockedInNotes(snap);
    const book = barrierBook(priceable, {
      asOf: snap.asOf,
      btcPerShare: snap.btcPerShare,
      vol: v.vol,
      knockedIn: knocked,
      ...(a.monitoring === 'continuous' ? { dailyMonitoringInterval: 0 } : {}),
    });
    const { rate, dailyMonitoringInterval: dt } = book;
    // Internal geometric grid over the map's range, spot included.
    const lo = Math.min(grid[0], spot);
    const hi = Math.max(grid[grid.length - 1], spot);
    const pts = new Set<number>([spot]);
    for (let j = 0; j < INTERNAL_POINTS; j++) pts.add(lo * (hi / lo) ** (j / (INTERNAL_POINTS - 1)));
    const xs = Float64Array.from([...pts].sort((p, q) => p - q));
    const n = xs.length;
    const k = xs.indexOf(spot);
    const flow = new Float64Array(n);
    const perPct = new Float64Array(n);
    const triggers: Trigger[] = [];
    for (const note of book.notes) {
      const bBtc = note.barrier / note.btcPerShare;
      const live = note.monitoring === 'daily' && !note.knockedIn && bBtc < spot;
      const vanilla: PreparedNote = { ...note, knockedIn: true };
      // Delta along the down path (vanilla at or below a live daily barrier), and gamma for the intensity.
      const pathNote = (s: number) => (live && s <= bBtc ? vanilla : note);
      const d = new Float64Array(n);
      for (let j = 0; j < n; j++) {
        const pn = pathNote(xs[j]);
        const g = noteGreeks(pn, xs[j] * note.btcPerShare, rate, dt);
        d[j] = note.shares * g.delta * note.btcPerShare;
        // perPct = −0.01 · S² · dD/dS = −(dollar gamma per 1 %)
        const u = xs[j] * note.btcPerShare;
        perPct[j] -= note.shares * g.gamma * u * u * 0.01;
      }
      const dAbove = live ? deltaBtc(note, bBtc * (1 + 1e-9), rate, dt) : 0;
      const dBelow = live ? deltaBtc(vanilla, bBtc, rate, dt) : 0;
      if (live) triggers.push({ price: bBtc, direction: 'down', tradeUsd: -(dBelow - dAbove) * bBtc });
      // reversible: −∫ s dD without the jump, trapezoid in price on each internal segment
      let acc = 0;
      for (let j = k + 1; j < n; j++) {
        acc -= (d[j] - d[j - 1]) * 0.5 * (xs[j] + xs[j - 1]);
        flow[j] += acc;
      }
      acc = 0;
      for (let j = k - 1; j >= 0; j--) {
        const a0 = xs[j];
        const b0 = xs[j + 1];
        if (live && a0 < bBtc && bBtc <= b0) {
          acc -= (dAbove - d[j + 1]) * 0.5 * (bBtc + b0) + (d[j] - dBelow) * 0.5 * (a0 + bBtc);
        } else acc -= (d[j] - d[j + 1]) * 0.5 * (a0 + b0);
        flow[j] += acc;
      }
    }
    const m = grid.length;
    const flowOut = new Float64Array(m);
    const perPctOut = new Float64Array(m);
    for (let j = 0; j < m; j++) {
      flowOut[j] = grid[j] === spot ? 0 : interpLog(xs, flow, grid[j]);
      perPctOut[j] = interpLog(xs, perPct, grid[j]);
    }
    const maxAbsDelta = book.notes.reduce((mx, note) => {
      if (note.monitoring !== 'daily' || note.knockedIn) return mx;
      return Math.max(mx, Math.abs(noteGreeks(note, note.barrier * (1 + 1e-9), rate, dt).delta));
    }, 0);
    return priceBook({
      id: 'structuredNotes',
      title: TITLE,
      spot,
      grid,
      reversibleUsd: flowOut,
      reversiblePerPctUsd: perPctOut,
      triggers,
      levels: clusterTriggers(triggers, a.clusterWidth, a.clusters, 'knock-in', 'structuredNotes'),
      quality: worstQuality([...snap.notes.map((r) => r.quality), v.quality]),
      provenance: [
        ...prov,
        {
          input: `assumption:noteVol (${v.source})`,
          quality: v.quality,
          sources: [v.source],
          rows: 1,
          asOf: snap.asOf,
        },
      ],
      diagnostics: {
        notes: snap.notes.length,
        used: book.notes.length,
        withoutBtcPerShare: snap.notes.length - priceable.length,
        ...(unpriced.length > 0 ? { withoutBtcPerShareOn: unpriced.join(', ') } : {}),
        matured: book.diagnostics.matured,
        knockedInBefore: knocked.size,
        vol: v.vol,
        volSource: v.source,
        liveDailyBarriersBelowSpot: triggers.length,
        knockInSalesUsd: triggers.reduce((s, t) => s + t.tradeUsd, 0),
        maxAbsDeltaJustAboveBarrier: maxAbsDelta,
        monitoring:
          a.monitoring === 'continuous'
            ? 'daily notes treated as continuously monitored: knock-in on an intraday touch; final notes only at maturity'
            : 'daily notes knock in on the close at the barrier; final notes only at maturity',
      },
    });
  },
};
