import { describe, expect, it } from 'vitest';
import {
  cmeContractCode,
  cmeExpiry,
  isoInstant,
  isTradingDay,
  lastFriday,
  monthlyOptionExpiry,
  nyClose,
  tradingDays,
  weekday,
  zonedParts,
  zonedTimeToUtc,
} from './calendar.js';

describe('NYSE calendar', () => {
  it('has the published number of trading days (2024: 252, 2025: 250 with the Carter closure)', () => {
    expect(tradingDays('2024-01-01', '2024-12-31')).toHaveLength(252);
    expect(tradingDays('2025-01-01', '2025-12-31')).toHaveLength(250);
  });

  it('closes on holidays and weekends, opens around them', () => {
    for (const d of ['2024-03-29', '2025-01-09', '2025-04-18', '2026-01-19', '2026-02-07'])
      expect(isTradingDay(d), d).toBe(false);
    for (const d of ['2024-01-11', '2025-01-10', '2026-02-05', '2026-02-13'])
      expect(isTradingDay(d), d).toBe(true);
  });

  it('knows the weekday of the event', () => {
    expect(weekday('2026-02-05')).toBe(4);
  });
});

describe('16:00 New York in UTC (DST from the time-zone database)', () => {
  it.each([
    ['2024-03-08', '2024-03-08T21:00:00Z'], // Friday before the March 10 change: EST
    ['2024-03-11', '2024-03-11T20:00:00Z'], // EDT
    ['2024-11-01', '2024-11-01T20:00:00Z'], // before November 3: EDT
    ['2024-11-04', '2024-11-04T21:00:00Z'], // EST
    ['2026-02-05', '2026-02-05T21:00:00Z'],
  ])('%s -> %s', (date, expected) => {
    expect(isoInstant(nyClose(date))).toBe(expected);
  });

  it('16:00 London is 16:00Z in winter and 15:00Z in summer', () => {
    expect(isoInstant(zonedTimeToUtc('2026-02-27', 16, 0, 'Europe/London'))).toBe('2026-02-27T16:00:00Z');
    expect(isoInstant(zonedTimeToUtc('2025-06-27', 16, 0, 'Europe/London'))).toBe('2025-06-27T15:00:00Z');
  });

  it('reads wall-clock fields back', () => {
    expect(zonedParts(Date.parse('2026-02-06T22:30:00Z'), 'America/New_York')).toEqual({
      date: '2026-02-06',
      weekday: 5,
      hour: 17,
      minute: 30,
    });
  });
});

describe('expiries', () => {
  it('CME: last Friday, moved back for U.S. or London holidays', () => {
    expect(cmeExpiry(2026, 2)).toBe('2026-02-27');
    expect(cmeExpiry(2024, 3)).toBe('2024-03-28'); // Good Friday
    expect(cmeExpiry(2025, 12)).toBe('2025-12-24'); // Boxing Day on Friday 26th, Christmas on the 25th
    expect(cmeContractCode(2026, 2)).toBe('BTCG6');
    expect(cmeContractCode(2025, 12)).toBe('BTCZ5');
  });

  it('listed options: third Friday, Thursday when the Friday is a holiday', () => {
    expect(monthlyOptionExpiry(2026, 2)).toBe('2026-02-20');
    expect(monthlyOptionExpiry(2026, 6)).toBe('2026-06-18');
    expect(lastFriday(2026, 3)).toBe('2026-03-27');
  });
});
