import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dailyBarCloseMs, dailyBarKnownMs, dailyBarNyDate, restampDailyCell } from './dailyBars.js';
import { nyCloseUtc } from './time.js';

describe('dailyBarCloseMs', () => {
  it('a UTC-day bar stamped at 00:00Z closes 24 h later', () => {
    expect(dailyBarCloseMs('2026-02-05T00:00:00Z')).toBe(Date.parse('2026-02-06T00:00:00Z'));
  });

  it('a session bar stamped at 16:00 New York closes then, in winter and summer', () => {
    expect(dailyBarCloseMs('2026-02-05T21:00:00Z')).toBe(Date.parse('2026-02-05T21:00:00Z'));
    expect(dailyBarCloseMs('2026-07-01T20:00:00Z')).toBe(Date.parse('2026-07-01T20:00:00Z'));
    // Either side of the 2026-03-08 switch.
    expect(dailyBarCloseMs('2026-03-06T21:00:00Z')).toBe(Date.parse('2026-03-06T21:00:00Z'));
    expect(dailyBarCloseMs('2026-03-09T20:00:00Z')).toBe(Date.parse('2026-03-09T20:00:00Z'));
  });

  it('any other stamp follows neither convention', () => {
    expect(dailyBarCloseMs('2026-02-05T20:00:00Z')).toBeNull(); // 15:00 New York in winter
    expect(dailyBarCloseMs('2026-02-05T14:30:00Z')).toBeNull(); // Yahoo's 09:30 open
    expect(dailyBarCloseMs('not a time')).toBeNull();
  });
});

describe('restampDailyCell', () => {
  it('dates and midnight stamps go to 00:00Z or to the 16:00 New York close of the date', () => {
    for (const cell of [
      '2026-02-05',
      '2026-02-05 00:00',
      '2026-02-05T00:00:00',
      '2026-02-05T00:00:00Z',
      '2026-02-05 00:00:00+00',
    ]) {
      expect(restampDailyCell(cell, 'utc-open')).toBe('2026-02-05T00:00:00Z');
      expect(restampDailyCell(cell, 'session-close')).toBe('2026-02-05T21:00:00Z');
    }
    expect(restampDailyCell('2026-07-01', 'session-close')).toBe('2026-07-01T20:00:00Z');
  });

  it('leaves other cells alone', () => {
    expect(restampDailyCell('2026-02-05T21:00:00Z', 'utc-open')).toBeNull();
    expect(restampDailyCell('2026-02-05T00:00:00-05:00', 'utc-open')).toBeNull();
    expect(restampDailyCell('2026-02-30', 'utc-open')).toBeNull();
  });

  it('session-close equals nyCloseUtc on every day of 2026 (DST-correct)', () => {
    for (let d = Date.UTC(2026, 0, 1); d < Date.UTC(2027, 0, 1); d += 86_400_000) {
      const date = new Date(d).toISOString().slice(0, 10);
      expect(restampDailyCell(date, 'session-close')).toBe(nyCloseUtc(date));
    }
  });
});

describe('dailyBarKnownMs and dailyBarNyDate', () => {
  it('a UTC-day bar is known 24 h after its 00:00Z stamp and gives its own date; a session bar at its stamp', () => {
    expect(dailyBarKnownMs('2026-02-05T00:00:00Z')).toBe(Date.parse('2026-02-06T00:00:00Z'));
    expect(dailyBarNyDate('2026-02-05T00:00:00Z')).toBe('2026-02-05');
    expect(dailyBarKnownMs('2026-02-05T21:00:00Z')).toBe(Date.parse('2026-02-05T21:00:00Z'));
    expect(dailyBarNyDate('2026-02-05T21:00:00Z')).toBe('2026-02-05');
    // Summer time: 16:00 New York is 20:00Z; a UTC-day bar of a July day still gives that day.
    expect(dailyBarNyDate('2026-07-01T20:00:00Z')).toBe('2026-07-01');
    expect(dailyBarNyDate(new Date('2026-07-01T00:00:00Z'))).toBe('2026-07-01');
    // Neither convention: read as stamped at its close (the store's documented default).
    expect(dailyBarKnownMs('2026-02-05T18:30:00Z')).toBe(Date.parse('2026-02-05T18:30:00Z'));
  });

  it('the two conventions of one day give the same date, and neither is known before its close', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) }), (ms) => {
        const date = new Date(ms).toISOString().slice(0, 10);
        const utc = `${date}T00:00:00Z`;
        const session = nyCloseUtc(date);
        expect(dailyBarNyDate(utc)).toBe(date);
        expect(dailyBarNyDate(session)).toBe(date);
        expect(dailyBarKnownMs(utc)).toBe(Date.parse(utc) + 86_400_000);
        expect(dailyBarKnownMs(session)).toBe(Date.parse(session));
      }),
    );
  });
});
