import { describe, expect, it } from 'vitest';
import { type IntradayBar, nyCloseBars } from './nyCloseBars.js';

const bar = (ts: string, close: number, interval = '1h', quality = 'observed'): IntradayBar => ({
  ts,
  venue: 'coinbase',
  symbol: 'BTC-USD',
  interval,
  open: close - 1,
  high: close + 5,
  low: close - 5,
  close,
  volume: 1,
  source: 'coinbase',
  quality,
});

describe('nyCloseBars', () => {
  it('winter: the close is the 20:00 UTC hourly bar (it ends at 21:00 = 16:00 EST), not the 21:00 one', () => {
    const bars = [
      bar('2026-02-05T19:00:00Z', 100),
      bar('2026-02-05T20:00:00Z', 101),
      bar('2026-02-05T21:00:00Z', 999),
    ];
    const [d] = nyCloseBars(bars);
    expect(d.ts).toBe('2026-02-05T21:00:00Z');
    expect(d.close).toBe(101);
    expect(d.interval).toBe('1d');
    expect(d.high).toBe(106);
    expect(d.low).toBe(95);
    expect(d.volume).toBe(2);
  });
  it('summer (EDT): the close instant is 20:00 UTC, so the 19:00 UTC bar closes the day', () => {
    const bars = [
      bar('2026-03-09T18:00:00Z', 200),
      bar('2026-03-09T19:00:00Z', 201),
      bar('2026-03-09T20:00:00Z', 999),
    ];
    const out = nyCloseBars(bars);
    expect(out.find((b) => b.ts === '2026-03-09T20:00:00Z')?.close).toBe(201);
  });
  it('a day whose last bar ends more than the staleness limit before 16:00 is left out; quality is the worst', () => {
    const bars = [bar('2026-02-05T10:00:00Z', 100), bar('2026-02-06T20:00:00Z', 50, '1h', 'reconstructed')];
    const out = nyCloseBars(bars);
    expect(out.map((b) => b.ts)).toEqual(['2026-02-06T21:00:00Z']);
    expect(out[0].quality).toBe('reconstructed');
    expect(out[0].open).toBe(49);
  });
  it('minute bars: the bar opening 20:59 UTC ends exactly at the close and counts', () => {
    const out = nyCloseBars([
      bar('2026-02-05T20:58:00Z', 1, '1m'),
      bar('2026-02-05T20:59:00Z', 2, '1m'),
      bar('2026-02-05T21:00:00Z', 3, '1m'),
    ]);
    expect(out[0].close).toBe(2);
  });
});
