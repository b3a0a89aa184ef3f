/**
 * One app token for all replicas: kept in Redis, fetched by one replica at a time (a lock
 * with an expiry), and discarded only if it is still the token Easemob refused, so a 401
 * seen by every replica causes one refresh, not one per replica. A replica that cannot
 * reach Redis fetches its own token, as a single process does.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { SharedState } from '../shared-state.js';
import { EasemobError } from './errors.js';

export interface StoredToken {
  header: string;
  /** After this, a fresh token is fetched while this one is still used. */
  refreshAt: number;
  expiresAt: number;
}

export interface SharedTokenStore {
  /** The fleet's token, fetched with `fetch` by whichever replica gets the lock first. */
  obtain(fetch: () => Promise<StoredToken>): Promise<StoredToken>;
  /** Easemob refused `header`: forget it for the fleet, unless another replica already replaced it. */
  discard(header: string): void;
}

/** KEYS: the token. ARGV: the refused header. Deletes the token only if it is the refused one. */
const discardScript = `
local stored = redis.call('GET', KEYS[1])
if stored and cjson.decode(stored).header == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;
/**
 * KEYS: a key. ARGV: a value. Deletes the key only if it still holds that value: the lock
 * only while this replica holds it; a malformed token only if nobody replaced it meanwhile.
 */
const deleteIfScript = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

interface TokenCommands {
  discardToken(key: string, header: string): Promise<number>;
  deleteIf(key: string, value: string): Promise<number>;
}

/** What a stored token must be: an Authorization header, and times that make sense. */
const storedToken = z
  .object({ header: z.string().regex(/^Bearer [\w.~+/=-]{1,2048}$/), refreshAt: z.number().finite(), expiresAt: z.number().finite() })
  .refine((t) => t.refreshAt <= t.expiresAt);

const safeJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

/** Longest one replica may hold the lock: longer than a token request may take. */
const lockMs = 15_000;
/** A failed fetch makes the other replicas wait this long before trying themselves. */
const failedMs = 1_000;

export function createSharedTokenStore(shared: SharedState, now: () => number = Date.now): SharedTokenStore {
  const redis = shared.redis as Redis & TokenCommands;
  redis.defineCommand('discardToken', { numberOfKeys: 1, lua: discardScript });
  redis.defineCommand('deleteIf', { numberOfKeys: 1, lua: deleteIfScript });
  const tokenKey = shared.key('token');
  const lockKey = shared.key('token:lock');
  const failedKey = shared.key('token:failed');

  /** Either a token, or the fetch's own failure: only Redis failures may fall back. */
  type Outcome = { token: StoredToken } | { failure: unknown };

  /**
   * The fleet's token, when Redis holds a well-formed one. Anything else there (planted, or
   * left by another version) is discarded rather than trusted or taken for a Redis failure:
   * it would otherwise be sent upstream, or switch every replica to local state for good.
   */
  const read = async (): Promise<StoredToken | undefined> => {
    const text = await redis.get(tokenKey);
    if (!text) return undefined;
    const token = storedToken.safeParse(safeJson(text));
    if (token.success) return token.data;
    await redis.deleteIf(tokenKey, text);
    return undefined;
  };

  /** Under the lock: fetches and stores the fleet's token, or tells the others it failed. */
  async function fetchAndStore(fetch: () => Promise<StoredToken>): Promise<Outcome> {
    try {
      const token = await fetch();
      await redis.set(tokenKey, JSON.stringify(token), 'PX', Math.max(1, token.expiresAt - now()));
      return { token };
    } catch (failure) {
      await redis.set(failedKey, '1', 'PX', failedMs);
      return { failure };
    }
  }

  async function fromRedis(fetch: () => Promise<StoredToken>): Promise<Outcome> {
    const until = now() + lockMs;
    for (;;) {
      const stored = await read();
      if (stored && now() < stored.refreshAt) return { token: stored };
      if (await redis.set(lockKey, shared.replica, 'PX', lockMs, 'NX')) {
        try {
          // Read again under the lock: the replica that held it may have stored a token
          // between the read above and the lock (seen: two token requests for one 401).
          const current = await read();
          if (current && now() < current.refreshAt) return { token: current };
          return await fetchAndStore(fetch);
        } finally {
          await redis.deleteIf(lockKey, shared.replica);
        }
      }
      // Another replica is fetching: the current token serves until it expires.
      if (stored && now() < stored.expiresAt) return { token: stored };
      if (await redis.exists(failedKey)) {
        return { failure: new EasemobError('UPSTREAM_ERROR', 'the gateway could not obtain an Easemob token') };
      }
      if (now() > until) return { failure: new EasemobError('UPSTREAM_UNAVAILABLE', 'it could not be reached; try again shortly') };
      await sleep(50);
    }
  }

  return {
    async obtain(fetch) {
      const outcome = await shared.attempt<Outcome>(
        () => fromRedis(fetch),
        () => fetch().then((token) => ({ token }), (failure: unknown) => ({ failure })),
      );
      if ('failure' in outcome) throw outcome.failure;
      return outcome.token;
    },
    discard(header) {
      void shared.attempt(
        () => redis.discardToken(tokenKey, header),
        () => 0,
      );
    },
  };
}
