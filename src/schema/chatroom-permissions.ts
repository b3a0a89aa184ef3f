/**
 * What the signed-in caller may do to a room, for a UI to show only the actions that will work:
 * each flag is the very rule (src/schema/rules.ts) that guards its mutation, asked for this room
 * (test/permissions.test.ts runs every mutation for every kind of caller against its flag).
 */
import type { Context } from '../context.js';
import { anyRow } from '../upstream-cost.js';
import { builder } from './builder.js';
import { Chatroom } from './chatroom.js';
import { mayJoin, mayRemove, moderates, moderationRuleReads, runsRoom } from './rules.js';

interface PermissionsModel {
  /** The room. */
  id: string;
}

/** A flag: a rule of the caller and the room. */
const flag = (description: string, rule: (ctx: Context, id: string) => Promise<boolean> | boolean) => ({
  description,
  resolve: (room: PermissionsModel, _: object, ctx: Context) => rule(ctx, room.id),
});

const ChatroomPermissions = builder.objectRef<PermissionsModel>('ChatroomPermissions').implement({
  description:
    'What the caller may do to the room, each flag decided by the rule that guards the mutation it names. A flag says ' +
    'what the rule allows, not whether the change would do anything (joining a room one is in already).',
  fields: (t) => ({
    update: t.boolean(flag('updateChatroom: its owner or an admin of the app.', runsRoom)),
    delete: t.boolean(flag('deleteChatroom: its owner or an admin of the app.', runsRoom)),
    moderate: t.boolean(
      flag(
        'Mutes, the block and allow lists, the announcement, and reading those lists: its owner, its admins (on plain ' +
          'members) and admins of the app.',
        moderates,
      ),
    ),
    manageAdmins: t.boolean(flag('addChatroomAdmin and removeChatroomAdmin: its owner or an admin of the app.', runsRoom)),
    transferOwnership: t.boolean(flag('transferChatroomOwnership: its owner or an admin of the app.', runsRoom)),
    addMembers: t.boolean(flag('addChatroomMembers with others than oneself: its owner or an admin of the app.', runsRoom)),
    join: t.boolean(
      flag(
        'addChatroomMembers with oneself: a signed-in user, to a public room that is not members-only (its owner and ' +
          'admins of the app, to any). False for callers who are no user (API keys, anonymous).',
        mayJoin,
      ),
    ),
    leave: t.boolean(
      flag('removeChatroomMembers with oneself: any signed-in user. False for callers who are no user.', (ctx, id) =>
        ctx.caller.username === undefined ? false : mayRemove(ctx, id, [ctx.caller.username]),
      ),
    ),
  }),
});

builder.objectFields(Chatroom, (t) => ({
  viewerCan: t.field({
    type: ChatroomPermissions,
    // Its flags read Easemob: an error there nulls this field only.
    nullable: true,
    description:
      "What the caller may do to the room (see ChatroomPermissions). Reads what the rules read, never from the gateway's " +
      'cache: for a signed-in user who is not an admin of the app, the room\'s detail (batched with the rest of the ' +
      'operation) and its admins (one call per room), each once per operation whichever flags are asked.',
    // The caller's own answer: never shared among a subscription's subscribers.
    extensions: { answersByCaller: true },
    upstreamCost: { calls: (_, { context }) => moderationRuleReads(context), inRows: anyRow },
    resolve: (room) => ({ id: room.id }),
  }),
}));
