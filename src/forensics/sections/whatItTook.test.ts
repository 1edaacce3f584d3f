import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { scoreHypothesis } from '../../analytics/hypotheses.js';
import { loadPack } from '../../data/eventPack.js';
import { DEFAULT_DEPTH_PER_PCT_USD } from '../../fragility/map.js';
import { openStore } from '../../store/store.js';
import { analyzeEvent, metricLookup } from '../analyzeEvent.js';
import { eventBooks } from '../books.js';
import type { FindingOf } from '../findings.js';
import { parseHypothesisFile } from '../hypothesisFile.js';
import { type EventInputs, loadEventInputs } from '../inputs.js';
import { resolveOptions } from '../options.js';
import { eventSnapshot } from '../snapshot.js';
import { marketContext } from './context.js';
import { whatItTookSection } from './whatItTook.js';

const PACK = fileURLToPath(new URL('../../../data/events/2026-02-05', import.meta.url));
const o = resolveOptions({ eventDate: '2026-02-05' });
/** The event's own hypothesis file (H1–H7), as `analyze --event 2026-02-05` scores it. */
const H17 = parseHypothesisFile(
  readFileSync(`${PACK}/hypotheses.json`, 'utf8'),
  'hypotheses.json',
  'event pack 2026-02-05',
);

let inputs: EventInputs;
let f: FindingOf<'what-it-took'>;

beforeAll(async () => {
  const db = await openStore(':memory:');
  try {
    await loadPack(db, PACK, { ingestedAt: '2026-11-25T00:00:00Z' });
    inputs = await loadEventInputs(db, o);
  } finally {
    db.close();
  }
  const ctx = marketContext(inputs, o);
  const snap = eventSnapshot(inputs, o, ctx);
  f = whatItTookSection(inputs, o, ctx, snap === null ? null : eventBooks(snap, o));
});

describe('what it took, on the 2026-02-05 pack', () => {
  it('no channel, linear impact, no noise: the sale is the observed log fall × 100 × depth (by hand)', () => {
    if (!f.available) throw new Error(f.summary);
    const d = f.data;
    expect(d.fromAsOf).toBe('2026-02-04T21:00:00Z');
    expect(d.toAsOf).toBe('2026-02-05T21:00:00Z');
    expect(d.targetLogReturn).toBeCloseTo(Math.log(d.toUsd / d.fromUsd), 14);
    expect(d.depthPerPctUsd).toBe(DEFAULT_DEPTH_PER_PCT_USD); // the pack has no depth: the cited default
    const lin = d.models[0];
    expect(lin.impact).toBe('linear');
    expect(lin.none.status).toBe('ok');
    // bisection to 1e-5 in log return: 1e-5/0.14 ≈ 7e-5 of the size
    expect(lin.none.saleUsd! / (-d.targetLogReturn * 100 * d.depthPerPctUsd)).toBeCloseTo(1, 3);
    expect(f.metrics.saleNoChannels.value).toBe(lin.none.saleUsd);
  });

  it('the three impact models are all answered; sqrt asks for orders of magnitude more than linear', () => {
    if (!f.available) throw new Error(f.summary);
    const [lin, sq, pr] = f.data.models;
    expect([lin.impact, sq.impact, pr.impact]).toEqual(['linear', 'sqrt', 'propagator']);
    for (const m of f.data.models) expect(m.none.status).toBe('ok');
    expect(sq.none.saleUsd! / lin.none.saleUsd!).toBeGreaterThan(100);
    // half the propagator's impact decays: more than linear, less than twice (the late slices decay less)
    expect(pr.none.saleUsd! / lin.none.saleUsd!).toBeGreaterThan(1);
    expect(pr.none.saleUsd! / lin.none.saleUsd!).toBeLessThan(2);
  });

  it('a cliff is a cliff: no all-channels sale, the threshold and both closes, no tracking figure for that path', () => {
    if (!f.available) throw new Error(f.summary);
    const lin = f.data.models[0];
    if (lin.all.status === 'cliff') {
      expect(f.metrics.saleAllChannels.value).toBeNull();
      expect(f.metrics.saleRatio.value).toBeNull();
      expect(f.metrics.cliffSaleUsd.value).toBe(lin.all.saleUsd);
      expect(lin.all.cliffBelowLogReturn!).toBeGreaterThan(f.data.targetLogReturn);
      expect(lin.all.closeLogReturn).toBeLessThan(f.data.targetLogReturn);
      expect(f.metrics.trackingRmseAll.value).toBeNull();
      expect(f.data.tracking.points.every((p) => p.all === null)).toBe(true);
      expect(f.data.attribution?.atCliff).toBe(true);
      expect(f.summary).toMatch(/no sale does/);
    } else {
      expect(lin.all.status).toBe('ok');
      expect(f.metrics.saleAllChannels.value).toBe(lin.all.saleUsd);
      expect(f.metrics.cliffSaleUsd.value).toBeNull();
    }
  });

  it('the attribution is efficient and null players get exactly 0', () => {
    if (!f.available) throw new Error(f.summary);
    const a = f.data.attribution!;
    const sum = a.rows.reduce((s, r) => s + r.shapleyClose, 0);
    expect(sum).toBeCloseTo(a.closeAll - a.closeNone, 12);
    for (const r of a.rows.filter((x) => !x.available)) expect(r.shapleyClose).toBe(0);
  });

  it('tracking: 24 observed hourly closes; the figures are those of the shown gaps', () => {
    if (!f.available) throw new Error(f.summary);
    const pts = f.data.tracking.points;
    expect(pts).toHaveLength(24);
    expect(f.data.tracking.series).toBe('binance:BTC-USD');
    expect(pts[0].ts).toBe('2026-02-04T22:00:00Z');
    expect(pts.at(-1)!.ts).toBe('2026-02-05T21:00:00Z');
    const gaps = pts.map((p) => Math.log(p.none! / p.observed));
    const rmse = Math.sqrt(gaps.reduce((s, g) => s + g * g, 0) / gaps.length);
    expect(f.metrics.trackingRmseNone.value).toBeCloseTo(rmse, 12);
    expect(f.metrics.trackingMaxGapNone.value).toBeCloseTo(Math.max(...gaps.map(Math.abs)), 12);
    // the no-channel path ends on the observed close (that is what the sale was solved for)
    expect(Math.abs(gaps.at(-1)!)).toBeLessThan(2e-5);
  });

  it('says why it is not available: no snapshot, no event close, no fall (never a number made up)', () => {
    const ctx = marketContext(inputs, o);
    const snap = eventSnapshot(inputs, o, ctx)!;
    const run = eventBooks(snap, o);
    expect(whatItTookSection(inputs, o, ctx, null)).toMatchObject({
      available: false,
      data: null,
      metrics: {},
    });
    const noClose = whatItTookSection(inputs, o, { ...ctx, btcEventClose: null }, run);
    expect(noClose.available).toBe(false);
    expect(noClose.notes[0]).toMatch(/no BTC close on 2026-02-05/);
    const rose = whatItTookSection(inputs, o, { ...ctx, btcEventClose: snap.spot.usd * 1.01 }, run);
    expect(rose.available).toBe(false);
    expect(rose.notes[0]).toMatch(/did not fall/);
  });

  it('is an illustration: reconstructed inputs named and marked, and no hypothesis rule reads it', () => {
    if (!f.available) throw new Error(f.summary);
    expect(f.metrics.closeToClose.quality).toBe('observed'); // the closes are Binance's
    expect(f.metrics.saleNoChannels.quality).toBe('reconstructed'); // the depth is an assumption
    expect(f.metrics.cliffSaleUsd.quality).toBe('reconstructed');
    expect(f.data.reconstructedInputs.some((x) => x.startsWith('depth per 1 %'))).toBe(true);
    expect(f.data.reconstructedInputs.some((x) => x.includes('perp_cohorts'))).toBe(true);
    expect(f.notes[0]).toMatch(/never supports or contradicts a hypothesis/);
    for (const spec of H17.hypotheses)
      for (const r of spec.rules) expect(r.metric.startsWith('what-it-took.')).toBe(false);
    // a rule that names it is refused when the file is read, and never handed the value when given in code
    // (the pack's own file with its first rule pointed at this section)
    const file = JSON.parse(readFileSync(`${PACK}/hypotheses.json`, 'utf8'));
    file.hypotheses[0].rules[0].metric = 'what-it-took.saleNoChannels';
    expect(() => parseHypothesisFile(JSON.stringify(file), 'x.json', 'test')).toThrow(/illustration/);
    // and every verdict and confidence is the same when the section is taken out
    const all = analyzeEvent(inputs, o, H17);
    expect(all.findings.some((x) => x.id === 'what-it-took')).toBe(true);
    const without = metricLookup(all.findings.filter((x) => x.id !== 'what-it-took'));
    expect(metricLookup(all.findings)('what-it-took.saleNoChannels')).toBeUndefined();
    H17.hypotheses.forEach((spec, i) => {
      const s = scoreHypothesis(spec, without);
      expect([s.verdict, s.confidence, s.score]).toEqual([
        all.hypotheses[i].verdict,
        all.hypotheses[i].confidence,
        all.hypotheses[i].score,
      ]);
    });
  });
});
