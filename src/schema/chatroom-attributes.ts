/**
 * Room attributes (聊天室属性): key-value pairs a room's members keep on it, up to 100, how
 * voice-room and live-stream apps hold room state (mic seats, topics, game state). Reading them
 * is one call per room; each key's owner stays Easemob's to know. Setting and deleting answer
 * each key on its own, as member changes answer each user.
 */
import { createGraphQLError } from 'graphql-yoga';
import { z } from 'zod';
import type { Context } from '../context.js';
import { deleteAttributes, getAttributes, type KeyOutcome, setAttributes } from '../easemob/attributes.js';
import { limits } from '../easemob/limits.js';
import { say } from '../error-codes.js';
import { anyRow, type CountEnv, type UpstreamCost } from '../upstream-cost.js';
import { builder } from './builder.js';
import { Chatroom, type ChatroomModel } from './chatroom.js';
import { payloadRoom } from './chatroom-mutations.js';
import { toldWrite } from './live-writes.js';
import type { RoomChange } from '../live/room-event.js';
import { moderates, moderationRuleReads, refusal } from './rules.js';
import * as rules from './validation.js';

interface AttributeModel {
  key: string;
  value: string;
}

export const ChatroomAttribute = builder.objectRef<AttributeModel>('ChatroomAttribute').implement({
  description: 'One of a room\'s attributes: a key a member set, and its value.',
  fields: (t) => ({
    key: t.exposeString('key', { description: `The key: ${rules.attributeKeyRule}.` }),
    value: t.exposeString('value', { description: `The value, at most ${limits.attributeValueLength} characters.` }),
  }),
});

builder.objectFields(Chatroom, (t) => ({
  attributes: t.field({
    type: [ChatroomAttribute],
    nullable: { list: true, items: false },
    description:
      `The room's attributes (at most ${limits.attributesMax}), by key: those of \`keys\`, or all. One upstream call per room. ` +
      'Anyone who may read the room may read them. A key the room does not hold is left out.',
    upstreamCost: { calls: 1, items: limits.attributesMax, inRows: anyRow },
    args: { keys: t.arg.stringList({ required: false, validate: rules.attributeKeys, description: 'The keys to read; all when left out.' }) },
    resolve: async (room, { keys }, ctx) => {
      const values = await getAttributes(ctx.easemob, room.id, keys ?? undefined);
      return Object.entries(values).map(([key, value]) => ({ key, value }));
    },
  }),
}));

/** What an attribute change asks: whose keys, and whether they are the caller's own to change. */
interface AttributeChange {
  id: string;
  username?: string | null;
  overwriteOthers?: boolean | null;
}

/** The member the change is made as: the one named, else the signed-in user (an API key must name one). */
const actingAs = (caller: Context['caller'], input: AttributeChange): string | undefined => input.username ?? caller.username;

/** The change is a signed-in member's to their own keys, as themselves: no moderation rule to read. */
const ownKeys = (caller: Context['caller'], input: AttributeChange): boolean =>
  caller.kind === 'user' && actingAs(caller, input) === caller.username && !input.overwriteOthers;

/**
 * A member changes their own keys; changing others' keys (overwriteOthers) or acting for another
 * user needs the right to moderate the room. Whether the member is in the room is Easemob's to say.
 */
async function mayChangeAttributes(ctx: Context, input: AttributeChange): Promise<boolean> {
  // No member named: an admin (an API key) is then told to name one (memberFor); anyone else is refused.
  if (actingAs(ctx.caller, input) === undefined) return ctx.caller.admin;
  return ownKeys(ctx.caller, input) || moderates(ctx, input.id);
}

/** Its price: the write, and the moderation rule's reads when it asks for more than a member's own keys. */
const attributeWrite = {
  calls: ({ input }: { input: AttributeChange }, { context }: CountEnv<Context>) => 1 + (ownKeys(context.caller, input) ? 0 : moderationRuleReads(context)),
} satisfies UpstreamCost<{ input: AttributeChange }, Context>;

/** The member to act as, or the error that says to name one. */
function memberFor(ctx: Context, input: AttributeChange): string {
  const member = actingAs(ctx.caller, input);
  if (member) return member;
  throw createGraphQLError(say('BAD_USER_INPUT', 'name the member whose keys these are (username): an API key is no member'), {
    extensions: { code: 'BAD_USER_INPUT', argumentPath: ['input', 'username'] },
  });
}

const AttributeInput = builder.inputType('ChatroomAttributeInput', {
  description: 'A key and its value.',
  fields: (t) => ({
    key: t.string({ required: true, description: `The key: ${rules.attributeKeyRule}.` }),
    value: t.string({ required: true, description: `The value, at most ${limits.attributeValueLength} characters.` }),
  }),
});

const changeFields = {
  overwriteOthers: 'Change keys other members set too (Easemob\'s "forced" call): for those who may moderate the room.',
  username: 'The member the keys are set as (their owner); by default the signed-in user. For another user: those who may moderate the room.',
};

const SetChatroomAttributesInput = builder
  .inputType('SetChatroomAttributesInput', {
    description: `A room and 1-${limits.attributesBatch} attributes to set, in one upstream call.`,
    fields: (t) => ({
      id: t.id({ required: true, description: 'The room.' }),
      attributes: t.field({ type: [AttributeInput], required: true, description: `1-${limits.attributesBatch} keys, none twice, and their values.` }),
      overwriteOthers: t.boolean({ required: false, description: changeFields.overwriteOthers }),
      deleteWhenILeave: t.boolean({
        required: false,
        description: "Easemob removes these keys when their owner leaves the room (its default, true); false keeps them.",
      }),
      username: t.string({ required: false, description: changeFields.username }),
    }),
  })
  .validate(
    z.object({
      id: rules.chatroomId,
      attributes: z
        .array(z.object({ key: rules.attributeKey, value: z.string().max(limits.attributeValueLength, `must be at most ${limits.attributeValueLength} characters`) }))
        .min(1, 'must set at least one key')
        .max(limits.attributesBatch, `at most ${limits.attributesBatch} keys a call`)
        .refine((entries) => rules.distinct(entries, (e) => e.key), 'must not name a key twice'),
      overwriteOthers: z.boolean().nullish(),
      deleteWhenILeave: z.boolean().nullish(),
      username: rules.username.nullish(),
    }),
  );

const DeleteChatroomAttributesInput = builder
  .inputType('DeleteChatroomAttributesInput', {
    description: `A room and 1-${limits.attributesBatch} keys to delete, in one upstream call.`,
    fields: (t) => ({
      id: t.id({ required: true, description: 'The room.' }),
      keys: t.stringList({ required: true, description: `1-${limits.attributesBatch} keys, none twice.` }),
      overwriteOthers: t.boolean({ required: false, description: changeFields.overwriteOthers }),
      username: t.string({ required: false, description: changeFields.username }),
    }),
  })
  .validate(
    z.object({
      id: rules.chatroomId,
      keys: rules.attributeKeys.refine((keys) => keys.length >= 1 && keys.length <= limits.attributesBatch, `1-${limits.attributesBatch} keys a call`),
      overwriteOthers: z.boolean().nullish(),
      username: rules.username.nullish(),
    }),
  );

const ChatroomAttributeResult = builder.objectRef<KeyOutcome>('ChatroomAttributeResult').implement({
  description: "One asked key's outcome: Easemob answers each key on its own, and some may fail while others are done.",
  fields: (t) => ({
    key: t.exposeString('key', { description: 'The key asked for.' }),
    ok: t.exposeBoolean('ok', { description: 'Done: the key is set, or deleted.' }),
    reason: t.string({ nullable: true, description: "Why not, when not: Easemob's reason.", resolve: (r) => r.reason ?? null }),
  }),
});

const ChatroomAttributesPayload = builder
  .objectRef<{ chatroom: ChatroomModel; results: KeyOutcome[] }>('ChatroomAttributesPayload')
  .implement({
    description: 'What an attribute change did: the room, and each key asked for.',
    fields: (t) => ({
      chatroom: t.field({
        type: Chatroom,
        description: 'The room: read its attributes here to see them as they are now (one more call).',
        upstreamCost: payloadRoom,
        resolve: (p) => p.chatroom,
      }),
      results: t.field({
        type: [ChatroomAttributeResult],
        description: 'One per key asked, in order.',
        upstreamCost: { items: limits.attributesBatch },
        resolve: (p) => p.results,
      }),
    }),
  });

/** The keys Easemob says it changed. */
const okKeys = (results: KeyOutcome[]): string[] => results.filter((r) => r.ok).map((r) => r.key);

/** The event of what a change did; none when it did nothing. */
const attributesTold = (changed: { key: string; value: string }[], removed: string[]): RoomChange | false =>
  (changed.length > 0 || removed.length > 0) && { kind: 'attributesChanged', changed, removed };

const onlyOwnKeys = refusal(
  "a member may change only their own keys, for themselves; others' keys (overwriteOthers) and other members' only those who may moderate the room",
);

builder.mutationFields((t) => ({
  setChatroomAttributes: t.field({
    description:
      `Sets 1-${limits.attributesBatch} of a room's attributes as a member's, in one upstream call (the room holds at most ` +
      `${limits.attributesMax}). Easemob answers each key on its own: results say which were set. A member sets their own keys; ` +
      'overwriteOthers and acting for another member need the right to moderate the room (one detail call and the admins ' +
      'for a signed-in user who is not an admin, first). Errors: BAD_USER_INPUT (bad keys or values, each named; the member ' +
      "is not in the room; another member's key without overwriteOthers), FORBIDDEN, NOT_FOUND.",
    type: ChatroomAttributesPayload,
    nullable: true,
    args: { input: t.arg({ type: SetChatroomAttributesInput, required: true, description: 'The room, the keys and values, and as whom.' }) },
    upstreamCost: attributeWrite,
    authScopes: (_, { input }, ctx) => mayChangeAttributes(ctx, input),
    unauthorizedError: onlyOwnKeys,
    resolve: async (_, { input }, ctx) => {
      const member = memberFor(ctx, input);
      const entries = Object.fromEntries(input.attributes.map(({ key, value }) => [key, value]));
      const results = await toldWrite(
        ctx,
        input.id,
        [{ kind: 'attributesChanged', changed: input.attributes, removed: [] }],
        () => setAttributes(ctx.easemob, input.id, member, entries, { forced: Boolean(input.overwriteOthers), deleteWhenOwnerLeaves: input.deleteWhenILeave ?? true }),
        (done) => [attributesTold(input.attributes.filter(({ key }) => okKeys(done).includes(key)), [])],
      );
      return { chatroom: { id: input.id }, results };
    },
  }),
  deleteChatroomAttributes: t.field({
    description:
      `Deletes 1-${limits.attributesBatch} of a room's attributes, in one upstream call. Easemob answers each key on its own: ` +
      "results say which were deleted (a key the room does not hold, or another member's without overwriteOthers, is not). " +
      'Rules as for setChatroomAttributes. Errors: BAD_USER_INPUT, FORBIDDEN, NOT_FOUND.',
    type: ChatroomAttributesPayload,
    nullable: true,
    args: { input: t.arg({ type: DeleteChatroomAttributesInput, required: true, description: 'The room, the keys, and as whom.' }) },
    upstreamCost: attributeWrite,
    authScopes: (_, { input }, ctx) => mayChangeAttributes(ctx, input),
    unauthorizedError: onlyOwnKeys,
    resolve: async (_, { input }, ctx) => {
      const member = memberFor(ctx, input);
      const results = await toldWrite(
        ctx,
        input.id,
        [{ kind: 'attributesChanged', changed: [], removed: input.keys }],
        () => deleteAttributes(ctx.easemob, input.id, member, input.keys, { forced: Boolean(input.overwriteOthers) }),
        (done) => [attributesTold([], okKeys(done))],
      );
      return { chatroom: { id: input.id }, results };
    },
  }),
}));
