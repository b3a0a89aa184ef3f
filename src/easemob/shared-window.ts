/**
 * The replicas' one upstream budget: the rules of src/easemob/call-window.ts kept in
 * Redis, so that together they never send more than the limit in any second, and a
 * replica with a backlog uses what idle ones leave. Each grant is one Lua script (one
 * round trip, for every turn a replica's queue can use at once), timed by Redis's clock,
 * never the replicas'. A call's answer moves its entry later with one more command that
 * nobody waits for. When Redis cannot answer, the local window decides, at the replica's
 * share of the limit (EASEMOB_RATE_LIMIT / GATEWAY_REPLICAS). The switches are where the
 * replicas could together go over the limit, so both are careful:
 *  - losing Redis, a replica first waits two windows: the fleet's last shared second may
 *    have been full, and it cannot see when the others' calls were answered;
 *  - getting Redis back, a replica hands its recent local calls to Redis and for a while
 *    keeps to its local share too, until every replica has had time to reconnect (they
 *    retry at least every `reconnectMaxMs`) and count in Redis again.
 */
import type { Redis } from 'ioredis';
import { reconnectMaxMs, type SharedState } from '../shared-state.js';
import {
  afterAnswerMs,
  type CallWindow,
  type Grant,
  type LocalWindow,
  maxSlowdown,
  raiseEveryMs,
  recoverMs,
  rulesAt,
  type Slot,
  type WindowRules,
} from './call-window.js';

/**
 * KEYS: the window (a sorted set of call ids scored by expiry), the slowdown (a hash).
 * ARGV: grant | reject, then for grant: the read cap and write cap and window length for
 * each slowdown step (as JSON), want, priority, an id for this grant, calls to carry over
 * (remaining ms, JSON). Returns [granted, wait ms, Redis now ms, slowdown step].
 */
const script = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local s = redis.call('HMGET', KEYS[2], 'step', 'at')
local step = math.max(0, (tonumber(s[1]) or 0) - math.floor((now - (tonumber(s[2]) or 0)) / ${recoverMs}))
if ARGV[1] == 'reject' then
  if now - (tonumber(s[2]) or 0) < ${raiseEveryMs} then return step end
  step = math.min(${maxSlowdown}, step + 1)
  redis.call('HSET', KEYS[2], 'step', step, 'at', now)
  redis.call('PEXPIRE', KEYS[2], ${(maxSlowdown + 1) * recoverMs})
  return step
end
local rules = cjson.decode(ARGV[2])[step + 1]
local want, id = tonumber(ARGV[3]), ARGV[5]
local cap = rules[1]
if ARGV[4] == 'write' then cap = rules[2] end
local window = rules[3]
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
for i, ms in ipairs(cjson.decode(ARGV[6])) do
  redis.call('ZADD', KEYS[1], now + ms, id .. ':c' .. i)
end
local count = redis.call('ZCARD', KEYS[1])
local n = math.max(0, math.min(want, cap - count))
for i = 1, n do
  redis.call('ZADD', KEYS[1], now + window, id .. ':' .. i)
end
redis.call('PEXPIRE', KEYS[1], 60000)
local wait = 0
if n == 0 then
  local e = redis.call('ZRANGE', KEYS[1], count - cap, count - cap, 'WITHSCORES')
  wait = math.max(1, tonumber(e[2]) - now)
end
return {n, wait, now, step}
`;

interface PaceCommands {
  pace(window: string, slowdown: string, ...args: (string | number)[]): Promise<unknown>;
}

export function createSharedWindow(shared: SharedState, rules: WindowRules, local: LocalWindow): CallWindow {
  const redis = shared.redis as Redis & PaceCommands;
  redis.defineCommand('pace', { numberOfKeys: 2, lua: script });
  const windowKey = shared.key('upstream:window');
  const slowdownKey = shared.key('upstream:slowdown');
  // Read cap, write cap and window length per slowdown step, computed where the rules live.
  const table = JSON.stringify(
    Array.from({ length: maxSlowdown + 1 }, (_, step) => {
      const read = rulesAt(rules, step, 'read');
      return [read.cap, rulesAt(rules, step, 'write').cap, read.windowMs];
    }),
  );
  let grants = 0;
  let step = 0;
  let sharing = false;
  /** Until then, this replica also keeps to its local share: others may not count in Redis yet. */
  let carefulUntil = 0;
  /**
   * Set while the local window grants: when Redis is back, the calls in the local window go
   * to Redis too (those it already had count twice for at most a second: on the safe side).
   */
  let unshared = false;

  /**
   * Redis's clock less this replica's. A reply read late makes it look smaller, never
   * larger, so the largest seen lately is the best estimate (a late estimate would let an
   * answered call leave the window early).
   */
  const offset = { ms: -Infinity, at: 0 };
  const noteOffset = (ms: number) => {
    const t = Date.now();
    if (ms > offset.ms || t - offset.at > 60_000) Object.assign(offset, { ms, at: t });
  };

  async function sharedGrant(priority: 'read' | 'write', asked: number): Promise<Grant> {
    const careful = Date.now() < carefulUntil;
    const want = careful ? Math.min(asked, local.available(priority)) : asked;
    if (want === 0) return { slots: [], waitMs: 50 };
    const id = `${shared.replica}:${grants++}`;
    const carry = unshared ? local.remaining() : [];
    const answer = (await redis.pace(windowKey, slowdownKey, 'grant', table, want, priority, id, JSON.stringify(carry))) as number[];
    const [granted, waitMs, redisNow] = answer as [number, number, number];
    step = answer[3]!;
    unshared = false;
    if (!sharing) carefulUntil = Date.now() + reconnectMaxMs + rules.windowMs;
    sharing = true;
    noteOffset(redisNow - Date.now());
    const mirrored = local.record(granted); // so that a fallback knows this replica's recent calls
    const slots: Slot[] = mirrored.map((mirror, i) => ({
      done() {
        mirror.done();
        // Later only (GT), and only if still there (XX); nobody waits for it.
        redis.zadd(windowKey, 'XX', 'GT', Date.now() + offset.ms + afterAnswerMs, `${id}:${i + 1}`).catch(() => {});
      },
    }));
    return { slots, waitMs };
  }

  return {
    sync: false,
    grant(priority, want) {
      return shared.attempt(
        () => sharedGrant(priority, want),
        () => {
          if (sharing) local.holdUntil(Date.now() + 2 * rules.windowMs);
          sharing = false;
          unshared = true;
          return local.grant(priority, want);
        },
      );
    },
    rejected() {
      local.rejected();
      void shared.attempt(
        async () => (step = Number(await redis.pace(windowKey, slowdownKey, 'reject'))),
        () => undefined,
      );
    },
    slowdown: () => (shared.up ? step : local.slowdown()),
  };
}
