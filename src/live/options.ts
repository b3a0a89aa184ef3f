import { getHeapStatistics } from 'node:v8';

/**
 * The live updates' settings: Easemob's callbacks (the intake) and the subscriptions' limits.
 * Every one has an environment variable (src/config.ts) and a line in the README's "Live updates".
 */
export interface LiveOptions {
  /** The secrets of the app's callback rules in Easemob's console (up to 4; more while one is replaced). Empty: no intake. */
  callbackSecrets: readonly string[];
  /** How far a callback's timestamp may be from now, either way. */
  callbackWindowMs: number;
  /** Largest callback body taken: a room deleted with 10,000 members is about 250 KB. */
  callbackMaxBodyBytes: number;
  /** Callbacks per second from one address: Easemob sends from a few. */
  callbackPerIpPerSecond: number;
  /** Subscriptions one caller (an API key, a user, an address) may hold open on one instance. */
  maxSubscriptionsPerCaller: number;
  /** Subscriptions one instance holds at most. */
  maxSubscriptions: number;
  /** Events waiting to be sent to one subscriber at most: past it the subscriber is too slow and its stream ends. */
  subscriberQueue: number;
  /** How often an idle stream (SSE or graphql-ws) is written a keep-alive, so that proxies leave it open. */
  keepAliveMs: number;
}

/**
 * Heap one idle subscription in a shared SSE stream holds, with room to spare: 7.3-7.8 KB measured
 * (BENCHMARKS.md, "Live updates"). One with a stream of its own counts for three (src/live/hub.ts).
 */
const heapPerSubscription = 12 * 1024;

/**
 * As many subscriptions as 40 % of the heap holds, at most 20,000: past what the heap holds the
 * process would die, every stream with it, instead of refusing one (about 6,000 in shared streams
 * under the 128 MB old space of npm start and npm run serve).
 */
export const subscriptionsTheHeapHolds = (heapBytes = getHeapStatistics().heap_size_limit): number =>
  Math.max(100, Math.min(20_000, Math.floor((0.4 * heapBytes) / heapPerSubscription)));

export const defaultLive: Readonly<LiveOptions> = Object.freeze({
  callbackSecrets: [],
  callbackWindowMs: 5 * 60_000,
  callbackMaxBodyBytes: 1 << 20,
  callbackPerIpPerSecond: 5_000,
  maxSubscriptionsPerCaller: 20,
  maxSubscriptions: subscriptionsTheHeapHolds(),
  subscriberQueue: 256,
  keepAliveMs: 12_000,
});
