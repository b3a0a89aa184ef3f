/**
 * Debian's Chromium for the tests that drive a real browser (playwright-core; `npx playwright
 * install` cannot work here), and a page context that lets nothing leave this machine.
 */
import { existsSync } from 'node:fs';
import { type Browser, type BrowserContext, chromium } from 'playwright-core';

export const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const available = existsSync(executablePath);
export const required = process.env.REQUIRE_BROWSER === '1';

export const launch = (): Promise<Browser> =>
  chromium.launch({
    executablePath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });

/** A context whose requests off loopback are refused and listed in `outside`, for a test to expect none. */
export async function loopbackOnly(browser: Browser, viewport: { width: number; height: number }): Promise<{ context: BrowserContext; outside: string[] }> {
  const context = await browser.newContext({ viewport });
  const outside: string[] = [];
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === '127.0.0.1' || url.hostname === 'localhost') return route.continue();
    outside.push(url.href);
    return route.abort();
  });
  return { context, outside };
}
