/** The emulator speaks Easemob's wire format, checked with plain HTTP. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from '../src/emulator/server.js';

let emulator: Emulator;
let base: string;
let token: string;

async function call(method: string, path: string, body?: unknown, auth = `Bearer ${token}`) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: auth, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, headers: res.headers, json: (await res.json()) as any };
}

beforeAll(async () => {
  emulator = createEmulator({ rateLimit: false, org: 'easemob-demo', app: 'chatdemoui' });
  await emulator.listen(0, '127.0.0.1');
  base = `${emulator.url}/easemob-demo/chatdemoui`;
  const res = await call('POST', '/token', {
    grant_type: 'client_credentials',
    client_id: emulator.clientId,
    client_secret: emulator.clientSecret,
  }, '');
  token = res.json.access_token;
});
afterAll(() => emulator.close());

describe('emulator', () => {
  it('issues tokens with expires_in and application', async () => {
    const res = await call('POST', '/token', { grant_type: 'client_credentials', client_id: emulator.clientId, client_secret: emulator.clientSecret }, '');
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ access_token: expect.any(String), expires_in: 5184000, application: expect.any(String) });
  });

  it('refuses wrong client credentials and missing or revoked tokens with the error body', async () => {
    const bad = await call('POST', '/token', { grant_type: 'client_credentials', client_id: 'x', client_secret: 'y' }, '');
    expect(bad.status).toBe(401);
    const none = await call('GET', '/chatrooms', undefined, '');
    expect(none.status).toBe(401);
    expect(Object.keys(none.json).sort()).toEqual(['duration', 'error', 'error_description', 'exception', 'timestamp']);
  });

  it('lists rooms a page at a time with a top-level cursor, absent on the last page', async () => {
    const all = [...emulator.store.rooms.keys()];
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 10; i++) {
      const res = await call('GET', `/chatrooms?limit=8${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(res.json.count).toBe(res.json.data.length);
      expect(res.json.action).toBe('get');
      seen.push(...res.json.data.map((r: { id: string }) => r.id));
      expect(Object.keys(res.json.data[0]).sort()).toEqual(['affiliations_count', 'id', 'name', 'owner']);
      cursor = res.json.cursor;
      if (!cursor) break;
    }
    expect(seen).toEqual(all);
  });

  it('answers batch detail by id with %2C, omitting missing ids; 404 when none exist', async () => {
    const [a, b] = [...emulator.store.rooms.keys()];
    const res = await call('GET', `/chatrooms/${b}%2C404404%2C${a}`);
    expect(res.status).toBe(200);
    expect(res.json.data.map((r: { id: string }) => r.id).sort()).toEqual([a, b].sort());
    expect(res.json.data[0]).toMatchObject({ affiliations: expect.arrayContaining([{ owner: expect.any(String) }]) });
    const none = await call('GET', '/chatrooms/404404%2C505505');
    expect(none.status).toBe(404);
    const tooMany = await call('GET', `/chatrooms/${Array.from({ length: 101 }, (_, i) => i + 1).join('%2C')}`);
    expect(tooMany.status).toBe(400);
  });

  it('creates, updates, adds and removes members, lists joined rooms by page, and deletes', async () => {
    const created = await call('POST', '/chatrooms', { name: 'wire', description: 'd', owner: 'alice', members: ['bob'] });
    const id = created.json.data.id;
    expect(id).toMatch(/^[0-9]+$/);
    const updated = await call('PUT', `/chatrooms/${id}`, { name: 'wire2', maxusers: 0 });
    expect(updated.json.data).toEqual({ groupname: true, maxusers: false });
    const added = await call('POST', `/chatrooms/${id}/users`, { usernames: ['carol', 'dave', 'bob'] });
    expect(added.json.data).toEqual({ newmembers: ['carol', 'dave', 'bob'], action: 'add_member', id });
    const removed = await call('DELETE', `/chatrooms/${id}/users/carol%2Calice`);
    expect(removed.json.data.map((r: { result: boolean }) => r.result)).toEqual([true, false]);
    const joined = emulator.store.joined('dave').map((r) => r.id);
    const page2 = await call('GET', '/users/dave/joined_chatrooms?pagenum=2&pagesize=1');
    expect(page2.json.data).toEqual([{ id: joined[1], name: expect.any(String), disabled: 'false' }]);
    const deleted = await call('DELETE', `/chatrooms/${id}`);
    expect(deleted.json.data).toEqual({ success: true, id });
    expect((await call('GET', `/chatrooms/${id}`)).status).toBe(404);
  });

  it('limits calls to N a second when told, answering 503 or 429 with Retry-After', async () => {
    for (const status of [503, 429] as const) {
      const limited = createEmulator({ rateLimit: { perSecond: 5, status } });
      await limited.listen(0, '127.0.0.1');
      try {
        const answers = await Promise.all(
          Array.from({ length: 8 }, () => fetch(`${limited.url}/${limited.org}/${limited.app}/chatrooms`)),
        );
        const statuses = answers.map((r) => r.status);
        expect(statuses.filter((s) => s === status)).toHaveLength(3);
        if (status === 429) expect(answers.find((r) => r.status === 429)!.headers.get('retry-after')).toBe('1');
      } finally {
        await limited.close();
      }
    }
  });

  it('adds latency and injected faults when asked', async () => {
    emulator.injectFault({ status: 500, path: /^\/chatrooms$/, times: 2 });
    expect((await call('GET', '/chatrooms')).status).toBe(500);
    expect((await call('GET', '/chatrooms')).status).toBe(500);
    expect((await call('GET', '/chatrooms')).status).toBe(200);
    emulator.latencyMs = 50;
    const started = performance.now();
    await call('GET', '/chatrooms');
    emulator.latencyMs = 0;
    expect(performance.now() - started).toBeGreaterThanOrEqual(45);
  });
});
