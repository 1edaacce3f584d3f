import { describe, expect, it } from 'vitest';
import { checkDayStamping, type DailyBar, type ReferenceSeries } from './dayStampCheck.js';
import { nyCloseUtc } from './time.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const START = Date.parse('2026-01-01T00:00:00Z');

/** A deterministic hourly path (±0.6% a step, a slow cycle): the close of the hour ending at each instant. */
function hourly(days: number): Map<number, number> {
  const out = new Map<number, number>();
  let p = 90_000;
  for (let h = 0; h <= days * 24; h++) {
    p *= Math.exp(0.006 * Math.sin(h * 1.7) + 0.004 * Math.cos(h * 0.37));
    out.set(START + h * HOUR, p);
  }
  return out;
}

const ref: ReferenceSeries = { name: 'binance:BTCUSDT 1h', closes: hourly(40) };
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

/** UTC-day bars (close = the hourly close at the next 00:00Z) stamped at `stamp(day start)`. */
function utcDays(stamp: (dayStart: number) => string, n = 30, scale = 1.0003): DailyBar[] {
  return Array.from({ length: n }, (_, i) => {
    const dayStart = START + i * DAY;
    return { ts: stamp(dayStart), close: ref.closes.get(dayStart + DAY)! * scale };
  });
}

describe('checkDayStamping', () => {
  it('UTC-day bars stamped at their 00:00Z open: no warning', () => {
    expect(checkDayStamping('yahoo:BTC-USD 1d', utcDays(iso), [ref])).toBeNull();
  });

  it('UTC-day bars stamped at the 16:00 New York close of their date: warned, with --day-stamp utc-open', () => {
    const bars = utcDays((d) => nyCloseUtc(iso(d).slice(0, 10)));
    const w = checkDayStamping('yahoo:BTC-USD 1d', bars, [ref])!;
    expect(w.candidate).toBe('next 00:00Z');
    expect(w.reference).toBe('binance:BTCUSDT 1h');
    expect(w.bestGap).toBeCloseTo(0.0003, 6);
    expect(w.message).toMatch(
      /^yahoo:BTC-USD 1d looks mis-stamped: its closes match binance:BTCUSDT 1h at 00:00Z of the next day \(median gap 0\.03% over 30 days\) better than at the close its stamp implies \(\d+\.\d\d%\): likely UTC-day bars stamped at the New York session close: .*--day-stamp utc-open/,
    );
  });

  it('a file shifted by one day either way is named as such', () => {
    // Stamped at the 00:00Z that ends the day: every close is one day older than its stamp says.
    expect(
      checkDayStamping(
        'x:BTC 1d',
        utcDays((d) => iso(d + DAY)),
        [ref],
      )!.candidate,
    ).toBe('a day earlier');
    // Stamped a day before the day it covers: every close existed a day after its stamp (look-ahead).
    expect(
      checkDayStamping(
        'x:BTC 1d',
        utcDays((d) => iso(d - DAY)),
        [ref],
      )!.candidate,
    ).toBe('a day later');
  });

  it('exchange-session closes stamped at midnight: --day-stamp session-close', () => {
    const bars = Array.from({ length: 20 }, (_, i) => {
      const date = iso(START + i * DAY).slice(0, 10);
      return { ts: `${date}T00:00:00Z`, close: ref.closes.get(Date.parse(nyCloseUtc(date)))! };
    });
    expect(checkDayStamping('x:BTC 1d', bars, [ref])!.candidate).toBe('session close');
  });

  it('says nothing about another asset, a short overlap or a series that cannot be told apart', () => {
    const bars = utcDays((d) => nyCloseUtc(iso(d).slice(0, 10)));
    expect(
      checkDayStamping(
        'x 1d',
        bars,
        [{ name: 'other', closes: hourly(40) }].map((r) => ({
          ...r,
          closes: new Map([...r.closes].map(([k, v]) => [k, v * 1.5])),
        })),
      ),
    ).toBeNull();
    expect(checkDayStamping('x 1d', bars.slice(0, 4), [ref])).toBeNull();
    const flat: ReferenceSeries = {
      name: 'flat',
      closes: new Map([...ref.closes.keys()].map((k) => [k, 100])),
    };
    expect(
      checkDayStamping(
        'x 1d',
        bars.map((b) => ({ ...b, close: 100 })),
        [flat],
      ),
    ).toBeNull();
  });
});
