/**
 * The replicas' one upstream budget: the rules of src/easemob/call-window.ts kept in
 * Redis, so that together they never send more than the limit in any second, and a
 * replica with a backlog uses what idle ones leave. Each grant is one Lua script (one
 * round trip, for every turn a replica's queue can use at once), timed by Redis's clock,
 * never the replicas'. An unanswered call holds its place up to its request's deadline
 * (`holdMs`); its answer moves its entry to a second after the answer, by Redis's clock,
 * with one more script that nobody waits for. When Redis cannot answer, the local window
 * decides, at the replica's share of the limit (EASEMOB_RATE_LIMIT / GATEWAY_REPLICAS).
 * The switches are where the replicas could together go over the limit, so both are careful:
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
  defaultHoldMs,
  type Grant,
  type LocalWindow,
  maxSlowdown,
  raiseEveryMs,
  recoverMs,
  rulesAt,
  type Slot,
  type WindowRules,
} from './call-window.js';

/** How soon a replica waiting behind an unanswered call asks again. */
const unansweredRecheckMs = 250;

/** The time in a script: Redis's clock, unless a test passed its own (epoch ms) as argument `i`. */
const scriptClock = `
local function clock(i)
  local at = tonumber(ARGV[i])
  if at then return at end
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
`;

/**
 * KEYS: the window (a sorted set of call ids scored by expiry), the slowdown (a hash).
 * ARGV: grant | reject, then for grant: the read cap and write cap and window length for
 * each slowdown step (as JSON), want, priority, an id for this grant, calls to carry over
 * (remaining ms, JSON), how long an unanswered call holds its place; last, for either, a
 * test's time (in production none: Redis's own). Returns [granted, wait ms, Redis now ms,
 * slowdown step]. A wait behind an unanswered call is a guess (its answer may come any
 * time, at any replica): ask again soon.
 */
const script = `${scriptClock}
local now = clock(ARGV[1] == 'reject' and 2 or 8)
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
local hold = tonumber(ARGV[7])
for i = 1, n do
  redis.call('ZADD', KEYS[1], now + hold, id .. ':' .. i)
end
redis.call('PEXPIRE', KEYS[1], hold + 60000)
local wait = 0
if n == 0 then
  local e = redis.call('ZRANGE', KEYS[1], count - cap, count - cap, 'WITHSCORES')
  wait = math.max(1, tonumber(e[2]) - now)
  if wait > window then wait = ${unansweredRecheckMs} end
end
return {n, wait, now, step}
`;

/**
 * KEYS: the window. ARGV: a call's id, the earliest it may leave (its grant's window, Redis
 * ms), a test's time. Its answer came: it now leaves a second after that, by Redis's clock,
 * which is never earlier than the answer. Only if it is still there (XX).
 */
const answeredScript = `${scriptClock}
local now = clock(3)
return redis.call('ZADD', KEYS[1], 'XX', math.max(tonumber(ARGV[2]), now + ${afterAnswerMs}), ARGV[1])
`;

interface PaceCommands {
  pace(window: string, slowdown: string, ...args: (string | number)[]): Promise<unknown>;
  paceAnswered(window: string, id: string, earliest: number, ...at: number[]): Promise<unknown>;
}

/**
 * `now`, for tests only: one clock for the scripts and this replica alike, moved by hand.
 * By default the window runs on Redis's clock and this replica's waits on its own.
 */
export function createSharedWindow(shared: SharedState, rules: WindowRules, local: LocalWindow, now?: () => number): CallWindow {
  const redis = shared.redis as Redis & PaceCommands;
  redis.defineCommand('pace', { numberOfKeys: 2, lua: script });
  redis.defineCommand('paceAnswered', { numberOfKeys: 1, lua: answeredScript });
  const holdMs = rules.holdMs ?? defaultHoldMs;
  const localNow = now ?? (() => Date.now());
  /** The time the scripts take as their last argument: none, so that they read Redis's. */
  const at = (): number[] => (now ? [now()] : []);
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
   * to Redis too (those it already had count twice until a second after their answers: on
   * the safe side; Redis may have come back empty).
   */
  let unshared = false;
  /**
   * Turns of grants whose answer never came (Redis slow, not gone: it may have run the script
   * after the replica gave up). No call was sent for them: they are taken back at the next
   * grant, or they would hold their places until the hold ran out.
   */
  const abandoned: string[] = [];

  async function sharedGrant(priority: 'read' | 'write', asked: number): Promise<Grant> {
    const careful = localNow() < carefulUntil;
    const want = careful ? Math.min(asked, local.available(priority)) : asked;
    if (want === 0) return { slots: [], waitMs: 50 };
    const id = `${shared.replica}:${grants++}`;
    const carry = unshared ? local.remaining() : [];
    if (abandoned.length) redis.zrem(windowKey, ...abandoned.splice(0)).catch(() => {});
    let answer: number[];
    try {
      const carried = JSON.stringify(carry.map((c) => c.ms));
      answer = (await redis.pace(windowKey, slowdownKey, 'grant', table, want, priority, id, carried, holdMs, ...at())) as number[];
    } catch (error) {
      abandoned.push(...Array.from({ length: want }, (_, i) => `${id}:${i + 1}`));
      throw error;
    }
    const [granted, waitMs, redisNow] = answer as [number, number, number];
    const earliest = redisNow + rulesAt(rules, answer[3]!, priority).windowMs;
    step = answer[3]!;
    // A carried call still unanswered holds its place in Redis too, until its answer moves it.
    carry.forEach((c, i) =>
      c.whenAnswered?.(() => void redis.paceAnswered(windowKey, `${id}:c${i + 1}`, redisNow + c.windowMs, ...at()).catch(() => {})),
    );
    unshared = false;
    if (!sharing) carefulUntil = localNow() + reconnectMaxMs + rules.windowMs;
    sharing = true;
    const mirrored = local.record(granted); // so that a fallback knows this replica's recent calls
    const slots: Slot[] = mirrored.map((mirror, i) => ({
      done() {
        mirror.done();
        // Nobody waits for it; if it is lost, the call holds its place until its deadline.
        redis.paceAnswered(windowKey, `${id}:${i + 1}`, earliest, ...at()).catch(() => {});
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
          if (sharing) local.holdUntil(localNow() + 2 * rules.windowMs);
          sharing = false;
          unshared = true;
          return local.grant(priority, want);
        },
      );
    },
    rejected() {
      local.rejected();
      void shared.attempt(
        async () => (step = Number(await redis.pace(windowKey, slowdownKey, 'reject', ...at()))),
        () => undefined,
      );
    },
    slowdown: () => (shared.up ? step : local.slowdown()),
  };
}
