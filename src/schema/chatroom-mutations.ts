/**
 * Creating, updating and deleting rooms. Payloads hold only the room id and let the
 * Chatroom fields load details on demand, so a write costs one detail call at most: the
 * rule's (a signed-in user must own the room), shown with the write applied, or a fresh one.
 * Each write clears the room from the loader: later fields and later serial mutations
 * in the same request see the new state.
 */
import { z } from 'zod';
import { createChatroom, deleteChatroom, updateChatroom, type UpdatedFields } from '../easemob/chatrooms.js';
import { limits } from '../easemob/limits.js';
import { createGraphQLError } from 'graphql-yoga';
import type { Context } from '../context.js';
import { upstreamCost } from '../upstream-cost.js';
import { builder } from './builder.js';
import { Chatroom, type ChatroomModel } from './chatroom.js';
import { afterWrite, ownsRoom, refusal, ruleReadsRoom } from './rules.js';
import * as rules from './validation.js';

/** A write to a room: one call, and one detail call first when its rule reads the room. */
export const roomWrite = upstreamCost({ calls: (_, { context }) => 1 + ruleReadsRoom(context) });
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
      owner: t.string({ description: 'Left out: the signed-in user.', validate: rules.username }),
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
        owner?: string | null;
        maxUsers?: number | null;
        members?: string[] | null;
        custom?: string | null;
      }>()
      .refine((i) => !i.owner || !i.members?.includes(i.owner), { message: 'the owner must not be listed in members', path: ['members'] })
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

/** The owner of a new room: the one named, or the signed-in user. */
function ownerOf(input: { owner?: string | null; members?: string[] | null }, ctx: Context): string {
  const owner = input.owner ?? ctx.caller.username;
  const invalid = (message: string) => createGraphQLError(`Invalid input: ${message}`, { extensions: { code: 'BAD_USER_INPUT' } });
  if (!owner) throw invalid('owner: required unless a signed-in user creates the room');
  if (input.members?.includes(owner)) throw invalid('members: the owner must not be listed in members');
  return owner;
}

builder.mutationFields((t) => ({
  createChatroom: t.field({
    extensions: upstreamCost({ calls: 1 }),
    type: CreateChatroomPayload,
    nullable: true,
    args: { input: t.arg({ type: CreateChatroomInput, required: true }) },
    authScopes: (_, { input }, ctx) =>
      ctx.caller.admin || (ctx.caller.kind === 'user' && (input.owner ?? ctx.caller.username) === ctx.caller.username),
    unauthorizedError: refusal('a signed-in user may create only rooms they own; an admin may name any owner'),
    resolve: async (_, { input }, ctx) => {
      const id = await createChatroom(ctx.easemob, {
        name: input.name,
        description: input.description,
        maxUsers: input.maxUsers ?? undefined,
        owner: ownerOf(input, ctx),
        members: input.members ?? undefined,
        custom: input.custom ?? undefined,
      });
      return { chatroom: { id } };
    },
  }),
  updateChatroom: t.field({
    extensions: roomWrite,
    type: UpdateChatroomPayload,
    nullable: true,
    args: { input: t.arg({ type: UpdateChatroomInput, required: true }) },
    authScopes: async (_, { input }, ctx) => ctx.caller.admin || (await ownsRoom(ctx, input.id)),
    unauthorizedError: refusal("only the room's owner or an admin may update it"),
    resolve: async (_, { input }, ctx) => {
      const updated = await updateChatroom(ctx.easemob, input.id, {
        name: input.name ?? undefined,
        description: input.description ?? undefined,
        maxUsers: input.maxUsers ?? undefined,
      });
      afterWrite(ctx, input.id, (room) => ({
        ...room,
        name: updated.name && input.name ? input.name : room.name,
        description: updated.description && input.description != null ? input.description : room.description,
        maxUsers: updated.maxUsers && input.maxUsers ? input.maxUsers : room.maxUsers,
      }));
      return { chatroom: { id: input.id }, updated };
    },
  }),
  deleteChatroom: t.field({
    extensions: roomWrite,
    type: DeleteChatroomPayload,
    nullable: true,
    args: { input: t.arg({ type: DeleteChatroomInput, required: true }) },
    authScopes: async (_, { input }, ctx) => ctx.caller.admin || (await ownsRoom(ctx, input.id)),
    unauthorizedError: refusal("only the room's owner or an admin may delete it"),
    resolve: async (_, { input }, ctx) => {
      const result = await deleteChatroom(ctx.easemob, input.id);
      afterWrite(ctx, input.id);
      return result;
    },
  }),
}));
