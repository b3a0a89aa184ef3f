/**
 * Room attributes through the gateway (issue 24), counted at the emulator: the calls each
 * operation makes (method, path, body), the answers, and input refused before any call.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { castStack, useCast } from './cast.js';
import { waitFor } from './entry-point.js';
import { deliver, live, sign } from './live-kit.js';
import { subscribeSse } from './sse.js';
import { codes, manyClients, useStack } from './stack.js';

const stacks = useStack({ ...castStack, security: manyClients });
const as = useCast();

/** A room of alice's with bob as a member, and attributes bob set. */
function room(attributes: Record<string, string> = {}) {
  const { store } = stacks.shared.emulator;
  const r = store.create({ name: 'Voice room', description: '', maxusers: 100, owner: 'alice', members: ['bob'] });
  if (Object.keys(attributes).length) store.setAttributes(r.id, 'bob', attributes, true, false);
  return r;
}

const trail = (calls: { method: string; path: string; body?: unknown }[], id: string) =>
  calls.map(({ method, path, body }) => ({ method, path: path.replace(id, '{id}'), ...(body === undefined ? {} : { body }) }));

describe('Chatroom.attributes', () => {
  it('reads them all, or those asked for, in one call per room: a read sent as a POST', async () => {
    const { id } = room({ 'seat.1': 'bob', topic: 'jazz' });
    const all = await stacks.shared.counting(() => stacks.shared.gql('query($id: ID!) { chatroom(id: $id) { attributes { key value } } }', { id }, as('carol')));
    expect(all.result.body.errors).toBeUndefined();
    expect(all.result.body.data).toEqual({ chatroom: { attributes: [{ key: 'seat.1', value: 'bob' }, { key: 'topic', value: 'jazz' }] } });
    // chatroom(id)'s own detail read (the room must exist), and the attributes'.
    expect(trail(all.calls, id)).toEqual([{ method: 'GET', path: '/chatrooms/{id}' }, { method: 'POST', path: '/metadata/chatroom/{id}' }]);
    const some = await stacks.shared.counting(() =>
      stacks.shared.gql('query($id: ID!) { chatroom(id: $id) { attributes(keys: ["topic", "absent"]) { key value } } }', { id }, as('carol')),
    );
    expect(some.result.body.data).toEqual({ chatroom: { attributes: [{ key: 'topic', value: 'jazz' }] } });
    expect(trail(some.calls, id)).toEqual([
      { method: 'GET', path: '/chatrooms/{id}' },
      { method: 'POST', path: '/metadata/chatroom/{id}', body: { keys: ['topic', 'absent'] } },
    ]);
  });

  it('are read as a read, though Easemob takes a POST: kept by the cache, which they leave whole, and forgotten after a change', async () => {
    const cached = await stacks.start({ ...castStack, security: manyClients, policy: { cacheTtlMs: 60_000 } });
    const { store } = cached.emulator;
    const { id } = store.create({ name: 'Cached', description: '', maxusers: 10, owner: 'alice', members: ['bob'] });
    store.setAttributes(id, 'bob', { topic: 'jazz' }, true, false);
    const Read = 'query($id: ID!) { chatroom(id: $id) { name attributes { key value } } }';
    const first = await cached.counting(() => cached.gql(Read, { id }, as('key')));
    expect(first.calls.map((c) => c.method)).toEqual(['GET', 'POST']);
    // Both kept: the room's detail was not forgotten for the attributes' POST.
    const again = await cached.counting(() => cached.gql(Read, { id }, as('key')));
    expect(again.calls).toEqual([]);
    expect(again.result.body.data).toEqual(first.result.body.data);
    // A change through the gateway: read fresh.
    await cached.gql(`mutation($id: ID!) { setChatroomAttributes(input: { id: $id, attributes: [{ key: "topic", value: "rock" }] }) { results { ok } } }`, { id }, as('bob'));
    const after = await cached.gql(Read, { id }, as('key'));
    expect(after.body.data).toMatchObject({ chatroom: { attributes: [{ key: 'topic', value: 'rock' }] } });
  });

  it("are paced as reads, in the caller's own lane: one caller's many rooms do not hold back another's read", async () => {
    const paced = await stacks.start({ ...castStack, security: manyClients, policy: { ratePerSecond: 10, burst: 1, shareReads: false } });
    const ids = Array.from({ length: 11 }, (_, i) => paced.emulator.store.create({ name: `r${i}`, description: '', maxusers: 10, owner: 'alice', members: [] }).id);
    const mark = paced.emulator.calls.length;
    const many = ids.slice(1).map((id, i) => `r${i}: chatroom(id: "${id}") { attributes { key } }`).join(' ');
    const hog = paced.gql(`query { ${many} }`, {}, as('key'));
    // Once the key's calls queue, alice asks for one room's name.
    await waitFor(() => paced.emulator.calls.length > mark + 1);
    await paced.gql('query($id: ID!) { chatroom(id: $id) { name } }', { id: ids[0] }, as('alice'));
    await hog;
    const order = paced.emulator.apiCalls(mark).map((c) => (c.path.includes(ids[0]!) ? 'alice' : c.method));
    // Lanes take turns: alice's read goes within a few of the key's; as writes, all ten attribute reads would go first.
    expect(order.indexOf('alice')).toBeLessThan(5);
  });

  it('refuses keys Easemob would refuse, each named, before any call', async () => {
    const { id } = room();
    const { result, calls } = await stacks.shared.counting(() =>
      stacks.shared.gql(`query($id: ID!) { chatroom(id: $id) { attributes(keys: ["ok", "bad key", "${'k'.repeat(129)}", "ok"]) { key } } }`, { id }, as('key')),
    );
    const errors = result.body.errors as unknown as { extensions: { code: string; argumentPath: (string | number)[] } }[];
    expect(errors.map((e) => [e.extensions.code, e.extensions.argumentPath])).toEqual([
      ['BAD_USER_INPUT', ['keys', 1]],
      ['BAD_USER_INPUT', ['keys', 2]],
      ['BAD_USER_INPUT', ['keys']],
    ]);
    expect(calls).toEqual([]);
  });

  it('says NOT_FOUND for a room that does not exist', async () => {
    const { result } = await stacks.shared.counting(() => stacks.shared.gql('query { chatroomsByIds(ids: ["9999999"]) { attributes { key } } }', undefined, as('key')));
    expect(codes(result.body)).toEqual(['NOT_FOUND']);
  });
});

describe('setChatroomAttributes and deleteChatroomAttributes', () => {
  const Set = `mutation($input: SetChatroomAttributesInput!) { setChatroomAttributes(input: $input) { chatroom { id } results { key ok reason } } }`;
  const Delete = `mutation($input: DeleteChatroomAttributesInput!) { deleteChatroomAttributes(input: $input) { results { key ok reason } } }`;

  it("set a member's own keys in one call, each key's outcome said, one failing while the other is set", async () => {
    // 99 keys held: the room takes one more, not two.
    const { id } = room();
    for (let i = 0; i < 99; i += 9) {
      stacks.shared.emulator.store.setAttributes(id, 'bob', Object.fromEntries(Array.from({ length: Math.min(9, 99 - i) }, (_, j) => [`held.${i + j}`, 'v'])), true, false);
    }
    const full = await stacks.shared.gql(Set, { input: { id, attributes: [{ key: 'seat.1', value: 'bob' }, { key: 'seat.2', value: 'carol' }] } }, as('bob'));
    expect(full.body.errors).toBeUndefined();
    expect((full.body.data as { setChatroomAttributes: { results: unknown } }).setChatroomAttributes.results).toEqual([
      { key: 'seat.1', ok: true, reason: null },
      { key: 'seat.2', ok: false, reason: 'properties size is exceeding maximum limit 100' },
    ]);
    for (let i = 0; i < 99; i += 9) stacks.shared.emulator.store.deleteAttributes(id, 'bob', Array.from({ length: Math.min(9, 99 - i) }, (_, j) => `held.${i + j}`), false);
    stacks.shared.emulator.store.deleteAttributes(id, 'bob', ['seat.1'], false);
    const { result, calls } = await stacks.shared.counting(() =>
      stacks.shared.gql(Set, { input: { id, attributes: [{ key: 'seat.1', value: 'bob' }, { key: 'topic', value: 'x'.repeat(4096) }] } }, as('bob')),
    );
    expect(result.body.errors).toBeUndefined();
    expect((result.body.data as { setChatroomAttributes: { results: unknown } }).setChatroomAttributes.results).toEqual([
      { key: 'seat.1', ok: true, reason: null },
      { key: 'topic', ok: true, reason: null },
    ]);
    expect(trail(calls, id)).toEqual([
      { method: 'PUT', path: '/metadata/chatroom/{id}/user/bob', body: { metaData: { 'seat.1': 'bob', topic: 'x'.repeat(4096) }, autoDelete: 'DELETE' } },
    ]);
    // A key another member holds: refused whole by Easemob without overwriteOthers, the caller's input.
    const others = await stacks.shared.gql(Set, { input: { id, attributes: [{ key: 'seat.1', value: 'alice' }] } }, as('alice'));
    expect(codes(others.body)).toEqual(['BAD_USER_INPUT']);
    // The owner moderates: overwriteOthers is hers to ask, and the key is hers now.
    const forced = await stacks.shared.counting(() =>
      stacks.shared.gql(Set, { input: { id, attributes: [{ key: 'seat.1', value: 'alice' }], overwriteOthers: true, deleteWhenILeave: false } }, as('alice')),
    );
    expect(forced.result.body.errors).toBeUndefined();
    expect(trail(forced.calls, id).at(-1)).toEqual({ method: 'PUT', path: '/metadata/chatroom/{id}/user/alice/forced', body: { metaData: { 'seat.1': 'alice' }, autoDelete: 'NO_DELETE' } });
    expect(stacks.shared.emulator.store.attributes(id)).toEqual({ 'seat.1': 'alice', topic: 'x'.repeat(4096) });
  });

  it("delete keys with a JSON body, each outcome said: another member's key is not theirs to delete", async () => {
    const { id } = room({ 'seat.1': 'bob' });
    stacks.shared.emulator.store.setAttributes(id, 'alice', { topic: 'jazz' }, true, false);
    const { result, calls } = await stacks.shared.counting(() => stacks.shared.gql(Delete, { input: { id, keys: ['seat.1', 'topic'] } }, as('bob')));
    expect((result.body.data as { deleteChatroomAttributes: { results: { key: string; ok: boolean }[] } }).deleteChatroomAttributes.results.map((r) => [r.key, r.ok])).toEqual([
      ['seat.1', true],
      ['topic', false],
    ]);
    expect(trail(calls, id)).toEqual([{ method: 'DELETE', path: '/metadata/chatroom/{id}/user/bob', body: { keys: ['seat.1', 'topic'] } }]);
    expect(stacks.shared.emulator.store.attributes(id)).toEqual({ topic: 'jazz' });
  });

  it('say a user who is not in the room is the caller\'s input, and keep the token: one call, no refresh', async () => {
    const { id } = room();
    const { result, calls } = await stacks.shared.counting(() => stacks.shared.gql(Set, { input: { id, attributes: [{ key: 'k', value: 'v' }] } }, as('dave')));
    expect(result.body.errors).toMatchObject([{ extensions: { code: 'BAD_USER_INPUT', usernames: ['dave'] } }]);
    expect(calls.map((c) => `${c.method} ${c.path.replace(id, '{id}')}`)).toEqual(['PUT /metadata/chatroom/{id}/user/dave']);
  });

  it('refuse, with no upstream write, what the rules keep for moderators: overwriteOthers and acting for another member', async () => {
    const { id } = room();
    for (const input of [
      { id, attributes: [{ key: 'k', value: 'v' }], overwriteOthers: true },
      { id, attributes: [{ key: 'k', value: 'v' }], username: 'alice' },
    ]) {
      const { result, calls } = await stacks.shared.counting(() => stacks.shared.gql(Set, { input }, as('bob')));
      expect(codes(result.body)).toEqual(['FORBIDDEN']);
      expect(calls.filter((c) => c.method !== 'GET')).toEqual([]);
    }
    // Anonymous callers are told to sign in; an API key must name the member.
    expect(codes((await stacks.shared.gql(Set, { input: { id, attributes: [{ key: 'k', value: 'v' }] } }, as('anonymous'))).body)).toEqual(['UNAUTHENTICATED']);
    const unnamed = await stacks.shared.counting(() => stacks.shared.gql(Set, { input: { id, attributes: [{ key: 'k', value: 'v' }] } }, as('key')));
    expect(unnamed.result.body.errors).toMatchObject([{ extensions: { code: 'BAD_USER_INPUT', argumentPath: ['input', 'username'] } }]);
    expect(unnamed.calls).toEqual([]);
    const forBob = await stacks.shared.gql(Set, { input: { id, attributes: [{ key: 'k', value: 'v' }], username: 'bob' } }, as('key'));
    expect(forBob.body.errors).toBeUndefined();
  });

  it('refuse over-limit input before any call, every bad key named', async () => {
    const { id } = room();
    const eleven = Array.from({ length: 11 }, (_, i) => ({ key: `k${i}`, value: 'v' }));
    const bad = [{ key: 'bad key', value: 'v' }, { key: 'ok', value: 'x'.repeat(4097) }, { key: 'ok', value: 'v' }];
    for (const attributes of [eleven, bad, [], [{ key: '__proto__', value: 'v' }]]) {
      const { result, calls } = await stacks.shared.counting(() => stacks.shared.gql(Set, { input: { id, attributes } }, as('bob')));
      expect(codes(result.body).every((code) => code === 'BAD_USER_INPUT') && codes(result.body).length > 0).toBe(true);
      expect(calls).toEqual([]);
    }
    const { result } = await stacks.shared.counting(() => stacks.shared.gql(Set, { input: { id, attributes: bad } }, as('bob')));
    expect((result.body.errors as unknown as { extensions: { argumentPath: unknown[] } }[]).map((e) => e.extensions.argumentPath)).toEqual([
      ['input', 'attributes', 0, 'key'],
      ['input', 'attributes', 1, 'value'],
      ['input', 'attributes'],
    ]);
  });
});

describe('ChatroomAttributesChanged', () => {
  it("tells every subscriber of the room what the gateway's own writes set and deleted, once Easemob confirmed it", async () => {
    const { id } = room();
    const query = 'subscription($id: ID!) { chatroomEvents(id: $id) { __typename ... on ChatroomAttributesChanged { changed { key value } removed } } }';
    const watcher = await subscribeSse<{ chatroomEvents: Record<string, unknown> }>(stacks.shared.url, query, { id }, as('carol'));
    await waitFor(() => stacks.shared.gateway.live.stats().subscriptions > 0);
    const Set = `mutation($input: SetChatroomAttributesInput!) { setChatroomAttributes(input: $input) { results { ok } } }`;
    await stacks.shared.gql(Set, { input: { id, attributes: [{ key: 'seat.1', value: 'bob' }] } }, as('bob'));
    expect((await watcher.next())?.data?.chatroomEvents).toEqual({ __typename: 'ChatroomAttributesChanged', changed: [{ key: 'seat.1', value: 'bob' }], removed: [] });
    const Delete = `mutation($input: DeleteChatroomAttributesInput!) { deleteChatroomAttributes(input: $input) { results { ok } } }`;
    // seat.1 is deleted; absent was never set, and is not told.
    await stacks.shared.gql(Delete, { input: { id, keys: ['seat.1', 'absent'] } }, as('bob'));
    expect((await watcher.next())?.data?.chatroomEvents).toEqual({ __typename: 'ChatroomAttributesChanged', changed: [], removed: ['seat.1'] });
    watcher.close();
  });
});

describe("ChatroomAttributesChanged from Easemob's legacy callbacks", () => {
  const metadataCallback = (room: string, operation: 'set_metadata' | 'delete_metadata', properties: Record<string, string>, operator = 'carol') => {
    const fixture = JSON.parse(readFileSync(new URL(`./fixtures/easemob/callbacks/muc-${operation.replace('_', '-')}.json`, import.meta.url), 'utf8')) as {
      body: { payload: { event_info: { ext: string } } } & Record<string, unknown>;
    };
    const callId = `demo-org#demo-app_${randomUUID()}`;
    const timestamp = Date.now();
    const ext = { result: { successKeys: Object.keys(properties), errorKeys: {} }, is_forced: false, properties, 'operator ': operator };
    return {
      ...fixture.body,
      callId,
      timestamp,
      security: sign(callId, timestamp),
      group_id: room,
      from: room,
      payload: { ...fixture.body.payload, event_info: { ...fixture.body.payload.event_info, ext: JSON.stringify(ext) } },
    };
  };

  it("tells a change made elsewhere, and takes the callback for the gateway's own write as its echo: each change once", async () => {
    const s = await stacks.start({ ...castStack, security: manyClients, live });
    const { id } = s.emulator.store.create({ name: 'Live attributes', description: '', maxusers: 10, owner: 'alice', members: ['bob', 'carol'] });
    const query = 'subscription($id: ID!) { chatroomEvents(id: $id) { __typename actor { username } ... on ChatroomAttributesChanged { changed { key value } removed } } }';
    const watcher = await subscribeSse<{ chatroomEvents: Record<string, unknown> }>(s.url, query, { id }, as('key'));
    await waitFor(() => s.gateway.live.stats().subscriptions > 0);
    const next = async () => (await watcher.next())?.data?.chatroomEvents;
    // Set by an SDK client: the emulator's callback, as Easemob's, is the only news of it.
    s.emulator.actAs('carol', { kind: 'set-attributes', room: id, attributes: { topic: 'jazz' } });
    expect(await next()).toEqual({ __typename: 'ChatroomAttributesChanged', actor: { username: 'carol' }, changed: [{ key: 'topic', value: 'jazz' }], removed: [] });
    // Set through the gateway: told at once, and Easemob's callback for it is its echo, told to nobody.
    await s.gql(`mutation($id: ID!) { setChatroomAttributes(input: { id: $id, attributes: [{ key: "seat.1", value: "bob" }] }) { results { ok } } }`, { id }, as('bob'));
    expect(await next()).toMatchObject({ actor: { username: 'bob' }, changed: [{ key: 'seat.1', value: 'bob' }] });
    await s.emulator.callbacksIdle();
    const echo = s.emulator.callbacksSent.at(-1)!;
    const { operation, event_info } = echo.body.payload as { operation: string; event_info: { ext: string } };
    expect([echo.statuses, operation, JSON.parse(event_info.ext)['operator ']]).toEqual([[200], 'set_metadata', 'bob']);
    // Changed elsewhere again: the next event told is this one, so the echo above was told to nobody.
    s.emulator.actAs('carol', { kind: 'set-attributes', room: id, attributes: { topic: 'blues' } });
    expect(await next()).toMatchObject({ changed: [{ key: 'topic', value: 'blues' }] });
    // Keys JavaScript reads as an object's own: "__proto__" (Easemob's keys allow it) does not take its neighbours down.
    s.emulator.actAs('carol', { kind: 'set-attributes', room: id, attributes: JSON.parse('{"__proto__": "x", "seat.2": "carol"}') });
    expect(await next()).toMatchObject({ changed: [{ key: '__proto__', value: 'x' }, { key: 'seat.2', value: 'carol' }] });
    // A delete callback as the docs print it, key order and all.
    expect((await deliver(s, metadataCallback(id, 'delete_metadata', { topic: 'blues' }))).status).toBe(200);
    expect(await next()).toMatchObject({ actor: { username: 'carol' }, changed: [], removed: ['topic'] });
    watcher.close();
  });
});

