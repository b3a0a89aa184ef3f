/** The User type, its joined rooms, and the user query. */
import { listJoinedChatrooms } from '../easemob/chatrooms.js';
import { upstreamCost } from '../upstream-cost.js';
import { builder } from './builder.js';
import { ChatroomConnection, joinedConnection, joinedWindow, pageArgs, pageItems } from './pagination.js';
import * as rules from './validation.js';

export interface UserModel {
  username: string;
}

export const User = builder.objectRef<UserModel>('User');

User.implement({
  description: 'An Easemob user, known by username.',
  fields: (t) => ({
    username: t.exposeString('username'),
    joinedChatrooms: t.field({
      type: ChatroomConnection,
      description: 'Rooms the user owns or is a member of.',
      extensions: upstreamCost({ calls: 1, items: pageItems, rows: 'joined' }),
      args: pageArgs,
      resolve: async (user, { first, after }, ctx) => {
        const window = joinedWindow(first ?? rules.pageSize.default, after);
        const rooms = await listJoinedChatrooms(ctx.easemob, user.username, { pagenum: window.pagenum, pagesize: window.pagesize });
        return joinedConnection(window, rooms);
      },
    }),
  }),
});

builder.queryFields((t) => ({
  user: t.field({
    type: User,
    description: 'A user by username. Costs no upstream call until a field needs one.',
    extensions: upstreamCost({ calls: 0 }),
    args: { username: t.arg.string({ required: true, validate: rules.username }) },
    resolve: (_, { username }) => ({ username }),
  }),
}));
