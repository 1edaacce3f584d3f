import { describe, expect, it } from 'vitest';
import { isNaiveInstant, isTimeZone, naiveToUtcInstant, nyCloseUtc } from './time.js';

describe('naive timestamps read in a zone', () => {
  it('recognises naive timestamps, not zoned ones or impossible dates', () => {
    expect(isNaiveInstant('2026-02-05 16:00')).toBe(true);
    expect(isNaiveInstant('2026-02-05T16:00:00')).toBe(true);
    expect(isNaiveInstant('2026-02-05T16:00:00.123456')).toBe(true);
    expect(isNaiveInstant('2026-02-05T16:00:00Z')).toBe(false);
    expect(isNaiveInstant('2026-02-05 16:00:00-05:00')).toBe(false);
    expect(isNaiveInstant('2026-02-30 16:00')).toBe(false);
    expect(isNaiveInstant('2026-02-05')).toBe(false);
  });

  it('New York wall clock: EST is UTC-5, EDT is UTC-4 (DST from 2026-03-08 02:00)', () => {
    expect(naiveToUtcInstant('2026-02-05 16:00', 'America/New_York')).toBe('2026-02-05T21:00:00Z');
    expect(naiveToUtcInstant('2026-03-07T16:00:00', 'America/New_York')).toBe('2026-03-07T21:00:00Z');
    expect(naiveToUtcInstant('2026-03-09T16:00:00', 'America/New_York')).toBe('2026-03-09T20:00:00Z');
    expect(naiveToUtcInstant('2026-07-01 16:00:00.250', 'America/New_York')).toBe('2026-07-01T20:00:00.250Z');
    expect(naiveToUtcInstant('2026-02-05 09:00', 'Asia/Tokyo')).toBe('2026-02-05T00:00:00Z');
    expect(naiveToUtcInstant('2026-02-05 09:00', 'UTC')).toBe('2026-02-05T09:00:00Z');
  });

  it('agrees with nyCloseUtc at 16:00 on every day of 2026', () => {
    for (let d = Date.UTC(2026, 0, 1); d < Date.UTC(2027, 0, 1); d += 86_400_000) {
      const date = new Date(d).toISOString().slice(0, 10);
      expect(naiveToUtcInstant(`${date} 16:00`, 'America/New_York')).toBe(nyCloseUtc(date));
    }
  });

  it('refuses a zoned instant', () => {
    expect(() => naiveToUtcInstant('2026-02-05T16:00:00Z', 'UTC')).toThrow(/without a zone/);
  });

  it('knows IANA zones and refuses others', () => {
    expect(isTimeZone('America/New_York')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(isTimeZone('')).toBe(false);
    expect(isTimeZone("UTC'; DROP TABLE bars")).toBe(false);
  });
});
