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
import type { Context } from '../context.js';
import { invalidInput } from '../error-codes.js';
import type { UpstreamCost } from '../upstream-cost.js';
import { builder } from './builder.js';
import { Chatroom, type ChatroomModel } from './chatroom.js';
import { told, toldWrite } from './live-writes.js';
import { afterWrite, refusal, runsRoom, ruleReadsRoom } from './rules.js';
import * as rules from './validation.js';

/** A write to a room: one call, and one detail call first when its rule reads the room. */
export const roomWrite = { calls: (_, { context }) => 1 + ruleReadsRoom(context) } satisfies UpstreamCost<object, Context>;
/** A payload's room is known only by id: other fields cost a detail fetch. */
export const payloadRoom = { rows: 'id' } satisfies UpstreamCost;

const CreateChatroomInput = builder
  .inputType('CreateChatroomInput', {
    description: 'A new room. Every rule is checked before any upstream call, and every broken one reported.',
    fields: (t) => ({
      name: t.string({ required: true, description: `1-${limits.nameLength} characters.` }),
      description: t.string({ required: true, description: `At most ${limits.descriptionLength} characters; may be empty.` }),
      maxUsers: t.int({
        description: `Owner and members at most, ${limits.maxUsers.min}-${limits.maxUsers.max}; left out, Easemob's default (${limits.maxUsers.default}).`,
      }),
      owner: t.string({ description: "The owner's username. Left out: the signed-in user; only an admin may name someone else." }),
      members: t.stringList({ description: 'Initial members besides the owner: when given, at least one, no repeats, not the owner.' }),
      custom: t.string({ description: `The app's own string for the room, at most ${limits.customBytes / 1024} KB.` }),
    }),
  })
  .validate(
    z
      .object({
        name: rules.chatroomName,
        description: rules.description,
        maxUsers: rules.maxUsers.nullish(),
        owner: rules.username.nullish(),
        members: rules.usernames(limits.maxUsers.max - 1).nullish(),
        custom: rules.custom.nullish(),
      })
      .refine((i) => !i.owner || !i.members?.includes(i.owner), { message: 'the owner must not be listed in members', path: ['members'] })
      .refine((i) => (i.members?.length ?? 0) + 1 <= (i.maxUsers ?? limits.maxUsers.default), {
        message: 'owner and members exceed maxUsers',
        path: ['members'],
        // A maxUsers that breaks its own rule is reported once, there.
        when: ({ issues }) => !issues.some((issue) => issue.path?.[0] === 'maxUsers'),
      }),
  );

const UpdateChatroomInput = builder
  .inputType('UpdateChatroomInput', {
    description: 'Changes to a room: fields left out are not changed; give at least one.',
    fields: (t) => ({
      id: t.id({ required: true, description: 'The room to change.' }),
      name: t.string({ description: `1-${limits.nameLength} characters.` }),
      description: t.string({ description: `At most ${limits.descriptionLength} characters.` }),
      maxUsers: t.int({
        description: `${limits.maxUsers.min}-${limits.maxUsers.max}; fewer than the room holds is not applied (updated.maxUsers is false).`,
      }),
    }),
  })
  .validate(
    z
      .object({
        id: rules.chatroomId,
        name: rules.chatroomName.nullish(),
        description: rules.description.nullish(),
        maxUsers: rules.maxUsers.nullish(),
      })
      .refine((i) => i.name != null || i.description != null || i.maxUsers != null, {
        message: 'give at least one of name, description, maxUsers',
      }),
  );

const DeleteChatroomInput = builder.inputType('DeleteChatroomInput', {
  description: 'The room to delete.',
  fields: (t) => ({ id: t.id({ required: true, validate: rules.chatroomId, description: 'The room to delete.' }) }),
});

/** What a change to a room returns when it has nothing else to say: the room, as it is now. */
export const ChatroomPayload = builder.objectRef<{ chatroom: ChatroomModel }>('ChatroomPayload').implement({
  description: 'The room a change was made to.',
  fields: (t) => ({
    chatroom: t.field({
      type: Chatroom,
      description:
        'The room after the change: a normalized cache updates itself from it. Its id costs nothing; other fields cost ' +
        'what they cost on any room (a detail call, or their own list call).',
      upstreamCost: payloadRoom,
      resolve: (p) => p.chatroom,
    }),
  }),
});

/** A payload's room: its id at no cost, the rest as Chatroom fields load it. */
const payloadRoomDescription = (what: string) =>
  `${what} Its id costs nothing; other fields cost one detail call, or none when the rule already read the room.`;

const CreateChatroomPayload = builder.objectRef<{ chatroom: ChatroomModel }>('CreateChatroomPayload').implement({
  description: 'What createChatroom made.',
  fields: (t) => ({
    chatroom: t.field({
      type: Chatroom,
      description: payloadRoomDescription('The new room, to add to a cached list.'),
      upstreamCost: payloadRoom,
      resolve: (p) => p.chatroom,
    }),
  }),
});

const UpdatedChatroomFields = builder.objectRef<UpdatedFields>('UpdatedChatroomFields').implement({
  description: 'Which fields Easemob reported as updated.',
  fields: (t) => ({
    name: t.exposeBoolean('name', { description: 'The name was changed.' }),
    description: t.exposeBoolean('description', { description: 'The description was changed.' }),
    maxUsers: t.exposeBoolean('maxUsers', { description: 'maxUsers was changed.' }),
  }),
});

const UpdateChatroomPayload = builder
  .objectRef<{ chatroom: ChatroomModel; updated: UpdatedFields }>('UpdateChatroomPayload')
  .implement({
    description: 'What updateChatroom changed.',
    fields: (t) => ({
      chatroom: t.field({
        type: Chatroom,
        description: payloadRoomDescription('The room with the change applied: a normalized cache updates itself from it.'),
        upstreamCost: payloadRoom,
        resolve: (p) => p.chatroom,
      }),
      updated: t.field({ type: UpdatedChatroomFields, description: 'Which fields Easemob reported as changed.', resolve: (p) => p.updated }),
    }),
  });

const DeleteChatroomPayload = builder.objectRef<{ id: string; success: boolean }>('DeleteChatroomPayload').implement({
  description: 'What deleteChatroom removed.',
  fields: (t) => ({
    deletedChatroomId: t.exposeID('id', {
      description:
        "The deleted room's id, to evict it from a client cache: Apollo's cache.evict({ id: cache.identify({ __typename: " +
        "'Chatroom', id }) }), urql Graphcache's cache.invalidate({ __typename: 'Chatroom', id }), Relay's @deleteRecord.",
    }),
    id: t.exposeID('id', {
      description: 'The same id.',
      deprecationReason: 'Use deletedChatroomId: a field named id makes client caches take the payload for an object to keep.',
    }),
    success: t.exposeBoolean('success', { description: 'Easemob confirmed the deletion.' }),
  }),
});

/** The owner of a new room: the one named, or the signed-in user. */
function ownerOf(input: { owner?: string | null; members?: string[] | null }, ctx: Context): string {
  const owner = input.owner ?? ctx.caller.username;
  if (!owner) throw invalidInput(['input', 'owner'], 'required unless a signed-in user creates the room');
  if (input.members?.includes(owner)) throw invalidInput(['input', 'members'], 'the owner must not be listed in members');
  return owner;
}

builder.mutationFields((t) => ({
  createChatroom: t.field({
    description:
      'Creates a room: one upstream call. A signed-in user creates rooms they own; an admin (API key or admin scope) ' +
      'names any owner. Errors: BAD_USER_INPUT (a rule of the input, before any call); FORBIDDEN (the rule above); ' +
      "NOT_FOUND with extensions.usernames (an owner or member Easemob does not know: nothing is created); " +
      'UPSTREAM_UNAVAILABLE when Easemob did not confirm (the room may exist: list before creating it again).',
    upstreamCost: { calls: 1 },
    type: CreateChatroomPayload,
    nullable: true,
    args: { input: t.arg({ type: CreateChatroomInput, required: true, description: 'The new room.' }) },
    authScopes: (_, { input }, ctx) =>
      ctx.caller.admin || (ctx.caller.kind === 'user' && (input.owner ?? ctx.caller.username) === ctx.caller.username),
    unauthorizedError: refusal('a signed-in user may create only rooms they own; an admin may name any owner'),
    resolve: async (_, { input }, ctx) => {
      const owner = ownerOf(input, ctx);
      const id = await createChatroom(ctx.easemob, {
        name: input.name,
        description: input.description,
        maxUsers: input.maxUsers ?? undefined,
        owner,
        members: input.members ?? undefined,
        custom: input.custom ?? undefined,
      });
      // The room's id is known only now: its users are told (in their own streams) once it exists.
      await told(ctx, id, [{ kind: 'created', users: [owner, ...(input.members ?? [])] }]);
      return { chatroom: { id } };
    },
  }),
  updateChatroom: t.field({
    description:
      "Renames a room, or changes its description or maxUsers: one upstream call, and for a signed-in user one detail " +
      "call first (the rule reads the room's owner; the payload then shows the change at no further call). Only the " +
      "room's owner or an admin may. Errors: BAD_USER_INPUT, FORBIDDEN, NOT_FOUND (no such room).",
    upstreamCost: roomWrite,
    type: UpdateChatroomPayload,
    nullable: true,
    args: { input: t.arg({ type: UpdateChatroomInput, required: true, description: 'The room and its changes.' }) },
    authScopes: (_, { input }, ctx) => runsRoom(ctx, input.id),
    unauthorizedError: refusal("only the room's owner or an admin may update it"),
    resolve: async (_, { input }, ctx) => {
      const updated = await toldWrite(
        ctx,
        input.id,
        [{ kind: 'updated' }],
        () =>
          updateChatroom(ctx.easemob, input.id, {
            name: input.name ?? undefined,
            description: input.description ?? undefined,
            maxUsers: input.maxUsers ?? undefined,
          }),
        (done) => [(done.name || done.description || done.maxUsers) && { kind: 'updated' }],
      );
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
    description:
      "Deletes a room: one upstream call, and for a signed-in user one detail call first (the rule reads the room's " +
      "owner). Only the room's owner or an admin may. Errors: BAD_USER_INPUT, FORBIDDEN, NOT_FOUND (no such room).",
    upstreamCost: roomWrite,
    type: DeleteChatroomPayload,
    nullable: true,
    args: { input: t.arg({ type: DeleteChatroomInput, required: true, description: 'The room to delete.' }) },
    authScopes: (_, { input }, ctx) => runsRoom(ctx, input.id),
    unauthorizedError: refusal("only the room's owner or an admin may delete it"),
    resolve: async (_, { input }, ctx) => {
      const result = await toldWrite(
        ctx,
        input.id,
        [{ kind: 'deleted' }],
        () => deleteChatroom(ctx.easemob, input.id),
        (done) => [done.success && { kind: 'deleted' }],
      );
      afterWrite(ctx, input.id);
      return result;
    },
  }),
}));
