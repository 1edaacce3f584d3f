import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../errors.js';
import {
  type ExpectedFlowModel,
  expectedFlowModel,
  type FlowPoint,
  flowSurprise,
  flowsAgree,
  formatUsdShort,
  groupExpectedFlow,
  reconcileFlows,
  reportedFlowPoints,
  type SharesOutstandingRow,
  shareCountFlowPoints,
  shareCountFlows,
  sumFlowPoints,
} from './flows.js';
import { tInv } from './stats.js';
import type { DailyClose } from './time.js';

const D = ['2026-02-03', '2026-02-04', '2026-02-05', '2026-02-06'];

describe('shareCountFlows: T vs T+1 by hand', () => {
  // SO 100, 106, 103, 110 and NAV 40, 35, 36, 37:
  // T:   −, (106−100)·35 = 210, (103−106)·36 = −108, (110−103)·37 = 259
  // T+1: (106−100)·40 = 240, (103−106)·35 = −105, (110−103)·36 = 252, −
  const rows: SharesOutstandingRow[] = [
    { date: D[2], ticker: 'X', shares_outstanding: 103, nav: 36 },
    { date: D[0], ticker: 'X', shares_outstanding: 100, nav: 40 },
    { date: D[1], ticker: 'X', shares_outstanding: 106, nav: 35 },
    { date: D[3], ticker: 'X', shares_outstanding: 110, nav: 37 },
    { date: D[1], ticker: 'Y', shares_outstanding: 1, nav: 1 },
  ];
  it('values both conventions at NAV(t)', () => {
    const f = shareCountFlows(rows, 'X');
    expect(f.map((r) => r.flowUsdT)).toEqual([null, 210, -108, 259]);
    expect(f.map((r) => r.flowUsdT1)).toEqual([240, -105, 252, null]);
    expect(f.map((r) => r.deltaSharesT1)).toEqual([6, -3, 7, null]);
    expect([f[1].previousDate, f[1].nextDate]).toEqual([D[0], D[2]]);
    expect(shareCountFlowPoints(f, 'T+1')[2]).toEqual({ date: D[2], flowUsd: 252 });
  });
  it('skips days without a share count (the neighbours span the gap) and keeps shares when NAV is missing', () => {
    const gappy = rows.map((r) =>
      r.date === D[1] && r.ticker === 'X' ? { ...r, shares_outstanding: null } : r,
    );
    const f = shareCountFlows(gappy, 'X');
    expect(f.map((r) => r.date)).toEqual([D[0], D[2], D[3]]);
    expect(f[1].flowUsdT).toBe(3 * 36);
    const noNav = shareCountFlows([{ ...rows[1] }, { ...rows[2], nav: null }], 'X');
    expect([noNav[1].deltaSharesT, noNav[1].flowUsdT]).toEqual([6, null]);
  });
});

describe('reconcileFlows', () => {
  // A 02-05 shaped like the published conflict: +6M shares at NAV 38.33 = +$229.98M under T, and the next
  // day's count implies −$175.34M, which a tracker reports for 02-05 (T+1 dating).
  const so = [
    { date: D[1], ticker: 'IBIT', shares_outstanding: 1_300_000_000, nav: 44 },
    { date: D[2], ticker: 'IBIT', shares_outstanding: 1_306_000_000, nav: 38.33 },
    { date: D[3], ticker: 'IBIT', shares_outstanding: 1_306_000_000 - 4_574_484, nav: 41 },
  ];
  const reported = [
    { date: D[2], ticker: 'IBIT', flow_usd: -175.33e6, flow_source: 'sosovalue', method: 'reported' },
    { date: D[2], ticker: 'IBIT', flow_usd: 230e6, flow_source: 'park', method: 'shares_outstanding_t' },
    { date: D[2], ticker: 'IBIT', flow_usd: -175.33e6, flow_source: 'sosovalue', method: 'reported' },
    { date: D[2], ticker: 'FBTC', flow_usd: 1e6, flow_source: 'sosovalue', method: 'reported' },
    { date: D[1], ticker: 'IBIT', flow_usd: -373.44e6, flow_source: 'sosovalue', method: 'reported' },
  ];
  it('lists all four figures (duplicates merged) and which convention each matches', () => {
    const r = reconcileFlows(so, reported, 'IBIT', D[2]);
    expect(r.figures.map((f) => [f.source, f.method, Math.round(f.flowUsd / 1e4) / 100, f.matches])).toEqual([
      ['share count x NAV', 'shares_outstanding_t', 229.98, ['T']],
      ['share count x NAV', 'shares_outstanding_t1', -175.34, ['T+1']],
      ['sosovalue', 'reported', -175.33, ['T+1']],
      ['park', 'shares_outstanding_t', 230, ['T']],
    ]);
  });
  it('explains every conflict as the T vs T+1 reporting lag, never the computed pair', () => {
    const r = reconcileFlows(so, reported, 'IBIT', D[2]);
    expect(r.conflicts.map((c) => [c.a.source, c.a.method, c.b.source, c.explanation])).toEqual([
      ['share count x NAV', 'shares_outstanding_t', 'sosovalue', 'reporting-lag'],
      ['share count x NAV', 'shares_outstanding_t1', 'park', 'reporting-lag'],
      ['sosovalue', 'reported', 'park', 'reporting-lag'],
    ]);
    const c = r.conflicts[2];
    expect(c.differenceUsd).toBeCloseTo(-405.33e6, 0);
    expect(c.note).toContain('sosovalue (reported) -$175.3M agrees with the share-count flow dated T+1');
  });
  it('a figure matching neither convention is unexplained', () => {
    const odd = [
      ...reported,
      { date: D[2], ticker: 'IBIT', flow_usd: 900e6, flow_source: 'blog', method: 'reported' },
    ];
    const r = reconcileFlows(so, odd, 'IBIT', D[2]);
    const blog = r.conflicts.filter((c) => c.b.source === 'blog');
    expect(blog.map((c) => c.explanation)).toEqual([
      'unexplained',
      'unexplained',
      'unexplained',
      'unexplained',
    ]);
    expect(blog[0].note).toMatch(/differ by -\$670\.0M; neither share-count convention/);
  });
  it('when T and T+1 agree with each other the lag cannot explain anything', () => {
    const flat = [
      { date: D[1], ticker: 'IBIT', shares_outstanding: 100e6, nav: 40 },
      { date: D[2], ticker: 'IBIT', shares_outstanding: 101e6, nav: 40 },
      { date: D[3], ticker: 'IBIT', shares_outstanding: 102e6, nav: 40 },
    ];
    const r = reconcileFlows(
      flat,
      [{ date: D[2], ticker: 'IBIT', flow_usd: -200e6, flow_source: 's' }],
      'IBIT',
      D[2],
    );
    expect(r.figures[2].matches).toEqual([]);
    expect(r.conflicts.map((c) => c.explanation)).toEqual(['unexplained', 'unexplained']);
  });
  it('works without share counts (reported figures only) and with etf_daily rows lacking a method', () => {
    const r = reconcileFlows(
      [],
      [{ date: D[2], ticker: 'IBIT', flow_usd: 5, flow_source: null }],
      'IBIT',
      D[2],
    );
    expect(r.shareCount).toBeNull();
    expect(r.figures).toEqual([
      { source: 'unknown source', method: 'reported', flowUsd: 5, computed: false, matches: [] },
    ]);
  });
  it('tolerance: max($25M, 10% of the larger)', () => {
    expect(flowsAgree(100e6, 124e6)).toBe(true);
    expect(flowsAgree(100e6, 126e6)).toBe(false);
    expect(flowsAgree(1e9, 1.1e9)).toBe(true);
    expect(flowsAgree(1e9, 1.12e9)).toBe(false);
    expect(formatUsdShort(-175.33e6)).toBe('-$175.3M');
    expect(formatUsdShort(1.234e9)).toBe('+$1.23B');
  });
  it('reportedFlowPoints picks one source', () => {
    expect(reportedFlowPoints(reported.slice(3), 'IBIT', 'sosovalue')).toEqual([
      { date: D[1], flowUsd: -373.44e6 },
    ]);
  });
});

describe('sumFlowPoints', () => {
  it('sums on complete dates only', () => {
    const s = sumFlowPoints([
      [
        { date: D[0], flowUsd: 1 },
        { date: D[1], flowUsd: 2 },
      ],
      [
        { date: D[1], flowUsd: 10 },
        { date: D[2], flowUsd: 20 },
        { date: D[0], flowUsd: null },
      ],
    ]);
    expect(s).toEqual({
      points: [
        { date: D[0], flowUsd: null },
        { date: D[1], flowUsd: 12 },
        { date: D[2], flowUsd: null },
      ],
      incompleteDates: [D[0], D[2]],
    });
  });
  it('property: the sum equals the per-date sum when every series has every date', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 4, maxLength: 4 }), {
          minLength: 1,
          maxLength: 5,
        }),
        (m) => {
          const s = sumFlowPoints(m.map((row) => row.map((v, i) => ({ date: D[i], flowUsd: v }))));
          return (
            s.points.every((p, i) => p.flowUsd === m.reduce((a, row) => a + row[i], 0)) &&
            s.incompleteDates.length === 0
          );
        },
      ),
    );
  });
});

// A synthetic history where the answer is known by hand: r cycles 0.01, −0.01, 0.02, −0.02 and the noise
// cycles +c, +c, −c, −c, so Σr = Σe = Σr·e = 0 over each cycle: OLS (and Huber, all |eᵢ| = c < 1.345·1.4826·c)
// recover a and b exactly, the MAD scale is 1.4826·c and x0ᵀ(XᵀX)⁻¹x0 = 1/n + r0²/Sxx.
const A = -50e6;
const B = 5e9;
const C = 100e6;
const N = 40;
const day = (i: number) => new Date(Date.UTC(2025, 0, 1 + i)).toISOString().slice(0, 10);
function synthetic(eventReturn: number, eventFlow: number | null) {
  const rs = [0.01, -0.01, 0.02, -0.02];
  const es = [C, C, -C, -C];
  const closes: DailyClose[] = [{ date: day(0), close: 100 }];
  const flows: FlowPoint[] = [{ date: day(0), flowUsd: 0 }];
  for (let i = 1; i <= N; i++) {
    closes.push({ date: day(i), close: closes[i - 1].close * Math.exp(rs[(i - 1) % 4]) });
    flows.push({ date: day(i), flowUsd: A + B * rs[(i - 1) % 4] + es[(i - 1) % 4] });
  }
  closes.push({ date: day(N + 1), close: closes[N].close * Math.exp(eventReturn) });
  flows.push({ date: day(N + 1), flowUsd: eventFlow });
  return { closes, flows, event: day(N + 1) };
}

describe('expectedFlowModel', () => {
  it('recovers a and b, and the 90% interval is t(0.95, 38)·1.4826c·√(1 + 1/40 + 0.03²/0.01)', () => {
    const { closes, flows, event } = synthetic(0.03, 500e6);
    const m = expectedFlowModel(flows, closes, event, { lags: 0 });
    expect(m.n).toBe(N);
    expect([m.fitFrom, m.fitTo]).toEqual([day(1), day(N)]);
    expect(Math.abs(m.coefficients.intercept - A)).toBeLessThan(1);
    expect(Math.abs(m.coefficients.returns[0] - B) / B).toBeLessThan(1e-9);
    expect(m.robustScaleUsd / C).toBeCloseTo(1.482602218505602, 9);
    expect(m.expectedUsd).toBeCloseTo(A + B * 0.03, -1);
    const half = tInv(0.95, 38) * 1.482602218505602 * C * Math.sqrt(1 + 1 / 40 + 0.0009 / 0.01);
    expect(Math.abs(tInv(0.95, 38) - 1.686)).toBeLessThan(5e-4); // NIST table, ν = 38
    expect(m.interval.upper - m.expectedUsd).toBeCloseTo(half, -1);
    expect(m.expectedUsd - m.interval.lower).toBeCloseTo(half, -1);
    expect(m.ols.expectedUsd).toBeCloseTo(m.expectedUsd, -1);
    // observed 500M vs expected 100M: surprise 400M = 400/148.26 robust sigma, above the interval
    expect(m.observedUsd).toBe(500e6);
    expect(m.surprise?.surpriseUsd).toBeCloseTo(400e6, -1);
    expect(m.surprise?.surpriseRobustSigma).toBeCloseTo(400 / 148.2602218505602, 6);
    expect([m.surprise?.outside, m.surprise?.side]).toEqual([true, 'above']);
    expect(m.eventReturns).toEqual([{ date: event, logReturn: expect.closeTo(0.03, 12) }]);
  });
  it('ignores the event day and everything after it when fitting; no surprise without an observed flow', () => {
    const base = synthetic(0.03, null);
    const later = [...base.flows, { date: day(N + 2), flowUsd: 9e12 }];
    const laterCloses = [...base.closes, { date: day(N + 2), close: 1 }];
    const m1 = expectedFlowModel(base.flows, base.closes, base.event, { lags: 0 });
    const m2 = expectedFlowModel(later, laterCloses, base.event, { lags: 0 });
    expect(m2.coefficients).toEqual(m1.coefficients);
    expect([m1.observedUsd, m1.surprise]).toEqual([null, null]);
  });
  it('lags use the flow calendar: a Monday return spans the weekend, the lags are Friday and Thursday', () => {
    // BTC closes every day 2026-01-01..2026-02-28 (+1% a day), flows on weekdays only; 2026-02-09 is a Monday.
    const closes: DailyClose[] = [];
    const flows: FlowPoint[] = [];
    for (let i = 0; i < 59; i++) {
      const date = new Date(Date.UTC(2026, 0, 1 + i)).toISOString().slice(0, 10);
      closes.push({ date, close: 100 * Math.exp(0.01 * i) });
      const dow = new Date(`${date}T00:00:00Z`).getUTCDay();
      if (dow !== 0 && dow !== 6) flows.push({ date, flowUsd: (i % 7) * 1e6 + (i % 3) * 5e5 });
    }
    const m = expectedFlowModel(flows, closes, '2026-02-09', { lags: 2, minObservations: 10 });
    expect(m.eventReturns.map((e) => e.date)).toEqual(['2026-02-09', '2026-02-06', '2026-02-05']);
    expect(m.eventReturns[0].logReturn).toBeCloseTo(0.03, 12);
    expect(m.eventReturns[1].logReturn).toBeCloseTo(0.01, 12);
  });
  it('throws NOT_ENOUGH_DATA with too little history or no event-day return', () => {
    const { closes, flows, event } = synthetic(0.03, 1);
    expect(() => expectedFlowModel(flows.slice(-10), closes, event, { lags: 0 })).toThrowError(
      InvalidInputError,
    );
    expect(() => expectedFlowModel(flows, closes.slice(0, -1), event, { lags: 0 })).toThrowError(
      /event-day returns/,
    );
    expect(() => expectedFlowModel(flows, closes, event, { level: 1 })).toThrowError(InvalidInputError);
  });
  it('flowSurprise classifies inside/below by hand', () => {
    const { closes, flows, event } = synthetic(0.03, null);
    const m: ExpectedFlowModel = expectedFlowModel(flows, closes, event, { lags: 0 });
    expect(flowSurprise(m, m.expectedUsd + 1e6).side).toBe('inside');
    const below = flowSurprise(m, m.interval.lower - 1);
    expect([below.outside, below.side]).toEqual([true, 'below']);
    expect(below.surpriseStandardErrors).toBeCloseTo(-tInv(0.95, 38), 6);
  });
});

describe('groupExpectedFlow', () => {
  it('IBIT + peer share-count flows (70/30 split, NAV 1) give the same model as their sum', () => {
    const { closes, flows, event } = synthetic(0.03, 500e6);
    const rows: SharesOutstandingRow[] = [];
    let soA = 1e12;
    let soB = 1e12;
    for (const f of flows) {
      soA += 0.7 * (f.flowUsd ?? 0);
      soB += 0.3 * (f.flowUsd ?? 0);
      rows.push({ date: f.date, ticker: 'IBIT', shares_outstanding: soA, nav: 1 });
      rows.push({ date: f.date, ticker: 'PEER', shares_outstanding: soB, nav: 1 });
    }
    const g = groupExpectedFlow(rows, ['IBIT', 'PEER'], closes, event, 'T', { lags: 0 });
    expect(g.incompleteDates).toEqual([day(0)]);
    expect(Math.abs(g.model.coefficients.returns[0] - B) / B).toBeLessThan(1e-6);
    expect(g.model.observedUsd).toBeCloseTo(500e6, -2);
    const alone = groupExpectedFlow(rows, ['IBIT'], closes, event, 'T', { lags: 0 });
    expect(alone.model.coefficients.returns[0] / B).toBeCloseTo(0.7, 6);
  });
});
