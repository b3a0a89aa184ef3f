/* eslint-disable */
import * as types from './graphql.js';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query Names { chatrooms(first: 3) { nodes { name } } }\n": typeof types.NamesDocument,
    "\n    query ApolloRooms($after: String) {\n      chatrooms(first: 10, after: $after) {\n        edges { cursor node { id name owner { id username } } }\n        pageInfo { startCursor endCursor hasNextPage hasPreviousPage }\n      }\n    }\n  ": typeof types.ApolloRoomsDocument,
    "query ApolloRoom($id: ID!) { chatroom(id: $id) { id name } }": typeof types.ApolloRoomDocument,
    "\n    mutation ApolloCreate($input: CreateChatroomInput!) { createChatroom(input: $input) { chatroom { id name owner { id username } } } }\n  ": typeof types.ApolloCreateDocument,
    "mutation ApolloRename($id: ID!, $name: String!) { updateChatroom(input: { id: $id, name: $name }) { chatroom { id name } } }": typeof types.ApolloRenameDocument,
    "\n    mutation ApolloAdd($id: ID!, $usernames: [String!]!) {\n      addChatroomMembers(input: { id: $id, usernames: $usernames }) { chatroom { id members { id username } } results { username ok } }\n    }\n  ": typeof types.ApolloAddDocument,
    "\n    mutation ApolloRemove($id: ID!, $usernames: [String!]!) {\n      removeChatroomMembers(input: { id: $id, usernames: $usernames }) { chatroom { id members { id username } } results { username ok } }\n    }\n  ": typeof types.ApolloRemoveDocument,
    "mutation ApolloDelete($id: ID!) { deleteChatroom(input: { id: $id }) { deletedChatroomId } }": typeof types.ApolloDeleteDocument,
    "query RefusedRooms { chatrooms(first: 1) { nodes { id } } }": typeof types.RefusedRoomsDocument,
    "\n    query MemberPage($id: ID!, $after: String) {\n      chatroom(id: $id) {\n        id\n        memberList(first: 10, after: $after) { edges { cursor node { role user { id username } } } pageInfo { endCursor hasNextPage } }\n      }\n    }\n  ": typeof types.MemberPageDocument,
    "query MutedPage($id: ID!) { chatroom(id: $id) { id mutedMembers { user { id } expiresAt } } }": typeof types.MutedPageDocument,
    "mutation RemoveMuted($id: ID!, $usernames: [String!]!) { removeChatroomMembers(input: { id: $id, usernames: $usernames }) { results { username ok } } }": typeof types.RemoveMutedDocument,
    "\n      query UrqlMemberPage($id: ID!, $after: String) {\n        chatroom(id: $id) { id memberList(first: 10, after: $after) { nodes { role user { id } } pageInfo { endCursor hasNextPage } } }\n      }\n    ": typeof types.UrqlMemberPageDocument,
    "\n      query UrqlModeration($id: ID!) {\n        chatroom(id: $id) { id mutedMembers { user { id } expiresAt } viewerCan { update delete moderate } }\n      }\n    ": typeof types.UrqlModerationDocument,
    "mutation UrqlRemoveMuted($input: ChatroomMembersInput!) { removeChatroomMembers(input: $input) { results { username ok } } }": typeof types.UrqlRemoveMutedDocument,
    "query PageOwnerRooms { viewer { id joinedChatrooms(first: 10) { edges { cursor node { id name } } pageInfo { endCursor hasNextPage } } } }": typeof types.PageOwnerRoomsDocument,
    "query ShownRoom($id: ID!) { chatroom(id: $id) { id name } }": typeof types.ShownRoomDocument,
    "query ShownMembers($id: ID!) { chatroom(id: $id) { id members { id } } }": typeof types.ShownMembersDocument,
    "query ShownAnnouncement($id: ID!) { chatroom(id: $id) { id announcement } }": typeof types.ShownAnnouncementDocument,
    "mutation DeleteShown($id: ID!) { deleteChatroom(input: { id: $id }) { deletedChatroomId } }": typeof types.DeleteShownDocument,
    "\n    query UrqlRooms($after: String) {\n      chatrooms(first: 10, after: $after) { nodes { id name owner { id username } } pageInfo { endCursor hasNextPage } }\n    }\n  ": typeof types.UrqlRoomsDocument,
    "query UrqlMembers($id: ID!) { chatroom(id: $id) { id members { id username } } }": typeof types.UrqlMembersDocument,
    "mutation UrqlCreate($input: CreateChatroomInput!) { createChatroom(input: $input) { chatroom { id name owner { id username } } } }": typeof types.UrqlCreateDocument,
    "mutation UrqlRename($id: ID!, $name: String!) { updateChatroom(input: { id: $id, name: $name }) { chatroom { id name } } }": typeof types.UrqlRenameDocument,
    "\n    mutation UrqlAdd($id: ID!, $usernames: [String!]!) { addChatroomMembers(input: { id: $id, usernames: $usernames }) { chatroom { id members { id username } } } }\n  ": typeof types.UrqlAddDocument,
    "\n    mutation UrqlRemove($id: ID!, $usernames: [String!]!) { removeChatroomMembers(input: { id: $id, usernames: $usernames }) { chatroom { id members { id username } } } }\n  ": typeof types.UrqlRemoveDocument,
    "mutation UrqlDelete($id: ID!) { deleteChatroom(input: { id: $id }) { deletedChatroomId } }": typeof types.UrqlDeleteDocument,
    "\n      query UrqlRoomEdges($after: String) {\n        chatrooms(first: 50, after: $after) { edges { cursor node { id name } } pageInfo { endCursor hasNextPage } }\n      }\n    ": typeof types.UrqlRoomEdgesDocument,
    "query UrqlPost($first: Int) { chatrooms(first: $first) { nodes { id } } }": typeof types.UrqlPostDocument,
    "query UrqlRoom($id: ID!) { chatroom(id: $id) { id name } }": typeof types.UrqlRoomDocument,
    "\n  query RoomName($id: ID!) { chatroom(id: $id) { id name } }\n": typeof types.RoomNameDocument,
    "\n  mutation TodayRename($input: UpdateChatroomInput!) {\n    updateChatroom(input: $input) { chatroom { name } updated { name description maxUsers } }\n  }\n": typeof types.TodayRenameDocument,
    "\n  query TodayPage($first: Int, $after: String) {\n    chatrooms(first: $first, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } }\n  }\n": typeof types.TodayPageDocument,
    "\n  mutation TodayMembers($add: ChatroomMembersInput!, $remove: ChatroomMembersInput!) {\n    added: addChatroomMembers(input: $add) { results { username ok reason } }\n    removed: removeChatroomMembers(input: $remove) {\n      chatroom { members { username } }\n      results { username ok reason }\n    }\n  }\n": typeof types.TodayMembersDocument,
    "\n  mutation TodayRemove($input: ChatroomMembersInput!) {\n    removeChatroomMembers(input: $input) { results { username ok reason } }\n  }\n": typeof types.TodayRemoveDocument,
    "\n  mutation TodayAdd($input: ChatroomMembersInput!) {\n    addChatroomMembers(input: $input) { results { username ok } }\n  }\n": typeof types.TodayAddDocument,
    "\n  mutation TodayCreateFull($input: CreateChatroomInput!) {\n    createChatroom(input: $input) {\n      chatroom { id maxUsers createdAt custom allMembersMuted affiliationsCount owner { username } }\n    }\n  }\n": typeof types.TodayCreateFullDocument,
    "\n  query TodayRoomFacts($id: ID!) {\n    chatroom(id: $id) { owner { username } members { username } affiliations { role user { username } } allMembersMuted }\n  }\n": typeof types.TodayRoomFactsDocument,
    "\n  mutation Create($input: CreateChatroomInput!) {\n    createChatroom(input: $input) {\n      chatroom { id name description maxUsers owner { username } members { username } affiliationsCount }\n    }\n  }\n": typeof types.CreateDocument,
    "\n  mutation CreateIdOnly($input: CreateChatroomInput!) {\n    createChatroom(input: $input) { chatroom { id } }\n  }\n": typeof types.CreateIdOnlyDocument,
    "\n  mutation Update($input: UpdateChatroomInput!) {\n    updateChatroom(input: $input) {\n      chatroom { id name description maxUsers }\n      updated { name description maxUsers }\n    }\n  }\n": typeof types.UpdateDocument,
    "\n  mutation AddThenRemove($add: ChatroomMembersInput!, $remove: ChatroomMembersInput!) {\n    added: addChatroomMembers(input: $add) { chatroom { members { username } affiliationsCount } }\n    removed: removeChatroomMembers(input: $remove) { chatroom { members { username } affiliationsCount } }\n  }\n": typeof types.AddThenRemoveDocument,
    "\n  query Room($id: ID!) { chatroom(id: $id) { id name members { username } } }\n": typeof types.RoomDocument,
    "\n  query RoomDetail($id: ID!) {\n    chatroom(id: $id) {\n      id name description maxUsers affiliationsCount membersOnly allowInvites public\n      owner { username }\n      members { username }\n      affiliations { role user { username } }\n    }\n  }\n": typeof types.RoomDetailDocument,
    "\n  query SummaryPage($first: Int, $after: String) {\n    chatrooms(first: $first, after: $after) {\n      edges { cursor node { id } }\n      nodes { id name owner { username } affiliationsCount }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.SummaryPageDocument,
    "\n  query DescriptionPage($first: Int) {\n    chatrooms(first: $first) { nodes { id description } }\n  }\n": typeof types.DescriptionPageDocument,
    "\n  query AliasesAndBatch($a: ID!, $ids: [ID!]!) {\n    one: chatroom(id: $a) { id name }\n    again: chatroom(id: $a) { id maxUsers }\n    chatroomsByIds(ids: $ids) { id name description }\n  }\n": typeof types.AliasesAndBatchDocument,
    "\n  query ByIds($ids: [ID!]!) {\n    chatroomsByIds(ids: $ids) { id name }\n  }\n": typeof types.ByIdsDocument,
    "\n  query Joined($username: String!, $first: Int, $after: String) {\n    user(username: $username) {\n      username\n      joinedChatrooms(first: $first, after: $after) {\n        nodes { id name }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n": typeof types.JoinedDocument,
    "\n  query JoinedDetails($username: String!) {\n    user(username: $username) {\n      joinedChatrooms { nodes { id name maxUsers affiliationsCount } }\n    }\n  }\n": typeof types.JoinedDetailsDocument,
    "\n  mutation CreateRoom($input: CreateChatroomInput!) { createChatroom(input: $input) { chatroom { id } } }\n": typeof types.CreateRoomDocument,
    "\n  mutation Rename($input: UpdateChatroomInput!) { updateChatroom(input: $input) { updated { name } } }\n": typeof types.RenameDocument,
};
const documents: Documents = {
    "\n  query Names { chatrooms(first: 3) { nodes { name } } }\n": types.NamesDocument,
    "\n    query ApolloRooms($after: String) {\n      chatrooms(first: 10, after: $after) {\n        edges { cursor node { id name owner { id username } } }\n        pageInfo { startCursor endCursor hasNextPage hasPreviousPage }\n      }\n    }\n  ": types.ApolloRoomsDocument,
    "query ApolloRoom($id: ID!) { chatroom(id: $id) { id name } }": types.ApolloRoomDocument,
    "\n    mutation ApolloCreate($input: CreateChatroomInput!) { createChatroom(input: $input) { chatroom { id name owner { id username } } } }\n  ": types.ApolloCreateDocument,
    "mutation ApolloRename($id: ID!, $name: String!) { updateChatroom(input: { id: $id, name: $name }) { chatroom { id name } } }": types.ApolloRenameDocument,
    "\n    mutation ApolloAdd($id: ID!, $usernames: [String!]!) {\n      addChatroomMembers(input: { id: $id, usernames: $usernames }) { chatroom { id members { id username } } results { username ok } }\n    }\n  ": types.ApolloAddDocument,
    "\n    mutation ApolloRemove($id: ID!, $usernames: [String!]!) {\n      removeChatroomMembers(input: { id: $id, usernames: $usernames }) { chatroom { id members { id username } } results { username ok } }\n    }\n  ": types.ApolloRemoveDocument,
    "mutation ApolloDelete($id: ID!) { deleteChatroom(input: { id: $id }) { deletedChatroomId } }": types.ApolloDeleteDocument,
    "query RefusedRooms { chatrooms(first: 1) { nodes { id } } }": types.RefusedRoomsDocument,
    "\n    query MemberPage($id: ID!, $after: String) {\n      chatroom(id: $id) {\n        id\n        memberList(first: 10, after: $after) { edges { cursor node { role user { id username } } } pageInfo { endCursor hasNextPage } }\n      }\n    }\n  ": types.MemberPageDocument,
    "query MutedPage($id: ID!) { chatroom(id: $id) { id mutedMembers { user { id } expiresAt } } }": types.MutedPageDocument,
    "mutation RemoveMuted($id: ID!, $usernames: [String!]!) { removeChatroomMembers(input: { id: $id, usernames: $usernames }) { results { username ok } } }": types.RemoveMutedDocument,
    "\n      query UrqlMemberPage($id: ID!, $after: String) {\n        chatroom(id: $id) { id memberList(first: 10, after: $after) { nodes { role user { id } } pageInfo { endCursor hasNextPage } } }\n      }\n    ": types.UrqlMemberPageDocument,
    "\n      query UrqlModeration($id: ID!) {\n        chatroom(id: $id) { id mutedMembers { user { id } expiresAt } viewerCan { update delete moderate } }\n      }\n    ": types.UrqlModerationDocument,
    "mutation UrqlRemoveMuted($input: ChatroomMembersInput!) { removeChatroomMembers(input: $input) { results { username ok } } }": types.UrqlRemoveMutedDocument,
    "query PageOwnerRooms { viewer { id joinedChatrooms(first: 10) { edges { cursor node { id name } } pageInfo { endCursor hasNextPage } } } }": types.PageOwnerRoomsDocument,
    "query ShownRoom($id: ID!) { chatroom(id: $id) { id name } }": types.ShownRoomDocument,
    "query ShownMembers($id: ID!) { chatroom(id: $id) { id members { id } } }": types.ShownMembersDocument,
    "query ShownAnnouncement($id: ID!) { chatroom(id: $id) { id announcement } }": types.ShownAnnouncementDocument,
    "mutation DeleteShown($id: ID!) { deleteChatroom(input: { id: $id }) { deletedChatroomId } }": types.DeleteShownDocument,
    "\n    query UrqlRooms($after: String) {\n      chatrooms(first: 10, after: $after) { nodes { id name owner { id username } } pageInfo { endCursor hasNextPage } }\n    }\n  ": types.UrqlRoomsDocument,
    "query UrqlMembers($id: ID!) { chatroom(id: $id) { id members { id username } } }": types.UrqlMembersDocument,
    "mutation UrqlCreate($input: CreateChatroomInput!) { createChatroom(input: $input) { chatroom { id name owner { id username } } } }": types.UrqlCreateDocument,
    "mutation UrqlRename($id: ID!, $name: String!) { updateChatroom(input: { id: $id, name: $name }) { chatroom { id name } } }": types.UrqlRenameDocument,
    "\n    mutation UrqlAdd($id: ID!, $usernames: [String!]!) { addChatroomMembers(input: { id: $id, usernames: $usernames }) { chatroom { id members { id username } } } }\n  ": types.UrqlAddDocument,
    "\n    mutation UrqlRemove($id: ID!, $usernames: [String!]!) { removeChatroomMembers(input: { id: $id, usernames: $usernames }) { chatroom { id members { id username } } } }\n  ": types.UrqlRemoveDocument,
    "mutation UrqlDelete($id: ID!) { deleteChatroom(input: { id: $id }) { deletedChatroomId } }": types.UrqlDeleteDocument,
    "\n      query UrqlRoomEdges($after: String) {\n        chatrooms(first: 50, after: $after) { edges { cursor node { id name } } pageInfo { endCursor hasNextPage } }\n      }\n    ": types.UrqlRoomEdgesDocument,
    "query UrqlPost($first: Int) { chatrooms(first: $first) { nodes { id } } }": types.UrqlPostDocument,
    "query UrqlRoom($id: ID!) { chatroom(id: $id) { id name } }": types.UrqlRoomDocument,
    "\n  query RoomName($id: ID!) { chatroom(id: $id) { id name } }\n": types.RoomNameDocument,
    "\n  mutation TodayRename($input: UpdateChatroomInput!) {\n    updateChatroom(input: $input) { chatroom { name } updated { name description maxUsers } }\n  }\n": types.TodayRenameDocument,
    "\n  query TodayPage($first: Int, $after: String) {\n    chatrooms(first: $first, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } }\n  }\n": types.TodayPageDocument,
    "\n  mutation TodayMembers($add: ChatroomMembersInput!, $remove: ChatroomMembersInput!) {\n    added: addChatroomMembers(input: $add) { results { username ok reason } }\n    removed: removeChatroomMembers(input: $remove) {\n      chatroom { members { username } }\n      results { username ok reason }\n    }\n  }\n": types.TodayMembersDocument,
    "\n  mutation TodayRemove($input: ChatroomMembersInput!) {\n    removeChatroomMembers(input: $input) { results { username ok reason } }\n  }\n": types.TodayRemoveDocument,
    "\n  mutation TodayAdd($input: ChatroomMembersInput!) {\n    addChatroomMembers(input: $input) { results { username ok } }\n  }\n": types.TodayAddDocument,
    "\n  mutation TodayCreateFull($input: CreateChatroomInput!) {\n    createChatroom(input: $input) {\n      chatroom { id maxUsers createdAt custom allMembersMuted affiliationsCount owner { username } }\n    }\n  }\n": types.TodayCreateFullDocument,
    "\n  query TodayRoomFacts($id: ID!) {\n    chatroom(id: $id) { owner { username } members { username } affiliations { role user { username } } allMembersMuted }\n  }\n": types.TodayRoomFactsDocument,
    "\n  mutation Create($input: CreateChatroomInput!) {\n    createChatroom(input: $input) {\n      chatroom { id name description maxUsers owner { username } members { username } affiliationsCount }\n    }\n  }\n": types.CreateDocument,
    "\n  mutation CreateIdOnly($input: CreateChatroomInput!) {\n    createChatroom(input: $input) { chatroom { id } }\n  }\n": types.CreateIdOnlyDocument,
    "\n  mutation Update($input: UpdateChatroomInput!) {\n    updateChatroom(input: $input) {\n      chatroom { id name description maxUsers }\n      updated { name description maxUsers }\n    }\n  }\n": types.UpdateDocument,
    "\n  mutation AddThenRemove($add: ChatroomMembersInput!, $remove: ChatroomMembersInput!) {\n    added: addChatroomMembers(input: $add) { chatroom { members { username } affiliationsCount } }\n    removed: removeChatroomMembers(input: $remove) { chatroom { members { username } affiliationsCount } }\n  }\n": types.AddThenRemoveDocument,
    "\n  query Room($id: ID!) { chatroom(id: $id) { id name members { username } } }\n": types.RoomDocument,
    "\n  query RoomDetail($id: ID!) {\n    chatroom(id: $id) {\n      id name description maxUsers affiliationsCount membersOnly allowInvites public\n      owner { username }\n      members { username }\n      affiliations { role user { username } }\n    }\n  }\n": types.RoomDetailDocument,
    "\n  query SummaryPage($first: Int, $after: String) {\n    chatrooms(first: $first, after: $after) {\n      edges { cursor node { id } }\n      nodes { id name owner { username } affiliationsCount }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.SummaryPageDocument,
    "\n  query DescriptionPage($first: Int) {\n    chatrooms(first: $first) { nodes { id description } }\n  }\n": types.DescriptionPageDocument,
    "\n  query AliasesAndBatch($a: ID!, $ids: [ID!]!) {\n    one: chatroom(id: $a) { id name }\n    again: chatroom(id: $a) { id maxUsers }\n    chatroomsByIds(ids: $ids) { id name description }\n  }\n": types.AliasesAndBatchDocument,
    "\n  query ByIds($ids: [ID!]!) {\n    chatroomsByIds(ids: $ids) { id name }\n  }\n": types.ByIdsDocument,
    "\n  query Joined($username: String!, $first: Int, $after: String) {\n    user(username: $username) {\n      username\n      joinedChatrooms(first: $first, after: $after) {\n        nodes { id name }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n": types.JoinedDocument,
    "\n  query JoinedDetails($username: String!) {\n    user(username: $username) {\n      joinedChatrooms { nodes { id name maxUsers affiliationsCount } }\n    }\n  }\n": types.JoinedDetailsDocument,
    "\n  mutation CreateRoom($input: CreateChatroomInput!) { createChatroom(input: $input) { chatroom { id } } }\n": types.CreateRoomDocument,
    "\n  mutation Rename($input: UpdateChatroomInput!) { updateChatroom(input: $input) { updated { name } } }\n": types.RenameDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Names { chatrooms(first: 3) { nodes { name } } }\n"): typeof import('./graphql.js').NamesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n    query ApolloRooms($after: String) {\n      chatrooms(first: 10, after: $after) {\n        edges { cursor node { id name owner { id username } } }\n        pageInfo { startCursor endCursor hasNextPage hasPreviousPage }\n      }\n    }\n  "): typeof import('./graphql.js').ApolloRoomsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ApolloRoom($id: ID!) { chatroom(id: $id) { id name } }"): typeof import('./graphql.js').ApolloRoomDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n    mutation ApolloCreate($input: CreateChatroomInput!) { createChatroom(input: $input) { chatroom { id name owner { id username } } } }\n  "): typeof import('./graphql.js').ApolloCreateDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation ApolloRename($id: ID!, $name: String!) { updateChatroom(input: { id: $id, name: $name }) { chatroom { id name } } }"): typeof import('./graphql.js').ApolloRenameDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n    mutation ApolloAdd($id: ID!, $usernames: [String!]!) {\n      addChatroomMembers(input: { id: $id, usernames: $usernames }) { chatroom { id members { id username } } results { username ok } }\n    }\n  "): typeof import('./graphql.js').ApolloAddDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n    mutation ApolloRemove($id: ID!, $usernames: [String!]!) {\n      removeChatroomMembers(input: { id: $id, usernames: $usernames }) { chatroom { id members { id username } } results { username ok } }\n    }\n  "): typeof import('./graphql.js').ApolloRemoveDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation ApolloDelete($id: ID!) { deleteChatroom(input: { id: $id }) { deletedChatroomId } }"): typeof import('./graphql.js').ApolloDeleteDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query RefusedRooms { chatrooms(first: 1) { nodes { id } } }"): typeof import('./graphql.js').RefusedRoomsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n    query MemberPage($id: ID!, $after: String) {\n      chatroom(id: $id) {\n        id\n        memberList(first: 10, after: $after) { edges { cursor node { role user { id username } } } pageInfo { endCursor hasNextPage } }\n      }\n    }\n  "): typeof import('./graphql.js').MemberPageDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query MutedPage($id: ID!) { chatroom(id: $id) { id mutedMembers { user { id } expiresAt } } }"): typeof import('./graphql.js').MutedPageDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation RemoveMuted($id: ID!, $usernames: [String!]!) { removeChatroomMembers(input: { id: $id, usernames: $usernames }) { results { username ok } } }"): typeof import('./graphql.js').RemoveMutedDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n      query UrqlMemberPage($id: ID!, $after: String) {\n        chatroom(id: $id) { id memberList(first: 10, after: $after) { nodes { role user { id } } pageInfo { endCursor hasNextPage } } }\n      }\n    "): typeof import('./graphql.js').UrqlMemberPageDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n      query UrqlModeration($id: ID!) {\n        chatroom(id: $id) { id mutedMembers { user { id } expiresAt } viewerCan { update delete moderate } }\n      }\n    "): typeof import('./graphql.js').UrqlModerationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation UrqlRemoveMuted($input: ChatroomMembersInput!) { removeChatroomMembers(input: $input) { results { username ok } } }"): typeof import('./graphql.js').UrqlRemoveMutedDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query PageOwnerRooms { viewer { id joinedChatrooms(first: 10) { edges { cursor node { id name } } pageInfo { endCursor hasNextPage } } } }"): typeof import('./graphql.js').PageOwnerRoomsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ShownRoom($id: ID!) { chatroom(id: $id) { id name } }"): typeof import('./graphql.js').ShownRoomDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ShownMembers($id: ID!) { chatroom(id: $id) { id members { id } } }"): typeof import('./graphql.js').ShownMembersDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ShownAnnouncement($id: ID!) { chatroom(id: $id) { id announcement } }"): typeof import('./graphql.js').ShownAnnouncementDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation DeleteShown($id: ID!) { deleteChatroom(input: { id: $id }) { deletedChatroomId } }"): typeof import('./graphql.js').DeleteShownDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n    query UrqlRooms($after: String) {\n      chatrooms(first: 10, after: $after) { nodes { id name owner { id username } } pageInfo { endCursor hasNextPage } }\n    }\n  "): typeof import('./graphql.js').UrqlRoomsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query UrqlMembers($id: ID!) { chatroom(id: $id) { id members { id username } } }"): typeof import('./graphql.js').UrqlMembersDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation UrqlCreate($input: CreateChatroomInput!) { createChatroom(input: $input) { chatroom { id name owner { id username } } } }"): typeof import('./graphql.js').UrqlCreateDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation UrqlRename($id: ID!, $name: String!) { updateChatroom(input: { id: $id, name: $name }) { chatroom { id name } } }"): typeof import('./graphql.js').UrqlRenameDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n    mutation UrqlAdd($id: ID!, $usernames: [String!]!) { addChatroomMembers(input: { id: $id, usernames: $usernames }) { chatroom { id members { id username } } } }\n  "): typeof import('./graphql.js').UrqlAddDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n    mutation UrqlRemove($id: ID!, $usernames: [String!]!) { removeChatroomMembers(input: { id: $id, usernames: $usernames }) { chatroom { id members { id username } } } }\n  "): typeof import('./graphql.js').UrqlRemoveDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation UrqlDelete($id: ID!) { deleteChatroom(input: { id: $id }) { deletedChatroomId } }"): typeof import('./graphql.js').UrqlDeleteDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n      query UrqlRoomEdges($after: String) {\n        chatrooms(first: 50, after: $after) { edges { cursor node { id name } } pageInfo { endCursor hasNextPage } }\n      }\n    "): typeof import('./graphql.js').UrqlRoomEdgesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query UrqlPost($first: Int) { chatrooms(first: $first) { nodes { id } } }"): typeof import('./graphql.js').UrqlPostDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query UrqlRoom($id: ID!) { chatroom(id: $id) { id name } }"): typeof import('./graphql.js').UrqlRoomDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RoomName($id: ID!) { chatroom(id: $id) { id name } }\n"): typeof import('./graphql.js').RoomNameDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TodayRename($input: UpdateChatroomInput!) {\n    updateChatroom(input: $input) { chatroom { name } updated { name description maxUsers } }\n  }\n"): typeof import('./graphql.js').TodayRenameDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TodayPage($first: Int, $after: String) {\n    chatrooms(first: $first, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } }\n  }\n"): typeof import('./graphql.js').TodayPageDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TodayMembers($add: ChatroomMembersInput!, $remove: ChatroomMembersInput!) {\n    added: addChatroomMembers(input: $add) { results { username ok reason } }\n    removed: removeChatroomMembers(input: $remove) {\n      chatroom { members { username } }\n      results { username ok reason }\n    }\n  }\n"): typeof import('./graphql.js').TodayMembersDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TodayRemove($input: ChatroomMembersInput!) {\n    removeChatroomMembers(input: $input) { results { username ok reason } }\n  }\n"): typeof import('./graphql.js').TodayRemoveDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TodayAdd($input: ChatroomMembersInput!) {\n    addChatroomMembers(input: $input) { results { username ok } }\n  }\n"): typeof import('./graphql.js').TodayAddDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TodayCreateFull($input: CreateChatroomInput!) {\n    createChatroom(input: $input) {\n      chatroom { id maxUsers createdAt custom allMembersMuted affiliationsCount owner { username } }\n    }\n  }\n"): typeof import('./graphql.js').TodayCreateFullDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TodayRoomFacts($id: ID!) {\n    chatroom(id: $id) { owner { username } members { username } affiliations { role user { username } } allMembersMuted }\n  }\n"): typeof import('./graphql.js').TodayRoomFactsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Create($input: CreateChatroomInput!) {\n    createChatroom(input: $input) {\n      chatroom { id name description maxUsers owner { username } members { username } affiliationsCount }\n    }\n  }\n"): typeof import('./graphql.js').CreateDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateIdOnly($input: CreateChatroomInput!) {\n    createChatroom(input: $input) { chatroom { id } }\n  }\n"): typeof import('./graphql.js').CreateIdOnlyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Update($input: UpdateChatroomInput!) {\n    updateChatroom(input: $input) {\n      chatroom { id name description maxUsers }\n      updated { name description maxUsers }\n    }\n  }\n"): typeof import('./graphql.js').UpdateDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddThenRemove($add: ChatroomMembersInput!, $remove: ChatroomMembersInput!) {\n    added: addChatroomMembers(input: $add) { chatroom { members { username } affiliationsCount } }\n    removed: removeChatroomMembers(input: $remove) { chatroom { members { username } affiliationsCount } }\n  }\n"): typeof import('./graphql.js').AddThenRemoveDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Room($id: ID!) { chatroom(id: $id) { id name members { username } } }\n"): typeof import('./graphql.js').RoomDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RoomDetail($id: ID!) {\n    chatroom(id: $id) {\n      id name description maxUsers affiliationsCount membersOnly allowInvites public\n      owner { username }\n      members { username }\n      affiliations { role user { username } }\n    }\n  }\n"): typeof import('./graphql.js').RoomDetailDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SummaryPage($first: Int, $after: String) {\n    chatrooms(first: $first, after: $after) {\n      edges { cursor node { id } }\n      nodes { id name owner { username } affiliationsCount }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"): typeof import('./graphql.js').SummaryPageDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DescriptionPage($first: Int) {\n    chatrooms(first: $first) { nodes { id description } }\n  }\n"): typeof import('./graphql.js').DescriptionPageDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AliasesAndBatch($a: ID!, $ids: [ID!]!) {\n    one: chatroom(id: $a) { id name }\n    again: chatroom(id: $a) { id maxUsers }\n    chatroomsByIds(ids: $ids) { id name description }\n  }\n"): typeof import('./graphql.js').AliasesAndBatchDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ByIds($ids: [ID!]!) {\n    chatroomsByIds(ids: $ids) { id name }\n  }\n"): typeof import('./graphql.js').ByIdsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Joined($username: String!, $first: Int, $after: String) {\n    user(username: $username) {\n      username\n      joinedChatrooms(first: $first, after: $after) {\n        nodes { id name }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n"): typeof import('./graphql.js').JoinedDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query JoinedDetails($username: String!) {\n    user(username: $username) {\n      joinedChatrooms { nodes { id name maxUsers affiliationsCount } }\n    }\n  }\n"): typeof import('./graphql.js').JoinedDetailsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateRoom($input: CreateChatroomInput!) { createChatroom(input: $input) { chatroom { id } } }\n"): typeof import('./graphql.js').CreateRoomDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Rename($input: UpdateChatroomInput!) { updateChatroom(input: $input) { updated { name } } }\n"): typeof import('./graphql.js').RenameDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
