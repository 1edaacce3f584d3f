/**
 * Small composable pieces of Vega-Lite specs (shared/STYLE.md item 12, after Observable Plot's marks:
 * a chart is a base spec plus layers, each layer one small function). Every chart in crashscope is
 * built from these, so fonts, palette, axis styling and the "reconstructed" look stay the same
 * everywhere. Pure: no I/O, no clock; options have defaults at the top of the file.
 *
 * Vega-Lite reference for the properties used: https://vega.github.io/vega-lite/docs/ (mark, encoding,
 * layer, concat, resolve, title, config).
 */
import { InvalidInputError } from '../../errors.js';
import type { ChartRef } from '../doc.js';

/** A Vega-Lite spec or part of one (JSON-serializable). */
export type Spec = Record<string, unknown>;

/** System font stack: no web fonts, so charts render offline the same as the page around them. */
export const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** Defaults for every chart (pixels unless stated). 620 px of plot is about 700 px with axes. */
export const CHART_DEFAULTS = {
  width: 620,
  height: 240,
  /** Height of each panel of a two-panel chart. */
  panelHeight: 150,
  fontSize: 11,
  titleFontSize: 14,
  subtitleFontSize: 11,
  /** Subtitle characters per line before wrapping (≈ width / 6.2 at 11 px). */
  subtitleChars: 100,
  textColor: '#1f2328',
  mutedTextColor: '#59636e',
  gridColor: '#eaeef2',
  domainColor: '#8c959f',
  /** Colour and tag of reconstructed charts; the tag is the first subtitle line. */
  reconstructedColor: '#9a5b00',
  reconstructedTag: 'RECONSTRUCTED DATA',
  reconstructedDash: [6, 3] as readonly number[],
  /** Opacity applied to areas, bars and points of reconstructed charts (the "muted" look). */
  reconstructedOpacity: 0.7,
} as const;

/**
 * One palette for every chart. Venues and instruments keep their colour across charts (CME is always
 * the same blue); roles (event day, previous record, forced sells/buys) likewise.
 */
export const PALETTE = {
  cme: '#1f5fa8',
  binance: '#c98f00',
  deribit: '#13968f',
  ibit: '#6b3fa0',
  total: '#1f2328',
  igv: '#2e8b57',
  gld: '#a0522d',
  calls: '#2b7bb9',
  puts: '#d1495b',
  event: '#c0392b',
  previous: '#6e7781',
  history: '#9aa5ae',
  band: '#8fb3d9',
  shortGamma: '#f4c7c3',
  longLiquidation: '#c0392b',
  shortLiquidation: '#2e8b57',
  neutral: '#59636e',
} as const;

/** Names that share a palette entry (display labels and stored venue names of the same thing). */
const COLOR_ALIASES: Readonly<Record<string, keyof typeof PALETTE>> = {
  cboe: 'ibit',
  'ibit options (cboe)': 'ibit',
};

/** Colours for series with no fixed colour, assigned in order of first appearance. */
const FALLBACK_COLORS = ['#4c78a8', '#e45756', '#72b7b2', '#54a24b', '#b279a2', '#9d755d', '#ff9da6'];

const VENUE_LABELS: Readonly<Record<string, string>> = {
  cme: 'CME',
  binance: 'Binance',
  deribit: 'Deribit',
  okx: 'OKX',
  bybit: 'Bybit',
  ibit: 'IBIT',
  igv: 'IGV',
  gld: 'GLD',
  // IBIT's listed options are stored under the venue 'cboe' (option_chain.csv of the event pack).
  cboe: 'IBIT options (Cboe)',
  total: 'Total',
};

/**
 * Display name of a venue or symbol as stored ('cme' -> 'CME'); unknown names are returned unchanged.
 * @example venueLabel('binance') // 'Binance'
 */
export function venueLabel(name: string): string {
  return VENUE_LABELS[name.toLowerCase()] ?? name;
}

/**
 * The fixed colour of a venue/symbol/role by name (case-insensitive), or null when it has none.
 * @example seriesColor('CME') // '#1f5fa8'
 */
export function seriesColor(name: string): string | null {
  const lower = name.toLowerCase();
  const key = (COLOR_ALIASES[lower] ?? lower) as keyof typeof PALETTE;
  return Object.hasOwn(PALETTE, key) ? PALETTE[key] : null;
}

/**
 * A Vega-Lite colour scale with the palette's colour for each name and fallback colours for the rest.
 * @example colorScale(['CME', 'Binance']) // { domain: ['CME', 'Binance'], range: ['#1f5fa8', '#c98f00'] }
 */
export function colorScale(names: readonly string[], overrides: Readonly<Record<string, string>> = {}): Spec {
  let next = 0;
  const range = names.map((n) => {
    const fixed = overrides[n] ?? seriesColor(n);
    if (fixed !== null) return fixed;
    const c = FALLBACK_COLORS[next % FALLBACK_COLORS.length];
    next++;
    return c;
  });
  return { domain: [...names], range };
}

// ---------------------------------------------------------------------------------------------------------
// Number formats for labels (the axes use d3-format strings).
// ---------------------------------------------------------------------------------------------------------

function threeSig(x: number): string {
  return String(Number(x.toPrecision(3)));
}

/**
 * Compact USD for chart labels: 3 significant digits with k/M/B/T.
 * @example formatUsdCompact(10.73e9) // '$10.7B'
 */
export function formatUsdCompact(usd: number): string {
  if (!Number.isFinite(usd)) return 'n/a';
  const sign = usd < 0 ? '-' : '';
  const a = Math.abs(usd);
  const units: readonly [number, string][] = [
    [1e12, 'T'],
    [1e9, 'B'],
    [1e6, 'M'],
    [1e3, 'k'],
  ];
  for (const [size, suffix] of units) {
    // Rounding can push 999.7M to "1000M": move up a unit when it would.
    if (a >= size * 0.9995) return `${sign}$${threeSig(a / size)}${suffix}`;
  }
  return `${sign}$${threeSig(a)}`;
}

/**
 * A decimal as a percentage with fixed decimals.
 * @example formatPct(0.0904) // '9.0%'
 */
export function formatPct(decimal: number, digits = 1): string {
  return Number.isFinite(decimal) ? `${(decimal * 100).toFixed(digits)}%` : 'n/a';
}

/**
 * A probability as a percentage with 2 significant digits (small tails stay readable).
 * @example formatProbability(0.000465) // '0.047%'
 */
export function formatProbability(p: number): string {
  if (!Number.isFinite(p)) return 'n/a';
  return `${Number((p * 100).toPrecision(2))}%`;
}

/**
 * Finite numbers pass, anything else becomes null (JSON has no NaN; Vega-Lite drops nulls).
 * @example finiteOrNull(Number.NaN) // null
 */
export function finiteOrNull(x: number | null | undefined): number | null {
  return typeof x === 'number' && Number.isFinite(x) ? x : null;
}

/**
 * Rounds to `digits` significant digits: keeps inlined data small and snapshots stable.
 * @example roundSig(1234.5678, 4) // 1235
 */
export function roundSig(x: number, digits = 6): number {
  return x === 0 || !Number.isFinite(x) ? x : Number(x.toPrecision(digits));
}

/**
 * Splits text into lines of at most `maxChars` characters at spaces (longer words stay whole).
 * @example wrapText('a bb ccc', 4) // ['a bb', 'ccc']
 */
export function wrapText(text: string, maxChars: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w.length > 0)) {
    if (line.length === 0) line = word;
    else if (line.length + 1 + word.length <= maxChars) line = `${line} ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line.length > 0) lines.push(line);
  return lines;
}

// ---------------------------------------------------------------------------------------------------------
// Encodings. Layers of one chart share the same channel definitions (same field and title), so Vega-Lite
// merges them into one scale and one axis title instead of "Date, date".
// ---------------------------------------------------------------------------------------------------------

const DAY_MS = 86_400_000;

/** Date labels carry the year (issue 9: time axes show the year); long histories pass YEAR_MONTH. */
export const DAY_FORMAT = '%b %d %Y';
export const YEAR_MONTH = '%b %Y';

/**
 * A temporal channel on a UTC scale: ISO dates are UTC midnights, and labels must not depend on the TZ.
 * Ticks are at least a day apart (daily data has no hours); pass `axis.tickMinStep` for intraday axes.
 * Every label shows the year (DAY_FORMAT unless `axis.format` says otherwise, which must keep %Y), and
 * labels that would overlap are dropped greedily rather than drawn over each other.
 * @example temporal('date').axis.format // '%b %d %Y'
 */
export function temporal(field: string, title: string | null = 'Date', axis: Spec = {}): Spec {
  return {
    field,
    type: 'temporal',
    title,
    scale: { type: 'utc' },
    axis: { labelAngle: 0, tickMinStep: DAY_MS, format: DAY_FORMAT, labelOverlap: 'greedy', ...axis },
  };
}

export interface QuantitativeOptions {
  /** d3-format string for axis labels. */
  readonly format?: string;
  /** Include zero in the domain (Vega-Lite's default is true for most marks). */
  readonly zero?: boolean;
  readonly domain?: readonly number[];
  /** Pixels of padding added to both ends of a continuous scale. */
  readonly padding?: number;
  readonly axis?: Spec;
}

/**
 * A y-axis title wrapped so it is no taller than the plot (`plotHeight` px): Vega lays out with its
 * offline text estimate (0.8 × font size per character, vega-scenegraph textMetrics) and grows a panel to
 * fit a longer title, which opens gaps between stacked panels.
 * @example axisTitle('Put share of contracts (%)', 120) // ['Put share of', 'contracts (%)']
 */
export function axisTitle(title: string, plotHeight: number): string | string[] {
  const perChar = 0.8 * CHART_DEFAULTS.fontSize;
  const lines = wrapText(title, Math.max(8, Math.floor((plotHeight - 4) / perChar)));
  return lines.length === 1 ? lines[0] : lines;
}

/**
 * A quantitative channel with a title (axis titles carry the unit).
 * @example quantitative('v', 'Volume (USD bn)', { zero: false }) // { field: 'v', type: 'quantitative', title: 'Volume (USD bn)', scale: { zero: false } }
 */
export function quantitative(
  field: string,
  title: string | readonly string[] | null,
  o: QuantitativeOptions = {},
): Spec {
  const scale: Spec = {};
  if (o.zero !== undefined) scale.zero = o.zero;
  if (o.domain !== undefined) scale.domain = [...o.domain];
  if (o.padding !== undefined) scale.padding = o.padding;
  const axis: Spec = { ...(o.format === undefined ? {} : { format: o.format }), ...o.axis };
  return {
    field,
    type: 'quantitative',
    title: Array.isArray(title) ? [...title] : title,
    ...(Object.keys(scale).length > 0 ? { scale } : {}),
    ...(Object.keys(axis).length > 0 ? { axis } : {}),
  };
}

/**
 * A nominal colour channel over `names` with the fixed palette and a legend titled `legendTitle`.
 * @example colorBy('venue', ['CME']).scale // { domain: ['CME'], range: ['#1f5fa8'] }
 */
export function colorBy(
  field: string,
  names: readonly string[],
  legendTitle: string | null = null,
  overrides: Readonly<Record<string, string>> = {},
): Spec {
  return {
    field,
    type: 'nominal',
    scale: colorScale(names, overrides),
    legend: { title: legendTitle },
  };
}

function fieldOf(channel: Spec, where: string): string {
  const f = channel.field;
  if (typeof f !== 'string') {
    throw new InvalidInputError('invalid_chart_channel', `${where}: channel has no field`, {
      details: { channel },
    });
  }
  return f;
}

// ---------------------------------------------------------------------------------------------------------
// Layers.
// ---------------------------------------------------------------------------------------------------------

export interface StrokeStyle {
  readonly color?: string;
  readonly strokeWidth?: number;
  readonly dash?: readonly number[];
  readonly opacity?: number;
}

function strokeProps(s: StrokeStyle): Spec {
  return {
    ...(s.color === undefined ? {} : { color: s.color }),
    ...(s.strokeWidth === undefined ? {} : { strokeWidth: s.strokeWidth }),
    ...(s.dash === undefined ? {} : { strokeDash: [...s.dash] }),
    ...(s.opacity === undefined ? {} : { opacity: s.opacity }),
  };
}

function withData(layer: Spec, data: readonly Spec[] | undefined): Spec {
  return data === undefined ? layer : { data: { values: data.map((d) => ({ ...d })) }, ...layer };
}

export interface LineLayerOptions extends StrokeStyle {
  readonly x: Spec;
  readonly y: Spec;
  /** A colour channel (e.g. {@link colorBy}); a fixed colour goes in `color`. */
  readonly colorChannel?: Spec;
  /** Rows for this layer only; omitted = the chart's data. */
  readonly data?: readonly Spec[];
  readonly interpolate?: 'linear' | 'step-after' | 'monotone';
  /** Draw a point at each row too. */
  readonly points?: boolean;
}

/**
 * A line (one per colour group). Gaps: rows with a null y are dropped by Vega-Lite.
 * @example lineLayer({ x: temporal('date'), y: quantitative('v', 'USD') }).mark // { type: 'line' }
 */
export function lineLayer(o: LineLayerOptions): Spec {
  const mark: Spec = { type: 'line', ...strokeProps(o) };
  if (o.interpolate !== undefined) mark.interpolate = o.interpolate;
  if (o.points === true) mark.point = { size: 18, ...(o.color === undefined ? {} : { color: o.color }) };
  const encoding: Spec = { x: o.x, y: o.y };
  if (o.colorChannel !== undefined) encoding.color = o.colorChannel;
  return withData({ mark, encoding }, o.data);
}

export interface AreaBandOptions {
  readonly x: Spec;
  /** Lower edge. */
  readonly y: Spec;
  /** Upper edge: a field name of the same rows. */
  readonly y2Field: string;
  readonly color?: string;
  readonly opacity?: number;
  readonly data?: readonly Spec[];
}

/**
 * A shaded band between two y values at each x (a prediction band, a min–max range).
 * @example areaBand({ x, y: quantitative('lo', 'USD'), y2Field: 'hi' }).mark // { type: 'area', ... }
 */
export function areaBand(o: AreaBandOptions): Spec {
  return withData(
    {
      mark: { type: 'area', color: o.color ?? PALETTE.band, opacity: o.opacity ?? 0.35 },
      encoding: { x: o.x, y: o.y, y2: { field: o.y2Field } },
    },
    o.data,
  );
}

export interface XRangeOptions {
  /** Channel of the range's start (its field is read from each row); the end is `x2Field`. */
  readonly x: Spec;
  readonly x2Field: string;
  readonly rows: readonly Spec[];
  readonly color?: string;
  readonly opacity?: number;
}

/**
 * Full-height shaded x ranges (short-gamma zones, event windows).
 * @example xRange({ x: quantitative('lo', 'BTC'), x2Field: 'hi', rows: [{ lo: 1, hi: 2 }] }).mark.type // 'rect'
 */
export function xRange(o: XRangeOptions): Spec {
  return withData(
    {
      mark: { type: 'rect', color: o.color ?? PALETTE.shortGamma, opacity: o.opacity ?? 0.45 },
      encoding: { x: o.x, x2: { field: o.x2Field } },
    },
    o.rows,
  );
}

export interface RuleOptions extends StrokeStyle {
  /** Text drawn beside the rule (at the top for vertical rules, at the right end for horizontal ones). */
  readonly label?: string;
  /** Side of a vertical rule its label goes on. Default 'right'; use 'left' near the plot's right edge. */
  readonly labelSide?: 'left' | 'right';
}

/**
 * Vertical rules at `values` on the x channel (dates for temporal channels, numbers otherwise), each
 * labelled at the top with `label` when given. Returns the rule layer and, when labelled, its text layer:
 * spread the result into a `layer` array.
 * @example ruleX(temporal('date'), '2026-02-05', { label: 'Feb 5' }).length // 2
 */
export function ruleX(
  x: Spec,
  values: string | number | readonly (string | number)[],
  o: RuleOptions = {},
): Spec[] {
  const field = fieldOf(x, 'ruleX');
  const list = Array.isArray(values) ? values : [values];
  const color = o.color ?? PALETTE.event;
  const rule = withData(
    {
      mark: { type: 'rule', ...strokeProps({ strokeWidth: 1.2, ...o, color }) },
      encoding: { x },
    },
    list.map((v) => ({ [field]: v })),
  );
  if (o.label === undefined) return [rule];
  const left = o.labelSide === 'left';
  const text = withData(
    {
      mark: {
        type: 'text',
        align: left ? 'right' : 'left',
        baseline: 'top',
        dx: left ? -4 : 4,
        dy: 2,
        color,
        fontSize: CHART_DEFAULTS.fontSize,
        fontWeight: 600,
      },
      encoding: { x, y: { value: 0 }, text: { field: 'label' } },
    },
    list.map((v) => ({ [field]: v, label: o.label })),
  );
  return [rule, text];
}

/**
 * A horizontal rule at `value` on the y channel (zero line, thresholds), optionally labelled at the right.
 * @example ruleY(quantitative('z', 'z'), 3, { dash: [4, 3] })[0].mark // { type: 'rule', ... }
 */
export function ruleY(y: Spec, value: number, o: RuleOptions = {}): Spec[] {
  const field = fieldOf(y, 'ruleY');
  const color = o.color ?? PALETTE.neutral;
  const rule = withData(
    {
      mark: { type: 'rule', ...strokeProps({ strokeWidth: 1, ...o, color }) },
      encoding: { y },
    },
    [{ [field]: value }],
  );
  if (o.label === undefined) return [rule];
  const text = withData(
    {
      mark: {
        type: 'text',
        align: 'right',
        baseline: 'bottom',
        dy: -2,
        color,
        fontSize: CHART_DEFAULTS.fontSize - 1,
      },
      encoding: { x: { value: 'width' }, y, text: { field: 'label' } },
    },
    [{ [field]: value, label: o.label }],
  );
  return [rule, text];
}

export interface PointOptions {
  readonly x: Spec;
  readonly y: Spec;
  readonly rows?: readonly Spec[];
  readonly color?: string;
  readonly colorChannel?: Spec;
  readonly size?: number;
  readonly shape?: string;
  readonly filled?: boolean;
  readonly opacity?: number;
}

/**
 * Points (highlights, scatters). Default: filled circles of size 60 in the event colour.
 * @example pointLayer({ x, y, rows: [{ date: '2026-02-05', v: 10.7 }] }).mark.type // 'point'
 */
export function pointLayer(o: PointOptions): Spec {
  const mark: Spec = {
    type: 'point',
    filled: o.filled ?? true,
    size: o.size ?? 60,
    ...(o.shape === undefined ? {} : { shape: o.shape }),
    ...(o.opacity === undefined ? {} : { opacity: o.opacity }),
  };
  if (o.colorChannel === undefined) mark.color = o.color ?? PALETTE.event;
  const encoding: Spec = { x: o.x, y: o.y };
  if (o.colorChannel !== undefined) encoding.color = o.colorChannel;
  return withData({ mark, encoding }, o.rows);
}

export interface TextLabelOptions {
  readonly x: Spec;
  /** A y channel, or omitted to place the text at the top of the plot. */
  readonly y?: Spec;
  /** Rows holding the x (and y) fields and a `label` field; omitted = the chart's data. */
  readonly rows?: readonly Spec[];
  /** Field holding the text. Default 'label'. */
  readonly textField?: string;
  readonly align?: 'left' | 'center' | 'right';
  readonly baseline?: 'top' | 'middle' | 'bottom';
  readonly dx?: number;
  readonly dy?: number;
  readonly color?: string;
  readonly fontWeight?: number;
  readonly fontSize?: number;
}

/**
 * Text labels at data positions, from each row's `label` (or `textField`) field.
 * @example textLabel({ x, y, rows: [{ date: '2026-02-05', v: 10.7, label: 'record' }] }).mark.type // 'text'
 */
export function textLabel(o: TextLabelOptions): Spec {
  return withData(
    {
      mark: {
        type: 'text',
        align: o.align ?? 'left',
        baseline: o.baseline ?? 'middle',
        dx: o.dx ?? 0,
        dy: o.dy ?? 0,
        color: o.color ?? CHART_DEFAULTS.textColor,
        fontSize: o.fontSize ?? CHART_DEFAULTS.fontSize,
        ...(o.fontWeight === undefined ? {} : { fontWeight: o.fontWeight }),
      },
      encoding: { x: o.x, y: o.y ?? { value: 0 }, text: { field: o.textField ?? 'label' } },
    },
    o.rows,
  );
}

export interface AnnotationOptions {
  /** Which corner of the plot the text sits in. Default 'top-left'. */
  readonly corner?: 'top-left' | 'top-right' | 'bottom-left' | 'bottom-right';
  readonly color?: string;
  readonly fontWeight?: number;
}

/**
 * A block of text lines in a corner of the plot, independent of the data (key statistics, model notes).
 * @example annotation(['z = 3.5', 'p = 0.047%']).mark // { type: 'text', align: 'left', baseline: 'top', ... }
 */
export function annotation(lines: readonly string[], o: AnnotationOptions = {}): Spec {
  const corner = o.corner ?? 'top-left';
  const right = corner.endsWith('right');
  const bottom = corner.startsWith('bottom');
  return {
    data: { values: [{}] },
    mark: {
      type: 'text',
      align: right ? 'right' : 'left',
      baseline: bottom ? 'bottom' : 'top',
      lineHeight: CHART_DEFAULTS.fontSize + 4,
      color: o.color ?? CHART_DEFAULTS.textColor,
      fontSize: CHART_DEFAULTS.fontSize,
      ...(o.fontWeight === undefined ? {} : { fontWeight: o.fontWeight }),
      ...(right ? { dx: -6 } : { dx: 6 }),
      ...(bottom ? { dy: -6 } : { dy: 6 }),
    },
    encoding: {
      x: { value: right ? 'width' : 0 },
      y: { value: bottom ? 'height' : 0 },
      text: { value: [...lines] },
    },
  };
}

export interface BarLayerOptions {
  readonly x: Spec;
  readonly y: Spec;
  /** Field of the bar's base (default: zero). */
  readonly y2Field?: string;
  /** Omitted = the chart's data. */
  readonly rows?: readonly Spec[];
  readonly color?: string;
  readonly colorChannel?: Spec;
  /** Bar width, px. */
  readonly thickness?: number;
}

/**
 * Vertical bars of a fixed pixel width centred on a quantitative x (price levels, a return), from 0 (or
 * `y2Field`) to y.
 * @example barLayer({ x, y, thickness: 9 }).mark // { type: 'bar', width: 9, orient: 'vertical', ... }
 */
export function barLayer(o: BarLayerOptions): Spec {
  const mark: Spec = { type: 'bar', width: o.thickness ?? 8, orient: 'vertical' };
  if (o.colorChannel === undefined) mark.color = o.color ?? PALETTE.neutral;
  const encoding: Spec = {
    x: o.x,
    y: o.y,
    y2: o.y2Field === undefined ? { datum: 0 } : { field: o.y2Field },
  };
  if (o.colorChannel !== undefined) encoding.color = o.colorChannel;
  return withData({ mark, encoding }, o.rows);
}

export interface RectOptions {
  readonly x: Spec;
  readonly x2Field: string;
  readonly y: Spec;
  readonly y2Field: string;
  /** Omitted = the chart's data. */
  readonly rows?: readonly Spec[];
  readonly color?: string;
  readonly colorChannel?: Spec;
  readonly opacity?: number;
}

/**
 * Rectangles from (x, y) to (x2, y2): histogram buckets on a price axis.
 * @example rectLayer({ x, x2Field: 'hi', y, y2Field: 'base', rows }).mark.type // 'rect'
 */
export function rectLayer(o: RectOptions): Spec {
  const mark: Spec = { type: 'rect', ...(o.opacity === undefined ? {} : { opacity: o.opacity }) };
  if (o.colorChannel === undefined) mark.color = o.color ?? PALETTE.neutral;
  const encoding: Spec = { x: o.x, x2: { field: o.x2Field }, y: o.y, y2: { field: o.y2Field } };
  if (o.colorChannel !== undefined) encoding.color = o.colorChannel;
  return withData({ mark, encoding }, o.rows);
}

// ---------------------------------------------------------------------------------------------------------
// Base spec, panels and the reconstructed look.
// ---------------------------------------------------------------------------------------------------------

/** What every chart builder takes besides its data. */
export interface ChartMeta {
  /** One line naming the sources; the chart's subtitle and the note under it in the report. */
  readonly sourceNote: string;
  /** True when any plotted data is reconstructed. */
  readonly reconstructed: boolean;
  /** Overrides the builder's default id (file-name-safe) and title. */
  readonly id?: string;
  readonly title?: string;
  /** Plot width and height, px (each panel's height for two-panel charts). */
  readonly width?: number;
  readonly height?: number;
}

/**
 * The shared config: fonts, axis and legend styling, no view frame.
 * @example baseConfig().font // 'system-ui, -apple-system, ...'
 */
export function baseConfig(): Spec {
  const d = CHART_DEFAULTS;
  return {
    font: FONT,
    view: { stroke: null },
    axis: {
      labelFontSize: d.fontSize,
      titleFontSize: d.fontSize,
      titleFontWeight: 600,
      labelColor: d.mutedTextColor,
      titleColor: d.textColor,
      gridColor: d.gridColor,
      domainColor: d.domainColor,
      tickColor: d.domainColor,
      labelFlush: true,
    },
    legend: {
      orient: 'top',
      direction: 'horizontal',
      labelFontSize: d.fontSize,
      titleFontSize: d.fontSize,
      labelColor: d.textColor,
      // Vega estimates text width offline as 0.8 × font size per character (vega-scenegraph textMetrics),
      // about 1.5x what a browser draws; a generous limit keeps legend labels whole.
      labelLimit: 400,
      symbolStrokeWidth: 2,
      columnPadding: 14,
    },
    title: {
      anchor: 'start',
      fontSize: d.titleFontSize,
      fontWeight: 600,
      color: d.textColor,
      subtitleFontSize: d.subtitleFontSize,
      subtitleColor: d.mutedTextColor,
      subtitlePadding: 4,
      offset: 12,
    },
    line: { strokeWidth: 1.6 },
    concat: { spacing: 24 },
  };
}

/**
 * The top of every chart: schema, title, subtitle (the source note, wrapped), size, config and
 * `usermeta` (id and quality, for notebooks reusing charts/*.vl.json). Merge the body (data, layer or
 * vconcat) into it, then pass the result through {@link reconstructed} when the data is reconstructed.
 * @example baseSpec({ id: 'x', title: 'T', sourceNote: 'S' }).title // { text: 'T', subtitle: ['S'] }
 */
export function baseSpec(o: { id: string; title: string; sourceNote: string }): Spec {
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: o.title, subtitle: wrapText(o.sourceNote, CHART_DEFAULTS.subtitleChars) },
    background: 'white',
    padding: { left: 6, right: 16, top: 8, bottom: 6 },
    usermeta: { crashscope: { id: o.id, reconstructed: false } },
    config: baseConfig(),
  };
}

/**
 * The reconstructed look: a "RECONSTRUCTED DATA" first subtitle line in amber, dashed lines, muted
 * (more transparent) areas, bars and points. Idempotent.
 * @example (reconstructed(spec).title as { subtitle: string[] }).subtitle[0] // 'RECONSTRUCTED DATA — ...'
 */
export function reconstructed(spec: Spec): Spec {
  const d = CHART_DEFAULTS;
  const title = (spec.title ?? {}) as Spec;
  const subtitle = Array.isArray(title.subtitle) ? (title.subtitle as string[]) : [];
  const tag = `${d.reconstructedTag} — modelled values, not market observations`;
  const config = (spec.config ?? {}) as Spec;
  const dash = [...d.reconstructedDash];
  const usermeta = (spec.usermeta ?? {}) as Spec;
  const meta = (usermeta.crashscope ?? {}) as Spec;
  return {
    ...spec,
    title: {
      ...title,
      subtitle: subtitle[0] === tag ? subtitle : [tag, ...subtitle],
      subtitleColor: d.reconstructedColor,
    },
    usermeta: { ...usermeta, crashscope: { ...meta, reconstructed: true } },
    config: {
      ...config,
      line: { ...((config.line ?? {}) as Spec), strokeDash: dash },
      area: { opacity: d.reconstructedOpacity * 0.5 },
      bar: { opacity: d.reconstructedOpacity },
      rect: { opacity: d.reconstructedOpacity * 0.8 },
      point: { opacity: d.reconstructedOpacity },
    },
  };
}

/**
 * Assembles a chart: base spec + body, the reconstructed look when `meta.reconstructed`, and the ChartRef.
 * @example chart('etf-volume', 'IBIT volume', meta, { data, layer }).id // 'etf-volume'
 */
export function chart(defaultId: string, defaultTitle: string, meta: ChartMeta, body: Spec): ChartRef {
  const id = meta.id ?? defaultId;
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(id)) {
    throw new InvalidInputError(
      'invalid_chart_id',
      `chart id '${id}' is not file-name-safe ([A-Za-z0-9._-])`,
      {
        details: { id },
      },
    );
  }
  const title = meta.title ?? defaultTitle;
  const spec: Spec = { ...baseSpec({ id, title, sourceNote: meta.sourceNote }), ...body };
  return {
    id,
    title,
    spec: meta.reconstructed ? reconstructed(spec) : spec,
    sourceNote: meta.sourceNote,
    reconstructed: meta.reconstructed,
  };
}

/**
 * One panel of a multi-panel chart: its own size and layers (and data when given).
 * @example panel({ width: 620, height: 150, layer: [] }) // { width: 620, height: 150, layer: [] }
 */
export function panel(o: {
  width: number;
  height: number;
  layer: readonly Spec[];
  data?: readonly Spec[];
}): Spec {
  return {
    ...(o.data === undefined ? {} : { data: { values: o.data.map((d) => ({ ...d })) } }),
    width: o.width,
    height: o.height,
    layer: [...o.layer],
  };
}

/**
 * Throws InvalidInputError 'empty_chart_data' naming the chart when a builder has nothing to draw.
 * @example requireRows([], 'closes', 'cross-asset') // throws "chart 'cross-asset': no closes to plot"
 */
export function requireRows(rows: readonly unknown[], what: string, chartId: string): void {
  if (rows.length === 0) {
    throw new InvalidInputError('empty_chart_data', `chart '${chartId}': no ${what} to plot`, {
      details: { chart: chartId, what },
    });
  }
}

/**
 * The first and last of a list of ISO dates (they sort as text), or null for an empty list.
 * @example dateExtent(['2026-02-05', '2026-01-02']) // { from: '2026-01-02', to: '2026-02-05' }
 */
export function dateExtent(dates: readonly string[]): { from: string; to: string } | null {
  if (dates.length === 0) return null;
  let from = dates[0];
  let to = dates[0];
  for (const d of dates) {
    if (d < from) from = d;
    if (d > to) to = d;
  }
  return { from, to };
}

/**
 * Whether `date` lies in the right half of [from, to] (a label there is drawn leftwards, inside the plot).
 * @example inRightHalf('2026-02-05', '2024-01-11', '2026-02-13') // true
 */
export function inRightHalf(date: string, from: string, to: string): boolean {
  const t = Date.parse(date);
  return t - Date.parse(from) > (Date.parse(to) - Date.parse(from)) / 2;
}
