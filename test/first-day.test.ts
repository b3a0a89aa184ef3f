/**
 * A frontend team's first day, one test per thing that needed a workaround: clients' own
 * headers and GETs, what a cache needs from the schema, errors a UI can act on, and client
 * mistakes answered as such with and without graphql-jit. The client libraries themselves
 * run against the gateway in test/clients.test.ts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { errorLeads, protocolCodes } from '../src/error-codes.js';
import { codes, post, useStack } from './stack.js';

const origin = 'https://app.example.com';

const stacks = useStack({ security: { corsOrigins: [origin] } });
let ids: string[];
beforeAll(() => {
  ids = [...stacks.shared.emulator.store.rooms.keys()];
});

describe('clients as shipped', () => {
  it("allows Apollo Client's client-awareness headers from an allowed origin, and lets browser code read Retry-After and the request id", async () => {
    const preflight = await fetch(stacks.shared.url, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,authorization,apollographql-client-name,apollographql-client-version',
      },
    });
    const allowed = preflight.headers.get('access-control-allow-headers')!.split(',').map((h) => h.trim());
    expect(allowed).toEqual(expect.arrayContaining(['content-type', 'authorization', 'apollographql-client-name', 'apollographql-client-version']));
    const res = await post(stacks.shared.url, { query: '{ __typename }' }, { origin, 'apollographql-client-name': 'web' });
    const exposed = res.headers.get('access-control-expose-headers')!.split(',').map((h) => h.trim());
    expect(exposed).toEqual(expect.arrayContaining(['retry-after', 'x-request-id']));
  });

  it("allows an app's own request headers when configured", async () => {
    const s = await stacks.start({ security: { corsOrigins: [origin], corsAllowHeaders: ['x-app-version'] } });
    const preflight = await fetch(s.url, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-app-version' },
    });
    const allowed = preflight.headers.get('access-control-allow-headers')!.split(',').map((h) => h.trim());
    // Content-Type and Authorization stay allowed whatever the list says.
    expect(allowed.sort()).toEqual(['authorization', 'content-type', 'x-app-version']);
  });

  it('says when to retry in extensions.retryAfterSeconds as well as in Retry-After', async () => {
    const s = await stacks.start({ security: { ipRequestsPerSecond: 2, callerBudget: 1_000 } });
    const t = await stacks.start({ security: { callerBudget: 2, maxUpstreamCalls: 2, callerWindowSeconds: 60 } });
    const ask = (url: string) => post(url, { query: '{ chatrooms(first: 1) { nodes { id } } }' });
    // Over the per-IP request rate: refused before GraphQL.
    const byIp = await Promise.all([ask(s.url), ask(s.url), ask(s.url)]);
    const refusedByIp = byIp.find((r) => r.status === 429)!;
    const ipBody = await refusedByIp.json();
    expect(ipBody.errors[0].extensions).toEqual({ code: 'RATE_LIMITED', retryAfterSeconds: Number(refusedByIp.headers.get('retry-after')) });
    // Over the caller's upstream budget: refused when priced.
    await ask(t.url);
    await ask(t.url);
    const byBudget = await ask(t.url);
    expect(byBudget.status).toBe(429);
    const budgetBody = await byBudget.json();
    expect(budgetBody.errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED' });
    expect(budgetBody.errors[0].extensions.retryAfterSeconds).toBe(Number(byBudget.headers.get('retry-after')));
    expect(budgetBody.errors[0].extensions.retryAfterSeconds).toBeGreaterThan(0);
  });
});

describe('a schema a cache can normalize', () => {
  it('gives users an id: their username', async () => {
    const { body } = await stacks.shared.gql('{ user(username: "alice") { id username } }');
    expect(body.data).toEqual({ user: { id: 'alice', username: 'alice' } });
  });

  it("gives a page both ends' cursors and says whether rows lie before it", async () => {
    const page = (after?: string) =>
      stacks.shared.gql<{ chatrooms: { edges: { cursor: string }[]; pageInfo: Record<string, unknown> } }, { after?: string }>(
        'query($after: String) { chatrooms(first: 3, after: $after) { edges { cursor } pageInfo { startCursor endCursor hasPreviousPage hasNextPage } } }',
        { after },
      );
    const first = (await page()).body.data!.chatrooms;
    expect(first.pageInfo).toEqual({ startCursor: first.edges[0]!.cursor, endCursor: first.edges[2]!.cursor, hasPreviousPage: false, hasNextPage: true });
    const second = (await page(first.pageInfo.endCursor as string)).body.data!.chatrooms;
    expect(second.pageInfo).toMatchObject({ startCursor: second.edges[0]!.cursor, hasPreviousPage: true });

    const joined = (after?: string) =>
      stacks.shared.gql<{ user: { joinedChatrooms: { pageInfo: Record<string, unknown> } } }, { after?: string }>(
        'query($after: String) { user(username: "alice") { joinedChatrooms(first: 1, after: $after) { pageInfo { startCursor endCursor hasPreviousPage } } } }',
        { after },
      );
    const one = (await joined()).body.data!.user.joinedChatrooms.pageInfo;
    expect(one).toMatchObject({ hasPreviousPage: false, startCursor: one.endCursor });
    expect((await joined(one.endCursor as string)).body.data!.user.joinedChatrooms.pageInfo.hasPreviousPage).toBe(true);
  });

  it('returns the deleted id in a field a cache evicts by, and the new room from create', async () => {
    const created = await stacks.shared.gql<{ createChatroom: { chatroom: { id: string; name: string; owner: { id: string } } } }, unknown>(
      'mutation { createChatroom(input: { name: "Evict me", description: "", owner: "alice" }) { chatroom { id name owner { id } } } }',
    );
    const room = created.body.data!.createChatroom.chatroom;
    expect(room).toMatchObject({ name: 'Evict me', owner: { id: 'alice' } });
    const { body } = await stacks.shared.gql(`mutation { deleteChatroom(input: { id: "${room.id}" }) { deletedChatroomId success } }`);
    expect(body.data).toEqual({ deleteChatroom: { deletedChatroomId: room.id, success: true } });
  });
});

describe('errors a UI can act on', () => {
  it('nulls only the field an unknown user fails, never its neighbours', async () => {
    const { body } = await stacks.shared.gql('{ chatrooms(first: 2) { nodes { id } } user(username: "nobody_here") { id joinedChatrooms { nodes { id } } } }');
    expect(body.data).toEqual({ chatrooms: { nodes: [{ id: ids[0] }, { id: ids[1] }] }, user: { id: 'nobody_here', joinedChatrooms: null } });
    expect(body.errors).toEqual([
      expect.objectContaining({ path: ['user', 'joinedChatrooms'], extensions: { code: 'NOT_FOUND', usernames: ['nobody_here'] } }),
    ]);
  });

  it("nulls only the fields of rooms whose details cannot be read, keeping the list and the rooms' list fields", async () => {
    // Easemob answers the detail call as if the rooms were deleted after the list call.
    stacks.shared.emulator.injectFault({ method: 'GET', path: /^\/chatrooms\/[\d,%C]+$/, status: 404, error: 'resource_not_found' });
    const { body } = await stacks.shared.gql<{ chatrooms: unknown }, unknown>('{ chatrooms(first: 2) { nodes { id name description } } viewer { id } }');
    expect(body.data!.chatrooms).toEqual({
      nodes: [
        { id: ids[0], name: expect.any(String), description: null },
        { id: ids[1], name: expect.any(String), description: null },
      ],
    });
    expect(body.errors!.map((e) => [e.path, e.message])).toEqual([
      [['chatrooms', 'nodes', 0, 'description'], `Not found: chatroom ${ids[0]}`],
      [['chatrooms', 'nodes', 1, 'description'], `Not found: chatroom ${ids[1]}`],
    ]);
  });

  it('names the unknown users of a create or an add in extensions.usernames', async () => {
    const create = await stacks.shared.gql('mutation { createChatroom(input: { name: "n", description: "", owner: "alice", members: ["bob", "ghost_one"] }) { chatroom { id } } }');
    expect(create.body.errors).toEqual([expect.objectContaining({ message: 'Not found: user ghost_one', extensions: { code: 'NOT_FOUND', usernames: ['ghost_one'] } })]);
    const add = await stacks.shared.gql(`mutation { addChatroomMembers(input: { id: "${ids[0]}", usernames: ["ghost_two"] }) { chatroom { id } } }`);
    expect(add.body.errors).toEqual([expect.objectContaining({ message: 'Not found: user ghost_two', extensions: { code: 'NOT_FOUND', usernames: ['ghost_two'] } })]);
  });

  it('reports every invalid argument at once, each with its argumentPath, and touches nothing', async () => {
    const { result, calls } = await stacks.shared.counting(() =>
      stacks.shared.gql(
        'mutation { createChatroom(input: { name: "", description: "x", owner: "..", members: ["bob", "bob"], maxUsers: 0 }) { chatroom { id } } ' +
          'deleteChatroom(input: { id: "not-a-number" }) { deletedChatroomId } }',
      ),
    );
    expect(result.status).toBe(400);
    expect(calls).toEqual([]);
    const errors = result.body.errors!;
    expect(errors.map((e) => e.extensions!.argumentPath)).toEqual(
      expect.arrayContaining([['input', 'name'], ['input', 'owner'], ['input', 'maxUsers'], ['input', 'members'], ['input', 'id']]),
    );
    expect(errors.length).toBeGreaterThanOrEqual(5);
    for (const e of errors) {
      expect(e.extensions!.code).toBe('BAD_USER_INPUT');
      expect(e.message).toMatch(new RegExp(`^Invalid input: ${(e.extensions!.argumentPath as string[]).join('\\.')}: `));
      expect(e.locations).toBeDefined();
    }
  });

  it('says "not found" in the same words in queries and mutations', async () => {
    const query = await stacks.shared.gql('{ chatroom(id: "4242") { id } chatroomsByIds(ids: ["4243"]) { id } }');
    const update = await stacks.shared.gql('mutation { updateChatroom(input: { id: "4244", name: "x" }) { chatroom { id } } }');
    const remove = await stacks.shared.gql('mutation { deleteChatroom(input: { id: "4245" }) { deletedChatroomId } }');
    expect([...query.body.errors!, ...update.body.errors!, ...remove.body.errors!].map((e) => [e.extensions!.code, e.message])).toEqual([
      ['NOT_FOUND', 'Not found: chatroom 4242'],
      ['NOT_FOUND', 'Not found: chatroom 4243'],
      ['NOT_FOUND', 'Not found: chatroom 4244'],
      ['NOT_FOUND', 'Not found: chatroom 4245'],
    ]);
  });

  it("opens every gateway error's message with its code's words", async () => {
    const answers = await Promise.all([
      stacks.shared.gql('{ chatroom(id: "4242") { id } }'),
      stacks.shared.gql('{ chatrooms(first: 0) { nodes { id } } }'),
      stacks.shared.gql('{ chatrooms(first: 100) { nodes { owner { joinedChatrooms(first: 1) { nodes { id } } } } } }'),
      stacks.shared.gql('query($id: ID!) { chatroom(id: $id) { id } }'),
      stacks.shared.gql(`{ ${Array.from({ length: 20 }, (_, i) => `a${i}: chatroom(id: "${ids[0]}") { id }`).join(' ')} }`),
      stacks.shared.gql(`{ chatrooms { nodes { owner { joinedChatrooms { nodes { owner { joinedChatrooms { nodes { owner { joinedChatrooms { nodes { id } } } } } } } } } } } }`),
    ]);
    const errors = answers.flatMap((a) => a.body.errors ?? []);
    expect(errors.map((e) => e.extensions!.code)).toEqual([
      'NOT_FOUND',
      'BAD_USER_INPUT',
      'QUERY_TOO_EXPENSIVE',
      'BAD_USER_INPUT',
      'QUERY_TOO_COMPLEX',
      'QUERY_TOO_COMPLEX',
    ]);
    // Refused before running, each is a 400 (GraphQL over HTTP), not a 200 without a code.
    expect(answers.slice(1).map((a) => a.status)).toEqual([400, 400, 400, 400, 400]);
    for (const e of errors) expect(e.message.startsWith(`${errorLeads[e.extensions!.code as keyof typeof errorLeads]}: `), e.message).toBe(true);
  });
});

describe('the README', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const errorsSection = readme.slice(readme.indexOf('## Errors'), readme.indexOf('## Paging'));
  /** The example message of a code's row in the README's error tables. */
  const example = (code: string) => new RegExp(`^\\| \`${code}\` \\|.*\\| \`([^\`]+)\` \\|$`, 'm').exec(errorsSection)?.[1];

  it("documents every code with an example in the code's words", () => {
    for (const [code, lead] of Object.entries(errorLeads)) {
      expect(example(code), code).toBeDefined();
      expect(example(code)!.startsWith(`${lead}: `), code).toBe(true);
    }
    for (const code of protocolCodes) expect(example(code), code).toBeDefined();
  });

  it('gives examples the gateway really answers', async () => {
    const answers = await Promise.all([
      stacks.shared.gql('{ chatrooms(first: 101) { nodes { id } } }'),
      stacks.shared.gql('{ user(username: "bob2") { joinedChatrooms { nodes { id } } } }'),
      stacks.shared.gql('{ chatrooms { nodes { owner { joinedChatrooms { nodes { owner { joinedChatrooms { nodes { owner { joinedChatrooms { nodes { id } } } } } } } } } } } }'),
      stacks.shared.gql('{ x'),
      stacks.shared.gql('subscription { chatroom(id: "1") { id } }'),
    ]);
    for (const { body } of answers) expect(body.errors![0]!.message).toBe(example(body.errors![0]!.extensions!.code as string));
  });
});

describe('client mistakes answer 400 with a code, with or without graphql-jit', () => {
  for (const jit of [true, false]) {
    it(`refuses subscriptions and missing or wrong variables (jit ${jit ? 'on' : 'off'})`, async () => {
      const s = await stacks.start({ jit });
      const answer = async (body: Parameters<typeof post>[1]) => {
        // What Apollo Client 4 and urql ask for; with only application/json, GraphQL over HTTP wants 200 for validation errors.
        const res = await post(s.url, body, { accept: 'application/graphql-response+json, application/json;q=0.9' });
        const json = await res.json();
        return [res.status, json.errors.map((e: { extensions?: { code?: string } }) => e.extensions?.code), 'data' in json];
      };
      expect(await answer({ query: 'subscription { chatroom(id: "1") { id } }' })).toEqual([400, ['GRAPHQL_VALIDATION_FAILED'], false]);
      expect(await answer({ query: 'query($id: ID!) { chatroom(id: $id) { id } }' })).toEqual([400, ['BAD_USER_INPUT'], false]);
      expect(await answer({ query: 'query($id: ID!) { chatroom(id: $id) { id } }', variables: { id: { a: 1 } } })).toEqual([400, ['BAD_USER_INPUT'], false]);
      expect(await answer({ query: 'query($n: Int) { chatrooms(first: $n) { nodes { id } } }', variables: { n: 'ten' } })).toEqual([400, ['BAD_USER_INPUT'], false]);
    });
  }
});
