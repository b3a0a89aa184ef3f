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
 * While Redis is down nothing is served or kept by a replica (it could not hear of the others'
 * writes), and a replica that reconnects retires everything before it reads the cache again.
 * Redis losing the state (restarted empty, flushed, evicted) retires answers, never revives one.
 * Keys hold hashes only: never a caller's scope, credential or username.
 */
import type { Redis } from 'ioredis';
import { keyHash, type SharedState } from './shared-state.js';
import { fromText, type Lookup, type ResponseCache, type ResponseCacheOptions } from './response-cache.js';

/**
 * The cache's state, one hash: `generation` (every change moves it on) and `everything` (the
 * generation of the last change to everything). Lost (Redis restarted empty, flushed, the key
 * evicted), it starts again at Redis's time in ms, past every generation an answer kept before
 * could hold: those all look older than the last change to everything.
 */
const stateOf = `
local function nowMs()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local function state(key)
  local s = redis.call('HMGET', key, 'generation', 'everything')
  local generation = tonumber(s[1])
  if generation then return generation, tonumber(s[2]) or 0 end
  generation = nowMs()
  redis.call('HSET', key, 'generation', generation, 'everything', generation)
  return generation, generation
end
-- Whether an answer kept at generation since is good: nothing changed everything since, and the state was not lost meanwhile.
local function current(since, generation, everything)
  return since <= generation and everything <= since
end
`;

/**
 * KEYS: the answer, the state. Returns {generation} or {generation, text, extended}. A tag's mark
 * that is gone (evicted) retires the answer; the marks are read from the answer itself
 * (undeclared keys: one Redis, not a cluster).
 */
const lookupScript = `${stateOf}
local generation, everything = state(KEYS[2])
local kept = redis.call('HMGET', KEYS[1], 'since', 'tags', 'text', 'extended')
if not kept[1] then return {generation} end
local since = tonumber(kept[1])
if not current(since, generation, everything) then return {generation} end
for tag in string.gmatch(kept[2], '%S+') do
  local mark = tonumber(redis.call('GET', tag))
  if not mark or mark > since then return {generation} end
end
return {generation, kept[3], kept[4]}
`;

/**
 * KEYS: the answer, the state, then its tags' marks. ARGV: since, text, extended, ttl (ms), max
 * bytes, how long a mark lives, the prefix of the byte windows' keys. Returns 1 when kept. Its
 * marks are made to outlive it (0 when no change marked them), so that a missing one means evicted.
 * Its bytes count what Redis holds of it: key, tags, text and a hash's overhead.
 */
const keepScript = `${stateOf}
local since = tonumber(ARGV[1])
local generation, everything = state(KEYS[2])
if not current(since, generation, everything) then return 0 end
local tags = {}
for i = 3, #KEYS do
  if tonumber(redis.call('GET', KEYS[i]) or '0') > since then return 0 end
  tags[#tags + 1] = KEYS[i]
end
tags = table.concat(tags, ' ')
local ttl = tonumber(ARGV[4])
local size = #KEYS[1] + #tags + #ARGV[2] + 100
local window = math.floor(nowMs() / ttl)
local this, last = ARGV[7] .. window, ARGV[7] .. (window - 1)
local held = tonumber(redis.call('GET', this) or '0') + tonumber(redis.call('GET', last) or '0')
if held + size > tonumber(ARGV[5]) then return 0 end
redis.call('INCRBY', this, size)
redis.call('PEXPIRE', this, 3 * ttl)
for i = 3, #KEYS do
  if not redis.call('SET', KEYS[i], '0', 'NX', 'PX', ARGV[6]) then redis.call('PEXPIRE', KEYS[i], ARGV[6], 'GT') end
end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'since', ARGV[1], 'tags', tags, 'text', ARGV[2], 'extended', ARGV[3])
redis.call('PEXPIRE', KEYS[1], ttl)
return 1
`;

/**
 * KEYS: the state, then the tags' marks (none: everything). ARGV: how long a mark lives: past
 * every answer that may be judged by it (one kept by an execution that began before the change,
 * up to a deadline before its keep, lives the TTL after it).
 */
const invalidateScript = `${stateOf}
local generation = state(KEYS[1]) + 1
redis.call('HSET', KEYS[1], 'generation', generation)
if #KEYS == 1 then
  redis.call('HSET', KEYS[1], 'everything', generation)
  return generation
end
for i = 2, #KEYS do redis.call('SET', KEYS[i], generation, 'PX', ARGV[1]) end
return generation
`;

interface ResponseCommands {
  responseLookup(answer: string, state: string): Promise<[number, string?, string?]>;
  responseKeep(count: number, ...keysThenArgs: (string | number)[]): Promise<number>;
  responseInvalidate(count: number, ...keysThenTtl: (string | number)[]): Promise<number>;
}

/** `deadlineMs`: the longest an execution may take (the operation's deadline), from its lookup to its keep. */
export function createSharedResponseCache(shared: SharedState, { ttlMs, maxBytes }: ResponseCacheOptions, deadlineMs: number): ResponseCache {
  const redis = shared.redis as Redis & ResponseCommands;
  redis.defineCommand('responseLookup', { numberOfKeys: 2, lua: lookupScript });
  redis.defineCommand('responseKeep', { lua: keepScript });
  redis.defineCommand('responseInvalidate', { lua: invalidateScript });
  const answerKey = (key: string) => shared.key(`answers:${keyHash(key)}`);
  const tagKey = (tag: string) => shared.key(`answers:tag:${keyHash(tag)}`);
  const stateKey = shared.key('answers:state');
  const windowsKey = shared.key('answers:bytes:');
  const markMs = 2 * ttlMs + deadlineMs;
  const everything = () => redis.responseInvalidate(1, stateKey, markMs);
  // Writes made while Redis was away were told to nobody.
  shared.onRestored(everything);
  const nothingKept: Lookup = { since: -1 };

  return {
    lookup(key) {
      return shared.attempt(
        async () => {
          const [since, text, extended] = await redis.responseLookup(answerKey(key), stateKey);
          return { since, kept: text === undefined ? undefined : fromText(text, extended === '1') };
        },
        () => nothingKept,
      );
    },
    keep(key, result, tags, since) {
      if (since < 0) return;
      const text = (result.stringify ?? JSON.stringify)(result);
      const keys = [answerKey(key), stateKey, ...tags.map(tagKey)];
      const args = [since, text, result.extensions === undefined ? '0' : '1', ttlMs, maxBytes, markMs, windowsKey];
      void shared.attempt(
        () => redis.responseKeep(keys.length, ...keys, ...args),
        () => 0,
      );
    },
    async invalidate(tags) {
      if (tags && !tags.length) return;
      const step = tags ? () => redis.responseInvalidate(1 + tags.length, stateKey, ...tags.map(tagKey), markMs) : everything;
      await shared.attempt(step, () => 0);
    },
  };
}
