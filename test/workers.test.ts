/**
 * Every core (GATEWAY_WORKERS): the real entry point forks two workers on one port, in front
 * of one emulator counting every upstream call, sharing through one real redis-server. Towards
 * Easemob and callers they are one gateway: one app token, one budget per caller, one pace, one
 * response cache that a write or an event through either worker retires for both; /metrics and
 * /ready answer for both.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { once } from 'node:events';
import { afterAll, describe, expect, it } from 'vitest';
import { createEmulator, type Emulator, summarize } from '../src/emulator/server.js';
import { redisAvailable, redisRequired, startRedis, type TestRedis } from './redis.js';
import { type Replica, startReplica, waitForSharedState } from './replicas.js';
import { post } from './stack.js';

/** The gateway processes (running src/main.ts; not tsx's esbuild) whose parent is `pid`. */
function workersOf(pid: number): number[] {
  return readdirSync('/proc').flatMap((entry) => {
    if (!/^[0-9]+$/.test(entry)) return [];
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const child = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
      return child && readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('main.ts') ? [Number(entry)] : [];
    } catch {
      return [];
    }
  });
}

let redis: TestRedis | undefined;
let emulator: Emulator | undefined;
let gateway: Replica | undefined;

afterAll(async () => {
  if (gateway?.proc.exitCode === null) {
    gateway.proc.kill('SIGTERM');
    await once(gateway.proc, 'exit');
  }
  await emulator?.close();
  await redis?.stop();
});

describe.skipIf(!redisAvailable && !redisRequired)('workers', () => {
  it('serve one port as one gateway: two processes, one app token, one budget per caller, and stop together', async () => {
    expect(redisAvailable, 'REQUIRE_REDIS=1 but there is no redis-server').toBe(true);
    redis = await startRedis();
    emulator = createEmulator({ rateLimit: false });
    await emulator.listen(0, '127.0.0.1');
    const rooms = Array.from({ length: 40 }, (_, i) => emulator!.store.create({ name: `worker room ${i}`, description: '', maxusers: 10, owner: 'alice', members: [] }).id);
    gateway = await startReplica(emulator, {
      REDIS_URL: redis.url,
      GATEWAY_REDIS_PREFIX: 'workers:',
      GATEWAY_WORKERS: '2',
      GATEWAY_API_KEYS: 'k1',
      // 20 reads of one call each for the caller, whichever worker answers.
      GATEWAY_CALLER_BUDGET: '20',
      GATEWAY_MAX_UPSTREAM_CALLS: '20',
      GATEWAY_CALLER_WINDOW_SECONDS: '120',
    });
    expect(workersOf(gateway.proc.pid!)).toHaveLength(2);
    await waitForSharedState(gateway, true);

    const Room = 'query($id: ID!) { chatroom(id: $id) { id name } }';
    const answers = await Promise.all(
      rooms.slice(0, 30).map(async (id) => (await (await post(gateway!.url, { query: Room, variables: { id } }, { authorization: 'Bearer k1' })).json()) as { data?: unknown; errors?: { extensions: { code: string } }[] }),
    );
    const served = answers.filter((a) => !a.errors);
    const limited = answers.filter((a) => a.errors?.[0]?.extensions.code === 'RATE_LIMITED');
    // One budget: 20 in all, not 20 a worker.
    expect([served.length, limited.length]).toEqual([20, 10]);
    // Both workers answered (each log line names its worker), and Easemob gave one app token.
    const workers = new Set([...gateway.output().matchAll(/"worker":(\d+)[^\n]*"msg":"operation"/g)].map((m) => m[1]));
    expect(workers.size).toBe(2);
    expect(emulator.calls.filter((c) => c.token)).toHaveLength(1);

    // A scrape reaches one worker, which answers for all: the same count of operations whichever answers.
    const operationsCounted = async () => {
      const text = await (await fetch(gateway!.url.replace(/\/graphql$/, '/metrics'))).text();
      return [...text.matchAll(/^graphql_operations_total\{[^}]*\} (\d+)$/gm)].reduce((sum, m) => sum + Number(m[1]), 0);
    };
    const scrapes = [await operationsCounted(), await operationsCounted(), await operationsCounted(), await operationsCounted()];
    expect(new Set(scrapes).size).toBe(1);
    expect(scrapes[0]).toBeGreaterThanOrEqual(served.length);

    gateway.proc.kill('SIGTERM');
    const [code] = await once(gateway.proc, 'exit');
    expect(code).toBe(0);
  });

  it('pace the app once and keep one response cache: a write or an event through either retires it for both', async () => {
    // Easemob at 10 calls a second, for this test only.
    const paced = createEmulator({ rateLimit: { perSecond: 10 } });
    await paced.listen(0, '127.0.0.1');
    const secret = 'workers-callback-secret';
    const both = await startReplica(paced, {
      REDIS_URL: redis!.url,
      GATEWAY_REDIS_PREFIX: 'workers3:',
      GATEWAY_WORKERS: '2',
      GATEWAY_API_KEYS: 'k1',
      EASEMOB_RATE_LIMIT: '10',
      GATEWAY_MAX_UPSTREAM_CALLS: '10',
      GATEWAY_CALLER_BUDGET: '1000',
      GATEWAY_RESPONSE_CACHE_TTL_MS: '60000',
      EASEMOB_CALLBACK_SECRETS: secret,
      // No read cache (on by default with callbacks): an answer with no upstream call is the response cache's.
      EASEMOB_CACHE_TTL_MS: '0',
    });
    try {
      await waitForSharedState(both, true);
      paced.sendCallbacksTo({ url: both.url.replace(/\/graphql$/, '/easemob/callbacks'), secret });
      const ask = async (query: string, variables: unknown) =>
        (await (await post(both.url, { query, variables }, { authorization: 'Bearer k1' })).json()) as { data?: any; errors?: unknown[] };
      /** `n` requests at once; their answers, and the workers that answered them (from the log lines they added). */
      const atOnce = async (n: number, query: string, variables: unknown) => {
        const logged = both.output().length;
        const answers = await Promise.all(Array.from({ length: n }, () => ask(query, variables)));
        await new Promise((resolve) => setTimeout(resolve, 100)); // the last log lines, written
        const workers = new Set([...both.output().slice(logged).matchAll(/"worker":(\d+)[^\n]*"msg":"operation"/g)].map((m) => m[1]));
        return { answers, workers };
      };

      // One pace: 24 rooms' admins (a call each) at once, through both workers, and Easemob refuses none.
      const rooms = Array.from({ length: 24 }, (_, i) => paced.store.create({ name: `paced ${i}`, description: '', maxusers: 10, owner: 'alice', members: [] }).id);
      const Admins = 'query($id: ID!) { chatroom(id: $id) { admins { username } } }';
      const logged = both.output().length;
      const admins = await Promise.all(rooms.map((id) => ask(Admins, { id })));
      expect(admins.filter((a) => a.errors)).toEqual([]);
      const stats = summarize(paced.calls);
      expect(Object.keys(stats.byStatus)).toEqual(['200']);
      expect(stats.peakPerSecond).toBeLessThanOrEqual(10);
      expect(stats.apiCalls).toBeGreaterThanOrEqual(24);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(new Set([...both.output().slice(logged).matchAll(/"worker":(\d+)/g)].map((m) => m[1])).size).toBe(2);

      // One response cache: asked again on either worker, answered with no upstream call.
      const Room = 'query($id: ID!) { chatroom(id: $id) { name affiliationsCount } }';
      const [id] = rooms;
      await ask(Room, { id });
      let mark = paced.calls.length;
      const again = await atOnce(12, Room, { id });
      expect(again.workers.size).toBe(2);
      expect(again.answers.map((a) => a.data.chatroom)).toEqual(Array(12).fill({ name: 'paced 0', affiliationsCount: 1 }));
      expect(paced.apiCalls(mark)).toEqual([]);

      // A write through one worker: every worker answers with what it wrote, before any callback of it could tell them.
      paced.sendCallbacksTo(undefined);
      await ask('mutation($id: ID!) { updateChatroom(input: { id: $id, name: "renamed" }) { chatroom { id } } }', { id });
      const afterWrite = await atOnce(12, Room, { id });
      expect(afterWrite.workers.size).toBe(2);
      expect(afterWrite.answers.map((a) => a.data.chatroom.name)).toEqual(Array(12).fill('renamed'));

      // Easemob's callback reaches one worker: every worker answers with what it told.
      paced.sendCallbacksTo({ url: both.url.replace(/\/graphql$/, '/easemob/callbacks'), secret });
      paced.actAs('bob', { kind: 'join', room: id! });
      await paced.callbacksIdle();
      mark = paced.calls.length;
      const afterEvent = await atOnce(12, Room, { id });
      expect(afterEvent.workers.size).toBe(2);
      expect(afterEvent.answers.map((a) => a.data.chatroom.affiliationsCount)).toEqual(Array(12).fill(2));
      expect(paced.apiCalls(mark).length).toBeGreaterThan(0);
    } finally {
      both.proc.kill('SIGTERM');
      await once(both.proc, 'exit');
      await paced.close();
    }
  });

  it('answer /ready for the group, not ready while one cannot answer; and stop whole when one dies', async () => {
    const crashing = await startReplica(emulator!, { REDIS_URL: redis!.url, GATEWAY_REDIS_PREFIX: 'workers2:', GATEWAY_WORKERS: '2', GATEWAY_API_KEYS: 'k1' });
    const workers = workersOf(crashing.proc.pid!);
    expect(workers).toHaveLength(2);
    await waitForSharedState(crashing, true);
    const ready = crashing.url.replace(/\/graphql$/, '/ready');
    /** /ready as the worker reached answers it; undefined when that worker is the one stopped (it cannot answer). */
    const readiness = async () => {
      try {
        const res = await fetch(ready, { signal: AbortSignal.timeout(4_000) });
        return { status: res.status, body: (await res.json()) as { ready: boolean; workers: number; checks: Record<string, boolean> } };
      } catch {
        return undefined;
      }
    };
    const whole = await readiness();
    expect(whole?.status).toBe(200);
    expect(whole?.body).toMatchObject({ ready: true, workers: 2, checks: { everyWorkerAnswered: true, tokenObtainable: true, sharedState: true } });
    // One worker stopped (its event loop cannot run): whichever answers says the group is not ready.
    process.kill(workers[0]!, 'SIGSTOP');
    let stopped: Awaited<ReturnType<typeof readiness>>;
    for (let i = 0; i < 4 && !stopped; i++) stopped = await readiness();
    process.kill(workers[0]!, 'SIGCONT');
    expect(stopped?.status).toBe(503);
    expect(stopped?.body).toMatchObject({ ready: false, workers: 2, checks: { everyWorkerAnswered: false } });
    let again: Awaited<ReturnType<typeof readiness>>;
    for (let i = 0; i < 20 && again?.status !== 200; i++) again = await readiness();
    expect(again?.body.ready).toBe(true);

    process.kill(workers[0]!, 'SIGKILL');
    const [code] = await once(crashing.proc, 'exit');
    expect(code).toBe(1);
    expect(workersOf(crashing.proc.pid!)).toEqual([]);
    expect(existsSync(`/proc/${workers[1]}`)).toBe(false);
  });
});
