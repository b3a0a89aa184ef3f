/**
 * Creating, updating and deleting rooms. Payloads hold only the room id and let the
 * Chatroom fields load details on demand, so a write costs one detail call at most.
 * Each write clears the room from the loader: later fields and later serial mutations
 * in the same request see the new state.
 */
import { z } from 'zod';
import { createChatroom, deleteChatroom, updateChatroom, type UpdatedFields } from '../easemob/chatrooms.js';
import { limits } from '../easemob/limits.js';
import { upstreamCost } from '../upstream-cost.js';
import { builder } from './builder.js';
import { Chatroom, type ChatroomModel } from './chatroom.js';
import * as rules from './validation.js';

/** Every write is one upstream call. */
export const oneWrite = upstreamCost({ calls: 1 });
/** A payload's room is known only by id: other fields cost a detail fetch. */
export const payloadRoom = upstreamCost({ rows: 'id' });

const CreateChatroomInput = builder
  .inputType('CreateChatroomInput', {
    fields: (t) => ({
      name: t.string({ required: true, validate: rules.chatroomName }),
      description: t.string({ required: true, validate: rules.description }),
      maxUsers: t.int({
        description: `Owner and members at most, ${limits.maxUsers.min}-${limits.maxUsers.max}; left out, Easemob's default (${limits.maxUsers.default}).`,
        validate: rules.maxUsers,
      }),
      owner: t.string({ required: true, validate: rules.username }),
      members: t.stringList({
        description: 'Initial members besides the owner; when given, at least one.',
        validate: rules.usernames(limits.maxUsers.max - 1),
      }),
      custom: t.string({ description: `The app's own string for the room, at most ${limits.customBytes / 1024} KB.`, validate: rules.custom }),
    }),
  })
  .validate(
    // z.custom keeps the input as it is; only the cross-field rules run here.
    z
      .custom<{
        name: string;
        description: string;
        owner: string;
        maxUsers?: number | null;
        members?: string[] | null;
        custom?: string | null;
      }>()
      .refine((i) => !i.members?.includes(i.owner), { message: 'the owner must not be listed in members', path: ['members'] })
      .refine((i) => (i.members?.length ?? 0) + 1 <= (i.maxUsers ?? limits.maxUsers.default), {
        message: 'owner and members exceed maxUsers',
        path: ['members'],
      }),
  );

const UpdateChatroomInput = builder
  .inputType('UpdateChatroomInput', {
    description: 'Fields left out are not changed.',
    fields: (t) => ({
      id: t.id({ required: true, validate: rules.chatroomId }),
      name: t.string({ validate: rules.chatroomName }),
      description: t.string({ validate: rules.description }),
      maxUsers: t.int({ validate: rules.maxUsers }),
    }),
  })
  .validate(
    z
      .custom<{ id: string; name?: string | null; description?: string | null; maxUsers?: number | null }>()
      .refine((i) => i.name != null || i.description != null || i.maxUsers != null, {
        message: 'give at least one of name, description, maxUsers',
      }),
  );

const DeleteChatroomInput = builder.inputType('DeleteChatroomInput', {
  fields: (t) => ({ id: t.id({ required: true, validate: rules.chatroomId }) }),
});

const CreateChatroomPayload = builder.objectRef<{ chatroom: ChatroomModel }>('CreateChatroomPayload').implement({
  fields: (t) => ({ chatroom: t.field({ type: Chatroom, extensions: payloadRoom, resolve: (p) => p.chatroom }) }),
});

const UpdatedChatroomFields = builder.objectRef<UpdatedFields>('UpdatedChatroomFields').implement({
  description: 'Which fields Easemob reported as updated.',
  fields: (t) => ({
    name: t.exposeBoolean('name'),
    description: t.exposeBoolean('description'),
    maxUsers: t.exposeBoolean('maxUsers'),
  }),
});

const UpdateChatroomPayload = builder
  .objectRef<{ chatroom: ChatroomModel; updated: UpdatedFields }>('UpdateChatroomPayload')
  .implement({
    fields: (t) => ({
      chatroom: t.field({ type: Chatroom, extensions: payloadRoom, resolve: (p) => p.chatroom }),
      updated: t.field({ type: UpdatedChatroomFields, resolve: (p) => p.updated }),
    }),
  });

const DeleteChatroomPayload = builder.objectRef<{ id: string; success: boolean }>('DeleteChatroomPayload').implement({
  fields: (t) => ({ id: t.exposeID('id'), success: t.exposeBoolean('success') }),
});

builder.mutationFields((t) => ({
  createChatroom: t.field({
    extensions: oneWrite,
    type: CreateChatroomPayload,
    args: { input: t.arg({ type: CreateChatroomInput, required: true }) },
    resolve: async (_, { input }, ctx) => {
      const id = await createChatroom(ctx.easemob, {
        name: input.name,
        description: input.description,
        maxUsers: input.maxUsers ?? undefined,
        owner: input.owner,
        members: input.members ?? undefined,
        custom: input.custom ?? undefined,
      });
      return { chatroom: { id } };
    },
  }),
  updateChatroom: t.field({
    extensions: oneWrite,
    type: UpdateChatroomPayload,
    args: { input: t.arg({ type: UpdateChatroomInput, required: true }) },
    resolve: async (_, { input }, ctx) => {
      const updated = await updateChatroom(ctx.easemob, input.id, {
        name: input.name ?? undefined,
        description: input.description ?? undefined,
        maxUsers: input.maxUsers ?? undefined,
      });
      ctx.loaders.chatroom.clear(input.id);
      return { chatroom: { id: input.id }, updated };
    },
  }),
  deleteChatroom: t.field({
    extensions: oneWrite,
    type: DeleteChatroomPayload,
    args: { input: t.arg({ type: DeleteChatroomInput, required: true }) },
    resolve: async (_, { input }, ctx) => {
      const result = await deleteChatroom(ctx.easemob, input.id);
      ctx.loaders.chatroom.clear(input.id);
      return result;
    },
  }),
}));
