/**
 * GraphiQL over HTTP: a small page and separate files, compressed as the browser accepts and
 * cacheable (the files for a year under URLs that name their content, the page revalidated
 * by its ETag), all from this server; and its RoomEvents tab running a subscription in
 * headless Chromium while the test renames the room. The rest of the browser side is in
 * test/browser.test.ts.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync, brotliDecompressSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { available, executablePath, launch, loopbackOnly, required } from './chromium.js';
import { useStack } from './stack.js';

const stacks = useStack({});

const readExample = (name: string) => readFileSync(new URL(`../examples/${name}`, import.meta.url), 'utf8');

if (!available && !required) {
  console.warn(`Chromium not found at ${executablePath}: GraphiQL's subscription test is skipped (.ci/run installs it and sets REQUIRE_BROWSER=1)`);
}

const browser = { accept: 'text/html,application/xhtml+xml', 'accept-encoding': 'gzip, deflate, br' };

/** The raw bytes of an answer, as they travel (undici's fetch would decompress them). */
async function raw(url: string, headers: Record<string, string>) {
  const { request } = await import('undici');
  const res = await request(url, { headers });
  const body = Buffer.from(await res.body.arrayBuffer());
  return { status: res.statusCode, headers: res.headers as Record<string, string>, body };
}

describe('GraphiQL over HTTP', () => {
  it('sends a small compressed page that loads its files from this server', async () => {
    const page = await raw(stacks.shared.url, browser);
    expect(page.status).toBe(200);
    expect(page.headers['content-encoding']).toBe('br');
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.headers.etag).toMatch(/^"[0-9a-f]{16}-br"$/);
    const html = brotliDecompressSync(page.body).toString();
    const files = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(files.map((f) => f.replace(/\/[0-9a-f]{16}\//, '/<hash>/'))).toEqual([
      '/graphiql/<hash>/graphiql.css',
      '/graphiql/<hash>/favicon.svg',
      '/graphiql/<hash>/react.js',
      '/graphiql/<hash>/react-dom.js',
      '/graphiql/<hash>/graphiql.js',
      '/graphiql/<hash>/app.js',
    ]);
    // All of it, compressed, is a fraction of the 9 MB page GraphiQL used to be.
    let total = page.body.length;
    for (const file of files) {
      const res = await raw(new URL(file, stacks.shared.url).href, { 'accept-encoding': 'br' });
      expect(res.status, file).toBe(200);
      expect(res.headers['content-encoding'], file).toBe('br');
      expect(res.headers['cache-control'], file).toBe('public, max-age=31536000, immutable');
      total += res.body.length;
    }
    expect(total).toBeLessThan(1_000_000);
  });

  it('answers 304 to a browser that has the current version, and gzip or nothing as asked', async () => {
    const first = await raw(stacks.shared.url, { ...browser, 'accept-encoding': 'gzip' });
    expect(first.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(first.body).toString()).toContain('<div id="graphiql">');
    const again = await raw(stacks.shared.url, { ...browser, 'accept-encoding': 'gzip', 'if-none-match': first.headers.etag! });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    const plain = await raw(stacks.shared.url, { accept: 'text/html', 'accept-encoding': 'identity' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toContain('<div id="graphiql">');
  });

  it('never lets a file with another hash be kept, and serves nothing else under /graphiql/', async () => {
    const html = (await raw(stacks.shared.url, { accept: 'text/html' })).body.toString();
    const app = /src="(\/graphiql\/[0-9a-f]{16}\/app\.js)"/.exec(html)![1]!;
    const stale = await raw(new URL(app.replace(/[0-9a-f]{16}/, '0000000000000000'), stacks.shared.url).href, {});
    expect(stale.status).toBe(200);
    expect(stale.headers['cache-control']).toBe('no-cache');
    for (const path of ['/graphiql/0000000000000000/__proto__', '/graphiql/0000000000000000/../package.json', '/graphiql/x/app.js']) {
      expect((await raw(new URL(path, stacks.shared.url).href, {})).status, path).toBe(404);
    }
  });

  it('keeps the configuration in the page, escaped, with the example tabs and their variables', async () => {
    const html = (await raw(stacks.shared.url, { accept: 'text/html' })).body.toString();
    const json = /<script type="application\/json" id="graphiql-config">(.*?)<\/script>/s.exec(html)![1]!;
    const config = JSON.parse(json);
    expect(config.endpoint).toBe('/graphql');
    expect(config.tabs.find((t: { query: string }) => t.query.startsWith('query RoomDetails')).variables).toContain('"id"');
    expect(json).not.toMatch(/<(?!\/)/);
  });

  it('answers the icon browsers ask for by themselves (/favicon.ico), not 404 (issue 23, 6)', async () => {
    const icon = await raw(new URL('/favicon.ico', stacks.shared.url).href, {});
    expect([icon.status, icon.headers['content-type']]).toEqual([200, 'image/svg+xml']);
    expect(icon.body.toString()).toMatch(/^<svg /);
  });

  it('is not served when switched off', async () => {
    const off = await stacks.start({ graphiql: false });
    const page = await fetch(off.url, { headers: { accept: 'text/html' } });
    expect(String(page.headers.get('content-type'))).not.toMatch(/text\/html/);
    const html = (await raw(stacks.shared.url, { accept: 'text/html' })).body.toString();
    const app = /src="(\/graphiql\/[0-9a-f]{16}\/app\.js)"/.exec(html)![1]!;
    expect((await fetch(new URL(app, off.url))).status).toBe(404);
  });
});

describe.skipIf(!available && !required)('GraphiQL running a subscription in a real browser', () => {
  it('shows each event of the RoomEvents tab as it comes, over one SSE request that outlives the first (yoga issue 3268), until stopped or left', async () => {
    expect(available, `REQUIRE_BROWSER=1 but there is no Chromium at ${executablePath}`).toBe(true);
    const stack = stacks.shared;
    const { id } = JSON.parse(readExample('variables.json')).RoomEvents as { id: string };
    const subscriptions = () => stack.gateway.live.stats().subscriptions;
    const browser = await launch();
    try {
      const { context, outside } = await loopbackOnly(browser, { width: 1400, height: 900 });
      const page = await context.newPage();
      const streams: string[] = [];
      page.on('request', (request) => {
        if (request.headers().accept === 'text/event-stream') streams.push(request.method());
      });
      await page.goto(stack.url);
      await page.getByText('RoomEvents', { exact: true }).click({ timeout: 20_000 });
      const editor = page.locator('.graphiql-query-editor .CodeMirror');
      await expect.poll(() => editor.innerText()).toContain('subscription RoomEvents');
      expect(await editor.innerText()).toContain('rename the room from a second window');
      // GraphiQL 3 reads the new tab's operation name 100 ms after its editor changes.
      await page.waitForTimeout(300);
      const run = page.locator('.graphiql-execute-button');
      await run.click();
      // Subscribed once the gateway holds it: a rename before that would be told to nobody.
      await expect.poll(subscriptions, { timeout: 10_000 }).toBe(1);
      await expect.poll(() => run.getAttribute('aria-label')).toMatch(/^Stop/);

      const response = page.locator('.graphiql-response');
      for (const name of ['Renamed while watched', 'Renamed once more']) {
        const { body } = await stack.gql('mutation($id: ID!, $name: String!) { updateChatroom(input: { id: $id, name: $name }) { updated { name } } }', {
          id,
          name,
        });
        expect(body.errors).toBeUndefined();
        await expect.poll(() => response.innerText(), { timeout: 10_000 }).toContain(name);
        expect(await response.innerText()).toContain('"__typename": "ChatroomUpdated"');
      }
      // Both events came down the one request, which is still open.
      expect(streams).toEqual(['POST']);
      expect(subscriptions()).toBe(1);

      // Stop ends the request, and so the subscription at the gateway.
      await run.click();
      await expect.poll(subscriptions, { timeout: 10_000 }).toBe(0);
      await expect.poll(() => run.getAttribute('aria-label')).toMatch(/^Execute/);
      // So does moving to another tab: GraphiQL 3 stops what runs first (what issue 3268 saw as
      // a dropped request), hence the tab's advice to rename from a second window.
      await run.click();
      await expect.poll(subscriptions, { timeout: 10_000 }).toBe(1);
      await page.getByText('RenameRoom', { exact: true }).click();
      await expect.poll(subscriptions, { timeout: 10_000 }).toBe(0);
      expect(await editor.innerText()).toContain('mutation RenameRoom');
      expect(outside).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60_000);
});
