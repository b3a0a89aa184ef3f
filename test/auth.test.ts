/** Callers' authentication in both modes, and the gateway's token lifecycle. */
import { describe, expect, it } from 'vitest';
import { graphql } from './gql/index.js';
import { codes, type Stack, useStack } from './stack.js';

const Names = graphql(`
  query Names { chatrooms(first: 3) { nodes { name } } }
`);

// Most tests count every call the emulator had, token requests too: a stack each.
const stacks = useStack();

/** Every token the emulator issued and the secrets it knows must not leave the gateway. */
function expectNoSecrets(text: string, s: Stack) {
  expect(text).not.toContain(s.emulator.clientSecret);
  expect(text).not.toContain(s.emulator.clientId);
  expect(text).not.toContain(s.emulator.url);
  expect(text).not.toMatch(/YWMt/);
}

describe('service mode with API keys', () => {
  const keyed = useStack({ apiKeys: ['key-one', 'key-two'] });

  it('serves a caller with a valid key', async () => {
    const { status, body, text } = await keyed.shared.gql(Names, undefined, { authorization: 'Bearer key-two' });
    expect(status).toBe(200);
    expect(body.data!.chatrooms!.nodes).toHaveLength(3);
    expectNoSecrets(text, keyed.shared);
  });

  it.each([
    ['no header', {}],
    ['a wrong key', { authorization: 'Bearer nope' }],
    ['a key without Bearer', { authorization: 'key-one' }],
  ])('refuses %s with UNAUTHENTICATED and calls no upstream', async (_, headers) => {
    const s = await stacks.start({ apiKeys: ['key-one'] });
    const { result, calls } = await s.counting(() => s.gql(Names, undefined, headers));
    expect(result.status).toBe(401);
    expect(codes(result.body)).toEqual(['UNAUTHENTICATED']);
    expect(calls).toEqual([]);
    expect(s.emulator.calls).toEqual([]);
  });

  it('lets anyone load the schema by introspection', async () => {
    const { body } = await keyed.shared.gql<{ __schema: { queryType: { name: string } } }, never>(
      '{ __schema { queryType { name } } }',
    );
    expect(body.data?.__schema.queryType.name).toBe('Query');
  });

  it('does not treat a mixed introspection and data query as introspection', async () => {
    const { body } = await keyed.shared.gql('{ __typename chatrooms { nodes { id } } }');
    expect(codes(body)).toEqual(['UNAUTHENTICATED']);
  });
});

describe('service mode token lifecycle', () => {
  it('fetches one token for many concurrent requests and reuses it', async () => {
    const s = await stacks.start();
    const results = await Promise.all(Array.from({ length: 20 }, () => s.gql(Names)));
    expect(results.every((r) => r.body.data?.chatrooms?.nodes.length === 3)).toBe(true);
    await s.gql(Names);
    expect(s.emulator.calls.filter((c) => c.token)).toHaveLength(1);
  });

  it('refreshes once and retries once when the token expires mid-run', async () => {
    const s = await stacks.start();
    await s.gql(Names);
    s.emulator.revokeTokens();
    const results = await Promise.all(Array.from({ length: 10 }, () => s.gql(Names)));
    for (const r of results) expect(r.body.errors).toBeUndefined();
    expect(s.emulator.calls.filter((c) => c.token)).toHaveLength(2);
    // Calls that met a 401 were retried once, with the one new token.
    expect(s.emulator.apiCalls().filter((c) => c.status === 401).length).toBeGreaterThanOrEqual(1);
  });

  it('refreshes ahead of expiry instead of waiting for a 401', async () => {
    const s = await stacks.start({ emulator: { tokenTtlSeconds: 1 }, policy: { minTokenLifetimeMs: 0 } });
    await s.gql(Names);
    // 80% of the lifetime later the next request triggers a background refresh.
    await new Promise((r) => setTimeout(r, 850));
    await s.gql(Names);
    await new Promise((r) => setTimeout(r, 300));
    const { body } = await s.gql(Names);
    expect(body.errors).toBeUndefined();
    expect(s.emulator.calls.filter((c) => c.token).length).toBeGreaterThanOrEqual(2);
    expect(s.emulator.apiCalls().filter((c) => c.status === 401)).toEqual([]);
  });

  it('says so, without secrets, when its own credentials are refused', async () => {
    const stack = await stacks.start({ clientSecret: 'something-else' });
    const { body, text } = await stack.gql(Names);
    expect(codes(body)).toEqual(['UPSTREAM_ERROR']);
    expect(body.errors![0]!.message).toBe('Easemob error: the gateway could not obtain an Easemob token');
    expect(text).not.toContain('something-else');
  });
});

describe('passthrough mode', () => {
  it("forwards the caller's Authorization header verbatim", async () => {
    const stack = await stacks.start({ mode: 'passthrough' });
    const token = await fetch(`${stack.emulator.url}/${stack.emulator.org}/${stack.emulator.app}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        grant_type: 'client_credentials',
        client_id: stack.emulator.clientId,
        client_secret: stack.emulator.clientSecret,
      }),
    }).then((r) => r.json() as Promise<{ access_token: string }>);
    const { body, text } = await stack.gql(Names, undefined, { authorization: `Bearer ${token.access_token}` });
    expect(body.data!.chatrooms!.nodes).toHaveLength(3);
    expect(text).not.toContain(token.access_token);
  });

  it('answers UNAUTHENTICATED without a header, calling nothing', async () => {
    const stack = await stacks.start({ mode: 'passthrough' });
    const { body } = await stack.gql(Names);
    expect(codes(body)).toEqual(['UNAUTHENTICATED']);
    expect(stack.emulator.calls).toEqual([]);
  });

  it('answers UNAUTHENTICATED when Easemob refuses the token, retrying nothing', async () => {
    const stack = await stacks.start({ mode: 'passthrough' });
    const { body } = await stack.gql(Names, undefined, { authorization: 'Bearer YWMtnotreal' });
    expect(codes(body)).toEqual(['UNAUTHENTICATED']);
    expect(stack.emulator.apiCalls()).toHaveLength(1);
  });
});
