/**
 * Live updates across replicas (issue 22, item 8): two gateway processes sharing one real
 * redis-server and one callback secret, in front of one emulator that counts every upstream
 * call. A callback told on one replica reaches the subscribers of both once, even when
 * Easemob's retry lands on the other; a write through one replica reaches the other's
 * subscribers once, and its callback's echo is known on either (the marks are in Redis); with
 * Redis stopped each replica goes on telling its own subscribers, and once Redis is back
 * nothing of the outage arrives, twice or late; the replicas talk on one channel under
 * GATEWAY_REDIS_PREFIX. One process's rules: test/live.test.ts.
 *
 * "Once" is shown without waiting for nothing to happen: after each step a marker callback
 * is posted to every replica, and each subscriber's events are read up to the markers. A
 * replica delivers and publishes what a request told it before it answers, and Redis keeps
 * one publisher's messages in order, so whatever a step made a replica deliver or publish
 * reaches every subscriber before the marker posted to that replica afterwards.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from '../src/emulator/server.js';
import { signedCallback } from './callbacks.js';
import { waitFor } from './entry-point.js';
import { redisAvailable, redisRequired, startRedis, type TestRedis } from './redis.js';
import { type Replica, startReplica, stopReplicas } from './replicas.js';
import { subscribeSse, type SseSubscription } from './sse.js';
import { post } from './stack.js';

const secret = 'live-replicas-callback-secret';
const prefix = 'live-replicas:';
const bearer = { authorization: 'Bearer live-key' };

const Events = `subscription Events($id: ID!) {
  chatroomEvents(id: $id) {
    __typename id chatroomId
    ... on ChatroomMembersJoined { users { username } memberCount }
    ... on ChatroomUpdated { chatroom { name } }
  }
}`;
const Rename = 'mutation Rename($input: UpdateChatroomInput!) { updateChatroom(input: $input) { updated { name } } }';

type Told = { __typename: string; id: string; chatroomId: string; users?: { username: string }[]; memberCount?: number; chatroom?: { name: string } };
type Sub = SseSubscription<{ chatroomEvents: Told }>;
/** A subscriber and the replica it is subscribed through. */
type Watcher = { replica: Replica; sub: Sub };

/** What an event was, in a word: who joined, or the room's name as ChatroomUpdated read it. */
const label = (e: Told) => (e.users ? e.users.map((u) => u.username).join(',') : `${e.__typename} ${e.chatroom?.name}`);

let redis: TestRedis;
let emulator: Emulator;
let fleet: Replica[] = [];
/** Subscribed to every channel of the redis-server, from before the replicas started: what they publish. */
let listener: Redis;
const published: { channel: string; message: string }[] = [];

const endpoint = (replica: Replica, path: string) => replica.url.replace(/\/graphql$/, path);

/** A JOIN of `member` to `room`, as the docs show Easemob's callback for it, signed with the replicas' secret. */
function joined(room: string, member: string) {
  const appkey = `${emulator.org}#${emulator.app}`;
  const body = {
    callId: `${appkey}_${randomUUID()}`,
    security: '',
    payload: { member: [member], type: 'DIRECT' },
    appkey,
    id: room,
    type: 'CHATROOM',
    event: 'group_op_event',
    operation: 'JOIN',
    operator: member,
    member_count: 5,
    timestamp: Date.now(),
  };
  return signedCallback(body, secret);
}

/** Posts a callback to a replica as Easemob does; its answer's status. */
async function tell(replica: Replica, body: unknown) {
  const res = await fetch(endpoint(replica, '/easemob/callbacks'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  await res.arrayBuffer();
  return res.status;
}

/** A replica's gateway_callbacks_total, by outcome. */
async function outcomes(replica: Replica): Promise<Record<string, number>> {
  const text = await (await fetch(endpoint(replica, '/metrics'))).text();
  return Object.fromEntries([...text.matchAll(/^gateway_callbacks_total\{outcome="(\w+)"\} (\d+)$/gm)].map((m) => [m[1]!, Number(m[2])]));
}

/** What `fn` added to a replica's callback outcomes. */
async function counted(replica: Replica, fn: () => Promise<unknown>) {
  const before = await outcomes(replica);
  await fn();
  const after = await outcomes(replica);
  return Object.fromEntries(Object.entries(after).flatMap(([outcome, n]) => (n === (before[outcome] ?? 0) ? [] : [[outcome, n - (before[outcome] ?? 0)]])));
}

const ready = async (replica: Replica) => {
  const res = await fetch(endpoint(replica, '/ready'));
  return { status: res.status, body: (await res.json()) as { ready: boolean; checks: Record<string, boolean> } };
};

/** Polls /ready until shared state and the fan-out are both `up` (or both not); the last answer. */
async function waitForFanOut(replica: Replica, up: boolean, ms = 20_000) {
  const until = Date.now() + ms;
  for (;;) {
    const answer = await ready(replica);
    if (answer.body.checks.sharedState === up && answer.body.checks.liveFanOut === up) return answer;
    if (Date.now() > until) throw new Error(`/ready still says ${JSON.stringify(answer.body.checks)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Waits until the redis-server has carried a message naming `member` (JSON-quoted, so marker-1 is not marker-12). */
const carried = (member: string) =>
  waitFor(
    () => published.some((m) => m.message.includes(`"${member}"`)),
    () => `no message on Redis names ${member}`,
    10_000,
  );

const newRoom = (name: string) => emulator.store.create({ name, description: '', maxusers: 10, owner: 'alice', members: [] }).id;

/** A subscriber to `room` on each replica, a and b. */
async function watch(room: string): Promise<[Watcher, Watcher]> {
  const subscribe = async (replica: Replica): Promise<Watcher> => {
    const sub = await subscribeSse<{ chatroomEvents: Told }>(replica.url, Events, { id: room }, bearer);
    expect(sub.status).toBe(200);
    return { replica, sub };
  };
  return [await subscribe(fleet[0]!), await subscribe(fleet[1]!)];
}

let markers = 0;

/**
 * Posts a marker callback about `room` to every replica, and reads each watcher's events up to
 * the markers it is to get: every replica's while they share Redis, else its own replica's.
 * Returns what each was told before them; a marker it was not to get is told as any event.
 */
async function settle(room: string, watchers: [Watcher, Watcher], shared = true): Promise<[Told[], Told[]]> {
  const names = new Map(fleet.map((replica) => [replica, `marker-${++markers}`]));
  for (const [replica, name] of names) expect(await tell(replica, joined(room, name))).toBe(200);
  const readToMarkers = async ({ replica, sub }: Watcher) => {
    const waiting = new Set(shared ? names.values() : [names.get(replica)!]);
    const told: Told[] = [];
    while (waiting.size) {
      const result = await sub.next(10_000);
      expect(result, 'the stream ended').toBeDefined();
      expect(result!.errors).toBeUndefined();
      const event = result!.data!.chatroomEvents;
      if (!waiting.delete(label(event))) told.push(event);
    }
    return told;
  };
  return Promise.all([readToMarkers(watchers[0]), readToMarkers(watchers[1])]);
}

describe.skipIf(!redisAvailable && !redisRequired)('live updates across replicas sharing one Redis (issue 22, 8)', () => {
  beforeAll(async () => {
    expect(redisAvailable, 'REQUIRE_REDIS=1 but there is no redis-server').toBe(true);
    redis = await startRedis();
    listener = new Redis(redis.url, { retryStrategy: () => 100 });
    listener.on('error', () => {}); // while the test stops the server
    listener.on('pmessage', (_pattern: string, channel: string, message: string) => published.push({ channel, message }));
    await listener.psubscribe('*');
    emulator = createEmulator({ rateLimit: false });
    await emulator.listen(0, '127.0.0.1');
    const env = {
      REDIS_URL: redis.url,
      GATEWAY_REDIS_PREFIX: prefix,
      GATEWAY_REPLICAS: '2',
      GATEWAY_API_KEYS: 'live-key',
      EASEMOB_CALLBACK_SECRETS: secret,
      // No read cache (on by default with callbacks): every read an event's fields make reaches the emulator, to be counted.
      EASEMOB_CACHE_TTL_MS: '0',
    };
    fleet = await Promise.all([1, 2].map(() => startReplica(emulator, env)));
    await Promise.all(fleet.map((replica) => waitForFanOut(replica, true)));
  }, 60_000);

  afterAll(async () => {
    listener?.disconnect();
    await stopReplicas(fleet);
    await emulator?.close();
    await redis?.stop();
  });

  it("tells a callback to the subscribers of both replicas once, when Easemob's retry lands on the other one too", async () => {
    const [a, b] = fleet as [Replica, Replica];
    const room = newRoom('retried');
    const watchers = await watch(room);
    const from = emulator.calls.length;
    const callback = joined(room, 'zhangsan');
    expect(await counted(a, async () => expect(await tell(a, callback)).toBe(200))).toEqual({ accepted: 1 });
    // The same body again, on the other replica: known there through Redis, answered 200 so that Easemob stops.
    expect(await counted(b, async () => expect(await tell(b, callback)).toBe(200))).toEqual({ repeated: 1 });
    const [onA, onB] = await settle(room, watchers);
    const event = { __typename: 'ChatroomMembersJoined', id: expect.stringMatching(/\S/), chatroomId: room, users: [{ username: 'zhangsan' }], memberCount: 5 };
    expect(onA).toEqual([event]);
    // The same event, by the same id, on either replica.
    expect(onB).toEqual(onA);
    // Published once, by the replica that took it: the repeat is not sent round again.
    await Promise.all([carried(`marker-${markers - 1}`), carried(`marker-${markers}`)]);
    expect(published.filter((m) => m.message.includes('"zhangsan"'))).toHaveLength(1);
    // Telling costs no upstream call: the subscribers' selection reads nothing of the room for a join.
    expect(emulator.apiCalls(from)).toEqual([]);
    for (const { sub } of watchers) sub.close();
  }, 30_000);

  it("tells a write through one replica to the other's subscribers once, and its callback's echo, landing on the other, to nobody", async () => {
    const [a, b] = fleet as [Replica, Replica];
    const room = newRoom('written');
    const watchers = await watch(room);
    // Easemob's callback for the write goes to b: the echo reaches the replica that did not write.
    emulator.sendCallbacksTo({ url: endpoint(b, '/easemob/callbacks'), secret });
    try {
      const from = emulator.calls.length;
      const echo = await counted(b, async () => {
        const res = await post(a.url, { query: Rename, variables: { input: { id: room, name: 'renamed on a' } } }, bearer);
        expect(await res.json()).toEqual({ data: { updateChatroom: { updated: { name: true } } } });
        await emulator.callbacksIdle();
      });
      expect(emulator.callbacksSent.at(-1)).toMatchObject({ body: { operation: 'UPDATE', id: room, payload: { type: 'INFO' } }, statuses: [200] });
      expect(echo).toEqual({ echo: 1 });
      const [onA, onB] = await settle(room, watchers);
      expect(onA.map(label)).toEqual(['ChatroomUpdated renamed on a']);
      expect(onB).toEqual(onA);
      // The write, and the room read once per replica for its subscriber's ChatroomUpdated.chatroom; the echo read nothing.
      const calls = emulator.apiCalls(from).map((c) => `${c.method} ${c.path}`);
      expect(calls.sort()).toEqual([`GET /chatrooms/${room}`, `GET /chatrooms/${room}`, `PUT /chatrooms/${room}`]);
    } finally {
      emulator.sendCallbacksTo(undefined);
      for (const { sub } of watchers) sub.close();
    }
  }, 30_000);

  it('keeps telling each replica its own callbacks while Redis is down, and once it is back tells nothing twice or late', async () => {
    const [a, b] = fleet as [Replica, Replica];
    const room = newRoom('outage');
    const watchers = await watch(room);
    const from = emulator.calls.length;
    await redis.stop();
    for (const replica of fleet) {
      // Reported, never unready: each replica still serves, and tells its own subscribers.
      const { status, body } = await waitForFanOut(replica, false);
      expect(status).toBe(200);
      expect(body).toMatchObject({ ready: true, checks: { sharedState: false, liveFanOut: false } });
    }
    expect(await counted(a, async () => expect(await tell(a, joined(room, 'told-to-a'))).toBe(200))).toEqual({ accepted: 1 });
    expect(await counted(b, async () => expect(await tell(b, joined(room, 'told-to-b'))).toBe(200))).toEqual({ accepted: 1 });
    const [cutA, cutB] = await settle(room, watchers, false);
    expect(cutA.map(label)).toEqual(['told-to-a']);
    expect(cutB.map(label)).toEqual(['told-to-b']);
    const outage = ['told-to-a', 'told-to-b', `marker-${markers - 1}`, `marker-${markers}`];

    await redis.start();
    // Once this answers the test's listener is subscribed again: ioredis subscribes before it sends what was queued.
    await listener.ping();
    for (const replica of fleet) {
      const { status, body } = await waitForFanOut(replica, true);
      expect(status).toBe(200);
      expect(body).toMatchObject({ ready: true, checks: { sharedState: true, liveFanOut: true } });
    }
    const callback = joined(room, 'after-redis');
    expect(await counted(a, async () => expect(await tell(a, callback)).toBe(200))).toEqual({ accepted: 1 });
    expect(await counted(b, async () => expect(await tell(b, callback)).toBe(200))).toEqual({ repeated: 1 });
    // Nothing of the outage, neither the other replica's callback nor its marker: only what came since.
    const [onA, onB] = await settle(room, watchers);
    expect(onA.map(label)).toEqual(['after-redis']);
    expect(onB).toEqual(onA);
    await Promise.all([carried(`marker-${markers - 1}`), carried(`marker-${markers}`)]);
    // Nor was any of it sent round once Redis was back: nothing was kept to be published later.
    expect(published.filter((m) => outage.some((member) => m.message.includes(`"${member}"`)))).toEqual([]);
    expect(emulator.apiCalls(from)).toEqual([]);
    for (const { sub } of watchers) sub.close();
  }, 60_000);

  it('tells what a replica took alone while Redis was down no second time there, when it comes back through the other one', async () => {
    const [a, b] = fleet as [Replica, Replica];
    const room = newRoom('alone');
    const watchers = await watch(room);
    await redis.stop();
    for (const replica of fleet) await waitForFanOut(replica, false);
    // Through A while Redis is down: A's subscriber hears of the write, and of a callback A takes.
    const renamed = await post(a.url, { query: Rename, variables: { input: { id: room, name: 'renamed while down' } } }, bearer);
    expect(renamed.status).toBe(200);
    const taken = joined(room, 'taken-by-a');
    expect(await tell(a, taken)).toBe(200);
    const [cutA, cutB] = await settle(room, watchers, false);
    expect(cutA.map(label)).toEqual(['ChatroomUpdated renamed while down', 'taken-by-a']);
    expect(cutB).toEqual([]);
    await redis.start();
    for (const replica of fleet) await waitForFanOut(replica, true);
    // Then the write's echo and the callback's retry land on B: B's subscriber never heard of them; A's did.
    const appkey = `${emulator.org}#${emulator.app}`;
    const echo = { callId: `${appkey}_${randomUUID()}`, security: '', payload: { type: 'INFO' }, appkey, id: room, type: 'CHATROOM', event: 'group_op_event', operation: 'UPDATE', operator: '@ppAdmin', timestamp: Date.now() };
    expect(await tell(b, signedCallback(echo, secret))).toBe(200);
    expect(await tell(b, taken)).toBe(200);
    const [onA, onB] = await settle(room, watchers);
    expect(onB.map(label)).toEqual(['ChatroomUpdated renamed while down', 'taken-by-a']);
    expect(onA).toEqual([]);
    for (const { sub } of watchers) sub.close();
  }, 60_000);

  it('publishes on one channel under GATEWAY_REDIS_PREFIX, beside its keys', async () => {
    const [a, b] = fleet as [Replica, Replica];
    // Something of each kind, now that Redis is back: a callback and a write, told across.
    const room = newRoom('prefixed');
    const watchers = await watch(room);
    expect(await tell(b, joined(room, 'lisi'))).toBe(200);
    const res = await post(a.url, { query: Rename, variables: { input: { id: room, name: 'prefixed still' } } }, bearer);
    expect((await res.json()).errors).toBeUndefined();
    // Each replica told one of them itself and heard the other from Redis: in either order.
    const [onA, onB] = (await settle(room, watchers)).map((told) => told.sort((x, y) => label(x).localeCompare(label(y))));
    expect(onA!.map(label)).toEqual(['ChatroomUpdated prefixed still', 'lisi']);
    expect(onB).toEqual(onA);
    await Promise.all([carried('lisi'), carried(`marker-${markers - 1}`), carried(`marker-${markers}`)]);
    for (const { sub } of watchers) sub.close();

    // Every message of the file, from before the replicas started: one channel, the prefix's.
    const channels = [...new Set(published.map((m) => m.channel))];
    expect(channels).toEqual([expect.stringMatching(/^live-replicas:[0-9a-f]{12}:events$/)]);
    expect(channels.every((channel) => channel.startsWith(prefix))).toBe(true);
    // The keys (callIds seen, echo marks, budgets…) are in the same app's namespace.
    const namespace = channels[0]!.slice(0, -'events'.length);
    const reader = listener.duplicate();
    const keys = await reader.keys('*').finally(() => reader.disconnect());
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.filter((key) => !key.startsWith(namespace))).toEqual([]);
  }, 30_000);
});
