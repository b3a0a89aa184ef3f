/**
 * GraphiQL in a real browser: headless Chromium (Debian's package) driven by
 * playwright-core opens /graphql, runs the default rooms query through the UI and sees
 * room names in the result pane, while every request that tries to leave loopback is
 * blocked and recorded. Skipped where Chromium is absent, unless REQUIRE_BROWSER=1 (as
 * .ci/run sets), in which case a missing browser fails the test.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDemoIdentityProvider } from '../src/demo-idp.js';
import { available, executablePath, launch, loopbackOnly, required } from './chromium.js';
import { useStack } from './stack.js';

if (!available && !required) {
  console.warn(`Chromium not found at ${executablePath}: the browser test is skipped (.ci/run installs it and sets REQUIRE_BROWSER=1)`);
}

describe.skipIf(!available && !required)('GraphiQL in a real browser', () => {
  const { start } = useStack();

  it('runs the rooms query from the UI and shows room names, nothing leaving loopback', async () => {
    expect(available, `REQUIRE_BROWSER=1 but there is no Chromium at ${executablePath}`).toBe(true);
    const stack = await start();
    const browser = await launch();
    try {
      const { context, outside } = await loopbackOnly(browser, { width: 1280, height: 800 });
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

  it('lets a listed origin read, and neither a stranger nor a sandboxed iframe (Origin: null) (issue 20, 2)', async () => {
    expect(available, `REQUIRE_BROWSER=1 but there is no Chromium at ${executablePath}`).toBe(true);
    // Two pages on loopback origins of their own, one of them listed with another origin:
    // yoga's helper answered strangers `Access-Control-Allow-Origin: null` once two were listed.
    const pages = await Promise.all([startPage(), startPage()]);
    const [listed, stranger] = pages as [Page, Page];
    const gateway = await start({ security: { corsOrigins: [listed.origin, 'https://app.example.com'] } });
    const browser = await launch();
    try {
      const page = await (await browser.newContext()).newPage();
      /** What a script at `origin` (in a sandboxed iframe when `sandboxed`) could read of the gateway's answer. */
      const read = async (origin: string, sandboxed: boolean) => {
        await page.goto(`${origin}/?gateway=${encodeURIComponent(gateway.url)}&sandboxed=${sandboxed}`);
        return page.evaluate(() => (window as unknown as { outcome: Promise<string> }).outcome);
      };
      expect(await read(listed.origin, false)).toContain('"chatrooms"');
      expect(await read(stranger.origin, false)).toBe('blocked');
      expect(await read(listed.origin, true)).toBe('blocked');
      expect(await read(stranger.origin, true)).toBe('blocked');
    } finally {
      await browser.close();
      await Promise.all(pages.map((p) => p.close()));
    }
  }, 60_000);

  it('shows each tab with its variables and the history, shares headers between tabs, keeps no key unless asked, and loads its files from cache', async () => {
    expect(available, `REQUIRE_BROWSER=1 but there is no Chromium at ${executablePath}`).toBe(true);
    const keyed = await start({ apiKeys: ['browser-secret-key-42'] });
    const browser = await launch();
    try {
      const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
      await page.goto(keyed.url);
      // The variables pane is open, with the first example's variables; the history panel is closed (issue 23, 6).
      const tool = page.locator('.graphiql-editor-tool .graphiql-editor:not(.hidden) .CodeMirror');
      await expect.poll(() => tool.innerText(), { timeout: 20_000 }).toContain('"first": 10');
      expect(await page.locator('.graphiql-history').isVisible()).toBe(false);
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
      await page.getByLabel('Show History').click();
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
      expect(files.length).toBe(6);
      for (const file of files) expect(file.transferSize, file.name).toBe(0);
    } finally {
      await browser.close();
    }
  }, 90_000);
});

describe.skipIf(!available && !required)('GraphiQL on the demo, in a real browser (issue 23, 6)', () => {
  const { start } = useStack();

  it('says who the headers sign in as, switches between the demo users, and runs a tab at once after switching to it', async () => {
    expect(available, `REQUIRE_BROWSER=1 but there is no Chromium at ${executablePath}`).toBe(true);
    const demo = await createDemoIdentityProvider();
    const stack = await start({ jwt: demo.jwt, allowAnonymous: true, demoTokens: demo.tokens });
    const browser = await launch();
    try {
      const { context, outside } = await loopbackOnly(browser, { width: 1400, height: 900 });
      const page = await context.newPage();
      await page.goto(stack.url);
      const who = page.locator('.gateway-signed-in-as');
      await expect.poll(() => who.innerText(), { timeout: 20_000 }).toBe('Signed in as alice');
      // Another demo user, chosen beside the title: the headers every tab sends are theirs now.
      await page.getByLabel('Sign in as').selectOption('bob');
      await expect.poll(() => who.innerText()).toBe('Signed in as bob');
      // The Viewer tab, run the moment it opens: GraphiQL 3 would send the previous tab's operation name.
      await page.getByText('Viewer', { exact: true }).click();
      await page.locator('.graphiql-execute-button').click();
      const response = page.locator('.graphiql-response');
      await expect.poll(() => response.innerText(), { timeout: 20_000 }).toContain('"username": "bob"');
      expect(await response.innerText()).not.toContain('errors');
      // Switched back to a tab and run at once again: the right operation, no 400.
      await page.getByText('Rooms', { exact: true }).click();
      await page.locator('.graphiql-execute-button').click();
      await expect.poll(() => response.innerText(), { timeout: 20_000 }).toContain('General');
      // A tab in the browser shows the gateway's icon.
      const icon = await page.evaluate(() => document.querySelector('link[rel=icon]')?.getAttribute('href'));
      expect((await fetch(new URL(icon!, stack.url))).headers.get('content-type')).toBe('image/svg+xml');
      expect(outside).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60_000);
});

interface Page {
  origin: string;
  close(): Promise<void>;
}

/**
 * A page on a loopback origin of its own that reads the gateway (`?gateway=`) from a script,
 * or from a script in a sandboxed iframe (`?sandboxed=true`: its origin is "null"), and
 * sets `window.outcome` to the answer's text or `blocked`.
 */
async function startPage(): Promise<Page> {
  const script = (gateway: string) =>
    `fetch(${JSON.stringify(gateway)}, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ chatrooms(first: 1) { nodes { id } } }' }) })` +
    `.then((r) => r.text(), () => 'blocked').then((text) => (parent === window ? (window.result = text) : parent.postMessage(text, '*')));`;
  const server = createServer((req, res) => {
    const params = new URL(req.url ?? '/', 'http://page').searchParams;
    const gateway = params.get('gateway') ?? '';
    const inner = `<script>${script(gateway)}</script>`;
    const body =
      params.get('sandboxed') === 'true'
        ? `<script>window.outcome = new Promise((resolve) => addEventListener('message', (e) => resolve(e.data)));</script>` +
          `<iframe sandbox="allow-scripts" srcdoc="${inner.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"></iframe>`
        : `<script>window.outcome = new Promise((resolve) => { const wait = () => (window.result ? resolve(window.result) : setTimeout(wait, 20)); wait(); });</script>${inner}`;
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(`<!doctype html><html><body>${body}</body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
