import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DataError, InvalidInputError } from '../errors.js';
import {
  calendarDaysBetween,
  closesFromBars,
  indexOfDate,
  isoDateToUtcMs,
  NEW_YORK,
  nyCloseUtc,
  nyDate,
  sortByDate,
  toIsoInstant,
  weekday,
  zonedWallTimeToUtcMs,
} from './time.js';

describe('nyCloseUtc: 16:00 America/New_York, DST-correct', () => {
  // US DST (Energy Policy Act 2005): starts 2026-03-08 02:00 EST, ends 2025-11-02 02:00 EDT.
  it.each([
    ['2026-02-05', '2026-02-05T21:00:00Z'],
    ['2026-03-07', '2026-03-07T21:00:00Z'],
    ['2026-03-08', '2026-03-08T20:00:00Z'],
    ['2026-03-09', '2026-03-09T20:00:00Z'],
    ['2025-11-01', '2025-11-01T20:00:00Z'],
    ['2025-11-02', '2025-11-02T21:00:00Z'],
    ['2025-11-03', '2025-11-03T21:00:00Z'],
    ['2025-07-01', '2025-07-01T20:00:00Z'],
    ['2024-01-11', '2024-01-11T21:00:00Z'],
  ])('%s → %s', (date, instant) => {
    expect(nyCloseUtc(date)).toBe(instant);
  });
  it('wall times either side of the 02:00 transitions', () => {
    const at = (d: string, h: number, m: number) => toIsoInstant(zonedWallTimeToUtcMs(d, h, m, NEW_YORK));
    expect(at('2026-03-08', 1, 30)).toBe('2026-03-08T06:30:00Z'); // EST, UTC−5
    expect(at('2026-03-08', 3, 30)).toBe('2026-03-08T07:30:00Z'); // EDT, UTC−4
    expect(at('2025-11-02', 0, 30)).toBe('2025-11-02T04:30:00Z'); // EDT
    expect(at('2025-11-02', 3, 0)).toBe('2025-11-02T08:00:00Z'); // EST
  });
  it('property: the close is 20:00Z exactly between the second Sunday of March and the first of November', () => {
    const firstSunday = (y: number, m: number) => 1 + ((7 - new Date(Date.UTC(y, m, 1)).getUTCDay()) % 7);
    fc.assert(
      fc.property(fc.integer({ min: 2008, max: 2040 }), fc.integer({ min: 0, max: 365 }), (y, k) => {
        const date = new Date(Date.UTC(y, 0, 1 + k)).toISOString().slice(0, 10);
        const ms = Date.parse(date);
        const dstStart = Date.UTC(y, 2, firstSunday(y, 2) + 7);
        const dstEnd = Date.UTC(y, 10, firstSunday(y, 10));
        const expectedHour = ms >= dstStart && ms < dstEnd ? 20 : 21;
        const close = nyCloseUtc(date);
        return close === `${date}T${expectedHour}:00:00Z` && nyDate(close) === date;
      }),
    );
  });
});

describe('nyDate', () => {
  it.each([
    ['2026-02-06T02:30:00Z', '2026-02-05'],
    ['2026-02-06T05:00:00Z', '2026-02-06'],
    ['2026-02-06T04:59:59Z', '2026-02-05'],
    ['2026-03-08T04:59:59Z', '2026-03-07'],
    ['2026-03-08T06:59:59Z', '2026-03-08'],
    ['2025-07-01T03:59:59Z', '2025-06-30'],
    ['2025-07-01T04:00:00Z', '2025-07-01'],
  ])('%s is %s in New York', (ts, date) => {
    expect(nyDate(ts)).toBe(date);
  });
  it('accepts Date objects and rejects garbage', () => {
    expect(nyDate(new Date('2026-02-05T21:00:00Z'))).toBe('2026-02-05');
    expect(() => nyDate('yesterday')).toThrowError(InvalidInputError);
  });
});

describe('calendar helpers', () => {
  it('validates ISO dates', () => {
    expect(isoDateToUtcMs('2024-02-29')).toBe(Date.UTC(2024, 1, 29));
    expect(() => isoDateToUtcMs('2026-02-30')).toThrowError(InvalidInputError);
    expect(() => isoDateToUtcMs('2026-2-5', 'eventDate')).toThrowError(/eventDate.*2026-2-5/);
  });
  it('counts calendar days (02-05 to the 02-27 expiry is 22; across the March DST change too)', () => {
    expect(calendarDaysBetween('2026-02-05', '2026-02-27')).toBe(22);
    expect(calendarDaysBetween('2026-03-01', '2026-03-31')).toBe(30);
    expect(calendarDaysBetween('2026-02-27', '2026-02-05')).toBe(-22);
  });
  it('weekday and bar dates', () => {
    expect([weekday('2026-02-05'), weekday('2026-02-07')]).toEqual([4, 6]);
    expect(closesFromBars([{ ts: '2025-07-01T20:00:00Z', close: 1 }])).toEqual([
      { date: '2025-07-01', close: 1 },
    ]);
    // A UTC-day bar stamped at its 00:00Z open is its own day's close (it closes at 00:00Z on the
    // next day, 19:00 New York), not the previous day's as its stamp's New York date would say.
    expect(closesFromBars([{ ts: '2026-02-05T00:00:00Z', close: 2 }])).toEqual([
      { date: '2026-02-05', close: 2 },
    ]);
  });
  it('sortByDate rejects repeated dates; indexOfDate names what is missing', () => {
    const rows = [{ date: '2026-02-06' }, { date: '2026-02-05' }];
    expect(sortByDate(rows, 'x').map((r) => r.date)).toEqual(['2026-02-05', '2026-02-06']);
    expect(() => sortByDate([...rows, { date: '2026-02-05' }], 'IBIT closes')).toThrowError(DataError);
    expect(() => indexOfDate(rows, '2026-02-07', 'IBIT closes')).toThrowError(
      /IBIT closes has no value on 2026-02-07/,
    );
  });
});

describe('isIsoDate (calendar arithmetic) agrees with a Date round trip', () => {
  it('on every day of 1899–2101 and on impossible days', async () => {
    const { isIsoDate } = await import('../core/time.js');
    const viaDate = (s: string) => {
      const d = new Date(`${s}T00:00:00Z`);
      return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
    };
    for (let y = 1899; y <= 2101; y++)
      for (let m = 0; m <= 13; m++)
        for (const d of [0, 1, 28, 29, 30, 31, 32]) {
          const s = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
          expect(isIsoDate(s), s).toBe(viaDate(s));
        }
    expect(isIsoDate('0000-02-29')).toBe(viaDate('0000-02-29'));
  });
});
