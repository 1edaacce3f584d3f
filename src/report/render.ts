/**
 * Server-side rendering of Vega-Lite specs to SVG strings, offline and deterministic: Vega-Lite compiles
 * the spec to Vega, a headless View (renderer 'none', https://vega.github.io/vega/docs/api/view/#view_toSVG)
 * renders it, and the SVG's element ids are renumbered in order of appearance so the same spec always
 * gives the same bytes (Vega numbers clip paths and gradients with process-wide counters).
 */
import * as vega from 'vega';
import * as vl from 'vega-lite';
import { InvalidInputError } from '../errors.js';

type ViewOptions = NonNullable<ConstructorParameters<typeof vega.View>[1]>;
type VegaLogger = NonNullable<ViewOptions['logger']>;
type CompileSpec = Parameters<typeof vl.compile>[0];

/** The SVG and any warning Vega-Lite or Vega logged while compiling and rendering. */
export interface RenderResult {
  readonly svg: string;
  readonly warnings: readonly string[];
}

// Vega's logger levels (vega-util): 1 error, 2 warn.
const LOG_WARN = 2;

function describe(args: readonly unknown[]): string {
  return args
    .map((a) => (a instanceof Error ? a.message : typeof a === 'string' ? a : JSON.stringify(a)))
    .join(' ');
}

/** A logger that records warnings and errors instead of writing them to the console. */
function collectingLogger(sink: string[]): VegaLogger {
  let level = LOG_WARN;
  const logger = {
    level(l?: number) {
      if (l === undefined) return level;
      level = l;
      return logger;
    },
    error(...args: unknown[]) {
      sink.push(`error: ${describe(args)}`);
      return logger;
    },
    warn(...args: unknown[]) {
      if (level >= LOG_WARN) sink.push(`warn: ${describe(args)}`);
      return logger;
    },
    info() {
      return logger;
    },
    debug() {
      return logger;
    },
  };
  return logger as unknown as VegaLogger;
}

/** Report charts inline their data; a spec that asks for a URL or file is refused, never fetched. */
function offlineLoader(): vega.Loader {
  const refuse = (what: string): Promise<never> =>
    Promise.reject(
      new InvalidInputError(
        'chart_data_not_inline',
        `chart specs must inline their data; refused to load '${what}'`,
        {
          details: { uri: what },
        },
      ),
    );
  return {
    load: (uri: string) => refuse(uri),
    sanitize: (uri: string) => refuse(uri),
    http: (uri: string) => refuse(uri),
    file: (file: string) => refuse(file),
  };
}

/**
 * Renumbers every `id` of an SVG in order of first appearance (keeping its alphabetic prefix, e.g.
 * clip17 -> clip1) and rewrites the `url(#…)` and `href="#…"` references to match.
 * @example canonicalSvgIds('<clipPath id="clip9"/><g clip-path="url(#clip9)"/>') // '<clipPath id="clip1"/><g clip-path="url(#clip1)"/>'
 */
export function canonicalSvgIds(svg: string): string {
  const map = new Map<string, string>();
  let n = 0;
  for (const m of svg.matchAll(/\sid="([^"]+)"/g)) {
    if (!map.has(m[1])) {
      n++;
      map.set(m[1], `${m[1].replace(/\d+$/, '')}${n}`);
    }
  }
  if (map.size === 0) return svg;
  return svg.replace(/(\sid="|url\(#|href="#)([^")]+)/g, (all, head: string, id: string) => {
    const to = map.get(id);
    return to === undefined ? all : `${head}${to}`;
  });
}

/** JSON paths of every `data.url` in a spec (report charts must inline their data). */
function dataUrls(value: unknown, path = '$', out: string[] = []): string[] {
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) dataUrls(v, `${path}[${i}]`, out);
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'data' && v !== null && typeof v === 'object' && 'url' in v) out.push(`${path}.data.url`);
      dataUrls(v, `${path}.${k}`, out);
    }
  }
  return out;
}

/**
 * Compiles a Vega-Lite spec and renders it to an SVG string, collecting warnings. Throws
 * InvalidInputError when the spec asks to load data, does not compile, or Vega logs an error while
 * rendering it.
 * @example (await renderChart({ mark: 'point', data: { values: [{ a: 1 }] }, encoding: { x: { field: 'a', type: 'quantitative' } } })).warnings // []
 */
export async function renderChart(spec: Readonly<Record<string, unknown>>): Promise<RenderResult> {
  const urls = dataUrls(spec);
  if (urls.length > 0) {
    throw new InvalidInputError(
      'chart_data_not_inline',
      `chart specs must inline their data; found ${urls.join(', ')}`,
      {
        details: { paths: urls },
      },
    );
  }
  const warnings: string[] = [];
  const logger = collectingLogger(warnings);
  let compiled: ReturnType<typeof vl.compile>;
  try {
    compiled = vl.compile(structuredClone(spec) as unknown as CompileSpec, { logger });
  } catch (error) {
    throw new InvalidInputError(
      'invalid_chart_spec',
      `Vega-Lite could not compile the chart: ${describe([error])}`,
      {
        cause: error,
        details: { title: spec.title ?? null },
      },
    );
  }
  const view = new vega.View(vega.parse(compiled.spec), {
    renderer: 'none',
    logger,
    loader: offlineLoader(),
  });
  try {
    const svg = await view.toSVG();
    const errors = warnings.filter((w) => w.startsWith('error:'));
    if (errors.length > 0) {
      throw new InvalidInputError(
        'chart_render_failed',
        `Vega could not render the chart: ${errors.join('; ')}`,
        {
          details: { title: spec.title ?? null, errors },
        },
      );
    }
    return { svg: canonicalSvgIds(svg), warnings };
  } finally {
    view.finalize();
  }
}

/**
 * Vega-Lite spec -> SVG string (see {@link renderChart}); warnings are dropped.
 * @example (await renderSvg(spec)).startsWith('<svg') // true
 */
export async function renderSvg(spec: Readonly<Record<string, unknown>>): Promise<string> {
  return (await renderChart(spec)).svg;
}

/**
 * An SVG made comparable for snapshot tests: decimals rounded to `digits`, ids and their references
 * replaced by '_' (after Observable Plot's snapshot normalization).
 * @example normalizeSvg('<path id="clip3" d="M0.123,4.5678"/>') // '<path id="_" d="M0.1,4.6"/>'
 */
export function normalizeSvg(svg: string, digits = 1): string {
  return svg.replace(/(\sid="|url\(#|href="#)[^")]+/g, '$1_').replace(/-?\d+\.\d+(e[-+]?\d+)?/g, (x) => {
    const r = Number(Number(x).toFixed(digits));
    return String(Object.is(r, -0) ? 0 : r);
  });
}

/**
 * A deep copy of a spec with every number rounded to `sig` significant digits (for spec snapshots).
 * @example normalizeSpec({ a: [1.23456789] }, 3) // { a: [1.23] }
 */
export function normalizeSpec(value: unknown, sig = 6): unknown {
  if (typeof value === 'number')
    return Number.isFinite(value) && value !== 0 ? Number(value.toPrecision(sig)) : value;
  if (Array.isArray(value)) return value.map((v) => normalizeSpec(v, sig));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = normalizeSpec(v, sig);
    return out;
  }
  return value;
}
