/**
 * A real redis-server for tests (scripts/redis-server.ts). Skipped where redis-server is
 * absent, unless REQUIRE_REDIS=1 (as .ci/run sets, after installing it).
 */
import { afterAll, beforeAll, expect } from 'vitest';
import { type RedisServer, redisServerInstalled, redisServerPath, startRedisServer } from '../scripts/redis-server.js';
import { createLogger } from '../src/logging.js';
import { createSharedState, type SharedState } from '../src/shared-state.js';

export { type RedisServer as TestRedis, startRedisServer as startRedis } from '../scripts/redis-server.js';

export const redisAvailable = redisServerInstalled();
export const redisRequired = process.env.REQUIRE_REDIS === '1';
if (!redisAvailable && !redisRequired) {
  console.warn(`redis-server not found at ${redisServerPath}: the replica tests are skipped (.ci/run installs it and sets REQUIRE_REDIS=1)`);
}

/**
 * A redis-server for the calling describe block, started before its tests and stopped after
 * them, with the replicas' connections to it (closed first).
 */
export function useRedis() {
  let server: RedisServer;
  const states: SharedState[] = [];
  beforeAll(async () => {
    expect(redisAvailable, 'REQUIRE_REDIS=1 but there is no redis-server').toBe(true);
    server = await startRedisServer();
  });
  afterAll(async () => {
    await Promise.all(states.map((s) => s.close()));
    await server?.stop();
  });
  return {
    server: () => server,
    /** A replica's own connection, its keys under `prefix`. */
    async connect(prefix: string): Promise<SharedState> {
      const shared = createSharedState({ url: server.url, prefix, app: 'test', logger: createLogger('silent') });
      states.push(shared);
      await shared.connected;
      return shared;
    },
  };
}
