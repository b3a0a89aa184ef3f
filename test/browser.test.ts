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
});
