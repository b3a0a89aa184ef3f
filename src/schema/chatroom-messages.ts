/**
 * Messages from the server side: how an admin console or a moderation flow talks to rooms — a
 * notice to up to 10 rooms, a message only chosen members of one room see, a broadcast to every
 * active room, and recalling a message. A message sent here is no room event: members get it
 * from Easemob itself. The sender is the signed-in user, never a name the caller picks, unless
 * the caller is trusted with every room (an API key): then `from`, or Easemob's `admin`.
 */
import { createGraphQLError } from 'graphql-yoga';
import { z } from 'zod';
import type { Context } from '../context.js';
import { limits } from '../easemob/limits.js';
import {
  broadcastMessage,
  type MessageContent,
  messageBytes,
  type MessagePriority,
  type OutgoingMessage,
  recallMessage,
  type SentMessage,
  sendMessage,
} from '../easemob/messages.js';
import { say } from '../error-codes.js';
import type { UpstreamCost } from '../upstream-cost.js';
import { builder, type InputFields } from './builder.js';
import { moderatesEvery, moderationRuleReads, refusal } from './rules.js';
import * as rules from './validation.js';

const Priority = builder.enumType('ChatroomMessagePriority', {
  description: 'Which messages Easemob drops first when a room gets more than it delivers (about 20 a second): LOW first, HIGH last.',
  values: {
    HIGH: { value: 'high', description: 'Dropped last: notices the room must see.' },
    NORMAL: { value: 'normal', description: "Easemob's default." },
    LOW: { value: 'low', description: 'Dropped first.' },
  } as const,
});

const ExtensionInput = builder.inputType('MessageExtensionInput', {
  description: "One of a custom message's extensions: a key and a string.",
  fields: (t) => ({
    key: t.string({ required: true, description: 'The key, not empty.' }),
    value: t.string({ required: true, description: 'Its value.' }),
  }),
});

const customEventRule = '1-32 characters of letters, digits, "-", "_", "/" or "."';

const CustomMessageInput = builder.inputType('CustomMessageInput', {
  description: "A custom message (Easemob's `custom` type): an event the apps know by name, and string extensions.",
  fields: (t) => ({
    event: t.string({ required: true, description: `The event: ${customEventRule}.` }),
    exts: t.field({ type: [ExtensionInput], required: false, description: `At most ${limits.customExts}, no key twice.` }),
  }),
});

/** What every message asks: what it says, how it ranks, and (for a trusted caller) who sends it. */
const contentFields = (t: InputFields) => ({
  text: t.string({ required: false, description: 'A text message: not empty. Give text or custom, one of them.' }),
  custom: t.field({ type: CustomMessageInput, required: false, description: 'A custom message. Give text or custom, one of them.' }),
  ext: t.field({
    type: 'JSONObject',
    required: false,
    description: `Easemob's \`ext\`: any JSON object the apps read beside the message. The body and ext together are at most ${limits.messageBytes} bytes as JSON.`,
  }),
  priority: t.field({ type: Priority, required: false, description: 'Which messages Easemob drops first in a busy room; NORMAL by default.' }),
  from: t.string({
    required: false,
    description: "The sender, for API keys (Easemob's `admin` when left out). A signed-in user always sends as themselves, and may not name another.",
  }),
});

const contentSchema = {
  text: z.string().min(1, 'must not be empty').nullish(),
  custom: z
    .object({
      event: z.string().regex(limits.customEvent, `must be ${customEventRule}`),
      exts: z
        .array(z.object({ key: z.string().min(1, 'must not be empty'), value: z.string() }))
        .max(limits.customExts, `at most ${limits.customExts} extensions`)
        .refine((exts) => rules.distinct(exts, (e) => e.key), 'must not name a key twice')
        .nullish(),
    })
    .nullish(),
  ext: rules.jsonObject.nullish(),
  priority: z.enum(['high', 'normal', 'low']).nullish(),
  from: rules.username.nullish(),
};

interface ContentInput {
  text?: string | null;
  custom?: { event: string; exts?: readonly { key: string; value: string }[] | null } | null;
  ext?: Record<string, unknown> | null;
  priority?: MessagePriority | null;
  from?: string | null;
}

const contentOf = ({ text, custom }: ContentInput): MessageContent =>
  text != null ? { text } : { event: custom!.event, exts: Object.fromEntries((custom!.exts ?? []).map(({ key, value }) => [key, value])) };

/** Text or custom, one of them, and the whole no larger than Easemob takes: checked with the other fields, before any call. */
const withContentRules = <T extends z.ZodType<ContentInput>>(schema: T) =>
  schema
    .refine((i) => (i.text != null) !== (i.custom != null), { message: 'give text or custom, one of them', path: ['text'] })
    .refine((i) => (i.text == null && i.custom == null) || messageBytes({ content: contentOf(i), ext: i.ext ?? undefined }) <= limits.messageBytes, {
      message: `the message and its ext together must be at most ${limits.messageBytes} bytes as JSON`,
      path: ['ext'],
    });

/** The sender: the signed-in user, or what a trusted caller names (Easemob's `admin` by default). */
const senderOf = (caller: Context['caller'], input: ContentInput): string =>
  caller.kind === 'user' && caller.username ? caller.username : (input.from ?? 'admin');

/** A signed-in user sends as themselves only; anyone else may send only when trusted with every room. */
const sendsAsAllowed = (caller: Context['caller'], input: ContentInput): boolean =>
  caller.kind === 'user' ? input.from == null || input.from === caller.username : caller.admin;

const messageOf = (ctx: Context, input: ContentInput): OutgoingMessage => ({
  from: senderOf(ctx.caller, input),
  content: contentOf(input),
  ext: input.ext ?? undefined,
  priority: input.priority ?? 'normal',
});

const SendChatroomMessageInput = builder
  .inputType('SendChatroomMessageInput', {
    description: `A message to 1-${limits.messageRooms} rooms, or with toUsers to chosen members of one room.`,
    fields: (t) => ({
      chatroomIds: t.idList({ required: true, description: `1-${limits.messageRooms} rooms, none twice; one with toUsers.` }),
      ...contentFields(t),
      toUsers: t.stringList({
        required: false,
        description: `Only these members (1-${limits.messageUsers}) see it: the room's other members do not, and it is in no one's conversation list.`,
      }),
    }),
  })
  .validate(
    withContentRules(
      z
        .object({
          chatroomIds: z
            .array(rules.chatroomId)
            .min(1, 'must name at least one room')
            .max(limits.messageRooms, `at most ${limits.messageRooms} rooms a message`)
            .refine((ids) => rules.distinct(ids), 'must not name a room twice'),
          toUsers: rules.usernames(limits.messageUsers).nullish(),
          ...contentSchema,
        })
        .refine((i) => i.toUsers == null || i.chatroomIds.length === 1, { message: 'a message to chosen members goes to one room', path: ['chatroomIds'] }),
    ),
  );

const BroadcastChatroomMessageInput = builder
  .inputType('BroadcastChatroomMessageInput', {
    description: 'A message to every active room of the app.',
    fields: (t) => contentFields(t),
  })
  .validate(withContentRules(z.object(contentSchema)));

const messageId = z.string().regex(limits.messageId, 'must be a message id as Easemob gives them (1-20 digits)');

const RecallChatroomMessageInput = builder
  .inputType('RecallChatroomMessageInput', {
    description: 'A message to take back from a room.',
    fields: (t) => ({
      id: t.id({ required: true, description: 'The room.' }),
      messageId: t.id({ required: true, description: 'The message: an id sendChatroomMessage answered, or one an app saw.' }),
      from: t.string({ required: false, description: "Who recalls it, for API keys (Easemob's `admin` when left out); a signed-in user recalls as themselves." }),
    }),
  })
  .validate(z.object({ id: rules.chatroomId, messageId, from: rules.username.nullish() }));

const SentChatroomMessage = builder.objectRef<SentMessage>('SentChatroomMessage').implement({
  description: 'A message sent to one room.',
  fields: (t) => ({
    chatroomId: t.exposeID('chatroomId', { description: 'The room.' }),
    messageId: t.id({
      nullable: true,
      description:
        "Easemob's id of the message in that room, exactly (digits past 2^53): what recallChatroomMessage takes. Null, with " +
        "UPSTREAM_ERROR, when Easemob's answer gave none for this room: the message was sent all the same.",
      resolve: ({ chatroomId, messageId }) => {
        if (messageId !== null) return messageId;
        const said = say('UPSTREAM_ERROR', `it answered no message id for chatroom ${chatroomId}; the message was sent`);
        throw createGraphQLError(said, { extensions: { code: 'UPSTREAM_ERROR' } });
      },
    }),
  }),
});

const SendChatroomMessagePayload = builder.objectRef<{ messages: SentMessage[] }>('SendChatroomMessagePayload').implement({
  description: 'The message sent: one id per room.',
  fields: (t) => ({
    messages: t.field({
      type: [SentChatroomMessage],
      description: 'One per room asked, in order.',
      upstreamCost: { items: limits.messageRooms },
      resolve: (p) => p.messages,
    }),
  }),
});

const BroadcastChatroomMessagePayload = builder.objectRef<{ broadcastId: string }>('BroadcastChatroomMessagePayload').implement({
  description: 'The broadcast sent.',
  fields: (t) => ({
    broadcastId: t.exposeID('broadcastId', {
      description: "Easemob's id of the broadcast, exactly (it answers a number past 2^53). A broadcast has no message ids: it cannot be recalled.",
    }),
  }),
});

const RecallChatroomMessagePayload = builder.objectRef<{ chatroomId: string; messageId: string }>('RecallChatroomMessagePayload').implement({
  description: 'The message recalled.',
  fields: (t) => ({
    chatroomId: t.exposeID('chatroomId', { description: 'The room.' }),
    messageId: t.exposeID('messageId', { description: 'The message, now recalled.' }),
  }),
});

const moderatorsOnly = refusal(
  'messages to rooms and recalls are for those who may moderate every room named (their owner or admins, or admins of the app), sent as themselves',
);

builder.mutationFields((t) => ({
  sendChatroomMessage: t.field({
    description:
      `Sends a message to 1-${limits.messageRooms} rooms (or with toUsers to chosen members of one room) in one upstream call, ` +
      "and for a signed-in user who is not an admin the moderation rule's two reads of each room first (its detail and admins). " +
      'For those who may moderate every room named; the sender is the signed-in user, or for API keys `from` ' +
      "(Easemob's `admin` by default). " +
      'Easemob does not check that a room exists: a room id it does not know answers an id too. Never sent twice: when no ' +
      'answer came after it may have reached Easemob, UPSTREAM_UNAVAILABLE says it may have been sent. Not a room event. ' +
      'Errors: BAD_USER_INPUT (each bad field named), FORBIDDEN, UPSTREAM_RATE_LIMITED (100 messages a second for the app, each room counted).',
    type: SendChatroomMessagePayload,
    nullable: true,
    args: { input: t.arg({ type: SendChatroomMessageInput, required: true, description: 'The rooms, the message, and to whom.' }) },
    // The write, and the moderation rule's reads of each room (as many as may be named: the input is checked after pricing).
    upstreamCost: {
      calls: ({ input }, { context }) => 1 + Math.min(input.chatroomIds.length, limits.messageRooms) * moderationRuleReads(context),
    } satisfies UpstreamCost<{ input: { chatroomIds: readonly unknown[] } }, Context>,
    authScopes: (_, { input }, ctx) => sendsAsAllowed(ctx.caller, input) && moderatesEvery(ctx, input.chatroomIds),
    unauthorizedError: moderatorsOnly,
    resolve: async (_, { input }, ctx) => ({
      messages: await sendMessage(ctx.easemob, input.chatroomIds, messageOf(ctx, input), input.toUsers ?? undefined),
    }),
  }),
  broadcastChatroomMessage: t.field({
    description:
      'Sends a message to every active room of the app (a member in it, and a message sent there before), in one upstream ' +
      "call. For admins of the app and API keys. Easemob allows 1 a second, 10 a minute and 100 a day, and only on plans " +
      'that include it. Never sent twice. Errors: BAD_USER_INPUT, FORBIDDEN (also: the plan lacks broadcasts), ' +
      "UPSTREAM_RATE_LIMITED, UPSTREAM_QUOTA_EXCEEDED (the day's 100 are used).",
    type: BroadcastChatroomMessagePayload,
    nullable: true,
    args: { input: t.arg({ type: BroadcastChatroomMessageInput, required: true, description: 'The message.' }) },
    upstreamCost: { calls: 1 },
    authScopes: (_, _args, ctx) => ctx.caller.admin,
    unauthorizedError: refusal('broadcasts to every room are for admins of the app and API keys'),
    resolve: async (_, { input }, ctx) => ({ broadcastId: await broadcastMessage(ctx.easemob, messageOf(ctx, input)) }),
  }),
  recallChatroomMessage: t.field({
    description:
      "Recalls a message from a room, past the apps' recall window too (Easemob's `force`: a moderator is not bound by it): " +
      'one upstream call, after at most two for the rule. Rules as for sendChatroomMessage. ' +
      'Errors: BAD_USER_INPUT, FORBIDDEN (also: the app has not opened recalling), NOT_FOUND (no such message in the room, ' +
      'or recalled already).',
    type: RecallChatroomMessagePayload,
    nullable: true,
    args: { input: t.arg({ type: RecallChatroomMessageInput, required: true, description: 'The room and the message.' }) },
    upstreamCost: { calls: (_, { context }) => 1 + moderationRuleReads(context) } satisfies UpstreamCost<unknown, Context>,
    authScopes: (_, { input }, ctx) => sendsAsAllowed(ctx.caller, input) && moderatesEvery(ctx, [input.id]),
    unauthorizedError: moderatorsOnly,
    resolve: async (_, { input }, ctx) => {
      await recallMessage(ctx.easemob, input.id, input.messageId, senderOf(ctx.caller, input));
      return { chatroomId: input.id, messageId: input.messageId };
    },
  }),
}));
