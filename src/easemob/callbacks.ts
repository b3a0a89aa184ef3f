/**
 * Easemob's callbacks (发送后回调) as the gateway reads them: the signature, the envelope, and
 * chatroom operations (`group_op_event`, docs/research/live-rooms.md §1) told as room events
 * (src/live/room-event.ts). The signature is `md5(callId + secret + timestamp)` and covers
 * nothing of the body but those two fields: freshness and the callId's first use (the
 * intake's) are what keep a replayed or edited body out.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { LeaveReason, ListChange, RoomChange, RoomEvent } from '../live/room-event.js';
import { isChatroomId, isUsername, limits } from './limits.js';

/** What every callback carries, whatever it reports: what the signature and freshness are checked on. */
const signedEnvelope = z.object({
  callId: z.string().min(1).max(256),
  security: z.string().regex(/^[0-9a-fA-F]{32}$/),
  timestamp: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
});

export type SignedEnvelope = z.output<typeof signedEnvelope>;

/** The signed fields of a body, or undefined when it has not got them as Easemob sends them. */
export function envelopeOf(body: unknown): SignedEnvelope | undefined {
  const read = signedEnvelope.safeParse(body);
  return read.success ? read.data : undefined;
}

export const signatureOf = (callId: string, secret: string, timestamp: number): string =>
  createHash('md5').update(`${callId}${secret}${timestamp}`).digest('hex');

/** Signed with one of `secrets` (each of Easemob's callback rules has its own): every one is compared, in constant time. */
export function isSigned({ callId, security, timestamp }: SignedEnvelope, secrets: readonly string[]): boolean {
  const presented = Buffer.from(security.toLowerCase());
  let match = false;
  for (const secret of secrets) match = timingSafeEqual(Buffer.from(signatureOf(callId, secret, timestamp)), presented) || match;
  return match;
}

const usernames = z
  .array(z.string().regex(limits.username))
  .max(limits.roomUsersMax)
  .transform((names) => names.map((name) => name.toLowerCase()));

/** A `group_op_event`: the keys the docs list, each where it may be; more may come and are let be. */
const operationEvent = z.object({
  event: z.literal('group_op_event'),
  type: z.string(),
  id: z.string(),
  operation: z.string(),
  operator: z.string().optional(),
  member_count: z.number().int().nonnegative().optional(),
  payload: z
    .object({
      type: z.string().optional(),
      member: usernames.optional(),
      admin: usernames.optional(),
      role: z.record(z.string(), z.string()).optional(),
      owner: z.string().optional(),
      new_owner: z.string().optional(),
      announcement: z.string().optional(),
      // A JSON boolean in the docs; a string like payload.info's values is read too.
      mute: z.union([z.boolean(), z.enum(['true', 'false']).transform((s) => s === 'true')]).optional(),
      expire_timestamp: z.number().optional(),
    })
    .optional(),
});

type OperationEvent = z.output<typeof operationEvent>;

/** What a callback is to the gateway. */
export type CallbackReading =
  | { kind: 'event'; event: RoomEvent }
  /** Not a chatroom operation the gateway knows (a group's, a message, a legacy `muc` one, one Easemob added since): 200 and nothing more. */
  | { kind: 'ignored'; why: 'group' | 'other-callback' | 'unknown-operation' | 'unreadable' };

/** `@ppAdmin` is the app's admin: the REST API and the console. */
const actorOf = (operator: string | undefined): string | null =>
  operator && operator !== '@ppAdmin' && isUsername(operator) ? operator.toLowerCase() : null;

const leaveReasons: Record<string, LeaveReason> = { QUIT: 'QUIT', KICK: 'KICKED', BLOCK: 'BLOCKED', DELETE: 'ROOM_DELETED' };
const listChanges: Record<string, ListChange> = { ADD: 'ADDED', REMOVE: 'REMOVED' };
/** Easemob writes "until further notice" as a time in the year 2117 (4638873600000). */
const forever = 4_000_000_000_000;

/** The owner of a new room: the `role` map's "owner", else `info.owner` without its `{appkey}_`. */
function creator(payload: NonNullable<OperationEvent['payload']>): string[] {
  const owner = Object.entries(payload.role ?? {}).find(([, role]) => role === 'owner')?.[0];
  return owner && isUsername(owner) ? [owner.toLowerCase()] : [];
}

/** The change a chatroom operation reports, or undefined when the gateway does not know it. */
function changeOf({ operation, payload, member_count: count }: OperationEvent): RoomChange | undefined {
  const sub = payload?.type ?? '';
  const users = payload?.member;
  const listChange = listChanges[sub];
  switch (operation) {
    case 'CREATE':
      return { kind: 'created', users: [...new Set([...creator(payload ?? {}), ...(users ?? [])])] };
    case 'DELETE':
      return { kind: 'deleted' };
    case 'JOIN':
      return users && { kind: 'joined', users, memberCount: count ?? null };
    case 'LEAVE': {
      const reason = leaveReasons[sub];
      return users && reason && { kind: 'left', users, reason, memberCount: count ?? null };
    }
    case 'UPDATE':
      if (sub === 'INFO') return { kind: 'updated' };
      if (sub === 'ANNOUNCEMENT') return { kind: 'announcementChanged', announcement: payload?.announcement ?? '' };
      if (sub === 'MUTE') return payload?.mute === undefined ? undefined : { kind: 'allMembersMuteChanged', muted: payload.mute };
      if (sub === 'OWNER') {
        const owner = payload?.new_owner;
        if (!owner || !isUsername(owner)) return undefined;
        const previous = payload.owner && isUsername(payload.owner) ? payload.owner.toLowerCase() : null;
        return { kind: 'ownerChanged', owner: owner.toLowerCase(), previousOwner: previous };
      }
      return undefined;
    case 'ADMIN':
      return payload?.admin && listChange && { kind: 'adminsChanged', users: payload.admin, change: listChange };
    case 'ROOM_SUPER_ADMIN':
      return payload?.admin && listChange && { kind: 'superAdminsChanged', users: payload.admin, change: listChange };
    case 'MUTE': {
      if (!users) return undefined;
      if (sub === 'REMOVE') return { kind: 'unmuted', users };
      const until = payload?.expire_timestamp;
      return sub === 'ADD' ? { kind: 'muted', users, expiresAt: until && until > 0 && until < forever ? until : null } : undefined;
    }
    case 'WHITE':
      return users && listChange && { kind: 'allowListChanged', users, change: listChange };
    case 'BLOCK':
      return users && listChange && { kind: 'blockListChanged', users, change: listChange };
    default:
      return undefined;
  }
}

/** An event's id from its callId: the same on every replica, and nothing of the app key in it. */
export const eventIdOf = (callId: string): string => `cb_${createHash('sha256').update(callId).digest('base64url').slice(0, 22)}`;

/**
 * A legacy `muc` event about a room's attributes: the only way Easemob tells of them (not in
 * `group_op_event`). `event_info.ext` is itself JSON, in a string; its operator's key is printed
 * `"operator "`, with a space, in the docs' example.
 */
const metadataEvent = z.object({
  chat_type: z.literal('muc'),
  group_id: z.string(),
  payload: z.object({
    is_chatroom: z.boolean().optional(),
    operation: z.enum(['set_metadata', 'delete_metadata']),
    event_info: z.object({ ext: z.string().max(1 << 20) }),
  }),
});
const metadataExt = z.object({
  result: z.object({ successKeys: z.array(z.string()).max(limits.attributesMax) }),
});

/**
 * The value `properties` gives `key`, when it is one an attribute may hold. Read off the parsed JSON itself:
 * a map schema would drop a key named `__proto__`, and a plain lookup would find what every object inherits.
 */
function valueOf(properties: unknown, key: string): string | undefined {
  if (typeof properties !== 'object' || properties === null || !Object.hasOwn(properties, key)) return undefined;
  const value: unknown = (properties as Record<string, unknown>)[key];
  return typeof value === 'string' && value.length <= limits.attributeValueLength ? value : undefined;
}

/** An attributes event from a legacy `muc` callback: the keys Easemob says it set (with their values) or deleted. */
function readMetadata(body: object, envelope: SignedEnvelope): CallbackReading {
  const read = metadataEvent.safeParse(body);
  if (!read.success) return { kind: 'ignored', why: 'other-callback' };
  const { group_id: room, payload } = read.data;
  if (payload.is_chatroom === false) return { kind: 'ignored', why: 'group' };
  let ext: Record<string, unknown>;
  let successKeys: string[];
  try {
    ext = JSON.parse(payload.event_info.ext) as Record<string, unknown>;
    successKeys = metadataExt.parse(ext).result.successKeys;
  } catch {
    return { kind: 'ignored', why: 'unreadable' };
  }
  if (!isChatroomId(room)) return { kind: 'ignored', why: 'unreadable' };
  // What a subscriber is told is what a key and a value may be, no more, and each key once.
  const keys = [...new Set(successKeys)].filter((key) => limits.attributeKey.test(key));
  const change: RoomChange =
    payload.operation === 'set_metadata'
      ? { kind: 'attributesChanged', changed: keys.flatMap((key) => { const value = valueOf(ext.properties, key); return value === undefined ? [] : [{ key, value }]; }), removed: [] }
      : { kind: 'attributesChanged', changed: [], removed: keys };
  const operator = ext['operator '] ?? ext.operator;
  return {
    kind: 'event',
    event: { id: eventIdOf(envelope.callId), chatroomId: room, occurredAt: envelope.timestamp, actor: actorOf(typeof operator === 'string' ? operator : undefined), ...change },
  };
}

/** Reads a signed, fresh, first-seen callback body. */
export function readCallback(body: object, envelope: SignedEnvelope): CallbackReading {
  if ('chat_type' in body && body.chat_type === 'muc') return readMetadata(body, envelope);
  if (!('event' in body) || body.event !== 'group_op_event') return { kind: 'ignored', why: 'other-callback' };
  const read = operationEvent.safeParse(body);
  if (!read.success) return { kind: 'ignored', why: 'unreadable' };
  const op = read.data;
  if (op.type !== 'CHATROOM') return { kind: 'ignored', why: 'group' };
  const change = changeOf(op);
  if (!change) return { kind: 'ignored', why: 'unknown-operation' };
  const roomless = change.kind === 'superAdminsChanged';
  if (roomless ? op.id !== '' : !isChatroomId(op.id)) return { kind: 'ignored', why: 'unreadable' };
  return {
    kind: 'event',
    event: { id: eventIdOf(envelope.callId), chatroomId: op.id, occurredAt: envelope.timestamp, actor: actorOf(op.operator), ...change },
  };
}
