import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sampleRows } from '../data/models/testkit/sampleRows.js';
import type { BarRow } from './snapshot.js';
import { estimateSpotVolBeta, pickHourlySeries } from './spotVolBeta.js';

const H = 3_600_000;
const AS_OF = Date.parse('2026-02-04T21:00:00Z');
const bar = (venue: string, symbol: string, t: number, close: number): BarRow => ({
  ...sampleRows.bars,
  ts: new Date(t).toISOString().replace('.000Z', 'Z'),
  venue,
  symbol,
  interval: '1h',
  open: close,
  high: close,
  low: close,
  close,
  volume: null,
  quote_volume: null,
  quality: 'observed',
  ingested_at: '2026-11-25T00:00:00Z',
});

/** Hourly BTC closes from percent log returns, and DVOL = 50 − β·(cumulative return %) + noise. */
function series(returnsPct: readonly number[], beta: number, noise: readonly number[] = []) {
  const n = returnsPct.length;
  const start = AS_OF - (n + 1) * H;
  const btc: BarRow[] = [bar('binance', 'BTC-USD', start, 70_000)];
  const dvol: BarRow[] = [bar('deribit', 'DVOL', start, 50)];
  let lnP = Math.log(70_000);
  let d = 50;
  for (let k = 0; k < n; k++) {
    lnP += returnsPct[k] / 100;
    d += -beta * returnsPct[k] + (noise[k] ?? 0);
    btc.push(bar('binance', 'BTC-USD', start + (k + 1) * H, Math.exp(lnP)));
    dvol.push(bar('deribit', 'DVOL', start + (k + 1) * H, d));
  }
  return { btc, dvol };
}

describe('estimateSpotVolBeta (OLS of hourly ΔDVOL on BTC % returns)', () => {
  it('recovers a known β exactly from a noiseless series (standard error 0)', () => {
    const r = Array.from({ length: 200 }, (_, k) => Math.sin(k * 0.7) * 1.3 + (k % 5) * 0.1);
    const { btc, dvol } = series(r, 0.45);
    const e = estimateSpotVolBeta(dvol, btc, AS_OF);
    if (!e.ok) throw new Error(e.reason);
    expect(e.beta).toBeCloseTo(0.45, 10);
    expect(e.se).toBeLessThan(1e-9);
    expect(e.n).toBe(200);
    expect(e.correlation).toBeCloseTo(-1, 10);
    expect(e.source).toMatch(/deribit:DVOL 1h .* vs binance:BTC-USD 1h/);
  });

  it('equals the hand-computed slope and standard error on five pairs', () => {
    // x (BTC %) = 1, −1, 2, −2, 0; ΔDVOL = −0.5, 0.7, −0.8, 1.2, 0.1.
    // x̄ = 0, ȳ = 0.14; Sxx = 10; Sxy = −0.5 − 0.7 − 1.6 − 2.4 + 0 = −5.2; b = −0.52, β = 0.52.
    // residuals e = y − ȳ − b·x: −0.12, 0.04, 0.10, 0.02, −0.04; Σe² = 0.0144 + 0.0016 + 0.01 + 0.0004 + 0.0016 = 0.028
    // se = √(0.028 / 3 / 10) = √0.000933… = 0.030550504633…
    const x = [1, -1, 2, -2, 0];
    const dy = [-0.5, 0.7, -0.8, 1.2, 0.1];
    const { btc, dvol } = series(
      x,
      0,
      dy.map((v) => v),
    );
    const e = estimateSpotVolBeta(dvol, btc, AS_OF, 30, 5);
    if (!e.ok) throw new Error(e.reason);
    expect(e.beta).toBeCloseTo(0.52, 10);
    expect(e.se).toBeCloseTo(Math.sqrt(0.028 / 30), 10);
    expect(e.n).toBe(5);
  });

  it('noisy series: β̂ within 4 standard errors of β, and the SE near σ/(sd(x)·√n)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1, max: 3, noNaN: true }),
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        (beta, seed) => {
          let s = seed;
          const u = () => {
            s = ((Math.imul(s, 48271) % 2147483647) + 2147483647) % 2147483647;
            return s / 2147483647;
          };
          const r = Array.from({ length: 700 }, () => (u() - 0.5) * 2);
          const noise = Array.from({ length: 700 }, () => (u() - 0.5) * 0.6);
          const { btc, dvol } = series(r, beta, noise);
          const e = estimateSpotVolBeta(dvol, btc, AS_OF);
          if (!e.ok) return false;
          const sdx = Math.sqrt(r.reduce((a, v) => a + v * v, 0) / r.length);
          const sdNoise = 0.6 / Math.sqrt(12);
          return (
            Math.abs(e.beta - beta) < 4 * e.se &&
            Math.abs(e.se / (sdNoise / (sdx * Math.sqrt(700))) - 1) < 0.2
          );
        },
      ),
      { numRuns: 30 },
    );
  });

  it('never looks ahead, reads only the window, and says why when it cannot estimate', () => {
    const r = Array.from({ length: 200 }, (_, k) => Math.cos(k) * 0.8);
    const { btc, dvol } = series(r, 0.3);
    // a wild pair after asOf changes nothing
    const later = [bar('deribit', 'DVOL', AS_OF, 500), bar('binance', 'BTC-USD', AS_OF, 1)];
    const a = estimateSpotVolBeta(dvol, btc, AS_OF);
    const b = estimateSpotVolBeta([...dvol, later[0]], [...btc, later[1]], AS_OF);
    expect(b).toEqual(a);
    // the bar opened at asOf − 1 h ended at asOf: used; an earlier asOf drops it
    const c = estimateSpotVolBeta(dvol, btc, AS_OF - 1);
    expect(c.ok && a.ok && c.n).toBe(a.ok ? a.n - 1 : -1);
    expect(estimateSpotVolBeta([], btc, AS_OF)).toEqual({
      ok: false,
      reason: 'no hourly DVOL in the 30 days before the instant',
    });
    expect(estimateSpotVolBeta(dvol.slice(0, 20), btc, AS_OF)).toMatchObject({ ok: false });
    expect(estimateSpotVolBeta(dvol, btc, AS_OF, 2)).toMatchObject({ ok: false, reason: /47 hourly/ });
  });

  it('picks the reference venue when it has hourly bars, else the venue with the most', () => {
    const rows = [
      bar('coinbase', 'BTC-USD', AS_OF - H, 1),
      bar('binance', 'BTC-USD', AS_OF - H, 1),
      bar('binance', 'BTC-USD', AS_OF - 2 * H, 1),
    ];
    expect(new Set(pickHourlySeries(rows, 'reference').map((b) => b.venue))).toEqual(new Set(['binance']));
    expect(new Set(pickHourlySeries(rows, 'coinbase').map((b) => b.venue))).toEqual(new Set(['coinbase']));
  });
});
