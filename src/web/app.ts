/**
 * The dashboard as a Hono application: security checks first (Host header, cross-origin writes), then the
 * pages, the JSON API and the assets; every error becomes one message (JSON under /api, a page elsewhere)
 * with its HTTP status, never a stack.
 */
import { Hono } from 'hono';
import { assetStore } from './assets.js';
import { eventAnalyses } from './eventAnalyses.js';
import { fragilityMaps } from './fragilityMaps.js';
import { hostCheck } from './hostCheck.js';
import { toHttpError } from './httpError.js';
import { originCheck } from './originCheck.js';
import { CSP, renderErrorPage } from './page.js';
import { dataApi } from './routes/dataApi.js';
import { eventApi } from './routes/eventApi.js';
import { fragilityApi } from './routes/fragilityApi.js';
import { pages } from './routes/pages.js';
import { simulateApi } from './routes/simulateApi.js';
import type { SimRuns } from './simRuns.js';
import type { StoreSource } from './storeSource.js';

export interface AppOptions {
  readonly source: StoreSource;
  /** The simulation runs (one set per server, so closing it can cancel them). */
  readonly simRuns: SimRuns;
  /** The Host header values answered (filled in once the server knows its port). */
  readonly allowedHosts: () => ReadonlySet<string>;
  /** Called with each unexpected (500) error, for the server's log. */
  readonly onInternalError?: (error: unknown) => void;
}

export function createApp(options: AppOptions): Hono {
  const { source } = options;
  const app = new Hono();
  const shell = { storeLabel: source.label, event: source.event };

  app.use('*', hostCheck(options.allowedHosts));
  app.use('*', async (c, next) => {
    await next();
    c.header('Content-Security-Policy', CSP);
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
    c.header('X-Frame-Options', 'DENY');
    c.header('Cross-Origin-Resource-Policy', 'same-origin');
  });
  app.use('/api/*', originCheck());

  pages(app, source, assetStore());
  dataApi(app, source);
  eventApi(app, source, eventAnalyses(source));
  fragilityApi(app, fragilityMaps(source));
  simulateApi(app, options.simRuns);

  app.notFound((c) => {
    const message = `nothing at ${c.req.path}`;
    if (c.req.path.startsWith('/api/')) return c.json({ error: { code: 'not_found', message } }, 404);
    return c.html(renderErrorPage(404, message, shell), 404);
  });

  app.onError((error, c) => {
    const e = toHttpError(error);
    if (e.status === 500) options.onInternalError?.(error);
    if (c.req.path.startsWith('/api/'))
      return c.json({ error: { code: e.code, message: e.message } }, e.status);
    return c.html(renderErrorPage(e.status, e.message, shell), e.status);
  });
  return app;
}
