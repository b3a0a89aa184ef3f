/** Upstream failures reach callers as stable codes with safe messages. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './gql/index.js';
import { codes, type Stack, startStack } from './stack.js';

const RoomName = graphql(`
  query RoomName($id: ID!) { chatroom(id: $id) { id name } }
`);

let stack: Stack;
let id: string;
beforeAll(async () => {
  stack = await startStack({ emulator: { singleDetailAsObject: true } });
  id = stack.emulator.store.rooms.keys().next().value!;
});
afterAll(() => stack.close());

describe('upstream failures', () => {
  it.each([
    [503, 'UPSTREAM_RATE_LIMITED'],
    [429, 'UPSTREAM_RATE_LIMITED'],
    [502, 'UPSTREAM_UNAVAILABLE'],
    [504, 'UPSTREAM_UNAVAILABLE'],
    [500, 'UPSTREAM_ERROR'],
    [403, 'FORBIDDEN'],
  ])('HTTP %i → %s, with nothing of the upstream in the answer', async (status, code) => {
    await stack.gql(RoomName, { id }); // warm the token so the fault hits the detail call
    stack.emulator.injectFault({ status, path: /^\/chatrooms\// });
    const { body, text } = await stack.gql(RoomName, { id });
    expect(codes(body)).toEqual([code]);
    expect(text).not.toContain(stack.emulator.url);
    expect(text).not.toContain('fault injected by the emulator'); // error_description stays upstream
    expect(text).not.toContain('com.easemob');
  });

  it('a cut connection → UPSTREAM_UNAVAILABLE', async () => {
    await stack.gql(RoomName, { id });
    stack.emulator.injectFault({ reset: 'before', path: /^\/chatrooms\// });
    const { body, text } = await stack.gql(RoomName, { id });
    expect(codes(body)).toEqual(['UPSTREAM_UNAVAILABLE']);
    expect(text).not.toContain('127.0.0.1');
  });

  it('accepts a one-room detail answered as an object', async () => {
    const { body } = await stack.gql(RoomName, { id });
    expect(body.errors).toBeUndefined();
    expect(body.data!.chatroom!.id).toBe(id);
  });
});

describe('the emulator rate limit as the gateway meets it', () => {
  it('answers 503 past 30 calls a second, which callers see as UPSTREAM_RATE_LIMITED', async () => {
    const limited = await startStack({ emulator: { rateLimit: { perSecond: 30, status: 503 } } });
    try {
      const ids = [...limited.emulator.store.rooms.keys()];
      // Separate requests cannot be batched together: 30 rooms plus the token exceed 30 calls.
      const results = await Promise.all(ids.map((room) => limited.gql(RoomName, { id: room })));
      const limitedCodes = results.flatMap((r) => codes(r.body));
      expect(limitedCodes.length).toBeGreaterThan(0);
      expect(new Set(limitedCodes)).toEqual(new Set(['UPSTREAM_RATE_LIMITED']));
      expect(limited.emulator.calls.filter((c) => c.status === 503).length).toBe(limitedCodes.length);
    } finally {
      await limited.close();
    }
  });
});
