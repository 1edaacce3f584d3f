import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../testkit/captureIo.js';

const dir = mkdtempSync(join(tmpdir(), 'crashscope-simulate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('crashscope simulate', () => {
  it('runs on the embedded pack and writes simulation.json and simulation.html', async () => {
    const out = join(dir, 'sim');
    const r = await runCli([
      'simulate',
      '--event',
      '2026-02-05',
      '--shock',
      'sell:1b:30',
      '--shock',
      'gap:-2%',
      '--paths',
      '40',
      '--attribution-paths',
      '10',
      '--horizon-hours',
      '2',
      '--step-minutes',
      '5',
      '--noise-vol',
      '0',
      '--depth-1pct-usd',
      '100000000',
      '--threads',
      '1',
      '--channels',
      'none',
      '--out',
      out,
      '--json',
    ]);
    expect(r.stderr).toMatch(/reading the market at 2026-02-04T21:00:00Z/);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.schema).toBe('crashscope.simulation/1');
    expect(doc.asOf).toBe('2026-02-04T21:00:00Z'); // 16:00 New York the day before
    expect(doc.minutes.at(-1)).toBe(120);
    // No noise, no channels: ln move = −1e9/(100·1e8) + ln(0.98) on every path.
    expect(doc.quantiles.p05.at(-1)).toBeCloseTo(doc.spot * 0.98 * Math.exp(-0.1), 6);
    expect(doc.quantiles.p95.at(-1)).toBeCloseTo(doc.quantiles.p05.at(-1), 9);
    expect(JSON.parse(readFileSync(join(out, 'simulation.json'), 'utf8'))).toEqual(doc);
    expect(readFileSync(join(out, 'simulation.html'), 'utf8')).toMatch(/<svg/);
  });

  it('runs every registered channel by default, attributes the fall to them and lists their inputs', async () => {
    const r = await runCli([
      'simulate',
      '--event',
      '2026-02-05',
      '--shock',
      'sell:2b:60',
      '--paths',
      '20',
      '--attribution-paths',
      '4',
      '--horizon-hours',
      '3',
      '--step-minutes',
      '5',
      '--threads',
      '1',
      '--no-report',
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.channels.map((c: { channel: string }) => c.channel)).toEqual([
      'dealerOptions',
      'structuredNotes',
      'perpLiquidations',
      'leveredEtf',
      'basisUnwind',
      'fundDegrossing',
    ]);
    expect(doc.attribution).toHaveLength(6);
    const sum = doc.attribution.reduce(
      (a: number, x: { shapleyDrawdown: number }) => a + x.shapleyDrawdown,
      0,
    );
    expect(sum).toBeCloseTo(doc.all.drawdown - doc.baseline.drawdown, 12);
  });

  it('--what-it-took: with no channel and no noise the sale is the observed log fall × 100 × depth (by hand)', async () => {
    const r = await runCli([
      'simulate',
      '--event',
      '2026-02-05',
      '--what-it-took',
      '--channels',
      'none',
      '--noise-vol',
      '0',
      '--depth-1pct-usd',
      '20000000',
      '--paths',
      '3',
      '--attribution-paths',
      '2',
      '--step-minutes',
      '30',
      '--threads',
      '1',
      '--no-report',
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const w = JSON.parse(r.stdout).whatItTook;
    expect(w.observed.fromAsOf).toBe('2026-02-04T21:00:00Z');
    expect(w.observed.toAsOf).toBe('2026-02-05T21:00:00Z');
    expect(w.observed.logReturn).toBeCloseTo(Math.log(w.observed.toUsd / w.observed.fromUsd), 12);
    expect(w.statusAll).toBe('ok');
    // bisection stops within 1e-5 of log return: 1e-5/0.13 ≈ 8e-5 relative in size
    expect(w.saleAllUsd / (-w.observed.logReturn * 100 * 20e6)).toBeCloseTo(1, 3);
    expect(w.saleNoneUsd).toBeCloseTo(w.saleAllUsd, 0);
    expect(w.tracking.points).toBe(24);
    expect(w.tracking.quality).toBe('observed'); // the pack's hourly bars are Binance's (observed)
  });

  it('bad input exits 2 with one line naming the problem, and stores nothing', async () => {
    const cases: [string[], RegExp][] = [
      [['simulate'], /either --event/],
      [['simulate', '--event', '2026-02-05', '--db', 'x.duckdb'], /either --event/],
      [['simulate', '--event', '2026-02-05', '--shock', 'sell:lots'], /sell:lots/],
      [['simulate', '--event', '2026-02-05', '--paths', 'many'], /--paths/],
      [['simulate', '--event', '2026-02-05', '--impact', 'cubic'], /impact/],
      [['simulate', '--event', '2026-02-05', '--channels', 'astrology'], /astrology/],
      [['simulate', '--event', '2026-02-05', '--as-of', 'yesterday'], /--as-of/],
      [['simulate', '--event', '1999-01-01'], /no embedded pack/],
      [['simulate', '--db', 'x.duckdb', '--what-it-took'], /--as-of/],
      [['simulate', '--event', '2026-02-05', '--what-it-took', '--as-of', 'soon'], /--as-of/],
      [
        ['simulate', '--event', '2026-02-05', '--what-it-took', '--as-of', '2026-02-06T00:00:00Z'],
        /not before the close/,
      ],
    ];
    for (const [argv, re] of cases) {
      const out = join(dir, `bad-${cases.findIndex((c) => c[0] === argv)}`);
      const r = await runCli([...argv, '--out', out, '--paths', argv.includes('--paths') ? 'many' : '2']);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n').at(-1), argv.join(' ')).toMatch(re);
      expect(() => readFileSync(join(out, 'simulation.json'))).toThrow();
    }
  });

  it('--what-it-took on a store with --db and --as-of: the window is --horizon-hours from --as-of (by hand)', async () => {
    // A small store: 48 hand-made hourly bars (reconstructed test rows) whose closes lie on one straight line in
    // log price, S(t) = 70,000·e^(−0.002 t), t in hours from 2026-03-01T00:00Z (a bar is stamped with its open).
    const csv = join(dir, 'hours.csv');
    const rows = Array.from({ length: 48 }, (_, h) => {
      const ts = new Date(Date.UTC(2026, 2, 1, h)).toISOString().replace('.000Z', 'Z');
      const o = 70_000 * Math.exp(-0.002 * h);
      const c = 70_000 * Math.exp(-0.002 * (h + 1));
      return `${ts},test,BTC-USD,1h,${o},${o},${c},${c},,hand-made,reconstructed`;
    });
    writeFileSync(
      csv,
      `ts,venue,symbol,interval,open,high,low,close,volume,source,quality\n${rows.join('\n')}\n`,
    );
    const db = join(dir, 'small.duckdb');
    const imp = await runCli(['import', csv, '--model', 'bars', '--db', db]);
    expect(imp.code, imp.stderr).toBe(0);
    const r = await runCli([
      'simulate',
      '--db',
      db,
      '--as-of',
      '2026-03-02T00:00:00Z',
      '--btc',
      'test:BTC-USD',
      '--what-it-took',
      '--horizon-hours',
      '12',
      '--step-minutes',
      '30',
      '--noise-vol',
      '0',
      '--depth-1pct-usd',
      '20000000',
      '--paths',
      '3',
      '--attribution-paths',
      '2',
      '--threads',
      '1',
      '--no-report',
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    const w = doc.whatItTook;
    expect(w.event).toBeNull();
    expect(w.observed.fromAsOf).toBe('2026-03-02T00:00:00Z');
    expect(w.observed.toAsOf).toBe('2026-03-02T12:00:00Z');
    expect(w.observed.logReturn).toBeCloseTo(-0.024, 12);
    expect(w.observed.quality).toBe('reconstructed');
    // The store has no channel data: every channel is a null player, so both answers are the linear one,
    // 0.024 × 100 × $20M = $48M (bisection to 1e-5 in log return).
    expect(w.statusAll).toBe('ok');
    expect(w.saleNoneUsd / 48e6).toBeCloseTo(1, 3);
    expect(w.saleAllUsd).toBeCloseTo(w.saleNoneUsd, 0);
    expect(doc.attribution.every((a: { shapleyDrawdown: number }) => a.shapleyDrawdown === 0)).toBe(true);
    // A sale spread evenly under linear impact falls on a straight line in log price: the observed one.
    expect(w.tracking.series).toBe('test:BTC-USD');
    expect(w.tracking.points).toBe(12);
    expect(w.tracking.maxAbsLog).toBeLessThan(2e-5);
  });

  it('takes the channel assumption flags of fragility (generated from the same schemas)', async () => {
    const r = await runCli(['simulate', '--event', '2026-02-05', '--dealer-options-spot-vol-beta', 'lots']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--dealer-options-spot-vol-beta/);
  });
});
