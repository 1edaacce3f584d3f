import { describe, expect, it } from 'vitest';
import { btcPerShare, btcPerShareExact } from './etfSpecs.js';

describe('BTC per share', () => {
  it('IBIT decays at 0.12%/yr for the first 12 months then 0.25%/yr (closed form, ACT/365 daily accrual)', () => {
    // 2024-01-11 -> 2025-01-10: 365 days at 0.12%; 2025-01-11 -> 2026-02-05: 391 days at 0.25%.
    const closed = 0.000568 * (1 - 0.0012 / 365) ** 365 * (1 - 0.0025 / 365) ** 391;
    expect(btcPerShareExact('IBIT', '2026-02-05') / closed - 1).toBeCloseTo(0, 12);
    expect(btcPerShare('IBIT', '2026-02-05')).toBe(0.0005658);
  });

  it('GBTC decays at 1.5%/yr', () => {
    const closed = 0.000896 * (1 - 0.015 / 365) ** 366;
    expect(btcPerShareExact('GBTC', '2025-01-11') / closed - 1).toBeCloseTo(0, 12);
  });

  it('is NaN before launch and for an unknown ticker', () => {
    expect(btcPerShareExact('IBIT', '2024-01-10')).toBeNaN();
    expect(btcPerShareExact('XXXX', '2025-01-10')).toBeNaN();
  });
});
