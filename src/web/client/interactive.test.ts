import { parse } from 'vega';
import { compile } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import { sampleCharts } from '../../report/testkit/sample.js';
import { interactive } from './interactive.js';

type Spec = Record<string, unknown>;

/** Every unit (non-composite) spec in a spec tree. */
function units(s: Spec): Spec[] {
  const out: Spec[] = [];
  for (const k of ['vconcat', 'hconcat', 'concat', 'layer']) {
    if (Array.isArray(s[k])) for (const c of s[k] as Spec[]) out.push(...units(c));
  }
  if (s.mark !== undefined) out.push(s);
  return out;
}

describe('interactive', () => {
  it('adds a scale-bound zoom to a time-series unit and tooltips to its mark', () => {
    const out = interactive({
      mark: 'line',
      encoding: { x: { field: 't', type: 'temporal' }, y: { field: 'v', type: 'quantitative' } },
    });
    expect(out.params).toEqual([
      { name: 'zoom_0', select: { type: 'interval', encodings: ['x'] }, bind: 'scales' },
    ]);
    expect(out.mark).toEqual({ type: 'line', tooltip: true });
  });

  it('adds no zoom when x is not time, and leaves the input untouched', () => {
    const spec = { mark: { type: 'bar', color: 'red' }, encoding: { x: { field: 'k', type: 'nominal' } } };
    const out = interactive(spec);
    expect(out.params).toBeUndefined();
    expect(out.mark).toEqual({ type: 'bar', color: 'red', tooltip: true });
    expect(spec.mark).toEqual({ type: 'bar', color: 'red' });
  });

  it('every report chart still compiles, keeps its data and marks, and time panels get one zoom each', () => {
    const charts = sampleCharts();
    expect(charts.length).toBeGreaterThan(5);
    let zoomed = 0;
    for (const c of charts) {
      const spec = c.spec as Spec;
      const out = interactive(spec);
      // Compiled by Vega-Lite and parsed by Vega (which refuses duplicate signals and bad scale bindings).
      expect(() => parse(compile(out as never).spec), c.id).not.toThrow();
      expect(units(out).length, c.id).toBe(units(spec).length);
      expect(JSON.stringify(out.data ?? null), c.id).toBe(JSON.stringify(spec.data ?? null));
      const names = units(out).flatMap((u) => ((u.params as Spec[] | undefined) ?? []).map((p) => p.name));
      expect(new Set(names).size, `${c.id}: param names unique`).toBe(names.length);
      zoomed += names.length;
    }
    // Several report charts are time series (volume, flows, basis history, open interest, stress).
    expect(zoomed).toBeGreaterThanOrEqual(3);
  });
});
