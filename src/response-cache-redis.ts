/**
 * The response cache shared by every replica (and worker) through Redis, so that a write or an
 * Easemob event reaching any one of them retires the kept answers for all, before the write
 * answers. The same rules as in one process (src/response-cache.ts), kept with counters in Redis:
 * every invalidation moves one generation on and marks each tag it names (or everything) with it;
 * an answer is kept with the generation its execution began at and the tags it read about, and
 * is served only while none of those marks is newer. One script finds an answer and judges it;
 * one keeps it, judged again; one invalidates: a round trip each.
 *
 * Bounded in bytes across replicas without counting what Redis expires on its own: an answer
 * lives `ttlMs`, so the answers alive at any moment were all kept in the current window of
 * `ttlMs` or the one before; an answer is kept only while the bytes kept in those two windows
 * stay within `maxBytes`.
 *
 * While Redis is down nothing is served or kept (a replica could not hear of the others'
 * writes), and a replica that reconnects retires everything before anyone reads the cache again.
 * Keys hold hashes only: never a caller's scope, credential or username.
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { SharedState } from './shared-state.js';
import { fromText, type Lookup, type ResponseCache, type ResponseCacheOptions } from './response-cache.js';

/**
 * KEYS: the answer, the generation, everything's mark. Returns {generation} or {generation, text, extended}.
 * The tags' keys are read from the answer itself (undeclared keys: one Redis, not a cluster).
 */
const lookupScript = `
local generation = tonumber(redis.call('GET', KEYS[2]) or '0')
local kept = redis.call('HMGET', KEYS[1], 'since', 'tags', 'text', 'extended')
if not kept[1] then return {generation} end
local since = tonumber(kept[1])
if tonumber(redis.call('GET', KEYS[3]) or '0') > since then return {generation} end
for tag in string.gmatch(kept[2], '%S+') do
  if tonumber(redis.call('GET', tag) or '0') > since then return {generation} end
end
return {generation, kept[3], kept[4]}
`;

/**
 * KEYS: the answer, everything's mark, this window's bytes, the last window's, then the tags' marks.
 * ARGV: since, text, extended, ttl (ms), max bytes, the answer's bytes. Returns 1 when kept.
 */
const keepScript = `
local since = tonumber(ARGV[1])
if tonumber(redis.call('GET', KEYS[2]) or '0') > since then return 0 end
local tags = {}
for i = 5, #KEYS do
  if tonumber(redis.call('GET', KEYS[i]) or '0') > since then return 0 end
  tags[#tags + 1] = KEYS[i]
end
local size = tonumber(ARGV[6])
local windows = tonumber(redis.call('GET', KEYS[3]) or '0') + tonumber(redis.call('GET', KEYS[4]) or '0')
if windows + size > tonumber(ARGV[5]) then return 0 end
redis.call('INCRBY', KEYS[3], size)
redis.call('PEXPIRE', KEYS[3], 3 * tonumber(ARGV[4]))
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'since', ARGV[1], 'tags', table.concat(tags, ' '), 'text', ARGV[2], 'extended', ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return 1
`;

/**
 * KEYS: the generation, everything's mark, then the tags' marks (none: everything). ARGV: how long a
 * tag's mark lives: past every answer kept before it moved (they are judged by it), the TTL.
 */
const invalidateScript = `
local generation = redis.call('INCR', KEYS[1])
if #KEYS == 2 then
  redis.call('SET', KEYS[2], generation)
  return generation
end
for i = 3, #KEYS do redis.call('SET', KEYS[i], generation, 'PX', ARGV[1]) end
return generation
`;

interface ResponseCommands {
  responseLookup(answer: string, generation: string, everything: string): Promise<[number, string?, string?]>;
  responseKeep(count: number, ...keysThenArgs: (string | number)[]): Promise<number>;
  responseInvalidate(count: number, ...keysThenTtl: (string | number)[]): Promise<number>;
}

export function createSharedResponseCache(shared: SharedState, { ttlMs, maxBytes }: ResponseCacheOptions): ResponseCache {
  const redis = shared.redis as Redis & ResponseCommands;
  redis.defineCommand('responseLookup', { numberOfKeys: 3, lua: lookupScript });
  redis.defineCommand('responseKeep', { lua: keepScript });
  redis.defineCommand('responseInvalidate', { lua: invalidateScript });
  const hash = (text: string) => createHash('sha256').update(text).digest('base64url').slice(0, 32);
  const answerKey = (key: string) => shared.key(`answers:${hash(key)}`);
  const tagKey = (tag: string) => shared.key(`answers:tag:${hash(tag)}`);
  const generationKey = shared.key('answers:generation');
  const everythingKey = shared.key('answers:everything');
  const windowKey = (window: number) => shared.key(`answers:bytes:${window}`);
  const everything = () => redis.responseInvalidate(2, generationKey, everythingKey, 0);
  // Writes made while Redis was away were told to nobody.
  shared.onRestored(everything);
  const nothingKept: Lookup = { since: -1 };

  return {
    lookup(key) {
      return shared.attempt(
        async () => {
          const [since, text, extended] = await redis.responseLookup(answerKey(key), generationKey, everythingKey);
          return { since, kept: text === undefined ? undefined : fromText(text, extended === '1') };
        },
        () => nothingKept,
      );
    },
    keep(key, result, tags, since) {
      if (since < 0) return;
      const text = (result.stringify ?? JSON.stringify)(result);
      const window = Math.floor(Date.now() / ttlMs);
      const keys = [answerKey(key), everythingKey, windowKey(window), windowKey(window - 1), ...tags.map(tagKey)];
      const args = [since, text, result.extensions === undefined ? '0' : '1', ttlMs, maxBytes, Buffer.byteLength(text)];
      void shared.attempt(
        () => redis.responseKeep(keys.length, ...keys, ...args),
        () => 0,
      );
    },
    async invalidate(tags) {
      if (tags && !tags.length) return;
      const step = tags ? () => redis.responseInvalidate(2 + tags.length, generationKey, everythingKey, ...tags.map(tagKey), 2 * ttlMs) : everything;
      await shared.attempt(step, () => 0);
    },
  };
}
