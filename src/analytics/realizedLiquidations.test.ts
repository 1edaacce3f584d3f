import { describe, expect, it } from 'vitest';
import { realizedLiquidations } from './realizedLiquidations.js';

// Four-hour buckets on 2026-02-05 (New York day = 05:00Z on the 5th to 05:00Z on the 6th in winter).
const rows = [
  { ts: '2026-02-05T08:00:00Z', venue: 'binance', side: 'long' as const, notional_usd: 10e6 },
  { ts: '2026-02-05T08:00:00Z', venue: 'bybit', side: 'short' as const, notional_usd: 2e6 },
  { ts: '2026-02-05T12:00:00Z', venue: 'binance', side: 'long' as const, notional_usd: 30e6 },
  { ts: '2026-02-05T16:00:00Z', venue: 'binance', side: 'long' as const, notional_usd: 60e6 },
  { ts: '2026-02-05T16:00:00Z', venue: 'binance', side: 'short' as const, notional_usd: 5e6 },
  // 04:00Z on the 5th is 23:00 on the 4th in New York: another day.
  { ts: '2026-02-05T04:00:00Z', venue: 'binance', side: 'long' as const, notional_usd: 999e6 },
];
// Hourly bars: up from 08:00 to 12:00, down from 12:00 to 20:00.
const bars = Array.from({ length: 12 }, (_, h) => {
  const t = 8 + h;
  const open = t < 12 ? 70_000 + (t - 8) * 100 : 70_400 - (t - 12) * 500;
  const close = t < 12 ? open + 100 : open - 500;
  return { ts: `2026-02-05T${String(t).padStart(2, '0')}:00:00Z`, open, close };
});

describe('realizedLiquidations', () => {
  it('sums the New York day by side, finds 4-hour buckets, the peak and the share in falling buckets', () => {
    const r = realizedLiquidations(rows, bars, '2026-02-05');
    expect(r.longUsd).toBe(100e6);
    expect(r.shortUsd).toBe(7e6);
    expect(r.venues).toEqual(['binance', 'bybit']);
    expect(r.bucketMinutes).toBe(240);
    expect(r.buckets.map((b) => b.ts)).toEqual([
      '2026-02-05T08:00:00Z',
      '2026-02-05T12:00:00Z',
      '2026-02-05T16:00:00Z',
    ]);
    expect(r.peak?.ts).toBe('2026-02-05T16:00:00Z');
    expect(r.peakLongShare).toBeCloseTo(0.6, 15);
    // 08:00 bucket rose (70,000 -> 70,400); 12:00 and 16:00 fell: (30 + 60) / 100.
    expect(r.buckets[0].btcReturn).toBeCloseTo(70_400 / 70_000 - 1, 15);
    expect(r.buckets[1].btcReturn).toBeLessThan(0);
    expect(r.longInFallingShare).toBeCloseTo(0.9, 15);
  });

  it('without bars the move is unknown (null), never zero', () => {
    const r = realizedLiquidations(rows, [], '2026-02-05');
    expect(r.longInFallingShare).toBeNull();
    expect(r.buckets.every((b) => b.btcReturn === null)).toBe(true);
  });

  it('an empty day gives zero sums and null shares', () => {
    const r = realizedLiquidations(rows, bars, '2026-02-07');
    expect([r.longUsd, r.shortUsd, r.peak, r.peakLongShare, r.bucketMinutes]).toEqual([
      0,
      0,
      null,
      null,
      null,
    ]);
  });

  it('a stated bucket length wins over the spacing', () => {
    expect(
      realizedLiquidations(rows, bars, '2026-02-05', { bucketMinutes: 60 }).buckets[0].btcReturn,
    ).toBeCloseTo(70_100 / 70_000 - 1, 15);
  });
});
