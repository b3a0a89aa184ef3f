/**
 * Apollo Client 4 against this gateway: the cache's type policies, and the cache updates the
 * mutations' payloads make possible without a refetch. The README shows this file; a test
 * (test/clients.test.ts) runs it against the gateway.
 */
import { type ApolloCache, ApolloClient, HttpLink, InMemoryCache, type Reference, type TypePolicies } from '@apollo/client';
import { relayStylePagination } from '@apollo/client/utilities';

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
    },
  },
};

export function createApolloClient(uri: string, token?: string) {
  return new ApolloClient({
    link: new HttpLink({ uri, headers: token ? { authorization: `Bearer ${token}` } : {} }),
    cache: new InMemoryCache({ typePolicies }),
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

/** After deleteChatroom: the room leaves the cache, and every list that held it. */
export function evictDeletedRoom(cache: ApolloCache, deletedChatroomId: string): void {
  cache.evict({ id: cache.identify({ __typename: 'Chatroom', id: deletedChatroomId }) });
  cache.gc();
}
