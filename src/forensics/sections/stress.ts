import {
  describeStress,
  type StressHistoryRank,
  type StressTail,
  stressHistoryRank,
  stressTail,
} from '../../analytics/stress.js';
import type { FindingOf } from '../findings.js';
import type { EventInputs } from '../inputs.js';
import { fmtNum, fmtPct, metric, provenanceOf, worstQuality } from '../metric.js';
import type { ForensicsOptions } from '../options.js';
import { finding, unavailable } from './common.js';

export interface StressData {
  /** The reading used: the highest (most stressed) of the event day and the two readings before it. */
  readonly date: string;
  readonly tail: StressTail;
  readonly rank: StressHistoryRank;
  readonly sentence: string;
  readonly series: readonly { readonly date: string; readonly value: number }[];
}

const TITLE = 'Fund stress';
/** Readings considered: the event day and the ones just before it (a catalyst precedes the move). */
const LOOKBACK = 3;

/** Section 3b: the fund-stress z-score around the event and its tail probability. */
export function stressSection(inputs: EventInputs, o: ForensicsOptions): FindingOf<'stress'> {
  const d = o.eventDate;
  const rows = inputs.stress.filter((r) => r.date >= o.since && r.date <= d);
  const prov = provenanceOf(['stress_series'], rows);
  const recent = rows.slice(-LOOKBACK).filter((r) => r.date <= d);
  if (recent.length === 0)
    return unavailable('stress', TITLE, `no ${o.stressSeries} readings up to ${d}`, prov);
  // The series is signed so that high = stressed (a fund's worst day is a large positive z).
  const pick = recent.reduce((a, b) => (b.value > a.value ? b : a));
  const tail = stressTail(pick.value);
  const rank = stressHistoryRank(
    rows.map((r) => ({ date: r.date, value: r.value })),
    pick.date,
    o.stressSeries,
  );
  const q = worstQuality([pick]);
  const sentence = describeStress(tail);
  const metrics = {
    z: metric(`${o.stressSeries} on ${pick.date}`, pick.value, 'z', q, (v) => v.toFixed(2)),
    zDate: metric('date of the reading', pick.date, null, q),
    pNormalTwoSided: metric('two-sided p (normal)', tail.normal.twoSided, 'probability', q, (v) =>
      fmtPct(v, 3),
    ),
    pStudentTwoSided: metric(
      `two-sided p (Student-t, nu=${tail.studentT.nu})`,
      tail.studentT.twoSided,
      'probability',
      q,
      (v) => fmtPct(v, 2),
    ),
    rarerThan3Sigma: metric(
      'times rarer than a 3-sigma day (normal)',
      tail.rarerThanReference.normal,
      'x',
      q,
      (v) => `${v.toFixed(1)}x`,
    ),
    rank: metric('rank in its own history', rank.rank, 'rank', worstQuality(rows), (v) => fmtNum(v)),
  };
  return finding('stress', TITLE, `${sentence} (reading of ${pick.date}).`, metrics, prov, [], {
    date: pick.date,
    tail,
    rank,
    sentence,
    series: rows.map((r) => ({ date: r.date, value: r.value })),
  });
}
