import { describe, expect, it } from 'vitest';
import { barrierGreeks } from '../../pricing/barrier.js';
import { bsGreeks } from '../../pricing/blackScholes.js';
import { runCli } from '../testkit/captureIo.js';

const market = [
  '--type',
  'put',
  '--spot',
  '100',
  '--strike',
  '95',
  '--tau',
  '0.5',
  '--rate',
  '0.1',
  '--div-yield',
  '0.05',
];

describe('crashscope price', () => {
  it('bs --json prints the same numbers as the library', async () => {
    const r = await runCli(['price', 'bs', ...market, '--vol', '0.2', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    const g = bsGreeks({ type: 'put', spot: 100, strike: 95, tau: 0.5, rate: 0.1, divYield: 0.05, vol: 0.2 });
    expect(out.greeks.price).toBe(g.price);
    expect(Math.abs(out.greeks.price - 2.4648)).toBeLessThan(1e-4);
    expect(out.greeks.dollarGamma1pct).toBeCloseTo(g.gamma * 100, 12);
  });

  it('iv inverts bs', async () => {
    const g = bsGreeks({
      type: 'put',
      spot: 100,
      strike: 95,
      tau: 0.5,
      rate: 0.1,
      divYield: 0.05,
      vol: 0.37,
    });
    const r = await runCli(['price', 'iv', ...market, '--price', String(g.price), '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).vol).toBeCloseTo(0.37, 13);
  });

  it('iv below intrinsic value is bad input with the reason', async () => {
    const r = await runCli([
      'price',
      'iv',
      '--type',
      'call',
      '--spot',
      '100',
      '--strike',
      '50',
      '--tau',
      '1',
      '--price',
      '1',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/price_below_intrinsic/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('barrier with daily monitoring matches the library', async () => {
    const args = ['--kind', 'down-in', '--barrier', '90', '--vol', '0.5', '--monitoring', 'daily', '--json'];
    const r = await runCli(['price', 'barrier', ...market, ...args]);
    expect(r.code).toBe(0);
    const g = barrierGreeks({
      type: 'put',
      kind: 'down-in',
      spot: 100,
      strike: 95,
      tau: 0.5,
      rate: 0.1,
      divYield: 0.05,
      vol: 0.5,
      barrier: 90,
      rebate: 0,
      monitoringInterval: 1 / 365,
    });
    expect(JSON.parse(r.stdout).greeks).toEqual(g);
  });

  it.each([
    [['price', 'bs', ...market, '--vol', '-0.2'], /--vol: -0.2 must be >= 0/],
    [
      ['price', 'bs', ...market.slice(0, 8), '--vol', '60'],
      /^crashscope: --vol: 60 looks like a percent; pass 0\.60 \(volatility is a decimal: 0\.60 = 60%\)\n$/,
    ],
    [
      ['price', 'barrier', ...market, '--vol', '90', '--kind', 'down-in', '--barrier', '90'],
      /--vol: 90 looks like a percent; pass 0\.90/,
    ],
    [
      [
        'price',
        'inverse',
        '--type',
        'put',
        '--forward',
        '70000',
        '--strike',
        '60000',
        '--tau',
        '0.1',
        '--vol',
        '55',
      ],
      /--vol: 55 looks like a percent; pass 0\.55/,
    ],
    [
      ['price', 'bs', ...market.slice(0, 6), '--tau', '1', '--rate', '4', '--vol', '0.5'],
      /--rate: 4 looks like a percent; pass 0\.04/,
    ],
    [
      ['price', 'iv', ...market.slice(0, 6), '--tau', '1', '--div-yield', '-2.5', '--price', '1'],
      /--div-yield: -2\.5 looks like a percent; pass -0\.025/,
    ],
    [['price', 'bs', ...market, '--vol', 'abc'], /--vol: 'abc' is not a finite number/],
    [
      ['price', 'bs', '--type', 'straddle', '--spot', '1', '--strike', '1', '--tau', '1', '--vol', '1'],
      /--type: 'straddle'/,
    ],
    [['price', 'bs', ...market.slice(0, 6), '--tau', '-1', '--vol', '0.2'], /--tau: -1 must be >= 0/],
    [
      ['price', 'barrier', ...market, '--vol', '0.2', '--kind', 'sideways-in', '--barrier', '90'],
      /--kind: 'sideways-in'/,
    ],
    [
      ['price', 'barrier', ...market, '--vol', '0.2', '--kind', 'down-in', '--barrier', '0'],
      /--barrier: 0 must be > 0/,
    ],
    [['price', 'bs', '--spot', '1'], /required option/],
    [
      ['price', 'barrier', ...market, '--vol', '0.2', '--kind', 'down-in', '--barrier', '120'],
      /--barrier 120 is at or above spot 100 for a down-in option: it is already touched/,
    ],
    [
      ['price', 'barrier', ...market, '--vol', '0.2', '--kind', 'up-out', '--barrier', '100'],
      /--barrier 100 is at or below spot 100 for a up-out option/,
    ],
    [['price', 'nonsense'], /unknown command|too many arguments/],
  ])('bad input %j exits 2 with one clear line', async (argv, message) => {
    const r = await runCli(argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('accepts a high but sane vol (10 = 1,000%) and negative rates', async () => {
    expect((await runCli(['price', 'bs', ...market, '--vol', '10'])).code).toBe(0);
    expect(
      (await runCli(['price', 'bs', ...market.slice(0, 8), '--rate', '-0.01', '--vol', '0.5'])).code,
    ).toBe(0);
  });

  it('names the unit of every Greek, and prints per-day and per-vol-point values on request', async () => {
    const r = await runCli(['price', 'bs', ...market, '--vol', '0.2']);
    const lines = r.stdout.trimEnd().split('\n');
    const unit = (k: string) => lines.find((l) => l.startsWith(`${k} `))!.replace(/^\S+\s+\S+\s+/, '');
    expect(unit('theta')).toBe('d(price)/dt: per year of calendar time');
    expect(unit('vega')).toBe('d(price)/d(vol): per 1.00 of vol (100 vol points)');
    expect(unit('rho')).toBe('d(price)/d(rate): per 1.00 of rate');
    for (const l of lines) expect(l.split(/\s{2,}/).length, l).toBe(3);

    const g = bsGreeks({ type: 'put', spot: 100, strike: 95, tau: 0.5, rate: 0.1, divYield: 0.05, vol: 0.2 });
    const j = await runCli([
      'price',
      'bs',
      ...market,
      '--vol',
      '0.2',
      '--per-day',
      '--per-vol-point',
      '--json',
    ]);
    const out = JSON.parse(j.stdout);
    expect(out.scaled.theta_per_day).toBeCloseTo(g.theta / 365, 15);
    expect(out.scaled.charm_per_day).toBeCloseTo(g.charm / 365, 15);
    expect(out.scaled.vega_per_vol_point).toBeCloseTo(g.vega / 100, 15);
    expect(out.scaled.volga_per_vol_point).toBeCloseTo(g.volga / 10_000, 15);
    expect(out.units.theta).toBe('d(price)/dt: per year of calendar time');
    expect(Object.keys(out.units).sort()).toEqual(
      [...Object.keys(out.greeks), ...Object.keys(out.scaled)].sort(),
    );
    expect(Object.values(out.units).every((u) => typeof u === 'string' && u !== '')).toBe(true);
    const t = await runCli(['price', 'bs', ...market, '--vol', '0.2', '--per-day']);
    expect(t.stdout).toMatch(/^theta_per_day +-?[\d.]+ +theta \/ 365: per calendar day$/m);

    const inv = await runCli([
      'price',
      'inverse',
      '--type',
      'put',
      '--forward',
      '70000',
      '--strike',
      '60000',
      '--tau',
      '0.1',
      '--vol',
      '0.55',
      '--per-day',
      '--json',
    ]);
    const iv = JSON.parse(inv.stdout);
    expect(iv.units.theta).toBe('USD per year of calendar time');
    expect(iv.scaled.theta_per_day).toBeCloseTo(iv.value.theta / 365, 12);
  });

  it('--touched prices a barrier already beyond spot as touched: a down-in is the vanilla', async () => {
    const r = await runCli([
      'price',
      'barrier',
      ...market,
      '--vol',
      '0.2',
      '--kind',
      'down-in',
      '--barrier',
      '120',
      '--touched',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const vanilla = bsGreeks({
      type: 'put',
      spot: 100,
      strike: 95,
      tau: 0.5,
      rate: 0.1,
      divYield: 0.05,
      vol: 0.2,
    });
    expect(JSON.parse(r.stdout).greeks.price).toBeCloseTo(vanilla.price, 12);
  });

  it('--debug prints the stack', async () => {
    const r = await runCli(['--debug', 'price', 'bs', ...market, '--vol', '-1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\n\s+at /);
  });

  it('demo shows a knock-in put delta beyond one and the lump sale', async () => {
    const r = await runCli(['price', 'demo']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/> 1: the hedge exceeds one share per put/);
    const j = await runCli(['price', 'demo', '--json']);
    const out = JSON.parse(j.stdout);
    expect(Math.abs(out.knockInPut.atSpot40.delta)).toBeGreaterThan(1);
    expect(out.impliedVolRoundTrip.vol).toBeCloseTo(0.55, 14);
  });

  it('--help works on every price subcommand', async () => {
    for (const sub of ['bs', 'iv', 'barrier', 'inverse', 'demo']) {
      const r = await runCli(['price', sub, '--help']);
      expect(r.code, sub).toBe(0);
      expect(r.stdout).toMatch(/Usage: crashscope price/);
    }
  });
});
