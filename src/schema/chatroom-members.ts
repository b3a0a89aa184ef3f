/**
 * Adding and removing room members, one upstream call each. Easemob reports each user's
 * outcome, and some may fail while others succeed: the payload says which, in the order asked.
 */
import { addChatroomMembers, type MemberResult, removeChatroomMembers } from '../easemob/chatrooms.js';
import { limits } from '../easemob/limits.js';
import { upstreamCost } from '../upstream-cost.js';
import { builder } from './builder.js';
import { Chatroom, type ChatroomModel } from './chatroom.js';
import { oneWrite, payloadRoom } from './chatroom-mutations.js';
import * as rules from './validation.js';

/** One cap for both directions: removing takes 60 names a call, adding 60 or 100 depending on the docs' page. */
const memberChangeBatch = Math.min(limits.addMembersBatch, limits.removeMembersBatch);

const ChatroomMembersInput = builder.inputType('ChatroomMembersInput', {
  description: `At most ${memberChangeBatch} usernames, no repeats.`,
  fields: (t) => ({
    id: t.id({ required: true, validate: rules.chatroomId }),
    usernames: t.stringList({ required: true, validate: rules.usernames(memberChangeBatch) }),
  }),
});

const ChatroomMemberResult = builder.objectRef<MemberResult>('ChatroomMemberResult').implement({
  description: "One asked user's outcome.",
  fields: (t) => ({
    username: t.exposeString('username'),
    ok: t.exposeBoolean('ok', { description: 'The user is now in the asked state: in the room after an add, out of it after a remove.' }),
    reason: t.string({ nullable: true, description: "Why not, when not: Easemob's reason.", resolve: (r) => r.reason ?? null }),
  }),
});

const ChatroomMembersPayload = builder
  .objectRef<{ chatroom: ChatroomModel; results: MemberResult[] }>('ChatroomMembersPayload')
  .implement({
    fields: (t) => ({
      chatroom: t.field({ type: Chatroom, extensions: payloadRoom, resolve: (p) => p.chatroom }),
      results: t.field({
        type: [ChatroomMemberResult],
        description: 'One per username asked, in order.',
        extensions: upstreamCost({ items: memberChangeBatch }),
        resolve: (p) => p.results,
      }),
    }),
  });

builder.mutationFields((t) => ({
  addChatroomMembers: t.field({
    extensions: oneWrite,
    type: ChatroomMembersPayload,
    args: { input: t.arg({ type: ChatroomMembersInput, required: true }) },
    resolve: async (_, { input }, ctx) => {
      const results = await addChatroomMembers(ctx.easemob, input.id, input.usernames);
      ctx.loaders.chatroom.clear(input.id);
      return { chatroom: { id: input.id }, results };
    },
  }),
  removeChatroomMembers: t.field({
    extensions: oneWrite,
    type: ChatroomMembersPayload,
    args: { input: t.arg({ type: ChatroomMembersInput, required: true }) },
    resolve: async (_, { input }, ctx) => {
      const results = await removeChatroomMembers(ctx.easemob, input.id, input.usernames);
      ctx.loaders.chatroom.clear(input.id);
      return { chatroom: { id: input.id }, results };
    },
  }),
}));
