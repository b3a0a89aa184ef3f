/**
 * Running a room through the gateway against the emulator: every new operation with its
 * upstream calls counted, its bad input (refused before any call) and its refusals (FORBIDDEN,
 * no write). Callers: alice owns the rooms, bob is a member made admin where a test says so,
 * carol a plain member, dave outside; an admin of the app (scope), an API key, anonymous.
 */
import { describe, expect, it } from 'vitest';
import type { CallRecord } from '../src/emulator/server.js';
import { castStack, refusalFor, useCast, type Who } from './cast.js';
import { jwtWithSecret } from './identity.js';
import { codes, expectForbidden, manyClients, useStack } from './stack.js';

// The cast plays every caller from one address.
const stacks = useStack({ ...castStack, security: manyClients });
const as = useCast();

/** A room owned by alice with bob and carol as members; bob its admin when asked. */
function room(options: { bobAdmin?: boolean; members?: string[] } = {}) {
  const { store } = stacks.shared.emulator;
  const r = store.create({ name: 'Run me', description: '', maxusers: 100, owner: 'alice', members: options.members ?? ['bob', 'carol'] });
  if (options.bobAdmin) store.addAdmin(r.id, 'bob');
  return r;
}

/** What a call did upstream: method and path, the room id as {id}. */
const trail = (calls: CallRecord[], id: string) => calls.map((c) => `${c.method} ${c.path.replaceAll(id, '{id}')}`);

type Body = { data?: Record<string, any> | null; errors?: { message: string; extensions?: Record<string, unknown> }[] };
async function run(who: Who, query: string, variables?: Record<string, unknown>) {
  const { result, calls } = await stacks.shared.counting(() => stacks.shared.gql(query, variables, as(who)));
  return { status: result.status, body: result.body as Body, calls };
}

async function allowed(who: Who, query: string, variables?: Record<string, unknown>) {
  const r = await run(who, query, variables);
  expect(r.body.errors, JSON.stringify(r.body.errors)).toBeUndefined();
  return { data: r.body.data!, calls: r.calls };
}

async function refused(who: Who, query: string, field: string, variables?: Record<string, unknown>) {
  const answer = await run(who, query, variables);
  expectForbidden(answer, field, refusalFor(who));
  return answer.calls;
}

/** Refused before anything runs: 400, every bad value named, nothing asked upstream. */
async function badInput(who: Who, query: string, variables: Record<string, unknown>, paths: string[][]) {
  const { status, body, calls } = await run(who, query, variables);
  expect(status).toBe(400);
  expect(calls).toEqual([]);
  expect(body.errors!.map((e) => e.extensions!.argumentPath)).toEqual(paths);
}

describe('memberList: the owner and members a page at a time', () => {
  const Page = `query($id: ID!, $after: String) { chatroom(id: $id) { memberList(first: 10, after: $after) { nodes { role user { id } } pageInfo { hasNextPage endCursor } } } }`;

  it('pages through a room of 25 users, one call a page', async () => {
    const users = Array.from({ length: 24 }, (_, i) => `member_${i}`);
    for (const u of users) stacks.shared.emulator.store.addUser(u);
    const r = room({ members: users });
    const seen: { role: string; user: { id: string } }[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 5; pages++) {
      const { data, calls } = await allowed('carol', Page, { id: r.id, after });
      // The room's detail (chatroom(id)) and the page.
      expect(trail(calls, r.id)).toEqual(['GET /chatrooms/{id}', 'GET /chatrooms/{id}/users']);
      const page = data.chatroom.memberList;
      seen.push(...page.nodes);
      after = page.pageInfo.endCursor;
      if (!page.pageInfo.hasNextPage) break;
    }
    expect(seen).toEqual([{ role: 'OWNER', user: { id: 'alice' } }, ...users.map((id) => ({ role: 'MEMBER', user: { id } }))]);
  });

  it('refuses a bad page size before any call', async () => {
    await badInput('carol', `query($id: ID!) { chatroom(id: $id) { memberList(first: 0, after: "!") { nodes { role } } } }`, { id: room().id }, [['first'], ['after']]);
  });
});

describe('admins, and who may change them', () => {
  const Admins = `query($id: ID!) { chatroom(id: $id) { admins { id } } }`;
  const Add = `mutation($id: ID!, $u: String!) { addChatroomAdmin(input: { id: $id, username: $u }) { chatroom { admins { id } } } }`;
  const Remove = `mutation($id: ID!, $u: String!) { removeChatroomAdmin(input: { id: $id, username: $u }) { chatroom { admins { id } } } }`;

  it('anyone let in reads them: one call per room', async () => {
    const r = room({ bobAdmin: true });
    const { data, calls } = await allowed('anonymous', Admins, { id: r.id });
    expect(data.chatroom.admins).toEqual([{ id: 'bob' }]);
    expect(trail(calls, r.id)).toEqual(['GET /chatrooms/{id}', 'GET /chatrooms/{id}/admin']);
  });

  it('a page of 20 rooms asking admins is 20 calls more, and priced so', async () => {
    const s = await stacks.start({ security: { maxUpstreamCalls: 20 } });
    const q = `query($n: Int) { chatrooms(first: $n) { nodes { id admins { id } } } }`;
    const { result, calls } = await s.counting(() => s.gql(q, { n: 19 }));
    expect(result.body.errors).toBeUndefined();
    expect(calls.length).toBe(20);
    const over = await s.counting(() => s.gql(q, { n: 20 }));
    expect(over.result.body.errors![0]!.extensions).toMatchObject({ code: 'QUERY_TOO_EXPENSIVE', estimate: 21, limit: 20 });
    expect(over.calls).toEqual([]);
  });

  it('the owner promotes and demotes: the rule reads the room, then one write', async () => {
    const r = room();
    const added = await allowed('alice', Add, { id: r.id, u: 'bob' });
    expect(added.data.addChatroomAdmin.chatroom.admins).toEqual([{ id: 'bob' }]);
    expect(trail(added.calls, r.id)).toEqual(['GET /chatrooms/{id}', 'POST /chatrooms/{id}/admin', 'GET /chatrooms/{id}/admin']);
    const removed = await allowed('alice', Remove, { id: r.id, u: 'bob' });
    expect(removed.data.removeChatroomAdmin.chatroom.admins).toEqual([]);
    expect(stacks.shared.emulator.store.rooms.get(r.id)!.admins).toEqual([]);
  });

  it.each(['admin', 'key'] as const)('%s (an admin of the app) promotes without the rule reading the room', async (who) => {
    const r = room();
    const { calls } = await allowed(who, `mutation($id: ID!) { addChatroomAdmin(input: { id: $id, username: "carol" }) { chatroom { id } } }`, { id: r.id });
    expect(trail(calls, r.id)).toEqual(['POST /chatrooms/{id}/admin']);
  });

  it.each(['bob', 'carol', 'dave', 'anonymous'] as const)('%s may not: only the owner changes who runs the room', async (who) => {
    const r = room({ bobAdmin: true });
    await refused(who, Add, 'addChatroomAdmin', { id: r.id, u: 'carol' });
    await refused(who, Remove, 'removeChatroomAdmin', { id: r.id, u: 'bob' });
    expect(stacks.shared.emulator.store.rooms.get(r.id)!.admins).toEqual(['bob']);
  });

  it('says which user is not in the room, or does not exist', async () => {
    const r = room();
    const outside = await run('alice', Add, { id: r.id, u: 'dave' });
    expect(outside.body.errors![0]).toMatchObject({ message: 'Invalid input: not in the chatroom: dave', extensions: { code: 'BAD_USER_INPUT', usernames: ['dave'] } });
    const ghost = await run('key', Add, { id: r.id, u: 'ghost_user' });
    expect(ghost.body.errors![0]).toMatchObject({ message: 'Not found: user ghost_user', extensions: { code: 'NOT_FOUND', usernames: ['ghost_user'] } });
  });

  it('refuses a bad username or room id before any call', async () => {
    await badInput('alice', Add, { id: 'x', u: '..' }, [['input', 'id'], ['input', 'username']]);
  });
});

describe('transferChatroomOwnership', () => {
  const Transfer = `mutation($id: ID!, $u: String!) { transferChatroomOwnership(input: { id: $id, newOwner: $u }) { chatroom { owner { id } members { id } } } }`;

  it('the owner hands the room to a member and stays as a member; the payload shows it without another detail call', async () => {
    const r = room();
    const { data, calls } = await allowed('alice', Transfer, { id: r.id, u: 'bob' });
    expect(data.transferChatroomOwnership.chatroom).toEqual({ owner: { id: 'bob' }, members: [{ id: 'carol' }, { id: 'alice' }] });
    expect(trail(calls, r.id)).toEqual(['GET /chatrooms/{id}', 'PUT /chatrooms/{id}']);
    expect(stacks.shared.emulator.store.rooms.get(r.id)!.owner).toBe('bob');
  });

  it.each(['bob', 'carol', 'anonymous'] as const)('%s may not', async (who) => {
    const r = room({ bobAdmin: true });
    await refused(who, Transfer, 'transferChatroomOwnership', { id: r.id, u: 'carol' });
    expect(stacks.shared.emulator.store.rooms.get(r.id)!.owner).toBe('alice');
  });

  it('names a new owner who is not in the room, and changes nothing', async () => {
    const r = room();
    const { body } = await run('key', Transfer, { id: r.id, u: 'dave' });
    expect(body.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', usernames: ['dave'] });
    expect(stacks.shared.emulator.store.rooms.get(r.id)!.owner).toBe('alice');
  });

  it('refuses bad input before any call', async () => {
    await badInput('alice', Transfer, { id: '1', u: 'a b' }, [['input', 'newOwner']]);
  });
});

describe('mutes', () => {
  const Mute = `mutation($id: ID!, $users: [String!]!, $s: Int) { muteChatroomMembers(input: { id: $id, usernames: $users, durationSeconds: $s }) { results { username ok expiresAt reason } chatroom { mutedMembers { user { id } expiresAt } } } }`;
  const Unmute = `mutation($id: ID!, $users: [String!]!) { unmuteChatroomMembers(input: { id: $id, usernames: $users }) { results { username ok reason } } }`;

  it("a room's admin mutes a member for a while: the rule reads the owner and the admins, then one write", async () => {
    const r = room({ bobAdmin: true });
    const before = Date.now();
    const { data, calls } = await allowed('bob', Mute, { id: r.id, users: ['carol'], s: 60 });
    const [result] = data.muteChatroomMembers.results;
    expect(result).toMatchObject({ username: 'carol', ok: true, reason: null });
    expect(Date.parse(result.expiresAt)).toBeGreaterThanOrEqual(before + 60_000);
    expect(data.muteChatroomMembers.chatroom.mutedMembers).toEqual([{ user: { id: 'carol' }, expiresAt: result.expiresAt }]);
    expect(trail(calls, r.id)).toEqual(['GET /chatrooms/{id}', 'GET /chatrooms/{id}/admin', 'POST /chatrooms/{id}/mute', 'GET /chatrooms/{id}/mute']);
  });

  it('left without a duration, a mute lasts until undone; unmuting reports each member', async () => {
    const r = room();
    const muted = await allowed('alice', Mute, { id: r.id, users: ['bob'] });
    expect(muted.data.muteChatroomMembers.results).toEqual([{ username: 'bob', ok: true, expiresAt: null, reason: null }]);
    const { data, calls } = await allowed('alice', Unmute, { id: r.id, users: ['bob', 'carol'] });
    expect(data.unmuteChatroomMembers.results).toEqual([
      { username: 'bob', ok: true, reason: null },
      { username: 'carol', ok: false, reason: 'was not muted' },
    ]);
    expect(trail(calls, r.id)).toEqual(['GET /chatrooms/{id}', 'DELETE /chatrooms/{id}/mute/bob,carol']);
  });

  it('names members who are not in the room, and mutes nobody', async () => {
    const r = room();
    const { body } = await run('alice', Mute, { id: r.id, users: ['carol', 'dave'] });
    expect(body.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', usernames: ['dave'] });
    expect(stacks.shared.emulator.store.mutes(r.id)).toEqual([]);
  });

  it.each(['carol', 'dave', 'anonymous'] as const)('%s may not: the rule reads, nothing is written', async (who) => {
    const r = room();
    await refused(who, Mute, 'muteChatroomMembers', { id: r.id, users: ['bob'] });
  });

  it('refuses bad durations and lists before any call', async () => {
    const r = room();
    await badInput('alice', Mute, { id: r.id, users: [], s: 0 }, [['input', 'usernames'], ['input', 'durationSeconds']]);
    const many = Array.from({ length: 101 }, (_, i) => `user_${i}`);
    await badInput('alice', Mute, { id: r.id, users: many, s: 1 }, [['input', 'usernames']]);
    await badInput('alice', Unmute, { id: r.id, users: many.slice(0, 61) }, [['input', 'usernames']]);
  });

  it('everyone at once, and back: allMembersMuted shows it without another detail call', async () => {
    const r = room();
    const all = `mutation($id: ID!) { muteAllChatroomMembers(input: { id: $id }) { chatroom { allMembersMuted } } }`;
    const none = `mutation($id: ID!) { unmuteAllChatroomMembers(input: { id: $id }) { chatroom { allMembersMuted } } }`;
    const on = await allowed('alice', all, { id: r.id });
    expect(on.data.muteAllChatroomMembers.chatroom.allMembersMuted).toBe(true);
    expect(trail(on.calls, r.id)).toEqual(['GET /chatrooms/{id}', 'POST /chatrooms/{id}/ban']);
    const off = await allowed('key', none, { id: r.id });
    expect(off.data.unmuteAllChatroomMembers.chatroom.allMembersMuted).toBe(false);
    await refused('carol', all, 'muteAllChatroomMembers', { id: r.id });
  });
});

describe('block and allow lists', () => {
  const Block = `mutation($id: ID!, $users: [String!]!) { blockChatroomUsers(input: { id: $id, usernames: $users }) { results { username ok reason } chatroom { members { id } blockedUsers { id } } } }`;
  const Unblock = `mutation($id: ID!, $users: [String!]!) { unblockChatroomUsers(input: { id: $id, usernames: $users }) { results { username ok } } }`;
  const Allow = `mutation($id: ID!, $users: [String!]!) { allowChatroomUsers(input: { id: $id, usernames: $users }) { results { username ok } chatroom { allowedUsers { id } } } }`;
  const Disallow = `mutation($id: ID!, $users: [String!]!) { disallowChatroomUsers(input: { id: $id, usernames: $users }) { results { username ok } } }`;

  it('blocking puts members out, each with an outcome; the owner cannot be blocked; a blocked user cannot be added back', async () => {
    const r = room();
    const { data, calls } = await allowed('alice', Block, { id: r.id, users: ['carol', 'alice', 'dave'] });
    expect(data.blockChatroomUsers.results).toEqual([
      { username: 'carol', ok: true, reason: null },
      { username: 'alice', ok: false, reason: `user: alice is the owner of chatroom: ${r.id}` },
      { username: 'dave', ok: false, reason: `user: dave doesn't exist in chatroom: ${r.id}` },
    ]);
    // The payload's members come from the rule's read, with the block applied.
    expect(data.blockChatroomUsers.chatroom).toEqual({ members: [{ id: 'bob' }], blockedUsers: [{ id: 'carol' }] });
    expect(trail(calls, r.id)).toEqual(['GET /chatrooms/{id}', 'POST /chatrooms/{id}/blocks/users', 'GET /chatrooms/{id}/blocks/users']);
    const back = await allowed('alice', `mutation($id: ID!) { addChatroomMembers(input: { id: $id, usernames: ["carol"] }) { results { ok } } }`, { id: r.id });
    expect(back.data.addChatroomMembers.results).toEqual([{ ok: false }]);
    const unblocked = await allowed('alice', Unblock, { id: r.id, users: ['carol', 'bob'] });
    expect(unblocked.data.unblockChatroomUsers.results).toEqual([{ username: 'carol', ok: true }, { username: 'bob', ok: false }]);
  });

  it('the allow list takes members only: others are named, and nobody is added', async () => {
    const r = room({ bobAdmin: true });
    const { data } = await allowed('bob', Allow, { id: r.id, users: ['carol'] });
    expect(data.allowChatroomUsers).toEqual({ results: [{ username: 'carol', ok: true }], chatroom: { allowedUsers: [{ id: 'carol' }] } });
    const outside = await run('bob', Allow, { id: r.id, users: ['alice', 'dave'] });
    expect(outside.body.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', usernames: ['dave'] });
    expect(stacks.shared.emulator.store.rooms.get(r.id)!.allows).toEqual(['carol']);
    const removed = await allowed('bob', Disallow, { id: r.id, users: ['carol'] });
    expect(removed.data.disallowChatroomUsers.results).toEqual([{ username: 'carol', ok: true }]);
  });

  it.each(['carol', 'dave', 'anonymous'] as const)('%s may neither change nor read them', async (who) => {
    const r = room();
    await refused(who, Block, 'blockChatroomUsers', { id: r.id, users: ['bob'] });
    await refused(who, Allow, 'allowChatroomUsers', { id: r.id, users: ['bob'] });
    const { body } = await run(who, `query($id: ID!) { chatroom(id: $id) { name blockedUsers { id } allowedUsers { id } mutedMembers { user { id } } } }`, { id: r.id });
    expect(codes(body as never)).toEqual(Array(3).fill(refusalFor(who)));
    expect(body.data!.chatroom).toEqual({ name: 'Run me', blockedUsers: null, allowedUsers: null, mutedMembers: null });
  });

  it('a moderator reads them: each list one call, the rule priced in', async () => {
    const r = room({ bobAdmin: true });
    const { calls } = await allowed('bob', `query($id: ID!) { chatroom(id: $id) { blockedUsers { id } allowedUsers { id } mutedMembers { user { id } } } }`, { id: r.id });
    expect(trail(calls, r.id).sort()).toEqual(
      ['GET /chatrooms/{id}', 'GET /chatrooms/{id}/admin', 'GET /chatrooms/{id}/blocks/users', 'GET /chatrooms/{id}/white/users', 'GET /chatrooms/{id}/mute'].sort(),
    );
    const s = await stacks.start({ jwt: jwtWithSecret, security: { maxUpstreamCalls: 3 } });
    const priced = await s.gql(`query($id: ID!) { chatroom(id: $id) { blockedUsers { id } } }`, { id: [...s.emulator.store.rooms.keys()][0] }, as('bob'));
    // The room's detail, then for a signed-in user the rule's two reads and the list: 4, over 3.
    expect(priced.body.errors![0]!.extensions).toMatchObject({ code: 'QUERY_TOO_EXPENSIVE', estimate: 4 });
  });

  it('refuses over 60 users before any call', async () => {
    const many = Array.from({ length: 61 }, (_, i) => `user_${i}`);
    await badInput('alice', Block, { id: room().id, users: many }, [['input', 'usernames']]);
  });
});

describe('the announcement', () => {
  const Read = `query($id: ID!) { chatroom(id: $id) { announcement } }`;
  const Set = `mutation($id: ID!, $text: String!) { setChatroomAnnouncement(input: { id: $id, announcement: $text }) { chatroom { announcement } } }`;

  it("the room's owner or admins set it; the payload shows it without reading it again; anyone let in reads it", async () => {
    const r = room({ bobAdmin: true });
    const { data, calls } = await allowed('bob', Set, { id: r.id, text: 'Be kind.' });
    expect(data.setChatroomAnnouncement.chatroom.announcement).toBe('Be kind.');
    expect(trail(calls, r.id)).toEqual(['GET /chatrooms/{id}', 'GET /chatrooms/{id}/admin', 'POST /chatrooms/{id}/announcement']);
    const read = await allowed('anonymous', Read, { id: r.id });
    expect(read.data.chatroom.announcement).toBe('Be kind.');
  });

  it.each(['carol', 'dave', 'anonymous'] as const)('%s may not set it', async (who) => {
    await refused(who, Set, 'setChatroomAnnouncement', { id: room().id, text: 'hi' });
  });

  it('refuses one over 512 characters before any call', async () => {
    await badInput('alice', Set, { id: room().id, text: 'x'.repeat(513) }, [['input', 'announcement']]);
  });
});

describe('chatroom super admins', () => {
  const List = `{ chatroomSuperAdmins(first: 2) { nodes { id } pageInfo { hasNextPage endCursor } } }`;
  const Add = `mutation($u: String!) { addChatroomSuperAdmin(input: { username: $u }) { user { id } } }`;
  const Remove = `mutation($u: String!) { removeChatroomSuperAdmin(input: { username: $u }) { user { id } } }`;

  it('an admin of the app lists, adds and removes them, one call each', async () => {
    for (const u of ['alice', 'bob', 'carol']) {
      const { calls } = await allowed('key', Add, { u });
      expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual(['POST /chatrooms/super_admin']);
    }
    const { data, calls } = await allowed('admin', List);
    expect(data.chatroomSuperAdmins.nodes).toEqual([{ id: 'alice' }, { id: 'bob' }]);
    expect(data.chatroomSuperAdmins.pageInfo.hasNextPage).toBe(true);
    expect(calls.length).toBe(1);
    const next = await allowed('admin', `query($after: String) { chatroomSuperAdmins(first: 2, after: $after) { nodes { id } } }`, {
      after: data.chatroomSuperAdmins.pageInfo.endCursor,
    });
    expect(next.data.chatroomSuperAdmins.nodes).toEqual([{ id: 'carol' }]);
    await allowed('key', Remove, { u: 'bob' });
    expect(stacks.shared.emulator.store.superAdmins).toEqual(['alice', 'carol']);
  });

  it.each(['alice', 'anonymous'] as const)('%s may not', async (who) => {
    const { body, calls } = await run(who, List);
    expect(codes(body as never)).toEqual([refusalFor(who)]);
    expect(calls).toEqual([]);
    await refused(who, Add, 'addChatroomSuperAdmin', { u: 'dave' });
  });

  it('names an unknown user, and refuses a bad one before any call', async () => {
    const { body } = await run('key', Add, { u: 'ghost_user' });
    expect(body.errors![0]).toMatchObject({ extensions: { code: 'NOT_FOUND', usernames: ['ghost_user'] } });
    await badInput('key', Add, { u: '.' }, [['input', 'username']]);
  });
});
