/**
 * One upstream GET serves every concurrent caller that needs the same thing, and, when a
 * cache lifetime is set, every caller for that long after. The key includes the
 * credential, so in passthrough mode nobody receives data fetched with someone else's
 * token. Any write through the gateway empties the cache before the write's operation
 * answers.
 *
 * A room event (src/live/) empties only what is cached about what it names: each answer is
 * kept with the tags of what it is about (a room, a user's rooms, the room list), and each
 * tag has a generation of its own that the event moves on.
 *
 * With shared state (Redis) the cache lives there, so replicas share it and a write through
 * any replica empties it for all: cached answers are stored under the generation numbers (the
 * whole cache's, which every write increments, and their tags') that were current when they
 * were read, and one script reads the generations and the answer in one round trip. In-flight
 * sharing stays within the process. While Redis is down nothing is cached (a replica could
 * not tell the others of its writes), and a replica that reconnects moves the generation on
 * before it reads the cache again.
 */
import type { Redis } from 'ioredis';
import { keyHash, type SharedState } from '../shared-state.js';

export interface SharedReads {
  /**
   * `fn` resolves only with a successful, parsed answer; failures are shared but never cached.
   * `fresh`: never from the cache (a read in flight is shared still: it is an upstream call).
   */
  run<T>(key: string, fn: () => Promise<T>, fresh?: boolean, tags?: readonly string[]): Promise<T>;
  /** Whether answers are kept across requests, so that a read may be older than the request. */
  readonly caches: boolean;
  /**
   * Forget cached answers: all of them (on every write, awaited before the write answers), or
   * those kept with one of `tags` (a room event's).
   */
  invalidate(tags?: readonly string[]): Promise<void>;
}

/** What a cached answer is about, so that an event about it empties it: the names every tag is made with. */
export const cacheTags = {
  room: (id: string) => `room:${id}`,
  user: (username: string) => `user:${username}`,
  /** The app's room list: its rows hold names and member counts. */
  rooms: 'rooms',
  superAdmins: 'super-admins',
};

/** The tags of a read, by its path below the app (segments encoded, as the client sends them). */
export function tagsOfPath(path: string): string[] {
  const [, first, second, third] = path.split('/').map((segment) => decodeURIComponent(segment));
  // A user's rooms: their rows hold names, as the room list's do, so a renamed or deleted room makes them stale too.
  if (first === 'users' && second && third === 'joined_chatrooms') return [cacheTags.user(second.toLowerCase()), cacheTags.rooms];
  // A room's attributes: /metadata/chatroom/{id}.
  if (first === 'metadata' && second === 'chatroom' && third) return [cacheTags.room(third)];
  if (first !== 'chatrooms') return [];
  if (!second) return [cacheTags.rooms];
  if (second === 'super_admin') return [cacheTags.superAdmins];
  // One room's detail or list, or several rooms' details (`1,2,3`).
  return second.split(',').map(cacheTags.room);
}

/**
 * Reads whose answer changes with no write and no event: a room's mutes end when their time is
 * up, and Easemob tells nobody. Whole answers that read one are not kept (src/response-cache.ts).
 */
export const changesUntold = (path: string): boolean => /^\/chatrooms\/[^/]+\/mute$/.test(path);

export interface SharedReadsOptions {
  /** Share identical in-flight reads (default true; off only to measure its effect). */
  enabled?: boolean;
  /** Keep successful answers this long; 0 (the default) caches nothing. */
  cacheTtlMs?: number;
  /** Most answers kept in this process's own cache; the oldest go first. */
  cacheMax?: number;
  /** Keep the cache in Redis, shared by the replicas. */
  shared?: SharedState;
  /** Longest a read may take (the operation's deadline): an answer may be kept that long after its read began. */
  readDeadlineMs?: number;
  /** Told of every read served without a call of its own. */
  onHit?: (kind: 'shared' | 'cached') => void;
  /**
   * Told of every invalidation, as it begins: what else the gateway keeps of these answers is stale
   * too (awaited as the cache is). `readsForgotten`: settled once the cache has forgotten them.
   */
  onInvalidate?: (tags: readonly string[] | undefined, readsForgotten: Promise<unknown>) => void | Promise<void>;
}

/** The generations an answer was read under: the whole cache's, then each of its tags'. */
type Stamp = string;

/** Where answers are cached: the generations now, and the answer for a key under them. */
interface Cache {
  /** The current generations and, when cached under them, the answer; undefined: do not cache now. */
  get(key: string, tags: readonly string[]): Promise<{ stamp: Stamp; value?: unknown } | undefined> | { stamp: Stamp; value?: unknown };
  set(key: string, stamp: Stamp, value: unknown): void;
  invalidate(tags?: readonly string[]): Promise<void> | void;
}

function localCache(ttlMs: number, max: number): Cache {
  const answers = new Map<string, { value: unknown; until: number; stamp: Stamp }>();
  let generation = 0;
  // Tags ever named are bounded: past `max` of them, the whole cache is forgotten instead.
  const tagGenerations = new Map<string, number>();
  const stampOf = (tags: readonly string[]) => [generation, ...tags.map((tag) => tagGenerations.get(tag) ?? 0)].join(',');
  return {
    get(key, tags) {
      const stamp = stampOf(tags);
      const hit = answers.get(key);
      return { stamp, value: hit && hit.stamp === stamp && hit.until > Date.now() ? hit.value : undefined };
    },
    set(key, stamp, value) {
      answers.delete(key);
      answers.set(key, { value, until: Date.now() + ttlMs, stamp });
      if (answers.size > max) answers.delete(answers.keys().next().value!);
    },
    invalidate(tags) {
      if (!tags || tagGenerations.size + tags.length > max) {
        generation++;
        answers.clear();
        tagGenerations.clear();
        return;
      }
      // An answer read before this is kept under the old stamp, so never served again.
      for (const tag of tags) tagGenerations.set(tag, (tagGenerations.get(tag) ?? 0) + 1);
    },
  };
}

/**
 * KEYS: the whole cache's generation counter, then the answer's tags' counters. ARGV: the
 * answer key's prefix and hash. Returns [stamp, answer or false]: the answer is kept under
 * the generations it was read with, so that any of them moving on retires it.
 */
const readScript = `
local stamp = {}
for i, key in ipairs(KEYS) do stamp[i] = redis.call('GET', key) or '0' end
stamp = table.concat(stamp, ',')
return {stamp, redis.call('GET', ARGV[1] .. stamp .. ':' .. ARGV[2])}
`;

/** KEYS: tag counters to move on; ARGV: how long they live (past every answer kept under them). */
const bumpTagsScript = `
for _, key in ipairs(KEYS) do
  redis.call('INCR', key)
  redis.call('PEXPIRE', key, ARGV[1])
end
return #KEYS
`;

interface ReadCommands {
  cachedRead(count: number, ...keysThenPrefixAndHash: string[]): Promise<[string, string | null]>;
  bumpTags(count: number, ...keysThenTtl: (string | number)[]): Promise<number>;
}

function redisCache(shared: SharedState, ttlMs: number, readDeadlineMs: number): Cache {
  const redis = shared.redis as Redis & ReadCommands;
  redis.defineCommand('cachedRead', { lua: readScript });
  redis.defineCommand('bumpTags', { lua: bumpTagsScript });
  const generationKey = shared.key('reads:generation');
  const prefix = shared.key('reads:');
  // Keys hold a hash: never the credential itself, nor a username.
  const tagKey = (tag: string) => shared.key(`reads:tag:${keyHash(tag)}`);
  const bump = () => shared.redis.incr(generationKey);
  shared.onRestored(bump);
  return {
    get(key, tags) {
      return shared.attempt(
        async () => {
          const keys = [generationKey, ...tags.map(tagKey)];
          const [stamp, text] = await redis.cachedRead(keys.length, ...keys, prefix, keyHash(key));
          return { stamp, value: text ? JSON.parse(text) : undefined };
        },
        () => undefined,
      );
    },
    set(key, stamp, value) {
      void shared.attempt(
        () => redis.set(`${prefix}${stamp}:${keyHash(key)}`, JSON.stringify(value), 'PX', ttlMs),
        () => undefined,
      );
    },
    async invalidate(tags) {
      if (!tags) return void (await shared.attempt(bump, () => undefined));
      if (!tags.length) return;
      // A tag's counter outlives every answer kept under it (kept up to a read's deadline after it began, then
      // for the TTL): when it expires, no answer can match its old value.
      await shared.attempt(() => redis.bumpTags(tags.length, ...tags.map(tagKey), 2 * ttlMs + readDeadlineMs), () => undefined);
    },
  };
}

export function createSharedReads({
  enabled = true,
  cacheTtlMs = 0,
  cacheMax = 10_000,
  shared,
  readDeadlineMs = 60_000,
  onHit,
  onInvalidate,
}: SharedReadsOptions = {}): SharedReads {
  const inFlight = new Map<string, Promise<unknown>>();
  const cache = cacheTtlMs <= 0 ? undefined : shared ? redisCache(shared, cacheTtlMs, readDeadlineMs) : localCache(cacheTtlMs, cacheMax);

  /** Shares `fn` with identical reads in flight; caches its answer under `stamp` when given. */
  function fetch<T>(key: string, fn: () => Promise<T>, stamp: Stamp | undefined): Promise<T> {
    const existing = inFlight.get(key);
    if (existing) {
      onHit?.('shared');
      return existing as Promise<T>;
    }
    const promise = fn()
      .then((value) => {
        if (stamp !== undefined) cache!.set(key, stamp, value);
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
    run<T>(key: string, fn: () => Promise<T>, fresh = false, tags: readonly string[] = []): Promise<T> {
      if (!enabled) return fn();
      if (!cache || fresh) return fetch(key, fn, undefined);
      const looked = cache.get(key, tags);
      const decide = (found: Awaited<typeof looked>) => {
        if (found?.value !== undefined) {
          onHit?.('cached');
          return Promise.resolve(found.value as T);
        }
        return fetch(key, fn, found?.stamp);
      };
      return looked instanceof Promise ? looked.then(decide) : decide(looked);
    },
    async invalidate(tags) {
      const forgotten = Promise.resolve(cache?.invalidate(tags));
      // Reads from now on must not join one that started before the change.
      inFlight.clear();
      await Promise.all([forgotten, onInvalidate?.(tags, forgotten)]);
    },
  };
}
