import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../errors.js';
import { canonicalSvgIds, normalizeSpec, normalizeSvg, renderChart, renderSvg } from './render.js';

const tiny = {
  width: 200,
  height: 100,
  data: {
    values: [
      { date: '2026-02-04', v: 1 },
      { date: '2026-02-05', v: 3 },
    ],
  },
  mark: 'line',
  encoding: {
    x: { field: 'date', type: 'temporal', scale: { type: 'utc' } },
    y: { field: 'v', type: 'quantitative' },
  },
};

describe('canonicalSvgIds / normalizeSvg / normalizeSpec', () => {
  it('renumbers ids in order of appearance and rewrites references', () => {
    expect(
      canonicalSvgIds(
        '<clipPath id="clip9"/><g clip-path="url(#clip9)"/><clipPath id="clip4"/><use href="#clip4"/>',
      ),
    ).toBe('<clipPath id="clip1"/><g clip-path="url(#clip1)"/><clipPath id="clip2"/><use href="#clip2"/>');
    expect(canonicalSvgIds('<g/>')).toBe('<g/>');
  });

  it('rounds decimals and strips ids', () => {
    expect(normalizeSvg('<path id="clip3" d="M0.123,4.5678"/><g clip-path="url(#clip3)"/>')).toBe(
      '<path id="_" d="M0.1,4.6"/><g clip-path="url(#_)"/>',
    );
    expect(normalizeSvg('d="M-0.04,1e-7"')).toBe('d="M0,1e-7"');
  });

  it('rounds every number of a spec to significant digits', () => {
    expect(normalizeSpec({ a: [1.23456789, { b: 0.000123456789 }], c: 'x', d: null }, 3)).toEqual({
      a: [1.23, { b: 0.000123 }],
      c: 'x',
      d: null,
    });
  });
});

describe('renderChart', () => {
  it('renders a small spec to SVG with no warnings', async () => {
    const r = await renderChart(tiny);
    expect(r.warnings).toEqual([]);
    expect(r.svg.startsWith('<svg')).toBe(true);
    expect(await renderSvg(tiny)).toBe(r.svg);
  });

  it('gives the same bytes whatever was rendered before (ids do not leak between renders)', async () => {
    const clipped = { ...tiny, mark: { type: 'line', clip: true } };
    const a = await renderSvg(clipped);
    await renderSvg(clipped);
    await renderSvg({ ...clipped, width: 300 });
    expect(await renderSvg(clipped)).toBe(a);
    expect(a).toContain('id="clip1"');
  });

  it('does not depend on the process time zone (UTC scales)', async () => {
    const saved = process.env.TZ;
    try {
      process.env.TZ = 'UTC';
      const utc = await renderSvg(tiny);
      process.env.TZ = 'America/New_York';
      const ny = await renderSvg(tiny);
      process.env.TZ = 'Asia/Tokyo';
      const tokyo = await renderSvg(tiny);
      expect(ny).toBe(utc);
      expect(tokyo).toBe(utc);
      // The same chart on a local-time scale does move with the zone: the check above can fail.
      const local = { ...tiny, encoding: { ...tiny.encoding, x: { field: 'date', type: 'temporal' } } };
      process.env.TZ = 'UTC';
      const localUtc = await renderSvg(local);
      process.env.TZ = 'America/New_York';
      expect(await renderSvg(local)).not.toBe(localUtc);
    } finally {
      process.env.TZ = saved;
    }
  });

  it('collects Vega-Lite warnings instead of printing them', async () => {
    // xOffset needs a discrete x: Vega-Lite drops it with a warning.
    const r = await renderChart({
      ...tiny,
      encoding: { ...tiny.encoding, xOffset: { field: 'v', type: 'nominal' } },
    });
    expect(r.warnings).toEqual(['warn: xOffset dropped because x is continuous']);
  });

  it('refuses specs that load data from a URL, without fetching', async () => {
    const spec = { data: { url: 'https://example.invalid/data.csv' }, mark: 'point' };
    await expect(renderChart(spec)).rejects.toThrow(/inline their data; found \$\.data\.url/);
    await expect(renderChart(spec)).rejects.toBeInstanceOf(InvalidInputError);
    const nested = { vconcat: [tiny, { ...tiny, data: { url: 'file:///etc/passwd' } }] };
    await expect(renderChart(nested)).rejects.toThrow(/\$\.vconcat\[1\]\.data\.url/);
  });

  it('throws InvalidInputError for a spec Vega-Lite cannot compile', async () => {
    await expect(renderChart({ layer: 'not an array' })).rejects.toBeInstanceOf(InvalidInputError);
  });
});
