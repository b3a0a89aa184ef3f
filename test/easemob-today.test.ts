/**
 * What today's Easemob does differently from the seed doc (issue 10), one block per
 * difference, against the emulator answering as the public docs show.
 */
import { describe, expect, it } from 'vitest';
import { graphql } from './gql/index.js';
import { codes, useStack } from './stack.js';

// One gateway for the differences in answers; the rate limit tests start their own, as they set faults and limits upstream.
const stacks = useStack({});

const Rename = graphql(`
  mutation TodayRename($input: UpdateChatroomInput!) {
    updateChatroom(input: $input) { chatroom { name } updated { name description maxUsers } }
  }
`);

const Page = graphql(`
  query TodayPage($first: Int, $after: String) {
    chatrooms(first: $first, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } }
  }
`);

const Members = graphql(`
  mutation TodayMembers($add: ChatroomMembersInput!, $remove: ChatroomMembersInput!) {
    added: addChatroomMembers(input: $add) { results { username ok reason } }
    removed: removeChatroomMembers(input: $remove) {
      chatroom { members { username } }
      results { username ok reason }
    }
  }
`);

const Remove = graphql(`
  mutation TodayRemove($input: ChatroomMembersInput!) {
    removeChatroomMembers(input: $input) { results { username ok reason } }
  }
`);

const Add = graphql(`
  mutation TodayAdd($input: ChatroomMembersInput!) {
    addChatroomMembers(input: $input) { results { username ok } }
  }
`);

const CreateFull = graphql(`
  mutation TodayCreateFull($input: CreateChatroomInput!) {
    createChatroom(input: $input) {
      chatroom { id maxUsers createdAt custom allMembersMuted affiliationsCount owner { username } }
    }
  }
`);

const RoomFacts = graphql(`
  query TodayRoomFacts($id: ID!) {
    chatroom(id: $id) { owner { username } members { username } affiliations { role user { username } } allMembersMuted }
  }
`);

const users = (n: number, prefix = 'u') => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

describe('rename', () => {
  it('reports the name as updated: Easemob answers `groupname`', async () => {
    const s = stacks.shared;
    const id = [...s.emulator.store.rooms.keys()][0]!;
    const { body } = await s.gql(Rename, { input: { id, name: 'Renamed' } });
    expect(body.data!.updateChatroom).toEqual({
      chatroom: { name: 'Renamed' },
      updated: { name: true, description: false, maxUsers: false },
    });
  });
});

describe('paging all rooms', () => {
  it('reaches the last page, whose cursor is null', async () => {
    const s = stacks.shared;
    const seen: string[] = [];
    let after: string | null | undefined;
    for (let page = 0; page < 20; page++) {
      const { body } = await s.gql(Page, { first: 7, after });
      expect(body.errors).toBeUndefined();
      seen.push(...body.data!.chatrooms!.nodes.map((n) => n.id));
      after = body.data!.chatrooms!.pageInfo.endCursor;
      if (!body.data!.chatrooms!.pageInfo.hasNextPage) break;
    }
    expect(seen).toEqual([...s.emulator.store.rooms.keys()]);
    // The emulator answered the last page as the service does.
    expect(s.emulator.calls.at(-1)!.status).toBe(200);
  });
});

describe('member changes', () => {
  it('refuses 61 removals before any call, and takes 60', async () => {
    const s = stacks.shared;
    const id = [...s.emulator.store.rooms.keys()][0]!;
    const { result, calls } = await s.counting(() => s.gql(Remove, { input: { id, usernames: users(61) } }));
    expect(codes(result.body)).toEqual(['BAD_USER_INPUT']);
    expect(calls).toEqual([]);
    const sixty = await s.gql(Remove, { input: { id, usernames: users(60) } });
    expect(sixty.body.errors).toBeUndefined();
    expect(sixty.body.data!.removeChatroomMembers!.results).toHaveLength(60);
  });

  it('reports each user: some removed, some not, in the order asked', async () => {
    const s = stacks.shared;
    const room = s.emulator.store.create({ name: 'r', description: '', maxusers: 50, owner: 'alice', members: ['bob', 'carol'] });
    const { body } = await s.gql(Members, {
      add: { id: room.id, usernames: ['dave', 'bob'] },
      remove: { id: room.id, usernames: ['erin', 'bob', 'alice'] },
    });
    expect(body.errors).toBeUndefined();
    expect(body.data!.added!.results).toEqual([
      { username: 'dave', ok: true, reason: null },
      { username: 'bob', ok: true, reason: null }, // already a member counts as added
    ]);
    expect(body.data!.removed!.results).toEqual([
      { username: 'erin', ok: false, reason: expect.stringContaining("doesn't exist in group") },
      { username: 'bob', ok: true, reason: null },
      { username: 'alice', ok: false, reason: expect.stringContaining('owner') },
    ]);
    expect(body.data!.removed!.chatroom.members).toEqual([{ username: 'carol' }, { username: 'dave' }]);
  });

  it('reports one user who is not in the room as not removed (the single-user answer is a refusal)', async () => {
    const s = stacks.shared;
    const room = s.emulator.store.create({ name: 'r', description: '', maxusers: 50, owner: 'alice', members: ['bob'] });
    const { body } = await s.gql(Remove, { input: { id: room.id, usernames: ['carol'] } });
    expect(body.errors).toBeUndefined();
    expect(body.data!.removeChatroomMembers!.results).toEqual([{ username: 'carol', ok: false, reason: 'not a member of this chatroom' }]);
  });

  it('answers NOT_FOUND naming an unknown user, and adds nobody', async () => {
    const s = stacks.shared;
    const room = s.emulator.store.create({ name: 'r', description: '', maxusers: 50, owner: 'alice', members: [] });
    const { body } = await s.gql(Add, { input: { id: room.id, usernames: ['bob', 'nobody_here'] } });
    expect(codes(body)).toEqual(['NOT_FOUND']);
    expect(body.errors![0]!.message).toBe('Not found: user nobody_here');
    expect(body.errors![0]!.extensions!.usernames).toEqual(['nobody_here']);
    expect(s.emulator.store.rooms.get(room.id)!.members).toEqual([]);
  });

  it('answers NOT_FOUND for a room that does not exist, in the words queries use', async () => {
    const s = stacks.shared;
    const { body } = await s.gql(Add, { input: { id: '4242', usernames: ['bob'] } });
    expect(codes(body)).toEqual(['NOT_FOUND']);
    expect(body.errors![0]!.message).toBe('Not found: chatroom 4242');
  });
});

describe('defaults and fields', () => {
  it("leaves maxUsers to Easemob's default of 1000, so 250 members fit without saying so", async () => {
    const s = stacks.shared;
    const members = users(250, 'm');
    for (const m of members) s.emulator.store.addUser(m);
    const { body, status } = await s.gql(CreateFull, { input: { name: 'Big', description: '', owner: 'alice', members, custom: 'level=3' } });
    expect(status).toBe(200);
    const room = body.data!.createChatroom!.chatroom;
    expect(room).toMatchObject({ maxUsers: 1000, affiliationsCount: 251, custom: 'level=3', allMembersMuted: false, owner: { username: 'alice' } });
    expect(Date.parse(room.createdAt!)).toBe(s.emulator.store.rooms.get(room.id)!.created);
    expect(room.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('refuses more than 999 members when maxUsers is left out, and custom over 8 KB, before any call', async () => {
    const s = stacks.shared;
    const tooMany = await s.counting(() => s.gql(CreateFull, { input: { name: 'n', description: '', owner: 'alice', members: users(1000, 'x') } }));
    expect(codes(tooMany.result.body)).toEqual(['BAD_USER_INPUT']);
    const bigCustom = await s.counting(() => s.gql(CreateFull, { input: { name: 'n', description: '', owner: 'alice', custom: '字'.repeat(2731) } }));
    expect(codes(bigCustom.result.body)).toEqual(['BAD_USER_INPUT']);
    expect([...tooMany.calls, ...bigCustom.calls]).toEqual([]);
  });

  it('finds the owner wherever its row comes among the affiliations', async () => {
    const s = stacks.shared;
    const room = s.emulator.store.create({ name: 'r', description: '', maxusers: 50, owner: 'alice', members: ['bob', 'carol'] });
    room.mute = true;
    const { body } = await s.gql(RoomFacts, { id: room.id });
    expect(body.data!.chatroom).toEqual({
      owner: { username: 'alice' },
      members: [{ username: 'bob' }, { username: 'carol' }],
      affiliations: [
        { role: 'OWNER', user: { username: 'alice' } },
        { role: 'MEMBER', user: { username: 'bob' } },
        { role: 'MEMBER', user: { username: 'carol' } },
      ],
      allMembersMuted: true,
    });
  });
});

describe('rate limits and quotas', () => {
  it('retries 429 reach_limit after Retry-After', async () => {
    const s = await stacks.start();
    const id = [...s.emulator.store.rooms.keys()][0]!;
    s.emulator.injectFault({ status: 429, error: 'reach_limit', retryAfter: 0, path: /^\/chatrooms\/\d+$/ });
    const { result, calls } = await s.counting(() => s.gql(RoomFacts, { id }));
    expect(result.body.errors).toBeUndefined();
    expect(calls.map((c) => c.status)).toEqual([429, 200]);
  });

  it('does not retry 429 resource_limited: a used-up quota is UPSTREAM_QUOTA_EXCEEDED, not "try again shortly"', async () => {
    const s = await stacks.start();
    const id = [...s.emulator.store.rooms.keys()][0]!;
    s.emulator.injectFault({ status: 429, error: 'resource_limited', path: /^\/chatrooms\/\d+$/, times: 5 });
    const { result, calls } = await s.counting(() => s.gql(RoomFacts, { id }));
    expect(codes(result.body)).toEqual(['UPSTREAM_QUOTA_EXCEEDED']);
    expect(result.body.errors![0]!.message).not.toMatch(/try again shortly/);
    expect(calls).toHaveLength(1);
  });

  it("emulates the service's limits per endpoint: 50 list calls a second, 100 detail calls, answered 429 reach_limit", async () => {
    const s = await stacks.start({ emulator: { rateLimit: {} } });
    const token = await fetch(`${s.emulator.url}/${s.emulator.org}/${s.emulator.app}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credentials', client_id: s.emulator.clientId, client_secret: s.emulator.clientSecret }),
    }).then(async (r) => ((await r.json()) as { access_token: string }).access_token);
    const id = [...s.emulator.store.rooms.keys()][0]!;
    const hit = (path: string) =>
      fetch(`${s.emulator.url}/${s.emulator.org}/${s.emulator.app}${path}`, { headers: { authorization: `Bearer ${token}` } }).then(
        async (r) => ({ status: r.status, error: ((await r.json()) as { error?: string }).error }),
      );
    await Promise.all([...Array.from({ length: 60 }, () => hit('/chatrooms')), ...Array.from({ length: 110 }, () => hit(`/chatrooms/${id}`))]);
    const byEndpoint = (path: string) => s.emulator.calls.filter((c) => c.method === 'GET' && c.path === path);
    const lists = byEndpoint('/chatrooms');
    const details = byEndpoint(`/chatrooms/${id}`);
    // All of them within one second (locally they take a tenth of one), so each budget holds exactly.
    const times = [...lists, ...details].map((c) => c.at);
    expect(Math.max(...times) - Math.min(...times)).toBeLessThan(1000);
    const count = (calls: { status: number }[], status: number) => calls.filter((c) => c.status === status).length;
    expect([count(lists, 200), count(lists, 429)]).toEqual([50, 10]);
    expect([count(details, 200), count(details, 429)]).toEqual([100, 10]);
    const answer = await hit('/chatrooms');
    expect(answer).toEqual({ status: 429, error: 'reach_limit' });
  });
});
