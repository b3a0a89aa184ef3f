/**
 * Identical queries in flight run once per caller scope, and only then: callers of other
 * scopes never receive each other's results, mutations are never shared, and every caller
 * is still charged its price. The emulator answers slowly so that requests overlap.
 */
import { useGraphQlJit } from '@envelop/graphql-jit';
import { createSchema, createYoga } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { useSafeErrors } from '../src/plugins/safe-errors.js';
import { createLogger } from '../src/logging.js';
import { useCoalescing } from '../src/plugins/coalesce.js';
import { createOperationKeys } from '../src/plugins/operation-key.js';
import { useRequestId } from '../src/plugins/request-id.js';
import { requestScope } from '../src/request-scope.js';
import { hs256, jwtWithSecret } from './identity.js';
import { codes, manyClients, type Stack, useStack } from './stack.js';

// A stack each: the tests read the gateway's counters whole. Many clients, and an upstream slow enough for requests to overlap.
const stacks = useStack(undefined, { security: manyClients, emulator: { latencyMs: 150 } });

const Room = 'query Room($id: ID!) { chatroom(id: $id) { id name viewerRole } viewer { username } }';

/** A counter of the gateway's own metrics so far (0 before its first count). */
async function counter(s: Stack, series: string): Promise<number> {
  const text = await (await fetch(s.url.replace(/\/graphql$/, '/metrics'))).text();
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return Number(line?.slice(series.length + 1) ?? 0);
}

/** Executions shared so far. */
const coalesced = (s: Stack) => counter(s, 'graphql_operations_coalesced_total');

const firstRoom = (s: Stack) => s.emulator.store.rooms.keys().next().value!;

describe('coalescing identical queries', () => {
  it('runs 50 identical queries in flight once, and every caller gets the whole answer', async () => {
    const s = await stacks.start();
    const id = firstRoom(s);
    await s.gql(Room, { id: 'warm-up' }); // the app token
    const results = await Promise.all(Array.from({ length: 50 }, () => s.gql(Room, { id })));
    for (const r of results) expect(r.body).toEqual(results[0]!.body);
    expect(results[0]!.body.data).toMatchObject({ chatroom: { id } });
    expect(await coalesced(s)).toBeGreaterThanOrEqual(45);
    // Different variables or operations are not shared.
    const before = await coalesced(s);
    const ids = [...s.emulator.store.rooms.keys()].slice(0, 10);
    const distinct = await Promise.all(ids.map((roomId) => s.gql(Room, { id: roomId })));
    distinct.forEach((r, i) => expect((r.body.data as { chatroom: { id: string } }).chatroom.id).toBe(ids[i]));
    expect(await coalesced(s)).toBe(before);
  });

  it('never gives a caller another credential’s result (passthrough: a valid and a refused token at once)', async () => {
    const s = await stacks.start({ mode: 'passthrough' });
    const id = firstRoom(s);
    const valid = await (
      await fetch(`${s.emulator.url}/${s.emulator.org}/${s.emulator.app}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ grant_type: 'client_credentials', client_id: s.emulator.clientId, client_secret: s.emulator.clientSecret }),
      })
    ).json();
    const query = 'query Room($id: ID!) { chatroom(id: $id) { id name } }';
    const asValid = { authorization: `Bearer ${valid.access_token}` };
    const asForged = { authorization: 'Bearer forged-token' };
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => s.gql(query, { id }, i % 2 ? asForged : asValid).then((r) => ({ forged: i % 2 === 1, r }))),
    );
    for (const { forged, r } of results) {
      if (forged) {
        expect((r.body.data as { chatroom: unknown } | null)?.chatroom ?? null).toBeNull();
        expect(codes(r.body)).toEqual(['UNAUTHENTICATED']);
      } else {
        expect(r.body.errors).toBeUndefined();
        expect(r.body.data).toMatchObject({ chatroom: { id } });
      }
    }
    expect(await coalesced(s)).toBeGreaterThan(0); // sharing happened, within each credential
  });

  it('never shares between signed-in users: each sees their own viewer and role', async () => {
    const s = await stacks.start({ jwt: jwtWithSecret });
    const room = s.emulator.store.create({ name: 'Mine', description: '', maxusers: 10, owner: 'alice', members: ['bob'] });
    const as = async (user: string) => ({ authorization: `Bearer ${await hs256(user)}` });
    const headers = { alice: await as('alice'), bob: await as('bob'), carol: await as('carol') };
    await s.gql(Room, { id: room.id }, headers.alice); // the app token
    const users = ['alice', 'bob', 'carol'] as const;
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => {
        const user = users[i % 3]!;
        return s.gql(Room, { id: room.id }, headers[user]).then((r) => ({ user, body: r.body as { data: { viewer: { username: string }; chatroom: { viewerRole: string | null } } } }));
      }),
    );
    const roles = { alice: 'OWNER', bob: 'MEMBER', carol: null };
    for (const { user, body } of results) {
      expect(body.data.viewer.username).toBe(user);
      expect(body.data.chatroom.viewerRole).toBe(roles[user]);
    }
    expect(await coalesced(s)).toBeGreaterThanOrEqual(20); // within each user's requests
  });

  it('never shares mutations: two identical creates in flight make two rooms', async () => {
    const s = await stacks.start({ apiKeys: ['k'] });
    const before = s.emulator.store.rooms.size;
    const create = 'mutation { createChatroom(input: { name: "twice", description: "", owner: "alice" }) { chatroom { id } } }';
    const ask = () => s.gql<{ createChatroom: { chatroom: { id: string } } }, object>(create, {}, { authorization: 'Bearer k' });
    const { result: [a, b], calls } = await s.counting(() => Promise.all([ask(), ask()]));
    expect(a.body.errors).toBeUndefined();
    expect(b.body.errors).toBeUndefined();
    expect(a.body.data!.createChatroom.chatroom.id).not.toBe(b.body.data!.createChatroom.chatroom.id);
    expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual(['POST /chatrooms', 'POST /chatrooms']);
    expect(s.emulator.store.rooms.size).toBe(before + 2);
    expect(await coalesced(s)).toBe(0);
  });

  it('still charges every caller its price', async () => {
    const s = await stacks.start({ apiKeys: ['k'], security: { callerBudget: 10, maxUpstreamCalls: 10 } });
    const id = firstRoom(s);
    const results = await Promise.all(Array.from({ length: 15 }, () => s.gql(Room, { id }, { authorization: 'Bearer k' })));
    const refused = results.filter((r) => codes(r.body).includes('RATE_LIMITED'));
    expect(refused).toHaveLength(5);
    expect(results.filter((r) => r.body.data)).toHaveLength(10);
  });

  it('writes a shared answer out once, yet each request its own where its plugins changed it (masked errors, own request id)', async () => {
    // The real plugins in the gateway's order, on a tiny schema: one field slow and fine, one slow and failing unexpectedly.
    let runs = 0;
    const slow = async <T>(value: () => T) => {
      runs++;
      await new Promise((r) => setTimeout(r, 100));
      return value();
    };
    const yoga = createYoga({
      schema: createSchema({
        typeDefs: 'type Query { fine: String boom: String }',
        resolvers: { Query: { fine: () => slow(() => 'fine'), boom: () => slow(() => { throw new Error('unexpected'); }) } },
      }),
      context: ({ request }) => ({ requestId: requestScope(request).requestId, caller: { scope: 'anonymous' } }),
      plugins: [useRequestId(), useSafeErrors(createLogger('silent')), useGraphQlJit(), useCoalescing(createOperationKeys())],
      logging: false,
    });
    const ask = async (query: string, id: string) => {
      const res = await yoga.fetch('http://localhost/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': id },
        body: JSON.stringify({ query }),
      });
      return (await res.json()) as { data?: unknown; errors?: { extensions: { requestId?: string } }[] };
    };
    const fine = await Promise.all(['a', 'b', 'c'].map((id) => ask('{ fine }', id)));
    expect(runs).toBe(1);
    for (const body of fine) expect(body).toEqual({ data: { fine: 'fine' } });
    const failed = await Promise.all(['r1', 'r2', 'r3'].map((id) => ask('{ boom }', id)));
    expect(runs).toBe(2);
    expect(failed.map((body) => body.errors?.[0]?.extensions.requestId)).toEqual(['r1', 'r2', 'r3']);
  });

  it('can be turned off (to measure it)', async () => {
    const s = await stacks.start({ coalesce: false, emulator: { latencyMs: 100 } });
    const id = firstRoom(s);
    const { name } = s.emulator.store.rooms.get(id)!;
    const { result, calls } = await s.counting(() => Promise.all(Array.from({ length: 10 }, () => s.gql(Room, { id }))));
    for (const r of result) expect(r.body).toEqual({ data: { chatroom: { id, name, viewerRole: null }, viewer: null } });
    // Each of the 10 ran on its own, so each read the room: with a call upstream, or sharing one in flight (still on).
    expect(calls.length + (await counter(s, 'easemob_shared_reads_total{kind="shared"}'))).toBe(10);
    expect(await coalesced(s)).toBe(0);
  });
});
