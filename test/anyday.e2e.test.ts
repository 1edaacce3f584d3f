/**
 * Any crash day, from the data people have: a store built only from imported CSVs for a day other than the
 * embedded event (2026-01-07, BTC −2.5% on the UTC day; observed Binance hours, TradingView IBIT bars, Yahoo
 * cross-asset bars, Farside flows; open interest, liquidations and an OKX chain are small hand-made test
 * rows, marked reconstructed — see test/fixtures/anyday/README.md). The sections run on what the store holds,
 * the numbers equal hand computations from the files, and no rule scores missing data.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/testkit/captureIo.js';
import type { Findings } from '../src/forensics/findings.js';

const FIX = new URL('./fixtures/anyday/', import.meta.url);
const FILES: readonly (readonly [string, string])[] = [
  ['btc_binance_1h.csv', 'bars'],
  ['daily_bars.csv', 'bars'],
  ['etf_flows.csv', 'etf_flows'],
  ['open_interest.csv', 'open_interest'],
  ['liquidations.csv', 'liquidations'],
  ['option_chain.csv', 'option_chain'],
];

function csvRows(name: string): Record<string, string>[] {
  const [head, ...lines] = readFileSync(new URL(name, FIX), 'utf8').trim().split('\n');
  const cols = head.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i], v])));
}

let dir: string;
let db: string;

async function analyze(date: string): Promise<{ code: number; stderr: string; findings: Findings }> {
  const out = join(dir, date);
  const r = await runCli([
    'analyze',
    '--date',
    date,
    '--db',
    db,
    '--btc',
    'binance:BTCUSDT',
    '--oi-venues',
    'binance,cme',
    '--out',
    out,
    '--json',
  ]);
  const findings =
    r.code === 0
      ? (JSON.parse(readFileSync(join(out, 'findings.json'), 'utf8')) as Findings)
      : (null as never);
  return { code: r.code, stderr: r.stderr, findings };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'crashscope-anyday-'));
  db = join(dir, 'store.duckdb');
  for (const [file, model] of FILES) {
    const r = await runCli(['import', new URL(file, FIX).pathname, '--model', model, '--db', db]);
    expect(r.code, `${file}: ${r.stderr}`).toBe(0);
  }
}, 120_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const finding = (f: Findings, id: string) => f.findings.find((x) => x.id === id)!;

describe('analyze on a store of imported files, 2026-01-07', () => {
  let f: Findings;
  beforeAll(async () => {
    const r = await analyze('2026-01-07');
    expect(r.code, r.stderr).toBe(0);
    f = r.findings;
  }, 120_000);

  it('the sections run on the data present', () => {
    for (const id of [
      'volume',
      'flows',
      'cross-asset',
      'open-interest',
      'positioning',
      'liquidations',
      'fragility',
    ]) {
      expect(finding(f, id).available, `${id}: ${finding(f, id).summary}`).toBe(true);
    }
    expect(f.event.previousDate).toBe('2026-01-06');
    expect(f.event.nextDate).toBe('2026-01-08');
  });

  it("the ETF's dollar volume and its rank equal hand computations from the bars file", () => {
    const ibit = csvRows('daily_bars.csv')
      .filter((r) => r.symbol === 'IBIT')
      .map((r) => ({ date: r.ts.slice(0, 10), usd: Number(r.volume) * Number(r.close) }))
      .filter((r) => r.date >= '2024-01-11' && r.date <= '2026-01-07');
    const day = ibit.find((r) => r.date === '2026-01-07')!;
    const rank = 1 + ibit.filter((r) => r.usd > day.usd).length;
    const v = finding(f, 'volume');
    expect(v.metrics.etfVolumeUsd.value).toBeCloseTo(day.usd, 0);
    expect(v.metrics.etfVolumeUsdRank.value).toBe(rank);
    expect(v.notes.join(' ')).toMatch(/shares × close/);
  });

  it('flows run on the trackers alone (no shares outstanding): the reported figure is the file’s', () => {
    const row = csvRows('etf_flows.csv').find((r) => r.date === '2026-01-07' && r.ticker === 'IBIT')!;
    const flows = finding(f, 'flows');
    expect(flows.metrics['reported:farside'].value).toBe(Number(row.flow_usd));
    expect(flows.metrics.flowUsdT.value).toBeNull();
    expect(flows.notes.join(' ')).toMatch(/reported by trackers only/);
  });

  it('realized liquidations of the New York day equal the file’s sum', () => {
    const nyDay = csvRows('liquidations.csv').filter(
      (r) => r.side === 'long' && r.ts >= '2026-01-07T05:00:00Z' && r.ts < '2026-01-08T05:00:00Z',
    );
    const sum = nyDay.reduce((s, r) => s + Number(r.notional_usd), 0);
    expect(finding(f, 'liquidations').metrics.reportedLongLiquidations.value).toBe(sum);
  });

  it('the chain is valued at the BTC close read off the hourly bars at 16:00 New York (no look-ahead)', () => {
    // 16:00 New York on 2026-01-06 is 21:00 UTC: the close of the bar that opened at 20:00 UTC.
    const bar = csvRows('btc_binance_1h.csv').find((r) => r.ts === '2026-01-06T20:00:00Z')!;
    expect(finding(f, 'positioning').metrics.spot.value).toBe(Number(bar.close));
  });

  it('no rule scores missing data', () => {
    const evidence = f.hypotheses.flatMap((h) => h.evidence);
    expect(evidence.length).toBeGreaterThan(0);
    for (const e of evidence as readonly { rule: string; observed: unknown; outcome: string }[]) {
      if (e.observed === null) expect(['supports', 'contradicts'], e.rule).not.toContain(e.outcome);
    }
  });
});

describe('a weekend date', () => {
  it('2026-01-10 (Saturday) runs, between Friday and Monday', async () => {
    const r = await analyze('2026-01-10');
    expect(r.code, r.stderr).toBe(0);
    expect([r.findings.event.previousDate, r.findings.event.nextDate]).toEqual(['2026-01-09', '2026-01-12']);
    expect(finding(r.findings, 'open-interest').available).toBe(true);
  }, 120_000);
});
