import { describe, expect, it } from 'vitest';
import type { Findings } from '../forensics/findings.js';
import type { WhatItTookData } from '../forensics/sections/whatItTook.js';
import { buildReportDoc } from './buildDoc.js';
import { renderMarkdown } from './markdown.js';
import { renderScorecard } from './terminal.js';
import { whatItTookTables } from './whatItTookTables.js';

const ok = (saleUsd: number) => ({
  status: 'ok' as const,
  saleUsd,
  closeLogReturn: -0.1418,
  cliffBelowLogReturn: null,
});

function data(cliff: boolean): WhatItTookData {
  return {
    fromAsOf: '2026-02-04T21:00:00Z',
    toAsOf: '2026-02-05T21:00:00Z',
    fromUsd: 73_500,
    toUsd: 63_800,
    targetLogReturn: -0.1418,
    saleMinutes: 1440,
    stepMinutes: 5,
    depthPerPctUsd: 15e6,
    depthSource: 'assumption',
    models: [
      {
        impact: 'linear',
        params: 'permanent',
        none: ok(213e6),
        all: cliff
          ? { status: 'cliff', saleUsd: 328e6, closeLogReturn: -3.85, cliffBelowLogReturn: -0.0261 }
          : ok(100e6),
      },
      { impact: 'sqrt', params: 'Y = 1', none: ok(511e9), all: ok(509e9) },
    ],
    attribution: {
      saleUsd: cliff ? 328e6 : 100e6,
      atCliff: cliff,
      closeAll: -0.132,
      closeNone: -0.066,
      amplification: 2,
      jumps: cliff ? 1 : 0,
      rows: [
        {
          channel: 'perpLiquidations',
          title: 'Perp liquidations',
          available: true,
          shapleyClose: -0.066,
          shapleyDrawdown: 0.066,
          share: 1,
        },
        {
          channel: 'leveredEtf',
          title: 'Levered-ETF rebalancing',
          available: false,
          shapleyClose: 0,
          shapleyDrawdown: 0,
          share: 0,
        },
      ],
    },
    tracking: {
      series: 'binance:BTC-USD',
      quality: 'observed',
      points: [{ ts: '2026-02-04T22:00:00Z', observed: 73_000, none: 73_000 * Math.exp(0.01), all: null }],
    },
    reconstructedInputs: ['depth per 1 %: assumption'],
  };
}

function findings(d: WhatItTookData): Findings {
  return {
    schema: 'crashscope.findings/2',
    tool: { name: 'crashscope', version: '0.0.0' },
    event: {
      date: '2026-02-05',
      previousDate: '2026-02-04',
      nextDate: '2026-02-06',
      closeUtc: '2026-02-05T21:00:00Z',
    },
    options: {},
    inputs: [],
    reconstructedShare: 0.5,
    findings: [
      {
        id: 'what-it-took',
        title: 'What it took',
        available: true,
        summary: 'Illustration, not evidence. A cliff at $328M.',
        metrics: {},
        provenance: { tables: ['perp_cohorts'], quality: { reconstructed: 3 }, sources: ['gen'], rows: 3 },
        notes: ['Illustration only.'],
        data: d,
      },
    ],
    sensitivity: [],
    hypothesisSet: { name: 'test', source: 'test' },
    hypotheses: [],
  };
}

describe('the "what it took" section in the report', () => {
  it('the impact-model table: sales, a cliff said as a cliff, the ratio only when both are answers', () => {
    const [models] = whatItTookTables(data(true));
    expect(models.columns).toEqual(['impact model', 'parameters', 'no channel', 'every channel', 'ratio']);
    expect(models.rows[0]).toEqual(['linear', 'permanent', '$213M', 'cliff at $328M: -2.6% → -97.9%', '–']);
    expect(models.rows[1][4]).toBe('1.00x');
    const [lin] = whatItTookTables(data(false)).map((t) => t.rows[0]);
    expect(lin[3]).toBe('$100M');
    expect(lin[4]).toBe('2.13x');
  });

  it('the attribution table says when it is at the cliff; null players are named as such', () => {
    const att = whatItTookTables(data(true))[1];
    expect(att.title).toContain('at the cliff: the fall the cascade makes, not the observed one');
    expect(att.title).toContain('1 jump (κ ≥ 1)');
    expect(att.rows).toEqual([
      ['Perp liquidations', '-6.60', '100%', '6.60'],
      ['Levered-ETF rebalancing (no data)', '0.00', '0%', '0.00'],
    ]);
    expect(whatItTookTables(data(false))[1].title).not.toContain('cliff');
  });

  it('the hourly comparison shows the gap in log price, a dash where a path is not shown', () => {
    const t = whatItTookTables(data(true))[2];
    expect(t.rows[0]).toEqual(['2026-02-04 22:00', '$73.0K', '$73.7K', '1.00%', '–', '–']);
  });

  it('buildDoc, Markdown and the terminal carry it (the terminal as one dim paragraph)', () => {
    const doc = buildReportDoc(findings(data(true)));
    const s = doc.sections.find((x) => x.id === 'what-it-took');
    expect(s?.tables).toHaveLength(3);
    expect(renderMarkdown(doc, new Map())).toContain('cliff at $328M');
    const text = renderScorecard(doc, { color: false, width: 100 });
    expect(text).toContain('What it took (simulated): Illustration, not evidence. A cliff at $328M.');
  });
});
