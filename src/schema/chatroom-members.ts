/** Adding and removing room members; each change is one upstream call, all or nothing. */
import { addChatroomMembers, removeChatroomMembers } from '../easemob/chatrooms.js';
import { limits } from '../easemob/limits.js';
import { builder } from './builder.js';
import { Chatroom, type ChatroomModel } from './chatroom.js';
import { oneWrite, payloadRoom } from './chatroom-mutations.js';
import * as rules from './validation.js';

const ChatroomMembersInput = builder.inputType('ChatroomMembersInput', {
  description: `At most ${limits.addMembersBatch} usernames to add or ${limits.removeMembersBatch} to remove.`,
  fields: (t) => ({
    id: t.id({ required: true, validate: rules.chatroomId }),
    usernames: t.stringList({ required: true, validate: rules.usernames(limits.removeMembersBatch) }),
  }),
});

const ChatroomMembersPayload = builder.objectRef<{ chatroom: ChatroomModel }>('ChatroomMembersPayload').implement({
  fields: (t) => ({ chatroom: t.field({ type: Chatroom, extensions: payloadRoom, resolve: (p) => p.chatroom }) }),
});

builder.mutationFields((t) => ({
  addChatroomMembers: t.field({
    extensions: oneWrite,
    type: ChatroomMembersPayload,
    args: {
      input: t.arg({
        type: ChatroomMembersInput,
        required: true,
        validate: rules.usernamesIn(limits.addMembersBatch),
      }),
    },
    resolve: async (_, { input }, ctx) => {
      await addChatroomMembers(ctx.easemob, input.id, input.usernames);
      ctx.loaders.chatroom.clear(input.id);
      return { chatroom: { id: input.id } };
    },
  }),
  removeChatroomMembers: t.field({
    extensions: oneWrite,
    type: ChatroomMembersPayload,
    args: { input: t.arg({ type: ChatroomMembersInput, required: true }) },
    resolve: async (_, { input }, ctx) => {
      await removeChatroomMembers(ctx.easemob, input.id, input.usernames);
      ctx.loaders.chatroom.clear(input.id);
      return { chatroom: { id: input.id } };
    },
  }),
}));
