/**
 * The gateway tells its subscribers of its own writes as soon as Easemob confirms them, and
 * Easemob then sends a callback for the same change: its echo. Each change must reach a
 * subscriber once, so a write leaves a mark per fact it reported (this user joined that
 * room; that room's announcement is now this), and a callback whose facts are all marked is
 * the echo and is not delivered again; facts it reports beyond the marks (users the write did
 * not name) are. A mark is used up by the one callback that matches it, and forgotten after
 * `ttlMs` (Easemob delivers 99.95 % of callbacks within 30 s). With Redis the marks are shared,
 * since the echo may reach another replica than the write.
 *
 * The cost of the rule: when someone else makes exactly the same change within that time (adds
 * the same user to the same room again), its callback is taken for the echo. The subscriber then
 * hears of the change once, which is what happened to the room as far as it can tell.
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { SharedState } from '../shared-state.js';
import { createBoundedMemory } from './bounded-memory.js';
import type { RoomEvent } from './room-event.js';

export interface Echoes {
  /** Marks the facts of an event the gateway published from its own write. */
  expect(event: RoomEvent): Promise<void>;
  /**
   * The part of a callback's event that is not an echo of the gateway's own writes: undefined
   * when all of it is. `locally`: by this replica's own marks only (those it made while Redis was
   * down), for an event another replica took and passed on.
   */
  unexpected(event: RoomEvent, locally?: boolean): Promise<RoomEvent | undefined>;
}

/** One mark per fact: per user for events about users, else the event's one value. */
function factsOf(event: RoomEvent): string[] {
  const about = `${event.chatroomId}|${event.kind}|`;
  switch (event.kind) {
    case 'ownerChanged':
      return [about + event.owner];
    case 'announcementChanged':
      return [about + createHash('sha256').update(event.announcement).digest('base64url')];
    case 'allMembersMuteChanged':
      return [about + event.muted];
    case 'updated':
    case 'deleted':
      return [about];
    case 'attributesChanged':
      // One fact per key: set to this value, or removed.
      return [
        ...event.changed.map(({ key, value }) => `${about}set|${key}|${createHash('sha256').update(value).digest('base64url')}`),
        ...event.removed.map((key) => `${about}removed|${key}`),
      ];
    default:
      // A list change is marked with its direction: adding and then removing the same user are two facts.
      return event.users.map((user) => `${about}${'change' in event ? event.change : ''}|${user}`);
  }
}

/** The event without the facts already told; undefined when none is left. */
function without(event: RoomEvent, told: boolean[]): RoomEvent | undefined {
  if (event.kind === 'attributesChanged') {
    const changed = event.changed.filter((_, i) => !told[i]);
    const removed = event.removed.filter((_, i) => !told[event.changed.length + i]);
    return changed.length || removed.length ? { ...event, changed, removed } : undefined;
  }
  if (!('users' in event)) return told[0] ? undefined : event;
  const users = event.users.filter((_, i) => !told[i]);
  return users.length ? { ...event, users } : undefined;
}

const expectScript = `
for _, key in ipairs(KEYS) do
  redis.call('INCR', key)
  redis.call('PEXPIRE', key, ARGV[1])
end
return #KEYS`;

const consumeScript = `
local told = {}
for i, key in ipairs(KEYS) do
  local marks = tonumber(redis.call('GET', key) or '0')
  if marks > 0 then
    redis.call('DECR', key)
    told[i] = 1
  else
    told[i] = 0
  end
end
return told`;

interface EchoCommands {
  expectEchoes(count: number, ...keysAndTtl: (string | number)[]): Promise<number>;
  consumeEchoes(count: number, ...keys: string[]): Promise<number[]>;
}

export function createEchoes(ttlMs: number, shared?: SharedState, max = 100_000): Echoes {
  const local = createBoundedMemory(ttlMs, max);
  const digest = (fact: string) => createHash('sha256').update(fact).digest('base64url').slice(0, 32);
  const redis = shared?.redis as (Redis & EchoCommands) | undefined;
  redis?.defineCommand('expectEchoes', { lua: expectScript });
  redis?.defineCommand('consumeEchoes', { lua: consumeScript });
  const keyOf = (fact: string) => shared!.key(`echo:${digest(fact)}`);
  const markLocally = (facts: string[]) => {
    for (const fact of facts) local.set(digest(fact), local.get(digest(fact)) + 1);
  };

  return {
    async expect(event) {
      const facts = factsOf(event);
      if (!facts.length) return;
      if (!shared || !redis) return markLocally(facts);
      await shared.attempt(
        async (r) => void (await (r as Redis & EchoCommands).expectEchoes(facts.length, ...facts.map(keyOf), ttlMs)),
        () => markLocally(facts),
      );
    },
    async unexpected(event, locally = false) {
      const facts = factsOf(event);
      // Marks left while Redis was down are this replica's alone: used first.
      const told = facts.map((fact) => {
        const marks = local.get(digest(fact));
        if (marks) local.set(digest(fact), marks - 1);
        return marks > 0;
      });
      const rest = facts.flatMap((fact, i) => (told[i] ? [] : [i]));
      if (shared && redis && rest.length && !locally) {
        const inRedis = await shared.attempt(
          (r) => (r as Redis & EchoCommands).consumeEchoes(rest.length, ...rest.map((i) => keyOf(facts[i]!))),
          () => [] as number[],
        );
        rest.forEach((i, n) => (told[i] = inRedis[n] === 1));
      }
      return without(event, told);
    },
  };
}
