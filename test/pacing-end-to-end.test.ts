/**
 * Pacing end to end, on the wall clock: the gateway keeps its upstream calls inside
 * Easemob's limit, counted at the emulator, which enforces 30 calls/s for the app; and the
 * pacer's refusals reach the caller. The tests count calls, never time. The pacing rules
 * themselves (latency jumps, stalls, slowing down, the queue's bounds, writes first) are
 * tested on a clock of the test's own in pacer.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { summarize } from '../src/emulator/server.js';
import { RoomName } from './documents.js';
import { addRooms, atEasemobLimit, codes, manyClients, type StackOptions, useStack } from './stack.js';

const stacks = useStack();
const limited = (options: StackOptions = {}) => stacks.start({ ...atEasemobLimit, ...options });

describe('pacing', () => {
  it('answers 60 concurrent requests for 60 rooms with no 503 and ≤ 30 calls in any second, end to end', async () => {
    // Two seconds' worth at the limit: the window fills, and the rest wait for calls to leave it.
    const s = await limited({ policy: { queueTimeoutMs: 30_000, operationTimeoutMs: 30_000 } });
    const ids = addRooms(s.emulator.store, 60);
    const results = await Promise.all(ids.map((id) => s.gql(RoomName, { id })));
    results.forEach((r, i) => {
      expect(r.body.errors).toBeUndefined();
      expect(r.body.data!.chatroom!.id).toBe(ids[i]);
    });
    expect(s.emulator.calls.filter((c) => c.status === 503 || c.status === 429)).toEqual([]);
    expect(s.emulator.apiCalls()).toHaveLength(60);
    expect(summarize(s.emulator.calls).peakPerSecond).toBeLessThanOrEqual(30);
  }, 60_000);

  it('slows down only for refusals of the rate, read from the error word: other 5xx and 429s leave pacing alone (issue 20, 12)', async () => {
    // Pacing as fast as the retries go: which answers slow it down is the point, not its rate.
    const unpaced = { ratePerSecond: 1_000, burst: 1_000 };
    const s = await stacks.start({ security: manyClients, policy: { backoffBaseMs: 5, backoffMaxMs: 20, ...unpaced } });
    const ids = addRooms(s.emulator.store, 40);
    const faults = () => {
      // Five 503s, a 500, a 502 and a 429, none of them about the rate.
      for (const status of [503, 503, 503, 503, 503, 500, 502, 429]) s.emulator.injectFault({ status, error: 'server_error', path: /^\/chatrooms\/\d+$/ });
    };
    for (let round = 0; round < 4; round++) {
      faults();
      const results = await Promise.all(ids.slice(round * 10, round * 10 + 10).map((id) => s.gql(RoomName, { id })));
      expect(results.filter((r) => r.body.errors)).toEqual([]); // retried: 503 and 429 are unprocessed, and a read is idempotent
      expect(s.gateway.stats().pacer.slowdown).toBe(0);
    }
    // A refusal for the rate still slows down: the error word, or a bare 503 as the seed doc describes it.
    s.emulator.injectFault({ status: 429, error: 'reach_limit', path: /^\/chatrooms\/\d+$/ });
    await s.gql(RoomName, { id: ids[0]! });
    expect(s.gateway.stats().pacer.slowdown).toBe(1);
    await new Promise((r) => setTimeout(r, 1_000)); // the next second with refusals steps further
    s.emulator.injectFault({ status: 503, error: null, path: /^\/chatrooms\/\d+$/ });
    await s.gql(RoomName, { id: ids[1]! });
    expect(s.gateway.stats().pacer.slowdown).toBe(2);
  });

  it('answers UPSTREAM_UNAVAILABLE, not a rate limit, when Easemob keeps answering 503 server_error (issue 20, 12)', async () => {
    const s = await stacks.start({ security: manyClients, policy: { backoffBaseMs: 5, backoffMaxMs: 20 } });
    const [id] = addRooms(s.emulator.store, 1);
    s.emulator.injectFault({ status: 503, error: 'server_error', path: /^\/chatrooms\/\d+$/, times: 10 });
    const { result, calls } = await s.counting(() => s.gql(RoomName, { id: id! }));
    expect(codes(result.body)).toEqual(['UPSTREAM_UNAVAILABLE']);
    expect(calls).toHaveLength(4); // the first try and three retries
    expect(s.gateway.stats().pacer.slowdown).toBe(0);
  });
});

describe("the pacer's refusals, end to end", () => {
  // The rules of the queue are tested on a clock of the test's own (pacer.test.ts); here,
  // that a full or timed-out queue reaches the caller as UPSTREAM_RATE_LIMITED, holding nothing.
  it('refuses calls past the queue bound with UPSTREAM_RATE_LIMITED, holding at most that many', async () => {
    const s = await limited({ policy: { ratePerSecond: 5, burst: 1, maxQueue: 10 } });
    const ids = addRooms(s.emulator.store, 30);
    const results = await Promise.all(ids.map((id) => s.gql(RoomName, { id })));
    const refused = results.filter((r) => codes(r.body).includes('UPSTREAM_RATE_LIMITED'));
    const served = results.filter((r) => r.body.data?.chatroom);
    expect(refused.length).toBeGreaterThan(15);
    expect(refused.length + served.length).toBe(30);
    expect(s.gateway.stats().pacer.maxQueued).toBeLessThanOrEqual(10);
    expect(s.gateway.stats().pacer.queued).toBe(0);
    expect(s.emulator.calls.filter((c) => c.status === 503)).toEqual([]);
  });

  it('gives up waiting after the queue timeout with UPSTREAM_RATE_LIMITED', async () => {
    const s = await limited({ policy: { ratePerSecond: 2, burst: 1, queueTimeoutMs: 300 } });
    const ids = addRooms(s.emulator.store, 10);
    const results = await Promise.all(ids.map((id) => s.gql(RoomName, { id })));
    const refused = results.filter((r) => codes(r.body).includes('UPSTREAM_RATE_LIMITED'));
    expect(refused.length).toBeGreaterThanOrEqual(7);
    expect(s.gateway.stats().pacer.queued).toBe(0);
  });
});
