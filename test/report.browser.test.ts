/**
 * End-to-end check of report.html in a real browser: a small ReportDoc with three real charts is written
 * with writeReport, opened from disk in headless Chromium with every network request refused, and checked
 * for console errors, page errors, any request other than the file itself, the banner, the scorecard rows
 * and a non-empty box for every chart. A full-page screenshot goes to /tmp/crashscope-report.png.
 * Needs Debian's chromium at /usr/bin/chromium (apt-get install -y chromium); never downloads a browser.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportDoc } from '../src/report/doc.js';
import { sampleCharts, sampleDoc } from '../src/report/testkit/sample.js';
import { writeReport } from '../src/report/writeReport.js';
import { openReport, requireChromium } from './browser.js';

const SCREENSHOT = '/tmp/crashscope-report.png';

function smallDoc(): ReportDoc {
  const charts = sampleCharts();
  const pick = (id: string) => {
    const c = charts.find((x) => x.id === id);
    if (c === undefined) throw new Error(`sample has no chart ${id}`);
    return c;
  };
  const full = sampleDoc([]);
  return {
    ...full,
    sections: [
      { ...full.sections[0], charts: [pick('etf-volume'), pick('flows')] },
      { ...full.sections[3], charts: [pick('basis')] },
    ],
  };
}

describe('report.html in headless Chromium', () => {
  let work = '';
  let close: (() => Promise<void>) | null = null;

  beforeAll(async () => {
    requireChromium();
    work = await mkdtemp(join(tmpdir(), 'crashscope-browser-'));
  });

  afterAll(async () => {
    if (close !== null) await close();
    if (work !== '') await rm(work, { recursive: true, force: true });
  });

  it('loads offline with no errors or requests, and shows banner, scorecard and every chart', async () => {
    const doc = smallDoc();
    const dir = join(work, 'report');
    await writeReport(dir, doc, { schema: 'test', sections: doc.sections.length });
    const opened = await openReport(join(dir, 'report.html'), work);
    close = opened.close;
    const { page, problems } = opened;

    await expect.poll(() => page.locator('#reconstructed-banner').isVisible()).toBe(true);
    expect(await page.locator('#reconstructed-banner').textContent()).toContain('RECONSTRUCTED');
    expect(await page.locator('table.scorecard tbody tr').count()).toBe(doc.scorecard.length);
    expect(await page.locator('article.card').count()).toBe(doc.scorecard.length);

    const ids = doc.sections.flatMap((s) => s.charts.map((c) => c.id));
    expect(await page.locator('figure.chart svg').count()).toBe(ids.length);
    for (const id of ids) {
      const box = await page.locator(`figure[data-chart-id="${id}"] svg`).boundingBox();
      expect(box, `chart ${id} has a box`).not.toBeNull();
      expect(box?.width ?? 0, `chart ${id} width`).toBeGreaterThan(300);
      expect(box?.height ?? 0, `chart ${id} height`).toBeGreaterThan(150);
    }
    // Reconstructed charts carry a visible badge in their caption.
    const recIds = doc.sections.flatMap((s) => s.charts.filter((c) => c.reconstructed).map((c) => c.id));
    for (const id of recIds) {
      expect(await page.locator(`figure[data-chart-id="${id}"] figcaption .badge.rec`).isVisible()).toBe(
        true,
      );
    }
    await page.screenshot({ path: SCREENSHOT, fullPage: true });

    // Responsive: on a phone-width viewport the page does not scroll sideways (wide tables scroll inside).
    await page.setViewportSize({ width: 390, height: 800 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);

    expect(problems).toEqual([]);
  });
});
