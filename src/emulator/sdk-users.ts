/**
 * Users of the client SDKs, played by the emulator: what they do to rooms that no REST call does (join, leave, drop
 * offline, kick, set room attributes), so that callbacks tell of changes nobody made through the gateway.
 */
import { appAdmin } from './callbacks.js';
import type { SdkAction } from './options.js';
import { demoUsers } from './seed.js';
import type { Store, StoreChange } from './store.js';

/** Applies the action; returns what it changed and whom Easemob names as having done it. */
export function applySdkAction(store: Store, username: string, action: SdkAction): { operator: string; changes: StoreChange[] } {
  const { changes } = store.recordChanges(() => {
    if (action.kind === 'join') store.join(action.room, username);
    else if (action.kind === 'kick') store.kick(action.room, username, action.target);
    else if (action.kind === 'set-attributes') store.setAttributes(action.room, username, action.attributes, true, false);
    else store.quit(action.room, username, action.kind === 'leave' ? 'quit' : 'offline');
  });
  // The leave 2 minutes after a user went offline is the service's doing (the English docs' example).
  return { operator: action.kind === 'offline' ? appAdmin : username, changes };
}

const pick = <T>(list: readonly T[]): T | undefined => list[Math.floor(Math.random() * list.length)];

/**
 * Every `everyMs`, a demo user joins or leaves one of `rooms` (when public), through `act`: the life of a demo that
 * nobody made through the gateway. Returns what stops it; it never keeps the process alive.
 */
export function startActivity(
  store: Store,
  rooms: readonly string[],
  everyMs: number,
  act: (username: string, action: SdkAction) => void,
): () => void {
  const timer = setInterval(() => {
    const room = store.rooms.get(pick(rooms) ?? '');
    const user = pick(demoUsers.filter((u) => store.users.has(u)));
    if (!room?.public || user === undefined || user === room.owner) return;
    try {
      act(user, { kind: room.members.includes(user) ? 'leave' : 'join', room: room.id });
    } catch {
      // Refused (blocked, or the room is full): this tick passes.
    }
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
