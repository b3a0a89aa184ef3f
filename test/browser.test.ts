/**
 * GraphiQL in a real browser: headless Chromium (Debian's package) driven by
 * playwright-core opens /graphql, runs the default rooms query through the UI and sees
 * room names in the result pane, while every request that tries to leave loopback is
 * blocked and recorded. Skipped where Chromium is absent, unless REQUIRE_BROWSER=1 (as
 * .ci/run sets), in which case a missing browser fails the test.
 */
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { type Stack, startStack } from './stack.js';

const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const available = existsSync(executablePath);
const required = process.env.REQUIRE_BROWSER === '1';
if (!available && !required) {
  console.warn(`Chromium not found at ${executablePath}: the browser test is skipped (.ci/run installs it and sets REQUIRE_BROWSER=1)`);
}

let stack: Stack | undefined;
afterAll(() => stack?.close());

describe.skipIf(!available && !required)('GraphiQL in a real browser', () => {
  it('runs the rooms query from the UI and shows room names, nothing leaving loopback', async () => {
    expect(available, `REQUIRE_BROWSER=1 but there is no Chromium at ${executablePath}`).toBe(true);
    stack = await startStack();
    const browser = await chromium.launch({
      executablePath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
    try {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const outside: string[] = [];
      await context.route('**/*', (route) => {
        const url = new URL(route.request().url());
        if (url.hostname === '127.0.0.1' || url.hostname === 'localhost') return route.continue();
        outside.push(url.href);
        return route.abort();
      });
      const page = await context.newPage();
      await page.goto(stack.url);
      await page.locator('.graphiql-execute-button').click({ timeout: 20_000 });
      const response = page.locator('.graphiql-response');
      await expect.poll(async () => response.innerText(), { timeout: 20_000 }).toContain('General');
      expect(await response.innerText()).toContain('Random');
      await page.screenshot({ path: process.env.BROWSER_SCREENSHOT ?? join(tmpdir(), 'graphiql.png') });
      expect(outside).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60_000);

  it('shows each tab with its variables and the history, shares headers between tabs, keeps no key unless asked, and loads its files from cache', async () => {
    expect(available, `REQUIRE_BROWSER=1 but there is no Chromium at ${executablePath}`).toBe(true);
    const keyed = await startStack({ apiKeys: ['browser-secret-key-42'] });
    const browser = await chromium.launch({ executablePath, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    try {
      const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
      await page.goto(keyed.url);
      // The variables pane is open, with the first example's variables; the history panel is open.
      const tool = page.locator('.graphiql-editor-tool .graphiql-editor:not(.hidden) .CodeMirror');
      await expect.poll(() => tool.innerText(), { timeout: 20_000 }).toContain('"first": 10');
      await expect.poll(() => page.locator('.graphiql-history').isVisible()).toBe(true);
      await page.getByText('RoomDetails', { exact: true }).click();
      await expect.poll(() => tool.innerText()).toContain('"id": "1432259622444162"');

      // A key typed in one tab's headers is the headers of every tab.
      await page.getByText('Headers', { exact: true }).click();
      await tool.click();
      await page.keyboard.press('Control+A');
      await page.keyboard.type('{"Authorization": "Bearer browser-secret-key-42"}');
      await page.getByText('Rooms', { exact: true }).click();
      await expect.poll(() => tool.innerText()).toContain('browser-secret-key-42');
      // GraphiQL 3 reads the new tab's operation name 100 ms after its editor changes.
      await page.waitForTimeout(300);
      await page.locator('.graphiql-execute-button').click();
      await expect.poll(() => page.locator('.graphiql-response').innerText(), { timeout: 20_000 }).toContain('General');
      await expect.poll(() => page.locator('.graphiql-history-item').count()).toBeGreaterThan(0);

      // Not kept in the browser, history included, until the user turns "Persist headers" on.
      const stored = () => page.evaluate(() => JSON.stringify(localStorage));
      expect(await stored()).not.toContain('browser-secret-key-42');
      await page.getByLabel('Open settings dialog').click();
      await page.locator('#enable-persist-headers').click();
      await page.keyboard.press('Escape');
      await page.locator('.graphiql-execute-button').click();
      await expect.poll(stored, { timeout: 10_000 }).toContain('browser-secret-key-42');

      // Loaded again, the files come from the browser's cache: no bytes over the wire.
      await page.reload();
      await expect.poll(() => tool.isVisible(), { timeout: 20_000 }).toBe(true);
      const files = await page.evaluate(() =>
        performance.getEntriesByType('resource').flatMap((e) => {
          const r = e as PerformanceResourceTiming;
          return r.name.includes('/graphiql/') ? [{ name: r.name, transferSize: r.transferSize }] : [];
        }),
      );
      expect(files.length).toBe(5);
      for (const file of files) expect(file.transferSize, file.name).toBe(0);
    } finally {
      await browser.close();
      await keyed.close();
    }
  }, 90_000);
});
