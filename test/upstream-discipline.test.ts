/**
 * The gateway recovers from faults without writing twice, keeps one app token under load,
 * shares identical reads, ends operations at their deadline and fails fast when the
 * upstream is down. Everything is counted at the emulator. Pacing end to end, on the wall
 * clock: pacing-end-to-end.test.ts; its rules on a clock of the test's own: pacer.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { CircuitState } from 'cockatiel';
import { graphql } from './gql/index.js';
import { RoomName } from './documents.js';
import { addRooms, atEasemobLimit, codes, manyClients, type StackOptions, useStack } from './stack.js';

const CreateRoom = graphql(`
  mutation CreateRoom($input: CreateChatroomInput!) { createChatroom(input: $input) { chatroom { id } } }
`);

const Rename = graphql(`
  mutation Rename($input: UpdateChatroomInput!) { updateChatroom(input: $input) { updated { name } } }
`);

const stacks = useStack();

const limited = (options: StackOptions = {}) => stacks.start({ ...atEasemobLimit, ...options });

describe('retries', () => {
  const quick = { backoffBaseMs: 5, backoffMaxMs: 20 };
  let id: string;
  async function ready(options: StackOptions = {}) {
    const s = await stacks.start({ policy: quick, ...options });
    id = s.emulator.store.rooms.keys().next().value!;
    await s.gql(RoomName, { id }); // token
    return s;
  }

  it.each([
    ['503', { status: 503 }],
    ['429 without Retry-After', { status: 429 }],
    ['500', { status: 500 }],
    ['502', { status: 502 }],
    ['a connection reset', { reset: 'before' as const }],
  ])('a read recovers from %s twice', async (_, fault) => {
    const s = await ready();
    s.emulator.injectFault({ ...fault, path: /^\/chatrooms\//, times: 2 });
    const { result, calls } = await s.counting(() => s.gql(RoomName, { id }));
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data!.chatroom!.id).toBe(id);
    expect(calls).toHaveLength(3);
  });

  it('waits as long as Retry-After says', async () => {
    const s = await ready();
    s.emulator.injectFault({ status: 429, retryAfter: 1, path: /^\/chatrooms\// });
    const { result, calls } = await s.counting(() => s.gql(RoomName, { id }));
    expect(result.body.errors).toBeUndefined();
    expect(calls).toHaveLength(2);
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(950);
  });

  it('retries a create the upstream rejected unprocessed (503): one room', async () => {
    const s = await ready();
    const before = s.emulator.store.rooms.size;
    s.emulator.injectFault({ status: 503, method: 'POST', path: /^\/chatrooms$/ });
    const { result, calls } = await s.counting(() =>
      s.gql(CreateRoom, { input: { name: 'retry', description: '', owner: 'alice' } }),
    );
    expect(result.body.errors).toBeUndefined();
    expect(calls.map((c) => c.status)).toEqual([503, 200]);
    expect(s.emulator.store.rooms.size).toBe(before + 1);
  });

  it('never resends a create cut off after the upstream processed it', async () => {
    const s = await ready();
    const before = s.emulator.store.rooms.size;
    s.emulator.injectFault({ reset: 'after', method: 'POST', path: /^\/chatrooms$/ });
    const { result, calls } = await s.counting(() =>
      s.gql(CreateRoom, { input: { name: 'maybe', description: '', owner: 'alice' } }),
    );
    expect(codes(result.body)).toEqual(['UPSTREAM_UNAVAILABLE']);
    expect(result.body.errors![0]!.message).toMatch(/may exist/);
    expect(calls).toHaveLength(1);
    expect(s.emulator.store.rooms.size).toBe(before + 1); // created once, reported as unknown
  });

  it('never resends a create on a 502 either', async () => {
    const s = await ready();
    s.emulator.injectFault({ status: 502, method: 'POST', path: /^\/chatrooms$/ });
    const { result, calls } = await s.counting(() =>
      s.gql(CreateRoom, { input: { name: 'maybe', description: '', owner: 'alice' } }),
    );
    expect(codes(result.body)).toEqual(['UPSTREAM_UNAVAILABLE']);
    expect(calls).toHaveLength(1);
  });

  it('retries an update cut off after processing, since PUT is idempotent', async () => {
    const s = await ready();
    s.emulator.injectFault({ reset: 'after', method: 'PUT' });
    const { result, calls } = await s.counting(() => s.gql(Rename, { input: { id, name: 'twice is fine' } }));
    expect(result.body.data!.updateChatroom!.updated.name).toBe(true);
    expect(calls.map((c) => c.method)).toEqual(['PUT', 'PUT']);
  });
});

describe('tokens under load', () => {
  it('survives expiry mid-load with exactly one new token request and no failed request', async () => {
    const s = await limited({ policy: { queueTimeoutMs: 30_000, operationTimeoutMs: 30_000 } });
    const ids = [...s.emulator.store.rooms.keys(), ...addRooms(s.emulator.store, 30)];
    await s.gql(RoomName, { id: ids[0]! });
    const load = Promise.all(ids.map((id) => s.gql(RoomName, { id })));
    await new Promise((r) => setTimeout(r, 500));
    s.emulator.revokeTokens();
    const results = await load;
    for (const r of results) expect(r.body.errors).toBeUndefined();
    expect(s.emulator.calls.filter((c) => c.token)).toHaveLength(2);
    expect(s.emulator.apiCalls().some((c) => c.status === 401)).toBe(true);
  }, 30_000);
});

describe('sharing identical reads across requests', () => {
  it('serves 500 concurrent requests for one room with at most 2 upstream calls', async () => {
    // The upstream answers in 500 ms, so all 500 requests are in flight together.
    const s = await stacks.start({ security: manyClients, emulator: { latencyMs: 500 } });
    const id = s.emulator.store.rooms.keys().next().value!;
    const { result, calls } = await s.counting(() => Promise.all(Array.from({ length: 500 }, () => s.gql(RoomName, { id }))));
    for (const r of result) expect(r.body.data!.chatroom!.id).toBe(id);
    expect(calls.length).toBeLessThanOrEqual(2);
  }, 30_000);

  it('never shares between different callers in passthrough mode', async () => {
    const s = await stacks.start({ mode: 'passthrough', emulator: { latencyMs: 100 } });
    const tokenFor = async () => {
      const res = await fetch(`${s.emulator.url}/${s.emulator.org}/${s.emulator.app}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ grant_type: 'client_credentials', client_id: s.emulator.clientId, client_secret: s.emulator.clientSecret }),
      });
      return ((await res.json()) as { access_token: string }).access_token;
    };
    const [a, b] = [await tokenFor(), await tokenFor()];
    const id = s.emulator.store.rooms.keys().next().value!;
    const { calls } = await s.counting(() =>
      Promise.all([
        s.gql(RoomName, { id }, { authorization: `Bearer ${a}` }),
        s.gql(RoomName, { id }, { authorization: `Bearer ${a}` }),
        s.gql(RoomName, { id }, { authorization: `Bearer ${b}` }),
        s.gql(RoomName, { id }, { authorization: 'Bearer YWMtforged' }),
      ]),
    );
    expect(calls).toHaveLength(3); // a's two requests share; b and the forged token each call on their own
    expect(calls.filter((c) => c.status === 401)).toHaveLength(1);
  });
});

describe('deadlines', () => {
  it('ends an operation whose upstream hangs at the deadline with UPSTREAM_UNAVAILABLE', async () => {
    const s = await stacks.start({ policy: { operationTimeoutMs: 400 } });
    const id = s.emulator.store.rooms.keys().next().value!;
    await s.gql(RoomName, { id });
    s.emulator.latencyMs = 5_000;
    const started = Date.now();
    const { body } = await s.gql(RoomName, { id });
    expect(codes(body)).toEqual(['UPSTREAM_UNAVAILABLE']);
    expect(Date.now() - started).toBeLessThan(5_000);
    s.emulator.latencyMs = 0;
  });
});

describe('the optional read cache', () => {
  it('is off by default: the same read twice goes upstream twice', async () => {
    const s = await stacks.start();
    const id = s.emulator.store.rooms.keys().next().value!;
    await s.gql(RoomName, { id });
    const { calls } = await s.counting(async () => {
      await s.gql(RoomName, { id });
      await s.gql(RoomName, { id });
    });
    expect(calls).toHaveLength(2);
  });

  it('with a lifetime, serves repeated reads until a write through the gateway', async () => {
    const s = await stacks.start({ policy: { cacheTtlMs: 60_000 } });
    const id = s.emulator.store.rooms.keys().next().value!;
    await s.gql(RoomName, { id });
    const cached = await s.counting(() => s.gql(RoomName, { id }));
    expect(cached.calls).toHaveLength(0);
    expect(cached.result.body.data!.chatroom!.id).toBe(id);
    const renamed = await s.counting(async () => {
      await s.gql(Rename, { input: { id, name: 'fresh' } });
      return s.gql(RoomName, { id });
    });
    expect(renamed.calls.map((c) => c.method)).toEqual(['PUT', 'GET']);
    expect(renamed.result.body.data!.chatroom!.name).toBe('fresh');
  });
});

describe('circuit breaking', () => {
  it('fails fast while the upstream is down and recovers when it returns, without a restart', async () => {
    const s = await stacks.start({
      policy: { breakerThreshold: 3, breakerCooldownMs: 300, operationTimeoutMs: 2_000, backoffBaseMs: 5, backoffMaxMs: 20 },
    });
    const id = s.emulator.store.rooms.keys().next().value!;
    await s.gql(RoomName, { id });
    const port = Number(new URL(s.emulator.url).port);
    await s.emulator.close();

    for (let i = 0; i < 5; i++) {
      const started = Date.now();
      const { body } = await s.gql(RoomName, { id });
      expect(codes(body)).toEqual(['UPSTREAM_UNAVAILABLE']);
      expect(Date.now() - started).toBeLessThan(2_000); // within the operation deadline
    }
    expect(s.gateway.stats().circuit).toBe(CircuitState.Open);

    await s.emulator.listen(port, '127.0.0.1');
    await new Promise((r) => setTimeout(r, 350)); // the cooldown passes; the next call probes
    const { body } = await s.gql(RoomName, { id });
    expect(body.errors).toBeUndefined();
    expect(s.gateway.stats().circuit).toBe(CircuitState.Closed);
  });
});
