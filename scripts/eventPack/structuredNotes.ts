import { addDays, isTradingDay } from './calendar.js';
import { type Cell, roundTo, type Table } from './csv.js';
import type { EtfSeries } from './etfDaily.js';
import type { Market } from './market.js';
import type { AnchorUse } from './provenance.js';
import { createRng, type Rng } from './rng.js';
import { GENERATOR_SOURCE, SRC } from './sources.js';

/*
 * structured_notes: a book of IBIT-linked notes in the style of SEC 424B2 pricing supplements
 * (auto-callable contingent-income notes and barrier notes with a knock-in put, barrier monitored
 * daily or at final valuation only). Two rows carry published terms (JPMorgan filings on stocktitan);
 * the rest are reconstructed, with no invented filing URL (source_url empty), by a neutral rule: pricing
 * dates spread evenly over 2025-01-02..2026-01-30, barrier 70% of the initial level; nothing places a
 * barrier where the analysis named one. Notionals are seeded, log-uniform in $1-20M. (The published
 * $104M of Morgan Stanley notes sold in 2025 counts notes since called or matured, so it is a fact, not
 * a constraint on the live book.) initial_level is IBIT's observed close on the pricing date (etf_daily),
 * barrier_level = initial_level x barrier_pct.
 */

interface Issuer {
  readonly code: string;
  readonly name: string;
  readonly weight: number;
}

const ISSUERS: readonly Issuer[] = [
  { code: 'JPM', name: 'JPMorgan Chase Financial Company LLC', weight: 4 },
  { code: 'GS', name: 'GS Finance Corp.', weight: 3 },
  { code: 'MS', name: 'Morgan Stanley Finance LLC', weight: 3 },
  { code: 'C', name: 'Citigroup Global Markets Holdings Inc.', weight: 2 },
  { code: 'UBS', name: 'UBS AG London Branch', weight: 2 },
  { code: 'BMO', name: 'Bank of Montreal', weight: 1.5 },
  { code: 'RBC', name: 'Royal Bank of Canada', weight: 1.5 },
  { code: 'BARC', name: 'Barclays Bank PLC', weight: 1 },
  { code: 'BOFA', name: 'BofA Finance LLC', weight: 1 },
  { code: 'TD', name: 'The Toronto-Dominion Bank', weight: 0.8 },
];

/** Published JPMorgan notes on IBIT (stocktitan copies of the 424B2 filings). */
export const PUBLISHED_NOTES = {
  acci: { initial: 50.57, barrierPct: 0.7, coupon: 0.1425, notional: 200_000, source: SRC.stocktitanAcci },
  capped: { barrierPct: 0.7, maturity: '2028-11-29', source: SRC.stocktitanCapped },
  morganStanley2025Total: { value: 104_000_000, source: SRC.ainvestNotes },
} as const;

/** Neutral book rule (see buildStructuredNotes). */
export const BOOK_FROM = '2025-01-02';
export const BOOK_TO = '2026-01-30';
export const BOOK_STRIDE = 3;
export const BOOK_BARRIER_PCT = 0.7;
const EVENT_DAY = '2026-02-05';

function addMonths(iso: string, months: number): string {
  const y = Number(iso.slice(0, 4));
  const mo = Number(iso.slice(5, 7)) - 1 + months;
  const d = Math.min(Number(iso.slice(8, 10)), 28);
  return `${y + Math.floor(mo / 12)}-${String((mo % 12) + 1).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function pickIssuer(rng: Rng): Issuer {
  const total = ISSUERS.reduce((a, b) => a + b.weight, 0);
  let u = rng.uniform() * total;
  for (const i of ISSUERS) {
    u -= i.weight;
    if (u < 0) return i;
  }
  return ISSUERS[ISSUERS.length - 1];
}

function weekdayOnOrAfter(iso: string): string {
  let d = iso;
  while (!isTradingDay(d)) d = addDays(d, 1);
  return d;
}

interface Note {
  noteId: string;
  issuer: Issuer;
  pricingDate: string;
  initial: number;
  barrierPct: number;
  monitoring: 'daily' | 'final';
  autocall: number | null;
  coupon: number | null;
  maturity: string;
  notional: number;
  sourceUrl: string | null;
  source: string;
  quality: 'published' | 'reconstructed';
}

/**
 * Builds structured_notes.
 * @example buildStructuredNotes(market, etf).table.rows.length // 60
 */
export function buildStructuredNotes(
  m: Market,
  etf: ReadonlyMap<string, EtfSeries>,
): { table: Table; anchors: AnchorUse[] } {
  const rng = createRng(m.seed, 'structured-notes');
  const ibit = etf.get('IBIT')!;
  const closeOn = new Map(m.days.map((d, i) => [d, ibit.close[i]]));
  const daysIn = (from: string, to: string): string[] => m.days.filter((d) => d >= from && d <= to);
  const notes: Note[] = [];
  const seq = new Map<string, number>();
  const idFor = (issuer: Issuer, date: string): string => {
    const k = `${issuer.code}-${date.replaceAll('-', '')}`;
    const n = (seq.get(k) ?? 0) + 1;
    seq.set(k, n);
    return `${k}-${String(n).padStart(2, '0')}`;
  };
  const terms = (
    pct: number,
  ): { autocall: number | null; coupon: number | null; monitoring: 'daily' | 'final' } => {
    const autocallable = rng.uniform() < 0.8;
    const monitoring = rng.uniform() < 0.3 ? 'daily' : 'final';
    // Lower barriers buy less coupon: ~10% p.a. at a 50% barrier to ~20% at 75% (IBIT vol ~50%).
    const coupon = autocallable
      ? roundTo(Math.min(0.2, Math.max(0.1, 0.1 + 0.4 * (pct - 0.5) + 0.01 * rng.normal())), 4)
      : null;
    return { autocall: autocallable ? 1 : null, coupon, monitoring };
  };
  const tenor = (date: string): string => {
    const years = [1, 1.5, 2, 2, 3][rng.int(0, 4)];
    return weekdayOnOrAfter(addDays(date, Math.round(years * 365)));
  };
  const notional = (): number =>
    Math.round(Math.exp(Math.log(1e6) + rng.uniform() * Math.log(20)) / 1000) * 1000;

  // Published: JPMorgan Auto Callable Contingent Interest Notes (initial 50.57, 70% trigger, 14.25% p.a.).
  const acciDate = daysIn('2025-11-24', '2025-12-31').reduce((best, d) =>
    Math.abs(closeOn.get(d)! - PUBLISHED_NOTES.acci.initial) <
    Math.abs(closeOn.get(best)! - PUBLISHED_NOTES.acci.initial)
      ? d
      : best,
  );
  const jpm = ISSUERS[0];
  notes.push({
    noteId: idFor(jpm, acciDate),
    issuer: jpm,
    pricingDate: acciDate,
    initial: PUBLISHED_NOTES.acci.initial,
    barrierPct: PUBLISHED_NOTES.acci.barrierPct,
    monitoring: 'final',
    autocall: 1,
    coupon: PUBLISHED_NOTES.acci.coupon,
    maturity: weekdayOnOrAfter(addDays(acciDate, 730)),
    notional: PUBLISHED_NOTES.acci.notional,
    sourceUrl: PUBLISHED_NOTES.acci.source,
    source: PUBLISHED_NOTES.acci.source,
    quality: 'published',
  });
  // Published: JPMorgan Capped Accelerated Barrier Notes due 2028-11-29 (70% barrier, 1.5x, cap 140%).
  const cappedDate = '2025-11-24';
  notes.push({
    noteId: idFor(jpm, cappedDate),
    issuer: jpm,
    pricingDate: cappedDate,
    initial: closeOn.get(cappedDate)!,
    barrierPct: PUBLISHED_NOTES.capped.barrierPct,
    monitoring: 'final',
    autocall: null,
    coupon: null,
    maturity: PUBLISHED_NOTES.capped.maturity,
    notional: 3_000_000,
    sourceUrl: PUBLISHED_NOTES.capped.source,
    source: PUBLISHED_NOTES.capped.source,
    quality: 'published',
  });

  // Keep the book to notes alive on the event day: not matured, and not auto-called at a quarterly
  // observation (IBIT close on or above initial x autocall_pct, from three months after pricing).
  const alive = (date: string, initial: number, autocall: number | null, maturity: string): boolean => {
    if (maturity <= EVENT_DAY) return false;
    if (autocall === null) return true;
    for (let q = 1; ; q++) {
      const obs = weekdayOnOrAfter(addMonths(date, 3 * q));
      if (obs >= EVENT_DAY) return true;
      if (closeOn.get(obs)! >= initial * autocall) return false;
    }
  };
  const reconstructed = (date: string, pct: number, issuer: Issuer): boolean => {
    const t = terms(pct);
    const maturity = tenor(date);
    if (!alive(date, closeOn.get(date)!, t.autocall, maturity)) return false;
    notes.push({
      noteId: idFor(issuer, date),
      issuer,
      pricingDate: date,
      initial: closeOn.get(date)!,
      barrierPct: pct,
      monitoring: t.monitoring,
      autocall: t.autocall,
      coupon: t.coupon,
      maturity,
      notional: notional(),
      sourceUrl: null,
      source: GENERATOR_SOURCE,
      quality: 'reconstructed',
    });
    return true;
  };
  // The reconstructed book follows one neutral rule, not the analysis: pricing dates every
  // BOOK_STRIDE-th trading day from BOOK_FROM to BOOK_TO, barrier = BOOK_BARRIER_PCT of the observed
  // IBIT close on the pricing date (the level of both published JPMorgan notes); notes matured or
  // auto-called before the event day are left out, as a book of live notes would be.
  const book = daysIn(BOOK_FROM, BOOK_TO);
  for (let k = 0; k < book.length; k += BOOK_STRIDE)
    reconstructed(book[k], BOOK_BARRIER_PCT, pickIssuer(rng));
  notes.sort((a, b) => (a.noteId < b.noteId ? -1 : a.noteId > b.noteId ? 1 : 0));
  const anchors: AnchorUse[] = [];
  const acci = notes.find((n) => n.sourceUrl === PUBLISHED_NOTES.acci.source)!;
  anchors.push({ key: acci.noteId, column: 'initial_level', value: acci.initial, source: acci.source });
  anchors.push({ key: acci.noteId, column: 'coupon_pct', value: acci.coupon!, source: acci.source });
  anchors.push({ key: acci.noteId, column: 'notional_usd', value: acci.notional, source: acci.source });
  const capped = notes.find((n) => n.sourceUrl === PUBLISHED_NOTES.capped.source)!;
  anchors.push({
    key: capped.noteId,
    column: 'barrier_pct',
    value: capped.barrierPct,
    source: capped.source,
  });
  const rows: Cell[][] = notes.map((n) => [
    n.noteId,
    n.issuer.name,
    'IBIT',
    n.pricingDate,
    n.initial,
    n.barrierPct,
    roundTo(n.initial * n.barrierPct, 4),
    n.monitoring,
    n.autocall,
    n.coupon,
    n.maturity,
    n.notional,
    n.sourceUrl,
    n.source,
    n.quality,
  ]);
  return {
    anchors,
    table: {
      columns: [
        'note_id',
        'issuer',
        'underlying',
        'pricing_date',
        'initial_level',
        'barrier_pct',
        'barrier_level',
        'barrier_monitoring',
        'autocall_pct',
        'coupon_pct',
        'maturity',
        'notional_usd',
        'source_url',
        'source',
        'quality',
      ],
      rows,
    },
  };
}
