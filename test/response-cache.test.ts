/**
 * The response cache through the gateway (issue 25): a query asked again is answered from the
 * kept answer with no upstream call; never across caller scopes; forgotten on a write through
 * the gateway and on an Easemob event about what it read, and only then; never kept when a rule
 * read the room for it, or when it has an error. Every rule twice: kept in the process, and
 * kept in a real redis-server as replicas keep it.
 */
import { describe, expect, it } from 'vitest';
import { castStack, useCast } from './cast.js';
import { live } from './live-kit.js';
import { Redis } from 'ioredis';
import { redisAvailable, redisRequired, startRedis, useRedis } from './redis.js';
import { createSharedResponseCache } from '../src/response-cache-redis.js';
import type { ResponseCache } from '../src/response-cache.js';
import { keyHash } from '../src/shared-state.js';
import { manyClients, type Stack, type StackOptions, useStack } from './stack.js';

const as = useCast();
const kept = { ...castStack, security: manyClients, responseCache: { ttlMs: 60_000, maxBytes: 1 << 20 } };

const Room = 'query($id: ID!) { chatroom(id: $id) { name affiliationsCount } }';

/** Easemob's own token for the app, as a passthrough caller or another backend holds one. */
async function appToken(s: Stack): Promise<string> {
  const res = await fetch(`${s.emulator.url}/${s.emulator.org}/${s.emulator.app}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ grant_type: 'client_credentials', client_id: s.emulator.clientId, client_secret: s.emulator.clientSecret }),
  });
  return ((await res.json()) as { access_token: string }).access_token;
}

describe('the response cache, in the process', () => theResponseCache(() => kept));

describe.skipIf(!redisAvailable && !redisRequired)('the response cache, in Redis', () => {
  const redis = useRedis();
  let made = 0;
  // Each stack its own keys, as gateways of different apps sharing one Redis.
  theResponseCache(() => ({ ...kept, redis: { url: redis.server().url, prefix: `answers${++made}:` } }));
  const stacks = useStack();

  it('serves nothing from Redis while it is away, and retires every answer when it is back: writes meanwhile were told to nobody', async () => {
    const server = await startRedis();
    const s = await stacks.start({ ...kept, redis: { url: server.url, prefix: 'away:' } });
    const admin = (password?: string) => new Redis(server.url, { password, retryStrategy: () => null, lazyConnect: true });
    const sharedState = async () => ((await (await fetch(s.url.replace(/\/graphql$/, '/ready'))).json()) as { checks: { sharedState: boolean } }).checks.sharedState;
    const until = async (up: boolean) => {
      for (let i = 0; i < 100 && (await sharedState()) !== up; i++) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await sharedState()).toBe(up);
    };
    try {
      const id = s.emulator.store.create({ name: 'Before', description: '', maxusers: 10, owner: 'alice', members: [] }).id;
      await s.gql(Room, { id }, as('key'));
      expect((await s.counting(() => s.gql(Room, { id }, as('key')))).calls).toEqual([]);
      // A partition: Redis keeps its data, but the gateway cannot reach it.
      const closing = admin();
      await closing.config('SET', 'requirepass', 'partitioned');
      await closing.client('KILL', 'TYPE', 'normal').catch(() => undefined);
      closing.disconnect();
      await until(false);
      await s.gql('mutation($id: ID!) { updateChatroom(input: { id: $id, name: "After" }) { chatroom { id } } }', { id }, as('key'));
      const meanwhile = await s.counting(() => s.gql(Room, { id }, as('key')));
      expect([meanwhile.result.body.data, meanwhile.calls.length]).toEqual([{ chatroom: { name: 'After', affiliationsCount: 1 } }, 1]);
      const opening = admin('partitioned');
      await opening.config('SET', 'requirepass', '');
      opening.disconnect();
      await until(true);
      // The answer kept before the write is in Redis still, under marks the write could not move.
      const back = await s.counting(() => s.gql(Room, { id }, as('key')));
      expect([back.result.body.data, back.calls.length]).toEqual([{ chatroom: { name: 'After', affiliationsCount: 1 } }, 1]);
    } finally {
      await server.stop();
    }
  });

  it('never revives an answer: a change outlives the slowest execution, and a lost state or mark retires what it judged', async () => {
    const shared = await redis.connect('lost:');
    const cache = createSharedResponseCache(shared, { ttlMs: 100, maxBytes: 1 << 20 }, 15_000);
    const answer = { data: { chatroom: { name: 'Tea' } } };
    const found = async (key: string) => Boolean((await cache.lookup(key)).kept);
    const kept = async (key: string, since: number) => {
      cache.keep(key, answer, ['room:1'], since);
      await shared.redis.ping(); // the keep, sent before it, is done
    };
    // An execution slower than twice the TTL: the room changed while it ran, and its answer is not kept.
    const slow = (await cache.lookup('slow')).since;
    await cache.invalidate(['room:1']);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await kept('slow', slow);
    expect(await found('slow')).toBe(false);
    // Redis loses the cache's state (a restart without persistence, a flush, an eviction): nothing kept before is served.
    await kept('a', (await cache.lookup('a')).since);
    expect(await found('a')).toBe(true);
    await shared.redis.del(shared.key('answers:state'));
    expect(await found('a')).toBe(false);
    // A tag's mark evicted: what it judged is retired too.
    await kept('b', (await cache.lookup('b')).since);
    expect(await found('b')).toBe(true);
    await shared.redis.del(shared.key(`answers:tag:${keyHash('room:1')}`));
    expect(await found('b')).toBe(false);
  });

  it('is one cache for every replica, bounded in bytes for them all', async () => {
    const [a, b] = [await redis.connect('bytes:'), await redis.connect('bytes:')];
    const answer = (name: string) => ({ data: { chatroom: { name } } });
    // What Redis holds of one: its key, its tags' keys, its text, and a hash's overhead (counted as 100 bytes).
    const bytesOfOne = a.key(`answers:${keyHash('a')}`).length + a.key(`answers:tag:${keyHash('room:1')}`).length + JSON.stringify(answer('Tea')).length + 100;
    const options = { ttlMs: 60_000, maxBytes: 2 * bytesOfOne };
    const [onA, onB] = [createSharedResponseCache(a, options, 15_000), createSharedResponseCache(b, options, 15_000)];
    const keep = async (cache: ResponseCache, key: string) => cache.keep(key, answer('Tea'), ['room:1'], (await cache.lookup(key)).since);
    await keep(onA, 'a');
    await keep(onB, 'b');
    await keep(onA, 'c'); // past the bytes both replicas kept
    await Promise.all([a.redis.ping(), b.redis.ping()]); // the keeps, sent before, are done
    const found = async (cache: ResponseCache, key: string) => Boolean((await cache.lookup(key)).kept);
    expect([await found(onB, 'a'), await found(onA, 'b'), await found(onA, 'c')]).toEqual([true, true, false]);
    const hit = (await onB.lookup('a')).kept!;
    expect(hit.stringify!(hit)).toBe(JSON.stringify(answer('Tea')));
    // A change told to one replica retires the answer for the other, before it resolves.
    await onB.invalidate(['room:1']);
    expect([await found(onA, 'a'), await found(onA, 'b')]).toEqual([false, false]);
  });
});

function theResponseCache(options: () => StackOptions) {
  const stacks = useStack(options);
  const room = (name = 'Tea') => stacks.shared.emulator.store.create({ name, description: '', maxusers: 10, owner: 'alice', members: ['bob'] }).id;

  it('answers a query asked again from the kept answer: the same data, no upstream call', async () => {
    const s = stacks.shared;
    const id = room();
    const first = await s.counting(() => s.gql(Room, { id }, as('key')));
    expect(first.calls).toHaveLength(1);
    const again = await s.counting(() => s.gql(Room, { id }, as('key')));
    expect(again.calls).toEqual([]);
    expect(again.result.body).toEqual(first.result.body);
    expect(await (await fetch(s.url.replace('/graphql', '/metrics'))).text()).toMatch(/graphql_operations_cached_total [1-9]/);
  });

  it('never answers one caller scope with another\'s answer', async () => {
    const s = stacks.shared;
    const id = room();
    const Mine = 'query($id: ID!) { viewer { username } chatroom(id: $id) { name } }';
    const alice = await s.gql(Mine, { id }, as('alice'));
    const bob = await s.counting(() => s.gql(Mine, { id }, as('bob')));
    expect(alice.body.data).toMatchObject({ viewer: { username: 'alice' } });
    expect(bob.result.body.data).toMatchObject({ viewer: { username: 'bob' } });
    expect(bob.calls).toHaveLength(1);
  });

  it('forgets everything on a write through the gateway', async () => {
    const s = stacks.shared;
    const id = room('Before');
    await s.gql(Room, { id }, as('key'));
    await s.gql('mutation($id: ID!) { updateChatroom(input: { id: $id, name: "After" }) { chatroom { id } } }', { id }, as('key'));
    const after = await s.counting(() => s.gql(Room, { id }, as('key')));
    expect(after.result.body.data).toEqual({ chatroom: { name: 'After', affiliationsCount: 2 } });
    expect(after.calls).toHaveLength(1);
  });

  it('forgets what an Easemob event is about, and only that', async () => {
    const s = await stacks.start({ ...options(), live });
    const make = (name: string) => s.emulator.store.create({ name, description: '', maxusers: 10, owner: 'alice', members: [] }).id;
    const [joined, quiet] = [make('Joined'), make('Quiet')];
    for (const id of [joined, quiet]) await s.gql(Room, { id }, as('key'));
    // Someone joins from an app: only Easemob's callback tells the gateway.
    s.emulator.actAs('bob', { kind: 'join', room: joined });
    await s.emulator.callbacksIdle();
    const fresh = await s.counting(() => s.gql(Room, { id: joined }, as('key')));
    expect(fresh.result.body.data).toEqual({ chatroom: { name: 'Joined', affiliationsCount: 2 } });
    expect(fresh.calls).toHaveLength(1);
    const kept = await s.counting(() => s.gql(Room, { id: quiet }, as('key')));
    expect(kept.calls).toEqual([]);
  });

  it('keeps no answer a rule read the room for, and none with an error', async () => {
    const s = stacks.shared;
    const id = room();
    s.emulator.store.addAdmin(id, 'bob');
    const Muted = 'query($id: ID!) { chatroom(id: $id) { mutedMembers { user { username } } } }';
    await s.gql(Muted, { id }, as('bob'));
    const again = await s.counting(() => s.gql(Muted, { id }, as('bob')));
    expect(again.result.body.errors).toBeUndefined();
    // The rule's reads (the room, its admins) and the list, again: the rule decides on fresh reads.
    expect(again.calls.length).toBeGreaterThanOrEqual(2);
    const missing = { id: '999999999' };
    await s.gql(Room, missing, as('key'));
    const stillMissing = await s.counting(() => s.gql(Room, missing, as('key')));
    expect(stillMissing.calls).toHaveLength(1);
  });

  it('keys by the variables the operation declares, in its order: others, or another order, change nothing', async () => {
    const s = stacks.shared;
    const id = room();
    const Two = 'query($id: ID!, $first: Int) { chatroom(id: $id) { name } chatrooms(first: $first) { nodes { id } } }';
    await s.gql(Two, { id, first: 1 }, as('key'));
    const reordered = await s.counting(() => s.gql(Two, { first: 1, id, unused: 'x' }, as('key')));
    expect(reordered.calls).toEqual([]);
  });

  it("forgets a user's rooms when Easemob says one of them was renamed: their rows hold its name", async () => {
    const s = await stacks.start({ ...options(), live });
    const id = s.emulator.store.create({ name: 'Before', description: '', maxusers: 10, owner: 'alice', members: ['bob'] }).id;
    const Mine = '{ viewer { joinedChatrooms(first: 100) { nodes { id name } } } }';
    const nameIn = (body: { data?: unknown }) =>
      (body.data as { viewer: { joinedChatrooms: { nodes: { id: string; name: string }[] } } }).viewer.joinedChatrooms.nodes.find((n) => n.id === id)?.name;
    expect(nameIn((await s.gql(Mine, {}, as('bob'))).body)).toBe('Before');
    // Renamed by another backend of the app: only Easemob's callback tells the gateway.
    const res = await fetch(`${s.emulator.url}/${s.emulator.org}/${s.emulator.app}/chatrooms/${id}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${await appToken(s)}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'After' }),
    });
    expect(res.status).toBe(200);
    await s.emulator.callbacksIdle();
    expect(nameIn((await s.gql(Mine, {}, as('bob'))).body)).toBe('After');
  });

  it('answers no passthrough caller from a kept answer: only Easemob checks their token', async () => {
    const s = await stacks.start({ ...options(), mode: 'passthrough', apiKeys: undefined, jwt: undefined });
    const id = s.emulator.store.create({ name: 'Tea', description: '', maxusers: 10, owner: 'alice', members: [] }).id;
    const headers = { authorization: `Bearer ${await appToken(s)}` };
    expect((await s.gql(Room, { id }, headers)).body.errors).toBeUndefined();
    s.emulator.revokeTokens();
    expect((await s.gql(Room, { id }, headers)).body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('keeps no answer that read mutes: they end with no event', async () => {
    const s = stacks.shared;
    const id = room();
    s.emulator.store.mute(id, ['bob'], 60_000);
    const Muted = 'query($id: ID!) { chatroom(id: $id) { mutedMembers { user { username } } } }';
    await s.gql(Muted, { id }, as('key'));
    const again = await s.counting(() => s.gql(Muted, { id }, as('key')));
    expect(again.calls.map((c) => c.path)).toContain(`/chatrooms/${id}/mute`);
  });

  it('lets no query asked after a write join an execution that began before it', async () => {
    const s = await stacks.start({ ...options(), emulator: { latencyMs: 100 } });
    const id = s.emulator.store.create({ name: 'Before', description: '', maxusers: 10, owner: 'alice', members: ['bob'] }).id;
    // Two calls one after the other (the room, then its admins for the role): in flight about 200 ms.
    const Slow = 'query($id: ID!) { chatroom(id: $id) { name viewerRole } }';
    await s.gql('{ chatrooms(first: 1) { nodes { id } } }', {}, as('key')); // the app token, fetched
    const first = s.gql(Slow, { id }, as('bob'));
    // Its first call on its way (the emulator records a call only once answered): the write lands while it runs.
    await new Promise((resolve) => setTimeout(resolve, 20));
    await s.gql('mutation($id: ID!) { updateChatroom(input: { id: $id, name: "After" }) { chatroom { id } } }', { id }, as('key'));
    const after = await s.gql(Slow, { id }, as('bob'));
    expect(after.body.data).toEqual({ chatroom: { name: 'After', viewerRole: 'MEMBER' } });
    await first;
  });
}
