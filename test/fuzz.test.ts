/**
 * Thousands of random operations, variables and raw bodies against the running gateway:
 * it never crashes, never answers 5xx for a client's mistake, never calls the upstream
 * for input it rejects, never makes more upstream calls for one operation than the
 * per-operation limit, and never shows a secret, token or upstream address.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { type ErrorCode, errorLeads } from '../src/error-codes.js';
import { bigRoom, manyClients, type Stack, type StackOptions, useStack } from './stack.js';

const apiKey = 'fuzz-api-key-9f8e7d6c5b4a';
const maxUpstreamCalls = 30;
/**
 * Upstream calls paced as fast as the emulator answers them: what is fuzzed is the input, not the
 * pacing (tested on its own), and at the default 30 calls a second most of the run went waiting.
 */
const fuzzed: StackOptions = { apiKeys: [apiKey], security: { ...manyClients, maxUpstreamCalls }, policy: { ratePerSecond: 100_000 } };
const stacks = useStack(fuzzed);
let stack: Stack;
let ids: string[];
let secrets: string[];

/**
 * What the emulator's seed lacks and a real or broken Easemob sends (issue 20): a room of
 * thousands of members, one listing thousands of admins, and creation times that are no time.
 */
function oddRooms(s: Stack): string {
  const big = bigRoom(s.emulator.store, 3_000);
  const rooms = [...s.emulator.store.rooms.values()];
  // Creation times of the emulator's own clock would differ between two emulators.
  rooms.forEach((room, i) => (room.created = 1_542_542_951_527 + i));
  rooms[1]!.admins = Array.from({ length: 5_000 }, (_, i) => `listed_admin_${i}`);
  rooms[1]!.custom = 'c'.repeat(8 * 1024);
  const created: unknown[] = [1e20, -1, 2 ** 53, 1.5, '1542542951527', 'yesterday'];
  created.forEach((value, i) => ((rooms[2 + i] as { created: unknown }).created = value));
  return big;
}
/** The room of 3,000 members. */
let big: string;

beforeAll(() => {
  stack = stacks.shared;
  big = oddRooms(stack);
  ids = [...stack.emulator.store.rooms.keys()];
  secrets = [apiKey, stack.emulator.clientSecret, stack.emulator.clientId, new URL(stack.emulator.url).host, 'YWMt'];
});

/** The value at a response path; null when anything on the way is null. */
const valueAt = (data: unknown, path: readonly (string | number)[]): unknown =>
  path.reduce<unknown>((v, key) => (v == null ? null : (v as Record<string | number, unknown>)[key]), data);

interface Outcome {
  status: number;
  text: string;
  json: { data?: unknown; errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string; argumentPath?: unknown } }[] } | undefined;
  upstreamCalls: number;
  roomsBefore: number;
  roomsAfter: number;
}

/**
 * Sends `body` as a client would, but in process: the gateway's own fetch handler, no HTTP
 * server or client in between (what is fuzzed here is GraphQL, not sockets), unless `overHttp`
 * (raw bodies, where Node's parser and the server's limits are part of what is tried). Its
 * calls still go over HTTP to the emulator, which counts them.
 */
async function send(body: string, contentType = 'application/json', on: Stack = stack, overHttp = false): Promise<Outcome> {
  const mark = on.emulator.calls.length;
  const roomsBefore = on.emulator.store.rooms.size;
  const headers: Record<string, string> = {
    'content-type': contentType,
    accept: 'application/graphql-response+json',
    authorization: `Bearer ${apiKey}`,
  };
  // A client's fetch says how long the body is; in process, the request must say it itself.
  if (!overHttp) headers['content-length'] = String(Buffer.byteLength(body));
  const init = { method: 'POST', headers, body };
  const res = overHttp ? await fetch(on.url, init) : await on.gateway.yoga.fetch(new Request(on.url, init));
  const text = await res.text();
  let json: Outcome['json'];
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, text, json, upstreamCalls: on.emulator.apiCalls(mark).length, roomsBefore, roomsAfter: on.emulator.store.rooms.size };
}

function expectSafe(o: Outcome, query = '') {
  expect(o.status).toBeLessThan(500);
  expect(o.json, o.text).toBeDefined();
  for (const s of secrets) expect(o.text).not.toContain(s);
  expect(o.upstreamCalls, o.text).toBeLessThanOrEqual(maxUpstreamCalls);
  // Stopped at run time: a list longer than Easemob documents, or an answer past its size.
  const stopped = o.json && 'data' in o.json && o.json.errors?.some((e) => e.extensions?.code === 'QUERY_TOO_EXPENSIVE');
  if (stopped) expect(query).toMatch(/members|affiliations|admins|memberList|chatroomsByIds/);
  // Answers are bounded whatever Easemob sends: in errors, and in size.
  expect(o.json?.errors?.length ?? 0).toBeLessThanOrEqual(100);
  expect(o.text.length).toBeLessThan(4_000_000);
  for (const e of o.json?.errors ?? []) {
    expect(e.extensions?.code, e.message).toBeDefined();
    // One wording per code: a gateway code's message opens with its words.
    const lead = errorLeads[e.extensions?.code as ErrorCode];
    if (lead) expect(e.message.startsWith(`${lead}: `), e.message).toBe(true);
    // No error nulls more than its own field: what holds the failed field is still there.
    if (e.path?.length && o.json?.data != null) expect(valueAt(o.json.data, e.path.slice(0, -1)), JSON.stringify(e)).not.toBeNull();
  }
  // The gateway's own input checks locate the bad value (argumentPath); Easemob refusing input after a call does not.
  const rejected = o.json?.errors?.some((e) => e.extensions?.argumentPath) || !o.json || !('data' in o.json);
  if (rejected) {
    expect(o.upstreamCalls, o.text).toBe(0);
    expect(o.roomsAfter).toBe(o.roomsBefore);
  }
}

// Inputs: mostly hostile, sometimes valid.
const id = () => fc.oneof(fc.constantFrom(...ids), fc.string({ maxLength: 40 }), fc.stringMatching(/^[0-9]{1,40}$/), fc.constantFrom('..', '1/2', '1,2', '%2C', '../../etc/passwd', ''));
const username = fc.oneof(fc.constantFrom('alice', 'bob', 'carol', 'ghost'), fc.string({ maxLength: 80 }), fc.constantFrom('a/b', '.', '..', '../alice', 'a,b', 'x'.repeat(65), ''));
const int = fc.oneof(
  fc.integer({ min: -5, max: 20_000 }),
  fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
  fc.constantFrom(0, 1, 100, 101, 10_000, 10_001, -1, -(2 ** 31), 2 ** 31 - 1),
);
/** Texts around a limit, astral characters among them (an emoji counts two, as Easemob counts). */
const text = (max: number) =>
  fc.oneof(
    fc.string({ maxLength: max + 5 }),
    fc.string({ unit: 'binary', maxLength: Math.ceil(max / 2) + 5 }),
    fc.constantFrom('', 'x'.repeat(max), 'x'.repeat(max + 1), '😀'.repeat(max / 2), '😀'.repeat(max / 2 + 1), `${'x'.repeat(max - 1)}😀`),
  );
const roomFields = fc.subarray(
  ['id', 'name', 'description', 'maxUsers', 'affiliationsCount', 'owner { username }', 'members { username }', 'public', 'createdAt', 'custom', 'admins { id }', 'affiliations { role user { id } }'],
  { minLength: 1 },
);

/** One operation with its variables; each variable is sometimes replaced by arbitrary JSON. */
const operation = () =>
  fc
  .oneof(
    fc.record({ f: roomFields, v: fc.record({ id: id() }) }).map(({ f, v }) => ({ q: `query($id: ID!) { chatroom(id: $id) { ${f.join(' ')} } }`, v })),
    fc.record({ f: roomFields, v: fc.record({ ids: fc.array(id(), { maxLength: 120 }) }) }).map(({ f, v }) => ({ q: `query($ids: [ID!]!) { chatroomsByIds(ids: $ids) { ${f.join(' ')} } }`, v })),
    fc.record({ f: roomFields, v: fc.record({ first: int, after: fc.option(fc.string({ maxLength: 60 })) }) }).map(({ f, v }) => ({ q: `query($first: Int, $after: String) { chatrooms(first: $first, after: $after) { nodes { ${f.join(' ')} } pageInfo { endCursor } } }`, v })),
    fc.record({ f: roomFields, v: fc.record({ u: username, first: int }) }).map(({ f, v }) => ({ q: `query($u: String!, $first: Int) { user(username: $u) { joinedChatrooms(first: $first) { nodes { ${f.join(' ')} } } } }`, v })),
    fc.record({ name: text(128), description: text(512), maxUsers: fc.option(int), owner: username, members: fc.option(fc.array(username, { maxLength: 4 })) }).map((input) => ({ q: 'mutation($input: CreateChatroomInput!) { createChatroom(input: $input) { chatroom { id } } }', v: { input } })),
    fc.record({ id: id(), name: fc.option(text(128)), description: fc.option(text(512)), maxUsers: fc.option(int) }).map((input) => ({ q: 'mutation($input: UpdateChatroomInput!) { updateChatroom(input: $input) { updated { name } } }', v: { input } })),
    fc.record({ id: id(), usernames: fc.array(username, { maxLength: 70 }) }).map((input) => ({ q: 'mutation($input: ChatroomMembersInput!) { addChatroomMembers(input: $input) { chatroom { id } } }', v: { input } })),
    fc.record({ id: id(), usernames: fc.array(username, { maxLength: 110 }) }).map((input) => ({ q: 'mutation($input: ChatroomMembersInput!) { removeChatroomMembers(input: $input) { chatroom { id } } }', v: { input } })),
    // Running a room: paged members, per-room lists, mutes with hostile durations, list changes, announcements.
    fc.record({ id: id(), first: int, after: fc.option(fc.string({ maxLength: 60 })) }).map((v) => ({
      q: 'query($id: ID!, $first: Int, $after: String) { chatroom(id: $id) { memberList(first: $first, after: $after) { nodes { role user { id } } } admins { id } announcement mutedMembers { expiresAt } } }',
      v,
    })),
    fc.record({ id: id(), usernames: fc.array(username, { maxLength: 110 }), durationSeconds: fc.option(int) }).map((input) => ({ q: 'mutation($input: MuteChatroomMembersInput!) { muteChatroomMembers(input: $input) { results { ok expiresAt } } }', v: { input } })),
    fc.record({ id: id(), usernames: fc.array(username, { maxLength: 70 }), op: fc.constantFrom('blockChatroomUsers', 'unblockChatroomUsers', 'allowChatroomUsers', 'disallowChatroomUsers', 'unmuteChatroomMembers') }).map(({ op, ...input }) => ({
      q: `mutation($input: ChatroomMembersInput!) { ${op}(input: $input) { results { ok } chatroom { id } } }`,
      v: { input },
    })),
    fc.record({ id: id(), announcement: text(512) }).map((input) => ({ q: 'mutation($input: SetChatroomAnnouncementInput!) { setChatroomAnnouncement(input: $input) { chatroom { announcement } } }', v: { input } })),
    fc.record({ id: id(), username }).map((input) => ({ q: 'mutation($input: ChatroomAdminInput!) { addChatroomAdmin(input: $input) { chatroom { admins { id } } } }', v: { input } })),
  )
  .chain(({ q, v }) =>
    fc.record({
      q: fc.constant(q),
      v: fc.oneof({ weight: 4, arbitrary: fc.constant(v as unknown) }, { weight: 1, arbitrary: fc.jsonValue() }),
    }),
  );

/** Documents whose numbers come from variable defaults, whose selections come through fragments, nested or bombs; and large answers. */
const shaped = () =>
  fc.oneof(
    // The room of 3,000 members under many aliases, or many times over in one list: answers of up to millions of values asked for.
    fc.record({ n: fc.integer({ min: 1, max: 15 }), f: roomFields }).map(
      ({ n, f }) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: chatroom(id: "${big}") { ${f.join(' ')} }`).join(' ')} }`,
    ),
    fc.record({ n: fc.integer({ min: 1, max: 500 }), f: roomFields }).map(
      ({ n, f }) => `{ chatroomsByIds(ids: [${Array.from({ length: n }, () => `"${big}"`).join(',')}]) { ${f.join(' ')} } }`,
    ),
    fc.record({ first: int, inner: int, f: roomFields }).map(
      ({ first, inner, f }) =>
        `query($first: Int = ${first}, $inner: Int = ${inner}) { chatrooms(first: $first) { nodes { ${f.join(' ')} owner { joinedChatrooms(first: $inner) { nodes { id } } } } } }`,
    ),
    fc.record({ u: fc.constantFrom('alice', '.', '..', 'ghost'), first: int, deep: fc.boolean(), f: roomFields }).map(
      ({ u, first, deep, f }) =>
        `query($u: String = "${u}", $deep: Boolean = ${deep}) { user(username: $u) { ...U } } ` +
        `fragment U on User { joinedChatrooms(first: ${first}) { nodes { ...R members @include(if: $deep) { ...U } } } } fragment R on Chatroom { ${f.join(' ')} }`,
    ),
    fc.record({ levels: fc.integer({ min: 1, max: 30 }), on: fc.constantFrom('Chatroom', '__Schema') }).map(({ levels, on }) => {
      const root = on === 'Chatroom' ? `{ chatroom(id: "${ids[0]}") { ...F${levels} } }` : `{ __schema { ...F${levels} } }`;
      let doc = `${root} fragment F0 on ${on} { ${on === 'Chatroom' ? 'id members { username }' : 'queryType { name }'} }`;
      for (let i = 1; i <= levels; i++) doc += ` fragment F${i} on ${on} { ...F${i - 1} ...F${i - 1} }`;
      return doc;
    }),
  );

describe('fuzz', () => {
  it('survives 1200 random operations with hostile variables', async () => {
    await fc.assert(
      fc.asyncProperty(operation(), async ({ q, v }) => {
        expectSafe(await send(JSON.stringify({ query: q, variables: v })), q);
      }),
      { numRuns: 1200 },
    );
  }, 120_000);

  it('survives 400 documents with defaults, fragments and fragment bombs', async () => {
    await fc.assert(
      fc.asyncProperty(shaped(), async (query) => {
        expectSafe(await send(JSON.stringify({ query })), query);
      }),
      { numRuns: 400 },
    );
  }, 60_000);

  it('survives 400 random documents', async () => {
    const doc = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.array(fc.constantFrom('{', '}', '(', ')', 'query', 'mutation', 'chatroom', 'chatrooms', 'id:', '"1"', '$x', '...', 'on', 'Chatroom', 'name', 'fragment', '@skip', '[', ']', ':', 'first', '100'), { maxLength: 40 }).map((t) => t.join(' ')),
    );
    await fc.assert(
      fc.asyncProperty(doc, async (query) => {
        expectSafe(await send(JSON.stringify({ query })));
      }),
      { numRuns: 400 },
    );
  }, 60_000);

  it('survives 400 raw bodies and content types', async () => {
    const body = fc.oneof(fc.string({ maxLength: 300 }), fc.json(), fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b).toString('latin1')));
    const type = fc.constantFrom('application/json', 'application/graphql', 'text/plain', 'application/json; charset=utf-16', 'multipart/form-data; boundary=x');
    await fc.assert(
      fc.asyncProperty(body, type, async (b, t) => {
        const o = await send(b, t, stack, true);
        expect(o.status).toBeLessThan(500);
        for (const s of secrets) expect(o.text).not.toContain(s);
        expect(o.upstreamCalls).toBe(0);
      }),
      { numRuns: 400 },
    );
  }, 60_000);
});

describe('graphql-jit on and off', () => {
  // Two gateways over two emulators with the same seed, sent the same operations in the same order.
  const jitStacks = useStack(fuzzed);
  const plainStacks = useStack({ ...fuzzed, jit: false });
  let jit: Stack;
  let plain: Stack;
  beforeAll(() => {
    [jit, plain] = [jitStacks.shared, plainStacks.shared];
    oddRooms(jit);
    oddRooms(plain);
  });

  /**
   * What a client can act on: the status, the codes, and the data. A mute's expiry is each
   * emulator's clock plus the duration, and the two gateways are asked a moment apart: it is
   * set aside in `expiries` (to be compared within a second), and the rest compared exactly.
   */
  const seen = (o: Outcome, expiries: number[]) => ({
    status: o.status,
    codes: (o.json?.errors ?? []).map((e) => `${e.extensions?.code}@${e.path?.join('.') ?? ''}`).sort(),
    data: JSON.parse(JSON.stringify(o.json?.data ?? null), (key, value) =>
      key === 'expiresAt' && typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? (expiries.push(Date.parse(value)), 'an expiry') : value,
    ),
  });

  it('answers 400 random operations and documents alike: the same status, error codes and data', async () => {
    const cases = fc.oneof(
      { weight: 3, arbitrary: operation().map(({ q, v }) => JSON.stringify({ query: q, variables: v })) },
      { weight: 1, arbitrary: shaped().map((query) => JSON.stringify({ query })) },
      { weight: 1, arbitrary: fc.constantFrom('subscription { chatroom(id: "1") { id } }', 'query($id: ID!) { chatroom(id: $id) { id } }').map((query) => JSON.stringify({ query })) },
    );
    await fc.assert(
      fc.asyncProperty(cases, async (body) => {
        const [a, b] = [await send(body, 'application/json', jit), await send(body, 'application/json', plain)];
        const expiries: [number[], number[]] = [[], []];
        expect(seen(a, expiries[0]), body).toEqual(seen(b, expiries[1]));
        expiries[0].forEach((at, i) => expect(Math.abs(at - expiries[1][i]!), body).toBeLessThan(1_000));
      }),
      { numRuns: 400 },
    );
  }, 120_000);
});
