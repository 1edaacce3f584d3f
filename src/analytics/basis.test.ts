import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../errors.js';
import {
  annualizedBasis,
  basisHistory,
  basisJumps,
  basisTermStructure,
  constantMaturity,
  type FuturesSettlementRow,
  futuresOpenInterest,
} from './basis.js';

const S = 62_900;
/** A settlement whose annualized basis is exactly `a` over `days`: F = S·(1 + a·days/365). */
const settleFor = (spot: number, a: number, days: number) => spot * (1 + (a * days) / 365);

function row(
  date: string,
  contract: string,
  expiry: string,
  settle: number,
  oi: number | null,
  multiplier = 5,
): FuturesSettlementRow {
  return { date, venue: 'cme', contract, expiry, settle, open_interest: oi, multiplier };
}

describe('annualizedBasis', () => {
  it('by hand: (63,000/62,900 − 1)·365/22 = 0.0015898·16.5909 = 0.026377', () => {
    expect(annualizedBasis(63_000, S, 22)).toBeCloseTo(0.0263767, 6);
    expect(annualizedBasis(63_000, S, 0)).toBeNaN();
    expect(annualizedBasis(63_000, -1, 10)).toBeNaN();
  });
});

describe('constantMaturity (linear in days of the annualized basis, flat beyond the curve)', () => {
  const pts = [
    { contract: 'C', days: 85, annualized: 0.06 },
    { contract: 'A', days: 22, annualized: 0.03 },
    { contract: 'B', days: 50, annualized: 0.05 },
    { contract: 'D', days: 113, annualized: 0.065 },
  ];
  it.each([
    [30, 0.03 + (8 / 28) * 0.02, 'interpolated', 'A', 'B'],
    [60, 0.05 + (10 / 35) * 0.01, 'interpolated', 'B', 'C'],
    [90, 0.06 + (5 / 28) * 0.005, 'interpolated', 'C', 'D'],
    [50, 0.05, 'exact', 'B', 'B'],
    [120, 0.065, 'extrapolated-flat', 'D', 'D'],
    [10, 0.03, 'extrapolated-flat', 'A', 'A'],
  ] as const)('tenor %d → %d (%s %s..%s)', (tenor, value, method, lo, hi) => {
    const t = constantMaturity(pts, tenor);
    expect(t.value).toBeCloseTo(value, 14);
    expect([t.method, t.extrapolated, t.lower?.contract, t.upper?.contract]).toEqual([
      method,
      method === 'extrapolated-flat',
      lo,
      hi,
    ]);
  });
  it('no contracts → NaN, flagged', () => {
    const t = constantMaturity([], 30);
    expect([t.value, t.extrapolated]).toEqual([Number.NaN, true]);
  });
});

describe('basisTermStructure', () => {
  const d = '2026-02-05';
  const rows = [
    row(d, 'BTCH6', '2026-03-27', settleFor(S, 0.045, 50), 2000),
    row(d, 'BTCG6', '2026-02-27', settleFor(S, 0.033, 22), 10000),
    row(d, 'MBTG6', '2026-02-27', settleFor(S, 0.2, 22), 5000, 0.1), // micro: less BTC of OI, ignored
    row(d, 'BTCJ6', '2026-04-24', settleFor(S, 0.05, 78), 500),
    row(d, 'BTCK6', '2026-05-29', settleFor(S, 0.055, 113), 100),
    row(d, 'BTCF6', '2026-02-05', 62_950, 10), // expires today: no basis
    { ...row(d, 'BTCUSDT', '2026-03-27', 1, 1), venue: 'binance' },
    row('2026-02-04', 'BTCG6', '2026-02-27', 1, 1),
  ];
  const ts = basisTermStructure(rows, S, d);
  it('per contract: days to expiry and annualized basis', () => {
    expect(ts.contracts.map((c) => [c.contract, c.days])).toEqual([
      ['BTCG6', 22],
      ['BTCH6', 50],
      ['BTCJ6', 78],
      ['BTCK6', 113],
    ]);
    expect(ts.contracts.map((c) => c.annualized)).toEqual(
      [0.033, 0.045, 0.05, 0.055].map((v) => expect.closeTo(v, 13)),
    );
    expect(ts.nearMonth?.contract).toBe('BTCG6');
    expect(ts.contracts[0].basis).toBeCloseTo((0.033 * 22) / 365, 14);
  });
  it('tenors by hand: 30d = 3.3% + 8/28·1.2%, 60d = 4.5% + 10/28·0.5%, 90d = 5% + 12/35·0.5%, 120d flat 5.5%', () => {
    expect(ts.tenors.map((t) => t.value)).toEqual(
      [0.033 + (8 / 28) * 0.012, 0.045 + (10 / 28) * 0.005, 0.05 + (12 / 35) * 0.005, 0.055].map((v) =>
        expect.closeTo(v, 13),
      ),
    );
    expect(ts.tenors.map((t) => t.extrapolated)).toEqual([false, false, false, true]);
  });
});

describe('basis history and jumps', () => {
  // One curve per day with G6 and H6 at the same annualized basis, so every tenor equals the near month:
  // 5%, 4%, 3.3%, 9% → jumps −1, −0.7, +5.7 points.
  const dates = ['2026-02-03', '2026-02-04', '2026-02-05', '2026-02-06'];
  const levels = [0.05, 0.04, 0.033, 0.09];
  const spots = [76_000, 73_000, 62_900, 70_500];
  const days = (d: string, e: string) => Math.round((Date.parse(e) - Date.parse(d)) / 86_400_000);
  const rows = dates.flatMap((d, i) => [
    row(d, 'BTCG6', '2026-02-27', settleFor(spots[i], levels[i], days(d, '2026-02-27')), 10000),
    row(d, 'BTCH6', '2026-03-27', settleFor(spots[i], levels[i], days(d, '2026-03-27')), 2000),
  ]);
  const closes = dates.map((date, i) => ({ date, close: spots[i] }));
  const history = basisHistory([...rows, row('2026-02-07', 'BTCG6', '2026-02-27', 1, 1)], closes, {
    tenors: [30],
  });
  it('history keeps dates with both a spot and settlements', () => {
    expect(history.map((h) => h.date)).toEqual(dates);
    expect(history[2].tenors[0].value).toBeCloseTo(0.033, 13);
  });
  it('02-06: +5.7 points, the largest of 3 jumps by size and by rise, the smallest fall', () => {
    const j = basisJumps(history, '2026-02-06');
    expect(j.nearMonth).toEqual({
      series: 'near-month',
      date: '2026-02-06',
      previousDate: '2026-02-05',
      before: expect.closeTo(0.033, 13),
      after: expect.closeTo(0.09, 13),
      jump: expect.closeTo(0.057, 13),
      extrapolated: false,
      contract: 'BTCG6',
      n: 3,
      rankAbs: 1,
      rankRise: 1,
      rankFall: 3,
    });
    expect(j.tenors[0]).toMatchObject({ series: '30d', n: 3, rankAbs: 1, rankRise: 1, extrapolated: false });
  });
  it('02-05 (−0.7) ranks only against jumps up to that date; since narrows the pool', () => {
    const j = basisJumps(history, '2026-02-05');
    expect(j.nearMonth).toMatchObject({ n: 2, rankAbs: 2, rankRise: 1, rankFall: 2 });
    expect(basisJumps(history, '2026-02-06', '2026-02-05').nearMonth).toMatchObject({ n: 2, rankAbs: 1 });
  });
  it('near month rolls: after G6 expires the jump follows H6 against its own previous basis', () => {
    const r = [
      row('2026-02-26', 'BTCG6', '2026-02-27', settleFor(S, 0.5, 1), 100),
      row('2026-02-26', 'BTCH6', '2026-03-27', settleFor(S, 0.04, 29), 100),
      row('2026-02-27', 'BTCG6', '2026-02-27', S, 100),
      row('2026-02-27', 'BTCH6', '2026-03-27', settleFor(S, 0.05, 28), 100),
    ];
    const h = basisHistory(r, [
      { date: '2026-02-26', close: S },
      { date: '2026-02-27', close: S },
    ]);
    const j = basisJumps(h, '2026-02-27');
    expect([j.nearMonth?.contract, j.nearMonth?.jump]).toEqual(['BTCH6', expect.closeTo(0.01, 13)]);
  });
  it('throws for a date without a term structure', () => {
    expect(() => basisJumps(history, '2026-02-07')).toThrowError(InvalidInputError);
  });
});

describe('futuresOpenInterest', () => {
  it('sums contracts and BTC (× multiplier) and differences them by hand', () => {
    const rows = [
      row('2026-02-04', 'BTCG6', '2026-02-27', 1, 10000),
      row('2026-02-04', 'BTCH6', '2026-03-27', 1, 2000),
      row('2026-02-04', 'MBTG6', '2026-02-27', 1, 5000, 0.1),
      row('2026-02-05', 'BTCG6', '2026-02-27', 1, 9000),
      row('2026-02-05', 'BTCH6', '2026-03-27', 1, 2500),
      row('2026-02-05', 'MBTG6', '2026-02-27', 1, 5000, 0.1),
      row('2026-02-05', 'BTCJ6', '2026-04-24', 1, null),
    ];
    const oi = futuresOpenInterest(rows);
    expect(oi[0]).toEqual({
      date: '2026-02-04',
      contracts: 17000,
      btc: 60500,
      previousDate: null,
      changeContracts: null,
      changeBtc: null,
      changePct: null,
    });
    expect(oi[1]).toMatchObject({ contracts: 16500, btc: 58000, changeContracts: -500, changeBtc: -2500 });
    expect(oi[1].changePct).toBeCloseTo(-2500 / 60500, 14);
  });
});
