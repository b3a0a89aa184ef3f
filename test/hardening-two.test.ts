/**
 * The holes of issue 20 (the second adversarial probe), one block each, numbered as there;
 * each test fails without its fix. Elsewhere: sign-in keys and time claims (4, 5, 8) in
 * test/jwks.test.ts and test/sign-in.test.ts; pacing (11, 12) in
 * test/pacing-end-to-end.test.ts, test/pacer.test.ts, test/call-window.test.ts and test/replicas.test.ts; the
 * Redis partition (6) in test/replicas.test.ts; 10 concurrent worst cases under the
 * production heap cap in test/start.test.ts.
 */
import { createSchema, createYoga } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { useSafeErrors } from '../src/plugins/safe-errors.js';
import { createLogger } from '../src/logging.js';
import { useRequestId } from '../src/plugins/request-id.js';
import { requestScope } from '../src/request-scope.js';
import { hs256, jwtWithSecret } from './identity.js';
import { estimate } from './estimate.js';
import { RoomDetailsDocument } from '../examples/gql/graphql.js';
import { bigRoom, codes, examplesManifest, expectForbidden, manyClients, post, useStack } from './stack.js';

const { start } = useStack(undefined, { security: manyClients });

describe('1. answers are bounded', () => {
  it("refuses calls nested under a room's members before any call: they are priced at the room's most users", async () => {
    const s = await start();
    const id = bigRoom(s.emulator.store);
    const query = `{ chatroom(id: "${id}") { members { username joinedChatrooms(first: 2) { nodes { id } } } } }`;
    const { result, calls } = await s.counting(() => s.gql(query));
    expect(result.status).toBe(400);
    expect(result.body.errors![0]!.extensions).toMatchObject({ code: 'QUERY_TOO_EXPENSIVE', estimate: 10_001, limit: 30 });
    expect(calls).toEqual([]);
  });

  it('answers a whole room of 10,000 members', async () => {
    const s = await start();
    const id = bigRoom(s.emulator.store);
    const { result, calls } = await s.counting(() => s.gql(`{ chatroom(id: "${id}") { members { id username } } }`));
    expect(result.body.errors).toBeUndefined();
    expect((result.body.data as { chatroom: { members: unknown[] } }).chatroom.members).toHaveLength(9_999);
    expect(calls).toHaveLength(1);
  });

  it('cuts the answer past GATEWAY_MAX_ANSWER_VALUES: one error for the cut, never one per item or per list', async () => {
    const s = await start();
    const id = bigRoom(s.emulator.store);
    // Fifteen aliases of the room's 9,999 members with two values each: 300,000 values asked for.
    const aliases = Array.from({ length: 15 }, (_, i) => `a${i}: chatroom(id: "${id}") { members { id username } }`).join(' ');
    const { result, calls } = await s.counting(() => s.gql(`{ ${aliases} }`));
    expect(calls).toHaveLength(1);
    const data = result.body.data as Record<string, { members: unknown[] | null }>;
    // 50,000 values: two lists of 19,998 fit, the third does not.
    expect(Object.values(data).map((room) => room.members?.length ?? null)).toEqual([9_999, 9_999, ...Array(13).fill(null)]);
    expect(result.body.errors).toHaveLength(1);
    expect(result.body.errors![0]).toMatchObject({ path: ['a2', 'members'], extensions: { code: 'QUERY_TOO_EXPENSIVE', maxAnswerValues: 50_000 } });
    expect(result.body.errors![0]!.message).toMatch(/^Too expensive: the answer would hold more than 50000 values .* so it is cut here/);
    expect(result.text.length).toBeLessThan(2_000_000);
  });

  it('cuts the same room asked 500 times over in one list after the lists that fit, with one error', async () => {
    const s = await start();
    const id = bigRoom(s.emulator.store);
    // The same room 500 times, one upstream call: 500 member lists of 9,999.
    const { result, calls } = await s.counting(() => s.gql('query($ids: [ID!]!) { chatroomsByIds(ids: $ids) { members { username } } }', { ids: Array(500).fill(id) }));
    expect(calls).toHaveLength(1);
    const rooms = (result.body.data as { chatroomsByIds: { members: unknown[] | null }[] }).chatroomsByIds;
    expect(rooms.filter((room) => room.members).length).toBe(4);
    expect(codes(result.body)).toEqual(['QUERY_TOO_EXPENSIVE']);
    expect(result.body.errors![0]!.path).toEqual(['chatroomsByIds', 4, 'members']);
  });

  it('counts long texts: an 8 KB custom asked for 7,500 times is cut, not 61 MB', async () => {
    const s = await start();
    const id = s.emulator.store.create({ name: 'Custom', description: '', maxusers: 10, owner: 'alice', members: [], custom: 'c'.repeat(8 * 1024) }).id;
    const aliases = Array.from({ length: 15 }, (_, i) => `a${i}: custom`).join(' ');
    const { result, calls } = await s.counting(() => s.gql(`query($ids: [ID!]!) { chatroomsByIds(ids: $ids) { ${aliases} } }`, { ids: Array(500).fill(id) }));
    expect(calls).toHaveLength(1);
    expect(codes(result.body)).toEqual(['QUERY_TOO_EXPENSIVE']);
    // 50,000 values less the 7,500 of the list, at 128 each past their first: 332 texts of 8 KB.
    const texts = (result.body.data as { chatroomsByIds: Record<string, string | null>[] }).chatroomsByIds.flatMap((room) => Object.values(room)).filter(Boolean);
    expect(texts).toHaveLength(Math.floor(42_500 / 127));
    expect(result.text.length).toBeLessThan(3_000_000);
  });

  it('cuts a list of 100,000 admins from a broken upstream into one error, for an anonymous caller', async () => {
    const s = await start();
    const room = [...s.emulator.store.rooms.values()][0]!;
    room.admins = Array.from({ length: 100_000 }, (_, i) => `admin_${i}`);
    const answers = await Promise.all(Array.from({ length: 10 }, () => s.gql(`{ chatroom(id: "${room.id}") { name admins { username } } }`)));
    for (const { body } of answers) {
      expect(body.data).toEqual({ chatroom: { name: room.name, admins: null } });
      expect(codes(body)).toEqual(['QUERY_TOO_EXPENSIVE']);
    }
  });

  it("never cuts a mutation's results: a write is never answered as failed", async () => {
    const s = await start({ security: { ...manyClients, maxAnswerValues: 5 } });
    const id = [...s.emulator.store.rooms.keys()][0]!;
    const users = Array.from({ length: 20 }, (_, i) => `joiner${i}`);
    for (const u of users) s.emulator.store.addUser(u);
    const { body } = await s.gql('mutation($input: ChatroomMembersInput!) { addChatroomMembers(input: $input) { results { username ok } } }', {
      input: { id, usernames: users },
    });
    expect(body.errors).toBeUndefined();
    expect((body.data as { addChatroomMembers: { results: unknown[] } }).addChatroomMembers.results).toHaveLength(20);
  });

  it('prices the largest lists by their real bounds', () => {
    expect(estimate('{ chatroom(id: "1") { admins { joinedChatrooms(first: 1) { nodes { id } } } } }')).toBe(1 + 1 + 99);
    expect(estimate('{ chatroom(id: "1") { affiliations { user { joinedChatrooms(first: 1) { nodes { id } } } } } }')).toBe(1 + 10_000);
  });
});

describe('2. CORS answers only the listed origins, and never null', () => {
  const preflight = (url: string, origin: string) =>
    fetch(url, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
  const read = (url: string, origin: string) => post(url, { query: '{ chatrooms(first: 1) { nodes { id } } }' }, { origin });
  const lists = [['https://a.example.com'], ['https://a.example.com', 'https://b.example.com'], ['https://a.example.com', 'https://b.example.com', 'http://localhost:5173']];

  it.each(lists.map((origins) => [origins.length, origins] as const))('with %i origin(s): each listed origin is answered as itself, others get no CORS header', async (_, origins) => {
    const s = await start({ security: { ...manyClients, corsOrigins: origins } });
    for (const origin of origins) {
      for (const res of [await preflight(s.url, origin), await read(s.url, origin)]) {
        expect(res.headers.get('access-control-allow-origin')).toBe(origin);
        expect(res.headers.get('vary')).toMatch(/\bOrigin\b/);
      }
    }
    for (const stranger of ['null', 'https://evil.example.net', 'https://a.example.com.evil.net']) {
      for (const res of [await preflight(s.url, stranger), await read(s.url, stranger)]) {
        expect(res.headers.get('access-control-allow-origin'), stranger).toBeNull();
        expect(res.headers.get('access-control-allow-methods'), stranger).toBeNull();
      }
    }
  });
});

describe('7. cacheable answers vary by Origin', () => {
  it('a public persisted GET says Vary: Authorization, Origin, with or without CORS', async () => {
    for (const corsOrigins of [[], ['https://a.example.com']]) {
      const s = await start({ persisted: examplesManifest({ cacheMaxAge: 30 }), security: { ...manyClients, corsOrigins } });
      const id = s.emulator.store.rooms.keys().next().value!;
      const url = new URL(s.url);
      url.searchParams.set('documentId', RoomDetailsDocument.__meta__!.hash as string);
      url.searchParams.set('variables', JSON.stringify({ id }));
      const res = await fetch(url, { headers: { accept: 'application/graphql-response+json' } });
      expect(res.headers.get('cache-control')).toBe('public, max-age=30');
      expect(res.headers.get('vary')).toMatch(/Authorization/);
      expect(res.headers.get('vary')).toMatch(/Origin/);
    }
  });
});

describe('9. lengths are counted as Easemob counts them: UTF-16 code units, an emoji two', () => {
  const emoji = (n: number) => '😀'.repeat(n);
  const create = 'mutation($input: CreateChatroomInput!) { createChatroom(input: $input) { chatroom { id name } } }';
  const announce = 'mutation($input: SetChatroomAnnouncementInput!) { setChatroomAnnouncement(input: $input) { chatroom { announcement } } }';

  it('refuses a name, description or announcement over the limit in emoji, before any call', async () => {
    const s = await start();
    const id = s.emulator.store.rooms.keys().next().value!;
    for (const [query, variables] of [
      [create, { input: { name: emoji(65), description: '', owner: 'alice' } }],
      [create, { input: { name: 'ok', description: emoji(257), owner: 'alice' } }],
      [announce, { input: { id, announcement: emoji(257) } }],
    ] as const) {
      const { result, calls } = await s.counting(() => s.gql(query, variables));
      expect(result.status).toBe(400);
      expect(result.body.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
      expect(result.body.errors![0]!.message).toMatch(/at most \d+ characters \(an emoji/);
      expect(calls).toEqual([]);
    }
  });

  it('accepts them at the limit, and Easemob (the emulator, counting alike) takes them', async () => {
    const s = await start();
    const id = s.emulator.store.rooms.keys().next().value!;
    const created = await s.gql(create, { input: { name: emoji(64), description: emoji(256), owner: 'alice' } });
    expect(created.body.errors).toBeUndefined();
    expect((created.body.data as { createChatroom: { chatroom: { name: string } } }).createChatroom.chatroom.name).toBe(emoji(64));
    const announced = await s.gql(announce, { input: { id, announcement: emoji(256) } });
    expect(announced.body.errors).toBeUndefined();
  });
});

describe('10. every error has a code', () => {
  it.each([[1e20], [-1], [2 ** 53], [1.5], ['1542542951527'], ['yesterday']])('a room created %s: createdAt is a time or null, never an error', async (created) => {
    const s = await start();
    const room = [...s.emulator.store.rooms.values()][0]!;
    (room as { created: unknown }).created = created;
    const { body } = await s.gql(`{ chatroom(id: "${room.id}") { name createdAt } }`);
    expect(body.errors).toBeUndefined();
    const { createdAt } = (body.data as { chatroom: { createdAt: string | null } }).chatroom;
    expect(createdAt).toBe(created === '1542542951527' ? '2018-11-18T12:09:11.527Z' : null);
  });

  it('the CSRF refusal carries FORBIDDEN', async () => {
    const s = await start();
    const res = await fetch(s.url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ query: '{ __typename }' }) });
    expect(res.status).toBe(403);
    const body = (await res.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors[0]!.extensions.code).toBe('FORBIDDEN');
    expect(body.errors[0]!.message).toMatch(/^Not allowed: .*CSRF/);
  });

  it('an error the executor raises itself (a value its type cannot show) is INTERNAL_SERVER_ERROR with a request id', async () => {
    // The gateway's own error plugin over a schema whose field returns what Int cannot represent.
    const yoga = createYoga({
      schema: createSchema({ typeDefs: 'type Query { count: Int }', resolvers: { Query: { count: () => 1e20 } } }),
      context: ({ request }) => ({ requestId: requestScope(request).requestId }),
      plugins: [useRequestId(), useSafeErrors(createLogger('silent'))],
      logging: false,
    });
    const res = await yoga.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'req-20' },
      body: JSON.stringify({ query: '{ count }' }),
    });
    expect(((await res.json()) as { errors: unknown[] }).errors).toEqual([
      expect.objectContaining({ message: 'Unexpected error: quote request id req-20 when reporting it', extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: 'req-20' } }),
    ]);
  });
});

describe('decisions: usernames are case-insensitive, as at Easemob', () => {
  it('takes a sign-in token for Alice as alice, and every username argument lower-cased', async () => {
    const s = await start({ jwt: jwtWithSecret, allowAnonymous: false });
    const room = [...s.emulator.store.rooms.values()].find((r) => r.owner === 'alice')!;
    const asAlice = { authorization: `Bearer ${await hs256('Alice')}` };
    expect((await s.gql('{ viewer { id username } }', undefined, asAlice)).body.data).toEqual({ viewer: { id: 'alice', username: 'alice' } });
    // The owner's rule holds for Alice: she owns alice's room.
    const renamed = await s.gql(`mutation { updateChatroom(input: { id: "${room.id}", name: "Renamed by Alice" }) { updated { name } } }`, undefined, asAlice);
    expect(renamed.body.errors).toBeUndefined();
    expect((await s.gql('{ user(username: "ALICE") { id } }', undefined, asAlice)).body.data).toEqual({ user: { id: 'alice' } });
    // Bob and bob are one user: a repeat, refused before any call.
    const { result, calls } = await s.counting(() =>
      s.gql(`mutation { addChatroomMembers(input: { id: "${room.id}", usernames: ["Bob", "bob"] }) { results { ok } } }`, undefined, asAlice),
    );
    expect(codes(result.body)).toEqual(['BAD_USER_INPUT']);
    expect(calls).toEqual([]);
  });
});

describe("decisions: a room's admin mutes and blocks its plain members only, as Easemob's own rule has it", () => {
  it("refuses a room admin's mute or block of the owner or another admin, and lets the owner mute an admin", async () => {
    const s = await start({ jwt: jwtWithSecret, allowAnonymous: false });
    s.emulator.store.addUser('dave');
    const room = s.emulator.store.create({ name: 'Run', description: '', maxusers: 10, owner: 'alice', members: ['bob', 'carol', 'dave'] });
    room.admins = ['bob', 'carol'];
    const as = async (user: string) => ({ authorization: `Bearer ${await hs256(user)}` });
    const mute = (user: string) => `mutation { muteChatroomMembers(input: { id: "${room.id}", usernames: ["${user}"], durationSeconds: 60 }) { results { ok } } }`;
    const block = (user: string) => `mutation { blockChatroomUsers(input: { id: "${room.id}", usernames: ["${user}"] }) { results { ok } } }`;
    for (const [query, field] of [[mute('alice'), 'muteChatroomMembers'], [mute('carol'), 'muteChatroomMembers'], [block('alice'), 'blockChatroomUsers'], [block('carol'), 'blockChatroomUsers']] as const) {
      const { result, calls } = await s.counting(async () => s.gql<Record<string, unknown>, undefined>(query, undefined, await as('bob')));
      expectForbidden({ body: result.body, calls }, field);
      expect(result.body.errors![0]!.message).toMatch(/plain members only/);
    }
    expect((await s.gql(mute('dave'), undefined, await as('bob'))).body.errors).toBeUndefined();
    expect((await s.gql(mute('bob'), undefined, await as('alice'))).body.errors).toBeUndefined();
    expect(s.emulator.store.mutes(room.id).map((m) => m.user).sort()).toEqual(['bob', 'dave']);
  });
});

describe('6. rules never decide on a stale owner or admin list', () => {
  it('with the read cache on, a rule after a write in the same operation reads the room as it now is', async () => {
    const s = await start({ jwt: jwtWithSecret, allowAnonymous: false, policy: { cacheTtlMs: 60_000 } });
    const room = s.emulator.store.create({ name: 'Handed over', description: '', maxusers: 10, owner: 'alice', members: ['bob'] });
    const asAlice = { authorization: `Bearer ${await hs256('alice')}` };
    const { body } = await s.gql<Record<string, unknown>, undefined>(
      `mutation {
        transferChatroomOwnership(input: { id: "${room.id}", newOwner: "bob" }) { chatroom { id } }
        muteChatroomMembers(input: { id: "${room.id}", usernames: ["bob"] }) { results { ok } }
      }`,
      undefined,
      asAlice,
    );
    expect(body.data?.transferChatroomOwnership).toBeTruthy();
    expect(body.data?.muteChatroomMembers).toBeNull(); // alice no longer owns it: she may not mute its owner
    expect(codes(body)).toEqual(['FORBIDDEN']);
    expect(s.emulator.store.mutes(room.id)).toEqual([]);
  });
});
