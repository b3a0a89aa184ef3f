/**
 * Writes tell the room's subscribers what they changed (src/live/hub.ts): what a write is
 * about to change is announced to the hub before the upstream call, so that Easemob's
 * callback for it is known for the echo even when it comes first; what Easemob confirmed is
 * told once it answered; nothing is told of a write that failed.
 */
import { randomUUID } from 'node:crypto';
import type { Context } from '../context.js';
import type { RoomChange, RoomEvent } from '../live/room-event.js';

/** The event of a change the caller made to room `chatroomId` now. */
const eventOf = (ctx: Context, chatroomId: string, change: RoomChange): RoomEvent => ({
  id: `gw_${randomUUID()}`,
  chatroomId,
  occurredAt: Date.now(),
  // The gateway writes with its app token, but who asked is known: a signed-in user, or the app (API keys, anonymous).
  actor: ctx.caller.kind === 'user' ? (ctx.caller.username ?? null) : null,
  ...change,
});

/**
 * Runs `write`, a change to room `id`: `expected` is what it will change if all goes well,
 * `confirmed` what Easemob's answer says it did.
 */
export async function toldWrite<T>(
  ctx: Context,
  id: string,
  expected: RoomChange[],
  write: () => Promise<T>,
  confirmed: (result: T) => (RoomChange | undefined | false)[],
): Promise<T> {
  const pending = await ctx.live.expecting(expected.map((change) => eventOf(ctx, id, change)));
  let result: T;
  try {
    result = await write();
  } catch (error) {
    await pending.failed();
    throw error;
  }
  const changes = confirmed(result).filter((change): change is RoomChange => Boolean(change));
  await pending.confirm(changes.filter((change) => !('users' in change) || change.users.length).map((change) => eventOf(ctx, id, change)));
  return result;
}

/** Tells a change made already, whose room could not be named before it was made (a new room's). */
export async function told(ctx: Context, id: string, changes: RoomChange[]): Promise<void> {
  await (await ctx.live.expecting([])).confirm(changes.map((change) => eventOf(ctx, id, change)));
}

/** The users whose outcome was ok. */
export const okUsers = (results: { username: string; ok: boolean }[]): string[] => results.filter((r) => r.ok).map((r) => r.username);
