/**
 * Counts upstream calls over a sliding window, the way Easemob counts them: at most
 * `limit` calls in any second. Two things make it hold at the receiver, whose clock and
 * arrival times the sender cannot see:
 *  - a call stays in the window until a second after its answer came (or it failed), not
 *    only a second after it was sent: it reached Easemob before its answer did, so however
 *    late it was delivered (a busy event loop, a slow network, a wait for a free
 *    connection), every later call arrives more than a second after it. An unanswered call
 *    holds its place however slow it is (up to `holdMs`, its request's own deadline): a
 *    call slower than the window used to leave it in flight, and when the latency fell,
 *    old and new calls reached Easemob in the same second. With fast answers the window's
 *    margin decides instead;
 *  - after Easemob refuses a call for its rate (429 `reach_limit`, 503), the window slows
 *    down for a while: a lower limit and a longer margin, one step more for each second
 *    with refusals, one step less every `recoverMs` without. Other clients of the same app
 *    key spend its budget too, and the receiver's clock is not the sender's.
 * This file is the local window; src/easemob/shared-window.ts keeps the same rules in Redis.
 */
export type Priority = 'write' | 'read';

/** One granted call; `done` is told when its answer came, when it failed, or when the turn went unused. */
export interface Slot {
  done(): void;
}

export interface Grant {
  slots: Slot[];
  /** When none was granted: milliseconds until one may be. */
  waitMs: number;
}

/** Where the pacer asks for turns: the local window, or the replicas' shared one. */
export interface CallWindow {
  /** True when `grant` answers at once (the local window), so a call may skip the queue. */
  readonly sync: boolean;
  /** Up to `want` turns for calls of `priority`. */
  grant(priority: Priority, want: number): Grant | Promise<Grant>;
  /** Easemob refused a call for its rate: slow down. */
  rejected(): void;
  /** The slowdown step now: 0 (none) to `maxSlowdown`. */
  slowdown(): number;
}

export interface WindowRules {
  /** Calls in any second. */
  limit: number;
  /** Window length when nothing was refused: a second plus a margin for jitter. */
  windowMs: number;
  /** Turns kept for writes and token requests: reads may use `limit - reserve`. */
  reserve: number;
  /**
   * Longest a call may go unanswered: the deadline of its request. Until its answer is told,
   * a call holds its place this long; by default a minute, longer than any call the gateway sends.
   */
  holdMs?: number;
}

/** An unanswered call's place in the window, when its rules do not say how long it may take. */
export const defaultHoldMs = 60_000;

/** Limit factor and extra margin per slowdown step. */
const steps = [
  { factor: 1, extraMs: 0 },
  { factor: 0.75, extraMs: 250 },
  { factor: 0.5, extraMs: 500 },
  { factor: 0.25, extraMs: 1000 },
];
export const maxSlowdown = steps.length - 1;
/** Without refusals, the slowdown relaxes one step this often. */
export const recoverMs = 5_000;
/** After its answer, a call stays in the window this long: a second, and a little for timer granularity. */
export const afterAnswerMs = 1_005;

/** The limit and window length at slowdown `step`, and the cap for `priority`. */
export function rulesAt(rules: WindowRules, step: number, priority: Priority) {
  const { factor, extraMs } = steps[step]!;
  const limit = Math.max(1, Math.floor(rules.limit * factor));
  const cap = priority === 'write' ? limit : Math.max(1, limit - rules.reserve);
  return { cap, windowMs: rules.windowMs + extraMs };
}

/** Refusals closer together than this are one event: the same burst was refused. */
export const raiseEveryMs = 1_000;

/** A slowdown step that rises by one per refused second and decays by one every `recoverMs`. */
export function createSlowdown(now: () => number) {
  let step = 0;
  let at = -Infinity;
  const current = () => Math.max(0, step - Math.floor((now() - at) / recoverMs));
  return {
    current,
    raise() {
      const t = now();
      if (t - at < raiseEveryMs) return;
      step = Math.min(maxSlowdown, current() + 1);
      at = t;
    },
  };
}

export interface LocalWindow extends CallWindow {
  grant(priority: Priority, want: number): Grant;
  /** Turns `grant` would give now, without taking them. */
  available(priority: Priority): number;
  /** Grants nothing until `until` (epoch ms): calls counted elsewhere may still be in the window. */
  holdUntil(until: number): void;
  /** Counts calls granted elsewhere (the shared window), so a fallback knows this replica's recent calls. */
  record(count: number): Slot[];
  /** The calls in the window, for handing them to the shared window. */
  remaining(): Counted[];
}

/** A call in the window, as another window takes it over. */
export interface Counted {
  /** Milliseconds it still counts. */
  ms: number;
  /** Milliseconds until the window it was granted in ends: it counts at least that long. */
  windowMs: number;
  /** Present while unanswered: `fn` is told when the answer comes (at once, if it came meanwhile). */
  whenAnswered?: (fn: () => void) => void;
}

/** A call in the local window. */
interface Entry {
  /** When it leaves the window: while unanswered, at its hold's end; once answered, a second after. */
  until: number;
  /** When the window it was granted in ends: it never leaves before. */
  windowEnd: number;
  /** Told when its answer comes; undefined once it came. */
  onAnswer?: (() => void)[];
}

export function createLocalWindow(rules: WindowRules, now: () => number = Date.now): LocalWindow {
  const slowdown = createSlowdown(now);
  const holdMs = rules.holdMs ?? defaultHoldMs;
  let entries: Entry[] = [];
  let heldUntil = 0;

  const purge = (t: number) => {
    if (entries.some((e) => e.until <= t)) entries = entries.filter((e) => e.until > t);
  };
  /**
   * Before a grant: only when calls that left the window could change the answer (the window
   * looks full with them) or have piled up. Purging on every grant cost a copy of the window
   * per call, which shows once pacing is raised to hundreds of calls a second.
   */
  let pileUp = 64;
  const purgeFor = (t: number, want: number, cap: number) => {
    if (entries.length + want <= cap && entries.length < pileUp) return;
    purge(t);
    pileUp = Math.max(64, 2 * entries.length);
  };
  const add = (count: number, t: number, windowMs: number): Slot[] =>
    Array.from({ length: count }, () => {
      const entry: Entry = { until: t + holdMs, windowEnd: t + windowMs, onAnswer: [] };
      entries.push(entry);
      return {
        done() {
          entry.until = Math.max(entry.windowEnd, now() + afterAnswerMs);
          const told = entry.onAnswer;
          entry.onAnswer = undefined;
          told?.forEach((fn) => fn());
        },
      };
    });

  return {
    sync: true,
    grant(priority, want) {
      const t = now();
      if (t < heldUntil) return { slots: [], waitMs: heldUntil - t };
      const { cap, windowMs } = rulesAt(rules, slowdown.current(), priority);
      purgeFor(t, want, cap);
      const count = Math.max(0, Math.min(want, cap - entries.length));
      if (count > 0) return { slots: add(count, t, windowMs), waitMs: 0 };
      // The turn comes when enough calls have left the window (or sooner: an unanswered
      // call's hold ends early when its answer comes, and the pacer asks again then).
      const expiries = entries.map((e) => e.until).sort((a, b) => a - b);
      return { slots: [], waitMs: Math.max(1, expiries[entries.length - cap]! - t) };
    },
    available(priority) {
      const t = now();
      if (t < heldUntil) return 0;
      purge(t);
      return Math.max(0, rulesAt(rules, slowdown.current(), priority).cap - entries.length);
    },
    holdUntil(until) {
      heldUntil = Math.max(heldUntil, until);
    },
    record(count) {
      const t = now();
      purge(t);
      return add(count, t, rulesAt(rules, slowdown.current(), 'write').windowMs);
    },
    remaining() {
      const t = now();
      purge(t);
      return entries.map((e) => ({
        ms: e.until - t,
        windowMs: Math.max(0, e.windowEnd - t),
        whenAnswered: e.onAnswer && ((fn: () => void) => (e.onAnswer ? e.onAnswer.push(fn) : fn())),
      }));
    },
    rejected: slowdown.raise,
    slowdown: slowdown.current,
  };
}
