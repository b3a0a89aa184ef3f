/**
 * Who may do what (issue 11's table), one test per cell, allowed and refused. A refusal is
 * FORBIDDEN naming the rule, the field null, and no upstream write. Callers: signed-in users
 * (HS256 tokens), an admin (the admin scope), an API key, and anonymous callers, who with
 * sign-in on may only read.
 */
import { describe, expect, it } from 'vitest';
import { castStack, refusalFor, useCast, type Who } from './cast.js';
import { hs256, jwtWithSecret } from './identity.js';
import { codes, expectForbidden, manyClients, useStack } from './stack.js';

// The cast plays every caller from one address.
const stacks = useStack({ ...castStack, security: manyClients });
const as = useCast();

/** A room owned by alice with bob as member, open unless told otherwise. */
const room = (options: { members?: string[]; membersonly?: boolean; public?: boolean } = {}) => {
  const members = options.members ?? ['bob'];
  const r = stacks.shared.emulator.store.create({ name: 'Rules', description: '', maxusers: 50, owner: 'alice', members });
  r.membersonly = options.membersonly ?? false;
  r.public = options.public ?? true;
  return r;
};

async function run(who: Who, query: string, variables?: Record<string, unknown>) {
  const { result, calls } = await stacks.shared.counting(() => stacks.shared.gql(query, variables, as(who)));
  return { body: result.body as { data?: Record<string, unknown> | null; errors?: { message: string }[] }, calls };
}

async function expectRefused(who: Who, query: string, field: string, variables?: Record<string, unknown>) {
  const answer = await run(who, query, variables);
  expectForbidden(answer, field, refusalFor(who));
  return answer.calls;
}

async function expectAllowed(who: Who, query: string, variables?: Record<string, unknown>) {
  const { body, calls } = await run(who, query, variables);
  expect(body.errors).toBeUndefined();
  return { data: body.data!, calls };
}

describe('reading rooms: anyone let in', () => {
  const Reads = `query($id: ID!) { chatroom(id: $id) { name } chatroomsByIds(ids: [$id]) { id } chatrooms(first: 2) { nodes { id } } }`;
  it.each(['alice', 'bob', 'carol', 'admin', 'key', 'anonymous'] as const)('%s may read rooms', async (who) => {
    await expectAllowed(who, Reads, { id: room().id });
  });
});

describe("user(u).joinedChatrooms: u themself, or an admin", () => {
  const Joined = `query($u: String!) { user(username: $u) { joinedChatrooms(first: 5) { nodes { id } } } }`;
  it('a user lists their own rooms', async () => {
    await expectAllowed('alice', Joined, { u: 'alice' });
  });
  it("a user may not list someone else's, and nothing is asked upstream", async () => {
    const { body, calls } = await run('alice', Joined, { u: 'bob' });
    expect(codes(body as never)).toEqual(['FORBIDDEN']);
    expect(body.errors![0]!.message).toBe("Not allowed: only the user themself or an admin may list a user's rooms.");
    expect(body.data).toEqual({ user: { joinedChatrooms: null } });
    expect(calls).toEqual([]);
  });
  it.each(['admin', 'key'] as const)("%s lists anyone's", async (who) => {
    await expectAllowed(who, Joined, { u: 'bob' });
  });
  it('an anonymous caller may not', async () => {
    const { body } = await run('anonymous', Joined, { u: 'bob' });
    expect(codes(body as never)).toEqual(['UNAUTHENTICATED']);
  });
});

describe('createChatroom: a user only as owner, an admin any owner', () => {
  const Create = `mutation($input: CreateChatroomInput!) { createChatroom(input: $input) { chatroom { id owner { username } } } }`;
  const input = (owner?: string) => ({ input: { name: 'New', description: '', ...(owner ? { owner } : {}) } });
  it('a user who leaves the owner out owns the room', async () => {
    const { data } = await expectAllowed('alice', Create, input());
    expect(data.createChatroom).toMatchObject({ chatroom: { owner: { username: 'alice' } } });
  });
  it('a user may name themself as owner', async () => {
    await expectAllowed('bob', Create, input('bob'));
  });
  it('a user may not name another owner', async () => {
    await expectRefused('alice', Create, 'createChatroom', input('bob'));
  });
  it.each(['admin', 'key'] as const)('%s may name any owner', async (who) => {
    const { data } = await expectAllowed(who, Create, input('carol'));
    expect(data.createChatroom).toMatchObject({ chatroom: { owner: { username: 'carol' } } });
  });
  it('an API key must name the owner', async () => {
    const { body, calls } = await run('key', Create, input());
    expect(codes(body as never)).toEqual(['BAD_USER_INPUT']);
    expect(calls).toEqual([]);
  });
  it('an anonymous caller may not create', async () => {
    await expectRefused('anonymous', Create, 'createChatroom', input('alice'));
  });
});

describe('updateChatroom and deleteChatroom: the owner or an admin', () => {
  const Update = `mutation($id: ID!) { updateChatroom(input: { id: $id, name: "Renamed" }) { chatroom { name maxUsers } } }`;
  const Delete = `mutation($id: ID!) { deleteChatroom(input: { id: $id }) { success } }`;
  it.each(['bob', 'carol', 'anonymous'] as const)('%s (not the owner) may not update or delete', async (who) => {
    const r = room();
    await expectRefused(who, Update, 'updateChatroom', { id: r.id });
    await expectRefused(who, Delete, 'deleteChatroom', { id: r.id });
    expect(stacks.shared.emulator.store.rooms.get(r.id)!.name).toBe('Rules');
  });
  it('the owner may update, the rule reading the room once for the payload too', async () => {
    const r = room();
    const { data, calls } = await expectAllowed('alice', Update, { id: r.id });
    expect(data.updateChatroom).toEqual({ chatroom: { name: 'Renamed', maxUsers: 50 } });
    expect(calls.map((c) => c.method)).toEqual(['GET', 'PUT']);
  });
  it('a price kept for one caller is not used for another: the owner after a key, same document and variables', async () => {
    // The key's update is priced 1 (no rule reads the room), the owner's 2; priced 1, the
    // owner's rule read would use up the operation's allowance and the write would not run.
    const r = room();
    const UpdatePayload = `mutation($id: ID!) { updateChatroom(input: { id: $id, name: "Renamed" }) { updated { name } } }`;
    for (let round = 0; round < 2; round++) {
      expect((await expectAllowed('key', UpdatePayload, { id: r.id })).calls.map((c) => c.method)).toEqual(['PUT']);
      expect((await expectAllowed('alice', UpdatePayload, { id: r.id })).calls.map((c) => c.method)).toEqual(['GET', 'PUT']);
    }
  });
  it('the owner may delete', async () => {
    const r = room();
    await expectAllowed('alice', Delete, { id: r.id });
    expect(stacks.shared.emulator.store.rooms.has(r.id)).toBe(false);
  });
  it.each(['admin', 'key'] as const)('%s may update and delete any room, reading nothing first', async (who) => {
    const r = room();
    const updated = await expectAllowed(who, `mutation($id: ID!) { updateChatroom(input: { id: $id, name: "Renamed" }) { updated { name } } }`, { id: r.id });
    expect(updated.calls.map((c) => c.method)).toEqual(['PUT']);
    await expectAllowed(who, Delete, { id: r.id });
  });
});

describe('addChatroomMembers: a user only themself into an open room; the owner or an admin anyone', () => {
  const Add = `mutation($id: ID!, $u: [String!]!) { addChatroomMembers(input: { id: $id, usernames: $u }) { results { username ok } chatroom { members { username } } } }`;
  it('a user joins a public room that is not members-only', async () => {
    const r = room({ members: ['carol'] });
    const { data } = await expectAllowed('bob', Add, { id: r.id, u: ['bob'] });
    expect(data.addChatroomMembers).toEqual({ results: [{ username: 'bob', ok: true }], chatroom: { members: [{ username: 'carol' }, { username: 'bob' }] } });
  });
  it('a user may not join a members-only room', async () => {
    await expectRefused('bob', Add, 'addChatroomMembers', { id: room({ members: [], membersonly: true }).id, u: ['bob'] });
  });
  it('a user may not join a room that is not public', async () => {
    await expectRefused('bob', Add, 'addChatroomMembers', { id: room({ members: [], public: false }).id, u: ['bob'] });
  });
  it('a user may not add someone else', async () => {
    await expectRefused('bob', Add, 'addChatroomMembers', { id: room({ members: [] }).id, u: ['carol'] });
  });
  it('the owner may add anyone, even to a members-only room', async () => {
    await expectAllowed('alice', Add, { id: room({ membersonly: true }).id, u: ['carol', 'dave'] });
  });
  it.each(['admin', 'key'] as const)('%s may add anyone', async (who) => {
    await expectAllowed(who, Add, { id: room({ public: false }).id, u: ['dave'] });
  });
  it('an anonymous caller may not add', async () => {
    await expectRefused('anonymous', Add, 'addChatroomMembers', { id: room().id, u: ['dave'] });
  });
});

describe('removeChatroomMembers: a user only themself (leave); the owner anyone but the owner; an admin anyone', () => {
  const Remove = `mutation($id: ID!, $u: [String!]!) { removeChatroomMembers(input: { id: $id, usernames: $u }) { results { username ok } } }`;
  it('a user leaves, with one call and no read first', async () => {
    const r = room();
    const { calls } = await expectAllowed('bob', Remove, { id: r.id, u: ['bob'] });
    expect(calls.map((c) => c.method)).toEqual(['DELETE']);
    expect(stacks.shared.emulator.store.rooms.get(r.id)!.members).toEqual([]);
  });
  it('a user may not remove someone else', async () => {
    await expectRefused('bob', Remove, 'removeChatroomMembers', { id: room({ members: ['bob', 'carol'] }).id, u: ['carol'] });
  });
  it('the owner may remove anyone', async () => {
    const r = room({ members: ['bob', 'carol'] });
    await expectAllowed('alice', Remove, { id: r.id, u: ['bob', 'carol'] });
    expect(stacks.shared.emulator.store.rooms.get(r.id)!.members).toEqual([]);
  });
  it('the owner may not remove the owner', async () => {
    await expectRefused('alice', Remove, 'removeChatroomMembers', { id: room().id, u: ['alice', 'bob'] });
  });
  it.each(['admin', 'key'] as const)('%s may remove anyone', async (who) => {
    await expectAllowed(who, Remove, { id: room({ members: ['bob', 'carol'] }).id, u: ['carol'] });
  });
  it('an anonymous caller may not remove', async () => {
    await expectRefused('anonymous', Remove, 'removeChatroomMembers', { id: room().id, u: ['bob'] });
  });
});

describe('viewer and viewerRole', () => {
  const Me = `query($id: ID!) { viewer { username } chatroom(id: $id) { viewerRole } }`;
  it.each([
    ['alice', { username: 'alice' }, 'OWNER'],
    ['bob', { username: 'bob' }, 'MEMBER'],
    ['carol', { username: 'carol' }, null],
    ['key', null, null],
    ['anonymous', null, null],
  ] as const)('%s', async (who, viewer, role) => {
    const { data } = await expectAllowed(who, Me, { id: room().id });
    expect(data).toEqual({ viewer, chatroom: { viewerRole: role } });
  });
});

describe('budgets', () => {
  it("are the signed-in user's, however many tokens they hold", async () => {
    const s = await stacks.start({ jwt: jwtWithSecret, security: { callerBudget: 2, callerWindowSeconds: 60, maxUpstreamCalls: 2 } });
    const id = [...s.emulator.store.rooms.keys()][0]!;
    const ask = async (user: string, claims = {}) =>
      (await s.gql(`query($id: ID!) { chatroom(id: $id) { name } }`, { id }, { authorization: `Bearer ${await hs256(user, claims)}` })).status;
    expect([await ask('alice'), await ask('alice')]).toEqual([200, 200]);
    expect(await ask('alice', { jti: 'a-fresh-token' })).toBe(429);
    expect(await ask('bob')).toBe(200);
  });
});
