/**
 * Subscribers who share one stream. A subscription over SSE whose answer does not depend on
 * who asks (src/plugins/shared-event-results.ts gives it a share key) needs no GraphQL stream of
 * its own: subscribers of the same document, variables and credential are told the same bytes.
 * The first of them (the founder) runs its stream through yoga, as any subscription, and that
 * stream becomes the group's: each event is executed once for the group, and the SSE message yoga
 * writes for it is written as it is to the connection of every member told that event. A member
 * holds its connection and a small record, nothing of its request: about what an idle connection
 * costs Node itself (BENCHMARKS.md, "Live updates").
 *
 * Each member keeps its own rule (the hub's `accept`: a plain member is not told mutes), its
 * place under the caps and its own end (signed out, too slow, gone); events pass through the
 * group's stream in order, each with the members it is for, so the group's stream is told an
 * event when any member is, and its answer goes to those members only.
 */
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Logger } from '../logging.js';
import { type Delivery, type LiveHub, ownStreamWeight, type Refused, type Sink, type SubscriberSpec } from './hub.js';
import { createSubscriberQueue, type Ending, type SubscriberQueue } from './subscriber-queue.js';

const complete = Buffer.from('event: complete\ndata:\n\n');
const keepAlive = Buffer.from(':\n\n');
const nextMessage = Buffer.from('event: next');
const endOfMessage = Buffer.from('\n\n');

/** A connection's member, for the one listener all connections share: a closure each would cost every member its bytes. */
const memberOf = Symbol('member');
type MemberConnection = ServerResponse & { [memberOf]?: StreamMember };
function connectionClosed(this: MemberConnection) {
  this[memberOf]?.finish();
}
function connectionDrained(this: MemberConnection) {
  this[memberOf]?.drained();
}

/** The SSE message of an error a stream ends with, as GraphQL over SSE tells one. */
const errorMessage = (reason: Error) => `event: next\ndata: ${JSON.stringify({ data: null, errors: [reason] })}\n\n`;

/** A subscriber's share of a group, as its request's handler sees it. */
export interface Member {
  /** Its connection from now on: the head yoga made for its request, then what waited, then each event. */
  attach(res: ServerResponse, status: number, headers: OutgoingHttpHeaders): void;
  /** Told when its stream ends: the events it was written, and the code of the error it ended with. */
  onEnd?: (events: number, code: unknown) => void;
}

/**
 * What a request's handler and its subscription resolver tell each other: the share key (set
 * before the resolver runs), and what the resolver joined.
 */
export interface StreamSlot {
  key?: string;
  /** What it joined: its share, whether its stream is the group's, and the group's id (its founder's request id). */
  joined?: { member: Member; founder: boolean; stream: string };
  /** Joins the group of `key`, or starts it: `requestId` is then the group's id, as its errors quote it. */
  join(spec: SubscriberSpec, requestId: string): Refused | { source: AsyncIterable<Delivery | Ending> };
}

class Group {
  readonly members = new Set<StreamMember>();
  /** Who each delivery the stream has yet to answer is for, in the order it was given them. */
  readonly recipients: StreamMember[][] = [];
  /** Deliveries gathered while the hub tells an event; given to the stream once it is done. */
  private gathered: Map<Delivery, StreamMember[]> | undefined;
  private ended = false;
  readonly source: SubscriberQueue<Delivery>;

  constructor(
    readonly streams: Streams,
    readonly key: string,
    /** Its founder's request id: the errors its stream masks quote it, and every member's log line names it. */
    readonly id: string,
    /** Gives back what its GraphQL stream holds against the instance's cap. */
    private readonly release: () => void,
  ) {
    // Never full by itself: a group behind by the queue limit ends its members, as a subscriber would be.
    this.source = createSubscriberQueue<Delivery>(streams.limit + 1, streams.hub.errors.overflow, () => this.end());
  }

  add(delivery: Delivery, member: StreamMember) {
    if (!this.gathered) {
      this.gathered = new Map();
      queueMicrotask(() => this.flush());
    }
    const list = this.gathered.get(delivery);
    if (list) list.push(member);
    else this.gathered.set(delivery, [member]);
  }

  private flush() {
    const gathered = this.gathered!;
    this.gathered = undefined;
    if (this.ended) return;
    for (const [delivery, members] of gathered) {
      if (this.recipients.length >= this.streams.limit) return this.end(this.streams.hub.errors.overflow());
      this.recipients.push(members);
      this.source.push(delivery);
    }
  }

  /** The stream's answer to the oldest delivery it had: written to the members it was for. */
  answered(message: Buffer) {
    for (const member of this.recipients.shift() ?? []) member.write(message, true);
  }

  leave(member: StreamMember) {
    this.members.delete(member);
    // The last one gone: the stream ends, and the next subscriber starts another.
    if (!this.members.size) this.end();
  }

  /** Ends the group: its members with `reason`, or (none) as they are; its stream at once. */
  end(reason?: Error) {
    if (this.ended) return;
    this.ended = true;
    this.release();
    if (this.streams.groups.get(this.key) === this) this.streams.groups.delete(this.key);
    for (const member of [...this.members]) member.finish(reason);
    this.recipients.length = 0;
    void this.source.return!();
  }
}

class StreamMember implements Sink, Member {
  private res: ServerResponse | undefined;
  /** What it was told before it had a connection. */
  private waiting: Buffer[] | undefined = [];
  /** Deliveries given to the group for it, not yet answered. */
  private owed = 0;
  /** Messages written while its connection had not drained: past the queue limit it is too slow. */
  private behind = 0;
  private closing = false;
  private finished = false;
  private events = 0;
  place: { leave(): void } | undefined;
  onEnd: Member['onEnd'];

  constructor(readonly group: Group) {}

  tell(delivery: Delivery) {
    if (this.closing) return;
    this.owed++;
    this.group.add(delivery, this);
  }

  /** The hub ends it: with `reason` at once, or once what it was told is written. */
  end(reason?: Error) {
    if (reason || !this.owed) this.finish(reason);
    else this.closing = true;
  }

  write(message: Buffer, answer = false) {
    if (this.finished) return;
    if (answer) {
      this.owed--;
      this.events++;
    }
    const { res } = this;
    if (!res) {
      this.waiting!.push(message);
      if (this.waiting!.length > this.group.streams.limit) this.finish(this.group.streams.hub.errors.overflow());
    } else {
      if (res.writableNeedDrain) {
        if (++this.behind > this.group.streams.limit) return this.finish(this.group.streams.hub.errors.overflow());
        if (this.behind === 1) res.once('drain', connectionDrained);
      }
      res.write(message);
    }
    if (this.closing && !this.owed) this.finish();
  }

  drained() {
    this.behind = 0;
  }

  attach(res: MemberConnection, status: number, headers: OutgoingHttpHeaders) {
    // The client left while the subscription started: nobody is there to tell.
    if (res.destroyed) return this.finish();
    this.res = res;
    res[memberOf] = this;
    res.on('close', connectionClosed);
    // Queued behind another response on its connection (HTTP pipelining): it has no socket yet, and
    // hears nothing if the connection dies first.
    if (!res.socket) res.req.socket.once('close', () => this.finish());
    res.writeHead(status, headers);
    // Node keeps the head it wrote as a rope of some 30 pieces (about 1 KB, more than all of this record):
    // searching a string has V8 flatten it in place, into one of its length.
    (res as { _header?: unknown })._header?.toString().indexOf('\r\n\r\n');
    // As yoga's own streams do: some browsers hold the response back until its first bytes.
    res.write(keepAlive);
    const waiting = this.waiting!;
    this.waiting = undefined;
    for (const message of waiting) res.write(message);
    if (this.finished) res.end();
    else this.group.streams.attached.add(this);
  }

  /** Its stream ends: with `reason` (what waited is dropped), or complete. */
  finish(reason?: Error) {
    if (this.finished) return;
    this.finished = true;
    this.place?.leave();
    this.group.streams.attached.delete(this);
    this.group.leave(this);
    this.onEnd?.(this.events, (reason as { extensions?: { code?: unknown } } | undefined)?.extensions?.code);
    const last = reason ? [Buffer.from(errorMessage(reason)), complete] : [complete];
    if (!this.res) {
      // Written when it has a connection, if it ever does.
      this.waiting = reason ? last : [...this.waiting!, ...last];
      return;
    }
    const { res } = this;
    // Its group's stream may outlive it, and the founder's slot with it: nothing of its connection stays.
    this.res = undefined;
    if (res.destroyed || res.writableEnded) return;
    for (const message of last) res.write(message);
    res.end();
  }

  keepAlive() {
    this.res?.write(keepAlive);
  }
}

interface Streams {
  hub: LiveHub;
  limit: number;
  groups: Map<string, Group>;
  attached: Set<StreamMember>;
}

export interface SharedStreamsOptions {
  hub: LiveHub;
  /** How often an idle connection is written a comment, so that proxies keep it open. */
  keepAliveMs: number;
  logger: Logger;
}

export function createSharedStreams({ hub, keepAliveMs, logger }: SharedStreamsOptions) {
  const streams: Streams = { hub, limit: hub.limits.queue, groups: new Map(), attached: new Set() };
  const timer = setInterval(() => {
    for (const member of streams.attached) member.keepAlive();
  }, keepAliveMs);
  timer.unref();

  return {
    /** A slot for one request: its resolver joins the group of the slot's key through it. */
    slot(): StreamSlot {
      const slot: StreamSlot = {
        join(spec, requestId) {
          const key = slot.key!;
          let group = streams.groups.get(key);
          const founder = !group;
          if (!group) {
            // Its stream is a GraphQL stream like any of its own: it counts as one, less the member it starts with.
            const release = hub.hold(ownStreamWeight - 1);
            if ('refused' in release) return release;
            streams.groups.set(key, (group = new Group(streams, key, requestId, release)));
          }
          const member = new StreamMember(group);
          const place = hub.listen(spec, member);
          if ('refused' in place) {
            if (founder) group.end();
            return place;
          }
          member.place = place;
          group.members.add(member);
          slot.joined = { member, founder, stream: group.id };
          // The others' streams end at once: they are told through the founder's.
          return { source: founder ? group.source : (async function* () {})() };
        },
      };
      return slot;
    },

    /**
     * Reads the founder's stream: each `next` message is the answer to the oldest delivery, and
     * goes to the members it was for; keep-alives are the group's own, and dropped.
     */
    async pump(slot: StreamSlot, body: ReadableStream<Uint8Array>) {
      const group = (slot.joined!.member as StreamMember).group;
      const reader = body.getReader();
      let carry: Buffer = Buffer.alloc(0);
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          const chunk = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
          carry = carry.length ? Buffer.concat([carry, chunk]) : chunk;
          let cut: number;
          while ((cut = carry.indexOf(endOfMessage)) >= 0) {
            const message = carry.subarray(0, cut + 2);
            carry = carry.subarray(cut + 2);
            if (message.subarray(0, nextMessage.length).equals(nextMessage)) group.answered(message);
          }
        }
      } catch (error) {
        logger.error({ err: error }, "a shared stream's events could not be read");
      } finally {
        group.end();
      }
    },

    /** A request that joined went no further (yoga answered it otherwise): it leaves, and a founder's group ends, having no stream. */
    abandon(slot: StreamSlot) {
      const { member, founder } = slot.joined!;
      if (founder) (member as StreamMember).group.end();
      else (member as StreamMember).finish();
    },

    stats: () => ({ groups: streams.groups.size, connections: streams.attached.size }),

    close() {
      clearInterval(timer);
    },
  };
}

export type SharedStreams = ReturnType<typeof createSharedStreams>;
