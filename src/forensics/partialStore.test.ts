import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPack } from '../data/eventPack.js';
import { openStore } from '../store/store.js';
import { analyzeEvent as analyzeWith } from './analyzeEvent.js';
import type { Findings } from './findings.js';
import { parseHypothesisFile } from './hypothesisFile.js';
import { type EventInputs, loadEventInputs } from './inputs.js';
import { type ForensicsOptions, resolveOptions } from './options.js';
import { marketContext } from './sections/context.js';

/** IBIT daily bars made from the pack's etf_daily rows (close, volume in shares) at the 16:00 close. */
function ibitBarsFrom(inputs: EventInputs) {
  return inputs.etfDaily
    .filter((r) => r.ticker === 'IBIT')
    .map((r) => ({
      ts: `${r.date}T21:00:00Z`,
      venue: 'nasdaq',
      symbol: 'IBIT',
      interval: '1d' as const,
      open: r.close,
      high: r.close,
      low: r.close,
      close: r.close,
      volume: r.volume_shares,
      quote_volume: null,
      source: 'test',
      quality: 'observed' as const,
      ingested_at: '2026-11-25T00:00:00Z',
    }));
}

/*
 * Any crash day, from the data people have (issue "any crash day"): each section runs on what the store holds
 * and a metric that cannot be computed is null — never a zero that a rule could read as evidence.
 */

const PACK = fileURLToPath(new URL('../../data/events/2026-02-05', import.meta.url));
const o = resolveOptions({ eventDate: '2026-02-05' });
/** The event's own hypothesis file (H1–H7), as `analyze --event 2026-02-05` scores it. */
const H17 = parseHypothesisFile(
  readFileSync(`${PACK}/hypotheses.json`, 'utf8'),
  'hypotheses.json',
  'event pack 2026-02-05',
);
const analyzeEvent = (i: EventInputs, opts: ForensicsOptions) => analyzeWith(i, opts, H17);
let inputs: EventInputs;

beforeAll(async () => {
  const db = await openStore(':memory:');
  try {
    await loadPack(db, PACK, { ingestedAt: '2026-11-25T00:00:00Z' });
    inputs = await loadEventInputs(db, o);
  } finally {
    db.close();
  }
});

const finding = (f: Findings, id: string) => f.findings.find((x) => x.id === id)!;
const value = (f: Findings, id: string, m: string) => finding(f, id).metrics[m]?.value;

describe('sections degrade to the data present', () => {
  it('without etf_daily, volume records and correlations come from the ETF daily bars', () => {
    // Bars made from etf_daily (the pack's own IBIT bars may cover fewer days).
    const bars = ibitBarsFrom(inputs);
    const f = analyzeEvent(
      {
        ...inputs,
        etfDaily: [],
        crossDaily: [...inputs.crossDaily.filter((b) => b.symbol !== 'IBIT'), ...bars],
      },
      o,
    );
    const vol = finding(f, 'volume');
    expect(vol.available).toBe(true);
    const today = bars.find((b) => b.ts.startsWith('2026-02-05'))!;
    expect(value(f, 'volume', 'etfVolumeUsd')).toBeCloseTo((today.volume as number) * today.close, 0);
    expect(vol.notes.join(' ')).toMatch(/shares × close/);
    expect(finding(f, 'cross-asset').available).toBe(true);
  });

  it('previous and next trading days come from the NYSE calendar, not from etf_daily', () => {
    const c = marketContext({ ...inputs, etfDaily: [] }, o);
    expect([c.previousDate, c.nextDate]).toEqual(['2026-02-04', '2026-02-06']);
    expect(c.btcPrevClose).not.toBeNull();
    const sat = marketContext({ ...inputs, etfDaily: [] }, resolveOptions({ eventDate: '2026-02-07' }));
    expect([sat.previousDate, sat.nextDate]).toEqual(['2026-02-06', '2026-02-09']);
    const presidents = marketContext(inputs, resolveOptions({ eventDate: '2026-02-17' }));
    expect(presidents.previousDate).toBe('2026-02-13');
  });

  it('without etf_daily, BTC per share is the ETF close over the BTC close at the previous 16:00 New York close', () => {
    const withBars = {
      ...inputs,
      etfDaily: [],
      crossDaily: [...inputs.crossDaily.filter((b) => b.symbol !== 'IBIT'), ...ibitBarsFrom(inputs)],
    };
    const c = marketContext(withBars, o);
    const prevIbit = inputs.etfDaily.find((r) => r.ticker === 'IBIT' && r.date === '2026-02-04')!;
    expect(c.btcPerShareDerived).toBe(true);
    expect(c.btcPerShare).toBeCloseTo(prevIbit.close / (c.btcPrevClose as number), 15);
    expect(marketContext(inputs, o).btcPerShareDerived).toBe(false);
  });

  it('with no intraday BTC bars and no daily reference, the fall is unknown: counts are null, not 0', () => {
    const f = analyzeEvent({ ...inputs, btcDaily: [], btcIntraday: [] }, o);
    for (const [id, m] of [
      ['positioning', 'shortBandsTraversed'],
      ['barriers', 'barriersTouchedIntraday'],
    ] as const) {
      const fi = finding(f, id);
      if (fi.available) expect(value(f, id, m), `${id}.${m}`).toBeNull();
    }
  });

  it('with one open-interest venue there is no divergence to count: null, not 0', () => {
    const f = analyzeEvent(
      { ...inputs, openInterest: inputs.openInterest.filter((r) => r.venue !== 'cme') },
      o,
    );
    expect(finding(f, 'open-interest').available).toBe(true);
    expect(value(f, 'open-interest', 'divergencesAtEvent')).toBeNull();
  });

  it('realized liquidations alone run the liquidations section; cohorts alone too', () => {
    const realizedOnly = analyzeEvent({ ...inputs, cohorts: [] }, o);
    expect(finding(realizedOnly, 'liquidations').available).toBe(true);
    expect(value(realizedOnly, 'liquidations', 'reportedLongLiquidations')).toBeGreaterThan(0);
    expect(value(realizedOnly, 'liquidations', 'longsLiquidatedToLow')).toBeNull();
    const cohortsOnly = analyzeEvent({ ...inputs, liquidations: [] }, o);
    expect(finding(cohortsOnly, 'liquidations').available).toBe(true);
    expect(value(cohortsOnly, 'liquidations', 'reportedLongLiquidations')).toBeNull();
    const neither = analyzeEvent({ ...inputs, liquidations: [], cohorts: [] }, o);
    expect(finding(neither, 'liquidations').available).toBe(false);
    expect(finding(neither, 'liquidations').summary).toMatch(/--model liquidations/);
  });

  it('a stale option chain is refused with its age; a fresh one states its age', () => {
    const shift = (iso: string, h: number) =>
      `${new Date(Date.parse(iso) - h * 3_600_000).toISOString().slice(0, 19)}Z`;
    const stale = analyzeEvent(
      { ...inputs, chain: inputs.chain.map((r) => ({ ...r, as_of: shift(r.as_of, 100) })) },
      o,
    );
    const p = finding(stale, 'positioning');
    expect(p.available).toBe(false);
    expect(p.summary).toMatch(/days older than the start of 2026-02-05 \(limit 4 days\)/);
    expect(value(analyzeEvent(inputs, o), 'positioning', 'snapshotAgeHours')).toBe(8);
  });

  it('a five-series chain from another venue is marked partial and named by its venue', () => {
    const five = inputs.chain
      .filter((r) => r.underlying === 'BTC')
      .slice(0, 5)
      .map((r) => ({ ...r, venue: 'okx' }));
    const f = analyzeEvent({ ...inputs, chain: five, btcDaily: [] }, o);
    const p = finding(f, 'positioning');
    expect(p.available).toBe(true);
    expect(value(f, 'positioning', 'partialChain')).toBe(true);
    expect(p.summary).toMatch(/^From a partial chain/);
    expect(p.notes.join(' ')).toMatch(/okx BTC 5 series/);
    expect(p.notes.join(' ')).toMatch(/the okx chain's underlying/);
    expect(p.notes.join(' ')).not.toMatch(/Deribit/);
  });

  it('a chain taken at 00:00Z still gives the spot when there is no BTC reference (it is no UTC-day bar)', () => {
    const atMidnight = inputs.chain
      .filter((r) => r.underlying === 'BTC')
      .map((r) => ({ ...r, as_of: '2026-02-04T00:00:00Z' }));
    const f = analyzeEvent({ ...inputs, chain: atMidnight, btcDaily: [] }, o);
    expect(finding(f, 'positioning').available).toBe(true);
    expect(value(f, 'positioning', 'spot')).toBe(atMidnight[0].underlying_price);
  });
});
