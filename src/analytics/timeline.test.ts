import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  dayFall,
  type HourBar,
  hoursBetween,
  largestMove,
  nyDayMs,
  usHoursShareOfFall,
  usSessionMs,
} from './timeline.js';

const H = 3_600_000;
const bar = (
  ts: string,
  open: number,
  close: number,
  high = Math.max(open, close),
  low = Math.min(open, close),
): HourBar => ({
  ts,
  open,
  high,
  low,
  close,
});
const at = (ms: number): string => new Date(ms).toISOString().replace('.000', '');

describe('dayFall', () => {
  // Hand-made: previous close 100; bars of the day: 100->110 (high 112), 110->90 (low 80), 90->95.
  const t0 = Date.parse('2026-02-05T00:00:00Z');
  const bars = [
    bar(at(t0 - H), 99, 100),
    bar(at(t0), 100, 110, 112, 100),
    bar(at(t0 + H), 110, 90, 110, 80),
    bar(at(t0 + 2 * H), 90, 95),
  ];

  it('close to close from the bar ending at the start; peak to trough from the highest high before the low', () => {
    const f = dayFall(bars, t0, t0 + 3 * H)!;
    expect(f.startPrice).toBe(100);
    expect(f.endPrice).toBe(95);
    expect(f.closeToClose).toBeCloseTo(-0.05, 12);
    expect([f.peak, f.peakTs, f.trough, f.troughTs]).toEqual([112, at(t0), 80, at(t0 + H)]);
    expect(f.peakToTrough).toBeCloseTo(80 / 112 - 1, 12);
    expect(f.bars).toBe(3);
  });

  it('a high after the low is not the peak of the fall', () => {
    const later = [...bars, bar(at(t0 + 3 * H), 95, 130, 130, 95)];
    expect(dayFall(later, t0, t0 + 4 * H)!.peak).toBe(112);
  });

  it('null without a bar ending at the start or without bars inside', () => {
    expect(dayFall(bars.slice(1), t0, t0 + 3 * H)).toBeNull();
    expect(dayFall(bars, t0 + 10 * H, t0 + 12 * H)).toBeNull();
  });

  it('peak to trough is never above zero, and never above close to close (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -0.05, max: 0.05, noNaN: true }), { minLength: 2, maxLength: 48 }),
        (rets) => {
          const bs: HourBar[] = [bar(at(t0 - H), 100, 100)];
          let p = 100;
          rets.forEach((r, i) => {
            const q = p * Math.exp(r);
            bs.push(bar(at(t0 + i * H), p, q));
            p = q;
          });
          const f = dayFall(bs, t0, t0 + rets.length * H)!;
          return f.peakToTrough <= 1e-12 && f.peakToTrough <= f.closeToClose + 1e-12;
        },
      ),
    );
  });
});

describe('sessions', () => {
  it('US cash hours are 14:30-21:00 UTC in winter and 13:30-20:00 UTC in summer', () => {
    expect(usSessionMs('2026-02-05').map(at)).toEqual(['2026-02-05T14:30:00Z', '2026-02-05T21:00:00Z']);
    expect(usSessionMs('2025-07-15').map(at)).toEqual(['2025-07-15T13:30:00Z', '2025-07-15T20:00:00Z']);
    expect(nyDayMs('2026-02-05').map(at)).toEqual(['2026-02-05T05:00:00Z', '2026-02-06T05:00:00Z']);
  });

  it('share of the fall in US hours: hand-computed', () => {
    // NY day 2026-02-05 = 05:00Z..05:00Z+1. Falls: 06:00Z -ln(100/90) (outside), 15:00Z and 20:00Z
    // (inside, midpoints 15:30Z and 20:30Z), 22:00Z (outside). Rises are ignored.
    const bs = [
      bar('2026-02-05T06:00:00Z', 100, 90),
      bar('2026-02-05T10:00:00Z', 90, 100),
      bar('2026-02-05T15:00:00Z', 100, 80),
      bar('2026-02-05T20:00:00Z', 80, 72),
      bar('2026-02-05T22:00:00Z', 72, 70),
    ];
    const l = (a: number, b: number): number => Math.log(b / a);
    const us = l(100, 80) + l(80, 72);
    const all = us + l(100, 90) + l(72, 70);
    expect(usHoursShareOfFall(bs, '2026-02-05')).toBeCloseTo(us / all, 12);
    expect(usHoursShareOfFall([bar('2026-02-05T15:00:00Z', 1, 2)], '2026-02-05')).toBeNull();
  });
});

describe('largestMove and hoursBetween', () => {
  it('finds the largest hourly rise and fall between consecutive hours only', () => {
    const s = [
      { ts: '2026-02-05T14:00:00Z', close: 56 },
      { ts: '2026-02-05T15:00:00Z', close: 68 },
      { ts: '2026-02-05T16:00:00Z', close: 66 },
      { ts: '2026-02-05T18:00:00Z', close: 90 },
    ];
    const from = Date.parse('2026-02-05T00:00:00Z');
    const to = from + 24 * H;
    expect(largestMove(s, from, to, 1)).toEqual({ ts: '2026-02-05T15:00:00Z', change: 12 });
    expect(largestMove(s, from, to, -1)).toEqual({ ts: '2026-02-05T16:00:00Z', change: -2 });
    expect(hoursBetween('2026-02-05T15:00:00Z', '2026-02-05T20:00:00Z')).toBe(5);
  });
});
