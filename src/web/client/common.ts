/**
 * Helpers shared by the page scripts (browser only): JSON API calls that turn an error answer into its one
 * message, DOM building without innerHTML (every value is text), badges, tables and charts.
 */

type Attrs = Readonly<Record<string, string>>;
type Child = Node | string | null;

/** An element with attributes and children (strings become text nodes, never HTML). */
export function el(tag: string, attrs: Attrs = {}, ...children: Child[]): HTMLElement {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const c of children) if (c !== null) e.append(typeof c === 'string' ? document.createTextNode(c) : c);
  return e;
}

/** The JSON of an API answer, or an Error carrying the server's one-line message. */
export async function api<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await fetch(path, init);
  const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
  if (!response.ok) {
    throw new Error(body?.error?.message ?? `${response.status} ${response.statusText} for ${path}`);
  }
  return body as T;
}

/** A box with one error message. */
export function errorBox(error: unknown, id = 'error'): HTMLElement {
  return el(
    'p',
    { class: 'error', id, role: 'alert' },
    error instanceof Error ? error.message : String(error),
  );
}

/** Replaces the page's <main> content. */
export function mount(...children: Child[]): HTMLElement {
  const main = document.getElementById('app')!;
  main.replaceChildren(...children.filter((c): c is Node | string => c !== null));
  return main;
}

/** A coloured label: qualities (observed/published/reconstructed), verdicts and rule outcomes. */
export function badge(kind: string, text = kind): HTMLElement {
  return el('span', { class: `badge ${kind}`, 'data-badge': kind }, text);
}

export type Cell = string | number | boolean | null;

function cellText(v: Cell): string {
  if (v === null) return '∅';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(8)));
  return String(v);
}

/** A table of plain values; numbers right-aligned; wrapped so wide tables scroll inside the page. */
export function dataTable(
  columns: readonly string[],
  rows: readonly (readonly Cell[])[],
  id?: string,
): HTMLElement {
  const head = el('tr', {}, ...columns.map((c) => el('th', {}, c)));
  const body = rows.map((r) =>
    el('tr', {}, ...r.map((v) => el('td', typeof v === 'number' ? { class: 'num' } : {}, cellText(v)))),
  );
  return el(
    'div',
    { class: 'scroll' },
    el('table', id === undefined ? {} : { id }, el('thead', {}, head), el('tbody', {}, ...body)),
  );
}

/** Thousands separators. */
export function count(n: number): string {
  return n.toLocaleString('en-US');
}

interface VegaEmbed {
  (el: HTMLElement, spec: unknown, options: Record<string, unknown>): Promise<unknown>;
  expressionInterpreter?: unknown;
}

/**
 * Draws a Vega-Lite spec with vega-embed (loaded by the page from this server). Vega's expressions are
 * interpreted, not compiled with `new Function`, so the page's Content-Security-Policy needs no
 * 'unsafe-eval'; the actions menu offers only the image export (no links to outside editors).
 */
export async function drawChart(target: HTMLElement, spec: unknown): Promise<void> {
  const embed = (globalThis as unknown as { vegaEmbed?: VegaEmbed }).vegaEmbed;
  if (embed === undefined) throw new Error('the chart library did not load');
  await embed(target, spec, {
    renderer: 'svg',
    ast: true,
    expr: embed.expressionInterpreter,
    tooltip: true,
    actions: { export: true, source: false, compiled: false, editor: false },
  });
}

/** The current URL's query parameters. */
export function params(): URLSearchParams {
  return new URLSearchParams(window.location.search);
}

/** Rewrites the query string (the permalink) without reloading. */
export function setParams(values: Readonly<Record<string, string | null>>): void {
  const p = params();
  for (const [k, v] of Object.entries(values)) {
    if (v === null || v === '') p.delete(k);
    else p.set(k, v);
  }
  const q = p.toString();
  window.history.replaceState(null, '', `${window.location.pathname}${q === '' ? '' : `?${q}`}`);
}
