/** What keeps the gateway safe in front of browsers: cost limits, budgets, CSRF, CORS, limits. */
import { getIntrospectionQuery } from 'graphql';
import { createSchema, createYoga, type Plugin } from 'graphql-yoga';
import { beforeAll, describe, expect, it } from 'vitest';
import { useSafeErrors } from '../src/plugins/safe-errors.js';
import { createLogger } from '../src/logging.js';
import { useRequestId } from '../src/plugins/request-id.js';
import { requestScope } from '../src/request-scope.js';
import { estimate } from './estimate.js';
import { codes, manyClients, type Stack, useStack } from './stack.js';

/** Stacks of a test's own, closed after it. */
const { start } = useStack();

const fanOut = `{
  chatrooms(first: 100) { nodes { owner { joinedChatrooms(first: 100) { nodes {
    members { joinedChatrooms { nodes { name members { username } } } }
  } } } } }
}`;

describe('the upstream-call estimate', () => {
  it('matches the budget table', () => {
    expect(estimate('{ chatroom(id: "1") { name description members { username } } }')).toBe(1);
    expect(estimate('{ chatrooms(first: 20) { nodes { id name owner { username } affiliationsCount } } }')).toBe(1);
    expect(estimate('{ chatrooms(first: 20) { nodes { description } } }')).toBe(2);
    expect(estimate('query($ids: [ID!]!) { chatroomsByIds(ids: $ids) { name } }', { ids: Array(150).fill('1') })).toBe(2);
    expect(estimate('{ user(username: "a") { joinedChatrooms { nodes { id name } } } }')).toBe(1);
    expect(estimate('{ user(username: "a") { joinedChatrooms { nodes { maxUsers } } } }')).toBe(2);
    expect(estimate('mutation { createChatroom(input: {name: "n", description: "", owner: "a"}) { chatroom { id } } }')).toBe(1);
    expect(estimate('mutation { createChatroom(input: {name: "n", description: "", owner: "a"}) { chatroom { name } } }')).toBe(2);
    expect(estimate('{ __schema { types { name } } user(username: "a") { username } }')).toBe(0);
  });

  it('multiplies nested lists, through fragments too', () => {
    expect(estimate('{ chatrooms(first: 10) { nodes { ...F } } } fragment F on Chatroom { owner { joinedChatrooms(first: 5) { nodes { id } } } }')).toBe(11);
    expect(estimate(fanOut)).toBeGreaterThan(100_000);
  });
});

describe('against the running gateway', () => {
  const running = useStack({ security: manyClients });
  let stack: Stack;
  beforeAll(() => {
    stack = running.shared;
  });

  it('refuses the fan-out query with its estimate and the limit, calling nothing', async () => {
    const { result, calls } = await stack.counting(() => stack.gql(fanOut));
    expect(result.status).toBe(400);
    expect(codes(result.body)).toEqual(['QUERY_TOO_EXPENSIVE']);
    const error = result.body.errors![0]!;
    expect(error.extensions).toMatchObject({ estimate: estimate(fanOut), limit: 30 });
    expect(error.message).toContain(`up to ${estimate(fanOut)} upstream calls`);
    expect(calls).toEqual([]);
  });

  it('accepts a page of 100 rooms with details, in two calls', async () => {
    for (let i = 0; i < 80; i++) stack.emulator.store.create({ name: `r${i}`, description: 'd', maxusers: 9, owner: 'bob', members: [] });
    const query = '{ chatrooms(first: 100) { nodes { id name description maxUsers members { username } } } }';
    const { result, calls } = await stack.counting(() => stack.gql(query));
    expect(result.body.errors).toBeUndefined();
    expect((result.body.data as { chatrooms: { nodes: unknown[] } }).chatrooms.nodes).toHaveLength(100);
    expect(calls).toHaveLength(2);
  });

  it.each([
    ['depth', `{ chatrooms { nodes { owner { joinedChatrooms { nodes { owner { joinedChatrooms { nodes { owner { username } } } } } } } } } }`],
    ['aliases', `{ ${Array.from({ length: 16 }, (_, i) => `a${i}: user(username: "u") { username }`).join(' ')} }`],
    ['tokens', `{ ${Array.from({ length: 1100 }, () => '__typename').join(' ')} }`],
    ['directives', `{ __typename ${Array.from({ length: 21 }, () => '@skip(if: false)').join(' ')} }`],
  ])('refuses an operation over the %s limit, calling nothing', async (_, query) => {
    const { result, calls } = await stack.counting(() => stack.gql(query));
    expect(result.body.errors?.length).toBeGreaterThan(0);
    expect(result.body.data ?? null).toBeNull();
    expect(calls).toEqual([]);
  });

  it("lets GraphiQL's full introspection query through every limit", async () => {
    const { body } = await stack.gql(getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true }));
    expect(body.errors).toBeUndefined();
  });

  it('hides field suggestions', async () => {
    const { body } = await stack.gql('{ chatroms { nodes { id } } }');
    expect(body.errors![0]!.message).not.toMatch(/Did you mean/);
  });

  it('turns HTTP batching off', async () => {
    const res = await fetch(stack.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]),
    });
    expect(res.status).toBe(400);
  });

  it('answers malformed JSON bodies with 400', async () => {
    for (const body of ['{', '"just a string"', '42', '{"query": 42}']) {
      const res = await fetch(stack.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect(res.status, body).toBe(400);
    }
  });

  it('refuses bodies over the size limit, and POSTs without a length, unread', async () => {
    const big = JSON.stringify({ query: `{ __typename }`, variables: { pad: 'x'.repeat(70_000) } });
    const res = await fetch(stack.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: big });
    expect(res.status).toBe(413);
    const chunked = await fetch(stack.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: new Blob(['{"query":"{ __typename }"}']).stream(),
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(411);
  });

  it('blocks requests a browser could send cross-site without a preflight that could change anything (CSRF)', async () => {
    const mark = stack.emulator.calls.length;
    const rooms = stack.emulator.store.rooms.size;
    const remove = 'mutation { deleteChatroom(input: { id: "1" }) { success } }';
    const form = await fetch(stack.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `query=${encodeURIComponent(remove)}`,
    });
    expect(form.status).toBe(403);
    const text = await fetch(stack.url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ query: remove }) });
    expect(text.status).toBe(403);
    // A mutation over GET is refused whatever it carries.
    const getWrite = await fetch(`${stack.url}?query=${encodeURIComponent(remove)}`, { headers: { 'x-graphql-yoga-csrf': '1' } });
    expect(getWrite.status).toBe(405);
    expect(stack.emulator.calls.length).toBe(mark);
    expect(stack.emulator.store.rooms.size).toBe(rooms);
  });

  it("answers a plain GET query, as urql's default client sends it: a browser adds no credential to it", async () => {
    const get = await fetch(`${stack.url}?query=${encodeURIComponent('{ __typename }')}`, { headers: { accept: 'application/graphql-response+json' } });
    expect(get.status).toBe(200);
    expect(await get.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('gives each response a request id, keeping a well-formed incoming one', async () => {
    const res = await fetch(stack.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'abc-123' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(res.headers.get('x-request-id')).toBe('abc-123');
    const other = await fetch(stack.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'bad id <script>' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(other.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('CORS', () => {
  const preflight = (url: string, origin: string) =>
    fetch(url, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,authorization' },
    });

  it('answers only allow-listed origins', async () => {
    const stack = await start({ security: { corsOrigins: ['https://app.example.com'] } });
    const allowed = await preflight(stack.url, 'https://app.example.com');
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(allowed.headers.get('access-control-allow-headers')).toContain('authorization');
    const denied = await preflight(stack.url, 'https://evil.example.net');
    expect(denied.headers.get('access-control-allow-origin')).not.toBe('https://evil.example.net');
    expect(denied.headers.get('access-control-allow-origin')).not.toBe('*');
  });

  it('allows no cross-origin access by default', async () => {
    const stack = await start();
    const res = await preflight(stack.url, 'https://app.example.com');
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('introspection switch', () => {
  it('refuses introspection when switched off', async () => {
    const stack = await start({ security: { introspection: false } });
    const { body } = await stack.gql('{ __schema { types { name } } }');
    expect(body.errors?.length).toBeGreaterThan(0);
    expect(body.data ?? null).toBeNull();
    const ok = await stack.gql('{ chatrooms(first: 1) { nodes { id } } }');
    expect(ok.body.errors).toBeUndefined();
  });
});

describe('fairness between callers', () => {
  it('holds a noisy caller at its budget while a quiet one is served in full', async () => {
    const stack = await start({
      apiKeys: ['noisy-key', 'quiet-key'],
      security: { callerBudget: 30, callerWindowSeconds: 10, ipRequestsPerSecond: 100_000 },
    });
    const ids = [...stack.emulator.store.rooms.keys()];
    const ask = (key: string, id: string) => stack.gql('query($id: ID!) { chatroom(id: $id) { name } }', { id }, { authorization: `Bearer ${key}` });
    // The noisy caller asks 10x its budget of 30 calls; the quiet one asks 20.
    const noisy = Promise.all(Array.from({ length: 300 }, (_, i) => ask('noisy-key', ids[i % ids.length]!)));
    const quiet = Promise.all(ids.slice(0, 20).map((id) => ask('quiet-key', id)));
    const [n, q] = await Promise.all([noisy, quiet]);
    for (const r of q) expect(r.body.errors).toBeUndefined();
    const refused = n.filter((r) => r.status === 429);
    expect(refused.length).toBeGreaterThanOrEqual(270);
    expect(codes(refused[0]!.body)).toEqual(['RATE_LIMITED']);
    // Only what the budgets allowed reached the upstream: at most 30 + 20 detail calls.
    expect(stack.emulator.apiCalls().length).toBeLessThanOrEqual(50);
  });

  it('limits requests per IP address before parsing them', async () => {
    const stack = await start({ security: { ipRequestsPerSecond: 5 } });
    const answers = await Promise.all(Array.from({ length: 10 }, () => stack.gql('{ __typename }')));
    const limited = answers.filter((a) => a.status === 429);
    expect(limited.length).toBeGreaterThanOrEqual(5);
    expect(codes(limited[0]!.body)).toEqual(['RATE_LIMITED']);
  });
});

describe('masking unexpected errors', () => {
  it('answers a generic message with the request id, never the error itself', async () => {
    // The real plugins on a tiny schema whose resolver fails unexpectedly.
    const yoga = createYoga({
      schema: createSchema({
        typeDefs: 'type Query { boom: String }',
        resolvers: { Query: { boom: () => { throw new Error('db password hunter2 at /srv/app.ts:42'); } } },
      }),
      context: ({ request }) => ({ requestId: requestScope(request).requestId }),
      plugins: [useRequestId(), useSafeErrors(createLogger('silent'))],
      logging: false,
    });
    {
      const res = await yoga.fetch('http://localhost/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': 'req-42' },
        body: JSON.stringify({ query: '{ boom }' }),
      });
      const text = await res.text();
      expect(text).not.toContain('hunter2');
      expect(text).not.toContain('app.ts');
      expect(JSON.parse(text).errors[0]).toMatchObject({
        message: 'Unexpected error: quote request id req-42 when reporting it',
        extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: 'req-42' },
      });
    }
  });

  it('gives an error thrown outside any field (an executor failing, as graphql-jit did) the request id too', async () => {
    const yoga = createYoga({
      schema: createSchema({ typeDefs: 'type Query { ok: String }' }),
      context: ({ request }) => ({ requestId: requestScope(request).requestId }),
      plugins: [
        useRequestId(),
        useSafeErrors(createLogger('silent')),
        {
          onExecute: ({ setExecuteFn }) =>
            setExecuteFn(() => {
              throw new Error('compiler bug near hunter2');
            }),
        } satisfies Plugin,
      ],
      logging: false,
    });
    const res = await yoga.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'req-43' },
      body: JSON.stringify({ query: '{ ok }' }),
    });
    const text = await res.text();
    expect(text).not.toContain('hunter2');
    expect(JSON.parse(text).errors).toEqual([
      { message: 'Unexpected error: quote request id req-43 when reporting it', extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: 'req-43' } },
    ]);
  });
});
