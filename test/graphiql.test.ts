/**
 * GraphiQL over HTTP: a small page and separate files, compressed as the browser accepts and
 * cacheable (the files for a year under URLs that name their content, the page revalidated
 * by its ETag), all from this server. The browser side is in test/browser.test.ts.
 */
import { gunzipSync, brotliDecompressSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { useStack } from './stack.js';

const stacks = useStack({});

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

  it('is not served when switched off', async () => {
    const off = await stacks.start({ graphiql: false });
    const page = await fetch(off.url, { headers: { accept: 'text/html' } });
    expect(String(page.headers.get('content-type'))).not.toMatch(/text\/html/);
    const html = (await raw(stacks.shared.url, { accept: 'text/html' })).body.toString();
    const app = /src="(\/graphiql\/[0-9a-f]{16}\/app\.js)"/.exec(html)![1]!;
    expect((await fetch(new URL(app, off.url))).status).toBe(404);
  });
});
