/**
 * Several replicas behave as one gateway towards Easemob and towards callers: three
 * gateway processes, one real redis-server, and the emulator with its 30 calls/s limit,
 * counting every upstream call of the fleet. Redis is stopped and started again mid-load.
 * The shared window's rules are tested on a clock of the test's own (call-window.test.ts,
 * pacer.test.ts); here they run for real, and the tests count calls, never time.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { type AddressInfo, connect, createServer, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultPolicy } from '../src/easemob/policy.js';
import { type CallRecord, createEmulator, type Emulator, summarize } from '../src/emulator/server.js';
import { reconnectMaxMs } from '../src/shared-state.js';
import { audience, hs256, issuer, secret } from './identity.js';
import { redisAvailable, redisRequired, startRedis, type TestRedis } from './redis.js';
import { type Replica, startReplica, stopReplicas, waitForSharedState } from './replicas.js';
import { post } from './stack.js';

const keys = ['k1', 'k2', 'k3', 'k4', 'k5'];
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
const RoomName = 'query RoomName($id: ID!) { chatroom(id: $id) { id name } }';
/** Priced about 101 upstream calls (a page of 100 rooms, one joined list per owner) but cheap to serve. */
const Expensive = '{ chatrooms(first: 100) { nodes { id owner { joinedChatrooms(first: 1) { nodes { id } } } } } }';

let redis: TestRedis;
let emulator: Emulator;
let fleet: Replica[] = [];
let rooms: string[] = [];
let next = 0;
/** The replicas' settings. */
let env: Record<string, string>;
/** App tokens fetched as the fleet started. */
let tokenCallsAtStart: number;
/** When every replica counts in the fleet's one window alone. */
let sharedFrom: number;
/** Rooms no test has read yet: every read below is a distinct upstream call. */
const fresh = (n: number) => rooms.slice(next, (next += n));

const since = (i: number): CallRecord[] => emulator.calls.slice(i);
const rejectedForRate = (calls: CallRecord[]) => calls.filter((c) => c.status === 429 || c.status === 503);

/** Reads each room through the replicas in turn, all at once; every answer must be the room's. */
async function burst(ids: string[]) {
  const answers = await Promise.all(
    ids.map(async (id, i) => {
      const res = await post(fleet[i % fleet.length]!.url, { query: RoomName, variables: { id } }, bearer(keys[i % 3]!));
      return { id, status: res.status, body: (await res.json()) as { data?: { chatroom?: { id: string } }; errors?: unknown[] } };
    }),
  );
  const failed = answers.filter((a) => a.status !== 200 || a.body.errors || a.body.data?.chatroom?.id !== a.id);
  return { answers, failed };
}

const ready = async (replica: Replica) => {
  const res = await fetch(replica.url.replace(/\/graphql$/, '/ready'));
  return { status: res.status, body: (await res.json()) as { ready: boolean; checks: Record<string, boolean> } };
};

describe.skipIf(!redisAvailable && !redisRequired)('replicas sharing one Redis', () => {
  beforeAll(async () => {
    expect(redisAvailable, 'REQUIRE_REDIS=1 but there is no redis-server').toBe(true);
    redis = await startRedis();
    emulator = createEmulator({ rateLimit: { perSecond: 30 } });
    await emulator.listen(0, '127.0.0.1');
    rooms = Array.from({ length: 700 }, (_, i) =>
      emulator.store.create({ name: `replica room ${i}`, description: '', maxusers: 10, owner: 'alice', members: [] }).id,
    );
    env = {
      REDIS_URL: redis.url,
      GATEWAY_REDIS_PREFIX: 'test:',
      GATEWAY_REPLICAS: '3',
      GATEWAY_API_KEYS: keys.join(','),
      GATEWAY_MAX_UPSTREAM_CALLS: '150',
      GATEWAY_CALLER_BUDGET: '300',
      GATEWAY_CALLER_WINDOW_SECONDS: '120',
      EASEMOB_CACHE_TTL_MS: '60000',
      EASEMOB_QUEUE_TIMEOUT_MS: '40000',
      EASEMOB_OPERATION_TIMEOUT_MS: '40000',
      GATEWAY_SHUTDOWN_GRACE_MS: '42000',
    };
    fleet = await Promise.all([1, 2, 3].map(() => startReplica(emulator, env)));
    await Promise.all(fleet.map((replica) => waitForSharedState(replica, true)));
    tokenCallsAtStart = summarize(emulator.calls).tokenCalls;
    // A read through each replica: its first turn from Redis. For a while after it, a replica keeps to its
    // local share too (src/easemob/shared-window.ts), as after Redis comes back.
    expect((await burst(fresh(fleet.length))).failed).toEqual([]);
    sharedFrom = Date.now() + reconnectMaxMs + 1_000 + defaultPolicy.windowMarginMs;
  }, 60_000);

  afterAll(async () => {
    await stopReplicas(fleet);
    await emulator?.close();
    await redis?.stop();
  });

  it('shares cached reads, and a write through any replica empties the cache for all before it answers', async () => {
    const [a, b, c] = fleet as [Replica, Replica, Replica];
    const [id] = fresh(1);
    const from = emulator.calls.length;
    for (const replica of [a, b, c]) {
      const body = await (await post(replica.url, { query: RoomName, variables: { id } }, bearer('k1'))).json();
      expect(body.data.chatroom.name).toMatch(/^replica room/);
    }
    expect(emulator.apiCalls(from)).toHaveLength(1);
    const rename = await post(
      c.url,
      { query: 'mutation($input: UpdateChatroomInput!) { updateChatroom(input: $input) { updated { name } } }', variables: { input: { id, name: 'renamed on c' } } },
      bearer('k2'),
    );
    expect((await rename.json()).data.updateChatroom.updated.name).toBe(true);
    for (const replica of [a, b]) {
      const body = await (await post(replica.url, { query: RoomName, variables: { id } }, bearer('k1'))).json();
      expect(body.data.chatroom.name).toBe('renamed on c');
    }
  }, 30_000);

  it('refreshes a refused app token once for the fleet, not once per replica', async () => {
    emulator.revokeTokens();
    const from = emulator.calls.length;
    const { failed } = await burst(fresh(30));
    expect(failed).toEqual([]);
    expect(summarize(since(from)).tokenCalls).toBe(1);
  }, 30_000);

  it('answers a burst of distinct reads spread over three replicas: no 429/503, ≤ 30 calls in any second, one token call', async () => {
    // The fleet's one budget, not three local shares: what is left of the replicas' care after their first turns.
    await new Promise((r) => setTimeout(r, Math.max(0, sharedFrom - Date.now())));
    // Two seconds' worth for the fleet: replicas that did not share would send it all in the first.
    const from = emulator.calls.length;
    const { failed } = await burst(fresh(60));
    expect(failed).toEqual([]);
    const calls = since(from);
    expect(rejectedForRate(calls)).toEqual([]);
    expect(summarize(calls).apiCalls).toBe(60);
    // Readiness checks fetched the fleet's token when the replicas started; the burst fetches none.
    expect(tokenCallsAtStart).toBe(1);
    expect(summarize(calls).tokenCalls).toBe(0);
    expect(summarize(calls).peakPerSecond).toBeLessThanOrEqual(30);
    // Three local shares would also keep the fleet to 30 a second; one replica alone shows
    // the window is the fleet's: it may take more than its local share of 10.
    const alone = emulator.calls.length;
    const reads = await Promise.all(
      fresh(40).map(async (id) => (await post(fleet[0]!.url, { query: RoomName, variables: { id } }, bearer('k3'))).json()),
    );
    expect(reads.filter((r) => r.errors)).toEqual([]);
    expect(rejectedForRate(since(alone))).toEqual([]);
    expect(summarize(since(alone)).peakPerSecond).toBeGreaterThan(10);
    expect(summarize(since(alone)).peakPerSecond).toBeLessThanOrEqual(30);
  }, 60_000);

  it('refuses a caller over budget on one replica on the others too', async () => {
    const [a, b, c] = fleet as [Replica, Replica, Replica];
    for (let i = 0; i < 2; i++) {
      const res = await post(a.url, { query: Expensive }, bearer('k4'));
      expect(res.status).toBe(200);
      expect((await res.json()).errors).toBeUndefined();
    }
    // A third costs more than the 300 left of k4's budget, on whichever replica it reaches.
    for (const replica of [b, c, a]) {
      const body = await (await post(replica.url, { query: Expensive }, bearer('k4'))).json();
      expect(body.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    }
    // Another caller is not touched.
    expect((await (await post(b.url, { query: Expensive }, bearer('k5'))).json()).errors).toBeUndefined();
  }, 30_000);

  it('keeps serving when Redis stops mid-load, on local shares, and shares again when it is back', async () => {
    // Four seconds' worth: Redis goes a second in, and the fleet waits out two windows on losing it,
    // so reads are still queued when it is back.
    const from = emulator.calls.length;
    const load = burst(fresh(120));
    let loadDone = false;
    void load.then(() => (loadDone = true));
    await new Promise((r) => setTimeout(r, 1_000));
    await redis.stop();
    await Promise.all(fleet.map((replica) => waitForSharedState(replica, false)));
    for (const replica of fleet) {
      // Reported, never unready: a replica on its local share still serves.
      const { status, body } = await ready(replica);
      expect(status).toBe(200);
      expect(body).toMatchObject({ ready: true, checks: { sharedState: false } });
      const metrics = await (await fetch(replica.url.replace(/\/graphql$/, '/metrics'))).text();
      expect(metrics).toMatch(/^gateway_shared_state_up 0$/m);
      expect(metrics).toMatch(/^gateway_shared_state_fallbacks_total 1$/m);
    }
    await new Promise((r) => setTimeout(r, 2_000));
    // Reads are still queued when Redis comes back: the switch back to sharing happens under load.
    expect(loadDone).toBe(false);
    await redis.start();
    await Promise.all(fleet.map((replica) => waitForSharedState(replica, true)));
    const { failed } = await load;
    expect(failed).toEqual([]);
    for (const replica of fleet) {
      expect(replica.output().match(/shared state \(Redis\) unavailable/g)).toHaveLength(1);
      expect(replica.output()).not.toContain(redis.url);
      expect(replica.output()).not.toContain(emulator.url);
      expect(replica.output()).toMatch(/shared state \(Redis\) is back/);
    }
    const calls = since(from);
    expect(summarize(calls).apiCalls).toBe(120);
    expect(rejectedForRate(calls)).toEqual([]);

    // Shared again: one budget for the fleet, and caller budgets in Redis once more.
    const after = emulator.calls.length;
    const again = await burst(fresh(60));
    expect(again.failed).toEqual([]);
    expect(rejectedForRate(since(after))).toEqual([]);
    expect(summarize(since(after)).peakPerSecond).toBeLessThanOrEqual(30);
  }, 120_000);
});

/** A TCP proxy to Redis that can be cut, as a network partition cuts one replica off while the others still reach it. */
async function partitionable(target: string) {
  const { hostname, port } = new URL(target);
  const sockets = new Set<Socket>();
  let cut = false;
  const server = createServer((client) => {
    if (cut) return client.destroy();
    const upstream = connect(Number(port), hostname);
    for (const [a, b] of [[client, upstream], [upstream, client]] as const) {
      sockets.add(a);
      a.on('close', () => sockets.delete(a));
      a.on('error', () => b.destroy());
      a.pipe(b);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `redis://127.0.0.1:${(server.address() as AddressInfo).port}`,
    cut() {
      cut = true;
      for (const socket of sockets) socket.destroy();
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe.skipIf(!redisAvailable && !redisRequired)('a replica cut off from Redis, with the read cache on (issue 20, 6)', () => {
  it('never lets a rule decide on a cached owner, and the cut-off replica serves no cached read', async () => {
    const server = await startRedis();
    const proxy = await partitionable(server.url);
    const upstream = createEmulator({ rateLimit: false });
    await upstream.listen(0, '127.0.0.1');
    let pair: Replica[] = [];
    try {
      const room = upstream.store.create({ name: 'Owned', description: '', maxusers: 10, owner: 'alice', members: ['bob'] }).id;
      const common = {
        GATEWAY_REDIS_PREFIX: 'partition:',
        GATEWAY_REPLICAS: '2',
        GATEWAY_API_KEYS: 'admin-key',
        GATEWAY_JWT_SECRET: secret,
        GATEWAY_JWT_ISSUER: issuer,
        GATEWAY_JWT_AUDIENCE: audience,
        EASEMOB_CACHE_TTL_MS: '60000',
      };
      const [cutOff, connected] = (pair = await Promise.all([
        startReplica(upstream, { ...common, REDIS_URL: proxy.url }),
        startReplica(upstream, { ...common, REDIS_URL: server.url }),
      ])) as [Replica, Replica];
      await Promise.all(pair.map((replica) => waitForSharedState(replica, true)));
      const alice = { authorization: `Bearer ${await hs256('alice')}` };
      const Owner = `{ chatroom(id: "${room}") { owner { username } } }`;
      // The room is read, and cached for the fleet.
      expect((await (await post(connected.url, { query: Owner }, alice)).json()).data.chatroom.owner.username).toBe('alice');

      proxy.cut();
      await waitForSharedState(cutOff, false);
      const transfer = `mutation { transferChatroomOwnership(input: { id: "${room}", newOwner: "bob" }) { chatroom { id } } }`;
      expect((await (await post(cutOff.url, { query: transfer }, bearer('admin-key'))).json()).errors).toBeUndefined();
      expect(upstream.store.room(room).owner).toBe('bob'); // and the others' cache could not be told

      // The old owner's rename on the replica that still reaches Redis: refused, nothing written.
      const from = upstream.calls.length;
      const rename = `mutation { updateChatroom(input: { id: "${room}", name: "mine still" }) { updated { name } } }`;
      const refused = await (await post(connected.url, { query: rename }, alice)).json();
      expect(refused.errors[0].extensions.code).toBe('FORBIDDEN');
      expect(upstream.calls.slice(from).filter((c) => c.method !== 'GET')).toEqual([]);
      expect(upstream.store.room(room).name).toBe('Owned');

      // The cut-off replica reads upstream every time: it cannot know what the others wrote.
      const before = upstream.calls.length;
      for (let i = 0; i < 2; i++) expect((await (await post(cutOff.url, { query: Owner }, alice)).json()).data.chatroom.owner.username).toBe('bob');
      expect(upstream.apiCalls(before).filter((c) => c.path === `/chatrooms/${room}`)).toHaveLength(2);
    } finally {
      await stopReplicas(pair);
      await proxy.close();
      await upstream.close();
      await server.stop();
    }
  }, 60_000);
});

describe.skipIf(!redisAvailable && !redisRequired)('npm run replicas', () => {
  it('starts Redis-backed replicas on one emulator, and Ctrl-C stops them all', async () => {
    const child = spawn('npm', ['run', 'replicas'], {
      cwd: new URL('..', import.meta.url),
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', REPLICAS: '2', PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    try {
      const until = Date.now() + 30_000;
      while (!/Ctrl-C stops everything/.test(out)) {
        if (Date.now() > until || child.exitCode !== null) throw new Error(out);
        await new Promise((r) => setTimeout(r, 100));
      }
      const urls = [...out.matchAll(/^ {2}(http:\/\/\S+\/graphql)$/gm)].map((m) => m[1]!.replace('localhost', '127.0.0.1'));
      expect(urls).toHaveLength(2);
      for (const url of urls) {
        const body = await (await post(url, { query: '{ chatrooms(first: 1) { nodes { name } } }' })).json();
        expect(body.data.chatrooms.nodes).toHaveLength(1);
        const ready = await (await fetch(url.replace(/\/graphql$/, '/ready'))).json();
        expect(ready.checks.sharedState).toBe(true);
      }
      child.kill('SIGINT');
      const [code] = await once(child, 'exit');
      expect(code).toBe(0);
      for (const url of urls) await expect(fetch(url)).rejects.toThrow();
    } finally {
      child.kill('SIGKILL');
    }
  }, 60_000);
});
