/**
 * The gateway's pacing on a clock of the test's own (test/pacing.ts): the pacer and window
 * that createUpstream builds, the client's side of each call, and an Easemob that counts
 * arrivals and refuses what is over its limit as the emulator does. The loads are those
 * the end-to-end tests ran on the wall clock (pacing-end-to-end.test.ts and
 * replicas.test.ts keep a few real-time runs of the real thing); here they take
 * milliseconds, and a busy machine cannot move a call by a millisecond.
 */
import { describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { type CallWindow, type LocalWindow, maxSlowdown, recoverMs } from '../src/easemob/call-window.js';
import type { UpstreamPolicy } from '../src/easemob/policy.js';
import { createSharedWindow } from '../src/easemob/shared-window.js';
import { windowRulesOf } from '../src/easemob/pacer.js';
import { summarize } from '../src/emulator/server.js';
import {
  createFakeClock,
  createSimulatedEasemob,
  createSimulatedGateway,
  type FakeClock,
  outcomes,
  pacingOf,
  policyWith,
  settled,
  type SimulatedGatewayOptions,
} from './pacing.js';
import { redisAvailable, redisRequired, useRedis } from './redis.js';

/** One gateway with `overrides` to its policy, in front of an Easemob allowing `perSecond`. */
function simulate(
  overrides: Partial<UpstreamPolicy>,
  perSecond: number,
  options: SimulatedGatewayOptions = {},
  clock = createFakeClock(),
) {
  const policy = policyWith(overrides);
  const easemob = createSimulatedEasemob(clock, perSecond);
  const pacer = pacingOf(policy, clock);
  const gateway = createSimulatedGateway(clock, policy, pacer, easemob, options);
  /** `n` reads at once, run to their end. */
  const load = (n: number) => clock.run(outcomes(Array.from({ length: n }, () => gateway.call())));
  return { clock, easemob, pacer, gateway, load };
}

/** As the first request of an end-to-end test does: the app token, before any read. */
async function withToken(simulation: ReturnType<typeof simulate>) {
  expect(await simulation.clock.run(outcomes([simulation.gateway.call('token')]))).toEqual(['ok']);
  return simulation;
}

const failed = (results: string[]) => results.filter((r) => r !== 'ok');
const patient = { queueTimeoutMs: 30_000, operationTimeoutMs: 30_000 };

describe('pacing', () => {
  it('answers 300 concurrent requests for 300 rooms with no 503 and ≤ 30 calls in any second', async () => {
    const { easemob, load } = await withToken(simulate(patient, 30));
    expect(failed(await load(300))).toEqual([]);
    expect(easemob.refused()).toEqual([]);
    expect(summarize(easemob.calls).apiCalls).toBe(300);
    expect(easemob.peakPerSecond()).toBeLessThanOrEqual(30);
  });

  it('stays under the limit when the event loop stalls for longer than the margin', async () => {
    // A loaded machine: after every seventh call it sends, the process is busy for 200 ms, twice the
    // window's margin, so the calls just sent reach the emulator (in the same process) after the stall,
    // bunched with calls sent later. (Stalls at a fixed beat, as a busy loop on a timer makes them, fall
    // in step with the pacing and delay every call alike; these do not.)
    const clock = createFakeClock();
    let sent = 0;
    const stallNowAndThen = () => {
      if (++sent % 7 === 0) clock.stall(200);
    };
    const { easemob, load } = await withToken(simulate(patient, 30, { onSend: stallNowAndThen, transitMs: 5 }, clock));
    expect(failed(await load(150))).toEqual([]);
    expect(easemob.refused()).toEqual([]);
    expect(easemob.peakPerSecond()).toBeLessThanOrEqual(30);
  });

  it('keeps an unanswered call in the window: latency jumping above the window and back refuses nothing (issue 20, 11)', async () => {
    // Calls slower than the window used to leave it while in flight; more were sent, queued for
    // a connection, and reached Easemob together with new ones when the latency fell.
    // Few connections, so that calls the window let out wait for one, as a busy pool makes them.
    const { clock, easemob, load } = await withToken(simulate({ ...patient, connections: 8 }, 30));
    await load(1); // the token and a read, before the clock starts
    const mark = easemob.calls.length;
    clock.setTimeout(() => (easemob.latencyMs = 2_500), 500);
    clock.setTimeout(() => (easemob.latencyMs = 0), 3_500);
    expect(failed(await load(239))).toEqual([]);
    const calls = easemob.calls.slice(mark);
    expect(calls.filter((c) => c.status === 429)).toEqual([]);
    expect(summarize(calls).peakPerSecond).toBeLessThanOrEqual(30);
  });

  it('slows down when Easemob refuses calls for their rate, so refusals stop, then recovers', async () => {
    // Easemob allows 20 a second (other clients of the app key spend the rest); the gateway believes 30.
    const { clock, easemob, pacer, load } = await withToken(simulate(patient, 20));
    expect(failed(await load(200))).toEqual([]);
    const refused = easemob.refused();
    // Without slowing down, every second over 20 is refused and retried: 91 refusals, and a request failed.
    expect(refused.length).toBeLessThanOrEqual(15);
    // The refusals are early on: the last stretch of the load runs clean.
    const end = easemob.calls.at(-1)!.at;
    expect(refused.filter((c) => end - c.at < 3_000)).toEqual([]);
    expect(pacer.stats().slowdown).toBeGreaterThan(0);
    await clock.advance(maxSlowdown * recoverMs);
    expect(pacer.stats().slowdown).toBe(0);
  });

  it('refuses calls past the queue bound with UPSTREAM_RATE_LIMITED, holding at most that many', async () => {
    const { easemob, pacer, load } = await withToken(simulate({ ratePerSecond: 5, burst: 1, maxQueue: 10 }, 30));
    const results = await load(100);
    const refused = results.filter((r) => r === 'UPSTREAM_RATE_LIMITED');
    const served = results.filter((r) => r === 'ok');
    expect(refused.length).toBeGreaterThan(50);
    expect(refused.length + served.length).toBe(100);
    expect(pacer.stats().maxQueued).toBeLessThanOrEqual(10);
    expect(easemob.refused()).toEqual([]);
  });

  it('gives up waiting after the queue timeout with UPSTREAM_RATE_LIMITED', async () => {
    const { pacer, load } = await withToken(simulate({ ratePerSecond: 2, burst: 1, queueTimeoutMs: 300 }, 30));
    const results = await load(10);
    expect(results.filter((r) => r === 'UPSTREAM_RATE_LIMITED').length).toBeGreaterThanOrEqual(7);
    expect(pacer.stats().queued).toBe(0);
  });

  it('sends a mutation ahead of reads that queued before it', async () => {
    const slow = { ratePerSecond: 5, burst: 1, queueTimeoutMs: 20_000 };
    const { clock, easemob, gateway, load } = await withToken(simulate(slow, 30));
    await load(1); // the token and a read
    const mark = easemob.calls.length;
    const reads = outcomes(Array.from({ length: 12 }, () => gateway.call('read')));
    await clock.advance(100); // the reads are queued now
    expect(await clock.run(outcomes([gateway.call('write')]))).toEqual(['ok']);
    expect(failed(await clock.run(reads))).toEqual([]);
    const order = easemob.calls.slice(mark).map((c) => c.method);
    expect(order.indexOf('PUT')).toBeLessThanOrEqual(2);
  });
});

describe.skipIf(!redisAvailable && !redisRequired)('pacing shared by replicas in Redis', () => {
  const redis = useRedis();

  /**
   * Waits for Redis too: for every grant asked of it, and for the answers told to it (a PING
   * on each connection comes back after everything sent before it).
   */
  function redisClock(connections: Redis[]) {
    let asked = 0;
    const settle = async () => {
      do {
        await settled();
        await Promise.all(connections.map((c) => c.ping()));
        await settled();
      } while (asked > 0);
    };
    const clock: FakeClock = createFakeClock(settle);
    const counted = (window: CallWindow): CallWindow => ({
      ...window,
      grant(priority, want) {
        asked++;
        return Promise.resolve(window.grant(priority, want)).finally(() => asked--);
      },
    });
    return { clock, counted };
  }

  it('keeps unanswered calls in the shared window: latency jumping above the window and back refuses nothing (issue 20, 11)', async () => {
    // Two replicas with few connections each, so that calls the window let out wait for one, as a busy pool makes them.
    const policy = policyWith({ replicas: 2, queueTimeoutMs: 40_000, operationTimeoutMs: 40_000, connections: 8 });
    const states = await Promise.all([1, 2].map(() => redis.connect('slow:')));
    const { clock, counted } = redisClock(states.map((s) => s.redis));
    const easemob = createSimulatedEasemob(clock, 30);
    const pair = states.map((shared) => {
      const share = (local: LocalWindow) => counted(createSharedWindow(shared, windowRulesOf(policy).shared, local, () => clock.now()));
      const pacer = pacingOf(policy, clock, share);
      return createSimulatedGateway(clock, policy, pacer, easemob);
    });
    // Each has had turns from Redis long before the load, as its readiness checks give it: a replica's
    // first shared turn keeps it to its local share for a while, which the load must not start in.
    await clock.run(outcomes(pair.map((gateway) => gateway.call())));
    await clock.advance(10_000);
    const mark = easemob.calls.length;
    clock.setTimeout(() => (easemob.latencyMs = 2_500), 500);
    clock.setTimeout(() => (easemob.latencyMs = 0), 3_500);
    const results = await clock.run(outcomes(Array.from({ length: 150 }, (_, i) => pair[i % 2]!.call('read', 'k5'))));
    expect(failed(results)).toEqual([]);
    const calls = easemob.calls.slice(mark);
    expect(calls.filter((c) => c.status === 429)).toEqual([]);
    expect(summarize(calls).peakPerSecond).toBeLessThanOrEqual(30);
  });
});
