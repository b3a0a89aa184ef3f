/**
 * A real redis-server for tests (scripts/redis-server.ts). Skipped where redis-server is
 * absent, unless REQUIRE_REDIS=1 (as .ci/run sets, after installing it).
 */
import { redisServerInstalled, redisServerPath } from '../scripts/redis-server.js';

export { type RedisServer as TestRedis, startRedisServer as startRedis } from '../scripts/redis-server.js';

export const redisAvailable = redisServerInstalled();
export const redisRequired = process.env.REQUIRE_REDIS === '1';
if (!redisAvailable && !redisRequired) {
  console.warn(`redis-server not found at ${redisServerPath}: the replica tests are skipped (.ci/run installs it and sets REQUIRE_REDIS=1)`);
}
