import { describe, expect, it } from 'vitest';
import { etfDailySeries, singleVenueDailyBars } from './etfDailySeries.js';

const bar = (date: string, venue: string, close: number, volume: number | null) => ({
  ts: `${date}T21:00:00Z`,
  venue,
  symbol: 'IBIT',
  interval: '1d',
  close,
  volume,
  quality: 'observed',
  source: `${venue}:chart`,
});

describe('etfDailySeries', () => {
  it('without etf_daily, dollar volume is shares × close from the bars, marked derived', () => {
    const s = etfDailySeries(
      [],
      [bar('2026-02-04', 'nasdaq', 40, 1e8), bar('2026-02-05', 'nasdaq', 35.5, 2.84e8)],
      'IBIT',
    );
    expect(s.map((d) => d.date)).toEqual(['2026-02-04', '2026-02-05']);
    expect(s[1].volumeUsd).toBe(35.5 * 2.84e8);
    expect(s[1].volumeShares).toBe(2.84e8);
    expect(s[1].volumeUsdDerived).toBe(true);
    expect(s[1].from).toBe('bars');
  });

  it('etf_daily wins where it has a value; bars fill only what it lacks', () => {
    const daily = [
      {
        date: '2026-02-05',
        ticker: 'IBIT',
        close: 35.4,
        volume_usd: 10.4e9,
        volume_shares: null,
        quality: 'published',
        source: 'p',
      },
    ];
    const s = etfDailySeries(daily, [bar('2026-02-05', 'nasdaq', 35.5, 2.84e8)], 'IBIT');
    expect(s).toHaveLength(1);
    expect(s[0].volumeUsd).toBe(10.4e9);
    expect(s[0].close).toBe(35.4);
    expect(s[0].volumeShares).toBe(2.84e8);
    expect(s[0].volumeUsdDerived).toBe(false);
    expect(s[0].from).toBe('both');
    expect(s[0].inputs.map((x) => x.quality)).toEqual(['published', 'observed']);
  });

  it('two vendors of the same day never count twice: the venue with most bars is used', () => {
    const bars = [
      bar('2026-02-03', 'yahoo', 41, 1),
      bar('2026-02-04', 'yahoo', 40, 1),
      bar('2026-02-04', 'tradingview', 40.1, 2),
    ];
    expect(singleVenueDailyBars(bars, 'IBIT').map((b) => b.venue)).toEqual(['yahoo', 'yahoo']);
    expect(etfDailySeries([], bars, 'IBIT')).toHaveLength(2);
  });

  it('other tickers and intraday bars are ignored', () => {
    const s = etfDailySeries(
      [],
      [
        { ...bar('2026-02-05', 'x', 1, 1), symbol: 'FBTC' },
        { ...bar('2026-02-05', 'x', 1, 1), interval: '1h' },
      ],
      'IBIT',
    );
    expect(s).toEqual([]);
  });
});
