/**
 * The HTML shell of every page: the header with the navigation and the store's name, a <main> the page
 * script fills from the JSON API, and the scripts, all served by this server (no CDN, no inline script,
 * so the Content-Security-Policy can forbid both).
 */

export type PageId = 'data' | 'event' | 'fragility' | 'simulate';

export interface PageShell {
  readonly page: PageId;
  readonly title: string;
  /** The store the dashboard reads, shown in the header. */
  readonly storeLabel: string;
  /** The event date the Event link opens (the embedded pack's, else null: the link asks for a date). */
  readonly event: string | null;
  /** Whether the page draws charts (loads Vega, Vega-Lite and vega-embed). */
  readonly charts: boolean;
}

/**
 * Text escaped for HTML content and attribute values.
 * @example escapeHtml('<a href="x">') // '&lt;a href=&quot;x&quot;&gt;'
 */
export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** Content-Security-Policy of every answer: only this server's scripts, styles, images and API. */
export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  // vega-embed and vega-tooltip add <style> elements at run time.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');

function nav(shell: Pick<PageShell, 'page' | 'event'>): string {
  const eventHref = shell.event === null ? '/event' : `/event/${shell.event}`;
  const link = (id: PageId, href: string, text: string) =>
    `<a href="${escapeHtml(href)}"${id === shell.page ? ' class="here" aria-current="page"' : ''}>${text}</a>`;
  return `<nav>${link('event', eventHref, 'Event')}${link('fragility', '/fragility', 'Fragility')}${link('simulate', '/simulate', 'Simulate')}${link('data', '/data', 'Data')}</nav>`;
}

/** The page's HTML. */
export function renderPage(shell: PageShell): string {
  const libs = shell.charts
    ? ['vega.min.js', 'vega-lite.min.js', 'vega-embed.min.js']
        .map((f) => `<script src="/assets/${f}" defer></script>`)
        .join('\n')
    : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(shell.title)} · crashscope</title>
<link rel="stylesheet" href="/assets/style.css">
${libs}
<script type="module" src="/assets/${shell.page}.js"></script>
</head>
<body data-page="${shell.page}">
<header class="top"><span class="brand">crashscope</span>${nav(shell)}<span class="store" id="store">${escapeHtml(shell.storeLabel)}</span></header>
<main id="app"><p class="muted" id="loading">Loading…</p></main>
</body>
</html>
`;
}

/** A page that says one thing went wrong (a bad URL, a missing store), with no stack. */
export function renderErrorPage(
  status: number,
  message: string,
  shell: Pick<PageShell, 'storeLabel' | 'event'>,
): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Error ${status} · crashscope</title><link rel="stylesheet" href="/assets/style.css"></head>
<body>
<header class="top"><span class="brand">crashscope</span>${nav({ page: 'data', event: shell.event }).replace(' class="here" aria-current="page"', '')}<span class="store">${escapeHtml(shell.storeLabel)}</span></header>
<main><h1>Error ${status}</h1><p class="error" id="error">${escapeHtml(message)}</p></main>
</body>
</html>
`;
}
