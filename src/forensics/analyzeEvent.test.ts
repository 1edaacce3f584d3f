import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPack } from '../data/eventPack.js';
import { openStore } from '../store/store.js';
import { analyzeEvent } from './analyzeEvent.js';
import type { Findings } from './findings.js';
import { type EventInputs, loadEventInputs } from './inputs.js';
import { resolveOptions } from './options.js';

const PACK = fileURLToPath(new URL('../../data/events/2026-02-05', import.meta.url));
const o = resolveOptions({ eventDate: '2026-02-05' });

let inputs: EventInputs;
let base: Findings;

beforeAll(async () => {
  const db = await openStore(':memory:');
  try {
    await loadPack(db, PACK, { ingestedAt: '2026-11-25T00:00:00Z' });
    inputs = await loadEventInputs(db, o);
  } finally {
    db.close();
  }
  base = analyzeEvent(inputs, o);
});

const verdict = (f: Findings, id: string) => f.hypotheses.find((h) => h.id === id)!;
const outcome = (f: Findings, rule: string) =>
  f.hypotheses.flatMap((h) => h.evidence).find((e) => e.rule === rule)!.outcome;

describe('analyzeEvent: verdicts follow the data, nothing is hard-coded', () => {
  it('is deterministic', () => {
    expect(JSON.stringify(analyzeEvent(inputs, o))).toBe(JSON.stringify(base));
  });

  it('calm fund stress turns the stress rule against H1', () => {
    expect(outcome(base, 'H1.stress')).toBe('supports');
    const calm = { ...inputs, stress: inputs.stress.map((r) => ({ ...r, value: r.value / 10 })) };
    const f = analyzeEvent(calm, o);
    expect(outcome(f, 'H1.stress')).toBe('contradicts');
    expect(verdict(f, 'H1').score).toBeLessThan(verdict(base, 'H1').score);
  });

  it('redemptions instead of creations on the event day turn the creations rule against H2', () => {
    expect(outcome(base, 'H2.creations')).toBe('supports');
    const prev = inputs.etfDaily.find((r) => r.ticker === 'IBIT' && r.date === '2026-02-04')!;
    const etfDaily = inputs.etfDaily.map((r) =>
      r.ticker === 'IBIT' && r.date === '2026-02-05'
        ? { ...r, shares_outstanding: prev.shares_outstanding - 20e6 }
        : r,
    );
    const f = analyzeEvent({ ...inputs, etfDaily }, o);
    expect(outcome(f, 'H2.creations')).toBe('contradicts');
    const flow = f.findings.find((x) => x.id === 'flows')!.metrics.flowUsdT.value as number;
    expect(flow).toBeLessThan(0);
  });

  it('without CME settlements the basis finding is unavailable and H3 is inconclusive with zero coverage', () => {
    const f = analyzeEvent({ ...inputs, futures: [] }, o);
    expect(f.findings.find((x) => x.id === 'basis')!.available).toBe(false);
    expect(verdict(f, 'H3').verdict).toBe('inconclusive');
    expect(verdict(f, 'H3').coverage).toBe(0);
  });

  it('the naive sign model changes dealer positioning (the chain carries positions)', () => {
    const naive = analyzeEvent(inputs, resolveOptions({ eventDate: '2026-02-05', signModel: 'naive' }));
    const a = base.findings.find((x) => x.id === 'positioning')!.metrics.gexAtSpot.value;
    const b = naive.findings.find((x) => x.id === 'positioning')!.metrics.gexAtSpot.value;
    expect(a).not.toBe(b);
  });

  it('reconstructed evidence lowers confidence: the same outcomes on observed data give higher confidence', () => {
    const observed = (rows: readonly { quality: string }[]) =>
      rows.map((r) => ({ ...r, quality: 'observed' }));
    const all = Object.fromEntries(
      Object.entries(inputs).map(([k, v]) => [k, observed(v as readonly { quality: string }[])]),
    ) as unknown as EventInputs;
    const f = analyzeEvent(all, o);
    for (const h of base.hypotheses) {
      const g = verdict(f, h.id);
      expect(g.verdict, h.id).toBe(h.verdict);
      expect(g.confidence, h.id).toBeGreaterThanOrEqual(h.confidence);
    }
    expect(verdict(f, 'H3').confidence).toBeGreaterThan(verdict(base, 'H3').confidence);
    expect(f.reconstructedShare).toBe(0);
  });
});

describe('loadEventInputs: BTC reference from intraday bars', () => {
  it('with no daily bars for the chosen series, 16:00 ET closes are read off its hourly bars', async () => {
    const db = await openStore(':memory:');
    try {
      await loadPack(db, PACK, { ingestedAt: '2026-11-25T00:00:00Z' });
      const opts = resolveOptions({
        eventDate: '2026-02-05',
        btcReference: { venue: 'binance', symbol: 'BTC-USD' },
      });
      // The pack's Binance BTC-USD series has hourly bars only, so the 16:00 ET closes come from them.
      const got = await loadEventInputs(db, opts);
      const hourly = await db.all(
        "SELECT close FROM bars WHERE venue = 'binance' AND symbol = 'BTC-USD' AND interval = '1h' AND ts = '2026-02-05T20:00:00Z'",
      );
      const close = got.btcDaily.find((b) => b.ts === '2026-02-05T21:00:00Z');
      expect(close?.close).toBe(Number(hourly[0].close));
      expect(close?.source).toMatch(/as of 16:00 ET/);
      expect(got.btcDaily.every((b) => b.interval === '1d')).toBe(true);
    } finally {
      db.close();
    }
  });
});
