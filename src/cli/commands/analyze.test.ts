/** CLI footguns of `analyze` (issue 8 section 6): bad input is exit 2 with one line naming what to do. */
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../testkit/captureIo.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'crashscope-analyze-cli-'));
});
afterAll(async () => {
  if (dir !== '') await rm(dir, { recursive: true, force: true });
});

describe('crashscope analyze: footguns', () => {
  it('--note-vol 90 is a percent: exit 2 with the decimal to pass', async () => {
    const r = await runCli(['analyze', '--event', '2026-02-05', '--note-vol', '90', '--no-report']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'crashscope: --note-vol: 90 looks like a percent; pass 0.90 (volatility is a decimal: 0.90 = 90%)\n',
    );
  });

  it('--db naming a store that does not exist is bad input: exit 2, nothing created', async () => {
    const db = join(dir, 'absent', 'store.duckdb');
    const r = await runCli(['analyze', '--date', '2026-02-05', '--db', db, '--no-report']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `crashscope: no store at ${db} (--db or CRASHSCOPE_DB): import data or load a pack into it first, or use --event <date>\n`,
    );
  });

  it('--cross-assets with a symbol the store lacks: exit 2 naming the symbols it has', async () => {
    const r = await runCli(['analyze', '--event', '2026-02-05', '--cross-assets', 'IGV,XYZ', '--no-report']);
    expect(r.code).toBe(2);
    const last = r.stderr.trim().split('\n').at(-1)!;
    expect(last).toMatch(
      /^crashscope: --cross-assets: XYZ has no daily bars in the store \(symbols with daily bars: .+\)$/,
    );
    const have = /daily bars: (.+)\)$/.exec(last)![1]!.split(', ');
    expect(have).toContain('IGV');
    expect(have).not.toContain('XYZ');
  });
});

describe('crashscope analyze --hypotheses FILE', () => {
  const good = {
    schema: 'crashscope.hypotheses/1',
    name: 'my two claims',
    hypotheses: [
      {
        id: 'big-volume',
        title: 'Record volume',
        claim: 'the ETF traded a record',
        channel: 'etfFlows',
        rules: [
          {
            id: 'big-volume.rank',
            description: 'share volume is the record',
            metric: 'volume.etfVolumeSharesRank',
            comparison: '<=',
            threshold: 1,
            weight: 1,
          },
        ],
      },
      {
        id: 'no-igv',
        title: 'Not software',
        claim: 'the ETF did not trade like software stocks',
        channel: 'exogenous',
        rules: [
          {
            id: 'no-igv.corr',
            description: 'IGV correlation in the top quintile',
            metric: 'cross-asset.corr20Pct:IGV',
            comparison: '>=',
            threshold: 0.8,
            means: 'contradicts',
            weight: 1,
          },
        ],
      },
    ],
  };

  /** Writes `text` to `name` in the test folder; runs analyze with it; the report folder must not appear. */
  async function runWith(name: string, text: string) {
    await writeFile(join(dir, name), text);
    const out = join(dir, `out-${name}`);
    const r = await runCli(
      ['analyze', '--event', '2026-02-05', '--hypotheses', name, '--out', out, '--json'],
      {},
      dir,
    );
    return { ...r, wrote: existsSync(out), out };
  }

  it('scores a user file instead of the event claims, and says which file it scored', async () => {
    const r = await runWith('mine.json', JSON.stringify(good));
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout) as {
      hypothesisSet: { name: string; source: string };
      hypotheses: { id: string; verdict: string }[];
      ran: { hypotheses: number; analyses: number; analysesRan: number };
    };
    expect(summary.hypothesisSet).toEqual({ name: 'my two claims', source: 'mine.json' });
    expect(summary.hypotheses.map((h) => h.id)).toEqual(['big-volume', 'no-igv']);
    expect(summary.ran.hypotheses).toBe(2);
    expect(summary.ran.analysesRan).toBe(summary.ran.analyses);
    expect(r.wrote).toBe(true);
  }, 120_000);

  it.each([
    [
      'unknown-metric.json',
      JSON.stringify({
        ...good,
        hypotheses: [
          { ...good.hypotheses[0], rules: [{ ...good.hypotheses[0].rules[0], metric: 'volume.record' }] },
        ],
      }),
      /^crashscope: unknown-metric\.json: \$\.hypotheses\[0\]\.rules\[0\]\.metric: unknown metric 'volume\.record' \(metrics of 'volume': etfVolumeUsd, /,
    ],
    [
      'bad-comparison.json',
      JSON.stringify({
        ...good,
        hypotheses: [
          { ...good.hypotheses[0], rules: [{ ...good.hypotheses[0].rules[0], comparison: '==' }] },
        ],
      }),
      /^crashscope: bad-comparison\.json: \$\.hypotheses\[0\]\.rules\[0\]\.comparison: comparison must be '>=', '<=' or 'between'$/,
    ],
    [
      'duplicate.json',
      JSON.stringify({ ...good, hypotheses: [good.hypotheses[0], good.hypotheses[0]] }),
      /^crashscope: duplicate\.json: \$\.hypotheses\[1\]\.id: duplicate id 'big-volume' \(also hypotheses\[0\]\)/,
    ],
    [
      'broken.json',
      '{\n  "schema": "crashscope.hypotheses/1",\n  "name": "x",,\n}',
      /^crashscope: broken\.json: line 3, column 15: invalid JSON: Expected double-quoted property name$/,
    ],
  ])(
    '%s: exit 2, one line naming file, JSON path and problem, nothing written',
    async (name, text, message) => {
      const r = await runWith(name, text);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr.trim()).toMatch(message);
      expect(r.stdout).toBe('');
      expect(r.wrote).toBe(false);
    },
  );

  it('a file that does not exist: exit 2 naming it', async () => {
    const r = await runCli(
      ['analyze', '--event', '2026-02-05', '--hypotheses', 'absent.json', '--no-report'],
      {},
      dir,
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('crashscope: absent.json: no such file\n');
  });
});
