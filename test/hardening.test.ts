/**
 * The attacks of issue 9, one block each, numbered as there: each is refused or bounded.
 * Shutdown (8) is proven on the real entry point in test/start.test.ts.
 */
import { connect, type Socket } from 'node:net';
import fc from 'fast-check';
import { getIntrospectionQuery, parse, validate } from 'graphql';
import { Agent } from 'undici';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { listJoinedChatrooms, removeChatroomMembers } from '../src/easemob/chatrooms.js';
import { createEasemobClient, createUpstream } from '../src/easemob/client.js';
import { createPacer } from '../src/easemob/pacer.js';
import { defaultPolicy } from '../src/easemob/policy.js';
import { maxSelectionsRule } from '../src/plugins/max-selections.js';
import { pricing } from '../src/plugins/upstream-budget.js';
import { createOperationKeys } from '../src/plugins/operation-key.js';
import { schema } from '../src/schema/index.js';
import { estimate } from './estimate.js';
import { codes, manyClients, type Stack, useStack } from './stack.js';

const { start } = useStack();

/**
 * Pacing for tests that count calls, not their rate: the burst as it is, so calls still queue for
 * their turns, but 100 of them wait a tenth of a second rather than three.
 */
const brisk = { ratePerSecond: 1_000 };

/** Priced at 1 + 29 = 30 calls, the default per-operation limit. */
const thirtyCalls = '{ chatrooms(first: 29) { nodes { owner { joinedChatrooms(first: 1) { nodes { id } } } } } }';

const rawSocket = (port: number) =>
  new Promise<Socket>((resolve) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.on('error', () => {});
  });
const closed = (socket: Socket) => new Promise<void>((resolve) => (socket.destroyed ? resolve() : socket.once('close', () => resolve())));

const portOf = (s: Stack) => Number(new URL(s.url).port);

const fragmentBomb = (levels: number, type: string, root: string, leaf: string) => {
  let doc = `${root.replace('ROOT', `...F${levels}`)} fragment F0 on ${type} { ${leaf} }`;
  for (let i = 1; i <= levels; i++) doc += ` fragment F${i} on ${type} { ...F${i - 1} ...F${i - 1} }`;
  return doc;
};

describe('1. a negative first', () => {
  const sneaky = `{
    a: chatrooms(first: -2147483648) { nodes { id } }
    b: chatrooms(first: 100) { nodes { owner { joinedChatrooms(first: 1) { nodes { id } } } } }
  }`;

  it('is refused before pricing, so it cannot hide a fan-out beside it', async () => {
    const s = await start({ security: manyClients });
    const { result, calls } = await s.counting(() => s.gql(sneaky));
    expect(result.status).toBe(400);
    expect(codes(result.body)).toEqual(['BAD_USER_INPUT']);
    expect(result.body.errors![0]!.locations).toEqual([{ line: 2, column: 5 }]);
    expect(calls).toEqual([]);
  });

  it('cannot credit the caller budget back', async () => {
    const s = await start({ apiKeys: ['k'], security: { callerBudget: 60, callerWindowSeconds: 60 }, policy: brisk });
    const as = { authorization: 'Bearer k' };
    await s.gql('{ chatrooms(first: -2147483648) { nodes { id } } }', undefined, as);
    let served = 0;
    for (let i = 0; i < 10; i++) if ((await s.gql(thirtyCalls, undefined, as)).status === 200) served++;
    expect(served).toBe(2);
  });

  it('never yields a negative or fractional estimate, whatever first is', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), (first) => {
        let calls: number;
        try {
          calls = estimate('query($f: Int) { user(username: "a") { joinedChatrooms(first: $f) { nodes { description } } } }', { f: first });
        } catch (error) {
          expect((error as { extensions?: { code?: string } }).extensions?.code).toBe('BAD_USER_INPUT');
          return;
        }
        expect(Number.isInteger(calls) && calls >= 0).toBe(true);
        expect(first >= 1 && first <= 100).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('2. variable defaults', () => {
  const defaulted = 'query($f: Int = 100) { chatrooms(first: $f) { nodes { owner { joinedChatrooms(first: 1) { nodes { id } } } } } }';

  it('are priced as they will run', async () => {
    const s = await start({ security: manyClients });
    const { result, calls } = await s.counting(() => s.gql(defaulted));
    expect(codes(result.body)).toEqual(['QUERY_TOO_EXPENSIVE']);
    expect(result.body.errors![0]!.extensions).toMatchObject({ estimate: 101, limit: 30 });
    expect(calls).toEqual([]);
  });

  it('are validated as they will run', async () => {
    const s = await start({ security: manyClients });
    const { result, calls } = await s.counting(() => s.gql('query($f: Int = -5) { chatrooms(first: $f) { nodes { id } } }'));
    expect(codes(result.body)).toEqual(['BAD_USER_INPUT']);
    expect(calls).toEqual([]);
  });

  it('are priced anew for other variables when the same query comes again (prices are remembered per document and variables)', async () => {
    const s = await start({ security: manyClients });
    const query = 'query($f: Int!) { chatrooms(first: $f) { nodes { owner { joinedChatrooms(first: 1) { nodes { id } } } } } }';
    for (let round = 0; round < 2; round++) {
      const cheap = await s.gql(query, { f: 2 });
      expect(cheap.body.errors).toBeUndefined();
      const costly = await s.counting(() => s.gql(query, { f: 100 }));
      expect(costly.result.body.errors![0]!.extensions).toMatchObject({ code: 'QUERY_TOO_EXPENSIVE', estimate: 101 });
      expect(costly.calls).toEqual([]);
      const bad = await s.counting(() => s.gql(query, { f: -1 }));
      expect(codes(bad.result.body)).toEqual(['BAD_USER_INPUT']);
      expect(bad.calls).toEqual([]);
      const missing = await s.gql(query, {});
      expect(codes(missing.body)).toEqual(['BAD_USER_INPUT']);
    }
  });

  it('cannot fill memory with kept prices, whatever variables callers send', () => {
    const document = parse('query($f: Int!, $pad: String) { chatrooms(first: $f) { nodes { id } } }');
    const ask = (price: ReturnType<typeof pricing>, variableValues: Record<string, unknown>) =>
      price({ schema, document, variableValues, contextValue: { caller: { scope: 'anonymous' } } });
    const price = pricing(100, createOperationKeys());
    for (let i = 0; i < 1_500; i++) expect(ask(price, { f: 1 + (i % 100), pad: String(i) })).toEqual({ calls: 1 });
    expect(price.kept()).toBe(1_000);
    const fresh = pricing(100, createOperationKeys());
    expect(ask(fresh, { f: 1, pad: 'x'.repeat(2_000) })).toEqual({ calls: 1 });
    expect(fresh.kept()).toBe(0);
  });

  it('leave out what @include will leave out', () => {
    const query = 'query($deep: Boolean = false) { chatrooms(first: 100) { nodes { owner @include(if: $deep) { joinedChatrooms { nodes { id } } } } } }';
    expect(estimate(query)).toBe(1);
    expect(estimate(query, { deep: true })).toBe(101);
  });
});

describe('3. lists the caller does not size', () => {
  it("price what is nested under a room's members at the room's most users, so calls under them are refused before any call (issue 20, 1)", async () => {
    const s = await start({ security: manyClients });
    const users = Array.from({ length: 2000 }, (_, i) => `member${i}`);
    for (const u of users) s.emulator.store.addUser(u);
    const room = s.emulator.store.create({ name: 'Big', description: '', maxusers: 10_000, owner: 'alice', members: users });
    const query = `{ chatroom(id: "${room.id}") { members { username joinedChatrooms(first: 1) { nodes { id } } } } }`;
    expect(estimate(query)).toBe(1 + 10_000);
    const { result, calls } = await s.counting(() => s.gql(query));
    expect(result.status).toBe(400);
    expect(codes(result.body)).toEqual(['QUERY_TOO_EXPENSIVE']);
    expect(calls).toEqual([]);
  });

  it('hold an operation to its price when Easemob lists more than it documents, answering at most GATEWAY_MAX_ERRORS errors (issue 20, 1)', async () => {
    const s = await start({ security: { ...manyClients, maxUpstreamCalls: 200 }, policy: brisk });
    const room = [...s.emulator.store.rooms.values()][0]!;
    // A broken upstream: 500 admins where at most 99 can be.
    room.admins = Array.from({ length: 500 }, (_, i) => `admin${i}`);
    for (const u of room.admins) s.emulator.store.addUser(u);
    const query = `{ chatroom(id: "${room.id}") { admins { username joinedChatrooms(first: 1) { nodes { id } } } } }`;
    const price = estimate(query);
    expect(price).toBe(1 + 1 + 99); // the room, its admin list, 99 admins' rooms
    const { result, calls } = await s.counting(() => s.gql(query));
    expect(calls.length).toBeLessThanOrEqual(price);
    expect(new Set(codes(result.body))).toEqual(new Set(['QUERY_TOO_EXPENSIVE']));
    // One error per admin past the price, at most 100 of them listed; the rest counted.
    expect(result.body.errors).toHaveLength(100);
    expect(result.body.extensions).toEqual({ errorsLeftOut: 500 - 99 - 100 });
    expect(s.gateway.stats().pacer.maxQueued).toBeLessThanOrEqual(price);
  });

  it('stop an operation at GATEWAY_MAX_UPSTREAM_CALLS actual calls, retries included', async () => {
    const s = await start({ security: { ...manyClients, maxUpstreamCalls: 3 }, policy: { maxRetries: 10, backoffBaseMs: 1, backoffMaxMs: 5 } });
    const id = [...s.emulator.store.rooms.keys()][0]!;
    s.emulator.injectFault({ path: /^\/chatrooms\/\d+$/, status: 503, error: 'reach_limit', times: 100 });
    const { result, calls } = await s.counting(() => s.gql(`{ chatroom(id: "${id}") { name } }`));
    expect(codes(result.body)).toEqual(['UPSTREAM_RATE_LIMITED']);
    expect(calls).toHaveLength(3);
  });
});

describe('4. fragment bombs', () => {
  it('refuses an introspection bomb without a key, before it is compiled', async () => {
    const s = await start({ apiKeys: ['k'] });
    const { result, calls } = await s.counting(() => s.gql(fragmentBomb(23, '__Schema', '{ __schema { ROOT } }', 'queryType { name }')));
    expect(result.status).toBe(400);
    expect(codes(result.body)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(calls).toEqual([]);
  });

  it('refuses a data bomb 60 levels deep', async () => {
    const s = await start({ apiKeys: ['k'] });
    const bomb = fragmentBomb(60, 'Chatroom', '{ chatroom(id: "1") { ROOT } }', 'id');
    const { result, calls } = await s.counting(() => s.gql(bomb, undefined, { authorization: 'Bearer k' }));
    expect(codes(result.body)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(calls).toEqual([]);
  });

  it('sizes each fragment once, so even 1000 doubling levels are measured at once', () => {
    const bomb = parse(fragmentBomb(1000, 'Chatroom', '{ chatroom(id: "1") { ROOT } }', 'id'));
    expect(validate(schema, bomb, [maxSelectionsRule(1000)])).toHaveLength(1);
  });

  it("admits GraphiQL's full introspection query", () => {
    const query = parse(getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true, specifiedByUrl: true, directiveIsRepeatable: true, schemaDescription: true }));
    expect(validate(schema, query, [maxSelectionsRule(1000)])).toEqual([]);
  });
});

describe('5. upstream answers', () => {
  it('are cut off past EASEMOB_MAX_RESPONSE_BYTES as they stream: a 50 MB one fails, unretried', async () => {
    const s = await start();
    const id = [...s.emulator.store.rooms.keys()][0]!;
    const fault = s.emulator.injectFault({ path: new RegExp(`^/chatrooms/${id}$`), bodyBytes: 50_000_000 });
    const { result, calls } = await s.counting(() => s.gql(`{ chatroom(id: "${id}") { name } }`));
    expect(codes(result.body)).toEqual(['UPSTREAM_ERROR']);
    expect(calls).toHaveLength(1);
    expect(fault.bytesSent).toBeLessThan(defaultPolicy.maxResponseBytes + 8 * 1024 * 1024);
  });

  it('end an endless answer, eight at once', async () => {
    const s = await start({ policy: { maxResponseBytes: 1024 * 1024 } });
    const ids = [...s.emulator.store.rooms.keys()].slice(0, 8);
    const faults = ids.map((id) => s.emulator.injectFault({ path: new RegExp(`^/chatrooms/${id}$`), bodyBytes: Infinity }));
    const results = await Promise.all(ids.map((id) => s.gql(`{ chatroom(id: "${id}") { name } }`)));
    for (const r of results) expect(codes(r.body)).toEqual(['UPSTREAM_ERROR']);
    for (const f of faults) expect(f.bytesSent).toBeLessThan(1024 * 1024 + 8 * 1024 * 1024);
  });
});

describe('6. a 401 storm', () => {
  it('refreshes once per token generation, then backs off, and blames the gateway, not the caller', async () => {
    const s = await start({ apiKeys: ['k'], security: manyClients });
    await s.gql('{ chatrooms(first: 1) { nodes { id } } }', undefined, { authorization: 'Bearer k' });
    s.emulator.injectFault({ path: /^\/chatrooms/, status: 401, times: 100_000 });
    const ask = () => s.gql('{ chatrooms(first: 1) { nodes { id } } }', undefined, { authorization: 'Bearer k' });
    const results = [...(await Promise.all(Array.from({ length: 50 }, ask)))];
    for (let i = 0; i < 50; i++) results.push(await ask());
    for (const r of results) expect(codes(r.body)).toEqual(['UPSTREAM_ERROR']);
    // The first token, one refresh for it, and at most one more after the backoff.
    expect(s.emulator.calls.filter((c) => c.token).length).toBeLessThanOrEqual(3);
  });
});

describe('7. dot segments', () => {
  it.each([
    ['user', 'query($u: String!) { user(username: $u) { joinedChatrooms { nodes { id } } } }', { u: '..' }],
    ['owner', 'mutation($u: String!) { createChatroom(input: { name: "n", description: "", owner: $u }) { chatroom { id } } }', { u: '.' }],
    ['add', 'mutation($u: String!) { addChatroomMembers(input: { id: "1", usernames: [$u] }) { chatroom { id } } }', { u: '..' }],
    ['remove', 'mutation($u: String!) { removeChatroomMembers(input: { id: "1", usernames: [$u] }) { chatroom { id } } }', { u: '.' }],
  ])('are refused as usernames (%s) before any call', async (_, query, variables) => {
    const s = await start();
    const { result, calls } = await s.counting(() => s.gql(query, variables));
    expect(codes(result.body)).toEqual(['BAD_USER_INPUT']);
    expect(calls).toEqual([]);
  });

  it('never leave the REST client, whatever its caller checked', async () => {
    const s = await start();
    const dispatcher = new Agent();
    const upstream = createUpstream({ baseUrl: s.emulator.url, org: s.emulator.org, app: s.emulator.app }, dispatcher, defaultPolicy);
    const client = createEasemobClient(upstream, { header: async () => 'Bearer x' }, { deadline: Date.now() + 5_000 });
    await expect(listJoinedChatrooms(client, '..', { pagenum: 1, pagesize: 10 })).rejects.toThrow(RangeError);
    await expect(removeChatroomMembers(client, '1', ['alice', '.'])).rejects.toThrow(RangeError);
    expect(s.emulator.calls).toEqual([]);
    await dispatcher.close();
  });
});

describe('8. shutdown', () => {
  it('answers requests in flight at the drain, and one sent after it on a kept-alive connection with 503', async () => {
    const s = await start({ emulator: { latencyMs: 150 } });
    const socket = await rawSocket(portOf(s));
    let answer = '';
    socket.on('data', (d) => (answer += d));
    const body = JSON.stringify({ query: '{ chatrooms(first: 1) { nodes { id } } }' });
    const request = `POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
    // Two in flight, the second pipelined: the drain begins once the server has handed both to the gateway.
    let dispatched = 0;
    s.http.server.on('request', () => dispatched++);
    socket.write(request + request);
    await expect.poll(() => dispatched, { interval: 5 }).toBe(2);
    const drained = s.http.drain(5_000);
    socket.write(request); // arrives while the connection is still busy: it would start past the drain
    expect(await drained).toBe(false);
    await closed(socket);
    const statuses = [...answer.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => m[1]);
    expect(statuses).toEqual(['200', '200', '503']);
    expect(answer).toContain('SHUTTING_DOWN');
  });

  it('lets operations run their whole deadline by default, and refuses a grace period that would cut them', () => {
    const config = loadConfig({});
    expect(config.shutdownGraceMs).toBeGreaterThan(config.gateway.policy.operationTimeoutMs);
    expect(() => loadConfig({ GATEWAY_SHUTDOWN_GRACE_MS: '10000' })).toThrow(/GATEWAY_SHUTDOWN_GRACE_MS must exceed EASEMOB_OPERATION_TIMEOUT_MS/);
    expect(loadConfig({ GATEWAY_SHUTDOWN_GRACE_MS: '10000', EASEMOB_OPERATION_TIMEOUT_MS: '5000' }).shutdownGraceMs).toBe(10_000);
  });
});

describe('9. connections, side endpoints, queue memory, token lifetime', () => {
  it('caps the connections one address holds open', async () => {
    const s = await start({ server: { maxConnectionsPerIp: 10 } });
    const port = portOf(s);
    const sockets = await Promise.all(Array.from({ length: 50 }, () => rawSocket(port)));
    for (const socket of sockets) socket.write('POST /graphql HTTP/1.1\r\nHost: x\r\n'); // slow headers, never finished
    const refused = sockets.filter((x) => !x.destroyed);
    await Promise.race([Promise.all(sockets.slice(10).map(closed)), new Promise((r) => setTimeout(r, 5_000))]);
    expect(s.http.connections()['127.0.0.1']).toBe(10);
    expect(sockets.filter((x) => x.destroyed).length).toBeGreaterThanOrEqual(40);
    for (const socket of refused) socket.destroy();
  });

  it('gives a client a bounded time to send its request body', async () => {
    const s = await start({ server: { requestTimeoutMs: 200 } });
    const socket = await rawSocket(portOf(s));
    let answer = '';
    socket.on('data', (d) => (answer += d));
    socket.write('POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"query":');
    await Promise.race([closed(socket), new Promise((r) => setTimeout(r, 5_000))]);
    expect(socket.destroyed).toBe(true);
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  });

  it('keeps /metrics and /ready inside the per-IP limit', async () => {
    const s = await start({ security: { ipRequestsPerSecond: 5 } });
    const origin = new URL(s.url).origin;
    const statuses = await Promise.all(
      Array.from({ length: 10 }, (_, i) => fetch(`${origin}/${i % 2 ? 'metrics' : 'ready'}`).then((r) => r.status)),
    );
    expect(statuses.filter((x) => x === 429).length).toBeGreaterThanOrEqual(5);
  });

  it('bounds the request bytes handled at once, and frees them as answers go out', async () => {
    const s = await start({ security: { ...manyClients, maxBytesInFlight: 2_000 }, emulator: { latencyMs: 200 } });
    const query = `{ chatrooms(first: 1) { nodes { id } } } # ${'x'.repeat(400)}`;
    const first = await Promise.all(Array.from({ length: 10 }, () => s.gql(query)));
    const busy = first.filter((r) => r.status === 503);
    expect(busy.length).toBeGreaterThanOrEqual(6);
    expect(codes(busy[0]!.body)).toEqual(['SERVER_BUSY']);
    expect(first.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(1);
    expect((await s.gql(query)).status).toBe(200);
  });

  it('bounds the pacing queue in bytes, not only in entries', async () => {
    const pacer = createPacer({ ratePerSecond: 10, burst: 1, windowMs: 1000, queueTimeoutMs: 5000, maxQueue: 1000, maxQueueBytes: 1000 });
    await pacer.acquire('write', undefined, '', 10); // takes the only turn
    const waiting = pacer.acquire('write', undefined, '', 600);
    await expect(pacer.acquire('write', undefined, '', 600)).rejects.toMatchObject({ code: 'UPSTREAM_RATE_LIMITED' });
    expect(pacer.stats()).toMatchObject({ queued: 1, queuedBytes: 600 });
    await waiting;
    expect(pacer.stats()).toMatchObject({ queued: 0, queuedBytes: 0 });
  });

  it('keeps a token at least a minute, whatever expires_in says', async () => {
    const s = await start({ emulator: { tokenExpiresIn: 0.001 } });
    for (let i = 0; i < 20; i++) expect((await s.gql('{ chatrooms(first: 1) { nodes { id } } }')).body.errors).toBeUndefined();
    expect(s.emulator.calls.filter((c) => c.token)).toHaveLength(1);
  });
});
