/**
 * Paces this process's own upstream calls so that it never trips Easemob's rate limits
 * (per app key and endpoint, 50 or 100 a second; one budget under all of them). Every
 * call, token requests included, needs a turn from two rules:
 *  - a token bucket (`ratePerSecond`, `burst`) smooths this replica's bursts;
 *  - a call window (src/easemob/call-window.ts) guarantees at most the limit in any
 *    second as the upstream counts: this process's own, or one shared by the replicas.
 * Calls wait in a bounded queue and give up with UPSTREAM_RATE_LIMITED when they cannot be
 * sent in time. Writes go first; reads take turns by lane (one lane per caller), so a
 * caller with a long backlog does not make everyone else wait behind it. A turn is a
 * `Slot`: tell it when the answer came.
 */
import { afterAnswerMs, type CallWindow, createLocalWindow, type Grant, type Priority, type Slot, type WindowRules } from './call-window.js';
import { EasemobError, retryNextSecond } from './errors.js';
import type { UpstreamPolicy } from './policy.js';

export type { Priority, Slot };

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
  /** Where turns are counted; by default a window of this process's own. */
  window?: CallWindow;
}

/** The time and timers the pacer runs on: the real ones, or a test's own that it moves by hand. */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(timer: unknown): void;
}

const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (timer) => clearTimeout(timer as NodeJS.Timeout),
};

interface Waiter {
  bytes: number;
  resolve: (slot: Slot) => void;
  reject: (error: Error) => void;
  timer: unknown;
}

export interface Pacer {
  /**
   * Resolves with a turn when the call may be sent; `deadline` (epoch ms) can shorten the wait.
   * Reads of different `lane`s are served round-robin. `bytes` is what the call holds while it waits.
   */
  acquire(priority: Priority, deadline?: number, lane?: string, bytes?: number): Promise<Slot>;
  /** Easemob refused a call for its rate (429 `reach_limit`, 503): slow down for a while. */
  rejected(): void;
  /** Calls waiting now, their bytes, the most calls that ever waited at once, and the slowdown step. */
  stats(): { queued: number; queuedBytes: number; maxQueued: number; slowdown: number };
}

const rateLimited = (why: string) =>
  new EasemobError('UPSTREAM_RATE_LIMITED', `the gateway's pacing of its calls is full (${why}); try again shortly`, undefined, {
    details: retryNextSecond,
  });

/** The windows a policy gives: this replica's own share (without Redis, or while it is down) and the fleet's. */
export function windowRulesOf(policy: UpstreamPolicy): { local: WindowRules; shared: WindowRules } {
  const windowMs = 1000 + policy.windowMarginMs;
  // An unanswered call holds its place until its request's deadline: an operation's, or a token request's.
  const holdMs = Math.max(policy.operationTimeoutMs, policy.queueTimeoutMs) + afterAnswerMs;
  return {
    local: { limit: Math.max(1, Math.floor(policy.ratePerSecond / policy.replicas)), windowMs, reserve: 0, holdMs },
    // Shared, a replica cannot put its writes ahead of another's reads: reads leave a tenth of the turns.
    shared: { limit: policy.ratePerSecond, windowMs, reserve: Math.max(1, Math.round(policy.ratePerSecond / 10)), holdMs },
  };
}

/** The pacer a policy gives, over `window` (one of windowRulesOf's). */
export function pacerOf(policy: UpstreamPolicy, window: CallWindow, clock: Clock = realClock): Pacer {
  const { ratePerSecond, burst, queueTimeoutMs, maxQueue, maxQueueBytes } = policy;
  const { windowMs } = windowRulesOf(policy).local;
  return createPacer({ ratePerSecond, burst, windowMs, queueTimeoutMs, maxQueue, maxQueueBytes, window }, clock);
}

export function createPacer(options: PacerOptions, clock: Clock = realClock): Pacer {
  const now = () => clock.now();
  const { ratePerSecond, burst, windowMs, queueTimeoutMs, maxQueue, maxQueueBytes } = options;
  const window = options.window ?? createLocalWindow({ limit: ratePerSecond, windowMs, reserve: 0 }, now);
  const writes: Waiter[] = [];
  /** Read lanes in turn order: the first was served longest ago. */
  const reads = new Map<string, Waiter[]>();
  let tokens = burst;
  let refilledAt = now();
  let pumping = false;
  /** Ends the pump's nap early: a write arrived (it may have turns that reads have not), or an answer (its call's hold ends). */
  let wake: (() => void) | undefined;
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

  /** Whole tokens in the bucket now. */
  function bucket(t: number): number {
    tokens = Math.min(burst, tokens + ((t - refilledAt) * ratePerSecond) / 1000);
    refilledAt = t;
    return Math.floor(tokens);
  }

  /** A turn whose answer also ends the pump's nap: the window may have a turn again a second later, sooner than it said. */
  const answered = (slot: Slot): Slot => ({
    done() {
      slot.done();
      wake?.();
    },
  });

  const nap = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = clock.setTimeout(resolve, ms);
      wake = () => {
        clock.clearTimeout(timer);
        resolve();
      };
    }).finally(() => (wake = undefined));

  /** Hands out turns while calls wait; one pump at a time, since the window may answer later (Redis). */
  async function pump() {
    pumping = true;
    try {
      while (queued) {
        const available = bucket(now());
        if (available < 1) {
          await nap(Math.ceil(((1 - tokens) * 1000) / ratePerSecond));
          continue;
        }
        const priority: Priority = writes.length ? 'write' : 'read';
        const want = Math.min(available, priority === 'write' ? writes.length : queued);
        const { slots, waitMs } = await window.grant(priority, want);
        for (const slot of slots) {
          const next = dequeue();
          if (!next) {
            slot.done(); // gave up while the window answered: the turn goes unused
            continue;
          }
          queued--;
          queuedBytes -= next.bytes;
          clock.clearTimeout(next.timer);
          tokens -= 1;
          next.resolve(answered(slot));
        }
        // At most a window: an answer that came while the window was asked (and so woke no nap)
        // may have ended a hold the wait was measured against.
        if (!slots.length) await nap(Math.min(waitMs, windowMs));
      }
    } finally {
      pumping = false;
    }
  }

  return {
    acquire(priority, deadline, lane = '', bytes = 0) {
      const t = now();
      if (window.sync && !queued && !pumping && bucket(t) >= 1) {
        // The local window answers at once: no queue, no promise chain.
        const grant = window.grant(priority, 1) as Grant;
        if (grant.slots.length) {
          tokens -= 1;
          return Promise.resolve(answered(grant.slots[0]!));
        }
      }
      if (queued >= maxQueue || queuedBytes + bytes > maxQueueBytes) return Promise.reject(rateLimited('queue full'));
      const budget = Math.min(queueTimeoutMs, (deadline ?? Infinity) - t);
      if (budget <= 0) return Promise.reject(rateLimited('no time left'));
      return new Promise<Slot>((resolve, reject) => {
        const waiter: Waiter = {
          bytes,
          resolve,
          reject,
          timer: clock.setTimeout(() => {
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
        if (!pumping) void pump();
        else if (priority === 'write') wake?.();
      });
    },
    rejected: () => window.rejected(),
    stats: () => ({ queued, queuedBytes, maxQueued, slowdown: window.slowdown() }),
  };
}
