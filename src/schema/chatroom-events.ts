/**
 * What a subscriber is told of a room: the ChatroomEvent interface and one type per kind of
 * change (src/live/room-event.ts), whether the gateway made the change or Easemob's callback
 * told of it. Events carry what changed; ChatroomUpdated carries the room as it is now, read
 * once per event for every subscriber alike (src/context.ts `readsForEvent`).
 */
import type { RoomEvent, RoomEventKind } from '../live/room-event.js';
import { limits } from '../easemob/limits.js';
import { builder } from './builder.js';
import { Chatroom } from './chatroom.js';
import { ChatroomAttribute } from './chatroom-attributes.js';
import { payloadRoom } from './chatroom-mutations.js';
import { User } from './user.js';

type Of<K extends RoomEventKind> = Extract<RoomEvent, { kind: K }>;

export const ChatroomEvent = builder.interfaceRef<RoomEvent>('ChatroomEvent');

const LeaveReason = builder.enumType('ChatroomLeaveReason', {
  description: 'Why users are no longer in a room.',
  values: {
    QUIT: { description: 'They left: by themselves, or 2 minutes after going offline (Easemob takes them out).' },
    KICKED: { description: 'An owner or admin removed them (removeChatroomMembers, or an SDK client).' },
    BLOCKED: { description: 'They were put on the block list, which takes them out of the room.' },
    ROOM_DELETED: { description: 'The room was deleted.' },
  } as const,
});

const ListChange = builder.enumType('ChatroomListChange', {
  description: 'Which way users moved on a list.',
  values: { ADDED: { description: 'Put on the list.' }, REMOVED: { description: 'Taken off it.' } } as const,
});

const usersOf = (e: { users: string[] }) => e.users.map((username) => ({ username }));
/** An event names up to a room's users (a room deleted with all its members): priced so for what is nested below. */
const eventUsers = { items: limits.roomUsersMax };

/** The GraphQL type of each kind of event a subscriber may be told of. */
const typeNames: Partial<Record<RoomEventKind, string>> = {
  joined: 'ChatroomMembersJoined',
  left: 'ChatroomMembersLeft',
  updated: 'ChatroomUpdated',
  ownerChanged: 'ChatroomOwnerChanged',
  announcementChanged: 'ChatroomAnnouncementChanged',
  allMembersMuteChanged: 'ChatroomAllMembersMuteChanged',
  adminsChanged: 'ChatroomAdminsChanged',
  muted: 'ChatroomMembersMuted',
  unmuted: 'ChatroomMembersUnmuted',
  blockListChanged: 'ChatroomBlockListChanged',
  allowListChanged: 'ChatroomAllowListChanged',
  attributesChanged: 'ChatroomAttributesChanged',
  deleted: 'ChatroomDeleted',
};

/** Kinds a subscriber is told of: the others (a room created, the app's super admins) are the gateway's alone. */
export const isToldToSubscribers = (event: RoomEvent): boolean => typeNames[event.kind] !== undefined;

ChatroomEvent.implement({
  description:
    'Something that happened to a room: through this gateway, or anywhere else Easemob told the gateway of by callback ' +
    '(SDK clients, the console, other backends). Ask for the fields of each kind with `... on ChatroomMembersJoined { … }`.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'The event, the same on every replica: a client may drop one it has seen.' }),
    chatroomId: t.exposeID('chatroomId', { description: 'The room it happened to.' }),
    occurredAt: t.field({ type: 'DateTime', description: 'When it happened.', resolve: (e) => new Date(e.occurredAt) }),
    actor: t.field({
      type: User,
      nullable: true,
      description: "Who did it; null for the app's admin (the REST API, the console, this gateway's app token).",
      resolve: (e) => (e.actor ? { username: e.actor } : null),
    }),
  }),
  resolveType: (e) => typeNames[e.kind]!,
});

/** An event type: the interface's fields, and its own. */
const eventType = <K extends RoomEventKind>(kind: K) => builder.objectRef<Of<K>>(typeNames[kind]!);

eventType('joined').implement({
  description: 'Users joined the room, or were added to it.',
  interfaces: [ChatroomEvent],
  fields: (t) => ({
    users: t.field({ type: [User], description: 'Who joined.', upstreamCost: eventUsers, resolve: usersOf }),
    memberCount: t.int({
      nullable: true,
      description: "The room's members after it, owner included, as Easemob counted them; null when it did not say.",
      resolve: (e) => e.memberCount,
    }),
  }),
});

eventType('left').implement({
  description: 'Users are no longer in the room: they left, were removed or blocked, or the room was deleted.',
  interfaces: [ChatroomEvent],
  fields: (t) => ({
    users: t.field({ type: [User], description: 'Who is gone.', upstreamCost: eventUsers, resolve: usersOf }),
    reason: t.field({ type: LeaveReason, description: 'Why.', resolve: (e) => e.reason }),
    memberCount: t.int({
      nullable: true,
      description: "The room's members after it, owner included, as Easemob counted them; null when it did not say.",
      resolve: (e) => e.memberCount,
    }),
  }),
});

eventType('updated').implement({
  description: "The room's name, description or maxUsers changed.",
  interfaces: [ChatroomEvent],
  fields: (t) => ({
    chatroom: t.field({
      type: Chatroom,
      description:
        'The room as it is now, so that a normalized cache updates itself. Its fields are read once per event for every ' +
        'subscriber (one detail call for all of them); its id costs nothing.',
      upstreamCost: payloadRoom,
      resolve: (e) => ({ id: e.chatroomId }),
    }),
  }),
});

eventType('ownerChanged').implement({
  description: 'The room has a new owner.',
  interfaces: [ChatroomEvent],
  fields: (t) => ({
    owner: t.field({ type: User, description: 'The owner now.', resolve: (e) => ({ username: e.owner }) }),
    previousOwner: t.field({
      type: User,
      nullable: true,
      description: 'The owner before, now a plain member; null when Easemob did not say.',
      resolve: (e) => (e.previousOwner ? { username: e.previousOwner } : null),
    }),
  }),
});

eventType('attributesChanged').implement({
  description: "Some of the room's attributes were set or deleted (Chatroom.attributes).",
  interfaces: [ChatroomEvent],
  fields: (t) => ({
    changed: t.field({
      type: [ChatroomAttribute],
      description: 'Keys set, with their values now.',
      upstreamCost: { items: limits.attributesBatch },
      resolve: (e) => e.changed,
    }),
    removed: t.stringList({ description: 'Keys deleted.', resolve: (e) => e.removed }),
  }),
});

eventType('announcementChanged').implement({
  description: "The room's announcement changed.",
  interfaces: [ChatroomEvent],
  fields: (t) => ({
    announcement: t.exposeString('announcement', { description: 'The announcement now; empty when it was removed.' }),
  }),
});

eventType('allMembersMuteChanged').implement({
  description: 'Everyone in the room was muted at once, or that was undone.',
  interfaces: [ChatroomEvent],
  fields: (t) => ({
    allMembersMuted: t.exposeBoolean('muted', { description: 'Whether every member but the allow list is muted now.' }),
  }),
});

eventType('adminsChanged').implement({
  description: 'Members were made admins of the room, or plain members again.',
  interfaces: [ChatroomEvent],
  fields: (t) => ({
    users: t.field({ type: [User], description: 'Who.', upstreamCost: eventUsers, resolve: usersOf }),
    change: t.field({ type: ListChange, description: 'ADDED: they are admins now; REMOVED: no longer.', resolve: (e) => e.change }),
  }),
});

eventType('muted').implement({
  description: "Members were muted. Told only to those who may moderate the room, and to each muted user about themself.",
  interfaces: [ChatroomEvent],
  fields: (t) => ({
    users: t.field({ type: [User], description: 'Who may not speak now.', upstreamCost: eventUsers, resolve: usersOf }),
    expiresAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the mute ends; null: until they are unmuted.',
      resolve: (e) => (e.expiresAt === null ? null : new Date(e.expiresAt)),
    }),
  }),
});

eventType('unmuted').implement({
  description: 'Members may speak again. Told only to those who may moderate the room, and to each user about themself.',
  interfaces: [ChatroomEvent],
  fields: (t) => ({ users: t.field({ type: [User], description: 'Who may speak again.', upstreamCost: eventUsers, resolve: usersOf }) }),
});

eventType('blockListChanged').implement({
  description:
    "Users were put on the room's block list (which also takes them out of the room: a ChatroomMembersLeft follows) " +
    'or taken off it. Told only to those who may moderate the room, and to each user about themself.',
  interfaces: [ChatroomEvent],
  fields: (t) => ({
    users: t.field({ type: [User], description: 'Who.', upstreamCost: eventUsers, resolve: usersOf }),
    change: t.field({ type: ListChange, description: 'Which way.', resolve: (e) => e.change }),
  }),
});

eventType('allowListChanged').implement({
  description:
    "Members were put on the room's allow list (they may speak when everyone is muted) or taken off it. Told only to " +
    'those who may moderate the room, and to each user about themself.',
  interfaces: [ChatroomEvent],
  fields: (t) => ({
    users: t.field({ type: [User], description: 'Who.', upstreamCost: eventUsers, resolve: usersOf }),
    change: t.field({ type: ListChange, description: 'Which way.', resolve: (e) => e.change }),
  }),
});

eventType('deleted').implement({
  description: "The room was deleted: the last event of the room's stream, which then completes.",
  interfaces: [ChatroomEvent],
  fields: (t) => ({
    deletedChatroomId: t.exposeID('chatroomId', { description: 'The deleted room, to evict from a client cache (as deleteChatroom says).' }),
  }),
});
