/**
 * Every core (GATEWAY_WORKERS): the real entry point forks two workers on one port, in front
 * of one emulator counting every upstream call, sharing through one real redis-server. Towards
 * Easemob and callers they are one gateway: one app token, one budget per caller.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { once } from 'node:events';
import { afterAll, describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from '../src/emulator/server.js';
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

  it('stop whole when one dies: the others end, and the process exits 1 for whatever runs it to restart', async () => {
    const crashing = await startReplica(emulator!, { REDIS_URL: redis!.url, GATEWAY_REDIS_PREFIX: 'workers2:', GATEWAY_WORKERS: '2', GATEWAY_API_KEYS: 'k1' });
    const workers = workersOf(crashing.proc.pid!);
    expect(workers).toHaveLength(2);
    process.kill(workers[0]!, 'SIGKILL');
    const [code] = await once(crashing.proc, 'exit');
    expect(code).toBe(1);
    expect(workersOf(crashing.proc.pid!)).toEqual([]);
    expect(existsSync(`/proc/${workers[1]}`)).toBe(false);
  });
});
