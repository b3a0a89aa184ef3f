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

export type RoomsQueryVariables = Exact<{
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type RoomsQuery = { __typename?: 'Query', chatrooms: { __typename?: 'ChatroomConnection', nodes: Array<{ __typename?: 'Chatroom', id: string, name: string, affiliationsCount: number, owner: { __typename?: 'User', username: string } }>, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, endCursor?: string | null } } };

export type RoomDetailsQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type RoomDetailsQuery = { __typename?: 'Query', chatroom?: { __typename?: 'Chatroom', id: string, name: string, description: string, maxUsers: number, membersOnly: boolean, allowInvites: boolean, public: boolean, createdAt?: string | null, custom?: string | null, allMembersMuted?: boolean | null, owner: { __typename?: 'User', username: string }, members: Array<{ __typename?: 'User', username: string }> } | null };

export type RoomsByIdsQueryVariables = Exact<{
  ids: Array<Scalars['ID']['input']> | Scalars['ID']['input'];
}>;


export type RoomsByIdsQuery = { __typename?: 'Query', chatroomsByIds: Array<{ __typename?: 'Chatroom', id: string, name: string, affiliationsCount: number } | null> };

export type JoinedRoomsQueryVariables = Exact<{
  username: Scalars['String']['input'];
}>;


export type JoinedRoomsQuery = { __typename?: 'Query', user: { __typename?: 'User', username: string, joinedChatrooms?: { __typename?: 'ChatroomConnection', nodes: Array<{ __typename?: 'Chatroom', id: string, name: string, maxUsers: number }>, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, endCursor?: string | null } } | null } };

export type CreateRoomMutationVariables = Exact<{
  input: CreateChatroomInput;
}>;


export type CreateRoomMutation = { __typename?: 'Mutation', createChatroom?: { __typename?: 'CreateChatroomPayload', chatroom: { __typename?: 'Chatroom', id: string, name: string, owner: { __typename?: 'User', username: string }, members: Array<{ __typename?: 'User', username: string }> } } | null };

export type RenameRoomMutationVariables = Exact<{
  input: UpdateChatroomInput;
}>;


export type RenameRoomMutation = { __typename?: 'Mutation', updateChatroom?: { __typename?: 'UpdateChatroomPayload', chatroom: { __typename?: 'Chatroom', id: string, name: string }, updated: { __typename?: 'UpdatedChatroomFields', name: boolean, description: boolean, maxUsers: boolean } } | null };

export type AddMembersMutationVariables = Exact<{
  input: ChatroomMembersInput;
}>;


export type AddMembersMutation = { __typename?: 'Mutation', addChatroomMembers?: { __typename?: 'ChatroomMembersPayload', chatroom: { __typename?: 'Chatroom', id: string, members: Array<{ __typename?: 'User', username: string }> }, results: Array<{ __typename?: 'ChatroomMemberResult', username: string, ok: boolean, reason?: string | null }> } | null };

export type RemoveMembersMutationVariables = Exact<{
  input: ChatroomMembersInput;
}>;


export type RemoveMembersMutation = { __typename?: 'Mutation', removeChatroomMembers?: { __typename?: 'ChatroomMembersPayload', chatroom: { __typename?: 'Chatroom', id: string, members: Array<{ __typename?: 'User', username: string }> }, results: Array<{ __typename?: 'ChatroomMemberResult', username: string, ok: boolean, reason?: string | null }> } | null };

export type DeleteRoomMutationVariables = Exact<{
  input: DeleteChatroomInput;
}>;


export type DeleteRoomMutation = { __typename?: 'Mutation', deleteChatroom?: { __typename?: 'DeleteChatroomPayload', id: string, success: boolean } | null };

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

export const RoomsDocument = new TypedDocumentString(`
    query Rooms($first: Int = 10, $after: String) {
  chatrooms(first: $first, after: $after) {
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
    `) as unknown as TypedDocumentString<RoomsQuery, RoomsQueryVariables>;
export const RoomDetailsDocument = new TypedDocumentString(`
    query RoomDetails($id: ID!) {
  chatroom(id: $id) {
    id
    name
    description
    maxUsers
    membersOnly
    allowInvites
    public
    createdAt
    custom
    allMembersMuted
    owner {
      username
    }
    members {
      username
    }
  }
}
    `) as unknown as TypedDocumentString<RoomDetailsQuery, RoomDetailsQueryVariables>;
export const RoomsByIdsDocument = new TypedDocumentString(`
    query RoomsByIds($ids: [ID!]!) {
  chatroomsByIds(ids: $ids) {
    id
    name
    affiliationsCount
  }
}
    `) as unknown as TypedDocumentString<RoomsByIdsQuery, RoomsByIdsQueryVariables>;
export const JoinedRoomsDocument = new TypedDocumentString(`
    query JoinedRooms($username: String!) {
  user(username: $username) {
    username
    joinedChatrooms(first: 20) {
      nodes {
        id
        name
        maxUsers
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
}
    `) as unknown as TypedDocumentString<JoinedRoomsQuery, JoinedRoomsQueryVariables>;
export const CreateRoomDocument = new TypedDocumentString(`
    mutation CreateRoom($input: CreateChatroomInput!) {
  createChatroom(input: $input) {
    chatroom {
      id
      name
      owner {
        username
      }
      members {
        username
      }
    }
  }
}
    `) as unknown as TypedDocumentString<CreateRoomMutation, CreateRoomMutationVariables>;
export const RenameRoomDocument = new TypedDocumentString(`
    mutation RenameRoom($input: UpdateChatroomInput!) {
  updateChatroom(input: $input) {
    chatroom {
      id
      name
    }
    updated {
      name
      description
      maxUsers
    }
  }
}
    `) as unknown as TypedDocumentString<RenameRoomMutation, RenameRoomMutationVariables>;
export const AddMembersDocument = new TypedDocumentString(`
    mutation AddMembers($input: ChatroomMembersInput!) {
  addChatroomMembers(input: $input) {
    chatroom {
      id
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
    `) as unknown as TypedDocumentString<AddMembersMutation, AddMembersMutationVariables>;
export const RemoveMembersDocument = new TypedDocumentString(`
    mutation RemoveMembers($input: ChatroomMembersInput!) {
  removeChatroomMembers(input: $input) {
    chatroom {
      id
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
    `) as unknown as TypedDocumentString<RemoveMembersMutation, RemoveMembersMutationVariables>;
export const DeleteRoomDocument = new TypedDocumentString(`
    mutation DeleteRoom($input: DeleteChatroomInput!) {
  deleteChatroom(input: $input) {
    id
    success
  }
}
    `) as unknown as TypedDocumentString<DeleteRoomMutation, DeleteRoomMutationVariables>;