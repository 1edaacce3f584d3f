import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../testkit/captureIo.js';
import { parseAssumptions } from './simulate.js';

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
      '--out',
      out,
      '--json',
    ]);
    expect(r.stderr).toMatch(/reading the market snapshot/);
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
    ];
    for (const [argv, re] of cases) {
      const out = join(dir, `bad-${cases.findIndex((c) => c[0] === argv)}`);
      const r = await runCli([...argv, '--out', out, '--paths', argv.includes('--paths') ? 'many' : '2']);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n').at(-1), argv.join(' ')).toMatch(re);
      expect(() => readFileSync(join(out, 'simulation.json'))).toThrow();
    }
  });

  it('--assume parses channel.key=value into per-channel objects', () => {
    expect(
      parseAssumptions([
        'dealerOptions.hedgeIntervalMinutes=5',
        'dealerOptions.signModel=naive',
        'perpLiquidations.on=true',
      ]),
    ).toEqual({
      dealerOptions: { hedgeIntervalMinutes: 5, signModel: 'naive' },
      perpLiquidations: { on: true },
    });
    expect(() => parseAssumptions(['nonsense'])).toThrow(/channel>.<key>=<value>/);
  });
});
