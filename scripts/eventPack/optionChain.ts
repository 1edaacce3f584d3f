import { DataError } from '../../src/errors.js';
import { bsPrice } from '../../src/pricing/blackScholes.js';
import { inverseOption } from '../../src/pricing/inverse.js';
import { isoInstant, lastFriday, monthlyOptionExpiry, nyClose } from './calendar.js';
import { type Cell, roundTo, type Table } from './csv.js';
import type { EtfSeries } from './etfDaily.js';
import type { Market } from './market.js';
import type { AnchorUse } from './provenance.js';
import { createRng, type Rng } from './rng.js';
import { GENERATOR_SOURCE } from './sources.js';

/*
 * option_chain snapshots at the 16:00 ET close of 2026-02-04 (before the crash) and 2026-02-05 (after
 * it): IBIT (venue 'cboe', 100 shares per contract, expiries 16:00 ET) and Deribit BTC options (venue
 * 'deribit', 1 BTC per contract, expiries 08:00 UTC, marks in BTC). Everything is reconstructed.
 *
 * Smile: sigma(K) = sigma_atm * (1 + a x + c x^2), x = ln(K/F) / (sigma_atm sqrt(tau)) clipped to
 * [-4, 4], a < 0 (put skew). sigma_atm is flat across expiries and equal to the observed Deribit DVOL
 * at the snapshot instant (bars, venue 'deribit'); the skew is steeper on 02-05 (long-dated IBIT
 * 25-delta put minus call IV above 25 vol points, as published). IBIT marks: Black-Scholes-Merton
 * (European approximation of the listed American options, r = 3.6%, no dividend); Deribit marks:
 * Black-76 on the expiry's forward, divided by the forward (inverse options, src/pricing/inverse.ts);
 * the forward carries the front CME basis of the day (futures_settlements).
 *
 * Positioning: open interest spreads over strikes around the money (calls above, puts below, extra at
 * round strikes: a generic shape, the same on both days) and is scaled to the day's totals (IBIT:
 * options_daily). dealer_position (+ = dealers long) follows ONE stated sign model, not a claim under
 * test: customers are net long puts and net short calls (covered-call overwriting), dealers take the
 * other side of DEALER_SHARE of the open interest: dealer = +DEALER_SHARE x OI on calls and
 * -DEALER_SHARE x OI on puts, at every strike (the convention of public "GEX" estimates, e.g.
 * SqueezeMetrics, "Gamma Exposure (GEX)", 2017, https://squeezemetrics.com/monitor/download/pdf/white_paper.pdf).
 * Wherever dealers end up short or long gamma is an output of that model on this chain, and nothing
 * more: the chain is reconstructed, so no conclusion rests on it (docs/METHODS.md).
 */

const DAY_MS = 86_400_000;
const YEAR_MS = 365 * DAY_MS;
const IBIT_RATE = 0.036;

export const CHAIN_AS_OF = ['2026-02-04', '2026-02-05'] as const;

/** Sign model: the fraction of each strike's open interest dealers hold against customers. */
export const DEALER_SHARE = 0.5;

interface Smile {
  atm(tau: number): number;
  readonly skew: (tau: number) => number;
  readonly curvature: number;
}

function smileFor(asOf: string, atm: number): Smile {
  if (asOf === '2026-02-04') return { atm: () => atm, skew: () => -0.08, curvature: 0.025 };
  // Long-dated skew steepens so 25-delta put - call IV exceeds 25 vol points for IBIT LEAPS (published).
  return { atm: () => atm, skew: (tau) => -0.14 - 0.3 * Math.min(1, tau), curvature: 0.03 };
}

function smileVol(smile: Smile, tau: number, strike: number, forward: number): number {
  const atm = smile.atm(tau);
  const x = Math.max(-4, Math.min(4, Math.log(strike / forward) / (atm * Math.sqrt(tau))));
  return atm * Math.max(0.5, 1 + smile.skew(tau) * x + smile.curvature * x * x);
}

function ibitExpiries(asOf: string): string[] {
  const out = new Set<string>();
  // Weeklies: the next four Fridays (moved to Thursday on an NYSE holiday by monthlyOptionExpiry's rule).
  for (const d of ['2026-02-06', '2026-02-13', '2026-02-20', '2026-02-27', '2026-03-06'])
    if (d > asOf) out.add(d);
  for (const [y, mo] of [
    [2026, 3],
    [2026, 4],
    [2026, 5],
    [2026, 6],
    [2026, 9],
    [2026, 12],
    [2027, 1],
  ]) {
    out.add(monthlyOptionExpiry(y, mo));
  }
  return [...out].sort();
}

function deribitExpiries(asOf: string): string[] {
  const out = new Set<string>(['2026-02-05', '2026-02-06', '2026-02-13', '2026-02-20']);
  for (const [y, mo] of [
    [2026, 2],
    [2026, 3],
    [2026, 4],
    [2026, 6],
    [2026, 9],
    [2026, 12],
  ]) {
    out.add(lastFriday(y, mo));
  }
  // An expiry at 08:00 UTC on the snapshot day has settled before the 21:00 UTC snapshot.
  return [...out].filter((d) => d > asOf).sort();
}

function deribitStrikes(): number[] {
  const out: number[] = [];
  for (let k = 40_000; k < 55_000; k += 2500) out.push(k);
  for (let k = 55_000; k < 95_000; k += 1000) out.push(k);
  for (let k = 95_000; k < 120_000; k += 2500) out.push(k);
  for (let k = 120_000; k <= 140_000; k += 5000) out.push(k);
  return out;
}

/** Open-interest weight of a strike: calls centred above the money, puts below, extra at round strikes. */
function oiWeight(type: 'call' | 'put', logMoneyness: number, round: boolean, tau: number): number {
  const center = type === 'call' ? 0.12 : -0.13;
  const width = 0.12 + 0.25 * Math.sqrt(tau);
  const w = Math.exp(-(((logMoneyness - center) / width) ** 2));
  return w * (round ? 1.8 : 1);
}

/** Splits `total` into integer (or 0.1-step) parts proportional to `weights`; the largest absorbs the rest. */
function allocate(total: number, weights: readonly number[], step: number): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const out = weights.map((w) => Math.round((total * w) / sum / step) * step);
  let imax = 0;
  for (let i = 1; i < weights.length; i++) if (weights[i] > weights[imax]) imax = i;
  out[imax] = roundTo(out[imax] + total - out.reduce((a, b) => a + b, 0), step < 1 ? 1 : 0);
  return out.map((x) => roundTo(x, step < 1 ? 1 : 0));
}

interface ChainRow {
  readonly expiry: string;
  readonly expiryMs: number;
  readonly strike: number;
  readonly type: 'call' | 'put';
  readonly tau: number;
  readonly forward: number;
  readonly weight: number;
  readonly volWeight: number;
}

const DERIBIT_EXPIRY_OI: Readonly<Record<string, number>> = {
  '2026-02-05': 6_000,
  '2026-02-06': 30_000,
  '2026-02-13': 25_000,
  '2026-02-20': 20_000,
  '2026-02-27': 90_000,
  '2026-03-27': 120_000,
  '2026-04-24': 25_000,
  '2026-06-26': 70_000,
  '2026-09-25': 35_000,
  '2026-12-25': 45_000,
};

function expiryWeightIbit(expiry: string): number {
  const monthly = new Set(['2026-02-20', '2026-03-20', '2026-06-18', '2026-12-18', '2027-01-15']);
  return monthly.has(expiry) ? 3 : 1;
}

function buildSnapshot(
  rng: Rng,
  asOf: string,
  venue: 'cboe' | 'deribit',
  spot: number,
  basis: number,
  totals: { callOi: number; putOi: number; callVol: number; putVol: number },
  atm: number,
): Cell[][] {
  const asOfMs = nyClose(asOf);
  const smile = smileFor(asOf, atm);
  const rows: ChainRow[] = [];
  const expiries = venue === 'cboe' ? ibitExpiries(asOf) : deribitExpiries(asOf);
  for (const e of expiries) {
    const expiryMs = venue === 'cboe' ? nyClose(e) : Date.parse(`${e}T08:00:00Z`);
    const tau = (expiryMs - asOfMs) / YEAR_MS;
    const forward = venue === 'cboe' ? spot * Math.exp(IBIT_RATE * tau) : spot * (1 + basis * tau);
    const strikes = venue === 'cboe' ? Array.from({ length: 51 }, (_, i) => 20 + i) : deribitStrikes();
    const ew = venue === 'cboe' ? expiryWeightIbit(e) : DERIBIT_EXPIRY_OI[e];
    for (const strike of strikes) {
      for (const type of ['call', 'put'] as const) {
        const lm = Math.log(strike / forward);
        const round = venue === 'cboe' ? strike % 5 === 0 : strike % 5000 === 0;
        const w = oiWeight(type, lm, round, tau) * (0.8 + 0.4 * rng.uniform());
        const volW = (Math.exp(-((lm / 0.1) ** 2)) / Math.sqrt(tau + 0.01)) * (0.7 + 0.6 * rng.uniform());
        rows.push({ expiry: e, expiryMs, strike, type, tau, forward, weight: w * ew, volWeight: volW * ew });
      }
    }
  }
  // Deribit: each expiry carries its own total; IBIT: the day's totals spread over all expiries.
  const oi = new Array<number>(rows.length).fill(0);
  const vol = new Array<number>(rows.length).fill(0);
  const step = venue === 'cboe' ? 1 : 0.1;
  for (const type of ['call', 'put'] as const) {
    const groups = venue === 'cboe' ? [expiries] : expiries.map((e) => [e]);
    for (const g of groups) {
      const ids = rows
        .map((r, i) => (r.type === type && g.includes(r.expiry) ? i : -1))
        .filter((i) => i >= 0);
      let oiTotal: number;
      let volTotal: number;
      if (venue === 'cboe') {
        oiTotal = type === 'call' ? totals.callOi : totals.putOi;
        volTotal = type === 'call' ? totals.callVol : totals.putVol;
      } else {
        const expOi = DERIBIT_EXPIRY_OI[g[0]] * (asOf === '2026-02-05' ? 1.06 : 1);
        // Published for the 02-06 expiry: put/call open interest 0.60 (CoinGape); elsewhere ~0.7.
        const pc = g[0] === '2026-02-06' ? 0.6 : 0.7;
        oiTotal = roundTo((type === 'call' ? 1 / (1 + pc) : pc / (1 + pc)) * expOi, 1);
        const dayVol = asOf === '2026-02-05' ? 0.2 : 0.08;
        volTotal = roundTo(oiTotal * dayVol, 1);
      }
      const a = allocate(
        oiTotal,
        ids.map((i) => rows[i].weight),
        step,
      );
      const v = allocate(
        volTotal,
        ids.map((i) => rows[i].volWeight),
        step,
      );
      ids.forEach((id, j) => {
        oi[id] = a[j];
        vol[id] = v[j];
      });
    }
  }
  const ivs = rows.map((r) => roundTo(smileVol(smile, r.tau, r.strike, r.forward), 4));
  const out: Cell[][] = [];
  rows.forEach((r, i) => {
    const iv = ivs[i];
    const dealerShare = r.type === 'call' ? DEALER_SHARE : -DEALER_SHARE;
    const dealer = venue === 'cboe' ? Math.round(oi[i] * dealerShare) : roundTo(oi[i] * dealerShare, 1);
    let mark: number;
    if (venue === 'cboe') {
      const p = bsPrice({
        type: r.type,
        spot,
        strike: r.strike,
        tau: r.tau,
        rate: IBIT_RATE,
        divYield: 0,
        vol: iv,
      });
      mark = Math.max(0.01, roundTo(p, 2));
    } else {
      const p = inverseOption({
        type: r.type,
        forward: r.forward,
        strike: r.strike,
        tau: r.tau,
        vol: iv,
      }).priceBtc;
      mark = Math.max(0.0001, roundTo(p, 4));
    }
    out.push([
      isoInstant(asOfMs),
      venue,
      venue === 'cboe' ? 'IBIT' : 'BTC',
      isoInstant(r.expiryMs),
      r.strike,
      r.type,
      oi[i],
      vol[i],
      iv,
      mark,
      venue === 'cboe' ? spot : roundTo(r.forward, 2),
      dealer === 0 ? 0 : dealer,
      venue === 'cboe' ? 100 : 1,
      GENERATOR_SOURCE,
      'reconstructed',
    ]);
  });
  return out;
}

const asOfInstant = (asOf: string): string => isoInstant(nyClose(asOf));

/**
 * DVOL (decimal) observed at an instant: the hourly close stamped one hour before it (the candle that
 * ends then).
 * @example dvolAt(m, '2026-02-05T21:00:00Z') // 0.8775 (the 20:00Z candle)
 */
export function dvolAt(m: Market, instant: string): number {
  const prev = isoInstant(Date.parse(instant) - 3_600_000);
  const hit = m.observed.dvol.find(([t]) => t === prev);
  if (!hit) throw new DataError('event_pack_invariant', `no observed DVOL for the hour ending ${instant}`);
  return hit[1];
}

/** Front CME annualized basis on a day: (F / S - 1) x 365 / days on the first listed contract. */
function frontBasis(futures: Table, date: string, spot: number): number {
  const c = futures.columns;
  const [di, ei, si] = [c.indexOf('date'), c.indexOf('expiry'), c.indexOf('settle')];
  const front = futures.rows
    .filter((r) => r[di] === date && (r[ei] as string) > date)
    .sort((a, b) => ((a[ei] as string) < (b[ei] as string) ? -1 : 1))[0];
  if (!front) throw new DataError('event_pack_invariant', `no CME front contract on ${date}`);
  const days = (Date.parse(front[ei] as string) - Date.parse(date)) / DAY_MS;
  return ((Number(front[si]) / spot - 1) * 365) / days;
}

/**
 * Builds the option-chain snapshots.
 * @example buildOptionChain(market, etf, optionsDaily).table.columns[0] // 'as_of'
 */
export function buildOptionChain(
  m: Market,
  etf: ReadonlyMap<string, EtfSeries>,
  optionsDaily: Table,
  futures: Table,
): { table: Table; anchors: AnchorUse[] } {
  const rng = createRng(m.seed, 'option-chain');
  const ibit = etf.get('IBIT')!;
  const rows: Cell[][] = [];
  for (const asOf of CHAIN_AS_OF) {
    const i = m.days.indexOf(asOf);
    const daily = optionsDaily.rows.find((r) => r[0] === asOf)!;
    const totals = {
      callVol: daily[2] as number,
      putVol: daily[3] as number,
      callOi: daily[4] as number,
      putOi: daily[5] as number,
    };
    const atm = dvolAt(m, asOfInstant(asOf));
    const basis = frontBasis(futures, asOf, m.ref.get(asOf)!);
    rows.push(...buildSnapshot(rng, asOf, 'cboe', ibit.close[i], 0, totals, atm));
    rows.push(...buildSnapshot(rng, asOf, 'deribit', m.ref.get(asOf)!, basis, totals, atm));
  }
  return {
    anchors: [],
    table: {
      columns: [
        'as_of',
        'venue',
        'underlying',
        'expiry',
        'strike',
        'option_type',
        'open_interest',
        'volume',
        'iv',
        'mark',
        'underlying_price',
        'dealer_position',
        'multiplier',
        'source',
        'quality',
      ],
      rows,
    },
  };
}
