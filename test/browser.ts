/**
 * Opens a report.html from disk in Debian's headless Chromium (never a downloaded browser), refusing and
 * recording every request other than the file itself, console errors and page errors.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface OpenedReport {
  readonly page: Page;
  /** Requests, console errors and page errors seen so far. */
  readonly problems: string[];
  close(): Promise<void>;
}

/** Fails with the install command when Chromium is missing (the browser tests never skip). */
export function requireChromium(): void {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install Debian's browser with \`apt-get install -y chromium\``);
  }
}

export async function openReport(htmlPath: string, workDir: string): Promise<OpenedReport> {
  const fileUrl = pathToFileURL(htmlPath).href;
  return openPage(fileUrl, workDir, (url) => url === fileUrl);
}

/**
 * Opens `url` in headless Chromium with a fresh profile in `workDir`. Every request `allow` refuses is
 * aborted and recorded, as are console errors, page errors and failed requests.
 */
export async function openPage(
  url: string,
  workDir: string,
  allow: (url: string) => boolean,
  viewport: { readonly width: number; readonly height: number } = { width: 1100, height: 900 },
): Promise<OpenedReport> {
  requireChromium();
  const context: BrowserContext = await chromium.launchPersistentContext(join(workDir, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport,
  });
  const problems: string[] = [];
  await context.route('**/*', (route) => {
    const target = route.request().url();
    if (allow(target)) return route.continue();
    problems.push(`request: ${target}`);
    return route.abort();
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => {
    if (allow(r.url())) problems.push(`failed request: ${r.url()}`);
  });
  const response = await page.goto(url, { waitUntil: 'load' });
  if (response !== null && !response.ok()) problems.push(`status ${response.status()} for ${url}`);
  return { page, problems, close: () => context.close() };
}
