import { describe, expect, it } from 'vitest';
import { impliedBtcPerShare } from './impliedBtcPerShare.js';

const etf = (date: string, close: number) => ({
  ts: `${date}T21:00:00Z`,
  symbol: 'IBIT',
  interval: '1d',
  close,
  quality: 'observed' as const,
});
const btc = (date: string, close: number, quality: 'observed' | 'published' = 'observed') => ({
  ts: `${date}T21:00:00Z`,
  close,
  quality,
});

describe('impliedBtcPerShare', () => {
  it('divides the ETF close by the BTC close at the same 16:00 New York instant', () => {
    const r = impliedBtcPerShare(
      [etf('2026-02-03', 43), etf('2026-02-04', 41.75)],
      [btc('2026-02-03', 75_700), btc('2026-02-04', 73_500, 'published')],
      'IBIT',
      Number.POSITIVE_INFINITY,
    );
    expect(r).toEqual({ value: 41.75 / 73_500, date: '2026-02-04', quality: 'published' });
  });

  it('never looks past the limit and skips sessions without a BTC close', () => {
    const bars = [etf('2026-02-03', 43), etf('2026-02-04', 41.75), etf('2026-02-05', 35)];
    const closes = [btc('2026-02-03', 75_700), btc('2026-02-05', 63_000)];
    const limit = Date.parse('2026-02-05T20:59:59Z');
    expect(impliedBtcPerShare(bars, closes, 'IBIT', limit)?.date).toBe('2026-02-03');
    expect(impliedBtcPerShare(bars, closes, 'FBTC', limit)).toBeNull();
  });

  it('summer closes are at 20:00 UTC', () => {
    const r = impliedBtcPerShare(
      [{ ...etf('2026-07-01', 50), ts: '2026-07-01T20:00:00Z' }],
      [{ ts: '2026-07-01T20:00:00Z', close: 100_000, quality: 'observed' as const }],
      'IBIT',
      Number.POSITIVE_INFINITY,
    );
    expect(r?.value).toBe(0.0005);
  });
});

describe('BTC closes by their stamping convention', () => {
  it('a UTC-day BTC bar (close at 00:00Z) never stands in for the 16:00 New York close', () => {
    const utc = { ts: '2026-02-04T00:00:00Z', close: 73_500, quality: 'observed' as const };
    expect(
      impliedBtcPerShare([etf('2026-02-04', 41.75)], [utc], 'IBIT', Number.POSITIVE_INFINITY),
    ).toBeNull();
  });
});
