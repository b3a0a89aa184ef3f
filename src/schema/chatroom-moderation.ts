/**
 * Moderating a room: mutes (some members for a while, or everyone), the block and allow
 * lists, and the announcement. The room's owner and its admins may moderate it, and admins
 * of the app; anyone who may read the room may read its announcement, but only those who may
 * moderate it see who is muted, blocked or allowed. Each list is one upstream call per room,
 * made once per request; each change one call, after at most two for the rule (the room's
 * owner, then its admins).
 */
import { z } from 'zod';
import type { Context } from '../context.js';
import { limits } from '../easemob/limits.js';
import { changeUsers, type Mute, type MuteOutcome, muteMembers, setAllMembersMuted, setAnnouncement, unmuteMembers } from '../easemob/moderation.js';
import type { UserOutcome } from '../easemob/requests.js';
import { anyRow, type CountEnv, type UpstreamCost } from '../upstream-cost.js';
import { builder } from './builder.js';
import { Chatroom, type ChatroomModel } from './chatroom.js';
import { ChatroomMembersInput, ChatroomMembersPayload } from './chatroom-members.js';
import { ChatroomPayload, payloadRoom } from './chatroom-mutations.js';
import type { RoomChange } from '../live/room-event.js';
import { okUsers, toldWrite } from './live-writes.js';
import { afterWrite, moderates, moderatesUsers, moderationRuleReads, refusal } from './rules.js';
import { User } from './user.js';
import * as rules from './validation.js';

/** One call that only those who may moderate the room may make: its price includes the rule's reads. */
const moderatedCall = (_: object, { context }: CountEnv<Context>) => 1 + moderationRuleReads(context);
/** A list only moderators see: priced as a room's most users for what is nested below. */
const moderatedList = {
  calls: moderatedCall,
  items: limits.roomUsersMax,
  inRows: anyRow,
} satisfies UpstreamCost<object, Context>;
/** A change only moderators may make. */
const moderatedWrite = { calls: moderatedCall } satisfies UpstreamCost<object, Context>;
const onlyModerators = refusal("only the room's owner, its admins or an admin of the app may moderate it");
const onlyPlainMembers = refusal(
  "only the room's owner, its admins or an admin of the app may moderate it, and a room's admin may mute or block its plain members only, not its owner or another admin",
);

const MutedMember = builder.objectRef<Mute>('MutedMember').implement({
  description: 'A member who may not speak in the room, and until when.',
  fields: (t) => ({
    user: t.field({ type: User, description: 'The muted user.', resolve: (m) => ({ username: m.username }) }),
    expiresAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the mute ends; null: not until the user is unmuted.',
      resolve: (m) => m.expiresAt ?? null,
    }),
  }),
});

builder.objectFields(Chatroom, (t) => ({
  announcement: t.string({
    nullable: true,
    description: "The room's announcement (at most 512 characters; empty when none was set): one upstream call per room.",
    upstreamCost: { calls: 1, inRows: anyRow },
    resolve: (room, _, ctx) => ctx.loaders.announcement.load(room.id),
  }),
  mutedMembers: t.field({
    type: [MutedMember],
    nullable: { list: true, items: false },
    description:
      'Members who may not speak, each until when: one upstream call per room, after the rule. Only those who may ' +
      'moderate the room see it (FORBIDDEN otherwise). Muting everyone at once (allMembersMuted) does not list them here.',
    upstreamCost: moderatedList,
    authScopes: (room, _, ctx) => moderates(ctx, room.id),
    unauthorizedError: onlyModerators,
    resolve: (room, _, ctx) => ctx.loaders.mutes.load(room.id),
  }),
  blockedUsers: t.field({
    type: [User],
    nullable: { list: true, items: false },
    description:
      'Users who may not join the room (the block list): one upstream call per room, after the rule. Only those who ' +
      'may moderate the room see it (FORBIDDEN otherwise).',
    upstreamCost: moderatedList,
    authScopes: (room, _, ctx) => moderates(ctx, room.id),
    unauthorizedError: onlyModerators,
    resolve: async (room, _, ctx) => (await ctx.loaders.blocked.load(room.id)).map((username) => ({ username })),
  }),
  allowedUsers: t.field({
    type: [User],
    nullable: { list: true, items: false },
    description:
      'Members who may speak even when everyone is muted (the allow list): one upstream call per room, after the ' +
      'rule. Only those who may moderate the room see it (FORBIDDEN otherwise).',
    upstreamCost: moderatedList,
    authScopes: (room, _, ctx) => moderates(ctx, room.id),
    unauthorizedError: onlyModerators,
    resolve: async (room, _, ctx) => (await ctx.loaders.allowed.load(room.id)).map((username) => ({ username })),
  }),
}));

const MuteChatroomMembersInput = builder
  .inputType('MuteChatroomMembersInput', {
    description: `A room, members of it to mute (1-${limits.muteBatch}, no repeats), and for how long.`,
    fields: (t) => ({
      id: t.id({ required: true, description: 'The room.' }),
      usernames: t.stringList({ required: true, description: `1-${limits.muteBatch} distinct members of the room, muted in one upstream call.` }),
      durationSeconds: t.int({
        description: `How long, 1-${rules.muteSeconds.max} seconds; left out: until unmuted.`,
      }),
    }),
  })
  .validate(
    z.object({ id: rules.chatroomId, usernames: rules.usernames(limits.muteBatch), durationSeconds: rules.muteSeconds.schema.nullish() }),
  );

const ChatroomMuteResult = builder.objectRef<MuteOutcome>('ChatroomMuteResult').implement({
  description: "One asked member's outcome of a mute.",
  fields: (t) => ({
    username: t.exposeString('username', { description: 'The member asked for.' }),
    ok: t.exposeBoolean('ok', { description: 'The member is muted now.' }),
    expiresAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the mute ends; null when not ok, or not until the member is unmuted.',
      resolve: (r) => r.expiresAt ?? null,
    }),
    reason: t.string({ nullable: true, description: "Why not, when not: Easemob's reason.", resolve: (r) => r.reason ?? null }),
  }),
});

const ChatroomMutePayload = builder.objectRef<{ chatroom: ChatroomModel; results: MuteOutcome[] }>('ChatroomMutePayload').implement({
  description: 'What a mute did: the room after it, and each member asked for.',
  fields: (t) => ({
    chatroom: t.field({
      type: Chatroom,
      description: 'The room after the change; its mutedMembers reads the list again (one call).',
      upstreamCost: payloadRoom,
      resolve: (p) => p.chatroom,
    }),
    results: t.field({
      type: [ChatroomMuteResult],
      description: 'One per member asked, in order.',
      upstreamCost: { items: limits.muteBatch },
      resolve: (p) => p.results,
    }),
  }),
});

const ChatroomIdInput = builder
  .inputType('ChatroomIdInput', {
    description: 'A room.',
    fields: (t) => ({ id: t.id({ required: true, description: 'The room.' }) }),
  })
  .validate(z.object({ id: rules.chatroomId }));

const SetChatroomAnnouncementInput = builder
  .inputType('SetChatroomAnnouncementInput', {
    description: 'A room and its new announcement.',
    fields: (t) => ({
      id: t.id({ required: true, description: 'The room.' }),
      announcement: t.string({ required: true, description: `At most ${limits.announcementLength} characters; empty clears it.` }),
    }),
  })
  .validate(z.object({ id: rules.chatroomId, announcement: rules.announcement }));

/** The members after some were blocked: those the results say are out. */
const withoutBlocked = (results: UserOutcome[]) => {
  const out = new Set(results.filter((r) => r.ok).map((r) => r.username));
  return <R extends { members: string[]; affiliationsCount: number }>(room: R): R => {
    const members = room.members.filter((m) => !out.has(m));
    return { ...room, members, affiliationsCount: members.length + 1 };
  };
};

/** What a change to the block or allow list tells: blocking someone also takes them out of the room. */
function listChanges(which: 'blocks' | 'white', change: 'add' | 'remove', users: string[]): RoomChange[] {
  const way = change === 'add' ? 'ADDED' : 'REMOVED';
  if (which === 'white') return [{ kind: 'allowListChanged', users, change: way }];
  const listed: RoomChange = { kind: 'blockListChanged', users, change: way };
  return change === 'add' ? [listed, { kind: 'left', users, reason: 'BLOCKED', memberCount: null }] : [listed];
}

builder.mutationFields((t) => {
  /** Blocking, unblocking, allowing, disallowing: 1-60 users each, one call, an outcome per user. */
  const usersChange = (
    verb: string,
    description: string,
    which: 'blocks' | 'white',
    change: 'add' | 'remove',
    after: (ctx: Context, id: string, results: UserOutcome[]) => void,
  ) =>
    t.field({
      description:
        `${description} One upstream call for 1-${limits.listChangeBatch} users, after at most two for the rule (the ` +
        `room's owner, then its admins). The room's owner, its admins${which === 'blocks' ? ' (its plain members only)' : ''} ` +
        "or an admin of the app may. Each user's outcome is in results. Errors: BAD_USER_INPUT, FORBIDDEN, NOT_FOUND (no such room).",
      upstreamCost: moderatedWrite,
      type: ChatroomMembersPayload,
      nullable: true,
      args: { input: t.arg({ type: ChatroomMembersInput, required: true, description: `The room and the users to ${verb}.` }) },
      authScopes: (_, { input }, ctx) => (which === 'blocks' ? moderatesUsers(ctx, input.id, input.usernames) : moderates(ctx, input.id)),
      unauthorizedError: which === 'blocks' ? onlyPlainMembers : onlyModerators,
      resolve: async (_, { input }, ctx) => {
        const results = await toldWrite(
          ctx,
          input.id,
          listChanges(which, change, input.usernames),
          () => changeUsers(ctx.easemob, input.id, which, change, input.usernames),
          (done) => listChanges(which, change, okUsers(done)),
        );
        (which === 'blocks' ? ctx.loaders.blocked : ctx.loaders.allowed).clear(input.id);
        after(ctx, input.id, results);
        return { chatroom: { id: input.id }, results };
      },
    });
  /** Muting everyone, or undoing it: one call, and the room's allMembersMuted as Easemob now says. */
  const allMembersMute = (muted: boolean, description: string) =>
    t.field({
      description,
      upstreamCost: moderatedWrite,
      type: ChatroomPayload,
      nullable: true,
      args: { input: t.arg({ type: ChatroomIdInput, required: true, description: 'The room.' }) },
      authScopes: (_, { input }, ctx) => moderates(ctx, input.id),
      unauthorizedError: onlyModerators,
      resolve: async (_, { input }, ctx) => {
        const now = await toldWrite(
          ctx,
          input.id,
          [{ kind: 'allMembersMuteChanged', muted }],
          () => setAllMembersMuted(ctx.easemob, input.id, muted),
          (state) => [{ kind: 'allMembersMuteChanged', muted: state }],
        );
        afterWrite(ctx, input.id, (room) => ({ ...room, allMembersMuted: now }));
        return { chatroom: { id: input.id } };
      },
    });
  const nothingElse = () => {};
  return {
    muteChatroomMembers: t.field({
      description:
        `Mutes 1-${limits.muteBatch} members of a room, for a while or until unmuted: one upstream call, after at most ` +
        "two for the rule. The room's owner, its admins (its plain members only) or an admin of the app may. Each " +
        "member's outcome and expiry is in results. Errors: BAD_USER_INPUT (a user not in the room, named in " +
        'extensions.usernames: then nobody is muted), FORBIDDEN, NOT_FOUND (no such room).',
      upstreamCost: moderatedWrite,
      type: ChatroomMutePayload,
      nullable: true,
      args: { input: t.arg({ type: MuteChatroomMembersInput, required: true, description: 'The room, the members and how long.' }) },
      authScopes: (_, { input }, ctx) => moderatesUsers(ctx, input.id, input.usernames),
      unauthorizedError: onlyPlainMembers,
      resolve: async (_, { input }, ctx) => {
        const durationMs = input.durationSeconds == null ? -1 : input.durationSeconds * 1000;
        const results = await toldWrite(
          ctx,
          input.id,
          [{ kind: 'muted', users: input.usernames, expiresAt: null }],
          () => muteMembers(ctx.easemob, input.id, input.usernames, durationMs),
          (done) => [{ kind: 'muted', users: okUsers(done), expiresAt: done.find((r) => r.ok)?.expiresAt?.getTime() ?? null }],
        );
        ctx.loaders.mutes.clear(input.id);
        return { chatroom: { id: input.id }, results };
      },
    }),
    unmuteChatroomMembers: t.field({
      description:
        `Lets 1-${limits.unmuteBatch} muted members of a room speak again: one upstream call, after at most two for the ` +
        "rule. The room's owner, its admins (its plain members only) or an admin of the app may. Each member's outcome " +
        'is in results (one who was not muted is not ok). Errors: BAD_USER_INPUT, FORBIDDEN, NOT_FOUND (no such room).',
      upstreamCost: moderatedWrite,
      type: ChatroomMembersPayload,
      nullable: true,
      args: { input: t.arg({ type: ChatroomMembersInput, required: true, description: 'The room and the members to unmute.' }) },
      authScopes: (_, { input }, ctx) => moderatesUsers(ctx, input.id, input.usernames),
      unauthorizedError: onlyPlainMembers,
      resolve: async (_, { input }, ctx) => {
        const results = await toldWrite(
          ctx,
          input.id,
          [{ kind: 'unmuted', users: input.usernames }],
          () => unmuteMembers(ctx.easemob, input.id, input.usernames),
          (done) => [{ kind: 'unmuted', users: okUsers(done) }],
        );
        ctx.loaders.mutes.clear(input.id);
        return { chatroom: { id: input.id }, results };
      },
    }),
    muteAllChatroomMembers: allMembersMute(
      true,
      'Mutes every member of a room at once, until undone (only the allow list may still speak): one upstream call, ' +
        "after at most two for the rule. The room's owner, its admins or an admin of the app may. Errors: " +
        'BAD_USER_INPUT, FORBIDDEN, NOT_FOUND (no such room).',
    ),
    unmuteAllChatroomMembers: allMembersMute(
      false,
      'Undoes muteAllChatroomMembers (members muted one by one stay muted): one upstream call, after at most two for ' +
        "the rule. The room's owner, its admins or an admin of the app may. Errors: BAD_USER_INPUT, FORBIDDEN, NOT_FOUND.",
    ),
    blockChatroomUsers: usersChange('block', 'Puts members of a room out of it and on its block list, so they cannot join again.', 'blocks', 'add', (ctx, id, results) => {
      ctx.loaders.mutes.clear(id);
      afterWrite(ctx, id, withoutBlocked(results));
    }),
    unblockChatroomUsers: usersChange('unblock', 'Takes users off the block list of a room, so they may join again.', 'blocks', 'remove', nothingElse),
    allowChatroomUsers: usersChange(
      'allow',
      'Puts members of a room on its allow list, so they may speak when everyone is muted. Easemob refuses the whole call when one of them is not in the room (BAD_USER_INPUT naming them).',
      'white',
      'add',
      nothingElse,
    ),
    disallowChatroomUsers: usersChange('disallow', 'Takes users off the allow list of a room.', 'white', 'remove', nothingElse),
    setChatroomAnnouncement: t.field({
      description:
        `Sets a room's announcement (at most ${limits.announcementLength} characters): one upstream call, after at most ` +
        "two for the rule. The room's owner, its admins or an admin of the app may. Errors: BAD_USER_INPUT, FORBIDDEN, " +
        'NOT_FOUND (no such room).',
      upstreamCost: moderatedWrite,
      type: ChatroomPayload,
      nullable: true,
      args: { input: t.arg({ type: SetChatroomAnnouncementInput, required: true, description: 'The room and its announcement.' }) },
      authScopes: (_, { input }, ctx) => moderates(ctx, input.id),
      unauthorizedError: onlyModerators,
      resolve: async (_, { input }, ctx) => {
        const told = { kind: 'announcementChanged', announcement: input.announcement } as const;
        await toldWrite(ctx, input.id, [told], () => setAnnouncement(ctx.easemob, input.id, input.announcement), () => [told]);
        ctx.loaders.announcement.clear(input.id).prime(input.id, input.announcement);
        return { chatroom: { id: input.id } };
      },
    }),
  };
});
