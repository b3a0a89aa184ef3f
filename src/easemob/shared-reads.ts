/**
 * One upstream GET serves every concurrent caller that needs the same thing, and, when a
 * cache lifetime is set, every caller for that long after. The key includes the
 * credential, so in passthrough mode nobody receives data fetched with someone else's
 * token. Any write through the gateway empties the cache before the write's operation
 * answers.
 *
 * With shared state (Redis) the cache lives there, so replicas share it and a write through
 * any replica empties it for all: cached answers are stored under a generation number that
 * every write increments, and one script reads the generation and the answer in one round
 * trip. In-flight sharing stays within the process. While Redis is down nothing is cached
 * (a replica could not tell the others of its writes), and a replica that reconnects moves
 * the generation on before it reads the cache again.
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { SharedState } from '../shared-state.js';

export interface SharedReads {
  /**
   * `fn` resolves only with a successful, parsed answer; failures are shared but never cached.
   * `fresh`: never from the cache (a read in flight is shared still: it is an upstream call).
   */
  run<T>(key: string, fn: () => Promise<T>, fresh?: boolean): Promise<T>;
  /** Whether answers are kept across requests, so that a read may be older than the request. */
  readonly caches: boolean;
  /** Forget cached answers: called on every write, and awaited before the write answers. */
  invalidate(): Promise<void>;
}

export interface SharedReadsOptions {
  /** Share identical in-flight reads (default true; off only to measure its effect). */
  enabled?: boolean;
  /** Keep successful answers this long; 0 (the default) caches nothing. */
  cacheTtlMs?: number;
  /** Most answers kept in this process's own cache; the oldest go first. */
  cacheMax?: number;
  /** Keep the cache in Redis, shared by the replicas. */
  shared?: SharedState;
  /** Told of every read served without a call of its own. */
  onHit?: (kind: 'shared' | 'cached') => void;
}

/** Where answers are cached: a generation, and the answer for a key under it. */
interface Cache {
  /** The current generation and, when cached under it, the answer; undefined: do not cache now. */
  get(key: string): Promise<{ generation: number; value?: unknown } | undefined> | { generation: number; value?: unknown };
  set(key: string, generation: number, value: unknown): void;
  invalidate(): Promise<void> | void;
}

function localCache(ttlMs: number, max: number): Cache {
  const answers = new Map<string, { value: unknown; until: number }>();
  let generation = 0;
  return {
    get(key) {
      const hit = answers.get(key);
      return { generation, value: hit && hit.until > Date.now() ? hit.value : undefined };
    },
    set(key, startedIn, value) {
      if (startedIn !== generation) return; // a write happened meanwhile
      answers.delete(key);
      answers.set(key, { value, until: Date.now() + ttlMs });
      if (answers.size > max) answers.delete(answers.keys().next().value!);
    },
    invalidate() {
      generation++;
      answers.clear();
    },
  };
}

/** KEYS: the generation counter. ARGV: the answer key's prefix and hash. Returns [generation, answer or false]. */
const readScript = `
local generation = tonumber(redis.call('GET', KEYS[1]) or '0')
return {generation, redis.call('GET', ARGV[1] .. generation .. ':' .. ARGV[2])}
`;

interface ReadCommands {
  cachedRead(generationKey: string, prefix: string, hash: string): Promise<[number, string | null]>;
}

function redisCache(shared: SharedState, ttlMs: number): Cache {
  const redis = shared.redis as Redis & ReadCommands;
  redis.defineCommand('cachedRead', { numberOfKeys: 1, lua: readScript });
  const generationKey = shared.key('reads:generation');
  const prefix = shared.key('reads:');
  // Keys hold a hash: never the credential itself.
  const hash = (key: string) => createHash('sha256').update(key).digest('base64url');
  const bump = () => shared.redis.incr(generationKey);
  shared.onRestored(bump);
  return {
    get(key) {
      return shared.attempt(
        async () => {
          const [generation, text] = await redis.cachedRead(generationKey, prefix, hash(key));
          return { generation, value: text ? JSON.parse(text) : undefined };
        },
        () => undefined,
      );
    },
    set(key, generation, value) {
      void shared.attempt(
        () => redis.set(`${prefix}${generation}:${hash(key)}`, JSON.stringify(value), 'PX', ttlMs),
        () => undefined,
      );
    },
    async invalidate() {
      await shared.attempt(bump, () => undefined);
    },
  };
}

export function createSharedReads({ enabled = true, cacheTtlMs = 0, cacheMax = 10_000, shared, onHit }: SharedReadsOptions = {}): SharedReads {
  const inFlight = new Map<string, Promise<unknown>>();
  const cache = cacheTtlMs <= 0 ? undefined : shared ? redisCache(shared, cacheTtlMs) : localCache(cacheTtlMs, cacheMax);

  /** Shares `fn` with identical reads in flight; caches its answer under `generation` when given. */
  function fetch<T>(key: string, fn: () => Promise<T>, generation: number | undefined): Promise<T> {
    const existing = inFlight.get(key);
    if (existing) {
      onHit?.('shared');
      return existing as Promise<T>;
    }
    const promise = fn()
      .then((value) => {
        if (generation !== undefined) cache!.set(key, generation, value);
        return value;
      })
      .finally(() => {
        if (inFlight.get(key) === promise) inFlight.delete(key);
      });
    inFlight.set(key, promise);
    return promise;
  }

  return {
    caches: enabled && cache !== undefined,
    run<T>(key: string, fn: () => Promise<T>, fresh = false): Promise<T> {
      if (!enabled) return fn();
      if (!cache || fresh) return fetch(key, fn, undefined);
      const looked = cache.get(key);
      const decide = (found: Awaited<typeof looked>) => {
        if (found?.value !== undefined) {
          onHit?.('cached');
          return Promise.resolve(found.value as T);
        }
        return fetch(key, fn, found?.generation);
      };
      return looked instanceof Promise ? looked.then(decide) : decide(looked);
    },
    async invalidate() {
      // Reads from now on must not join one that started before the write.
      inFlight.clear();
      await cache?.invalidate();
    },
  };
}
