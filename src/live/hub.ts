/**
 * Where room events meet their subscribers. Events come from the gateway's own writes
 * (`published`, once Easemob confirmed them), from Easemob's callbacks (`received`, by the
 * intake: src/callback-intake.ts) and from the other replicas (src/live/fan-out.ts);
 * each is delivered to the subscribers of its room and to those of the users it names, once
 * per subscriber, through each one's sink: a bounded queue its GraphQL stream reads
 * (`subscribe`), or a stream it shares with others (`listen`: src/live/shared-streams.ts). The
 * hub knows nothing of GraphQL: a subscriber brings its own rule (`accept`) and the errors it ends with.
 */
import type { Logger } from '../logging.js';
import type { SharedState } from '../shared-state.js';
import { createBoundedMemory } from './bounded-memory.js';
import { createEchoes, type Echoes } from './echoes.js';
import { createExpiries } from './expiries.js';
import { createFanOut, type FanOut } from './fan-out.js';
import { type RoomEvent, usersNamed } from './room-event.js';
import { createSeenCalls, type SeenCalls } from './seen-calls.js';
import { createSubscriberQueue, type SubscriberQueue } from './subscriber-queue.js';

/** One event as delivered in this process, and what its subscribers may share while it is resolved. */
export interface Delivery {
  event: RoomEvent;
  /** Filled by whoever resolves the event (src/context.ts): one upstream read per event, room and credential. */
  shared: Map<unknown, unknown>;
}

export interface SubscriberSpec {
  /** Whose subscription it is, for the per-caller cap. */
  caller: string;
  /** The room whose events it wants, or the user whose own events (in any room) it wants. */
  room?: string;
  user?: string;
  /**
   * What of an event this subscriber is told: the event, a part of it, or nothing (undefined). A
   * part that others are told too is made through `shared`, once per event and `key` (a key names
   * its view whoever asks: every subscriber of the event shares them), so that they are told the
   * same object, and share its execution.
   */
  accept(event: RoomEvent, shared: SharedView): RoomEvent | undefined;
  /** When its sign-in ends (epoch ms): it is ended then with `expired()`. */
  endsAt?: number;
}

export interface LiveLimits {
  /** Subscriptions one caller may hold open, across its connections. */
  perCaller: number;
  /**
   * Subscriptions this process holds at most, each counted by the heap it holds: one in a shared
   * stream (src/live/shared-streams.ts) as 1, one with a stream of its own as `ownStreamWeight`.
   */
  total: number;
  /** Events waiting for one subscriber at most. */
  queue: number;
}

export interface LiveHubOptions {
  limits: LiveLimits;
  shared?: SharedState;
  logger: Logger;
  /** Callbacks are on: own writes leave marks for their echoes, callIds are remembered this long. */
  callbacks?: { rememberMs: number };
  /** Told of every event before it is delivered: the cache forgets what it changed. */
  onEvent?(event: RoomEvent): Promise<void> | void;
  /** How a subscriber ends: too slow, or signed out. */
  errors: { overflow(): Error; expired(): Error };
}

/** Makes a view of the event being told once, whoever asks for it by the same key. */
export type SharedView = (key: string, make: () => RoomEvent) => RoomEvent;

/** Where a subscriber's deliveries go. */
export interface Sink {
  tell(delivery: Delivery): void;
  /** The hub ends it: with `reason` at once, or (none) after what it was told. */
  end(reason?: Error): void;
}

export type Refused = { refused: 'caller' | 'total' | 'closing' };
export type Subscribed = SubscriberQueue<Delivery> | Refused;
/** A sink's place in the hub: `leave()` gives it up (idempotent); the hub tells it nothing more. */
export type Listening = { leave(): void } | Refused;

interface Subscriber {
  spec: SubscriberSpec;
  sink: Sink;
  weight: number;
}

/** The same kind of change to the same room: what a write expected, and what Easemob confirmed of it. */
const sameChange = (a: RoomEvent, b: RoomEvent) => a.kind === b.kind && a.chatroomId === b.chatroomId;

/** What of an expected event was not confirmed: users the write did not manage, or all of it. */
function unconfirmed(expected: RoomEvent, confirmed: RoomEvent[]): RoomEvent[] {
  const same = confirmed.find((event) => sameChange(event, expected));
  if (!same) return [expected];
  if (expected.kind === 'attributesChanged' && same.kind === 'attributesChanged') {
    const changed = expected.changed.filter((a) => !same.changed.some((b) => b.key === a.key && b.value === a.value));
    const removed = expected.removed.filter((key) => !same.removed.includes(key));
    return changed.length || removed.length ? [{ ...expected, changed, removed }] : [];
  }
  if (!('users' in expected) || !('users' in same)) return [];
  const users = expected.users.filter((user) => !same.users.includes(user));
  return users.length ? [{ ...expected, users }] : [];
}

/**
 * A subscription with a GraphQL stream of its own (graphql-ws, or a selection that answers by who
 * asks) holds about 35 KB of heap, one in a shared stream about 10 (BENCHMARKS.md, "Live updates").
 */
export const ownStreamWeight = 3;


export function createLiveHub(options: LiveHubOptions) {
  const { limits, errors, logger } = options;
  const byRoom = new Map<string, Set<Subscriber>>();
  const byUser = new Map<string, Set<Subscriber>>();
  const perCaller = new Map<string, number>();
  const everyone = new Set<Subscriber>();
  // What everyone weighs, against `limits.total`.
  let weighed = 0;
  const seen: SeenCalls | undefined = options.callbacks && createSeenCalls(options.callbacks.rememberMs, options.shared);
  const echoes: Echoes | undefined = options.callbacks && createEchoes(2 * 60_000, options.shared);
  // Ids of the events told here lately: one taken by this replica alone while Redis was down may come back from another.
  const recentlyTold = createBoundedMemory(options.callbacks?.rememberMs ?? 60_000, 100_000);
  let delivered = 0;
  let closed = false;
  const fromAnotherReplica = (event: RoomEvent) => {
    // Told here already, by this replica alone while Redis was down: the same callback again.
    if (recentlyTold.get(event.id)) return;
    take(event, 'another replica').catch((error) => logger.error({ err: error }, 'a room event from another replica could not be told'));
  };
  // Subscribers whose sign-in ends, by the second it ends in: one timer for all, rather than one each.
  const expiring = createExpiries<Subscriber>((subscriber) => end(subscriber, errors.expired()));
  const fanOut: FanOut | undefined = options.shared && createFanOut(options.shared, fromAnotherReplica, logger);

  /**
   * Takes an event that may be the echo of the gateway's own write (a callback, or another
   * replica's: then by this replica's own marks only, those it made while Redis was down, since the
   * other replica had the shared ones) and tells what is not; the cache forgets it either way.
   * What this replica takes first it passes on to the others.
   */
  async function take(event: RoomEvent, from: 'a callback' | 'another replica' | 'a write'): Promise<'delivered' | 'echo'> {
    const rest = echoes && from !== 'a write' ? await echoes.unexpected(event, from === 'another replica') : event;
    if (!rest) {
      await options.onEvent?.(event);
      return 'echo';
    }
    if (from !== 'another replica') fanOut?.publish(rest);
    await deliver(rest);
    return 'delivered';
  }

  const index = (map: Map<string, Set<Subscriber>>, key: string | undefined, subscriber: Subscriber, add: boolean) => {
    if (key === undefined) return;
    const set = map.get(key) ?? new Set();
    if (add) map.set(key, set.add(subscriber));
    else if (set.delete(subscriber) && !set.size) map.delete(key);
  };

  /**
   * Takes an event: the cache forgets what it changed now, before whoever told it is answered;
   * its subscribers are told just after (`tellSoon`).
   */
  async function deliver(event: RoomEvent) {
    recentlyTold.set(event.id, 1);
    await options.onEvent?.(event);
    tellSoon(event);
  }

  /**
   * Subscribers are told on the next turn of the event loop, in the order events came: each
   * subscriber's stream then runs its selection, and that work must not come before the answer
   * to whoever told the event (Easemob waits for its 200; a mutation for its payload).
   */
  const waiting: RoomEvent[] = [];
  const tellSoon = (event: RoomEvent) => {
    if (waiting.push(event) !== 1) return;
    setImmediate(() => {
      for (const each of waiting.splice(0)) {
        try {
          tell(each);
        } catch (error) {
          // One event that cannot be told (a subscriber's rule threw) takes none of the others with it.
          logger.error({ err: error, kind: each.kind }, 'a room event could not be told');
        }
      }
    });
  };

  function tell(event: RoomEvent) {
    const shared = new Map<unknown, unknown>();
    // One delivery per view of the event: those told the same view share it, and its execution.
    const deliveries = new Map<RoomEvent, Delivery>();
    const views = new Map<string, RoomEvent>();
    const view: SharedView = (key, make) => {
      let made = views.get(key);
      if (!made) views.set(key, (made = make()));
      return made;
    };
    const to = new Set(byRoom.get(event.chatroomId));
    for (const user of usersNamed(event)) for (const subscriber of byUser.get(user) ?? []) to.add(subscriber);
    for (const subscriber of to) {
      const told = subscriber.spec.accept(event, view);
      if (!told) continue;
      let delivery = deliveries.get(told);
      if (!delivery) deliveries.set(told, (delivery = { event: told, shared }));
      subscriber.sink.tell(delivery);
      delivered++;
      // A deleted room has nothing more to say: its stream ends once the subscriber has this.
      if (event.kind === 'deleted' && subscriber.spec.room === event.chatroomId) end(subscriber);
    }
  }

  /** Takes a subscriber out of the hub: nothing more is told to it. */
  function leave(subscriber: Subscriber) {
    if (!everyone.delete(subscriber)) return;
    const { spec } = subscriber;
    weighed -= subscriber.weight;
    if (spec.endsAt !== undefined) expiring.forget(subscriber, spec.endsAt);
    index(byRoom, spec.room, subscriber, false);
    index(byUser, spec.user, subscriber, false);
    const left = perCaller.get(spec.caller)! - 1;
    if (left) perCaller.set(spec.caller, left);
    else perCaller.delete(spec.caller);
  }

  /** Ends a subscriber: with `reason` at once, or after what it was told. */
  function end(subscriber: Subscriber, reason?: Error) {
    leave(subscriber);
    subscriber.sink.end(reason);
  }

  /**
   * Gives a sink its place, under the caps, until it leaves or is ended (its sign-in ends, its room
   * is deleted, the hub closes). `weight`: what it counts for against `limits.total`.
   */
  function listen(spec: SubscriberSpec, sink: Sink, weight = 1): Listening {
    // Shutting down: one that began before and is only now ready to listen must not hold the process up.
    if (closed) return { refused: 'closing' };
    const held = perCaller.get(spec.caller) ?? 0;
    if (held >= limits.perCaller) return { refused: 'caller' };
    if (weighed + weight > limits.total) return { refused: 'total' };
    const subscriber: Subscriber = { spec, sink, weight };
    everyone.add(subscriber);
    weighed += weight;
    perCaller.set(spec.caller, held + 1);
    index(byRoom, spec.room, subscriber, true);
    index(byUser, spec.user, subscriber, true);
    if (spec.endsAt !== undefined) expiring.add(subscriber, spec.endsAt);
    return { leave: () => leave(subscriber) };
  }

  return {
    limits,
    errors,
    /** A subscriber with a stream of its own: its deliveries wait in a bounded queue until its stream reads them. */
    subscribe(spec: SubscriberSpec): Subscribed {
      let listening: Listening | undefined;
      const queue = createSubscriberQueue<Delivery>(limits.queue, errors.overflow, () => {
        if (listening && 'leave' in listening) listening.leave();
      });
      listening = listen(spec, { tell: (delivery) => queue.push(delivery), end: (reason) => queue.end(reason) }, ownStreamWeight);
      return 'refused' in listening ? listening : queue;
    },
    listen,
    /**
     * Holds `weight` against `limits.total` for what is no subscriber (a shared stream's own
     * GraphQL stream): the way to give it back, or why it cannot be held.
     */
    hold(weight: number): (() => void) | Refused {
      if (closed) return { refused: 'closing' };
      if (weighed + weight > limits.total) return { refused: 'total' };
      weighed += weight;
      let held = true;
      return () => {
        if (held) weighed -= weight;
        held = false;
      };
    },

    /**
     * A change the gateway is about to make: its callback's echo is expected from now on (it may
     * come before Easemob's answer does). `confirm` then tells subscribers what Easemob
     * confirmed, and withdraws the marks of what it did not.
     */
    async expecting(expected: RoomEvent[]) {
      await Promise.all(expected.map((event) => echoes?.expect(event)));
      const withdraw = async (events: RoomEvent[]) => {
        await Promise.all(events.map((event) => echoes?.unexpected(event)));
      };
      return {
        async confirm(confirmed: RoomEvent[]) {
          await withdraw(expected.flatMap((event) => unconfirmed(event, confirmed)));
          // What could not be expected before the write (a new room's id): its echo is expected from now.
          const unforeseen = confirmed.filter((event) => !expected.some((e) => sameChange(e, event)));
          await Promise.all(unforeseen.map((event) => echoes?.expect(event)));
          for (const event of confirmed) await take(event, 'a write');
        },
        /** The change failed, or its outcome is unknown: nothing is told, and no echo expected. */
        failed: () => withdraw(expected),
      };
    },

    /** Whether a callback's callId is new (to every replica, while Redis is up). */
    firstSeen: (callId: string): Promise<boolean> => seen?.firstSeen(callId) ?? Promise.resolve(true),

    /** A callback's event: what is not the echo of the gateway's own writes is told. */
    received: (event: RoomEvent) => take(event, 'a callback'),

    stats: () => ({ subscriptions: everyone.size, rooms: byRoom.size, users: byUser.size, delivered, fanOut: fanOut?.listening }),

    /** Ends every stream (their clients are told the stream is complete) and stops listening to the replicas. */
    async close() {
      closed = true;
      for (const subscriber of [...everyone]) end(subscriber);
      expiring.stop();
      await fanOut?.close();
    },
  };
}

export type LiveHub = ReturnType<typeof createLiveHub>;
