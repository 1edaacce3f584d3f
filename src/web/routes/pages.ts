/** The HTML pages and their assets. Each page is a shell its script fills from the page's JSON twin. */
import type { Hono } from 'hono';
import type { Asset } from '../assets.js';
import { renderPage } from '../page.js';
import { eventDate, parseRequest } from '../requests.js';
import type { StoreSource } from '../storeSource.js';

export function pages(app: Hono, source: StoreSource, assets: (name: string) => Promise<Asset | null>): void {
  const shell = { storeLabel: source.label, event: source.event };

  app.get('/', (c) => c.redirect(source.event === null ? '/data' : `/event/${source.event}`));

  app.get('/data', (c) => c.html(renderPage({ ...shell, page: 'data', title: 'Data', charts: false })));

  app.get('/fragility', (c) =>
    c.html(renderPage({ ...shell, page: 'fragility', title: 'Fragility', charts: true })),
  );

  app.get('/simulate', (c) =>
    c.html(renderPage({ ...shell, page: 'simulate', title: 'Simulate', charts: true })),
  );

  app.get('/event', (c) => c.html(renderPage({ ...shell, page: 'event', title: 'Event', charts: true })));

  app.get('/event/:date', (c) => {
    const date = parseRequest(eventDate, c.req.param('date'), 'event date');
    return c.html(renderPage({ ...shell, page: 'event', title: `Event ${date}`, charts: true }));
  });

  app.get('/assets/:name', async (c) => {
    const asset = await assets(c.req.param('name'));
    if (asset === null) return c.notFound();
    return c.body(asset.body, 200, { 'Content-Type': asset.type, 'Cache-Control': 'no-cache' });
  });
}
