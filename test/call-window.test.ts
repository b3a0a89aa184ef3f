/**
 * The call window's rules on a clock of the test's own: the local window, and the replicas'
 * shared one on a real redis-server whose scripts read the same clock. Calls counted until
 * a second after their answer, slowing down after refusals and recovering, reads leaving
 * turns for writes, and Redis trouble falling back to the local share.
 */
import { describe, expect, it, vi } from 'vitest';
import { createLocalWindow, type Grant, recoverMs } from '../src/easemob/call-window.js';
import { createSharedWindow } from '../src/easemob/shared-window.js';
import type { SharedState } from '../src/shared-state.js';
import { epoch } from './pacing.js';
import { redisAvailable, redisRequired, useRedis } from './redis.js';

const rules = { limit: 10, windowMs: 1100, reserve: 0, holdMs: 20_000 };

/** Answers a grant's calls at once: the turns it took. */
const answered = (grant: Grant) => {
  grant.slots.forEach((slot) => slot.done());
  return grant.slots.length;
};

describe('the local window', () => {
  it('holds a call until a second after its answer, however late the answer came', () => {
    let t = 0;
    const window = createLocalWindow(rules, () => t);
    const first = window.grant('read', 10);
    expect(first.slots).toHaveLength(10);
    t = 900;
    first.slots.forEach((slot) => slot.done()); // slow answers: the calls may have arrived just now
    t = 1_200; // past the margin, yet under a second after the answers
    expect(window.grant('read', 1)).toMatchObject({ slots: [], waitMs: 705 });
    t = 1_905;
    expect(window.grant('read', 1).slots).toHaveLength(1);
  });

  it('holds an unanswered call in the window however slow it is, up to its deadline (issue 20, 11)', () => {
    let t = 0;
    const window = createLocalWindow(rules, () => t);
    const slow = window.grant('read', 10).slots;
    t = 5_000; // five windows later, still no answer: the calls may reach Easemob any moment
    expect(window.grant('read', 1)).toMatchObject({ slots: [] });
    slow.slice(0, 4).forEach((slot) => slot.done());
    t = 6_004;
    expect(window.grant('read', 1).slots).toHaveLength(0);
    t = 6_005; // a second after the answers: those four have left
    expect(answered(window.grant('read', 10))).toBe(4);
    t = 19_999;
    expect(window.available('read')).toBe(4); // the other six still hold their places
    t = 20_000; // they reached their deadline unanswered: they leave too
    expect(window.available('read')).toBe(10);
  });

  it('lets a turn that went unused leave with its window', () => {
    let t = 0;
    const window = createLocalWindow(rules, () => t);
    answered(window.grant('read', 10)); // done at once: the caller gave up before sending
    t = 1_099;
    expect(window.grant('read', 1).slots).toHaveLength(0); // its window has a margin over the second
    t = 1_100;
    expect(window.grant('read', 10).slots).toHaveLength(10);
  });

  it('grants exactly the turns that calls leaving the window free', () => {
    let t = 0;
    const window = createLocalWindow(rules, () => t);
    window.grant('read', 9).slots.forEach((slot) => slot.done());
    t = 1_100; // the 9 have left; only one turn would look free if they were still counted
    expect(window.grant('read', 10).slots).toHaveLength(10);
    expect(window.grant('read', 1)).toMatchObject({ slots: [] });
  });

  it('slows down a step per second with refusals, and recovers a step every few seconds without them', () => {
    let t = 0;
    const window = createLocalWindow(rules, () => t);
    const granted = () => {
      const n = answered(window.grant('read', 100));
      t += 10_000; // let the window empty
      return n;
    };
    expect(granted()).toBe(10);
    window.rejected();
    expect(window.slowdown()).toBe(1);
    expect(answered(window.grant('read', 100))).toBe(7); // 75% of the limit
    window.rejected(); // the same refused second: no further
    expect(window.slowdown()).toBe(1);
    for (let i = 0; i < 5; i++) {
      t += 1_000;
      window.rejected(); // one step a second, no further than the last
    }
    expect(window.slowdown()).toBe(3);
    t += recoverMs;
    expect(window.slowdown()).toBe(2);
    t += 2 * recoverMs;
    expect(window.slowdown()).toBe(0);
    t += 10_000;
    expect(granted()).toBe(10);
  });

  it('lengthens the window while slowed down: the margin grows with the refusals', () => {
    let t = 0;
    const window = createLocalWindow(rules, () => t);
    window.rejected();
    answered(window.grant('read', 100));
    t = 1_200; // past the usual 1,100 ms window, not past the slowed-down one
    expect(window.grant('read', 1).slots).toHaveLength(0);
    t = 1_350;
    expect(window.grant('read', 1).slots).toHaveLength(1);
  });
});

const sync = async (grant: Grant | Promise<Grant>) => grant;

/** Waits on the wall clock, where Redis and its client decide, until `condition` holds; at most 5 s. */
async function eventually(condition: () => boolean) {
  const until = Date.now() + 5_000;
  while (!condition() && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  return condition();
}

describe.skipIf(!redisAvailable && !redisRequired)('the shared window', () => {
  const redis = useRedis();
  let n = 0;

  /** A replica's window: its own Redis connection, and a local share of a third. */
  async function replica(prefix: string, now: () => number) {
    const shared = await redis.connect(prefix);
    const shareRules = { limit: 30, windowMs: 1100, reserve: 3, holdMs: 20_000 };
    const local = createLocalWindow({ ...shareRules, limit: 10, reserve: 0 }, now);
    return { shared, window: createSharedWindow(shared, shareRules, local, now) };
  }

  /**
   * Replicas of one fleet on a clock of the test's own, which Redis's scripts read too: the
   * holds are exact, and no wait is a real one. Only Redis going away takes real time.
   */
  async function fleet(size = 2) {
    const prefix = `w${n++}:`;
    const clock = { t: epoch };
    const now = () => clock.t;
    const [a, b, c] = await Promise.all(Array.from({ length: size }, () => replica(prefix, now)));
    return { clock, a: a!, b: b!, c };
  }

  /** What a replica told Redis without waiting (answers, refusals) has run: a PING comes back after it. */
  const told = (replica: { shared: SharedState }) => replica.shared.redis.ping();

  it('grants the replicas together no more than the limit in a window, reads leaving turns for writes', async () => {
    const { a, b } = await fleet();
    const readsA = (await sync(a.window.grant('read', 20))).slots.length;
    const readsB = await sync(b.window.grant('read', 20));
    expect([readsA, readsB.slots.length]).toEqual([20, 7]); // 27: 30, less the 3 kept for writes
    expect((await sync(b.window.grant('read', 1))).waitMs).toBeGreaterThan(0);
    expect((await sync(b.window.grant('write', 5))).slots).toHaveLength(3);
    expect((await sync(a.window.grant('write', 1))).slots).toHaveLength(0);
  });

  it('holds an unanswered call in the window for every replica, and lets it go a second after its answer (issue 20, 11)', async () => {
    const { clock, a, b } = await fleet();
    const slow = (await sync(a.window.grant('write', 30))).slots;
    clock.t += 1_300; // past the window, unanswered
    const waiting = await sync(b.window.grant('write', 1));
    expect(waiting.slots).toHaveLength(0);
    expect(waiting.waitMs).toBeLessThanOrEqual(250); // its answer may come at any replica: ask again soon
    slow.slice(0, 5).forEach((slot) => slot.done());
    await told(a);
    clock.t += 600;
    expect((await sync(b.window.grant('write', 1))).slots).toHaveLength(0); // within a second of the answers
    clock.t += 500;
    expect(answered(await sync(b.window.grant('write', 30)))).toBe(5);
  });

  it('lets calls carried over a Redis outage leave a second after their answers, not at their deadline (issue 20, 11)', async () => {
    const { clock, a, b, c } = await fleet(3);
    const shared = (await sync(a.window.grant('write', 5))).slots;
    redis.server().pause();
    let local: Grant;
    try {
      await sync(a.window.grant('write', 1)); // Redis hangs: the replica falls back, and waits out the last shared window
      clock.t += 2_300;
      local = await sync(a.window.grant('write', 3));
      expect(local.slots).toHaveLength(3);
    } finally {
      redis.server().resume();
    }
    expect(await eventually(() => a.shared.up)).toBe(true);
    expect(answered(await sync(a.window.grant('write', 1)))).toBe(1); // back: its eight calls in flight are carried to Redis
    // The others count them: the three sent on the local share, the five from before, the one just sent.
    expect(answered(await sync(c!.window.grant('write', 30)))).toBeLessThanOrEqual(30 - 9);
    [...shared, ...local.slots].forEach((slot) => slot.done());
    await told(a);
    clock.t += 1_300;
    // A second after the answers, every turn is free for the other replica again.
    expect(answered(await sync(b.window.grant('write', 30)))).toBe(30);
  });

  it('slows every replica down when one is refused', async () => {
    const { a, b } = await fleet();
    a.window.rejected();
    await told(a);
    expect((await sync(b.window.grant('write', 100))).slots).toHaveLength(22); // 75% of 30
    expect(b.window.slowdown()).toBe(1);
  });

  it('falls back within a command timeout when Redis hangs, and shares again when it answers', async () => {
    const { a } = await fleet();
    expect((await sync(a.window.grant('read', 1))).slots).toHaveLength(1);
    redis.server().pause();
    try {
      const started = Date.now();
      const held = await sync(a.window.grant('read', 1)); // waits for the command timeout, then the local window decides
      expect(Date.now() - started).toBeLessThan(1_500);
      expect(held.slots).toHaveLength(0); // first, the last shared window is waited out
      expect(a.shared.up).toBe(false);
      const sent = vi.spyOn(a.shared.redis, 'sendCommand');
      await sync(a.window.grant('read', 1)); // known down: no wait for Redis at all
      expect(sent).not.toHaveBeenCalled();
      sent.mockRestore();
    } finally {
      redis.server().resume();
    }
    expect(await eventually(() => a.shared.up)).toBe(true);
  });

  it('falls back to the local share when Redis is gone, after waiting out the last shared window', async () => {
    const { clock, a } = await fleet();
    expect(answered(await sync(a.window.grant('read', 1)))).toBe(1);
    a.shared.redis.disconnect(); // as if Redis went away: the replica cannot reach it
    expect(await eventually(() => !a.shared.up)).toBe(true);
    const held = await sync(a.window.grant('read', 5));
    expect(held.slots).toHaveLength(0);
    expect(held.waitMs).toBeGreaterThan(1_000);
    clock.t += held.waitMs;
    // Then its third of the limit, and no more.
    expect((await sync(a.window.grant('read', 20))).slots).toHaveLength(10);
    expect((await sync(a.window.grant('write', 1))).slots).toHaveLength(0);
  });
});
