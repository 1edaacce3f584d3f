import { describe, expect, it } from 'vitest';
import { bsGreeks } from '../../src/pricing/blackScholes.js';
import { readPackCsv } from './readPack.js';

/*
 * Relations the committed pack must satisfy across files: the constraints the generator was asked to
 * honour (records, rankings, sign patterns) and the identities between tables (NAV, AUM, flows, bar
 * aggregation, open interest). Each check recomputes from the CSV text, not from generator code.
 */

const num = (s: string): number => Number(s);
const byKey = <T>(rows: T[], key: (r: T) => string): Map<string, T[]> => {
  const m = new Map<string, T[]>();
  for (const r of rows) m.set(key(r), [...(m.get(key(r)) ?? []), r]);
  return m;
};

const refClose = new Map(
  readPackCsv('bars.csv')
    .filter((r) => r.venue === 'reference')
    .map((r) => [r.ts.slice(0, 10), num(r.close)]),
);

describe('etf_daily', () => {
  const rows = readPackCsv('etf_daily.csv');
  const tickers = byKey(rows, (r) => r.ticker);

  it('covers IBIT and at least four peers on every NYSE day from 2024-01-11 to 2026-02-13', () => {
    expect([...tickers.keys()].sort()).toEqual(['ARKB', 'BITB', 'FBTC', 'GBTC', 'IBIT']);
    for (const [t, rs] of tickers) {
      expect(rs[0].date, t).toBe('2024-01-11');
      expect(rs.at(-1)!.date, t).toBe('2026-02-13');
      expect(rs.length, t).toBe(refClose.size);
    }
  });

  it('NAV = BTC per share x the 16:00 ET reference; AUM = shares x NAV; BTC per share never rises', () => {
    for (const [t, rs] of tickers) {
      rs.forEach((r, i) => {
        const nav = num(r.btc_per_share) * refClose.get(r.date)!;
        expect(Math.abs(num(r.nav) - nav), `${t} ${r.date}`).toBeLessThan(0.00006);
        const aum = num(r.shares_outstanding) * num(r.nav);
        const tol = r.quality === 'published' && t === 'IBIT' && r.date === '2026-02-04' ? 1e-4 : 1e-9;
        expect(Math.abs(num(r.aum_usd) / aum - 1), `${t} ${r.date}`).toBeLessThan(tol + 1e-9);
        if (i > 0)
          expect(num(r.btc_per_share), `${t} ${r.date}`).toBeLessThanOrEqual(num(rs[i - 1].btc_per_share));
      });
    }
  });

  it('IBIT: 02-05 is the volume record, 2025-11-21 (169.21M, ~$8B) the one before', () => {
    const ibit = tickers.get('IBIT')!;
    const sorted = [...ibit].sort((a, b) => num(b.volume_shares) - num(a.volume_shares));
    expect(sorted.slice(0, 2).map((r) => r.date)).toEqual(['2026-02-05', '2025-11-21']);
    const before = ibit.filter((r) => r.date < '2026-02-05');
    const maxUsd = before.reduce((a, r) => Math.max(a, num(r.volume_usd)), 0);
    const nov = ibit.find((r) => r.date === '2025-11-21')!;
    expect(num(nov.volume_usd)).toBe(maxUsd);
    expect(maxUsd).toBeGreaterThan(7.5e9);
    expect(maxUsd).toBeLessThan(8.5e9);
    expect(num(ibit.find((r) => r.date === '2026-02-05')!.volume_usd) / maxUsd).toBeGreaterThan(1.2);
  });

  it('IBIT: 02-05 is the second-worst close-to-close day since launch; 01-30 the largest outflow', () => {
    const ibit = tickers.get('IBIT')!;
    const rets = ibit.slice(1).map((r, i) => ({ date: r.date, ret: num(r.close) / num(ibit[i].close) - 1 }));
    rets.sort((a, b) => a.ret - b.ret);
    expect(rets[1].date).toBe('2026-02-05');
    const worstFlow = [...ibit].sort((a, b) => num(a.flow_usd) - num(b.flow_usd))[0];
    expect(worstFlow.date).toBe('2026-01-30');
  });
});

describe('etf_flows', () => {
  it('reconstructed flows are share changes x NAV (T and T+1 conventions)', () => {
    const daily = byKey(readPackCsv('etf_daily.csv'), (r) => r.ticker);
    const flows = readPackCsv('etf_flows.csv');
    const get = (t: string, d: string, src: string): number =>
      num(flows.find((f) => f.ticker === t && f.date === d && f.flow_source === src)!.flow_usd);
    for (const [t, rs] of daily) {
      for (let i = 1; i + 1 < rs.length; i += 37) {
        const nav = num(rs[i].nav);
        expect(get(t, rs[i].date, 'reconstructed_shares_t')).toBe(
          Math.round((num(rs[i].shares_outstanding) - num(rs[i - 1].shares_outstanding)) * nav),
        );
        expect(get(t, rs[i].date, 'reconstructed_shares_t1')).toBe(
          Math.round((num(rs[i + 1].shares_outstanding) - num(rs[i].shares_outstanding)) * nav),
        );
      }
    }
  });

  it('IBIT net creations on 02-05 from share counts while a tracker reports outflows; peers create > $300M', () => {
    const flows = readPackCsv('etf_flows.csv').filter((f) => f.date === '2026-02-05');
    const recon = flows.filter((f) => f.flow_source === 'reconstructed_shares_t');
    expect(num(recon.find((f) => f.ticker === 'IBIT')!.flow_usd)).toBeGreaterThan(0);
    const peers = recon.filter((f) => f.ticker !== 'IBIT').reduce((a, f) => a + num(f.flow_usd), 0);
    expect(peers).toBeGreaterThan(300e6);
  });
});

describe('bars', () => {
  const daily = readPackCsv('bars.csv').filter((r) => r.venue === 'composite' && r.symbol === 'BTC-USD');
  const dailyByDate = new Map(daily.map((r) => [r.ts.slice(0, 10), r]));

  it('every bar is well formed: low <= open, close <= high', () => {
    for (const f of ['bars.csv', 'bars.1h.csv', 'bars.1m.csv']) {
      for (const r of readPackCsv(f)) {
        const [o, h, l, c] = [num(r.open), num(r.high), num(r.low), num(r.close)];
        expect(l <= Math.min(o, c) && h >= Math.max(o, c), `${f} ${JSON.stringify(r)}`).toBe(true);
      }
    }
  });

  it('1-minute bars: 4 x 1440 consecutive minutes that aggregate to the daily bars', () => {
    const m = readPackCsv('bars.1m.csv');
    expect(m).toHaveLength(5760);
    for (let i = 1; i < m.length; i++) expect(Date.parse(m[i].ts) - Date.parse(m[i - 1].ts)).toBe(60_000);
    for (const [d, rs] of byKey(m, (r) => r.ts.slice(0, 10))) {
      const day = dailyByDate.get(d)!;
      expect([num(rs[0].open), num(rs.at(-1)!.close)], d).toEqual([num(day.open), num(day.close)]);
      expect(Math.max(...rs.map((r) => num(r.high))), d).toBe(num(day.high));
      expect(Math.min(...rs.map((r) => num(r.low))), d).toBe(num(day.low));
    }
  });

  it('hourly bars aggregate to the daily bars, and the 16:00 ET reference is the path at 16:00 ET', () => {
    const h = readPackCsv('bars.1h.csv');
    for (const [d, rs] of byKey(h, (r) => r.ts.slice(0, 10))) {
      const day = dailyByDate.get(d)!;
      expect(rs, d).toHaveLength(24);
      expect(Math.max(...rs.map((r) => num(r.high))), d).toBe(num(day.high));
      expect(Math.min(...rs.map((r) => num(r.low))), d).toBe(num(day.low));
      const at21 = rs.find((r) => r.ts === `${d}T20:00:00Z`)!;
      if (refClose.has(d)) expect(num(at21.close), d).toBe(refClose.get(d));
    }
  });

  it('the event: open ~73.2k, US-hours low 62,000, later low ~60k on 02-06, close-to-close about -14%', () => {
    const d5 = dailyByDate.get('2026-02-05')!;
    expect(num(d5.open)).toBeGreaterThan(73_000);
    expect(num(d5.open)).toBeLessThan(73_200);
    expect(num(d5.close) / num(dailyByDate.get('2026-02-04')!.close) - 1).toBeCloseTo(-0.141, 3);
    expect(num(dailyByDate.get('2026-02-06')!.low)).toBeLessThan(60_100);
    // BTC's records: about 73.75k (2024-03), then 126,080 on 2025-10-06 as the all-time high.
    const maxHigh = Math.max(...daily.map((r) => num(r.high)));
    expect(maxHigh).toBe(126_080);
    expect(daily.find((r) => num(r.high) === maxHigh)!.ts).toBe('2025-10-06T00:00:00Z');
  });

  it('IBIT co-moves with software (IGV) much more in January 2026 than in 2024', () => {
    const series = (sym: string): Map<string, number> =>
      new Map(
        readPackCsv('bars.csv')
          .filter((r) => r.symbol === sym)
          .map((r) => [r.ts.slice(0, 10), num(r.close)]),
      );
    const [ibit, igv] = [series('IBIT'), series('IGV')];
    const days = [...ibit.keys()];
    const corr = (from: string, to: string): number => {
      const ds = days.filter((d, i) => i > 0 && d >= from && d <= to);
      const ret = (s: Map<string, number>, d: string): number =>
        Math.log(s.get(d)! / s.get(days[days.indexOf(d) - 1])!);
      const x = ds.map((d) => ret(ibit, d));
      const y = ds.map((d) => ret(igv, d));
      const mx = x.reduce((a, b) => a + b, 0) / x.length;
      const my = y.reduce((a, b) => a + b, 0) / y.length;
      let sxy = 0;
      let sxx = 0;
      let syy = 0;
      x.forEach((xi, i) => {
        sxy += (xi - mx) * (y[i] - my);
        sxx += (xi - mx) ** 2;
        syy += (y[i] - my) ** 2;
      });
      return sxy / Math.sqrt(sxx * syy);
    };
    expect(corr('2024-02-01', '2024-12-31')).toBeLessThan(0.4);
    expect(corr('2026-01-02', '2026-02-13')).toBeGreaterThan(0.6);
  });
});

describe('futures_settlements and open_interest', () => {
  const fut = readPackCsv('futures_settlements.csv');
  const byDate = byKey(fut, (r) => r.date);

  it('lists at least four expiries a day, each a Friday or the business day before a holiday Friday', () => {
    for (const [d, rs] of byDate) {
      expect(rs.length, d).toBeGreaterThanOrEqual(4);
      for (const r of rs) {
        const dow = new Date(`${r.expiry}T00:00:00Z`).getUTCDay();
        expect(
          dow === 5 || ['2024-03-28', '2025-12-24'].includes(r.expiry),
          `${d} ${r.contract} ${r.expiry}`,
        ).toBe(true);
        expect(r.multiplier).toBe('5');
      }
    }
  });

  it('front basis: richer in 2024 than 2025, and 02-06 the largest one-day rise since launch', () => {
    const front = [...byDate.entries()].map(([d, rs]) => {
      const r = rs.filter((x) => x.expiry > d).sort((a, b) => (a.expiry < b.expiry ? -1 : 1))[0];
      const days = (Date.parse(r.expiry) - Date.parse(d)) / 86_400_000;
      return { d, days, basis: ((num(r.settle) / refClose.get(d)! - 1) * 365) / days };
    });
    const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const m24 = median(front.filter((f) => f.d < '2025' && f.days >= 7).map((f) => f.basis));
    const m25 = median(front.filter((f) => f.d >= '2025' && f.d < '2026' && f.days >= 7).map((f) => f.basis));
    expect(m24).toBeGreaterThan(0.05);
    expect(m24).toBeLessThan(0.15);
    expect(m25).toBeLessThan(m24);
    const rises = front.slice(1).map((f, i) => ({ d: f.d, rise: f.basis - front[i].basis, days: f.days }));
    const top = rises.filter((r) => r.days >= 7).sort((a, b) => b.rise - a.rise)[0];
    expect(top.d).toBe('2026-02-06');
  });

  it('CME open interest falls into 02-05 and rebuilds on 02-06; Binance open interest does not', () => {
    const total = (d: string): number => byDate.get(d)!.reduce((a, r) => a + num(r.open_interest), 0);
    expect(total('2026-02-05')).toBeLessThan(total('2026-02-04'));
    expect(total('2026-02-06')).toBeGreaterThan(total('2026-02-05'));
    const oi = readPackCsv('open_interest.csv');
    const at = (ts: string, venue: string): number =>
      num(oi.find((r) => r.ts === ts && r.venue === venue)!.oi_btc);
    expect(at('2026-02-06T21:00:00Z', 'binance') / at('2026-02-04T21:00:00Z', 'binance')).toBeLessThan(0.9);
    expect(at('2026-02-06T21:00:00Z', 'cme')).toBeGreaterThan(at('2026-02-05T21:00:00Z', 'cme'));
    // Hourly CME open interest equals the day's settlement total at 16:00 ET.
    for (const d of ['2026-01-27', '2026-02-05', '2026-02-10'])
      expect(at(`${d}T21:00:00Z`, 'cme') / 5).toBe(total(d));
  });

  it('hourly series cover 2026-01-26..02-13; funding is negative on 02-05/06; liquidations peak in the crash', () => {
    const oi = readPackCsv('open_interest.csv');
    expect(oi[0].ts).toBe('2026-01-26T00:00:00Z');
    expect(oi.at(-1)!.ts).toBe('2026-02-13T23:00:00Z');
    const funding = readPackCsv('funding.csv').filter(
      (r) => r.ts >= '2026-02-05T16:00:00Z' && r.ts <= '2026-02-06T08:00:00Z',
    );
    expect(funding.every((r) => num(r.rate) < 0)).toBe(true);
    const liq = byKey(readPackCsv('liquidations.csv'), (r) => r.ts.slice(0, 10));
    const longs = (d: string): number =>
      liq
        .get(d)!
        .filter((r) => r.side === 'long')
        .reduce((a, r) => a + num(r.notional_usd), 0);
    for (const d of ['2026-01-27', '2026-02-03', '2026-02-10'])
      expect(longs('2026-02-05'), d).toBeGreaterThan(2 * longs(d));
  });
});

describe('option_chain', () => {
  const chain = readPackCsv('option_chain.csv');
  const ibitBps = (d: string): number =>
    num(readPackCsv('etf_daily.csv').find((r) => r.date === d && r.ticker === 'IBIT')!.btc_per_share);

  /** Dealers' dollar gamma per 1% move (USD) when BTC is at `btc`, re-pricing every row at its IV. */
  const dealerGamma = (asOf: string, btc: number): number => {
    const t0 = Date.parse(asOf);
    const bps = ibitBps(asOf.slice(0, 10));
    let g = 0;
    for (const r of chain) {
      if (r.as_of !== asOf || num(r.dealer_position) === 0) continue;
      const tau = (Date.parse(r.expiry) - t0) / (365 * 86_400_000);
      const type = r.option_type as 'call' | 'put';
      if (r.venue === 'cboe') {
        const s = btc * bps;
        const gamma = bsGreeks({
          type,
          spot: s,
          strike: num(r.strike),
          tau,
          rate: 0.036,
          divYield: 0,
          vol: num(r.iv),
        }).gamma;
        g += num(r.dealer_position) * 100 * gamma * s * s * 0.01;
      } else {
        const spot = refClose.get(asOf.slice(0, 10))!;
        const f = (num(r.underlying_price) * btc) / spot;
        const gamma = bsGreeks({
          type,
          spot: f,
          strike: num(r.strike),
          tau,
          rate: 0,
          divYield: 0,
          vol: num(r.iv),
        }).gamma;
        g += num(r.dealer_position) * gamma * f * f * 0.01;
      }
    }
    return g;
  };

  it.each(['2026-02-04T21:00:00Z', '2026-02-05T21:00:00Z'])(
    '%s: dealers are short gamma between BTC 64k and 71k, long outside',
    (asOf) => {
      for (const btc of [65_000, 67_500, 70_000]) expect(dealerGamma(asOf, btc), `${btc}`).toBeLessThan(0);
      for (const btc of [58_000, 62_000, 73_000, 80_000])
        expect(dealerGamma(asOf, btc), `${btc}`).toBeGreaterThan(0);
    },
  );

  it('IBIT chain volumes and open interest add up to options_daily of the day', () => {
    for (const d of ['2026-02-04', '2026-02-05']) {
      const rs = chain.filter((r) => r.as_of === `${d}T21:00:00Z` && r.venue === 'cboe');
      const daily = readPackCsv('options_daily.csv').find((r) => r.date === d)!;
      const sum = (type: string, col: string): number =>
        rs.filter((r) => r.option_type === type).reduce((a, r) => a + num(r[col]), 0);
      expect(
        [
          sum('call', 'volume'),
          sum('put', 'volume'),
          sum('call', 'open_interest'),
          sum('put', 'open_interest'),
        ],
        d,
      ).toEqual([num(daily.call_volume), num(daily.put_volume), num(daily.call_oi), num(daily.put_oi)]);
    }
  });

  it('implied vol: ~50% before the crash, 30-day ATM near the 88.55 BVIV close after; put skew', () => {
    const atm = (asOf: string, expiry: string): number => {
      const rs = chain.filter(
        (r) => r.as_of === asOf && r.venue === 'deribit' && r.expiry === expiry && r.option_type === 'call',
      );
      const f = num(rs[0].underlying_price);
      return num(rs.sort((a, b) => Math.abs(num(a.strike) - f) - Math.abs(num(b.strike) - f))[0].iv);
    };
    expect(atm('2026-02-04T21:00:00Z', '2026-03-27T08:00:00Z')).toBeGreaterThan(0.45);
    expect(atm('2026-02-04T21:00:00Z', '2026-03-27T08:00:00Z')).toBeLessThan(0.6);
    const feb27 = atm('2026-02-05T21:00:00Z', '2026-02-27T08:00:00Z');
    const mar27 = atm('2026-02-05T21:00:00Z', '2026-03-27T08:00:00Z');
    expect(feb27).toBeGreaterThan(0.8855);
    expect(mar27).toBeLessThan(0.8855);
    const put = chain.find(
      (r) =>
        r.as_of === '2026-02-04T21:00:00Z' &&
        r.venue === 'deribit' &&
        r.expiry === '2026-03-27T08:00:00Z' &&
        r.strike === '60000' &&
        r.option_type === 'put',
    )!;
    const call = chain.find(
      (r) =>
        r.as_of === '2026-02-04T21:00:00Z' &&
        r.venue === 'deribit' &&
        r.expiry === '2026-03-27T08:00:00Z' &&
        r.strike === '90000' &&
        r.option_type === 'call',
    )!;
    expect(num(put.iv)).toBeGreaterThan(num(call.iv));
  });
});

describe('structured_notes, perp_cohorts, stress_series', () => {
  it('notes cluster near IBIT 43.6 (priced Nov 2025) and 38-39 (Dec 2025 - Jan 2026); barrier = initial x pct', () => {
    const notes = readPackCsv('structured_notes.csv');
    expect(notes.length).toBeGreaterThanOrEqual(40);
    expect(notes.length).toBeLessThanOrEqual(80);
    const nov = notes.filter(
      (n) => n.pricing_date.startsWith('2025-11') && Math.abs(num(n.barrier_level) - 43.6) <= 1,
    );
    const dec = notes.filter(
      (n) => n.pricing_date >= '2025-12-01' && num(n.barrier_level) >= 37.5 && num(n.barrier_level) <= 39.5,
    );
    expect(nov.length).toBeGreaterThanOrEqual(10);
    expect(dec.length).toBeGreaterThanOrEqual(10);
    for (const n of notes) {
      // Written to 4 decimals: within half a unit of the 4th decimal.
      expect(
        Math.abs(num(n.barrier_level) - num(n.initial_level) * num(n.barrier_pct)),
        n.note_id,
      ).toBeLessThanOrEqual(0.5e-4 + 1e-9);
      expect(n.maturity > '2026-02-05', n.note_id).toBe(true);
      if (n.quality === 'reconstructed') {
        expect(n.source_url, n.note_id).toBe('');
        expect(num(n.notional_usd), n.note_id).toBeGreaterThanOrEqual(1e6);
        expect(num(n.notional_usd), n.note_id).toBeLessThanOrEqual(20e6);
      }
    }
  });

  it('perp cohorts: each side sums to Binance open interest; none would already have been liquidated', () => {
    const rows = readPackCsv('perp_cohorts.csv');
    const oiUsd = num(
      readPackCsv('open_interest.csv').find((r) => r.ts === '2026-02-04T21:00:00Z' && r.venue === 'binance')!
        .oi_usd,
    );
    for (const side of ['long', 'short']) {
      expect(
        rows.filter((r) => r.side === side).reduce((a, r) => a + num(r.notional_usd), 0),
        side,
      ).toBe(oiUsd);
    }
    // Lowest and highest BTC between 2026-02-01 and the snapshot.
    const hours = readPackCsv('bars.1h.csv').filter(
      (r) => r.ts >= '2026-02-01' && r.ts < '2026-02-04T21:00:00Z',
    );
    const lo = Math.min(...hours.map((r) => num(r.low)));
    for (const r of rows.filter((x) => x.side === 'long' && num(x.entry_price) > 80_000)) {
      expect(num(r.entry_price) * (1 - 1 / num(r.leverage) + 0.004), JSON.stringify(r)).toBeLessThan(lo);
    }
    const high = rows.filter((r) => r.side === 'long' && num(r.leverage) >= 10 && num(r.leverage) <= 25);
    expect(high.reduce((a, r) => a + num(r.notional_usd), 0) / oiUsd).toBeGreaterThan(0.1);
  });

  it('stress: 3.5 on 02-04, exceeded only by the April 2025 tariff shock', () => {
    const s = readPackCsv('stress_series.csv').sort((a, b) => num(b.value) - num(a.value));
    expect(s.slice(0, 2).map((r) => [r.date, num(r.value)])).toEqual([
      ['2025-04-04', 3.8],
      ['2026-02-04', 3.5],
    ]);
  });
});
