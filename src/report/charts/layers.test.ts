import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../errors.js';
import { renderChart } from '../render.js';
import {
  annotation,
  areaBand,
  axisTitle,
  barLayer,
  baseSpec,
  chart,
  colorScale,
  formatPct,
  formatProbability,
  formatUsdCompact,
  lineLayer,
  PALETTE,
  panel,
  pointLayer,
  quantitative,
  reconstructed,
  rectLayer,
  roundSig,
  ruleX,
  ruleY,
  seriesColor,
  temporal,
  textLabel,
  venueLabel,
  wrapText,
  xRange,
} from './layers.js';

describe('number formats for labels', () => {
  it.each([
    [10.73e9, '$10.7B'],
    [5.1e9, '$5.1B'],
    [230e6, '$230M'],
    [-175.33e6, '-$175M'],
    [999.96e6, '$1B'],
    [67200, '$67.2k'],
    [950, '$950'],
    [0, '$0'],
    [1.5e12, '$1.5T'],
    [Number.NaN, 'n/a'],
  ])('formatUsdCompact(%s) = %s', (x, s) => expect(formatUsdCompact(x)).toBe(s));

  it.each([
    [0.0904, 1, '9.0%'],
    [0.033, 1, '3.3%'],
    [-0.1391, 2, '-13.91%'],
    [Number.POSITIVE_INFINITY, 1, 'n/a'],
  ])('formatPct(%s, %s) = %s', (x, d, s) => expect(formatPct(x, d)).toBe(s));

  // 2Φ(−3.5) = 4.6525e-4 (Abramowitz & Stegun, table 26.1); 2Φ(−3) = 2.6998e-3.
  it.each([
    [4.6525e-4, '0.047%'],
    [2.6998e-3, '0.27%'],
    [0.5, '50%'],
  ])('formatProbability(%s) = %s', (p, s) => expect(formatProbability(p)).toBe(s));

  it('roundSig keeps 6 significant digits and passes 0 and non-finite values', () => {
    expect(roundSig(1234.5678, 4)).toBe(1235);
    expect(roundSig(0.000123456789)).toBe(0.000123457);
    expect(roundSig(0)).toBe(0);
    expect(roundSig(Number.NaN)).toBeNaN();
  });
});

describe('wrapText', () => {
  it('breaks at spaces', () => {
    expect(wrapText('a bb ccc', 4)).toEqual(['a bb', 'ccc']);
    expect(wrapText('  ', 4)).toEqual([]);
  });

  it('keeps every word, in order, and no line longer than the limit unless it is one long word', () => {
    fc.assert(
      fc.property(
        fc.array(fc.stringMatching(/^[a-z]{1,12}$/), { maxLength: 30 }),
        fc.integer({ min: 1, max: 40 }),
        (words, max) => {
          const lines = wrapText(words.join(' '), max);
          expect(lines.join(' ').split(' ').filter(Boolean)).toEqual(words);
          for (const l of lines)
            expect(l.length <= max || !l.includes(' '), `${JSON.stringify(l)} > ${max}`).toBe(true);
        },
      ),
    );
  });
});

describe('axisTitle', () => {
  it('fits the plot height at 8.8 px per character (Vega offline estimate for 11 px text)', () => {
    // (120 − 4) / 8.8 = 13 characters per line.
    expect(axisTitle('Put share of contracts (%)', 120)).toEqual(['Put share of', 'contracts (%)']);
    expect(axisTitle('Put share of contracts (%)', 112)).toEqual(['Put share of', 'contracts', '(%)']);
    expect(axisTitle('Dollar volume (USD bn)', 240)).toBe('Dollar volume (USD bn)');
  });
});

describe('palette', () => {
  it('gives venues fixed colours, case-insensitive, with aliases', () => {
    expect(seriesColor('CME')).toBe(PALETTE.cme);
    expect(seriesColor('binance')).toBe(PALETTE.binance);
    expect(seriesColor('Deribit')).toBe(PALETTE.deribit);
    expect(seriesColor('IBIT')).toBe(PALETTE.ibit);
    expect(seriesColor('cboe')).toBe(PALETTE.ibit);
    expect(seriesColor('toString')).toBeNull();
    expect(seriesColor('Unknown venue')).toBeNull();
  });

  it('assigns fallback colours in order of appearance to names without one, and honours overrides', () => {
    const s = colorScale(['A', 'CME', 'B', 'C'], { C: '#000000' });
    expect(s.domain).toEqual(['A', 'CME', 'B', 'C']);
    expect(s.range).toEqual(['#4c78a8', PALETTE.cme, '#e45756', '#000000']);
  });

  it('labels stored venue names for people', () => {
    expect(venueLabel('cme')).toBe('CME');
    expect(venueLabel('binance')).toBe('Binance');
    expect(venueLabel('cboe')).toBe('IBIT options (Cboe)');
    expect(venueLabel('Kraken')).toBe('Kraken');
  });
});

describe('encodings and layers', () => {
  it('temporal channels use a UTC scale, daily tick steps, labels with the year and no overlapping labels', () => {
    expect(temporal('date', 'Day')).toEqual({
      field: 'date',
      type: 'temporal',
      title: 'Day',
      scale: { type: 'utc' },
      axis: { labelAngle: 0, tickMinStep: 86_400_000, format: '%b %d %Y', labelOverlap: 'greedy' },
    });
    expect((temporal('date', 'Day', { format: '%b %Y' }).axis as { format: string }).format).toBe('%b %Y');
  });

  it('quantitative channels carry only the options given', () => {
    expect(quantitative('v', 'USD (bn)')).toEqual({ field: 'v', type: 'quantitative', title: 'USD (bn)' });
    expect(quantitative('v', null, { zero: false, format: ',.0f' })).toEqual({
      field: 'v',
      type: 'quantitative',
      title: null,
      scale: { zero: false },
      axis: { format: ',.0f' },
    });
  });

  it('ruleX puts one row per value in the channel field and a label layer when asked', () => {
    const x = temporal('date');
    const [rule, text] = ruleX(x, ['2026-02-04', '2026-02-05'], { label: 'close', labelSide: 'left' });
    expect(rule.data).toEqual({ values: [{ date: '2026-02-04' }, { date: '2026-02-05' }] });
    expect((rule.encoding as { x: unknown }).x).toBe(x);
    expect((text.mark as { align: string }).align).toBe('right');
    expect(ruleX(x, '2026-02-05')).toHaveLength(1);
    expect(() => ruleX({ value: 3 }, 1)).toThrow(InvalidInputError);
  });
});

describe('base spec, reconstructed look and chart()', () => {
  const meta = { sourceNote: 'Source: somewhere', reconstructed: false };

  it('puts title, wrapped source note and usermeta on the base spec', () => {
    const b = baseSpec({ id: 'x', title: 'T', sourceNote: 'S' });
    expect(b.title).toEqual({ text: 'T', subtitle: ['S'] });
    expect(b.usermeta).toEqual({ crashscope: { id: 'x', reconstructed: false } });
  });

  it('reconstructed() adds the tag line, dashed lines and muted marks, and is idempotent', () => {
    const r = reconstructed(baseSpec({ id: 'x', title: 'T', sourceNote: 'S' }));
    const title = r.title as { subtitle: string[]; subtitleColor: string };
    expect(title.subtitle[0]).toMatch(/^RECONSTRUCTED DATA/);
    expect(title.subtitle[1]).toBe('S');
    expect((r.config as { line: { strokeDash: number[] } }).line.strokeDash).toEqual([6, 3]);
    expect((r.usermeta as { crashscope: { reconstructed: boolean } }).crashscope.reconstructed).toBe(true);
    expect(reconstructed(r)).toEqual(r);
  });

  it('chart() keeps the builder id unless overridden and rejects unsafe ids', () => {
    expect(chart('a-b', 'T', meta, {}).id).toBe('a-b');
    expect(chart('a-b', 'T', { ...meta, id: 'c.d_1' }, {}).id).toBe('c.d_1');
    expect(chart('a-b', 'T', { ...meta, title: 'U' }, {}).title).toBe('U');
    for (const bad of ['../x', 'a/b', '', '.hidden', 'a b']) {
      expect(() => chart(bad, 'T', meta, {}), bad).toThrow(InvalidInputError);
    }
  });
});

describe('every layer helper composes into valid Vega-Lite', () => {
  it('renders a chart made of all of them with no warning', async () => {
    const x = quantitative('px', 'BTC price (USD)', { zero: false });
    const y = quantitative('v', 'Value (USD M)');
    const rows = [
      { px: 60000, v: -2, hi: 1, px2: 61000, base: 0, label: 'a' },
      { px: 65000, v: 1, hi: 3, px2: 66000, base: 0, label: 'b' },
      { px: 70000, v: 2, hi: 4, px2: 71000, base: 0, label: 'c' },
    ];
    const layer = [
      xRange({ x, x2Field: 'px2', rows: [{ px: 62000, px2: 64000 }] }),
      areaBand({ x, y, y2Field: 'hi' }),
      lineLayer({ x, y, color: PALETTE.cme, points: true }),
      pointLayer({ x, y, size: 40 }),
      barLayer({ x, y, thickness: 6 }),
      rectLayer({ x, x2Field: 'px2', y, y2Field: 'base', opacity: 0.3 }),
      textLabel({ x, y, dy: -6 }),
      annotation(['top right', 'two lines'], { corner: 'top-right' }),
      annotation(['bottom left'], { corner: 'bottom-left' }),
      ...ruleX(x, [63000, 67000], { label: 'mark', dash: [4, 2] }),
      ...ruleY(y, 0, { label: 'zero' }),
    ];
    const spec = chart(
      'all',
      'All helpers',
      { sourceNote: 'Source: test', reconstructed: true },
      {
        vconcat: [panel({ width: 400, height: 160, data: rows, layer })],
      },
    ).spec;
    const r = await renderChart(spec);
    expect(r.warnings).toEqual([]);
    for (const t of ['top right', 'bottom left', 'mark', 'zero', 'a', 'RECONSTRUCTED DATA'])
      expect(r.svg).toContain(t);
  });
});
