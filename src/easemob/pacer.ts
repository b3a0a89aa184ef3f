/**
 * Paces this process's own upstream calls so that it never trips Easemob's rate limits
 * (per app key and endpoint, 50 or 100 a second; one budget under all of them). Two rules hold for every call, token requests included:
 *  - a token bucket (`ratePerSecond`, `burst`) smooths bursts;
 *  - a sliding log guarantees at most `ratePerSecond` calls in any `windowMs`, which is
 *    how the upstream counts (a bucket alone lets burst + rate through in one second).
 * Calls wait in a bounded queue and give up with UPSTREAM_RATE_LIMITED when they cannot be
 * sent in time. Writes go first; reads take turns by lane (one lane per caller), so a
 * caller with a long backlog does not make everyone else wait behind it.
 */
import { EasemobError, retryNextSecond } from './errors.js';

export type Priority = 'write' | 'read';

export interface PacerOptions {
  ratePerSecond: number;
  burst: number;
  /** The window the limit is counted over, with a margin for network jitter. */
  windowMs: number;
  /** Longest a call may wait for its turn. */
  queueTimeoutMs: number;
  /** Most calls waiting at once; more are refused at once, so memory stays bounded. */
  maxQueue: number;
  /** Most bytes (paths and bodies) of the calls waiting at once, for the same reason. */
  maxQueueBytes: number;
}

interface Waiter {
  bytes: number;
  resolve: () => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

export interface Pacer {
  /**
   * Resolves when the call may be sent; `deadline` (epoch ms) can shorten the wait.
   * Reads of different `lane`s are served round-robin. `bytes` is what the call holds while it waits.
   */
  acquire(priority: Priority, deadline?: number, lane?: string, bytes?: number): Promise<void>;
  /** Calls waiting now, their bytes, and the most calls that ever waited at once. */
  stats(): { queued: number; queuedBytes: number; maxQueued: number };
}

const rateLimited = (why: string) =>
  new EasemobError('UPSTREAM_RATE_LIMITED', `the gateway's pacing of its calls is full (${why}); try again shortly`, undefined, {
    details: retryNextSecond,
  });

export function createPacer(options: PacerOptions, now: () => number = Date.now): Pacer {
  const { ratePerSecond, burst, windowMs, queueTimeoutMs, maxQueue, maxQueueBytes } = options;
  const writes: Waiter[] = [];
  /** Read lanes in turn order: the first was served longest ago. */
  const reads = new Map<string, Waiter[]>();
  const sentAt: number[] = []; // send times within the window, oldest first
  let tokens = burst;
  let refilledAt = now();
  let timer: NodeJS.Timeout | undefined;
  let queued = 0;
  let queuedBytes = 0;
  let maxQueued = 0;

  function dequeue(): Waiter | undefined {
    if (writes.length) return writes.shift();
    for (const [lane, waiters] of reads) {
      const next = waiters.shift();
      reads.delete(lane);
      if (waiters.length) reads.set(lane, waiters); // to the back of the turn order
      return next;
    }
    return undefined;
  }

  function remove(waiter: Waiter, priority: Priority, lane: string) {
    const list = priority === 'write' ? writes : reads.get(lane);
    if (!list) return;
    list.splice(list.indexOf(waiter), 1);
    if (priority === 'read' && !list.length) reads.delete(lane);
  }

  /** Milliseconds until a call may go; 0 when one may go now. */
  function waitTime(t: number): number {
    tokens = Math.min(burst, tokens + ((t - refilledAt) * ratePerSecond) / 1000);
    refilledAt = t;
    while (sentAt.length && t - sentAt[0]! >= windowMs) sentAt.shift();
    const forBucket = tokens >= 1 ? 0 : ((1 - tokens) * 1000) / ratePerSecond;
    const forWindow = sentAt.length < ratePerSecond ? 0 : sentAt[0]! + windowMs - t;
    return Math.ceil(Math.max(forBucket, forWindow));
  }

  function take(t: number) {
    tokens -= 1;
    sentAt.push(t);
  }

  function pump() {
    timer = undefined;
    while (queued) {
      const t = now();
      const wait = waitTime(t);
      if (wait > 0) {
        timer = setTimeout(pump, wait);
        return;
      }
      const next = dequeue()!;
      queued--;
      queuedBytes -= next.bytes;
      clearTimeout(next.timer);
      take(t);
      next.resolve();
    }
  }

  return {
    acquire(priority, deadline, lane = '', bytes = 0) {
      const t = now();
      if (!queued && waitTime(t) === 0) {
        take(t);
        return Promise.resolve();
      }
      if (queued >= maxQueue || queuedBytes + bytes > maxQueueBytes) return Promise.reject(rateLimited('queue full'));
      const budget = Math.min(queueTimeoutMs, (deadline ?? Infinity) - t);
      if (budget <= 0) return Promise.reject(rateLimited('no time left'));
      return new Promise<void>((resolve, reject) => {
        const waiter: Waiter = {
          bytes,
          resolve,
          reject,
          timer: setTimeout(() => {
            remove(waiter, priority, lane);
            queued--;
            queuedBytes -= bytes;
            reject(rateLimited('waited too long'));
          }, budget),
        };
        const list = priority === 'write' ? writes : reads.get(lane);
        if (list) list.push(waiter);
        else reads.set(lane, [waiter]);
        maxQueued = Math.max(maxQueued, ++queued);
        queuedBytes += bytes;
        timer ??= setTimeout(pump, waitTime(t));
      });
    },
    stats: () => ({ queued, queuedBytes, maxQueued }),
  };
}
