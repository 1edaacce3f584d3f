import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Findings } from './findings.js';
import { catalogueEntry, ILLUSTRATION_FINDINGS, METRIC_CATALOGUE } from './metricCatalogue.js';

const golden = JSON.parse(
  readFileSync(new URL('../../test/golden/findings-2026-02-05.json', import.meta.url), 'utf8'),
) as Findings;

describe('the metric catalogue', () => {
  it('resolves plain and parameterised metrics', () => {
    const r = catalogueEntry('cross-asset.corr20Pct:IGV');
    expect(r.ok && [r.entry.id, r.entry.parameter, r.parameter]).toEqual([
      'cross-asset.corr20Pct',
      'symbol',
      'IGV',
    ]);
    const z = catalogueEntry('stress.z');
    expect(z.ok && [z.entry.unit, z.parameter]).toEqual(['z', null]);
    expect(catalogueEntry('open-interest.twoDayChangePct:bad venue')).toEqual({
      ok: false,
      problem: "metric 'open-interest.twoDayChangePct:bad venue': 'bad venue' is not a venue name",
    });
  });

  it('refuses the metrics of illustrations (the simulated "what it took"), saying why', () => {
    const r = catalogueEntry('what-it-took.saleNoChannels');
    expect(r).toEqual({
      ok: false,
      problem: `'what-it-took.saleNoChannels' is an illustration (the simulated "what it took"): no rule may name it`,
    });
    expect(METRIC_CATALOGUE.some((e) => e.id.startsWith('what-it-took.'))).toBe(false);
  });

  it('ids are unique', () => {
    expect(new Set(METRIC_CATALOGUE.map((e) => e.id)).size).toBe(METRIC_CATALOGUE.length);
  });

  it('equals what the sections emit on the embedded event (every section runs there), units included', () => {
    const emitted = new Map<string, string | null>();
    for (const f of golden.findings) {
      expect(f.available, f.id).toBe(true);
      if (ILLUSTRATION_FINDINGS.includes(f.id)) continue; // no rule may name them (next test)
      for (const [k, m] of Object.entries(f.metrics)) {
        const ref = `${f.id}.${k}`;
        const r = catalogueEntry(ref);
        expect(r.ok, ref).toBe(true);
        if (r.ok) {
          expect(r.entry.unit, ref).toBe(m.unit);
          emitted.set(r.entry.id, m.unit);
        }
      }
    }
    expect([...emitted.keys()].sort()).toEqual(METRIC_CATALOGUE.map((e) => e.id).sort());
  });
});
