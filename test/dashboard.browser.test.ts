/**
 * The dashboard in a real browser: `crashscope serve`'s server on 127.0.0.1 (port 0) over the embedded
 * 2026-02-05 pack, opened in Debian's headless Chromium with every request that leaves the server refused
 * and recorded. Each page loads with no console error, page error or outside request; the Event page's
 * drill-down reaches stored rows and survives a reload from its permalink; the Data page's SQL box returns
 * rows and refuses a write. A screenshot per page goes to test/artifacts/ (gitignored).
 * Needs /usr/bin/chromium (apt-get install -y chromium); never downloads a browser.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../src/web/server.js';
import { eventPackStore } from '../src/web/storeSource.js';
import { type OpenedReport, openPage, requireChromium } from './browser.js';

const ROOT = join(import.meta.dirname, '..');
const ARTIFACTS = join(ROOT, 'test', 'artifacts');
/** What Chromium logs for an answer with status 400 (expected only where a test sends bad input). */
const BAD_REQUEST_LOG =
  'console error: Failed to load resource: the server responded with a status of 400 (Bad Request)';

let server: RunningServer;
let work = '';
const opened: OpenedReport[] = [];

beforeAll(async () => {
  requireChromium();
  work = await mkdtemp(join(tmpdir(), 'crashscope-dashboard-'));
  await mkdir(ARTIFACTS, { recursive: true });
  const source = await eventPackStore(
    join(ROOT, 'data', 'events', '2026-02-05'),
    '2026-02-05',
    '2026-02-07T00:00:00Z',
  );
  server = await startServer({ source });
});

afterAll(async () => {
  for (const o of opened) await o.close();
  await server?.close();
  if (work !== '') await rm(work, { recursive: true, force: true });
});

/** Opens a path of the server; only requests to the server itself are let through. */
async function open(path: string, profile: string): Promise<OpenedReport> {
  const origin = `${server.url}/`;
  const o = await openPage(`${server.url}${path}`, join(work, profile), (url) => url.startsWith(origin));
  opened.push(o);
  return o;
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `dashboard-${name}.png`), fullPage: true });
}

describe('Event page', () => {
  it('shows the scorecard and every chart, and drills down from a hypothesis to stored rows', async () => {
    const { page, problems } = await open('/event/2026-02-05', 'event');
    await page.locator('#scorecard tbody tr').first().waitFor({ timeout: 30_000 });
    expect(await page.locator('#scorecard tbody tr').count()).toBe(7);
    expect(await page.locator('#reconstructed-banner').isVisible()).toBe(true);
    // Every chart of the report is drawn (vega-embed puts an SVG in each figure).
    const figures = page.locator('figure.chart');
    const n = await figures.count();
    expect(n).toBeGreaterThanOrEqual(8);
    await expect.poll(() => page.locator('figure.chart svg.marks').count(), { timeout: 30_000 }).toBe(n);
    for (const box of await page.locator('figure.chart svg.marks').all()) {
      expect((await box.boundingBox())?.width ?? 0).toBeGreaterThan(200);
    }

    // Hypothesis -> rules -> metric -> finding -> stored rows with their source.
    await page.locator('#scorecard tr[data-hypothesis="H3"]').click();
    await page.locator('#rules tbody tr').first().waitFor();
    expect(await page.locator('#scorecard tr.selected').getAttribute('data-hypothesis')).toBe('H3');
    const metric = page.locator('#rules a[data-metric]').first();
    const metricId = String(await metric.getAttribute('data-metric'));
    await metric.click();
    await page.locator('#metrics tr.selected').waitFor();
    const table = page.locator('#metric button[data-rows-table]').first();
    const tableName = String(await table.getAttribute('data-rows-table'));
    await table.click();
    await page.locator('#stored-rows tbody tr').first().waitFor();
    const headers = await page.locator('#stored-rows thead th').allTextContents();
    expect(headers).toEqual(expect.arrayContaining(['source', 'quality']));
    const url = new URL(page.url());
    expect(url.searchParams.get('h')).toBe('H3');
    expect(url.searchParams.get('m')).toBe(metricId);
    expect(url.searchParams.get('rows')).toBe(tableName);
    await shot(page, 'event');

    // The permalink restores the same drill-down.
    await page.reload({ waitUntil: 'load' });
    await page.locator('#stored-rows tbody tr').first().waitFor({ timeout: 30_000 });
    expect(await page.locator('#scorecard tr.selected').getAttribute('data-hypothesis')).toBe('H3');
    expect(await page.locator('#metrics tr.selected').count()).toBe(1);
    expect(problems).toEqual([]);
  });
});

describe('Fragility page', () => {
  it('draws the map; toggling a channel and changing an assumption recompute it; the permalink keeps them', async () => {
    const { page, problems } = await open('/fragility', 'fragility');
    await page.locator('#flow-chart[data-version="1"] svg.marks').waitFor({ timeout: 30_000 });
    await page.locator('#intensity-chart svg.marks').waitFor();
    expect(await page.locator('#levels-table tbody tr').count()).toBeGreaterThan(0);
    expect(await page.locator('#channel-toggles input[type=checkbox]').count()).toBeGreaterThanOrEqual(5);
    // The assumptions form is generated from the schemas: the dealer channel's spot–vol beta is a number input.
    expect(await page.locator('input[data-key="dealerOptions.spotVolBeta"]').getAttribute('type')).toBe(
      'number',
    );
    expect(await page.locator('select[data-key="dealerOptions.signModel"] option').count()).toBe(3); // positions, naive, flow
    await shot(page, 'fragility');
    const before = await page.locator('#flow-chart svg.marks').innerHTML();

    await page.locator('#ch-dealerOptions').uncheck();
    await page.locator('#flow-chart[data-version="2"]').waitFor();
    const after = await page.locator('#flow-chart svg.marks').innerHTML();
    expect(after).not.toBe(before);
    expect(new URL(page.url()).searchParams.get('channels')).not.toContain('dealerOptions');
    expect(await page.locator('#channels tr[data-channel="dealerOptions"]').count()).toBe(0);

    await page.locator('#ch-dealerOptions').check();
    await page.locator('#flow-chart[data-version="3"]').waitFor();
    await page.locator('#assumptions summary').click();
    await page.locator('input[data-key="dealerOptions.spotVolBeta"]').fill('2');
    await page.locator('input[data-key="dealerOptions.spotVolBeta"]').dispatchEvent('change');
    await page.locator('#flow-chart[data-version="4"]').waitFor();
    expect(new URL(page.url()).searchParams.get('dealerOptions.spotVolBeta')).toBe('2');

    await page.reload({ waitUntil: 'load' });
    await page.locator('#flow-chart[data-version="1"] svg.marks').waitFor({ timeout: 30_000 });
    expect(await page.locator('input[data-key="dealerOptions.spotVolBeta"]').inputValue()).toBe('2');
    expect(problems).toEqual([]);
  });
});

describe('Simulate page', () => {
  it('runs from its permalink to the charts and an attribution that sums to the total; a long run is cancelled', async () => {
    const { page, problems } = await open(
      '/simulate?shock=sell:3b:60&paths=200&channels=dealerOptions,perpLiquidations,structuredNotes',
      'simulate',
    );
    await page.locator('#run').waitFor({ timeout: 30_000 });
    // The form is the permalink.
    expect(await page.locator('#shocks').inputValue()).toBe('sell:3b:60');
    expect(await page.locator('#f-paths').inputValue()).toBe('200');
    expect(await page.locator('#ch-dealerOptions').isChecked()).toBe(true);
    expect(await page.locator('#ch-structuredNotes').isChecked()).toBe(true);
    expect(await page.locator('#channel-toggles input:not(:checked)').count()).toBeGreaterThan(0);
    await page.locator('#run').click();
    await page.locator('body[data-sim-status="done"]').waitFor({ timeout: 60_000 });
    await page.locator('#fan-chart svg.marks').waitFor();
    await page.locator('#flows-chart svg.marks').waitFor();
    await page.locator('#attribution-chart svg.marks').waitFor();
    expect(await page.locator('#progress').evaluate((e) => (e as HTMLProgressElement).value)).toBe(1);
    // The table: one row per channel, then the sum and v(all) − v(none), equal within the shown rounding.
    const rows = await page.locator('#attribution-table tbody tr').allTextContents();
    expect(rows).toHaveLength(5);
    const pp = (row: string) => Number(/(-?[\d.]+) pp/.exec(row.replace('−', '-'))![1]);
    const shown = rows.map(pp);
    // Three values shown to 0.001 pp: their sum is within 3 × 0.0005 pp of the total.
    expect(Math.abs(shown[0]! + shown[1]! + shown[2]! - shown[4]!)).toBeLessThanOrEqual(0.0015 + 1e-9);
    expect(shown[3]).toBeCloseTo(shown[4]!, 3);
    const results = page.locator('#results');
    const sum = Number(await results.getAttribute('data-sum'));
    const total = Number(await results.getAttribute('data-total'));
    expect(sum).toBeCloseTo(total, 12);
    expect(total).not.toBe(0);
    await shot(page, 'simulate');
    expect(problems).toEqual([]);

    // A long run (many 1-minute paths) is cancelled from the page.
    await page.locator('#f-paths').fill('50000');
    await page.locator('#f-step').fill('1');
    await page.locator('#run').click();
    await page.locator('body[data-sim-status="running"]').waitFor();
    await page.locator('#cancel').click();
    await page.locator('body[data-sim-status="cancelled"]').waitFor({ timeout: 60_000 });
    expect(await page.locator('#results').textContent()).toBe('');
    expect(await page.locator('#run').isEnabled()).toBe(true);
    expect(new URL(page.url()).searchParams.get('paths')).toBe('50000');
    expect(problems).toEqual([]);
  });
});

describe('Data page', () => {
  it('lists the tables, runs a query from the SQL box and refuses a write', async () => {
    const { page, problems } = await open('/data', 'data');
    await page.locator('#tables tbody tr').first().waitFor({ timeout: 30_000 });
    const rows = await page.locator('#tables tbody tr').count();
    expect(rows).toBeGreaterThanOrEqual(13);
    expect(await page.locator('#tables tr[data-table="etf_daily"] .badge.reconstructed').count()).toBe(1);

    await page
      .locator('#sql')
      .fill('SELECT ticker, count(*) AS n FROM etf_daily GROUP BY ticker ORDER BY ticker');
    await page.locator('#run').click();
    await page.locator('#result tbody tr').first().waitFor();
    expect(await page.locator('#result tbody tr').count()).toBeGreaterThan(1);
    expect(await page.locator('#result thead th').allTextContents()).toEqual(['ticker', 'n']);
    expect(new URL(page.url()).searchParams.get('q')).toContain('GROUP BY ticker');
    await shot(page, 'data');
    expect(problems).toEqual([]);

    await page.locator('#sql').fill('DROP TABLE etf_daily');
    await page.locator('#run').click();
    await page.locator('#sql-error').waitFor();
    expect(await page.locator('#sql-error').textContent()).toContain('sql is read-only');
    // The table is still there.
    await page.locator('#sql').fill('SELECT count(*) AS n FROM etf_daily');
    await page.locator('#run').click();
    await page.locator('#result tbody tr').first().waitFor();
    expect(Number(await page.locator('#result tbody td').first().textContent())).toBeGreaterThan(500);
    // The refusal is the API's 400, which Chromium logs; nothing else.
    expect(problems).toEqual([BAD_REQUEST_LOG]);
  });

  it('a permalink runs its query on load', async () => {
    const q = encodeURIComponent(
      "SELECT metric, value, source FROM facts WHERE date = '2026-02-05' ORDER BY metric LIMIT 5",
    );
    const { page, problems } = await open(`/data?q=${q}&limit=5`, 'data-permalink');
    await page.locator('#result tbody tr').first().waitFor({ timeout: 30_000 });
    expect(await page.locator('#result tbody tr').count()).toBeGreaterThan(0);
    expect(await page.locator('#limit').inputValue()).toBe('5');
    expect(problems).toEqual([]);
  });
});

describe('errors', () => {
  it('a bad event date shows one message on the page, no stack', async () => {
    const { page, problems } = await open('/event/2026-02-31', 'error');
    expect(await page.locator('#error').textContent()).toBe(
      'event date: expected a calendar date YYYY-MM-DD',
    );
    expect(await page.content()).not.toMatch(/\n\s+at /);
    // The page itself answers 400; nothing else went wrong.
    expect(problems).toEqual([BAD_REQUEST_LOG, `status 400 for ${server.url}/event/2026-02-31`]);
    await shot(page, 'error');
  });
});
