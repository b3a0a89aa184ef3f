/**
 * The live streams: one room's events, and the signed-in user's own in any room. Each
 * subscriber is told what its rights let it see, decided when the subscription starts and
 * kept up to date by the room's own events (a user made admin is told of mutes from then
 * on), so that no event costs an upstream call per subscriber.
 */
import { createGraphQLError } from 'graphql-yoga';
import type { Context } from '../context.js';
import type { NodeServerContext } from '../http.js';
import type { Delivery, SubscriberSpec } from '../live/hub.js';
import { isModeration, type RoomEvent } from '../live/room-event.js';
import { type Ending, isEnding } from '../live/subscriber-queue.js';
import { say } from '../error-codes.js';
import { builder } from './builder.js';
import { ChatroomEvent, isToldToSubscribers } from './chatroom-events.js';
import { readRooms, refusal, roomForRule } from './rules.js';
import * as rules from './validation.js';

/** Why the live hub would not take a subscription, as the error the client gets. */
function refusedBy(why: 'caller' | 'total' | 'closing', perCaller: number) {
  if (why === 'closing') {
    return createGraphQLError(say('SHUTTING_DOWN', 'this instance is stopping; subscribe again'), {
      extensions: { code: 'SHUTTING_DOWN', retryAfterSeconds: 1 },
    });
  }
  const detail =
    why === 'caller'
      ? `this caller holds ${perCaller} subscriptions already, all it may; end one first`
      : 'this instance holds all the subscriptions it may; try again shortly, or another instance';
  return createGraphQLError(say('TOO_MANY_SUBSCRIPTIONS', detail), {
    extensions: { code: 'TOO_MANY_SUBSCRIPTIONS', ...(why === 'caller' ? { limit: perCaller } : { retryAfterSeconds: 5 }) },
  });
}

/**
 * Starts a subscriber in the live hub, or refuses with a code: in a stream shared with others
 * told the same (src/live/shared-streams.ts), or in a stream of its own.
 */
function subscribe(ctx: Context, room: Omit<SubscriberSpec, 'caller' | 'endsAt'>): AsyncIterable<Delivery | Ending> {
  const spec: SubscriberSpec = { ...room, caller: ctx.caller.budgetKeys[0]!, endsAt: ctx.caller.expiresAt };
  const slot = (ctx as NodeServerContext).stream;
  if (slot?.key !== undefined) {
    const joined = slot.join(spec, ctx.requestId);
    if ('refused' in joined) throw refusedBy(joined.refused, ctx.live.limits.perCaller);
    return joined.source;
  }
  const subscribed = ctx.live.subscribe(spec);
  if ('refused' in subscribed) throw refusedBy(subscribed.refused, ctx.live.limits.perCaller);
  // A client gone while the subscription was starting (its rule's reads take a while) would never
  // end it: nobody is left to cancel its stream.
  const signal = (ctx as { request?: Request }).request?.signal;
  if (signal?.aborted) subscribed.end();
  else signal?.addEventListener('abort', () => subscribed.end(), { once: true });
  return subscribed;
}

/** Each event as its subscriber's fields see it: read through loaders the event's subscribers share; an ending, as its error. */
const told = (item: Delivery | Ending, _args: unknown, ctx: Context): RoomEvent => {
  if (isEnding(item)) throw item.ending;
  // Yoga's context is its own object, with the factory's fields copied in: the one to change is the resolver's.
  Object.assign(ctx, ctx.readsForEvent(item));
  return item.event;
};

/**
 * Whether the subscriber may moderate the room now: known when it starts (the room's owner
 * and admins, read then), then followed through the room's events.
 */
function moderatorWatch(initially: boolean, username: string | undefined, owns: boolean) {
  let moderates = initially;
  let owner = owns;
  return (event: RoomEvent): boolean => {
    if (!username) return moderates;
    if (event.kind === 'ownerChanged') {
      // The previous owner is not always named (an admin of the app handed the room over unread): known here.
      const wasOwner = owner || event.previousOwner === username;
      owner = event.owner === username;
      if (owner) moderates = true;
      else if (wasOwner) moderates = false;
    } else if (event.kind === 'adminsChanged' && event.users.includes(username)) moderates = event.change === 'ADDED';
    else if (event.kind === 'left' && event.users.includes(username)) moderates = false;
    return moderates;
  };
}

builder.subscriptionFields((t) => ({
  chatroomEvents: t.field({
    type: ChatroomEvent,
    description:
      "A room's events as they happen, until the room is deleted (ChatroomDeleted, then the stream completes). Starting " +
      'costs one detail call (the room must exist), and for a signed-in user who is not an admin one more (its admins, ' +
      'for the rule below); events cost no call but what their fields read, once per event for every subscriber. ' +
      'Anyone who may read the room may subscribe; mutes, the block list and the allow list are told only to those who ' +
      'may moderate it (its owner and admins, admins of the app, API keys), and to the others a member blocked is one ' +
      'removed (KICKED). A room deleted ends with ChatroomDeleted alone, not its members leaving. Errors: BAD_USER_INPUT, NOT_FOUND, ' +
      'TOO_MANY_SUBSCRIPTIONS (the per-caller or per-instance cap), SUBSCRIBER_TOO_SLOW (the client did not read its ' +
      'events fast enough: the stream ends), UNAUTHENTICATED (the sign-in token expired: the stream ends).',
    args: { id: t.arg.id({ required: true, validate: rules.chatroomId, description: 'The room.' }) },
    authScopes: readRooms,
    unauthorizedError: refusal('subscribing needs credentials'),
    upstreamCost: { calls: (_, { context }) => (context.caller.admin || context.caller.kind !== 'user' ? 1 : 2) },
    subscribe: async (_, { id }, ctx) => {
      const { caller } = ctx;
      const room = await roomForRule(ctx, id);
      // An admin of the app moderates every room for good; a user, while the room's events say so.
      const user = caller.kind === 'user' && !caller.admin ? caller.username : undefined;
      const owns = user !== undefined && room.owner === user;
      const initially = caller.admin || owns || (user !== undefined && (await ctx.ruleReads.admins.load(id)).includes(user));
      const moderator = moderatorWatch(initially, user, owns);
      return subscribe(ctx, {
        room: id,
        accept: (event, shared) => {
          const moderates = moderator(event);
          // ChatroomDeleted says it for all of them: a room deleted with 10,000 members would send every name to every subscriber.
          if (!isToldToSubscribers(event) || (event.kind === 'left' && event.reason === 'ROOM_DELETED')) return undefined;
          if (moderates) return event;
          if (isModeration(event)) return undefined;
          // Who was blocked is the moderators' to know: to the others they were removed.
          return event.kind === 'left' && event.reason === 'BLOCKED' ? shared('room: blocked as kicked', () => ({ ...event, reason: 'KICKED' })) : event;
        },
      });
    },
    resolve: told,
  }),
  viewerChatroomEvents: t.field({
    type: ChatroomEvent,
    description:
      "The signed-in user's own events, in any room: joined or added, left, removed or blocked, muted or unmuted, made " +
      "admin or owner. Each event names this user only, whoever else it was about. " +
      'Costs no upstream call. Only a signed-in user may (FORBIDDEN for API keys and anonymous callers); errors as ' +
      'for chatroomEvents.',
    authScopes: (_, __, ctx) => ctx.caller.kind === 'user' && ctx.caller.username !== undefined,
    unauthorizedError: refusal('viewerChatroomEvents needs a signed-in user'),
    upstreamCost: { calls: 0 },
    subscribe: (_, __, ctx) => {
      const me = ctx.caller.username!;
      return subscribe(ctx, {
        user: me,
        accept: (event, shared) => {
          // A new room the user is in: told as their joining it.
          if (event.kind === 'created') return shared(`viewer: ${me}`, () => ({ ...event, kind: 'joined', users: [me], memberCount: null }));
          if (!isToldToSubscribers(event)) return undefined;
          // Their own part of it only: who else was muted or blocked is not theirs to know, and a room deleted
          // with 10,000 members would otherwise send every name to each of them.
          return 'users' in event ? shared(`viewer: ${me}`, () => ({ ...event, users: [me] })) : event;
        },
      });
    },
    resolve: told,
  }),
}));
