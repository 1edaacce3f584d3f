import { describe, expect, it } from 'vitest';
import { latestPerVenue } from './inputs.js';
import { fmtPct, fmtUsd, fmtX, metric, provenanceOf, worstOf, worstQuality } from './metric.js';
import { shareInBands } from './sections/positioning.js';

describe('formats', () => {
  it.each([
    [10_400_000_000, '$10.4B'],
    [230_000_000, '$230M'],
    [-175_330_000, '-$175M'],
    [41_075_661, '$41.1M'],
    [7_970_000_000, '$7.97B'],
    [73_500, '$73.5K'],
    [0, '$0'],
    [Number.NaN, 'n/a'],
  ])('fmtUsd(%d) = %s', (v, s) => expect(fmtUsd(v)).toBe(s));
  it('percent and ratio', () => {
    expect(fmtPct(0.0331)).toBe('3.3%');
    expect(fmtPct(-0.146, 0)).toBe('-15%');
    expect(fmtX(1.3049)).toBe('1.30x');
    expect(fmtX(null)).toBe('n/a');
  });
  it('metric nulls non-finite numbers so findings.json stays valid JSON', () => {
    expect(metric('x', Number.POSITIVE_INFINITY, 'USD', 'observed').value).toBeNull();
    expect(metric('x', undefined, 'USD', 'observed').display).toBe('n/a');
    expect(metric('x', 2.5, 'x', 'published', fmtX).display).toBe('2.50x');
  });
});

describe('quality and provenance', () => {
  const rows = [
    { source: 'b', quality: 'observed' },
    { source: 'a', quality: 'published' },
    { source: 'a', quality: 'reconstructed' },
  ];
  it('worst quality: reconstructed < published < observed', () => {
    expect(worstQuality(rows.slice(0, 2))).toBe('published');
    expect(worstQuality(rows)).toBe('reconstructed');
    expect(worstQuality([])).toBe('observed');
    expect(worstOf('observed', 'published')).toBe('published');
  });
  it('provenance counts rows by quality and lists sorted distinct sources', () => {
    expect(provenanceOf(['t'], rows, rows.slice(0, 1))).toEqual({
      tables: ['t'],
      quality: { observed: 2, published: 1, reconstructed: 1 },
      sources: ['a', 'b'],
      rows: 4,
    });
  });
});

describe('helpers', () => {
  it('shareInBands: fraction of [low, spot] inside bands, by hand', () => {
    const band = (lo: number, hi: number) => ({
      lo,
      hi,
      extendsBelowGrid: false,
      extendsAboveGrid: false,
      minGex: -1,
      minGexAt: lo,
    });
    // path 60..80 (length 20); bands 64..71 (7) and 78..90 (2 inside) -> 9/20
    expect(shareInBands([band(64, 71), band(78, 90)], 60, 80)).toBeCloseTo(0.45, 15);
    expect(shareInBands([], 60, 80)).toBe(0);
    expect(shareInBands([band(0, 100)], 70, 70)).toBe(0);
  });
  it('latestPerVenue keeps the last snapshot of each venue strictly before the limit', () => {
    const rows = [
      { venue: 'a', as_of: '2026-02-03T21:00:00Z', k: 1 },
      { venue: 'a', as_of: '2026-02-04T21:00:00Z', k: 2 },
      { venue: 'a', as_of: '2026-02-05T21:00:00Z', k: 3 },
      { venue: 'b', as_of: '2026-02-04T08:00:00Z', k: 4 },
    ];
    const limit = Date.parse('2026-02-05T05:00:00Z');
    expect(latestPerVenue(rows, limit).map((r) => r.k)).toEqual([2, 4]);
  });
});
