import { describe, expect, it } from 'vitest';
import type { Findings } from '../forensics/findings.js';
import { buildReportDoc, evidenceSentence, formatInUnit } from './buildDoc.js';

function findings(reconstructedShare: number): Findings {
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
    reconstructedShare,
    findings: [
      {
        id: 'stress',
        title: 'Fund stress',
        available: false,
        summary: 'Not available: no readings.',
        metrics: {},
        provenance: { tables: ['stress_series'], quality: {}, sources: [], rows: 0 },
        notes: ['no readings'],
        data: null,
      },
      {
        id: 'basis',
        title: 'CME basis',
        available: false,
        summary: 'Not available.',
        metrics: {
          jump: { label: 'jump', value: 0.057, unit: 'decimal', quality: 'reconstructed', display: '5.7 pp' },
        },
        provenance: {
          tables: ['futures_settlements'],
          quality: { reconstructed: 3 },
          sources: ['gen'],
          rows: 3,
        },
        notes: [],
        data: null,
      },
    ],
    sensitivity: [],
    hypothesisSet: { name: 'test claims', source: 'test' },
    hypotheses: [
      {
        id: 'H3',
        claim: 'basis unwind',
        verdict: 'supported',
        confidence: 0.5,
        score: 1,
        coverage: 0.5,
        reason: '1 of 2 rules support',
        evidence: [
          {
            rule: 'H3.jump-size',
            description: 'rose by at least 3 pp',
            metric: 'basis.jump',
            observed: 0.057,
            threshold: 0.03,
            direction: 'above',
            weight: 1,
            outcome: 'supports',
            quality: 'reconstructed',
            role: 'illustration',
            kind: 'existence',
          },
          {
            rule: 'H3.other',
            description: 'missing metric',
            metric: 'stress.z',
            observed: null,
            threshold: 3,
            direction: 'above',
            weight: 1,
            outcome: 'missing',
            quality: 'observed',
            role: 'missing',
            kind: 'existence',
          },
        ],
        wouldTestWith: [
          { model: 'futures_settlements', command: 'crashscope ingest cme futures_settlements' },
        ],
      },
    ],
  };
}

describe('buildReportDoc', () => {
  it('maps hypotheses to cards with thresholds formatted in the metric unit', () => {
    const doc = buildReportDoc(findings(0.5));
    expect(doc.scorecard).toHaveLength(1);
    expect(doc.scorecard[0].evidence[0].display).toBe('jump = 5.7% ≥ 3.0%');
    expect(doc.scorecard[0].evidence[0].role).toBe('illustration');
    expect(doc.scorecard[0].evidence[1].display).toBe('z: no data (needs ≥ 3)');
    expect(doc.scorecard[0].wouldTestWith).toEqual([
      'futures_settlements: crashscope ingest cme futures_settlements',
    ]);
    expect(doc.reconstructedBanner).toMatch(/^50\.0% of the rows/);
  });
  it('unavailable findings become sections without charts, with their notes; no banner without reconstructed rows', () => {
    const doc = buildReportDoc(findings(0));
    expect(doc.reconstructedBanner).toBeNull();
    expect(doc.sections.map((s) => s.id)).toEqual(['stress', 'basis', 'what-would-test']);
    expect(doc.sections[2].tables[0].rows).toEqual([
      ['H3', 'supported', 'futures_settlements', 'crashscope ingest cme futures_settlements'],
    ]);
    expect(doc.sections[0].charts).toEqual([]);
    expect(doc.sections[0].notes).toEqual(['no readings']);
    expect(doc.sections[1].numbers[0]).toMatchObject({ display: '5.7 pp', quality: 'reconstructed' });
    // The display already carries the unit ('5.7 pp', '$10.4B', '1.30x'): it is printed once.
    expect(doc.sections[1].numbers[0].unit).toBeUndefined();
  });
  it('the lede counts what ran: analyses available and hypotheses scored vs untestable', () => {
    const doc = buildReportDoc(findings(0));
    expect(doc.lede).toMatch(
      /^Forensics of 2026-02-05: 0 of 2 analyses ran; 1 of 1 hypotheses scored, 0 untestable \(test claims\)\./,
    );
    expect(doc.lede).not.toMatch(/nine|seven/);
  });
  it('evidence sentences of between rules and of rules whose condition contradicts the claim', () => {
    const base = {
      metric: 'flows.surpriseRobustSigma',
      threshold: -1,
      upper: 1,
      direction: 'between' as const,
    };
    expect(evidenceSentence({ ...base, observed: 0.5, outcome: 'supports' }, 'sigma')).toBe(
      'surpriseRobustSigma = 0.5 within -1 to 1',
    );
    expect(evidenceSentence({ ...base, observed: -2.5, outcome: 'contradicts' }, 'sigma')).toBe(
      'surpriseRobustSigma = -2.5 outside -1 to 1',
    );
    expect(evidenceSentence({ ...base, observed: null, outcome: 'missing' }, 'sigma')).toBe(
      'surpriseRobustSigma: no data (needs -1 to 1)',
    );
    // 'OI fell at least 10%' meaning contradicts: a fall of 20% holds the condition and contradicts.
    const drop = {
      metric: 'open-interest.twoDayChangePct:binance',
      threshold: -0.1,
      direction: 'below' as const,
      means: 'contradicts' as const,
    };
    expect(evidenceSentence({ ...drop, observed: -0.2, outcome: 'contradicts' }, 'decimal')).toBe(
      'twoDayChangePct:binance = -20.0% ≤ -10.0%',
    );
    expect(evidenceSentence({ ...drop, observed: 0.05, outcome: 'supports' }, 'decimal')).toBe(
      'twoDayChangePct:binance = 5.0% > -10.0%',
    );
  });
  it('lists every table read with its rows by quality, so what stays reconstructed is in the report', () => {
    const f = findings(0.5);
    const doc = buildReportDoc({
      ...f,
      inputs: [
        {
          table: 'bars (btcIntraday)',
          rows: 24,
          from: '2026-02-05T05:00:00Z',
          to: '2026-02-06T04:00:00Z',
          quality: { observed: 24 },
        },
        {
          table: 'option_chain (chain)',
          rows: 2444,
          from: '2026-02-04T21:00:00Z',
          to: '2026-02-04T21:00:00Z',
          quality: { reconstructed: 2444 },
        },
      ],
    });
    const data = doc.sections.find((s) => s.id === 'data');
    expect(data?.tables[0].rows).toEqual([
      ['bars (btcIntraday)', '2026-02-05', '2026-02-06', '24', '0', '0'],
      ['option_chain (chain)', '2026-02-04', '2026-02-04', '0', '0', '2,444'],
    ]);
    expect(buildReportDoc(f).sections.some((s) => s.id === 'data')).toBe(false);
  });
  it('formatInUnit', () => {
    expect(formatInUnit(1e9, 'USD')).toBe('$1.00B');
    expect(formatInUnit(0.005, 'decimal')).toBe('0.50%');
    expect(formatInUnit(-0.1, 'decimal')).toBe('-10.0%');
    expect(formatInUnit(1.5, 'x')).toBe('1.50x');
    expect(formatInUnit(10, 'rank')).toBe('10');
    expect(formatInUnit(3, 'z')).toBe('3');
  });
});
