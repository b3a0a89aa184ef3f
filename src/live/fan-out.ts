/**
 * Room events between replicas: each replica publishes the events it learns (its own writes,
 * the callbacks it accepts) on one Redis channel of the app's, and hands on those of the others.
 * The channel is named under GATEWAY_REDIS_PREFIX like every key (Redis does not prefix
 * channels by itself, nor does ioredis's keyPrefix). A replica hears its own messages back and
 * drops them: it delivered them itself already. Nothing is queued while Redis is away (the
 * shared connection has no offline queue), so nothing arrives twice, or late, after it returns.
 */
import type { Redis } from 'ioredis';
import type { Logger } from '../logging.js';
import type { SharedState } from '../shared-state.js';
import { isRoomEvent, type RoomEvent } from './room-event.js';

export interface FanOut {
  publish(event: RoomEvent): void;
  /** True while this replica hears the others. */
  readonly listening: boolean;
  close(): Promise<void>;
}

/** Longest message read from the channel: an event with a full room's users is about 700 KB. */
const maxMessageBytes = 1 << 20;

export function createFanOut(shared: SharedState, receive: (event: RoomEvent) => void, logger: Logger): FanOut {
  const channel = shared.key('events');
  // A connection in subscriber mode can do nothing else: its own.
  const listener: Redis = shared.redis.duplicate();
  let listening = false;
  listener.on('error', () => {}); // the shared connection reports outages; this one follows it
  listener.on('close', () => (listening = false));
  listener.on('ready', () => {
    listener.subscribe(channel).then(
      () => (listening = true),
      () => (listening = false),
    );
  });
  listener.on('message', (_channel: string, text: string) => {
    if (text.length > maxMessageBytes) return;
    try {
      const { from, event } = JSON.parse(text) as { from: string; event: unknown };
      if (from !== shared.replica && isRoomEvent(event)) receive(event);
    } catch {
      logger.warn('a room event from Redis could not be read; dropped');
    }
  });

  return {
    publish(event) {
      const message = JSON.stringify({ from: shared.replica, event });
      void shared.attempt((redis) => redis.publish(channel, message), () => 0);
    },
    get listening() {
      return listening && shared.up;
    },
    async close() {
      listener.removeAllListeners('close');
      listener.disconnect();
    },
  };
}
