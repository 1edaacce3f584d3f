import { describe, expect, it } from 'vitest';
import { cmeBtcExpiry, contractCode, easterSunday } from './cmeBtcExpiry.js';

describe('easterSunday', () => {
  // Published Easter dates (e.g. the table in Meeus, Astronomical Algorithms, ch. 8, and any almanac).
  const table: [number, string][] = [
    [1818, '1818-03-22'],
    [1943, '1943-04-25'],
    [2000, '2000-04-23'],
    [2008, '2008-03-23'],
    [2011, '2011-04-24'],
    [2019, '2019-04-21'],
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2038, '2038-04-25'],
  ];
  for (const [year, date] of table) {
    it(`${year}: ${date}`, () => expect(easterSunday(year)).toBe(date));
  }
});

describe('cmeBtcExpiry: last Friday, back over Good Friday and Christmas/Boxing Day', () => {
  const table: [number, number, string, string][] = [
    [2026, 2, '2026-02-27', 'plain last Friday'],
    [2026, 3, '2026-03-27', 'Good Friday is 04-03, not in March'],
    [2026, 4, '2026-04-24', 'plain'],
    [2024, 1, '2024-01-26', 'event pack: BTCF4'],
    [2024, 3, '2024-03-28', 'Good Friday 2024-03-29 (event pack: BTCH4)'],
    [2025, 12, '2025-12-24', 'Boxing Day Friday 26th, Christmas 25th (event pack: BTCZ5)'],
    [2026, 12, '2026-12-24', 'Christmas on the last Friday'],
    [2027, 3, '2027-03-25', 'Good Friday 2027-03-26'],
    [2027, 12, '2027-12-31', 'Friday 31 December is a business day'],
    [2020, 12, '2020-12-24', 'Christmas 2020 was a Friday'],
    [2026, 7, '2026-07-31', 'the 31st itself'],
  ];
  for (const [year, month, expected, why] of table) {
    it(`${year}-${month}: ${expected} (${why})`, () => expect(cmeBtcExpiry(year, month)).toBe(expected));
  }

  it('is always a Monday-to-Friday date in the last 10 days of its month', () => {
    for (let year = 2017; year <= 2040; year++) {
      for (let month = 1; month <= 12; month++) {
        const d = cmeBtcExpiry(year, month);
        const wd = new Date(`${d}T00:00:00Z`).getUTCDay();
        const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
        expect([year, month, d, wd >= 1 && wd <= 5]).toEqual([year, month, d, true]);
        expect(Number(d.slice(8)) > last - 10 && Number(d.slice(5, 7)) === month, d).toBe(true);
      }
    }
  });
});

describe('contractCode', () => {
  it('uses the CME month codes F G H J K M N Q U V X Z and the last digit of the year', () => {
    expect(Array.from({ length: 12 }, (_, i) => contractCode('BTC', 2026, i + 1)).join(' ')).toBe(
      'BTCF6 BTCG6 BTCH6 BTCJ6 BTCK6 BTCM6 BTCN6 BTCQ6 BTCU6 BTCV6 BTCX6 BTCZ6',
    );
    expect(contractCode('BTC', 2030, 12)).toBe('BTCZ0');
  });
});
