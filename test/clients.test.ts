/**
 * The client libraries a frontend team starts with, run as shipped against the gateway:
 * Apollo Client 4 with the README's type policies (examples/apollo.ts), urql with Graphcache
 * (examples/urql.ts), and urql's default client. Each walks list → page → create → rename →
 * add and remove members → delete, checking the normalized cache after every step; then each
 * subscribes to a room (Apollo over graphql-ws and over SSE, urql over SSE) and sees changes
 * made elsewhere (another request, an SDK user, another backend at Easemob) reach its cache.
 */
import { readFileSync } from 'node:fs';
import { format } from 'node:util';
import { CombinedGraphQLErrors, gql, InMemoryCache, type TypedDocumentNode } from '@apollo/client';
import { Client, cacheExchange, fetchExchange, gql as urqlGql } from '@urql/core';
import { parse } from 'graphql';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { addCreatedRoom, afterMemberChange, createApolloClient, evictDeletedRoom, removeDeletedRoom, sseLink, typePolicies } from '../examples/apollo.js';
import { RoomEventsDocument, type RoomEventsSubscription, type RoomEventsSubscriptionVariables } from '../examples/gql/graphql.js';
import { createUrqlClient } from '../examples/urql.js';
import { hs256, jwtWithSecret } from './identity.js';
import { type Stack, useStack } from './stack.js';

// The examples are browser code, and Node 20 has no WebSocket of its own (22 has): lend them ws's.
vi.stubGlobal('WebSocket', WebSocket);

const stacks = useStack({ jwt: jwtWithSecret });
let alice: string;
beforeAll(async () => {
  alice = await hs256('alice');
});

/** Every warning or error a client library printed: Apollo says so when cached data would be lost. */
const printed = () => {
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  const error = vi.spyOn(console, 'error').mockImplementation(() => {});
  return () => [...warn.mock.calls, ...error.mock.calls].map((args) => format(...args));
};
afterEach(() => vi.restoreAllMocks());

/** The room ids of the whole app, in Easemob's order. */
const allIds = () => [...stacks.shared.emulator.store.rooms.keys()];

describe('Apollo Client 4 with the README type policies', () => {
  const Rooms = gql`
    query ApolloRooms($after: String) {
      chatrooms(first: 10, after: $after) {
        edges { cursor node { id name owner { id username } } }
        pageInfo { startCursor endCursor hasNextPage hasPreviousPage }
      }
    }
  `;
  const Room = gql`query ApolloRoom($id: ID!) { chatroom(id: $id) { id name } }`;
  const Create = gql`
    mutation ApolloCreate($input: CreateChatroomInput!) { createChatroom(input: $input) { chatroom { id name owner { id username } } } }
  `;
  const Rename = gql`mutation ApolloRename($id: ID!, $name: String!) { updateChatroom(input: { id: $id, name: $name }) { chatroom { id name } } }`;
  const Add = gql`
    mutation ApolloAdd($id: ID!, $usernames: [String!]!) {
      addChatroomMembers(input: { id: $id, usernames: $usernames }) { chatroom { id members { id username } } results { username ok } }
    }
  `;
  const Remove = gql`
    mutation ApolloRemove($id: ID!, $usernames: [String!]!) {
      removeChatroomMembers(input: { id: $id, usernames: $usernames }) { chatroom { id members { id username } } results { username ok } }
    }
  `;
  const Delete = gql`mutation ApolloDelete($id: ID!) { deleteChatroom(input: { id: $id }) { deletedChatroomId } }`;

  type RoomsData = { chatrooms: { edges: { node: { id: string; name: string } }[]; pageInfo: { endCursor: string; hasNextPage: boolean } } };
  const cachedIds = (client: ReturnType<typeof createApolloClient>) =>
    client.readQuery<RoomsData>({ query: Rooms })!.chatrooms.edges.map((e) => e.node.id);

  it('lists, pages, creates, renames, changes members and deletes, keeping one normalized cache', async () => {
    const output = printed();
    const client = createApolloClient(stacks.shared.url, alice);

    // List, then page to the end: the pages merge into one cached list, rooms and users normalized.
    let page = (await client.query<RoomsData>({ query: Rooms })).data!.chatrooms;
    expect(page.edges).toHaveLength(10);
    // The next page comes from the network (the cached list would answer otherwise), merged into the list.
    for (let pages = 1; page.pageInfo.hasNextPage && pages < 10; pages++) {
      const next = { query: Rooms, variables: { after: page.pageInfo.endCursor }, fetchPolicy: 'network-only' } as const;
      page = (await client.query<RoomsData>(next)).data!.chatrooms;
    }
    expect(page.pageInfo.hasNextPage).toBe(false);
    expect(cachedIds(client)).toEqual(allIds());
    const cache = () => client.cache.extract() as Record<string, Record<string, unknown>>;
    const [firstId] = allIds();
    expect(cache()[`Chatroom:${firstId}`]).toMatchObject({ id: firstId, owner: { __ref: 'User:alice' } });
    expect(cache()['User:alice']).toEqual({ __typename: 'User', id: 'alice', username: 'alice' });

    // A room the list brought is read from the cache: no request, no upstream call.
    const { calls: cachedRead } = await stacks.shared.counting(() => client.query({ query: Room, variables: { id: firstId } }));
    expect(cachedRead).toEqual([]);

    // Create: the payload's room joins the end of the list, without a refetch.
    const created = await client.mutate<{ createChatroom: { chatroom: { id: string } } }>({
      mutation: Create,
      variables: { input: { name: 'Apollo room', description: 'made by a test', members: ['dave'] } },
      update: (c, { data }) => data && addCreatedRoom(c, data.createChatroom.chatroom),
    });
    const id = created.data!.createChatroom.chatroom.id;
    expect(cachedIds(client)).toEqual(allIds());
    expect(cachedIds(client).at(-1)).toBe(id);

    // Rename: the normalized room updates wherever it is shown.
    await client.mutate({ mutation: Rename, variables: { id, name: 'Renamed by Apollo' } });
    expect(client.readQuery<RoomsData>({ query: Rooms })!.chatrooms.edges.at(-1)!.node.name).toBe('Renamed by Apollo');

    // Members: the payload's list replaces the cached one, silently.
    await client.mutate({ mutation: Add, variables: { id, usernames: ['bob', 'carol'] } });
    expect(cache()[`Chatroom:${id}`]!.members).toEqual([{ __ref: 'User:dave' }, { __ref: 'User:bob' }, { __ref: 'User:carol' }]);
    await client.mutate({ mutation: Remove, variables: { id, usernames: ['dave', 'bob'] } });
    expect(cache()[`Chatroom:${id}`]!.members).toEqual([{ __ref: 'User:carol' }]);

    // Delete: the room leaves the cache and the list, by the id the payload names.
    await client.mutate<{ deleteChatroom: { deletedChatroomId: string } }>({
      mutation: Delete,
      variables: { id },
      update: (c, { data }) => data && evictDeletedRoom(c, data.deleteChatroom.deletedChatroomId),
    });
    expect(cache()[`Chatroom:${id}`]).toBeUndefined();
    expect(cachedIds(client)).toEqual(allIds());

    // Apollo printed nothing: no "Cache data may be lost", no missing-id warnings.
    expect(output()).toEqual([]);
  });

  it('would warn of lost member data without the type policies', async () => {
    const output = printed();
    const client = createApolloClient(stacks.shared.url, alice);
    const bare = new (client.constructor as typeof import('@apollo/client').ApolloClient)({ link: client.link, cache: new InMemoryCache() });
    const created = await bare.mutate<{ createChatroom: { chatroom: { id: string } } }>({
      mutation: Create,
      variables: { input: { name: 'Bare', description: '', members: ['dave', 'erin'] } },
    });
    const id = created.data!.createChatroom.chatroom.id;
    await bare.mutate({ mutation: Add, variables: { id, usernames: ['bob'] } });
    await bare.mutate({ mutation: Remove, variables: { id, usernames: ['dave', 'erin'] } });
    expect(output().join('\n')).toMatch(/Cache data may be lost when replacing the members field of a Chatroom object/);
    // The policies are what the README prints.
    expect(typePolicies.Chatroom?.fields).toHaveProperty('members');
  });
});

describe("the gateway's own refusals, as clients read them", () => {
  const Rooms = gql`query RefusedRooms { chatrooms(first: 1) { nodes { id } } }`;

  /** What Apollo Client 4 makes of an operation the gateway refuses before GraphQL runs: its error's class and first error. */
  async function refusedToApollo(url: string, token?: string) {
    const client = createApolloClient(url, token);
    const { error } = await client.query({ query: Rooms, errorPolicy: 'none' }).then(
      () => ({ error: undefined }),
      (error: unknown) => ({ error }),
    );
    return {
      graphqlErrors: CombinedGraphQLErrors.is(error),
      first: CombinedGraphQLErrors.is(error) ? error.errors[0]?.extensions : undefined,
    };
  }

  it('are GraphQL responses to Apollo Client 4, which reads their code without parsing text: 401, 429, 503', async () => {
    // A sign-in token that is not valid: 401.
    const refused = await refusedToApollo(stacks.shared.url, `${alice.slice(0, -4)}AAAA`);
    expect(refused).toEqual({ graphqlErrors: true, first: expect.objectContaining({ code: 'UNAUTHENTICATED' }) });
    // Over the address's request rate: 429, with when to come back.
    const busy = await stacks.start({ jwt: jwtWithSecret, security: { ipRequestsPerSecond: 1 } });
    await fetch(busy.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
    const limited = await refusedToApollo(busy.url, alice);
    expect(limited).toEqual({ graphqlErrors: true, first: expect.objectContaining({ code: 'RATE_LIMITED', retryAfterSeconds: 1 }) });
    // More request bytes at once than the gateway takes: 503.
    const full = await stacks.start({ jwt: jwtWithSecret, security: { maxBytesInFlight: 10 } });
    expect(await refusedToApollo(full.url, alice)).toEqual({ graphqlErrors: true, first: expect.objectContaining({ code: 'SERVER_BUSY' }) });
  });

  it('keep their status, and are plain JSON to a client that does not ask for GraphQL responses', async () => {
    const asked = { 'content-type': 'application/json', authorization: `Bearer ${alice.slice(0, -4)}AAAA` };
    const body = JSON.stringify({ query: '{ chatrooms(first: 1) { nodes { id } } }' });
    for (const [accept, type] of [
      ['application/graphql-response+json, application/json;q=0.9', 'application/graphql-response+json; charset=utf-8'],
      ['application/json', 'application/json; charset=utf-8'],
      ['*/*', 'application/json; charset=utf-8'],
    ] as const) {
      const res = await fetch(stacks.shared.url, { method: 'POST', headers: { ...asked, accept }, body });
      expect([res.status, res.headers.get('content-type')], accept).toEqual([401, type]);
      expect(((await res.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('UNAUTHENTICATED');
    }
  });
});

describe("a large room's members, a page at a time, and what moderators read (issue 23, 3)", () => {
  // A user of their own: alice's budget of upstream calls is the other tests'.
  let owner: string;
  beforeAll(async () => {
    owner = await hs256('crowd_owner');
  });
  /** A room of crowd_owner's with 14 members: two pages of 10. */
  const bigRoom = () => {
    const { store } = stacks.shared.emulator;
    const members = Array.from({ length: 14 }, (_, i) => `member_${i}`);
    for (const user of ['crowd_owner', ...members]) store.addUser(user);
    return store.create({ name: 'Crowded', description: '', maxusers: 100, owner: 'crowd_owner', members }).id;
  };
  type MemberPage = { chatroom: { id: string; memberList: { edges: { node: { user: { id: string } } }[]; pageInfo: { endCursor: string; hasNextPage: boolean } } } };
  const MemberList = gql`
    query MemberPage($id: ID!, $after: String) {
      chatroom(id: $id) {
        id
        memberList(first: 10, after: $after) { edges { cursor node { role user { id username } } } pageInfo { endCursor hasNextPage } }
      }
    }
  `;

  it('Apollo Client 4: "More members" (fetchMore) appends the next page to the cached list', async () => {
    const output = printed();
    const id = bigRoom();
    const client = createApolloClient(stacks.shared.url, owner);
    const first = (await client.query<MemberPage>({ query: MemberList, variables: { id } })).data!.chatroom.memberList;
    expect(first.edges).toHaveLength(10);
    const query = client.watchQuery<MemberPage>({ query: MemberList, variables: { id } });
    await query.fetchMore({ variables: { after: first.pageInfo.endCursor } });
    const cached = client.readQuery<MemberPage>({ query: MemberList, variables: { id } })!.chatroom.memberList;
    expect(cached.edges.map((e) => e.node.user.id).sort()).toEqual(['crowd_owner', ...Array.from({ length: 14 }, (_, i) => `member_${i}`)].sort());
    expect(cached.pageInfo.hasNextPage).toBe(false);
    expect(output()).toEqual([]);
  });

  it('Apollo Client 4: a member removed leaves the cached muted list, and the member list starts again, skipping nobody', async () => {
    const output = printed();
    const id = bigRoom();
    stacks.shared.emulator.store.mute(id, ['member_1', 'member_2'], -1);
    const client = createApolloClient(stacks.shared.url, owner);
    const Muted = gql`query MutedPage($id: ID!) { chatroom(id: $id) { id mutedMembers { user { id } expiresAt } } }`;
    await client.query({ query: Muted, variables: { id } });
    const first = (await client.query<MemberPage>({ query: MemberList, variables: { id } })).data!.chatroom.memberList;
    await client.watchQuery<MemberPage>({ query: MemberList, variables: { id } }).fetchMore({ variables: { after: first.pageInfo.endCursor } });
    const Remove = gql`mutation RemoveMuted($id: ID!, $usernames: [String!]!) { removeChatroomMembers(input: { id: $id, usernames: $usernames }) { results { username ok } } }`;
    await client.mutate<{ removeChatroomMembers: { results: { username: string; ok: boolean }[] } }>({
      mutation: Remove,
      variables: { id, usernames: ['member_1', 'member_3'] },
      update: (cache, { data }) =>
        data && afterMemberChange(cache, id, data.removeChatroomMembers.results.filter((r) => r.ok).map((r) => r.username)),
    });
    const muted = client.readQuery<{ chatroom: { mutedMembers: { user: { id: string } }[] } }>({ query: Muted, variables: { id } })!;
    expect(muted.chatroom.mutedMembers.map((m) => m.user.id)).toEqual(['member_2']);
    // The list was dropped: read again from its first page, then the next, every member left once.
    expect(client.readQuery({ query: MemberList, variables: { id } })).toBeNull();
    const again = (await client.query<MemberPage>({ query: MemberList, variables: { id } })).data!.chatroom.memberList;
    await client.watchQuery<MemberPage>({ query: MemberList, variables: { id } }).fetchMore({ variables: { after: again.pageInfo.endCursor } });
    const listed = client.readQuery<MemberPage>({ query: MemberList, variables: { id } })!.chatroom.memberList.edges.map((e) => e.node.user.id);
    const left = ['crowd_owner', ...Array.from({ length: 14 }, (_, i) => `member_${i}`).filter((u) => u !== 'member_1' && u !== 'member_3')];
    expect(listed.sort()).toEqual(left.sort());
    expect(output()).toEqual([]);
  });

  it('urql with Graphcache: the pages merge, and the types without an id (MutedMember, ChatroomPermissions…) raise no warning', async () => {
    const output = printed();
    const id = bigRoom();
    stacks.shared.emulator.store.mute(id, ['member_1'], -1);
    const client = createUrqlClient(stacks.shared.url, owner);
    const Page = urqlGql`
      query UrqlMemberPage($id: ID!, $after: String) {
        chatroom(id: $id) { id memberList(first: 10, after: $after) { nodes { role user { id } } pageInfo { endCursor hasNextPage } } }
      }
    `;
    const first = (await client.query(Page, { id }).toPromise()).data.chatroom.memberList;
    await client.query(Page, { id, after: first.pageInfo.endCursor }).toPromise();
    const merged = client.readQuery(Page, { id })!.data.chatroom.memberList;
    expect(merged.nodes).toHaveLength(15);
    const Moderation = urqlGql`
      query UrqlModeration($id: ID!) {
        chatroom(id: $id) { id mutedMembers { user { id } expiresAt } viewerCan { update delete moderate } }
      }
    `;
    const moderation = await client.query(Moderation, { id }).toPromise();
    expect(moderation.error).toBeUndefined();
    expect(moderation.data.chatroom.mutedMembers).toMatchObject([{ user: { id: 'member_1' }, expiresAt: null }]);
    // member_1 removed: out of the cached muted list, and the member list is read again from its first page.
    const Remove = urqlGql`mutation UrqlRemoveMuted($input: ChatroomMembersInput!) { removeChatroomMembers(input: $input) { results { username ok } } }`;
    expect((await client.mutation(Remove, { input: { id, usernames: ['member_1'] } }).toPromise()).error).toBeUndefined();
    expect(client.readQuery(Moderation, { id })!.data.chatroom.mutedMembers).toEqual([]);
    expect(client.readQuery(Page, { id })?.data?.chatroom?.memberList ?? null).toBeNull();
    expect(output()).toEqual([]);
  });
});

describe('deleting the room a screen shows (issue 23, 3)', () => {
  let owner: string;
  beforeAll(async () => {
    owner = await hs256('page_owner');
  });

  it('Apollo Client 4: the room leaves the lists at once; its page asks nothing again, and the room leaves the cache once the page is gone', async () => {
    const output = printed();
    const { store } = stacks.shared.emulator;
    store.addUser('page_owner');
    const { id } = store.create({ name: 'Shown', description: '', maxusers: 10, owner: 'page_owner', members: ['bob'] });
    const client = createApolloClient(stacks.shared.url, owner);
    const Joined = gql`query PageOwnerRooms { viewer { id joinedChatrooms(first: 10) { edges { cursor node { id name } } pageInfo { endCursor hasNextPage } } } }`;
    await client.query({ query: Joined });
    // The room's page: three queries about the room, watched as a screen watches them.
    const page = [
      gql`query ShownRoom($id: ID!) { chatroom(id: $id) { id name } }`,
      gql`query ShownMembers($id: ID!) { chatroom(id: $id) { id members { id } } }`,
      gql`query ShownAnnouncement($id: ID!) { chatroom(id: $id) { id announcement } }`,
    ];
    const errors: unknown[] = [];
    const watching = await Promise.all(
      page.map(async (query) => {
        await client.query({ query, variables: { id } });
        return client.watchQuery({ query, variables: { id } }).subscribe({ next: (result) => result.error && errors.push(result.error), error: (e) => errors.push(e) });
      }),
    );
    const Delete = gql`mutation DeleteShown($id: ID!) { deleteChatroom(input: { id: $id }) { deletedChatroomId } }`;
    const { calls } = await stacks.shared.counting(async () => {
      await client.mutate<{ deleteChatroom: { deletedChatroomId: string } }>({
        mutation: Delete,
        variables: { id },
        update: (c, { data }) => data && removeDeletedRoom(c, data.deleteChatroom.deletedChatroomId),
      });
      // What the page's queries would ask again comes within moments of the write, if it comes.
      await new Promise((resolve) => setTimeout(resolve, 300));
    });
    // The rule's read of the room, then the delete: nothing asked again.
    expect(calls.map((c) => `${c.method} ${c.path.replace(id, '{id}')}`)).toEqual(['GET /chatrooms/{id}', 'DELETE /chatrooms/{id}']);
    expect(errors).toEqual([]);
    const joined = client.readQuery<{ viewer: { joinedChatrooms: { edges: { node: { id: string } }[] } } }>({ query: Joined })!;
    expect(joined.viewer.joinedChatrooms.edges.map((e) => e.node.id)).not.toContain(id);
    // The page is left: now the room leaves the cache.
    for (const subscription of watching) subscription.unsubscribe();
    evictDeletedRoom(client.cache, id);
    expect((client.cache.extract() as Record<string, unknown>)[`Chatroom:${id}`]).toBeUndefined();
    expect(output()).toEqual([]);
  });
});

describe('urql', () => {
  const Rooms = urqlGql`
    query UrqlRooms($after: String) {
      chatrooms(first: 10, after: $after) { nodes { id name owner { id username } } pageInfo { endCursor hasNextPage } }
    }
  `;
  const Members = urqlGql`query UrqlMembers($id: ID!) { chatroom(id: $id) { id members { id username } } }`;
  // The payload selects what the list shows, so the new room is complete in the cache.
  const Create = urqlGql`mutation UrqlCreate($input: CreateChatroomInput!) { createChatroom(input: $input) { chatroom { id name owner { id username } } } }`;
  const Rename = urqlGql`mutation UrqlRename($id: ID!, $name: String!) { updateChatroom(input: { id: $id, name: $name }) { chatroom { id name } } }`;
  const Add = urqlGql`
    mutation UrqlAdd($id: ID!, $usernames: [String!]!) { addChatroomMembers(input: { id: $id, usernames: $usernames }) { chatroom { id members { id username } } } }
  `;
  const Remove = urqlGql`
    mutation UrqlRemove($id: ID!, $usernames: [String!]!) { removeChatroomMembers(input: { id: $id, usernames: $usernames }) { chatroom { id members { id username } } } }
  `;
  const Delete = urqlGql`mutation UrqlDelete($id: ID!) { deleteChatroom(input: { id: $id }) { deletedChatroomId } }`;

  type RoomsData = { chatrooms: { nodes: { id: string; name: string }[]; pageInfo: { endCursor: string; hasNextPage: boolean } } };

  it("answers urql's default client, which sends queries as plain GETs", async () => {
    const methods: string[] = [];
    const client = new Client({
      url: stacks.shared.url,
      exchanges: [cacheExchange, fetchExchange],
      fetch: (input, init) => {
        methods.push(init?.method ?? 'GET');
        return fetch(input, init);
      },
    });
    const result = await client.query<RoomsData>(Rooms, {}).toPromise();
    expect(result.error).toBeUndefined();
    expect(result.data!.chatrooms.nodes).toHaveLength(10);
    expect(methods).toEqual(['GET']);
  });

  it('adds a created room to a list paged with edges as to one paged with nodes', async () => {
    const output = printed();
    const client = createUrqlClient(stacks.shared.url, await hs256('edges_user'));
    type EdgesData = { chatrooms: { edges: { node: { id: string } }[]; pageInfo: { endCursor: string; hasNextPage: boolean } } };
    const RoomEdges = urqlGql`
      query UrqlRoomEdges($after: String) {
        chatrooms(first: 50, after: $after) { edges { cursor node { id name } } pageInfo { endCursor hasNextPage } }
      }
    `;
    let page = (await client.query<EdgesData>(RoomEdges, {}).toPromise()).data!.chatrooms;
    for (let pages = 1; page.pageInfo.hasNextPage && pages < 10; pages++) {
      page = (await client.query<EdgesData>(RoomEdges, { after: page.pageInfo.endCursor }).toPromise()).data!.chatrooms;
    }
    stacks.shared.emulator.store.addUser('edges_user');
    const created = await client.mutation<{ createChatroom: { chatroom: { id: string } } }>(Create, {
      input: { name: 'Edges room', description: '', members: ['bob'] },
    }).toPromise();
    expect(created.error).toBeUndefined();
    const id = created.data!.createChatroom.chatroom.id;
    const cached = client.readQuery<EdgesData>(RoomEdges, {})!.data!.chatrooms.edges.map((e) => e.node.id);
    expect(cached.at(-1)).toBe(id);
    expect(cached).toEqual(allIds());
    expect(output()).toEqual([]);
  });

  it('sends its queries as POSTs: from another origin, one preflight for all of them rather than one per query and variables', async () => {
    const methods: string[] = [];
    const original = globalThis.fetch.bind(globalThis);
    const fetchSpy = vi.spyOn(globalThis, 'fetch').mockImplementation((input: RequestInfo | URL, init?: RequestInit) => {
      methods.push(init?.method ?? 'GET');
      return original(input, init);
    });
    try {
      const client = createUrqlClient(stacks.shared.url, alice);
      for (const first of [1, 2]) {
        const Page = urqlGql`query UrqlPost($first: Int) { chatrooms(first: $first) { nodes { id } } }`;
        expect((await client.query(Page, { first }).toPromise()).error).toBeUndefined();
      }
    } finally {
      fetchSpy.mockRestore();
    }
    expect(methods).toEqual(['POST', 'POST']);
  });

  it('lists, pages, creates, renames, changes members and deletes with Graphcache, keeping one normalized cache', async () => {
    const output = printed();
    const client = createUrqlClient(stacks.shared.url, alice);
    const cached = () => client.readQuery<RoomsData>(Rooms, {})!.data!.chatrooms.nodes;

    let page = (await client.query<RoomsData>(Rooms, {}).toPromise()).data!.chatrooms;
    for (let pages = 1; page.pageInfo.hasNextPage && pages < 10; pages++) {
      page = (await client.query<RoomsData>(Rooms, { after: page.pageInfo.endCursor }).toPromise()).data!.chatrooms;
    }
    expect(page.pageInfo.hasNextPage).toBe(false);
    expect(cached().map((r) => r.id)).toEqual(allIds());

    // A room the list brought is read from the cache: no request, no upstream call.
    const [firstId] = allIds();
    const Room = urqlGql`query UrqlRoom($id: ID!) { chatroom(id: $id) { id name } }`;
    const { calls } = await stacks.shared.counting(() => client.query(Room, { id: firstId }).toPromise());
    expect(calls).toEqual([]);

    const created = await client.mutation<{ createChatroom: { chatroom: { id: string } } }>(Create, {
      input: { name: 'urql room', description: '', members: ['dave'] },
    }).toPromise();
    expect(created.error).toBeUndefined();
    const id = created.data!.createChatroom.chatroom.id;
    expect(cached().map((r) => r.id)).toEqual(allIds());

    await client.mutation(Rename, { id, name: 'Renamed by urql' }).toPromise();
    expect(cached().at(-1)).toMatchObject({ id, name: 'Renamed by urql' });

    await client.mutation(Add, { id, usernames: ['bob', 'carol'] }).toPromise();
    const members = () => client.readQuery<{ chatroom: { members: { id: string }[] } }>(Members, { id })!.data!.chatroom.members.map((m) => m.id);
    expect(members()).toEqual(['dave', 'bob', 'carol']);
    await client.mutation(Remove, { id, usernames: ['dave', 'bob'] }).toPromise();
    expect(members()).toEqual(['carol']);

    const deleted = await client.mutation(Delete, { id }).toPromise();
    expect(deleted.error).toBeUndefined();
    expect(cached().map((r) => r.id)).toEqual(allIds());
    expect(output()).toEqual([]);
  });
});

type RoomEvent = RoomEventsSubscription['chatroomEvents'];

/** What a client under test does: subscribe to a room's events, and read the room's name from its cache alone. */
interface LiveClient {
  /** Brings the room into the normalized cache. */
  load(id: string): Promise<void>;
  /** Starts the room's subscription: each event goes to `told`, an error to `failed`. */
  subscribe(id: string, told: (event: RoomEvent) => void, failed: (error: unknown) => void): () => void;
  /** The room's name as the cache holds it (undefined: not there), asking nobody. */
  cachedName(id: string): string | undefined;
}

describe('subscriptions: changes made elsewhere reach the normalized cache', () => {
  const live = useStack({ jwt: jwtWithSecret, live: { callbackSecrets: ['clients-test-callback-secret'] } });
  const Room = 'query LiveRoom($id: ID!) { chatroom(id: $id) { id name } }';

  /** A room of alice's, made through another request; its id. */
  async function newRoom(stack: Stack): Promise<string> {
    const { body } = await stack.gql<{ createChatroom: { chatroom: { id: string } } }, unknown>(
      'mutation { createChatroom(input: { name: "Live room", description: "", members: ["dave"] }) { chatroom { id } } }',
      undefined,
      { authorization: `Bearer ${alice}` },
    );
    return body.data!.createChatroom.chatroom.id;
  }

  /** Another backend renames the room at Easemob itself: the gateway hears of it by callback alone. */
  async function renameAtEasemob(stack: Stack, id: string, name: string) {
    const { emulator } = stack;
    const base = `${emulator.url}/${emulator.org}/${emulator.app}`;
    const json = { 'content-type': 'application/json' };
    const grant = { grant_type: 'client_credentials', client_id: emulator.clientId, client_secret: emulator.clientSecret };
    const { access_token } = await (await fetch(`${base}/token`, { method: 'POST', headers: json, body: JSON.stringify(grant) })).json();
    const res = await fetch(`${base}/chatrooms/${id}`, {
      method: 'PUT',
      headers: { ...json, authorization: `Bearer ${access_token}` },
      body: JSON.stringify({ name }),
    });
    expect(res.status).toBe(200);
  }

  /**
   * Subscribes, then changes the room four ways and waits for each event: a rename through
   * another request (the gateway's own write), an SDK user joining and a rename at Easemob (both
   * told by callback only), and a delete, which ends the stream. After each rename the client's
   * cache shows the new name, though the client never asked.
   */
  async function story(client: LiveClient, transport: 'graphql-ws' | 'SSE') {
    const stack = live.shared;
    let upgrades = 0;
    const upgraded = () => upgrades++;
    stack.http.server.on('upgrade', upgraded);
    const id = await newRoom(stack);
    await client.load(id);
    expect(client.cachedName(id)).toBe('Live room');
    const subscriptions = () => stack.gateway.live.stats().subscriptions;
    const before = subscriptions();
    const events: RoomEvent[] = [];
    const errors: unknown[] = [];
    const stop = client.subscribe(id, (event) => events.push(event), (error) => errors.push(error));
    try {
      // Subscribed once the gateway holds it: an event before that would be nobody's.
      await expect.poll(subscriptions).toBe(before + 1);
      const nextEvent = async (count: number) => {
        const told = () => {
          if (errors.length) throw new Error(`the subscription failed: ${format(errors[0])}`);
          return events.length;
        };
        await expect.poll(told, { timeout: 5_000 }).toBeGreaterThanOrEqual(count);
        return events[count - 1]!;
      };

      const renamed = await stack.gql('mutation($id: ID!) { updateChatroom(input: { id: $id, name: "Renamed elsewhere" }) { updated { name } } }', { id }, {
        authorization: `Bearer ${alice}`,
      });
      expect(renamed.body.errors).toBeUndefined();
      expect(await nextEvent(1)).toMatchObject({ __typename: 'ChatroomUpdated', chatroom: { id, name: 'Renamed elsewhere' }, actor: { username: 'alice' } });
      expect(client.cachedName(id)).toBe('Renamed elsewhere');

      stack.emulator.actAs('zhangsan', { kind: 'join', room: id });
      expect(await nextEvent(2)).toMatchObject({ __typename: 'ChatroomMembersJoined', users: [{ id: 'zhangsan', username: 'zhangsan' }], actor: { username: 'zhangsan' } });

      await renameAtEasemob(stack, id, 'Renamed at Easemob');
      expect(await nextEvent(3)).toMatchObject({ __typename: 'ChatroomUpdated', chatroom: { id, name: 'Renamed at Easemob' }, actor: null });
      expect(client.cachedName(id)).toBe('Renamed at Easemob');

      await stack.gql('mutation($id: ID!) { deleteChatroom(input: { id: $id }) { success } }', { id }, { authorization: `Bearer ${alice}` });
      expect(await nextEvent(4)).toMatchObject({ __typename: 'ChatroomDeleted', deletedChatroomId: id });
      // The stream ended with the room, and nothing was told twice (no echo of a callback).
      await expect.poll(subscriptions).toBe(before);
      expect(events.map((e) => e.__typename)).toEqual(['ChatroomUpdated', 'ChatroomMembersJoined', 'ChatroomUpdated', 'ChatroomDeleted']);
      expect(client.cachedName(id)).toBeUndefined();
      expect(errors).toEqual([]);
      // One WebSocket for graphql-ws; SSE is plain HTTP.
      expect(upgrades).toBe(transport === 'graphql-ws' ? 1 : 0);
    } finally {
      stop();
      stack.http.server.off('upgrade', upgraded);
    }
  }

  const RoomEvents = parse(String(RoomEventsDocument)) as TypedDocumentNode<RoomEventsSubscription, RoomEventsSubscriptionVariables>;

  /** Apollo as the README shows it: the deleted room evicted as the event comes. */
  function apollo(client: ReturnType<typeof createApolloClient>): LiveClient {
    const ApolloRoom = gql(Room);
    return {
      async load(id) {
        await client.query({ query: ApolloRoom, variables: { id } });
      },
      subscribe(id, told, failed) {
        const subscription = client.subscribe({ query: RoomEvents, variables: { id } }).subscribe(({ data, error }) => {
          if (error || !data) return failed(error);
          const event = data.chatroomEvents;
          if (event.__typename === 'ChatroomDeleted') evictDeletedRoom(client.cache, event.deletedChatroomId);
          told(event);
        });
        return () => subscription.unsubscribe();
      },
      cachedName: (id) => client.readQuery<{ chatroom: { name: string } | null }>({ query: ApolloRoom, variables: { id } })?.chatroom?.name,
    };
  }

  /** Events the cache keeps as entities of their own: none, by the ChatroomEvent policy. */
  const eventEntities = (client: ReturnType<typeof createApolloClient>) => Object.keys(client.cache.extract() as object).filter((key) => /^Chatroom[A-Z]/.test(key));

  it('Apollo Client over graphql-ws (the default link)', async () => {
    const output = printed();
    const client = createApolloClient(live.shared.url, alice);
    await story(apollo(client), 'graphql-ws');
    expect(eventEntities(client)).toEqual([]);
    expect(output()).toEqual([]);
  });

  it('Apollo Client over SSE (sseLink)', async () => {
    const output = printed();
    const client = createApolloClient(live.shared.url, alice, sseLink(live.shared.url, alice));
    await story(apollo(client), 'SSE');
    expect(eventEntities(client)).toEqual([]);
    expect(output()).toEqual([]);
  });

  it('urql over SSE (fetchSubscriptions), Graphcache evicting the deleted room by itself', async () => {
    const output = printed();
    const client = createUrqlClient(live.shared.url, alice);
    await story({
      async load(id) {
        expect((await client.query(Room, { id }).toPromise()).error).toBeUndefined();
      },
      subscribe(id, told, failed) {
        const { unsubscribe } = client.subscription(RoomEvents, { id }).subscribe(({ data, error, hasNext }) => {
          if (error || !data) return failed(error);
          // urql marks the stream's end by handing on its last result again, with hasNext false.
          if (hasNext !== false) told(data.chatroomEvents);
        });
        return unsubscribe;
      },
      // Knowing the schema, Graphcache answers a room it no longer holds partially: its name null.
      cachedName: (id) => client.readQuery<{ chatroom: { name: string | null } | null }>(Room, { id })?.data?.chatroom?.name ?? undefined,
    }, 'SSE');
    expect(output()).toEqual([]);
  });
});

describe('the README', () => {
  it('shows the Apollo and urql setups exactly as tested', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    for (const file of ['../examples/apollo.ts', '../examples/urql.ts']) {
      expect(readme).toContain(readFileSync(new URL(file, import.meta.url), 'utf8').trim());
    }
  });
});
