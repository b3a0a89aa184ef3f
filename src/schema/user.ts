/** The User type, its joined rooms, and the user query. */
import { listJoinedChatrooms } from '../easemob/chatrooms.js';
import { limits } from '../easemob/limits.js';
import { builder } from './builder.js';
// chatroom.ts imports this file too: its exports are read inside fields and resolvers only, never while loading.
import { ChatroomConnection, roomFromRow } from './chatroom.js';
import { connection, offsetPage, offsetPageRules, offsetWindow, pageArgs, pageItems } from './pagination.js';
import { readRooms, refusal } from './rules.js';
import * as rules from './validation.js';

export interface UserModel {
  username: string;
}

export const User = builder.objectRef<UserModel>('User');

/** Pages of users (the app's chatroom super admins). */
export const { Connection: UserConnection } = connection(User, 'User', ['user', 'users']);

User.implement({
  description: 'An Easemob user, known by username.',
  fields: (t) => ({
    id: t.exposeID('username', {
      description: 'The username again, as the id client caches normalize users by (Apollo Client, urql Graphcache).',
    }),
    username: t.exposeString('username', { description: "The user's Easemob username." }),
    isAppAdmin: t.boolean({
      nullable: true,
      description:
        "Whether the user is an admin of the app (the sign-in token's admin scope): may do anything to any room. Known " +
        'for the signed-in user (viewer) only; null for anyone else. No upstream call.',
      // The caller's own answer: never shared among a subscription's subscribers.
      extensions: { answersByCaller: true },
      resolve: (user, _, ctx) => (ctx.caller.kind === 'user' && ctx.caller.username === user.username ? ctx.caller.admin : null),
    }),
    joinedChatrooms: t.field({
      type: ChatroomConnection,
      nullable: true,
      description:
        'Rooms the user owns or is a member of, a page at a time: one call per page; rows hold id and name, other ' +
        'fields cost one detail call per 100 rooms. Only the user themself and admins may list them (FORBIDDEN ' +
        'otherwise). Null with NOT_FOUND, naming the user in extensions.usernames, when Easemob does not know the user.',
      upstreamCost: { calls: 1, items: pageItems, rows: 'joined' },
      authScopes: (user, _, ctx) => ctx.caller.admin || ctx.caller.username === user.username,
      unauthorizedError: refusal("only the user themself or an admin may list a user's rooms"),
      args: pageArgs,
      validate: offsetPageRules,
      resolve: async (user, { first, after }, ctx) => {
        const window = offsetWindow(first ?? rules.pageSize.default, after, limits.joinedPage);
        const rooms = await listJoinedChatrooms(ctx.easemob, user.username, { pagenum: window.pagenum, pagesize: window.pagesize });
        return offsetPage(window, rooms.map(roomFromRow));
      },
    }),
  }),
});

builder.queryFields((t) => ({
  user: t.field({
    type: User,
    nullable: true,
    description:
      'A user by username, taken as given: no upstream call until a field needs one, so an unknown user shows as ' +
      'NOT_FOUND on that field. Null only with an error of its own (FORBIDDEN without credentials).',
    upstreamCost: { calls: 0 },
    authScopes: readRooms,
    unauthorizedError: refusal('reading users needs credentials'),
    args: { username: t.arg.string({ required: true, validate: rules.username, description: rules.usernameRule }) },
    resolve: (_, { username }) => ({ username }),
  }),
  viewer: t.field({
    type: User,
    nullable: true,
    description: "The signed-in user (the sign-in token's username); null for an API key or an anonymous caller. No upstream call.",
    upstreamCost: { calls: 0 },
    authScopes: readRooms,
    unauthorizedError: refusal('reading users needs credentials'),
    resolve: (_, __, ctx) => (ctx.caller.kind === 'user' && ctx.caller.username ? { username: ctx.caller.username } : null),
  }),
}));
