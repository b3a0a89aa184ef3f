/**
 * Adding and removing room members, one upstream call each. Easemob reports each user's
 * outcome, and some may fail while others succeed: the payload says which, in the order asked.
 */
import { z } from 'zod';
import { addChatroomMembers, type MemberResult, removeChatroomMembers } from '../easemob/chatrooms.js';
import { limits } from '../easemob/limits.js';
import { anyRow } from '../upstream-cost.js';
import { listMemberPage } from '../easemob/moderation.js';
import { AffiliationConnection } from './affiliation.js';
import { builder } from './builder.js';
import { offsetPage, offsetPageRules, offsetWindow, pageArgs, pageItems } from './pagination.js';
import { Chatroom, type ChatroomModel } from './chatroom.js';
import { payloadRoom, roomWrite } from './chatroom-mutations.js';
import { okUsers, toldWrite } from './live-writes.js';
import { afterWrite, isSelfOnly, mayAdd, mayRemove, refusal, ruleReadsRoom } from './rules.js';
import * as rules from './validation.js';

/** One cap for both directions: removing takes 60 names a call, adding 60 or 100 depending on the docs' page. */
const memberChangeBatch = Math.min(limits.addMembersBatch, limits.removeMembersBatch);

export const ChatroomMembersInput = builder
  .inputType('ChatroomMembersInput', {
    description: `A room and at most ${memberChangeBatch} usernames, no repeats.`,
    fields: (t) => ({
      id: t.id({ required: true, description: 'The room.' }),
      usernames: t.stringList({ required: true, description: `1-${memberChangeBatch} distinct usernames, changed in one upstream call.` }),
    }),
  })
  .validate(z.object({ id: rules.chatroomId, usernames: rules.usernames(memberChangeBatch) }));

const ChatroomMemberResult = builder.objectRef<MemberResult>('ChatroomMemberResult').implement({
  description: "One asked user's outcome.",
  fields: (t) => ({
    username: t.exposeString('username', { description: 'The user asked for.' }),
    ok: t.exposeBoolean('ok', { description: 'The user is now in the asked state: in the room after an add, out of it after a remove.' }),
    reason: t.string({ nullable: true, description: "Why not, when not: Easemob's reason.", resolve: (r) => r.reason ?? null }),
  }),
});

export const ChatroomMembersPayload = builder
  .objectRef<{ chatroom: ChatroomModel; results: MemberResult[] }>('ChatroomMembersPayload')
  .implement({
    description: 'What a member change did: the room after it, and each user asked for.',
    fields: (t) => ({
      chatroom: t.field({
        type: Chatroom,
        description:
          'The room after the change: a normalized cache updates its members from it. Its id costs nothing; other ' +
          'fields cost one detail call, or none when the rule already read the room.',
        upstreamCost: payloadRoom,
        resolve: (p) => p.chatroom,
      }),
      results: t.field({
        type: [ChatroomMemberResult],
        description: 'One per username asked, in order.',
        upstreamCost: { items: memberChangeBatch },
        resolve: (p) => p.results,
      }),
    }),
  });

builder.objectFields(Chatroom, (t) => ({
  memberList: t.field({
    type: AffiliationConnection,
    nullable: true,
    description:
      "The room's owner and members a page at a time, with their roles (admins show as MEMBER): one upstream call " +
      'per page, for rooms too large for `members`. Easemob does not order them.',
    upstreamCost: { calls: 1, items: pageItems, inRows: anyRow },
    args: pageArgs,
    validate: offsetPageRules,
    resolve: async (room, { first, after }, ctx) => {
      const window = offsetWindow(first ?? rules.pageSize.default, after, limits.memberPage);
      const rows = await listMemberPage(ctx.easemob, room.id, { pagenum: window.pagenum, pagesize: window.pagesize });
      return offsetPage(window, rows);
    },
  }),
}));

/** The members after a change: those the results say went in or out. */
const changed = (members: string[], results: MemberResult[], change: 'add' | 'remove') => {
  const done = new Set(results.filter((r) => r.ok).map((r) => r.username));
  return change === 'add' ? [...members, ...[...done].filter((u) => !members.includes(u))] : members.filter((u) => !done.has(u));
};

builder.mutationFields((t) => ({
  addChatroomMembers: t.field({
    description:
      `Adds 1-${memberChangeBatch} users in one upstream call, and for a signed-in user who is not an admin one ` +
      "detail call first (the rule reads the room). A signed-in user may add only themselves, to a public room that " +
      "is not members-only; the room's owner or an admin anyone. Each user's outcome is in results. Errors: " +
      'BAD_USER_INPUT, FORBIDDEN, NOT_FOUND (no such room; or a user Easemob does not know, named in ' +
      'extensions.usernames, and then nobody is added).',
    upstreamCost: roomWrite,
    type: ChatroomMembersPayload,
    nullable: true,
    args: { input: t.arg({ type: ChatroomMembersInput, required: true, description: 'The room and the users to add.' }) },
    authScopes: (_, { input }, ctx) => mayAdd(ctx, input.id, input.usernames),
    unauthorizedError: refusal(
      'a signed-in user may add only themselves, to a public room that is not members-only; the owner or an admin may add anyone',
    ),
    resolve: async (_, { input }, ctx) => {
      const results = await toldWrite(
        ctx,
        input.id,
        [{ kind: 'joined', users: input.usernames, memberCount: null }],
        () => addChatroomMembers(ctx.easemob, input.id, input.usernames),
        (done) => [{ kind: 'joined', users: okUsers(done), memberCount: null }],
      );
      afterWrite(ctx, input.id, (room) => {
        const members = changed(room.members, results, 'add').filter((u) => u !== room.owner);
        return { ...room, members, affiliationsCount: members.length + 1 };
      });
      return { chatroom: { id: input.id }, results };
    },
  }),
  removeChatroomMembers: t.field({
    // Leaving needs no rule to read the room.
    upstreamCost: { calls: ({ input }, { context }) => 1 + (isSelfOnly(context, input.usernames) ? 0 : ruleReadsRoom(context)) },
    description:
      `Removes 1-${memberChangeBatch} users in one upstream call, and one detail call first unless the caller is an ` +
      "admin or only leaves (the rule reads the room). A signed-in user may remove only themselves (leave); the room's " +
      "owner anyone but the owner; an admin anyone. Each user's outcome is in results (a user not in the room is " +
      'not ok). Errors: BAD_USER_INPUT, FORBIDDEN, NOT_FOUND (no such room).',
    type: ChatroomMembersPayload,
    nullable: true,
    args: { input: t.arg({ type: ChatroomMembersInput, required: true, description: 'The room and the users to remove.' }) },
    authScopes: (_, { input }, ctx) => mayRemove(ctx, input.id, input.usernames),
    unauthorizedError: refusal(
      "a signed-in user may remove only themselves (leave); the room's owner anyone but the owner; an admin anyone",
    ),
    resolve: async (_, { input }, ctx) => {
      const reason = isSelfOnly(ctx, input.usernames) ? 'QUIT' : 'KICKED';
      const results = await toldWrite(
        ctx,
        input.id,
        [{ kind: 'left', users: input.usernames, reason, memberCount: null }],
        () => removeChatroomMembers(ctx.easemob, input.id, input.usernames),
        (done) => [{ kind: 'left', users: okUsers(done), reason, memberCount: null }],
      );
      afterWrite(ctx, input.id, (room) => {
        const members = changed(room.members, results, 'remove');
        return { ...room, members, affiliationsCount: members.length + 1 };
      });
      return { chatroom: { id: input.id }, results };
    },
  }),
}));
