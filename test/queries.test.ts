/** Reading rooms through the gateway, and the upstream-call budget of each read. */
import { beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './gql/index.js';
import { codes, useStack } from './stack.js';

const RoomDetail = graphql(`
  query RoomDetail($id: ID!) {
    chatroom(id: $id) {
      id name description maxUsers affiliationsCount membersOnly allowInvites public
      owner { username }
      members { username }
      affiliations { role user { username } }
    }
  }
`);

const SummaryPage = graphql(`
  query SummaryPage($first: Int, $after: String) {
    chatrooms(first: $first, after: $after) {
      edges { cursor node { id } }
      nodes { id name owner { username } affiliationsCount }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

const DescriptionPage = graphql(`
  query DescriptionPage($first: Int) {
    chatrooms(first: $first) { nodes { id description } }
  }
`);

const AliasesAndBatch = graphql(`
  query AliasesAndBatch($a: ID!, $ids: [ID!]!) {
    one: chatroom(id: $a) { id name }
    again: chatroom(id: $a) { id maxUsers }
    chatroomsByIds(ids: $ids) { id name description }
  }
`);

const ByIds = graphql(`
  query ByIds($ids: [ID!]!) {
    chatroomsByIds(ids: $ids) { id name }
  }
`);

const Joined = graphql(`
  query Joined($username: String!, $first: Int, $after: String) {
    user(username: $username) {
      username
      joinedChatrooms(first: $first, after: $after) {
        nodes { id name }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
`);

const JoinedDetails = graphql(`
  query JoinedDetails($username: String!) {
    user(username: $username) {
      joinedChatrooms { nodes { id name maxUsers affiliationsCount } }
    }
  }
`);

const stacks = useStack({});
let ids: string[];
beforeAll(() => {
  ids = [...stacks.shared.emulator.store.rooms.keys()];
});

describe('chatroom(id)', () => {
  it('returns every field of a room in one upstream call', async () => {
    const room = stacks.shared.emulator.store.rooms.get(ids[2]!)!;
    const { result, calls } = await stacks.shared.counting(() => stacks.shared.gql(RoomDetail, { id: room.id }));
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data?.chatroom).toEqual({
      id: room.id,
      name: room.name,
      description: room.description,
      maxUsers: room.maxusers,
      affiliationsCount: room.members.length + 1,
      membersOnly: false,
      allowInvites: false,
      public: true,
      owner: { username: room.owner },
      members: room.members.map((username) => ({ username })),
      affiliations: [
        { role: 'OWNER', user: { username: room.owner } },
        ...room.members.map((username) => ({ role: 'MEMBER', user: { username } })),
      ],
    });
    expect(calls).toHaveLength(1);
  });

  it('answers null with NOT_FOUND for a missing room', async () => {
    const { body } = await stacks.shared.gql(RoomDetail, { id: '999' });
    expect(body.data?.chatroom).toBeNull();
    expect(codes(body)).toEqual(['NOT_FOUND']);
  });
});

describe('chatrooms(first, after)', () => {
  it('serves summary fields from the list call alone', async () => {
    const { result, calls } = await stacks.shared.counting(() => stacks.shared.gql(SummaryPage, { first: 20 }));
    const nodes = result.body.data!.chatrooms!.nodes;
    expect(nodes).toHaveLength(20);
    const first = stacks.shared.emulator.store.rooms.get(ids[0]!)!;
    expect(nodes[0]).toEqual({
      id: first.id,
      name: first.name,
      owner: { username: first.owner },
      affiliationsCount: first.members.length + 1,
    });
    expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual(['GET /chatrooms']);
  });

  it('fetches details for a page in one batched call', async () => {
    const { result, calls } = await stacks.shared.counting(() => stacks.shared.gql(DescriptionPage, { first: 20 }));
    const nodes = result.body.data!.chatrooms!.nodes;
    expect(nodes.map((n) => n.description)).toEqual(
      ids.slice(0, 20).map((id) => stacks.shared.emulator.store.rooms.get(id)!.description),
    );
    expect(calls).toHaveLength(2);
    expect(calls[1]!.path).toBe(`/chatrooms/${ids.slice(0, 20).join(',')}`);
  });

  it('pages through every room with endCursor, one call a page', async () => {
    const seen: string[] = [];
    let after: string | null | undefined;
    let pages = 0;
    const { calls } = await stacks.shared.counting(async () => {
      for (; pages < 10; pages++) {
        const { body } = await stacks.shared.gql(SummaryPage, { first: 7, after });
        const c = body.data!.chatrooms!;
        seen.push(...c.nodes.map((n) => n.id));
        after = c.pageInfo.endCursor;
        if (!c.pageInfo.hasNextPage) break;
      }
    });
    expect(seen).toEqual(ids);
    expect(calls).toHaveLength(pages + 1);
  });

  it('resumes from any edge cursor, not only the last', async () => {
    const { body } = await stacks.shared.gql(SummaryPage, { first: 5 });
    const third = body.data!.chatrooms!.edges[2]!.cursor;
    const next = await stacks.shared.gql(SummaryPage, { first: 4, after: third });
    expect(next.body.data!.chatrooms!.nodes.map((n) => n.id)).toEqual(ids.slice(3, 7));
  });

  it('rejects a cursor it did not make', async () => {
    const { body } = await stacks.shared.gql(SummaryPage, { first: 5, after: 'bm9wZQ' });
    expect(codes(body)).toEqual(['BAD_USER_INPUT']);
  });
});

describe('chatroomsByIds', () => {
  it('serves two aliases of one room and three more rooms with one call', async () => {
    const { result, calls } = await stacks.shared.counting(() =>
      stacks.shared.gql(AliasesAndBatch, { a: ids[0]!, ids: [ids[1]!, ids[0]!, ids[2]!] }),
    );
    const data = result.body.data!;
    expect(data.one?.id).toBe(ids[0]);
    expect(data.again?.maxUsers).toBe(stacks.shared.emulator.store.rooms.get(ids[0]!)!.maxusers);
    expect(data.chatroomsByIds!.map((r) => r?.id)).toEqual([ids[1], ids[0], ids[2]]);
    expect(calls).toHaveLength(1);
  });

  it('keeps the asked order and answers null with NOT_FOUND per missing id', async () => {
    const { body } = await stacks.shared.gql(ByIds, { ids: [ids[4]!, '12345', ids[3]!] });
    expect(body.data!.chatroomsByIds!.map((r) => r?.id ?? null)).toEqual([ids[4], null, ids[3]]);
    expect(body.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([[['chatroomsByIds', 1], 'NOT_FOUND']]);
  });

  it('splits 150 ids with duplicates into two calls of at most 100', async () => {
    const extra = Array.from({ length: 110 }, (_, i) =>
      stacks.shared.emulator.store.create({ name: `bulk ${i}`, description: '', maxusers: 10, owner: 'alice', members: [] }).id,
    );
    const asked = [...extra, ...extra.slice(0, 40)];
    expect(asked).toHaveLength(150);
    const { result, calls } = await stacks.shared.counting(() => stacks.shared.gql(ByIds, { ids: asked }));
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data!.chatroomsByIds!.map((r) => r!.id)).toEqual(asked);
    expect(calls).toHaveLength(2);
    expect(calls.map((c) => c.path.split(',').length).sort()).toEqual([10, 100]);
    for (const id of extra) stacks.shared.emulator.store.delete(id);
  });
});

describe('user.joinedChatrooms', () => {
  const joinedIds = (u: string) => stacks.shared.emulator.store.joined(u).map((r) => r.id);

  it('lists id and name from one call', async () => {
    const { result, calls } = await stacks.shared.counting(() => stacks.shared.gql(Joined, { username: 'alice' }));
    expect(result.body.data!.user!.joinedChatrooms!.nodes.map((n) => n.id)).toEqual(joinedIds('alice'));
    expect(calls).toHaveLength(1);
    expect(calls[0]!.path).toBe('/users/alice/joined_chatrooms');
  });

  it('adds one batched detail call for detail fields', async () => {
    const { result, calls } = await stacks.shared.counting(() => stacks.shared.gql(JoinedDetails, { username: 'bob' }));
    const nodes = result.body.data!.user!.joinedChatrooms!.nodes;
    const rooms = stacks.shared.emulator.store.rooms;
    expect(nodes.map((n) => n.maxUsers)).toEqual(joinedIds('bob').map((id) => rooms.get(id)!.maxusers));
    expect(calls).toHaveLength(2);
  });

  it('pages with pagenum and pagesize', async () => {
    const all = joinedIds('bob');
    expect(all.length).toBeGreaterThan(3);
    const seen: string[] = [];
    let after: string | null | undefined;
    for (let i = 0; i < 10; i++) {
      const { body } = await stacks.shared.gql(Joined, { username: 'bob', first: 2, after });
      const c = body.data!.user!.joinedChatrooms!;
      seen.push(...c.nodes.map((n) => n.id));
      after = c.pageInfo.endCursor;
      if (!c.pageInfo.hasNextPage) break;
    }
    expect(seen).toEqual(all);
  });

  it('answers NOT_FOUND for an unknown user', async () => {
    const { body } = await stacks.shared.gql(Joined, { username: 'nobody_here' });
    expect(codes(body)).toEqual(['NOT_FOUND']);
    expect(body.errors![0]).toMatchObject({ message: 'Not found: user nobody_here', extensions: { usernames: ['nobody_here'] } });
  });
});
