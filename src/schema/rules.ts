/**
 * Who may do what to a room: the vocabulary the fields' rules (`authScopes`, checked by
 * @pothos/plugin-scope-auth before a resolver runs) are written in. A rule that needs the
 * room reads its detail through the request's loader — the one detail call the operation
 * would make anyway — and keeps it, so that the write's payload can show the room with the
 * write applied instead of fetching it again. A rule never decides on a cached answer
 * (`ruleReads`): with the read cache on, a room's owner may have changed behind it.
 */
import { createGraphQLError } from 'graphql-yoga';
import type { Context } from '../context.js';
import type { ChatroomDetail } from '../easemob/chatrooms.js';
import { say } from '../error-codes.js';

/**
 * The error of a refused field, naming the rule: UNAUTHENTICATED for a caller who sent no
 * credential (a UI sends them to sign in), FORBIDDEN for one who did (signing in again would not help).
 */
export const refusal =
  (rule: string) =>
  (_parent: unknown, _args: unknown, ctx: Pick<Context, 'caller'>): Error =>
    ctx.caller.kind === 'anonymous' || ctx.caller.kind === 'none'
      ? createGraphQLError(say('UNAUTHENTICATED', `${rule}; sign in first.`), { extensions: { code: 'UNAUTHENTICATED' } })
      : createGraphQLError(say('FORBIDDEN', `${rule}.`), { extensions: { code: 'FORBIDDEN' } });

/** Anyone let in may read rooms. */
export const readRooms = { reader: true } as const;

/** The usernames are exactly the signed-in user. */
export const isSelfOnly = (ctx: Context, usernames: readonly string[]): boolean =>
  ctx.caller.username !== undefined && usernames.length === 1 && usernames[0] === ctx.caller.username;

/** The room's detail, for a rule: never a cached one (`ruleReads`); the request's fields then see the same. */
export async function roomForRule(ctx: Context, id: string): Promise<ChatroomDetail> {
  // An answer a rule decided on is never kept whole (src/response-cache.ts): the next asking decides on fresh reads again.
  ctx.upstreamCalls.readTags = null;
  const room = await ctx.ruleReads.chatroom.load(id);
  ctx.roomsReadByRules.set(id, room);
  if (ctx.ruleReads !== ctx.loaders) ctx.loaders.chatroom.clear(id).prime(id, room);
  return room;
}

/** The room's admins, for a rule: never a cached list. */
async function adminsForRule(ctx: Context, id: string): Promise<string[]> {
  const admins = await ctx.ruleReads.admins.load(id);
  if (ctx.ruleReads !== ctx.loaders) ctx.loaders.admins.clear(id).prime(id, admins);
  return admins;
}

/** The caller is a signed-in user who owns the room. */
export const ownsRoom = async (ctx: Context, id: string): Promise<boolean> =>
  ctx.caller.kind === 'user' && (await roomForRule(ctx, id)).owner === ctx.caller.username;

/** The caller runs the room: an admin of the app, or its owner (update, delete, hand over, name admins). */
export const runsRoom = async (ctx: Context, id: string): Promise<boolean> => ctx.caller.admin || (await ownsRoom(ctx, id));

/** A signed-in user may add themselves to a public room that is not members-only; its owner and admins of the app, to any. */
export async function mayJoin(ctx: Context, id: string): Promise<boolean> {
  if (ctx.caller.kind !== 'user' || !ctx.caller.username) return false;
  if (ctx.caller.admin) return true;
  const room = await roomForRule(ctx, id);
  return room.owner === ctx.caller.username || (room.public && !room.membersOnly);
}

/** Adding users: a signed-in user only themselves (`mayJoin`); the room's owner or an admin of the app anyone. */
export const mayAdd = (ctx: Context, id: string, usernames: readonly string[]): Promise<boolean> =>
  isSelfOnly(ctx, usernames) ? mayJoin(ctx, id) : runsRoom(ctx, id);

/** Removing users: a signed-in user only themselves (leave); the owner anyone but the owner; an admin of the app anyone. */
export async function mayRemove(ctx: Context, id: string, usernames: readonly string[]): Promise<boolean> {
  if (ctx.caller.admin || isSelfOnly(ctx, usernames)) return true;
  if (ctx.caller.kind !== 'user') return false;
  const room = await roomForRule(ctx, id);
  return room.owner === ctx.caller.username && !usernames.includes(room.owner);
}

/** Whether a rule for this caller reads the room first: what its write costs on top. */
export const ruleReadsRoom = (context: Context): number => (context.caller.admin ? 0 : 1);

/**
 * The caller may moderate these users of the room (mute, block; none named: allow, announce):
 * an admin of the app, or a signed-in user who owns the room or is one of its admins; an
 * admin of the room (not its owner) acts on plain members only, as Easemob's own rule for its
 * clients has it (the owner may mute every member, an admin ordinary members). Reads the
 * room's owner, then, unless that settles it, its admin list.
 */
export async function moderatesUsers(ctx: Context, id: string, usernames: readonly string[]): Promise<boolean> {
  if (ctx.caller.admin) return true;
  const { username } = ctx.caller;
  if (ctx.caller.kind !== 'user' || !username) return false;
  const { owner } = await roomForRule(ctx, id);
  if (owner === username) return true;
  const admins = await adminsForRule(ctx, id);
  return admins.includes(username) && !usernames.some((u) => u === owner || admins.includes(u));
}

/** The caller may moderate the room. */
export const moderates = (ctx: Context, id: string): Promise<boolean> => moderatesUsers(ctx, id, []);

/** The caller may moderate every one of the rooms: each read (in one detail call for them all) unless an admin of the app. */
export async function moderatesEvery(ctx: Context, ids: readonly string[]): Promise<boolean> {
  if (ctx.caller.admin) return true;
  return (await Promise.all(ids.map((id) => moderates(ctx, id)))).every(Boolean);
}

/** What the moderation rule may read first for this caller: the room's detail and its admin list. */
export const moderationRuleReads = (context: Context): number => 2 * ruleReadsRoom(context);

/** The request's loaders, and the rules' own when they have them. */
const everyLoader = (ctx: Context) => (ctx.ruleReads === ctx.loaders ? [ctx.loaders] : [ctx.loaders, ctx.ruleReads]);

/** After a change of room `id`'s admins: nothing after it in the request decides or shows them as they were. */
export function forgetAdmins(ctx: Context, id: string): void {
  for (const loaders of everyLoader(ctx)) loaders.admins.clear(id);
}

/**
 * After a write to room `id`: what the request knew of the room (its detail and admins) is
 * forgotten, by the rules' reads too, so that no later rule or field sees it as it was; when
 * a rule read the room, the payload sees that detail with `apply` (the write) applied.
 */
export function afterWrite(ctx: Context, id: string, apply?: (room: ChatroomDetail) => ChatroomDetail): void {
  forgetAdmins(ctx, id);
  for (const loaders of everyLoader(ctx)) loaders.chatroom.clear(id);
  const before = ctx.roomsReadByRules.get(id);
  if (before && apply) ctx.loaders.chatroom.prime(id, apply(before));
}
