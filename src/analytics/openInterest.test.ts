import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../errors.js';
import {
  calendarDatesOf,
  type OpenInterestRow,
  openInterestAroundEvent,
  venueOpenInterestAtNyClose,
} from './openInterest.js';

const DATES = ['2026-02-03', '2026-02-04', '2026-02-05', '2026-02-06'];
// OI in BTC at each date's 16:00 ET (21:00Z in February):
//   cme:     120k, 118k, 110k, 116k → changes −2k, −8k, +6k
//   binance: 100k,  99k,  97k,  80k → changes −1k, −2k, −17k
const CME = [120_000, 118_000, 110_000, 116_000];
const BINANCE = [100_000, 99_000, 97_000, 80_000];
const PRICE = [76_000, 73_000, 63_000, 70_000];

/** Rows at 20:00Z, 21:00Z (the close) and 22:00Z; the neighbours carry decoy values. */
function hourly(venue: string, symbol: string, values: readonly number[], share = 1): OpenInterestRow[] {
  return DATES.flatMap((d, i) => [
    { ts: `${d}T20:00:00Z`, venue, symbol, oi_btc: 1, oi_usd: 1 },
    { ts: `${d}T21:00:00Z`, venue, symbol, oi_btc: values[i] * share, oi_usd: values[i] * share * PRICE[i] },
    { ts: `${d}T22:00:00Z`, venue, symbol, oi_btc: 2, oi_usd: 2 },
  ]);
}

const ROWS = [
  ...hourly('cme', 'BTC', CME),
  ...hourly('binance', 'BTCUSDT', BINANCE, 0.75),
  ...hourly('binance', 'BTCUSD_PERP', BINANCE, 0.25),
  { ts: '2026-02-07T21:00:00Z', venue: 'binance', symbol: 'BTCUSDT', oi_btc: 1, oi_usd: 1 },
];

describe('venueOpenInterestAtNyClose', () => {
  it('takes the 21:00Z observation in February and differences it by hand', () => {
    const cme = venueOpenInterestAtNyClose(ROWS, 'cme', DATES);
    expect(cme.map((d) => d.oiBtc)).toEqual(CME);
    expect(cme.map((d) => d.changeBtc)).toEqual([null, -2000, -8000, 6000]);
    expect(cme[2]).toMatchObject({
      closeInstant: '2026-02-05T21:00:00Z',
      observedAt: '2026-02-05T21:00:00Z',
      stalenessMinutes: 0,
      previousDate: '2026-02-04',
      changeUsd: 110_000 * 63_000 - 118_000 * 73_000,
    });
    expect(cme[2].changePctBtc).toBeCloseTo(-8 / 118, 14);
    expect(cme[2].changePctUsd).toBeCloseTo((110 * 63) / (118 * 73) - 1, 14);
  });
  it('sums a venue over its symbols', () => {
    const b = venueOpenInterestAtNyClose(ROWS, 'binance', DATES);
    expect(b[3].oiBtc).toBe(80_000);
    expect(b[3].symbols).toEqual(['BTCUSDT', 'BTCUSD_PERP']);
  });
  it('as-of: the last observation at or before the close, never after it; in July that is 20:00Z', () => {
    const rows: OpenInterestRow[] = [
      { ts: '2025-07-01T19:00:00Z', venue: 'cme', symbol: 'BTC', oi_btc: 5, oi_usd: null },
      { ts: '2025-07-01T20:00:00Z', venue: 'cme', symbol: 'BTC', oi_btc: 7, oi_usd: null },
      { ts: '2025-07-01T20:30:00Z', venue: 'cme', symbol: 'BTC', oi_btc: 9, oi_usd: null },
    ];
    const [d] = venueOpenInterestAtNyClose(rows, 'cme', ['2025-07-01']);
    expect([d.closeInstant, d.oiBtc, d.oiUsd]).toEqual(['2025-07-01T20:00:00Z', 7, null]);
    const [w] = venueOpenInterestAtNyClose(
      rows.map((r) => ({ ...r, ts: r.ts.toString().replace('2025-07-01', '2026-01-06') })),
      'cme',
      ['2026-01-06'],
    );
    expect([w.observedAt, w.oiBtc, w.stalenessMinutes]).toEqual(['2026-01-06T20:30:00Z', 9, 30]);
  });
  it('treats stale observations and a missing symbol as missing', () => {
    const stale: OpenInterestRow[] = [
      { ts: '2026-02-05T17:00:00Z', venue: 'cme', symbol: 'BTC', oi_btc: 5, oi_usd: 5 },
    ];
    expect(venueOpenInterestAtNyClose(stale, 'cme', ['2026-02-05'])[0].oiBtc).toBeNull();
    expect(
      venueOpenInterestAtNyClose(stale, 'cme', ['2026-02-05'], { maxStalenessMinutes: 240 })[0].oiBtc,
    ).toBe(5);
    // a gap (stale observation with later data) voids the venue's sum that day and the changes around it
    const partial = ROWS.filter(
      (r) => !(r.symbol === 'BTCUSD_PERP' && String(r.ts).startsWith('2026-02-05')),
    );
    const b = venueOpenInterestAtNyClose(partial, 'binance', DATES, { maxStalenessMinutes: 60 });
    expect(b.map((d) => d.oiBtc)).toEqual([100_000, 99_000, null, 80_000]);
    expect([b[2].changeBtc, b[3].changeBtc]).toEqual([null, null]);
  });
  it('a dated contract that stops reporting drops out of the sum; one not yet listed is not a gap', () => {
    const rows: OpenInterestRow[] = [
      { ts: '2026-02-04T21:00:00Z', venue: 'cme', symbol: 'BTCG6', oi_btc: 50, oi_usd: null },
      { ts: '2026-02-04T21:00:00Z', venue: 'cme', symbol: 'BTCH6', oi_btc: 10, oi_usd: null },
      { ts: '2026-02-05T21:00:00Z', venue: 'cme', symbol: 'BTCH6', oi_btc: 55, oi_usd: null },
      { ts: '2026-02-05T21:00:00Z', venue: 'cme', symbol: 'BTCJ6', oi_btc: 3, oi_usd: null },
    ];
    const d = venueOpenInterestAtNyClose(rows, 'cme', ['2026-02-04', '2026-02-05']);
    expect(d.map((x) => [x.symbols, x.oiBtc])).toEqual([
      [['BTCG6', 'BTCH6'], 60],
      [['BTCH6', 'BTCJ6'], 58],
    ]);
    expect(d[1].changeBtc).toBe(-2);
  });
});

describe('openInterestAroundEvent', () => {
  it('window ±1 around 02-05: largest moves per venue and the 02-06 divergence (binance fell, cme rose)', () => {
    const r = openInterestAroundEvent(ROWS, '2026-02-05', { window: 1 });
    expect(r.dates).toEqual(['2026-02-04', '2026-02-05', '2026-02-06']);
    expect(r.venues.map((v) => v.venue)).toEqual(['binance', 'cme']);
    const [binance, cme] = r.venues;
    expect(binance.daily.map((d) => d.changeBtc)).toEqual([-1000, -2000, -17000]);
    expect(binance.largestDrop).toEqual({
      date: '2026-02-06',
      changeBtc: -17000,
      changePctBtc: expect.closeTo(-17 / 97, 14),
      changeUsd: 80_000 * 70_000 - 97_000 * 63_000,
    });
    expect(binance.largestRise).toBeNull();
    expect([cme.largestDrop?.date, cme.largestDrop?.changeBtc]).toEqual(['2026-02-05', -8000]);
    expect([cme.largestRise?.date, cme.largestRise?.changeBtc]).toEqual(['2026-02-06', 6000]);
    expect(r.divergences).toEqual([{ date: '2026-02-06', fell: ['binance'], rose: ['cme'] }]);
  });
  it('a threshold filters small moves; explicit venues and dates are honoured', () => {
    const r = openInterestAroundEvent(ROWS, '2026-02-05', { window: 1, thresholdPct: 0.1 });
    expect(r.divergences).toEqual([]);
    const only = openInterestAroundEvent(ROWS, '2026-02-05', { venues: ['cme'], dates: DATES.slice(1) });
    expect(only.venues.map((v) => v.venue)).toEqual(['cme']);
    expect(only.dates).toEqual(DATES.slice(1));
    expect(only.venues[0].daily[0].changeBtc).toBeNull();
  });
  it('default dates are every calendar day with data (crypto trades at weekends: Saturday 02-07 kept)', () => {
    expect(calendarDatesOf(ROWS)).toEqual([...DATES, '2026-02-07']);
  });
  it('throws when the event date is not sampled', () => {
    expect(() => openInterestAroundEvent(ROWS, '2026-02-09')).toThrowError(InvalidInputError);
  });
  it('a Friday-evening collapse is seen on Friday, a Saturday date is sampled, CME compares Monday with Friday', () => {
    // Friday 2026-02-06 .. Monday 2026-02-09, 16:00 ET = 21:00Z. Binance collapses on Friday afternoon and
    // trades through the weekend; CME is shut from Friday's close to Sunday evening.
    const days = ['2026-02-05', '2026-02-06', '2026-02-07', '2026-02-08', '2026-02-09'];
    const binance = [100, 60, 58, 59, 61];
    const rows: OpenInterestRow[] = days.map((d, i) => ({
      ts: `${d}T21:00:00Z`,
      venue: 'binance',
      symbol: 'BTCUSDT',
      oi_btc: binance[i],
      oi_usd: binance[i] * 70_000,
    }));
    for (const [d, v] of [
      ['2026-02-05', 200],
      ['2026-02-06', 190],
      ['2026-02-09', 230],
    ] as const) {
      rows.push({ ts: `${d}T21:00:00Z`, venue: 'cme', symbol: 'BTC', oi_btc: v, oi_usd: v * 70_000 });
    }
    const fri = openInterestAroundEvent(rows, '2026-02-06', { window: 1 });
    const bin = fri.venues.find((v) => v.venue === 'binance')!;
    expect(bin.daily.find((x) => x.date === '2026-02-06')!.changePctBtc).toBeCloseTo(-0.4, 12);
    const sat = openInterestAroundEvent(rows, '2026-02-07', { window: 1 });
    expect(sat.dates).toEqual(['2026-02-06', '2026-02-07', '2026-02-08']);
    const cme = openInterestAroundEvent(rows, '2026-02-09', { window: 3 }).venues.find(
      (v) => v.venue === 'cme',
    )!;
    const mon = cme.daily.find((x) => x.date === '2026-02-09')!;
    expect(mon.previousDate).toBe('2026-02-06');
    expect(mon.changeBtc).toBe(40);
    expect(cme.daily.find((x) => x.date === '2026-02-07')!.oiBtc).toBeNull();
  });
});
