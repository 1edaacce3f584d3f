/**
 * The contract every chart builder meets (shared/STYLE.md item 7), registered by each chart's test file in
 * one line: JSON-clean inline data, UTC temporal scales, Vega-Lite compiles and Vega renders it with no
 * warning, the source note is the subtitle, the reconstructed look matches the flag, the output is
 * deterministic, and the normalized spec matches its committed snapshot.
 */
import { describe, expect, it } from 'vitest';
import type { ChartRef } from '../doc.js';
import { normalizeSpec, renderChart } from '../render.js';

function walk(
  value: unknown,
  visit: (node: Record<string, unknown>, path: string) => void,
  path = '$',
): void {
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) walk(v, visit, `${path}[${i}]`);
  } else if (value !== null && typeof value === 'object') {
    const node = value as Record<string, unknown>;
    visit(node, path);
    for (const [k, v] of Object.entries(node)) walk(v, visit, `${path}.${k}`);
  }
}

function subtitleOf(spec: Readonly<Record<string, unknown>>): string[] {
  const title = spec.title as { subtitle?: string | string[] } | undefined;
  const s = title?.subtitle;
  return s === undefined ? [] : Array.isArray(s) ? s : [s];
}

/**
 * Registers the contract tests of one chart builder. `build` must be pure: it is called more than once.
 * @example chartContract('etfVolume', () => etfVolume(input, meta))
 */
export function chartContract(name: string, build: () => ChartRef): void {
  describe(`${name} meets the chart contract`, () => {
    it('has a file-name-safe id, a title and a one-line source note', () => {
      const c = build();
      expect(c.id).toMatch(/^[A-Za-z0-9][A-Za-z0-9._-]*$/);
      expect(c.title.length).toBeGreaterThan(0);
      expect(c.sourceNote).not.toMatch(/\n/);
    });

    it('is plain JSON: no NaN, Infinity, undefined or functions; data inline, no URLs', () => {
      const spec = build().spec;
      expect(JSON.parse(JSON.stringify(spec))).toEqual(spec);
      walk(spec, (node, path) => {
        for (const [k, v] of Object.entries(node)) {
          if (typeof v === 'number') expect(Number.isFinite(v), `${path}.${k} = ${v}`).toBe(true);
        }
        if ('data' in node && node.data !== undefined) {
          const data = node.data as Record<string, unknown>;
          expect(Object.keys(data), `${path}.data`).toEqual(['values']);
          expect(Array.isArray(data.values), `${path}.data.values`).toBe(true);
        }
      });
    });

    it('puts every temporal channel on a UTC scale', () => {
      walk(build().spec, (node, path) => {
        if (node.type === 'temporal') {
          expect(
            (node.scale as { type?: string } | undefined)?.type,
            `${path} (field ${String(node.field)})`,
          ).toBe('utc');
        }
      });
    });

    it('shows the source note as its subtitle and matches the reconstructed flag', () => {
      const c = build();
      const sub = subtitleOf(c.spec).join(' ');
      expect(sub.replace(/\s+/g, ' ')).toContain(c.sourceNote.replace(/\s+/g, ' '));
      const meta = (c.spec.usermeta as { crashscope: { id: string; reconstructed: boolean } }).crashscope;
      expect(meta).toEqual({ id: c.id, reconstructed: c.reconstructed });
      const config = c.spec.config as { line?: { strokeDash?: number[] } };
      if (c.reconstructed) {
        expect(subtitleOf(c.spec)[0]).toMatch(/^RECONSTRUCTED DATA/);
        expect(config.line?.strokeDash?.length).toBe(2);
      } else {
        expect(sub).not.toMatch(/RECONSTRUCTED/);
        expect(config.line?.strokeDash).toBeUndefined();
      }
    });

    it('compiles and renders to SVG with no warning', async () => {
      const c = build();
      const r = await renderChart(c.spec);
      expect(r.warnings).toEqual([]);
      expect(r.svg.startsWith('<svg')).toBe(true);
      expect(r.svg).not.toMatch(/NaN|undefined|Infinity/);
      const width = Number(/width="(\d+(\.\d+)?)"/.exec(r.svg)?.[1]);
      const height = Number(/height="(\d+(\.\d+)?)"/.exec(r.svg)?.[1]);
      expect(width).toBeGreaterThan(300);
      expect(width).toBeLessThan(760);
      expect(height).toBeGreaterThan(150);
      expect(r.svg).toContain(c.title.replace(/&/g, '&amp;').replace(/'/g, '&#39;').slice(0, 20));
      if (c.reconstructed) {
        expect(r.svg.includes('RECONSTRUCTED DATA'), `${c.id}: tag in the SVG`).toBe(true);
        let lines = false;
        walk(c.spec, (node) => {
          const mark = node.mark as { type?: string } | string | undefined;
          if (mark === 'line' || (typeof mark === 'object' && mark?.type === 'line')) lines = true;
        });
        if (lines) expect(r.svg.includes('stroke-dasharray'), `${c.id}: dashed lines in the SVG`).toBe(true);
      }
    });

    it('is deterministic: same spec and same SVG bytes on a second build', async () => {
      const a = build();
      const b = build();
      expect(b.spec).toEqual(a.spec);
      const [sa, sb] = [await renderChart(a.spec), await renderChart(b.spec)];
      expect(sb.svg).toBe(sa.svg);
    });

    it('matches the committed spec snapshot (numbers to 6 significant digits)', () => {
      expect(normalizeSpec(build().spec)).toMatchSnapshot();
    });
  });
}
