import { describe, expect, it } from 'vitest';
import { renderSvg } from '../render.js';
import { chartContract } from '../testkit/chartContract.js';
import { type TimelineFlow, timeline } from './timeline.js';

const hours = (from: string, values: number[]) =>
  values.map((close, i) => ({
    ts: new Date(Date.parse(from) + i * 3_600_000).toISOString().replace('.000', ''),
    close,
  }));
const btc = hours('2026-02-05T18:00:00Z', [66_000, 65_265.66, 63_775.67, 62_400, 61_000, 60_500, 60_000]);
const dvol = hours('2026-02-05T18:00:00Z', [70.1, 74.1, 87.8, 89.78, 86.4, 82.6, 84.4]);
const events = [
  { ts: '2026-02-05T21:00:00Z', label: 'US close' },
  { ts: '2026-02-06T00:00:00Z', label: 'low $60.0K' },
  { ts: '2026-02-05T20:00:00Z', label: 'largest DVOL rise' },
];
const session = { sessionOpen: '2026-02-05T14:30:00Z', sessionClose: '2026-02-05T21:00:00Z' };
const flow = (ticker: string, flowUsd: number): TimelineFlow => ({
  date: '2026-02-05',
  ticker,
  flowUsd,
  ...session,
  quality: 'observed',
});
// Farside, 2026-02-05 (US$): IBIT -175.3M, FBTC -109.0M, GBTC -62.4M, ARKB -29.6M, BITB -20.5M, HODL +10M (two "others").
const flows = [
  flow('IBIT', -175.3e6),
  flow('FBTC', -109e6),
  flow('GBTC', -62.4e6),
  flow('ARKB', -29.6e6),
  flow('BITB', -20.5e6),
  flow('HODL', 10e6),
];
const openInterest = hours('2026-02-05T18:00:00Z', [100, 99, 97, 95, 94, 94, 93]).flatMap((h) => [
  { ts: h.ts, venue: 'binance', oiBtc: h.close * 1000, quality: 'reconstructed' },
  { ts: h.ts, venue: 'cme', oiBtc: 116_000, quality: 'reconstructed' },
]);
const meta = { sourceNote: 'Source: Binance, Deribit, Farside (observed)', reconstructed: false };
const build = () => timeline({ btc, dvol, events, flows, openInterest }, meta);

interface Panel {
  height: number;
  data: { values: Record<string, unknown>[] };
  layer: {
    mark: { type: string };
    encoding: Record<string, { axis?: { format?: string; labelOverlap?: unknown }; title?: unknown }>;
  }[];
}

chartContract('timeline', build);

describe('timeline', () => {
  it('events strip, BTC, DVOL, ETF flows by fund and open interest on one UTC axis whose labels carry the year', () => {
    const spec = build().spec as { vconcat: Panel[] };
    expect(spec.vconcat).toHaveLength(5);
    const [strip, b, d, f, oi] = spec.vconcat;
    // One row per event in time order: no two labels share a line.
    expect(strip.data.values.map((r) => r.label)).toEqual(['largest DVOL rise', 'US close', 'low $60.0K']);
    expect(new Set(strip.data.values.map((r) => r.y)).size).toBe(3);
    expect(b.data.values.map((r) => r.v)).toEqual(btc.map((x) => x.close));
    expect(d.data.values.map((r) => r.v)).toEqual(dvol.map((x) => x.close));
    for (const p of [b, d, f, oi]) {
      expect(p.layer[0].encoding.x.axis?.format).toContain('%Y');
      expect(p.layer[0].encoding.x.axis?.labelOverlap).toBe('greedy');
    }
    expect(f.layer[0].mark.type).toBe('rect');
    expect(new Set(oi.data.values.map((r) => r.venue))).toEqual(new Set(['binance', 'cme']));
    expect(JSON.stringify(oi.layer[0].encoding.y.title)).toContain('reconstructed');
  });

  it('stacks a day’s flows by fund from zero (hand case): the four largest funds, then the rest summed', () => {
    const spec = build().spec as { vconcat: Panel[] };
    const rows = spec.vconcat[3].data.values as {
      fund: string;
      y0: number;
      y1: number;
      ts: string;
      ts2: string;
    }[];
    expect(rows.map((r) => r.fund)).toEqual(['IBIT', 'FBTC', 'GBTC', 'ARKB', 'other funds']);
    // Outflows stack downward: IBIT 0 → -175.3, FBTC → -284.3, GBTC → -346.7, ARKB → -376.3, others (-20.5 + 10) → -386.8.
    expect(rows.map((r) => [r.y0, r.y1])).toEqual([
      [0, -175.3],
      [-175.3, -284.3],
      [-284.3, -346.7],
      [-346.7, -376.3],
      [-376.3, -386.8],
    ]);
    expect(rows.every((r) => r.ts === session.sessionOpen && r.ts2 === session.sessionClose)).toBe(true);
  });

  it('inflows stack upward and outflows downward on the same day', () => {
    const mixed = timeline(
      { btc, dvol, events, flows: [flow('IBIT', 100e6), flow('FBTC', -40e6), flow('GBTC', 30e6)] },
      meta,
    ).spec as { vconcat: Panel[] };
    const rows = mixed.vconcat[3].data.values as { fund: string; y0: number; y1: number }[];
    expect(rows.map((r) => [r.fund, r.y0, r.y1])).toEqual([
      ['IBIT', 0, 100],
      ['FBTC', 0, -40],
      ['GBTC', 100, 130],
    ]);
  });

  it('observed panels stay solid when the chart carries the reconstructed look', () => {
    const spec = timeline(
      { btc, dvol, events, flows, openInterest, observed: { btc: true, dvol: true } },
      { ...meta, reconstructed: true },
    ).spec as {
      vconcat: { layer: { mark: { strokeDash?: number[] } }[] }[];
      config: { line: { strokeDash: number[] } };
    };
    expect(spec.config.line.strokeDash.length).toBe(2);
    expect(spec.vconcat[1].layer[0].mark.strokeDash).toEqual([1, 0]);
    expect(spec.vconcat[2].layer[0].mark.strokeDash).toEqual([1, 0]);
    expect(spec.vconcat[4].layer[0].mark.strokeDash).toBeUndefined();
  });

  it('renders with BTC alone (no DVOL, flows, open interest or events) as one panel; the SVG shows the year', async () => {
    const one = timeline({ btc, dvol: [], events: [] }, meta).spec as { vconcat: unknown[] };
    expect(one.vconcat).toHaveLength(1);
    const svg = await renderSvg(build().spec);
    expect(svg).toContain('2026');
    expect(svg).toContain('largest DVOL rise');
  });
});
