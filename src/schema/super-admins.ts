/**
 * The app's chatroom super admins: the users who may create chatrooms from Easemob's client
 * SDKs. An app-wide setting, so only admins of the app (an API key, or a sign-in token with
 * the admin scope) may read or change it.
 */
import { z } from 'zod';
import { limits } from '../easemob/limits.js';
import { addSuperAdmin, listSuperAdmins, removeSuperAdmin } from '../easemob/moderation.js';
import { builder } from './builder.js';
import { offsetPage, offsetPageRules, offsetWindow, pageArgs, pageItems } from './pagination.js';
import { refusal } from './rules.js';
import { User, UserConnection, type UserModel } from './user.js';
import * as rules from './validation.js';

const onlyAppAdmins = refusal('only an admin of the app may see or change its chatroom super admins');

const ChatroomSuperAdminInput = builder
  .inputType('ChatroomSuperAdminInput', {
    description: 'A user of the app.',
    fields: (t) => ({ username: t.string({ required: true, description: 'The user.' }) }),
  })
  .validate(z.object({ username: rules.username }));

const ChatroomSuperAdminPayload = builder.objectRef<{ user: UserModel }>('ChatroomSuperAdminPayload').implement({
  description: 'The user whose role changed.',
  fields: (t) => ({ user: t.field({ type: User, description: 'The user.', resolve: (p) => p.user }) }),
});

builder.queryFields((t) => ({
  chatroomSuperAdmins: t.field({
    type: UserConnection,
    nullable: true,
    description:
      'The users who may create chatrooms from the client SDKs, a page at a time: one upstream call per page. Only ' +
      'admins of the app may list them (FORBIDDEN otherwise).',
    upstreamCost: { calls: 1, items: pageItems },
    authScopes: (_, __, ctx) => ctx.caller.admin,
    unauthorizedError: onlyAppAdmins,
    args: pageArgs,
    validate: offsetPageRules,
    resolve: async (_, { first, after }, ctx) => {
      const window = offsetWindow(first ?? rules.pageSize.default, after, limits.superAdminPage);
      const usernames = await listSuperAdmins(ctx.easemob, { pagenum: window.pagenum, pagesize: window.pagesize });
      return offsetPage(window, usernames.map((username) => ({ username })));
    },
  }),
}));

builder.mutationFields((t) => {
  /** Granting or taking away the right to create rooms from the client SDKs: one call. */
  const superAdminChange = (description: string, change: typeof addSuperAdmin) =>
    t.field({
      description,
      upstreamCost: { calls: 1 },
      type: ChatroomSuperAdminPayload,
      nullable: true,
      args: { input: t.arg({ type: ChatroomSuperAdminInput, required: true, description: 'The user.' }) },
      authScopes: (_, __, ctx) => ctx.caller.admin,
      unauthorizedError: onlyAppAdmins,
      resolve: async (_, { input }, ctx) => {
        await change(ctx.easemob, input.username);
        return { user: { username: input.username } };
      },
    });
  return {
    addChatroomSuperAdmin: superAdminChange(
      'Lets a user create chatrooms from the client SDKs: one upstream call. Only admins of the app may. Errors: ' +
        'BAD_USER_INPUT, FORBIDDEN, NOT_FOUND (no such user, named in extensions.usernames).',
      addSuperAdmin,
    ),
    removeChatroomSuperAdmin: superAdminChange(
      'Stops a user creating chatrooms from the client SDKs: one upstream call. Only admins of the app may. Errors: ' +
        'BAD_USER_INPUT, FORBIDDEN, NOT_FOUND (no such user, named in extensions.usernames).',
      removeSuperAdmin,
    ),
  };
});
