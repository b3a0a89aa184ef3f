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

describe.skipIf(!redisAvailable && !redisRequired)('a malformed token in Redis (issue 20)', () => {
  const redis = useRedis();

  it.each([['not json'], ['{"header":5,"refreshAt":1e20,"expiresAt":1e20}'], ['{"header":"Bearer ok","refreshAt":9e15,"expiresAt":1}'], ['[]']])(
    'is discarded, never sent upstream: %s',
    async (planted) => {
      const a = await redis.connect('planted:');
      await a.redis.set(a.key('token'), planted);
      const store = createSharedTokenStore(a);
      const fetched: string[] = [];
      const got = await store.obtain(async () => {
        fetched.push('fresh');
        return { header: 'Bearer fresh', refreshAt: Date.now() + 60_000, expiresAt: Date.now() + 120_000 };
      });
      expect(got.header).toBe('Bearer fresh');
      expect(fetched).toEqual(['fresh']);
      expect(a.up).toBe(true); // not taken for Redis failing
      expect(JSON.parse((await a.redis.get(a.key('token')))!).header).toBe('Bearer fresh');
    },
  );
});
