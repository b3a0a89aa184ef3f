/* eslint-disable */
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
export type MakeOptional<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]?: Maybe<T[SubKey]> };
export type MakeMaybe<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]: Maybe<T[SubKey]> };
export type MakeEmpty<T extends { [key: string]: unknown }, K extends keyof T> = { [_ in K]?: never };
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** A date-time string at UTC, such as 2007-12-03T10:15:30Z, compliant with the `date-time` format outlined in section 5.6 of the RFC 3339 profile of the ISO 8601 standard for representation of dates and times using the Gregorian calendar. */
  DateTime: { input: string; output: string; }
};

export type Affiliation = {
  __typename?: 'Affiliation';
  role: AffiliationRole;
  user: User;
};

export type AffiliationRole =
  | 'MEMBER'
  | 'OWNER';

/** An Easemob chatroom. */
export type Chatroom = {
  __typename?: 'Chatroom';
  /** The owner first, then the members. */
  affiliations: Array<Affiliation>;
  /** Owner and members together. */
  affiliationsCount: Scalars['Int']['output'];
  /** Every member is muted; null where Easemob does not say. */
  allMembersMuted?: Maybe<Scalars['Boolean']['output']>;
  allowInvites: Scalars['Boolean']['output'];
  /** When the room was created; null where Easemob does not say. */
  createdAt?: Maybe<Scalars['DateTime']['output']>;
  /** The app's own string, set on create. */
  custom?: Maybe<Scalars['String']['output']>;
  description: Scalars['String']['output'];
  /** The Easemob chatroom id, verbatim. */
  id: Scalars['ID']['output'];
  maxUsers: Scalars['Int']['output'];
  /** Users with the member role; the owner is not included. */
  members: Array<User>;
  membersOnly: Scalars['Boolean']['output'];
  name: Scalars['String']['output'];
  owner: User;
  public: Scalars['Boolean']['output'];
  /** The signed-in user's role in the room; null when not in it, or not signed in. */
  viewerRole?: Maybe<AffiliationRole>;
};

export type ChatroomConnection = {
  __typename?: 'ChatroomConnection';
  edges: Array<ChatroomEdge>;
  nodes: Array<Chatroom>;
  pageInfo: PageInfo;
};

export type ChatroomEdge = {
  __typename?: 'ChatroomEdge';
  cursor: Scalars['String']['output'];
  node: Chatroom;
};

/** One asked user's outcome. */
export type ChatroomMemberResult = {
  __typename?: 'ChatroomMemberResult';
  /** The user is now in the asked state: in the room after an add, out of it after a remove. */
  ok: Scalars['Boolean']['output'];
  /** Why not, when not: Easemob's reason. */
  reason?: Maybe<Scalars['String']['output']>;
  username: Scalars['String']['output'];
};

/** At most 60 usernames, no repeats. */
export type ChatroomMembersInput = {
  id: Scalars['ID']['input'];
  usernames: Array<Scalars['String']['input']>;
};

export type ChatroomMembersPayload = {
  __typename?: 'ChatroomMembersPayload';
  chatroom: Chatroom;
  /** One per username asked, in order. */
  results: Array<ChatroomMemberResult>;
};

export type CreateChatroomInput = {
  /** The app's own string for the room, at most 8 KB. */
  custom?: InputMaybe<Scalars['String']['input']>;
  description: Scalars['String']['input'];
  /** Owner and members at most, 1-10000; left out, Easemob's default (1000). */
  maxUsers?: InputMaybe<Scalars['Int']['input']>;
  /** Initial members besides the owner; when given, at least one. */
  members?: InputMaybe<Array<Scalars['String']['input']>>;
  name: Scalars['String']['input'];
  /** Left out: the signed-in user. */
  owner?: InputMaybe<Scalars['String']['input']>;
};

export type CreateChatroomPayload = {
  __typename?: 'CreateChatroomPayload';
  chatroom: Chatroom;
};

export type DeleteChatroomInput = {
  id: Scalars['ID']['input'];
};

export type DeleteChatroomPayload = {
  __typename?: 'DeleteChatroomPayload';
  id: Scalars['ID']['output'];
  success: Scalars['Boolean']['output'];
};

export type Mutation = {
  __typename?: 'Mutation';
  addChatroomMembers?: Maybe<ChatroomMembersPayload>;
  createChatroom?: Maybe<CreateChatroomPayload>;
  deleteChatroom?: Maybe<DeleteChatroomPayload>;
  removeChatroomMembers?: Maybe<ChatroomMembersPayload>;
  updateChatroom?: Maybe<UpdateChatroomPayload>;
};


export type MutationAddChatroomMembersArgs = {
  input: ChatroomMembersInput;
};


export type MutationCreateChatroomArgs = {
  input: CreateChatroomInput;
};


export type MutationDeleteChatroomArgs = {
  input: DeleteChatroomInput;
};


export type MutationRemoveChatroomMembersArgs = {
  input: ChatroomMembersInput;
};


export type MutationUpdateChatroomArgs = {
  input: UpdateChatroomInput;
};

export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

export type Query = {
  __typename?: 'Query';
  /** One room by id; null with a NOT_FOUND error when it does not exist. */
  chatroom?: Maybe<Chatroom>;
  /** All rooms of the app, in upstream order. */
  chatrooms: ChatroomConnection;
  /** Rooms in the order asked; null with a NOT_FOUND error for each missing id. */
  chatroomsByIds: Array<Maybe<Chatroom>>;
  /** A user by username. Costs no upstream call until a field needs one. */
  user: User;
  /** The signed-in user; null for an API key or an anonymous caller. */
  viewer?: Maybe<User>;
};


export type QueryChatroomArgs = {
  id: Scalars['ID']['input'];
};


export type QueryChatroomsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryChatroomsByIdsArgs = {
  ids: Array<Scalars['ID']['input']>;
};


export type QueryUserArgs = {
  username: Scalars['String']['input'];
};

/** Fields left out are not changed. */
export type UpdateChatroomInput = {
  description?: InputMaybe<Scalars['String']['input']>;
  id: Scalars['ID']['input'];
  maxUsers?: InputMaybe<Scalars['Int']['input']>;
  name?: InputMaybe<Scalars['String']['input']>;
};

export type UpdateChatroomPayload = {
  __typename?: 'UpdateChatroomPayload';
  chatroom: Chatroom;
  updated: UpdatedChatroomFields;
};

/** Which fields Easemob reported as updated. */
export type UpdatedChatroomFields = {
  __typename?: 'UpdatedChatroomFields';
  description: Scalars['Boolean']['output'];
  maxUsers: Scalars['Boolean']['output'];
  name: Scalars['Boolean']['output'];
};

/** An Easemob user, known by username. */
export type User = {
  __typename?: 'User';
  /** Rooms the user owns or is a member of. Only the user themself and admins may list them. */
  joinedChatrooms?: Maybe<ChatroomConnection>;
  username: Scalars['String']['output'];
};


/** An Easemob user, known by username. */
export type UserJoinedChatroomsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

export type NamesQueryVariables = Exact<{ [key: string]: never; }>;


export type NamesQuery = { __typename?: 'Query', chatrooms: { __typename?: 'ChatroomConnection', nodes: Array<{ __typename?: 'Chatroom', name: string }> } };

export type TodayRenameMutationVariables = Exact<{
  input: UpdateChatroomInput;
}>;


export type TodayRenameMutation = { __typename?: 'Mutation', updateChatroom?: { __typename?: 'UpdateChatroomPayload', chatroom: { __typename?: 'Chatroom', name: string }, updated: { __typename?: 'UpdatedChatroomFields', name: boolean, description: boolean, maxUsers: boolean } } | null };

export type TodayPageQueryVariables = Exact<{
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type TodayPageQuery = { __typename?: 'Query', chatrooms: { __typename?: 'ChatroomConnection', nodes: Array<{ __typename?: 'Chatroom', id: string }>, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, endCursor?: string | null } } };

export type TodayMembersMutationVariables = Exact<{
  add: ChatroomMembersInput;
  remove: ChatroomMembersInput;
}>;


export type TodayMembersMutation = { __typename?: 'Mutation', added?: { __typename?: 'ChatroomMembersPayload', results: Array<{ __typename?: 'ChatroomMemberResult', username: string, ok: boolean, reason?: string | null }> } | null, removed?: { __typename?: 'ChatroomMembersPayload', chatroom: { __typename?: 'Chatroom', members: Array<{ __typename?: 'User', username: string }> }, results: Array<{ __typename?: 'ChatroomMemberResult', username: string, ok: boolean, reason?: string | null }> } | null };

export type TodayRemoveMutationVariables = Exact<{
  input: ChatroomMembersInput;
}>;


export type TodayRemoveMutation = { __typename?: 'Mutation', removeChatroomMembers?: { __typename?: 'ChatroomMembersPayload', results: Array<{ __typename?: 'ChatroomMemberResult', username: string, ok: boolean, reason?: string | null }> } | null };

export type TodayAddMutationVariables = Exact<{
  input: ChatroomMembersInput;
}>;


export type TodayAddMutation = { __typename?: 'Mutation', addChatroomMembers?: { __typename?: 'ChatroomMembersPayload', results: Array<{ __typename?: 'ChatroomMemberResult', username: string, ok: boolean }> } | null };

export type TodayCreateFullMutationVariables = Exact<{
  input: CreateChatroomInput;
}>;


export type TodayCreateFullMutation = { __typename?: 'Mutation', createChatroom?: { __typename?: 'CreateChatroomPayload', chatroom: { __typename?: 'Chatroom', id: string, maxUsers: number, createdAt?: string | null, custom?: string | null, allMembersMuted?: boolean | null, affiliationsCount: number, owner: { __typename?: 'User', username: string } } } | null };

export type TodayRoomFactsQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type TodayRoomFactsQuery = { __typename?: 'Query', chatroom?: { __typename?: 'Chatroom', allMembersMuted?: boolean | null, owner: { __typename?: 'User', username: string }, members: Array<{ __typename?: 'User', username: string }>, affiliations: Array<{ __typename?: 'Affiliation', role: AffiliationRole, user: { __typename?: 'User', username: string } }> } | null };

export type CreateMutationVariables = Exact<{
  input: CreateChatroomInput;
}>;


export type CreateMutation = { __typename?: 'Mutation', createChatroom?: { __typename?: 'CreateChatroomPayload', chatroom: { __typename?: 'Chatroom', id: string, name: string, description: string, maxUsers: number, affiliationsCount: number, owner: { __typename?: 'User', username: string }, members: Array<{ __typename?: 'User', username: string }> } } | null };

export type CreateIdOnlyMutationVariables = Exact<{
  input: CreateChatroomInput;
}>;


export type CreateIdOnlyMutation = { __typename?: 'Mutation', createChatroom?: { __typename?: 'CreateChatroomPayload', chatroom: { __typename?: 'Chatroom', id: string } } | null };

export type UpdateMutationVariables = Exact<{
  input: UpdateChatroomInput;
}>;


export type UpdateMutation = { __typename?: 'Mutation', updateChatroom?: { __typename?: 'UpdateChatroomPayload', chatroom: { __typename?: 'Chatroom', id: string, name: string, description: string, maxUsers: number }, updated: { __typename?: 'UpdatedChatroomFields', name: boolean, description: boolean, maxUsers: boolean } } | null };

export type DeleteMutationVariables = Exact<{
  input: DeleteChatroomInput;
}>;


export type DeleteMutation = { __typename?: 'Mutation', deleteChatroom?: { __typename?: 'DeleteChatroomPayload', id: string, success: boolean } | null };

export type AddThenRemoveMutationVariables = Exact<{
  add: ChatroomMembersInput;
  remove: ChatroomMembersInput;
}>;


export type AddThenRemoveMutation = { __typename?: 'Mutation', added?: { __typename?: 'ChatroomMembersPayload', chatroom: { __typename?: 'Chatroom', affiliationsCount: number, members: Array<{ __typename?: 'User', username: string }> } } | null, removed?: { __typename?: 'ChatroomMembersPayload', chatroom: { __typename?: 'Chatroom', affiliationsCount: number, members: Array<{ __typename?: 'User', username: string }> } } | null };

export type RoomQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type RoomQuery = { __typename?: 'Query', chatroom?: { __typename?: 'Chatroom', id: string, name: string, members: Array<{ __typename?: 'User', username: string }> } | null };

export type RoomDetailQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type RoomDetailQuery = { __typename?: 'Query', chatroom?: { __typename?: 'Chatroom', id: string, name: string, description: string, maxUsers: number, affiliationsCount: number, membersOnly: boolean, allowInvites: boolean, public: boolean, owner: { __typename?: 'User', username: string }, members: Array<{ __typename?: 'User', username: string }>, affiliations: Array<{ __typename?: 'Affiliation', role: AffiliationRole, user: { __typename?: 'User', username: string } }> } | null };

export type SummaryPageQueryVariables = Exact<{
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type SummaryPageQuery = { __typename?: 'Query', chatrooms: { __typename?: 'ChatroomConnection', edges: Array<{ __typename?: 'ChatroomEdge', cursor: string, node: { __typename?: 'Chatroom', id: string } }>, nodes: Array<{ __typename?: 'Chatroom', id: string, name: string, affiliationsCount: number, owner: { __typename?: 'User', username: string } }>, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, endCursor?: string | null } } };

export type DescriptionPageQueryVariables = Exact<{
  first?: InputMaybe<Scalars['Int']['input']>;
}>;


export type DescriptionPageQuery = { __typename?: 'Query', chatrooms: { __typename?: 'ChatroomConnection', nodes: Array<{ __typename?: 'Chatroom', id: string, description: string }> } };

export type AliasesAndBatchQueryVariables = Exact<{
  a: Scalars['ID']['input'];
  ids: Array<Scalars['ID']['input']> | Scalars['ID']['input'];
}>;


export type AliasesAndBatchQuery = { __typename?: 'Query', one?: { __typename?: 'Chatroom', id: string, name: string } | null, again?: { __typename?: 'Chatroom', id: string, maxUsers: number } | null, chatroomsByIds: Array<{ __typename?: 'Chatroom', id: string, name: string, description: string } | null> };

export type ByIdsQueryVariables = Exact<{
  ids: Array<Scalars['ID']['input']> | Scalars['ID']['input'];
}>;


export type ByIdsQuery = { __typename?: 'Query', chatroomsByIds: Array<{ __typename?: 'Chatroom', id: string, name: string } | null> };

export type JoinedQueryVariables = Exact<{
  username: Scalars['String']['input'];
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type JoinedQuery = { __typename?: 'Query', user: { __typename?: 'User', username: string, joinedChatrooms?: { __typename?: 'ChatroomConnection', nodes: Array<{ __typename?: 'Chatroom', id: string, name: string }>, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, endCursor?: string | null } } | null } };

export type JoinedDetailsQueryVariables = Exact<{
  username: Scalars['String']['input'];
}>;


export type JoinedDetailsQuery = { __typename?: 'Query', user: { __typename?: 'User', joinedChatrooms?: { __typename?: 'ChatroomConnection', nodes: Array<{ __typename?: 'Chatroom', id: string, name: string, maxUsers: number, affiliationsCount: number }> } | null } };

export type RoomNameQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type RoomNameQuery = { __typename?: 'Query', chatroom?: { __typename?: 'Chatroom', id: string, name: string } | null };

export type CreateRoomMutationVariables = Exact<{
  input: CreateChatroomInput;
}>;


export type CreateRoomMutation = { __typename?: 'Mutation', createChatroom?: { __typename?: 'CreateChatroomPayload', chatroom: { __typename?: 'Chatroom', id: string } } | null };

export type RenameMutationVariables = Exact<{
  input: UpdateChatroomInput;
}>;


export type RenameMutation = { __typename?: 'Mutation', updateChatroom?: { __typename?: 'UpdateChatroomPayload', updated: { __typename?: 'UpdatedChatroomFields', name: boolean } } | null };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}

export const NamesDocument = new TypedDocumentString(`
    query Names {
  chatrooms(first: 3) {
    nodes {
      name
    }
  }
}
    `) as unknown as TypedDocumentString<NamesQuery, NamesQueryVariables>;
export const TodayRenameDocument = new TypedDocumentString(`
    mutation TodayRename($input: UpdateChatroomInput!) {
  updateChatroom(input: $input) {
    chatroom {
      name
    }
    updated {
      name
      description
      maxUsers
    }
  }
}
    `) as unknown as TypedDocumentString<TodayRenameMutation, TodayRenameMutationVariables>;
export const TodayPageDocument = new TypedDocumentString(`
    query TodayPage($first: Int, $after: String) {
  chatrooms(first: $first, after: $after) {
    nodes {
      id
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    `) as unknown as TypedDocumentString<TodayPageQuery, TodayPageQueryVariables>;
export const TodayMembersDocument = new TypedDocumentString(`
    mutation TodayMembers($add: ChatroomMembersInput!, $remove: ChatroomMembersInput!) {
  added: addChatroomMembers(input: $add) {
    results {
      username
      ok
      reason
    }
  }
  removed: removeChatroomMembers(input: $remove) {
    chatroom {
      members {
        username
      }
    }
    results {
      username
      ok
      reason
    }
  }
}
    `) as unknown as TypedDocumentString<TodayMembersMutation, TodayMembersMutationVariables>;
export const TodayRemoveDocument = new TypedDocumentString(`
    mutation TodayRemove($input: ChatroomMembersInput!) {
  removeChatroomMembers(input: $input) {
    results {
      username
      ok
      reason
    }
  }
}
    `) as unknown as TypedDocumentString<TodayRemoveMutation, TodayRemoveMutationVariables>;
export const TodayAddDocument = new TypedDocumentString(`
    mutation TodayAdd($input: ChatroomMembersInput!) {
  addChatroomMembers(input: $input) {
    results {
      username
      ok
    }
  }
}
    `) as unknown as TypedDocumentString<TodayAddMutation, TodayAddMutationVariables>;
export const TodayCreateFullDocument = new TypedDocumentString(`
    mutation TodayCreateFull($input: CreateChatroomInput!) {
  createChatroom(input: $input) {
    chatroom {
      id
      maxUsers
      createdAt
      custom
      allMembersMuted
      affiliationsCount
      owner {
        username
      }
    }
  }
}
    `) as unknown as TypedDocumentString<TodayCreateFullMutation, TodayCreateFullMutationVariables>;
export const TodayRoomFactsDocument = new TypedDocumentString(`
    query TodayRoomFacts($id: ID!) {
  chatroom(id: $id) {
    owner {
      username
    }
    members {
      username
    }
    affiliations {
      role
      user {
        username
      }
    }
    allMembersMuted
  }
}
    `) as unknown as TypedDocumentString<TodayRoomFactsQuery, TodayRoomFactsQueryVariables>;
export const CreateDocument = new TypedDocumentString(`
    mutation Create($input: CreateChatroomInput!) {
  createChatroom(input: $input) {
    chatroom {
      id
      name
      description
      maxUsers
      owner {
        username
      }
      members {
        username
      }
      affiliationsCount
    }
  }
}
    `) as unknown as TypedDocumentString<CreateMutation, CreateMutationVariables>;
export const CreateIdOnlyDocument = new TypedDocumentString(`
    mutation CreateIdOnly($input: CreateChatroomInput!) {
  createChatroom(input: $input) {
    chatroom {
      id
    }
  }
}
    `) as unknown as TypedDocumentString<CreateIdOnlyMutation, CreateIdOnlyMutationVariables>;
export const UpdateDocument = new TypedDocumentString(`
    mutation Update($input: UpdateChatroomInput!) {
  updateChatroom(input: $input) {
    chatroom {
      id
      name
      description
      maxUsers
    }
    updated {
      name
      description
      maxUsers
    }
  }
}
    `) as unknown as TypedDocumentString<UpdateMutation, UpdateMutationVariables>;
export const DeleteDocument = new TypedDocumentString(`
    mutation Delete($input: DeleteChatroomInput!) {
  deleteChatroom(input: $input) {
    id
    success
  }
}
    `) as unknown as TypedDocumentString<DeleteMutation, DeleteMutationVariables>;
export const AddThenRemoveDocument = new TypedDocumentString(`
    mutation AddThenRemove($add: ChatroomMembersInput!, $remove: ChatroomMembersInput!) {
  added: addChatroomMembers(input: $add) {
    chatroom {
      members {
        username
      }
      affiliationsCount
    }
  }
  removed: removeChatroomMembers(input: $remove) {
    chatroom {
      members {
        username
      }
      affiliationsCount
    }
  }
}
    `) as unknown as TypedDocumentString<AddThenRemoveMutation, AddThenRemoveMutationVariables>;
export const RoomDocument = new TypedDocumentString(`
    query Room($id: ID!) {
  chatroom(id: $id) {
    id
    name
    members {
      username
    }
  }
}
    `) as unknown as TypedDocumentString<RoomQuery, RoomQueryVariables>;
export const RoomDetailDocument = new TypedDocumentString(`
    query RoomDetail($id: ID!) {
  chatroom(id: $id) {
    id
    name
    description
    maxUsers
    affiliationsCount
    membersOnly
    allowInvites
    public
    owner {
      username
    }
    members {
      username
    }
    affiliations {
      role
      user {
        username
      }
    }
  }
}
    `) as unknown as TypedDocumentString<RoomDetailQuery, RoomDetailQueryVariables>;
export const SummaryPageDocument = new TypedDocumentString(`
    query SummaryPage($first: Int, $after: String) {
  chatrooms(first: $first, after: $after) {
    edges {
      cursor
      node {
        id
      }
    }
    nodes {
      id
      name
      owner {
        username
      }
      affiliationsCount
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    `) as unknown as TypedDocumentString<SummaryPageQuery, SummaryPageQueryVariables>;
export const DescriptionPageDocument = new TypedDocumentString(`
    query DescriptionPage($first: Int) {
  chatrooms(first: $first) {
    nodes {
      id
      description
    }
  }
}
    `) as unknown as TypedDocumentString<DescriptionPageQuery, DescriptionPageQueryVariables>;
export const AliasesAndBatchDocument = new TypedDocumentString(`
    query AliasesAndBatch($a: ID!, $ids: [ID!]!) {
  one: chatroom(id: $a) {
    id
    name
  }
  again: chatroom(id: $a) {
    id
    maxUsers
  }
  chatroomsByIds(ids: $ids) {
    id
    name
    description
  }
}
    `) as unknown as TypedDocumentString<AliasesAndBatchQuery, AliasesAndBatchQueryVariables>;
export const ByIdsDocument = new TypedDocumentString(`
    query ByIds($ids: [ID!]!) {
  chatroomsByIds(ids: $ids) {
    id
    name
  }
}
    `) as unknown as TypedDocumentString<ByIdsQuery, ByIdsQueryVariables>;
export const JoinedDocument = new TypedDocumentString(`
    query Joined($username: String!, $first: Int, $after: String) {
  user(username: $username) {
    username
    joinedChatrooms(first: $first, after: $after) {
      nodes {
        id
        name
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
}
    `) as unknown as TypedDocumentString<JoinedQuery, JoinedQueryVariables>;
export const JoinedDetailsDocument = new TypedDocumentString(`
    query JoinedDetails($username: String!) {
  user(username: $username) {
    joinedChatrooms {
      nodes {
        id
        name
        maxUsers
        affiliationsCount
      }
    }
  }
}
    `) as unknown as TypedDocumentString<JoinedDetailsQuery, JoinedDetailsQueryVariables>;
export const RoomNameDocument = new TypedDocumentString(`
    query RoomName($id: ID!) {
  chatroom(id: $id) {
    id
    name
  }
}
    `) as unknown as TypedDocumentString<RoomNameQuery, RoomNameQueryVariables>;
export const CreateRoomDocument = new TypedDocumentString(`
    mutation CreateRoom($input: CreateChatroomInput!) {
  createChatroom(input: $input) {
    chatroom {
      id
    }
  }
}
    `) as unknown as TypedDocumentString<CreateRoomMutation, CreateRoomMutationVariables>;
export const RenameDocument = new TypedDocumentString(`
    mutation Rename($input: UpdateChatroomInput!) {
  updateChatroom(input: $input) {
    updated {
      name
    }
  }
}
    `) as unknown as TypedDocumentString<RenameMutation, RenameMutationVariables>;