/**
 * Apollo Client 4 against this gateway: the cache's type policies, the cache updates the
 * mutations' payloads make possible without a refetch, and subscriptions (over graphql-ws, or
 * over SSE) whose events update the same cache. The README shows this file; a test
 * (test/clients.test.ts) runs it against the gateway.
 */
import { type ApolloCache, ApolloClient, ApolloLink, HttpLink, InMemoryCache, type Reference, type TypePolicies } from '@apollo/client';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { relayStylePagination } from '@apollo/client/utilities';
import { OperationTypeNode, print } from 'graphql';
import { createClient as createSseClient } from 'graphql-sse';
import { createClient as createWsClient } from 'graphql-ws';
import { Observable } from 'rxjs';
import { possibleTypes } from './schema.js';

export const typePolicies: TypePolicies = {
  Query: {
    fields: {
      // One list of rooms, pages appended as they come. relayStylePagination merges `edges`:
      // page with `edges { cursor node { … } }` (a `nodes` selection would hold the last page only).
      chatrooms: relayStylePagination(),
      // A room or user the cache already holds is read without a request.
      chatroom: { read: (_, { args, toReference }) => toReference({ __typename: 'Chatroom', id: args?.id }) },
      user: { read: (_, { args, toReference }) => toReference({ __typename: 'User', id: args?.username }) },
    },
  },
  User: { fields: { joinedChatrooms: relayStylePagination() } },
  Chatroom: {
    fields: {
      // Member lists come whole from the gateway: the latest replaces the cached one.
      members: { merge: false },
      affiliations: { merge: false },
      // A large room's members, a page at a time: "More members" (fetchMore) appends the next page.
      memberList: relayStylePagination(),
    },
  },
  // Every event type inherits this (through possibleTypes): an event is no entity to keep, and
  // each replaces the last as its subscription's result, while the rooms and users in it
  // (ChatroomUpdated's `chatroom`) merge into the cached ones by id.
  ChatroomEvent: { keyFields: false },
  Subscription: { fields: { chatroomEvents: { merge: false }, viewerChatroomEvents: { merge: false } } },
};

const bearer = (token?: string): Record<string, string> => (token ? { authorization: `Bearer ${token}` } : {});

/**
 * Subscriptions over one WebSocket (graphql-ws), opened with the first subscription and closed
 * after the last. A browser's WebSocket sends no headers of ours: the token goes in connectionParams.
 */
export const wsLink = (uri: string, token?: string) =>
  new GraphQLWsLink(createWsClient({ url: uri.replace(/^http/, 'ws'), connectionParams: bearer(token) }));

/**
 * Or over GraphQL over SSE (graphql-sse's client: one POST per subscription, the token in its
 * headers, plain HTTP all the way): `createApolloClient(uri, token, sseLink(uri, token))`.
 */
export function sseLink(uri: string, token?: string) {
  const client = createSseClient({ url: uri, headers: bearer(token) });
  return new ApolloLink(
    ({ query, variables, operationName }) =>
      new Observable<ApolloLink.Result>((sink) => client.subscribe({ query: print(query), variables, operationName }, sink)),
  );
}

/** Subscriptions go through `subscriptions`, the rest over HTTP. */
export function createApolloClient(uri: string, token?: string, subscriptions: ApolloLink = wsLink(uri, token)) {
  return new ApolloClient({
    link: ApolloLink.split(
      ({ operationType }) => operationType === OperationTypeNode.SUBSCRIPTION,
      subscriptions,
      new HttpLink({ uri, headers: bearer(token) }),
    ),
    cache: new InMemoryCache({ typePolicies, possibleTypes }),
    // Sent as apollographql-client-name and -version; the gateway's CORS allows them.
    clientAwareness: { name: 'chatrooms-web', version: '1.0.0' },
  });
}

interface CachedRooms {
  edges: { __typename: 'ChatroomEdge'; cursor: string; node: Reference }[];
  pageInfo: { hasNextPage: boolean };
}

/**
 * After createChatroom: new rooms come last in Easemob's list, so the new room goes at the
 * end of the cached list once that list is loaded to its end; before that, paging brings it.
 */
export function addCreatedRoom(cache: ApolloCache, room: { id: string }): void {
  cache.modify<{ chatrooms: CachedRooms }>({
    fields: {
      chatrooms(existing, { isReference, toReference }) {
        if (!existing || isReference(existing) || existing.pageInfo.hasNextPage) return existing;
        const node = toReference({ __typename: 'Chatroom', id: room.id })!;
        return { ...existing, edges: [...existing.edges, { __typename: 'ChatroomEdge', cursor: '', node }] };
      },
    },
  });
}

/**
 * After deleteChatroom: the room leaves every cached list at once (the rooms, and users' joined
 * rooms), but stays in the cache for the page that may still show it: evicted while a screen
 * shows it, Apollo would ask the gateway again for each of that screen's queries, each answered
 * NOT_FOUND. Evict it (evictDeletedRoom) once that screen is gone.
 */
export function removeDeletedRoom(cache: ApolloCache, deletedChatroomId: string): void {
  const without = (existing: CachedRooms | Reference | undefined, readField: (field: string, from: Reference) => unknown) =>
    existing && 'edges' in existing ? { ...existing, edges: existing.edges.filter((edge) => readField('id', edge.node) !== deletedChatroomId) } : existing;
  cache.modify<{ chatrooms: CachedRooms }>({ fields: { chatrooms: (existing, { readField }) => without(existing, readField) } });
  for (const id of Object.keys(cache.extract() as object)) {
    if (id.startsWith('User:')) cache.modify<{ joinedChatrooms: CachedRooms }>({ id, fields: { joinedChatrooms: (existing, { readField }) => without(existing, readField) } });
  }
}

/** Once no screen shows a deleted room: it leaves the cache, with what only it held. */
export function evictDeletedRoom(cache: ApolloCache, deletedChatroomId: string): void {
  cache.evict({ id: cache.identify({ __typename: 'Chatroom', id: deletedChatroomId }) });
  cache.gc();
}

/**
 * After addChatroomMembers or removeChatroomMembers (select `results { username ok }`): users
 * removed leave the room's cached muted list, and its cached memberList is dropped, to be read
 * again from its first page. Easemob keeps a room's members in no order, and its pages are
 * offsets: after a change, the pages a screen holds no longer line up with the next ones (a
 * member would be skipped or shown twice), so a member list starts again rather than merge.
 */
export function afterMemberChange(cache: ApolloCache, roomId: string, removed: readonly string[]): void {
  const id = cache.identify({ __typename: 'Chatroom', id: roomId });
  cache.modify<{ mutedMembers: readonly Reference[] | null }>({
    id,
    fields: {
      mutedMembers(existing, { readField }) {
        if (!existing || !removed.length) return existing;
        return existing.filter((muted) => !removed.includes(readField<string>('id', readField<Reference>('user', muted)) ?? ''));
      },
    },
  });
  cache.evict({ id, fieldName: 'memberList' });
  cache.gc();
}

