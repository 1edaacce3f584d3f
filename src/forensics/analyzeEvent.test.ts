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

  it('trackers reporting inflows instead of outflows turn the trackers rule for H2; share counts stay an illustration', () => {
    expect(outcome(base, 'H2.creations-trackers')).toBe('contradicts');
    const etfFlows = inputs.etfFlows.map((r) =>
      r.ticker === 'IBIT' && r.date === '2026-02-05' && r.flow_source === 'farside'
        ? { ...r, flow_usd: -r.flow_usd }
        : r,
    );
    const f = analyzeEvent({ ...inputs, etfFlows }, o);
    expect(outcome(f, 'H2.creations-trackers')).toBe('supports');
    expect(verdict(f, 'H2').score).toBeGreaterThan(verdict(base, 'H2').score);
    // The reconstructed share-count flow still follows the shares, but no rule counts it.
    const prev = inputs.etfDaily.find((r) => r.ticker === 'IBIT' && r.date === '2026-02-04')!;
    const etfDaily = inputs.etfDaily.map((r) =>
      r.ticker === 'IBIT' && r.date === '2026-02-05'
        ? { ...r, shares_outstanding: prev.shares_outstanding - 20e6 }
        : r,
    );
    const g = analyzeEvent({ ...inputs, etfDaily }, o);
    expect(g.findings.find((x) => x.id === 'flows')!.metrics.flowUsdT.value as number).toBeLessThan(0);
    expect(verdict(g, 'H2').verdict).toBe(verdict(base, 'H2').verdict);
  });

  it('the expected-flow model runs on the trackers’ observed flows, so its rule counts; share-count creations sit beside it', () => {
    const fl = base.findings.find((x) => x.id === 'flows')!;
    if (fl.id !== 'flows' || !fl.available) throw new Error('flows unavailable');
    const t = fl.data.tracker!;
    expect(t.source).toBe('farside');
    expect(t.model.observedUsd).toBe(-175.3e6);
    // The event-day return is the ETF's own observed close to close: ln(36.10 / 41.57).
    expect(t.model.eventReturns[0].logReturn).toBeCloseTo(Math.log(36.1 / 41.57), 12);
    // expected = a + Σ bᵢ·r_{t−i}, and the surprise is measured in the fit's robust scale.
    const { intercept, returns } = t.model.coefficients;
    const byHand = intercept + returns.reduce((a, b, i) => a + b * t.model.eventReturns[i].logReturn, 0);
    expect(t.model.expectedUsd).toBeCloseTo(byHand, 3);
    expect(fl.metrics.trackerSurpriseRobustSigma.value).toBeCloseTo(
      (-175.3e6 - t.model.expectedUsd) / t.model.robustScaleUsd,
      9,
    );
    expect(fl.metrics.trackerSurpriseRobustSigma.quality).toBe('observed');
    // The published share-count creations (+$230M) against the same expectation, and their quality.
    expect(fl.metrics.shareCountPublishedVsTrackerModelSigma.value).toBeCloseTo(
      (230e6 - t.model.expectedUsd) / t.model.robustScaleUsd,
      9,
    );
    expect(fl.metrics.shareCountPublishedVsTrackerModelSigma.quality).toBe('published');
    expect(fl.metrics.shareCountTVsTrackerModelSigma.quality).toBe('reconstructed');
    // The 11 funds Farside reports sum to its published total of -$434.1M.
    expect(fl.metrics.trackerGroupFlowUsd.value).toBeCloseTo(-434.1e6, 0);
    const rule = base.hypotheses.flatMap((h) => h.evidence).find((e) => e.rule === 'H2.surprise')!;
    expect(rule.role).toBe('counted');
    expect(rule.quality).toBe('observed');
    expect(rule.outcome).toBe('contradicts');
    // A tracker inflow far above the interval turns the rule; the share counts alone never do.
    const etfFlows = inputs.etfFlows.map((r) =>
      r.ticker === 'IBIT' && r.date === '2026-02-05' && r.flow_source === 'farside'
        ? { ...r, flow_usd: 900e6 }
        : r,
    );
    expect(outcome(analyzeEvent({ ...inputs, etfFlows }, o), 'H2.surprise')).toBe('supports');
    const etfDaily = inputs.etfDaily.map((r) =>
      r.ticker === 'IBIT' && r.date === '2026-02-05'
        ? { ...r, shares_outstanding: r.shares_outstanding + 50e6 }
        : r,
    );
    const g = analyzeEvent({ ...inputs, etfDaily }, o);
    const gf = g.findings.find((x) => x.id === 'flows')!;
    expect(gf.metrics.trackerSurpriseRobustSigma.value).toBe(fl.metrics.trackerSurpriseRobustSigma.value);
    expect(gf.metrics.surpriseRobustSigma.value).not.toBe(fl.metrics.surpriseRobustSigma.value);
  });

  it('vanna and charm profiles over the grid agree with the book’s vanna and charm at spot', () => {
    const pos = base.findings.find((x) => x.id === 'positioning')!;
    if (pos.id !== 'positioning' || !pos.available) throw new Error('positioning unavailable');
    const d = pos.data;
    expect(d.vanna).toHaveLength(d.grid.length);
    expect(d.charm).toHaveLength(d.grid.length);
    const i = d.grid.indexOf(d.spot);
    expect(i).toBeGreaterThan(0);
    const v = pos.metrics.vannaAtSpot.value as number;
    const c = pos.metrics.charmAtSpot.value as number;
    expect(Math.abs(d.vanna[i] - v)).toBeLessThanOrEqual(1e-6 * Math.abs(v));
    expect(Math.abs(d.charm[i] - c)).toBeLessThanOrEqual(1e-6 * Math.abs(c));
  });

  it('without CME settlements the basis finding is unavailable and H3 is untestable, naming the data', () => {
    const f = analyzeEvent({ ...inputs, futures: [] }, o);
    expect(f.findings.find((x) => x.id === 'basis')!.available).toBe(false);
    expect(verdict(f, 'H3').verdict).toBe('untestable');
    expect(verdict(f, 'H3').coverage).toBe(0);
    expect(verdict(f, 'H3').wouldTestWith.map((n) => n.command)).toContain(
      'crashscope ingest cme futures_settlements',
    );
  });

  it('the naive sign model changes dealer positioning (the chain carries positions)', () => {
    const naive = analyzeEvent(inputs, resolveOptions({ eventDate: '2026-02-05', signModel: 'naive' }));
    const a = base.findings.find((x) => x.id === 'positioning')!.metrics.gexAtSpot.value;
    const b = naive.findings.find((x) => x.id === 'positioning')!.metrics.gexAtSpot.value;
    expect(a).not.toBe(b);
  });

  it('a verdict does not move when only reconstructed inputs change', () => {
    // Every table below is reconstructed in the pack: flip dealer positions, move every barrier, halve
    // perp open interest and cohorts, scale liquidations, reverse the stress history but its published
    // reading. Verdicts, scores and confidences must not move.
    const rec = <T extends { readonly quality: string }>(r: T): boolean => r.quality === 'reconstructed';
    const changed: EventInputs = {
      ...inputs,
      chain: inputs.chain.map((r) =>
        rec(r) && r.dealer_position !== null ? { ...r, dealer_position: -r.dealer_position } : r,
      ),
      notes: inputs.notes.map((r) =>
        rec(r)
          ? { ...r, barrier_pct: 0.95, barrier_level: r.initial_level * 0.95, barrier_monitoring: 'daily' }
          : r,
      ),
      openInterest: inputs.openInterest.map((r) =>
        rec(r)
          ? {
              ...r,
              oi_btc: r.oi_btc === null ? null : r.oi_btc / 2,
              oi_usd: r.oi_usd === null ? null : r.oi_usd / 2,
            }
          : r,
      ),
      cohorts: inputs.cohorts.map((r) => (rec(r) ? { ...r, notional_usd: r.notional_usd * 3 } : r)),
      liquidations: inputs.liquidations.map((r) =>
        rec(r) ? { ...r, notional_usd: r.notional_usd * 10 } : r,
      ),
      stress: inputs.stress.map((r) => (rec(r) ? { ...r, value: -r.value } : r)),
    };
    const f = analyzeEvent(changed, o);
    expect(f.hypotheses.map((h) => [h.id, h.verdict, h.score, h.confidence, h.coverage])).toEqual(
      base.hypotheses.map((h) => [h.id, h.verdict, h.score, h.confidence, h.coverage]),
    );
    // ... while the illustrations did change (the test is not vacuous).
    expect(JSON.stringify(f.hypotheses.map((h) => h.evidence))).not.toBe(
      JSON.stringify(base.hypotheses.map((h) => h.evidence)),
    );
  });

  it('a rule on reconstructed data is never counted', () => {
    const all = base.hypotheses.flatMap((h) => h.evidence);
    expect(all.some((e) => e.quality === 'reconstructed' && e.outcome !== 'missing')).toBe(true);
    for (const e of all) {
      if (e.outcome === 'missing') expect(e.role, e.rule).toBe('missing');
      else expect(e.role, e.rule).toBe(e.quality === 'reconstructed' ? 'illustration' : 'counted');
    }
    for (const h of base.hypotheses) {
      const counted = h.evidence.filter((e) => e.role === 'counted');
      if (counted.length === 0) expect([h.verdict, h.confidence], h.id).toEqual(['untestable', 0]);
    }
  });

  it('the sensitivity table covers every hypothesis: sign model, note vol and every non-zero threshold ±20%', () => {
    expect(base.sensitivity.map((r) => r.id)).toEqual(base.hypotheses.map((h) => h.id));
    for (const r of base.sensitivity) {
      const names = r.cases.map((c) => c.assumption);
      expect(names, r.id).toContain('sign model: naive');
      expect(names, r.id).toContain('note vol: flat 50%');
      expect(r.robust, r.id).toBe(r.flips.length === 0);
      // The sign model and note vol only move reconstructed metrics, so they never flip a verdict.
      for (const c of r.cases.filter((x) => /^(sign model|note vol)/.test(x.assumption)))
        expect(c.verdict, `${r.id} ${c.assumption}`).toBe(r.verdict);
    }
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

describe('positioning, barriers and liquidations are adapters over the fragility section’s books', () => {
  const metricOf = (f: Findings, id: string, key: string) => {
    const x = f.findings.find((y) => y.id === id);
    return x?.metrics[key]?.value;
  };
  it('each section prints, for the fall to the low, the very number the fragility section holds for its channel', () => {
    const pairs: [string, string, string][] = [
      ['positioning', 'dealerFlowToLow', 'dealerFlowToLow'],
      ['barriers', 'flowToLow', 'notesFlowToLow'],
      ['liquidations', 'longsLiquidatedToLow', 'liquidationsToLow'],
    ];
    for (const [id, key, fragKey] of pairs) {
      const v = metricOf(base, id, key);
      expect(typeof v, `${id}.${key}`).toBe('number');
      expect(v).toBe(metricOf(base, 'fragility', fragKey));
    }
    // Same sign convention (+ buy, − sell): long liquidations on a fall are sales.
    expect(metricOf(base, 'liquidations', 'longsLiquidatedToLow')).toBeLessThan(0);
    // The values the sections read off the books' diagnostics are there (a renamed field would be null).
    for (const [id, key] of [
      ['positioning', 'vannaAtSpot'],
      ['positioning', 'charmAtSpot'],
      ['barriers', 'vol'],
      ['barriers', 'maxAbsDeltaPerShare'],
    ] as const)
      expect(Number.isFinite(metricOf(base, id, key)), `${id}.${key}`).toBe(true);
    // Near expiry a put's delta just above its barrier exceeds 1 in size.
    expect(metricOf(base, 'barriers', 'maxAbsDeltaPerShare')).toBeGreaterThan(1);
    // The dealers were long gamma at spot: their hedge buys into a 1% fall.
    expect(metricOf(base, 'positioning', 'gexAtSpot')).toBeGreaterThan(0);
    expect(metricOf(base, 'positioning', 'tradeOnFall1pct')).toBeGreaterThan(0);
  });

  it('size against the move: the sale the fall implies at the depth, and each channel’s selling as a share of it', () => {
    const frag = base.findings.find((f) => f.id === 'fragility');
    const spot = Number(metricOf(base, 'fragility', 'spot'));
    const depth = Number((frag?.data as { depthPerPctUsd: number | null } | undefined)?.depthPerPctUsd);
    const low = 60_000; // the observed low (Binance 2026-02-06 00:00 UTC bar)
    const sale = Math.abs(Math.log(low / spot)) * 100 * depth;
    expect(metricOf(base, 'fragility', 'moveSaleAtDepth')).toBeCloseTo(sale, 0);
    for (const [share, flow] of [
      ['dealerShareOfMove', 'dealerFlowToLow'],
      ['notesShareOfMove', 'notesFlowToLow'],
      ['liquidationsShareOfMove', 'liquidationsToLow'],
    ] as const)
      expect(metricOf(base, 'fragility', share)).toBeCloseTo(
        -Number(metricOf(base, 'fragility', flow)) / sale,
        6,
      );
    // Reconstructed books and a default depth: the size-move rules are illustrations, never counted.
    const rules = base.hypotheses.flatMap((h) => h.evidence).filter((e) => e.rule.endsWith('.size-move'));
    expect(rules.map((e) => e.rule).sort()).toEqual(['H4.size-move', 'H5.size-move', 'H6.size-move']);
    for (const e of rules) expect(e.role, e.rule).not.toBe('counted');
  });

  it('the rules on the channel books stay illustrations: reconstructed books are never counted', () => {
    const onBooks = base.hypotheses
      .flatMap((h) => h.evidence)
      .filter((e) => /^(positioning|barriers)\.|^liquidations\.ladderToPublished/.test(e.metric));
    expect(onBooks.length).toBeGreaterThan(0);
    for (const e of onBooks) {
      expect(e.quality, e.rule).toBe('reconstructed');
      expect(e.role, e.rule).not.toBe('counted');
    }
    // Realized liquidations (observed / published) still count.
    const published = base.hypotheses.flatMap((h) => h.evidence).find((e) => e.rule === 'H6.liquidations');
    expect(published?.role).toBe('counted');
  });
});
