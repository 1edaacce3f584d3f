import { describe, expect, it } from 'vitest';
import { bsGreeks } from './blackScholes.js';
import { deltaDollars, dollarCharm1day, dollarGamma1pct, dollarVanna1volPt } from './exposures.js';

describe('exposure helpers', () => {
  it('hand-computed values', () => {
    expect(dollarGamma1pct(0.02, 100)).toBeCloseTo(2, 15);
    expect(dollarVanna1volPt(-0.5, 100)).toBeCloseTo(-0.5, 15);
    expect(dollarCharm1day(0.365, 100)).toBeCloseTo(0.1, 15);
    expect(deltaDollars(0.5, 70000)).toBe(35000);
  });
  it('dollar gamma per 1% approximates the change in delta dollars over a 1% move', () => {
    const p = {
      type: 'call' as const,
      spot: 70000,
      strike: 70000,
      tau: 0.1,
      rate: 0.04,
      divYield: 0,
      vol: 0.5,
    };
    const g = bsGreeks(p);
    const up = bsGreeks({ ...p, spot: p.spot * 1.005 }).delta;
    const dn = bsGreeks({ ...p, spot: p.spot * 0.995 }).delta;
    // central change of delta across a 1% window, in USD of underlying at spot
    const dg = dollarGamma1pct(g.gamma, p.spot);
    expect(Math.abs((up - dn) * p.spot - dg) / dg).toBeLessThan(1e-3);
    const vUp = bsGreeks({ ...p, vol: p.vol + 0.005 }).delta;
    const vDn = bsGreeks({ ...p, vol: p.vol - 0.005 }).delta;
    const dv = dollarVanna1volPt(g.vanna, p.spot);
    expect(Math.abs((vUp - vDn) * p.spot - dv) / Math.abs(dv)).toBeLessThan(1e-3);
  });
});
