/**
 * urql against this gateway, with Graphcache for a normalized cache: which objects are
 * entities, how pages merge, and the cache updates the mutations' payloads and the
 * subscriptions' events make possible without a refetch. The README shows this file; a test
 * (test/clients.test.ts) runs it against the gateway. urql sends queries as GET by default,
 * which the gateway answers, and subscriptions over SSE (fetchSubscriptions).
 */
import { Client, fetchExchange, gql } from '@urql/core';
import { cacheExchange, type Cache } from '@urql/exchange-graphcache';
import { relayPagination } from '@urql/exchange-graphcache/extras';
import { embeddedTypes, introspection } from './schema.js';

/** Objects with no identity of their own live inside the object that holds them. */
const embedded = () => null;

/** The cached pages of the app's room list: each page's record, and the arguments it was asked with. */
function* roomPages(cache: Cache): Generator<{ page: string; args: Record<string, unknown> | null }> {
  for (const field of cache.inspectFields('Query')) {
    const page = field.fieldName === 'chatrooms' && (cache.resolve('Query', field.fieldKey) as string | null);
    if (page) yield { page, args: field.arguments };
  }
}

/** The last page of a room list paged with `edges`, as an updater may rewrite it. */
const LastEdges = gql`
  query LastRoomEdges($first: Int, $after: String) {
    chatrooms(first: $first, after: $after) { edges { cursor node { id } } pageInfo { hasNextPage } }
  }
`;

/**
 * After createChatroom: new rooms come last in Easemob's list, so the new room goes at the
 * end of the cached page that ends the list; until one does, paging brings it. (Select the
 * fields the list shows in the mutation's payload, so the cache holds them for the new room.)
 */
function addCreatedRoom(cache: Cache, id: string): void {
  const room = { __typename: 'Chatroom', id };
  for (const { page, args } of roomPages(cache)) {
    const pageInfo = cache.resolve(page, 'pageInfo') as string | null;
    if (!pageInfo || cache.resolve(pageInfo, 'hasNextPage') !== false) continue;
    const nodes = cache.resolve(page, 'nodes') as string[] | null;
    if (nodes) cache.link(page, 'nodes', [...nodes, cache.keyOfEntity(room)]);
    // An edge is no entity an updater can link: the page is written again, with one edge more.
    if (cache.resolve(page, 'edges')) {
      cache.updateQuery({ query: LastEdges, variables: args ?? {} }, (data: { chatrooms: { edges: unknown[] } } | null) =>
        data && { ...data, chatrooms: { ...data.chatrooms, edges: [...data.chatrooms.edges, { __typename: 'ChatroomEdge', cursor: '', node: room }] } },
      );
    }
  }
}

/** After deleteChatroom: the room leaves the cached list, and the cache. */
function removeDeletedRoom(cache: Cache, id: string): void {
  const room = cache.keyOfEntity({ __typename: 'Chatroom', id });
  for (const { page } of roomPages(cache)) {
    const nodes = cache.resolve(page, 'nodes') as string[] | null;
    if (nodes) cache.link(page, 'nodes', nodes.filter((node) => node !== room));
    const edges = cache.resolve(page, 'edges') as string[] | null;
    if (edges) cache.link(page, 'edges', edges.filter((edge) => cache.resolve(edge, 'node') !== room));
  }
  // Anything else that held it (a user's joined rooms) is fetched again when next shown.
  cache.invalidate(room!);
}

/**
 * After addChatroomMembers or removeChatroomMembers: users removed leave the room's cached muted
 * list, and its cached memberList is dropped, to be read again from its first page (Easemob
 * keeps members in no order and pages them by offset: after a change the pages no longer line up).
 */
function afterMemberChange(cache: Cache, roomId: string, removed: readonly string[]): void {
  const room = cache.keyOfEntity({ __typename: 'Chatroom', id: roomId })!;
  const muted = cache.resolve(room, 'mutedMembers') as string[] | null;
  if (muted && removed.length) {
    const gone = new Set(removed.map((username) => cache.keyOfEntity({ __typename: 'User', id: username })));
    cache.link(room, 'mutedMembers', muted.filter((entry) => !gone.has(cache.resolve(entry, 'user') as string)));
  }
  for (const field of cache.inspectFields(room)) if (field.fieldName === 'memberList') cache.invalidate(room, field.fieldName, field.arguments ?? undefined);
}

/** The room and the users a member change named, from its input. */
const memberChange = (args: Record<string, unknown>) => args.input as { id: string; usernames: string[] };

export const graphcache = () =>
  cacheExchange({
    // Fragments on the ChatroomEvent interface are matched by the schema, not guessed (with
    // possibleTypes alone, Graphcache 9 still writes every fragment, warning of each missing field).
    schema: introspection,
    keys: {
      // Every type without an id, from the schema (pages, payloads, MutedMember…): none is missed
      // as the schema grows. Events are among them: each replaces the last in its subscription's
      // result, while the rooms and users in them (ChatroomUpdated's `chatroom`) merge by id.
      ...Object.fromEntries(embeddedTypes.map((type) => [type, embedded])),
    },
    resolvers: {
      // Pages of one list merge into one; urql's relayPagination merges `nodes` and `edges`.
      Query: {
        chatrooms: relayPagination(),
        // A room or user the cache already holds is read without a request.
        chatroom: (_, args) => ({ __typename: 'Chatroom', id: args.id as string }),
        user: (_, args) => ({ __typename: 'User', id: args.username as string }),
      },
      User: { joinedChatrooms: relayPagination() },
      // A large room's members, a page at a time: "More members" appends the next page.
      Chatroom: { memberList: relayPagination() },
    },
    updates: {
      Mutation: {
        createChatroom: (result, _args, cache) => {
          const id = (result.createChatroom as { chatroom?: { id?: string } } | null)?.chatroom?.id;
          if (id) addCreatedRoom(cache, id);
        },
        addChatroomMembers: (_result, args, cache) => afterMemberChange(cache, memberChange(args).id, []),
        removeChatroomMembers: (result, args, cache) => {
          const results = (result.removeChatroomMembers as { results?: { username: string; ok: boolean }[] } | null)?.results;
          const { id, usernames } = memberChange(args);
          // Whom Easemob removed, when the payload says; else whom the input named.
          afterMemberChange(cache, id, results ? results.filter((r) => r.ok).map((r) => r.username) : usernames);
        },
        deleteChatroom: (result, _args, cache) => {
          const id = (result.deleteChatroom as { deletedChatroomId?: string } | null)?.deletedChatroomId;
          if (id) removeDeletedRoom(cache, id);
        },
      },
      Subscription: {
        // A room deleted anywhere leaves the cache as one deleted here does.
        chatroomEvents: (result, _args, cache) => {
          const event = result.chatroomEvents as { __typename?: string; deletedChatroomId?: string } | null;
          if (event?.__typename === 'ChatroomDeleted' && event.deletedChatroomId) removeDeletedRoom(cache, event.deletedChatroomId);
        },
      },
    },
  });

export function createUrqlClient(url: string, token?: string) {
  return new Client({
    url,
    // POST, not urql's default GET: from another origin, a request with Authorization is preflighted
    // once per distinct URL, and each GET's URL is its own (its query, its variables); a POST's is one.
    preferGetMethod: false,
    // Subscriptions over GraphQL over SSE: a POST each, by the fetch exchange, token and all.
    fetchSubscriptions: true,
    exchanges: [graphcache(), fetchExchange],
    fetchOptions: () => (token ? { headers: { authorization: `Bearer ${token}` } } : {}),
  });
}
