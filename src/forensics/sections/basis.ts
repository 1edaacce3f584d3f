import {
  type BasisJump,
  type BasisJumpReport,
  type BasisTermStructure,
  basisHistory,
  basisJumps,
  type FuturesOpenInterestDay,
  futuresOpenInterest,
} from '../../analytics/basis.js';
import { closesFromBars } from '../../analytics/time.js';
import { dailyBarNyDate } from '../../core/dailyBars.js';
import type { FindingOf } from '../findings.js';
import type { EventInputs } from '../inputs.js';
import { fmtNum, fmtPct, metric, provenanceOf, worstOf, worstQuality } from '../metric.js';
import type { ForensicsOptions } from '../options.js';
import { publishedValues } from '../publishedFacts.js';
import { worstValue } from '../valueQuality.js';
import { finding, neighbours, unavailable } from './common.js';

export interface BasisData {
  /** Term structures on the previous day, the event day and the next day (when present). */
  readonly termStructures: readonly BasisTermStructure[];
  readonly jumps: readonly BasisJumpReport[];
  /** The largest near-month rise among the jumps into the event day and into the next day. */
  readonly largest: BasisJump | null;
  readonly history: readonly {
    readonly date: string;
    readonly nearMonth: { readonly contract: string; readonly annualized: number } | null;
    readonly t30: number | null;
  }[];
  readonly openInterest: readonly FuturesOpenInterestDay[];
}

const TITLE = 'CME basis';
/** Contracts closer than this to expiry are left out: their annualized basis divides by too few days. */
const MIN_DAYS = 7;

/** Section 4: annualized CME basis per contract and at constant maturities, its jump and CME open interest. */
export function basisSection(inputs: EventInputs, o: ForensicsOptions): FindingOf<'basis'> {
  const d = o.eventDate;
  const fut = inputs.futures.filter((r) => r.venue === 'cme' && r.date >= o.since);
  const spotRows = inputs.btcDaily;
  const prov = provenanceOf(['futures_settlements', 'bars'], fut, spotRows);
  const spot = closesFromBars(spotRows);
  const history = basisHistory(fut, spot, { since: o.since, minDays: MIN_DAYS });
  const dates = history.map((h) => h.date);
  if (!dates.includes(d))
    return unavailable('basis', TITLE, `no CME settlements with a BTC reference price on ${d}`, prov);
  const { previous, next } = neighbours(dates, d);
  const jumpDates = [d, ...(next ? [next] : [])];
  const jumps = jumpDates.map((x) => basisJumps(history, x, o.since));
  const rises = jumps.map((j) => j.nearMonth).filter((j): j is BasisJump => j !== null);
  const largest = rises.reduce<BasisJump | null>((a, b) => (a === null || b.jump > a.jump ? b : a), null);
  const oi = futuresOpenInterest(fut);
  const oiOn = (x: string | null) => oi.find((r) => r.date === x) ?? null;
  const qDay = worstQuality(
    [...fut, ...spotRows].filter((r) => 'date' in r && jumpDates.includes(String(r.date))),
  );
  const qOi = worstValue(
    inputs.values,
    'futures_settlements',
    fut.filter((r) => r.date === d || r.date === next || r.date === previous),
    ['open_interest'],
  );
  // Per value: the near-month settles the largest rise was computed from (the nearest expiry at least
  // MIN_DAYS out on each of its two days) and the reference closes of those days.
  const nearRow = (x: string): (typeof fut)[number] | undefined =>
    fut
      .filter((r) => r.date === x && (Date.parse(r.expiry) - Date.parse(x)) / 86_400_000 >= MIN_DAYS)
      .sort((a, b) => (a.expiry < b.expiry ? -1 : 1))[0];
  const jumpDays = largest ? [largest.date, neighbours(dates, largest.date).previous] : [];
  const qJump = largest
    ? worstOf(
        worstValue(
          inputs.values,
          'futures_settlements',
          jumpDays.map((x) => (x ? nearRow(x) : undefined)).filter((r) => r !== undefined),
          ['settle'],
        ),
        worstQuality(spotRows.filter((r) => jumpDays.some((x) => x !== null && dailyBarNyDate(r.ts) === x))),
      )
    : qDay;
  // Published basis figures (facts) on the event day and the next: every source, so a conflict shows.
  const pubOn = (x: string | null) => (x ? publishedValues(inputs.facts, x, [/basis/i]) : []);
  const pubBefore = pubOn(d);
  const pubAfter = pubOn(next);
  const before0 = pubBefore.length > 0 ? Math.min(...pubBefore.map((p) => p.value)) : null;
  const afterHi = pubAfter.length > 0 ? Math.max(...pubAfter.map((p) => p.value)) : null;
  const afterLo = pubAfter.length > 0 ? Math.min(...pubAfter.map((p) => p.value)) : null;
  const metrics = {
    publishedJumpMax: metric(
      'published basis rise, the most favourable pair of sources',
      before0 !== null && afterHi !== null ? afterHi - before0 : null,
      'decimal',
      'published',
      (v) => `${(v * 100).toFixed(1)} pp`,
    ),
    publishedJumpMin: metric(
      'published basis rise, the least favourable pair of sources',
      before0 !== null && afterLo !== null ? afterLo - before0 : null,
      'decimal',
      'published',
      (v) => `${(v * 100).toFixed(1)} pp`,
    ),
    publishedBasisSources: metric(
      'published basis figures on the event day and the next',
      pubBefore.length + pubAfter.length,
      'count',
      'published',
      (v) => fmtNum(v),
    ),
    nearMonthBefore: metric(
      'near-month annualized basis, day before the jump',
      largest?.before ?? null,
      'decimal',
      qDay,
      fmtPct,
    ),
    nearMonthAfter: metric(
      'near-month annualized basis after the jump',
      largest?.after ?? null,
      'decimal',
      qDay,
      fmtPct,
    ),
    jump: metric(
      'largest near-month basis rise',
      largest?.jump ?? null,
      'decimal',
      qJump,
      (v) => `${(v * 100).toFixed(1)} pp`,
    ),
    jumpDate: metric('date of that rise', largest?.date ?? null, null, qDay),
    jumpRankRise: metric(
      `rank among daily rises since ${o.since}`,
      largest?.rankRise ?? null,
      'rank',
      qDay,
      (v) => fmtNum(v),
    ),
    jumpCount: metric('daily changes ranked', largest?.n ?? null, 'count', qDay, (v) => fmtNum(v)),
    cmeOiChangePctEvent: metric(`CME OI change on ${d}`, oiOn(d)?.changePct ?? null, 'decimal', qOi, fmtPct),
    cmeOiChangePctNext: metric(
      `CME OI change on ${next ?? 'the next day'}`,
      oiOn(next)?.changePct ?? null,
      'decimal',
      qOi,
      fmtPct,
    ),
  };
  const summary = largest
    ? `The near-month annualized basis went from ${fmtPct(largest.before)} to ${fmtPct(largest.after)} on ${largest.date}, rank ${largest.rankRise} among ${largest.n} daily rises since ${o.since}; CME open interest changed ${fmtPct(oiOn(d)?.changePct)} on ${d}${next ? ` and ${fmtPct(oiOn(next)?.changePct)} on ${next}` : ''}.`
    : `No near-month basis around ${d}.`;
  return finding(
    'basis',
    TITLE,
    summary,
    metrics,
    prov,
    [`contracts within ${MIN_DAYS} days of expiry are excluded`],
    {
      termStructures: history.filter((h) => h.date === previous || h.date === d || h.date === next),
      jumps,
      largest,
      history: history.map((h) => ({
        date: h.date,
        nearMonth: h.nearMonth
          ? { contract: h.nearMonth.contract, annualized: h.nearMonth.annualized }
          : null,
        t30: h.tenors.find((t) => t.tenor === 30)?.value ?? null,
      })),
      openInterest: oi,
    },
  );
}
