import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { black76Greeks, black76Price } from './blackScholes.js';
import { inverseOption, inversePremiumToUsd } from './inverse.js';
import { normCdf } from './normal.js';

describe('inverseOption (Deribit coin-settled)', () => {
  it('hand-computed ATM call: F = K = 70000, tau 0.25, vol 0.5, r 0', () => {
    // d1 = 0.5·0.5·√0.25 = 0.125, d2 = −0.125: price/F = N(0.125) − N(−0.125) = 2N(0.125) − 1.
    const v = inverseOption({ type: 'call', forward: 70000, strike: 70000, tau: 0.25, vol: 0.5 });
    const expectedBtc = 2 * normCdf(0.125) - 1;
    expect(v.priceBtc).toBeCloseTo(expectedBtc, 14);
    expect(v.priceBtc).toBeCloseTo(0.0994764, 6);
    expect(v.priceUsd).toBeCloseTo(70000 * expectedBtc, 9);
    expect(v.delta).toBeCloseTo(normCdf(0.125), 14);
    // premium-adjusted delta of a call = K·N(d2)/F when r = 0
    expect(v.deltaPremiumAdjusted).toBeCloseTo(normCdf(-0.125), 14);
    expect(inversePremiumToUsd(v.priceBtc, 70000)).toBeCloseTo(v.priceUsd, 9);
  });

  it('equals Black-76 in USD and satisfies BTC put–call parity C − P = (F − K)/F', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e4, max: 2e5, noNaN: true }),
        fc.double({ min: -1, max: 1, noNaN: true }),
        fc.double({ min: 1e-4, max: 2, noNaN: true }),
        fc.double({ min: 0.05, max: 3, noNaN: true }),
        (F, m, tau, vol) => {
          const K = F * Math.exp(m);
          const c = inverseOption({ type: 'call', forward: F, strike: K, tau, vol });
          const p = inverseOption({ type: 'put', forward: F, strike: K, tau, vol });
          const usd = black76Price({ type: 'call', forward: F, strike: K, tau, rate: 0, vol });
          const g = black76Greeks({ type: 'put', forward: F, strike: K, tau, rate: 0, vol });
          return (
            Math.abs(c.priceUsd - usd) <= 1e-12 * F &&
            Math.abs(c.priceBtc - p.priceBtc - (F - K) / F) <= 1e-12 * (1 + K / F) &&
            Math.abs(p.delta - g.delta) === 0 &&
            Math.abs(p.deltaPremiumAdjusted - (g.delta - p.priceBtc)) === 0
          );
        },
      ),
    );
  });

  it('premium-adjusted delta = F · d(priceBtc)/dF (finite-difference identity)', () => {
    // d(priceBtc)/dF = (delta − priceBtc)/F = deltaPremiumAdjusted / F
    const base = { type: 'put' as const, strike: 60000, tau: 30 / 365, vol: 0.8 };
    const F = 65000;
    const h = 1;
    const up = inverseOption({ ...base, forward: F + h }).priceBtc;
    const dn = inverseOption({ ...base, forward: F - h }).priceBtc;
    const v = inverseOption({ ...base, forward: F });
    expect(((up - dn) / (2 * h)) * F).toBeCloseTo(v.deltaPremiumAdjusted, 8);
  });
});
