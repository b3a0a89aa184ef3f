/**
 * Pacing on a clock of the test's own: a fake clock that jumps from timer to timer, an
 * Easemob that counts arrivals and refuses calls over its limit as the emulator does, and
 * the gateway's side of a call (a turn from the pacer, a connection from the pool, the
 * answer, a retry after a refusal for the rate) as src/easemob/client.ts takes it. A busy
 * machine cannot disturb these tests: nothing in them waits for the wall clock.
 */
import { type CallRecord, summarize } from '../src/emulator/server.js';
import { type CallWindow, createLocalWindow, type LocalWindow, type Priority } from '../src/easemob/call-window.js';
import { errorForStatus } from '../src/easemob/errors.js';
import { type Clock, type Pacer, pacerOf, windowRulesOf } from '../src/easemob/pacer.js';
import { defaultPolicy, type UpstreamPolicy } from '../src/easemob/policy.js';

export interface FakeClock extends Clock {
  /**
   * Resolves with `work`'s result, moving time to the next timer whenever everything else
   * has settled: as long as the work takes in fake time, a few milliseconds in real time.
   */
  run<T>(work: Promise<T>): Promise<T>;
  /** Moves time on by `ms`, running the timers due on the way, each at its time. */
  advance(ms: number): Promise<void>;
  /** The process is busy for `ms` from now, as a stalled event loop: timers due meanwhile run when it ends. */
  stall(ms: number): void;
}

/** Lets every promise chain that can move on do so: the microtasks drain before a macrotask. */
export const settled = () => new Promise<void>((resolve) => setImmediate(resolve));

interface Timer {
  at: number;
  fn: () => void;
}

/** Where fake clocks start: a time in epoch milliseconds, as Redis's scripts and the slowdown expect. */
export const epoch = Date.UTC(2025, 0, 1);

/** Longest a `run` may take in fake time: a test that hangs fails rather than spin. */
const maxRunMs = 10 * 60_000;

/**
 * A clock that stands still until the test moves it. `settle` says when nothing but a timer
 * can move the work on; tests with a real Redis wait for its answers there too.
 */
export function createFakeClock(settle: () => Promise<void> = settled): FakeClock {
  let t = epoch;
  let busyUntil = t;
  /** Timers in the order they were set: of two due at once, the first set runs first, as in Node. */
  let timers: Timer[] = [];

  /** Runs the earliest timer due by `until`; false when there is none. */
  function fire(until: number): boolean {
    const next = timers.reduce<Timer | undefined>((a, b) => (a && a.at <= b.at ? a : b), undefined);
    if (!next || next.at > until) return false;
    timers = timers.filter((timer) => timer !== next);
    t = Math.max(next.at, busyUntil);
    next.fn();
    return true;
  }

  return {
    now: () => t,
    setTimeout(fn, ms) {
      // As Node's timers: a delay under 1 ms (or none) is 1 ms.
      const timer = { at: t + (ms >= 1 ? ms : 1), fn };
      timers.push(timer);
      return timer;
    },
    clearTimeout(timer) {
      timers = timers.filter((other) => other !== timer);
    },
    async run(work) {
      let done = false;
      void work.then(
        () => (done = true),
        () => (done = true),
      );
      const until = t + maxRunMs;
      for (;;) {
        await settle();
        if (done) return work;
        if (!fire(until)) throw new Error(`stuck at ${t} ms of fake time: the work waits for nothing that will come`);
      }
    },
    stall(ms) {
      busyUntil = Math.max(busyUntil, t + ms);
    },
    async advance(ms) {
      const until = t + ms;
      do await settle();
      while (fire(until));
      t = Math.max(t, until); // a stall may have run the last timers later
      await settle();
    },
  };
}

const sleep = (clock: Clock, ms: number) => new Promise<void>((resolve) => clock.setTimeout(resolve, ms));

/**
 * The pacer and window that createUpstream (src/easemob/client.ts) builds from a policy, on
 * `clock`; `share` makes the replicas' window over the local one (windowRulesOf(policy).shared).
 */
export function pacingOf(policy: UpstreamPolicy, clock: Clock, share?: (local: LocalWindow) => CallWindow): Pacer {
  const local = createLocalWindow(windowRulesOf(policy).local, () => clock.now());
  return pacerOf(policy, share?.(local) ?? local, clock);
}

/** What the simulated gateway sends, as the emulator would record it. */
type Call = 'token' | Priority;
const shapes: Record<Call, Pick<CallRecord, 'method' | 'path'>> = {
  token: { method: 'POST', path: '/token' },
  write: { method: 'PUT', path: '/chatrooms/1' },
  read: { method: 'GET', path: '/chatrooms/1' },
};

/** The emulator's refusals for the rate say Retry-After: 1, which the client waits out. */
const retryAfterMs = 1_000;

/**
 * Easemob on the fake clock: a call counts when it arrives, and is refused (429 `reach_limit`,
 * Retry-After 1 s) when `perSecond` calls were accepted in the second before, as the emulator
 * refuses it. Its answer takes `latencyMs`, as the emulator's does, read when the call arrives.
 */
export function createSimulatedEasemob(clock: Clock, perSecond = Infinity) {
  const calls: CallRecord[] = [];
  let accepted: number[] = [];
  return {
    calls,
    latencyMs: 0,
    /** A call arrives now (a token request, a write or a read); true when it is refused for the rate. */
    arrive(call: Call): boolean {
      const at = clock.now();
      accepted = accepted.filter((a) => at - a < 1000);
      const refused = accepted.length >= perSecond;
      if (!refused) accepted.push(at);
      calls.push({ ...shapes[call], status: refused ? 429 : 200, at, token: call === 'token' });
      return refused;
    },
    refused: () => calls.filter((c) => c.status === 429),
    peakPerSecond: () => summarize(calls).peakPerSecond,
  };
}

export type SimulatedEasemob = ReturnType<typeof createSimulatedEasemob>;

/** A connection pool of `size`, as undici's: a call waits for a free connection. */
function createPool(size: number) {
  let free = size;
  const waiting: (() => void)[] = [];
  return {
    take: () => (free > 0 ? (free--, Promise.resolve()) : new Promise<void>((resolve) => waiting.push(resolve))),
    give() {
      const next = waiting.shift();
      if (next) next();
      else free++;
    },
  };
}

export interface SimulatedGatewayOptions {
  /** Upstream connections (EASEMOB_CONNECTIONS). */
  connections?: number;
  /** How long a call takes to arrive; a stall of the clock's on the way holds it up too. */
  transitMs?: number;
  /** Told as each call is sent. */
  onSend?: () => void;
}

/**
 * One gateway's upstream calls on the fake clock, as src/easemob/client.ts makes them: a turn,
 * a connection, the call, its answer told to the turn, and on a refusal for the rate, pacing
 * told and the call retried after Retry-After, up to `maxRetries` times before the deadline.
 * The pacer and its windows are production's own (pacerOf, windowRulesOf); this side of the
 * call is a copy kept in step by hand: a change to how client.ts takes turns or retries
 * belongs here too (the end-to-end tests in pacing-end-to-end.test.ts run the real one).
 */
export function createSimulatedGateway(
  clock: Clock,
  policy: UpstreamPolicy,
  pacer: Pacer,
  easemob: SimulatedEasemob,
  options: SimulatedGatewayOptions = {},
) {
  const pool = createPool(options.connections ?? policy.connections);

  /** One try; true when Easemob refused it for the rate. A token request is paced as a write (src/easemob/token.ts). */
  async function attempt(call: Call, deadline: number, lane: string): Promise<boolean> {
    const slot = await pacer.acquire(call === 'read' ? 'read' : 'write', deadline, lane);
    await pool.take();
    options.onSend?.();
    if (options.transitMs) await sleep(clock, options.transitMs);
    const refused = easemob.arrive(call);
    if (easemob.latencyMs > 0) await sleep(clock, easemob.latencyMs);
    pool.give();
    slot.done();
    if (refused) pacer.rejected();
    return refused;
  }

  return {
    /**
     * One operation's call (or the app token's request); rejects as the client would: the
     * pacer's refusal, or a refusal for the rate that outlasted the retries.
     */
    async call(call: Call = 'read', lane = '') {
      const deadline = clock.now() + policy.operationTimeoutMs;
      for (let tries = 0; ; tries++) {
        if (!(await attempt(call, deadline, lane))) return;
        const last = tries >= policy.maxRetries || clock.now() + retryAfterMs >= deadline;
        if (last) throw errorForStatus(429, { error: 'reach_limit' });
        await sleep(clock, retryAfterMs);
      }
    },
  };
}

/** The default policy with `overrides`, as the gateway would take it. */
export const policyWith = (overrides: Partial<UpstreamPolicy> = {}): UpstreamPolicy => ({ ...defaultPolicy, ...overrides });

/** Each call's outcome, in order: 'ok' or the code it failed with. */
export const outcomes = (calls: Promise<unknown>[]) =>
  Promise.all(calls.map((c) => c.then(() => 'ok', (error: { code?: string; message: string }) => error.code ?? error.message)));
