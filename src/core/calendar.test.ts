import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  easterSunday,
  isTradingDay,
  nextTradingDay,
  nyseHoliday,
  nyseHolidays,
  nyseSession,
  previousTradingDay,
  sessionOnOrAfter,
  tradingDays,
} from './calendar.js';

// The exchange's published holiday lists (nyse.com "Holidays & Trading Hours", read for 2024–2027).
const PUBLISHED: Readonly<Record<number, readonly string[]>> = {
  2024: [
    '2024-01-01',
    '2024-01-15',
    '2024-02-19',
    '2024-03-29',
    '2024-05-27',
    '2024-06-19',
    '2024-07-04',
    '2024-09-02',
    '2024-11-28',
    '2024-12-25',
  ],
  2025: [
    '2025-01-01',
    '2025-01-09',
    '2025-01-20',
    '2025-02-17',
    '2025-04-18',
    '2025-05-26',
    '2025-06-19',
    '2025-07-04',
    '2025-09-01',
    '2025-11-27',
    '2025-12-25',
  ],
  2026: [
    '2026-01-01',
    '2026-01-19',
    '2026-02-16',
    '2026-04-03',
    '2026-05-25',
    '2026-06-19',
    '2026-07-03',
    '2026-09-07',
    '2026-11-26',
    '2026-12-25',
  ],
  2027: [
    '2027-01-01',
    '2027-01-18',
    '2027-02-15',
    '2027-03-26',
    '2027-05-31',
    '2027-06-18',
    '2027-07-05',
    '2027-09-06',
    '2027-11-25',
    '2027-12-24',
  ],
};

const EARLY_CLOSES: Readonly<Record<number, readonly string[]>> = {
  2024: ['2024-07-03', '2024-11-29', '2024-12-24'],
  2025: ['2025-07-03', '2025-11-28', '2025-12-24'],
  2026: ['2026-11-27', '2026-12-24'],
  2027: ['2027-11-26'],
};

describe('NYSE calendar', () => {
  it('computes the published holiday lists 2024–2027 exactly', () => {
    for (const [year, days] of Object.entries(PUBLISHED)) {
      expect([...nyseHolidays(Number(year)).keys()].sort(), year).toEqual([...days].sort());
    }
  });

  it('computes the published early closes (13:00 New York) and no others', () => {
    for (const [year, days] of Object.entries(EARLY_CLOSES)) {
      const early = tradingDays(`${year}-01-01`, `${year}-12-31`).filter((d) => nyseSession(d)?.earlyClose);
      expect(early, year).toEqual(days);
    }
  });

  it('does not observe a Saturday New Year on the Friday before (2022-01-01, 2028-01-01)', () => {
    expect(isTradingDay('2021-12-31')).toBe(true);
    expect(isTradingDay('2027-12-31')).toBe(true);
    expect(nyseHoliday('2023-01-02')).toBe("New Year's Day");
  });

  it('Easter by the computus matches known dates', () => {
    expect(easterSunday(2024)).toBe('2024-03-31');
    expect(easterSunday(2025)).toBe('2025-04-20');
    expect(easterSunday(2026)).toBe('2026-04-05');
    expect(easterSunday(2038)).toBe('2038-04-25');
    expect(easterSunday(2008)).toBe('2008-03-23');
  });

  it('converts session times through the time-zone database in DST weeks', () => {
    // DST began 2026-03-08 (Sunday): Friday closes at 21:00 UTC, Monday at 20:00 UTC.
    expect(nyseSession('2026-03-06')).toEqual({
      date: '2026-03-06',
      openUtc: '2026-03-06T14:30:00Z',
      closeUtc: '2026-03-06T21:00:00Z',
      earlyClose: false,
    });
    expect(nyseSession('2026-03-09')?.closeUtc).toBe('2026-03-09T20:00:00Z');
    // DST ended 2025-11-02: Friday 10-31 at 20:00 UTC, Monday 11-03 at 21:00 UTC.
    expect(nyseSession('2025-10-31')?.closeUtc).toBe('2025-10-31T20:00:00Z');
    expect(nyseSession('2025-11-03')?.closeUtc).toBe('2025-11-03T21:00:00Z');
    expect(nyseSession('2026-11-27')?.closeUtc).toBe('2026-11-27T18:00:00Z');
    expect(nyseSession('2026-02-07')).toBeNull();
    expect(nyseSession('2026-02-16')).toBeNull();
  });

  it('previous and next trading day skip weekends and holidays', () => {
    expect(previousTradingDay('2026-02-05')).toBe('2026-02-04');
    expect(previousTradingDay('2026-02-17')).toBe('2026-02-13');
    expect(nextTradingDay('2026-02-13')).toBe('2026-02-17');
    expect(nextTradingDay('2026-02-07')).toBe('2026-02-09');
    expect(previousTradingDay('2025-01-10')).toBe('2025-01-08');
  });

  it('a crash after the New York close is priced into the next session', () => {
    expect(sessionOnOrAfter('2026-02-05T21:00:00Z')).toBe('2026-02-05');
    expect(sessionOnOrAfter('2026-02-05T21:00:01Z')).toBe('2026-02-06');
    expect(sessionOnOrAfter('2026-02-07T12:00:00Z')).toBe('2026-02-09');
    expect(sessionOnOrAfter('2026-07-01T03:59:00Z')).toBe('2026-07-01');
  });

  it('refuses dates outside the covered years and bad dates', () => {
    expect(() => isTradingDay('1999-12-31')).toThrow(/2000–2099/);
    expect(() => isTradingDay('2026-02-30')).toThrow(/YYYY-MM-DD/);
  });

  it('relations: next(previous(d)) is d for trading days; about 250 sessions a year', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2001, 0, 10), max: Date.UTC(2098, 11, 20) }), (ms) => {
        const d = new Date(ms).toISOString().slice(0, 10);
        const p = previousTradingDay(d);
        expect(p < d).toBe(true);
        expect(isTradingDay(p)).toBe(true);
        if (isTradingDay(d)) expect(nextTradingDay(p)).toBe(d);
      }),
    );
    for (let y = 2001; y < 2099; y++) {
      const n = tradingDays(`${y}-01-01`, `${y}-12-31`).length;
      expect(n, String(y)).toBeGreaterThanOrEqual(248);
      expect(n, String(y)).toBeLessThanOrEqual(254);
    }
  });
});
