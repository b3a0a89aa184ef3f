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
  /** The `JSONObject` scalar type represents JSON objects as specified by [ECMA-404](http://www.ecma-international.org/publications/files/ECMA-ST/ECMA-404.pdf). */
  JSONObject: { input: any; output: any; }
};

/** A user in a room, with their role. */
export type Affiliation = {
  __typename?: 'Affiliation';
  /** The user's role in the room. */
  role: AffiliationRole;
  /** The user. */
  user: User;
};

/** A page of users in a room, in Relay's connection shape: `nodes` for the users in a room alone, `edges` for each with its cursor. */
export type AffiliationConnection = {
  __typename?: 'AffiliationConnection';
  /** The users in a room of the page, each with its cursor. */
  edges: Array<AffiliationEdge>;
  /** The users in a room of the page. */
  nodes: Array<Affiliation>;
  /** Where this page is. */
  pageInfo: PageInfo;
};

/** A user in a room in a page, with the cursor to go on from it. */
export type AffiliationEdge = {
  __typename?: 'AffiliationEdge';
  /** Pass as `after` to get the rows after this one, in one upstream call. */
  cursor: Scalars['String']['output'];
  /** The user in a room. */
  node: Affiliation;
};

/** A user's role in a room. */
export type AffiliationRole =
  /** One of the room's admins (Chatroom.admins): it may moderate plain members. Told by Chatroom.viewerRole; a room's memberList says MEMBER for them, since Easemob's member list does not tell admins apart. */
  | 'ADMIN'
  /** In the room, not its owner (nor, in viewerRole, one of its admins). */
  | 'MEMBER'
  /** The room's owner: one per room. Only the owner (or an admin) may change or delete the room. */
  | 'OWNER';

/** A message to every active room of the app. */
export type BroadcastChatroomMessageInput = {
  /** A custom message. Give text or custom, one of them. */
  custom?: InputMaybe<CustomMessageInput>;
  /** Easemob's `ext`: any JSON object the apps read beside the message. The body and ext together are at most 5120 bytes as JSON. */
  ext?: InputMaybe<Scalars['JSONObject']['input']>;
  /** The sender, for API keys (Easemob's `admin` when left out). A signed-in user always sends as themselves, and may not name another. */
  from?: InputMaybe<Scalars['String']['input']>;
  /** Which messages Easemob drops first in a busy room; NORMAL by default. */
  priority?: InputMaybe<ChatroomMessagePriority>;
  /** A text message: not empty. Give text or custom, one of them. */
  text?: InputMaybe<Scalars['String']['input']>;
};

/** The broadcast sent. */
export type BroadcastChatroomMessagePayload = {
  __typename?: 'BroadcastChatroomMessagePayload';
  /** Easemob's id of the broadcast, exactly (it answers a number past 2^53). A broadcast has no message ids: it cannot be recalled. */
  broadcastId: Scalars['ID']['output'];
};

/** An Easemob chatroom. Every field but id is null only with an error at that field: the room could not be read (NOT_FOUND when it was deleted meanwhile; UPSTREAM_* when Easemob failed). Fields "in list rows" come with the rooms of `chatrooms` at no extra call; the others are read from the room's details, one batched call per 100 rooms of the operation. */
export type Chatroom = {
  __typename?: 'Chatroom';
  /** The room's admins (at most 99, and priced so for what is nested below), the owner not included: one upstream call per room. Anyone who may read the room may read them. */
  admins?: Maybe<Array<User>>;
  /** The owner first, then the members, each with their role. Priced and counted as members is. */
  affiliations?: Maybe<Array<Affiliation>>;
  /** Owner and members together. In list rows. */
  affiliationsCount?: Maybe<Scalars['Int']['output']>;
  /** Every member is muted; also null where Easemob does not say. */
  allMembersMuted?: Maybe<Scalars['Boolean']['output']>;
  /** Members may invite others. */
  allowInvites?: Maybe<Scalars['Boolean']['output']>;
  /** Members who may speak even when everyone is muted (the allow list): one upstream call per room, after the rule. Only those who may moderate the room see it (FORBIDDEN otherwise). */
  allowedUsers?: Maybe<Array<User>>;
  /** The room's announcement (at most 512 characters; empty when none was set): one upstream call per room. */
  announcement?: Maybe<Scalars['String']['output']>;
  /** The room's attributes (at most 100), by key: those of `keys`, or all. One upstream call per room. Anyone who may read the room may read them. A key the room does not hold is left out. */
  attributes?: Maybe<Array<ChatroomAttribute>>;
  /** Users who may not join the room (the block list): one upstream call per room, after the rule. Only those who may moderate the room see it (FORBIDDEN otherwise). */
  blockedUsers?: Maybe<Array<User>>;
  /** When the room was created; also null where Easemob does not say. */
  createdAt?: Maybe<Scalars['DateTime']['output']>;
  /** The app's own string, set on create (at most 8 KB); also null when none was set. */
  custom?: Maybe<Scalars['String']['output']>;
  /** The room's description, at most 512 characters. */
  description?: Maybe<Scalars['String']['output']>;
  /** The Easemob chatroom id, verbatim: a numeric string. Never null; in every row. */
  id: Scalars['ID']['output'];
  /** Most users the room may hold, owner included. */
  maxUsers?: Maybe<Scalars['Int']['output']>;
  /** The room's owner and members a page at a time, with their roles (admins show as MEMBER): one upstream call per page, for rooms too large for `members`. Easemob does not order them. */
  memberList?: Maybe<AffiliationConnection>;
  /** Users with the member role; the owner is not included. Priced as 10000 users (a room's most) for what is nested below, so nothing that calls Easemob can be; page through memberList for that. Counted in the answer size: null with QUERY_TOO_EXPENSIVE when the answer would grow past its limit. */
  members?: Maybe<Array<User>>;
  /** Joining needs the owner's approval. */
  membersOnly?: Maybe<Scalars['Boolean']['output']>;
  /** Members who may not speak, each until when: one upstream call per room, after the rule. Only those who may moderate the room see it (FORBIDDEN otherwise). Muting everyone at once (allMembersMuted) does not list them here. */
  mutedMembers?: Maybe<Array<MutedMember>>;
  /** The room's name, 1-128 characters. In list rows, and in a user's joined rooms. */
  name?: Maybe<Scalars['String']['output']>;
  /** The room's owner. In list rows. */
  owner?: Maybe<User>;
  /** The room is listed publicly. */
  public?: Maybe<Scalars['Boolean']['output']>;
  /** What the caller may do to the room (see ChatroomPermissions). Reads what the rules read, never from the gateway's cache: for a signed-in user who is not an admin of the app, the room's detail (batched with the rest of the operation) and its admins (one call per room), each once per operation whichever flags are asked. */
  viewerCan?: Maybe<ChatroomPermissions>;
  /** The signed-in user's role in the room: OWNER, ADMIN (one of its admins) or MEMBER; also null when not in it, or not signed in. From the room's detail, and for a member who is not its owner, its admins (one call per room, shared with the rules and Chatroom.admins). */
  viewerRole?: Maybe<AffiliationRole>;
};


/** An Easemob chatroom. Every field but id is null only with an error at that field: the room could not be read (NOT_FOUND when it was deleted meanwhile; UPSTREAM_* when Easemob failed). Fields "in list rows" come with the rooms of `chatrooms` at no extra call; the others are read from the room's details, one batched call per 100 rooms of the operation. */
export type ChatroomAttributesArgs = {
  keys?: InputMaybe<Array<Scalars['String']['input']>>;
};


/** An Easemob chatroom. Every field but id is null only with an error at that field: the room could not be read (NOT_FOUND when it was deleted meanwhile; UPSTREAM_* when Easemob failed). Fields "in list rows" come with the rooms of `chatrooms` at no extra call; the others are read from the room's details, one batched call per 100 rooms of the operation. */
export type ChatroomMemberListArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

/** A room and one of its members. */
export type ChatroomAdminInput = {
  /** The room. */
  id: Scalars['ID']['input'];
  /** A member of the room. */
  username: Scalars['String']['input'];
};

/** Members were made admins of the room, or plain members again. */
export type ChatroomAdminsChanged = ChatroomEvent & {
  __typename?: 'ChatroomAdminsChanged';
  /** Who did it; null for the app's admin (the REST API, the console, this gateway's app token). */
  actor?: Maybe<User>;
  /** ADDED: they are admins now; REMOVED: no longer. */
  change: ChatroomListChange;
  /** The room it happened to. */
  chatroomId: Scalars['ID']['output'];
  /** The event, the same on every replica: a client may drop one it has seen. */
  id: Scalars['ID']['output'];
  /** When it happened. */
  occurredAt: Scalars['DateTime']['output'];
  /** Who. */
  users: Array<User>;
};

/** Everyone in the room was muted at once, or that was undone. */
export type ChatroomAllMembersMuteChanged = ChatroomEvent & {
  __typename?: 'ChatroomAllMembersMuteChanged';
  /** Who did it; null for the app's admin (the REST API, the console, this gateway's app token). */
  actor?: Maybe<User>;
  /** Whether every member but the allow list is muted now. */
  allMembersMuted: Scalars['Boolean']['output'];
  /** The room it happened to. */
  chatroomId: Scalars['ID']['output'];
  /** The event, the same on every replica: a client may drop one it has seen. */
  id: Scalars['ID']['output'];
  /** When it happened. */
  occurredAt: Scalars['DateTime']['output'];
};

/** Members were put on the room's allow list (they may speak when everyone is muted) or taken off it. Told only to those who may moderate the room, and to each user about themself. */
export type ChatroomAllowListChanged = ChatroomEvent & {
  __typename?: 'ChatroomAllowListChanged';
  /** Who did it; null for the app's admin (the REST API, the console, this gateway's app token). */
  actor?: Maybe<User>;
  /** Which way. */
  change: ChatroomListChange;
  /** The room it happened to. */
  chatroomId: Scalars['ID']['output'];
  /** The event, the same on every replica: a client may drop one it has seen. */
  id: Scalars['ID']['output'];
  /** When it happened. */
  occurredAt: Scalars['DateTime']['output'];
  /** Who. */
  users: Array<User>;
};

/** The room's announcement changed. */
export type ChatroomAnnouncementChanged = ChatroomEvent & {
  __typename?: 'ChatroomAnnouncementChanged';
  /** Who did it; null for the app's admin (the REST API, the console, this gateway's app token). */
  actor?: Maybe<User>;
  /** The announcement now; empty when it was removed. */
  announcement: Scalars['String']['output'];
  /** The room it happened to. */
  chatroomId: Scalars['ID']['output'];
  /** The event, the same on every replica: a client may drop one it has seen. */
  id: Scalars['ID']['output'];
  /** When it happened. */
  occurredAt: Scalars['DateTime']['output'];
};

/** One of a room's attributes: a key a member set, and its value. */
export type ChatroomAttribute = {
  __typename?: 'ChatroomAttribute';
  /** The key: 1-128 characters of letters, digits, "_", "." or "-". */
  key: Scalars['String']['output'];
  /** The value, at most 4096 characters. */
  value: Scalars['String']['output'];
};

/** A key and its value. */
export type ChatroomAttributeInput = {
  /** The key: 1-128 characters of letters, digits, "_", "." or "-". */
  key: Scalars['String']['input'];
  /** The value, at most 4096 characters. */
  value: Scalars['String']['input'];
};

/** One asked key's outcome: Easemob answers each key on its own, and some may fail while others are done. */
export type ChatroomAttributeResult = {
  __typename?: 'ChatroomAttributeResult';
  /** The key asked for. */
  key: Scalars['String']['output'];
  /** Done: the key is set, or deleted. */
  ok: Scalars['Boolean']['output'];
  /** Why not, when not: Easemob's reason. */
  reason?: Maybe<Scalars['String']['output']>;
};

/** Some of the room's attributes were set or deleted (Chatroom.attributes). */
export type ChatroomAttributesChanged = ChatroomEvent & {
  __typename?: 'ChatroomAttributesChanged';
  /** Who did it; null for the app's admin (the REST API, the console, this gateway's app token). */
  actor?: Maybe<User>;
  /** Keys set, with their values now. */
  changed: Array<ChatroomAttribute>;
  /** The room it happened to. */
  chatroomId: Scalars['ID']['output'];
  /** The event, the same on every replica: a client may drop one it has seen. */
  id: Scalars['ID']['output'];
  /** When it happened. */
  occurredAt: Scalars['DateTime']['output'];
  /** Keys deleted. */
  removed: Array<Scalars['String']['output']>;
};

/** What an attribute change did: the room, and each key asked for. */
export type ChatroomAttributesPayload = {
  __typename?: 'ChatroomAttributesPayload';
  /** The room: read its attributes here to see them as they are now (one more call). */
  chatroom: Chatroom;
  /** One per key asked, in order. */
  results: Array<ChatroomAttributeResult>;
};

/** Users were put on the room's block list (which also takes them out of the room: a ChatroomMembersLeft follows) or taken off it. Told only to those who may moderate the room, and to each user about themself. */
export type ChatroomBlockListChanged = ChatroomEvent & {
  __typename?: 'ChatroomBlockListChanged';
  /** Who did it; null for the app's admin (the REST API, the console, this gateway's app token). */
  actor?: Maybe<User>;
  /** Which way. */
  change: ChatroomListChange;
  /** The room it happened to. */
  chatroomId: Scalars['ID']['output'];
  /** The event, the same on every replica: a client may drop one it has seen. */
  id: Scalars['ID']['output'];
  /** When it happened. */
  occurredAt: Scalars['DateTime']['output'];
  /** Who. */
  users: Array<User>;
};

/** A page of rooms, in Relay's connection shape: `nodes` for the rooms alone, `edges` for each with its cursor. */
export type ChatroomConnection = {
  __typename?: 'ChatroomConnection';
  /** The rooms of the page, each with its cursor. */
  edges: Array<ChatroomEdge>;
  /** The rooms of the page. */
  nodes: Array<Chatroom>;
  /** Where this page is. */
  pageInfo: PageInfo;
};

/** The room was deleted: the last event of the room's stream, which then completes. */
export type ChatroomDeleted = ChatroomEvent & {
  __typename?: 'ChatroomDeleted';
  /** Who did it; null for the app's admin (the REST API, the console, this gateway's app token). */
  actor?: Maybe<User>;
  /** The room it happened to. */
  chatroomId: Scalars['ID']['output'];
  /** The deleted room, to evict from a client cache (as deleteChatroom says). */
  deletedChatroomId: Scalars['ID']['output'];
  /** The event, the same on every replica: a client may drop one it has seen. */
  id: Scalars['ID']['output'];
  /** When it happened. */
  occurredAt: Scalars['DateTime']['output'];
};

/** A room in a page, with the cursor to go on from it. */
export type ChatroomEdge = {
  __typename?: 'ChatroomEdge';
  /** Pass as `after` to get the rows after this one, in one upstream call. */
  cursor: Scalars['String']['output'];
  /** The room. */
  node: Chatroom;
};

/** Something that happened to a room: through this gateway, or anywhere else Easemob told the gateway of by callback (SDK clients, the console, other backends). Ask for the fields of each kind with `... on ChatroomMembersJoined { … }`. */
export type ChatroomEvent = {
  /** Who did it; null for the app's admin (the REST API, the console, this gateway's app token). */
  actor?: Maybe<User>;
  /** The room it happened to. */
  chatroomId: Scalars['ID']['output'];
  /** The event, the same on every replica: a client may drop one it has seen. */
  id: Scalars['ID']['output'];
  /** When it happened. */
  occurredAt: Scalars['DateTime']['output'];
};

/** A room. */
export type ChatroomIdInput = {
  /** The room. */
  id: Scalars['ID']['input'];
};

/** Why users are no longer in a room. */
export type ChatroomLeaveReason =
  /** They were put on the block list, which takes them out of the room. */
  | 'BLOCKED'
  /** An owner or admin removed them (removeChatroomMembers, or an SDK client). */
  | 'KICKED'
  /** They left: by themselves, or 2 minutes after going offline (Easemob takes them out). */
  | 'QUIT'
  /** The room was deleted. */
  | 'ROOM_DELETED';

/** Which way users moved on a list. */
export type ChatroomListChange =
  /** Put on the list. */
  | 'ADDED'
  /** Taken off it. */
  | 'REMOVED';

/** One asked user's outcome. */
export type ChatroomMemberResult = {
  __typename?: 'ChatroomMemberResult';
  /** The user is now in the asked state: in the room after an add, out of it after a remove. */
  ok: Scalars['Boolean']['output'];
  /** Why not, when not: Easemob's reason. */
  reason?: Maybe<Scalars['String']['output']>;
  /** The user asked for. */
  username: Scalars['String']['output'];
};

/** A room and at most 60 usernames, no repeats. */
export type ChatroomMembersInput = {
  /** The room. */
  id: Scalars['ID']['input'];
  /** 1-60 distinct usernames, changed in one upstream call. */
  usernames: Array<Scalars['String']['input']>;
};

/** Users joined the room, or were added to it. */
export type ChatroomMembersJoined = ChatroomEvent & {
  __typename?: 'ChatroomMembersJoined';
  /** Who did it; null for the app's admin (the REST API, the console, this gateway's app token). */
  actor?: Maybe<User>;
  /** The room it happened to. */
  chatroomId: Scalars['ID']['output'];
  /** The event, the same on every replica: a client may drop one it has seen. */
  id: Scalars['ID']['output'];
  /** The room's members after it, owner included, as Easemob counted them; null when it did not say. */
  memberCount?: Maybe<Scalars['Int']['output']>;
  /** When it happened. */
  occurredAt: Scalars['DateTime']['output'];
  /** Who joined. */
  users: Array<User>;
};

/** Users are no longer in the room: they left, were removed or blocked, or the room was deleted. */
export type ChatroomMembersLeft = ChatroomEvent & {
  __typename?: 'ChatroomMembersLeft';
  /** Who did it; null for the app's admin (the REST API, the console, this gateway's app token). */
  actor?: Maybe<User>;
  /** The room it happened to. */
  chatroomId: Scalars['ID']['output'];
  /** The event, the same on every replica: a client may drop one it has seen. */
  id: Scalars['ID']['output'];
  /** The room's members after it, owner included, as Easemob counted them; null when it did not say. */
  memberCount?: Maybe<Scalars['Int']['output']>;
  /** When it happened. */
  occurredAt: Scalars['DateTime']['output'];
  /** Why. */
  reason: ChatroomLeaveReason;
  /** Who is gone. */
  users: Array<User>;
};

/** Members were muted. Told only to those who may moderate the room, and to each muted user about themself. */
export type ChatroomMembersMuted = ChatroomEvent & {
  __typename?: 'ChatroomMembersMuted';
  /** Who did it; null for the app's admin (the REST API, the console, this gateway's app token). */
  actor?: Maybe<User>;
  /** The room it happened to. */
  chatroomId: Scalars['ID']['output'];
  /** When the mute ends; null: until they are unmuted. */
  expiresAt?: Maybe<Scalars['DateTime']['output']>;
  /** The event, the same on every replica: a client may drop one it has seen. */
  id: Scalars['ID']['output'];
  /** When it happened. */
  occurredAt: Scalars['DateTime']['output'];
  /** Who may not speak now. */
  users: Array<User>;
};

/** What a member change did: the room after it, and each user asked for. */
export type ChatroomMembersPayload = {
  __typename?: 'ChatroomMembersPayload';
  /** The room after the change: a normalized cache updates its members from it. Its id costs nothing; other fields cost one detail call, or none when the rule already read the room. */
  chatroom: Chatroom;
  /** One per username asked, in order. */
  results: Array<ChatroomMemberResult>;
};

/** Members may speak again. Told only to those who may moderate the room, and to each user about themself. */
export type ChatroomMembersUnmuted = ChatroomEvent & {
  __typename?: 'ChatroomMembersUnmuted';
  /** Who did it; null for the app's admin (the REST API, the console, this gateway's app token). */
  actor?: Maybe<User>;
  /** The room it happened to. */
  chatroomId: Scalars['ID']['output'];
  /** The event, the same on every replica: a client may drop one it has seen. */
  id: Scalars['ID']['output'];
  /** When it happened. */
  occurredAt: Scalars['DateTime']['output'];
  /** Who may speak again. */
  users: Array<User>;
};

/** Which messages Easemob drops first when a room gets more than it delivers (about 20 a second): LOW first, HIGH last. */
export type ChatroomMessagePriority =
  /** Dropped last: notices the room must see. */
  | 'HIGH'
  /** Dropped first. */
  | 'LOW'
  /** Easemob's default. */
  | 'NORMAL';

/** What a mute did: the room after it, and each member asked for. */
export type ChatroomMutePayload = {
  __typename?: 'ChatroomMutePayload';
  /** The room after the change; its mutedMembers reads the list again (one call). */
  chatroom: Chatroom;
  /** One per member asked, in order. */
  results: Array<ChatroomMuteResult>;
};

/** One asked member's outcome of a mute. */
export type ChatroomMuteResult = {
  __typename?: 'ChatroomMuteResult';
  /** When the mute ends; null when not ok, or not until the member is unmuted. */
  expiresAt?: Maybe<Scalars['DateTime']['output']>;
  /** The member is muted now. */
  ok: Scalars['Boolean']['output'];
  /** Why not, when not: Easemob's reason. */
  reason?: Maybe<Scalars['String']['output']>;
  /** The member asked for. */
  username: Scalars['String']['output'];
};

/** The room has a new owner. */
export type ChatroomOwnerChanged = ChatroomEvent & {
  __typename?: 'ChatroomOwnerChanged';
  /** Who did it; null for the app's admin (the REST API, the console, this gateway's app token). */
  actor?: Maybe<User>;
  /** The room it happened to. */
  chatroomId: Scalars['ID']['output'];
  /** The event, the same on every replica: a client may drop one it has seen. */
  id: Scalars['ID']['output'];
  /** When it happened. */
  occurredAt: Scalars['DateTime']['output'];
  /** The owner now. */
  owner: User;
  /** The owner before, now a plain member; null when Easemob did not say. */
  previousOwner?: Maybe<User>;
};

/** The room a change was made to. */
export type ChatroomPayload = {
  __typename?: 'ChatroomPayload';
  /** The room after the change: a normalized cache updates itself from it. Its id costs nothing; other fields cost what they cost on any room (a detail call, or their own list call). */
  chatroom: Chatroom;
};

/** What the caller may do to the room, each flag decided by the rule that guards the mutation it names. A flag says what the rule allows, not whether the change would do anything (joining a room one is in already). */
export type ChatroomPermissions = {
  __typename?: 'ChatroomPermissions';
  /** addChatroomMembers with others than oneself: its owner or an admin of the app. */
  addMembers: Scalars['Boolean']['output'];
  /** deleteChatroom: its owner or an admin of the app. */
  delete: Scalars['Boolean']['output'];
  /** addChatroomMembers with oneself: a signed-in user, to a public room that is not members-only (its owner and admins of the app, to any). False for callers who are no user (API keys, anonymous). */
  join: Scalars['Boolean']['output'];
  /** removeChatroomMembers with oneself: any signed-in user. False for callers who are no user. */
  leave: Scalars['Boolean']['output'];
  /** addChatroomAdmin and removeChatroomAdmin: its owner or an admin of the app. */
  manageAdmins: Scalars['Boolean']['output'];
  /** Mutes, the block and allow lists, the announcement, and reading those lists: its owner, its admins (on plain members) and admins of the app. */
  moderate: Scalars['Boolean']['output'];
  /** transferChatroomOwnership: its owner or an admin of the app. */
  transferOwnership: Scalars['Boolean']['output'];
  /** updateChatroom: its owner or an admin of the app. */
  update: Scalars['Boolean']['output'];
};

/** A user of the app. */
export type ChatroomSuperAdminInput = {
  /** The user. */
  username: Scalars['String']['input'];
};

/** The user whose role changed. */
export type ChatroomSuperAdminPayload = {
  __typename?: 'ChatroomSuperAdminPayload';
  /** The user. */
  user: User;
};

/** The room's name, description or maxUsers changed. */
export type ChatroomUpdated = ChatroomEvent & {
  __typename?: 'ChatroomUpdated';
  /** Who did it; null for the app's admin (the REST API, the console, this gateway's app token). */
  actor?: Maybe<User>;
  /** The room as it is now, so that a normalized cache updates itself. Its fields are read once per event for every subscriber (one detail call for all of them); its id costs nothing. */
  chatroom: Chatroom;
  /** The room it happened to. */
  chatroomId: Scalars['ID']['output'];
  /** The event, the same on every replica: a client may drop one it has seen. */
  id: Scalars['ID']['output'];
  /** When it happened. */
  occurredAt: Scalars['DateTime']['output'];
};

/** A new room. Every rule is checked before any upstream call, and every broken one reported. */
export type CreateChatroomInput = {
  /** The app's own string for the room, at most 8 KB. */
  custom?: InputMaybe<Scalars['String']['input']>;
  /** At most 512 characters; may be empty. */
  description: Scalars['String']['input'];
  /** Owner and members at most, 1-10000; left out, Easemob's default (1000). */
  maxUsers?: InputMaybe<Scalars['Int']['input']>;
  /** Initial members besides the owner: when given, at least one, no repeats, not the owner. */
  members?: InputMaybe<Array<Scalars['String']['input']>>;
  /** 1-128 characters. */
  name: Scalars['String']['input'];
  /** The owner's username. Left out: the signed-in user; only an admin may name someone else. */
  owner?: InputMaybe<Scalars['String']['input']>;
};

/** What createChatroom made. */
export type CreateChatroomPayload = {
  __typename?: 'CreateChatroomPayload';
  /** The new room, to add to a cached list. Its id costs nothing; other fields cost one detail call, or none when the rule already read the room. */
  chatroom: Chatroom;
};

/** A custom message (Easemob's `custom` type): an event the apps know by name, and string extensions. */
export type CustomMessageInput = {
  /** The event: 1-32 characters of letters, digits, "-", "_", "/" or ".". */
  event: Scalars['String']['input'];
  /** At most 16, no key twice. */
  exts?: InputMaybe<Array<MessageExtensionInput>>;
};

/** A room and 1-10 keys to delete, in one upstream call. */
export type DeleteChatroomAttributesInput = {
  /** The room. */
  id: Scalars['ID']['input'];
  /** 1-10 keys, none twice. */
  keys: Array<Scalars['String']['input']>;
  /** Change keys other members set too (Easemob's "forced" call): for those who may moderate the room. */
  overwriteOthers?: InputMaybe<Scalars['Boolean']['input']>;
  /** The member the keys are set as (their owner); by default the signed-in user. For another user: those who may moderate the room. */
  username?: InputMaybe<Scalars['String']['input']>;
};

/** The room to delete. */
export type DeleteChatroomInput = {
  /** The room to delete. */
  id: Scalars['ID']['input'];
};

/** What deleteChatroom removed. */
export type DeleteChatroomPayload = {
  __typename?: 'DeleteChatroomPayload';
  /** The deleted room's id, to evict it from a client cache: Apollo's cache.evict({ id: cache.identify({ __typename: 'Chatroom', id }) }), urql Graphcache's cache.invalidate({ __typename: 'Chatroom', id }), Relay's @deleteRecord. */
  deletedChatroomId: Scalars['ID']['output'];
  /**
   * The same id.
   * @deprecated Use deletedChatroomId: a field named id makes client caches take the payload for an object to keep.
   */
  id: Scalars['ID']['output'];
  /** Easemob confirmed the deletion. */
  success: Scalars['Boolean']['output'];
};

/** One of a custom message's extensions: a key and a string. */
export type MessageExtensionInput = {
  /** The key, not empty. */
  key: Scalars['String']['input'];
  /** Its value. */
  value: Scalars['String']['input'];
};

/** Changing rooms and their members. Each mutation is one Easemob write; input is checked before any call, and a refused mutation (BAD_USER_INPUT, FORBIDDEN) touches nothing. Priced and charged to the caller's budget of upstream calls like a query (RATE_LIMITED past it). A mutation field is null only with its own error. */
export type Mutation = {
  __typename?: 'Mutation';
  /** Makes a member of a room one of its admins (at most 99): one upstream call, and for a signed-in user one detail call first. Only the room's owner or an admin of the app may. Errors: BAD_USER_INPUT (not in the room), FORBIDDEN (the rule; or already an admin, or too many), NOT_FOUND (no such room or user). */
  addChatroomAdmin?: Maybe<ChatroomPayload>;
  /** Adds 1-60 users in one upstream call, and for a signed-in user who is not an admin one detail call first (the rule reads the room). A signed-in user may add only themselves, to a public room that is not members-only; the room's owner or an admin anyone. Each user's outcome is in results. Errors: BAD_USER_INPUT, FORBIDDEN, NOT_FOUND (no such room; or a user Easemob does not know, named in extensions.usernames, and then nobody is added). */
  addChatroomMembers?: Maybe<ChatroomMembersPayload>;
  /** Lets a user create chatrooms from the client SDKs: one upstream call. Only admins of the app may. Errors: BAD_USER_INPUT, FORBIDDEN, NOT_FOUND (no such user, named in extensions.usernames). */
  addChatroomSuperAdmin?: Maybe<ChatroomSuperAdminPayload>;
  /** Puts members of a room on its allow list, so they may speak when everyone is muted. Easemob refuses the whole call when one of them is not in the room (BAD_USER_INPUT naming them). One upstream call for 1-60 users, after at most two for the rule (the room's owner, then its admins). The room's owner, its admins or an admin of the app may. Each user's outcome is in results. Errors: BAD_USER_INPUT, FORBIDDEN, NOT_FOUND (no such room). */
  allowChatroomUsers?: Maybe<ChatroomMembersPayload>;
  /** Puts members of a room out of it and on its block list, so they cannot join again. One upstream call for 1-60 users, after at most two for the rule (the room's owner, then its admins). The room's owner, its admins (its plain members only) or an admin of the app may. Each user's outcome is in results. Errors: BAD_USER_INPUT, FORBIDDEN, NOT_FOUND (no such room). */
  blockChatroomUsers?: Maybe<ChatroomMembersPayload>;
  /** Sends a message to every active room of the app (a member in it, and a message sent there before), in one upstream call. For admins of the app and API keys. Easemob allows 1 a second, 10 a minute and 100 a day, and only on plans that include it. Never sent twice. Errors: BAD_USER_INPUT, FORBIDDEN (also: the plan lacks broadcasts), UPSTREAM_RATE_LIMITED, UPSTREAM_QUOTA_EXCEEDED (the day's 100 are used). */
  broadcastChatroomMessage?: Maybe<BroadcastChatroomMessagePayload>;
  /** Creates a room: one upstream call. A signed-in user creates rooms they own; an admin (API key or admin scope) names any owner. Errors: BAD_USER_INPUT (a rule of the input, before any call); FORBIDDEN (the rule above); NOT_FOUND with extensions.usernames (an owner or member Easemob does not know: nothing is created); UPSTREAM_UNAVAILABLE when Easemob did not confirm (the room may exist: list before creating it again). */
  createChatroom?: Maybe<CreateChatroomPayload>;
  /** Deletes a room: one upstream call, and for a signed-in user one detail call first (the rule reads the room's owner). Only the room's owner or an admin may. Errors: BAD_USER_INPUT, FORBIDDEN, NOT_FOUND (no such room). */
  deleteChatroom?: Maybe<DeleteChatroomPayload>;
  /** Deletes 1-10 of a room's attributes, in one upstream call. Easemob answers each key on its own: results say which were deleted (a key the room does not hold, or another member's without overwriteOthers, is not). Rules as for setChatroomAttributes. Errors: BAD_USER_INPUT, FORBIDDEN, NOT_FOUND. */
  deleteChatroomAttributes?: Maybe<ChatroomAttributesPayload>;
  /** Takes users off the allow list of a room. One upstream call for 1-60 users, after at most two for the rule (the room's owner, then its admins). The room's owner, its admins or an admin of the app may. Each user's outcome is in results. Errors: BAD_USER_INPUT, FORBIDDEN, NOT_FOUND (no such room). */
  disallowChatroomUsers?: Maybe<ChatroomMembersPayload>;
  /** Mutes every member of a room at once, until undone (only the allow list may still speak): one upstream call, after at most two for the rule. The room's owner, its admins or an admin of the app may. Errors: BAD_USER_INPUT, FORBIDDEN, NOT_FOUND (no such room). */
  muteAllChatroomMembers?: Maybe<ChatroomPayload>;
  /** Mutes 1-100 members of a room, for a while or until unmuted: one upstream call, after at most two for the rule. The room's owner, its admins (its plain members only) or an admin of the app may. Each member's outcome and expiry is in results. Errors: BAD_USER_INPUT (a user not in the room, named in extensions.usernames: then nobody is muted), FORBIDDEN, NOT_FOUND (no such room). */
  muteChatroomMembers?: Maybe<ChatroomMutePayload>;
  /** Recalls a message from a room, past the apps' recall window too (Easemob's `force`: a moderator is not bound by it): one upstream call, after at most two for the rule. Rules as for sendChatroomMessage. Errors: BAD_USER_INPUT, FORBIDDEN (also: the app has not opened recalling), NOT_FOUND (no such message in the room, or recalled already). */
  recallChatroomMessage?: Maybe<RecallChatroomMessagePayload>;
  /** Makes an admin of a room a plain member again: one upstream call, and for a signed-in user one detail call first. Only the room's owner or an admin of the app may. Errors: BAD_USER_INPUT, FORBIDDEN (the rule; or not an admin), NOT_FOUND (no such room or user). */
  removeChatroomAdmin?: Maybe<ChatroomPayload>;
  /** Removes 1-60 users in one upstream call, and one detail call first unless the caller is an admin or only leaves (the rule reads the room). A signed-in user may remove only themselves (leave); the room's owner anyone but the owner; an admin anyone. Each user's outcome is in results (a user not in the room is not ok). Errors: BAD_USER_INPUT, FORBIDDEN, NOT_FOUND (no such room). */
  removeChatroomMembers?: Maybe<ChatroomMembersPayload>;
  /** Stops a user creating chatrooms from the client SDKs: one upstream call. Only admins of the app may. Errors: BAD_USER_INPUT, FORBIDDEN, NOT_FOUND (no such user, named in extensions.usernames). */
  removeChatroomSuperAdmin?: Maybe<ChatroomSuperAdminPayload>;
  /** Sends a message to 1-10 rooms (or with toUsers to chosen members of one room) in one upstream call, and for a signed-in user who is not an admin the moderation rule's two reads of each room first (its detail and admins). For those who may moderate every room named; the sender is the signed-in user, or for API keys `from` (Easemob's `admin` by default). Easemob does not check that a room exists: a room id it does not know answers an id too. Never sent twice: when no answer came after it may have reached Easemob, UPSTREAM_UNAVAILABLE says it may have been sent. Not a room event. Errors: BAD_USER_INPUT (each bad field named), FORBIDDEN, UPSTREAM_RATE_LIMITED (100 messages a second for the app, each room counted). */
  sendChatroomMessage?: Maybe<SendChatroomMessagePayload>;
  /** Sets a room's announcement (at most 512 characters): one upstream call, after at most two for the rule. The room's owner, its admins or an admin of the app may. Errors: BAD_USER_INPUT, FORBIDDEN, NOT_FOUND (no such room). */
  setChatroomAnnouncement?: Maybe<ChatroomPayload>;
  /** Sets 1-10 of a room's attributes as a member's, in one upstream call (the room holds at most 100). Easemob answers each key on its own: results say which were set. A member sets their own keys; overwriteOthers and acting for another member need the right to moderate the room (one detail call and the admins for a signed-in user who is not an admin, first). Errors: BAD_USER_INPUT (bad keys or values, each named; the member is not in the room; another member's key without overwriteOthers), FORBIDDEN, NOT_FOUND. */
  setChatroomAttributes?: Maybe<ChatroomAttributesPayload>;
  /** Hands a room to one of its members: one upstream call, and for a signed-in user one detail call first (the rule reads the owner). Only the room's owner or an admin of the app may. Errors: BAD_USER_INPUT (the new owner is not in the room, named in extensions.usernames), FORBIDDEN (the rule; or the new owner is already the owner), NOT_FOUND (no such room or user). */
  transferChatroomOwnership?: Maybe<ChatroomPayload>;
  /** Takes users off the block list of a room, so they may join again. One upstream call for 1-60 users, after at most two for the rule (the room's owner, then its admins). The room's owner, its admins (its plain members only) or an admin of the app may. Each user's outcome is in results. Errors: BAD_USER_INPUT, FORBIDDEN, NOT_FOUND (no such room). */
  unblockChatroomUsers?: Maybe<ChatroomMembersPayload>;
  /** Undoes muteAllChatroomMembers (members muted one by one stay muted): one upstream call, after at most two for the rule. The room's owner, its admins or an admin of the app may. Errors: BAD_USER_INPUT, FORBIDDEN, NOT_FOUND. */
  unmuteAllChatroomMembers?: Maybe<ChatroomPayload>;
  /** Lets 1-60 muted members of a room speak again: one upstream call, after at most two for the rule. The room's owner, its admins (its plain members only) or an admin of the app may. Each member's outcome is in results (one who was not muted is not ok). Errors: BAD_USER_INPUT, FORBIDDEN, NOT_FOUND (no such room). */
  unmuteChatroomMembers?: Maybe<ChatroomMembersPayload>;
  /** Renames a room, or changes its description or maxUsers: one upstream call, and for a signed-in user one detail call first (the rule reads the room's owner; the payload then shows the change at no further call). Only the room's owner or an admin may. Errors: BAD_USER_INPUT, FORBIDDEN, NOT_FOUND (no such room). */
  updateChatroom?: Maybe<UpdateChatroomPayload>;
};


/** Changing rooms and their members. Each mutation is one Easemob write; input is checked before any call, and a refused mutation (BAD_USER_INPUT, FORBIDDEN) touches nothing. Priced and charged to the caller's budget of upstream calls like a query (RATE_LIMITED past it). A mutation field is null only with its own error. */
export type MutationAddChatroomAdminArgs = {
  input: ChatroomAdminInput;
};


/** Changing rooms and their members. Each mutation is one Easemob write; input is checked before any call, and a refused mutation (BAD_USER_INPUT, FORBIDDEN) touches nothing. Priced and charged to the caller's budget of upstream calls like a query (RATE_LIMITED past it). A mutation field is null only with its own error. */
export type MutationAddChatroomMembersArgs = {
  input: ChatroomMembersInput;
};


/** Changing rooms and their members. Each mutation is one Easemob write; input is checked before any call, and a refused mutation (BAD_USER_INPUT, FORBIDDEN) touches nothing. Priced and charged to the caller's budget of upstream calls like a query (RATE_LIMITED past it). A mutation field is null only with its own error. */
export type MutationAddChatroomSuperAdminArgs = {
  input: ChatroomSuperAdminInput;
};


/** Changing rooms and their members. Each mutation is one Easemob write; input is checked before any call, and a refused mutation (BAD_USER_INPUT, FORBIDDEN) touches nothing. Priced and charged to the caller's budget of upstream calls like a query (RATE_LIMITED past it). A mutation field is null only with its own error. */
export type MutationAllowChatroomUsersArgs = {
  input: ChatroomMembersInput;
};


/** Changing rooms and their members. Each mutation is one Easemob write; input is checked before any call, and a refused mutation (BAD_USER_INPUT, FORBIDDEN) touches nothing. Priced and charged to the caller's budget of upstream calls like a query (RATE_LIMITED past it). A mutation field is null only with its own error. */
export type MutationBlockChatroomUsersArgs = {
  input: ChatroomMembersInput;
};


/** Changing rooms and their members. Each mutation is one Easemob write; input is checked before any call, and a refused mutation (BAD_USER_INPUT, FORBIDDEN) touches nothing. Priced and charged to the caller's budget of upstream calls like a query (RATE_LIMITED past it). A mutation field is null only with its own error. */
export type MutationBroadcastChatroomMessageArgs = {
  input: BroadcastChatroomMessageInput;
};


/** Changing rooms and their members. Each mutation is one Easemob write; input is checked before any call, and a refused mutation (BAD_USER_INPUT, FORBIDDEN) touches nothing. Priced and charged to the caller's budget of upstream calls like a query (RATE_LIMITED past it). A mutation field is null only with its own error. */
export type MutationCreateChatroomArgs = {
  input: CreateChatroomInput;
};


/** Changing rooms and their members. Each mutation is one Easemob write; input is checked before any call, and a refused mutation (BAD_USER_INPUT, FORBIDDEN) touches nothing. Priced and charged to the caller's budget of upstream calls like a query (RATE_LIMITED past it). A mutation field is null only with its own error. */
export type MutationDeleteChatroomArgs = {
  input: DeleteChatroomInput;
};


/** Changing rooms and their members. Each mutation is one Easemob write; input is checked before any call, and a refused mutation (BAD_USER_INPUT, FORBIDDEN) touches nothing. Priced and charged to the caller's budget of upstream calls like a query (RATE_LIMITED past it). A mutation field is null only with its own error. */
export type MutationDeleteChatroomAttributesArgs = {
  input: DeleteChatroomAttributesInput;
};


/** Changing rooms and their members. Each mutation is one Easemob write; input is checked before any call, and a refused mutation (BAD_USER_INPUT, FORBIDDEN) touches nothing. Priced and charged to the caller's budget of upstream calls like a query (RATE_LIMITED past it). A mutation field is null only with its own error. */
export type MutationDisallowChatroomUsersArgs = {
  input: ChatroomMembersInput;
};


/** Changing rooms and their members. Each mutation is one Easemob write; input is checked before any call, and a refused mutation (BAD_USER_INPUT, FORBIDDEN) touches nothing. Priced and charged to the caller's budget of upstream calls like a query (RATE_LIMITED past it). A mutation field is null only with its own error. */
export type MutationMuteAllChatroomMembersArgs = {
  input: ChatroomIdInput;
};


/** Changing rooms and their members. Each mutation is one Easemob write; input is checked before any call, and a refused mutation (BAD_USER_INPUT, FORBIDDEN) touches nothing. Priced and charged to the caller's budget of upstream calls like a query (RATE_LIMITED past it). A mutation field is null only with its own error. */
export type MutationMuteChatroomMembersArgs = {
  input: MuteChatroomMembersInput;
};


/** Changing rooms and their members. Each mutation is one Easemob write; input is checked before any call, and a refused mutation (BAD_USER_INPUT, FORBIDDEN) touches nothing. Priced and charged to the caller's budget of upstream calls like a query (RATE_LIMITED past it). A mutation field is null only with its own error. */
export type MutationRecallChatroomMessageArgs = {
  input: RecallChatroomMessageInput;
};


/** Changing rooms and their members. Each mutation is one Easemob write; input is checked before any call, and a refused mutation (BAD_USER_INPUT, FORBIDDEN) touches nothing. Priced and charged to the caller's budget of upstream calls like a query (RATE_LIMITED past it). A mutation field is null only with its own error. */
export type MutationRemoveChatroomAdminArgs = {
  input: ChatroomAdminInput;
};


/** Changing rooms and their members. Each mutation is one Easemob write; input is checked before any call, and a refused mutation (BAD_USER_INPUT, FORBIDDEN) touches nothing. Priced and charged to the caller's budget of upstream calls like a query (RATE_LIMITED past it). A mutation field is null only with its own error. */
export type MutationRemoveChatroomMembersArgs = {
  input: ChatroomMembersInput;
};


/** Changing rooms and their members. Each mutation is one Easemob write; input is checked before any call, and a refused mutation (BAD_USER_INPUT, FORBIDDEN) touches nothing. Priced and charged to the caller's budget of upstream calls like a query (RATE_LIMITED past it). A mutation field is null only with its own error. */
export type MutationRemoveChatroomSuperAdminArgs = {
  input: ChatroomSuperAdminInput;
};


/** Changing rooms and their members. Each mutation is one Easemob write; input is checked before any call, and a refused mutation (BAD_USER_INPUT, FORBIDDEN) touches nothing. Priced and charged to the caller's budget of upstream calls like a query (RATE_LIMITED past it). A mutation field is null only with its own error. */
export type MutationSendChatroomMessageArgs = {
  input: SendChatroomMessageInput;
};


/** Changing rooms and their members. Each mutation is one Easemob write; input is checked before any call, and a refused mutation (BAD_USER_INPUT, FORBIDDEN) touches nothing. Priced and charged to the caller's budget of upstream calls like a query (RATE_LIMITED past it). A mutation field is null only with its own error. */
export type MutationSetChatroomAnnouncementArgs = {
  input: SetChatroomAnnouncementInput;
};


/** Changing rooms and their members. Each mutation is one Easemob write; input is checked before any call, and a refused mutation (BAD_USER_INPUT, FORBIDDEN) touches nothing. Priced and charged to the caller's budget of upstream calls like a query (RATE_LIMITED past it). A mutation field is null only with its own error. */
export type MutationSetChatroomAttributesArgs = {
  input: SetChatroomAttributesInput;
};


/** Changing rooms and their members. Each mutation is one Easemob write; input is checked before any call, and a refused mutation (BAD_USER_INPUT, FORBIDDEN) touches nothing. Priced and charged to the caller's budget of upstream calls like a query (RATE_LIMITED past it). A mutation field is null only with its own error. */
export type MutationTransferChatroomOwnershipArgs = {
  input: TransferChatroomOwnershipInput;
};


/** Changing rooms and their members. Each mutation is one Easemob write; input is checked before any call, and a refused mutation (BAD_USER_INPUT, FORBIDDEN) touches nothing. Priced and charged to the caller's budget of upstream calls like a query (RATE_LIMITED past it). A mutation field is null only with its own error. */
export type MutationUnblockChatroomUsersArgs = {
  input: ChatroomMembersInput;
};


/** Changing rooms and their members. Each mutation is one Easemob write; input is checked before any call, and a refused mutation (BAD_USER_INPUT, FORBIDDEN) touches nothing. Priced and charged to the caller's budget of upstream calls like a query (RATE_LIMITED past it). A mutation field is null only with its own error. */
export type MutationUnmuteAllChatroomMembersArgs = {
  input: ChatroomIdInput;
};


/** Changing rooms and their members. Each mutation is one Easemob write; input is checked before any call, and a refused mutation (BAD_USER_INPUT, FORBIDDEN) touches nothing. Priced and charged to the caller's budget of upstream calls like a query (RATE_LIMITED past it). A mutation field is null only with its own error. */
export type MutationUnmuteChatroomMembersArgs = {
  input: ChatroomMembersInput;
};


/** Changing rooms and their members. Each mutation is one Easemob write; input is checked before any call, and a refused mutation (BAD_USER_INPUT, FORBIDDEN) touches nothing. Priced and charged to the caller's budget of upstream calls like a query (RATE_LIMITED past it). A mutation field is null only with its own error. */
export type MutationUpdateChatroomArgs = {
  input: UpdateChatroomInput;
};

/** A room, members of it to mute (1-100, no repeats), and for how long. */
export type MuteChatroomMembersInput = {
  /** How long, 1-315360000 seconds; left out: until unmuted. */
  durationSeconds?: InputMaybe<Scalars['Int']['input']>;
  /** The room. */
  id: Scalars['ID']['input'];
  /** 1-100 distinct members of the room, muted in one upstream call. */
  usernames: Array<Scalars['String']['input']>;
};

/** A member who may not speak in the room, and until when. */
export type MutedMember = {
  __typename?: 'MutedMember';
  /** When the mute ends; null: not until the user is unmuted. */
  expiresAt?: Maybe<Scalars['DateTime']['output']>;
  /** The muted user. */
  user: User;
};

/** Where a page is, in Relay's terms: the cursors at its ends, and whether rows lie beyond them. */
export type PageInfo = {
  __typename?: 'PageInfo';
  /** The last row's cursor, to ask for the next page with; null on an empty page. */
  endCursor?: Maybe<Scalars['String']['output']>;
  /** More rows may follow: ask again with `after: endCursor`. For a user's rooms Easemob gives no total, so a full last page says true once. */
  hasNextPage: Scalars['Boolean']['output'];
  /** Rows come before this page: it was asked for with `after`. */
  hasPreviousPage: Scalars['Boolean']['output'];
  /** The first row's cursor; null on an empty page. */
  startCursor?: Maybe<Scalars['String']['output']>;
};

/** Reading rooms and users. Every field is priced in Easemob calls before the operation runs, and an operation over the per-operation limit (30 by default) is refused whole with QUERY_TOO_EXPENSIVE. Each caller (a signed-in user, an API key, an address) has a budget of upstream calls too (60 per 6 s by default), charged each operation's price as it starts: past it, RATE_LIMITED with retryAfterSeconds. A root field is null only with an error of its own; one failing field never takes its neighbours down. */
export type Query = {
  __typename?: 'Query';
  /** One room by id: one detail call, batched with the other rooms of the operation. Null with NOT_FOUND when no room has this id; FORBIDDEN without credentials. */
  chatroom?: Maybe<Chatroom>;
  /** The users who may create chatrooms from the client SDKs, a page at a time: one upstream call per page. Only admins of the app may list them (FORBIDDEN otherwise). */
  chatroomSuperAdmins?: Maybe<UserConnection>;
  /** All rooms of the app, in Easemob's order, a page at a time: one list call per page. Fields beyond those in list rows cost one more detail call per 100 rooms. Null only with an error of its own. */
  chatrooms?: Maybe<ChatroomConnection>;
  /** Rooms in the order asked: one detail call per 100 distinct ids. An id with no room is null in its place with a NOT_FOUND error at that index; the list is null only with an error of its own (FORBIDDEN without credentials). */
  chatroomsByIds?: Maybe<Array<Maybe<Chatroom>>>;
  /** A user by username, taken as given: no upstream call until a field needs one, so an unknown user shows as NOT_FOUND on that field. Null only with an error of its own (FORBIDDEN without credentials). */
  user?: Maybe<User>;
  /** The signed-in user (the sign-in token's username); null for an API key or an anonymous caller. No upstream call. */
  viewer?: Maybe<User>;
};


/** Reading rooms and users. Every field is priced in Easemob calls before the operation runs, and an operation over the per-operation limit (30 by default) is refused whole with QUERY_TOO_EXPENSIVE. Each caller (a signed-in user, an API key, an address) has a budget of upstream calls too (60 per 6 s by default), charged each operation's price as it starts: past it, RATE_LIMITED with retryAfterSeconds. A root field is null only with an error of its own; one failing field never takes its neighbours down. */
export type QueryChatroomArgs = {
  id: Scalars['ID']['input'];
};


/** Reading rooms and users. Every field is priced in Easemob calls before the operation runs, and an operation over the per-operation limit (30 by default) is refused whole with QUERY_TOO_EXPENSIVE. Each caller (a signed-in user, an API key, an address) has a budget of upstream calls too (60 per 6 s by default), charged each operation's price as it starts: past it, RATE_LIMITED with retryAfterSeconds. A root field is null only with an error of its own; one failing field never takes its neighbours down. */
export type QueryChatroomSuperAdminsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


/** Reading rooms and users. Every field is priced in Easemob calls before the operation runs, and an operation over the per-operation limit (30 by default) is refused whole with QUERY_TOO_EXPENSIVE. Each caller (a signed-in user, an API key, an address) has a budget of upstream calls too (60 per 6 s by default), charged each operation's price as it starts: past it, RATE_LIMITED with retryAfterSeconds. A root field is null only with an error of its own; one failing field never takes its neighbours down. */
export type QueryChatroomsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


/** Reading rooms and users. Every field is priced in Easemob calls before the operation runs, and an operation over the per-operation limit (30 by default) is refused whole with QUERY_TOO_EXPENSIVE. Each caller (a signed-in user, an API key, an address) has a budget of upstream calls too (60 per 6 s by default), charged each operation's price as it starts: past it, RATE_LIMITED with retryAfterSeconds. A root field is null only with an error of its own; one failing field never takes its neighbours down. */
export type QueryChatroomsByIdsArgs = {
  ids: Array<Scalars['ID']['input']>;
};


/** Reading rooms and users. Every field is priced in Easemob calls before the operation runs, and an operation over the per-operation limit (30 by default) is refused whole with QUERY_TOO_EXPENSIVE. Each caller (a signed-in user, an API key, an address) has a budget of upstream calls too (60 per 6 s by default), charged each operation's price as it starts: past it, RATE_LIMITED with retryAfterSeconds. A root field is null only with an error of its own; one failing field never takes its neighbours down. */
export type QueryUserArgs = {
  username: Scalars['String']['input'];
};

/** A message to take back from a room. */
export type RecallChatroomMessageInput = {
  /** Who recalls it, for API keys (Easemob's `admin` when left out); a signed-in user recalls as themselves. */
  from?: InputMaybe<Scalars['String']['input']>;
  /** The room. */
  id: Scalars['ID']['input'];
  /** The message: an id sendChatroomMessage answered, or one an app saw. */
  messageId: Scalars['ID']['input'];
};

/** The message recalled. */
export type RecallChatroomMessagePayload = {
  __typename?: 'RecallChatroomMessagePayload';
  /** The room. */
  chatroomId: Scalars['ID']['output'];
  /** The message, now recalled. */
  messageId: Scalars['ID']['output'];
};

/** A message to 1-10 rooms, or with toUsers to chosen members of one room. */
export type SendChatroomMessageInput = {
  /** 1-10 rooms, none twice; one with toUsers. */
  chatroomIds: Array<Scalars['ID']['input']>;
  /** A custom message. Give text or custom, one of them. */
  custom?: InputMaybe<CustomMessageInput>;
  /** Easemob's `ext`: any JSON object the apps read beside the message. The body and ext together are at most 5120 bytes as JSON. */
  ext?: InputMaybe<Scalars['JSONObject']['input']>;
  /** The sender, for API keys (Easemob's `admin` when left out). A signed-in user always sends as themselves, and may not name another. */
  from?: InputMaybe<Scalars['String']['input']>;
  /** Which messages Easemob drops first in a busy room; NORMAL by default. */
  priority?: InputMaybe<ChatroomMessagePriority>;
  /** A text message: not empty. Give text or custom, one of them. */
  text?: InputMaybe<Scalars['String']['input']>;
  /** Only these members (1-20) see it: the room's other members do not, and it is in no one's conversation list. */
  toUsers?: InputMaybe<Array<Scalars['String']['input']>>;
};

/** The message sent: one id per room. */
export type SendChatroomMessagePayload = {
  __typename?: 'SendChatroomMessagePayload';
  /** One per room asked, in order. */
  messages: Array<SentChatroomMessage>;
};

/** A message sent to one room. */
export type SentChatroomMessage = {
  __typename?: 'SentChatroomMessage';
  /** The room. */
  chatroomId: Scalars['ID']['output'];
  /** Easemob's id of the message in that room, exactly (digits past 2^53): what recallChatroomMessage takes. Null, with UPSTREAM_ERROR, when Easemob's answer gave none for this room: the message was sent all the same. */
  messageId?: Maybe<Scalars['ID']['output']>;
};

/** A room and its new announcement. */
export type SetChatroomAnnouncementInput = {
  /** At most 512 characters; empty clears it. */
  announcement: Scalars['String']['input'];
  /** The room. */
  id: Scalars['ID']['input'];
};

/** A room and 1-10 attributes to set, in one upstream call. */
export type SetChatroomAttributesInput = {
  /** 1-10 keys, none twice, and their values. */
  attributes: Array<ChatroomAttributeInput>;
  /** Easemob removes these keys when their owner leaves the room (its default, true); false keeps them. */
  deleteWhenILeave?: InputMaybe<Scalars['Boolean']['input']>;
  /** The room. */
  id: Scalars['ID']['input'];
  /** Change keys other members set too (Easemob's "forced" call): for those who may moderate the room. */
  overwriteOthers?: InputMaybe<Scalars['Boolean']['input']>;
  /** The member the keys are set as (their owner); by default the signed-in user. For another user: those who may moderate the room. */
  username?: InputMaybe<Scalars['String']['input']>;
};

/** Live events, over GraphQL over SSE (POST or GET with Accept: text/event-stream) or graphql-ws (the graphql-transport-ws subprotocol on the same path). A subscription is priced when it starts, like any operation, and charged to the caller's budget (RATE_LIMITED past it); its events cost no upstream call per subscriber. */
export type Subscription = {
  __typename?: 'Subscription';
  /** A room's events as they happen, until the room is deleted (ChatroomDeleted, then the stream completes). Starting costs one detail call (the room must exist), and for a signed-in user who is not an admin one more (its admins, for the rule below); events cost no call but what their fields read, once per event for every subscriber. Anyone who may read the room may subscribe; mutes, the block list and the allow list are told only to those who may moderate it (its owner and admins, admins of the app, API keys), and to the others a member blocked is one removed (KICKED). A room deleted ends with ChatroomDeleted alone, not its members leaving. Errors: BAD_USER_INPUT, NOT_FOUND, TOO_MANY_SUBSCRIPTIONS (the per-caller or per-instance cap), SUBSCRIBER_TOO_SLOW (the client did not read its events fast enough: the stream ends), UNAUTHENTICATED (the sign-in token expired: the stream ends). */
  chatroomEvents: ChatroomEvent;
  /** The signed-in user's own events, in any room: joined or added, left, removed or blocked, muted or unmuted, made admin or owner. Each event names this user only, whoever else it was about. Costs no upstream call. Only a signed-in user may (FORBIDDEN for API keys and anonymous callers); errors as for chatroomEvents. */
  viewerChatroomEvents: ChatroomEvent;
};


/** Live events, over GraphQL over SSE (POST or GET with Accept: text/event-stream) or graphql-ws (the graphql-transport-ws subprotocol on the same path). A subscription is priced when it starts, like any operation, and charged to the caller's budget (RATE_LIMITED past it); its events cost no upstream call per subscriber. */
export type SubscriptionChatroomEventsArgs = {
  id: Scalars['ID']['input'];
};

/** A room and the member to hand it to. */
export type TransferChatroomOwnershipInput = {
  /** The room. */
  id: Scalars['ID']['input'];
  /** A member of the room, who becomes its owner; the old owner stays as a member. */
  newOwner: Scalars['String']['input'];
};

/** Changes to a room: fields left out are not changed; give at least one. */
export type UpdateChatroomInput = {
  /** At most 512 characters. */
  description?: InputMaybe<Scalars['String']['input']>;
  /** The room to change. */
  id: Scalars['ID']['input'];
  /** 1-10000; fewer than the room holds is not applied (updated.maxUsers is false). */
  maxUsers?: InputMaybe<Scalars['Int']['input']>;
  /** 1-128 characters. */
  name?: InputMaybe<Scalars['String']['input']>;
};

/** What updateChatroom changed. */
export type UpdateChatroomPayload = {
  __typename?: 'UpdateChatroomPayload';
  /** The room with the change applied: a normalized cache updates itself from it. Its id costs nothing; other fields cost one detail call, or none when the rule already read the room. */
  chatroom: Chatroom;
  /** Which fields Easemob reported as changed. */
  updated: UpdatedChatroomFields;
};

/** Which fields Easemob reported as updated. */
export type UpdatedChatroomFields = {
  __typename?: 'UpdatedChatroomFields';
  /** The description was changed. */
  description: Scalars['Boolean']['output'];
  /** maxUsers was changed. */
  maxUsers: Scalars['Boolean']['output'];
  /** The name was changed. */
  name: Scalars['Boolean']['output'];
};

/** An Easemob user, known by username. */
export type User = {
  __typename?: 'User';
  /** The username again, as the id client caches normalize users by (Apollo Client, urql Graphcache). */
  id: Scalars['ID']['output'];
  /** Whether the user is an admin of the app (the sign-in token's admin scope): may do anything to any room. Known for the signed-in user (viewer) only; null for anyone else. No upstream call. */
  isAppAdmin?: Maybe<Scalars['Boolean']['output']>;
  /** Rooms the user owns or is a member of, a page at a time: one call per page; rows hold id and name, other fields cost one detail call per 100 rooms. Only the user themself and admins may list them (FORBIDDEN otherwise). Null with NOT_FOUND, naming the user in extensions.usernames, when Easemob does not know the user. */
  joinedChatrooms?: Maybe<ChatroomConnection>;
  /** The user's Easemob username. */
  username: Scalars['String']['output'];
};


/** An Easemob user, known by username. */
export type UserJoinedChatroomsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

/** A page of users, in Relay's connection shape: `nodes` for the users alone, `edges` for each with its cursor. */
export type UserConnection = {
  __typename?: 'UserConnection';
  /** The users of the page, each with its cursor. */
  edges: Array<UserEdge>;
  /** The users of the page. */
  nodes: Array<User>;
  /** Where this page is. */
  pageInfo: PageInfo;
};

/** A user in a page, with the cursor to go on from it. */
export type UserEdge = {
  __typename?: 'UserEdge';
  /** Pass as `after` to get the rows after this one, in one upstream call. */
  cursor: Scalars['String']['output'];
  /** The user. */
  node: User;
};

export type NamesQueryVariables = Exact<{ [key: string]: never; }>;


export type NamesQuery = { __typename?: 'Query', chatrooms?: { __typename?: 'ChatroomConnection', nodes: Array<{ __typename?: 'Chatroom', name?: string | null }> } | null };

export type ApolloRoomsQueryVariables = Exact<{
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type ApolloRoomsQuery = { __typename?: 'Query', chatrooms?: { __typename?: 'ChatroomConnection', edges: Array<{ __typename?: 'ChatroomEdge', cursor: string, node: { __typename?: 'Chatroom', id: string, name?: string | null, owner?: { __typename?: 'User', id: string, username: string } | null } }>, pageInfo: { __typename?: 'PageInfo', startCursor?: string | null, endCursor?: string | null, hasNextPage: boolean, hasPreviousPage: boolean } } | null };

export type ApolloRoomQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type ApolloRoomQuery = { __typename?: 'Query', chatroom?: { __typename?: 'Chatroom', id: string, name?: string | null } | null };

export type ApolloCreateMutationVariables = Exact<{
  input: CreateChatroomInput;
}>;


export type ApolloCreateMutation = { __typename?: 'Mutation', createChatroom?: { __typename?: 'CreateChatroomPayload', chatroom: { __typename?: 'Chatroom', id: string, name?: string | null, owner?: { __typename?: 'User', id: string, username: string } | null } } | null };

export type ApolloRenameMutationVariables = Exact<{
  id: Scalars['ID']['input'];
  name: Scalars['String']['input'];
}>;


export type ApolloRenameMutation = { __typename?: 'Mutation', updateChatroom?: { __typename?: 'UpdateChatroomPayload', chatroom: { __typename?: 'Chatroom', id: string, name?: string | null } } | null };

export type ApolloAddMutationVariables = Exact<{
  id: Scalars['ID']['input'];
  usernames: Array<Scalars['String']['input']> | Scalars['String']['input'];
}>;


export type ApolloAddMutation = { __typename?: 'Mutation', addChatroomMembers?: { __typename?: 'ChatroomMembersPayload', chatroom: { __typename?: 'Chatroom', id: string, members?: Array<{ __typename?: 'User', id: string, username: string }> | null }, results: Array<{ __typename?: 'ChatroomMemberResult', username: string, ok: boolean }> } | null };

export type ApolloRemoveMutationVariables = Exact<{
  id: Scalars['ID']['input'];
  usernames: Array<Scalars['String']['input']> | Scalars['String']['input'];
}>;


export type ApolloRemoveMutation = { __typename?: 'Mutation', removeChatroomMembers?: { __typename?: 'ChatroomMembersPayload', chatroom: { __typename?: 'Chatroom', id: string, members?: Array<{ __typename?: 'User', id: string, username: string }> | null }, results: Array<{ __typename?: 'ChatroomMemberResult', username: string, ok: boolean }> } | null };

export type ApolloDeleteMutationVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type ApolloDeleteMutation = { __typename?: 'Mutation', deleteChatroom?: { __typename?: 'DeleteChatroomPayload', deletedChatroomId: string } | null };

export type RefusedRoomsQueryVariables = Exact<{ [key: string]: never; }>;


export type RefusedRoomsQuery = { __typename?: 'Query', chatrooms?: { __typename?: 'ChatroomConnection', nodes: Array<{ __typename?: 'Chatroom', id: string }> } | null };

export type MemberPageQueryVariables = Exact<{
  id: Scalars['ID']['input'];
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type MemberPageQuery = { __typename?: 'Query', chatroom?: { __typename?: 'Chatroom', id: string, memberList?: { __typename?: 'AffiliationConnection', edges: Array<{ __typename?: 'AffiliationEdge', cursor: string, node: { __typename?: 'Affiliation', role: AffiliationRole, user: { __typename?: 'User', id: string, username: string } } }>, pageInfo: { __typename?: 'PageInfo', endCursor?: string | null, hasNextPage: boolean } } | null } | null };

export type MutedPageQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type MutedPageQuery = { __typename?: 'Query', chatroom?: { __typename?: 'Chatroom', id: string, mutedMembers?: Array<{ __typename?: 'MutedMember', expiresAt?: string | null, user: { __typename?: 'User', id: string } }> | null } | null };

export type RemoveMutedMutationVariables = Exact<{
  id: Scalars['ID']['input'];
  usernames: Array<Scalars['String']['input']> | Scalars['String']['input'];
}>;


export type RemoveMutedMutation = { __typename?: 'Mutation', removeChatroomMembers?: { __typename?: 'ChatroomMembersPayload', results: Array<{ __typename?: 'ChatroomMemberResult', username: string, ok: boolean }> } | null };

export type UrqlMemberPageQueryVariables = Exact<{
  id: Scalars['ID']['input'];
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type UrqlMemberPageQuery = { __typename?: 'Query', chatroom?: { __typename?: 'Chatroom', id: string, memberList?: { __typename?: 'AffiliationConnection', nodes: Array<{ __typename?: 'Affiliation', role: AffiliationRole, user: { __typename?: 'User', id: string } }>, pageInfo: { __typename?: 'PageInfo', endCursor?: string | null, hasNextPage: boolean } } | null } | null };

export type UrqlModerationQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type UrqlModerationQuery = { __typename?: 'Query', chatroom?: { __typename?: 'Chatroom', id: string, mutedMembers?: Array<{ __typename?: 'MutedMember', expiresAt?: string | null, user: { __typename?: 'User', id: string } }> | null, viewerCan?: { __typename?: 'ChatroomPermissions', update: boolean, delete: boolean, moderate: boolean } | null } | null };

export type UrqlRemoveMutedMutationVariables = Exact<{
  input: ChatroomMembersInput;
}>;


export type UrqlRemoveMutedMutation = { __typename?: 'Mutation', removeChatroomMembers?: { __typename?: 'ChatroomMembersPayload', results: Array<{ __typename?: 'ChatroomMemberResult', username: string, ok: boolean }> } | null };

export type PageOwnerRoomsQueryVariables = Exact<{ [key: string]: never; }>;


export type PageOwnerRoomsQuery = { __typename?: 'Query', viewer?: { __typename?: 'User', id: string, joinedChatrooms?: { __typename?: 'ChatroomConnection', edges: Array<{ __typename?: 'ChatroomEdge', cursor: string, node: { __typename?: 'Chatroom', id: string, name?: string | null } }>, pageInfo: { __typename?: 'PageInfo', endCursor?: string | null, hasNextPage: boolean } } | null } | null };

export type ShownRoomQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type ShownRoomQuery = { __typename?: 'Query', chatroom?: { __typename?: 'Chatroom', id: string, name?: string | null } | null };

export type ShownMembersQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type ShownMembersQuery = { __typename?: 'Query', chatroom?: { __typename?: 'Chatroom', id: string, members?: Array<{ __typename?: 'User', id: string }> | null } | null };

export type ShownAnnouncementQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type ShownAnnouncementQuery = { __typename?: 'Query', chatroom?: { __typename?: 'Chatroom', id: string, announcement?: string | null } | null };

export type DeleteShownMutationVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type DeleteShownMutation = { __typename?: 'Mutation', deleteChatroom?: { __typename?: 'DeleteChatroomPayload', deletedChatroomId: string } | null };

export type UrqlRoomsQueryVariables = Exact<{
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type UrqlRoomsQuery = { __typename?: 'Query', chatrooms?: { __typename?: 'ChatroomConnection', nodes: Array<{ __typename?: 'Chatroom', id: string, name?: string | null, owner?: { __typename?: 'User', id: string, username: string } | null }>, pageInfo: { __typename?: 'PageInfo', endCursor?: string | null, hasNextPage: boolean } } | null };

export type UrqlMembersQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type UrqlMembersQuery = { __typename?: 'Query', chatroom?: { __typename?: 'Chatroom', id: string, members?: Array<{ __typename?: 'User', id: string, username: string }> | null } | null };

export type UrqlCreateMutationVariables = Exact<{
  input: CreateChatroomInput;
}>;


export type UrqlCreateMutation = { __typename?: 'Mutation', createChatroom?: { __typename?: 'CreateChatroomPayload', chatroom: { __typename?: 'Chatroom', id: string, name?: string | null, owner?: { __typename?: 'User', id: string, username: string } | null } } | null };

export type UrqlRenameMutationVariables = Exact<{
  id: Scalars['ID']['input'];
  name: Scalars['String']['input'];
}>;


export type UrqlRenameMutation = { __typename?: 'Mutation', updateChatroom?: { __typename?: 'UpdateChatroomPayload', chatroom: { __typename?: 'Chatroom', id: string, name?: string | null } } | null };

export type UrqlAddMutationVariables = Exact<{
  id: Scalars['ID']['input'];
  usernames: Array<Scalars['String']['input']> | Scalars['String']['input'];
}>;


export type UrqlAddMutation = { __typename?: 'Mutation', addChatroomMembers?: { __typename?: 'ChatroomMembersPayload', chatroom: { __typename?: 'Chatroom', id: string, members?: Array<{ __typename?: 'User', id: string, username: string }> | null } } | null };

export type UrqlRemoveMutationVariables = Exact<{
  id: Scalars['ID']['input'];
  usernames: Array<Scalars['String']['input']> | Scalars['String']['input'];
}>;


export type UrqlRemoveMutation = { __typename?: 'Mutation', removeChatroomMembers?: { __typename?: 'ChatroomMembersPayload', chatroom: { __typename?: 'Chatroom', id: string, members?: Array<{ __typename?: 'User', id: string, username: string }> | null } } | null };

export type UrqlDeleteMutationVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type UrqlDeleteMutation = { __typename?: 'Mutation', deleteChatroom?: { __typename?: 'DeleteChatroomPayload', deletedChatroomId: string } | null };

export type UrqlRoomEdgesQueryVariables = Exact<{
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type UrqlRoomEdgesQuery = { __typename?: 'Query', chatrooms?: { __typename?: 'ChatroomConnection', edges: Array<{ __typename?: 'ChatroomEdge', cursor: string, node: { __typename?: 'Chatroom', id: string, name?: string | null } }>, pageInfo: { __typename?: 'PageInfo', endCursor?: string | null, hasNextPage: boolean } } | null };

export type UrqlPostQueryVariables = Exact<{
  first?: InputMaybe<Scalars['Int']['input']>;
}>;


export type UrqlPostQuery = { __typename?: 'Query', chatrooms?: { __typename?: 'ChatroomConnection', nodes: Array<{ __typename?: 'Chatroom', id: string }> } | null };

export type UrqlRoomQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type UrqlRoomQuery = { __typename?: 'Query', chatroom?: { __typename?: 'Chatroom', id: string, name?: string | null } | null };

export type RoomNameQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type RoomNameQuery = { __typename?: 'Query', chatroom?: { __typename?: 'Chatroom', id: string, name?: string | null } | null };

export type TodayRenameMutationVariables = Exact<{
  input: UpdateChatroomInput;
}>;


export type TodayRenameMutation = { __typename?: 'Mutation', updateChatroom?: { __typename?: 'UpdateChatroomPayload', chatroom: { __typename?: 'Chatroom', name?: string | null }, updated: { __typename?: 'UpdatedChatroomFields', name: boolean, description: boolean, maxUsers: boolean } } | null };

export type TodayPageQueryVariables = Exact<{
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type TodayPageQuery = { __typename?: 'Query', chatrooms?: { __typename?: 'ChatroomConnection', nodes: Array<{ __typename?: 'Chatroom', id: string }>, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, endCursor?: string | null } } | null };

export type TodayMembersMutationVariables = Exact<{
  add: ChatroomMembersInput;
  remove: ChatroomMembersInput;
}>;


export type TodayMembersMutation = { __typename?: 'Mutation', added?: { __typename?: 'ChatroomMembersPayload', results: Array<{ __typename?: 'ChatroomMemberResult', username: string, ok: boolean, reason?: string | null }> } | null, removed?: { __typename?: 'ChatroomMembersPayload', chatroom: { __typename?: 'Chatroom', members?: Array<{ __typename?: 'User', username: string }> | null }, results: Array<{ __typename?: 'ChatroomMemberResult', username: string, ok: boolean, reason?: string | null }> } | null };

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


export type TodayCreateFullMutation = { __typename?: 'Mutation', createChatroom?: { __typename?: 'CreateChatroomPayload', chatroom: { __typename?: 'Chatroom', id: string, maxUsers?: number | null, createdAt?: string | null, custom?: string | null, allMembersMuted?: boolean | null, affiliationsCount?: number | null, owner?: { __typename?: 'User', username: string } | null } } | null };

export type TodayRoomFactsQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type TodayRoomFactsQuery = { __typename?: 'Query', chatroom?: { __typename?: 'Chatroom', allMembersMuted?: boolean | null, owner?: { __typename?: 'User', username: string } | null, members?: Array<{ __typename?: 'User', username: string }> | null, affiliations?: Array<{ __typename?: 'Affiliation', role: AffiliationRole, user: { __typename?: 'User', username: string } }> | null } | null };

export type CreateMutationVariables = Exact<{
  input: CreateChatroomInput;
}>;


export type CreateMutation = { __typename?: 'Mutation', createChatroom?: { __typename?: 'CreateChatroomPayload', chatroom: { __typename?: 'Chatroom', id: string, name?: string | null, description?: string | null, maxUsers?: number | null, affiliationsCount?: number | null, owner?: { __typename?: 'User', username: string } | null, members?: Array<{ __typename?: 'User', username: string }> | null } } | null };

export type CreateIdOnlyMutationVariables = Exact<{
  input: CreateChatroomInput;
}>;


export type CreateIdOnlyMutation = { __typename?: 'Mutation', createChatroom?: { __typename?: 'CreateChatroomPayload', chatroom: { __typename?: 'Chatroom', id: string } } | null };

export type UpdateMutationVariables = Exact<{
  input: UpdateChatroomInput;
}>;


export type UpdateMutation = { __typename?: 'Mutation', updateChatroom?: { __typename?: 'UpdateChatroomPayload', chatroom: { __typename?: 'Chatroom', id: string, name?: string | null, description?: string | null, maxUsers?: number | null }, updated: { __typename?: 'UpdatedChatroomFields', name: boolean, description: boolean, maxUsers: boolean } } | null };

export type AddThenRemoveMutationVariables = Exact<{
  add: ChatroomMembersInput;
  remove: ChatroomMembersInput;
}>;


export type AddThenRemoveMutation = { __typename?: 'Mutation', added?: { __typename?: 'ChatroomMembersPayload', chatroom: { __typename?: 'Chatroom', affiliationsCount?: number | null, members?: Array<{ __typename?: 'User', username: string }> | null } } | null, removed?: { __typename?: 'ChatroomMembersPayload', chatroom: { __typename?: 'Chatroom', affiliationsCount?: number | null, members?: Array<{ __typename?: 'User', username: string }> | null } } | null };

export type RoomQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type RoomQuery = { __typename?: 'Query', chatroom?: { __typename?: 'Chatroom', id: string, name?: string | null, members?: Array<{ __typename?: 'User', username: string }> | null } | null };

export type RoomDetailQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type RoomDetailQuery = { __typename?: 'Query', chatroom?: { __typename?: 'Chatroom', id: string, name?: string | null, description?: string | null, maxUsers?: number | null, affiliationsCount?: number | null, membersOnly?: boolean | null, allowInvites?: boolean | null, public?: boolean | null, owner?: { __typename?: 'User', username: string } | null, members?: Array<{ __typename?: 'User', username: string }> | null, affiliations?: Array<{ __typename?: 'Affiliation', role: AffiliationRole, user: { __typename?: 'User', username: string } }> | null } | null };

export type SummaryPageQueryVariables = Exact<{
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type SummaryPageQuery = { __typename?: 'Query', chatrooms?: { __typename?: 'ChatroomConnection', edges: Array<{ __typename?: 'ChatroomEdge', cursor: string, node: { __typename?: 'Chatroom', id: string } }>, nodes: Array<{ __typename?: 'Chatroom', id: string, name?: string | null, affiliationsCount?: number | null, owner?: { __typename?: 'User', username: string } | null }>, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, endCursor?: string | null } } | null };

export type DescriptionPageQueryVariables = Exact<{
  first?: InputMaybe<Scalars['Int']['input']>;
}>;


export type DescriptionPageQuery = { __typename?: 'Query', chatrooms?: { __typename?: 'ChatroomConnection', nodes: Array<{ __typename?: 'Chatroom', id: string, description?: string | null }> } | null };

export type AliasesAndBatchQueryVariables = Exact<{
  a: Scalars['ID']['input'];
  ids: Array<Scalars['ID']['input']> | Scalars['ID']['input'];
}>;


export type AliasesAndBatchQuery = { __typename?: 'Query', one?: { __typename?: 'Chatroom', id: string, name?: string | null } | null, again?: { __typename?: 'Chatroom', id: string, maxUsers?: number | null } | null, chatroomsByIds?: Array<{ __typename?: 'Chatroom', id: string, name?: string | null, description?: string | null } | null> | null };

export type ByIdsQueryVariables = Exact<{
  ids: Array<Scalars['ID']['input']> | Scalars['ID']['input'];
}>;


export type ByIdsQuery = { __typename?: 'Query', chatroomsByIds?: Array<{ __typename?: 'Chatroom', id: string, name?: string | null } | null> | null };

export type JoinedQueryVariables = Exact<{
  username: Scalars['String']['input'];
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type JoinedQuery = { __typename?: 'Query', user?: { __typename?: 'User', username: string, joinedChatrooms?: { __typename?: 'ChatroomConnection', nodes: Array<{ __typename?: 'Chatroom', id: string, name?: string | null }>, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, endCursor?: string | null } } | null } | null };

export type JoinedDetailsQueryVariables = Exact<{
  username: Scalars['String']['input'];
}>;


export type JoinedDetailsQuery = { __typename?: 'Query', user?: { __typename?: 'User', joinedChatrooms?: { __typename?: 'ChatroomConnection', nodes: Array<{ __typename?: 'Chatroom', id: string, name?: string | null, maxUsers?: number | null, affiliationsCount?: number | null }> } | null } | null };

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
export const ApolloRoomsDocument = new TypedDocumentString(`
    query ApolloRooms($after: String) {
  chatrooms(first: 10, after: $after) {
    edges {
      cursor
      node {
        id
        name
        owner {
          id
          username
        }
      }
    }
    pageInfo {
      startCursor
      endCursor
      hasNextPage
      hasPreviousPage
    }
  }
}
    `) as unknown as TypedDocumentString<ApolloRoomsQuery, ApolloRoomsQueryVariables>;
export const ApolloRoomDocument = new TypedDocumentString(`
    query ApolloRoom($id: ID!) {
  chatroom(id: $id) {
    id
    name
  }
}
    `) as unknown as TypedDocumentString<ApolloRoomQuery, ApolloRoomQueryVariables>;
export const ApolloCreateDocument = new TypedDocumentString(`
    mutation ApolloCreate($input: CreateChatroomInput!) {
  createChatroom(input: $input) {
    chatroom {
      id
      name
      owner {
        id
        username
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ApolloCreateMutation, ApolloCreateMutationVariables>;
export const ApolloRenameDocument = new TypedDocumentString(`
    mutation ApolloRename($id: ID!, $name: String!) {
  updateChatroom(input: {id: $id, name: $name}) {
    chatroom {
      id
      name
    }
  }
}
    `) as unknown as TypedDocumentString<ApolloRenameMutation, ApolloRenameMutationVariables>;
export const ApolloAddDocument = new TypedDocumentString(`
    mutation ApolloAdd($id: ID!, $usernames: [String!]!) {
  addChatroomMembers(input: {id: $id, usernames: $usernames}) {
    chatroom {
      id
      members {
        id
        username
      }
    }
    results {
      username
      ok
    }
  }
}
    `) as unknown as TypedDocumentString<ApolloAddMutation, ApolloAddMutationVariables>;
export const ApolloRemoveDocument = new TypedDocumentString(`
    mutation ApolloRemove($id: ID!, $usernames: [String!]!) {
  removeChatroomMembers(input: {id: $id, usernames: $usernames}) {
    chatroom {
      id
      members {
        id
        username
      }
    }
    results {
      username
      ok
    }
  }
}
    `) as unknown as TypedDocumentString<ApolloRemoveMutation, ApolloRemoveMutationVariables>;
export const ApolloDeleteDocument = new TypedDocumentString(`
    mutation ApolloDelete($id: ID!) {
  deleteChatroom(input: {id: $id}) {
    deletedChatroomId
  }
}
    `) as unknown as TypedDocumentString<ApolloDeleteMutation, ApolloDeleteMutationVariables>;
export const RefusedRoomsDocument = new TypedDocumentString(`
    query RefusedRooms {
  chatrooms(first: 1) {
    nodes {
      id
    }
  }
}
    `) as unknown as TypedDocumentString<RefusedRoomsQuery, RefusedRoomsQueryVariables>;
export const MemberPageDocument = new TypedDocumentString(`
    query MemberPage($id: ID!, $after: String) {
  chatroom(id: $id) {
    id
    memberList(first: 10, after: $after) {
      edges {
        cursor
        node {
          role
          user {
            id
            username
          }
        }
      }
      pageInfo {
        endCursor
        hasNextPage
      }
    }
  }
}
    `) as unknown as TypedDocumentString<MemberPageQuery, MemberPageQueryVariables>;
export const MutedPageDocument = new TypedDocumentString(`
    query MutedPage($id: ID!) {
  chatroom(id: $id) {
    id
    mutedMembers {
      user {
        id
      }
      expiresAt
    }
  }
}
    `) as unknown as TypedDocumentString<MutedPageQuery, MutedPageQueryVariables>;
export const RemoveMutedDocument = new TypedDocumentString(`
    mutation RemoveMuted($id: ID!, $usernames: [String!]!) {
  removeChatroomMembers(input: {id: $id, usernames: $usernames}) {
    results {
      username
      ok
    }
  }
}
    `) as unknown as TypedDocumentString<RemoveMutedMutation, RemoveMutedMutationVariables>;
export const UrqlMemberPageDocument = new TypedDocumentString(`
    query UrqlMemberPage($id: ID!, $after: String) {
  chatroom(id: $id) {
    id
    memberList(first: 10, after: $after) {
      nodes {
        role
        user {
          id
        }
      }
      pageInfo {
        endCursor
        hasNextPage
      }
    }
  }
}
    `) as unknown as TypedDocumentString<UrqlMemberPageQuery, UrqlMemberPageQueryVariables>;
export const UrqlModerationDocument = new TypedDocumentString(`
    query UrqlModeration($id: ID!) {
  chatroom(id: $id) {
    id
    mutedMembers {
      user {
        id
      }
      expiresAt
    }
    viewerCan {
      update
      delete
      moderate
    }
  }
}
    `) as unknown as TypedDocumentString<UrqlModerationQuery, UrqlModerationQueryVariables>;
export const UrqlRemoveMutedDocument = new TypedDocumentString(`
    mutation UrqlRemoveMuted($input: ChatroomMembersInput!) {
  removeChatroomMembers(input: $input) {
    results {
      username
      ok
    }
  }
}
    `) as unknown as TypedDocumentString<UrqlRemoveMutedMutation, UrqlRemoveMutedMutationVariables>;
export const PageOwnerRoomsDocument = new TypedDocumentString(`
    query PageOwnerRooms {
  viewer {
    id
    joinedChatrooms(first: 10) {
      edges {
        cursor
        node {
          id
          name
        }
      }
      pageInfo {
        endCursor
        hasNextPage
      }
    }
  }
}
    `) as unknown as TypedDocumentString<PageOwnerRoomsQuery, PageOwnerRoomsQueryVariables>;
export const ShownRoomDocument = new TypedDocumentString(`
    query ShownRoom($id: ID!) {
  chatroom(id: $id) {
    id
    name
  }
}
    `) as unknown as TypedDocumentString<ShownRoomQuery, ShownRoomQueryVariables>;
export const ShownMembersDocument = new TypedDocumentString(`
    query ShownMembers($id: ID!) {
  chatroom(id: $id) {
    id
    members {
      id
    }
  }
}
    `) as unknown as TypedDocumentString<ShownMembersQuery, ShownMembersQueryVariables>;
export const ShownAnnouncementDocument = new TypedDocumentString(`
    query ShownAnnouncement($id: ID!) {
  chatroom(id: $id) {
    id
    announcement
  }
}
    `) as unknown as TypedDocumentString<ShownAnnouncementQuery, ShownAnnouncementQueryVariables>;
export const DeleteShownDocument = new TypedDocumentString(`
    mutation DeleteShown($id: ID!) {
  deleteChatroom(input: {id: $id}) {
    deletedChatroomId
  }
}
    `) as unknown as TypedDocumentString<DeleteShownMutation, DeleteShownMutationVariables>;
export const UrqlRoomsDocument = new TypedDocumentString(`
    query UrqlRooms($after: String) {
  chatrooms(first: 10, after: $after) {
    nodes {
      id
      name
      owner {
        id
        username
      }
    }
    pageInfo {
      endCursor
      hasNextPage
    }
  }
}
    `) as unknown as TypedDocumentString<UrqlRoomsQuery, UrqlRoomsQueryVariables>;
export const UrqlMembersDocument = new TypedDocumentString(`
    query UrqlMembers($id: ID!) {
  chatroom(id: $id) {
    id
    members {
      id
      username
    }
  }
}
    `) as unknown as TypedDocumentString<UrqlMembersQuery, UrqlMembersQueryVariables>;
export const UrqlCreateDocument = new TypedDocumentString(`
    mutation UrqlCreate($input: CreateChatroomInput!) {
  createChatroom(input: $input) {
    chatroom {
      id
      name
      owner {
        id
        username
      }
    }
  }
}
    `) as unknown as TypedDocumentString<UrqlCreateMutation, UrqlCreateMutationVariables>;
export const UrqlRenameDocument = new TypedDocumentString(`
    mutation UrqlRename($id: ID!, $name: String!) {
  updateChatroom(input: {id: $id, name: $name}) {
    chatroom {
      id
      name
    }
  }
}
    `) as unknown as TypedDocumentString<UrqlRenameMutation, UrqlRenameMutationVariables>;
export const UrqlAddDocument = new TypedDocumentString(`
    mutation UrqlAdd($id: ID!, $usernames: [String!]!) {
  addChatroomMembers(input: {id: $id, usernames: $usernames}) {
    chatroom {
      id
      members {
        id
        username
      }
    }
  }
}
    `) as unknown as TypedDocumentString<UrqlAddMutation, UrqlAddMutationVariables>;
export const UrqlRemoveDocument = new TypedDocumentString(`
    mutation UrqlRemove($id: ID!, $usernames: [String!]!) {
  removeChatroomMembers(input: {id: $id, usernames: $usernames}) {
    chatroom {
      id
      members {
        id
        username
      }
    }
  }
}
    `) as unknown as TypedDocumentString<UrqlRemoveMutation, UrqlRemoveMutationVariables>;
export const UrqlDeleteDocument = new TypedDocumentString(`
    mutation UrqlDelete($id: ID!) {
  deleteChatroom(input: {id: $id}) {
    deletedChatroomId
  }
}
    `) as unknown as TypedDocumentString<UrqlDeleteMutation, UrqlDeleteMutationVariables>;
export const UrqlRoomEdgesDocument = new TypedDocumentString(`
    query UrqlRoomEdges($after: String) {
  chatrooms(first: 50, after: $after) {
    edges {
      cursor
      node {
        id
        name
      }
    }
    pageInfo {
      endCursor
      hasNextPage
    }
  }
}
    `) as unknown as TypedDocumentString<UrqlRoomEdgesQuery, UrqlRoomEdgesQueryVariables>;
export const UrqlPostDocument = new TypedDocumentString(`
    query UrqlPost($first: Int) {
  chatrooms(first: $first) {
    nodes {
      id
    }
  }
}
    `) as unknown as TypedDocumentString<UrqlPostQuery, UrqlPostQueryVariables>;
export const UrqlRoomDocument = new TypedDocumentString(`
    query UrqlRoom($id: ID!) {
  chatroom(id: $id) {
    id
    name
  }
}
    `) as unknown as TypedDocumentString<UrqlRoomQuery, UrqlRoomQueryVariables>;
export const RoomNameDocument = new TypedDocumentString(`
    query RoomName($id: ID!) {
  chatroom(id: $id) {
    id
    name
  }
}
    `) as unknown as TypedDocumentString<RoomNameQuery, RoomNameQueryVariables>;
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