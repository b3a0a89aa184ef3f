/** The Chatroom type and the queries that return rooms. */
import type { ChatroomDetail, ChatroomSummary } from '../easemob/chatrooms.js';
import { listChatrooms } from '../easemob/chatrooms.js';
import type { Context } from '../context.js';
import { comesAsRows, upstreamCost } from '../upstream-cost.js';
import { Affiliation, AffiliationRole } from './affiliation.js';
import { builder } from './builder.js';
import { ChatroomConnection, listConnection, listWindow, pageArgs, pageItems } from './pagination.js';
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
}

export const Chatroom = builder.objectRef<ChatroomModel>('Chatroom');

const detailOf = (room: ChatroomModel, ctx: Context): Promise<ChatroomDetail> | ChatroomDetail =>
  room.detail ?? ctx.loaders.chatroom.load(room.id);

/** A summary field when the row has it, the detail otherwise. */
async function known<T>(
  room: ChatroomModel,
  ctx: Context,
  fromSummary: (s: ChatroomSummary) => T | undefined,
  fromDetail: (d: ChatroomDetail) => T,
): Promise<T> {
  const cheap = room.summary && fromSummary(room.summary);
  return cheap !== undefined ? cheap : fromDetail(await detailOf(room, ctx));
}

/** Users assumed in a room when pricing what is nested under its members (the run-time allowance holds larger rooms to it). */
export const assumedMembers = 20;

// Fields without `inRows` are read from the room's detail: one batched fetch for a list of rooms.
Chatroom.implement({
  description: 'An Easemob chatroom.',
  extensions: comesAsRows,
  fields: (t) => ({
    id: t.exposeID('id', {
      description: 'The Easemob chatroom id, verbatim.',
      extensions: upstreamCost({ inRows: ['summary', 'joined', 'id'] }),
    }),
    name: t.string({
      extensions: upstreamCost({ inRows: ['summary', 'joined'] }),
      resolve: (room, _, ctx) => known(room, ctx, (s) => s.name, (d) => d.name),
    }),
    description: t.string({ resolve: async (room, _, ctx) => (await detailOf(room, ctx)).description }),
    maxUsers: t.int({ resolve: async (room, _, ctx) => (await detailOf(room, ctx)).maxUsers }),
    affiliationsCount: t.int({
      description: 'Owner and members together.',
      extensions: upstreamCost({ inRows: ['summary'] }),
      resolve: (room, _, ctx) => known(room, ctx, (s) => s.affiliationsCount, (d) => d.affiliationsCount),
    }),
    owner: t.field({
      type: User,
      extensions: upstreamCost({ inRows: ['summary'] }),
      resolve: async (room, _, ctx) => ({ username: await known(room, ctx, (s) => s.owner, (d) => d.owner) }),
    }),
    members: t.field({
      type: [User],
      description: 'Users with the member role; the owner is not included.',
      extensions: upstreamCost({ items: assumedMembers }),
      resolve: async (room, _, ctx) => (await detailOf(room, ctx)).members.map((username) => ({ username })),
    }),
    affiliations: t.field({
      type: [Affiliation],
      description: 'The owner first, then the members.',
      extensions: upstreamCost({ items: assumedMembers + 1 }),
      resolve: async (room, _, ctx) => {
        const d = await detailOf(room, ctx);
        return [
          { role: 'OWNER' as const, username: d.owner },
          ...d.members.map((username) => ({ role: 'MEMBER' as const, username })),
        ];
      },
    }),
    membersOnly: t.boolean({ resolve: async (room, _, ctx) => (await detailOf(room, ctx)).membersOnly }),
    allowInvites: t.boolean({ resolve: async (room, _, ctx) => (await detailOf(room, ctx)).allowInvites }),
    public: t.boolean({ resolve: async (room, _, ctx) => (await detailOf(room, ctx)).public }),
    createdAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the room was created; null where Easemob does not say.',
      resolve: async (room, _, ctx) => (await detailOf(room, ctx)).createdAt ?? null,
    }),
    custom: t.string({
      nullable: true,
      description: "The app's own string, set on create.",
      resolve: async (room, _, ctx) => (await detailOf(room, ctx)).custom ?? null,
    }),
    allMembersMuted: t.boolean({
      nullable: true,
      description: 'Every member is muted; null where Easemob does not say.',
      resolve: async (room, _, ctx) => (await detailOf(room, ctx)).allMembersMuted ?? null,
    }),
    viewerRole: t.field({
      type: AffiliationRole,
      nullable: true,
      description: "The signed-in user's role in the room; null when not in it, or not signed in.",
      resolve: async (room, _, ctx) => {
        const { username } = ctx.caller;
        if (!username) return null;
        const { owner, members } = await detailOf(room, ctx);
        return owner === username ? 'OWNER' : members.includes(username) ? 'MEMBER' : null;
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
    description: 'One room by id; null with a NOT_FOUND error when it does not exist.',
    extensions: upstreamCost({ calls: 1, rows: 'detail' }),
    authScopes: readRooms,
    unauthorizedError: refusal('reading rooms needs credentials'),
    args: { id: t.arg.id({ required: true, validate: rules.chatroomId }) },
    resolve: async (_, { id }, ctx) => ({ id, detail: await ctx.loaders.chatroom.load(id) }),
  }),
  chatroomsByIds: t.field({
    type: [Chatroom],
    nullable: { list: false, items: true },
    description: 'Rooms in the order asked; null with a NOT_FOUND error for each missing id.',
    extensions: upstreamCost({
      calls: ({ ids }, { detailCalls }) => detailCalls((ids as string[]).length),
      items: ({ ids }) => (ids as string[]).length,
      rows: 'detail',
    }),
    authScopes: readRooms,
    unauthorizedError: refusal('reading rooms needs credentials'),
    args: {
      ids: t.arg.idList({ required: true, validate: rules.chatroomId.array().max(maxIdsPerQuery) }),
    },
    resolve: async (_, { ids }, ctx) => {
      const details = await ctx.loaders.chatroom.loadMany(ids);
      // An Error item becomes null plus a located error for that index.
      return details.map((d, i) => (d instanceof Error ? d : { id: ids[i]!, detail: d })) as ChatroomModel[];
    },
  }),
  chatrooms: t.field({
    type: ChatroomConnection,
    description: 'All rooms of the app, in upstream order.',
    extensions: upstreamCost({ calls: 1, items: pageItems, rows: 'summary' }),
    authScopes: readRooms,
    unauthorizedError: refusal('reading rooms needs credentials'),
    args: pageArgs,
    resolve: async (_, { first, after }, ctx) => {
      const window = listWindow(first ?? rules.pageSize.default, after);
      const page = await listChatrooms(ctx.easemob, { limit: window.limit, cursor: window.cursor });
      return listConnection(window, page);
    },
  }),
}));
