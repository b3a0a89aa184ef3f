/**
 * Who runs a room: its admins, and the changes only its owner (or an admin of the app) may
 * make — handing the room to another member, promoting and demoting admins. One upstream call
 * each, and one detail call first for a signed-in owner's rule.
 */
import { z } from 'zod';
import { addAdmin, removeAdmin, transferOwnership } from '../easemob/moderation.js';
import { anyRow } from '../upstream-cost.js';
import { builder } from './builder.js';
import { limits } from '../easemob/limits.js';
import { Chatroom } from './chatroom.js';
import { ChatroomPayload, roomWrite } from './chatroom-mutations.js';
import type { RoomChange } from '../live/room-event.js';
import { toldWrite } from './live-writes.js';
import { afterWrite, forgetAdmins, refusal, runsRoom } from './rules.js';
import { User } from './user.js';
import * as rules from './validation.js';

builder.objectFields(Chatroom, (t) => ({
  admins: t.field({
    type: [User],
    nullable: { list: true, items: false },
    description:
      `The room's admins (at most ${limits.adminsMax}, and priced so for what is nested below), the owner not included: one ` +
      'upstream call per room. Anyone who may read the room may read them.',
    upstreamCost: { calls: 1, items: limits.adminsMax, inRows: anyRow },
    resolve: async (room, _, ctx) => (await ctx.loaders.admins.load(room.id)).map((username) => ({ username })),
  }),
}));

const TransferChatroomOwnershipInput = builder
  .inputType('TransferChatroomOwnershipInput', {
    description: 'A room and the member to hand it to.',
    fields: (t) => ({
      id: t.id({ required: true, description: 'The room.' }),
      newOwner: t.string({ required: true, description: 'A member of the room, who becomes its owner; the old owner stays as a member.' }),
    }),
  })
  .validate(z.object({ id: rules.chatroomId, newOwner: rules.username }));

const ChatroomAdminInput = builder
  .inputType('ChatroomAdminInput', {
    description: 'A room and one of its members.',
    fields: (t) => ({
      id: t.id({ required: true, description: 'The room.' }),
      username: t.string({ required: true, description: 'A member of the room.' }),
    }),
  })
  .validate(z.object({ id: rules.chatroomId, username: rules.username }));

const onlyTheOwner = refusal("only the room's owner or an admin of the app may change who runs it");

builder.mutationFields((t) => {
  /** Promoting or demoting one admin: one call, then the room's admins are read anew when asked. */
  const adminChange = (description: string, inputDescription: string, change: typeof addAdmin, way: 'ADDED' | 'REMOVED') =>
    t.field({
      description,
      upstreamCost: roomWrite,
      type: ChatroomPayload,
      nullable: true,
      args: { input: t.arg({ type: ChatroomAdminInput, required: true, description: inputDescription }) },
      authScopes: (_, { input }, ctx) => runsRoom(ctx, input.id),
      unauthorizedError: onlyTheOwner,
      resolve: async (_, { input }, ctx) => {
        const told: RoomChange = { kind: 'adminsChanged', users: [input.username], change: way };
        await toldWrite(ctx, input.id, [told], () => change(ctx.easemob, input.id, input.username), () => [told]);
        forgetAdmins(ctx, input.id);
        return { chatroom: { id: input.id } };
      },
    });
  return {
    transferChatroomOwnership: t.field({
      description:
        "Hands a room to one of its members: one upstream call, and for a signed-in user one detail call first (the rule " +
        "reads the owner). Only the room's owner or an admin of the app may. Errors: BAD_USER_INPUT (the new owner is " +
        'not in the room, named in extensions.usernames), FORBIDDEN (the rule; or the new owner is already the owner), ' +
        'NOT_FOUND (no such room or user).',
      upstreamCost: roomWrite,
      type: ChatroomPayload,
      nullable: true,
      args: { input: t.arg({ type: TransferChatroomOwnershipInput, required: true, description: 'The room and its new owner.' }) },
      authScopes: (_, { input }, ctx) => runsRoom(ctx, input.id),
      unauthorizedError: onlyTheOwner,
      resolve: async (_, { input }, ctx) => {
        const previousOwner = ctx.roomsReadByRules.get(input.id)?.owner ?? null;
        const told: RoomChange = { kind: 'ownerChanged', owner: input.newOwner, previousOwner };
        await toldWrite(ctx, input.id, [told], () => transferOwnership(ctx.easemob, input.id, input.newOwner), () => [told]);
        afterWrite(ctx, input.id, (room) => ({
          ...room,
          owner: input.newOwner,
          members: [...room.members.filter((m) => m !== input.newOwner), room.owner],
        }));
        return { chatroom: { id: input.id } };
      },
    }),
    addChatroomAdmin: adminChange(
      "Makes a member of a room one of its admins (at most 99): one upstream call, and for a signed-in user one detail " +
        "call first. Only the room's owner or an admin of the app may. Errors: BAD_USER_INPUT (not in the room), " +
        'FORBIDDEN (the rule; or already an admin, or too many), NOT_FOUND (no such room or user).',
      'The room and the member to promote.',
      addAdmin,
      'ADDED',
    ),
    removeChatroomAdmin: adminChange(
      "Makes an admin of a room a plain member again: one upstream call, and for a signed-in user one detail call " +
        "first. Only the room's owner or an admin of the app may. Errors: BAD_USER_INPUT, FORBIDDEN (the rule; or not an " +
        'admin), NOT_FOUND (no such room or user).',
      'The room and the admin to demote.',
      removeAdmin,
      'REMOVED',
    ),
  };
});

