/**
 * What happened to a room, whoever did it: the gateway's own writes and Easemob's callbacks
 * (src/easemob/callbacks.ts) are both told as these, and the subscriptions
 * (src/schema/chatroom-events.ts), the cache and the replicas' fan-out read nothing else.
 * Plain JSON, so that an event crosses Redis as it is.
 */

/** Why users are no longer in a room. */
export type LeaveReason = 'QUIT' | 'KICKED' | 'BLOCKED' | 'ROOM_DELETED';

/** Users put on a list or taken off it. */
export type ListChange = 'ADDED' | 'REMOVED';

interface Occurrence {
  /** The event's own id: the same on every replica, so a client may de-duplicate by it. */
  id: string;
  /** The room; '' for what concerns no room (the app's super admins). */
  chatroomId: string;
  /** When it happened, epoch ms: Easemob's `timestamp`, or when the gateway's write was confirmed. */
  occurredAt: number;
  /** Who did it; null for the app's admin (the REST API, the console, the gateway itself with its app token). */
  actor: string | null;
}

export type RoomChange =
  | { kind: 'created'; users: string[] }
  | { kind: 'joined'; users: string[]; memberCount: number | null }
  | { kind: 'left'; users: string[]; reason: LeaveReason; memberCount: number | null }
  | { kind: 'updated' }
  | { kind: 'ownerChanged'; owner: string; previousOwner: string | null }
  | { kind: 'announcementChanged'; announcement: string }
  | { kind: 'allMembersMuteChanged'; muted: boolean }
  | { kind: 'adminsChanged'; users: string[]; change: ListChange }
  | { kind: 'muted'; users: string[]; expiresAt: number | null }
  | { kind: 'unmuted'; users: string[] }
  | { kind: 'blockListChanged'; users: string[]; change: ListChange }
  | { kind: 'allowListChanged'; users: string[]; change: ListChange }
  | { kind: 'superAdminsChanged'; users: string[]; change: ListChange }
  | { kind: 'attributesChanged'; changed: { key: string; value: string }[]; removed: string[] }
  | { kind: 'deleted' };

export type RoomEvent = Occurrence & RoomChange;

export type RoomEventKind = RoomChange['kind'];

const kinds: ReadonlySet<string> = new Set<RoomEventKind>([
  'created', 'joined', 'left', 'updated', 'ownerChanged', 'announcementChanged', 'allMembersMuteChanged',
  'adminsChanged', 'muted', 'unmuted', 'blockListChanged', 'allowListChanged', 'superAdminsChanged', 'attributesChanged', 'deleted',
]);

const isStrings = (value: unknown): boolean => Array.isArray(value) && value.every((each) => typeof each === 'string');
const isAttributes = (value: unknown): boolean =>
  Array.isArray(value) && value.every((each) => typeof each?.key === 'string' && typeof each?.value === 'string');

/**
 * Whether a value from elsewhere (another replica, through Redis) is an event this replica can
 * tell: one of a newer version, with a kind it does not know, is let be rather than break it.
 */
export function isRoomEvent(value: unknown): value is RoomEvent {
  if (typeof value !== 'object' || value === null) return false;
  const event = value as Partial<Record<string, unknown>>;
  const users = event.users;
  return (
    typeof event.id === 'string' &&
    typeof event.chatroomId === 'string' &&
    typeof event.occurredAt === 'number' &&
    typeof event.kind === 'string' &&
    kinds.has(event.kind) &&
    (users === undefined || (Array.isArray(users) && users.every((user) => typeof user === 'string'))) &&
    (event.kind !== 'ownerChanged' || typeof event.owner === 'string') &&
    (event.kind !== 'attributesChanged' || (isAttributes(event.changed) && isStrings(event.removed)))
  );
}

/** Kinds only those who may moderate the room are told of: who is muted, blocked or allowed. */
const moderation: ReadonlySet<RoomEventKind> = new Set(['muted', 'unmuted', 'blockListChanged', 'allowListChanged']);

export const isModeration = (event: RoomEvent): boolean => moderation.has(event.kind);

/** The users an event is about (not its actor): whose joined rooms changed, whose own stream hears of it. */
export function usersNamed(event: RoomEvent): string[] {
  if (event.kind === 'ownerChanged') return event.previousOwner ? [event.owner, event.previousOwner] : [event.owner];
  return 'users' in event ? event.users : [];
}
