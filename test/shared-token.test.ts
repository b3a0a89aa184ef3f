/**
 * The replicas' shared app token on a real redis-server: the race where one replica reads
 * no token, another then fetches, stores it and releases the lock, and the first takes the
 * lock. It must use the stored token, not fetch a second one for the same refusal.
 */
import { describe, expect, it } from 'vitest';
import { createSharedTokenStore, type StoredToken } from '../src/easemob/shared-token.js';
import { redisAvailable, redisRequired, useRedis } from './redis.js';

describe.skipIf(!redisAvailable && !redisRequired)('the shared app token', () => {
  const redis = useRedis();

  it('is fetched once when another replica stores it between a read and the lock', async () => {
    const [a, b] = [await redis.connect('token-race:'), await redis.connect('token-race:')];
    const storeA = createSharedTokenStore(a);
    const storeB = createSharedTokenStore(b);
    const token = (name: string): StoredToken => ({ header: `Bearer ${name}`, refreshAt: Date.now() + 60_000, expiresAt: Date.now() + 120_000 });
    const fetched: string[] = [];
    const fetchAs = (name: string) => async () => {
      fetched.push(name);
      return token(name);
    };
    // B's first read of the token comes back empty; before B goes on to the lock, A fetches,
    // stores and unlocks.
    const get = b.redis.get.bind(b.redis) as (key: string) => Promise<string | null>;
    let raced = false;
    (b.redis as unknown as { get: typeof get }).get = async (key: string) => {
      const value = await get(key);
      if (!raced && key.endsWith('token')) {
        raced = true;
        await storeA.obtain(fetchAs('a'));
      }
      return value;
    };
    const got = await storeB.obtain(fetchAs('b'));
    expect(raced).toBe(true);
    expect(fetched).toEqual(['a']);
    expect(got.header).toBe('Bearer a');
  });
});
