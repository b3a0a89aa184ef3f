/** The Chatroom type and the queries that return rooms. */
import type { ChatroomDetail, ChatroomSummary } from '../easemob/chatrooms.js';
import { listChatrooms } from '../easemob/chatrooms.js';
import { limits } from '../easemob/limits.js';
import type { Context } from '../context.js';
import { comesAsRows } from '../upstream-cost.js';
import { Affiliation, AffiliationRole } from './affiliation.js';
import { builder } from './builder.js';
import { connection, listPage, listPageRules, listWindow, pageArgs, pageItems } from './pagination.js';
import { readRooms, refusal } from './rules.js';
import { User } from './user.js';
import * as rules from './validation.js';

/**
 * A room as far as it is known: from a list row (summary), a detail fetch, or only its
 * id (after a write). Fields the summary lacks are loaded through the batched loader.
 */
export interface ChatroomModel {
  id: string;
  summary?: ChatroomSummary;
  detail?: ChatroomDetail;
  /** The detail once a field has asked for it: the room's other fields wait for the same fetch. */
  loading?: Promise<ChatroomDetail>;
}

export const Chatroom = builder.objectRef<ChatroomModel>('Chatroom');

/** Pages of rooms: the app's, a user's. */
export const { Connection: ChatroomConnection } = connection(Chatroom, 'Chatroom', ['room', 'rooms']);

/** A room from a list row: its other fields are loaded when asked for. */
export const roomFromRow = (summary: ChatroomSummary): ChatroomModel => ({ id: summary.id, summary });

const detailOf = (room: ChatroomModel, ctx: Context): Promise<ChatroomDetail> | ChatroomDetail =>
  room.detail ?? (room.loading ??= ctx.loaders.chatroom.load(room.id));

/**
 * A resolver reading the room's detail: at once when the room came with it (no promise at
 * all), after the operation's batched fetch otherwise.
 */
const fromDetail =
  <T>(read: (detail: ChatroomDetail) => T) =>
  (room: ChatroomModel, _args: object, ctx: Context): T | Promise<T> => {
    const detail = detailOf(room, ctx);
    return detail instanceof Promise ? detail.then(read) : read(detail);
  };

/** A resolver reading a list-row field when the row has it, the detail otherwise. */
const known = <T>(fromSummary: (s: ChatroomSummary) => T | undefined, fromDetailed: (d: ChatroomDetail) => T) => {
  const viaDetail = fromDetail(fromDetailed);
  return (room: ChatroomModel, args: object, ctx: Context): T | Promise<T> => {
    const cheap = room.summary && fromSummary(room.summary);
    return cheap !== undefined ? cheap : viaDetail(room, args, ctx);
  };
};

// Fields without `inRows` are read from the room's detail: one batched fetch for a list of rooms.
// Every field but id may fail with the detail fetch, so each is nullable: an error nulls its own field only.
Chatroom.implement({
  description:
    'An Easemob chatroom. Every field but id is null only with an error at that field: the room could not be read ' +
    '(NOT_FOUND when it was deleted meanwhile; UPSTREAM_* when Easemob failed). Fields "in list rows" come with ' +
    "the rooms of `chatrooms` at no extra call; the others are read from the room's details, one batched call per " +
    '100 rooms of the operation.',
  extensions: comesAsRows,
  fields: (t) => ({
    id: t.exposeID('id', {
      description: 'The Easemob chatroom id, verbatim: a numeric string. Never null; in every row.',
      upstreamCost: { inRows: ['summary', 'joined', 'id'] },
    }),
    name: t.string({
      nullable: true,
      description: "The room's name, 1-128 characters. In list rows, and in a user's joined rooms.",
      upstreamCost: { inRows: ['summary', 'joined'] },
      resolve: known((s) => s.name, (d) => d.name),
    }),
    description: t.string({
      nullable: true,
      description: "The room's description, at most 512 characters.",
      resolve: fromDetail((d) => d.description),
    }),
    maxUsers: t.int({
      nullable: true,
      description: 'Most users the room may hold, owner included.',
      resolve: fromDetail((d) => d.maxUsers),
    }),
    affiliationsCount: t.int({
      nullable: true,
      description: 'Owner and members together. In list rows.',
      upstreamCost: { inRows: ['summary'] },
      resolve: known((s) => s.affiliationsCount, (d) => d.affiliationsCount),
    }),
    owner: t.field({
      type: User,
      nullable: true,
      description: "The room's owner. In list rows.",
      upstreamCost: { inRows: ['summary'] },
      resolve: known((s) => (s.owner === undefined ? undefined : { username: s.owner }), (d) => ({ username: d.owner })),
    }),
    members: t.field({
      type: [User],
      nullable: { list: true, items: false },
      description:
        `Users with the member role; the owner is not included. Priced as ${limits.roomUsersMax} users (a room's ` +
        'most) for what is nested below, so nothing that calls Easemob can be; page through memberList for that. ' +
        'Counted in the answer size: null with QUERY_TOO_EXPENSIVE when the answer would grow past its limit.',
      upstreamCost: { items: limits.roomUsersMax },
      resolve: fromDetail((d) => d.members.map((username) => ({ username }))),
    }),
    affiliations: t.field({
      type: [Affiliation],
      nullable: { list: true, items: false },
      description: 'The owner first, then the members, each with their role. Priced and counted as members is.',
      upstreamCost: { items: limits.roomUsersMax },
      resolve: fromDetail((d) => [
        { role: 'OWNER' as const, username: d.owner },
        ...d.members.map((username) => ({ role: 'MEMBER' as const, username })),
      ]),
    }),
    membersOnly: t.boolean({
      nullable: true,
      description: "Joining needs the owner's approval.",
      resolve: fromDetail((d) => d.membersOnly),
    }),
    allowInvites: t.boolean({
      nullable: true,
      description: 'Members may invite others.',
      resolve: fromDetail((d) => d.allowInvites),
    }),
    public: t.boolean({
      nullable: true,
      description: 'The room is listed publicly.',
      resolve: fromDetail((d) => d.public),
    }),
    createdAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the room was created; also null where Easemob does not say.',
      resolve: fromDetail((d) => d.createdAt ?? null),
    }),
    custom: t.string({
      nullable: true,
      description: "The app's own string, set on create (at most 8 KB); also null when none was set.",
      resolve: fromDetail((d) => d.custom ?? null),
    }),
    allMembersMuted: t.boolean({
      nullable: true,
      description: 'Every member is muted; also null where Easemob does not say.',
      resolve: fromDetail((d) => d.allMembersMuted ?? null),
    }),
    viewerRole: t.field({
      type: AffiliationRole,
      nullable: true,
      description:
        "The signed-in user's role in the room: OWNER, ADMIN (one of its admins) or MEMBER; also null when not in it, or " +
        "not signed in. From the room's detail, and for a member who is not its owner, its admins (one call per room, " +
        'shared with the rules and Chatroom.admins).',
      // Its answer is the caller's own: a subscription's event is never answered once for all who ask it.
      extensions: { answersByCaller: true },
      upstreamCost: { calls: (_, { context }) => (context.caller.kind === 'user' ? 1 : 0) },
      resolve: async (room, args, ctx) => {
        const { username } = ctx.caller;
        if (!username) return null;
        const role = await fromDetail(({ owner, members }) => (owner === username ? 'OWNER' : members.includes(username) ? 'MEMBER' : null))(room, args, ctx);
        if (role !== 'MEMBER') return role;
        return (await ctx.loaders.admins.load(room.id)).includes(username) ? 'ADMIN' : 'MEMBER';
      },
    }),
  }),
});

/** How many ids one chatroomsByIds may ask for (five batched detail calls). */
export const maxIdsPerQuery = 500;

builder.queryFields((t) => ({
  chatroom: t.field({
    type: Chatroom,
    nullable: true,
    description:
      'One room by id: one detail call, batched with the other rooms of the operation. Null with NOT_FOUND when no ' +
      'room has this id; FORBIDDEN without credentials.',
    upstreamCost: { calls: 1, rows: 'detail' },
    authScopes: readRooms,
    unauthorizedError: refusal('reading rooms needs credentials'),
    args: { id: t.arg.id({ required: true, validate: rules.chatroomId, description: 'A numeric Easemob chatroom id.' }) },
    resolve: async (_, { id }, ctx) => ({ id, detail: await ctx.loaders.chatroom.load(id) }),
  }),
  chatroomsByIds: t.field({
    type: [Chatroom],
    nullable: { list: true, items: true },
    description:
      'Rooms in the order asked: one detail call per 100 distinct ids. An id with no room is null in its place with ' +
      'a NOT_FOUND error at that index; the list is null only with an error of its own (FORBIDDEN without credentials).',
    upstreamCost: {
      calls: ({ ids }, { detailCalls }) => detailCalls((ids as string[]).length),
      items: ({ ids }) => (ids as string[]).length,
      rows: 'detail',
    },
    authScopes: readRooms,
    unauthorizedError: refusal('reading rooms needs credentials'),
    args: {
      ids: t.arg.idList({
        required: true,
        validate: rules.chatroomId.array().max(maxIdsPerQuery),
        description: `At most ${maxIdsPerQuery} numeric chatroom ids; repeats are fetched once.`,
      }),
    },
    resolve: async (_, { ids }, ctx) => {
      const details = await ctx.loaders.chatroom.loadMany(ids);
      // An Error item becomes null plus a located error for that index.
      return details.map((d, i) => (d instanceof Error ? d : { id: ids[i]!, detail: d })) as ChatroomModel[];
    },
  }),
  chatrooms: t.field({
    type: ChatroomConnection,
    nullable: true,
    description:
      "All rooms of the app, in Easemob's order, a page at a time: one list call per page. Fields beyond those in " +
      'list rows cost one more detail call per 100 rooms. Null only with an error of its own.',
    upstreamCost: { calls: 1, items: pageItems, rows: 'summary' },
    authScopes: readRooms,
    unauthorizedError: refusal('reading rooms needs credentials'),
    args: pageArgs,
    validate: listPageRules,
    resolve: async (_, { first, after }, ctx) => {
      const window = listWindow(first ?? rules.pageSize.default, after);
      const page = await listChatrooms(ctx.easemob, { limit: window.limit, cursor: window.cursor });
      return listPage(window, page.rooms.map(roomFromRow), page.cursor);
    },
  }),
}));
